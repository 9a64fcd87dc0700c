#pragma once

#include <QWidget>

#include "client/orchestratorclient.h"
#include "common/result.h"
#include "spec/orchestratorspec.h"

class QLabel;
class QStackedWidget;
class QTreeView;

namespace orch::ui {

class EmptyState;
class SpecModel;

// Every setting the orchestrator runs with (its spec), as a read-only tree.
class SpecPage final : public QWidget
{
    Q_OBJECT
public:
    explicit SpecPage(OrchestratorClient& client, QWidget* parent = nullptr);
    ~SpecPage() override;

    SpecModel* specModel() const { return m_model; }
    QTreeView* specTree() const { return m_tree; }

private:
    void handleConnectionState(OrchestratorClient::ConnectionState state);
    void applyFetchedSpec(const Result<OrchestratorSpec>& result);
    void showMessage(const QString& title, const QString& detail);

    OrchestratorClient& m_client;
    SpecModel* m_model;
    QStackedWidget* m_body = nullptr;
    EmptyState* m_emptyState = nullptr;
    QTreeView* m_tree = nullptr;
};

} // namespace orch::ui
