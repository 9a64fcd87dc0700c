#include "client/clienttypes.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QDate>
#include <QDateTime>

#include "common/strictjson.h"

namespace orch {

namespace {

std::string str(const QString& s)
{
    return s.toStdString();
}

nlohmann::ordered_json isoOrNull(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::ordered_json(str(formatIso(*t))) : nlohmann::ordered_json();
}

// Reads a server's answer: every field it asks for must be there with the right type; unknown
// fields are ignored (a newer server may add some). Problems are collected as "path: reason".
class Reader final
{
public:
    Reader(const nlohmann::json* value, QString path, QStringList* errors)
        : m_value(value)
        , m_path(std::move(path))
        , m_errors(errors)
    {
        if (m_value && !m_value->is_object()) {
            m_errors->append(
                QStringLiteral("%1: must be an object, got %2").arg(displayPath(), json::typeName(*m_value)));
            m_value = nullptr;
        }
    }

    QString pathOf(const char* key) const { return json::joinPath(m_path, QString::fromUtf8(key)); }

    const nlohmann::json* find(const char* key, bool required = true)
    {
        if (!m_value)
            return nullptr;
        const auto it = m_value->find(key);
        if (it == m_value->end()) {
            if (required)
                m_errors->append(pathOf(key) + QStringLiteral(": missing"));
            return nullptr;
        }
        return &*it;
    }

    void wrongType(const char* key, const nlohmann::json& v, const char* expected)
    {
        m_errors->append(QStringLiteral("%1: must be %2, got %3")
                             .arg(pathOf(key), QString::fromUtf8(expected), json::typeName(v)));
    }

    QString string(const char* key)
    {
        const nlohmann::json* v = find(key);
        if (!v)
            return {};
        if (!v->is_string()) {
            wrongType(key, *v, "a string");
            return {};
        }
        return QString::fromStdString(v->get<std::string>());
    }

    QString optionalString(const char* key)
    {
        const nlohmann::json* v = find(key, false);
        if (!v || v->is_null())
            return {};
        if (!v->is_string()) {
            wrongType(key, *v, "a string");
            return {};
        }
        return QString::fromStdString(v->get<std::string>());
    }

    std::optional<double> optionalNumber(const char* key, bool required = false)
    {
        const nlohmann::json* v = find(key, required);
        if (!v || v->is_null())
            return std::nullopt;
        if (!v->is_number()) {
            wrongType(key, *v, "a number");
            return std::nullopt;
        }
        return v->get<double>();
    }

    double number(const char* key)
    {
        const nlohmann::json* v = find(key);
        if (!v)
            return 0;
        if (!v->is_number()) {
            wrongType(key, *v, "a number");
            return 0;
        }
        return v->get<double>();
    }

    qint64 integer(const char* key, bool required = true)
    {
        const nlohmann::json* v = find(key, required);
        if (!v)
            return 0;
        if (!v->is_number_integer()) {
            wrongType(key, *v, "an integer");
            return 0;
        }
        return v->get<qint64>();
    }

    bool boolean(const char* key, bool required = true)
    {
        const nlohmann::json* v = find(key, required);
        if (!v)
            return false;
        if (!v->is_boolean()) {
            wrongType(key, *v, "true or false");
            return false;
        }
        return v->get<bool>();
    }

    TimeMs time(const char* key)
    {
        const QString text = string(key);
        if (text.isNull())
            return 0;
        const auto t = parseIsoUtc(text);
        if (!t) {
            m_errors->append(
                QStringLiteral("%1: must be an ISO-8601 UTC time, got \"%2\"").arg(pathOf(key), text));
            return 0;
        }
        return *t;
    }

    std::optional<TimeMs> timeOrNull(const char* key)
    {
        const nlohmann::json* v = find(key);
        if (!v || v->is_null())
            return std::nullopt;
        return time(key);
    }

    const nlohmann::json* array(const char* key, bool required = true)
    {
        const nlohmann::json* v = find(key, required);
        if (v && !v->is_array()) {
            wrongType(key, *v, "an array");
            return nullptr;
        }
        return v;
    }

    const nlohmann::json* object(const char* key, bool required = true)
    {
        const nlohmann::json* v = find(key, required);
        if (v && !v->is_object()) {
            wrongType(key, *v, "an object");
            return nullptr;
        }
        return v;
    }

    QStringList* errors() const { return m_errors; }
    const QString& path() const { return m_path; }

private:
    QString displayPath() const { return m_path.isEmpty() ? QStringLiteral("(root)") : m_path; }

    const nlohmann::json* m_value;
    QString m_path;
    QStringList* m_errors;
};

template<typename T> Result<T> finish(T value, const QStringList& errors)
{
    if (!errors.isEmpty())
        return fail(errors.join(QLatin1Char('\n')));
    return value;
}

// Calls `each(element, path)` for every element of the array at `key`.
template<typename F> void forEach(Reader& r, const char* key, F each)
{
    const nlohmann::json* list = r.array(key);
    if (!list)
        return;
    for (std::size_t i = 0; i < list->size(); ++i)
        each((*list)[i], json::joinIndex(r.pathOf(key), i));
}

std::map<QString, double> numberMap(Reader& r, const char* key)
{
    std::map<QString, double> out;
    const nlohmann::json* object = r.object(key, false);
    if (!object)
        return out;
    for (const auto& [name, v] : object->items()) {
        if (!v.is_number())
            r.errors()->append(json::joinPath(r.pathOf(key), QString::fromStdString(name))
                               + QStringLiteral(": must be a number"));
        else
            out.emplace(QString::fromStdString(name), v.get<double>());
    }
    return out;
}

std::optional<IntervalInfo> readInterval(const nlohmann::json* v, const QString& path, QStringList* errors)
{
    if (!v)
        return std::nullopt;
    Reader r(v, path, errors);
    IntervalInfo out;
    out.value = r.number("value");
    out.stdError = r.number("stdError");
    if (const nlohmann::json* ci = r.array("ci95")) {
        if (ci->size() != 2 || !(*ci)[0].is_number() || !(*ci)[1].is_number()) {
            errors->append(r.pathOf("ci95") + QStringLiteral(": must be [lower, upper]"));
        } else {
            out.lower = (*ci)[0].get<double>();
            out.upper = (*ci)[1].get<double>();
        }
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------

QString accessRoleName(AccessRole role)
{
    switch (role) {
    case AccessRole::Viewer:
        return QStringLiteral("viewer");
    case AccessRole::Analyst:
        return QStringLiteral("analyst");
    case AccessRole::Approver:
        return QStringLiteral("approver");
    }
    return {};
}

std::optional<AccessRole> accessRoleFromName(QStringView name)
{
    for (AccessRole r : { AccessRole::Viewer, AccessRole::Analyst, AccessRole::Approver }) {
        if (name == accessRoleName(r))
            return r;
    }
    return std::nullopt;
}

nlohmann::ordered_json Capabilities::toJson() const
{
    nlohmann::ordered_json out { { "identity", str(identity) },
                                 { "role", str(accessRoleName(role)) },
                                 { "anonymous", anonymous },
                                 { "tokenId", str(tokenId) },
                                 { "engineTime",
                                   engineNow > 0 ? nlohmann::ordered_json(str(formatIso(engineNow)))
                                                 : nlohmann::ordered_json() } };
    if (shard)
        out["shard"] = shard->brief().toJson();
    return out;
}

Result<Capabilities> Capabilities::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    Capabilities c;
    c.identity = r.string("identity");
    const QString role = r.string("role");
    if (auto parsed = accessRoleFromName(role))
        c.role = *parsed;
    else if (!role.isNull())
        errors.append(QStringLiteral("role: must be viewer, analyst or approver, got \"%1\"").arg(role));
    c.anonymous = r.boolean("anonymous");
    c.tokenId = r.optionalString("tokenId");
    if (r.find("engineTime", false))
        c.engineNow = r.timeOrNull("engineTime").value_or(0);
    if (const nlohmann::json* shard = r.object("shard", false)) {
        if (auto parsed = ShardStatus::fromJson(*shard))
            c.shard = std::move(parsed).value();
        else
            for (const QString& e : parsed.error().split(QLatin1Char('\n')))
                errors.append(QStringLiteral("shard.") + e);
    }
    return finish(std::move(c), errors);
}

// ---------------------------------------------------------------------------------------------

bool ShardStatus::holds(int shard) const
{
    return std::binary_search(held.begin(), held.end(), shard);
}

ShardStatus ShardStatus::brief() const
{
    ShardStatus out = *this;
    out.dealers.reset();
    out.jobs.clear();
    return out;
}

nlohmann::ordered_json ShardStatus::toJson() const
{
    nlohmann::ordered_json out { { "instance", str(instance) },
                                 { "shard", str(assignment()) },
                                 { "index", index },
                                 { "count", count },
                                 { "held", held },
                                 { "handledDealers", handledDealers },
                                 { "knownDealers", knownDealers },
                                 { "leaseMs", leaseMs },
                                 { "redis", str(redis) },
                                 { "takeovers", takeovers },
                                 { "handbacks", handbacks } };
    if (dealers) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const QString& d : *dealers)
            list.push_back(str(d));
        out["dealers"] = std::move(list);
    }
    if (!jobs.empty()) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const ShardJobRuns& j : jobs) {
            nlohmann::ordered_json recent = nlohmann::ordered_json::array();
            for (TimeMs t : j.recent)
                recent.push_back(str(formatIso(t)));
            list.push_back({ { "job", str(j.job) },
                             { "shard", j.shard },
                             { "runs", j.runs },
                             { "elsewhere", j.elsewhere },
                             { "recent", std::move(recent) } });
        }
        out["jobs"] = std::move(list);
    }
    return out;
}

Result<ShardStatus> ShardStatus::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    ShardStatus s;
    s.instance = r.string("instance");
    s.index = int(r.integer("index"));
    s.count = int(r.integer("count"));
    if (errors.isEmpty() && (s.count < 1 || s.count > 256))
        errors.append(QStringLiteral("count: must be 1 to 256, got %1").arg(s.count));
    else if (errors.isEmpty() && (s.index < 0 || s.index >= s.count))
        errors.append(QStringLiteral("index: must be 0 to %1 (count - 1), got %2").arg(s.count - 1).arg(s.index));
    forEach(r, "held", [&](const nlohmann::json& v, const QString& path) {
        if (!v.is_number_integer()) {
            errors.append(path + QStringLiteral(": must be an integer, got ") + json::typeName(v));
            return;
        }
        const int shard = v.get<int>();
        if (shard < 0 || shard >= s.count || (!s.held.empty() && shard <= s.held.back()))
            errors.append(QStringLiteral("%1: must be a shard from 0 to %2 in ascending order, got %3")
                              .arg(path)
                              .arg(s.count - 1)
                              .arg(shard));
        else
            s.held.push_back(shard);
    });
    s.handledDealers = r.integer("handledDealers");
    s.knownDealers = r.integer("knownDealers");
    s.leaseMs = r.integer("leaseMs");
    s.redis = r.string("redis");
    s.takeovers = r.integer("takeovers");
    s.handbacks = r.integer("handbacks");
    if (r.array("dealers", false)) {
        s.dealers.emplace();
        forEach(r, "dealers", [&](const nlohmann::json& v, const QString& path) {
            if (!v.is_string())
                errors.append(path + QStringLiteral(": must be a string, got ") + json::typeName(v));
            else
                s.dealers->append(QString::fromStdString(v.get<std::string>()));
        });
    }
    if (r.array("jobs", false)) {
        forEach(r, "jobs", [&](const nlohmann::json& v, const QString& path) {
            Reader j(&v, path, &errors);
            ShardJobRuns runs;
            runs.job = j.string("job");
            runs.shard = int(j.integer("shard"));
            runs.runs = j.integer("runs");
            runs.elsewhere = j.integer("elsewhere");
            forEach(j, "recent", [&](const nlohmann::json& t, const QString& at) {
                const auto parsed
                    = t.is_string() ? parseIsoUtc(QString::fromStdString(t.get<std::string>())) : std::nullopt;
                if (!parsed)
                    errors.append(at + QStringLiteral(": must be an ISO-8601 UTC time"));
                else
                    runs.recent.push_back(*parsed);
            });
            s.jobs.push_back(std::move(runs));
        });
    }
    return finish(std::move(s), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json SeriesList::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const SeriesInfo& s : series) {
        list.push_back({ { "dealer", str(s.dealer) },
                         { "feature", str(s.feature) },
                         { "samples", s.samples },
                         { "monitored", s.monitored },
                         { "lastStd", std::isfinite(s.lastStd) ? s.lastStd : 0.0 },
                         { "drifting", s.drifting } });
    }
    return { { "series", std::move(list) } };
}

Result<SeriesList> SeriesList::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader top(&json, QString(), &errors);
    SeriesList out;
    forEach(top, "series", [&](const nlohmann::json& v, const QString& path) {
        Reader r(&v, path, &errors);
        SeriesInfo s;
        s.dealer = r.string("dealer");
        s.feature = r.string("feature");
        s.samples = r.integer("samples");
        s.monitored = r.boolean("monitored");
        s.lastStd = r.number("lastStd");
        s.drifting = r.boolean("drifting");
        out.series.push_back(std::move(s));
    });
    return finish(std::move(out), errors);
}

nlohmann::ordered_json SeriesPoints::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const SeriesPoint& p : points)
        list.push_back(nlohmann::ordered_json::array({ p.at, p.value }));
    return { { "dealer", str(dealer) },        { "feature", str(feature) },
             { "from", str(formatIso(from)) }, { "to", str(formatIso(to)) },
             { "totalPoints", totalPoints },   { "downsampling", str(downsampling) },
             { "points", std::move(list) } };
}

Result<SeriesPoints> SeriesPoints::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    SeriesPoints out;
    out.dealer = r.string("dealer");
    out.feature = r.string("feature");
    out.from = r.time("from");
    out.to = r.time("to");
    out.totalPoints = r.integer("totalPoints");
    out.downsampling = r.string("downsampling");
    if (const nlohmann::json* list = r.array("points")) {
        out.points.reserve(list->size());
        for (std::size_t i = 0; i < list->size(); ++i) {
            const nlohmann::json& p = (*list)[i];
            if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number()) {
                errors.append(json::joinIndex(QStringLiteral("points"), i)
                              + QStringLiteral(": must be [milliseconds, value]"));
                break;
            }
            out.points.push_back({ p[0].get<TimeMs>(), p[1].get<double>() });
        }
    }
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json detectionToJson(const Detection& d)
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

namespace {

Detection readDetection(const nlohmann::json& json, const QString& path, QStringList* errors)
{
    Reader r(&json, path, errors);
    Detection d;
    d.id = r.integer("id");
    d.dealer = r.string("dealer");
    d.feature = r.string("feature");
    d.openedAt = r.time("openedAt");
    d.closedAt = r.timeOrNull("closedAt");
    d.threshold = r.number("threshold");
    d.firstStd = r.number("firstStd");
    d.peakStd = r.number("peakStd");
    d.lastStd = r.number("lastStd");
    d.flaggedEvaluations = int(r.integer("flaggedEvaluations"));
    return d;
}

EventRecord readEvent(const nlohmann::json& json, const QString& path, QStringList* errors)
{
    Reader r(&json, path, errors);
    EventRecord e;
    e.id = r.integer("id");
    e.at = r.time("at");
    e.type = r.string("type");
    e.severity = r.string("severity");
    e.dealer = r.string("dealer");
    e.feature = r.string("feature");
    e.causeId = r.integer("causeId");
    e.message = r.string("message");
    return e;
}

AuditEntry readAuditEntry(const nlohmann::json& json, const QString& path, QStringList* errors)
{
    Reader r(&json, path, errors);
    AuditEntry e;
    e.sequence = r.integer("sequence");
    e.timestamp = r.time("timestamp");
    e.type = r.string("type");
    e.cause = r.integer("cause");
    e.actor = r.string("actor");
    e.checkpointed = r.boolean("checkpointed");
    if (const nlohmann::json* data = r.find("data"))
        e.data = *data;
    return e;
}

Rollout readRollout(const nlohmann::json& json, const QString& path, QStringList* errors)
{
    auto parsed = Rollout::fromJson(json);
    if (!parsed) {
        errors->append(
            QStringLiteral("%1: %2").arg(path.isEmpty() ? QStringLiteral("(root)") : path, parsed.error()));
        return {};
    }
    return std::move(parsed).value();
}

} // namespace

Result<Detection> detectionFromJson(const nlohmann::json& json, const QString& path)
{
    QStringList errors;
    Detection d = readDetection(json, path, &errors);
    return finish(std::move(d), errors);
}

nlohmann::ordered_json DetectionList::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Detection& d : detections)
        list.push_back(detectionToJson(d));
    return { { "detections", std::move(list) } };
}

Result<DetectionList> DetectionList::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader top(&json, QString(), &errors);
    DetectionList out;
    forEach(top, "detections", [&](const nlohmann::json& v, const QString& path) {
        out.detections.push_back(readDetection(v, path, &errors));
    });
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json GovernanceReport::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const DealerSpend& d : dealers)
        list.push_back({ { "dealer", str(d.dealer) }, { "spent", d.spent }, { "remaining", d.remaining } });
    return { { "month", str(month) },
             { "capPerDealer", capPerDealer },
             { "minRewardThreshold", minRewardThreshold },
             { "apiCostRemaining", apiCostRemaining },
             { "dealers", std::move(list) } };
}

Result<GovernanceReport> GovernanceReport::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    GovernanceReport out;
    out.month = r.string("month");
    out.capPerDealer = r.number("capPerDealer");
    out.minRewardThreshold = r.number("minRewardThreshold");
    out.apiCostRemaining = r.number("apiCostRemaining");
    forEach(r, "dealers", [&](const nlohmann::json& v, const QString& path) {
        Reader d(&v, path, &errors);
        DealerSpend s;
        s.dealer = d.string("dealer");
        s.spent = d.number("spent");
        s.remaining = d.number("remaining");
        out.dealers.push_back(std::move(s));
    });
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

namespace {

nlohmann::ordered_json verdictToJson(const RewardVerdict& v)
{
    return { { "decisionId", v.decisionId },
             { "decidedAt", str(formatIso(v.decidedAt)) },
             { "rewardedAt", str(formatIso(v.rewardedAt)) },
             { "action", str(v.action) },
             { "reward", v.reward },
             { "meetsThreshold", v.meetsThreshold } };
}

QString dateText(TimeMs day)
{
    return QDateTime::fromMSecsSinceEpoch(day, Qt::UTC).date().toString(Qt::ISODate);
}

// The checks of GovernanceOutcomes::fromJson beyond the types, appended to `errors` by path.
class OutcomesChecker final
{
public:
    OutcomesChecker(Reader& r, QStringList* errors)
        : m_r(r)
        , m_errors(errors)
    { }

    qint64 count(const char* key)
    {
        const qint64 v = m_r.integer(key);
        if (v < 0)
            m_errors->append(QStringLiteral("%1: must be >= 0, got %2").arg(m_r.pathOf(key)).arg(v));
        return v;
    }

    double amount(const char* key)
    {
        const double v = m_r.number(key);
        if (!std::isfinite(v) || v < 0)
            m_errors->append(
                QStringLiteral("%1: must be a finite amount >= 0, got %2").arg(m_r.pathOf(key)).arg(v));
        return v;
    }

    double finite(const char* key)
    {
        const double v = m_r.number(key);
        if (!std::isfinite(v))
            m_errors->append(QStringLiteral("%1: must be finite, got %2").arg(m_r.pathOf(key)).arg(v));
        return v;
    }

    // A time inside [from, to) (not checked when the month itself is unknown: from == to).
    TimeMs timeWithin(const char* key, TimeMs from, TimeMs to)
    {
        const TimeMs t = m_r.time(key); // 0 after an error it reported
        if (t != 0 && from < to && (t < from || t >= to))
            m_errors->append(QStringLiteral("%1: must be within the month (%2 to %3), got %4")
                                 .arg(m_r.pathOf(key), formatIso(from), formatIso(to), formatIso(t)));
        return t;
    }

private:
    Reader& m_r;
    QStringList* m_errors;
};

} // namespace

nlohmann::ordered_json GovernanceOutcomes::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const DealerOutcomes& d : dealers) {
        nlohmann::ordered_json charges = nlohmann::ordered_json::array();
        for (const SpendCharge& c : d.charges)
            charges.push_back({ { "at", str(formatIso(c.at)) },
                                { "amount", c.amount },
                                { "rolloutId", c.rolloutId },
                                { "action", str(c.action) } });
        list.push_back(
            { { "dealer", str(d.dealer) },
              { "decisions", d.decisions },
              { "fixes", d.fixes },
              { "rewarded", d.rewarded },
              { "pending", d.pending() },
              { "meetingThreshold", d.meetingThreshold },
              { "belowThreshold", d.belowThreshold },
              { "meanReward",
                d.meanReward ? nlohmann::ordered_json(*d.meanReward) : nlohmann::ordered_json() },
              { "lastVerdict", d.lastVerdict ? verdictToJson(*d.lastVerdict) : nlohmann::ordered_json() },
              { "spent", d.spent },
              { "charges", std::move(charges) } });
    }
    nlohmann::ordered_json dayList = nlohmann::ordered_json::array();
    for (const SpendDay& d : days)
        dayList.push_back({ { "date", str(dateText(d.day)) },
                            { "spent", d.spent },
                            { "charges", d.charges },
                            { "dealers", d.dealers } });
    return { { "month", str(month) },
             { "from", str(formatIso(from)) },
             { "to", str(formatIso(to)) },
             { "capPerDealer", capPerDealer },
             { "minRewardThreshold", minRewardThreshold },
             { "unattributedSpend", unattributedSpend },
             { "dealers", std::move(list) },
             { "days", std::move(dayList) } };
}

Result<GovernanceOutcomes> GovernanceOutcomes::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    OutcomesChecker top(r, &errors);
    GovernanceOutcomes out;
    out.month = r.string("month");
    out.from = r.time("from");
    out.to = r.time("to");
    if (!out.month.isNull() && out.from > 0 && monthKey(out.from) != out.month)
        errors.append(QStringLiteral("from: must be the first instant of %1, got %2")
                          .arg(out.month, formatIso(out.from)));
    else if (out.from > 0 && out.from != monthStart(out.from))
        errors.append(
            QStringLiteral("from: must be the first instant of a month, got %1").arg(formatIso(out.from)));
    if (out.from > 0 && out.to > 0 && out.to != nextMonthStart(out.from))
        errors.append(
            QStringLiteral("to: must be the first instant of the next month, got %1").arg(formatIso(out.to)));
    const bool bounded = out.from > 0 && out.to > out.from;
    const TimeMs from = bounded ? out.from : 0;
    const TimeMs to = bounded ? out.to : 0;
    out.capPerDealer = top.amount("capPerDealer");
    out.minRewardThreshold = top.amount("minRewardThreshold");
    out.unattributedSpend = top.amount("unattributedSpend");
    forEach(r, "dealers", [&](const nlohmann::json& v, const QString& path) {
        Reader d(&v, path, &errors);
        OutcomesChecker c(d, &errors);
        DealerOutcomes o;
        o.dealer = d.string("dealer");
        if (o.dealer.isEmpty() && !o.dealer.isNull())
            errors.append(d.pathOf("dealer") + QStringLiteral(": must not be empty"));
        if (!out.dealers.empty() && !o.dealer.isNull() && o.dealer <= out.dealers.back().dealer)
            errors.append(d.pathOf("dealer")
                          + QStringLiteral(": must be after \"%1\" (sorted, once each)")
                                .arg(out.dealers.back().dealer));
        o.decisions = c.count("decisions");
        o.fixes = c.count("fixes");
        o.rewarded = c.count("rewarded");
        const qint64 pending = c.count("pending");
        o.meetingThreshold = c.count("meetingThreshold");
        o.belowThreshold = c.count("belowThreshold");
        if (o.fixes > o.decisions)
            errors.append(
                d.pathOf("fixes")
                + QStringLiteral(": must be <= decisions (%1), got %2").arg(o.decisions).arg(o.fixes));
        if (o.rewarded > o.decisions)
            errors.append(
                d.pathOf("rewarded")
                + QStringLiteral(": must be <= decisions (%1), got %2").arg(o.decisions).arg(o.rewarded));
        if (pending != o.decisions - o.rewarded)
            errors.append(d.pathOf("pending")
                          + QStringLiteral(": must be decisions - rewarded (%1), got %2")
                                .arg(o.decisions - o.rewarded)
                                .arg(pending));
        if (o.meetingThreshold + o.belowThreshold != o.rewarded)
            errors.append(
                d.pathOf("belowThreshold")
                + QStringLiteral(": meetingThreshold + belowThreshold must be rewarded (%1), got %2")
                      .arg(o.rewarded)
                      .arg(o.meetingThreshold + o.belowThreshold));
        if (const nlohmann::json* mean = d.find("meanReward"); mean && !mean->is_null())
            o.meanReward = c.finite("meanReward");
        if ((o.meanReward.has_value()) != (o.rewarded > 0) && d.find("meanReward", false))
            errors.append(d.pathOf("meanReward")
                          + QStringLiteral(": must be a number when rewarded > 0 and null otherwise"));
        if (const nlohmann::json* last = d.find("lastVerdict"); last && !last->is_null()) {
            Reader lv(last, d.pathOf("lastVerdict"), &errors);
            OutcomesChecker lc(lv, &errors);
            RewardVerdict v;
            v.decisionId = lv.integer("decisionId");
            if (v.decisionId <= 0 && lv.find("decisionId", false)
                && lv.find("decisionId")->is_number_integer())
                errors.append(lv.pathOf("decisionId")
                              + QStringLiteral(": must be > 0, got %1").arg(v.decisionId));
            v.decidedAt = lc.timeWithin("decidedAt", from, to);
            v.rewardedAt = lv.time("rewardedAt");
            if (v.rewardedAt > 0 && v.decidedAt > 0 && v.rewardedAt < v.decidedAt)
                errors.append(lv.pathOf("rewardedAt") + QStringLiteral(": must not be before decidedAt"));
            v.action = lv.string("action");
            v.reward = lc.finite("reward");
            v.meetsThreshold = lv.boolean("meetsThreshold");
            o.lastVerdict = v;
        }
        if (o.lastVerdict.has_value() != (o.rewarded > 0) && d.find("lastVerdict", false))
            errors.append(d.pathOf("lastVerdict")
                          + QStringLiteral(": must be an object when rewarded > 0 and null otherwise"));
        o.spent = c.amount("spent");
        forEach(d, "charges", [&](const nlohmann::json& cv, const QString& chargePath) {
            Reader cr(&cv, chargePath, &errors);
            OutcomesChecker cc(cr, &errors);
            SpendCharge charge;
            charge.at = cc.timeWithin("at", from, to);
            if (!o.charges.empty() && charge.at < o.charges.back().at)
                errors.append(cr.pathOf("at") + QStringLiteral(": must not be before the previous charge"));
            charge.amount = cc.amount("amount");
            charge.rolloutId = cr.integer("rolloutId");
            charge.action = cr.string("action");
            o.charges.push_back(std::move(charge));
        });
        out.dealers.push_back(std::move(o));
    });
    forEach(r, "days", [&](const nlohmann::json& v, const QString& path) {
        Reader d(&v, path, &errors);
        OutcomesChecker c(d, &errors);
        SpendDay day;
        const QString text = d.string("date");
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (!text.isNull()) {
            if (!date.isValid() || text.size() != 10) {
                errors.append(d.pathOf("date")
                              + QStringLiteral(": must be a date YYYY-MM-DD, got \"%1\"").arg(text));
            } else {
                day.day = QDateTime(date, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
                const TimeMs expected = bounded ? out.from + TimeMs(out.days.size()) * kDayMs : day.day;
                if (day.day != expected)
                    errors.append(d.pathOf("date")
                                  + QStringLiteral(": must be %1 (every day of the month in order), got %2")
                                        .arg(dateText(expected), text));
            }
        }
        day.spent = c.amount("spent");
        day.charges = c.count("charges");
        day.dealers = c.count("dealers");
        if (day.dealers > day.charges)
            errors.append(
                d.pathOf("dealers")
                + QStringLiteral(": must be <= charges (%1), got %2").arg(day.charges).arg(day.dealers));
        out.days.push_back(day);
    });
    if (bounded && errors.isEmpty() && TimeMs(out.days.size()) * kDayMs != out.to - out.from)
        errors.append(QStringLiteral("days: must list the %1 days of %2, got %3")
                          .arg((out.to - out.from) / kDayMs)
                          .arg(out.month)
                          .arg(out.days.size()));
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json eventToJson(const EventRecord& e)
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

Result<EventRecord> eventFromJson(const nlohmann::json& json, const QString& path)
{
    QStringList errors;
    EventRecord e = readEvent(json, path, &errors);
    return finish(std::move(e), errors);
}

nlohmann::ordered_json EventPage::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const EventRecord& e : events)
        list.push_back(eventToJson(e));
    return { { "events", std::move(list) }, { "cursor", cursor } };
}

Result<EventPage> EventPage::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader top(&json, QString(), &errors);
    EventPage out;
    forEach(top, "events", [&](const nlohmann::json& v, const QString& path) {
        out.events.push_back(readEvent(v, path, &errors));
    });
    out.cursor = top.integer("cursor");
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json RolloutList::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Rollout& r : rollouts)
        list.push_back(nlohmann::ordered_json(r.toJson()));
    return { { "rollouts", std::move(list) } };
}

Result<RolloutList> RolloutList::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader top(&json, QString(), &errors);
    RolloutList out;
    forEach(top, "rollouts", [&](const nlohmann::json& v, const QString& path) {
        out.rollouts.push_back(readRollout(v, path, &errors));
    });
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json AuditEntry::toJson() const
{
    return { { "sequence", sequence }, { "timestamp", str(formatIso(timestamp)) },
             { "type", str(type) },    { "cause", cause },
             { "actor", str(actor) },  { "checkpointed", checkpointed },
             { "data", data } };
}

Result<AuditEntry> AuditEntry::fromJson(const nlohmann::json& json, const QString& path)
{
    QStringList errors;
    AuditEntry e = readAuditEntry(json, path, &errors);
    return finish(std::move(e), errors);
}

nlohmann::ordered_json AuditEntryList::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const AuditEntry& e : records)
        list.push_back(e.toJson());
    return { { "records", std::move(list) }, { "truncated", truncated } };
}

Result<AuditEntryList> AuditEntryList::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader top(&json, QString(), &errors);
    AuditEntryList out;
    forEach(top, "records", [&](const nlohmann::json& v, const QString& path) {
        out.records.push_back(readAuditEntry(v, path, &errors));
    });
    out.truncated = top.boolean("truncated");
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json Approval::toJson() const
{
    nlohmann::ordered_json chain = nlohmann::ordered_json::array();
    for (const AuditEntry& e : causeChain)
        chain.push_back(e.toJson());
    nlohmann::ordered_json detections = nlohmann::ordered_json::array();
    for (const Detection& d : openDetections)
        detections.push_back(detectionToJson(d));
    return { { "id", rollout.id },
             { "pending", str(pending) },
             { "scope", str(scope) },
             { "requestedBy", str(requestedBy) },
             { "requestedAt", str(formatIso(requestedAt)) },
             { "expiresAt", str(formatIso(expiresAt)) },
             { "requiredApprovals", requiredApprovals },
             { "approvals", approvals },
             { "requestHash", str(requestHash) },
             { "reason", str(reason) },
             { "rollout", nlohmann::ordered_json(rollout.toJson()) },
             { "causeChain", std::move(chain) },
             { "openDetections", std::move(detections) } };
}

namespace {

Approval readApproval(const nlohmann::json& json, const QString& path, QStringList* errors)
{
    Reader r(&json, path, errors);
    Approval a;
    a.pending = r.string("pending");
    a.scope = r.string("scope");
    a.requestedBy = r.string("requestedBy");
    a.requestedAt = r.time("requestedAt");
    a.expiresAt = r.time("expiresAt");
    a.requiredApprovals = int(r.integer("requiredApprovals"));
    a.approvals = int(r.integer("approvals"));
    a.requestHash = r.string("requestHash");
    a.reason = r.string("reason");
    if (const nlohmann::json* rollout = r.object("rollout"))
        a.rollout = readRollout(*rollout, r.pathOf("rollout"), errors);
    forEach(r, "causeChain", [&](const nlohmann::json& v, const QString& p) {
        a.causeChain.push_back(readAuditEntry(v, p, errors));
    });
    forEach(r, "openDetections", [&](const nlohmann::json& v, const QString& p) {
        a.openDetections.push_back(readDetection(v, p, errors));
    });
    return a;
}

} // namespace

Result<Approval> Approval::fromJson(const nlohmann::json& json, const QString& path)
{
    QStringList errors;
    Approval a = readApproval(json, path, &errors);
    return finish(std::move(a), errors);
}

nlohmann::ordered_json ApprovalList::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Approval& a : approvals)
        list.push_back(a.toJson());
    return { { "approvals", std::move(list) }, { "auditAvailable", auditAvailable } };
}

Result<ApprovalList> ApprovalList::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader top(&json, QString(), &errors);
    ApprovalList out;
    forEach(top, "approvals", [&](const nlohmann::json& v, const QString& path) {
        out.approvals.push_back(readApproval(v, path, &errors));
    });
    out.auditAvailable = top.boolean("auditAvailable");
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

Result<PolicyDocument> PolicyDocument::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    PolicyDocument out;
    out.policyVersion = r.integer("policyVersion");
    out.generatedAt = r.time("generatedAt");
    out.confidence = r.number("confidence");
    out.retrains = r.integer("retrains");
    out.lastRetrain = r.timeOrNull("lastRetrain");
    r.object("contexts");
    r.object("settings");
    out.document = json;
    return finish(std::move(out), errors);
}

// ---------------------------------------------------------------------------------------------

nlohmann::ordered_json RewardWhatIfRequest::toJson() const
{
    nlohmann::ordered_json j { { "deltaVisibility", deltaVisibility },
                               { "deltaRevenue", deltaRevenue },
                               { "apiCost", apiCost } };
    if (minRewardThreshold)
        j["minRewardThreshold"] = *minRewardThreshold;
    if (sensitivity)
        j["sensitivity"] = { { "input", str(sensitivity->input) },
                             { "from", sensitivity->from },
                             { "to", sensitivity->to },
                             { "steps", sensitivity->steps } };
    return j;
}

Result<BreakEvenInfo> BreakEvenInfo::fromJson(const nlohmann::json& json, const QString& path)
{
    QStringList errors;
    Reader r(&json, path, &errors);
    BreakEvenInfo b;
    b.exists = r.boolean("exists");
    b.meetsThreshold = r.string("meetsThreshold");
    if (r.find("value", false))
        b.value = r.optionalNumber("value");
    b.inclusive = r.boolean("inclusive", false);
    b.formula = r.optionalString("formula");
    b.reason = r.optionalString("reason");
    if (r.find("inRange", false))
        b.inRange = r.boolean("inRange");
    return finish(std::move(b), errors);
}

Result<RewardWhatIfResult> RewardWhatIfResult::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    RewardWhatIfResult out;
    out.reward = r.number("reward");
    out.benefit = r.number("benefit");
    out.meetsThreshold = r.boolean("meetsThreshold");
    out.minRewardThreshold = r.number("minRewardThreshold");
    out.recommendation = r.string("recommendation");
    if (const nlohmann::json* be = r.object("breakEven")) {
        for (const auto& [name, v] : be->items()) {
            const QString key = QString::fromStdString(name);
            auto info = BreakEvenInfo::fromJson(v, json::joinPath(QStringLiteral("breakEven"), key));
            if (!info)
                errors.append(info.error());
            else
                out.breakEven.emplace(key, std::move(info).value());
        }
    }
    if (const nlohmann::json* s = r.object("sensitivity", false)) {
        Reader sr(s, QStringLiteral("sensitivity"), &errors);
        Sensitivity sens;
        sens.input = sr.string("input");
        sens.from = sr.number("from");
        sens.to = sr.number("to");
        sens.steps = int(sr.integer("steps"));
        const std::string inputKey = sens.input.toStdString();
        forEach(sr, "points", [&](const nlohmann::json& v, const QString& path) {
            Reader pr(&v, path, &errors);
            Point p;
            p.x = pr.number(inputKey.c_str());
            p.reward = pr.number("reward");
            p.meetsThreshold = pr.boolean("meetsThreshold");
            sens.points.push_back(p);
        });
        if (const nlohmann::json* be = sr.object("breakEven")) {
            auto info = BreakEvenInfo::fromJson(*be, sr.pathOf("breakEven"));
            if (!info)
                errors.append(info.error());
            else
                sens.breakEven = std::move(info).value();
        }
        sens.rewardZero = sr.optionalNumber("rewardZero", true);
        forEach(sr, "verdictFlips", [&](const nlohmann::json& v, const QString& path) {
            Reader fr(&v, path, &errors);
            Flip f;
            f.from = fr.number("from");
            f.to = fr.number("to");
            f.meetsThreshold = fr.boolean("meetsThreshold");
            sens.verdictFlips.push_back(f);
        });
        out.sensitivity = std::move(sens);
    }
    out.document = json;
    return finish(std::move(out), errors);
}

nlohmann::ordered_json PolicyReplayRequest::toJson() const
{
    nlohmann::ordered_json j;
    j["target"] = str(target);
    const auto put = [&j](const char* key, const std::optional<double>& v) {
        if (v)
            j[key] = *v;
    };
    if (learningRate || confidenceGate || exploration || minProbability || minRewardMultiple) {
        nlohmann::ordered_json s = nlohmann::ordered_json::object();
        const auto set = [&s](const char* key, const std::optional<double>& v) {
            if (v)
                s[key] = *v;
        };
        set("learningRate", learningRate);
        set("confidenceGate", confidenceGate);
        set("exploration", exploration);
        set("minProbability", minProbability);
        set("minRewardMultiple", minRewardMultiple);
        j["settings"] = std::move(s);
    }
    if (!costs.empty()) {
        nlohmann::ordered_json c = nlohmann::ordered_json::object();
        for (const auto& [action, cost] : costs)
            c[str(action)] = cost;
        j["costs"] = std::move(c);
    }
    if (!policy.is_null())
        j["policy"] = policy;
    if (since)
        j["since"] = str(formatIso(*since));
    if (until)
        j["until"] = str(formatIso(*until));
    if (minRewardedDecisions)
        j["minRewardedDecisions"] = *minRewardedDecisions;
    put("minEffectiveSampleSize", minEffectiveSampleSize);
    put("minEffectiveSampleFraction", minEffectiveSampleFraction);
    return j;
}

Result<PolicyReplayResult> PolicyReplayResult::fromJson(const nlohmann::json& json)
{
    QStringList errors;
    Reader r(&json, QString(), &errors);
    PolicyReplayResult out;
    out.supported = r.boolean("supported");
    forEach(r, "refusals", [&](const nlohmann::json& v, const QString& path) {
        if (!v.is_string())
            errors.append(path + QStringLiteral(": must be a string"));
        else
            out.refusals.append(QString::fromStdString(v.get<std::string>()));
    });
    if (const nlohmann::json* target = r.object("target")) {
        Reader t(target, QStringLiteral("target"), &errors);
        out.targetKind = t.string("kind");
    }
    if (const nlohmann::json* d = r.object("decisions")) {
        Reader dr(d, QStringLiteral("decisions"), &errors);
        out.decisionsRead = dr.integer("read");
        out.decisionsInRange = dr.integer("inRange");
        out.rewarded = dr.integer("rewarded");
        out.pending = dr.integer("pending");
        out.first = dr.timeOrNull("first");
        out.last = dr.timeOrNull("last");
    }
    if (const nlohmann::json* l = r.object("limits")) {
        Reader lr(l, QStringLiteral("limits"), &errors);
        out.minEffectiveSampleSize = lr.number("minEffectiveSampleSize");
    }
    out.effectiveSampleSize = r.optionalNumber("effectiveSampleSize");
    out.logged = readInterval(r.object("logged", false), QStringLiteral("logged"), &errors);
    if (const nlohmann::json* ips = r.object("ips", false)) {
        out.ips = readInterval(ips, QStringLiteral("ips"), &errors);
        Reader ir(ips, QStringLiteral("ips"), &errors);
        out.ipsDifference = readInterval(ir.object("difference"), QStringLiteral("ips.difference"), &errors);
    }
    if (const nlohmann::json* snips = r.object("snips", false)) {
        out.snips = readInterval(snips, QStringLiteral("snips"), &errors);
        Reader sr(snips, QStringLiteral("snips"), &errors);
        out.snipsDifference
            = readInterval(sr.object("difference"), QStringLiteral("snips.difference"), &errors);
    }
    out.targetProbabilities = numberMap(r, "targetProbabilities");
    out.loggedActions = numberMap(r, "loggedActions");
    if (out.supported && !out.ips)
        errors.append(QStringLiteral("ips: missing although the estimate is supported"));
    out.document = json;
    return finish(std::move(out), errors);
}

} // namespace orch
