#pragma once

#include <cmath>
#include <cstdint>

#include <QStringView>

namespace orch {

// splitmix64's finalizer: a counter-based generator, so a value depends only on its counter and
// any sample of the simulated fleet (or of the benchmark workload) can be produced in any order.
// The same function as ../shared/bench/peers/drift_limit.cpp, bit for bit.
inline std::uint64_t splitmix64(std::uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;

// The top 53 bits of h as a double in [0, 1).
inline double unitInterval(std::uint64_t h)
{
    return double(h >> 11) * kTwoPowMinus53;
}

// Four counters mixed into one key, e.g. (seed, dealer, feature, time).
inline std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c)
{
    return splitmix64(seed ^ splitmix64(a ^ splitmix64(b ^ splitmix64(c))));
}

// A standard normal deviate from one key (Box-Muller).
inline double gaussian(std::uint64_t h)
{
    return std::sqrt(-2.0 * std::log(unitInterval(h) + kTwoPowMinus53))
        * std::cos(2.0 * M_PI * unitInterval(splitmix64(h)));
}

// FNV-1a over the UTF-16 code units: stable across processes and Qt versions (qHash is not
// guaranteed to be), for keys derived from names.
inline std::uint64_t stableHash(QStringView s)
{
    std::uint64_t h = 1469598103934665603ull;
    for (QChar c : s)
        h = (h ^ c.unicode()) * 1099511628211ull;
    return h;
}

} // namespace orch
