#include <cmath>

#include <QTest>

#include "whatif/rewardwhatif.h"

using namespace orch::whatif;
using Json = nlohmann::ordered_json;

Q_DECLARE_METATYPE(orch::whatif::RewardInputs)

namespace {

bool close(double a, double b, double tolerance = 1e-9)
{
    return std::fabs(a - b) <= tolerance * std::max({ 1.0, std::fabs(a), std::fabs(b) });
}

Json sensitivity(RewardInputs in, RewardInput input, double from, double to, int steps)
{
    auto r = rewardWhatIf(in, SensitivityRange { input, from, to, steps });
    if (!r)
        qFatal("rewardWhatIf: %s", qPrintable(r.error()));
    return (*r)["sensitivity"];
}

} // namespace

// Every expected value below is worked out by hand from SPEC's reward and the README's reading
// of the threshold (meets <=> B - c > 0 and B >= m * c), not taken from the code under test.
class TestRewardWhatIf final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headlineIsSpecsExample()
    {
        auto r = rewardWhatIf(RewardInputs { 5.0, 1000, 0.10, 1.2 });
        QVERIFY2(r, qPrintable(r.error()));
        QVERIFY(close((*r)["reward"].get<double>(), 4999.9));
        QCOMPARE((*r)["meetsThreshold"].get<bool>(), true);
        QCOMPARE((*r)["recommendation"].get<std::string>(),
                 std::string("Action approved - meets reward threshold"));
        QVERIFY(close((*r)["benefit"].get<double>(), 5000));
        QVERIFY(!r->contains("sensitivity"));
    }

    // B = 5 * 1000 = 5000, m = 1.2: meets while c <= 5000 / 1.2 = 4166.67 (and c < 5000).
    void apiCostSensitivity()
    {
        const Json s = sensitivity({ 5.0, 1000, 0.10, 1.2 }, RewardInput::ApiCost, 0, 10000, 5);
        QCOMPARE(s["input"].get<std::string>(), std::string("apiCost"));
        const double costs[] = { 0, 2500, 5000, 7500, 10000 };
        const double rewards[] = { 5000, 2500, 0, -2500, -5000 };
        const bool meets[] = { true, true, false, false, false };
        QCOMPARE(s["points"].size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i) {
            const Json& p = s["points"][i];
            QVERIFY(close(p["apiCost"].get<double>(), costs[i]));
            QVERIFY2(close(p["reward"].get<double>(), rewards[i]), p.dump().c_str());
            QCOMPARE(p["meetsThreshold"].get<bool>(), meets[i]);
        }
        QCOMPARE(s["breakEven"]["exists"].get<bool>(), true);
        QVERIFY(close(s["breakEven"]["value"].get<double>(), 4166.666666666667));
        QCOMPARE(s["breakEven"]["meetsThreshold"].get<std::string>(), std::string("below"));
        QCOMPARE(s["breakEven"]["inclusive"].get<bool>(), true);
        QCOMPARE(s["breakEven"]["inRange"].get<bool>(), true);
        QVERIFY(close(s["rewardZero"].get<double>(), 5000));
        QCOMPARE(s["verdictFlips"].size(), std::size_t(1));
        QVERIFY(close(s["verdictFlips"][0]["from"].get<double>(), 2500));
        QVERIFY(close(s["verdictFlips"][0]["to"].get<double>(), 5000));
    }

    // Either side of the break-even, through the formula itself.
    void apiCostBreakEvenIsSharp()
    {
        const Json s = sensitivity({ 5.0, 1000, 0, 1.2 }, RewardInput::ApiCost, 4166.6666, 4166.6667, 2);
        QCOMPARE(s["points"][0]["meetsThreshold"].get<bool>(), true);
        QCOMPARE(s["points"][1]["meetsThreshold"].get<bool>(), false);
    }

    // ΔRevenue 1000, cost 0.10, m 1.2: meets when ΔVisibility * 1000 >= 0.12, i.e. ΔVisibility >= 0.00012;
    // the reward is zero at 0.0001. Points 0, 0.00012, 0.00024.
    void deltaVisibilitySensitivity()
    {
        const Json s = sensitivity({ 0, 1000, 0.10, 1.2 }, RewardInput::DeltaVisibility, 0, 0.00024, 3);
        const double rewards[] = { -0.10, 0.02, 0.14 };
        const bool meets[] = { false, true, true }; // 0.00012 is the break-even itself, included
        for (std::size_t i = 0; i < 3; ++i) {
            QVERIFY2(close(s["points"][i]["reward"].get<double>(), rewards[i], 1e-9), s.dump().c_str());
            QCOMPARE(s["points"][i]["meetsThreshold"].get<bool>(), meets[i]);
        }
        QVERIFY(close(s["breakEven"]["value"].get<double>(), 0.00012));
        QCOMPARE(s["breakEven"]["meetsThreshold"].get<std::string>(), std::string("above"));
        QVERIFY(close(s["rewardZero"].get<double>(), 0.0001));
    }

    // ΔVisibility -2, cost 1, m 1.2: B = -2 ΔRevenue >= 1.2 <=> ΔRevenue <= -0.6 (meets below).
    void deltaRevenueWithNegativeVisibility()
    {
        const Json s = sensitivity({ -2, 0, 1, 1.2 }, RewardInput::DeltaRevenue, -1, 1, 5);
        const bool meets[] = { true, false, false, false, false }; // -1, -0.5, 0, 0.5, 1
        for (std::size_t i = 0; i < 5; ++i)
            QCOMPARE(s["points"][i]["meetsThreshold"].get<bool>(), meets[i]);
        QVERIFY(close(s["points"][0]["reward"].get<double>(), 1.0));
        QVERIFY(close(s["breakEven"]["value"].get<double>(), -0.6));
        QCOMPARE(s["breakEven"]["meetsThreshold"].get<std::string>(), std::string("below"));
        QVERIFY(close(s["rewardZero"].get<double>(), -0.5));
    }

    // m <= 1: the reward condition B > c decides; the bound is excluded (reward 0 is not approved).
    void lowMultipleUsesTheRewardBound()
    {
        const Json s = sensitivity({ 1, 1, 0, 0.5 }, RewardInput::ApiCost, 0.5, 1.5, 3);
        QVERIFY(close(s["breakEven"]["value"].get<double>(), 1.0));
        QCOMPARE(s["breakEven"]["inclusive"].get<bool>(), false);
        QCOMPARE(s["points"][0]["meetsThreshold"].get<bool>(), true); // c 0.5
        QCOMPARE(s["points"][1]["meetsThreshold"].get<bool>(), false); // c 1: reward 0
        QCOMPARE(s["points"][2]["meetsThreshold"].get<bool>(), false);
    }

    // B = 0.5, c = 0.1: m* = 5, met at 5 (0.5 >= 0.5), missed at 6.
    void thresholdSensitivity()
    {
        const Json s = sensitivity({ 0.5, 1, 0.1, 1.2 }, RewardInput::MinRewardThreshold, 0, 10, 11);
        QVERIFY(close(s["breakEven"]["value"].get<double>(), 5.0));
        QCOMPARE(s["breakEven"]["inclusive"].get<bool>(), true);
        QCOMPARE(s["points"][5]["meetsThreshold"].get<bool>(), true);
        QCOMPARE(s["points"][6]["meetsThreshold"].get<bool>(), false);
        QVERIFY(s["rewardZero"].is_null());
        for (std::size_t i = 0; i < 11; ++i)
            QVERIFY(close(s["points"][i]["reward"].get<double>(), 0.4));
    }

    void noFlip_data()
    {
        QTest::addColumn<int>("input");
        QTest::addColumn<double>("dv");
        QTest::addColumn<double>("dr");
        QTest::addColumn<double>("cost");
        QTest::addColumn<QString>("expected");
        QTest::addRow("revenue 0: no benefit at any visibility")
            << int(RewardInput::DeltaVisibility) << 0.0 << 0.0 << 0.1 << QStringLiteral("never");
        QTest::addRow("negative benefit: no cost helps")
            << int(RewardInput::ApiCost) << -1.0 << 2.0 << 0.0 << QStringLiteral("never");
        QTest::addRow("no cost: any multiple")
            << int(RewardInput::MinRewardThreshold) << 1.0 << 2.0 << 0.0 << QStringLiteral("always");
        QTest::addRow("reward below zero: no multiple helps")
            << int(RewardInput::MinRewardThreshold) << 0.1 << 0.5 << 0.1 << QStringLiteral("never");
    }
    void noFlip()
    {
        QFETCH(int, input);
        QFETCH(double, dv);
        QFETCH(double, dr);
        QFETCH(double, cost);
        QFETCH(QString, expected);
        auto b = breakEven(RewardInputs { dv, dr, cost, 1.2 }, RewardInput(input));
        QVERIFY2(b, qPrintable(b.error()));
        const Json j = b->toJson();
        QCOMPARE(j["exists"].get<bool>(), false);
        QCOMPARE(QString::fromStdString(j["meetsThreshold"].get<std::string>()), expected);
        QVERIFY(!j["reason"].get<std::string>().empty());
    }

    // Property: on a fine grid the observed flip lies around the closed-form break-even.
    void closedFormAgreesWithTheGrid()
    {
        const RewardInputs in { 3.7, 0.42, 0.9, 1.35 };
        const Json s = sensitivity(in, RewardInput::ApiCost, 0, 2, 2001);
        const double b = s["breakEven"]["value"].get<double>(); // 3.7 * 0.42 / 1.35 = 1.151111...
        QVERIFY(close(b, 3.7 * 0.42 / 1.35));
        QCOMPARE(s["verdictFlips"].size(), std::size_t(1));
        QVERIFY(s["verdictFlips"][0]["from"].get<double>() <= b);
        QVERIFY(s["verdictFlips"][0]["to"].get<double>() >= b);
    }

    void maxSteps()
    {
        const Json s
            = sensitivity({ 1, 1, 0.1, 1.2 }, RewardInput::DeltaRevenue, -5, 5, kMaxSensitivitySteps);
        QCOMPARE(s["points"].size(), std::size_t(kMaxSensitivitySteps));
        QCOMPARE(s["points"].back()["deltaRevenue"].get<double>(), 5.0);
    }

    void badInput_data()
    {
        QTest::addColumn<RewardInputs>("inputs");
        QTest::addColumn<int>("input");
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("steps");
        QTest::addColumn<QString>("message");
        const RewardInputs ok { 1, 1, 0.1, 1.2 };
        const int cost = int(RewardInput::ApiCost);
        QTest::addRow("one step") << ok << cost << 0.0 << 1.0 << 1 << QStringLiteral("steps = 1");
        QTest::addRow("too many steps")
            << ok << cost << 0.0 << 1.0 << 10002 << QStringLiteral("steps = 10002");
        QTest::addRow("empty range") << ok << cost << 1.0 << 1.0 << 3 << QStringLiteral("must differ");
        QTest::addRow("negative cost") << ok << cost << -1.0 << 1.0 << 3 << QStringLiteral("from = -1");
        QTest::addRow("negative multiple")
            << ok << int(RewardInput::MinRewardThreshold) << 0.0 << -2.0 << 3 << QStringLiteral("to = -2");
        QTest::addRow("infinite end") << ok << cost << 0.0 << qInf() << 3 << QStringLiteral("to = inf");
        QTest::addRow("non-finite fixed input") << RewardInputs { qQNaN(), 1, 0.1, 1.2 } << cost << 0.0 << 1.0
                                                << 3 << QStringLiteral("deltaVisibility");
        QTest::addRow("negative fixed cost")
            << RewardInputs { 1, 1, -0.1, 1.2 } << int(RewardInput::DeltaRevenue) << 0.0 << 1.0 << 3
            << QStringLiteral("apiCost");
    }
    void badInput()
    {
        QFETCH(RewardInputs, inputs);
        QFETCH(int, input);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, steps);
        QFETCH(QString, message);
        auto r = rewardWhatIf(inputs, SensitivityRange { RewardInput(input), from, to, steps });
        QVERIFY(!r);
        QVERIFY2(r.error().contains(message), qPrintable(r.error()));
    }

    void inputNames()
    {
        QCOMPARE(rewardInputFromName(u"api-cost"), RewardInput::ApiCost);
        QCOMPARE(rewardInputFromName(u"deltaVisibility"), RewardInput::DeltaVisibility);
        QCOMPARE(rewardInputFromName(u"min-reward-threshold"), RewardInput::MinRewardThreshold);
        QVERIFY(!rewardInputFromName(u"cost"));
    }
};

QTEST_GUILESS_MAIN(TestRewardWhatIf)
#include "tst_rewardwhatif.moc"
