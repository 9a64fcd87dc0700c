#include "kube/operatorstatus.h"

#include <cmath>
#include <limits>

#include "engine/orchestrator.h"
#include "store/statestore.h"

namespace orch::kube {

namespace {

// nlohmann writes NaN and infinities as null, which the CRD's schema refuses: leave them out.
void putNumber(nlohmann::json& o, const char* key, double value)
{
    if (std::isfinite(value))
        o[key] = value;
}

nlohmann::json timeOrNull(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::json(formatIso(*t).toStdString()) : nlohmann::json();
}

} // namespace

OperatorSnapshot snapshotOf(Orchestrator& orchestrator, StateStore& store)
{
    OperatorSnapshot s;
    s.status = orchestrator.status();
    s.status.asOf = 0; // not published: a new time alone is no change
    s.driftOpen = orchestrator.sentinel().openCount();
    if (auto newest = store.detections(0, std::numeric_limits<TimeMs>::max(), 1); newest && !newest->empty())
        s.lastDetected = newest->front().openedAt;
    s.lastRetrain = orchestrator.rlController().lastRetrain();
    s.canary.fraction = orchestrator.spec().rollout.canaryFraction;
    auto active = orchestrator.fixLoop().rollouts(true, 1);
    auto rollouts
        = active && !active->empty() ? std::move(active) : orchestrator.fixLoop().rollouts(false, 1);
    if (rollouts && !rollouts->empty()) {
        const Rollout& r = rollouts->front();
        s.canary.state = Rollout::toString(r.state);
        s.canary.fix = r.action;
        s.canary.since = r.updatedAt;
    }
    return s;
}

nlohmann::json statusFields(const OperatorSnapshot& s)
{
    nlohmann::json j = nlohmann::json::object();
    j["phase"] = s.status.phase.toStdString();
    j["drift"] = { { "open", s.driftOpen }, { "lastDetected", timeOrNull(s.lastDetected) } };
    j["lastRetrain"] = timeOrNull(s.lastRetrain);
    nlohmann::json canary = { { "state", s.canary.state.toStdString() },
                              { "fix", s.canary.fix.toStdString() },
                              { "since", timeOrNull(s.canary.since) } };
    putNumber(canary, "fraction", s.canary.fraction);
    j["canary"] = std::move(canary);
    nlohmann::json components = nlohmann::json::array();
    for (const ComponentStatus& c : s.status.components) {
        nlohmann::json o = { { "name", c.name.toStdString() },
                             { "status", c.status.toStdString() },
                             { "version", c.version.toStdString() } };
        if (c.lastRun)
            o["lastRun"] = formatIso(*c.lastRun).toStdString();
        if (c.nextRun)
            o["nextRun"] = formatIso(*c.nextRun).toStdString();
        if (c.confidence)
            putNumber(o, "confidence", *c.confidence);
        components.push_back(std::move(o));
    }
    j["components"] = std::move(components);
    nlohmann::json governance = { { "rollbackEnabled", s.status.governance.rollbackEnabled } };
    putNumber(governance, "apiCostRemaining", s.status.governance.apiCostRemaining);
    putNumber(governance, "rewardThreshold", s.status.governance.rewardThreshold);
    j["governance"] = std::move(governance);
    return j;
}

} // namespace orch::kube
