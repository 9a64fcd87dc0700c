#include "specpage.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <qcorotask.h>

#include "emptystate.h"
#include "specmodel.h"
#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

SpecPage::SpecPage(OrchestratorClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(new SpecModel(this))
{
    setAccessibleName(tr("Specification"));
    auto* layout = new QVBoxLayout(this);

    auto* title = new QLabel(tr("Specification"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);
    auto* subtitle = new QLabel(tr("The settings the orchestrator runs with. Keys are those of a spec "
                                   "document (<tt>--spec FILE</tt>)."),
                                this);
    subtitle->setWordWrap(true);
    theme::useSecondaryText(subtitle);
    layout->addWidget(subtitle);

    m_body = new QStackedWidget(this);
    m_emptyState = new EmptyState(m_body);
    m_body->addWidget(m_emptyState);

    m_tree = new QTreeView(m_body);
    m_tree->setObjectName(QStringLiteral("specTree"));
    m_tree->setAccessibleName(tr("Settings"));
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setSectionResizeMode(SpecModel::SettingColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_body->addWidget(m_tree);
    layout->addWidget(m_body, 1);

    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { handleConnectionState(state); });
    handleConnectionState(m_client.connectionState());
}

SpecPage::~SpecPage() = default;

void SpecPage::handleConnectionState(OrchestratorClient::ConnectionState state)
{
    using State = OrchestratorClient::ConnectionState;
    switch (state) {
    case State::Disconnected:
        showMessage(tr("Not connected"), tr("The console is not connected to an orchestrator."));
        break;
    case State::Connecting:
        showMessage(tr("Waiting for the orchestrator…"), tr("Starting %1.").arg(m_client.displayName()));
        break;
    case State::Connected:
        showMessage(tr("Loading the specification…"), {});
        QCoro::connect(m_client.fetchSpec(), this,
                       [this](const Result<OrchestratorSpec>& result) { applyFetchedSpec(result); });
        break;
    case State::Failed:
        showMessage(tr("The orchestrator is not available"),
                    tr("Connecting to %1 failed.").arg(m_client.displayName()));
        break;
    }
}

void SpecPage::applyFetchedSpec(const Result<OrchestratorSpec>& result)
{
    if (!result) {
        qCWarning(lcUi) << "fetching the spec failed:" << result.error();
        showMessage(tr("The specification could not be loaded"), result.error());
        return;
    }
    m_model->setSpec(*result);
    m_tree->expandAll();
    m_body->setCurrentWidget(m_tree);
}

void SpecPage::showMessage(const QString& title, const QString& detail)
{
    // A spec already shown stays: it does not change while the orchestrator runs.
    if (m_model->rowCount() > 0)
        return;
    m_emptyState->setMessage(title, detail);
    m_body->setCurrentWidget(m_emptyState);
}

} // namespace orch::ui
