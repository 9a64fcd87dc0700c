#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <QAbstractProxyModel>

#include "common/timeutil.h"

template<typename T> class QFutureWatcher;

namespace orch::ui {

struct AuditRecordSet;
class AuditRecordModel;

// Filters and sorts an AuditRecordModel the way `orchestratorctl audit show` selects: a time range
// (both ends inclusive), a type (exact, or a prefix ending in '.': "drift."), and a cause (the
// records that record caused directly); sorted by any column.
//
// Made for a million records: the rows are a mapping computed from the model's record set, never
// row by row through the model's data(). The sequence order (and the time order, which is the
// same) without a filter needs no mapping at all. Any other mapping is computed at once for up to
// kInlineRows records and on the thread pool above that: the view keeps the previous rows (none
// after new records) until the new ones replace them in one reset, busy() in between. A change
// made while a computation runs supersedes it.
class AuditFilterProxy final : public QAbstractProxyModel
{
    Q_OBJECT
public:
    static constexpr int kInlineRows = 50'000;
    // Up to how many records a mapping is computed at once (tests lower it).
    void setInlineLimit(int rows) { m_inlineLimit = rows; }

    struct Filters
    {
        std::optional<TimeMs> since;
        std::optional<TimeMs> until;
        QString type;
        std::optional<qint64> cause;
        friend bool operator==(const Filters&, const Filters&) = default;
    };

    explicit AuditFilterProxy(QObject* parent = nullptr);
    ~AuditFilterProxy() override;

    // Only an AuditRecordModel.
    void setSourceModel(QAbstractItemModel* sourceModel) override;

    void setFilters(const Filters& filters);
    void setTimeRange(std::optional<TimeMs> since, std::optional<TimeMs> until);
    void setTypeFilter(const QString& type);
    void setCauseFilter(std::optional<qint64> cause);
    void clearFilters();

    const Filters& filters() const { return m_filters; }
    std::optional<TimeMs> since() const { return m_filters.since; }
    std::optional<TimeMs> until() const { return m_filters.until; }
    QString typeFilter() const { return m_filters.type; }
    std::optional<qint64> causeFilter() const { return m_filters.cause; }
    bool isFiltering() const;

    // A computation is running; rowsUpdated follows when its rows are shown.
    bool isBusy() const { return m_busy; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex& index) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;

    // The source rows a mapping shows, in order: what the proxy computes off the GUI thread.
    // Stops early (returning nothing) when *cancel turns true.
    static std::vector<int> computeRows(const AuditRecordSet& set, const Filters& filters, int sortColumn,
                                        Qt::SortOrder order, const std::atomic_bool* cancel = nullptr);

Q_SIGNALS:
    void busyChanged(bool busy);
    // The rows shown changed (filters, sorting or records applied).
    void rowsUpdated();

private:
    struct Mapping;
    struct Job;
    // Recomputes the mapping for the current records, filters and sort.
    void update(bool recordsChanged);
    // After a change of the filters or the sort.
    void refresh();
    void apply(std::shared_ptr<const Mapping> mapping);
    void setBusy(bool busy);
    int sourceRowOf(int proxyRow) const;
    int proxyRowOf(int sourceRow) const;
    bool needsMapping() const;

    AuditRecordModel* m_model = nullptr;
    std::shared_ptr<const AuditRecordSet> m_set;
    Filters m_filters;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    // Null: all the records in sequence order (reversed with m_reversed).
    std::shared_ptr<const Mapping> m_mapping;
    bool m_reversed = false;
    std::shared_ptr<Job> m_job;
    bool m_busy = false;
    int m_inlineLimit = kInlineRows;
};

} // namespace orch::ui
