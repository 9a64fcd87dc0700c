// The audit trail over HTTP: the latest signed checkpoint (GET), a new one (POST, analyst), and
// evidence bundles (core/audit exportBundle). Reading the trail runs on the thread pool; only
// signing a new checkpoint needs the engine thread, where the trail is open.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "audit/auditlog.h"

namespace orch::api {

namespace {

constexpr qint64 kMaxBundleBytes = 256 * 1024 * 1024;

void requireAudit(const Call& call)
{
    if (call.service().engine().snapshot()->auditSequence < 0) {
        ApiError e;
        e.status = 404;
        e.code = "not_available";
        e.message = QStringLiteral("the audit trail is disabled in the spec (telemetry.audit.enabled)");
        throw e;
    }
}

void latestCheckpoint(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    requireAudit(call);
    call.onPool([](const Call& call) {
        auto cp = audit::latestCheckpoint(call.service().engine().dataDir());
        if (!cp) {
            ApiError e;
            e.status = 404;
            e.code = "not_available";
            e.message = cp.error();
            throw e;
        }
        call.json(cp->toJson());
    });
}

void newCheckpoint(const Call& call)
{
    if (!call.request().body.isEmpty())
        throw badRequest("unexpected_body", QStringLiteral("$: this request takes no body"),
                         QStringLiteral("$"));
    requireAudit(call);
    call.onEngine([](EngineHost& engine, const Call& call) {
        audit::AuditLog* log = engine.auditLog();
        auto cp = log->checkpoint();
        if (!cp)
            throw std::runtime_error(cp.error().toStdString());
        call.json(cp->toJson(), 201);
    });
}

void bundle(const Call& call)
{
    QueryReader q(call.request());
    audit::Filter filter;
    filter.since = q.time("since");
    filter.until = q.time("until");
    filter.type = q.string("type", 128).value_or(QString());
    filter.cause = q.integer("cause", 1, std::numeric_limits<qint64>::max());
    q.finish();
    requireAudit(call);
    // Sign a checkpoint first so that everything appended so far can be proven, then export.
    call.onEngine([filter](EngineHost& engine, const Call& call) {
        auto cp = engine.auditLog()->checkpoint();
        if (!cp)
            throw std::runtime_error(cp.error().toStdString());
        const qint64 sequence = cp->sequence;
        call.onPool([filter, sequence](const Call& call) {
            QTemporaryDir dir;
            if (!dir.isValid())
                throw std::runtime_error("cannot create a temporary directory");
            const QString path = dir.filePath(QStringLiteral("bundle.json"));
            if (auto st = audit::exportBundle(call.service().engine().dataDir(), filter, path); !st)
                throw std::runtime_error(st.error().toStdString());
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxBundleBytes)
                throw std::runtime_error("cannot read the exported bundle");
            HttpResponse r;
            r.body = file.readAll();
            r.headers.emplace_back("Content-Disposition",
                                   "attachment; filename=\"evidence-" + QByteArray::number(sequence)
                                       + ".json\"");
            call.respond(std::move(r));
        });
    });
}

} // namespace

void registerAuditRoutes(ApiService& service)
{
    Router& r = service.router();
    r.add("GET", QStringLiteral("/api/v1/audit/checkpoint"), Role::Viewer, latestCheckpoint);
    r.add("POST", QStringLiteral("/api/v1/audit/checkpoint"), Role::Analyst, newCheckpoint);
    r.add("GET", QStringLiteral("/api/v1/audit/bundle"), Role::Viewer, bundle);
}

} // namespace orch::api
