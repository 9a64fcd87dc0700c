#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <QObject>
#include <QString>

#include "audit/auditlog.h"
#include "common/result.h"
#include "common/timeutil.h"

class QTimer;

namespace orch::ui {

struct AuditRecordSet;

// The outcome of one verification, as the review page shows it.
struct AuditVerdict
{
    enum class Outcome
    {
        Intact, // every check passed
        Tampered, // a record, segment or checkpoint failed: firstBadSequence and reason say which
        Error, // could not be verified at all (a key file is missing, not a trail, ...)
        Cancelled,
    };
    Outcome outcome = Outcome::Error;
    qint64 records = 0;
    qint64 firstBadSequence = 0;
    QString reason; // Tampered: why; Error: the error
    std::optional<audit::Checkpoint> latestCheckpoint;
    // Directory: verified against a trusted checkpoint the analyst kept.
    std::optional<audit::Checkpoint> trusted;
    // Bundle: the signing key the bundle was checked against was chosen by the analyst (false: only
    // the key the bundle carries, which proves consistency but not who signed it).
    bool bundleKeyTrusted = false;
    QString bundleKeyId;
};

// An audit trail (a data directory, or its audit/ folder) or an evidence bundle opened for offline
// review, and the background work on it: verification (with progress and cancel), decoding the
// records, exporting a selection as a new evidence bundle. Everything heavy runs on the thread
// pool; results come back as signals on this object's thread. Needs no orchestrator.
class AuditReview final : public QObject
{
    Q_OBJECT
public:
    enum class SourceKind
    {
        None,
        Directory,
        Bundle
    };
    Q_ENUM(SourceKind)

    explicit AuditReview(QObject* parent = nullptr);
    ~AuditReview() override;
    Q_DISABLE_COPY_MOVE(AuditReview)

    // A data directory (holding audit/) or the audit directory itself; errors when neither.
    Status openDirectory(const QString& path);
    // An evidence bundle; publicKeyPath is the signing key the analyst trusts (empty: check it only
    // against the key it carries).
    Status openBundle(const QString& path, const QString& publicKeyPath = {});
    void close();

    SourceKind sourceKind() const { return m_kind; }
    // The data directory or the bundle file.
    QString sourcePath() const { return m_path; }
    QString publicKeyPath() const { return m_publicKeyPath; }

    // Starts verifying the source (a directory against `trusted` when given); a running job is
    // cancelled first. For a bundle this also decodes its entries (recordsLoaded follows).
    void verify(const std::optional<audit::Checkpoint>& trusted = std::nullopt);
    // Decodes the directory's records (read() refuses a damaged trail) and indexes them, all on
    // the thread pool, with progress and cancel. Bundles load on verify.
    void loadRecords();
    // Writes these records, with their inclusion proofs, as an evidence bundle.
    struct Selected
    {
        qint64 sequence = 0;
        TimeMs timestamp = 0;
    };
    void exportBundle(const std::vector<Selected>& selection, const QString& bundlePath);
    // Stops verification at the next check; other jobs' results are dropped.
    void cancel();
    bool isBusy() const { return m_busy; }

    // Reads a checkpoint kept in a file (the JSON `orchestratorctl audit checkpoint` prints).
    static Result<audit::Checkpoint> readCheckpointFile(const QString& path);
    static Status writeCheckpointFile(const audit::Checkpoint& checkpoint, const QString& path);
    // Resolves a directory the user picked to the data directory the core expects.
    static Result<QString> dataDirectoryOf(const QString& path);

Q_SIGNALS:
    void busyChanged(bool busy);
    // Bytes of the trail checked so far (total 0 while the size is not known yet).
    void progress(qint64 done, qint64 total);
    void verificationFinished(const orch::ui::AuditVerdict& verdict);
    // Built off the GUI thread: the model takes it as it is.
    void recordsLoaded(const std::shared_ptr<const orch::ui::AuditRecordSet>& records);
    // Reading failed, or was cancelled (`cancelled`: the analyst stopped it).
    void recordsFailed(const QString& error, bool cancelled);
    void exportFinished(const QString& bundlePath, int entries, int omitted);
    void exportFailed(const QString& error);

private:
    struct Job;
    std::shared_ptr<Job> beginJob();
    void endJob(const std::shared_ptr<Job>& job);
    bool isCurrent(const std::shared_ptr<Job>& job) const { return job == m_job; }
    void pollProgress();

    SourceKind m_kind = SourceKind::None;
    QString m_path;
    QString m_publicKeyPath;
    std::shared_ptr<Job> m_job;
    bool m_busy = false;
    QTimer* m_progressTimer;
};

} // namespace orch::ui

Q_DECLARE_METATYPE(orch::ui::AuditVerdict)
