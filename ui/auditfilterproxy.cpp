#include "auditfilterproxy.h"

#include <algorithm>

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "auditrecordmodel.h"

namespace orch::ui {

// Which source row each proxy row shows, and back (-1: filtered out).
struct AuditFilterProxy::Mapping
{
    std::vector<int> rows;
    std::vector<int> inverse;
};

struct AuditFilterProxy::Job
{
    std::atomic_bool cancel { false };
};

namespace {

bool accepts(const audit::Record& r, const AuditFilterProxy::Filters& f)
{
    if ((f.since && r.timestamp < *f.since) || (f.until && r.timestamp > *f.until))
        return false;
    if (!f.type.isEmpty() && (f.type.endsWith(u'.') ? !r.type.startsWith(f.type) : r.type != f.type))
        return false;
    return !f.cause || r.cause == *f.cause;
}

// Sequence order, or the time order when it is the same: no sorting needed.
bool inSequenceOrder(int column, const AuditRecordSet& set)
{
    return column < 0 || column == AuditRecordModel::SequenceColumn
        || (column == AuditRecordModel::TimeColumn && set.timeOrdered);
}

template<typename Key> void sortBy(std::vector<int>& rows, Qt::SortOrder order, Key key)
{
    // Stable: equal keys keep the sequence order, as QSortFilterProxyModel keeps the source order.
    if (order == Qt::AscendingOrder)
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) { return key(a) < key(b); });
    else
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) { return key(b) < key(a); });
}

} // namespace

AuditFilterProxy::AuditFilterProxy(QObject* parent)
    : QAbstractProxyModel(parent)
    , m_set(std::shared_ptr<const AuditRecordSet>(&AuditRecordSet::empty(), [](const AuditRecordSet*) {}))
{ }

AuditFilterProxy::~AuditFilterProxy()
{
    if (m_job)
        m_job->cancel = true;
    AuditRecordSet::release(std::move(m_set));
}

std::vector<int> AuditFilterProxy::computeRows(const AuditRecordSet& set, const Filters& filters,
                                               int sortColumn, Qt::SortOrder order,
                                               const std::atomic_bool* cancel)
{
    const auto& records = set.records;
    std::vector<int> rows;
    const bool filtering = filters.since || filters.until || !filters.type.isEmpty() || filters.cause;
    rows.reserve(filtering ? 1024 : records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        if ((i & 0xffff) == 0 && cancel && cancel->load())
            return {};
        if (!filtering || accepts(records[i], filters))
            rows.push_back(int(i));
    }
    if (inSequenceOrder(sortColumn, set)) {
        if (order == Qt::DescendingOrder)
            std::reverse(rows.begin(), rows.end());
        return rows;
    }
    const auto record = [&](int row) -> const audit::Record& { return records[std::size_t(row)]; };
    switch (sortColumn) {
    case AuditRecordModel::TimeColumn:
        sortBy(rows, order, [&](int r) { return record(r).timestamp; });
        break;
    case AuditRecordModel::TypeColumn:
        sortBy(rows, order, [&](int r) -> const QString& { return record(r).type; });
        break;
    case AuditRecordModel::CauseColumn:
        sortBy(rows, order, [&](int r) { return record(r).cause; });
        break;
    case AuditRecordModel::ActorColumn:
        sortBy(rows, order, [&](int r) -> const QString& { return record(r).actor; });
        break;
    case AuditRecordModel::SignedColumn:
        sortBy(rows, order, [&](int r) { return record(r).checkpointed; });
        break;
    case AuditRecordModel::DataColumn: {
        // The summary the column shows, made once per row.
        std::vector<QString> text(records.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if ((i & 0xfff) == 0 && cancel && cancel->load())
                return {};
            text[std::size_t(rows[i])] = AuditRecordModel::summary(records[std::size_t(rows[i])].data);
        }
        sortBy(rows, order, [&](int r) -> const QString& { return text[std::size_t(r)]; });
        break;
    }
    default:
        break;
    }
    return rows;
}

void AuditFilterProxy::setSourceModel(QAbstractItemModel* sourceModel)
{
    auto* model = qobject_cast<AuditRecordModel*>(sourceModel);
    Q_ASSERT_X(model || !sourceModel, "AuditFilterProxy", "the source must be an AuditRecordModel");
    beginResetModel();
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    QAbstractProxyModel::setSourceModel(model);
    m_model = model;
    if (m_model) {
        // The record model only ever resets.
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
        connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
            update(true);
            endResetModel();
            Q_EMIT rowsUpdated();
        });
        connect(m_model, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged);
    }
    update(true);
    endResetModel();
}

bool AuditFilterProxy::isFiltering() const
{
    return m_filters.since || m_filters.until || !m_filters.type.isEmpty() || m_filters.cause;
}

bool AuditFilterProxy::needsMapping() const
{
    return isFiltering() || !inSequenceOrder(m_sortColumn, *m_set);
}

void AuditFilterProxy::setFilters(const Filters& filters)
{
    Filters wanted = filters;
    wanted.type = wanted.type.trimmed();
    if (wanted == m_filters)
        return;
    m_filters = wanted;
    refresh();
}

void AuditFilterProxy::refresh()
{
    if (needsMapping() && m_set->records.size() > std::size_t(m_inlineLimit)) {
        update(false); // the rows change when the computation is done
        return;
    }
    beginResetModel();
    update(false);
    endResetModel();
    Q_EMIT rowsUpdated();
}

void AuditFilterProxy::setTimeRange(std::optional<TimeMs> since, std::optional<TimeMs> until)
{
    Filters f = m_filters;
    f.since = since;
    f.until = until;
    setFilters(f);
}

void AuditFilterProxy::setTypeFilter(const QString& type)
{
    Filters f = m_filters;
    f.type = type;
    setFilters(f);
}

void AuditFilterProxy::setCauseFilter(std::optional<qint64> cause)
{
    Filters f = m_filters;
    f.cause = cause;
    setFilters(f);
}

void AuditFilterProxy::clearFilters()
{
    setFilters({});
}

void AuditFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    refresh();
}

// Inside a reset of this model (unless only a computation starts): sets what the rows are now, and
// starts the computation of what they will be when that takes a while.
void AuditFilterProxy::update(bool recordsChanged)
{
    if (recordsChanged) {
        auto set = m_model ? m_model->recordSet() : nullptr;
        if (!set)
            set = std::shared_ptr<const AuditRecordSet>(&AuditRecordSet::empty(),
                                                        [](const AuditRecordSet*) {});
        AuditRecordSet::release(std::exchange(m_set, std::move(set)));
    }
    if (m_job) {
        m_job->cancel = true; // superseded
        m_job.reset();
    }
    if (!needsMapping()) {
        m_mapping.reset();
        m_reversed = m_sortOrder == Qt::DescendingOrder;
        setBusy(false);
        return;
    }
    const auto makeMapping = [](std::vector<int> rows, std::size_t sourceRows) {
        auto mapping = std::make_shared<Mapping>();
        mapping->inverse.assign(sourceRows, -1);
        for (std::size_t i = 0; i < rows.size(); ++i)
            mapping->inverse[std::size_t(rows[i])] = int(i);
        mapping->rows = std::move(rows);
        return std::shared_ptr<const Mapping>(std::move(mapping));
    };
    if (m_set->records.size() <= std::size_t(m_inlineLimit)) {
        m_mapping
            = makeMapping(computeRows(*m_set, m_filters, m_sortColumn, m_sortOrder), m_set->records.size());
        setBusy(false);
        return;
    }
    // The previous rows stay until the new ones are there, unless they are rows of other records.
    if (recordsChanged)
        m_mapping = std::make_shared<const Mapping>();
    auto job = std::make_shared<Job>();
    m_job = job;
    auto* watcher = new QFutureWatcher<std::shared_ptr<const Mapping>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        if (job != m_job)
            return; // superseded
        m_job.reset();
        apply(watcher->result());
    });
    watcher->setFuture(
        QtConcurrent::run(auditWorkPool(),
                          [set = m_set, filters = m_filters, column = m_sortColumn, order = m_sortOrder, job,
                           makeMapping]() mutable {
                              std::shared_ptr<const Mapping> mapping;
                              std::vector<int> rows = computeRows(*set, filters, column, order, &job->cancel);
                              if (!job->cancel)
                                  mapping = makeMapping(std::move(rows), set->records.size());
                              set.reset(); // here, not on the GUI thread, should this be the last reference
                              return mapping;
                          }));
    setBusy(true);
}

void AuditFilterProxy::apply(std::shared_ptr<const Mapping> mapping)
{
    if (!mapping)
        return;
    beginResetModel();
    m_mapping = std::move(mapping);
    endResetModel();
    setBusy(false);
    Q_EMIT rowsUpdated();
}

void AuditFilterProxy::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

int AuditFilterProxy::sourceRowOf(int proxyRow) const
{
    if (m_mapping)
        return m_mapping->rows[std::size_t(proxyRow)];
    return m_reversed ? int(m_set->records.size()) - 1 - proxyRow : proxyRow;
}

int AuditFilterProxy::proxyRowOf(int sourceRow) const
{
    if (sourceRow < 0 || std::size_t(sourceRow) >= m_set->records.size())
        return -1;
    if (m_mapping)
        return std::size_t(sourceRow) < m_mapping->inverse.size() ? m_mapping->inverse[std::size_t(sourceRow)]
                                                                  : -1;
    return m_reversed ? int(m_set->records.size()) - 1 - sourceRow : sourceRow;
}

QModelIndex AuditFilterProxy::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex AuditFilterProxy::parent(const QModelIndex&) const
{
    return {};
}

QModelIndex AuditFilterProxy::sibling(int row, int column, const QModelIndex& idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

int AuditFilterProxy::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return m_mapping ? int(m_mapping->rows.size()) : int(m_set->records.size());
}

int AuditFilterProxy::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool AuditFilterProxy::hasChildren(const QModelIndex& parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

QModelIndex AuditFilterProxy::mapToSource(const QModelIndex& proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.model() != this || proxyIndex.row() >= rowCount())
        return {};
    return m_model->index(sourceRowOf(proxyIndex.row()), proxyIndex.column());
}

QModelIndex AuditFilterProxy::mapFromSource(const QModelIndex& sourceIndex) const
{
    if (!m_model || !sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const int row = proxyRowOf(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

} // namespace orch::ui
