#include <cmath>

#include <QLoggingCategory>
#include <QTest>

#include "common/strictjson.h"
#include "learning/adaptiveweightlearner.h"
#include "syntheticdata.h"

using namespace orch;
using namespace orch::learning;

namespace {

constexpr TimeMs kDay0 = 1767232800000; // 2026-01-01T02:00:00Z, the 02:00Z schedule

AdaptiveWeightLearner makeLearner(const LearnerOptions& options = {})
{
    auto learner = AdaptiveWeightLearner::create(AdaptiveWeightLearnerSpec {}, synthetic::names(), options);
    Q_ASSERT(learner);
    return std::move(*learner);
}

CoefficientMarginal marginal(double mean, double low, double high)
{
    return { mean, 0.0, 0.0, low, high };
}

} // namespace

class TestAdaptiveWeightLearner final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // One line per run is right for a daily job, and noise for thousands of runs here.
        QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.learning.info=false\n"
                                                        "orchestrator.learning.warning=false"));
    }

    // The acceptance test: on synthetic data with known coefficients, the 95% credible intervals
    // cover the true values in 90-99% of 200 seeded runs, counted per coefficient.
    void knownTruthCoverage_data()
    {
        QTest::addColumn<int>("days");
        QTest::addColumn<int>("perDay");
        QTest::addColumn<double>("noiseSd");
        QTest::addRow("one batch of 400") << 1 << 400 << 3.0;
        QTest::addRow("8 daily batches of 50") << 8 << 50 << 3.0;
        QTest::addRow("one batch of 2000, low noise") << 1 << 2000 << 0.5;
    }
    void knownTruthCoverage()
    {
        QFETCH(int, days);
        QFETCH(int, perDay);
        QFETCH(double, noiseSd);
        constexpr int kRuns = 200;
        const auto truth = synthetic::trueWeights();
        std::vector<int> covered(truth.size(), 0);
        int shifts = 0;
        for (int run = 0; run < kRuns; ++run) {
            synthetic::Normal g(1000 + std::uint64_t(run));
            AdaptiveWeightLearner learner = makeLearner();
            std::optional<WeightPosterior> last;
            for (int day = 0; day < days; ++day) {
                auto w = learner.run(kDay0 + day * kDayMs, synthetic::batch(g, perDay, truth, noiseSd));
                QVERIFY2(w, qPrintable(w.error()));
                shifts += w->shift.detected;
                last = std::move(*w);
            }
            for (std::size_t j = 0; j < truth.size(); ++j) {
                const CoefficientPosterior& c = last->coefficients[j];
                covered[j] += c.ci95Low <= truth[j] && truth[j] <= c.ci95High;
            }
        }
        QString rates;
        for (std::size_t j = 0; j < truth.size(); ++j)
            rates += QStringLiteral(" %1=%2%")
                         .arg(synthetic::names()[qsizetype(j)])
                         .arg(100.0 * covered[j] / kRuns);
        qInfo("coverage over %d runs:%s (false shifts: %d)", kRuns, qPrintable(rates), shifts);
        for (std::size_t j = 0; j < truth.size(); ++j) {
            const double rate = double(covered[j]) / kRuns;
            QVERIFY2(rate >= 0.90 && rate <= 0.99, qPrintable(rates));
        }
    }

    // The definition: 1 − the largest relative 95% half-width, clipped to [0, 1].
    void confidenceDefinition_data()
    {
        QTest::addColumn<std::vector<CoefficientMarginal>>("marginals");
        QTest::addColumn<double>("expected");
        QTest::addRow("none") << std::vector<CoefficientMarginal> {} << 0.0;
        QTest::addRow("every weight within 5 percent")
            << std::vector<CoefficientMarginal> { marginal(10, 9.6, 10.4), marginal(-2, -2.1, -1.9) } << 0.95;
        QTest::addRow("the widest decides")
            << std::vector<CoefficientMarginal> { marginal(10, 9.9, 10.1), marginal(4, 3, 5) } << 0.75;
        QTest::addRow("a zero mean") << std::vector<CoefficientMarginal> { marginal(0, -1, 1) } << 0.0;
        QTest::addRow("wider than the weight")
            << std::vector<CoefficientMarginal> { marginal(1, -2, 4) } << 0.0;
        QTest::addRow("exact") << std::vector<CoefficientMarginal> { marginal(3, 3, 3) } << 1.0;
    }
    void confidenceDefinition()
    {
        QFETCH(std::vector<CoefficientMarginal>, marginals);
        QFETCH(double, expected);
        QVERIFY(std::fabs(AdaptiveWeightLearner::confidenceOf(marginals) - expected) < 1e-12);
    }

    // 0 with no or too few data; it rises towards 1 as the posterior concentrates.
    void confidenceRisesWithData()
    {
        AdaptiveWeightLearner learner = makeLearner();
        synthetic::Normal g(77);
        const auto truth = synthetic::trueWeights();
        auto empty = learner.run(kDay0, {});
        QVERIFY(empty);
        QCOMPARE(empty->confidence, 0.0);
        QCOMPARE(empty->sampleCount, qint64(0));
        QVERIFY(!empty->published);
        QVERIFY(!empty->shift.tested);
        auto few
            = learner.run(kDay0 + kDayMs, synthetic::batch(g, 5, truth, 3.0)); // fewer than 8 coefficients
        QVERIFY(few);
        QCOMPARE(few->confidence, 0.0);
        double previous = 0;
        int day = 2;
        for (int n : { 100, 900, 9000, 90000 }) {
            auto w = learner.run(kDay0 + day++ * kDayMs, synthetic::batch(g, n, truth, 3.0));
            QVERIFY(w);
            QVERIFY2(w->confidence > previous, qPrintable(QString::number(w->confidence)));
            previous = w->confidence;
        }
        QVERIFY2(previous > 0.95, qPrintable(QString::number(previous)));
        QVERIFY(learner.published());
    }

    // New weights are published only when the confidence reaches the floor; a later run below
    // it leaves the published weights as they were.
    void publishesOnlyAtTheFloor()
    {
        AdaptiveWeightLearner learner = makeLearner();
        synthetic::Normal g(5);
        auto truth = synthetic::trueWeights();

        auto low = learner.run(kDay0, synthetic::batch(g, 60, truth, 0.5));
        QVERIFY(low);
        QVERIFY2(low->confidence < 0.95, qPrintable(QString::number(low->confidence)));
        QVERIFY(!low->published);
        QVERIFY(!learner.published());

        auto high = learner.run(kDay0 + kDayMs, synthetic::batch(g, 3000, truth, 0.5));
        QVERIFY(high);
        QVERIFY2(high->confidence >= 0.95, qPrintable(QString::number(high->confidence)));
        QVERIFY(high->published);
        QVERIFY(learner.published());
        QCOMPARE(*learner.published(), *high);

        // The truth changes: the shift restarts the posterior on one small batch, whose
        // confidence is below the floor, so the published weights stay those of the day before.
        truth[1] = 3.0;
        auto after = learner.run(kDay0 + 2 * kDayMs, synthetic::batch(g, 60, truth, 0.5));
        QVERIFY(after);
        QVERIFY(after->shift.detected);
        QCOMPARE(after->sampleCount, qint64(60));
        QVERIFY2(after->confidence < 0.95, qPrintable(QString::number(after->confidence)));
        QVERIFY(!after->published);
        QCOMPARE(*learner.published(), *high);

        // Enough data on the new regime publishes again, with the new weight.
        auto again = learner.run(kDay0 + 3 * kDayMs, synthetic::batch(g, 3000, truth, 0.5));
        QVERIFY(again);
        QVERIFY(again->published);
        QCOMPARE(*learner.published(), *again);
        QVERIFY(std::fabs(again->coefficients[1].mean - 3.0) < 0.05);
    }

    // A floor of 0 publishes every run; a floor of 1 never (short of exact data).
    void floorComesFromTheSpec()
    {
        AdaptiveWeightLearnerSpec spec;
        spec.confidenceFloor = 0.0;
        auto always = AdaptiveWeightLearner::create(spec, synthetic::names());
        QVERIFY(always);
        auto w = always->run(kDay0, {});
        QVERIFY(w);
        QVERIFY(w->published);
        QCOMPARE(w->confidenceFloor, 0.0);
        QCOMPARE(w->version, QStringLiteral("1.2"));
        QCOMPARE(w->time, kDay0);
    }

    // A shift is reported when the truth changes abruptly, and rarely on stationary data.
    void shiftOnAbruptChange()
    {
        constexpr int kRuns = 200;
        int detected = 0;
        int namedRight = 0;
        int falseShifts = 0;
        int stationaryTests = 0;
        for (int run = 0; run < kRuns; ++run) {
            synthetic::Normal g(5000 + std::uint64_t(run));
            AdaptiveWeightLearner learner = makeLearner();
            auto truth = synthetic::trueWeights();
            for (int day = 0; day < 4; ++day) {
                auto w = learner.run(kDay0 + day * kDayMs,
                                     synthetic::batch(g, day == 0 ? 200 : 100, truth, 3.0));
                QVERIFY(w);
                stationaryTests += w->shift.tested;
                falseShifts += w->shift.detected;
            }
            truth[1] = 2.5; // review_velocity: 1.5 -> 2.5
            auto w = learner.run(kDay0 + 4 * kDayMs, synthetic::batch(g, 100, truth, 3.0));
            QVERIFY(w);
            QVERIFY(w->shift.tested);
            detected += w->shift.detected;
            namedRight += w->shift.detected
                && w->shift.reason.contains(QStringLiteral("review_velocity moved most"));
        }
        qInfo("abrupt change detected in %d of %d runs (the moved weight named in %d); "
              "%d false shifts in %d stationary tests",
              detected, kRuns, namedRight, falseShifts, stationaryTests);
        QCOMPARE(stationaryTests, 3 * kRuns);
        QVERIFY(detected >= kRuns * 95 / 100);
        QVERIFY(namedRight >= detected * 9 / 10);
        QVERIFY(falseShifts <= 3);
    }

    // Over 200 seeded runs of 15 stationary days each, the false-shift rate stays near the 0.1%
    // level of the test.
    void falseShiftRateOnStationaryData()
    {
        constexpr int kRuns = 200;
        int tests = 0;
        int shifts = 0;
        for (int run = 0; run < kRuns; ++run) {
            synthetic::Normal g(9000 + std::uint64_t(run));
            AdaptiveWeightLearner learner = makeLearner();
            const auto truth = synthetic::trueWeights();
            for (int day = 0; day < 15; ++day) {
                auto w = learner.run(kDay0 + day * kDayMs, synthetic::batch(g, 100, truth, 3.0));
                QVERIFY(w);
                tests += w->shift.tested;
                shifts += w->shift.detected;
            }
        }
        qInfo("false shifts: %d in %d stationary tests (%.2f%%)", shifts, tests, 100.0 * shifts / tests);
        QCOMPARE(tests, kRuns * 14);
        QVERIFY(shifts <= tests / 200); // at most 0.5%
    }

    void shiftReasonWhenNotTested()
    {
        AdaptiveWeightLearner learner = makeLearner();
        synthetic::Normal g(1);
        auto w = learner.run(kDay0, synthetic::batch(g, 50, synthetic::trueWeights(), 3.0));
        QVERIFY(w);
        QVERIFY(!w->shift.tested);
        QCOMPARE(w->shift.reason,
                 QStringLiteral("not tested: the earlier posterior rests on 0 observations, fewer than 100"));
        w = learner.run(kDay0 + kDayMs, synthetic::batch(g, 60, synthetic::trueWeights(), 3.0));
        QVERIFY(w);
        QVERIFY(!w->shift.tested); // 50 < 100
        w = learner.run(kDay0 + 2 * kDayMs, synthetic::batch(g, 60, synthetic::trueWeights(), 3.0));
        QVERIFY(w);
        QVERIFY(w->shift.tested);
        QVERIFY2(w->shift.reason.startsWith(QStringLiteral("consistent with the earlier posterior (F = ")),
                 qPrintable(w->shift.reason));
        QCOMPARE(w->shift.rank, 8);
    }

    void invalidRunsChangeNothing_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addRow("too few features")
            << 0 << QStringLiteral("observations[3]: 7 features, expected 8 (schema_coverage, ");
        QTest::addRow("NaN feature") << 1
                                     << QStringLiteral(
                                            "observations[2].cwv_lcp_ms: not a finite number (nan)");
        QTest::addRow("infinite outcome")
            << 2 << QStringLiteral("observations[0].outcome: not a finite number (-inf)");
        QTest::addRow("before the previous run")
            << 3
            << QStringLiteral(
                   "run at 2026-01-01T01:00:00Z is before the previous run at 2026-01-01T02:00:00Z");
        QTest::addRow("overflowing features") << 4 << QStringLiteral("the update would overflow");
    }
    void invalidRunsChangeNothing()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        AdaptiveWeightLearner learner = makeLearner();
        synthetic::Normal g(3);
        QVERIFY(learner.run(kDay0, synthetic::batch(g, 40, synthetic::trueWeights(), 3.0)));
        const std::string before = learner.stateToJson().dump();
        auto rows = synthetic::batch(g, 5, synthetic::trueWeights(), 3.0);
        TimeMs at = kDay0 + kDayMs;
        switch (kind) {
        case 0:
            rows[3].features.pop_back();
            break;
        case 1:
            rows[2].features[3] = std::nan("");
            break;
        case 2:
            rows[0].outcome = -INFINITY;
            break;
        case 3:
            at = kDay0 - kHourMs;
            break;
        case 4:
            rows[1].features[0] = 1e300;
            break;
        }
        const auto w = learner.run(at, rows);
        QVERIFY(!w);
        QVERIFY2(w.error().contains(message), qPrintable(w.error()));
        QCOMPARE(learner.stateToJson().dump(), before);
    }

    void invalidConfigurationsAreRefused_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<double>("floor");
        QTest::addColumn<double>("priorShape");
        QTest::addColumn<double>("shiftLevel");
        QTest::addColumn<QString>("message");
        const QStringList good = synthetic::names();
        QTest::addRow("no names") << QStringList {} << 0.95 << 2.0 << 0.001
                                  << QStringLiteral("coefficient names: at least one is needed");
        QTest::addRow("blank name") << QStringList { QStringLiteral("a"), QStringLiteral(" ") } << 0.95 << 2.0
                                    << 0.001 << QStringLiteral("coefficient names[1]: must not be empty");
        QTest::addRow("repeated name")
            << QStringList { QStringLiteral("a"), QStringLiteral("a") } << 0.95 << 2.0 << 0.001
            << QStringLiteral("coefficient names[1]: \"a\" appears twice");
        QTest::addRow("floor above 1")
            << good << 1.5 << 2.0 << 0.001 << QStringLiteral("confidenceFloor: must be in [0, 1], got 1.5");
        QTest::addRow("shape 1") << good << 0.95 << 1.0 << 0.001
                                 << QStringLiteral("priorShape: must be a finite number > 1");
        QTest::addRow("level 0") << good << 0.95 << 2.0 << 0.0
                                 << QStringLiteral("shiftLevel: must be in (0, 1), got 0");
    }
    void invalidConfigurationsAreRefused()
    {
        QFETCH(QStringList, names);
        QFETCH(double, floor);
        QFETCH(double, priorShape);
        QFETCH(double, shiftLevel);
        QFETCH(QString, message);
        AdaptiveWeightLearnerSpec spec;
        spec.confidenceFloor = floor;
        LearnerOptions options;
        options.priorShape = priorShape;
        options.shiftLevel = shiftLevel;
        const auto learner = AdaptiveWeightLearner::create(spec, names, options);
        QVERIFY(!learner);
        QVERIFY2(learner.error().contains(message), qPrintable(learner.error()));
    }

    // The state goes to the store as JSON text and comes back to a learner that continues
    // exactly as the original would have.
    void stateRoundTrip()
    {
        AdaptiveWeightLearner learner = makeLearner();
        synthetic::Normal g(12);
        const auto truth = synthetic::trueWeights();
        QVERIFY(learner.run(kDay0, synthetic::batch(g, 3000, truth, 0.5)));
        QVERIFY(learner.published());
        QVERIFY(learner.run(kDay0 + kDayMs, synthetic::batch(g, 30, truth, 0.5)));
        const std::string text = learner.stateToJson().dump(2);

        AdaptiveWeightLearner restored = makeLearner();
        const auto parsed = json::parseStrict(text);
        QVERIFY(parsed);
        const Status s = restored.restoreState(*parsed);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(restored.stateToJson().dump(2), text);
        QCOMPARE(*restored.published(), *learner.published());
        QCOMPARE(restored.lastRun(), learner.lastRun());

        const auto next = synthetic::batch(g, 200, truth, 0.5);
        const auto a = learner.run(kDay0 + 2 * kDayMs, next);
        const auto b = restored.run(kDay0 + 2 * kDayMs, next);
        QVERIFY(a && b);
        QCOMPARE(*a, *b);
    }

    void restoreRefusesOtherStates_data()
    {
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("message");
        QTest::addRow("other names") << QByteArray("/coefficients/0") << QByteArray(R"("aiv")")
                                     << QStringLiteral("coefficients: the state is of [aiv, review_velocity");
        QTest::addRow("bad time") << QByteArray("/lastRun") << QByteArray(R"("yesterday")")
                                  << QStringLiteral("lastRun: must be null or an ISO-8601 UTC time");
        QTest::addRow("corrupt model") << QByteArray("/model/posterior/rate") << QByteArray("0")
                                       << QStringLiteral("model: posterior.rate: must be > 0");
        QTest::addRow("corrupt published") << QByteArray("/published/confidence") << QByteArray("2")
                                           << QStringLiteral("published: confidence: must be <= 1");
        QTest::addRow("unknown key") << QByteArray("/extra") << QByteArray("1")
                                     << QStringLiteral("extra: unknown key");
    }
    void restoreRefusesOtherStates()
    {
        QFETCH(QByteArray, pointer);
        QFETCH(QByteArray, value);
        QFETCH(QString, message);
        AdaptiveWeightLearner learner = makeLearner();
        synthetic::Normal g(12);
        QVERIFY(learner.run(kDay0, synthetic::batch(g, 3000, synthetic::trueWeights(), 0.5)));
        nlohmann::json state = nlohmann::json::parse(learner.stateToJson().dump());
        state[nlohmann::json::json_pointer(pointer.toStdString())]
            = nlohmann::json::parse(value.toStdString());
        AdaptiveWeightLearner other = makeLearner();
        const std::string before = other.stateToJson().dump();
        const Status s = other.restoreState(state);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(message), qPrintable(s.error()));
        QCOMPARE(other.stateToJson().dump(), before);
    }
};

QTEST_GUILESS_MAIN(TestAdaptiveWeightLearner)
#include "tst_adaptiveweightlearner.moc"
