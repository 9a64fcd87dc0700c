#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace orch::ui {

class ApprovalsModel;
class CommentDialog;
class ConnectionManager;
class EmptyState;

// The approvals inbox: pending rollbacks and promotions from every connected orchestrator, each
// with its evidence (cause chain, error rate, drift, verification, votes, history). Approve and
// Refuse ask for a required comment and are shown only where the orchestrator says the analyst
// is an approver; the orchestrator records the decision in its audit trail with the analyst's
// identity.
class ApprovalsPage final : public QWidget
{
    Q_OBJECT
public:
    ApprovalsPage(ConnectionManager& connections, ApprovalsModel& model, QWidget* parent = nullptr);
    ~ApprovalsPage() override;

    ApprovalsModel& model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QTextBrowser* evidence() const { return m_evidence; }
    QPushButton* approveButton() const { return m_approve; }
    QPushButton* refuseButton() const { return m_refuse; }
    QLabel* sourcesLabel() const { return m_sources; }
    QLabel* messageLabel() const { return m_message; }
    QLabel* emptyStateLabel() const { return m_emptyState; }
    // The comment dialog while one is open.
    CommentDialog* commentDialog() const;

    // Opens the comment dialog for the selected approval.
    void decideSelected(bool approve);

Q_SIGNALS:
    // After the orchestrator answered a decision.
    void decided(bool ok, const QString& message);

private:
    void updateSources();
    void updateSelection();
    void showEvidence(int sourceRow);
    void submit(const QString& connectionId, qint64 rolloutId, bool approve, const QString& comment,
                const QString& requestHash);
    int selectedSourceRow() const;

    ConnectionManager& m_connections;
    ApprovalsModel& m_model;
    QSortFilterProxyModel* m_proxy;
    QLabel* m_sources = nullptr;
    QStackedWidget* m_body = nullptr;
    QLabel* m_emptyState = nullptr;
    QWidget* m_inbox = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_evidence = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_refuse = nullptr;
    QLabel* m_roleNote = nullptr;
    QLabel* m_message = nullptr;
    QPointer<CommentDialog> m_dialog;
};

} // namespace orch::ui
