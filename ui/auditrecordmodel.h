#pragma once

#include <unordered_map>
#include <vector>

#include <QAbstractTableModel>

#include "audit/auditlog.h"

namespace orch::ui {

// The decrypted records of an audit trail or an evidence bundle, one row each, in sequence order.
// Keeps the cause links both ways so the review page can follow a chain in either direction.
class AuditRecordModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SequenceColumn,
        TimeColumn,
        TypeColumn,
        CauseColumn,
        ActorColumn,
        SignedColumn,
        DataColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles
    {
        SequenceRole = Qt::UserRole + 1,
        TimestampRole,
        TypeRole,
        CauseRole,
        CheckpointedRole,
        // What the proxy sorts by: numbers as numbers, text as text.
        SortRole,
    };
    Q_ENUM(Roles)

    explicit AuditRecordModel(QObject* parent = nullptr);
    ~AuditRecordModel() override;

    // Replaces every record (sorted by sequence here).
    void setRecords(std::vector<audit::Record> records);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const std::vector<audit::Record>& records() const { return m_records; }
    // Row of the record with this sequence, or -1.
    int rowOfSequence(qint64 sequence) const;
    const audit::Record* record(qint64 sequence) const;
    // Records this one caused directly, ascending.
    std::vector<qint64> effectsOf(qint64 sequence) const;
    // This record's cause, its cause's cause, ... (nearest first); stops at a cause that is not
    // loaded (pruned or outside the bundle) and at a cycle.
    std::vector<qint64> causesOf(qint64 sequence) const;
    // The distinct types, sorted, for the type filter's suggestions.
    QStringList types() const;

    // One line of the record's data ("{"dealer":"d-001",...}"), at most maxChars.
    static QString summary(const nlohmann::json& data, int maxChars = 160);

private:
    void buildEffects() const;

    std::vector<audit::Record> m_records;
    // Built on first use: a million records index in a few tens of milliseconds, once.
    mutable std::unordered_map<qint64, std::vector<qint64>> m_effects;
    mutable bool m_effectsBuilt = false;
};

} // namespace orch::ui
