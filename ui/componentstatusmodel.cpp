#include "componentstatusmodel.h"

#include <algorithm>
#include <utility>

#include <QHash>
#include <QLocale>

#include "timeformat.h"

namespace orch::ui {

ComponentStatusModel::ComponentStatusModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void ComponentStatusModel::setStatus(const OrchestratorStatus& status)
{
    const bool sameRows = status.components.size() == m_components.size()
        && std::equal(status.components.cbegin(), status.components.cend(), m_components.cbegin(),
                      [](const ComponentStatus& a, const ComponentStatus& b) { return a.name == b.name; });
    if (!sameRows) {
        beginResetModel();
        m_components = status.components;
        m_asOf = status.asOf;
        endResetModel();
        return;
    }

    const bool clockMoved = status.asOf != m_asOf;
    const QList<ComponentStatus> previous = std::exchange(m_components, status.components);
    m_asOf = status.asOf;
    for (int row = 0; row < m_components.size(); ++row) {
        if (m_components[row] != previous[row]) {
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else if (clockMoved) {
            // Only the relative hints ("in 14 min") moved.
            Q_EMIT dataChanged(index(row, LastRunColumn), index(row, NextRunColumn),
                               { Qt::DisplayRole, Qt::ToolTipRole, Qt::AccessibleTextRole });
        }
    }
}

void ComponentStatusModel::clear()
{
    beginResetModel();
    m_components.clear();
    m_asOf = 0;
    endResetModel();
}

QString ComponentStatusModel::displayName(const QString& componentId)
{
    static const QHash<QString, QString> names {
        { QStringLiteral("adaptive-weight-learner"), QStringLiteral("AdaptiveWeightLearner") },
        { QStringLiteral("drift-sentinel"), QStringLiteral("DriftSentinel") },
        { QStringLiteral("rl-controller"), QStringLiteral("RLController") },
        { QStringLiteral("auto-fix-agents"), QStringLiteral("AutoFixAgents") },
    };
    return names.value(componentId, componentId);
}

ComponentStatusModel::Severity ComponentStatusModel::severity(const QString& status)
{
    if (status == QLatin1String("alert") || status == QLatin1String("failed")
        || status == QLatin1String("error"))
        return Severity::Critical;
    // AutoFixAgents pause per dealer: "paused for 3 dealer(s)".
    if (status.startsWith(QLatin1String("paused")) || status == QLatin1String("degraded")
        || status == QLatin1String("retraining"))
        return Severity::Warning;
    if (status == QLatin1String("initializing") || status == QLatin1String("idle") || status.isEmpty())
        return Severity::Idle;
    return Severity::Ok;
}

int ComponentStatusModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_components.size());
}

int ComponentStatusModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComponentStatusModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ComponentStatus& component = m_components.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(component, column);
    case Qt::ToolTipRole:
        return toolTipData(component, column);
    case Qt::AccessibleTextRole:
        return displayData(component, column);
    case Qt::TextAlignmentRole:
        if (column == ConfidenceColumn || column == VersionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case SortRole:
        return sortData(component, column);
    case ComponentIdRole:
        return component.name;
    case SeverityRole:
        return QVariant::fromValue(severity(component.status));
    case HasValueRole:
        switch (column) {
        case LastRunColumn:
            return component.lastRun.has_value();
        case NextRunColumn:
            return component.nextRun.has_value();
        case ConfidenceColumn:
            return component.confidence.has_value();
        default:
            return true;
        }
    default:
        return {};
    }
}

QVariant ComponentStatusModel::displayData(const ComponentStatus& component, int column) const
{
    switch (column) {
    case NameColumn:
        return displayName(component.name);
    case StatusColumn:
        return component.status;
    case LastRunColumn:
        return component.lastRun ? TimeFormat::withHint(*component.lastRun, m_asOf) : tr("never");
    case NextRunColumn:
        return component.nextRun ? TimeFormat::withHint(*component.nextRun, m_asOf) : tr("on demand");
    case VersionColumn:
        return component.version;
    case ConfidenceColumn:
        return component.confidence ? QLocale().toString(*component.confidence, 'f', 3) : tr("—");
    default:
        return {};
    }
}

QVariant ComponentStatusModel::toolTipData(const ComponentStatus& component, int column) const
{
    switch (column) {
    case NameColumn:
        return tr("API name: %1").arg(component.name);
    case LastRunColumn:
        return component.lastRun ? formatIso(*component.lastRun) : tr("Has not run yet");
    case NextRunColumn:
        return component.nextRun ? formatIso(*component.nextRun)
                                 : tr("Runs when triggered, not on a schedule");
    case ConfidenceColumn:
        return component.confidence ? tr("Posterior confidence %1").arg(*component.confidence)
                                    : tr("This component reports no confidence");
    default:
        return {};
    }
}

QVariant ComponentStatusModel::sortData(const ComponentStatus& component, int column) const
{
    switch (column) {
    case NameColumn:
        return component.name;
    case StatusColumn:
        return component.status;
    case LastRunColumn:
        return qint64(component.lastRun.value_or(-1));
    case NextRunColumn:
        return qint64(component.nextRun.value_or(-1));
    case VersionColumn:
        return component.version;
    case ConfidenceColumn:
        return component.confidence.value_or(-1.0);
    default:
        return {};
    }
}

QVariant ComponentStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Component");
    case StatusColumn:
        return tr("Status");
    case LastRunColumn:
        return tr("Last run");
    case NextRunColumn:
        return tr("Next run");
    case VersionColumn:
        return tr("Version");
    case ConfidenceColumn:
        return tr("Confidence");
    default:
        return {};
    }
}

} // namespace orch::ui
