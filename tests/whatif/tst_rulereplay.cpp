#include <map>
#include <random>

#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include "engine/clock.h"
#include "engine/orchestrator.h"
#include "store/sqlitestore.h"
#include "whatif/rulereplay.h"

using namespace orch;
using namespace orch::whatif;

Q_DECLARE_METATYPE(orch::whatif::RuleSet)

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z
constexpr TimeMs kFive = 5 * kMinuteMs;
constexpr int kDays = 5;

// A small history: 4 dealers x 2 features, mostly every 15 minutes (one series every 5), noise
// around a per-series mean, with drift episodes planted (the noise scaled up for a while) and one
// constant series that cannot be standardized.
struct History
{
    std::map<TimeMs, std::vector<Sample>> byTime;
    qint64 count = 0;
};

History plantedHistory()
{
    struct Episode
    {
        int dealer, feature;
        double fromDay, toDay, scale;
    };
    // Overlapping episodes on different dealers (two pauses, one degraded phase), and
    // scales that different thresholds tell apart: std ~6 (> 1 + 3), ~3.6 (> 1 + 2), ~2.8 (> 1 + 1.5).
    const Episode episodes[] = { { 1, 0, 2.5, 3.25, 6.0 }, { 2, 1, 3.0, 3.6, 3.6 }, { 0, 0, 4.0, 4.5, 2.8 } };
    History h;
    std::mt19937_64 rng(20260101);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (int dealer = 0; dealer < 4; ++dealer) {
        for (int feature = 0; feature < 2; ++feature) {
            const bool fast = dealer == 0 && feature == 1;
            const bool constant = dealer == 3 && feature == 1;
            const TimeMs step = fast ? kFive : 3 * kFive;
            const double mean = 10.0 * dealer + feature, sd = 0.5 + 0.25 * feature;
            for (TimeMs t = kStart; t < kStart + kDays * kDayMs; t += step) {
                double scale = 1;
                const double day = double(t - kStart) / double(kDayMs);
                for (const Episode& e : episodes) {
                    if (e.dealer == dealer && e.feature == feature && day >= e.fromDay && day < e.toDay)
                        scale = e.scale;
                }
                const double v = constant ? 7.0 : mean + sd * scale * normal(rng);
                h.byTime[t].push_back(Sample { QStringLiteral("dealer-%1").arg(dealer),
                                               QStringLiteral("feature-%1").arg(feature), t, v });
                ++h.count;
            }
        }
    }
    return h;
}

OrchestratorSpec specWith(const RuleSet& r)
{
    OrchestratorSpec spec;
    spec.components.driftSentinel.threshold = r.threshold;
    spec.components.driftSentinel.windowSamples = r.windowSamples;
    spec.components.driftSentinel.baselineSamples = r.baselineSamples;
    spec.components.driftSentinel.intervalMinutes = r.intervalMinutes;
    spec.autoRetrain.triggerCount = r.triggerCount;
    spec.autoRetrain.driftWindowHours = r.driftWindowHours;
    spec.autoRetrain.minSampleSize = r.minSampleSize;
    return spec;
}

RuleSet smallRules()
{
    RuleSet r;
    r.windowSamples = 24; // 6 h
    r.baselineSamples = 96; // 1 day
    r.minSampleSize = 20;
    return r;
}

struct EngineRun
{
    OrchestratorCounters counters;
    int open = 0;
};

// The real Orchestrator fed the history as it happened, every 5 minutes of a simulated clock.
EngineRun runEngine(const History& h, const RuleSet& rules, StateStore& store)
{
    SimulatedClock clock(kStart);
    Orchestrator orchestrator(specWith(rules), clock, store);
    orchestrator.setSampleBatching(std::size_t(1) << 20); // stored when the orchestrator goes
    for (const auto& [t, samples] : h.byTime) {
        clock.advanceTo(t);
        if (auto st = orchestrator.ingest(samples); !st)
            qFatal("ingest: %s", qPrintable(st.error()));
        if (auto st = orchestrator.runDue(); !st)
            qFatal("runDue: %s", qPrintable(st.error()));
    }
    return { orchestrator.counters(), orchestrator.sentinel().openCount() };
}

} // namespace

class TestRuleReplay final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    History m_history;
    std::unique_ptr<SqliteStore> m_store;
    EngineRun m_engine;

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.*.info=false"));
        QVERIFY(m_dir.isValid());
        m_history = plantedHistory();
        auto store = SqliteStore::open(m_dir.filePath(QStringLiteral("main")));
        QVERIFY2(store, qPrintable(store.error()));
        m_store = std::move(*store);
        // The engine stores what it ingests: the replay reads the same samples back.
        m_engine = runEngine(m_history, smallRules(), *m_store);
        QCOMPARE(*m_store->sampleCount(), m_history.count);
        QVERIFY2(m_engine.counters.detections >= 2, "the planted episodes above 2.0 must be detected");
        QVERIFY(m_engine.counters.retrains >= 1);
        QVERIFY(m_engine.counters.pauses >= 1);
    }

    void currentRulesMatchTheEngine()
    {
        auto report = replayRules(*m_store, smallRules(), {});
        QVERIFY2(report, qPrintable(report.error()));
        const RuleCounts& c = report->current;
        const OrchestratorCounters& e = m_engine.counters;
        qInfo("engine: %lld detections, %lld retrains, %lld pauses; replay: %lld, %lld, %lld (degraded "
              "phases %lld)",
              (long long)e.detections, (long long)e.retrains, (long long)e.pauses, (long long)c.detections,
              (long long)c.retrains, (long long)c.pauses, (long long)c.degradedPhases);
        QCOMPARE(c.detections, e.detections);
        QCOMPARE(c.resolved, e.resolved);
        QCOMPARE(c.retrains, e.retrains);
        QCOMPARE(c.pauses, e.pauses);
        QCOMPARE(c.flaggedEvaluations, e.flaggedEvaluations);
        QCOMPARE(c.openAtEnd, qint64(m_engine.open));
        QCOMPARE(c.unmonitoredSeries, 1); // the constant one
        QCOMPARE(c.monitoredSeries, 7);
        QCOMPARE(report->series, 8);
        QCOMPARE(report->samples, m_history.count);
        // The store's detections are the engine's.
        auto stored = m_store->detections(std::numeric_limits<TimeMs>::min(),
                                          std::numeric_limits<TimeMs>::max(), 1000);
        QVERIFY(stored);
        QCOMPARE(qint64(stored->size()), c.detections);
    }

    // Every alternative equals a real engine run with that spec.
    void alternativesMatchTheEngine_data()
    {
        QTest::addColumn<RuleSet>("rules");
        RuleSet r = smallRules();
        r.threshold = 1.5;
        QTest::addRow("threshold 1.5") << r;
        r = smallRules();
        r.threshold = 3.0;
        QTest::addRow("threshold 3.0") << r;
        r = smallRules();
        r.windowSamples = 48;
        QTest::addRow("window 48") << r;
        r = smallRules();
        r.baselineSamples = 192;
        r.threshold = 1.8;
        QTest::addRow("baseline 192, threshold 1.8") << r;
        r = smallRules();
        r.triggerCount = 6;
        r.driftWindowHours = 1;
        QTest::addRow("6 detections within 1 h") << r;
        r = smallRules();
        r.intervalMinutes = 60;
        QTest::addRow("hourly evaluations") << r;
    }
    void alternativesMatchTheEngine()
    {
        QFETCH(RuleSet, rules);
        QTemporaryDir dir;
        auto scratch = SqliteStore::open(dir.path());
        QVERIFY(scratch);
        const EngineRun engine = runEngine(m_history, rules, **scratch);
        auto report = replayRules(*m_store, smallRules(), { rules });
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report->alternatives.size(), std::size_t(1));
        const RuleCounts& c = report->alternatives.front().second;
        QCOMPARE(c.detections, engine.counters.detections);
        QCOMPARE(c.resolved, engine.counters.resolved);
        QCOMPARE(c.retrains, engine.counters.retrains);
        QCOMPARE(c.pauses, engine.counters.pauses);
        QCOMPARE(c.flaggedEvaluations, engine.counters.flaggedEvaluations);
        QCOMPARE(c.openAtEnd, qint64(engine.open));
    }

    void lowerThresholdDetectsMore()
    {
        std::vector<RuleSet> alternatives;
        for (double t : { 1.0, 1.5, 2.0, 3.0, 4.5 }) {
            RuleSet r = smallRules();
            r.threshold = t;
            alternatives.push_back(r);
        }
        auto report = replayRules(*m_store, smallRules(), alternatives);
        QVERIFY2(report, qPrintable(report.error()));
        for (std::size_t i = 1; i < alternatives.size(); ++i) {
            QVERIFY(report->alternatives[i - 1].second.detections
                    >= report->alternatives[i].second.detections);
            QVERIFY(report->alternatives[i - 1].second.flaggedEvaluations
                    >= report->alternatives[i].second.flaggedEvaluations);
        }
        // 2.0 is the current threshold: the same figures.
        QCOMPARE(report->alternatives[2].second, report->current);
        QVERIFY(report->alternatives[1].second.detections > report->current.detections);
        QVERIFY(report->alternatives[3].second.detections < report->current.detections);
        const auto json = report->toJson();
        QCOMPARE(json["alternatives"].size(), std::size_t(5));
        QCOMPARE(json["alternatives"][2]["vsCurrent"]["detections"].get<qint64>(), 0);
        QCOMPARE(json["current"]["rules"]["threshold"].get<double>(), 2.0);
    }

    // Overlapping episodes on two dealers: a pause per dealer and episode start, one degraded
    // phase per stretch with drift open somewhere.
    void pausesFleetWideAndPerDealer()
    {
        RuleReplayer replayer({ smallRules() });
        RuleReplayer::SeriesResult a, b;
        a.dealer = QStringLiteral("a");
        b.dealer = QStringLiteral("b");
        a.counts.resize(1);
        b.counts.resize(1);
        a.events = { { { 100, 0 }, { 400, 1 } } }; // a open 100..400
        b.events = { { { 200, 0 }, { 300, 2 }, { 500, 1 }, { 600, 0 }, { 700, 1 } } }; // b 200..500, 600..700
        replayer.add(a);
        replayer.add(b);
        const RuleCounts c = replayer.finish().front();
        QCOMPARE(c.detections, 3);
        QCOMPARE(c.resolved, 3);
        QCOMPARE(c.pauses, 3); // a at 100, b at 200 and 600
        QCOMPARE(c.degradedPhases, 2); // from 100 to 500, from 600 to 700
        QCOMPARE(c.retrains, 1);
        QCOMPARE(c.openAtEnd, 0);
    }

    void progressAndCancellation()
    {
        std::vector<std::pair<qint64, qint64>> calls;
        auto report = replayRules(*m_store, smallRules(), {}, [&](qint64 done, qint64 total) {
            calls.emplace_back(done, total);
            return true;
        });
        QVERIFY(report);
        QCOMPARE(calls.size(), std::size_t(8));
        QCOMPARE(calls.back(), std::make_pair(qint64(8), qint64(8)));

        int seen = 0;
        report = replayRules(*m_store, smallRules(), {}, [&](qint64, qint64) { return ++seen < 3; });
        QVERIFY(!report);
        QVERIFY2(report.error().contains(QLatin1String("cancelled after 3 of 8 series")),
                 qPrintable(report.error()));

        std::stop_source stop;
        stop.request_stop();
        report = replayRules(*m_store, smallRules(), {}, {}, stop.get_token());
        QVERIFY(!report);
        QVERIFY(report.error().contains(QLatin1String("cancelled")));
    }

    void invalidRules_data()
    {
        QTest::addColumn<RuleSet>("rules");
        QTest::addColumn<QString>("message");
        RuleSet r = smallRules();
        r.threshold = -1;
        QTest::addRow("negative threshold") << r << QStringLiteral("alternatives[0].threshold = -1");
        r = smallRules();
        r.windowSamples = 1;
        QTest::addRow("window 1") << r << QStringLiteral("alternatives[0].windowSamples = 1");
        r = smallRules();
        r.triggerCount = 0;
        QTest::addRow("no trigger") << r << QStringLiteral("triggerCount = 0");
        r = smallRules();
        r.intervalMinutes = 0;
        QTest::addRow("no interval") << r << QStringLiteral("intervalMinutes = 0");
        r = smallRules();
        r.threshold = qQNaN();
        QTest::addRow("NaN threshold") << r << QStringLiteral("threshold = nan");
    }
    void invalidRules()
    {
        QFETCH(RuleSet, rules);
        QFETCH(QString, message);
        auto report = replayRules(*m_store, smallRules(), { rules });
        QVERIFY(!report);
        QVERIFY2(report.error().contains(message), qPrintable(report.error()));
        QVERIFY(!replayRules(*m_store, smallRules(), std::vector<RuleSet>(65, smallRules())));
    }
};

QTEST_GUILESS_MAIN(TestRuleReplay)
#include "tst_rulereplay.moc"
