#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "api/apierror.h"
#include "api/auth.h"
#include "api/httpserver.h"
#include "api/router.h"
#include "client/queries.h"

namespace orch::api {

class ApiMetrics;
class ApiService;
class EngineHost;

// One request being answered: a cheap, copyable handle that can travel to the engine thread or
// the thread pool. Answer exactly once (later answers are ignored); a call dropped unanswered
// (e.g. at shutdown) answers 503 by itself.
class Call
{
public:
    const HttpRequest& request() const;
    const QStringList& params() const;
    const Identity& identity() const;
    ApiService& service() const;

    void respond(HttpResponse response) const;
    void json(const nlohmann::ordered_json& body, int status = 200) const;
    void rawJson(QByteArray body, int status = 200) const;
    void error(const ApiError& error) const;

    // Runs `work(engine, call)` on the engine thread; an ApiError it throws becomes the response.
    void onEngine(std::function<void(EngineHost&, const Call&)> work) const;
    // Runs `work(call)` on the thread pool (file reading: audit checkpoints and bundles).
    void onPool(std::function<void(const Call&)> work) const;

private:
    friend class ApiService;
    struct State;
    std::shared_ptr<State> d;
};

// Runs `f`, turning what it throws into the call's error response (the one place where
// exceptions become HTTP statuses).
void guarded(const Call& call, const std::function<void()>& f);

// The daemon's HTTP API: authentication, routing, metrics; the routes themselves are
// registered by one function per resource (formulasroutes.cpp, consoleroutes.cpp,
// auditroutes.cpp). New resources (approvals, forced promote/rollback, policy, what-if) add a
// register function and a line in registerRoutes().
class ApiService final : public HttpHandler
{
public:
    struct Settings
    {
        std::optional<TokenStore> tokens; // none: every request is allowed (loopback only)
        AuthLimiter::Settings limiter;
    };

    ApiService(EngineHost& engine, ApiMetrics& metrics, Settings settings);
    ~ApiService() override;

    void handle(HttpRequest&& request, HttpReply reply) override;
    void refused(int status) override;

    Router& router() { return m_router; }
    EngineHost& engine() { return m_engine; }
    ApiMetrics& metrics() { return m_metrics; }
    // For /metrics: the open connections (set by the daemon).
    void setConnectionCounter(std::function<int()> counter) { m_connections = std::move(counter); }
    int openConnections() const { return m_connections ? m_connections() : 0; }

private:
    void registerRoutes();
    std::optional<ApiError> authenticate(const HttpRequest& request, Identity& identity);

    EngineHost& m_engine;
    ApiMetrics& m_metrics;
    Settings m_settings;
    AuthLimiter m_limiter;
    Router m_router;
    std::function<int()> m_connections;
};

// The client queries (core/client/queries.h) over the daemon's engine: engine thread only.
queries::Engine engineQueries(EngineHost& engine);
// Throws a query's failure as the HTTP error; an internal one as std::runtime_error (logged,
// answered 500 "internal error" by guarded()).
[[noreturn]] void raise(const queries::QueryError& error);
template<typename T> T take(queries::Answer<T> answer)
{
    if (!answer)
        raise(answer.error());
    return std::move(answer).value();
}
// The identity recorded for the caller's decisions ("anonymous" without a token file).
QString decisionIdentity(const Call& call);

// Route registration, one function per resource.
void registerFormulaRoutes(ApiService& service);
void registerConsoleRoutes(ApiService& service);
void registerAuditRoutes(ApiService& service);
void registerFixRoutes(ApiService& service); // approvals, forced promote/rollback, policy
void registerWhatIfRoutes(ApiService& service);
void registerAlertRoutes(ApiService& service); // alert delivery state
void registerShardRoutes(ApiService& service); // GET /api/v1/shard (api/shardhost.cpp)

} // namespace orch::api
