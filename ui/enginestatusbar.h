#pragma once

#include <optional>

#include <QStatusBar>

#include "client/orchestratorclient.h"

class QLabel;
class QProgressBar;

namespace orch::ui {

// The main window's status bar: the connection to the orchestrator, the orchestrator's clock
// (simulated time in the embedded console) and, while the embedded core warms up, its progress.
class EngineStatusBar final : public QStatusBar
{
    Q_OBJECT
public:
    explicit EngineStatusBar(OrchestratorClient& client, QWidget* parent = nullptr);

    void setPaused(bool paused);

    QString connectionText() const;
    QString clockText() const;
    bool isWarmingUp() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showConnectionState(OrchestratorClient::ConnectionState state);
    void showClock(qint64 nowMs);
    void showWarmUp(int done, int total);
    void updateClock();

    OrchestratorClient& m_client;
    QLabel* m_connectionIcon;
    QLabel* m_connection;
    QLabel* m_warmUpLabel;
    QProgressBar* m_warmUp;
    QLabel* m_clock;
    std::optional<qint64> m_now;
    bool m_paused = false;
};

} // namespace orch::ui
