#include "kube/kubewatcher.h"

#include <algorithm>

#include <QNetworkReply>
#include <QTimer>

#include "common/strictjson.h"
#include "kube/kubeclient.h"
#include "kube/kubelogging.h"

namespace orch::kube {

namespace {

constexpr qsizetype kMaxEventBytes = 8 * 1024 * 1024;

QString resourceVersionOf(const nlohmann::json& object)
{
    if (!object.is_object())
        return {};
    auto meta = object.find("metadata");
    if (meta == object.end() || !meta->is_object())
        return {};
    auto rv = meta->find("resourceVersion");
    if (rv == meta->end() || !rv->is_string())
        return {};
    return QString::fromStdString(rv->get<std::string>());
}

} // namespace

KubeWatcher::KubeWatcher(KubeClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_retry(new QTimer(this))
{
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, [this] {
        if (!m_running)
            return;
        if (m_retryRelist)
            list();
        else
            watch();
    });
}

KubeWatcher::~KubeWatcher()
{
    stop();
}

void KubeWatcher::start()
{
    stop();
    m_running = true;
    m_failures = 0;
    list();
}

void KubeWatcher::stop()
{
    m_running = false;
    ++m_generation;
    m_retry->stop();
    dropStream();
}

void KubeWatcher::dropStream()
{
    if (!m_stream)
        return;
    QNetworkReply* reply = m_stream;
    m_stream = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void KubeWatcher::schedule(int delayMs, bool relist)
{
    m_retryRelist = relist;
    m_retry->start(delayMs);
}

void KubeWatcher::retryLater(const QString& error, bool relist)
{
    ++m_failures;
    const KubeConfig& config = m_client->config();
    const int exponent = std::min(m_failures - 1, 16);
    const qint64 cap = std::min<qint64>(config.backoffMaxMs, qint64(config.backoffInitialMs) << exponent);
    std::uniform_int_distribution<qint64> jitter(cap / 2, cap);
    const int delay = int(jitter(m_rng));
    qCWarning(lcKube).noquote() << error << QStringLiteral("- retrying in %1 ms").arg(delay);
    schedule(delay, relist);
    emit failed(error);
}

void KubeWatcher::list()
{
    const quint64 generation = m_generation;
    m_client->getInstance(this, [this, generation](Result<KubeResponse> result) {
        if (!m_running || generation != m_generation)
            return;
        if (!result) {
            retryLater(result.error(), true);
            return;
        }
        const KubeResponse& response = result.value();
        if (response.httpStatus == 404) {
            // Nothing to resume from: the watch starts now and reports the instance when it appears.
            qCInfo(lcKube).noquote() << "the custom resource does not exist yet:" << response.message;
            m_resourceVersion.clear();
            emit objectDeleted();
            if (m_running && generation == m_generation)
                watch();
            return;
        }
        if (!response.ok()) {
            if (response.httpStatus == 401)
                m_client->invalidateToken();
            retryLater(response.message, true);
            return;
        }
        const QString rv = resourceVersionOf(response.body);
        if (rv.isEmpty()) {
            retryLater(QStringLiteral("GET %1: the answer has no metadata.resourceVersion")
                           .arg(m_client->config().instancePath()),
                       true);
            return;
        }
        m_resourceVersion = rv;
        emit objectChanged(response.body);
        if (m_running && generation == m_generation)
            watch();
    });
}

void KubeWatcher::watch()
{
    dropStream();
    auto reply = m_client->openWatch(m_resourceVersion);
    if (!reply) {
        retryLater(reply.error(), false);
        return;
    }
    m_stream = reply.value();
    m_buffer.clear();
    m_streamDelivered = false;
    m_relistRequested = false;
    m_streamError.clear();
    const QString from = m_resourceVersion;
    connect(m_stream, &QNetworkReply::metaDataChanged, this, [this, from] {
        if (m_stream && m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
            qCDebug(lcKube).noquote()
                << "watching from resourceVersion" << (from.isEmpty() ? QStringLiteral("(now)") : from);
            emit watching(from);
        }
    });
    connect(m_stream, &QNetworkReply::readyRead, this, &KubeWatcher::onStreamData);
    connect(m_stream, &QNetworkReply::finished, this, &KubeWatcher::onStreamFinished);
}

void KubeWatcher::onStreamData()
{
    if (!m_stream || m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error body: read when the reply finishes
    m_buffer += m_stream->readAll();
    const quint64 generation = m_generation;
    while (true) {
        const qsizetype newline = m_buffer.indexOf('\n');
        if (newline < 0)
            break;
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        const bool keep = handleLine(line);
        if (!m_running || generation != m_generation)
            return; // a receiver stopped the watcher
        if (!keep) {
            dropStream();
            if (m_relistRequested) {
                qCInfo(lcKube) << "resourceVersion" << m_resourceVersion
                               << "is gone (410); reading the resource again";
                ++m_failures;
                schedule(m_failures <= 1 ? 0 : m_client->config().backoffInitialMs, true);
            } else {
                retryLater(m_streamError, false);
            }
            return;
        }
    }
    if (m_buffer.size() > kMaxEventBytes) {
        dropStream();
        retryLater(QStringLiteral("watch: an event is larger than %1 bytes").arg(kMaxEventBytes), false);
    }
}

bool KubeWatcher::handleLine(const QByteArray& line)
{
    auto parsed = json::parseStrict(std::string_view(line.constData(), std::size_t(line.size())));
    if (!parsed) {
        m_streamError = QStringLiteral("watch: an event is not JSON: %1").arg(parsed.error());
        return false;
    }
    const nlohmann::json& event = parsed.value();
    auto type = event.is_object() ? event.find("type") : event.end();
    auto object = event.is_object() ? event.find("object") : event.end();
    if (!event.is_object() || type == event.end() || !type->is_string() || object == event.end()
        || !object->is_object()) {
        m_streamError = QStringLiteral("watch: an event without a string \"type\" and an \"object\": %1")
                            .arg(json::brief(event));
        return false;
    }
    const std::string kind = type->get<std::string>();
    if (kind == "ERROR") {
        int code = 0;
        if (auto c = object->find("code"); c != object->end() && c->is_number_integer())
            code = c->get<int>();
        QString message;
        if (auto m = object->find("message"); m != object->end() && m->is_string())
            message = QString::fromStdString(m->get<std::string>());
        if (code == 410) {
            m_relistRequested = true;
            return false;
        }
        m_streamError = QStringLiteral("watch: ERROR event %1: %2").arg(code).arg(message);
        return false;
    }
    const QString rv = resourceVersionOf(*object);
    if (!rv.isEmpty())
        m_resourceVersion = rv;
    if (kind == "ADDED" || kind == "MODIFIED") {
        m_failures = 0;
        m_streamDelivered = true;
        emit objectChanged(*object);
    } else if (kind == "DELETED") {
        m_failures = 0;
        m_streamDelivered = true;
        emit objectDeleted();
    } else if (kind == "BOOKMARK") {
        m_failures = 0;
        m_streamDelivered = true;
    } else {
        qCWarning(lcKube) << "watch: ignoring an event of unknown type" << QString::fromStdString(kind);
    }
    return true;
}

void KubeWatcher::onStreamFinished()
{
    if (!m_stream)
        return;
    QNetworkReply* reply = m_stream;
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (http == 200) {
        onStreamData(); // whatever arrived with the end
        if (m_stream != reply)
            return; // the data ended the stream already
    }
    m_stream = nullptr;
    reply->deleteLater();
    disconnect(reply, nullptr, this, nullptr);
    if (!m_running)
        return;
    if (http == 200 && reply->error() == QNetworkReply::NoError) {
        // The server ends every watch after its timeout: resume where this one stopped.
        qCDebug(lcKube) << "the watch stream ended; resuming from resourceVersion" << m_resourceVersion;
        if (m_streamDelivered) {
            m_failures = 0;
            schedule(m_client->config().backoffInitialMs, false);
        } else {
            retryLater(QStringLiteral("watch: the stream ended without an event"), false);
        }
        return;
    }
    if (http == 410) {
        qCInfo(lcKube) << "resourceVersion" << m_resourceVersion
                       << "is gone (410); reading the resource again";
        ++m_failures;
        schedule(m_failures <= 1 ? 0 : m_client->config().backoffInitialMs, true);
        return;
    }
    if (http == 401)
        m_client->invalidateToken();
    if (http != 0 && http != 200) {
        const QByteArray raw = reply->read(64 * 1024);
        QString message = QString::fromUtf8(raw.left(300)).simplified();
        auto parsed = json::parseStrict(std::string_view(raw.constData(), std::size_t(raw.size())));
        if (parsed && parsed->is_object()) {
            if (auto m = parsed->find("message"); m != parsed->end() && m->is_string())
                message = QString::fromStdString(m->get<std::string>());
        }
        retryLater(QStringLiteral("watch %1: HTTP %2: %3")
                       .arg(m_client->config().collectionPath())
                       .arg(http)
                       .arg(message),
                   false);
        return;
    }
    retryLater(QStringLiteral("watch: %1").arg(m_client->errorText(reply)), false);
}

} // namespace orch::kube
