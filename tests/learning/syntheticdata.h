#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include <QStringList>

#include "common/splitmix.h"
#include "learning/adaptiveweightlearner.h"

// Seeded synthetic data for the learner's tests: the eight AIV/ATI sub-signals on their natural
// scales (fractions, counts, milliseconds) and an outcome with known coefficients.
namespace synthetic {

// Normal deviates from splitmix64 by Box-Muller: the same numbers on every platform and standard
// library (std::normal_distribution is not specified bit for bit).
class Normal final
{
public:
    explicit Normal(std::uint64_t seed)
        : m_state(orch::splitmix64(seed))
    { }
    double uniform() { return orch::unitInterval(orch::splitmix64(m_state++)); }
    double operator()()
    {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    std::uint64_t m_state;
};

inline QStringList names()
{
    return { QStringLiteral("schema_coverage"),    QStringLiteral("review_velocity"),
             QStringLiteral("local_presence"),     QStringLiteral("cwv_lcp_ms"),
             QStringLiteral("ai_answer_mentions"), QStringLiteral("citation_share"),
             QStringLiteral("sentiment_score"),    QStringLiteral("listing_accuracy") };
}

inline std::vector<double> trueWeights()
{
    return { 12.0, 1.5, 8.0, -0.004, 0.9, 25.0, 6.0, 20.0 };
}

inline std::vector<double> features(Normal& g)
{
    return { g.uniform(),      5.0 + 2.0 * g(),   g.uniform(),     2500.0 + 600.0 * g(),
             10.0 + 3.0 * g(), 0.4 * g.uniform(), 0.2 + 0.3 * g(), 0.6 + 0.4 * g.uniform() };
}

inline std::vector<orch::learning::Observation> batch(Normal& g, int n, const std::vector<double>& weights,
                                                      double noiseSd)
{
    std::vector<orch::learning::Observation> out;
    out.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        orch::learning::Observation o;
        o.features = features(g);
        double y = 0;
        for (std::size_t j = 0; j < weights.size(); ++j)
            y += weights[j] * o.features[j];
        o.outcome = y + noiseSd * g();
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace synthetic
