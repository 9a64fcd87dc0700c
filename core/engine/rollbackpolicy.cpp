#include "engine/rollbackpolicy.h"

#include <cmath>

#include <QStringList>

namespace orch {

Result<RollbackDecision> decideRollback(const RollbackSpec& rollback, const AutoFixAgentsSpec& agents,
                                        const RollbackInputs& in)
{
    if (!std::isfinite(in.errorRate) || in.errorRate < 0 || in.errorRate > 1)
        return fail(
            QStringLiteral("errorRate: must be a fraction between 0 and 1, got %1").arg(in.errorRate));
    QStringList causes;
    if (in.errorRate > rollback.errorRateThreshold)
        causes << QStringLiteral("error rate %1% > %2%")
                      .arg(in.errorRate * 100, 0, 'g', 4)
                      .arg(rollback.errorRateThreshold * 100, 0, 'g', 4);
    if (in.verificationFailed && agents.rollbackOnVerificationFail)
        causes << QStringLiteral("verification failed");
    if (in.driftDetected && agents.rollbackOnDrift)
        causes << QStringLiteral("drift detected");
    RollbackDecision d;
    if (causes.isEmpty()) {
        d.action = RollbackDecision::Action::Keep;
        d.reason = QStringLiteral("no rollback condition holds (error rate %1% <= %2%)")
                       .arg(in.errorRate * 100, 0, 'g', 4)
                       .arg(rollback.errorRateThreshold * 100, 0, 'g', 4);
        return d;
    }
    d.action = rollback.autoRollback ? RollbackDecision::Action::RollBack
                                     : RollbackDecision::Action::AwaitApproval;
    d.reason = causes.join(QStringLiteral("; "))
        + (rollback.autoRollback
               ? QStringLiteral(": rolling back automatically")
               : QStringLiteral(": auto rollback is off, waiting for an analyst's approval"));
    return d;
}

QString toString(RollbackDecision::Action action)
{
    switch (action) {
    case RollbackDecision::Action::Keep:
        return QStringLiteral("keep");
    case RollbackDecision::Action::RollBack:
        return QStringLiteral("rollback");
    case RollbackDecision::Action::AwaitApproval:
        return QStringLiteral("await-approval");
    }
    return {};
}

} // namespace orch
