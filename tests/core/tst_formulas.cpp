#include <cmath>
#include <limits>

#include <QTest>

#include "formulas/formulas.h"

namespace f = orch::formulas;

class TestFormulas final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void driftRule_data()
    {
        QTest::addColumn<double>("stddev");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<bool>("detected");
        QTest::addColumn<double>("ruleResult");
        // SPEC.md's example: the rule says abs(2.5 - 1) = 1.5 is not > 2.0 (README, Specification notes).
        QTest::addRow("spec example 2.5") << 2.5 << 2.0 << false << 1.5;
        QTest::addRow("3.5 drifts") << 3.5 << 2.0 << true << 2.5;
        QTest::addRow("exactly at threshold is not drift") << 3.0 << 2.0 << false << 2.0;
        QTest::addRow("just above") << 3.0000001 << 2.0 << true << 2.0000001;
        QTest::addRow("no variance, threshold 0.5") << 0.0 << 0.5 << true << 1.0;
        QTest::addRow("below one, within") << 0.6 << 0.5 << false << 0.4;
        QTest::addRow("one is never drift") << 1.0 << 0.0 << false << 0.0;
    }
    void driftRule()
    {
        QFETCH(double, stddev);
        QFETCH(double, threshold);
        QFETCH(bool, detected);
        QFETCH(double, ruleResult);
        auto c = f::checkDrift(stddev, threshold);
        QVERIFY(c.ok());
        QCOMPARE(c->driftDetected, detected);
        QCOMPARE(f::detectDrift(stddev, threshold), detected);
        QVERIFY(std::fabs(c->ruleResult - ruleResult) < 1e-12);
        QCOMPARE(c->actions.isEmpty(), !detected);
    }

    void driftRejects_data()
    {
        QTest::addColumn<double>("stddev");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<QString>("expected");
        QTest::addRow("nan std") << std::nan("") << 2.0
                                 << QStringLiteral("featureStdDev: must be a finite number");
        QTest::addRow("inf std") << std::numeric_limits<double>::infinity() << 2.0
                                 << QStringLiteral("featureStdDev: must be a finite");
        QTest::addRow("negative std") << -0.5 << 2.0 << QStringLiteral("featureStdDev: must be >= 0");
        QTest::addRow("nan threshold")
            << 1.0 << std::nan("") << QStringLiteral("threshold: must be a finite number");
        QTest::addRow("negative threshold") << 1.0 << -1.0 << QStringLiteral("threshold: must be >= 0");
    }
    void driftRejects()
    {
        QFETCH(double, stddev);
        QFETCH(double, threshold);
        QFETCH(QString, expected);
        auto c = f::checkDrift(stddev, threshold);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(expected), qPrintable(c.error()));
    }

    // The response bodies of SPEC.md, character for character (0.10 is written 0.1: JSON numbers
    // carry no trailing zeros).
    void driftJson()
    {
        auto c = f::checkDrift(3.5, 2.0);
        QCOMPARE(QString::fromStdString(f::driftCheckJson(*c).dump()),
                 QStringLiteral("{\"driftDetected\":true,\"featureStdDev\":3.5,\"threshold\":2.0,\"rule\":"
                                "\"abs(std(feature)-1) > "
                                "threshold\",\"ruleResult\":2.5,\"actions\":[\"RLController.retrain()\","
                                "\"AutoFixAgents.pause()\"]}"));
        auto n = f::checkDrift(2.5, 2.0);
        QCOMPARE(QString::fromStdString(f::driftCheckJson(*n).dump()),
                 QStringLiteral("{\"driftDetected\":false,\"featureStdDev\":2.5,\"threshold\":2.0,\"rule\":"
                                "\"abs(std(feature)-1) > "
                                "threshold\",\"ruleResult\":1.5,\"actions\":[]}"));
    }

    void rewardSpecExample()
    {
        auto r = f::calculateReward(5.0, 1000, 0.10);
        QVERIFY(r.ok());
        QCOMPARE(r->reward, 4999.9);
        QVERIFY(r->meetsThreshold);
        nlohmann::ordered_json inputs { { "deltaVisibility", 5.0 },
                                        { "deltaRevenue", 1000 },
                                        { "apiCost", 0.10 } };
        QCOMPARE(
            QString::fromStdString(f::rewardJson(*r, inputs).dump()),
            QString::fromUtf8(
                "{\"reward\":4999.9,\"rewardFunction\":\"ΔVisibility * ΔRevenue - API_Cost\",\"inputs\":{"
                "\"deltaVisibility\":5.0,\"deltaRevenue\":1000,\"apiCost\":0.1},\"meetsThreshold\":true,"
                "\"minRewardThreshold\":1.2,\"recommendation\":\"Action approved - meets reward "
                "threshold\"}"));
    }

    void rewardThreshold_data()
    {
        QTest::addColumn<double>("dv");
        QTest::addColumn<double>("dr");
        QTest::addColumn<double>("cost");
        QTest::addColumn<bool>("meets");
        QTest::addRow("exactly 1.2x the cost") << 0.12 << 1.0 << 0.10 << true;
        QTest::addRow("just under 1.2x") << 0.119 << 1.0 << 0.10 << false;
        QTest::addRow("positive reward under 1.2x") << 0.11 << 1.0 << 0.10 << false;
        QTest::addRow("no cost, positive benefit") << 1.0 << 1.0 << 0.0 << true;
        QTest::addRow("no cost, no benefit") << 0.0 << 1000.0 << 0.0 << false;
        QTest::addRow("negative benefit") << -5.0 << 1000.0 << 0.1 << false;
        QTest::addRow("two negatives make a gain") << -2.0 << -3.0 << 0.1 << true;
    }
    void rewardThreshold()
    {
        QFETCH(double, dv);
        QFETCH(double, dr);
        QFETCH(double, cost);
        QFETCH(bool, meets);
        auto r = f::calculateReward(dv, dr, cost);
        QVERIFY(r.ok());
        QCOMPARE(r->meetsThreshold, meets);
        QCOMPARE(r->reward, dv * dr - cost);
        QCOMPARE(r->recommendation.startsWith(QStringLiteral("Action approved")), meets);
    }

    void rewardRejects_data()
    {
        QTest::addColumn<double>("dv");
        QTest::addColumn<double>("dr");
        QTest::addColumn<double>("cost");
        QTest::addColumn<QString>("expected");
        QTest::addRow("nan visibility")
            << std::nan("") << 1.0 << 0.1 << QStringLiteral("deltaVisibility: must be a finite number");
        QTest::addRow("inf revenue") << 1.0 << -std::numeric_limits<double>::infinity() << 0.1
                                     << QStringLiteral("deltaRevenue");
        QTest::addRow("nan cost") << 1.0 << 1.0 << std::nan("")
                                  << QStringLiteral("apiCost: must be a finite number");
        QTest::addRow("negative cost")
            << 1.0 << 1.0 << -0.01 << QStringLiteral("apiCost: must be >= 0, got -0.01");
        QTest::addRow("overflow") << 1e200 << 1e200 << 0.0 << QStringLiteral("overflows");
    }
    void rewardRejects()
    {
        QFETCH(double, dv);
        QFETCH(double, dr);
        QFETCH(double, cost);
        QFETCH(QString, expected);
        auto r = f::calculateReward(dv, dr, cost);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(expected), qPrintable(r.error()));
    }

    void consensus_data()
    {
        QTest::addColumn<std::vector<double>>("votes");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<bool>("reached");
        QTest::addColumn<double>("ratio");
        QTest::addRow("unanimous") << std::vector<double> { 1, 1, 1, 1 } << 0.92 << true << 1.0;
        QTest::addRow("three of four") << std::vector<double> { 1, 1, 1, 0 } << 0.92 << false << 0.75;
        QTest::addRow("three of four at 0.75") << std::vector<double> { 1, 0, 1, 1 } << 0.75 << true << 0.75;
        QTest::addRow("none for") << std::vector<double> { 0, 0 } << 0.5 << false << 0.0;
        QTest::addRow("23 of 25 is 0.92") << [] {
            std::vector<double> v(25, 1.0);
            v[0] = v[1] = 0.0;
            return v;
        }() << 0.92 << true << 0.92;
    }
    void consensus()
    {
        QFETCH(std::vector<double>, votes);
        QFETCH(double, threshold);
        QFETCH(bool, reached);
        QFETCH(double, ratio);
        auto c = f::validateConsensus(votes, threshold);
        QVERIFY(c.ok());
        QCOMPARE(c->reached, reached);
        QCOMPARE(c->ratio, ratio);
        QCOMPARE(c->totalVotes, int(votes.size()));
    }

    void consensusEdges()
    {
        auto empty = f::validateConsensus({});
        QVERIFY(empty.ok());
        QVERIFY(!empty->reached);
        QCOMPARE(empty->ratio, 0.0);
        QVERIFY(empty->reason.contains(QStringLiteral("no votes")));
        auto bad = f::validateConsensus({ 1, 0.5, 1 });
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(QStringLiteral("agentVotes[1]")), qPrintable(bad.error()));
        auto nanVote = f::validateConsensus({ 1, std::nan("") });
        QVERIFY(!nanVote.ok());
        QVERIFY(!f::validateConsensus({ 1 }, 0.0).ok());
        QVERIFY(!f::validateConsensus({ 1 }, 1.5).ok());
        QVERIFY(!f::validateConsensus({ 1 }, std::nan("")).ok());
    }
};

QTEST_GUILESS_MAIN(TestFormulas)
#include "tst_formulas.moc"
