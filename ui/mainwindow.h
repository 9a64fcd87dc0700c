#pragma once

#include <QList>
#include <QMainWindow>

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

// The console's shell: pages in a sidebar and a stack, the menus, the status bar, and the window
// geometry kept in the settings. The pages own their views; this class only wires them together.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(OrchestratorClient& client, ConsoleSettings& settings, QWidget* parent = nullptr);
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

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    struct Page
    {
        QString id;
        QWidget* widget;
        QAction* action;
    };

    void addPage(const QString& id, const QString& title, QWidget* widget);
    void createMenus();
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
    QMenu* m_viewMenu = nullptr;
    QActionGroup* m_pageActions;
    QAction* m_pauseAction = nullptr;
    QAction* m_exportImageAction = nullptr;
    QAction* m_exportDataAction = nullptr;
    QList<Page> m_pages;
};

} // namespace orch::ui
