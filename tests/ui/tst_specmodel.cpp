#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include "specmodel.h"

using namespace orch;
using orch::ui::SpecModel;

class TestSpecModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelTester();
    void settings_data();
    void settings();
    void unknownPath();
};

void TestSpecModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestSpecModel::modelTester()
{
    SpecModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setSpec(OrchestratorSpec::defaults());
    OrchestratorSpec changed;
    changed.governance.maxApiCostPerDealerMonth = 0.5;
    changed.components.autoFixAgents.agents.clear();
    model.setSpec(changed);
    QCOMPARE(model.rowCount(), 6); // components, governance, autoRetrain, rollback, telemetry, rollout
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestSpecModel::settings_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addRow("number") << QStringLiteral("governance.maxApiCostPerDealerMonth")
                            << QStringLiteral("maxApiCostPerDealerMonth") << QStringLiteral("0.15");
    QTest::addRow("integer") << QStringLiteral("telemetry.retentionDays") << QStringLiteral("retentionDays")
                             << QStringLiteral("90");
    QTest::addRow("string") << QStringLiteral("telemetry.audit.encryption") << QStringLiteral("encryption")
                            << QStringLiteral("AES-256-GCM");
    QTest::addRow("boolean") << QStringLiteral("rollback.autoRollback") << QStringLiteral("autoRollback")
                             << QStringLiteral("yes");
    QTest::addRow("list") << QStringLiteral("components.driftSentinel.alertChannels")
                          << QStringLiteral("alertChannels") << QStringLiteral("slack, dashboard, pagerduty");
    QTest::addRow("branch") << QStringLiteral("components.rlController") << QStringLiteral("rlController")
                            << QString();
}

void TestSpecModel::settings()
{
    QFETCH(QString, path);
    QFETCH(QString, key);
    QFETCH(QString, value);
    SpecModel model;
    model.setSpec(OrchestratorSpec::defaults());
    const QModelIndex setting = model.indexForPath(path);
    QVERIFY(setting.isValid());
    QCOMPARE(setting.data().toString(), key);
    QCOMPARE(setting.data(SpecModel::PathRole).toString(), path);
    QCOMPARE(model.indexForPath(path, SpecModel::ValueColumn).data().toString(), value);
    QCOMPARE(model.hasChildren(setting), value.isEmpty());
}

void TestSpecModel::unknownPath()
{
    SpecModel model;
    model.setSpec(OrchestratorSpec::defaults());
    QVERIFY(!model.indexForPath(QStringLiteral("governance.nothing")).isValid());
    QVERIFY(!model.indexForPath(QStringLiteral("gov")).isValid());
    QVERIFY(!model.indexForPath(QStringLiteral("governancex.maxApiCostPerDealerMonth")).isValid());
}

QTEST_GUILESS_MAIN(TestSpecModel)
#include "tst_specmodel.moc"
