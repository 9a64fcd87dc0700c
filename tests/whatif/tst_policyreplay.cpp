#include <cmath>
#include <deque>
#include <random>

#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include "store/sqlitestore.h"
#include "whatif/offpolicy.h"
#include "whatif/policyreplay.h"

using namespace orch;
using namespace orch::whatif;

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

// A simulated contextual bandit with known expected rewards per (context, action).
struct Environment
{
    QStringList contexts { QStringLiteral("schema-gap"), QStringLiteral("ugc-gap"),
                           QStringLiteral("healthy") };
    std::array<double, 3> contextProbability { 0.4, 0.35, 0.25 };
    // none, schema, ugc, geo, cwv
    std::array<ActionProbabilities, 3> mean { ActionProbabilities { 0.0, 0.08, 0.01, 0.02, -0.01 },
                                              ActionProbabilities { 0.0, 0.0, 0.06, 0.015, 0.005 },
                                              ActionProbabilities { 0.0, -0.01, -0.015, -0.005, 0.01 } };
    double noise = 0.03;
};

// The known static target policy.
ActionProbabilities targetProbabilities(const QString& context)
{
    if (context == QLatin1String("schema-gap"))
        return { 0.075, 0.7, 0.075, 0.075, 0.075 };
    if (context == QLatin1String("ugc-gap"))
        return { 0.1, 0.1, 0.6, 0.1, 0.1 };
    return { 0.8, 0.0, 0.0, 0.0, 0.2 };
}

double trueValue(const Environment& env)
{
    double v = 0;
    for (std::size_t x = 0; x < 3; ++x) {
        const ActionProbabilities pi = targetProbabilities(env.contexts[qsizetype(x)]);
        for (std::size_t a = 0; a < 5; ++a)
            v += env.contextProbability[x] * pi[a] * env.mean[x][a];
    }
    return v;
}

QString distributionJson(const std::array<double, bandit::kActionCount>& p)
{
    nlohmann::json j = nlohmann::json::object();
    for (int a = 0; a < bandit::kActionCount; ++a)
        j[bandit::actions()[a].toStdString()] = p[std::size_t(a)];
    return QString::fromStdString(j.dump());
}

// Logs `n` decisions of the RLController's own (adaptive) policy with `logging` settings: one
// decision an hour, its outcome known `delayHours` later; the value table learns each outcome as
// soon as it is known (the order the replay uses).
std::vector<DecisionRecord> simulateLog(const Environment& env, int n, quint64 seed,
                                        const bandit::Settings& logging, int delayHours = 3)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, env.noise);
    std::discrete_distribution<int> context(env.contextProbability.begin(), env.contextProbability.end());
    bandit::ValueTable table;
    std::deque<DecisionRecord> waiting;
    std::vector<DecisionRecord> log;
    log.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        const TimeMs at = kStart + TimeMs(i) * kHourMs;
        while (!waiting.empty() && *waiting.front().rewardedAt <= at) {
            const DecisionRecord& o = waiting.front();
            table.update(o.context, bandit::actionIndex(o.action), o.reward, logging.learningRate);
            waiting.pop_front();
        }
        const int x = context(rng);
        const QString ctx = env.contexts[x];
        const bandit::Choice c = bandit::choose(table, ctx, logging, kDefaultActionCosts);
        const int a = bandit::draw(c, unit(rng));
        DecisionRecord d;
        d.id = i + 1;
        d.at = at;
        d.dealer = QStringLiteral("dealer-%1").arg(i % 7);
        d.context = ctx;
        d.action = bandit::actions()[a];
        d.probability = c.probabilities[std::size_t(a)];
        d.probabilities = distributionJson(c.probabilities);
        d.confidence = c.confidence;
        d.reason = c.reason;
        d.rewardedAt = at + TimeMs(delayHours) * kHourMs;
        d.deployed = a != bandit::kNone;
        d.apiCost = kDefaultActionCosts[std::size_t(a)];
        d.reward = env.mean[std::size_t(x)][std::size_t(a)] + noise(rng);
        log.push_back(d);
        waiting.push_back(d);
    }
    return log;
}

StaticPolicy knownTarget()
{
    return StaticPolicy { QStringLiteral("known"), targetProbabilities };
}

DecisionRecord decision(qint64 id, const QString& action, double probability, double reward,
                        bool rewarded = true)
{
    DecisionRecord d;
    d.id = id;
    d.at = kStart + id * kHourMs;
    d.dealer = QStringLiteral("d");
    d.context = QStringLiteral("c");
    d.action = action;
    d.probability = probability;
    d.reward = reward;
    if (rewarded)
        d.rewardedAt = d.at + kHourMs;
    return d;
}

} // namespace

class TestPolicyReplay final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.*.info=false")); }

    // Hand-computed: w = (1, 2, 0.5, 0.5), r = (1, 0, 2, 4).
    void estimatorsByHand()
    {
        const double w[] = { 1, 2, 0.5, 0.5 };
        const double r[] = { 1, 0, 2, 4 };
        const OffPolicyEstimate e = estimateOffPolicy(w, r);
        QCOMPARE(e.n, 4);
        // IPS: w r = (1, 0, 1, 2), mean 1, sample variance 2/3, se = sqrt(2/3 / 4).
        QVERIFY(qFuzzyCompare(e.ips.value, 1.0));
        QVERIFY(qFuzzyCompare(e.ips.stdError, std::sqrt(1.0 / 6.0)));
        QVERIFY(qFuzzyCompare(e.ips.lower, 1.0 - kZ95 * std::sqrt(1.0 / 6.0)));
        // ESS = 4^2 / 5.5.
        QVERIFY(qFuzzyCompare(e.effectiveSampleSize, 16.0 / 5.5));
        QVERIFY(qFuzzyCompare(e.meanWeight, 1.0));
        QVERIFY(qFuzzyCompare(e.maxWeight, 2.0));
        // SNIPS: 4 / 4 = 1; sum w^2 (r - 1)^2 = 0 + 4 + 0.25 + 2.25 = 6.5; se^2 = 6.5 / 16 * 4/3.
        QVERIFY(qFuzzyCompare(e.snips.value, 1.0));
        QVERIFY(qFuzzyCompare(e.snips.stdError, std::sqrt(6.5 / 16.0 * 4.0 / 3.0)));
        // Logged: mean 1.75, sample variance 8.75 / 3.
        QVERIFY(qFuzzyCompare(e.logged.value, 1.75));
        QVERIFY(qFuzzyCompare(e.logged.stdError, std::sqrt(8.75 / 3.0 / 4.0)));
        // IPS - logged, paired: (0, 0, -1, -2), mean -0.75, sample variance 2.75 / 3.
        QVERIFY(qFuzzyCompare(e.ipsDifference.value, -0.75));
        QVERIFY(qFuzzyCompare(e.ipsDifference.stdError, std::sqrt(2.75 / 3.0 / 4.0)));
        QVERIFY(qFuzzyCompare(e.snipsDifference.value, -0.75));
    }

    // The acceptance test: over 200 seeded runs of an adaptive, exploring logging policy logged
    // into a real store, the 95% intervals of both estimators contain the known target value in
    // at least 90% of the runs.
    void coverageOfAKnownPolicy()
    {
        const Environment env;
        const double truth = trueValue(env);
        bandit::Settings logging;
        logging.exploration = 0.3;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        constexpr int kRuns = 200;
        constexpr int kDecisions = 1000;
        int ipsCovered = 0, snipsCovered = 0;
        double essSum = 0;
        for (int run = 0; run < kRuns; ++run) {
            std::vector<DecisionRecord> log = simulateLog(env, kDecisions, 1000 + quint64(run), logging);
            auto store = SqliteStore::open(dir.filePath(QStringLiteral("run-%1").arg(run)));
            QVERIFY2(store, qPrintable(store.error()));
            QVERIFY2((*store)->appendDecisions(log), "appendDecisions");
            auto report = replayPolicy(**store, knownTarget(), PolicyReplayOptions {});
            QVERIFY2(report, qPrintable(report.error()));
            QVERIFY2(report->supported(), qPrintable(report->refusals.join(u'\n')));
            QCOMPARE(report->rewarded, kDecisions);
            ipsCovered += report->estimate->ips.contains(truth);
            snipsCovered += report->estimate->snips.contains(truth);
            essSum += report->estimate->effectiveSampleSize;
        }
        const double ipsCoverage = double(ipsCovered) / kRuns, snipsCoverage = double(snipsCovered) / kRuns;
        qInfo("true value %.6f; 95%% CI coverage over %d runs of %d decisions: IPS %.3f, SNIPS %.3f "
              "(mean effective sample size %.0f)",
              truth, kRuns, kDecisions, ipsCoverage, snipsCoverage, essSum / kRuns);
        QVERIFY2(ipsCoverage >= 0.90, qPrintable(QString::number(ipsCoverage)));
        QVERIFY2(snipsCoverage >= 0.90, qPrintable(QString::number(snipsCoverage)));
    }

    // Replaying the logging policy's own settings reproduces its propensities exactly: every
    // weight is 1 and both estimates equal the logged mean.
    void adaptiveReplayOfTheLoggingPolicyIsExact()
    {
        const Environment env;
        bandit::Settings logging;
        logging.exploration = 0.3;
        const std::vector<DecisionRecord> log = simulateLog(env, 600, 7, logging);
        auto report = replayPolicy(log, logging, kDefaultActionCosts, PolicyReplayOptions {});
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY2(report->supported(), qPrintable(report->refusals.join(u'\n')));
        const OffPolicyEstimate& e = *report->estimate;
        QVERIFY(qFuzzyCompare(e.meanWeight, 1.0));
        QVERIFY(qFuzzyCompare(e.maxWeight, 1.0));
        QVERIFY(qFuzzyCompare(e.ips.value, e.logged.value));
        QVERIFY(qFuzzyCompare(e.snips.value, e.logged.value));
        QVERIFY(qFuzzyCompare(e.effectiveSampleSize, 600.0));
    }

    // Another setting: a supported estimate, weights averaging about 1, the target's probabilities
    // a distribution.
    void adaptiveReplayOfAnotherSetting()
    {
        const Environment env;
        bandit::Settings logging;
        logging.exploration = 0.3;
        const std::vector<DecisionRecord> log = simulateLog(env, 1500, 11, logging);
        bandit::Settings alternative = logging;
        alternative.exploration = 0.1;
        alternative.confidenceGate = 0.5;
        auto report = replayPolicy(log, alternative, kDefaultActionCosts, PolicyReplayOptions {});
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY2(report->supported(), qPrintable(report->refusals.join(u'\n')));
        QVERIFY(std::fabs(report->estimate->meanWeight - 1.0) < 0.15);
        double sum = 0;
        for (double p : report->meanTargetProbabilities)
            sum += p;
        QVERIFY(qFuzzyCompare(sum, 1.0));
        const auto json = report->toJson();
        QCOMPARE(json["target"]["settings"]["exploration"].get<double>(), 0.1);
        QVERIFY(json.contains("ips") && json.contains("snips") && json.contains("effectiveSampleSize"));
        QVERIFY(json["ips"]["ci95"][0].get<double>() <= json["ips"]["ci95"][1].get<double>());
    }

    void timeRangeAndPending()
    {
        const Environment env;
        std::vector<DecisionRecord> log = simulateLog(env, 200, 3, bandit::Settings {});
        for (std::size_t i = 150; i < 200; ++i)
            log[i].rewardedAt.reset();
        PolicyReplayOptions o;
        o.since = kStart + 100 * kHourMs;
        auto report = replayPolicy(log, knownTarget(), o);
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report->decisionsInRange, 100);
        QCOMPARE(report->pending, 50);
        QCOMPARE(report->rewarded, 50);
        QCOMPARE(*report->first, kStart + 100 * kHourMs);
    }

    void refusesTooFewDecisions()
    {
        std::vector<DecisionRecord> log;
        for (int i = 1; i <= 25; ++i)
            log.push_back(decision(i, QStringLiteral("none"), 0.5, 0.1, i <= 20));
        auto report = replayPolicy(log, knownTarget(), PolicyReplayOptions {});
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY(!report->supported());
        QCOMPARE(report->refusals.size(), 1);
        const QString why = report->refusals.front();
        QVERIFY2(why.contains(QLatin1String("too few rewarded decisions: 20 in range")), qPrintable(why));
        QVERIFY2(why.contains(QLatin1String("5 still waiting")) && why.contains(QLatin1String("at least 30")),
                 qPrintable(why));
        QVERIFY(!report->toJson().contains("ips"));
        QCOMPARE(report->toJson()["supported"].get<bool>(), false);
    }

    // The logging policy almost never took "cwv"; a target that always does rests on two decisions.
    void refusesLowEffectiveSampleSize()
    {
        std::vector<DecisionRecord> log;
        for (int i = 1; i <= 100; ++i)
            log.push_back(i <= 2 ? decision(i, QStringLiteral("cwv"), 0.025, 0.3)
                                 : decision(i, QStringLiteral("none"), 0.9, 0.0));
        const StaticPolicy alwaysCwv { QStringLiteral("always cwv"), [](const QString&) {
                                          return ActionProbabilities { 0, 0, 0, 0, 1 };
                                      } };
        auto report = replayPolicy(log, alwaysCwv, PolicyReplayOptions {});
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY(!report->supported());
        const QString why = report->refusals.join(u'\n');
        QVERIFY2(why.contains(QLatin1String("effective sample size 2.0"))
                     && why.contains(QLatin1String("minimum 10.0")),
                 qPrintable(why));
        QCOMPARE(report->toJson()["effectiveSampleSize"].get<double>(), 2.0);
    }

    void refusesMissingPropensities()
    {
        std::vector<DecisionRecord> log;
        for (int i = 1; i <= 40; ++i)
            log.push_back(decision(i, QStringLiteral("none"), 0.5, 0.1));
        log[7].probability = 0;
        log[9].probability = qQNaN();
        auto report = replayPolicy(log, knownTarget(), PolicyReplayOptions {});
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY(!report->supported());
        QVERIFY2(report->refusals.join(u'\n').contains(
                     QLatin1String("2 rewarded decision(s) have no usable logged probability")),
                 qPrintable(report->refusals.join(u'\n')));
        QVERIFY(report->refusals.join(u'\n').contains(QLatin1String("first: decision 8")));

        // The distribution's entry for the logged action stands in for a missing probability.
        log[7].probabilities = QStringLiteral("{\"none\": 0.5, \"cwv\": 0.5}");
        log[9].probabilities = QStringLiteral("{\"none\": 0.5, \"cwv\": 0.5}");
        report = replayPolicy(log, knownTarget(), PolicyReplayOptions {});
        QVERIFY2(report && report->supported(),
                 qPrintable(report ? report->refusals.join(u'\n') : report.error()));
    }

    void refusesUnknownActions()
    {
        std::vector<DecisionRecord> log;
        for (int i = 1; i <= 40; ++i)
            log.push_back(decision(i, i == 5 ? QStringLiteral("reboot") : QStringLiteral("none"), 0.5, 0.1));
        auto report = replayPolicy(log, knownTarget(), PolicyReplayOptions {});
        QVERIFY(report && !report->supported());
        QVERIFY2(report->refusals.front().contains(QLatin1String("\"reboot\"")),
                 qPrintable(report->refusals.front()));
    }

    void invalidSettings_data()
    {
        QTest::addColumn<double>("learningRate");
        QTest::addColumn<double>("confidenceGate");
        QTest::addColumn<double>("exploration");
        QTest::addColumn<double>("minProbability");
        QTest::addColumn<double>("minRewardMultiple");
        QTest::addColumn<QString>("message");
        QTest::addRow("learning rate 0")
            << 0.0 << 0.75 << 0.2 << 0.02 << 1.2 << QStringLiteral("learningRate = 0");
        QTest::addRow("gate above 1")
            << 0.1 << 1.5 << 0.2 << 0.02 << 1.2 << QStringLiteral("confidenceGate = 1.5");
        QTest::addRow("exploration below the floor")
            << 0.1 << 0.75 << 0.05 << 0.02 << 1.2 << QStringLiteral("exploration = 0.05");
        QTest::addRow("min probability too high")
            << 0.1 << 0.75 << 1.0 << 0.3 << 1.2 << QStringLiteral("minProbability = 0.299999");
        QTest::addRow("negative multiple")
            << 0.1 << 0.75 << 0.2 << 0.02 << -1.0 << QStringLiteral("minRewardMultiple = -1");
    }
    void invalidSettings()
    {
        QFETCH(double, learningRate);
        QFETCH(double, confidenceGate);
        QFETCH(double, exploration);
        QFETCH(double, minProbability);
        QFETCH(double, minRewardMultiple);
        QFETCH(QString, message);
        const bandit::Settings s { learningRate, confidenceGate, exploration, minProbability,
                                   minRewardMultiple };
        auto report
            = replayPolicy(std::vector<DecisionRecord> {}, s, kDefaultActionCosts, PolicyReplayOptions {});
        QVERIFY(!report);
        QVERIFY2(report.error().contains(message), qPrintable(report.error()));
    }

    void invalidCostsAndOptions()
    {
        ActionCosts costs = kDefaultActionCosts;
        costs[2] = -1;
        auto report = replayPolicy(std::vector<DecisionRecord> {}, bandit::Settings {}, costs,
                                   PolicyReplayOptions {});
        QVERIFY(!report);
        QVERIFY2(report.error().contains(QLatin1String("costs.ugc = -1")), qPrintable(report.error()));

        auto parsed = parseActionCosts(u"schema=0.05, cwv=0");
        QVERIFY(parsed);
        QCOMPARE((*parsed)[1], 0.05);
        QCOMPARE((*parsed)[4], 0.0);
        QCOMPARE((*parsed)[2], kDefaultActionCosts[2]);
        QVERIFY(!parseActionCosts(u"reboot=1"));
        QVERIFY(parseActionCosts(u"geo=-2").error().contains(QLatin1String("costs.geo")));

        PolicyReplayOptions o;
        o.since = kStart + kDayMs;
        o.until = kStart;
        report = replayPolicy(std::vector<DecisionRecord> {}, knownTarget(), o);
        QVERIFY(!report);
        QVERIFY2(report.error().contains(QLatin1String("since = ")), qPrintable(report.error()));
    }

    void staticPolicyMustBeADistribution()
    {
        std::vector<DecisionRecord> log;
        for (int i = 1; i <= 40; ++i)
            log.push_back(decision(i, QStringLiteral("none"), 0.5, 0.1));
        const StaticPolicy bad { QStringLiteral("leaky"), [](const QString&) {
                                    return ActionProbabilities { 0.5, 0.4, 0, 0, 0 };
                                } };
        auto report = replayPolicy(log, bad, PolicyReplayOptions {});
        QVERIFY(!report);
        QVERIFY2(report.error().contains(QLatin1String("context \"c\": probabilities sum to 0.9")),
                 qPrintable(report.error()));
    }

    void staticPolicyFromJson()
    {
        auto p = StaticPolicy::fromJson(nlohmann::json::parse(
            R"({"name": "schema first", "default": {"none": 1}, "contexts": {"schema-gap": {"schema": 0.8, "none": 0.2}}})"));
        QVERIFY2(p, qPrintable(p.error()));
        QCOMPARE(p->name, QStringLiteral("schema first"));
        QCOMPARE(p->probabilities(QStringLiteral("schema-gap"))[1], 0.8);
        QCOMPARE(p->probabilities(QStringLiteral("other"))[0], 1.0);
        auto bad = StaticPolicy::fromJson(nlohmann::json::parse(R"({"contexts": {"x": {"geo": 0.7}}})"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().contains(QLatin1String("contexts.x: probabilities sum to 0.7")),
                 qPrintable(bad.error()));
        bad = StaticPolicy::fromJson(nlohmann::json::parse(R"({"default": {"reboot": 1}})"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().contains(QLatin1String("default.reboot: unknown action")),
                 qPrintable(bad.error()));
    }
};

QTEST_GUILESS_MAIN(TestPolicyReplay)
#include "tst_policyreplay.moc"
