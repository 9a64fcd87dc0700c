#include "auditrecordmodel.h"

#include <algorithm>
#include <set>

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>
#include <QSet>

#include "theme.h"

namespace orch::ui {

AuditRecordModel::AuditRecordModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

AuditRecordModel::~AuditRecordModel() = default;

void AuditRecordModel::setRecords(std::vector<audit::Record> records)
{
    beginResetModel();
    m_records = std::move(records);
    const auto bySequence = [](const audit::Record& a, const audit::Record& b) { return a.sequence < b.sequence; };
    if (!std::is_sorted(m_records.begin(), m_records.end(), bySequence)) // the core reads them in order
        std::stable_sort(m_records.begin(), m_records.end(), bySequence);
    m_effects.clear();
    m_effectsBuilt = false;
    endResetModel();
}

void AuditRecordModel::clear()
{
    setRecords({});
}

int AuditRecordModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int AuditRecordModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditRecordModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const audit::Record& r = m_records[size_t(index.row())];
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
    const auto it = std::lower_bound(m_records.begin(), m_records.end(), sequence,
                                     [](const audit::Record& r, qint64 s) { return r.sequence < s; });
    return it == m_records.end() || it->sequence != sequence ? -1 : int(it - m_records.begin());
}

void AuditRecordModel::buildEffects() const
{
    if (m_effectsBuilt)
        return;
    for (const audit::Record& r : m_records) {
        if (r.cause > 0)
            m_effects[r.cause].push_back(r.sequence); // ascending: records are sorted
    }
    m_effectsBuilt = true;
}

const audit::Record* AuditRecordModel::record(qint64 sequence) const
{
    const int row = rowOfSequence(sequence);
    return row < 0 ? nullptr : &m_records[size_t(row)];
}

std::vector<qint64> AuditRecordModel::effectsOf(qint64 sequence) const
{
    buildEffects();
    const auto it = m_effects.find(sequence);
    return it == m_effects.end() ? std::vector<qint64>() : it->second;
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
    QSet<QString> types;
    for (const audit::Record& r : m_records)
        types.insert(r.type);
    QStringList sorted(types.begin(), types.end());
    sorted.sort();
    return sorted;
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
