#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch {

class Clock;

namespace audit {

// A signed statement of the log's state: whoever holds it can later prove that the log still
// contains everything up to `sequence`, unchanged (docs/audit-format.md).
struct Checkpoint
{
    qint64 sequence = 0; // last record covered
    QByteArray chainHead; // h_sequence, 32 bytes
    QByteArray merkleRoot; // over the leaf hashes of records 1..sequence, 32 bytes
    TimeMs time = 0;
    QString signingKeyId;
    QByteArray signature; // Ed25519 over the canonical encoding

    nlohmann::ordered_json toJson() const;
    static Result<Checkpoint> fromJson(const nlohmann::json& json);
};

// One decrypted entry as readers see it.
struct Record
{
    qint64 sequence = 0;
    TimeMs timestamp = 0;
    QString keyId;
    QString type; // "drift.detected", "alert.raised", "rl.retrain", "approval.granted", ...
    qint64 cause = 0; // sequence of the record that caused this one; 0 when none
    QString actor; // "orchestrator", or the analyst's identity
    nlohmann::json data; // the entry's payload
    // Covered by a signed checkpoint in the log; anything later is not yet provable and a console
    // must label it unverified.
    bool checkpointed = false;
};

struct Filter
{
    std::optional<TimeMs> since;
    std::optional<TimeMs> until;
    QString type; // exact type, or a prefix ending in '.' ("alert.")
    std::optional<qint64> cause; // records caused (directly) by this sequence
};

struct VerifyReport
{
    bool ok = false;
    qint64 records = 0; // records checked
    qint64 firstBadSequence = 0; // 0 when ok (or when the damage is not in a record)
    QString reason; // why the first bad record / segment / checkpoint failed; empty when ok
    std::optional<Checkpoint> latestCheckpoint;
};

using Progress = std::function<void(qint64 done, qint64 total)>;

// One entry for AuditLog::appendBatch().
struct NewEntry
{
    QString type;
    nlohmann::json data;
    qint64 cause = 0;
    QString actor = QStringLiteral("orchestrator");
};

// The encrypted, append-only, hash-chained audit trail in DATA/audit (docs/audit-format.md).
// append() is thread-safe and returns only when the record is on disk (group commit);
// appendAsync() and appendBatch() let a writer keep many appends in flight per fdatasync.
class AuditLog final
{
public:
    struct Options
    {
        QString dataDir; // the trail lives in dataDir/audit, keys in dataDir/audit/keys
        const Clock* clock = nullptr; // timestamps and retention; required
        int checkpointEvery = 1000; // a signed checkpoint at least every N records
        qint64 segmentMaxBytes = 64 * 1024 * 1024;
        int retentionDays = 90;
    };

    static Result<std::unique_ptr<AuditLog>> open(const Options& options);
    ~AuditLog();
    Q_DISABLE_COPY_MOVE(AuditLog)

    // Appends one entry; returns its sequence once durable.
    Result<qint64> append(const QString& type, const nlohmann::json& data, qint64 cause = 0,
                          const QString& actor = QStringLiteral("orchestrator"));
    // Pipelined append: validates, serializes and seals the entry, queues it for the group
    // committer and returns at once. The future yields the entry's sequence only after the group
    // commit holding it has been written and fdatasync'ed (the same guarantee as append()), or
    // the error that stopped it. One thread's futures complete in the order it made them, with
    // increasing sequences. Keep a bounded window of them in flight.
    std::future<Result<qint64>> appendAsync(const QString& type, const nlohmann::json& data, qint64 cause = 0,
                                            const QString& actor = QStringLiteral("orchestrator"));
    // Appends the entries in order, with no other writer's entries between them (a checkpoint or
    // segment switch may fall between), and returns their sequences once all are durable (one
    // write and one fdatasync for the lot, shared with concurrent appends). An invalid entry or
    // cause fails the call before anything is appended.
    Result<std::vector<qint64>> appendBatch(const std::vector<NewEntry>& entries);
    // Signs a checkpoint of everything appended so far.
    Result<Checkpoint> checkpoint();
    // Closes the current segment and starts a new one under a new encryption key.
    Result<QString> rotateKey();
    // Removes whole segments whose newest record is older than the retention period, after
    // appending a signed retention record; returns the number of segments removed.
    Result<int> prune();

    qint64 lastSequence() const;
    QString directory() const;

private:
    AuditLog();
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Offline readers: need only the directory (and its key files for decryption).
Result<VerifyReport> verify(const QString& dataDir, const std::optional<Checkpoint>& trusted = std::nullopt,
                            const Progress& progress = {}, const std::atomic_bool* cancel = nullptr);
Result<std::vector<Record>> read(const QString& dataDir, const Filter& filter = {});
// read() reporting its progress (bytes of the trail checked so far, of the total) and stopping at
// the next check once *cancel is true ("reading the audit trail was cancelled").
Result<std::vector<Record>> read(const QString& dataDir, const Filter& filter, const Progress& progress,
                                 const std::atomic_bool* cancel = nullptr);
Result<Checkpoint> latestCheckpoint(const QString& dataDir);
// An evidence bundle: the selected entries with Merkle inclusion proofs against a signed
// checkpoint, verifiable with the public key alone.
Status exportBundle(const QString& dataDir, const Filter& filter, const QString& bundlePath);
Result<VerifyReport> verifyBundle(const QString& bundlePath, const QString& publicKeyPath);

// An evidence bundle, verified and decoded for review (readBundle).
struct BundleContents
{
    VerifyReport report; // as verifyBundle reports it
    QString signingKeyId; // the id of the key the checkpoint's signature was checked against
    // No key was given: the bundle was checked against the key it carries, which proves it is
    // consistent but not who signed it.
    bool keyFromBundle = false;
    // When report.ok: every entry, decoded, in sequence order (all covered by the checkpoint).
    std::vector<Record> records;
};

// Verifies an evidence bundle as verifyBundle does — against publicKeyPath, or when that is empty
// against the key the bundle carries — and decodes its entries. A file that is not JSON is an
// error naming the line and column; a file that is not a bundle, one naming the field ("entries:
// must be an array, got an object"). A damaged or forged entry fails the report (report.ok false,
// no records) naming the entry and the field ("entries[3] (sequence 17): header: ...").
Result<BundleContents> readBundle(const QString& bundlePath, const QString& publicKeyPath = {});

// Writes the entries of an evidence bundle whose sequence is in `sequences` as a new bundle (each
// entry carries its own inclusion proof, so any subset verifies). The source is parsed as strictly
// as readBundle parses it; `omitted` counts the wanted sequences the source does not hold.
struct BundleSubset
{
    int entries = 0;
    int omitted = 0;
};
Result<BundleSubset> writeBundleSubset(const QString& sourceBundle, const std::set<qint64>& sequences,
                                       const QString& bundlePath);

} // namespace audit
} // namespace orch
