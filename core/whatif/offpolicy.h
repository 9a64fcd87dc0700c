#pragma once

#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

// Off-policy value estimators over logged bandit feedback: for each logged decision i, the
// importance weight w_i = pi_target(a_i | x_i) / mu_logging(a_i | x_i) of the logged action and
// the logged reward r_i.
//
//   IPS     V = (1/n) sum w_i r_i                       (unbiased when mu > 0 wherever pi > 0)
//           se^2 = sample variance of (w_i r_i) / n     (central limit theorem)
//   SNIPS   V = sum w_i r_i / sum w_i                   (biased O(1/n), much lower variance)
//           se^2 = sum w_i^2 (r_i - V)^2 / (sum w_i)^2 * n / (n - 1)   (delta method)
//   logged  V = (1/n) sum r_i,  se^2 = sample variance of r_i / n
//   ESS     (sum w_i)^2 / sum w_i^2
//
// Differences (target - logged) are paired: the CI comes from the per-decision influence terms
// w_i r_i - r_i (IPS) and w_i (r_i - V_snips) / mean(w) - (r_i - mean(r)) (SNIPS).
// Intervals are value +- z * se with z = 1.96 for 95%.
namespace orch::whatif {

inline constexpr double kZ95 = 1.959963984540054;

struct Interval
{
    double value = 0;
    double stdError = 0;
    double lower = 0;
    double upper = 0;

    bool contains(double v) const { return v >= lower && v <= upper; }
    nlohmann::ordered_json toJson() const;
};

struct OffPolicyEstimate
{
    std::int64_t n = 0;
    double sumWeights = 0;
    double sumSquaredWeights = 0;
    double effectiveSampleSize = 0;
    double meanWeight = 0; // ~1 when the logged propensities are right (E[w] = 1)
    double maxWeight = 0;
    Interval logged;
    Interval ips;
    Interval snips; // value 0 and an empty interval when sum w = 0
    Interval ipsDifference; // IPS - logged
    Interval snipsDifference; // SNIPS - logged
};

// `weights` and `rewards` have the same size n >= 2; weights >= 0; all finite (the caller checks).
OffPolicyEstimate estimateOffPolicy(std::span<const double> weights, std::span<const double> rewards,
                                    double z = kZ95);

} // namespace orch::whatif
