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

#include "audit/auditformat.h"
#include "common/strictjson.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

constexpr qint64 kMaxBundleBytes = qint64(1) << 30;
constexpr int kProgressPollMs = 40;

Result<QByteArray> readFile(const QString& path, qint64 maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    if (file.size() > maxBytes)
        return fail(QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxBytes));
    return file.readAll();
}

struct BundleResult
{
    Result<audit::VerifyReport> report = fail(QString());
    std::vector<audit::Record> records;
    QString keyId;
};

// Verifies a bundle and, when it holds, decodes its entries (all covered by its checkpoint).
BundleResult verifyAndDecodeBundle(const QString& bundlePath, const QString& publicKeyPath)
{
    BundleResult out;
    auto bytes = readFile(bundlePath, kMaxBundleBytes);
    if (!bytes) {
        out.report = fail(bytes.error());
        return out;
    }
    auto parsed = json::parseStrict(std::string_view(bytes->constData(), size_t(bytes->size())), { .maxDepth = 16 });
    if (!parsed) {
        out.report = fail(QStringLiteral("%1: %2").arg(bundlePath, parsed.error()));
        return out;
    }
    const nlohmann::json& bundle = *parsed;
    QString keyPath = publicKeyPath;
    QTemporaryDir scratch;
    if (keyPath.isEmpty()) {
        // No key of the analyst's own: check the bundle against the key it carries.
        const auto& pem = bundle.is_object() ? bundle.value("publicKey", nlohmann::json()) : nlohmann::json();
        if (!pem.is_string() || !scratch.isValid()) {
            out.report = fail(QStringLiteral("%1 is not an audit evidence bundle (no publicKey)").arg(bundlePath));
            return out;
        }
        keyPath = scratch.filePath(QStringLiteral("bundle-public.pem"));
        QFile key(keyPath);
        if (!key.open(QIODevice::WriteOnly) || key.write(QByteArray::fromStdString(pem.get<std::string>())) < 0) {
            out.report = fail(QStringLiteral("cannot write %1: %2").arg(keyPath, key.errorString()));
            return out;
        }
    }
    out.report = audit::verifyBundle(bundlePath, keyPath);
    if (!out.report || !out.report->ok)
        return out;
    if (out.report->latestCheckpoint)
        out.keyId = out.report->latestCheckpoint->signingKeyId;
    // verifyBundle has checked every field below; decode defensively all the same.
    for (const nlohmann::json& entry : bundle["entries"]) {
        audit::Record record;
        record.sequence = entry.value("sequence", qint64(0));
        const auto header = QByteArray::fromHex(QByteArray::fromStdString(entry.value("header", std::string())));
        if (auto rh = audit::format::RecordHeader::decode(header)) {
            record.timestamp = rh->timestamp;
            record.keyId = rh->keyId;
        }
        auto body = json::parseStrict(entry.value("plaintext", std::string()), { .maxDepth = 64 });
        if (!body || !body->is_object())
            continue;
        record.type = QString::fromStdString(body->value("type", std::string()));
        record.cause = body->value("cause", qint64(0));
        record.actor = QString::fromStdString(body->value("actor", std::string()));
        record.data = body->value("data", nlohmann::json());
        record.checkpointed = true;
        out.records.push_back(std::move(record));
    }
    return out;
}

struct ExportResult
{
    Status status = success();
    int entries = 0;
    int omitted = 0;
};

// Keeps only the wanted entries of a bundle (each entry carries its own inclusion proof, so any
// subset still verifies) and writes it to `outPath`.
ExportResult writeSubset(const QString& sourceBundle, const std::set<qint64>& wanted, const QString& outPath)
{
    ExportResult out;
    auto bytes = readFile(sourceBundle, kMaxBundleBytes);
    if (!bytes) {
        out.status = fail(bytes.error());
        return out;
    }
    nlohmann::ordered_json bundle
        = nlohmann::ordered_json::parse(bytes->constData(), bytes->constData() + bytes->size(), nullptr, false);
    if (bundle.is_discarded() || !bundle.is_object() || !bundle.contains("entries") || !bundle["entries"].is_array()) {
        out.status = fail(QStringLiteral("%1 is not an audit evidence bundle").arg(sourceBundle));
        return out;
    }
    nlohmann::ordered_json kept = nlohmann::ordered_json::array();
    std::set<qint64> present;
    for (auto& entry : bundle["entries"]) {
        const qint64 sequence = entry.value("sequence", qint64(0));
        if (wanted.count(sequence)) {
            present.insert(sequence);
            kept.push_back(std::move(entry));
        }
    }
    out.entries = int(kept.size());
    out.omitted = int(wanted.size() - present.size());
    bundle["entries"] = std::move(kept);
    bundle["omittedAfterCheckpoint"] = out.omitted;
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly)) {
        out.status = fail(QStringLiteral("cannot write %1: %2").arg(outPath, file.errorString()));
        return out;
    }
    file.write(QByteArray::fromStdString(bundle.dump(2)));
    file.write("\n");
    if (!file.commit())
        out.status = fail(QStringLiteral("cannot write %1: %2").arg(outPath, file.errorString()));
    return out;
}

} // namespace

struct AuditReview::Job
{
    std::atomic_bool cancel { false };
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
    if (m_job)
        m_job->cancel = true;
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
            if (current || verdict.outcome == AuditVerdict::Outcome::Cancelled) {
                qCInfo(lcUi) << "audit verification of" << m_path << "finished:" << int(verdict.outcome)
                             << verdict.reason;
                Q_EMIT verificationFinished(verdict);
            }
        });
        watcher->setFuture(QtConcurrent::run([path, trusted, job]() {
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
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job, keyPath] {
            watcher->deleteLater();
            if (!isCurrent(job))
                return;
            endJob(job);
            BundleResult result = watcher->result();
            AuditVerdict verdict;
            verdict.bundleKeyTrusted = !keyPath.isEmpty();
            verdict.bundleKeyId = result.keyId;
            if (!result.report) {
                verdict.outcome = AuditVerdict::Outcome::Error;
                verdict.reason = result.report.error();
            } else {
                verdict.outcome
                    = result.report->ok ? AuditVerdict::Outcome::Intact : AuditVerdict::Outcome::Tampered;
                verdict.records = result.report->records;
                verdict.firstBadSequence = result.report->firstBadSequence;
                verdict.reason = result.report->reason;
                verdict.latestCheckpoint = result.report->latestCheckpoint;
            }
            Q_EMIT verificationFinished(verdict);
            if (verdict.outcome == AuditVerdict::Outcome::Intact)
                Q_EMIT recordsLoaded(result.records);
        });
        watcher->setFuture(QtConcurrent::run([path, keyPath]() { return verifyAndDecodeBundle(path, keyPath); }));
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
        Q_EMIT recordsFailed(tr("Only an audit directory is read record by record; a bundle loads when verified"));
        return;
    }
    auto job = beginJob();
    const QString path = m_path;
    auto* watcher = new QFutureWatcher<Result<std::vector<audit::Record>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        if (!isCurrent(job))
            return;
        endJob(job);
        const auto result = watcher->result();
        if (!result)
            Q_EMIT recordsFailed(result.error());
        else
            Q_EMIT recordsLoaded(result.value());
    });
    watcher->setFuture(QtConcurrent::run([path]() { return audit::read(path); }));
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
    auto* watcher = new QFutureWatcher<ExportResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job, bundlePath] {
        watcher->deleteLater();
        if (!isCurrent(job))
            return;
        endJob(job);
        const ExportResult result = watcher->result();
        if (!result.status)
            Q_EMIT exportFailed(result.status.error());
        else
            Q_EMIT exportFinished(bundlePath, result.entries, result.omitted);
    });
    watcher->setFuture(QtConcurrent::run([kind, path, wanted, span, bundlePath]() {
        if (kind == SourceKind::Bundle)
            return writeSubset(path, wanted, bundlePath);
        QTemporaryDir scratch;
        if (!scratch.isValid())
            return ExportResult { fail(QStringLiteral("cannot create a temporary directory")) };
        const QString whole = scratch.filePath(QStringLiteral("span.json"));
        if (Status written = audit::exportBundle(path, span, whole); !written)
            return ExportResult { fail(written.error()) };
        return writeSubset(whole, wanted, bundlePath);
    }));
}

Result<audit::Checkpoint> AuditReview::readCheckpointFile(const QString& path)
{
    auto bytes = readFile(path, 1024 * 1024);
    if (!bytes)
        return fail(bytes.error());
    auto parsed = json::parseStrict(std::string_view(bytes->constData(), size_t(bytes->size())));
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
