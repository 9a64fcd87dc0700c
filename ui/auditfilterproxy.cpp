#include "auditfilterproxy.h"

#include "auditrecordmodel.h"

namespace orch::ui {

AuditFilterProxy::AuditFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(AuditRecordModel::SortRole);
}

void AuditFilterProxy::setTimeRange(std::optional<TimeMs> since, std::optional<TimeMs> until)
{
    if (since == m_since && until == m_until)
        return;
    m_since = since;
    m_until = until;
    invalidateFilter();
}

void AuditFilterProxy::setTypeFilter(const QString& type)
{
    const QString trimmed = type.trimmed();
    if (trimmed == m_type)
        return;
    m_type = trimmed;
    invalidateFilter();
}

void AuditFilterProxy::setCauseFilter(std::optional<qint64> cause)
{
    if (cause == m_cause)
        return;
    m_cause = cause;
    invalidateFilter();
}

void AuditFilterProxy::clearFilters()
{
    m_since.reset();
    m_until.reset();
    m_type.clear();
    m_cause.reset();
    invalidateFilter();
}

bool AuditFilterProxy::isFiltering() const
{
    return m_since || m_until || !m_type.isEmpty() || m_cause;
}

bool AuditFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_since || m_until) {
        const TimeMs t = index.data(AuditRecordModel::TimestampRole).toLongLong();
        if ((m_since && t < *m_since) || (m_until && t > *m_until))
            return false;
    }
    if (!m_type.isEmpty()) {
        const QString type = index.data(AuditRecordModel::TypeRole).toString();
        if (m_type.endsWith(u'.') ? !type.startsWith(m_type) : type != m_type)
            return false;
    }
    if (m_cause && index.data(AuditRecordModel::CauseRole).toLongLong() != *m_cause)
        return false;
    return true;
}

} // namespace orch::ui
