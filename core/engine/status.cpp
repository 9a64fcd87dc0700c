#include "engine/status.h"

#include "common/strictjson.h"

namespace orch {

namespace {

nlohmann::ordered_json timeOrNull(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::ordered_json(formatIso(*t).toStdString()) : nlohmann::ordered_json(nullptr);
}

Result<std::optional<TimeMs>> readTime(const nlohmann::json& o, const char* key, const QString& path)
{
    const auto it = o.find(key);
    if (it == o.end() || it->is_null())
        return std::optional<TimeMs> {};
    if (!it->is_string())
        return fail(
            QStringLiteral("%1.%2: must be a timestamp string or null").arg(path, QLatin1String(key)));
    const auto t = parseIsoUtc(QString::fromStdString(it->get<std::string>()));
    if (!t)
        return fail(QStringLiteral("%1.%2: not an ISO-8601 UTC timestamp: %3")
                        .arg(path, QLatin1String(key), json::brief(*it)));
    return std::optional<TimeMs>(*t);
}

} // namespace

nlohmann::ordered_json OrchestratorStatus::toJson() const
{
    nlohmann::ordered_json j;
    j["phase"] = phase.toStdString();
    j["components"] = nlohmann::ordered_json::array();
    for (const ComponentStatus& c : components) {
        nlohmann::ordered_json o;
        o["name"] = c.name.toStdString();
        o["status"] = c.status.toStdString();
        o["lastRun"] = timeOrNull(c.lastRun);
        o["nextRun"] = timeOrNull(c.nextRun);
        o["version"] = c.version.toStdString();
        if (c.confidence)
            o["confidence"] = *c.confidence;
        j["components"].push_back(std::move(o));
    }
    j["governance"] = nlohmann::ordered_json { { "apiCostRemaining", governance.apiCostRemaining },
                                               { "rewardThreshold", governance.rewardThreshold },
                                               { "rollbackEnabled", governance.rollbackEnabled } };
    return j;
}

Result<OrchestratorStatus> OrchestratorStatus::fromJson(const nlohmann::json& body)
{
    if (!body.is_object())
        return fail(QStringLiteral("status: must be an object"));
    OrchestratorStatus s;
    const auto phase = body.find("phase");
    if (phase == body.end() || !phase->is_string())
        return fail(QStringLiteral("phase: must be a string"));
    s.phase = QString::fromStdString(phase->get<std::string>());
    const auto comps = body.find("components");
    if (comps == body.end() || !comps->is_array())
        return fail(QStringLiteral("components: must be an array"));
    for (std::size_t i = 0; i < comps->size(); ++i) {
        const nlohmann::json& c = (*comps)[i];
        const QString path = json::joinIndex(QStringLiteral("components"), i);
        if (!c.is_object())
            return fail(path + QStringLiteral(": must be an object"));
        ComponentStatus cs;
        for (const char* key : { "name", "status", "version" }) {
            const auto it = c.find(key);
            if (it == c.end() || !it->is_string())
                return fail(QStringLiteral("%1.%2: must be a string").arg(path, QLatin1String(key)));
        }
        cs.name = QString::fromStdString(c["name"].get<std::string>());
        cs.status = QString::fromStdString(c["status"].get<std::string>());
        cs.version = QString::fromStdString(c["version"].get<std::string>());
        auto last = readTime(c, "lastRun", path);
        if (!last)
            return fail(last.error());
        auto next = readTime(c, "nextRun", path);
        if (!next)
            return fail(next.error());
        cs.lastRun = *last;
        cs.nextRun = *next;
        if (const auto conf = c.find("confidence"); conf != c.end()) {
            if (!conf->is_number())
                return fail(path + QStringLiteral(".confidence: must be a number"));
            cs.confidence = conf->get<double>();
        }
        s.components.append(cs);
    }
    const auto gov = body.find("governance");
    if (gov == body.end() || !gov->is_object())
        return fail(QStringLiteral("governance: must be an object"));
    const auto remaining = gov->find("apiCostRemaining");
    const auto threshold = gov->find("rewardThreshold");
    const auto rollback = gov->find("rollbackEnabled");
    if (remaining == gov->end() || !remaining->is_number())
        return fail(QStringLiteral("governance.apiCostRemaining: must be a number"));
    if (threshold == gov->end() || !threshold->is_number())
        return fail(QStringLiteral("governance.rewardThreshold: must be a number"));
    if (rollback == gov->end() || !rollback->is_boolean())
        return fail(QStringLiteral("governance.rollbackEnabled: must be true or false"));
    s.governance = { remaining->get<double>(), threshold->get<double>(), rollback->get<bool>() };
    return s;
}

} // namespace orch
