#pragma once

#include <chrono>

#include <QObject>
#include <QStringList>

#include "client/orchestratorclient.h"

class QTimer;

namespace orch::ui {

class MainWindow;

// `orchestrator-console --screenshot DIR`: waits until the orchestrator has warmed up and a few
// live statuses have arrived, then shows each page in turn and saves QWidget::grab() of the window
// as DIR/<page>.png. Reports through finished(); never blocks the event loop.
class ScreenshotTour final : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(OrchestratorClient& client, MainWindow& window, QString directory,
                   std::chrono::milliseconds timeout, QObject* parent = nullptr);

    // Live statuses to wait for after the warm-up.
    void setLiveStatuses(int count) { m_liveStatusesWanted = count; }
    void start();

    QStringList savedFiles() const { return m_saved; }

Q_SIGNALS:
    void finished(bool ok, const QString& message);

private:
    void handleWarmUp(int done, int total);
    void handleStatus();
    void handleConnectionState(OrchestratorClient::ConnectionState state);
    void handleTimeout();
    void beginCapture();
    void showNextPage();
    void grabCurrentPage();
    void finish(bool ok, const QString& message);

    OrchestratorClient& m_client;
    MainWindow& m_window;
    QString m_directory;
    std::chrono::milliseconds m_timeout;
    QTimer* m_deadline;
    bool m_warmedUp;
    int m_liveStatuses = 0;
    int m_liveStatusesWanted = 4;
    bool m_capturing = false;
    bool m_done = false;
    QStringList m_pending;
    QString m_currentPage;
    QStringList m_saved;
    QString m_lastError;
};

} // namespace orch::ui
