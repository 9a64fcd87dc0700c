#pragma once

#include <optional>

#include <QString>

#include <nlohmann/json.hpp>

#include "common/timeutil.h"
#include "engine/status.h"

namespace orch {
class Orchestrator;
class StateStore;
} // namespace orch

namespace orch::kube {

// The fix rollout the status shows: the newest active one, else the newest one.
struct CanarySummary
{
    QString state = QStringLiteral("idle"); // idle, canary, awaiting-approval, promoted, rolled-back, refused
    QString fix; // the rollout's action ("schema", "ugc", ...); empty when idle
    double fraction = 0; // the spec's canary share of the targets (0.10)
    std::optional<TimeMs> since; // when it entered its state

    friend bool operator==(const CanarySummary&, const CanarySummary&) = default;
};

// What operator mode writes to the custom resource's status, as plain values the engine thread
// fills (snapshotOf) and hands over to OperatorMode::publish. The fields are those of the CRD's
// status schema (packaging/k8s/crds/autonomic-orchestrator.yaml) and its printer columns.
struct OperatorSnapshot
{
    OrchestratorStatus status; // phase, components with last/next runs, governance
    int driftOpen = 0; // drift episodes open now (DriftSentinel)
    std::optional<TimeMs> lastDetected; // the newest drift episode's start
    std::optional<TimeMs> lastRetrain; // RLController.retrain()
    CanarySummary canary;

    friend bool operator==(const OperatorSnapshot&, const OperatorSnapshot&) = default;
};

// Everything from a running orchestrator, on its thread: status(), the sentinel's open episodes,
// the newest detection, the RLController's last retrain, the newest rollout (three store reads).
OperatorSnapshot snapshotOf(Orchestrator& orchestrator, StateStore& store);

// The custom resource's `status` fields (without generation, message and conditions): phase,
// drift{open,lastDetected}, lastRetrain, canary{state,fix,fraction,since}, components[],
// governance{}. Times are RFC 3339 UTC. Absent times of the top level and of drift/canary are
// null, so that a merge patch removes an older value; absent times of components are left out.
nlohmann::json statusFields(const OperatorSnapshot& snapshot);

} // namespace orch::kube
