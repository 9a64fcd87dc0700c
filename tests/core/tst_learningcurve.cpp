// Issue 4's acceptance on the built-in simulated fleet: the RLController learns which fix pays
// off for which dealer, so the mean reward of each week's decisions rises.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "common/strictjson.h"
#include "learning/adaptiveweightlearner.h"
#include "sim/fleetrunner.h"

using namespace orch;

class TestLearningCurve : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rewardPerWeekRises()
    {
        QTemporaryDir dir;
        // The audit trail is tested elsewhere; here it would only cost fsyncs.
        const QString specPath = dir.filePath(QStringLiteral("spec.json"));
        QFile spec(specPath);
        QVERIFY(spec.open(QIODevice::WriteOnly));
        spec.write(R"({"telemetry": {"audit": {"enabled": false}}})");
        spec.close();
        FleetSimulator::Options fleet;
        fleet.dealers = 70;
        auto session = FleetSession::open(dir.path(), specPath, fleet);
        QVERIFY2(session, qPrintable(session.error()));
        FleetSession& s = **session;
        const qint64 perDay = kDayMs / s.simulator().interval();
        QVERIFY(s.run(28 * perDay));

        auto weeks = weeklyRewards(s.store(), fleet.start, s.clock().now() + 1);
        QVERIFY(weeks);
        QCOMPARE(weeks->size(), std::size_t(4));
        QString curve;
        for (const WeeklyReward& w : *weeks)
            curve += QStringLiteral(" %1 (%2 decisions)").arg(w.meanReward, 0, 'f', 3).arg(w.decisions);
        qInfo("mean reward per decision by week:%s", qPrintable(curve));
        // Week 1 mostly holds (nothing measured yet) and explores; by week 3 the policy acts on
        // what it measured. The best fix earns about 2.4, holding about 0.
        QVERIFY((*weeks)[0].meanReward < 0.6);
        QVERIFY2((*weeks)[2].meanReward > 2 * (*weeks)[0].meanReward, qPrintable(curve));
        QVERIFY2((*weeks)[3].meanReward > 2 * (*weeks)[0].meanReward, qPrintable(curve));
        QVERIFY2((*weeks)[1].meanReward > (*weeks)[0].meanReward, qPrintable(curve));
        QVERIFY2(std::min((*weeks)[2].meanReward, (*weeks)[3].meanReward) > 0.6, qPrintable(curve));

        // The controller acts on its own measurements: for most contexts its target is the fix
        // that pays off there.
        const auto& values = s.orchestrator().rlController().values();
        const bandit::Settings settings = s.orchestrator().rlController().settings(1.2);
        int right = 0;
        for (const QString& context : values.contexts()) {
            const bandit::Choice c = bandit::choose(values, context, settings, kDefaultActionCosts);
            if (bandit::actions()[c.target] + QStringLiteral("-gap") == context)
                ++right;
        }
        QVERIFY2(right >= 3, qPrintable(values.contexts().join(u',')));

        // Both output files are written and valid.
        auto posterior = learning::AdaptiveWeightLearner::readPosterior(
            dir.filePath(QStringLiteral("weight_posterior.json")));
        QVERIFY2(posterior, qPrintable(posterior.error()));
        QFile policy(dir.filePath(QStringLiteral("policy_update.json")));
        QVERIFY(policy.open(QIODevice::ReadOnly));
        auto parsed = json::parseStrict(policy.readAll().toStdString());
        QVERIFY2(parsed, qPrintable(parsed.error()));
        QCOMPARE((*parsed)["component"].get<std::string>(), std::string("RLController"));
        QVERIFY((*parsed)["policyVersion"].get<qint64>() > 0);
        QVERIFY((*parsed)["contexts"].size() >= 3);
    }
};

QTEST_GUILESS_MAIN(TestLearningCurve)
#include "tst_learningcurve.moc"
