#pragma once

#include <map>
#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QPointer>

#include "client/orchestratorclient.h"

class QTimer;

namespace orch::ui {

class ConnectionManager;

// Everything waiting on the analyst across every connected orchestrator: the pending rollbacks
// and promotions of each, one row per approval, fetched when a client connects, when it
// announces rollout or approval events, and every half minute. An orchestrator that is not
// reachable contributes no rows (nothing stale is shown as pending) and reports why through
// sourceError().
class ApprovalsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        OrchestratorColumn,
        RolloutColumn,
        PendingColumn,
        RequestedColumn,
        ErrorRateColumn,
        DriftColumn,
        VerificationColumn,
        ReasonColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles
    {
        ConnectionIdRole = Qt::UserRole + 1,
        RolloutIdRole,
        PendingRole, // "rollback" or "promote"
        CanApproveRole, // the client's role allows deciding
        SortRole,
    };
    Q_ENUM(Roles)

    explicit ApprovalsModel(ConnectionManager& connections, QObject* parent = nullptr);
    ~ApprovalsModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Approval* approval(int row) const;
    QString connectionId(int row) const;
    int rowOf(const QString& connectionId, qint64 rolloutId) const;

    // Pending approvals of a connection; nullopt while unknown (not reachable, not fetched yet).
    std::optional<int> pendingCount(const QString& connectionId) const;
    // Why a connection's approvals are not known (empty when they are).
    QString sourceError(const QString& connectionId) const;
    bool auditAvailable(const QString& connectionId) const;

    // Fetches a connection's approvals again (all connections when empty).
    void refresh(const QString& connectionId = {});

Q_SIGNALS:
    // A connection's count, reachability or error changed.
    void sourceChanged(const QString& connectionId);
    // A fetch finished (tests wait for it).
    void refreshed(const QString& connectionId);

private:
    struct Row
    {
        QString connectionId;
        Approval approval;
    };
    struct Source
    {
        QPointer<OrchestratorClient> client;
        std::optional<int> pending;
        QString error;
        bool auditAvailable = false;
        bool fetching = false;
        bool again = false; // another refresh was asked for while fetching
        std::vector<QMetaObject::Connection> links;
    };

    void attach(const QString& id);
    void detach(const QString& id);
    void fetch(const QString& id);
    void apply(const QString& id, const Result<ApprovalList>& result);
    void replaceRows(const QString& id, std::vector<Approval> approvals);
    void setUnavailable(const QString& id, const QString& why);

    ConnectionManager& m_connections;
    std::vector<Row> m_rows;
    std::map<QString, Source> m_sources;
    QTimer* m_timer;
};

} // namespace orch::ui
