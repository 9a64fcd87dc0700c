#include "sim/fleetfixenvironment.h"

#include <cmath>

#include "common/splitmix.h"

namespace orch {

namespace {

constexpr std::uint64_t kOutcomeSalt = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kBrokenSalt = 0xBF58476D1CE4E5B9ull;
constexpr std::uint64_t kVoteSalt = 0x94D049BB133111EBull;
constexpr std::uint64_t kVerifySalt = 0xD6E8FEB86659FD93ull;

} // namespace

FleetFixEnvironment::FleetFixEnvironment(const FleetSimulator& fleet, double brokenFixRate)
    : m_fleet(fleet)
    , m_brokenFixRate(brokenFixRate)
{ }

int FleetFixEnvironment::bestAction(const QString& dealer) const
{
    const int index = m_fleet.dealerIndex(dealer);
    return index < 0 ? bandit::kNone : bandit::actionIndex(m_fleet.weakestArea(index));
}

QString FleetFixEnvironment::context(const QString& dealer, TimeMs)
{
    const int index = m_fleet.dealerIndex(dealer);
    return index < 0 ? QStringLiteral("unknown") : m_fleet.weakestArea(index) + QStringLiteral("-gap");
}

FixOutcome FleetFixEnvironment::outcome(const QString& dealer, int appliedAction, qint64 decisionId,
                                        TimeMs decidedAt, TimeMs)
{
    const std::uint64_t h = mix(m_fleet.options().seed ^ kOutcomeSalt, stableHash(dealer),
                                std::uint64_t(decidedAt), std::uint64_t(decisionId));
    const double g1 = gaussian(h), g2 = gaussian(splitmix64(h ^ 0x5bd1e995));
    if (appliedAction == bandit::kNone)
        return { 0.3 * g1, 0.15 * g2 };
    if (appliedAction == bestAction(dealer))
        return { 2.0 + 0.5 * g1, 1.2 + 0.3 * g2 };
    return { 0.3 + 0.4 * g1, 0.2 + 0.2 * g2 };
}

bool FleetFixEnvironment::broken(qint64 rolloutId) const
{
    return unitInterval(mix(m_fleet.options().seed ^ kBrokenSalt, std::uint64_t(rolloutId), 0, 0))
        < m_brokenFixRate;
}

AgentVote FleetFixEnvironment::judge(const QString& agent, const ProposedFix& fix)
{
    const double u = unitInterval(
        mix(m_fleet.options().seed ^ kVoteSalt, std::uint64_t(fix.rolloutId), stableHash(agent), 0));
    AgentVote v;
    v.agent = agent;
    if (broken(fix.rolloutId)) {
        v.approve = u >= 0.5;
        v.reason = v.approve ? QStringLiteral("%1: no regression seen in its signals").arg(agent)
                             : QStringLiteral("%1: the %2 fix regresses its signals on a staging sample")
                                   .arg(agent, fix.action);
    } else {
        v.approve = u >= 0.005;
        v.reason = v.approve
            ? QStringLiteral("%1: no regression seen in its signals").arg(agent)
            : QStringLiteral("%1: inconclusive staging sample, objecting to be safe").arg(agent);
    }
    return v;
}

VerificationResult FleetFixEnvironment::verify(const VerificationRequest& request)
{
    const double u = unitInterval(mix(m_fleet.options().seed ^ kVerifySalt, std::uint64_t(request.rolloutId),
                                      stableHash(request.dealer), stableHash(request.step)));
    const double failure = broken(request.rolloutId) ? 0.9 : 0.005;
    if (u < failure)
        return { false,
                 QStringLiteral("%1 failed for %2 on %3").arg(request.step, request.action, request.dealer) };
    return { true, QStringLiteral("%1 passed").arg(request.step) };
}

} // namespace orch
