#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "spec/orchestratorspec.h"

using orch::OrchestratorSpec;

class TestSpec final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The built-in defaults are SPEC.md's values, read off the specification by hand.
    void defaultsAreSpecValues()
    {
        const OrchestratorSpec s = OrchestratorSpec::defaults();
        QCOMPARE(s.components.adaptiveWeightLearner.version, QStringLiteral("1.2"));
        QCOMPARE(s.components.adaptiveWeightLearner.dailyAtUtc, QStringLiteral("02:00"));
        QCOMPARE(s.learnerMinuteOfDay(), 120);
        QCOMPARE(s.components.adaptiveWeightLearner.confidenceFloor, 0.95);
        QCOMPARE(s.components.adaptiveWeightLearner.output, QStringLiteral("weight_posterior.json"));
        QCOMPARE(s.components.driftSentinel.version, QStringLiteral("1.1"));
        QCOMPARE(s.components.driftSentinel.intervalMinutes, 15);
        QCOMPARE(s.components.driftSentinel.threshold, 2.0);
        QCOMPARE(s.components.driftSentinel.alertChannels,
                 QStringList(
                     { QStringLiteral("slack"), QStringLiteral("dashboard"), QStringLiteral("pagerduty") }));
        QCOMPARE(s.components.rlController.version, QStringLiteral("1.0"));
        QCOMPARE(s.components.rlController.learningRate, 0.1);
        QCOMPARE(s.components.rlController.confidenceGate, 0.75);
        QCOMPARE(s.components.rlController.stateStore, QStringLiteral("redis-cluster"));
        QCOMPARE(s.components.rlController.output, QStringLiteral("policy_update.json"));
        QCOMPARE(s.components.autoFixAgents.version, QStringLiteral("3.2"));
        QCOMPARE(s.components.autoFixAgents.agents.size(), 4);
        QCOMPARE(s.components.autoFixAgents.consensusThreshold, 0.92);
        QCOMPARE(s.components.autoFixAgents.verificationChain,
                 QStringList({ QStringLiteral("RichResults"), QStringLiteral("PerplexityCheck") }));
        QCOMPARE(s.components.autoFixAgents.actions,
                 QStringList({ QStringLiteral("DeployFix"), QStringLiteral("OpenPR"),
                               QStringLiteral("NotifySlack") }));
        QCOMPARE(s.governance.maxApiCostPerDealerMonth, 0.15);
        QCOMPARE(s.governance.minRewardThreshold, 1.2);
        QCOMPARE(s.autoRetrain.driftWindowHours, 24);
        QCOMPARE(s.autoRetrain.triggerCount, 3);
        QCOMPARE(s.autoRetrain.minSampleSize, 100);
        QCOMPARE(s.rollback.errorRateThreshold, 0.02);
        QCOMPARE(s.rollback.autoRollback, true);
        QCOMPARE(s.telemetry.metricsStore, QStringLiteral("s3://metrics/dealershipai/orchestrator/"));
        QCOMPARE(s.telemetry.audit.enabled, true);
        QCOMPARE(s.telemetry.audit.appendOnly, true);
        QCOMPARE(s.telemetry.audit.hash, QStringLiteral("SHA-256"));
        QCOMPARE(s.telemetry.retentionDays, 90);
        QCOMPARE(s.rollout.canaryFraction, 0.10);
        QCOMPARE(s.rollout.autoPromoteAfterHours, 2.0);
        QCOMPARE(s.rollout.rollbackErrorRate, 0.02);
        QCOMPARE(s.rollout.ciCdProvider, QStringLiteral("GitHub Actions"));
        QCOMPARE(s.rollout.validationHooks,
                 QStringList({ QStringLiteral("Lighthouse"), QStringLiteral("SchemaCheck") }));
    }

    void defaultsRoundTrip()
    {
        const auto j = OrchestratorSpec::defaults().toJson();
        auto back = OrchestratorSpec::fromJsonText(j.dump());
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->toJson().dump(), j.dump());
    }

    void emptyDocumentIsDefaults()
    {
        auto s = OrchestratorSpec::fromJsonText("{}");
        QVERIFY(s.ok());
        QCOMPARE(s->toJson().dump(), OrchestratorSpec::defaults().toJson().dump());
    }

    void overrides()
    {
        auto s = OrchestratorSpec::fromJsonText(
            R"({"governance": {"maxApiCostPerDealerMonth": 0.5}, "components": {"driftSentinel": {"threshold": 1.5, "alertChannels": ["dashboard"]}}})");
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(s->governance.maxApiCostPerDealerMonth, 0.5);
        QCOMPARE(s->governance.minRewardThreshold, 1.2);
        QCOMPARE(s->components.driftSentinel.threshold, 1.5);
        QCOMPARE(s->components.driftSentinel.alertChannels, QStringList { QStringLiteral("dashboard") });
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("expected");
        QTest::addRow("negative cost")
            << QByteArray(R"({"governance": {"maxApiCostPerDealerMonth": -1}})")
            << QStringLiteral("governance.maxApiCostPerDealerMonth: must be >= 0, got -1");
        QTest::addRow("string for number")
            << QByteArray(R"({"governance": {"minRewardThreshold": "1.2"}})")
            << QStringLiteral("governance.minRewardThreshold: must be a number, got \"1.2\"");
        QTest::addRow("unknown top-level key") << QByteArray(R"({"governence": {}})")
                                               << QStringLiteral("governence: unknown key (expected one of:");
        QTest::addRow("unknown nested key")
            << QByteArray(R"({"rollback": {"autoRollback": true, "auto": 1}})")
            << QStringLiteral("rollback.auto: unknown key");
        QTest::addRow("deep unknown key") << QByteArray(R"({"telemetry": {"audit": {"cipher": "x"}}})")
                                          << QStringLiteral("telemetry.audit.cipher: unknown key");
        QTest::addRow("fraction too big")
            << QByteArray(R"({"rollback": {"errorRateThreshold": 2}})")
            << QStringLiteral("rollback.errorRateThreshold: must be <= 1, got 2");
        QTest::addRow("integer expected")
            << QByteArray(R"({"autoRetrain": {"triggerCount": 2.5}})")
            << QStringLiteral("autoRetrain.triggerCount: must be an integer, got 2.5");
        QTest::addRow("integer range") << QByteArray(R"({"autoRetrain": {"triggerCount": 0}})")
                                       << QStringLiteral("autoRetrain.triggerCount: must be >= 1, got 0");
        QTest::addRow("threshold zero")
            << QByteArray(R"({"components": {"driftSentinel": {"threshold": 0}}})")
            << QStringLiteral("components.driftSentinel.threshold: must be > 0, got 0");
        QTest::addRow("bad time")
            << QByteArray(R"({"components": {"adaptiveWeightLearner": {"dailyAtUtc": "25:00"}}})")
            << QStringLiteral("components.adaptiveWeightLearner.dailyAtUtc: must be a UTC time of day");
        QTest::addRow("unknown channel")
            << QByteArray(R"({"components": {"driftSentinel": {"alertChannels": ["slack", "email"]}}})")
            << QStringLiteral("components.driftSentinel.alertChannels[1]: must be one of");
        QTest::addRow("repeated channel")
            << QByteArray(R"({"components": {"driftSentinel": {"alertChannels": ["slack", "slack"]}}})")
            << QStringLiteral("components.driftSentinel.alertChannels[1]: \"slack\" is listed twice");
        QTest::addRow("no agents")
            << QByteArray(R"({"components": {"autoFixAgents": {"agents": []}}})")
            << QStringLiteral("components.autoFixAgents.agents: must list at least 1 entry, got 0");
        QTest::addRow("object expected")
            << QByteArray(R"({"rollout": []})") << QStringLiteral("rollout: must be an object, got an array");
        QTest::addRow("root not object") << QByteArray("[1]") << QStringLiteral("(root): must be an object");
        QTest::addRow("append-only off") << QByteArray(R"({"telemetry": {"audit": {"appendOnly": false}}})")
                                         << QStringLiteral("telemetry.audit.appendOnly: must be true");
        QTest::addRow("duplicate key")
            << QByteArray(R"({"rollback": {"autoRollback": true, "autoRollback": false}})")
            << QStringLiteral("rollback.autoRollback: duplicate key \"autoRollback\"");
        QTest::addRow("syntax") << QByteArray("{\n \"rollback\": {,}\n}") << QStringLiteral("line 2, column");
        QTest::addRow("bad store url")
            << QByteArray("{\"telemetry\": {\"metricsStore\": \"ftp:/"
                          "/x\"}}")
            << QStringLiteral("telemetry.metricsStore: must be an s3:// or file:// URL");
        QTest::addRow("bool expected")
            << QByteArray(R"({"rollback": {"autoRollback": "yes"}})")
            << QStringLiteral("rollback.autoRollback: must be true or false, got \"yes\"");
    }
    void errors()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, expected);
        auto s = OrchestratorSpec::fromJsonText(
            std::string_view(document.constData(), std::size_t(document.size())));
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(expected), qPrintable(s.error()));
    }

    void everyErrorIsReported()
    {
        auto s = OrchestratorSpec::fromJsonText(
            R"({"governance": {"maxApiCostPerDealerMonth": -1, "minRewardThreshold": "x"}, "rollback": {"errorRateThreshold": 5}, "bogus": 1})");
        QVERIFY(!s.ok());
        const QStringList lines = s.error().split(u'\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.filter(QStringLiteral("governance.maxApiCostPerDealerMonth")).size() == 1);
        QVERIFY(lines.filter(QStringLiteral("governance.minRewardThreshold")).size() == 1);
        QVERIFY(lines.filter(QStringLiteral("rollback.errorRateThreshold")).size() == 1);
        QVERIFY(lines.filter(QStringLiteral("bogus: unknown key")).size() == 1);
    }

    void files()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto missing = OrchestratorSpec::fromFile(dir.filePath(QStringLiteral("nope.json")));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(QStringLiteral("nope.json: cannot open")),
                 qPrintable(missing.error()));
        QFile f(dir.filePath(QStringLiteral("spec.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"rollout": {"canaryFraction": 0.25}})");
        f.close();
        auto ok = OrchestratorSpec::fromFile(f.fileName());
        QVERIFY2(ok.ok(), qPrintable(ok.error()));
        QCOMPARE(ok->rollout.canaryFraction, 0.25);
    }
};

QTEST_GUILESS_MAIN(TestSpec)
#include "tst_spec.moc"
