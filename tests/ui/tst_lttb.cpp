#include <cmath>
#include <random>

#include <QSignalSpy>
#include <QTest>

#include "lttb.h"
#include "seriesdownsampler.h"

using namespace orch::ui;

namespace {

std::vector<QPointF> fromY(std::initializer_list<double> ys)
{
    std::vector<QPointF> points;
    double x = 0;
    for (double y : ys)
        points.emplace_back(x++, y);
    return points;
}

} // namespace

class TestLttb final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsEverythingBelowTheThreshold();
    void tinyThresholds();
    void knownSmallCase();
    void keepsTheExtremesOfASpike();
    void bucketsCoverTheSeries();
    void visibleSliceAddsOneNeighbourEachSide();
    void downsamplerDropsStaleResults();
};

void TestLttb::keepsEverythingBelowTheThreshold()
{
    const auto points = fromY({ 1, 2, 3, 4 });
    QCOMPARE(lttb(points, 4), points);
    QCOMPARE(lttb(points, 10), points);
    QCOMPARE(lttb(points, 0), points);
    QCOMPARE(lttb({}, 5), std::vector<QPointF>());
}

void TestLttb::tinyThresholds()
{
    const auto points = fromY({ 1, 2, 3, 4, 5 });
    QCOMPARE(lttb(points, 1), std::vector<QPointF>({ QPointF(0, 1) }));
    QCOMPARE(lttb(points, 2), std::vector<QPointF>({ QPointF(0, 1), QPointF(4, 5) }));
}

void TestLttb::knownSmallCase()
{
    // Worked by hand with the reference algorithm: every = (10 - 2) / (4 - 2) = 4; bucket 1 is
    // x = 1..4 against the mean of x = 5..8 (6.5, -0.75): the triangle with (3, 5) is largest;
    // bucket 2 is x = 5..8 against the last point (9, 1): (7, -4) wins.
    const auto points = fromY({ 0, 1, 0, 5, 0, 1, 0, -4, 0, 1 });
    QCOMPARE(lttb(points, 4), std::vector<QPointF>({ QPointF(0, 0), QPointF(3, 5), QPointF(7, -4), QPointF(9, 1) }));
    // Three points: one bucket (x = 1..8) against the last point; twice the triangle
    // (0,0)-(x,y)-(9,1) is |x - 9y|: 42 for (3, 5), 43 for (7, -4), which is kept.
    QCOMPARE(lttb(points, 3), std::vector<QPointF>({ QPointF(0, 0), QPointF(7, -4), QPointF(9, 1) }));
    // A straight line: any point of a bucket is as good; the first of each bucket is kept.
    const auto line = fromY({ 0, 1, 2, 3, 4, 5, 6 });
    const auto sampled = lttb(line, 4);
    QCOMPARE(sampled.size(), std::size_t(4));
    QCOMPARE(sampled.front(), QPointF(0, 0));
    QCOMPARE(sampled.back(), QPointF(6, 6));
}

void TestLttb::keepsTheExtremesOfASpike()
{
    std::vector<QPointF> points;
    for (int i = 0; i < 100'000; ++i)
        points.emplace_back(i, std::sin(i / 1000.0));
    points[43'210].setY(50); // a one-sample spike
    points[77'777].setY(-40);
    const auto sampled = lttb(points, 500);
    QCOMPARE(sampled.size(), std::size_t(500));
    bool spike = false;
    bool dip = false;
    for (const QPointF& p : sampled) {
        spike = spike || p == QPointF(43'210, 50);
        dip = dip || p == QPointF(77'777, -40);
    }
    QVERIFY(spike);
    QVERIFY(dip);
    // In x order, every point taken from the input.
    for (std::size_t i = 1; i < sampled.size(); ++i)
        QVERIFY(sampled[i].x() > sampled[i - 1].x());
}

void TestLttb::bucketsCoverTheSeries()
{
    std::mt19937_64 rng { 7 };
    std::normal_distribution<double> noise;
    for (const std::size_t n : { 5, 6, 7, 50, 101, 1000, 1001 }) {
        std::vector<QPointF> points;
        for (std::size_t i = 0; i < n; ++i)
            points.emplace_back(double(i), noise(rng));
        for (std::size_t threshold = 3; threshold < n; threshold += std::max<std::size_t>(1, n / 7)) {
            const auto sampled = lttb(points, threshold);
            QCOMPARE(sampled.size(), threshold);
            QCOMPARE(sampled.front(), points.front());
            QCOMPARE(sampled.back(), points.back());
            for (std::size_t i = 1; i < sampled.size(); ++i)
                QVERIFY2(sampled[i].x() > sampled[i - 1].x(), qPrintable(QStringLiteral("n %1 threshold %2").arg(n).arg(threshold)));
        }
    }
}

void TestLttb::visibleSliceAddsOneNeighbourEachSide()
{
    const auto points = fromY({ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 });
    auto slice = visibleSlice(points, 2.5, 5.5);
    QCOMPARE(slice.size(), std::size_t(5)); // 2, 3, 4, 5, 6
    QCOMPARE(slice.front(), QPointF(2, 2));
    QCOMPARE(slice.back(), QPointF(6, 6));
    slice = visibleSlice(points, 3, 5);
    QCOMPARE(slice.front(), QPointF(2, 2));
    QCOMPARE(slice.back(), QPointF(6, 6));
    slice = visibleSlice(points, -10, 100);
    QCOMPARE(slice.size(), points.size());
    slice = visibleSlice(points, 20, 30); // right of the data: the last point connects in
    QCOMPARE(slice.size(), std::size_t(1));
    QCOMPARE(visibleSlice(points, 5, 4).size(), std::size_t(0));
}

void TestLttb::downsamplerDropsStaleResults()
{
    auto data = std::make_shared<std::vector<QPointF>>();
    for (int i = 0; i < 1'000'000; ++i)
        data->emplace_back(i, (i % 1000) / 1000.0);
    SeriesDownsampler downsampler;
    downsampler.setData({ data });
    QSignalSpy ready(&downsampler, &SeriesDownsampler::ready);
    // A burst: only the newest request is delivered.
    downsampler.request(0, 999'999, 2000);
    downsampler.request(0, 500'000, 1000);
    const quint64 last = downsampler.request(1000, 2000, 100);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(0).value<quint64>(), last);
    const auto points = ready.at(0).at(1).value<QList<QList<QPointF>>>();
    QCOMPARE(points.size(), 1);
    QCOMPARE(points.at(0).size(), 100);
    QCOMPARE(points.at(0).front(), QPointF(999, 0.999)); // the neighbour left of the range
    QCOMPARE(points.at(0).back(), QPointF(2001, 0.001));
}

QTEST_GUILESS_MAIN(TestLttb)
#include "tst_lttb.moc"
