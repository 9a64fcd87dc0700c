// orchestratorctl whatif, run as a process on data directories populated the way users do.
#include <random>

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "../ctl/ctlprocess.h"
#include "engine/bandit.h"
#include "store/sqlitestore.h"

using Json = nlohmann::json;

namespace {

const QString kWhatIf = QStringLiteral("whatif");

Json parse(const Run& r)
{
    const Json j = Json::parse(r.out.toStdString(), nullptr, false);
    if (j.is_discarded())
        qFatal("not JSON: %s\nstderr: %s", qPrintable(r.out), qPrintable(r.err));
    return j;
}

// Logs `n` decisions of a uniform logging policy with outcomes into DIR's store (the decision
// log the RLController writes), so the policy question has something to answer.
void logDecisions(const QString& dataDir, int n)
{
    auto store = orch::SqliteStore::open(dataDir);
    if (!store)
        qFatal("%s", qPrintable(store.error()));
    std::mt19937_64 rng(99);
    std::uniform_int_distribution<int> action(0, 4), context(0, 1);
    std::normal_distribution<double> noise(0.0, 0.02);
    const double mean[2][5] = { { 0, 0.05, 0.01, 0.0, -0.01 }, { 0, -0.01, 0.04, 0.01, 0.0 } };
    std::vector<orch::DecisionRecord> log;
    for (int i = 0; i < n; ++i) {
        const int x = context(rng), a = action(rng);
        orch::DecisionRecord d;
        d.at = 1767225600000 + orch::TimeMs(i) * orch::kHourMs;
        d.dealer = QStringLiteral("dealer-%1").arg(i % 5);
        d.context = x == 0 ? QStringLiteral("schema-gap") : QStringLiteral("ugc-gap");
        d.action = orch::bandit::actions()[a];
        d.probability = 0.2;
        d.probabilities = QStringLiteral(R"({"none":0.2,"schema":0.2,"ugc":0.2,"geo":0.2,"cwv":0.2})");
        d.reason = QStringLiteral("explore");
        d.rewardedAt = d.at + 2 * orch::kHourMs;
        d.reward = mean[x][a] + noise(rng);
        log.push_back(d);
    }
    if (auto st = (*store)->appendDecisions(log); !st)
        qFatal("%s", qPrintable(st.error()));
}

} // namespace

class TestCtlWhatIf final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_fleet; // simulated: samples (and decisions, once the RLController logs them)
    QString m_log; // a decision log written directly
    Json m_simulation;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_fleet = m_dir.filePath(QStringLiteral("fleet"));
        const Run r
            = ctl({ QStringLiteral("simulate"), QStringLiteral("--dealers"), QStringLiteral("10"),
                    QStringLiteral("--days"), QStringLiteral("10"), QStringLiteral("--data-dir"), m_fleet });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_simulation = parse(r);
        m_log = m_dir.filePath(QStringLiteral("log"));
        logDecisions(m_log, 400);
    }

    void rewardSensitivity()
    {
        const Run r = ctl({ kWhatIf, QStringLiteral("reward"), QStringLiteral("--delta-visibility"),
                            QStringLiteral("5"), QStringLiteral("--delta-revenue"), QStringLiteral("1000"),
                            QStringLiteral("--api-cost"), QStringLiteral("0.10"), QStringLiteral("--vary"),
                            QStringLiteral("api-cost"), QStringLiteral("--from"), QStringLiteral("0"),
                            QStringLiteral("--to"), QStringLiteral("10000"), QStringLiteral("--steps"),
                            QStringLiteral("5") });
        QCOMPARE(r.exitCode, 0);
        const Json j = parse(r);
        QCOMPARE(j["reward"].get<double>(), 4999.9);
        QCOMPARE(j["inputs"]["deltaRevenue"].dump(), std::string("1000"));
        QCOMPARE(j["recommendation"].get<std::string>(),
                 std::string("Action approved - meets reward threshold"));
        QCOMPARE(j["sensitivity"]["points"].size(), std::size_t(5));
        QVERIFY(std::fabs(j["sensitivity"]["breakEven"]["value"].get<double>() - 5000.0 / 1.2) < 1e-9);
        QCOMPARE(j["sensitivity"]["points"][1]["meetsThreshold"].get<bool>(), true);
        QCOMPARE(j["sensitivity"]["points"][2]["meetsThreshold"].get<bool>(), false);

        // Without --vary: the plain answer, exit 0 even when the threshold is missed.
        const Run plain = ctl({ kWhatIf, QStringLiteral("reward"), QStringLiteral("--delta-visibility"),
                                QStringLiteral("0.001"), QStringLiteral("--delta-revenue"),
                                QStringLiteral("10"), QStringLiteral("--api-cost"), QStringLiteral("0.1") });
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(parse(plain)["meetsThreshold"].get<bool>(), false);
    }

    void rulesOnTheSimulatedFleet()
    {
        const Run r = ctl({ kWhatIf, QStringLiteral("rules"), QStringLiteral("--data-dir"), m_fleet,
                            QStringLiteral("--threshold"), QStringLiteral("1.5,2.0,2.5"),
                            QStringLiteral("--progress") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("80/80 series (100%)")), qPrintable(r.err));
        const Json j = parse(r);
        QCOMPARE(j["series"].get<int>(), 80);
        QCOMPARE(j["samples"].get<qint64>(), m_simulation["samples"].get<qint64>());
        // The current spec's figures are what the simulation's engine did.
        QCOMPARE(j["current"]["detections"].get<qint64>(), m_simulation["detections"].get<qint64>());
        QCOMPARE(j["current"]["pauses"].get<qint64>(), m_simulation["agentPauses"].get<qint64>());
        QCOMPARE(j["current"]["resolved"].get<qint64>(), m_simulation["resolvedDetections"].get<qint64>());
        QCOMPARE(j["current"]["openAtEnd"].get<qint64>(), m_simulation["openDetections"].get<qint64>());
        // The simulation's retrains also count the weight learner's (posterior shifts).
        QVERIFY(j["current"]["retrains"].get<qint64>() <= m_simulation["retrains"].get<qint64>());
        QVERIFY(m_simulation["detections"].get<qint64>() > 0);
        const Json& alts = j["alternatives"];
        QCOMPARE(alts.size(), std::size_t(3));
        // A lower threshold flags every evaluation a higher one flags (detections count episodes,
        // which a threshold close to a drifting std can split: they need not be monotonic).
        QVERIFY(alts[0]["flaggedEvaluations"].get<qint64>() >= alts[1]["flaggedEvaluations"].get<qint64>());
        QVERIFY(alts[1]["flaggedEvaluations"].get<qint64>() >= alts[2]["flaggedEvaluations"].get<qint64>());
        QVERIFY(alts[1]["detections"] == j["current"]["detections"]);
        QCOMPARE(alts[1]["vsCurrent"]["detections"].get<int>(), 0);

        // Lists combine: 2 windows x 2 trigger counts.
        const Run combined = ctl({ kWhatIf, QStringLiteral("rules"), QStringLiteral("--data-dir"), m_fleet,
                                   QStringLiteral("--window"), QStringLiteral("48,96"),
                                   QStringLiteral("--trigger-count"), QStringLiteral("2,4") });
        QVERIFY2(combined.exitCode == 0, qPrintable(combined.err));
        const Json c = parse(combined);
        QCOMPARE(c["alternatives"].size(), std::size_t(4));
        QCOMPARE(c["alternatives"][3]["rules"]["windowSamples"].get<int>(), 96);
        QCOMPARE(c["alternatives"][3]["rules"]["triggerCount"].get<int>(), 4);
    }

    void policyOnADecisionLog()
    {
        const Run r = ctl({ kWhatIf, QStringLiteral("policy"), QStringLiteral("--data-dir"), m_log,
                            QStringLiteral("--confidence-gate"), QStringLiteral("0.5"),
                            QStringLiteral("--exploration"), QStringLiteral("0.4") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Json j = parse(r);
        QCOMPARE(j["supported"].get<bool>(), true);
        QCOMPARE(j["decisions"]["rewarded"].get<int>(), 400);
        QCOMPARE(j["target"]["settings"]["confidenceGate"].get<double>(), 0.5);
        QCOMPARE(j["target"]["settings"]["learningRate"].get<double>(), 0.1);
        for (const char* estimator : { "ips", "snips", "logged" }) {
            QVERIFY(j[estimator]["ci95"][0].get<double>() <= j[estimator]["value"].get<double>());
            QVERIFY(j[estimator]["value"].get<double>() <= j[estimator]["ci95"][1].get<double>());
        }
        QVERIFY(j["effectiveSampleSize"].get<double>() > 10);

        // A fixed target policy from a file.
        const QString target = writeFile(m_dir, QStringLiteral("target.json"),
                                         R"({"name": "schema for schema gaps", "default": {"none": 1},
                                             "contexts": {"schema-gap": {"schema": 1}}})");
        const Run fixed = ctl({ kWhatIf, QStringLiteral("policy"), QStringLiteral("--data-dir"), m_log,
                                QStringLiteral("--target"), target });
        QVERIFY2(fixed.exitCode == 0, qPrintable(fixed.err));
        const Json f = parse(fixed);
        QCOMPARE(f["target"]["name"].get<std::string>(), std::string("schema for schema gaps"));
        QVERIFY(f["snips"]["value"].get<double>() > f["logged"]["value"].get<double>());
    }

    void policyRefusals()
    {
        // Nothing in range: refused, with the JSON saying why and exit 2.
        const Run late = ctl({ kWhatIf, QStringLiteral("policy"), QStringLiteral("--data-dir"), m_log,
                               QStringLiteral("--since"), QStringLiteral("2030-01-01T00:00:00Z") });
        QCOMPARE(late.exitCode, 2);
        const Json j = parse(late);
        QCOMPARE(j["supported"].get<bool>(), false);
        QVERIFY(j["refusals"][0].get<std::string>().find("too few rewarded decisions: 0")
                != std::string::npos);
        QVERIFY2(late.err.contains(QStringLiteral("cannot support this estimate")), qPrintable(late.err));

        // Invalid settings name the field.
        const Run bad = ctl({ kWhatIf, QStringLiteral("policy"), QStringLiteral("--data-dir"), m_log,
                              QStringLiteral("--exploration"), QStringLiteral("0.05") });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("exploration = 0.05")), qPrintable(bad.err));
        QVERIFY(bad.out.isEmpty());

        // The simulated fleet: whatever its log holds, the answer is JSON (an estimate or a refusal).
        const Run fleet = ctl({ kWhatIf, QStringLiteral("policy"), QStringLiteral("--data-dir"), m_fleet });
        QVERIFY2(fleet.exitCode == 0 || fleet.exitCode == 2, qPrintable(fleet.err));
        QCOMPARE(parse(fleet)["question"].get<std::string>(), std::string("policy"));
        qInfo("policy replay on the simulated fleet: exit %d, %s", fleet.exitCode,
              qPrintable(fleet.out.left(300)));

        // Replaying the RLController's own settings must reproduce the propensities it logged:
        // every importance weight 1. If this fails, the replay no longer learns the way the
        // controller does (core/engine's value-table updates or their order changed).
        const Run own = ctl({ kWhatIf, QStringLiteral("policy"), QStringLiteral("--data-dir"), m_fleet,
                              QStringLiteral("--min-decisions"), QStringLiteral("2"),
                              QStringLiteral("--min-ess"), QStringLiteral("1") });
        const Json o = parse(own);
        if (o["decisions"]["rewarded"].get<int>() < 2)
            QSKIP("the simulated fleet logged fewer than 2 rewarded decisions");
        QVERIFY2(own.exitCode == 0, qPrintable(own.err));
        QCOMPARE(o["maxWeight"].get<double>(), 1.0);
        QCOMPARE(o["meanWeight"].get<double>(), 1.0);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("no question") << QStringList {} << QStringLiteral("expected reward, policy or rules");
        QTest::addRow("unknown question")
            << QStringList { QStringLiteral("weather") } << QStringLiteral("got 'weather'");
        QTest::addRow("reward: missing input")
            << QStringList { QStringLiteral("reward"), QStringLiteral("--delta-visibility"),
                             QStringLiteral("1") }
            << QStringLiteral("--delta-revenue is required");
        QTest::addRow("reward: negative cost")
            << QStringList { QStringLiteral("reward"), QStringLiteral("--delta-visibility"),
                             QStringLiteral("1"),      QStringLiteral("--delta-revenue"),
                             QStringLiteral("1"),      QStringLiteral("--api-cost"),
                             QStringLiteral("-1") }
            << QStringLiteral("apiCost: must be >= 0, got -1");
        QTest::addRow("reward: one step")
            << QStringList { QStringLiteral("reward"),   QStringLiteral("--delta-visibility"),
                             QStringLiteral("1"),        QStringLiteral("--delta-revenue"),
                             QStringLiteral("1"),        QStringLiteral("--vary"),
                             QStringLiteral("api-cost"), QStringLiteral("--from"),
                             QStringLiteral("0"),        QStringLiteral("--to"),
                             QStringLiteral("1"),        QStringLiteral("--steps"),
                             QStringLiteral("1") }
            << QStringLiteral("--steps: expected an integer from 2 to 10001");
        QTest::addRow("reward: unknown input")
            << QStringList { QStringLiteral("reward"), QStringLiteral("--delta-visibility"),
                             QStringLiteral("1"),      QStringLiteral("--delta-revenue"),
                             QStringLiteral("1"),      QStringLiteral("--api-cost"),
                             QStringLiteral("1"),      QStringLiteral("--vary"),
                             QStringLiteral("cost") }
            << QStringLiteral("--vary: expected");
        QTest::addRow("reward: range without vary")
            << QStringList { QStringLiteral("reward"), QStringLiteral("--delta-visibility"),
                             QStringLiteral("1"),      QStringLiteral("--delta-revenue"),
                             QStringLiteral("1"),      QStringLiteral("--api-cost"),
                             QStringLiteral("1"),      QStringLiteral("--from"),
                             QStringLiteral("0") }
            << QStringLiteral("--from needs --vary");
        QTest::addRow("policy: no data dir")
            << QStringList { QStringLiteral("policy") } << QStringLiteral("--data-dir DIR is required");
        QTest::addRow("policy: empty data dir")
            << QStringList { QStringLiteral("policy"), QStringLiteral("--data-dir"),
                             QStringLiteral("/nonexistent/x") }
            << QStringLiteral("no orchestrator.db there");
        QTest::addRow("policy: bad time")
            << QStringList { QStringLiteral("policy"), QStringLiteral("--data-dir"), QStringLiteral("/tmp"),
                             QStringLiteral("--since"), QStringLiteral("yesterday") }
            << QStringLiteral("--since: expected an ISO-8601 UTC time");
        QTest::addRow("policy: bad learning rate")
            << QStringList { QStringLiteral("policy"), QStringLiteral("--data-dir"), QStringLiteral("/tmp"),
                             QStringLiteral("--learning-rate"), QStringLiteral("2") }
            << QStringLiteral("learningRate = 2: must be in (0, 1]");
        QTest::addRow("policy: bad costs")
            << QStringList { QStringLiteral("policy"), QStringLiteral("--data-dir"), QStringLiteral("/tmp"),
                             QStringLiteral("--costs"), QStringLiteral("geo=free") }
            << QStringLiteral("costs.geo");
        QTest::addRow("rules: bad threshold")
            << QStringList { QStringLiteral("rules"), QStringLiteral("--data-dir"), QStringLiteral("/tmp"),
                             QStringLiteral("--threshold"), QStringLiteral("1.5,x") }
            << QStringLiteral("--threshold: expected a comma-separated list of numbers, got \"x\"");
        QTest::addRow("rules: negative threshold")
            << QStringList { QStringLiteral("rules"), QStringLiteral("--data-dir"), QStringLiteral("/tmp"),
                             QStringLiteral("--threshold"), QStringLiteral("-1") }
            << QStringLiteral("threshold = -1");
        QTest::addRow("rules: window 1")
            << QStringList { QStringLiteral("rules"), QStringLiteral("--data-dir"), QStringLiteral("/tmp"),
                             QStringLiteral("--window"), QStringLiteral("1") }
            << QStringLiteral("--window: windowSamples = 1: must be from 2 to 1000000");
        QTest::addRow("rules: too many combinations")
            << QStringList { QStringLiteral("rules"),
                             QStringLiteral("--data-dir"),
                             QStringLiteral("/tmp"),
                             QStringLiteral("--threshold"),
                             QStringLiteral("1,2,3,4,5,6,7,8,9"),
                             QStringLiteral("--window"),
                             QStringLiteral("10,20,30,40,50,60,70,80") }
            << QStringLiteral("more than 64 alternatives");
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = ctl(QStringList { kWhatIf } + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCtlWhatIf)
#include "tst_ctlwhatif.moc"
