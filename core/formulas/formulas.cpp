#include "formulas/formulas.h"

#include <algorithm>
#include <cmath>

namespace orch::formulas {

namespace {

QString num(double v)
{
    return QString::number(v, 'g', 17);
}

Status requireFinite(const char* name, double v)
{
    if (!std::isfinite(v))
        return fail(QStringLiteral("%1: must be a finite number, got %2").arg(QLatin1String(name), num(v)));
    return success();
}

} // namespace

QString driftRuleText()
{
    return QStringLiteral("abs(std(feature)-1) > threshold");
}

QString rewardFunctionText()
{
    return QStringLiteral("ΔVisibility * ΔRevenue - API_Cost");
}

Result<DriftCheck> checkDrift(double featureStdDev, double threshold)
{
    if (auto s = requireFinite("featureStdDev", featureStdDev); !s)
        return fail(s.error());
    if (auto s = requireFinite("threshold", threshold); !s)
        return fail(s.error());
    if (featureStdDev < 0)
        return fail(QStringLiteral("featureStdDev: must be >= 0 (a standard deviation), got %1")
                        .arg(num(featureStdDev)));
    if (threshold < 0)
        return fail(QStringLiteral("threshold: must be >= 0, got %1").arg(num(threshold)));
    DriftCheck c;
    c.featureStdDev = featureStdDev;
    c.threshold = threshold;
    c.ruleResult = std::fabs(featureStdDev - 1.0);
    c.driftDetected = detectDrift(featureStdDev, threshold);
    if (c.driftDetected)
        c.actions = { QStringLiteral("RLController.retrain()"), QStringLiteral("AutoFixAgents.pause()") };
    return c;
}

Result<RewardResult> calculateReward(double deltaVisibility, double deltaRevenue, double apiCost,
                                     double minRewardThreshold)
{
    if (auto s = requireFinite("deltaVisibility", deltaVisibility); !s)
        return fail(s.error());
    if (auto s = requireFinite("deltaRevenue", deltaRevenue); !s)
        return fail(s.error());
    if (auto s = requireFinite("apiCost", apiCost); !s)
        return fail(s.error());
    if (auto s = requireFinite("minRewardThreshold", minRewardThreshold); !s)
        return fail(s.error());
    if (apiCost < 0)
        return fail(QStringLiteral("apiCost: must be >= 0, got %1").arg(num(apiCost)));
    if (minRewardThreshold < 0)
        return fail(QStringLiteral("minRewardThreshold: must be >= 0, got %1").arg(num(minRewardThreshold)));
    RewardResult r;
    r.deltaVisibility = deltaVisibility;
    r.deltaRevenue = deltaRevenue;
    r.apiCost = apiCost;
    r.minRewardThreshold = minRewardThreshold;
    r.benefit = deltaVisibility * deltaRevenue;
    r.reward = r.benefit - apiCost;
    if (!std::isfinite(r.benefit) || !std::isfinite(r.reward))
        return fail(QStringLiteral("reward: ΔVisibility * ΔRevenue overflows (%1 * %2)")
                        .arg(num(deltaVisibility), num(deltaRevenue)));
    // Benefit-to-cost multiple; with no cost any positive reward qualifies. A tie within rounding
    // (0.12 against 1.2 * 0.10 = 0.12000000000000001) counts as meeting the threshold.
    const double required = minRewardThreshold * apiCost;
    const double tolerance = 1e-12 * std::max(std::fabs(r.benefit), std::fabs(required));
    r.meetsThreshold = r.reward > 0 && r.benefit - required >= -tolerance;
    r.recommendation = r.meetsThreshold ? QStringLiteral("Action approved - meets reward threshold")
                                        : QStringLiteral("Action rejected - below reward threshold");
    return r;
}

Result<Consensus> validateConsensus(const std::vector<double>& agentVotes, double threshold)
{
    if (!std::isfinite(threshold) || threshold <= 0 || threshold > 1)
        return fail(QStringLiteral("threshold: must be > 0 and <= 1, got %1").arg(num(threshold)));
    Consensus c;
    c.threshold = threshold;
    c.totalVotes = static_cast<int>(agentVotes.size());
    for (std::size_t i = 0; i < agentVotes.size(); ++i) {
        const double v = agentVotes[i];
        if (v == 1.0)
            ++c.votesFor;
        else if (v != 0.0)
            return fail(QStringLiteral("agentVotes[%1]: a vote must be 1 (for) or 0 (against), got %2")
                            .arg(i)
                            .arg(num(v)));
    }
    if (c.totalVotes == 0) {
        c.reason = QStringLiteral("no consensus: no votes were cast");
        return c;
    }
    c.ratio = double(c.votesFor) / double(c.totalVotes);
    c.reached = c.ratio >= threshold;
    c.reason = QStringLiteral("%1 of %2 votes for (%3 %4 %5)")
                   .arg(c.votesFor)
                   .arg(c.totalVotes)
                   .arg(num(c.ratio), c.reached ? QStringLiteral(">=") : QStringLiteral("<"), num(threshold));
    return c;
}

nlohmann::ordered_json driftCheckJson(const DriftCheck& check)
{
    nlohmann::ordered_json j;
    j["driftDetected"] = check.driftDetected;
    j["featureStdDev"] = check.featureStdDev;
    j["threshold"] = check.threshold;
    j["rule"] = driftRuleText().toStdString();
    j["ruleResult"] = check.ruleResult;
    j["actions"] = nlohmann::ordered_json::array();
    for (const QString& a : check.actions)
        j["actions"].push_back(a.toStdString());
    return j;
}

nlohmann::ordered_json rewardInputsJson(const RewardResult& result)
{
    return nlohmann::ordered_json { { "deltaVisibility", result.deltaVisibility },
                                    { "deltaRevenue", result.deltaRevenue },
                                    { "apiCost", result.apiCost } };
}

nlohmann::ordered_json rewardJson(const RewardResult& result, const nlohmann::ordered_json& inputs)
{
    nlohmann::ordered_json j;
    j["reward"] = result.reward;
    j["rewardFunction"] = rewardFunctionText().toStdString();
    j["inputs"] = inputs;
    j["meetsThreshold"] = result.meetsThreshold;
    j["minRewardThreshold"] = result.minRewardThreshold;
    j["recommendation"] = result.recommendation.toStdString();
    return j;
}

} // namespace orch::formulas
