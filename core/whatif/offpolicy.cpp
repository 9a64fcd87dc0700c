#include "whatif/offpolicy.h"

#include <algorithm>
#include <cmath>

namespace orch::whatif {

namespace {

Interval interval(double value, double se, double z)
{
    return { value, se, value - z * se, value + z * se };
}

// Mean and standard error of the mean of f(i), two-pass.
template<typename F> Interval meanInterval(std::size_t n, F f, double z)
{
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += f(i);
    const double mean = sum / double(n);
    double ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = f(i) - mean;
        ss += d * d;
    }
    const double variance = n > 1 ? ss / double(n - 1) : 0.0;
    return interval(mean, std::sqrt(variance / double(n)), z);
}

} // namespace

nlohmann::ordered_json Interval::toJson() const
{
    return { { "value", value }, { "stdError", stdError }, { "ci95", { lower, upper } } };
}

OffPolicyEstimate estimateOffPolicy(std::span<const double> w, std::span<const double> r, double z)
{
    OffPolicyEstimate e;
    const std::size_t n = std::min(w.size(), r.size());
    e.n = std::int64_t(n);
    if (n == 0)
        return e;
    for (std::size_t i = 0; i < n; ++i) {
        e.sumWeights += w[i];
        e.sumSquaredWeights += w[i] * w[i];
        e.maxWeight = std::max(e.maxWeight, w[i]);
    }
    e.meanWeight = e.sumWeights / double(n);
    e.effectiveSampleSize = e.sumSquaredWeights > 0 ? e.sumWeights * e.sumWeights / e.sumSquaredWeights : 0.0;

    e.logged = meanInterval(
        n, [&](std::size_t i) { return r[i]; }, z);
    e.ips = meanInterval(
        n, [&](std::size_t i) { return w[i] * r[i]; }, z);
    e.ipsDifference = meanInterval(
        n, [&](std::size_t i) { return w[i] * r[i] - r[i]; }, z);

    if (e.sumWeights > 0) {
        double wr = 0;
        for (std::size_t i = 0; i < n; ++i)
            wr += w[i] * r[i];
        const double v = wr / e.sumWeights;
        const double correction = n > 1 ? double(n) / double(n - 1) : 1.0;
        double s = 0, sd = 0;
        const double meanR = e.logged.value;
        for (std::size_t i = 0; i < n; ++i) {
            const double psi = w[i] * (r[i] - v) / e.meanWeight; // SNIPS influence term
            const double phi = r[i] - meanR; // logged mean's influence term
            s += psi * psi;
            sd += (psi - phi) * (psi - phi);
        }
        const double nn = double(n) * double(n);
        e.snips = interval(v, std::sqrt(s / nn * correction), z);
        e.snipsDifference = interval(v - meanR, std::sqrt(sd / nn * correction), z);
    }
    return e;
}

} // namespace orch::whatif
