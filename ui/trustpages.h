#pragma once

#include <memory>

#include <QObject>

class QWidget;

namespace orch {
class OrchestratorClient;
}

namespace orch::ui {

class ApprovalsModel;
class AuditPage;
class ConnectionManager;
class ConnectionTokens;
class SettingsStorage;

// What the approvals inbox, the connections page and the audit review share in a main window:
// the token store, the connection manager (the window's own client first, then the saved
// connections, whose clients it owns) and the approvals of all of them. Create it as a child of
// the window, after the page stack, so the pages are deleted before it.
class TrustPages final : public QObject
{
    Q_OBJECT
public:
    TrustPages(OrchestratorClient& client, SettingsStorage& settings, QObject* parent = nullptr);
    ~TrustPages() override;

    ConnectionManager& connections() { return *m_connections; }
    ApprovalsModel& approvals() { return *m_approvals; }

    QWidget* createApprovalsPage(QWidget* parent);
    // Its Open button asks, through openRequested(), for a connection to be shown.
    QWidget* createConnectionsPage(QWidget* parent);
    // Offers (and first opens) the embedded orchestrator's own trail once it runs.
    QWidget* createAuditPage(QWidget* parent);
    // After a language switch: the window's own connection is named in the new language.
    void retranslate();

Q_SIGNALS:
    void openRequested(const QString& connectionId);

private:
    OrchestratorClient& m_client;
    SettingsStorage& m_settings;
    // Destroyed bottom-up: the approvals before the connections before the tokens.
    std::unique_ptr<ConnectionTokens> m_tokens;
    std::unique_ptr<ConnectionManager> m_connections;
    std::unique_ptr<ApprovalsModel> m_approvals;
};

} // namespace orch::ui
