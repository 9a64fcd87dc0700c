#include "auditrecordmodel.h"

#include <algorithm>
#include <limits>
#include <set>

#include <QBrush>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QPalette>
#include <QPointer>
#include <QSet>
#include <QThread>
#include <QThreadPool>

#include "theme.h"

namespace orch::ui {

QThreadPool* auditWorkPool()
{
    // Owned by the application, whose destruction waits for the jobs (as for the global pool).
    static QPointer<QThreadPool> pool;
    if (!pool) {
        pool = new QThreadPool(QCoreApplication::instance());
        pool->setObjectName(QStringLiteral("audit-review"));
        pool->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    }
    return pool;
}

void AuditRecordSet::release(std::shared_ptr<const AuditRecordSet> set)
{
    // Freeing a million records takes a few hundred milliseconds: not on the GUI thread.
    if (!set || set->records.size() < 10'000)
        return;
    auditWorkPool()->start([set = std::move(set)]() mutable { set.reset(); });
}

std::shared_ptr<const AuditRecordSet> AuditRecordSet::build(std::vector<audit::Record> records)
{
    auto set = std::make_shared<AuditRecordSet>();
    set->records = std::move(records);
    const auto bySequence
        = [](const audit::Record& a, const audit::Record& b) { return a.sequence < b.sequence; };
    if (!std::is_sorted(set->records.begin(), set->records.end(), bySequence)) // the core reads them in order
        std::stable_sort(set->records.begin(), set->records.end(), bySequence);
    QSet<QString> types;
    TimeMs last = std::numeric_limits<TimeMs>::min();
    for (const audit::Record& r : set->records) {
        if (r.cause > 0)
            set->effects[r.cause].push_back(r.sequence); // ascending: the records are sorted
        if (!types.contains(r.type))
            types.insert(r.type);
        set->timeOrdered = set->timeOrdered && r.timestamp >= last;
        last = r.timestamp;
    }
    set->types = QStringList(types.begin(), types.end());
    set->types.sort();
    return set;
}

const AuditRecordSet& AuditRecordSet::empty()
{
    static const AuditRecordSet none;
    return none;
}

AuditRecordModel::AuditRecordModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_set(std::shared_ptr<const AuditRecordSet>(&AuditRecordSet::empty(), [](const AuditRecordSet*) {}))
{ }

AuditRecordModel::~AuditRecordModel()
{
    AuditRecordSet::release(std::move(m_set));
}

void AuditRecordModel::setRecordSet(std::shared_ptr<const AuditRecordSet> set)
{
    if (!set)
        set = std::shared_ptr<const AuditRecordSet>(&AuditRecordSet::empty(), [](const AuditRecordSet*) {});
    beginResetModel();
    std::shared_ptr<const AuditRecordSet> old = std::exchange(m_set, std::move(set));
    endResetModel();
    AuditRecordSet::release(std::move(old));
}

void AuditRecordModel::setRecords(std::vector<audit::Record> records)
{
    setRecordSet(AuditRecordSet::build(std::move(records)));
}

void AuditRecordModel::clear()
{
    setRecordSet(nullptr);
}

int AuditRecordModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_set->records.size());
}

int AuditRecordModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditRecordModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const audit::Record& r = m_set->records[size_t(index.row())];
    switch (role) {
    case SequenceRole:
        return r.sequence;
    case TimestampRole:
        return qint64(r.timestamp);
    case TypeRole:
        return r.type;
    case CauseRole:
        return r.cause;
    case CheckpointedRole:
        return r.checkpointed;
    case SortRole:
        switch (index.column()) {
        case SequenceColumn:
            return r.sequence;
        case TimeColumn:
            return qint64(r.timestamp);
        case CauseColumn:
            return r.cause;
        case SignedColumn:
            return r.checkpointed;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case SequenceColumn:
            return r.sequence;
        case TimeColumn:
            return formatIso(r.timestamp);
        case TypeColumn:
            return r.type;
        case CauseColumn:
            return r.cause > 0 ? QVariant(r.cause) : QVariant(QString());
        case ActorColumn:
            return r.actor;
        case SignedColumn:
            return r.checkpointed ? tr("signed") : tr("unverified");
        case DataColumn:
            return summary(r.data);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SignedColumn) {
            return r.checkpointed ? tr("Covered by a signed checkpoint")
                                  : tr("After the latest signed checkpoint: chained and authenticated, "
                                       "but not yet provable to a third party");
        }
        if (index.column() == DataColumn)
            return QString::fromStdString(r.data.dump(2));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SignedColumn && !r.checkpointed)
            return QBrush(theme::warning());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SequenceColumn || index.column() == CauseColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant AuditRecordModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SequenceColumn:
        return tr("Record");
    case TimeColumn:
        return tr("Time (UTC)");
    case TypeColumn:
        return tr("Type");
    case CauseColumn:
        return tr("Cause");
    case ActorColumn:
        return tr("Actor");
    case SignedColumn:
        return tr("Checkpoint");
    case DataColumn:
        return tr("Data");
    }
    return {};
}

int AuditRecordModel::rowOfSequence(qint64 sequence) const
{
    const auto& records = m_set->records;
    const auto it = std::lower_bound(records.begin(), records.end(), sequence,
                                     [](const audit::Record& r, qint64 s) { return r.sequence < s; });
    return it == records.end() || it->sequence != sequence ? -1 : int(it - records.begin());
}

const audit::Record* AuditRecordModel::record(qint64 sequence) const
{
    const int row = rowOfSequence(sequence);
    return row < 0 ? nullptr : &m_set->records[size_t(row)];
}

std::vector<qint64> AuditRecordModel::effectsOf(qint64 sequence) const
{
    const auto it = m_set->effects.find(sequence);
    return it == m_set->effects.end() ? std::vector<qint64>() : it->second;
}

std::vector<qint64> AuditRecordModel::causesOf(qint64 sequence) const
{
    std::vector<qint64> chain;
    std::set<qint64> seen { sequence };
    const audit::Record* current = record(sequence);
    while (current && current->cause > 0 && seen.insert(current->cause).second) {
        chain.push_back(current->cause);
        current = record(current->cause);
    }
    return chain;
}

QStringList AuditRecordModel::types() const
{
    return m_set->types;
}

QString AuditRecordModel::summary(const nlohmann::json& data, int maxChars)
{
    if (data.is_null())
        return {};
    QString text = QString::fromStdString(data.dump());
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

} // namespace orch::ui
