#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QStyledItemDelegate>

#include "auditpage.h"
#include "auditreview.h"
#include "chartexport.h"
#include "client/embeddedclient.h"
#include "connectionmanager.h"
#include "driftpage.h"
#include "enginestatusbar.h"
#include "filedialogs.h"
#include "governancepage.h"
#include "language.h"
#include "rewardpage.h"
#include "settings.h"
#include "specpage.h"
#include "statuspage.h"
#include "trustpages.h"

namespace orch::ui {

namespace {

constexpr int kSidebarWidth = 180; // at least
constexpr int kSidebarPadding = 12;

// Sidebar entries with room around the text; the selection still spans the whole row.
class SidebarDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QSize size = QStyledItemDelegate::sizeHint(option, index);
        return { size.width() + 2 * kPadding, size.height() + kPadding };
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);
        const bool selected = opt.state.testFlag(QStyle::State_Selected);
        style->drawItemText(painter, opt.rect.adjusted(kPadding, 0, -kPadding, 0),
                            Qt::AlignLeft | Qt::AlignVCenter, opt.palette,
                            opt.state.testFlag(QStyle::State_Enabled), opt.text,
                            selected ? QPalette::HighlightedText : QPalette::Text);
    }

private:
    static constexpr int kPadding = kSidebarPadding;
};

} // namespace

MainWindow::MainWindow(OrchestratorClient& client, ConsoleSettings& settings, QWidget* parent)
    : MainWindow(client, settings, nullptr, parent)
{ }

MainWindow::MainWindow(OrchestratorClient& client, ConsoleSettings& settings, LanguageController* language,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_embedded(qobject_cast<EmbeddedClient*>(&client))
    , m_settings(settings)
    , m_sidebar(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_statusBar(new EngineStatusBar(client, this))
    , m_language(language)
    , m_pageActions(new QActionGroup(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(m_client.displayName());
    setMinimumSize(800, 520);

    m_sidebar->setObjectName(QStringLiteral("pageList"));
    m_sidebar->setAccessibleName(tr("Pages"));
    m_sidebar->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sidebar->setUniformItemSizes(true);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setFixedWidth(kSidebarWidth);
    m_sidebar->setItemDelegate(new SidebarDelegate(m_sidebar));
    m_stack->setObjectName(QStringLiteral("pageStack"));

    auto* central = new QWidget(this);
    auto* row = new QHBoxLayout(central);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    row->addWidget(m_sidebar);
    row->addWidget(m_stack, 1);
    setCentralWidget(central);
    setStatusBar(m_statusBar);

    createMenus();
    // Trust pages (approvals inbox, audit review, connections and the fleet view): ui/trustpages.h.
    // Created once, after the page stack: the connections outlive the pages and their rebuilds.
    m_trust = new TrustPages(m_client, m_settings.storage(), this);
    createPages();
    connect(m_trust, &TrustPages::openRequested, this, [this](const QString& id) { showConnection(id); });
    connect(&m_trust->connections(), &ConnectionManager::connectionChanged, this,
            [this](const QString& id) { followShownConnection(id, false); });
    connect(&m_trust->connections(), &ConnectionManager::connectionRemoved, this,
            [this](const QString& id) { followShownConnection(id, true); });

    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) { setCurrentPage(row); });
    restoreSettings();
}

void MainWindow::createPages()
{
    // In sidebar order (Ctrl+1, Ctrl+2, ...).
    addPage(QStringLiteral("status"), tr("Status"), createClientPage(QStringLiteral("status")));
    addPage(QStringLiteral("drift"), tr("Drift"), createClientPage(QStringLiteral("drift")));
    addPage(QStringLiteral("reward"), tr("Reward simulator"), createClientPage(QStringLiteral("reward")));
    addPage(QStringLiteral("governance"), tr("Governance"), createClientPage(QStringLiteral("governance")));
    addPage(QStringLiteral("specification"), tr("Specification"),
            createClientPage(QStringLiteral("specification")));
    addPage(QStringLiteral("approvals"), tr("Approvals"), m_trust->createApprovalsPage(m_stack));
    addPage(QStringLiteral("audit"), tr("Audit review"), m_trust->createAuditPage(m_stack));
    addPage(QStringLiteral("connections"), tr("Connections"), m_trust->createConnectionsPage(m_stack));
}

QWidget* MainWindow::createClientPage(const QString& id)
{
    OrchestratorClient& client = shownClient();
    if (id == QLatin1String("status"))
        return new StatusPage(client, m_stack);
    if (id == QLatin1String("drift"))
        return new DriftPage(client, m_stack);
    if (id == QLatin1String("reward"))
        return new RewardPage(client, m_stack);
    if (id == QLatin1String("governance"))
        return new GovernancePage(client, m_stack);
    if (id == QLatin1String("specification"))
        return new SpecPage(client, m_stack);
    return nullptr;
}

bool MainWindow::showConnection(const QString& connectionId)
{
    const ConnectionManager& connections = m_trust->connections();
    OrchestratorClient* client = connections.client(connectionId);
    if (!client)
        return false;
    m_shownId = connections.isAdopted(connectionId) ? QString() : connectionId;
    showClient(client == &m_client ? nullptr : client);
    return true;
}

// The opened connection got a new client (edited), lost it or was removed: follow it, and never
// keep pages on a client that is about to be deleted.
void MainWindow::followShownConnection(const QString& connectionId, bool removed)
{
    if (m_shownId.isEmpty() || connectionId != m_shownId)
        return;
    OrchestratorClient* client = removed ? nullptr : m_trust->connections().client(connectionId);
    if (removed)
        m_shownId.clear();
    if (client != m_shown.data())
        showClient(client);
}

void MainWindow::showClient(OrchestratorClient* client)
{
    if (client == m_shown.data())
        return;
    m_shown = client;
    auto* bar = new EngineStatusBar(shownClient(), this);
    setStatusBar(bar); // deletes the old one
    m_statusBar = bar;
    if (m_embedded && &shownClient() == m_embedded && m_pauseAction && m_pauseAction->isChecked())
        m_statusBar->setPaused(true);
    setWindowTitle(shownClient().displayName());
    for (int i = 0; i < m_pages.size(); ++i) {
        QWidget* fresh = createClientPage(m_pages.at(i).id);
        if (!fresh)
            continue;
        QWidget* old = m_pages.at(i).widget;
        const bool current = m_stack->currentWidget() == old;
        fresh->setObjectName(old->objectName());
        m_stack->insertWidget(i, fresh);
        m_stack->removeWidget(old);
        m_pages[i].widget = fresh;
        if (current)
            m_stack->setCurrentWidget(fresh);
        delete old;
    }
    updateExportActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_exportImageAction = file->addAction(tr("&Export chart…"));
    m_exportImageAction->setObjectName(QStringLiteral("exportChartAction"));
    m_exportImageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportImageAction->setStatusTip(tr("Save the current page's chart as a PNG or SVG image"));
    connect(m_exportImageAction, &QAction::triggered, this, [this] { exportCurrentChart(false); });
    m_exportDataAction = file->addAction(tr("Export chart &data as CSV…"));
    m_exportDataAction->setObjectName(QStringLiteral("exportDataAction"));
    m_exportDataAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportDataAction->setStatusTip(tr("Save the data of the current page's chart as CSV"));
    connect(m_exportDataAction, &QAction::triggered, this, [this] { exportCurrentChart(true); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, [this] { close(); });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_pageActions->setExclusive(true);
    // Page actions go above this separator as pages are added.
    m_viewMenu->addSeparator();
    QAction* fullScreen = m_viewMenu->addAction(tr("&Full screen"));
    fullScreen->setObjectName(QStringLiteral("fullScreenAction"));
    fullScreen->setCheckable(true);
    fullScreen->setChecked(isFullScreen()); // rebuilt menus (a language switch) keep the state
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        if (on)
            showFullScreen();
        else
            showNormal();
    });
    m_pauseAction = m_viewMenu->addAction(tr("&Pause simulation"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_pauseAction->setEnabled(m_embedded != nullptr);
    m_pauseAction->setStatusTip(m_embedded ? tr("Stop or resume the simulated clock")
                                           : tr("Only an embedded orchestrator runs a simulation"));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) { setSimulationPaused(paused); });
    createLanguageMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Autonomic Orchestrator"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { showAbout(); });
}

void MainWindow::createLanguageMenu()
{
    if (!m_language)
        return;
    m_viewMenu->addSeparator();
    QMenu* menu = m_viewMenu->addMenu(tr("&Language"));
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(menu);
    group->setExclusive(true);
    const auto add = [&](const QString& choice, const QString& text) {
        QAction* action = menu->addAction(text);
        action->setObjectName(QStringLiteral("languageAction_") + choice);
        action->setCheckable(true);
        action->setChecked(m_language->choice() == choice);
        action->setData(choice);
        group->addAction(action);
        // The switch rebuilds this menu (later, from the event loop: not under its own trigger).
        connect(action, &QAction::triggered, this, [this, choice] { m_language->choose(choice); });
    };
    const QString system = LanguageController::systemChoice();
    add(system, tr("&System language (%1)")
                    .arg(LanguageController::nativeName(LanguageController::resolve(system))));
    menu->addSeparator();
    // Each language in its own name, whatever the current one: whoever cannot read it still finds theirs.
    add(QStringLiteral("en"), QStringLiteral("E&nglish"));
    add(QStringLiteral("de"), QStringLiteral("&Deutsch"));
    add(QStringLiteral("es"), QStringLiteral("&Español"));
}

void MainWindow::addPage(const QString& id, const QString& title, QWidget* widget)
{
    const int index = int(m_pages.size());
    widget->setObjectName(id + QStringLiteral("Page"));
    m_stack->addWidget(widget);

    auto* item = new QListWidgetItem(title, m_sidebar);
    item->setData(Qt::UserRole, id);
    fitSidebarWidth();

    auto* action = new QAction(title, this);
    m_pageActions->addAction(action);
    action->setObjectName(id + QStringLiteral("PageAction"));
    action->setCheckable(true);
    if (index < 9)
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    action->setStatusTip(tr("Show the %1 page").arg(title));
    m_viewMenu->insertAction(m_viewMenu->actions().at(index), action);
    connect(action, &QAction::triggered, this, [this, index] { setCurrentPage(index); });

    m_pages.append({ id, widget, action });
    if (index == 0)
        setCurrentPage(0);
}

// Wide enough for the longest page name in the current language ("Simulador de recompensas").
void MainWindow::fitSidebarWidth()
{
    const QFontMetrics metrics(m_sidebar->font());
    int widest = 0;
    for (int row = 0; row < m_sidebar->count(); ++row)
        widest = std::max(widest, metrics.horizontalAdvance(m_sidebar->item(row)->text()));
    m_sidebar->setFixedWidth(std::max(kSidebarWidth, widest + 2 * kSidebarPadding + m_sidebar->frameWidth() * 2 + 4));
}

QStringList MainWindow::pageIds() const
{
    QStringList ids;
    for (const Page& page : m_pages)
        ids << page.id;
    return ids;
}

QString MainWindow::currentPageId() const
{
    const int index = m_stack->currentIndex();
    return index >= 0 && index < m_pages.size() ? m_pages.at(index).id : QString();
}

QWidget* MainWindow::page(const QString& id) const
{
    for (const Page& page : m_pages) {
        if (page.id == id)
            return page.widget;
    }
    return nullptr;
}

void MainWindow::showPage(const QString& id)
{
    for (int i = 0; i < m_pages.size(); ++i) {
        if (m_pages.at(i).id == id) {
            setCurrentPage(i);
            return;
        }
    }
}

void MainWindow::setCurrentPage(int index)
{
    if (index < 0 || index >= m_pages.size())
        return;
    m_stack->setCurrentIndex(index);
    m_pages.at(index).action->setChecked(true);
    updateExportActions();
    if (m_sidebar->currentRow() != index)
        m_sidebar->setCurrentRow(index);
}

ChartExportable* MainWindow::currentExportable() const
{
    return dynamic_cast<ChartExportable*>(m_stack->currentWidget());
}

void MainWindow::updateExportActions()
{
    if (!m_exportImageAction)
        return;
    // Enabled on pages with a chart; whether it has data is checked when asked (the data arrives
    // after the page is shown).
    const bool can = currentExportable() != nullptr;
    m_exportImageAction->setEnabled(can);
    m_exportDataAction->setEnabled(can);
}

void MainWindow::exportCurrentChart(bool data)
{
    ChartExportable* page = currentExportable();
    if (!page)
        return;
    if (!page->canExportChart()) {
        m_statusBar->showMessage(tr("This page has no chart data to export yet."), 4000);
        return;
    }
    QWidget* widget = m_stack->currentWidget();
    if (data) {
        saveFileAsync(this, tr("Export the chart's data"), page->exportBaseName() + QStringLiteral(".csv"),
                      tr("CSV files (*.csv)"), [this, widget](const QString& path) {
                          if (auto* p = dynamic_cast<ChartExportable*>(widget); p && m_stack->indexOf(widget) >= 0)
                              reportFuture(this, p->exportChartData(path));
                      });
    } else {
        saveFileAsync(this, tr("Export the chart"), page->exportBaseName() + QStringLiteral(".png"),
                      tr("PNG images (*.png);;SVG images (*.svg)"), [this, widget](const QString& path) {
                          if (auto* p = dynamic_cast<ChartExportable*>(widget); p && m_stack->indexOf(widget) >= 0)
                              reportStatus(this, p->exportChartImage(path));
                      });
    }
}

void MainWindow::setSimulationPaused(bool paused)
{
    if (!m_embedded)
        return;
    m_embedded->setPaused(paused);
    if (&shownClient() == m_embedded) // the bar shows another orchestrator's clock while one is opened
        m_statusBar->setPaused(paused);
}

void MainWindow::showAbout()
{
    // Window-modal but not exec(): the GUI thread keeps its one event loop.
    auto* box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About Autonomic Orchestrator"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setTextFormat(Qt::RichText);
    box->setText(tr("<h3>Autonomic Orchestrator %1</h3>"
                    "<p>Drift detection, adaptive learning and canary rollout for the AI-visibility "
                    "metrics (AIV, ATI, CRS) of a fleet of dealerships.</p>"
                    "<p>Connected to: %2</p>")
                     .arg(QApplication::applicationVersion(), m_client.displayName().toHtmlEscaped()));
    box->open();
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = m_settings.mainWindowGeometry;
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1120, 700);
    const QByteArray state = m_settings.mainWindowState;
    if (!state.isEmpty())
        restoreState(state);
    showPage(m_settings.currentPage);
}

void MainWindow::saveSettings()
{
    m_settings.mainWindowGeometry = saveGeometry();
    m_settings.mainWindowState = saveState();
    m_settings.currentPage = currentPageId();
    m_settings.storage().sync();
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    // A switch removes and installs several translators, each with its own event: one rebuild.
    if (event->type() == QEvent::LanguageChange && !m_pages.isEmpty() && !m_retranslatePending) {
        m_retranslatePending = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_retranslatePending = false;
                retranslate();
            },
            Qt::QueuedConnection);
    }
}

// Rebuilding rather than retranslating in place: every text a page shows comes from the code that
// builds it (labels, tooltips, headers, empty states, chart titles, texts composed from data), so
// a rebuild is right for all of them, including strings added later, without a retranslate method
// per widget to keep in step. What would be lost is carried: see the class comment.
void MainWindow::retranslate()
{
    ++m_retranslations;
    const QString current = currentPageId();
    const bool paused = m_pauseAction && m_pauseAction->isChecked();

    QHash<QString, InputSnapshot> inputs;
    for (const Page& page : std::as_const(m_pages))
        inputs.insert(page.id, InputSnapshot::capture(page.widget));
    AuditReview::SourceKind auditKind = AuditReview::SourceKind::None;
    QString auditPath;
    QString auditKey;
    if (auto* audit = qobject_cast<AuditPage*>(page(QStringLiteral("audit")))) {
        auditKind = audit->review()->sourceKind();
        auditPath = audit->review()->sourcePath();
        auditKey = audit->review()->publicKeyPath();
    }
    bool replayed = false;
    if (auto* reward = qobject_cast<RewardPage*>(page(QStringLiteral("reward")))) {
        using State = RewardPage::ReplayState;
        const State state = reward->replayState();
        replayed = state == State::Running || state == State::Done || state == State::Refused;
    }

    // Down: the pages with their page actions, and the menus.
    {
        const QSignalBlocker block(m_sidebar);
        m_sidebar->clear();
    }
    for (const Page& page : std::as_const(m_pages)) {
        m_stack->removeWidget(page.widget);
        delete page.action;
        delete page.widget;
    }
    m_pages.clear();
    setMenuBar(new QMenuBar(this)); // the old one goes, with its menus and actions
    m_viewMenu = nullptr;
    m_pauseAction = m_exportImageAction = m_exportDataAction = nullptr;

    // Up again, in the new language, with what the analyst had.
    setWindowTitle(shownClient().displayName());
    m_sidebar->setAccessibleName(tr("Pages"));
    m_trust->retranslate();
    createMenus();
    createPages();
    if (paused)
        m_pauseAction->setChecked(true);
    for (const Page& page : std::as_const(m_pages))
        inputs.value(page.id).restore(page.widget);
    if (auto* audit = qobject_cast<AuditPage*>(page(QStringLiteral("audit")))) {
        Status reopened = success();
        if (auditKind == AuditReview::SourceKind::Directory)
            reopened = audit->openDirectory(auditPath);
        else if (auditKind == AuditReview::SourceKind::Bundle)
            reopened = audit->openBundle(auditPath, auditKey);
        if (!reopened)
            m_statusBar->showMessage(reopened.error(), 8000);
    }
    if (auto* reward = qobject_cast<RewardPage*>(page(QStringLiteral("reward"))); reward && replayed)
        reward->startReplay();
    showPage(current);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace orch::ui
