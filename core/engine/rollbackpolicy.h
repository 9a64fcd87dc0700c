#pragma once

#include <QString>

#include "common/result.h"
#include "spec/orchestratorspec.h"

namespace orch {

// SPEC.md's rollback policy: roll back when the error rate exceeds the threshold (2 %), or when
// AutoFixAgents' rollback condition holds (verification_fail || drift_detected). With auto
// rollback enabled the rollback happens at once; otherwise it waits for an analyst's approval.
struct RollbackDecision
{
    enum class Action
    {
        Keep,
        RollBack,
        AwaitApproval
    };
    Action action = Action::Keep;
    QString reason;
};

struct RollbackInputs
{
    double errorRate = 0; // fraction, 0..1
    bool verificationFailed = false;
    bool driftDetected = false;
};

Result<RollbackDecision> decideRollback(const RollbackSpec& rollback, const AutoFixAgentsSpec& agents,
                                        const RollbackInputs& inputs);

QString toString(RollbackDecision::Action action);

} // namespace orch
