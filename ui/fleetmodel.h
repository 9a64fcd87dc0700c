#pragma once

#include <map>
#include <optional>
#include <vector>

#include <QAbstractItemModel>
#include <QPointer>

#include "client/orchestratorclient.h"

namespace orch::ui {

class ApprovalsModel;
class ConnectionManager;

// How the shards of one sharded orchestrator look from the console: which shard each connected
// replica holds, and what is wrong (docs/sharding.md, "What the console shows").
struct ShardHealth
{
    int count = 0; // N (the largest the replicas report)
    int heldOnce = 0; // shards held by exactly one connected replica
    bool healthy = false; // every shard held exactly once, the replicas agree on N, no K twice
    QStringList problems; // "shard 2 is missing: no connected replica holds it", ...
    QStringList notes; // "shard 2 is taken over by EU 0" (healthy, but running on fewer replicas)
    QString summary; // "shards 3/3 healthy", "shards 2/3 held · shard 2 is missing: ..."
};

// One replica as the health computation sees it.
struct ShardReplica
{
    QString name; // the connection's name
    bool live = false; // connected, with a current shard status
    ShardStatus shard;
};
ShardHealth shardHealth(const std::vector<ShardReplica>& replicas);

// Every connection side by side: its connection state, the orchestrator's phase (from its live
// status), the analyst's role there, and how many approvals wait on the analyst. A phase is shown
// only while the orchestrator is connected: a lost one reads "unreachable", never its last phase.
//
// Connections to replicas of one sharded orchestratord (the same instance name and Redis, from
// whoami's "shard") are one top-level row, the orchestrator, whose children are the replicas: its
// Shards column says "shards 3/3 healthy", or what is wrong (a shard no connected replica holds, a
// shard held twice, replicas that disagree on N). Every other connection is a top-level row of its
// own without children. Rows are regrouped (a model reset) when a connection first reports a shard
// or is removed from a group; a replica that disconnects stays in its group, holding nothing.
class FleetModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        AddressColumn,
        ConnectionColumn,
        PhaseColumn,
        ShardsColumn,
        WaitingColumn,
        RoleColumn,
        AsOfColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles
    {
        ConnectionIdRole = Qt::UserRole + 1, // empty for a sharded orchestrator's row
        StateRole, // OrchestratorClient::ConnectionState as int; -1 without a client (a group: the best)
        PhaseRole, // "operational", ...; empty while unknown (a group: the worst of its replicas)
        WaitingRole, // int, or invalid while unknown (a group: the sum of what is known)
        ProblemRole, // why it is not connected (a group: its shard problems, one per line)
        IsGroupRole, // bool: the row of a sharded orchestrator
        ShardRole, // "1/3" for a replica, "3" (shards) for a group; empty when not sharded
        ShardHealthyRole, // bool, groups only
        ShardProblemsRole, // QStringList, groups only
    };
    Q_ENUM(Roles)

    FleetModel(ConnectionManager& connections, ApprovalsModel& approvals, QObject* parent = nullptr);
    ~FleetModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The top-level row of an ungrouped connection (-1 for a replica in a group: see indexOf).
    int rowOf(const QString& connectionId) const;
    // The row of any connection, top-level or a replica under its orchestrator.
    QModelIndex indexOf(const QString& connectionId) const;
    // The connection of a top-level row (empty for a group), or of any index.
    QString connectionId(int row) const;
    QString connectionId(const QModelIndex& index) const;

    // What a connection reports about its shard (whoami's "shard" while connected; nullopt: not
    // sharded). The model feeds it from the clients' capabilities; call it to feed one directly.
    void setShardStatus(const QString& connectionId, const std::optional<ShardStatus>& shard);

    static QString stateText(OrchestratorClient::ConnectionState state);

private:
    struct Row
    {
        QString id;
        QPointer<OrchestratorClient> client;
        std::optional<OrchestratorStatus> status;
        std::vector<QMetaObject::Connection> links;
        std::optional<ShardStatus> shard; // the last reported: groups the row even while disconnected
        bool shardLive = false; // reported while connected, and still connected
    };
    // A top-level row: one connection, or the replicas of one sharded orchestrator.
    struct Entry
    {
        QString group; // instance + Redis endpoint; empty for a single connection
        QStringList members; // connection ids (replicas by K)
        friend bool operator==(const Entry&, const Entry&) = default;
    };

    void addRow(const QString& id);
    void removeRow(const QString& id);
    void bind(Row& row);
    void changed(const QString& id);
    void regroup();
    std::vector<Entry> grouped() const;
    const Row* rowById(const QString& id) const;
    Row* rowById(const QString& id);
    // The connection row an index shows; null for a group's own row.
    const Row* rowAt(const QModelIndex& index) const;
    const Entry* groupAt(const QModelIndex& index) const;
    bool connected(const Row& row) const;
    QString problemOf(const Row& row) const;
    ShardHealth healthOf(const Entry& entry) const;
    QVariant rowData(const Row& row, int column, int role) const;
    QVariant groupData(const Entry& entry, int column, int role) const;

    ConnectionManager& m_connections;
    ApprovalsModel& m_approvals;
    std::vector<Row> m_rows; // every connection, in the manager's order
    std::vector<Entry> m_entries; // the top-level rows
};

} // namespace orch::ui
