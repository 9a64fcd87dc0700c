#include "auditreview.h"

#include <set>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "auditrecordmodel.h"
#include "common/strictjson.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

constexpr int kProgressPollMs = 40;

struct BundleResult
{
    Result<audit::BundleContents> contents = fail(QString());
    std::shared_ptr<const AuditRecordSet> records;
};

} // namespace

struct AuditReview::Job
{
    std::atomic_bool cancel { false };
    bool superseded = false; // cancelled because another job replaced it (no report then)
    std::atomic<qint64> done { 0 };
    std::atomic<qint64> total { 0 };
};

AuditReview::AuditReview(QObject* parent)
    : QObject(parent)
    , m_progressTimer(new QTimer(this))
{
    qRegisterMetaType<orch::ui::AuditVerdict>();
    m_progressTimer->setInterval(kProgressPollMs);
    connect(m_progressTimer, &QTimer::timeout, this, [this] { pollProgress(); });
}

AuditReview::~AuditReview()
{
    // A verification still running stops at its next check; its result is dropped.
    if (m_job)
        m_job->cancel = true;
}

Result<QString> AuditReview::dataDirectoryOf(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isDir())
        return fail(QStringLiteral("%1 is not a directory").arg(path));
    const QDir dir(info.absoluteFilePath());
    const auto holdsSegments = [](const QDir& d) {
        return !d.entryList({ QStringLiteral("segment-*.log") }, QDir::Files).isEmpty();
    };
    if (QFileInfo(dir.filePath(QStringLiteral("audit"))).isDir()) {
        if (holdsSegments(QDir(dir.filePath(QStringLiteral("audit")))))
            return dir.absolutePath();
        return fail(QStringLiteral("%1 holds no audit segments (segment-*.log)").arg(dir.filePath(QStringLiteral("audit"))));
    }
    if (dir.dirName() == QStringLiteral("audit") && holdsSegments(dir))
        return QFileInfo(dir.absolutePath()).absolutePath(); // the data directory above it
    return fail(QStringLiteral("%1 is neither a data directory with an audit trail (audit/segment-*.log) nor an audit "
                               "directory")
                    .arg(dir.absolutePath()));
}

Status AuditReview::openDirectory(const QString& path)
{
    auto dataDir = dataDirectoryOf(path);
    if (!dataDir)
        return fail(dataDir.error());
    cancel();
    m_kind = SourceKind::Directory;
    m_path = *dataDir;
    m_publicKeyPath.clear();
    return success();
}

Status AuditReview::openBundle(const QString& path, const QString& publicKeyPath)
{
    if (!QFileInfo(path).isFile())
        return fail(QStringLiteral("%1 is not a file").arg(path));
    if (!publicKeyPath.isEmpty() && !QFileInfo(publicKeyPath).isFile())
        return fail(QStringLiteral("public key %1 is not a file").arg(publicKeyPath));
    cancel();
    m_kind = SourceKind::Bundle;
    m_path = QFileInfo(path).absoluteFilePath();
    m_publicKeyPath = publicKeyPath.isEmpty() ? QString() : QFileInfo(publicKeyPath).absoluteFilePath();
    return success();
}

void AuditReview::close()
{
    cancel();
    m_kind = SourceKind::None;
    m_path.clear();
    m_publicKeyPath.clear();
}

std::shared_ptr<AuditReview::Job> AuditReview::beginJob()
{
    if (m_job) {
        m_job->superseded = true;
        m_job->cancel = true;
    }
    m_job = std::make_shared<Job>();
    if (!m_busy) {
        m_busy = true;
        Q_EMIT busyChanged(true);
    }
    m_progressTimer->start();
    Q_EMIT progress(0, 0);
    return m_job;
}

void AuditReview::endJob(const std::shared_ptr<Job>& job)
{
    if (!isCurrent(job))
        return;
    m_job.reset();
    m_progressTimer->stop();
    if (m_busy) {
        m_busy = false;
        Q_EMIT busyChanged(false);
    }
}

void AuditReview::cancel()
{
    if (!m_job)
        return;
    auto job = m_job;
    job->cancel = true;
    // A verification reports its own cancellation; other jobs are simply dropped.
    endJob(job);
}

void AuditReview::pollProgress()
{
    if (m_job)
        Q_EMIT progress(m_job->done.load(), m_job->total.load());
}

void AuditReview::verify(const std::optional<audit::Checkpoint>& trusted)
{
    auto job = beginJob();
    const QString path = m_path;
    if (m_kind == SourceKind::Directory) {
        auto* watcher = new QFutureWatcher<Result<audit::VerifyReport>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job, trusted] {
            watcher->deleteLater();
            const Result<audit::VerifyReport> result = watcher->result();
            AuditVerdict verdict;
            verdict.trusted = trusted;
            if (job->cancel) {
                verdict.outcome = AuditVerdict::Outcome::Cancelled;
                verdict.reason = tr("Verification cancelled");
            } else if (!result) {
                verdict.outcome = AuditVerdict::Outcome::Error;
                verdict.reason = result.error();
            } else {
                verdict.outcome = result->ok ? AuditVerdict::Outcome::Intact : AuditVerdict::Outcome::Tampered;
                verdict.records = result->records;
                verdict.firstBadSequence = result->firstBadSequence;
                verdict.reason = result->reason;
                verdict.latestCheckpoint = result->latestCheckpoint;
            }
            const bool current = isCurrent(job);
            endJob(job);
            // A cancelled job still reports, so the page can say so; a superseded one does not.
            if (current || (verdict.outcome == AuditVerdict::Outcome::Cancelled && !job->superseded)) {
                qCInfo(lcUi) << "audit verification of" << m_path << "finished:" << int(verdict.outcome)
                             << verdict.reason;
                Q_EMIT verificationFinished(verdict);
            }
        });
        watcher->setFuture(QtConcurrent::run(auditWorkPool(), [path, trusted, job]() {
            return audit::verify(
                path, trusted,
                [job](qint64 done, qint64 total) {
                    job->done = done;
                    job->total = total;
                },
                &job->cancel);
        }));
        return;
    }
    if (m_kind == SourceKind::Bundle) {
        const QString keyPath = m_publicKeyPath;
        auto* watcher = new QFutureWatcher<BundleResult>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
            watcher->deleteLater();
            if (!isCurrent(job))
                return;
            endJob(job);
            const BundleResult result = watcher->result();
            AuditVerdict verdict;
            if (!result.contents) {
                verdict.outcome = AuditVerdict::Outcome::Error;
                verdict.reason = result.contents.error();
            } else {
                const audit::VerifyReport& report = result.contents->report;
                verdict.bundleKeyTrusted = !result.contents->keyFromBundle;
                verdict.bundleKeyId = result.contents->signingKeyId;
                verdict.outcome = report.ok ? AuditVerdict::Outcome::Intact : AuditVerdict::Outcome::Tampered;
                verdict.records = report.records;
                verdict.firstBadSequence = report.firstBadSequence;
                verdict.reason = report.reason;
                verdict.latestCheckpoint = report.latestCheckpoint;
            }
            Q_EMIT verificationFinished(verdict);
            if (verdict.outcome == AuditVerdict::Outcome::Intact)
                Q_EMIT recordsLoaded(result.records);
        });
        watcher->setFuture(QtConcurrent::run(auditWorkPool(), [path, keyPath]() {
            BundleResult out;
            out.contents = audit::readBundle(path, keyPath);
            if (out.contents && out.contents->report.ok)
                out.records = AuditRecordSet::build(std::move(out.contents->records));
            return out;
        }));
        return;
    }
    endJob(job);
    AuditVerdict verdict;
    verdict.reason = tr("Nothing is open");
    Q_EMIT verificationFinished(verdict);
}

void AuditReview::loadRecords()
{
    if (m_kind != SourceKind::Directory) {
        Q_EMIT recordsFailed(
            tr("Only an audit directory is read record by record; a bundle loads when verified"), false);
        return;
    }
    auto job = beginJob();
    const QString path = m_path;
    using Loaded = Result<std::shared_ptr<const AuditRecordSet>>;
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        const bool current = isCurrent(job);
        endJob(job);
        const Loaded result = watcher->result();
        // Cancelled: the page says so; superseded: nobody waits for it.
        if (job->cancel && !job->superseded)
            Q_EMIT recordsFailed(tr("Decoding the records was cancelled"), true);
        else if (!current)
            return;
        else if (!result)
            Q_EMIT recordsFailed(result.error(), false);
        else
            Q_EMIT recordsLoaded(result.value());
    });
    watcher->setFuture(QtConcurrent::run(auditWorkPool(), [path, job]() -> Loaded {
        auto records = audit::read(
            path, {},
            [job](qint64 done, qint64 total) {
                job->done = done;
                job->total = total;
            },
            &job->cancel);
        if (!records)
            return fail(records.error());
        return AuditRecordSet::build(std::move(records).value());
    }));
}

void AuditReview::exportBundle(const std::vector<Selected>& selection, const QString& bundlePath)
{
    if (m_kind == SourceKind::None || selection.empty()) {
        Q_EMIT exportFailed(tr("Select the records to export first"));
        return;
    }
    auto job = beginJob();
    const SourceKind kind = m_kind;
    const QString path = m_path;
    std::set<qint64> wanted;
    // The core exports by filter: the selection's time span, of which only the selection is kept.
    audit::Filter span;
    for (const Selected& s : selection) {
        wanted.insert(s.sequence);
        span.since = span.since ? std::min(*span.since, s.timestamp) : s.timestamp;
        span.until = span.until ? std::max(*span.until, s.timestamp) : s.timestamp;
    }
    auto* watcher = new QFutureWatcher<Result<audit::BundleSubset>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job, bundlePath] {
        watcher->deleteLater();
        if (!isCurrent(job))
            return;
        endJob(job);
        const Result<audit::BundleSubset> result = watcher->result();
        if (!result)
            Q_EMIT exportFailed(result.error());
        else
            Q_EMIT exportFinished(bundlePath, result->entries, result->omitted);
    });
    watcher->setFuture(QtConcurrent::run(
        auditWorkPool(), [kind, path, wanted, span, bundlePath]() -> Result<audit::BundleSubset> {
            if (kind == SourceKind::Bundle)
                return audit::writeBundleSubset(path, wanted, bundlePath);
            QTemporaryDir scratch;
            if (!scratch.isValid())
                return fail(QStringLiteral("cannot create a temporary directory"));
            const QString whole = scratch.filePath(QStringLiteral("span.json"));
            if (Status written = audit::exportBundle(path, span, whole); !written)
                return fail(written.error());
            return audit::writeBundleSubset(whole, wanted, bundlePath);
        }));
}

Result<audit::Checkpoint> AuditReview::readCheckpointFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    if (file.size() > 1024 * 1024)
        return fail(QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(1024 * 1024));
    const QByteArray bytes = file.readAll();
    auto parsed = json::parseStrict(std::string_view(bytes.constData(), size_t(bytes.size())));
    if (!parsed)
        return fail(QStringLiteral("%1: %2").arg(path, parsed.error()));
    auto checkpoint = audit::Checkpoint::fromJson(*parsed);
    if (!checkpoint)
        return fail(QStringLiteral("%1: %2").arg(path, checkpoint.error()));
    return checkpoint;
}

Status AuditReview::writeCheckpointFile(const audit::Checkpoint& checkpoint, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.write(QByteArray::fromStdString(checkpoint.toJson().dump(2)));
    file.write("\n");
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return success();
}

} // namespace orch::ui
