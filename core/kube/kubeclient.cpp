#include "kube/kubeclient.h"

#include <chrono>

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslError>

#include "common/strictjson.h"
#include "kube/kubelogging.h"

namespace orch::kube {

namespace {

constexpr qint64 kMaxBodyBytes = 8 * 1024 * 1024;
constexpr const char* kSslErrorsProperty = "orchKubeSslErrors";

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// The message of a Kubernetes Status object, or a short rendering of whatever the body is.
QString statusMessage(const nlohmann::json& body, const QByteArray& raw)
{
    if (body.is_object()) {
        auto it = body.find("message");
        if (it != body.end() && it->is_string())
            return QString::fromStdString(it->get<std::string>());
    }
    QString text = QString::fromUtf8(raw.left(200)).simplified();
    return text.isEmpty() ? QStringLiteral("(no body)") : text;
}

} // namespace

KubeClient::KubeClient(KubeConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

KubeClient::~KubeClient() = default;

Status KubeClient::open()
{
    if (auto st = m_config.validate(); !st)
        return st;
    auto ssl = m_config.sslConfiguration();
    if (!ssl)
        return fail(ssl.error());
    m_ssl = ssl.value();
    m_open = true;
    return success();
}

void KubeClient::invalidateToken()
{
    m_tokenReadAt = 0;
}

Result<QString> KubeClient::token()
{
    const qint64 now = steadyMs();
    if (m_tokenReadAt != 0 && now - m_tokenReadAt < m_config.tokenReloadMs)
        return m_token;
    QFile f(m_config.tokenFile);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("service-account token %1: cannot open: %2")
                        .arg(m_config.tokenFile, f.errorString()));
    const QByteArray raw = f.read(64 * 1024).trimmed();
    for (char c : raw) {
        if (c < 0x21 || c > 0x7e)
            return fail(QStringLiteral("service-account token %1: not a bearer token (control or "
                                       "non-ASCII characters)")
                            .arg(m_config.tokenFile));
    }
    if (raw.isEmpty())
        return fail(QStringLiteral("service-account token %1: the file is empty").arg(m_config.tokenFile));
    const QString token = QString::fromLatin1(raw);
    if (m_tokenReadAt != 0 && token != m_token)
        qCInfo(lcKube) << "the service-account token changed; using the new one";
    m_token = token;
    m_tokenReadAt = now;
    return m_token;
}

Result<QNetworkRequest> KubeClient::request(const QUrl& url)
{
    if (!m_open)
        return fail(QStringLiteral("the Kubernetes client is not open"));
    auto bearer = token();
    if (!bearer)
        return fail(bearer.error());
    QNetworkRequest r(url);
    r.setSslConfiguration(m_ssl);
    // One HTTP/1.1 connection per stream keeps a long watch from sharing a connection's fate.
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setRawHeader("Accept", "application/json");
    r.setRawHeader("User-Agent", "orchestratord-operator");
    r.setRawHeader("Authorization", "Bearer " + bearer.value().toLatin1());
    return r;
}

QNetworkReply* KubeClient::track(QNetworkReply* reply)
{
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>& errors) {
        QStringList texts;
        for (const QSslError& e : errors)
            texts << e.errorString();
        reply->setProperty(kSslErrorsProperty, texts.join(QStringLiteral("; ")));
        // Never ignored: the handshake fails and the reply finishes with an error.
    });
    return reply;
}

QString KubeClient::errorText(QNetworkReply* reply) const
{
    const QString target = m_config.apiServer.toString();
    const QString sslErrors = reply->property(kSslErrorsProperty).toString();
    if (!sslErrors.isEmpty() || reply->error() == QNetworkReply::SslHandshakeFailedError)
        return QStringLiteral("TLS handshake with %1 failed: %2 (the server's certificate must be signed "
                              "by the CA in %3)")
            .arg(target, sslErrors.isEmpty() ? reply->errorString() : sslErrors, m_config.caFile);
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (http != 0)
        return QStringLiteral("%1: HTTP %2").arg(reply->url().path()).arg(http);
    return QStringLiteral("%1: %2").arg(target, reply->errorString());
}

void KubeClient::getInstance(QObject* context, Done done)
{
    send("GET", m_config.url(m_config.instancePath()), {}, {}, false, context, std::move(done));
}

void KubeClient::patchStatus(const nlohmann::json& mergePatch, QObject* context, Done done)
{
    const std::string body = mergePatch.dump();
    send("PATCH", m_config.url(m_config.instancePath() + QStringLiteral("/status")),
         QByteArray(body.data(), static_cast<qsizetype>(body.size())), "application/merge-patch+json", false,
         context, std::move(done));
}

void KubeClient::send(const QByteArray& verb, const QUrl& url, const QByteArray& body,
                      const QByteArray& contentType, bool retried, QObject* context, Done done)
{
    auto req = request(url);
    if (!req) {
        // Asynchronous like every other outcome.
        QMetaObject::invokeMethod(
            context, [done = std::move(done), error = req.error()] { done(fail(error)); },
            Qt::QueuedConnection);
        return;
    }
    QNetworkRequest r = req.value();
    r.setTransferTimeout(m_config.requestTimeoutMs);
    if (!contentType.isEmpty())
        r.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply* reply = track(verb == "GET" ? m_nam->get(r) : m_nam->sendCustomRequest(r, verb, body));
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, verb, url, body, contentType, retried, guard, done = std::move(done)]() mutable {
                reply->deleteLater();
                if (!guard)
                    return;
                const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (http == 0) {
                    done(fail(QStringLiteral("%1 %2: %3")
                                  .arg(QString::fromLatin1(verb), url.path(), errorText(reply))));
                    return;
                }
                if (http == 401 && !retried) {
                    // The token may have rotated since it was read: read it again and retry once.
                    const QString before = m_token;
                    invalidateToken();
                    auto now = token();
                    if (now && now.value() != before) {
                        send(verb, url, body, contentType, true, guard.data(), std::move(done));
                        return;
                    }
                }
                const QByteArray raw = reply->read(kMaxBodyBytes + 1);
                if (raw.size() > kMaxBodyBytes) {
                    done(fail(QStringLiteral("%1 %2: the response is larger than %3 bytes")
                                  .arg(QString::fromLatin1(verb), url.path())
                                  .arg(kMaxBodyBytes)));
                    return;
                }
                KubeResponse response;
                response.httpStatus = http;
                if (!raw.isEmpty()) {
                    auto parsed
                        = json::parseStrict(std::string_view(raw.constData(), std::size_t(raw.size())));
                    if (parsed)
                        response.body = std::move(parsed.value());
                    else if (response.ok()) {
                        done(fail(QStringLiteral("%1 %2: the response is not JSON: %3")
                                      .arg(QString::fromLatin1(verb), url.path(), parsed.error())));
                        return;
                    }
                }
                if (!response.ok())
                    response.message = QStringLiteral("%1 %2: HTTP %3: %4")
                                           .arg(QString::fromLatin1(verb), url.path())
                                           .arg(http)
                                           .arg(statusMessage(response.body, raw));
                done(std::move(response));
            });
}

Result<QNetworkReply*> KubeClient::openWatch(const QString& resourceVersion)
{
    QList<std::pair<QString, QString>> query {
        { QStringLiteral("watch"), QStringLiteral("true") },
        { QStringLiteral("fieldSelector"), QStringLiteral("metadata.name=") + m_config.name },
        { QStringLiteral("allowWatchBookmarks"), QStringLiteral("true") },
        { QStringLiteral("timeoutSeconds"), QString::number(m_config.watchTimeoutSeconds) },
    };
    if (!resourceVersion.isEmpty())
        query.append({ QStringLiteral("resourceVersion"), resourceVersion });
    auto req = request(m_config.url(m_config.collectionPath(), query));
    if (!req)
        return fail(req.error());
    QNetworkRequest r = req.value();
    // Silence longer than the server's own timeout means the connection is gone.
    r.setTransferTimeout((m_config.watchTimeoutSeconds + 30) * 1000);
    return track(m_nam->get(r));
}

} // namespace orch::kube
