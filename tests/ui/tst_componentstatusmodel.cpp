#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include "componentstatusmodel.h"

using namespace orch;
using orch::ui::ComponentStatusModel;

namespace {

constexpr TimeMs kNow = 1767916800000; // 2026-01-09T00:00:00Z

ComponentStatus component(const QString& name, const QString& status, std::optional<TimeMs> lastRun,
                          std::optional<TimeMs> nextRun, const QString& version,
                          std::optional<double> confidence = std::nullopt)
{
    return ComponentStatus { name, status, lastRun, nextRun, version, confidence };
}

// What the embedded orchestrator reports on a fresh start: nothing has run yet.
OrchestratorStatus freshStart()
{
    OrchestratorStatus s;
    s.phase = QStringLiteral("initializing");
    s.asOf = kNow;
    s.components = {
        component(QStringLiteral("adaptive-weight-learner"), QStringLiteral("scheduled"), {},
                  kNow + 2 * kHourMs, QStringLiteral("1.2")),
        component(QStringLiteral("drift-sentinel"), QStringLiteral("initializing"), {}, kNow + 15 * kMinuteMs,
                  QStringLiteral("1.1")),
        component(QStringLiteral("rl-controller"), QStringLiteral("active"), {}, {}, QStringLiteral("1.0")),
        component(QStringLiteral("auto-fix-agents"), QStringLiteral("active"), {}, {}, QStringLiteral("3.2")),
    };
    s.governance = { 0.15, 1.2, true };
    return s;
}

OrchestratorStatus operational(TimeMs asOf = kNow)
{
    OrchestratorStatus s;
    s.phase = QStringLiteral("operational");
    s.asOf = asOf;
    s.components = {
        component(QStringLiteral("adaptive-weight-learner"), QStringLiteral("scheduled"), kNow - 22 * kHourMs,
                  kNow + 2 * kHourMs, QStringLiteral("1.2"), 0.97341),
        component(QStringLiteral("drift-sentinel"), QStringLiteral("monitoring"), kNow, kNow + 15 * kMinuteMs,
                  QStringLiteral("1.1")),
        component(QStringLiteral("rl-controller"), QStringLiteral("active"), kNow - 3 * kDayMs, {},
                  QStringLiteral("1.0")),
        component(QStringLiteral("auto-fix-agents"), QStringLiteral("paused"), kNow - 30 * kMinuteMs, {},
                  QStringLiteral("3.2")),
    };
    s.governance = { 0.1234, 1.2, true };
    return s;
}

OrchestratorStatus degraded()
{
    OrchestratorStatus s = operational(kNow + 15 * kMinuteMs);
    s.phase = QStringLiteral("degraded");
    s.components[1].status = QStringLiteral("alert");
    s.components[1].lastRun = kNow + 15 * kMinuteMs;
    s.components[1].nextRun = kNow + 30 * kMinuteMs;
    return s;
}

OrchestratorStatus withComponents(QList<ComponentStatus> components)
{
    OrchestratorStatus s = operational();
    s.components = std::move(components);
    return s;
}

QString cell(const ComponentStatusModel& model, int row, int column)
{
    return model.index(row, column).data(Qt::DisplayRole).toString();
}

} // namespace

class TestComponentStatusModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelTester_data();
    void modelTester();
    void displayText_data();
    void displayText();
    void neverShowsNull();
    void liveUpdateKeepsRowsAndSelection();
    void newComponentsResetTheModel();
    void severity_data();
    void severity();
};

void TestComponentStatusModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestComponentStatusModel::modelTester_data()
{
    QTest::addColumn<QList<OrchestratorStatus>>("statuses");
    QTest::addColumn<int>("rows");
    QTest::addRow("nothing yet") << QList<OrchestratorStatus> {} << 0;
    QTest::addRow("fresh start") << QList<OrchestratorStatus> { freshStart() } << 4;
    QTest::addRow("fresh start, then operational")
        << QList<OrchestratorStatus> { freshStart(), operational() } << 4;
    QTest::addRow("operational, then degraded")
        << QList<OrchestratorStatus> { operational(), degraded() } << 4;
    QTest::addRow("same status twice") << QList<OrchestratorStatus> { operational(), operational() } << 4;
    QTest::addRow("components change")
        << QList<OrchestratorStatus> { operational(), withComponents({ operational().components.at(1) }),
                                       operational() }
        << 4;
    QTest::addRow("components vanish")
        << QList<OrchestratorStatus> { operational(), withComponents({}) } << 0;
}

void TestComponentStatusModel::modelTester()
{
    QFETCH(QList<OrchestratorStatus>, statuses);
    QFETCH(int, rows);
    ComponentStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const OrchestratorStatus& status : statuses)
        model.setStatus(status);
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.columnCount(), int(ComponentStatusModel::ColumnCount));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestComponentStatusModel::displayText_data()
{
    QTest::addColumn<OrchestratorStatus>("status");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hasValue");

    using M = ComponentStatusModel;
    QTest::addRow("name") << operational() << 0 << int(M::NameColumn)
                          << QStringLiteral("AdaptiveWeightLearner") << true;
    QTest::addRow("status") << operational() << 3 << int(M::StatusColumn) << QStringLiteral("paused") << true;
    QTest::addRow("never ran") << freshStart() << 0 << int(M::LastRunColumn) << QStringLiteral("never")
                               << false;
    QTest::addRow("no schedule") << freshStart() << 2 << int(M::NextRunColumn) << QStringLiteral("on demand")
                                 << false;
    QTest::addRow("no confidence") << freshStart() << 0 << int(M::ConfidenceColumn) << QStringLiteral("—")
                                   << false;
    QTest::addRow("confidence of a component without one")
        << operational() << 1 << int(M::ConfidenceColumn) << QStringLiteral("—") << false;
    QTest::addRow("confidence") << operational() << 0 << int(M::ConfidenceColumn) << QStringLiteral("0.973")
                                << true;
    QTest::addRow("last run, hours ago") << operational() << 0 << int(M::LastRunColumn)
                                         << QStringLiteral("2026-01-08T02:00:00Z · 22 h ago") << true;
    QTest::addRow("last run, now") << operational() << 1 << int(M::LastRunColumn)
                                   << QStringLiteral("2026-01-09T00:00:00Z · now") << true;
    QTest::addRow("next run, in minutes") << operational() << 1 << int(M::NextRunColumn)
                                          << QStringLiteral("2026-01-09T00:15:00Z · in 15 min") << true;
    QTest::addRow("hints follow the status clock")
        << degraded() << 0 << int(M::NextRunColumn) << QStringLiteral("2026-01-09T02:00:00Z · in 1 h 45 min")
        << true;
    QTest::addRow("version") << operational() << 3 << int(M::VersionColumn) << QStringLiteral("3.2") << true;
    QTest::addRow("unknown component keeps its name")
        << withComponents({ component(QStringLiteral("canary-rollout"), QStringLiteral("active"), {}, {},
                                      QStringLiteral("0.1")) })
        << 0 << int(M::NameColumn) << QStringLiteral("canary-rollout") << true;
}

void TestComponentStatusModel::displayText()
{
    QFETCH(OrchestratorStatus, status);
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, text);
    QFETCH(bool, hasValue);
    ComponentStatusModel model;
    model.setStatus(status);
    const QModelIndex index = model.index(row, column);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), text);
    QCOMPARE(index.data(ComponentStatusModel::HasValueRole).toBool(), hasValue);
    QCOMPARE(index.data(ComponentStatusModel::ComponentIdRole).toString(), status.components.at(row).name);
}

void TestComponentStatusModel::neverShowsNull()
{
    ComponentStatusModel model;
    for (const OrchestratorStatus& status : { freshStart(), operational(), degraded() }) {
        model.setStatus(status);
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                for (const int role :
                     { int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole) }) {
                    const QString text = model.index(row, column).data(role).toString();
                    QVERIFY2(!text.contains(QLatin1String("null"), Qt::CaseInsensitive), qPrintable(text));
                    if (role == Qt::DisplayRole)
                        QVERIFY2(!text.isEmpty(),
                                 qPrintable(QStringLiteral("row %1 column %2").arg(row).arg(column)));
                }
            }
        }
    }
}

void TestComponentStatusModel::liveUpdateKeepsRowsAndSelection()
{
    ComponentStatusModel model;
    model.setStatus(operational());
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(2, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Only the drift sentinel's row and the relative hints change.
    model.setStatus(degraded());
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(changed.count(), 4);
    const QList<QVariant> sentinel = changed.at(1);
    QCOMPARE(sentinel.at(0).toModelIndex(), model.index(1, 0));
    QCOMPARE(sentinel.at(1).toModelIndex(), model.index(1, ComponentStatusModel::ColumnCount - 1));
    const QList<QVariant> learner = changed.at(0);
    QCOMPARE(learner.at(0).toModelIndex(), model.index(0, ComponentStatusModel::LastRunColumn));
    QCOMPARE(learner.at(1).toModelIndex(), model.index(0, ComponentStatusModel::NextRunColumn));
    QCOMPARE(cell(model, 1, ComponentStatusModel::StatusColumn), QStringLiteral("alert"));

    QCOMPARE(selection.currentIndex(), model.index(2, 0));
    QVERIFY(selection.isRowSelected(2, {}));

    // An identical status changes nothing.
    changed.clear();
    model.setStatus(degraded());
    QCOMPARE(changed.count(), 0);
}

void TestComponentStatusModel::newComponentsResetTheModel()
{
    ComponentStatusModel model;
    model.setStatus(operational());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    OrchestratorStatus reordered = operational();
    std::swap(reordered.components[0], reordered.components[3]);
    model.setStatus(reordered);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(cell(model, 0, ComponentStatusModel::NameColumn), QStringLiteral("AutoFixAgents"));
}

void TestComponentStatusModel::severity_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<ComponentStatusModel::Severity>("severity");
    using S = ComponentStatusModel::Severity;
    QTest::addRow("monitoring") << QStringLiteral("monitoring") << S::Ok;
    QTest::addRow("scheduled") << QStringLiteral("scheduled") << S::Ok;
    QTest::addRow("active") << QStringLiteral("active") << S::Ok;
    QTest::addRow("initializing") << QStringLiteral("initializing") << S::Idle;
    QTest::addRow("paused") << QStringLiteral("paused") << S::Warning;
    QTest::addRow("paused for some dealers") << QStringLiteral("paused for 3 dealer(s)") << S::Warning;
    QTest::addRow("alert") << QStringLiteral("alert") << S::Critical;
}

void TestComponentStatusModel::severity()
{
    QFETCH(QString, status);
    QFETCH(ComponentStatusModel::Severity, severity);
    QCOMPARE(ComponentStatusModel::severity(status), severity);
    ComponentStatusModel model;
    model.setStatus(withComponents(
        { component(QStringLiteral("drift-sentinel"), status, {}, {}, QStringLiteral("1.1")) }));
    QCOMPARE(model.index(0, ComponentStatusModel::StatusColumn)
                 .data(ComponentStatusModel::SeverityRole)
                 .value<ComponentStatusModel::Severity>(),
             severity);
}

QTEST_GUILESS_MAIN(TestComponentStatusModel)
#include "tst_componentstatusmodel.moc"
