#include <cmath>
#include <random>

#include <QTest>

#include "engine/driftmath.h"

using namespace orch::drift;

namespace {

// Population std of z over x[from, from + w), the textbook two-pass way.
double naiveStd(const std::vector<double>& x, std::size_t from, std::size_t w, double m, double sd)
{
    double s = 0;
    for (std::size_t i = from; i < from + w; ++i)
        s += (x[i] - m) / sd;
    const double mean = s / double(w);
    double q = 0;
    for (std::size_t i = from; i < from + w; ++i) {
        const double d = (x[i] - m) / sd - mean;
        q += d * d;
    }
    return std::sqrt(q / double(w));
}

std::vector<double> noisySeries(std::size_t n, double mean, double sd, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(mean, sd);
    std::vector<double> x(n);
    for (double& v : x)
        v = g(rng);
    return x;
}

} // namespace

class TestDriftMath final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // scanSeries against the naive O(T*W) computation, window by window.
    void scanMatchesNaive_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("baseline");
        QTest::addColumn<double>("threshold");
        QTest::addRow("spec sizes") << 96 << 672 << 2.0;
        QTest::addRow("window longer than baseline") << 50 << 20 << 0.3;
        QTest::addRow("small, low threshold") << 7 << 30 << 0.5;
    }
    void scanMatchesNaive()
    {
        QFETCH(int, window);
        QFETCH(int, baseline);
        QFETCH(double, threshold);
        std::vector<double> x = noisySeries(3000, 50.0, 2.0, 7);
        for (std::size_t i = 2000; i < 2300; ++i)
            x[i] = 50.0 + (x[i] - 50.0) * 5.0; // a variance episode
        const auto base = baselineOf(x.data(), std::size_t(baseline));
        QVERIFY(base);
        std::int64_t flagged = 0;
        double stdSum = 0;
        for (std::size_t t = 0; t + std::size_t(window) <= x.size(); ++t) {
            const double sd = naiveStd(x, t, std::size_t(window), base->mean, base->stddev);
            stdSum += sd;
            flagged += std::fabs(sd - 1.0) > threshold;
        }
        const ScanResult r = scanSeries(x, { window, baseline, threshold });
        QCOMPARE(r.series, std::int64_t(1));
        QCOMPARE(r.windows, std::int64_t(x.size() - std::size_t(window) + 1));
        QCOMPARE(r.flaggedWindows, flagged);
        QCOMPARE(r.flaggedSeries, std::int64_t(flagged > 0));
        QVERIFY2(std::fabs(r.stdSum - stdSum) < 1e-9 * stdSum,
                 qPrintable(QString::number(r.stdSum - stdSum)));
    }

    void skipsShortAndConstantSeries()
    {
        const std::vector<double> shortSeries(50, 1.0);
        QCOMPARE(scanSeries(shortSeries, { 96, 672, 2.0 }).skippedSeries, std::int64_t(1));
        const std::vector<double> constant(1000, 3.0);
        const ScanResult r = scanSeries(constant, { 96, 672, 2.0 });
        QCOMPARE(r.skippedSeries, std::int64_t(1));
        QCOMPARE(r.windows, std::int64_t(0));
        QVERIFY(!baselineOf(constant.data(), 100));
    }

    void scanManyDoesNotDependOnThreads()
    {
        std::vector<std::vector<double>> data;
        for (unsigned s = 0; s < 9; ++s)
            data.push_back(noisySeries(800 + s * 10, 10.0 * s, 1.0 + s, s));
        std::vector<std::span<const double>> spans(data.begin(), data.end());
        const ScanResult one = scanMany(spans, { 24, 96, 0.2 }, 1);
        const ScanResult three = scanMany(spans, { 24, 96, 0.2 }, 3);
        QCOMPARE(one.windows, three.windows);
        QCOMPARE(one.flaggedWindows, three.flaggedWindows);
        QCOMPARE(one.series, std::int64_t(9));
        QVERIFY(std::fabs(one.stdSum - three.stdSum) < 1e-9 * one.stdSum);
    }

    // The streaming window equals the batch scan, and stays exact over a long series with a large
    // offset (the case where E[z^2] - E[z]^2 loses its digits).
    void streamingIsStableOverLongSeries()
    {
        const std::size_t n = 200'000, W = 96, B = 672;
        std::vector<double> x = noisySeries(n, 1.0e6, 1.0, 11);
        for (std::size_t i = 150'000; i < n; ++i)
            x[i] += 5000.0; // a level shift: z around 5000 with unit spread
        SeriesWindow w(static_cast<int>(W), static_cast<int>(B));
        const auto base = baselineOf(x.data(), B);
        double worst = 0;
        for (std::size_t i = 0; i < n; ++i) {
            w.push(x[i]);
            if (i + 1 >= B && (i % 997 == 0 || i + 1 == n)) {
                QVERIFY(w.ready());
                const double expected = naiveStd(x, i + 1 - W, W, base->mean, base->stddev);
                worst = std::max(worst, std::fabs(w.stddev() - expected) / expected);
            }
        }
        QVERIFY2(worst < 1e-9, qPrintable(QString::number(worst)));
        QCOMPARE(w.count(), std::int64_t(n));
        QCOMPARE(w.scoredCount(), std::int64_t(n - B));
    }

    void seriesWindowLifecycle()
    {
        SeriesWindow w(4, 6);
        for (double v : { 1.0, -1.0, 1.0, -1.0, 1.0 }) {
            w.push(v);
            QVERIFY(!w.ready());
        }
        w.push(-1.0); // baseline complete: mean 0, std 1; the window holds the last four z-scores
        QVERIFY(w.baselineDone());
        QVERIFY(w.ready());
        QCOMPARE(w.stddev(), 1.0);
        for (double v : { 3.0, -3.0, 3.0, -3.0 })
            w.push(v);
        QCOMPARE(w.stddev(), 3.0);
        SeriesWindow flat(4, 6);
        for (int i = 0; i < 10; ++i)
            flat.push(2.0);
        QVERIFY(flat.degenerate());
        QVERIFY(!flat.ready());
    }
};

QTEST_GUILESS_MAIN(TestDriftMath)
#include "tst_driftmath.moc"
