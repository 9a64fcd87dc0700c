#include "metricsstore/metricssink.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThread>

#include "engine/clock.h"
#include "metricsstore/gzip.h"
#include "metricsstore/metricslogging.h"
#include "metricsstore/partition.h"
#include "metricsstore/partitiondirectory.h"
#include "metricsstore/s3uploader.h"

namespace orch::metrics {

namespace {

// Beyond this many buffered bytes (writes keep failing) new records are refused, not hoarded.
constexpr qint64 kBufferLimitFactor = 16;

// The uploader and the thread it runs on; stopping joins the thread.
class UploaderThread final
{
public:
    UploaderThread(S3Uploader* uploader)
        : m_uploader(uploader)
    {
        m_thread.setObjectName(QStringLiteral("metrics-s3"));
        m_uploader->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_uploader, &QObject::deleteLater);
        m_thread.start();
    }
    ~UploaderThread()
    {
        QMetaObject::invokeMethod(m_uploader, &S3Uploader::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(UploaderThread)

    S3Uploader* uploader() const { return m_uploader; }

private:
    QThread m_thread;
    S3Uploader* m_uploader;
};

class PartitionedSink final : public MetricsSink
{
public:
    PartitionedSink(const MetricsStoreSettings& settings, const Clock& clock)
        : m_settings(settings)
        , m_clock(clock)
        , m_writer(
              sanitizeWriterId(settings.writerId.isEmpty() ? QSysInfo::machineHostName() : settings.writerId))
        , m_run(QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, u'0'))
    {
        m_stats.destination = settings.destination();
    }

    ~PartitionedSink() override
    {
        if (Status s = flush(); !s)
            qCCritical(lcMetrics).noquote() << "metrics records lost at shutdown:" << s.error();
        m_uploader.reset(); // the request in flight is abandoned; its part stays in the spool
    }
    Q_DISABLE_COPY_MOVE(PartitionedSink)

    Status open()
    {
        auto root = m_settings.partitionRoot();
        if (!root)
            return fail(root.error());
        if (m_settings.backend() == MetricsStoreSettings::Backend::Local) {
            auto dir = PartitionDirectory::open(*root);
            if (!dir)
                return fail(dir.error());
            m_local.emplace(std::move(*dir));
        } else {
            auto spool = SpoolDirectory::open(*root);
            if (!spool)
                return fail(spool.error());
            m_spool.emplace(*spool);
            auto location = parseS3Url(m_settings.url);
            if (!location)
                return fail(location.error());
            s3::ClientConfig config { m_settings.s3Endpoint,
                                      location->bucket,
                                      m_settings.region,
                                      { m_settings.accessKeyId, m_settings.secretAccessKey,
                                        m_settings.sessionToken },
                                      m_settings.requestTimeoutMs };
            m_uploadState = std::make_shared<UploadState>();
            auto* uploader = new S3Uploader(
                config, location->prefix, *spool,
                { m_settings.initialBackoffMs, m_settings.maxBackoffMs, m_settings.listPageSize },
                m_uploadState);
            m_uploader = std::make_unique<UploaderThread>(uploader);
            // Blocking: the uploader has counted the spool before the first part is added to it.
            QMetaObject::invokeMethod(uploader, &S3Uploader::start, Qt::BlockingQueuedConnection);
        }
        qCInfo(lcMetrics).noquote() << "metrics store:" << m_stats.destination << "- retention"
                                    << m_settings.retentionDays << "days, writer" << m_writer << "run"
                                    << m_run << (m_settings.gzip ? "(gzip)" : "");
        return success();
    }

    Status record(const TelemetryRecord& record) override
    {
        if (Status v = validateRecord(record); !v)
            return fail(QStringLiteral("metrics record (%1): %2").arg(record.kind, v.error()));
        const TimeMs now = m_clock.now();
        const PartitionKey key = partitionOf(record.kind, record.at);
        if (key.expiredAt(cutoffAt(now))) {
            std::lock_guard lock(m_mutex);
            m_stats.recordsExpired += 1;
            return success();
        }
        if (m_bufferedBytes > kBufferLimitFactor * m_settings.maxBatchBytes)
            return fail(
                QStringLiteral("metrics store: %1 bytes are waiting because writes fail (%2); record refused")
                    .arg(m_bufferedBytes)
                    .arg(m_lastWriteError));
        const QByteArray line = toJsonLine(record);
        Batch& batch = m_batches[key];
        batch.lines += line;
        batch.records += 1;
        m_bufferedBytes += line.size();
        m_bufferedRecords += 1;
        if (!m_batchStartedAt)
            m_batchStartedAt = now;
        {
            std::lock_guard lock(m_mutex);
            m_stats.recordsAccepted += 1;
            m_stats.recordsBuffered = m_bufferedRecords;
        }
        if (m_bufferedRecords >= m_settings.maxBatchRecords || m_bufferedBytes >= m_settings.maxBatchBytes)
            return flush();
        return tick();
    }

    Status flush() override
    {
        m_lastFlushSteady.restart();
        const TimeMs cutoff = cutoffAt(m_clock.now());
        std::optional<Error> error;
        qint64 written = 0, parts = 0, bytes = 0, expired = 0;
        for (auto it = m_batches.begin(); it != m_batches.end();) {
            const PartitionKey& key = it->first;
            Batch& batch = it->second;
            if (!key.expiredAt(cutoff)) {
                const QString relative
                    = key.path() + u'/' + partFileName(m_writer, m_run, m_seq + 1, m_settings.gzip);
                const QByteArray content = m_settings.gzip ? gzipCompress(batch.lines) : batch.lines;
                if (Status s = writePart(relative, content); !s) {
                    error = Error { s.error() };
                    break;
                }
                m_seq += 1;
                written += batch.records;
                parts += 1;
                bytes += content.size();
            } else {
                expired += batch.records;
            }
            m_bufferedBytes -= batch.lines.size();
            m_bufferedRecords -= batch.records;
            it = m_batches.erase(it);
        }
        if (m_batches.empty())
            m_batchStartedAt.reset();
        m_lastWriteError = error ? error->message : QString();
        {
            std::lock_guard lock(m_mutex);
            m_stats.recordsWritten += written;
            m_stats.partsWritten += parts;
            m_stats.bytesWritten += bytes;
            m_stats.recordsExpired += expired;
            m_stats.recordsBuffered = m_bufferedRecords;
            m_stats.failing = error.has_value();
            if (error)
                m_stats.lastError = error->message;
        }
        if (error) {
            qCCritical(lcMetrics).noquote() << "cannot write metrics:" << error->message;
            return *error;
        }
        return success();
    }

    Status tick() override
    {
        const TimeMs now = m_clock.now();
        if (m_batchStartedAt && now >= *m_batchStartedAt + m_settings.flushInterval
            && (m_settings.minFlushGapMs <= 0 || !m_lastFlushSteady.isValid()
                || m_lastFlushSteady.hasExpired(m_settings.minFlushGapMs)))
            if (Status s = flush(); !s)
                return s;
        if (!m_lastRetention || now >= *m_lastRetention + m_settings.retentionEvery)
            return enforceRetention();
        return success();
    }

    Status enforceRetention() override
    {
        const TimeMs now = m_clock.now();
        m_lastRetention = now;
        const TimeMs cutoff = cutoffAt(now);
        if (m_uploader) {
            {
                std::lock_guard lock(m_uploadState->mutex);
                m_uploadState->retentionPending = true;
            }
            QMetaObject::invokeMethod(
                m_uploader->uploader(), [u = m_uploader->uploader(), cutoff] { u->expire(cutoff); },
                Qt::QueuedConnection);
            std::lock_guard lock(m_mutex);
            m_stats.retentionRuns += 1;
            return success();
        }
        auto removed = m_local->removeExpired(cutoff);
        std::lock_guard lock(m_mutex);
        m_stats.retentionRuns += 1;
        if (!removed) {
            m_stats.lastError = removed.error();
            qCWarning(lcMetrics).noquote() << "metrics retention:" << removed.error();
            return fail(removed.error());
        }
        m_stats.partsExpired += removed->parts;
        if (removed->partitions > 0)
            qCInfo(lcMetrics).noquote()
                << QStringLiteral("metrics retention: removed %1 partitions (%2 parts) ended by %3")
                       .arg(removed->partitions)
                       .arg(removed->parts)
                       .arg(formatIso(cutoff));
        return success();
    }

    bool waitForUploads(int timeoutMs) override
    {
        if (!m_uploadState)
            return true;
        std::unique_lock lock(m_uploadState->mutex);
        return m_uploadState->changed.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] {
            return m_uploadState->spooled == 0 && !m_uploadState->retentionPending;
        });
    }

    MetricsSinkStats stats() const override
    {
        MetricsSinkStats out;
        {
            std::lock_guard lock(m_mutex);
            out = m_stats;
        }
        if (m_uploadState) {
            std::lock_guard lock(m_uploadState->mutex);
            const UploadState& u = *m_uploadState;
            out.spooled = u.spooled;
            out.uploaded = u.uploaded;
            out.uploadedBytes = u.uploadedBytes;
            out.failedAttempts = u.failedAttempts;
            out.expiredUnsent = u.expiredUnsent;
            out.partsExpired += u.objectsDeleted;
            out.retentionPending = u.retentionPending;
            out.failing = out.failing || u.failing;
            if (!u.lastError.isEmpty() && (out.lastError.isEmpty() || u.failing))
                out.lastError = u.lastError;
        }
        return out;
    }

private:
    struct Batch
    {
        QByteArray lines;
        qint64 records = 0;
    };

    TimeMs cutoffAt(TimeMs now) const { return now - TimeMs(m_settings.retentionDays) * kDayMs; }

    Status writePart(const QString& relative, const QByteArray& content)
    {
        if (m_local)
            return m_local->write(relative, content);
        if (Status s = m_spool->write(relative, content); !s)
            return s;
        {
            std::lock_guard lock(m_uploadState->mutex);
            m_uploadState->spooled += 1;
        }
        QMetaObject::invokeMethod(
            m_uploader->uploader(), [u = m_uploader->uploader(), relative] { u->enqueue(relative); },
            Qt::QueuedConnection);
        return success();
    }

    const MetricsStoreSettings m_settings;
    const Clock& m_clock;
    const QString m_writer;
    const QString m_run;
    qint64 m_seq = 0;
    std::optional<PartitionDirectory> m_local;
    std::optional<SpoolDirectory> m_spool;
    std::shared_ptr<UploadState> m_uploadState;
    std::unique_ptr<UploaderThread> m_uploader;
    std::map<PartitionKey, Batch> m_batches;
    qint64 m_bufferedBytes = 0;
    qint64 m_bufferedRecords = 0;
    std::optional<TimeMs> m_batchStartedAt;
    QElapsedTimer m_lastFlushSteady; // real time since the previous flush (minFlushGapMs)
    std::optional<TimeMs> m_lastRetention;
    QString m_lastWriteError;
    mutable std::mutex m_mutex;
    MetricsSinkStats m_stats;
};

} // namespace

Result<std::unique_ptr<MetricsSink>> openMetricsSink(const MetricsStoreSettings& settings, const Clock& clock)
{
    if (Status v = settings.validate(); !v)
        return fail(v.error());
    auto sink = std::make_unique<PartitionedSink>(settings, clock);
    if (Status s = sink->open(); !s)
        return fail(QStringLiteral("metrics store %1: %2").arg(settings.destination(), s.error()));
    return std::unique_ptr<MetricsSink>(std::move(sink));
}

} // namespace orch::metrics
