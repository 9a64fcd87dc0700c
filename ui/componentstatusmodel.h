#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "engine/status.h"

namespace orch::ui {

// The components of an OrchestratorStatus, one row each. Live updates that keep the same
// components only emit dataChanged for the cells that changed, so the view keeps its selection
// and scroll position while the orchestrator ticks.
class ComponentStatusModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        LastRunColumn,
        NextRunColumn,
        VersionColumn,
        ConfidenceColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles
    {
        // The cell's raw value for sorting: name, status word, ms since epoch (-1 when absent),
        // version, confidence (-1 when absent).
        SortRole = Qt::UserRole,
        // The component's API identifier ("drift-sentinel"), in every column.
        ComponentIdRole,
        // How worrying the status is, a Severity (the view picks the colour).
        SeverityRole,
        // false where the cell stands for an absent value ("never", "on demand", "—").
        HasValueRole,
    };
    Q_ENUM(Roles)

    enum class Severity
    {
        Ok,
        Idle,
        Warning,
        Critical
    };
    Q_ENUM(Severity)

    explicit ComponentStatusModel(QObject* parent = nullptr);

    void setStatus(const orch::OrchestratorStatus& status);
    void clear();

    // What the table shows for a component's API identifier ("drift-sentinel" -> "DriftSentinel").
    static QString displayName(const QString& componentId);
    static Severity severity(const QString& status);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayData(const ComponentStatus& component, int column) const;
    QVariant toolTipData(const ComponentStatus& component, int column) const;
    QVariant sortData(const ComponentStatus& component, int column) const;

    QList<ComponentStatus> m_components;
    TimeMs m_asOf = 0;
};

} // namespace orch::ui
