#include "metricsstore/s3uploader.h"

#include <cmath>
#include <limits>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>

#include "metricsstore/metricslogging.h"
#include "metricsstore/partition.h"

namespace orch::metrics {

S3Uploader::S3Uploader(s3::ClientConfig config, QString keyPrefix, SpoolDirectory spool, Tuning tuning,
                       std::shared_ptr<UploadState> state)
    : m_config(std::move(config))
    , m_keyPrefix(std::move(keyPrefix))
    , m_spool(std::move(spool))
    , m_tuning(tuning)
    , m_state(std::move(state))
    , m_retryTimer(this)
    , m_random(QRandomGenerator::securelySeeded())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &S3Uploader::pump);
}

S3Uploader::~S3Uploader()
{
    stop();
}

QString S3Uploader::contentTypeOf(const QString& relativePath)
{
    return relativePath.endsWith(QStringLiteral(".gz")) ? QStringLiteral("application/gzip")
                                                        : QStringLiteral("application/x-ndjson");
}

void S3Uploader::noteState(const std::function<void(UploadState&)>& change)
{
    {
        std::lock_guard lock(m_state->mutex);
        change(*m_state);
    }
    m_state->changed.notify_all();
}

void S3Uploader::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_network = new QNetworkAccessManager(this);
    m_client = std::make_unique<s3::Client>(m_config, m_network);
    auto parts = m_spool.parts();
    if (!parts) {
        qCCritical(lcMetrics).noquote() << "cannot read the metrics spool:" << parts.error();
        noteState([&](UploadState& s) {
            s.lastError = parts.error();
            s.failing = true;
        });
        return;
    }
    for (const QString& part : std::as_const(*parts))
        if (!m_queued.contains(part)) {
            m_queue.push_back(part);
            m_queued.insert(part);
        }
    noteState([&](UploadState& s) { s.spooled += qint64(parts->size()); });
    if (!parts->isEmpty())
        qCInfo(lcMetrics) << parts->size() << "metrics parts waiting in the spool from an earlier run";
    pump();
}

void S3Uploader::enqueue(const QString& relativePath)
{
    if (m_stopped || m_queued.contains(relativePath))
        return;
    m_queue.push_back(relativePath);
    m_queued.insert(relativePath);
    pump();
}

void S3Uploader::expire(qint64 cutoff)
{
    if (m_stopped)
        return;
    // Parts that would be deleted as soon as they arrived stay home (the one in flight is looked
    // at when its answer comes).
    m_lastCutoff = cutoff;
    qint64 dropped = 0;
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        const bool inFlight = m_op == Op::Put && *it == m_current;
        if (!inFlight && dropIfExpired(*it)) {
            it = m_queue.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
    if (dropped > 0)
        qCWarning(lcMetrics) << dropped
                             << "spooled metrics parts expired (older than retention) before the store "
                                "took them; dropped";
    noteState([&](UploadState& s) { s.retentionPending = true; });
    if (m_retention)
        m_nextCutoff = cutoff;
    else
        m_retention = Retention { cutoff, {}, {}, false, {}, 0 };
    pump();
}

void S3Uploader::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_retryTimer.stop();
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        delete m_reply;
        m_reply = nullptr;
    }
    m_client.reset();
    delete m_network;
    m_network = nullptr;
}

void S3Uploader::pump()
{
    if (m_stopped || m_reply || m_retryTimer.isActive() || !m_client)
        return;
    if (!m_queue.empty()) {
        startPut();
        return;
    }
    if (!m_retention) {
        if (!m_nextCutoff)
            return;
        m_retention = Retention { *m_nextCutoff, {}, {}, false, {}, 0 };
        m_nextCutoff.reset();
    }
    Retention& r = *m_retention;
    if (!r.toDelete.empty()) {
        m_op = Op::Delete;
        m_current = r.toDelete.front();
        m_reply = m_client->deleteObject(m_current);
    } else if (!r.listed) {
        m_op = Op::List;
        m_reply = m_client->listObjects(m_keyPrefix, QString(), r.token, m_tuning.listPageSize, r.startAfter);
    } else {
        finishRetention(QString());
        pump();
        return;
    }
    connect(m_reply, &QNetworkReply::finished, this, &S3Uploader::onFinished);
}

void S3Uploader::startPut()
{
    m_current = m_queue.front();
    auto bytes = m_spool.read(m_current);
    if (!bytes) {
        // Gone from the spool (removed by hand?): nothing to send.
        qCWarning(lcMetrics).noquote() << "skipping a spooled metrics part:" << bytes.error();
        m_queued.remove(m_current);
        m_queue.pop_front();
        noteState([](UploadState& s) { s.spooled -= 1; });
        QTimer::singleShot(0, this, &S3Uploader::pump);
        return;
    }
    m_op = Op::Put;
    m_currentBytes = bytes->size();
    m_reply = m_client->putObject(m_keyPrefix + m_current, *bytes, contentTypeOf(m_current).toLatin1());
    connect(m_reply, &QNetworkReply::finished, this, &S3Uploader::onFinished);
}

void S3Uploader::onFinished()
{
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const Op op = m_op;
    m_op = Op::None;
    QString what;
    switch (op) {
    case Op::Put:
        what = QStringLiteral("PUT ") + m_client->objectName(m_keyPrefix + m_current);
        break;
    case Op::Delete:
        what = QStringLiteral("DELETE ") + m_client->objectName(m_current);
        break;
    default:
        what = QStringLiteral("LIST ") + m_client->objectName(m_keyPrefix);
        break;
    }
    const s3::Outcome o = m_client->outcome(reply, what);
    if (op == Op::Put)
        onPutDone(o);
    else
        onRetentionStep(o, op);
    pump();
}

bool S3Uploader::dropIfExpired(const QString& relativePath)
{
    const auto key = parsePartitionPath(relativePath);
    if (!m_lastCutoff || !key || !key->expiredAt(*m_lastCutoff))
        return false;
    if (Status s = m_spool.remove(relativePath); !s)
        qCWarning(lcMetrics).noquote() << s.error();
    m_queued.remove(relativePath);
    noteState([](UploadState& s) {
        s.spooled -= 1;
        s.expiredUnsent += 1;
    });
    return true;
}

void S3Uploader::onPutDone(const s3::Outcome& o)
{
    if (!o.ok) {
        if (dropIfExpired(m_current)) {
            qCWarning(lcMetrics).noquote()
                << "a spooled metrics part expired (older than retention) before the store "
                   "took it; dropped:"
                << m_current;
            if (!m_queue.empty() && m_queue.front() == m_current)
                m_queue.pop_front();
            // The failure still counts for the backoff: the store is not answering.
        }
        failed(o, true);
        return;
    }
    m_failures = 0;
    if (Status s = m_spool.remove(m_current); !s)
        qCCritical(lcMetrics).noquote()
            << "uploaded, but cannot remove it from the spool (it will be sent again):" << s.error();
    qCDebug(lcMetrics).noquote() << "uploaded" << m_client->objectName(m_keyPrefix + m_current);
    m_queued.remove(m_current);
    if (!m_queue.empty() && m_queue.front() == m_current)
        m_queue.pop_front();
    if (!m_lastLogged.isEmpty()) {
        qCInfo(lcMetrics).noquote() << "metrics store reachable again:" << m_client->objectName(m_keyPrefix);
        m_lastLogged.clear();
    }
    const qint64 bytes = m_currentBytes;
    noteState([&](UploadState& s) {
        s.spooled -= 1;
        s.uploaded += 1;
        s.uploadedBytes += bytes;
        s.failing = false;
    });
}

void S3Uploader::onRetentionStep(const s3::Outcome& o, Op op)
{
    Retention& r = *m_retention;
    // Deleting what is already gone is done.
    if (!o.ok && !(op == Op::Delete && o.status == 404)) {
        if (o.retryable) {
            failed(o, false);
            return;
        }
        finishRetention(o.error);
        return;
    }
    m_failures = 0;
    noteState([](UploadState& s) { s.failing = false; });
    if (op == Op::Delete) {
        r.toDelete.pop_front();
        r.deleted += 1;
        noteState([](UploadState& s) { s.objectsDeleted += 1; });
        return;
    }
    auto page = s3::parseListObjectsV2(o.body);
    if (!page) {
        finishRetention(QStringLiteral("LIST %1: %2").arg(m_client->objectName(m_keyPrefix), page.error()));
        return;
    }
    qCDebug(lcMetrics) << "retention listing:" << page->keys.size() << "keys, truncated" << page->truncated;
    // Keys come in order, and within a kind partition paths sort by time: the first partition of
    // a kind that has not expired ends that kind.
    const QString kindPrefix = m_keyPrefix + QStringLiteral("kind=");
    for (const QString& key : std::as_const(page->keys)) {
        const auto partition = parsePartitionPath(QStringView(key).mid(m_keyPrefix.size()));
        if (!key.startsWith(kindPrefix) || !partition)
            continue; // not ours: left alone
        if (partition->expiredAt(r.cutoff)) {
            r.toDelete.push_back(key);
            continue;
        }
        r.startAfter = kindPrefix + partition->kind + u'0';
        r.token.clear();
        return;
    }
    if (page->truncated) {
        r.token = page->nextContinuationToken;
    } else {
        r.listed = true;
    }
}

void S3Uploader::finishRetention(const QString& error)
{
    const Retention r = *m_retention;
    m_retention.reset();
    if (!error.isEmpty())
        qCWarning(lcMetrics).noquote() << "metrics retention pass abandoned (the next one retries):" << error;
    else if (r.deleted > 0)
        qCInfo(lcMetrics).noquote() << "metrics retention: deleted" << r.deleted
                                    << "objects of partitions ended by" << formatIso(r.cutoff) << "from"
                                    << m_client->objectName(m_keyPrefix);
    const bool more = m_nextCutoff.has_value();
    noteState([&](UploadState& s) {
        if (error.isEmpty())
            s.retentionPasses += 1;
        else
            s.lastError = error;
        s.retentionPending = more;
    });
}

void S3Uploader::failed(const s3::Outcome& o, bool putFailure)
{
    ++m_failures;
    TimeMs delay = m_tuning.maxBackoffMs;
    if (o.retryable) {
        // Full jitter: uniform in [0, min(max, initial * 2^(n-1))], at least 10 ms.
        const double ceiling = std::min<double>(m_tuning.maxBackoffMs,
                                                double(m_tuning.initialBackoffMs)
                                                    * std::pow(2.0, std::min(m_failures - 1, 30)));
        delay = std::max<TimeMs>(10, TimeMs(ceiling * m_random.generateDouble()));
    } else {
        delay = std::max<TimeMs>(10, TimeMs(m_tuning.maxBackoffMs * (0.5 + 0.5 * m_random.generateDouble())));
    }
    if (putFailure && m_queue.size() > 1 && m_queue.front() == m_current) {
        // One part the store refuses must not hold back the others.
        m_queue.pop_front();
        m_queue.push_back(m_current);
    }
    if (o.error != m_lastLogged || m_failures % 20 == 0) {
        qCWarning(lcMetrics).noquote()
            << o.error << QStringLiteral("- retrying in %1 ms (attempt %2)").arg(delay).arg(m_failures);
        m_lastLogged = o.error;
    }
    noteState([&](UploadState& s) {
        s.failedAttempts += 1;
        s.failing = true;
        s.lastError = o.error;
    });
    m_retryTimer.start(int(std::min<TimeMs>(delay, std::numeric_limits<int>::max())));
}

} // namespace orch::metrics
