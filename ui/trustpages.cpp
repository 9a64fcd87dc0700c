#include "trustpages.h"

#include <QPointer>

#include "approvalsmodel.h"
#include "approvalspage.h"
#include "auditpage.h"
#include "client/embeddedclient.h"
#include "connectionmanager.h"
#include "connectionspage.h"
#include "connectiontokens.h"

namespace orch::ui {

TrustPages::TrustPages(OrchestratorClient& client, SettingsStorage& settings, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_settings(settings)
    , m_tokens(std::make_unique<ConnectionTokens>())
    , m_connections(std::make_unique<ConnectionManager>(settings, *m_tokens))
{
    retranslate();
    m_connections->loadSaved();
    m_approvals = std::make_unique<ApprovalsModel>(*m_connections);
}

void TrustPages::retranslate()
{
    m_connections->adoptClient(&m_client, qobject_cast<EmbeddedClient*>(&m_client) ? tr("This console (embedded)")
                                                                                    : m_client.displayName());
}

TrustPages::~TrustPages() = default;

QWidget* TrustPages::createApprovalsPage(QWidget* parent)
{
    return new ApprovalsPage(*m_connections, *m_approvals, parent);
}

QWidget* TrustPages::createConnectionsPage(QWidget* parent)
{
    auto* page = new ConnectionsPage(*m_connections, *m_approvals, parent);
    connect(page, &ConnectionsPage::openRequested, this, &TrustPages::openRequested);
    return page;
}

QWidget* TrustPages::createAuditPage(QWidget* parent)
{
    auto* page = new AuditPage(m_settings, parent);
    if (auto* embedded = qobject_cast<EmbeddedClient*>(&m_client)) {
        QPointer<AuditPage> guard(page);
        const auto offer = [guard, embedded] {
            if (guard && embedded->connectionState() == OrchestratorClient::ConnectionState::Connected)
                guard->setLocalTrail(embedded->dataDir());
        };
        connect(embedded, &OrchestratorClient::connectionStateChanged, page, offer);
        offer();
    }
    return page;
}

} // namespace orch::ui
