#pragma once

#include <QList>
#include <QMainWindow>
#include <QPointer>

#include "client/orchestratorclient.h"

class QAction;
class QActionGroup;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace orch {
class EmbeddedClient;
}

namespace orch::ui {

class ChartExportable;
class ConsoleSettings;
class EngineStatusBar;
class LanguageController;
class TrustPages;

// The console's shell: pages in a sidebar and a stack, the menus, the status bar, and the window
// geometry kept in the settings. The pages own their views; this class only wires them together.
//
// A language switch (QEvent::LanguageChange, from LanguageController or any other translator
// change) rebuilds the pages and the menus from their code, so every text is the new language's,
// however the page made it; what lives outside the pages stays: the client, the connections and
// approvals (TrustPages), the status bar, the window's geometry. What the analyst typed or chose in
// a page (InputSnapshot), the current page, the audit trail or bundle opened and a policy replay
// run are carried over to the rebuilt page. Pointers to pages and menu actions do not survive it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(OrchestratorClient& client, ConsoleSettings& settings, QWidget* parent = nullptr);
    // With a Language submenu in the View menu that switches `language` (not owned).
    MainWindow(OrchestratorClient& client, ConsoleSettings& settings, LanguageController* language,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    // Page ids in sidebar order ("status", "drift", "reward", "governance", "specification").
    QStringList pageIds() const;
    QString currentPageId() const;
    QWidget* page(const QString& id) const;
    void showPage(const QString& id);

    EngineStatusBar* engineStatusBar() const { return m_statusBar; }
    QAction* pauseAction() const { return m_pauseAction; }
    QAction* exportChartAction() const { return m_exportImageAction; }
    QAction* exportDataAction() const { return m_exportDataAction; }

    // The orchestrator the Status, Drift, Reward simulator, Governance and Specification pages and
    // the status bar show: the window's own client until the analyst opens a connection on the
    // Connections page (Open), then that connection's; the own one again when it goes away.
    OrchestratorClient& shownClient() const { return m_shown ? *m_shown : m_client; }
    // Shows a connection (a ConnectionManager id) on those pages; false when it has no client.
    bool showConnection(const QString& connectionId);

    // How often the pages were rebuilt for a language switch.
    int retranslationCount() const { return m_retranslations; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Page
    {
        QString id;
        QWidget* widget;
        QAction* action;
    };

    void addPage(const QString& id, const QString& title, QWidget* widget);
    void createPages();
    // A new Status, Drift, Reward simulator, Governance or Specification page on shownClient();
    // nullptr for the other ids.
    QWidget* createClientPage(const QString& id);
    // Rebuilds those pages and the status bar for `client` (nullptr: the window's own).
    void showClient(OrchestratorClient* client);
    void followShownConnection(const QString& connectionId, bool removed);
    void createMenus();
    void createLanguageMenu();
    void fitSidebarWidth();
    void retranslate();
    void setCurrentPage(int index);
    void setSimulationPaused(bool paused);
    ChartExportable* currentExportable() const;
    void updateExportActions();
    void exportCurrentChart(bool data);
    void showAbout();
    void restoreSettings();
    void saveSettings();

    OrchestratorClient& m_client;
    EmbeddedClient* m_embedded; // null for a remote orchestrator: no simulation controls
    ConsoleSettings& m_settings;
    QListWidget* m_sidebar;
    QStackedWidget* m_stack;
    EngineStatusBar* m_statusBar;
    LanguageController* m_language = nullptr;
    TrustPages* m_trust = nullptr;
    QPointer<OrchestratorClient> m_shown; // null: m_client
    QString m_shownId; // the connection opened (empty: the window's own)
    bool m_retranslatePending = false;
    int m_retranslations = 0;
    QMenu* m_viewMenu = nullptr;
    QActionGroup* m_pageActions;
    QAction* m_pauseAction = nullptr;
    QAction* m_exportImageAction = nullptr;
    QAction* m_exportDataAction = nullptr;
    QList<Page> m_pages;
};

} // namespace orch::ui
