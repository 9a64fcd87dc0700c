#pragma once

#include <optional>

#include <QWidget>

#include "client/orchestratorclient.h"
#include "common/result.h"
#include "engine/status.h"
#include "spec/orchestratorspec.h"

class QLabel;
class QProgressBar;
class QStackedWidget;
class QTableView;

namespace orch::ui {

class ComponentDetails;
class ComponentStatusModel;
class EmptyState;
class PhaseBadge;

// SPEC.md's OrchestratorStatus view: the phase, the components, governance and the telemetry
// configuration. Follows the client's live statuses; shows an empty state before the first one
// and the client's errors.
class StatusPage final : public QWidget
{
    Q_OBJECT
public:
    enum class State
    {
        Waiting,
        Live,
        Error
    };
    Q_ENUM(State)

    explicit StatusPage(OrchestratorClient& client, QWidget* parent = nullptr);
    ~StatusPage() override;

    State state() const { return m_state; }
    QString phase() const;
    ComponentStatusModel* componentModel() const { return m_model; }
    QTableView* componentTable() const { return m_table; }
    ComponentDetails* componentDetails() const { return m_details; }

private:
    void handleConnectionState(OrchestratorClient::ConnectionState state);
    void requestSpec();
    void applyFetchedSpec(const Result<OrchestratorSpec>& result);
    void showStatus(const OrchestratorStatus& status);
    void showError(const QString& message);
    void showWaiting(const QString& title, const QString& detail, bool failed = false);
    void updateState();
    void updateGovernance();
    void updateTelemetry();
    void updateDetails();
    void selectFirstComponentIfNone();

    QWidget* createHeader();
    QWidget* createContent();
    QWidget* createGovernanceGroup();
    QWidget* createTelemetryGroup();

    OrchestratorClient& m_client;
    ComponentStatusModel* m_model;
    std::optional<OrchestratorStatus> m_status;
    std::optional<OrchestratorSpec> m_spec;
    QString m_specError;
    QString m_error;
    QString m_waitingTitle;
    QString m_waitingDetail;
    bool m_failed = false;
    // The status time the error was reported at: only a newer status clears it.
    TimeMs m_errorAsOf = 0;
    State m_state = State::Waiting;

    PhaseBadge* m_badge = nullptr;
    QLabel* m_asOf = nullptr;
    QStackedWidget* m_body = nullptr;
    EmptyState* m_emptyState = nullptr;
    QLabel* m_errorBanner = nullptr;
    QTableView* m_table = nullptr;
    ComponentDetails* m_details = nullptr;
    QLabel* m_apiCost = nullptr;
    QProgressBar* m_apiCostBar = nullptr;
    QLabel* m_rewardThreshold = nullptr;
    QLabel* m_rollback = nullptr;
    QLabel* m_metricsStore = nullptr;
    QLabel* m_audit = nullptr;
    QLabel* m_retention = nullptr;
};

} // namespace orch::ui
