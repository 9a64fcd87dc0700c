#pragma once

#include <vector>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"

// The canonized formulas of SPEC.md, as pure functions, with their edge cases decided:
// non-finite inputs are errors, never NaN verdicts (README, "Specification notes").
namespace orch::formulas {

inline constexpr double kDefaultDriftThreshold = 2.0;
inline constexpr double kDefaultConsensusThreshold = 0.92;
inline constexpr double kDefaultMinRewardThreshold = 1.2;

// SPEC.md's rule text, as the API returns it.
QString driftRuleText();
QString rewardFunctionText();

// Drift Detected = abs(std(feature) - 1) > threshold. The plain rule for hot paths: inputs are
// assumed finite (the engine only passes computed standard deviations).
inline bool detectDrift(double featureStdDev, double threshold = kDefaultDriftThreshold)
{
    return (featureStdDev > 1.0 ? featureStdDev - 1.0 : 1.0 - featureStdDev) > threshold;
}

struct DriftCheck
{
    bool driftDetected = false;
    double featureStdDev = 0;
    double threshold = kDefaultDriftThreshold;
    double ruleResult = 0; // abs(std - 1)
    QStringList actions; // the calls a detection makes; empty when no drift
};

// Validated drift check: featureStdDev must be finite and >= 0 (a standard deviation),
// threshold finite and >= 0.
Result<DriftCheck> checkDrift(double featureStdDev, double threshold = kDefaultDriftThreshold);

struct RewardResult
{
    double reward = 0; // ΔVisibility * ΔRevenue - API_Cost
    double deltaVisibility = 0;
    double deltaRevenue = 0;
    double apiCost = 0;
    double benefit = 0; // ΔVisibility * ΔRevenue
    bool meetsThreshold = false;
    double minRewardThreshold = kDefaultMinRewardThreshold;
    QString recommendation;
};

// Reward = ΔVisibility * ΔRevenue - API_Cost. The min reward threshold is a benefit-to-cost
// multiple: the action meets it when ΔVisibility * ΔRevenue >= minRewardThreshold * API_Cost
// and the reward is positive (README, "Specification notes"). apiCost must be >= 0; all inputs
// finite; a product that overflows is an error.
Result<RewardResult> calculateReward(double deltaVisibility, double deltaRevenue, double apiCost,
                                     double minRewardThreshold = kDefaultMinRewardThreshold);

struct Consensus
{
    bool reached = false;
    int votesFor = 0;
    int totalVotes = 0;
    double ratio = 0; // votesFor / totalVotes; 0 when there are no votes
    double threshold = kDefaultConsensusThreshold;
    QString reason;
};

// Consensus = votes for / total votes >= threshold. Each vote is 1 (for) or 0 (against); any
// other value is an error naming its index. No votes is "no consensus" with a reason.
Result<Consensus> validateConsensus(const std::vector<double>& agentVotes,
                                    double threshold = kDefaultConsensusThreshold);

// Response bodies exactly shaped as SPEC.md's endpoints. `inputs` carries the numbers as the
// caller gave them (so an integer 1000 is echoed as 1000, not 1000.0).
nlohmann::ordered_json driftCheckJson(const DriftCheck& check);
nlohmann::ordered_json rewardJson(const RewardResult& result, const nlohmann::ordered_json& inputs);
nlohmann::ordered_json rewardInputsJson(const RewardResult& result);

} // namespace orch::formulas
