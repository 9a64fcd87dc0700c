#pragma once

#include <cstdint>

#include "engine/components.h"
#include "engine/fixinterfaces.h"
#include "sim/fleetsimulator.h"

namespace orch {

// The simulated fleet's side of the learning loop, deterministic in the fleet's seed:
// - context: the dealer's weakest area ("schema-gap", ...);
// - outcomes: the fix of the dealer's weakest area gains about 2 visibility points and $1.2k of
//   revenue, another fix about 0.3 points and $0.2k, no fix nothing — each with noise — so the
//   best action differs per context and a policy has something to learn;
// - agents and verifiers: a proposed fix is broken with probability `brokenFixRate`; each agent
//   sees a broken fix with probability 1/2 (and objects to a sound one with probability 1/200),
//   and a broken fix fails the verification chain on most canary dealers.
class FleetFixEnvironment final : public FixEnvironment, public AgentPanel, public Verifier
{
public:
    explicit FleetFixEnvironment(const FleetSimulator& fleet, double brokenFixRate = 0.05);

    QString context(const QString& dealer, TimeMs at) override;
    FixOutcome outcome(const QString& dealer, int appliedAction, qint64 decisionId, TimeMs decidedAt,
                       TimeMs at) override;
    AgentVote judge(const QString& agent, const ProposedFix& fix) override;
    VerificationResult verify(const VerificationRequest& request) override;

    // The action (bandit index) that pays off for `dealer`.
    int bestAction(const QString& dealer) const;
    bool broken(qint64 rolloutId) const;

private:
    const FleetSimulator& m_fleet;
    double m_brokenFixRate;
};

} // namespace orch
