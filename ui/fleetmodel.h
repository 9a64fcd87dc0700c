#pragma once

#include <map>
#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QPointer>

#include "client/orchestratorclient.h"

namespace orch::ui {

class ApprovalsModel;
class ConnectionManager;

// Every connection side by side: its connection state, the orchestrator's phase (from its live
// status), the analyst's role there, and how many approvals wait on the analyst. A phase is shown
// only while the orchestrator is connected: a lost one reads "unreachable", never its last phase.
class FleetModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        AddressColumn,
        ConnectionColumn,
        PhaseColumn,
        WaitingColumn,
        RoleColumn,
        AsOfColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles
    {
        ConnectionIdRole = Qt::UserRole + 1,
        StateRole, // OrchestratorClient::ConnectionState as int; -1 without a client
        PhaseRole, // "operational", ...; empty while unknown
        WaitingRole, // int, or invalid while unknown
        ProblemRole, // why it is not connected
    };
    Q_ENUM(Roles)

    FleetModel(ConnectionManager& connections, ApprovalsModel& approvals, QObject* parent = nullptr);
    ~FleetModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString& connectionId) const;
    QString connectionId(int row) const;

    static QString stateText(OrchestratorClient::ConnectionState state);

private:
    struct Row
    {
        QString id;
        QPointer<OrchestratorClient> client;
        std::optional<OrchestratorStatus> status;
        std::vector<QMetaObject::Connection> links;
    };

    void addRow(const QString& id);
    void removeRow(const QString& id);
    void bind(Row& row);
    void changed(const QString& id);
    QString problemOf(const Row& row) const;

    ConnectionManager& m_connections;
    ApprovalsModel& m_approvals;
    std::vector<Row> m_rows;
};

} // namespace orch::ui
