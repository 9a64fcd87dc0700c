// The console's languages: the choice (system, en, de, es), the live switch through the View menu's
// Language submenu on the real main window, and the command line's --language.

#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "auditpage.h"
#include "auditreview.h"
#include "client/embeddedclient.h"
#include "connectionmanager.h"
#include "enginestatusbar.h"
#include "governancepage.h"
#include "language.h"
#include "mainwindow.h"
#include "settings.h"
#include "trustpages.h"

using namespace orch;
using namespace orch::ui;

namespace {

// Generous: the warm-up simulates a day before the orchestrator runs live; the machine is shared.
constexpr int kTimeoutMs = 60'000;

EmbeddedOptions smallFleet(const QString& dataDir)
{
    EmbeddedOptions options;
    options.dataDir = dataDir;
    options.dealers = 3;
    options.warmUpDays = 1;
    options.tickIntervalMs = 20;
    return options;
}

QStringList menuTitles(const MainWindow& window)
{
    QStringList titles;
    for (const QAction* action : window.menuBar()->actions())
        titles << action->text();
    return titles;
}

QStringList sidebarNames(const MainWindow& window)
{
    const auto* list = window.findChild<QListWidget*>(QStringLiteral("pageList"));
    QStringList names;
    for (int row = 0; list && row < list->count(); ++row)
        names << list->item(row)->text();
    return names;
}

QStringList groupTitles(const QWidget* page)
{
    QStringList titles;
    for (const QGroupBox* group : page->findChildren<QGroupBox*>())
        titles << group->title();
    return titles;
}

// The letters after '&' in the actions of one menu (or of the menu bar) are all different.
void verifyUniqueMnemonics(const QString& where, const QList<QAction*>& actions)
{
    QStringList taken;
    for (const QAction* action : actions) {
        const QString text = QString(action->text()).replace(QStringLiteral("&&"), QString());
        const qsizetype amp = text.indexOf(u'&');
        if (action->menu())
            verifyUniqueMnemonics(action->text(), action->menu()->actions());
        if (amp < 0 || amp + 1 >= text.size())
            continue;
        const QString key = text.mid(amp + 1, 1).toLower();
        QVERIFY2(!taken.contains(key),
                 qPrintable(QStringLiteral("%1: '%2' of \"%3\" is taken").arg(where, key, text)));
        taken << key;
    }
}

QAction* languageAction(const MainWindow& window, const QString& choice)
{
    return window.findChild<QAction*>(QStringLiteral("languageAction_") + choice);
}

// Picks a language from the View menu's Language submenu, as the analyst would, and waits for the
// window to rebuild.
void chooseLanguage(MainWindow& window, const QString& choice)
{
    const int before = window.retranslationCount();
    QMenu* menu = window.findChild<QMenu*>(QStringLiteral("languageMenu"));
    QVERIFY(menu);
    QAction* action = languageAction(window, choice);
    QVERIFY(action);
    QVERIFY(menu->actions().contains(action));
    QVERIFY(action->isCheckable() && action->isEnabled());
    action->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.retranslationCount(), before + 1, kTimeoutMs);
    // One rebuild for the several translator changes of one switch.
    QTest::qWait(50);
    QCOMPARE(window.retranslationCount(), before + 1);
}

// A page as a page builds itself: the same widgets in the same order, its fixed texts in `language`;
// what comes from data (the keyed combo box's items, the table's rows) arrives later.
struct Form final : QWidget
{
    explicit Form(bool german)
    {
        filter = new QLineEdit(this);
        shown = new QLineEdit(this);
        shown->setReadOnly(true);
        count = new QSpinBox(this);
        amount = new QDoubleSpinBox(this);
        amount->setRange(0, 100);
        fixed = new QComboBox(this);
        fixed->addItems(german ? QStringList { QStringLiteral("Letzte 24 h"), QStringLiteral("Letzte 7 Tage"),
                                               QStringLiteral("Benutzerdefiniert…") }
                               : QStringList { QStringLiteral("Last 24 h"), QStringLiteral("Last 7 days"),
                                               QStringLiteral("Custom…") });
        keyed = new QComboBox(this);
        check = new QCheckBox(german ? QStringLiteral("Automatisch") : QStringLiteral("Automatic"), this);
        splitter = new QSplitter(this);
        splitter->addWidget(new QWidget);
        splitter->addWidget(new QWidget);
        splitter->resize(400, 100);
        view = new QTableView(this);
        view->setModel(&rows);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
    }
    void fillKeyed()
    {
        for (const QString& key : { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") })
            keyed->addItem(key.toUpper(), key);
        keyed->setCurrentIndex(0); // the page's own default, right after filling
    }
    void fillRows(const QString& statusWord)
    {
        for (const QString& id :
             { QStringLiteral("D0001"), QStringLiteral("D0002"), QStringLiteral("D0003") })
            rows.appendRow({ new QStandardItem(id), new QStandardItem(statusWord) });
    }

    QStandardItemModel rows;
    QLineEdit* filter;
    QLineEdit* shown;
    QSpinBox* count;
    QDoubleSpinBox* amount;
    QComboBox* fixed;
    QComboBox* keyed;
    QCheckBox* check;
    QSplitter* splitter;
    QTableView* view;
};

// Answers once the client has answered everything asked before: the orchestrator's worker answers in
// order, so a page that asked for the spec when it was built has it then.
void waitForEarlierRequests(OrchestratorClient& client)
{
    auto answered = std::make_shared<bool>(false);
    QCoro::connect(client.fetchSpec(), &client,
                   [answered](const Result<OrchestratorSpec>&) { *answered = true; });
    QTRY_VERIFY_WITH_TIMEOUT(*answered, kTimeoutMs);
}

QString consoleBinary()
{
    return QStringLiteral(ORCH_BIN_DIR "/orchestrator-console");
}

} // namespace

class TestLanguage final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void systemLocalePicksTheLanguage();
    void inputSnapshotCarriesWhatWasEntered();
    void switchesLiveThroughTheMenu();
    void commandLineLanguage();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SettingsStorage> m_storage;
};

void TestLanguage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestLanguage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storage = std::make_unique<SettingsStorage>(m_dir->filePath(QStringLiteral("console.ini")));
}

void TestLanguage::systemLocalePicksTheLanguage()
{
    // The default is the system's language, when the console has it.
    ConsoleSettings settings(*m_storage);
    QCOMPARE(settings.language.value(), QStringLiteral("system"));
    const QString system = LanguageController::systemChoice();
    QCOMPARE(LanguageController::resolve(system, QLocale(QStringLiteral("de_DE"))), QStringLiteral("de"));
    QCOMPARE(LanguageController::resolve(system, QLocale(QStringLiteral("de_CH"))), QStringLiteral("de"));
    QCOMPARE(LanguageController::resolve(system, QLocale(QStringLiteral("es_MX"))), QStringLiteral("es"));
    QCOMPARE(LanguageController::resolve(system, QLocale(QStringLiteral("en_GB"))), QStringLiteral("en"));
    QCOMPARE(LanguageController::resolve(system, QLocale(QStringLiteral("fr_FR"))), QStringLiteral("en"));
    QCOMPARE(LanguageController::resolve(QStringLiteral("es"), QLocale(QStringLiteral("de_DE"))),
             QStringLiteral("es"));
    QVERIFY(!LanguageController::isValidChoice(QStringLiteral("fr")));

    // Applied on a German system, "system" installs the German catalogue.
    LanguageController language;
    language.setSettings(&settings);
    QVERIFY(language.apply(system, QLocale(QStringLiteral("de_DE"))));
    QCOMPARE(language.choice(), system);
    QCOMPARE(language.language(), QStringLiteral("de"));
    QCOMPARE(QCoreApplication::translate("orch::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
    QCOMPARE(QCoreApplication::translate("orch::ui::StatusPage", "%n day(s)", nullptr, 1),
             QStringLiteral("1 Tag"));
    QCOMPARE(QCoreApplication::translate("orch::ui::StatusPage", "%n day(s)", nullptr, 90),
             QStringLiteral("90 Tage"));
    QCOMPARE(settings.language.value(), system); // apply() is for this run: nothing stored

    // A choice from the menu is stored; an unknown one changes nothing.
    QVERIFY(language.choose(QStringLiteral("es")));
    QCOMPARE(settings.language.value(), QStringLiteral("es"));
    QCOMPARE(QCoreApplication::translate("orch::ui::MainWindow", "&File"), QStringLiteral("&Archivo"));
    QTest::ignoreMessage(QtWarningMsg, "unknown language choice \"xx\"");
    QVERIFY(!language.choose(QStringLiteral("xx")));
    QCOMPARE(language.language(), QStringLiteral("es"));
    QCOMPARE(settings.language.value(), QStringLiteral("es"));

    // English is the source; its catalogue still gives the plural forms.
    QVERIFY(language.apply(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("orch::ui::MainWindow", "&File"), QStringLiteral("&File"));
    QCOMPARE(QCoreApplication::translate("orch::ui::StatusPage", "%n day(s)", nullptr, 1),
             QStringLiteral("1 day"));
}

void TestLanguage::inputSnapshotCarriesWhatWasEntered()
{
    Form before(false);
    before.filter->setText(QStringLiteral("dealer-00"));
    before.shown->setText(QStringLiteral("a page's own output"));
    before.count->setValue(7);
    before.amount->setValue(2.5);
    before.fixed->setCurrentIndex(2);
    before.fillKeyed();
    before.keyed->setCurrentIndex(2);
    before.check->setChecked(true);
    before.splitter->setSizes({ 100, 300 });
    before.fillRows(QStringLiteral("connected"));
    before.view->selectRow(1);
    const InputSnapshot snapshot = InputSnapshot::capture(&before);
    QVERIFY(!snapshot.isEmpty());

    // The rebuilt page, in German, before its data arrives.
    Form after(true);
    snapshot.restore(&after);
    QCOMPARE(after.filter->text(), QStringLiteral("dealer-00"));
    QCOMPARE(after.shown->text(), QString()); // output, not input
    QCOMPARE(after.count->value(), 7);
    QCOMPARE(after.amount->value(), 2.5);
    QCOMPARE(after.fixed->currentIndex(), 2); // the same fixed items, translated
    QCOMPARE(after.fixed->currentText(), QStringLiteral("Benutzerdefiniert…"));
    QVERIFY(after.check->isChecked());
    QCOMPARE(after.splitter->sizes(), before.splitter->sizes());

    // What waits for data gets its value when the data comes, over the page's own default.
    after.fillKeyed();
    QTRY_COMPARE(after.keyed->currentData().toString(), QStringLiteral("c"));
    after.fillRows(QStringLiteral("verbunden")); // a translated column does not matter
    QTRY_COMPARE(after.view->currentIndex().row(), 1);
    QVERIFY(after.view->selectionModel()->isRowSelected(1, {}));

    // A value the page replaces on its own (a spec arriving late) is put back, once.
    after.amount->setValue(1.0);
    QTRY_COMPARE(after.amount->value(), 2.5);
    after.amount->setValue(4.0);
    QTest::qWait(50);
    QCOMPARE(after.amount->value(), 4.0);

    // The analyst's own input ends all that: nothing is put back or chosen for them afterwards.
    Form later(true);
    later.show();
    QVERIFY(QTest::qWaitForWindowExposed(&later));
    snapshot.restore(&later);
    QTest::keyClick(later.filter, Qt::Key_X);
    later.amount->setValue(1.0);
    later.fillKeyed();
    QTest::qWait(50);
    QCOMPARE(later.amount->value(), 1.0);
    QCOMPARE(later.keyed->currentData().toString(), QStringLiteral("a"));
    QCOMPARE(later.filter->text(), QStringLiteral("dealer-00x"));
}

void TestLanguage::switchesLiveThroughTheMenu()
{
    LanguageController language;
    QVERIFY(language.apply(QStringLiteral("en")));
    ConsoleSettings settings(*m_storage);
    language.setSettings(&settings);
    EmbeddedClient client(smallFleet(m_dir->filePath(QStringLiteral("data"))));
    MainWindow window(client, settings, &language);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QStringList englishPages { QStringLiteral("Status"),           QStringLiteral("Drift"),
                                     QStringLiteral("Reward simulator"), QStringLiteral("Governance"),
                                     QStringLiteral("Specification"),    QStringLiteral("Approvals"),
                                     QStringLiteral("Audit review"),     QStringLiteral("Connections") };
    QCOMPARE(menuTitles(window),
             QStringList({ QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help") }));
    verifyUniqueMnemonics(QStringLiteral("menu bar"), window.menuBar()->actions());
    QCOMPARE(sidebarNames(window).mid(0, englishPages.size()), englishPages);
    QVERIFY(languageAction(window, QStringLiteral("en"))->isChecked());

    // What the analyst connected: a saved connection (its client owned by the connection manager)
    // besides the window's own, running orchestrator.
    auto* trust = window.findChild<TrustPages*>();
    QVERIFY(trust);
    ConnectionManager& connections = trust->connections();
    connections.setAutoStart(false);
    ConnectionConfig replay;
    replay.name = QStringLiteral("Replay of last month");
    replay.kind = ConnectionConfig::Kind::Embedded;
    replay.dataDir = m_dir->filePath(QStringLiteral("replay"));
    replay.dealers = 2;
    QVERIFY(connections.addConnection(replay));
    const QStringList ids = connections.ids();
    QCOMPARE(ids.size(), 2);
    OrchestratorClient* replayClient = connections.client(ids.last());
    QVERIFY(replayClient);
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(client.connectionState(), OrchestratorClient::ConnectionState::Connected,
                              kTimeoutMs);

    // What the analyst typed: a filter on the governance page, an input of the reward simulator
    // (one the running spec also sets, once it arrives: the analyst's value wins).
    window.showPage(QStringLiteral("reward"));
    QWidget* reward = window.page(QStringLiteral("reward"));
    auto* threshold = reward->findChild<QDoubleSpinBox*>(QStringLiteral("minRewardThreshold"));
    QVERIFY(threshold);
    waitForEarlierRequests(client); // the page has the running spec, and its threshold from it
    threshold->setValue(3.5);
    reward->findChild<QDoubleSpinBox*>(QStringLiteral("deltaVisibility"))->setValue(7.25);
    window.showPage(QStringLiteral("governance"));
    auto* governance = qobject_cast<GovernancePage*>(window.page(QStringLiteral("governance")));
    QVERIFY(governance);
    QTest::keyClicks(governance->filterBox(), QStringLiteral("dealer-00"));
    QCOMPARE(governance->filterBox()->text(), QStringLiteral("dealer-00"));
    const QRect geometry = window.geometry();

    // German, through the menu.
    chooseLanguage(window, QStringLiteral("de"));
    QCOMPARE(language.language(), QStringLiteral("de"));
    QCOMPARE(settings.language.value(), QStringLiteral("de"));
    QCOMPARE(menuTitles(window),
             QStringList({ QStringLiteral("&Datei"), QStringLiteral("&Ansicht"), QStringLiteral("&Hilfe") }));
    verifyUniqueMnemonics(QStringLiteral("menu bar"), window.menuBar()->actions());
    QCOMPARE(sidebarNames(window).mid(0, englishPages.size()),
             QStringList({ QStringLiteral("Status"), QStringLiteral("Drift"),
                           QStringLiteral("Belohnungssimulator"), QStringLiteral("Governance"),
                           QStringLiteral("Spezifikation"), QStringLiteral("Freigaben"),
                           QStringLiteral("Audit-Prüfung"), QStringLiteral("Verbindungen") }));
    QVERIFY(languageAction(window, QStringLiteral("de"))->isChecked());
    QVERIFY(!languageAction(window, QStringLiteral("en"))->isChecked());
    QCOMPARE(window.findChild<QMenu*>(QStringLiteral("languageMenu"))->title(), QStringLiteral("&Sprache"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Eingebettet · simulierte Flotte (3 Händler)"));
    QVERIFY2(window.engineStatusBar()->connectionText().startsWith(QStringLiteral("Verbunden · ")),
             qPrintable(window.engineStatusBar()->connectionText()));
    // A page's own texts: the rebuilt pages are German throughout.
    QVERIFY(groupTitles(window.page(QStringLiteral("status")))
                .contains(QStringLiteral("Telemetrie-Konfiguration")));
    QVERIFY(groupTitles(window.page(QStringLiteral("reward"))).contains(QStringLiteral("Eingaben")));
    governance = qobject_cast<GovernancePage*>(window.page(QStringLiteral("governance")));
    QVERIFY(governance);
    QCOMPARE(governance->filterBox()->placeholderText(), QStringLiteral("Nach Händler oder Budget filtern…"));
    QCOMPARE(governance->table()->model()->headerData(0, Qt::Horizontal).toString(),
             QStringLiteral("Händler"));

    // Nothing the analyst had is lost: the page, what they typed, the connections, the geometry.
    QCOMPARE(window.currentPageId(), QStringLiteral("governance"));
    QVERIFY(governance->isVisible());
    QCOMPARE(governance->filterBox()->text(), QStringLiteral("dealer-00"));
    reward = window.page(QStringLiteral("reward"));
    QCOMPARE(reward->findChild<QDoubleSpinBox*>(QStringLiteral("deltaVisibility"))->value(), 7.25);
    // The rebuilt page fetches the spec again and sets its threshold from it: the analyst's stays.
    waitForEarlierRequests(client);
    QTRY_COMPARE_WITH_TIMEOUT(
        reward->findChild<QDoubleSpinBox*>(QStringLiteral("minRewardThreshold"))->value(), 3.5, kTimeoutMs);
    QTest::qWait(50);
    QCOMPARE(reward->findChild<QDoubleSpinBox*>(QStringLiteral("minRewardThreshold"))->value(), 3.5);
    QCOMPARE(window.findChild<TrustPages*>(), trust);
    QCOMPARE(connections.ids(), ids);
    QCOMPARE(connections.client(ids.last()), replayClient);
    QCOMPARE(connections.name(ids.last()), QStringLiteral("Replay of last month"));
    QCOMPARE(connections.name(ids.first()), QStringLiteral("Diese Konsole (eingebettet)"));
    QCOMPARE(client.connectionState(), OrchestratorClient::ConnectionState::Connected);
    QCOMPARE(window.geometry(), geometry);
    auto* connectionTable = window.page(QStringLiteral("connections"))
                                ->findChild<QAbstractItemView*>(QStringLiteral("connectionsTable"));
    QVERIFY(connectionTable);
    QCOMPARE(connectionTable->model()->rowCount(), 2);

    // Spanish, from the audit review with this console's trail open.
    window.showPage(QStringLiteral("audit"));
    auto* audit = qobject_cast<AuditPage*>(window.page(QStringLiteral("audit")));
    QVERIFY(audit);
    QTRY_COMPARE_WITH_TIMEOUT(audit->review()->sourceKind(), AuditReview::SourceKind::Directory, kTimeoutMs);
    const QString trail = audit->review()->sourcePath();
    chooseLanguage(window, QStringLiteral("es"));
    QCOMPARE(menuTitles(window),
             QStringList({ QStringLiteral("&Archivo"), QStringLiteral("&Ver"), QStringLiteral("Ay&uda") }));
    verifyUniqueMnemonics(QStringLiteral("menu bar"), window.menuBar()->actions());
    QCOMPARE(sidebarNames(window).mid(0, englishPages.size()),
             QStringList({ QStringLiteral("Estado"), QStringLiteral("Deriva"),
                           QStringLiteral("Simulador de recompensas"), QStringLiteral("Gobernanza"),
                           QStringLiteral("Especificación"), QStringLiteral("Aprobaciones"),
                           QStringLiteral("Revisión de auditoría"), QStringLiteral("Conexiones") }));
    QVERIFY(languageAction(window, QStringLiteral("es"))->isChecked());
    QVERIFY(groupTitles(window.page(QStringLiteral("status")))
                .contains(QStringLiteral("Configuración de telemetría")));
    QCOMPARE(window.currentPageId(), QStringLiteral("audit"));
    audit = qobject_cast<AuditPage*>(window.page(QStringLiteral("audit")));
    QVERIFY(audit && audit->isVisible());
    QCOMPARE(audit->review()->sourceKind(), AuditReview::SourceKind::Directory);
    QCOMPARE(audit->review()->sourcePath(), trail);
    QCOMPARE(qobject_cast<GovernancePage*>(window.page(QStringLiteral("governance")))->filterBox()->text(),
             QStringLiteral("dealer-00"));
    QCOMPARE(connections.ids(), ids);
    QCOMPARE(connections.client(ids.last()), replayClient);

    // And back to English.
    chooseLanguage(window, QStringLiteral("en"));
    QCOMPARE(menuTitles(window),
             QStringList({ QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help") }));
    verifyUniqueMnemonics(QStringLiteral("menu bar"), window.menuBar()->actions());
    QCOMPARE(sidebarNames(window).mid(0, englishPages.size()), englishPages);
    QVERIFY(groupTitles(window.page(QStringLiteral("reward"))).contains(QStringLiteral("Inputs")));
    QCOMPARE(connections.name(ids.first()), QStringLiteral("This console (embedded)"));
    QCOMPARE(window.currentPageId(), QStringLiteral("audit"));
    QCOMPARE(settings.language.value(), QStringLiteral("en"));
    QCOMPARE(client.connectionState(), OrchestratorClient::ConnectionState::Connected);
    QCOMPARE(connections.client(ids.last()), replayClient);
}

void TestLanguage::commandLineLanguage()
{
    if (!QFileInfo(consoleBinary()).isExecutable())
        QSKIP("orchestrator-console is not built");
    const auto run = [](const QStringList& arguments, const QProcessEnvironment& environment) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(consoleBinary(), arguments);
        const bool finished = process.waitForFinished(kTimeoutMs);
        return std::make_tuple(finished, process.exitCode(),
                               QString::fromUtf8(process.readAllStandardOutput()),
                               QString::fromUtf8(process.readAllStandardError()));
    };
    QProcessEnvironment english = QProcessEnvironment::systemEnvironment();
    english.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    english.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    english.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

    // --language for one run.
    auto [finished, code, out, err]
        = run({ QStringLiteral("--language"), QStringLiteral("de"), QStringLiteral("--help") }, english);
    QVERIFY(finished);
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(QStringLiteral("Autohäuser in der simulierten Flotte")), qPrintable(out));

    // The system's language by default.
    QProcessEnvironment spanish = english;
    spanish.insert(QStringLiteral("LANGUAGE"), QStringLiteral("es_ES:es"));
    spanish.insert(QStringLiteral("LC_ALL"), QStringLiteral("es_ES.UTF-8"));
    std::tie(finished, code, out, err) = run({ QStringLiteral("--help") }, spanish);
    QVERIFY(finished);
    QVERIFY2(out.contains(QStringLiteral("Concesionarios de la flota simulada")), qPrintable(out));
    std::tie(finished, code, out, err)
        = run({ QStringLiteral("--language=en"), QStringLiteral("--help") }, spanish);
    QVERIFY2(out.contains(QStringLiteral("Dealerships in the simulated fleet")), qPrintable(out));

    // An unknown language is a usage error that names the option and the value.
    std::tie(finished, code, out, err) = run({ QStringLiteral("--language"), QStringLiteral("fr") }, english);
    QVERIFY(finished);
    QCOMPARE(code, 2);
    QVERIFY2(err.contains(QStringLiteral("--language: expected one of system, en, de, es, got \"fr\"")),
             qPrintable(err));
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
