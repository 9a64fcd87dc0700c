#include "api/apiservice.h"

#include <QThreadPool>

#include "api/apilogging.h"
#include "api/enginehost.h"
#include "api/metrics.h"

namespace orch::api {

struct Call::State
{
    ~State()
    {
        if (!answered.exchange(true)) {
            // Dropped unanswered: the engine stopped before running the work.
            ApiError e;
            e.status = 503;
            e.code = "unavailable";
            e.message = QStringLiteral("the orchestrator is shutting down");
            send(e.status, e.body(), {});
        }
    }

    void send(int status, QByteArray body, std::vector<std::pair<QByteArray, QByteArray>> headers,
              QByteArray contentType = QByteArrayLiteral("application/json"))
    {
        HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers = std::move(headers);
        r.contentType = std::move(contentType);
        finish(std::move(r));
    }

    void finish(HttpResponse r)
    {
        r.headOnly = request.method == "HEAD";
        if (!request.keepAlive)
            r.close = true;
        const double seconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        service->metrics().observe(endpoint, request.method, r.status, seconds);
        qCDebug(lcHttp) << request.peer.toString() << request.method << request.path << r.status;
        reply.send(std::move(r));
    }

    ApiService* service = nullptr;
    HttpRequest request;
    HttpReply reply;
    QStringList params;
    Identity identity;
    QString endpoint;
    std::chrono::steady_clock::time_point started;
    std::atomic_bool answered { false };
};

const HttpRequest& Call::request() const
{
    return d->request;
}

const QStringList& Call::params() const
{
    return d->params;
}

const Identity& Call::identity() const
{
    return d->identity;
}

ApiService& Call::service() const
{
    return *d->service;
}

void Call::respond(HttpResponse response) const
{
    if (d->answered.exchange(true)) {
        qCWarning(lcApi) << "a second answer to" << d->request.method << d->request.path << "was dropped";
        return;
    }
    d->finish(std::move(response));
}

void Call::json(const nlohmann::ordered_json& body, int status) const
{
    rawJson(QByteArray::fromStdString(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
            status);
}

void Call::rawJson(QByteArray body, int status) const
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    respond(std::move(r));
}

void Call::error(const ApiError& error) const
{
    HttpResponse r;
    r.status = error.status;
    r.body = error.body();
    r.headers = error.headers;
    respond(std::move(r));
}

queries::Engine engineQueries(EngineHost& engine)
{
    return { engine.orchestrator(), engine.store(), engine.now(), engine.auditLog(), engine.dataDir() };
}

void raise(const queries::QueryError& error)
{
    if (error.status >= 500 && error.status != 503)
        throw std::runtime_error(error.message.toStdString());
    ApiError e;
    e.status = error.status;
    e.code = error.code;
    e.message = error.message;
    e.field = error.field;
    throw e;
}

QString decisionIdentity(const Call& call)
{
    const Identity& identity = call.identity();
    return identity.name.isEmpty() ? QStringLiteral("anonymous") : identity.name;
}

void guarded(const Call& call, const std::function<void()>& f)
{
    try {
        f();
    } catch (const ApiError& e) {
        call.error(e);
    } catch (const std::exception& e) {
        qCWarning(lcApi) << "internal error on" << call.request().method << call.request().path << e.what();
        ApiError err;
        err.status = 500;
        err.code = "internal";
        err.message = QStringLiteral("internal error");
        call.error(err);
    }
}

void Call::onEngine(std::function<void(EngineHost&, const Call&)> work) const
{
    Call self = *this;
    const bool posted = d->service->engine().post(
        [self, work = std::move(work)](EngineHost& engine) { guarded(self, [&] { work(engine, self); }); });
    if (!posted) {
        ApiError e;
        e.status = 503;
        e.code = "unavailable";
        e.message = QStringLiteral("the orchestrator is not running");
        error(e);
    }
}

void Call::onPool(std::function<void(const Call&)> work) const
{
    Call self = *this;
    QThreadPool::globalInstance()->start(
        [self, work = std::move(work)] { guarded(self, [&] { work(self); }); });
}

ApiService::ApiService(EngineHost& engine, ApiMetrics& metrics, Settings settings)
    : m_engine(engine)
    , m_metrics(metrics)
    , m_settings(std::move(settings))
    , m_limiter(m_settings.limiter)
{
    registerRoutes();
}

ApiService::~ApiService() = default;

void ApiService::registerRoutes()
{
    registerFormulaRoutes(*this);
    registerConsoleRoutes(*this);
    registerAuditRoutes(*this);
    registerFixRoutes(*this);
    registerWhatIfRoutes(*this);
    registerAlertRoutes(*this);
    registerShardRoutes(*this);
}

std::optional<ApiError> ApiService::authenticate(const HttpRequest& request, Identity& identity)
{
    if (!m_settings.tokens) {
        identity.role = Role::Approver;
        identity.name = QStringLiteral("anonymous");
        identity.anonymous = true;
        return std::nullopt;
    }
    if (const int wait = m_limiter.retryAfter(request.peer); wait > 0) {
        ApiError e;
        e.status = 429;
        e.code = "too_many_failures";
        e.message
            = QStringLiteral("too many failed authentications from this address; retry in %1 s").arg(wait);
        e.headers.emplace_back("Retry-After", QByteArray::number(wait));
        return e;
    }
    const QByteArrayView header = request.header("authorization");
    ApiError e;
    e.status = 401;
    e.code = "unauthorized";
    e.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"orchestratord\"");
    if (header.isNull()) {
        e.message = QStringLiteral("a bearer token is required (Authorization: Bearer TOKEN)");
        return e;
    }
    const bool bearer = header.size() > 7 && header.first(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    const auto found = bearer ? m_settings.tokens->authenticate(header.sliced(7).trimmed()) : std::nullopt;
    if (!found) {
        m_metrics.authenticationFailed();
        const int wait = m_limiter.recordFailure(request.peer);
        if (wait > 0) {
            ApiError blocked;
            blocked.status = 429;
            blocked.code = "too_many_failures";
            blocked.message
                = QStringLiteral("too many failed authentications from this address; retry in %1 s")
                      .arg(wait);
            blocked.headers.emplace_back("Retry-After", QByteArray::number(wait));
            return blocked;
        }
        e.message = QStringLiteral("the bearer token is not valid");
        return e;
    }
    identity = *found;
    return std::nullopt;
}

void ApiService::refused(int status)
{
    m_metrics.observe(QStringLiteral("(connection)"), "-", status, 0);
}

void ApiService::handle(HttpRequest&& request, HttpReply reply)
{
    Call call;
    call.d = std::make_shared<Call::State>();
    Call::State& s = *call.d;
    s.started = std::chrono::steady_clock::now();
    s.service = this;
    s.reply = reply;
    s.request = std::move(request);
    s.endpoint = QStringLiteral("unmatched");

    if (auto refused = authenticate(s.request, s.identity)) {
        call.error(*refused);
        return;
    }
    Router::Match match = m_router.match(s.request.method, s.request.path);
    if (!match.route) {
        ApiError e;
        e.status = match.status;
        if (match.status == 405) {
            e.code = "method_not_allowed";
            e.message = QStringLiteral("%1 is not allowed here; allowed: %2")
                            .arg(QString::fromLatin1(s.request.method), QString::fromLatin1(match.allow));
            e.headers.emplace_back("Allow", match.allow);
        } else {
            e.code = "not_found";
            e.message
                = QStringLiteral("no such endpoint: %1").arg(QString::fromUtf8(s.request.path.left(200)));
        }
        call.error(e);
        return;
    }
    s.endpoint = match.route->pattern;
    s.params = std::move(match.parameters);
    if (int(s.identity.role) < int(match.route->role)) {
        ApiError e;
        e.status = 403;
        e.code = "forbidden";
        e.message = QStringLiteral("%1 needs the %2 role; this token has %3")
                        .arg(match.route->pattern, roleName(match.route->role), roleName(s.identity.role));
        call.error(e);
        return;
    }
    const Router::Handler& handler = match.route->handler;
    guarded(call, [&] { handler(call); });
}

} // namespace orch::api
