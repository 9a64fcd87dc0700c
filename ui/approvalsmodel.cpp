#include "approvalsmodel.h"

#include <algorithm>
#include <utility>

#include <QBrush>
#include <QLocale>
#include <QTimer>

#include <qcorotask.h>

#include "connectionmanager.h"
#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

// Events pushed by the client are what normally triggers a refresh; this only catches decisions
// made elsewhere that announced nothing this client saw.
constexpr std::chrono::seconds kRefreshInterval { 30 };

bool touchesApprovals(const QList<EventRecord>& events)
{
    return std::any_of(events.begin(), events.end(), [](const EventRecord& e) {
        return e.type.startsWith(QStringLiteral("rollout.")) || e.type.startsWith(QStringLiteral("approval."));
    });
}

QString connectionStateText(OrchestratorClient::ConnectionState state)
{
    using State = OrchestratorClient::ConnectionState;
    switch (state) {
    case State::Disconnected:
        return ApprovalsModel::tr("not connected");
    case State::Connecting:
        return ApprovalsModel::tr("connecting");
    case State::Connected:
        return ApprovalsModel::tr("connected");
    case State::Failed:
        return ApprovalsModel::tr("unreachable");
    }
    return {};
}

std::pair<int, int> verificationCounts(const Rollout& r)
{
    int passed = 0;
    for (const auto& [dealer, v] : r.verification)
        passed += v.passed ? 1 : 0;
    return { passed, int(r.verification.size()) };
}

} // namespace

ApprovalsModel::ApprovalsModel(ConnectionManager& connections, QObject* parent)
    : QAbstractTableModel(parent)
    , m_connections(connections)
    , m_timer(new QTimer(this))
{
    connect(&m_connections, &ConnectionManager::connectionAdded, this, [this](const QString& id) { attach(id); });
    connect(&m_connections, &ConnectionManager::connectionChanged, this, [this](const QString& id) {
        // A new client (edited connection, token read): start over with it.
        const auto it = m_sources.find(id);
        if (it == m_sources.end() || it->second.client != m_connections.client(id)) {
            detach(id);
            attach(id);
        }
    });
    connect(&m_connections, &ConnectionManager::connectionRemoved, this, [this](const QString& id) {
        detach(id);
        m_sources.erase(id);
        Q_EMIT sourceChanged(id);
    });
    for (const QString& id : m_connections.ids())
        attach(id);
    m_timer->setInterval(kRefreshInterval);
    connect(m_timer, &QTimer::timeout, this, [this] { refresh(); });
    m_timer->start();
}

ApprovalsModel::~ApprovalsModel() = default;

void ApprovalsModel::attach(const QString& id)
{
    Source& source = m_sources[id];
    for (const auto& link : source.links)
        disconnect(link);
    source.links.clear();
    source.client = m_connections.client(id);
    source.pending.reset();
    OrchestratorClient* client = source.client;
    if (!client) {
        setUnavailable(id, m_connections.problem(id).isEmpty() ? tr("no client") : m_connections.problem(id));
        return;
    }
    source.links.push_back(connect(client, &OrchestratorClient::connectionStateChanged, this,
                                   [this, id](OrchestratorClient::ConnectionState state) {
                                       if (state == OrchestratorClient::ConnectionState::Connected)
                                           fetch(id);
                                       else
                                           setUnavailable(id, QString());
                                   }));
    source.links.push_back(connect(client, &OrchestratorClient::eventsAvailable, this,
                                   [this, id](const QList<EventRecord>& events) {
                                       if (touchesApprovals(events))
                                           fetch(id);
                                   }));
    source.links.push_back(connect(client, &OrchestratorClient::capabilitiesChanged, this, [this, id] {
        // Only the buttons' visibility depends on it.
        for (size_t row = 0; row < m_rows.size(); ++row) {
            if (m_rows[row].connectionId == id)
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1), { CanApproveRole });
        }
        Q_EMIT sourceChanged(id);
    }));
    if (client->connectionState() == OrchestratorClient::ConnectionState::Connected)
        fetch(id);
    else
        setUnavailable(id, QString());
}

void ApprovalsModel::detach(const QString& id)
{
    const auto it = m_sources.find(id);
    if (it == m_sources.end())
        return;
    for (const auto& link : it->second.links)
        disconnect(link);
    it->second.links.clear();
    it->second.client = nullptr;
    replaceRows(id, {});
}

void ApprovalsModel::refresh(const QString& connectionId)
{
    if (!connectionId.isEmpty()) {
        fetch(connectionId);
        return;
    }
    for (const auto& [id, source] : m_sources)
        fetch(id);
}

void ApprovalsModel::fetch(const QString& id)
{
    auto it = m_sources.find(id);
    if (it == m_sources.end() || !it->second.client)
        return;
    Source& source = it->second;
    if (source.client->connectionState() != OrchestratorClient::ConnectionState::Connected) {
        setUnavailable(id, QString());
        return;
    }
    if (source.fetching) {
        source.again = true;
        return;
    }
    source.fetching = true;
    QPointer<OrchestratorClient> asked = source.client;
    QCoro::connect(source.client->fetchApprovals(), this, [this, id, asked](const Result<ApprovalList>& result) {
        auto it = m_sources.find(id);
        if (it == m_sources.end())
            return;
        it->second.fetching = false;
        if (it->second.client != asked || !asked)
            return; // the connection got a new client meanwhile
        apply(id, result);
        if (std::exchange(it->second.again, false))
            fetch(id);
        Q_EMIT refreshed(id);
    });
}

void ApprovalsModel::apply(const QString& id, const Result<ApprovalList>& result)
{
    Source& source = m_sources[id];
    if (!result) {
        qCInfo(lcUi) << "approvals of" << id << "unavailable:" << result.error();
        setUnavailable(id, result.error());
        return;
    }
    source.error.clear();
    source.auditAvailable = result->auditAvailable;
    source.pending = int(result->approvals.size());
    replaceRows(id, result->approvals);
    Q_EMIT sourceChanged(id);
}

void ApprovalsModel::setUnavailable(const QString& id, const QString& why)
{
    Source& source = m_sources[id];
    source.pending.reset();
    if (!why.isEmpty())
        source.error = why;
    else if (source.client)
        source.error = source.client->connectionError().isEmpty()
            ? connectionStateText(source.client->connectionState())
            : source.client->connectionError();
    replaceRows(id, {});
    Q_EMIT sourceChanged(id);
}

void ApprovalsModel::replaceRows(const QString& id, std::vector<Approval> approvals)
{
    // In place, so that a selection on another row (or the same rollout) survives a refresh.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows[size_t(row)].connectionId != id)
            continue;
        const qint64 rolloutId = m_rows[size_t(row)].approval.rollout.id;
        const auto fresh = std::find_if(approvals.begin(), approvals.end(),
                                        [rolloutId](const Approval& a) { return a.rollout.id == rolloutId; });
        if (fresh == approvals.end()) {
            beginRemoveRows({}, row, row);
            m_rows.erase(m_rows.begin() + row);
            endRemoveRows();
        } else {
            m_rows[size_t(row)].approval = std::move(*fresh);
            approvals.erase(fresh);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    if (approvals.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(approvals.size()) - 1);
    for (Approval& a : approvals)
        m_rows.push_back({ id, std::move(a) });
    endInsertRows();
}

int ApprovalsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApprovalsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApprovalsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[size_t(index.row())];
    const Approval& a = row.approval;
    const Rollout& r = a.rollout;
    const QLocale locale;
    switch (role) {
    case ConnectionIdRole:
        return row.connectionId;
    case RolloutIdRole:
        return r.id;
    case PendingRole:
        return a.pending;
    case CanApproveRole: {
        const OrchestratorClient* client = m_connections.client(row.connectionId);
        return client && client->capabilities().canApprove();
    }
    case SortRole:
        switch (index.column()) {
        case RolloutColumn:
            return r.id;
        case RequestedColumn:
            return qint64(a.requestedAt);
        case ErrorRateColumn:
            return r.errorRate;
        case DriftColumn:
            return int(r.driftDealers.size());
        case VerificationColumn: {
            const auto [passed, total] = verificationCounts(r);
            return total - passed;
        }
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case OrchestratorColumn:
            return m_connections.name(row.connectionId);
        case RolloutColumn:
            return tr("#%1 %2").arg(r.id).arg(r.action);
        case PendingColumn: {
            QString what = a.pending == QStringLiteral("rollback") ? tr("roll back")
                : a.pending == QStringLiteral("promote")           ? tr("promote")
                                                                   : a.pending;
            if (!a.scope.isEmpty())
                what += QStringLiteral(" (") + a.scope + u')';
            if (a.requiredApprovals > 1)
                what += tr(" · %1 of %2 approvals").arg(a.approvals).arg(a.requiredApprovals);
            return what;
        }
        case RequestedColumn:
            return formatIso(a.requestedAt);
        case ErrorRateColumn:
            return QString(locale.toString(r.errorRate * 100, 'f', 2) + QStringLiteral(" %"));
        case DriftColumn:
            return r.driftDealers.isEmpty() ? tr("none") : r.driftDealers.join(QStringLiteral(", "));
        case VerificationColumn: {
            const auto [passed, total] = verificationCounts(r);
            return total == 0 ? tr("not run") : tr("%1 of %2 passed").arg(passed).arg(total);
        }
        case ReasonColumn:
            return a.reason;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ReasonColumn)
            return a.reason;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == VerificationColumn) {
            const auto [passed, total] = verificationCounts(r);
            if (passed < total)
                return QBrush(theme::critical());
        }
        if (index.column() == DriftColumn && !r.driftDealers.isEmpty())
            return QBrush(theme::warning());
        return {};
    default:
        return {};
    }
}

QVariant ApprovalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case OrchestratorColumn:
        return tr("Orchestrator");
    case RolloutColumn:
        return tr("Rollout");
    case PendingColumn:
        return tr("Asks to");
    case RequestedColumn:
        return tr("Requested (UTC)");
    case ErrorRateColumn:
        return tr("Error rate");
    case DriftColumn:
        return tr("Drift on");
    case VerificationColumn:
        return tr("Verification");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}

const Approval* ApprovalsModel::approval(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)].approval : nullptr;
}

QString ApprovalsModel::connectionId(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].connectionId : QString();
}

int ApprovalsModel::rowOf(const QString& connectionId, qint64 rolloutId) const
{
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].connectionId == connectionId && m_rows[row].approval.rollout.id == rolloutId)
            return int(row);
    }
    return -1;
}

std::optional<int> ApprovalsModel::pendingCount(const QString& connectionId) const
{
    const auto it = m_sources.find(connectionId);
    return it == m_sources.end() ? std::nullopt : it->second.pending;
}

QString ApprovalsModel::sourceError(const QString& connectionId) const
{
    const auto it = m_sources.find(connectionId);
    return it == m_sources.end() ? QString() : it->second.error;
}

bool ApprovalsModel::auditAvailable(const QString& connectionId) const
{
    const auto it = m_sources.find(connectionId);
    return it != m_sources.end() && it->second.auditAvailable;
}

} // namespace orch::ui
