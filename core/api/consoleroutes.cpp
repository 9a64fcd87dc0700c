// The console's endpoints under /api/v1: metric ingest, series, detections, governance, events
// (long poll), weight posterior; and Prometheus' /metrics. Anything that reads the store runs on
// the engine thread (the store is not thread-safe); parsing and validation run before, on the
// connection thread.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "api/metrics.h"
#include "common/strictjson.h"

namespace orch::api {

namespace {

constexpr int kMaxNameLength = 64;
constexpr int kMaxEventWaitSeconds = 30;

nlohmann::ordered_json isoOrNull(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::ordered_json(formatIso(*t).toStdString()) : nlohmann::ordered_json();
}

std::string str(const QString& s)
{
    return s.toStdString();
}

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
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const SeriesSnapshot& s : engine.orchestrator().sentinel().snapshot()) {
            list.push_back({ { "dealer", str(s.dealer) },
                             { "feature", str(s.feature) },
                             { "samples", s.samples },
                             { "monitored", s.monitored },
                             { "lastStd", std::isfinite(s.lastStd) ? s.lastStd : 0.0 },
                             { "drifting", s.drifting } });
        }
        call.json({ { "series", std::move(list) } });
    });
}

// Min/max-preserving downsampling: the range is cut into maxPoints/2 buckets of equal time and
// each bucket keeps its lowest and highest sample, in time order, so spikes survive.
std::vector<const Sample*> downsample(const std::vector<Sample>& samples, int maxPoints, TimeMs from,
                                      TimeMs to)
{
    std::vector<const Sample*> out;
    if (int(samples.size()) <= maxPoints) {
        for (const Sample& s : samples)
            out.push_back(&s);
        return out;
    }
    const int buckets = std::max(1, maxPoints / 2);
    const TimeMs first = std::max(from, samples.front().timestamp);
    const TimeMs last = std::min(to - 1, samples.back().timestamp);
    const double width = double(last - first + 1) / buckets;
    std::size_t i = 0;
    for (int b = 0; b < buckets && i < samples.size(); ++b) {
        const TimeMs end = b + 1 == buckets ? std::numeric_limits<TimeMs>::max()
                                            : first + TimeMs(std::ceil(width * (b + 1)));
        const Sample* lo = nullptr;
        const Sample* hi = nullptr;
        for (; i < samples.size() && samples[i].timestamp < end; ++i) {
            const Sample* s = &samples[i];
            if (!lo || s->value < lo->value)
                lo = s;
            if (!hi || s->value > hi->value)
                hi = s;
        }
        if (!lo)
            continue;
        if (lo == hi) {
            out.push_back(lo);
        } else if (lo->timestamp < hi->timestamp) {
            out.push_back(lo);
            out.push_back(hi);
        } else {
            out.push_back(hi);
            out.push_back(lo);
        }
    }
    return out;
}

void seriesPoints(const Call& call)
{
    QueryReader q(call.request());
    const auto from = q.time("from");
    const auto to = q.time("to");
    const int maxPoints = int(q.integer("max_points", 2, 100000).value_or(1000));
    q.finish();
    if (from && to && *from >= *to)
        throw badRequest("out_of_range", QStringLiteral("?from: must be before ?to"),
                         QStringLiteral("?from"));
    call.onEngine([from, to, maxPoints](EngineHost& engine, const Call& call) {
        const QString& dealer = call.params().at(0);
        const QString& feature = call.params().at(1);
        const TimeMs end = to.value_or(engine.now() + 1);
        const TimeMs begin = from.value_or(end - 7 * kDayMs);
        auto samples = engine.store().samples(dealer, feature, begin, end);
        if (!samples)
            throw std::runtime_error(samples.error().toStdString());
        if (samples->empty()) {
            bool known = false;
            for (const SeriesSnapshot& s : engine.orchestrator().sentinel().snapshot())
                known = known || (s.dealer == dealer && s.feature == feature);
            if (!known) {
                ApiError e;
                e.status = 404;
                e.code = "not_found";
                e.message = QStringLiteral("no series %1/%2").arg(dealer, feature);
                throw e;
            }
        }
        const auto points = downsample(*samples, maxPoints, begin, end);
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const Sample* s : points)
            list.push_back(nlohmann::ordered_json::array({ s->timestamp, s->value }));
        call.json({ { "dealer", str(dealer) },
                    { "feature", str(feature) },
                    { "from", str(formatIso(begin)) },
                    { "to", str(formatIso(end)) },
                    { "totalPoints", samples->size() },
                    { "downsampling", points.size() < samples->size() ? "minmax" : "none" },
                    { "points", std::move(list) } });
    });
}

nlohmann::ordered_json detectionJson(const Detection& d)
{
    return { { "id", d.id },
             { "dealer", str(d.dealer) },
             { "feature", str(d.feature) },
             { "openedAt", str(formatIso(d.openedAt)) },
             { "closedAt", isoOrNull(d.closedAt) },
             { "open", !d.closedAt.has_value() },
             { "threshold", d.threshold },
             { "firstStd", d.firstStd },
             { "peakStd", d.peakStd },
             { "lastStd", d.lastStd },
             { "flaggedEvaluations", d.flaggedEvaluations } };
}

void detections(const Call& call)
{
    QueryReader q(call.request());
    const TimeMs from = q.time("from").value_or(0);
    const TimeMs to = q.time("to").value_or(std::numeric_limits<TimeMs>::max());
    const int limit = int(q.integer("limit", 1, 1000).value_or(100));
    q.finish();
    call.onEngine([from, to, limit](EngineHost& engine, const Call& call) {
        auto found = engine.store().detections(from, to, limit);
        if (!found)
            throw std::runtime_error(found.error().toStdString());
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const Detection& d : *found)
            list.push_back(detectionJson(d));
        call.json({ { "detections", std::move(list) } });
    });
}

void governance(const Call& call)
{
    QueryReader q(call.request());
    const auto month = q.string("month", 7);
    q.finish();
    std::optional<TimeMs> at;
    if (month) {
        at = parseIsoUtc(QString(*month + QStringLiteral("-01T00:00:00Z")));
        if (!at || month->size() != 7)
            throw badRequest("invalid_type",
                             QStringLiteral("?month: must be YYYY-MM, got \"%1\"").arg(*month),
                             QStringLiteral("?month"));
    }
    call.onEngine([at](EngineHost& engine, const Call& call) {
        const TimeMs when = at.value_or(engine.now());
        const QString key = monthKey(when);
        const GovernanceSpec& spec = engine.orchestrator().spec().governance;
        const qint64 cap = GovernanceLedger::toMicros(spec.maxApiCostPerDealerMonth);
        auto series = engine.store().series();
        if (!series)
            throw std::runtime_error(series.error().toStdString());
        QStringList dealers;
        for (const auto& [dealer, feature] : *series) {
            if (dealers.isEmpty() || dealers.back() != dealer)
                dealers.append(dealer);
        }
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        qint64 minRemaining = cap;
        for (const QString& dealer : std::as_const(dealers)) {
            auto spent = engine.store().spend(dealer, key);
            if (!spent)
                throw std::runtime_error(spent.error().toStdString());
            const qint64 remaining = std::max<qint64>(0, cap - *spent);
            minRemaining = std::min(minRemaining, remaining);
            list.push_back({ { "dealer", str(dealer) },
                             { "spent", GovernanceLedger::toDollars(*spent) },
                             { "remaining", GovernanceLedger::toDollars(remaining) } });
        }
        call.json({ { "month", str(key) },
                    { "capPerDealer", spec.maxApiCostPerDealerMonth },
                    { "minRewardThreshold", spec.minRewardThreshold },
                    { "apiCostRemaining", GovernanceLedger::toDollars(minRemaining) },
                    { "dealers", std::move(list) } });
    });
}

nlohmann::ordered_json eventJson(const EventRecord& e)
{
    return { { "id", e.id },
             { "at", str(formatIso(e.at)) },
             { "type", str(e.type) },
             { "severity", str(e.severity) },
             { "dealer", str(e.dealer) },
             { "feature", str(e.feature) },
             { "causeId", e.causeId },
             { "message", str(e.message) } };
}

void events(const Call& call)
{
    QueryReader q(call.request());
    const qint64 after = q.integer("after", 0, std::numeric_limits<qint64>::max()).value_or(0);
    const int wait = int(q.integer("wait", 0, kMaxEventWaitSeconds).value_or(0));
    const int limit = int(q.integer("limit", 1, 1000).value_or(100));
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
                                     nlohmann::ordered_json list = nlohmann::ordered_json::array();
                                     qint64 cursor = after;
                                     for (const EventRecord& e : *found) {
                                         list.push_back(eventJson(e));
                                         cursor = std::max(cursor, e.id);
                                     }
                                     call.json({ { "events", std::move(list) }, { "cursor", cursor } });
                                 });
                             });
    });
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
    r.add("GET", QStringLiteral("/api/v1/events"), Role::Viewer, events);
    r.add("GET", QStringLiteral("/api/v1/weights/posterior"), Role::Viewer, weightPosterior);
    r.add("GET", QStringLiteral("/metrics"), Role::Viewer, metrics);
}

} // namespace orch::api
