#include "engine/driftmath.h"

#include <algorithm>
#include <numeric>

#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include "formulas/formulas.h"

namespace orch::drift {

void ScanResult::merge(const ScanResult& o)
{
    series += o.series;
    skippedSeries += o.skippedSeries;
    windows += o.windows;
    flaggedWindows += o.flaggedWindows;
    flaggedSeries += o.flaggedSeries;
    stdSum += o.stdSum;
}

std::optional<Baseline> baselineOf(const double* x, std::size_t n)
{
    if (n < 2)
        return std::nullopt;
    double m = 0, m2 = 0;
    for (std::size_t t = 0; t < n; ++t) {
        const double d = x[t] - m;
        m += d / double(t + 1);
        m2 += d * (x[t] - m);
    }
    const double sd = std::sqrt(m2 / double(n));
    if (!std::isfinite(sd) || !std::isfinite(m) || !(sd > 0))
        return std::nullopt;
    return Baseline { m, sd };
}

namespace {

// Exact two-pass moments of z over x[start, start + W), with four accumulators so the sums do
// not form one long dependency chain.
SlidingMoments windowMoments(const double* x, std::size_t start, std::size_t W, double m, double inv,
                             double invW)
{
    const double* p = x + start;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= W; i += 4) {
        s0 += (p[i] - m) * inv;
        s1 += (p[i + 1] - m) * inv;
        s2 += (p[i + 2] - m) * inv;
        s3 += (p[i + 3] - m) * inv;
    }
    for (; i < W; ++i)
        s0 += (p[i] - m) * inv;
    const double mean = ((s0 + s1) + (s2 + s3)) * invW;
    double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
    i = 0;
    for (; i + 4 <= W; i += 4) {
        const double d0 = (p[i] - m) * inv - mean, d1 = (p[i + 1] - m) * inv - mean;
        const double d2 = (p[i + 2] - m) * inv - mean, d3 = (p[i + 3] - m) * inv - mean;
        q0 += d0 * d0;
        q1 += d1 * d1;
        q2 += d2 * d2;
        q3 += d3 * d3;
    }
    for (; i < W; ++i) {
        const double d = (p[i] - m) * inv - mean;
        q0 += d * d;
    }
    return { mean, (q0 + q1) + (q2 + q3) };
}

} // namespace

ScanResult scanSeries(std::span<const double> xs, const ScanParams& params)
{
    ScanResult r;
    const std::size_t n = xs.size();
    const std::size_t W = std::size_t(std::max(params.window, 1));
    const std::size_t B = std::size_t(std::max(params.baseline, 2));
    const auto base = n >= std::max(W, B) ? baselineOf(xs.data(), B) : std::nullopt;
    if (!base) {
        r.skippedSeries = 1;
        return r;
    }
    r.series = 1;
    const double* x = xs.data();
    const double m = base->mean, inv = 1.0 / base->stddev, invW = 1.0 / double(W), thr = params.threshold;
    const std::size_t rebaseEvery = W * kRebaseWindows;

    SlidingMoments mom = windowMoments(x, 0, W, m, inv, invW);
    std::int64_t flagged = 0;
    double stdSum = 0;
    std::size_t untilRebase = rebaseEvery;
    for (std::size_t t = W;; ++t) {
        // Window [t - W, t).
        const double sd = mom.stddev(invW);
        stdSum += sd;
        flagged += formulas::detectDrift(sd, thr);
        if (t == n)
            break;
        if (--untilRebase == 0) {
            mom = windowMoments(x, t + 1 - W, W, m, inv, invW);
            untilRebase = rebaseEvery;
        } else {
            mom.slide((x[t] - m) * inv, (x[t - W] - m) * inv, invW);
        }
    }
    r.windows = std::int64_t(n - W + 1);
    r.flaggedWindows = flagged;
    r.flaggedSeries = flagged > 0;
    r.stdSum = stdSum;
    return r;
}

ScanResult scanMany(const std::vector<std::span<const double>>& series, const ScanParams& params, int threads)
{
    const int workers = std::max(1, threads > 0 ? threads : QThread::idealThreadCount());
    // Interleaved chunks balance long and short series; each chunk sums its own part, and the
    // parts are merged in a fixed order so the result does not depend on scheduling.
    std::vector<int> chunks(static_cast<std::size_t>(workers));
    std::iota(chunks.begin(), chunks.end(), 0);
    std::vector<ScanResult> parts(chunks.size());
    QtConcurrent::blockingMap(chunks, [&](int c) {
        ScanResult local;
        for (std::size_t i = std::size_t(c); i < series.size(); i += std::size_t(workers))
            local.merge(scanSeries(series[i], params));
        parts[std::size_t(c)] = local;
    });
    ScanResult total;
    for (const ScanResult& p : parts)
        total.merge(p);
    return total;
}

SeriesWindow::SeriesWindow(int window, int baseline)
    : m_ring(std::size_t(std::max(window, 1)))
    , m_baselineSize(std::max(baseline, 2))
    , m_invW(1.0 / double(std::max(window, 1)))
{ }

void SeriesWindow::push(double x)
{
    ++m_count;
    const int W = int(m_ring.size());
    if (!m_baselineDone) {
        const double d = x - m_bMean;
        m_bMean += d / double(m_count);
        m_bM2 += d * (x - m_bMean);
        m_ring[std::size_t(m_pos)] = x;
        m_pos = (m_pos + 1) % W;
        m_fill = std::min(m_fill + 1, W);
        if (m_count == m_baselineSize)
            completeBaseline();
        return;
    }
    if (m_degenerate)
        return;
    ++m_scored;
    const double z = (x - m_mean) * m_inv;
    if (m_fill < W) {
        m_ring[std::size_t(m_pos)] = z;
        m_pos = (m_pos + 1) % W;
        if (++m_fill == W)
            rebase();
        return;
    }
    const double out = m_ring[std::size_t(m_pos)];
    m_ring[std::size_t(m_pos)] = z;
    m_pos = (m_pos + 1) % W;
    if (++m_sinceRebase >= W * kRebaseWindows)
        rebase();
    else
        m_moments.slide(z, out, m_invW);
}

void SeriesWindow::completeBaseline()
{
    m_baselineDone = true;
    m_mean = m_bMean;
    m_std = std::sqrt(m_bM2 / double(m_count));
    if (!std::isfinite(m_std) || !(m_std > 0)) {
        m_degenerate = true;
        return;
    }
    m_inv = 1.0 / m_std;
    // The ring holds the last raw values in order ending before m_pos; standardize them.
    for (int i = 0; i < m_fill; ++i) {
        double& v = m_ring[std::size_t(i)];
        v = (v - m_mean) * m_inv;
    }
    if (m_fill == int(m_ring.size()))
        rebase();
}

void SeriesWindow::rebase()
{
    // Exact two-pass moments of the ring (order does not matter for a sum).
    const std::size_t W = m_ring.size();
    double s = 0;
    for (double z : m_ring)
        s += z;
    const double mean = s / double(W);
    double q = 0;
    for (double z : m_ring)
        q += (z - mean) * (z - mean);
    m_moments = { mean, q };
    m_sinceRebase = 0;
}

} // namespace orch::drift
