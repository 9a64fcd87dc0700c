#include "fleetmodel.h"

#include <algorithm>
#include <set>

#include <QBrush>

#include "approvalsmodel.h"
#include "connectionmanager.h"
#include "theme.h"

namespace orch::ui {

namespace {

// Top-level rows have internal id 0; a replica under a group has its entry's index + 1.
constexpr quintptr kTopLevel = 0;

QString shardList(const std::vector<int>& shards)
{
    QStringList out;
    for (int s : shards)
        out << QString::number(s);
    return out.join(QStringLiteral(", "));
}

QString nameList(const QStringList& names)
{
    if (names.size() <= 1)
        return names.join(QString());
    return FleetModel::tr("%1 and %2")
        .arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.last());
}

int phaseRank(const QString& phase)
{
    if (phase == QLatin1String("degraded"))
        return 3;
    if (phase == QLatin1String("initializing"))
        return 2;
    if (phase == QLatin1String("operational"))
        return 1;
    return phase.isEmpty() ? 0 : 2;
}

} // namespace

ShardHealth shardHealth(const std::vector<ShardReplica>& replicas)
{
    ShardHealth h;
    std::set<int> counts;
    for (const ShardReplica& r : replicas)
        counts.insert(r.shard.count);
    h.count = counts.empty() ? 0 : *counts.rbegin();
    if (counts.size() > 1) {
        QStringList list;
        for (int c : counts)
            list << QString::number(c);
        h.problems << FleetModel::tr("the replicas disagree on the number of shards (%1)")
                          .arg(list.join(QStringLiteral(", ")));
    }
    std::map<int, QStringList> holders;
    std::map<int, QStringList> homes;
    for (const ShardReplica& r : replicas) {
        if (!r.live)
            continue;
        homes[r.shard.index] << r.name;
        for (int s : r.shard.held)
            holders[s] << r.name;
    }
    for (const auto& [k, names] : homes) {
        if (names.size() > 1)
            h.problems << FleetModel::tr("%1 are all configured as replica %2").arg(nameList(names)).arg(k);
    }
    std::vector<int> missing;
    for (int s = 0; s < h.count; ++s) {
        const QStringList names = holders[s];
        if (names.isEmpty()) {
            missing.push_back(s);
        } else if (names.size() > 1) {
            h.problems << FleetModel::tr("shard %1 is held twice: by %2").arg(s).arg(nameList(names));
        } else {
            ++h.heldOnce;
            for (const ShardReplica& r : replicas) {
                if (r.live && r.name == names.front() && r.shard.index != s)
                    h.notes << FleetModel::tr("shard %1 is taken over by %2").arg(s).arg(names.front());
            }
        }
    }
    if (!missing.empty())
        h.problems.prepend(
            missing.size() == 1
                ? FleetModel::tr("shard %1 is missing: no connected replica holds it").arg(missing.front())
                : FleetModel::tr("shards %1 are missing: no connected replica holds them")
                      .arg(shardList(missing)));
    h.healthy = h.problems.isEmpty() && h.count > 0 && h.heldOnce == h.count;
    h.summary = h.healthy ? FleetModel::tr("shards %1/%2 healthy").arg(h.heldOnce).arg(h.count)
                          : FleetModel::tr("shards %1/%2 held · %3")
                                .arg(h.heldOnce)
                                .arg(h.count)
                                .arg(h.problems.value(0, FleetModel::tr("no replica connected")));
    return h;
}

FleetModel::FleetModel(ConnectionManager& connections, ApprovalsModel& approvals, QObject* parent)
    : QAbstractItemModel(parent)
    , m_connections(connections)
    , m_approvals(approvals)
{
    connect(&m_connections, &ConnectionManager::connectionAdded, this,
            [this](const QString& id) { addRow(id); });
    connect(&m_connections, &ConnectionManager::connectionRemoved, this,
            [this](const QString& id) { removeRow(id); });
    connect(&m_connections, &ConnectionManager::connectionChanged, this, [this](const QString& id) {
        Row* row = rowById(id);
        if (!row)
            return;
        if (row->client != m_connections.client(id)) {
            bind(*row);
            regroup();
        }
        changed(id);
    });
    connect(&m_approvals, &ApprovalsModel::sourceChanged, this, [this](const QString& id) { changed(id); });
    for (const QString& id : m_connections.ids())
        addRow(id);
}

FleetModel::~FleetModel() = default;

QString FleetModel::stateText(OrchestratorClient::ConnectionState state)
{
    using State = OrchestratorClient::ConnectionState;
    switch (state) {
    case State::Disconnected:
        return tr("not connected");
    case State::Connecting:
        return tr("connecting…");
    case State::Connected:
        return tr("connected");
    case State::Failed:
        return tr("unreachable");
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Rows and groups.

FleetModel::Row* FleetModel::rowById(const QString& id)
{
    for (Row& r : m_rows) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

const FleetModel::Row* FleetModel::rowById(const QString& id) const
{
    return const_cast<FleetModel*>(this)->rowById(id);
}

void FleetModel::addRow(const QString& id)
{
    if (rowById(id))
        return;
    m_rows.push_back(Row { id, nullptr, std::nullopt, {}, std::nullopt, false });
    bind(m_rows.back());
    // A new connection has reported no shard yet: a top-level row of its own, at the end.
    const int at = int(m_entries.size());
    beginInsertRows({}, at, at);
    m_entries.push_back(Entry { QString(), { id } });
    endInsertRows();
    regroup(); // an adopted client may already know its shard
}

void FleetModel::removeRow(const QString& id)
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row& r) { return r.id == id; });
    if (it == m_rows.end())
        return;
    for (const auto& link : it->links)
        disconnect(link);
    const int entry = rowOf(id);
    if (entry >= 0) {
        beginRemoveRows({}, entry, entry);
        m_rows.erase(it);
        m_entries.erase(m_entries.begin() + entry);
        endRemoveRows();
        return;
    }
    beginResetModel();
    m_rows.erase(it);
    m_entries = grouped();
    endResetModel();
}

void FleetModel::bind(Row& row)
{
    for (const auto& link : row.links)
        disconnect(link);
    row.links.clear();
    row.status.reset();
    row.shard.reset();
    row.shardLive = false;
    row.client = m_connections.client(row.id);
    if (!row.client)
        return;
    const QString id = row.id;
    row.links.push_back(connect(row.client, &OrchestratorClient::statusAvailable, this,
                                [this, id](const OrchestratorStatus& status) {
                                    Row* r = rowById(id);
                                    if (!r)
                                        return;
                                    r->status = status;
                                    changed(id);
                                }));
    row.links.push_back(connect(row.client, &OrchestratorClient::connectionStateChanged, this,
                                [this, id](OrchestratorClient::ConnectionState state) {
                                    Row* r = rowById(id);
                                    if (!r)
                                        return;
                                    if (state != OrchestratorClient::ConnectionState::Connected) {
                                        r->status.reset(); // never show a lost phase as live
                                        r->shardLive = false; // nor the shards it held
                                    } else if (r->client && r->client->capabilities().shard) {
                                        // Reconnected: capabilitiesChanged follows only if they
                                        // changed, so take the shard as the client knows it.
                                        return setShardStatus(id, r->client->capabilities().shard);
                                    }
                                    changed(id);
                                }));
    row.links.push_back(connect(row.client, &OrchestratorClient::capabilitiesChanged, this,
                                [this, id](const Capabilities& capabilities) {
                                    Row* r = rowById(id);
                                    if (!r || !r->client
                                        || r->client->connectionState()
                                            != OrchestratorClient::ConnectionState::Connected)
                                        return changed(id);
                                    setShardStatus(id, capabilities.shard);
                                }));
    row.links.push_back(
        connect(row.client, &OrchestratorClient::retryScheduled, this, [this, id] { changed(id); }));
    if (row.client->connectionState() == OrchestratorClient::ConnectionState::Connected
        && row.client->capabilities().shard) {
        row.shard = row.client->capabilities().shard;
        row.shardLive = true;
    }
}

void FleetModel::setShardStatus(const QString& connectionId, const std::optional<ShardStatus>& shard)
{
    Row* row = rowById(connectionId);
    if (!row)
        return;
    row->shard = shard;
    row->shardLive = shard.has_value();
    regroup();
    changed(connectionId);
}

std::vector<FleetModel::Entry> FleetModel::grouped() const
{
    std::vector<Entry> out;
    std::map<QString, std::size_t> groups;
    for (const Row& r : m_rows) {
        if (!r.shard) {
            out.push_back(Entry { QString(), { r.id } });
            continue;
        }
        const QString key = r.shard->instance + u'\n' + r.shard->redis;
        const auto [it, added] = groups.try_emplace(key, out.size());
        if (added)
            out.push_back(Entry { key, {} });
        out[it->second].members << r.id;
    }
    for (Entry& e : out) {
        if (e.group.isEmpty())
            continue;
        std::stable_sort(e.members.begin(), e.members.end(), [this](const QString& a, const QString& b) {
            return rowById(a)->shard->index < rowById(b)->shard->index;
        });
    }
    return out;
}

void FleetModel::regroup()
{
    std::vector<Entry> entries = grouped();
    if (entries == m_entries)
        return;
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void FleetModel::changed(const QString& id)
{
    const QModelIndex at = indexOf(id);
    if (!at.isValid())
        return;
    Q_EMIT dataChanged(at, at.siblingAtColumn(ColumnCount - 1));
    const QModelIndex group = at.parent();
    if (group.isValid())
        Q_EMIT dataChanged(group, group.siblingAtColumn(ColumnCount - 1));
}

int FleetModel::rowOf(const QString& connectionId) const
{
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].group.isEmpty() && m_entries[i].members.value(0) == connectionId)
            return int(i);
    }
    return -1;
}

QModelIndex FleetModel::indexOf(const QString& connectionId) const
{
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries[i];
        const qsizetype at = e.members.indexOf(connectionId);
        if (at < 0)
            continue;
        if (e.group.isEmpty())
            return createIndex(int(i), 0, kTopLevel);
        return createIndex(int(at), 0, quintptr(i + 1));
    }
    return {};
}

QString FleetModel::connectionId(int row) const
{
    if (row < 0 || row >= int(m_entries.size()) || !m_entries[std::size_t(row)].group.isEmpty())
        return {};
    return m_entries[std::size_t(row)].members.value(0);
}

QString FleetModel::connectionId(const QModelIndex& index) const
{
    const Row* row = rowAt(index);
    return row ? row->id : QString();
}

const FleetModel::Row* FleetModel::rowAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    if (index.internalId() == kTopLevel) {
        if (index.row() < 0 || index.row() >= int(m_entries.size()))
            return nullptr;
        const Entry& e = m_entries[std::size_t(index.row())];
        return e.group.isEmpty() ? rowById(e.members.value(0)) : nullptr;
    }
    const std::size_t entry = std::size_t(index.internalId() - 1);
    if (entry >= m_entries.size())
        return nullptr;
    return rowById(m_entries[entry].members.value(index.row()));
}

const FleetModel::Entry* FleetModel::groupAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() != kTopLevel || index.row() < 0
        || index.row() >= int(m_entries.size()))
        return nullptr;
    const Entry& e = m_entries[std::size_t(index.row())];
    return e.group.isEmpty() ? nullptr : &e;
}

// ---------------------------------------------------------------------------------------------
// The item model.

QModelIndex FleetModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_entries.size()) ? createIndex(row, column, kTopLevel) : QModelIndex();
    const Entry* group = groupAt(parent);
    if (!group || parent.column() != 0 || row >= group->members.size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex FleetModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int FleetModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.column() != 0)
        return 0;
    const Entry* group = groupAt(parent);
    return group ? int(group->members.size()) : 0;
}

int FleetModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool FleetModel::connected(const Row& row) const
{
    return row.client && row.client->connectionState() == OrchestratorClient::ConnectionState::Connected;
}

QString FleetModel::problemOf(const Row& row) const
{
    if (!row.client)
        return m_connections.problem(row.id);
    if (row.client->connectionState() == OrchestratorClient::ConnectionState::Connected)
        return m_connections.problem(row.id); // e.g. a token kept for this session only
    const QString error = row.client->connectionError();
    return error.isEmpty() ? m_connections.problem(row.id) : error;
}

ShardHealth FleetModel::healthOf(const Entry& entry) const
{
    std::vector<ShardReplica> replicas;
    for (const QString& id : entry.members) {
        const Row* r = rowById(id);
        if (!r || !r->shard)
            continue;
        // Live: reported while connected, and not disconnected since (bind()).
        replicas.push_back(ShardReplica { m_connections.name(id), r->shardLive, *r->shard });
    }
    return shardHealth(replicas);
}

QVariant FleetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const Entry* group = groupAt(index))
        return groupData(*group, index.column(), role);
    if (const Row* row = rowAt(index))
        return rowData(*row, index.column(), role);
    return {};
}

QVariant FleetModel::rowData(const Row& row, int column, int role) const
{
    const OrchestratorClient* client = row.client;
    const bool live = connected(row);
    // -1 while unknown (a plain int: GCC 12 warns of a maybe-uninitialized std::optional<int> here).
    const int waiting = live ? m_approvals.pendingCount(row.id).value_or(-1) : -1;
    const bool shardLive = row.shardLive && row.shard.has_value();
    switch (role) {
    case ConnectionIdRole:
        return row.id;
    case StateRole:
        return client ? int(client->connectionState()) : -1;
    case PhaseRole:
        return live && row.status ? row.status->phase : QString();
    case WaitingRole:
        return waiting >= 0 ? QVariant(waiting) : QVariant();
    case ProblemRole:
        return problemOf(row);
    case IsGroupRole:
        return false;
    case ShardRole:
        return row.shard ? row.shard->assignment() : QString();
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return m_connections.name(row.id);
        case AddressColumn:
            return m_connections.address(row.id);
        case ConnectionColumn:
            return client ? stateText(client->connectionState()) : tr("unavailable");
        case PhaseColumn:
            return live && row.status ? row.status->phase : (live ? tr("waiting for status") : tr("—"));
        case ShardsColumn:
            if (!row.shard)
                return QString();
            if (!shardLive)
                return tr("shard %1 · not connected").arg(row.shard->assignment());
            return row.shard->held.empty()
                ? tr("shard %1 · holds none").arg(row.shard->assignment())
                : tr("shard %1 · holds %2 · %n dealer(s)", nullptr, int(row.shard->handledDealers))
                      .arg(row.shard->assignment(), shardList(row.shard->held));
        case WaitingColumn:
            return waiting >= 0 ? QVariant(waiting) : QVariant(tr("—"));
        case RoleColumn:
            return live ? accessRoleName(client->capabilities().role) : QString();
        case AsOfColumn:
            return live && row.status ? formatIso(row.status->asOf) : QString();
        }
        return {};
    case Qt::ToolTipRole: {
        const QString problem = problemOf(row);
        return problem.isEmpty() ? QVariant() : QVariant(problem);
    }
    case Qt::ForegroundRole:
        if (column == ConnectionColumn) {
            if (!client || client->connectionState() == OrchestratorClient::ConnectionState::Failed)
                return QBrush(theme::critical());
            if (!live)
                return QBrush(theme::idle());
        }
        if (column == PhaseColumn && live && row.status) {
            if (row.status->phase == QStringLiteral("degraded"))
                return QBrush(theme::warning());
            if (row.status->phase == QStringLiteral("operational"))
                return QBrush(theme::ok());
        }
        if (column == ShardsColumn && row.shard && !shardLive)
            return QBrush(theme::idle());
        if (column == WaitingColumn && waiting > 0)
            return QBrush(theme::warning());
        return {};
    default:
        return {};
    }
}

QVariant FleetModel::groupData(const Entry& entry, int column, int role) const
{
    std::vector<const Row*> members;
    for (const QString& id : entry.members) {
        if (const Row* r = rowById(id))
            members.push_back(r);
    }
    const ShardStatus* any = nullptr;
    int live = 0;
    int bestState = -1;
    QString phase;
    int waiting = -1; // the sum of what is known; -1 while nothing is
    std::set<QString> roles;
    std::optional<TimeMs> asOf;
    for (const Row* r : members) {
        if (!any && r->shard)
            any = &*r->shard;
        if (r->client)
            bestState
                = std::max(bestState,
                           r->client->connectionState() == OrchestratorClient::ConnectionState::Connected
                               ? 100
                               : int(r->client->connectionState()));
        if (!connected(*r))
            continue;
        ++live;
        if (r->status && phaseRank(r->status->phase) > phaseRank(phase))
            phase = r->status->phase;
        if (const int n = m_approvals.pendingCount(r->id).value_or(-1); n >= 0)
            waiting = std::max(waiting, 0) + n;
        roles.insert(accessRoleName(r->client->capabilities().role));
        if (r->status)
            asOf = asOf ? std::min(*asOf, r->status->asOf) : r->status->asOf;
    }
    const ShardHealth health = healthOf(entry);
    switch (role) {
    case ConnectionIdRole:
        return QString();
    case StateRole:
        return bestState == 100 ? int(OrchestratorClient::ConnectionState::Connected) : bestState;
    case PhaseRole:
        return phase;
    case WaitingRole:
        return waiting >= 0 ? QVariant(waiting) : QVariant();
    case ProblemRole:
        return health.problems.join(u'\n');
    case IsGroupRole:
        return true;
    case ShardRole:
        return QString::number(health.count);
    case ShardHealthyRole:
        return health.healthy;
    case ShardProblemsRole:
        return health.problems;
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return tr("%1 (sharded)").arg(any ? any->instance : QString());
        case AddressColumn:
            return tr("%n replica connection(s)", nullptr, int(members.size()));
        case ConnectionColumn:
            return tr("%1 of %2 connected").arg(live).arg(members.size());
        case PhaseColumn:
            return phase.isEmpty() ? tr("—") : phase;
        case ShardsColumn:
            return health.summary;
        case WaitingColumn:
            return waiting >= 0 ? QVariant(waiting) : QVariant(tr("—"));
        case RoleColumn:
            return roles.size() == 1 ? *roles.begin() : (roles.empty() ? QString() : tr("mixed"));
        case AsOfColumn:
            return asOf ? formatIso(*asOf) : QString();
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines = health.problems + health.notes;
        if (any && !any->redis.isEmpty())
            lines << tr("Redis: %1").arg(any->redis);
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
    }
    case Qt::ForegroundRole:
        if (column == ShardsColumn)
            return QBrush(health.healthy ? theme::ok() : theme::warning());
        if (column == ConnectionColumn) {
            if (live == 0)
                return QBrush(theme::critical());
            if (live < int(members.size()))
                return QBrush(theme::idle());
        }
        if (column == PhaseColumn) {
            if (phase == QStringLiteral("degraded"))
                return QBrush(theme::warning());
            if (phase == QStringLiteral("operational"))
                return QBrush(theme::ok());
        }
        if (column == WaitingColumn && waiting > 0)
            return QBrush(theme::warning());
        return {};
    default:
        return {};
    }
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Orchestrator");
    case AddressColumn:
        return tr("Address");
    case ConnectionColumn:
        return tr("Connection");
    case PhaseColumn:
        return tr("Phase");
    case ShardsColumn:
        return tr("Shards");
    case WaitingColumn:
        return tr("Waiting on you");
    case RoleColumn:
        return tr("Your role");
    case AsOfColumn:
        return tr("Status as of (UTC)");
    }
    return {};
}

} // namespace orch::ui
