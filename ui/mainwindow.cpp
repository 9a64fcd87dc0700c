#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStyledItemDelegate>

#include "chartexport.h"
#include "client/embeddedclient.h"
#include "driftpage.h"
#include "enginestatusbar.h"
#include "filedialogs.h"
#include "governancepage.h"
#include "rewardpage.h"
#include "settings.h"
#include "specpage.h"
#include "statuspage.h"
#include "trustpages.h"

namespace orch::ui {

namespace {

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
    static constexpr int kPadding = 12;
};

} // namespace

MainWindow::MainWindow(OrchestratorClient& client, ConsoleSettings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_embedded(qobject_cast<EmbeddedClient*>(&client))
    , m_settings(settings)
    , m_sidebar(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_statusBar(new EngineStatusBar(client, this))
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
    m_sidebar->setFixedWidth(180);
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
    // In sidebar order (Ctrl+1, Ctrl+2, ...). Approvals, audit review and connections join here.
    addPage(QStringLiteral("status"), tr("Status"), new StatusPage(m_client, m_stack));
    addPage(QStringLiteral("drift"), tr("Drift"), new DriftPage(m_client, m_stack));
    addPage(QStringLiteral("reward"), tr("Reward simulator"), new RewardPage(m_client, m_stack));
    addPage(QStringLiteral("governance"), tr("Governance"), new GovernancePage(m_client, m_stack));
    addPage(QStringLiteral("specification"), tr("Specification"), new SpecPage(m_client, m_stack));
    // Trust pages (approvals inbox, audit review, connections and the fleet view): ui/trustpages.h.
    auto* trust = new TrustPages(m_client, m_settings.storage(), this);
    addPage(QStringLiteral("approvals"), tr("Approvals"), trust->createApprovalsPage(m_stack));
    addPage(QStringLiteral("audit"), tr("Audit review"), trust->createAuditPage(m_stack));
    addPage(QStringLiteral("connections"), tr("Connections"), trust->createConnectionsPage(m_stack));

    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) { setCurrentPage(row); });
    restoreSettings();
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

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Autonomic Orchestrator"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { showAbout(); });
}

void MainWindow::addPage(const QString& id, const QString& title, QWidget* widget)
{
    const int index = int(m_pages.size());
    widget->setObjectName(id + QStringLiteral("Page"));
    m_stack->addWidget(widget);

    auto* item = new QListWidgetItem(title, m_sidebar);
    item->setData(Qt::UserRole, id);

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

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace orch::ui
