#include "net/remoteclient.h"

#include <algorithm>
#include <chrono>

#include <QCoroNetworkReply>
#include <QCoroTimer>
#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "common/strictjson.h"
#include "net/netlogging.h"

namespace orch {

namespace {

// Above this the answer is not one of ours: refuse to buffer it.
constexpr qint64 kMaxBodyBytes = 512LL * 1024 * 1024;

QString notConnected(const QString& reason)
{
    return reason.isEmpty() ? QStringLiteral("not connected") : QStringLiteral("not connected: ") + reason;
}

} // namespace

Status validate(const RemoteOptions& o)
{
    const QString scheme = o.baseUrl.scheme();
    if (!o.baseUrl.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || o.baseUrl.host().isEmpty())
        return fail(QStringLiteral("baseUrl: must be http://HOST:PORT or https://HOST:PORT, got \"%1\"")
                        .arg(o.baseUrl.toString()));
    if (!o.baseUrl.query().isEmpty() || !o.baseUrl.fragment().isEmpty() || !o.baseUrl.userInfo().isEmpty())
        return fail(QStringLiteral("baseUrl: must not carry a query, fragment or user, got \"%1\"")
                        .arg(o.baseUrl.toString()));
    for (QChar c : o.token) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return fail(QStringLiteral("token: must be printable ASCII without spaces"));
    }
    for (qsizetype i = 0; i < o.publicKeyPins.size(); ++i) {
        if (auto pin = parsePublicKeyPin(o.publicKeyPins[i]); !pin)
            return fail(QStringLiteral("publicKeyPins[%1]: %2").arg(i).arg(pin.error()));
    }
    if (!o.publicKeyPins.isEmpty() && scheme != QLatin1String("https"))
        return fail(QStringLiteral("publicKeyPins: public-key pins need an https:// baseUrl, got \"%1\"")
                        .arg(o.baseUrl.toString()));
    if (auto cas = loadCaCertificates(o); !cas)
        return fail(cas.error());
    if (o.requestTimeoutMs < 100 || o.requestTimeoutMs > 600000)
        return fail(
            QStringLiteral("requestTimeoutMs: must be from 100 to 600000, got %1").arg(o.requestTimeoutMs));
    if (o.eventWaitSeconds < 1 || o.eventWaitSeconds > 30)
        return fail(QStringLiteral("eventWaitSeconds: must be from 1 to 30, got %1").arg(o.eventWaitSeconds));
    if (o.statusIntervalMs < 100)
        return fail(QStringLiteral("statusIntervalMs: must be at least 100, got %1").arg(o.statusIntervalMs));
    if (o.retryInitialMs < 10 || o.retryMaxMs < o.retryInitialMs)
        return fail(
            QStringLiteral("retryInitialMs, retryMaxMs: need 10 <= retryInitialMs <= retryMaxMs, got %1, %2")
                .arg(o.retryInitialMs)
                .arg(o.retryMaxMs));
    return success();
}

Result<QList<QSslCertificate>> loadCaCertificates(const RemoteOptions& o)
{
    QList<QSslCertificate> out = o.caCertificates;
    for (qsizetype i = 0; i < o.caCertificateFiles.size(); ++i) {
        const QString& path = o.caCertificateFiles[i];
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("caCertificateFiles[%1]: cannot read \"%2\": %3")
                            .arg(i)
                            .arg(path, file.errorString()));
        const QByteArray data = file.read(16 * 1024 * 1024);
        QList<QSslCertificate> certs = QSslCertificate::fromData(data, QSsl::Pem);
        if (certs.isEmpty())
            certs = QSslCertificate::fromData(data, QSsl::Der);
        certs.removeIf([](const QSslCertificate& c) { return c.isNull(); });
        if (certs.isEmpty())
            return fail(QStringLiteral("caCertificateFiles[%1]: no PEM or DER certificate in \"%2\"")
                            .arg(i)
                            .arg(path));
        out.append(certs);
    }
    return out;
}

Result<QByteArray> parsePublicKeyPin(const QString& text)
{
    const QString pin = text.trimmed();
    const QString shown = pin.left(100);
    QString hex = pin;
    hex.remove(u':');
    bool isHex = hex.size() == 64;
    for (QChar c : hex)
        isHex = isHex && ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'));
    if (isHex)
        return QByteArray::fromHex(hex.toLatin1());
    bool ascii = !pin.isEmpty();
    for (QChar c : pin)
        ascii = ascii && c.unicode() > 0x20 && c.unicode() < 0x7f;
    if (ascii && pin.size() == 44) {
        auto decoded
            = QByteArray::fromBase64Encoding(pin.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && decoded.decoded.size() == 32
            && decoded.decoded.toBase64() == pin.toLatin1()) // canonical: no stray bits, right padding
            return decoded.decoded;
    }
    return fail(QStringLiteral("must be the SHA-256 of the server's SubjectPublicKeyInfo as base64 "
                               "(44 characters, like HPKP pin-sha256) or as 64 hex digits (colons "
                               "allowed), got \"%1\"")
                    .arg(shown));
}

QByteArray publicKeySha256(const QSslCertificate& certificate)
{
    const QByteArray der = certificate.toDer();
    if (der.isEmpty())
        return {};
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.constData());
    X509* x509 = d2i_X509(nullptr, &cursor, long(der.size()));
    if (!x509)
        return {};
    QByteArray digest;
    unsigned char* spki = nullptr;
    // X509_get_X509_PUBKEY returns the certificate's own SubjectPublicKeyInfo (not a copy).
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), &spki);
    if (length > 0 && spki) {
        digest = QCryptographicHash::hash(QByteArrayView(spki, length), QCryptographicHash::Sha256);
        OPENSSL_free(spki);
    }
    X509_free(x509);
    return digest;
}

QString publicKeyPin(const QSslCertificate& certificate)
{
    return QString::fromLatin1(publicKeySha256(certificate).toBase64());
}

RemoteClient::RemoteClient(RemoteOptions options, QObject* parent)
    : OrchestratorClient(parent)
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this))
    , m_retryTimer(new QTimer(this))
    , m_statusTimer(new QTimer(this))
{
    qRegisterMetaType<orch::OrchestratorStatus>();
    qRegisterMetaType<orch::Capabilities>();
    m_network->setAutoDeleteReplies(false);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { connectOnce(++m_generation); });
    connect(m_statusTimer, &QTimer::timeout, this, [this] {
        if (m_state == ConnectionState::Connected && !m_refreshing)
            refreshStatus(m_generation);
    });
}

RemoteClient::~RemoteClient()
{
    ++m_generation;
}

QString RemoteClient::displayName() const
{
    return m_options.displayName.isEmpty() ? m_options.baseUrl.toString(QUrl::RemoveUserInfo)
                                           : m_options.displayName;
}

void RemoteClient::setState(ConnectionState state, const QString& error)
{
    m_error = error;
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT connectionStateChanged(state);
}

void RemoteClient::start()
{
    if (auto st = validate(m_options); !st) {
        setState(ConnectionState::Failed, st.error());
        Q_EMIT errorOccurred(st.error());
        return;
    }
    if (m_state == ConnectionState::Connected || m_state == ConnectionState::Connecting)
        return;
    m_extraCas = loadCaCertificates(m_options).value(); // validate() loaded them already
    m_pins.clear();
    for (const QString& pin : m_options.publicKeyPins)
        m_pins.append(parsePublicKeyPin(pin).value());
    m_retryDelayMs = 0;
    connectOnce(++m_generation);
}

void RemoteClient::stop()
{
    ++m_generation;
    m_retryTimer->stop();
    m_statusTimer->stop();
    setState(ConnectionState::Disconnected);
}

void RemoteClient::refuse(const QString& message)
{
    ++m_generation; // ends the event loop, status refreshes and any scheduled retry
    m_retryTimer->stop();
    m_statusTimer->stop();
    qCWarning(lcNet) << displayName() << message;
    setState(ConnectionState::Failed, message);
    Q_EMIT errorOccurred(message);
}

void RemoteClient::lost(const QString& reason)
{
    ++m_generation; // ends the event loop and status refreshes of the lost connection
    m_statusTimer->stop();
    m_retryDelayMs
        = m_retryDelayMs == 0 ? m_options.retryInitialMs : std::min(m_retryDelayMs * 2, m_options.retryMaxMs);
    const int jitter = int(QRandomGenerator::global()->bounded(m_retryDelayMs / 5 + 1));
    const int delay = m_retryDelayMs + jitter;
    const QString message = QStringLiteral("%1; retrying in %2 s").arg(reason).arg((delay + 999) / 1000);
    qCInfo(lcNet) << displayName() << message;
    setState(ConnectionState::Failed, message);
    Q_EMIT errorOccurred(message);
    Q_EMIT retryScheduled(delay, reason);
    m_retryTimer->start(delay);
}

QNetworkRequest RemoteClient::makeRequest(const QString& path, const QUrlQuery& query, int timeoutMs) const
{
    QUrl url = m_options.baseUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path, QUrl::DecodedMode);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!m_options.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.token.toLatin1());
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_extraCas.isEmpty()) {
            QList<QSslCertificate> cas = tls.caCertificates();
            cas.append(m_extraCas);
            tls.setCaCertificates(cas);
        }
        request.setSslConfiguration(tls);
    }
    return request;
}

namespace {

const char* const kPinMismatch = "orchPinMismatch";

// Empty when the peer's key is one of `pins`; otherwise why not.
QString pinProblem(const QSslCertificate& peer, const QList<QByteArray>& pins)
{
    const QByteArray key = peer.isNull() ? QByteArray() : publicKeySha256(peer);
    if (!key.isEmpty() && pins.contains(key))
        return {};
    return QStringLiteral("the server's public key does not match the pinned keys (publicKeyPins): its "
                          "pin-sha256 is %1")
        .arg(key.isEmpty() ? QStringLiteral("unknown (no certificate)")
                           : QString::fromLatin1(key.toBase64()));
}

} // namespace

void RemoteClient::watchTls(QNetworkReply* reply) const
{
    // No sslErrors handler: a certificate that fails verification fails the request. Pins are an
    // extra check on a verified connection, made after the handshake and before the request is
    // sent (QNetworkReply::encrypted); a mismatch aborts the reply.
    if (m_pins.isEmpty())
        return;
    connect(reply, &QNetworkReply::encrypted, reply, [reply, pins = m_pins] {
        const QString problem = pinProblem(reply->sslConfiguration().peerCertificate(), pins);
        if (problem.isEmpty())
            return;
        qCDebug(lcNet) << reply->url().toString(QUrl::RemoveQuery) << problem
                       << "- closed before the request";
        reply->setProperty(kPinMismatch, problem);
        reply->abort();
    });
}

QCoro::Task<RemoteClient::Reply> RemoteClient::exchange(QByteArray method, QString path, QUrlQuery query,
                                                        QByteArray body, int timeoutMs, bool live)
{
    Reply out;
    if (!live && m_state != ConnectionState::Connected) {
        out.error = notConnected(m_error);
        out.transportFailure = true;
        co_return out;
    }
    QNetworkRequest request
        = makeRequest(path, query, timeoutMs > 0 ? timeoutMs : m_options.requestTimeoutMs);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QPointer<RemoteClient> self(this);
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> reply(
        method == "GET" ? m_network->get(request) : m_network->sendCustomRequest(request, method, body),
        [](QNetworkReply* r) { r->deleteLater(); });
    watchTls(reply.get());
    co_await reply.get();
    if (!self) {
        out.error = QStringLiteral("the client was closed");
        out.transportFailure = true;
        co_return out;
    }
    if (!m_pins.isEmpty()) {
        // Also checked here, whatever the reply did: nothing from an unpinned key is used.
        QString problem = reply->property(kPinMismatch).toString();
        if (problem.isEmpty() && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
            problem = pinProblem(reply->sslConfiguration().peerCertificate(), m_pins);
        if (!problem.isEmpty()) {
            out.error = QStringLiteral("%1: %2").arg(displayName(), problem);
            out.transportFailure = true;
            out.untrusted = true;
            co_return out;
        }
    }
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        out.transportFailure = true;
        out.error = reply->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("no answer from %1 within %2 s")
                  .arg(displayName())
                  .arg(request.transferTimeout() / 1000.0)
            : QStringLiteral("cannot reach %1: %2").arg(displayName(), reply->errorString());
        co_return out;
    }
    out.status = status.toInt();
    if (reply->bytesAvailable() > kMaxBodyBytes) {
        out.error = QStringLiteral("the answer of %1 %2 is too large").arg(QString::fromLatin1(method), path);
        co_return out;
    }
    out.body = reply->readAll();
    if (out.status >= 200 && out.status < 300)
        co_return out;
    // The server's JSON error: {"error":{"status","code","message","field"}}.
    auto parsed = json::parseStrict(std::string_view(out.body.constData(), std::size_t(out.body.size())));
    if (parsed && parsed->is_object() && parsed->contains("error") && (*parsed)["error"].is_object()
        && (*parsed)["error"].value("message", nlohmann::json()).is_string())
        out.error = QString::fromStdString((*parsed)["error"]["message"].get<std::string>());
    else
        out.error = QStringLiteral("HTTP %1 %2")
                        .arg(out.status)
                        .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    co_return out;
}

QCoro::Task<Result<nlohmann::json>> RemoteClient::getJson(QString path, QUrlQuery query, bool live,
                                                          int timeoutMs)
{
    QPointer<RemoteClient> self(this);
    Reply reply = co_await exchange(QByteArrayLiteral("GET"), path, query, {}, timeoutMs, live);
    if (!reply.error.isEmpty()) {
        if (self && reply.untrusted)
            refuse(reply.error);
        else if (self && reply.transportFailure && !live && m_state == ConnectionState::Connected)
            lost(reply.error);
        co_return fail(reply.error);
    }
    auto parsed = json::parseStrict(std::string_view(reply.body.constData(), std::size_t(reply.body.size())));
    if (!parsed)
        co_return fail(
            QStringLiteral("GET %1: the server's answer is not JSON: %2").arg(path, parsed.error()));
    co_return std::move(parsed).value();
}

QCoro::Task<Result<nlohmann::json>> RemoteClient::postJson(QString path, nlohmann::ordered_json body,
                                                           int timeoutMs)
{
    QPointer<RemoteClient> self(this);
    Reply reply = co_await exchange(QByteArrayLiteral("POST"), path, {},
                                    QByteArray::fromStdString(body.dump()), timeoutMs);
    if (!reply.error.isEmpty()) {
        if (self && reply.untrusted)
            refuse(reply.error);
        else if (self && reply.transportFailure && m_state == ConnectionState::Connected)
            lost(reply.error);
        co_return fail(reply.error);
    }
    auto parsed = json::parseStrict(std::string_view(reply.body.constData(), std::size_t(reply.body.size())));
    if (!parsed)
        co_return fail(
            QStringLiteral("POST %1: the server's answer is not JSON: %2").arg(path, parsed.error()));
    co_return std::move(parsed).value();
}

// ---------------------------------------------------------------------------------------------
// The connection: whoami, status, then the event loop and status refreshes.

QCoro::Task<> RemoteClient::connectOnce(quint64 generation)
{
    QPointer<RemoteClient> self(this);
    setState(ConnectionState::Connecting, m_error);
    Reply who
        = co_await exchange(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/whoami"), {}, {}, 0, true);
    if (!self || generation != m_generation)
        co_return;
    if (who.untrusted) {
        // Nor does it fix a key that is not pinned (a replaced key, or someone else's server).
        refuse(who.error);
        co_return;
    }
    if (who.status == 401 || who.status == 403 || who.status == 429) {
        // Retrying does not fix a token: say so and stay Failed until start() is called again.
        refuse(QStringLiteral("%1 refused the token: %2").arg(displayName(), who.error));
        co_return;
    }
    Result<Capabilities> caps = Error { who.error };
    if (who.error.isEmpty()) {
        auto parsed = json::parseStrict(std::string_view(who.body.constData(), std::size_t(who.body.size())));
        caps = parsed
            ? Capabilities::fromJson(*parsed)
            : Result<Capabilities>(Error { QStringLiteral("GET /api/v1/whoami: ") + parsed.error() });
    }
    if (!caps) {
        lost(caps.error());
        co_return;
    }
    auto status = co_await getJson(QStringLiteral("/api/orchestrator/status"), {}, true);
    if (!self || generation != m_generation)
        co_return;
    Result<OrchestratorStatus> parsed = status ? OrchestratorStatus::fromJson(*status)
                                               : Result<OrchestratorStatus>(Error { status.error() });
    if (!parsed) {
        lost(parsed.error());
        co_return;
    }
    // Events from now on: position the cursor after the latest one.
    qint64 cursor = 0;
    for (;;) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("after"), QString::number(cursor));
        q.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
        auto page = co_await getJson(QStringLiteral("/api/v1/events"), q, true);
        if (!self || generation != m_generation)
            co_return;
        Result<EventPage> events
            = page ? EventPage::fromJson(*page) : Result<EventPage>(Error { page.error() });
        if (!events) {
            lost(events.error());
            co_return;
        }
        if (events->events.empty())
            break;
        cursor = events->cursor;
    }
    m_eventCursor = cursor;
    m_retryDelayMs = 0;
    setState(ConnectionState::Connected);
    setCapabilities(*caps);
    parsed->asOf = caps->engineNow;
    if (caps->engineNow > 0)
        Q_EMIT clockChanged(caps->engineNow);
    Q_EMIT statusAvailable(*parsed);
    m_statusTimer->start(m_options.statusIntervalMs);
    eventLoop(generation);
}

QCoro::Task<> RemoteClient::refreshStatus(quint64 generation)
{
    QPointer<RemoteClient> self(this);
    m_refreshing = true;
    auto who = co_await getJson(QStringLiteral("/api/v1/whoami"));
    if (!self)
        co_return;
    m_refreshing = false;
    if (generation != m_generation || !who)
        co_return; // a transport failure already called lost()
    auto caps = Capabilities::fromJson(*who);
    auto status = co_await fetchStatus();
    if (!self || generation != m_generation || !status)
        co_return;
    if (caps) {
        setCapabilities(*caps);
        if (caps->engineNow > 0)
            Q_EMIT clockChanged(caps->engineNow);
    }
    Q_EMIT statusAvailable(*status);
}

QCoro::Task<> RemoteClient::eventLoop(quint64 generation)
{
    QPointer<RemoteClient> self(this);
    while (self && generation == m_generation && m_state == ConnectionState::Connected) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("after"), QString::number(m_eventCursor));
        q.addQueryItem(QStringLiteral("wait"), QString::number(m_options.eventWaitSeconds));
        q.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
        auto page = co_await getJson(QStringLiteral("/api/v1/events"), q, false,
                                     m_options.eventWaitSeconds * 1000 + m_options.requestTimeoutMs);
        if (!self || generation != m_generation)
            co_return;
        Result<EventPage> events
            = page ? EventPage::fromJson(*page) : Result<EventPage>(Error { page.error() });
        if (!events) {
            if (m_state == ConnectionState::Connected) {
                // A refusal (e.g. 503 while the server drains) is not a lost connection: pause, retry.
                Q_EMIT errorOccurred(events.error());
                co_await QCoro::sleepFor(std::chrono::milliseconds(m_options.retryInitialMs));
            }
            continue;
        }
        if (events->events.empty())
            continue;
        m_eventCursor = events->cursor;
        Q_EMIT eventsAvailable(QList<EventRecord>(events->events.begin(), events->events.end()));
        if (!m_refreshing)
            refreshStatus(generation);
    }
}

// ---------------------------------------------------------------------------------------------
// Requests.

namespace {

QString iso(TimeMs t)
{
    return formatIso(t);
}

template<typename T> Result<T> parseAs(const Result<nlohmann::json>& json)
{
    if (!json)
        return fail(json.error());
    return T::fromJson(*json);
}

QString pathSegment(const QString& s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

} // namespace

QCoro::Task<Result<Capabilities>> RemoteClient::fetchCapabilities()
{
    QPointer<RemoteClient> self(this);
    auto caps = parseAs<Capabilities>(co_await getJson(QStringLiteral("/api/v1/whoami")));
    if (self && caps)
        setCapabilities(*caps);
    co_return caps;
}

QCoro::Task<Result<OrchestratorStatus>> RemoteClient::fetchStatus()
{
    co_return parseAs<OrchestratorStatus>(co_await getJson(QStringLiteral("/api/orchestrator/status")));
}

QCoro::Task<Result<OrchestratorSpec>> RemoteClient::fetchSpec()
{
    co_return parseAs<OrchestratorSpec>(co_await getJson(QStringLiteral("/api/v1/spec")));
}

QCoro::Task<Result<SeriesList>> RemoteClient::fetchSeriesList()
{
    co_return parseAs<SeriesList>(co_await getJson(QStringLiteral("/api/v1/series")));
}

QCoro::Task<Result<SeriesPoints>> RemoteClient::fetchSeries(SeriesQuery query)
{
    QUrlQuery q;
    if (query.from)
        q.addQueryItem(QStringLiteral("from"), iso(*query.from));
    if (query.to)
        q.addQueryItem(QStringLiteral("to"), iso(*query.to));
    q.addQueryItem(QStringLiteral("max_points"), QString::number(query.maxPoints));
    co_return parseAs<SeriesPoints>(co_await getJson(
        QStringLiteral("/api/v1/series/%1/%2").arg(pathSegment(query.dealer), pathSegment(query.feature)),
        q));
}

QCoro::Task<Result<DetectionList>> RemoteClient::fetchDetections(DetectionQuery query)
{
    QUrlQuery q;
    if (query.from)
        q.addQueryItem(QStringLiteral("from"), iso(*query.from));
    if (query.to)
        q.addQueryItem(QStringLiteral("to"), iso(*query.to));
    q.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    co_return parseAs<DetectionList>(co_await getJson(QStringLiteral("/api/v1/detections"), q));
}

QCoro::Task<Result<GovernanceReport>> RemoteClient::fetchGovernance(QString month)
{
    QUrlQuery q;
    if (!month.isEmpty())
        q.addQueryItem(QStringLiteral("month"), month);
    co_return parseAs<GovernanceReport>(co_await getJson(QStringLiteral("/api/v1/governance"), q));
}

QCoro::Task<Result<GovernanceOutcomes>> RemoteClient::fetchGovernanceOutcomes(QString month)
{
    QUrlQuery q;
    if (!month.isEmpty())
        q.addQueryItem(QStringLiteral("month"), month);
    co_return parseAs<GovernanceOutcomes>(co_await getJson(QStringLiteral("/api/v1/governance/outcomes"), q));
}

QCoro::Task<Result<EventPage>> RemoteClient::fetchEvents(EventQuery query)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("after"), QString::number(query.after));
    q.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    if (query.waitSeconds > 0)
        q.addQueryItem(QStringLiteral("wait"), QString::number(query.waitSeconds));
    co_return parseAs<EventPage>(co_await getJson(QStringLiteral("/api/v1/events"), q, false,
                                                  query.waitSeconds * 1000 + m_options.requestTimeoutMs));
}

QCoro::Task<Result<RolloutList>> RemoteClient::fetchRollouts(RolloutQuery query)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("active"),
                   query.activeOnly ? QStringLiteral("true") : QStringLiteral("false"));
    q.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    co_return parseAs<RolloutList>(co_await getJson(QStringLiteral("/api/v1/rollouts"), q));
}

QCoro::Task<Result<Rollout>> RemoteClient::fetchRollout(qint64 id)
{
    co_return parseAs<Rollout>(co_await getJson(QStringLiteral("/api/v1/rollouts/%1").arg(id)));
}

QCoro::Task<Result<ApprovalList>> RemoteClient::fetchApprovals()
{
    co_return parseAs<ApprovalList>(co_await getJson(QStringLiteral("/api/v1/approvals")));
}

namespace {

nlohmann::ordered_json commentBody(const QString& comment)
{
    nlohmann::ordered_json body = nlohmann::ordered_json::object();
    body["comment"] = comment.toStdString();
    return body;
}

} // namespace

QCoro::Task<Result<Rollout>> RemoteClient::decideApproval(qint64 id, bool approve, QString comment,
                                                          QString requestHash)
{
    const QString verb = approve ? QStringLiteral("approve") : QStringLiteral("refuse");
    const QString path = QStringLiteral("/api/v1/approvals/%1/%2").arg(id).arg(verb);
    nlohmann::ordered_json body = commentBody(comment);
    if (!requestHash.isEmpty())
        body["requestHash"] = requestHash.toStdString();
    auto answer = co_await postJson(path, std::move(body));
    co_return parseAs<Rollout>(answer);
}

QCoro::Task<Result<Rollout>> RemoteClient::promote(qint64 id, QString comment)
{
    const QString path = QStringLiteral("/api/v1/rollouts/%1/promote").arg(id);
    nlohmann::ordered_json body = commentBody(comment);
    auto answer = co_await postJson(path, std::move(body));
    co_return parseAs<Rollout>(answer);
}

QCoro::Task<Result<Rollout>> RemoteClient::rollback(qint64 id, QString comment)
{
    const QString path = QStringLiteral("/api/v1/rollouts/%1/rollback").arg(id);
    nlohmann::ordered_json body = commentBody(comment);
    auto answer = co_await postJson(path, std::move(body));
    co_return parseAs<Rollout>(answer);
}

QCoro::Task<Result<PolicyDocument>> RemoteClient::fetchPolicy()
{
    co_return parseAs<PolicyDocument>(co_await getJson(QStringLiteral("/api/v1/policy")));
}

QCoro::Task<Result<learning::WeightPosterior>> RemoteClient::fetchWeightPosterior()
{
    co_return parseAs<learning::WeightPosterior>(
        co_await getJson(QStringLiteral("/api/v1/weights/posterior")));
}

QCoro::Task<Result<audit::Checkpoint>> RemoteClient::fetchAuditCheckpoint()
{
    co_return parseAs<audit::Checkpoint>(co_await getJson(QStringLiteral("/api/v1/audit/checkpoint")));
}

QCoro::Task<Result<audit::Checkpoint>> RemoteClient::createAuditCheckpoint()
{
    QPointer<RemoteClient> self(this);
    Reply reply
        = co_await exchange(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/audit/checkpoint"), {}, {}, 0);
    if (!reply.error.isEmpty()) {
        if (self && reply.untrusted)
            refuse(reply.error);
        else if (self && reply.transportFailure && m_state == ConnectionState::Connected)
            lost(reply.error);
        co_return fail(reply.error);
    }
    auto parsed = json::parseStrict(std::string_view(reply.body.constData(), std::size_t(reply.body.size())));
    if (!parsed)
        co_return fail(parsed.error());
    co_return audit::Checkpoint::fromJson(*parsed);
}

namespace {

QUrlQuery auditQuery(const AuditQuery& query, bool withLimitAndActor)
{
    QUrlQuery q;
    if (query.since)
        q.addQueryItem(QStringLiteral("since"), formatIso(*query.since));
    if (query.until)
        q.addQueryItem(QStringLiteral("until"), formatIso(*query.until));
    if (!query.type.isEmpty())
        q.addQueryItem(QStringLiteral("type"), query.type);
    if (query.cause)
        q.addQueryItem(QStringLiteral("cause"), QString::number(*query.cause));
    if (withLimitAndActor) {
        if (!query.actor.isEmpty())
            q.addQueryItem(QStringLiteral("actor"), query.actor);
        q.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    }
    return q;
}

} // namespace

QCoro::Task<Result<AuditEntryList>> RemoteClient::fetchAuditRecords(AuditQuery query)
{
    co_return parseAs<AuditEntryList>(
        co_await getJson(QStringLiteral("/api/v1/audit/records"), auditQuery(query, true)));
}

QCoro::Task<Result<QByteArray>> RemoteClient::fetchAuditBundle(AuditQuery query)
{
    QPointer<RemoteClient> self(this);
    Reply reply = co_await exchange(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/audit/bundle"),
                                    auditQuery(query, false), {}, 0);
    if (!reply.error.isEmpty()) {
        if (self && reply.untrusted)
            refuse(reply.error);
        else if (self && reply.transportFailure && m_state == ConnectionState::Connected)
            lost(reply.error);
        co_return fail(reply.error);
    }
    co_return reply.body;
}

QCoro::Task<Result<RewardWhatIfResult>> RemoteClient::rewardWhatIf(RewardWhatIfRequest request)
{
    co_return parseAs<RewardWhatIfResult>(
        co_await postJson(QStringLiteral("/api/v1/whatif/reward"), request.toJson()));
}

QCoro::Task<Result<PolicyReplayResult>> RemoteClient::replayPolicy(PolicyReplayRequest request)
{
    // A replay may compute for a while before the first byte: allow it (bounded on the server).
    co_return parseAs<PolicyReplayResult>(
        co_await postJson(QStringLiteral("/api/v1/whatif/replay"), request.toJson(), 300000));
}

} // namespace orch
