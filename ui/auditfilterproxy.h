#pragma once

#include <optional>

#include <QSortFilterProxyModel>

#include "common/timeutil.h"

namespace orch::ui {

// Filters an AuditRecordModel the way `orchestratorctl audit show` does: a time range (both ends
// inclusive), a type (exact, or a prefix ending in '.': "drift."), and a cause (the records that
// record caused directly). Sorts by AuditRecordModel::SortRole.
class AuditFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit AuditFilterProxy(QObject* parent = nullptr);

    void setTimeRange(std::optional<TimeMs> since, std::optional<TimeMs> until);
    void setTypeFilter(const QString& type);
    void setCauseFilter(std::optional<qint64> cause);
    void clearFilters();

    std::optional<TimeMs> since() const { return m_since; }
    std::optional<TimeMs> until() const { return m_until; }
    QString typeFilter() const { return m_type; }
    std::optional<qint64> causeFilter() const { return m_cause; }
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<TimeMs> m_since;
    std::optional<TimeMs> m_until;
    QString m_type;
    std::optional<qint64> m_cause;
};

} // namespace orch::ui
