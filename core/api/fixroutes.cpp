// The learning loop's rollouts over HTTP: listing them, the approvals inbox with its evidence,
// approving or refusing (approver), forced promote and rollback (analyst), the RLController's
// policy, and the audit records behind the decisions. Every decision carries the token's
// identity and a required comment into the audit trail (Orchestrator::decideApproval,
// forcePromote, forceRollback). The engine-side logic is the client interface's
// (core/client/queries.h); here are the HTTP contract's parameters, bodies and roles.
#include <limits>

#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "api/router.h"

namespace orch::api {

namespace {

// A rollout id from the path; anything but a positive decimal integer names no rollout.
qint64 rolloutId(const Call& call)
{
    const QString& text = call.params().at(0);
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0 || text.startsWith(u'+') || text.startsWith(u'0')) {
        ApiError e;
        e.status = 404;
        e.code = "not_found";
        e.message = QStringLiteral("no rollout %1").arg(text.left(40));
        throw e;
    }
    return id;
}

struct DecisionBody
{
    QString comment;
    QString requestHash;
};

// {"comment": "..."}: required, non-empty, at most kMaxCommentLength characters; approvals also
// take "requestHash" (the request the approver saw); nothing else.
DecisionBody readDecision(const Call& call, bool approval)
{
    requireJsonContent(call.request());
    const QByteArray& body = call.request().body;
    const nlohmann::json doc = parseJson(std::string_view(body.constData(), std::size_t(body.size())));
    FieldReader r(doc);
    DecisionBody out;
    out.comment = r.string("comment", kMaxCommentLength);
    if (approval)
        out.requestHash = r.optionalString("requestHash", 64).value_or(QString());
    r.finish();
    if (auto e = queries::validateComment(out.comment))
        raise(*e);
    if (auto e = queries::validateRequestHash(out.requestHash))
        raise(*e);
    return out;
}

void listRollouts(const Call& call)
{
    QueryReader q(call.request());
    RolloutQuery query;
    if (const auto active = q.string("active", 5)) {
        if (*active == QLatin1String("true") || *active == QLatin1String("1"))
            query.activeOnly = true;
        else if (*active == QLatin1String("false") || *active == QLatin1String("0"))
            query.activeOnly = false;
        else
            throw badRequest("invalid_value",
                             QStringLiteral("?active: must be true or false, got \"%1\"").arg(*active),
                             QStringLiteral("?active"));
    }
    query.limit = int(q.integer("limit", 1, queries::kMaxListLimit).value_or(query.limit));
    q.finish();
    call.onEngine([query](EngineHost& engine, const Call& call) {
        call.json(take(queries::rollouts(engineQueries(engine), query)).toJson());
    });
}

void getRollout(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    const qint64 id = rolloutId(call);
    call.onEngine([id](EngineHost& engine, const Call& call) {
        call.json(nlohmann::ordered_json(take(queries::rollout(engineQueries(engine), id)).toJson()));
    });
}

void approvals(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    call.onEngine([](EngineHost& engine, const Call& call) {
        auto list = std::make_shared<ApprovalList>(take(queries::approvals(engineQueries(engine))));
        if (!list->auditAvailable || list->approvals.empty()) {
            call.json(list->toJson());
            return;
        }
        // The cause chains are read from the audit trail's files, off the engine thread.
        call.onPool([list](const Call& call) {
            queries::addCauseChains(*list, call.service().engine().dataDir());
            call.json(list->toJson());
        });
    });
}

// approve / refuse, promote / rollback: the rollout after the action.
template<typename Action> void decide(const Call& call, bool approval, Action action)
{
    QueryReader q(call.request());
    q.finish();
    const qint64 id = rolloutId(call);
    const DecisionBody body = readDecision(call, approval);
    const QString identity = decisionIdentity(call);
    const QString tokenId = call.identity().tokenId;
    call.onEngine([id, body, identity, tokenId, action](EngineHost& engine, const Call& call) {
        Rollout r = take(action(engineQueries(engine), id, identity, tokenId, body));
        engine.publish();
        call.json(nlohmann::ordered_json(r.toJson()));
    });
}

void approve(const Call& call)
{
    decide(call, true,
           [](queries::Engine e, qint64 id, const QString& who, const QString& token, const DecisionBody& b) {
               return queries::decideApproval(e, id, true, who, b.comment, token, b.requestHash);
           });
}

void refuse(const Call& call)
{
    decide(call, true,
           [](queries::Engine e, qint64 id, const QString& who, const QString& token, const DecisionBody& b) {
               return queries::decideApproval(e, id, false, who, b.comment, token, b.requestHash);
           });
}

void promote(const Call& call)
{
    decide(call, false,
           [](queries::Engine e, qint64 id, const QString& who, const QString&, const DecisionBody& b) {
               return queries::promote(e, id, who, b.comment);
           });
}

void rollback(const Call& call)
{
    decide(call, false,
           [](queries::Engine e, qint64 id, const QString& who, const QString&, const DecisionBody& b) {
               return queries::rollback(e, id, who, b.comment);
           });
}

void policy(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    call.onEngine([](EngineHost& engine, const Call& call) {
        call.rawJson(QByteArray::fromStdString(
            queries::policy(engineQueries(engine))
                .document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    });
}

void auditRecords(const Call& call)
{
    QueryReader q(call.request());
    AuditQuery query;
    query.since = q.time("since");
    query.until = q.time("until");
    query.type = q.string("type", 128).value_or(QString());
    query.cause = q.integer("cause", 1, std::numeric_limits<qint64>::max());
    query.actor = q.string("actor", 128).value_or(QString());
    query.limit = int(q.integer("limit", 1, queries::kMaxAuditLimit).value_or(query.limit));
    q.finish();
    if (auto e = queries::validate(query))
        raise(*e);
    if (call.service().engine().snapshot()->auditSequence < 0) {
        ApiError e;
        e.status = 404;
        e.code = "not_available";
        e.message = QStringLiteral("the audit trail is disabled in the spec (telemetry.audit.enabled)");
        throw e;
    }
    call.onPool([query](const Call& call) {
        call.json(take(queries::auditRecords(call.service().engine().dataDir(), query)).toJson());
    });
}

} // namespace

void registerFixRoutes(ApiService& service)
{
    Router& r = service.router();
    r.add("GET", QStringLiteral("/api/v1/rollouts"), Role::Viewer, listRollouts);
    r.add("GET", QStringLiteral("/api/v1/rollouts/{id}"), Role::Viewer, getRollout);
    r.add("POST", QStringLiteral("/api/v1/rollouts/{id}/promote"), Role::Analyst, promote);
    r.add("POST", QStringLiteral("/api/v1/rollouts/{id}/rollback"), Role::Analyst, rollback);
    r.add("GET", QStringLiteral("/api/v1/approvals"), Role::Viewer, approvals);
    r.add("POST", QStringLiteral("/api/v1/approvals/{id}/approve"), Role::Approver, approve);
    r.add("POST", QStringLiteral("/api/v1/approvals/{id}/refuse"), Role::Approver, refuse);
    r.add("GET", QStringLiteral("/api/v1/policy"), Role::Viewer, policy);
    r.add("GET", QStringLiteral("/api/v1/audit/records"), Role::Viewer, auditRecords);
}

} // namespace orch::api
