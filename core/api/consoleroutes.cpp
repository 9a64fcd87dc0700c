// The console's endpoints under /api/v1: metric ingest, series, detections, governance (the ledger
// and the month's outcomes), events (long poll), weight posterior, who am I, the spec; and
// Prometheus' /metrics. The answers are the client interface's typed values
// (core/client/clienttypes.h) computed by its shared queries (core/client/queries.h), so the
// embedded and the remote console see the same thing. Anything that reads the store runs on the
// engine thread (the store is not thread-safe); parsing and validation run before, on the
// connection thread.
#include <algorithm>
#include <limits>
#include <map>

#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "api/metrics.h"
#include "api/shardhost.h"
#include "common/strictjson.h"

namespace orch::api {

namespace {

constexpr int kMaxNameLength = 64;
constexpr int kMaxEventWaitSeconds = 30;

// Dealer and feature names: as in sample files (store/sampleimport.h).
QString checkName(FieldReader& r, const char* key)
{
    QString name = r.string(key, kMaxNameLength);
    if (name.isEmpty())
        r.fail("invalid_value", key, QStringLiteral("must not be empty"));
    for (QChar c : std::as_const(name)) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.'
            || u == '_' || u == ':' || u == '-';
        if (!ok)
            r.fail("invalid_value", key, QStringLiteral("may only contain A-Z a-z 0-9 . _ : -"));
    }
    return name;
}

Sample readSample(const nlohmann::json& v, const QString& path, std::optional<qint64> line)
{
    FieldReader r(v, path, line);
    Sample s;
    s.dealer = checkName(r, "dealer");
    s.feature = checkName(r, "feature");
    const QString timestamp = r.string("timestamp", 40);
    const auto t = parseIsoUtc(timestamp);
    if (!t)
        r.fail("invalid_value", "timestamp",
               QStringLiteral("must be an ISO-8601 UTC time such as 2026-01-15T02:00:00Z"));
    s.timestamp = *t;
    s.value = r.number("value");
    r.finish();
    return s;
}

struct ParsedSamples
{
    std::vector<Sample> samples;
    std::vector<std::pair<QString, std::optional<qint64>>> where; // each sample's path and line
};

ParsedSamples parseSamples(const HttpRequest& request)
{
    requireJsonContent(request, BodyKind::JsonOrLines);
    ParsedSamples out;
    const QByteArray& body = request.body;
    qsizetype first = 0;
    while (first < body.size()
           && (body[first] == ' ' || body[first] == '\t' || body[first] == '\r' || body[first] == '\n'))
        ++first;
    const bool lines = isJsonLines(request) || (first < body.size() && body[first] == '{');
    if (lines) {
        qint64 lineNumber = 0;
        qsizetype start = 0;
        while (start < body.size()) {
            qsizetype end = body.indexOf('\n', start);
            if (end < 0)
                end = body.size();
            const QByteArrayView line = QByteArrayView(body).sliced(start, end - start).trimmed();
            start = end + 1;
            ++lineNumber;
            if (line.isEmpty())
                continue;
            const nlohmann::json doc = parseJson(std::string_view(line.data(), std::size_t(line.size())),
                                                 QStringLiteral("$"), lineNumber);
            out.samples.push_back(readSample(doc, QStringLiteral("$"), lineNumber));
            out.where.emplace_back(QStringLiteral("$"), lineNumber);
        }
    } else {
        const nlohmann::json doc = parseJson(std::string_view(body.constData(), std::size_t(body.size())));
        if (!doc.is_array())
            throw badRequest("invalid_type",
                             QStringLiteral("$: must be an array of samples (or JSON lines), got ")
                                 + json::typeName(doc),
                             QStringLiteral("$"));
        for (std::size_t i = 0; i < doc.size(); ++i) {
            const QString path = QStringLiteral("$[%1]").arg(i);
            out.samples.push_back(readSample(doc[i], path, std::nullopt));
            out.where.emplace_back(path, std::nullopt);
        }
    }
    if (out.samples.empty())
        throw badRequest("missing_body", QStringLiteral("$: no samples"), QStringLiteral("$"));
    // Samples must arrive in time order per series (DriftSentinel refuses older ones): refuse a
    // request that contradicts itself, naming the sample.
    std::map<std::pair<QString, QString>, TimeMs> latest;
    for (std::size_t i = 0; i < out.samples.size(); ++i) {
        const Sample& s = out.samples[i];
        auto [it, inserted] = latest.try_emplace({ s.dealer, s.feature }, s.timestamp);
        if (!inserted) {
            if (s.timestamp <= it->second) {
                const auto& [path, line] = out.where[i];
                ApiError e = badRequest(
                    "out_of_order",
                    QStringLiteral("%1.timestamp: not after the previous sample of %2/%3 in this request")
                        .arg(path, s.dealer, s.feature),
                    path + QStringLiteral(".timestamp"));
                e.line = line;
                if (line)
                    e.message = QStringLiteral("line %1: %2").arg(*line).arg(e.message);
                throw e;
            }
            it->second = s.timestamp;
        }
    }
    return out;
}

void ingest(const Call& call)
{
    auto parsed = std::make_shared<ParsedSamples>(parseSamples(call.request()));
    call.onEngine([parsed](EngineHost& engine, const Call& call) {
        // A sharded replica refuses dealers of shards it does not hold: 421 (docs/sharding.md).
        refuseMisdirected(engine, parsed->samples, [&](std::size_t i) { return parsed->where[i]; });
        const OrchestratorCounters before = engine.orchestrator().counters();
        if (auto st = engine.ingest(parsed->samples); !st) {
            ApiError e;
            e.status = 409;
            e.code = "conflict";
            e.message = QStringLiteral("nothing was stored: ") + st.error();
            throw e;
        }
        const OrchestratorCounters& after = engine.orchestrator().counters();
        call.json({ { "received", parsed->samples.size() },
                    { "accepted", after.samples - before.samples },
                    { "late", after.lateSamples - before.lateSamples } });
    });
}

void seriesList(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    call.onEngine([](EngineHost& engine, const Call& call) {
        call.json(queries::seriesList(engineQueries(engine)).toJson());
    });
}

void seriesPoints(const Call& call)
{
    QueryReader q(call.request());
    SeriesQuery query;
    query.from = q.time("from");
    query.to = q.time("to");
    query.maxPoints = int(q.integer("max_points", 2, queries::kMaxSeriesPoints).value_or(1000));
    q.finish();
    if (auto e = queries::validate(query))
        raise(*e);
    call.onEngine([query](EngineHost& engine, const Call& call) mutable {
        query.dealer = call.params().at(0);
        query.feature = call.params().at(1);
        call.json(take(queries::seriesPoints(engineQueries(engine), query)).toJson());
    });
}

void detections(const Call& call)
{
    QueryReader q(call.request());
    DetectionQuery query;
    query.from = q.time("from");
    query.to = q.time("to");
    query.limit = int(q.integer("limit", 1, queries::kMaxListLimit).value_or(100));
    q.finish();
    call.onEngine([query](EngineHost& engine, const Call& call) {
        call.json(take(queries::detections(engineQueries(engine), query)).toJson());
    });
}

void governance(const Call& call)
{
    QueryReader q(call.request());
    const auto month = q.string("month", 7);
    q.finish();
    const std::optional<TimeMs> at = take(queries::parseMonth(month.value_or(QString())));
    call.onEngine([at](EngineHost& engine, const Call& call) {
        call.json(take(queries::governance(engineQueries(engine), at)).toJson());
    });
}

void governanceOutcomes(const Call& call)
{
    QueryReader q(call.request());
    const auto month = q.string("month", 7);
    q.finish();
    const std::optional<TimeMs> at = take(queries::parseMonth(month.value_or(QString())));
    call.onEngine([at](EngineHost& engine, const Call& call) {
        call.json(take(queries::governanceOutcomes(engineQueries(engine), at)).toJson());
    });
}

void events(const Call& call)
{
    QueryReader q(call.request());
    const qint64 after = q.integer("after", 0, std::numeric_limits<qint64>::max()).value_or(0);
    const int wait = int(q.integer("wait", 0, kMaxEventWaitSeconds).value_or(0));
    const int limit = int(q.integer("limit", 1, queries::kMaxListLimit).value_or(100));
    q.finish();
    call.onEngine([after, wait, limit](EngineHost& engine, const Call& call) {
        engine.waitForEvents(after, limit, wait * 1000,
                             [call, after](Result<std::vector<EventRecord>> found) {
                                 guarded(call, [&] {
                                     if (!found) {
                                         ApiError e;
                                         e.status = 503;
                                         e.code = "unavailable";
                                         e.message = found.error();
                                         throw e;
                                     }
                                     EventPage page;
                                     page.cursor = after;
                                     for (const EventRecord& e : *found)
                                         page.cursor = std::max(page.cursor, e.id);
                                     page.events = std::move(found).value();
                                     call.json(page.toJson());
                                 });
                             });
    });
}

// Who the caller is to this server: the console hides what the role does not allow.
void whoami(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    const Identity& identity = call.identity();
    Capabilities c;
    c.role = AccessRole(int(identity.role));
    c.identity = decisionIdentity(call);
    c.anonymous = identity.anonymous;
    c.tokenId = identity.tokenId;
    const auto snap = call.service().engine().snapshot();
    c.engineNow = snap->now;
    c.shard = snap->shard; // which replica of a sharded orchestrator answers (brief in the JSON)
    call.json(c.toJson());
}

// The spec the engine runs (defaults filled in).
void spec(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    call.onEngine(
        [](EngineHost& engine, const Call& call) { call.json(engine.orchestrator().spec().toJson()); });
}

void weightPosterior(const Call& call)
{
    const auto snap = call.service().engine().snapshot();
    if (!snap->posteriorBody) {
        ApiError e;
        e.status = 404;
        e.code = "not_available";
        e.message = QStringLiteral("the AdaptiveWeightLearner has not produced a posterior yet");
        throw e;
    }
    call.rawJson(*snap->posteriorBody);
}

void metrics(const Call& call)
{
    ApiService& service = call.service();
    HttpResponse r;
    r.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
    r.body = service.metrics().render(*service.engine().snapshot(), service.openConnections());
    call.respond(std::move(r));
}

} // namespace

void registerConsoleRoutes(ApiService& service)
{
    Router& r = service.router();
    r.add("POST", QStringLiteral("/api/v1/samples"), Role::Analyst, ingest);
    r.add("GET", QStringLiteral("/api/v1/series"), Role::Viewer, seriesList);
    r.add("GET", QStringLiteral("/api/v1/series/{dealer}/{feature}"), Role::Viewer, seriesPoints);
    r.add("GET", QStringLiteral("/api/v1/detections"), Role::Viewer, detections);
    r.add("GET", QStringLiteral("/api/v1/governance"), Role::Viewer, governance);
    r.add("GET", QStringLiteral("/api/v1/governance/outcomes"), Role::Viewer, governanceOutcomes);
    r.add("GET", QStringLiteral("/api/v1/events"), Role::Viewer, events);
    r.add("GET", QStringLiteral("/api/v1/weights/posterior"), Role::Viewer, weightPosterior);
    r.add("GET", QStringLiteral("/api/v1/whoami"), Role::Viewer, whoami);
    r.add("GET", QStringLiteral("/api/v1/spec"), Role::Viewer, spec);
    r.add("GET", QStringLiteral("/metrics"), Role::Viewer, metrics);
}

} // namespace orch::api
