#pragma once

#include <optional>

#include <QList>
#include <QMetaType>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch {

// One component line of SPEC.md's GET /api/orchestrator/status.
struct ComponentStatus
{
    QString name; // "adaptive-weight-learner", "drift-sentinel", "rl-controller", "auto-fix-agents"
    QString status; // "scheduled", "monitoring", "alert", "active", "paused", ...
    std::optional<TimeMs> lastRun; // null: never ran
    std::optional<TimeMs> nextRun; // null: runs on demand, not on a schedule
    QString version;
    std::optional<double> confidence; // only where the component has one

    friend bool operator==(const ComponentStatus&, const ComponentStatus&) = default;
};

struct GovernanceStatus
{
    double apiCostRemaining = 0; // the smallest remaining monthly budget of any dealer (README)
    double rewardThreshold = 0;
    bool rollbackEnabled = false;

    friend bool operator==(const GovernanceStatus&, const GovernanceStatus&) = default;
};

// SPEC.md's OrchestratorStatus, exactly: toJson() produces the body of GET /api/orchestrator/status.
struct OrchestratorStatus
{
    QString phase; // "initializing", "operational", "degraded"
    QList<ComponentStatus> components;
    GovernanceStatus governance;

    // Not part of the JSON body: when the status was taken (engine clock).
    TimeMs asOf = 0;

    nlohmann::ordered_json toJson() const;
    static Result<OrchestratorStatus> fromJson(const nlohmann::json& body);

    friend bool operator==(const OrchestratorStatus&, const OrchestratorStatus&) = default;
};

} // namespace orch

Q_DECLARE_METATYPE(orch::OrchestratorStatus)
