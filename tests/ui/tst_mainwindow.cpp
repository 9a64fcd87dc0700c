#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "client/embeddedclient.h"
#include "componentstatusmodel.h"
#include "emptystate.h"
#include "enginestatusbar.h"
#include "mainwindow.h"
#include "settings.h"
#include "specpage.h"
#include "statuspage.h"

using namespace orch;
using namespace orch::ui;
using namespace std::chrono_literals;

namespace {

// Generous: the warm-up simulates 8 days before the first live status.
constexpr int kTimeoutMs = 60'000;

EmbeddedOptions smallFleet(const QString& dataDir)
{
    EmbeddedOptions options;
    options.dataDir = dataDir;
    options.dealers = 3;
    options.warmUpDays = 8;
    options.tickIntervalMs = 20;
    return options;
}

QStringList componentIds(const QAbstractItemModel& model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(ComponentStatusModel::ComponentIdRole).toString();
    return ids;
}

QStringList componentNames(const QAbstractItemModel& model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, ComponentStatusModel::NameColumn).data().toString();
    return names;
}

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void showsLiveStatus();
    void showsTheCoresError();
    void remembersGeometryAndPage();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SettingsStorage> m_storage;
};

void TestMainWindow::initTestCase()
{
    // Nothing here may touch the user's own settings or data.
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storage = std::make_unique<SettingsStorage>(m_dir->filePath(QStringLiteral("console.ini")));
}

void TestMainWindow::showsLiveStatus()
{
    ConsoleSettings settings(*m_storage);
    EmbeddedClient client(smallFleet(m_dir->filePath(QStringLiteral("data"))));
    MainWindow window(client, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    auto* page = qobject_cast<StatusPage*>(window.page(QStringLiteral("status")));
    QVERIFY(page);
    QCOMPARE(window.currentPageId(), QStringLiteral("status"));
    // Before the core runs: an explained empty state, not an empty table.
    QCOMPARE(page->state(), StatusPage::State::Waiting);
    auto* empty = page->findChild<EmptyState*>();
    QVERIFY(empty && empty->isVisible());
    QVERIFY(!page->componentTable()->isVisible());
    QCOMPARE(page->phase(), QString());

    // The warm-up shows its progress in the status bar, then the bar goes away.
    auto* progress = window.findChild<QProgressBar*>(QStringLiteral("warmUpProgress"));
    QVERIFY(progress);
    bool progressShown = false;
    bool waitingDuringWarmUp = true;
    connect(&client, &EmbeddedClient::warmUpProgress, this, [&](int done, int total) {
        if (done >= total)
            return;
        progressShown = progressShown || progress->isVisible();
        waitingDuringWarmUp
            = waitingDuringWarmUp && page->state() == StatusPage::State::Waiting && empty->isVisible();
    });

    client.start();

    QTableView* table = page->componentTable();
    const QStringList expectedIds { QStringLiteral("adaptive-weight-learner"),
                                    QStringLiteral("drift-sentinel"), QStringLiteral("rl-controller"),
                                    QStringLiteral("auto-fix-agents") };
    QTRY_COMPARE_WITH_TIMEOUT(componentIds(*table->model()), expectedIds, kTimeoutMs);
    QCOMPARE(componentNames(*table->model()),
             QStringList({ QStringLiteral("AdaptiveWeightLearner"), QStringLiteral("DriftSentinel"),
                           QStringLiteral("RLController"), QStringLiteral("AutoFixAgents") }));
    QTRY_COMPARE_WITH_TIMEOUT(page->phase(), QStringLiteral("operational"), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(table->isVisible(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engineStatusBar()->isWarmingUp(), kTimeoutMs);
    QVERIFY(progressShown);
    QVERIFY(waitingDuringWarmUp);
    QVERIFY(!progress->isVisible());
    QVERIFY(window.engineStatusBar()->connectionText().startsWith(QStringLiteral("Connected")));
    QCOMPARE(page->state(), StatusPage::State::Live);

    // What the user reads: no "null", spec-derived telemetry, governance figures.
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        for (int column = 0; column < table->model()->columnCount(); ++column) {
            const QString text = table->model()->index(row, column).data().toString();
            QVERIFY2(!text.isEmpty() && !text.contains(QLatin1String("null")), qPrintable(text));
        }
    }
    auto* audit = page->findChild<QLabel*>(QStringLiteral("auditTrail"));
    QVERIFY(audit);
    QTRY_COMPARE_WITH_TIMEOUT(audit->text(), QStringLiteral("AES-256-GCM · append-only · SHA-256 hash chain"),
                              kTimeoutMs);
    QCOMPARE(page->findChild<QLabel*>(QStringLiteral("rewardThreshold"))->text(), QStringLiteral("1.2×"));
    QVERIFY(page->findChild<QLabel*>(QStringLiteral("apiCostRemaining"))
                ->text()
                .endsWith(QStringLiteral("of $0.15 per dealer per month")));

    // The clock in the status bar follows the simulated time.
    const QString clockBefore = window.engineStatusBar()->clockText();
    QVERIFY(clockBefore.contains(QStringLiteral("2026-01-")));
    QTRY_VERIFY_WITH_TIMEOUT(window.engineStatusBar()->clockText() != clockBefore, kTimeoutMs);

    // Live updates keep the user's selection: no model reset while the same components tick.
    QSignalSpy resets(table->model(), &QAbstractItemModel::modelReset);
    QSignalSpy statuses(&client, &OrchestratorClient::statusAvailable);
    table->selectRow(2);
    QTRY_VERIFY_WITH_TIMEOUT(statuses.count() >= 3, kTimeoutMs);
    QCOMPARE(resets.count(), 0);
    QVERIFY(table->selectionModel()->isRowSelected(2, {}));
    QCOMPARE(table->selectionModel()->currentIndex().row(), 2);

    // Keyboard: Ctrl+N shows the N-th page of the sidebar; Ctrl+1 the status again.
    const QStringList pages = window.pageIds();
    QCOMPARE(pages.mid(0, 4), QStringList({ QStringLiteral("status"), QStringLiteral("drift"),
                                            QStringLiteral("reward"), QStringLiteral("governance") }));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPageId(), QStringLiteral("drift"));
    QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(window.currentPageId(), QStringLiteral("governance"));
    const int specIndex = int(pages.indexOf(QStringLiteral("specification")));
    QVERIFY(specIndex >= 0 && specIndex < 9);
    QTest::keyClick(&window, Qt::Key(Qt::Key_1 + specIndex), Qt::ControlModifier);
    QCOMPARE(window.currentPageId(), QStringLiteral("specification"));
    auto* specPage = qobject_cast<SpecPage*>(window.page(QStringLiteral("specification")));
    QVERIFY(specPage && specPage->isVisible());
    QVERIFY(!page->isVisible());
    QCOMPARE(window.findChild<QListWidget*>(QStringLiteral("pageList"))->currentRow(), specIndex);
    QTRY_VERIFY_WITH_TIMEOUT(specPage->specTree()->model()->rowCount() > 0, kTimeoutMs);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.currentPageId(), QStringLiteral("status"));
    QVERIFY(page->isVisible());

    // Space pauses the simulated clock, and again resumes it.
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(window.pauseAction()->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(window.engineStatusBar()->clockText().endsWith(QStringLiteral("(paused)")),
                             kTimeoutMs);
    QTest::qWait(200); // ticks already queued before the pause land
    const QString pausedAt = window.engineStatusBar()->clockText();
    QTest::qWait(300);
    QCOMPARE(window.engineStatusBar()->clockText(), pausedAt);
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!window.pauseAction()->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(window.engineStatusBar()->clockText() != pausedAt, kTimeoutMs);
    QVERIFY(!window.engineStatusBar()->clockText().contains(QStringLiteral("paused")));
}

void TestMainWindow::showsTheCoresError()
{
    ConsoleSettings settings(*m_storage);
    EmbeddedOptions options = smallFleet(m_dir->filePath(QStringLiteral("data")));
    // The spec is read on the worker thread when the core starts; a missing file fails the start.
    options.specFile = m_dir->filePath(QStringLiteral("missing-spec.json"));
    EmbeddedClient client(options);
    MainWindow window(client, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* page = qobject_cast<StatusPage*>(window.page(QStringLiteral("status")));
    QVERIFY(page);

    client.start();

    QTRY_COMPARE_WITH_TIMEOUT(page->state(), StatusPage::State::Error, kTimeoutMs);
    auto* empty = page->findChild<EmptyState*>();
    QVERIFY(empty && empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("The orchestrator reported an error"));
    QCOMPARE(empty->kind(), EmptyState::Kind::Error);
    QVERIFY2(empty->detail().contains(QStringLiteral("missing-spec.json")), qPrintable(empty->detail()));
    QVERIFY(window.engineStatusBar()->connectionText().startsWith(QStringLiteral("Connection failed")));
}

void TestMainWindow::remembersGeometryAndPage()
{
    ConsoleSettings settings(*m_storage);
    QCOMPARE(settings.mainWindowGeometry.value(), QByteArray());
    EmbeddedClient client(smallFleet(m_dir->filePath(QStringLiteral("data"))));
    {
        MainWindow window(client, settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(900, 640);
        window.showPage(QStringLiteral("specification"));
        QTRY_COMPARE(window.size(), QSize(900, 640));
        QVERIFY(window.close());
    }
    QVERIFY(!settings.mainWindowGeometry.value().isEmpty());
    QCOMPARE(settings.currentPage.value(), QStringLiteral("specification"));
    // Stored where the test said, and nowhere else.
    QVERIFY(m_storage->fileName().startsWith(m_dir->path()));
    QVERIFY(QFile::exists(m_storage->fileName()));

    MainWindow restored(client, settings);
    QCOMPARE(restored.size(), QSize(900, 640));
    QCOMPARE(restored.currentPageId(), QStringLiteral("specification"));

    // A fresh settings file gives the default size and the first page.
    SettingsStorage otherStorage(m_dir->filePath(QStringLiteral("other.ini")));
    ConsoleSettings otherSettings(otherStorage);
    MainWindow fresh(client, otherSettings);
    QCOMPARE(fresh.currentPageId(), QStringLiteral("status"));
    QVERIFY(fresh.width() > 900);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
