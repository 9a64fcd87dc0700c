#include "fleetmodel.h"

#include <QBrush>

#include "approvalsmodel.h"
#include "connectionmanager.h"
#include "theme.h"

namespace orch::ui {

FleetModel::FleetModel(ConnectionManager& connections, ApprovalsModel& approvals, QObject* parent)
    : QAbstractTableModel(parent)
    , m_connections(connections)
    , m_approvals(approvals)
{
    connect(&m_connections, &ConnectionManager::connectionAdded, this, [this](const QString& id) { addRow(id); });
    connect(&m_connections, &ConnectionManager::connectionRemoved, this, [this](const QString& id) { removeRow(id); });
    connect(&m_connections, &ConnectionManager::connectionChanged, this, [this](const QString& id) {
        const int r = rowOf(id);
        if (r < 0)
            return;
        Row& row = m_rows[size_t(r)];
        if (row.client != m_connections.client(id))
            bind(row);
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

void FleetModel::addRow(const QString& id)
{
    if (rowOf(id) >= 0)
        return;
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.push_back(Row { id, nullptr, std::nullopt, {} });
    bind(m_rows.back());
    endInsertRows();
}

void FleetModel::removeRow(const QString& id)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    for (const auto& link : m_rows[size_t(r)].links)
        disconnect(link);
    m_rows.erase(m_rows.begin() + r);
    endRemoveRows();
}

void FleetModel::bind(Row& row)
{
    for (const auto& link : row.links)
        disconnect(link);
    row.links.clear();
    row.status.reset();
    row.client = m_connections.client(row.id);
    if (!row.client)
        return;
    const QString id = row.id;
    row.links.push_back(connect(row.client, &OrchestratorClient::statusAvailable, this,
                                [this, id](const OrchestratorStatus& status) {
                                    const int r = rowOf(id);
                                    if (r < 0)
                                        return;
                                    m_rows[size_t(r)].status = status;
                                    changed(id);
                                }));
    row.links.push_back(connect(row.client, &OrchestratorClient::connectionStateChanged, this,
                                [this, id](OrchestratorClient::ConnectionState state) {
                                    const int r = rowOf(id);
                                    if (r < 0)
                                        return;
                                    if (state != OrchestratorClient::ConnectionState::Connected)
                                        m_rows[size_t(r)].status.reset(); // never show a lost phase as live
                                    changed(id);
                                }));
    row.links.push_back(
        connect(row.client, &OrchestratorClient::capabilitiesChanged, this, [this, id] { changed(id); }));
    row.links.push_back(
        connect(row.client, &OrchestratorClient::retryScheduled, this, [this, id] { changed(id); }));
}

void FleetModel::changed(const QString& id)
{
    const int r = rowOf(id);
    if (r >= 0)
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

int FleetModel::rowOf(const QString& connectionId) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == connectionId)
            return int(i);
    }
    return -1;
}

QString FleetModel::connectionId(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].id : QString();
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

int FleetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FleetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[size_t(index.row())];
    const OrchestratorClient* client = row.client;
    const bool connected = client && client->connectionState() == OrchestratorClient::ConnectionState::Connected;
    const std::optional<int> waiting = connected ? m_approvals.pendingCount(row.id) : std::nullopt;
    switch (role) {
    case ConnectionIdRole:
        return row.id;
    case StateRole:
        return client ? int(client->connectionState()) : -1;
    case PhaseRole:
        return connected && row.status ? row.status->phase : QString();
    case WaitingRole:
        return waiting ? QVariant(*waiting) : QVariant();
    case ProblemRole:
        return problemOf(row);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return m_connections.name(row.id);
        case AddressColumn:
            return m_connections.address(row.id);
        case ConnectionColumn:
            return client ? stateText(client->connectionState()) : tr("unavailable");
        case PhaseColumn:
            return connected && row.status ? row.status->phase : (connected ? tr("waiting for status") : tr("—"));
        case WaitingColumn:
            return waiting ? QVariant(*waiting) : QVariant(tr("—"));
        case RoleColumn:
            return connected ? accessRoleName(client->capabilities().role) : QString();
        case AsOfColumn:
            return connected && row.status ? formatIso(row.status->asOf) : QString();
        }
        return {};
    case Qt::ToolTipRole: {
        const QString problem = problemOf(row);
        return problem.isEmpty() ? QVariant() : QVariant(problem);
    }
    case Qt::ForegroundRole:
        if (index.column() == ConnectionColumn) {
            if (!client || client->connectionState() == OrchestratorClient::ConnectionState::Failed)
                return QBrush(theme::critical());
            if (!connected)
                return QBrush(theme::idle());
        }
        if (index.column() == PhaseColumn && connected && row.status) {
            if (row.status->phase == QStringLiteral("degraded"))
                return QBrush(theme::warning());
            if (row.status->phase == QStringLiteral("operational"))
                return QBrush(theme::ok());
        }
        if (index.column() == WaitingColumn && waiting && *waiting > 0)
            return QBrush(theme::warning());
        return {};
    default:
        return {};
    }
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Orchestrator");
    case AddressColumn:
        return tr("Address");
    case ConnectionColumn:
        return tr("Connection");
    case PhaseColumn:
        return tr("Phase");
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
