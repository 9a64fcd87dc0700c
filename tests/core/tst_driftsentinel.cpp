#include <QTemporaryDir>
#include <QTest>

#include "engine/driftsentinel.h"
#include "store/sqlitestore.h"

using namespace orch;

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z
constexpr TimeMs kStep = 15 * kMinuteMs;

// Feeds one series and evaluates after every sample, like the 15-minute tick.
struct Harness
{
    explicit Harness(DriftSentinelSpec spec = {}, AutoRetrainSpec retrain = {})
    {
        QVERIFY(dir.isValid());
        auto s = SqliteStore::open(dir.path());
        QVERIFY2(s.ok(), qPrintable(s.error()));
        store = std::move(*s);
        sentinel = std::make_unique<DriftSentinel>(spec, retrain, *store);
    }
    DriftTickReport push(double value, const QString& dealer = QStringLiteral("D1"),
                         const QString& feature = QStringLiteral("f"))
    {
        t += kStep;
        sentinel->ingest(Sample { dealer, feature, t, value });
        auto r = sentinel->evaluate(t);
        if (!r.ok())
            qFatal("evaluate failed: %s", qPrintable(r.error()));
        return *r;
    }
    // `n` samples alternating +a, -a around `mean`: population std exactly a for even n.
    DriftTickReport alternate(int n, double a, double mean = 0.0)
    {
        DriftTickReport last;
        for (int i = 0; i < n; ++i)
            last = push(mean + (i % 2 == 0 ? a : -a));
        return last;
    }
    QTemporaryDir dir;
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<DriftSentinel> sentinel;
    TimeMs t = kStart;
};

} // namespace

class TestDriftSentinel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Series whose window std is known exactly: baseline +-1 (mean 0, std 1), then a window of +-a.
    void ruleOnKnownStd_data()
    {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<bool>("flagged");
        QTest::addRow("std 3.5 > 1 + 2") << 3.5 << 2.0 << true;
        QTest::addRow("std 2.5 (SPEC example) is not drift") << 2.5 << 2.0 << false;
        QTest::addRow("std 3.01 just above") << 3.01 << 2.0 << true;
        QTest::addRow("std 2.99 just below") << 2.99 << 2.0 << false;
        QTest::addRow("std 1 is calm") << 1.0 << 2.0 << false;
        QTest::addRow("collapsed variance, threshold 0.5") << 0.4 << 0.5 << true;
        QTest::addRow("mild shrink, threshold 0.5") << 0.6 << 0.5 << false;
    }
    void ruleOnKnownStd()
    {
        QFETCH(double, a);
        QFETCH(double, threshold);
        QFETCH(bool, flagged);
        DriftSentinelSpec spec;
        spec.threshold = threshold;
        Harness h(spec);
        h.alternate(672, 1.0);
        QCOMPARE(h.sentinel->monitoredCount(), 1);
        const DriftTickReport r = h.alternate(96, a);
        QCOMPARE(r.evaluated, 1);
        QCOMPARE(r.flagged, flagged ? 1 : 0);
        const auto snap = h.sentinel->snapshot();
        QCOMPARE(snap.size(), std::size_t(1));
        QVERIFY(std::fabs(snap[0].lastStd - a) < 1e-9);
        QCOMPARE(snap[0].drifting, flagged);
    }

    void notMonitoredDuringBaseline()
    {
        Harness h;
        const DriftTickReport r = h.alternate(671, 1.0);
        QCOMPARE(r.evaluated, 0);
        QCOMPARE(h.sentinel->monitoredCount(), 0);
        QCOMPARE(h.push(-1.0).evaluated, 1);
    }

    void evaluatesOnlySeriesWithNewSamples()
    {
        Harness h;
        h.alternate(700, 1.0);
        auto again = h.sentinel->evaluate(h.t + kStep);
        QVERIFY(again.ok());
        QCOMPARE(again->evaluated, 0);
    }

    void lateSamplesAreRefused()
    {
        Harness h;
        h.push(1.0);
        QVERIFY(!h.sentinel->ingest(Sample { QStringLiteral("D1"), QStringLiteral("f"), h.t, 2.0 }));
        QVERIFY(!h.sentinel->ingest(Sample { QStringLiteral("D1"), QStringLiteral("f"), h.t - kStep, 2.0 }));
        QCOMPARE(h.sentinel->lateSamples(), std::int64_t(2));
        QVERIFY(h.sentinel->ingest(Sample { QStringLiteral("D2"), QStringLiteral("f"), h.t, 2.0 }));
    }

    void constantBaselineIsNotMonitored()
    {
        Harness h;
        for (int i = 0; i < 800; ++i)
            QCOMPARE(h.push(5.0).evaluated, 0);
        QCOMPARE(h.sentinel->monitoredCount(), 0);
    }

    void episodeOpensUpdatesAndCloses()
    {
        Harness h;
        h.alternate(672, 1.0);
        h.alternate(96, 1.0);
        // Drift: +-5 enters the window; the std crosses 3 part-way in.
        int openedAt = -1;
        DriftTickReport r;
        for (int i = 0; i < 96; ++i) {
            r = h.push(i % 2 == 0 ? 5.0 : -5.0);
            if (!r.opened.empty()) {
                QCOMPARE(openedAt, -1);
                openedAt = i;
            }
        }
        QVERIFY(openedAt > 0);
        QCOMPARE(h.sentinel->openCount(), 1);
        QCOMPARE(r.open, 1);
        // Calm again: the episode closes once the std is back within the threshold.
        int closedAt = -1;
        for (int i = 0; i < 96 && closedAt < 0; ++i) {
            r = h.push(i % 2 == 0 ? 1.0 : -1.0);
            if (!r.closed.empty())
                closedAt = i;
        }
        QVERIFY(closedAt > 0);
        QCOMPARE(h.sentinel->openCount(), 0);
        const Detection closed = r.closed.front();
        auto stored = h.store->detections(0, std::numeric_limits<TimeMs>::max(), 10);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), std::size_t(1));
        const Detection& d = stored->front();
        QCOMPARE(d.id, closed.id);
        QCOMPARE(d.dealer, QStringLiteral("D1"));
        QVERIFY(d.closedAt.has_value());
        QCOMPARE(*d.closedAt, h.t);
        QVERIFY(d.firstStd > 3.0);
        QVERIFY(d.peakStd >= d.firstStd);
        QVERIFY(std::fabs(d.peakStd - 5.0) < 1e-9); // the window full of +-5
        QCOMPARE(d.flaggedEvaluations, 96 - openedAt + closedAt);
        QCOMPARE(d.threshold, 2.0);
    }

    void retrainPolicyUnit()
    {
        AutoRetrainSpec spec; // 3 within 24 h, >= 100 samples
        RetrainPolicy policy(spec);
        RetrainPolicy::SeriesRun run;
        QVERIFY(!policy.record(run, true, 0, 500));
        QVERIFY(!policy.record(run, true, kStep, 500));
        QVERIFY(policy.record(run, true, 2 * kStep, 500)); // third consecutive
        QVERIFY(!policy.record(run, true, 3 * kStep, 500)); // once per episode
        QVERIFY(!policy.record(run, false, 4 * kStep, 500)); // run ends
        QVERIFY(!policy.record(run, true, 5 * kStep, 500));
        QVERIFY(!policy.record(run, true, 6 * kStep, 500));
        QVERIFY(policy.record(run, true, 7 * kStep, 500)); // a new episode may ask again

        RetrainPolicy::SeriesRun sparse; // three flags, but spread over more than 24 h
        QVERIFY(!policy.record(sparse, true, 0, 500));
        QVERIFY(!policy.record(sparse, true, 13 * kHourMs, 500));
        QVERIFY(!policy.record(sparse, true, 25 * kHourMs, 500));
        QVERIFY(policy.record(sparse, true, 26 * kHourMs, 500)); // last three now within 24 h

        RetrainPolicy::SeriesRun young; // too few samples
        QVERIFY(!policy.record(young, true, 0, 99));
        QVERIFY(!policy.record(young, true, kStep, 99));
        QVERIFY(!policy.record(young, true, 2 * kStep, 99));
        QVERIFY(policy.record(young, true, 3 * kStep, 100));
    }

    void retrainRequestedOnThirdConsecutiveDetection()
    {
        Harness h;
        h.alternate(672, 1.0);
        h.alternate(96, 1.0);
        int flags = 0;
        qint64 cause = 0;
        for (int i = 0; i < 96; ++i) {
            const DriftTickReport r = h.push(i % 2 == 0 ? 6.0 : -6.0);
            flags += r.flagged;
            if (!r.retrainCauses.empty()) {
                QCOMPARE(flags, 3);
                QCOMPARE(cause, qint64(0));
                cause = r.retrainCauses.front();
            }
        }
        QVERIFY(cause > 0);
        auto stored = h.store->detections(0, std::numeric_limits<TimeMs>::max(), 10);
        QCOMPARE(stored->front().id, cause);
    }

    void retrainWaitsForMinimumSamples()
    {
        DriftSentinelSpec spec;
        spec.windowSamples = 4;
        spec.baselineSamples = 6;
        Harness h(spec);
        h.alternate(6, 1.0);
        int requestsBefore100 = 0, requests = 0;
        for (int i = 0; i < 120; ++i) {
            const DriftTickReport r = h.push(i % 2 == 0 ? 10.0 : -10.0);
            if (!r.retrainCauses.empty())
                (i + 1 < 100 ? requestsBefore100 : requests) += 1;
        }
        QCOMPARE(requestsBefore100, 0);
        QCOMPARE(requests, 1);
    }
};

QTEST_GUILESS_MAIN(TestDriftSentinel)
#include "tst_driftsentinel.moc"
