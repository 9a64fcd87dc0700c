#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

// The numerical core of DriftSentinel, shared by the streaming engine, `orchestratorctl drift
// scan` and bench/drift_bench: z-scores against a baseline, the population standard deviation
// of the last `window` z-scores, and SPEC.md's rule abs(std - 1) > threshold.
//
// Numerics: the window's mean and sum of squared deviations are updated in O(1) per sample with
// the sliding-window form of Welford's update (no E[z^2] - E[z]^2 cancellation), and recomputed
// exactly by a two-pass sum every `kRebaseWindows` windows so rounding error cannot accumulate
// over months of samples. The per-sample update is inline because it is the hot loop.
namespace orch::drift {

struct ScanParams
{
    int window = 96;
    int baseline = 672;
    double threshold = 2.0;
};

struct ScanResult
{
    std::int64_t series = 0; // series scanned
    std::int64_t skippedSeries = 0; // too short for baseline and window, or constant baseline
    std::int64_t windows = 0;
    std::int64_t flaggedWindows = 0;
    std::int64_t flaggedSeries = 0;
    double stdSum = 0;

    void merge(const ScanResult& other);
    double stdMean() const { return windows ? stdSum / double(windows) : 0.0; }
};

struct Baseline
{
    double mean = 0;
    double stddev = 0; // population standard deviation
};

// Welford over x[0..n). std::nullopt when n < 2 or the baseline is constant (a series that cannot
// be standardized) or not finite.
std::optional<Baseline> baselineOf(const double* x, std::size_t n);

// Every full window at every sample (stride 1) over the whole series, z-scored against its first
// `baseline` samples.
ScanResult scanSeries(std::span<const double> x, const ScanParams& params);

// scanSeries over many series on a thread pool (`threads` 0 = one per core); the result does not
// depend on the thread count.
ScanResult scanMany(const std::vector<std::span<const double>>& series, const ScanParams& params,
                    int threads = 0);

inline constexpr int kRebaseWindows = 8;

// Mean and sum of squared deviations (M2) of a full window of fixed size.
struct SlidingMoments
{
    double mean = 0;
    double m2 = 0;

    // Replace `out` by `in` in a window of fixed size (invW = 1 / window).
    void slide(double in, double out, double invW)
    {
        const double delta = in - out;
        const double oldMean = mean;
        mean += delta * invW;
        m2 += delta * ((in - mean) + (out - oldMean));
    }
    double stddev(double invW) const { return std::sqrt((m2 > 0 ? m2 : 0.0) * invW); }
};

// Streaming state of one series: baseline accumulation, then the z-score window.
class SeriesWindow final
{
public:
    SeriesWindow(int window, int baseline);

    void push(double x);

    // The baseline is complete and the window holds `window` z-scores.
    bool ready() const { return m_fill == int(m_ring.size()) && m_baselineDone && !m_degenerate; }
    // The baseline was constant: the series cannot be standardized and is not monitored.
    bool degenerate() const { return m_degenerate; }
    bool baselineDone() const { return m_baselineDone; }
    double stddev() const { return m_moments.stddev(m_invW); }
    std::int64_t count() const { return m_count; }
    // Samples z-scored after the baseline (the auto-retrain policy's sample size).
    std::int64_t scoredCount() const { return m_scored; }
    Baseline baseline() const { return { m_mean, m_std }; }

private:
    void completeBaseline();
    void rebase();

    std::vector<double> m_ring; // raw values during the baseline, z-scores after
    int m_pos = 0; // next slot to overwrite once full
    int m_fill = 0;
    int m_baselineSize;
    double m_invW;
    // Welford accumulators of the baseline
    double m_bMean = 0;
    double m_bM2 = 0;
    bool m_baselineDone = false;
    bool m_degenerate = false;
    double m_mean = 0;
    double m_std = 0;
    double m_inv = 0;
    SlidingMoments m_moments;
    int m_sinceRebase = 0;
    std::int64_t m_count = 0;
    std::int64_t m_scored = 0;
};

} // namespace orch::drift
