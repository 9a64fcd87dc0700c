#pragma once

#include <cstdint>

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

} // namespace orch
