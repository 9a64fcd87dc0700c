#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include <QAbstractTableModel>

#include "audit/auditlog.h"

class QThreadPool;

namespace orch::ui {

// Where the audit review's long jobs run (verification, decoding, filtering and sorting, freeing a
// trail's records). Not QThreadPool::globalInstance(): Qt 6.4's raster paint engine splits drawing
// into jobs on the global pool and waits for them, so a global pool kept busy for seconds stalls
// every repaint of the GUI for as long.
QThreadPool* auditWorkPool();

// Decoded records with what the review page looks up in them, built once off the GUI thread (a
// million records take seconds to decode and index) and then shared read-only: the model shows
// them, the filter proxy's background jobs read them.
struct AuditRecordSet
{
    std::vector<audit::Record> records; // sequence order
    std::unordered_map<qint64, std::vector<qint64>> effects; // cause -> records it caused, ascending
    QStringList types; // distinct, sorted
    // Timestamps never decrease in sequence order (the trail's own rule): sorting by time is the
    // sequence order.
    bool timeOrdered = true;

    // Sorts by sequence (when needed) and indexes. Any thread.
    static std::shared_ptr<const AuditRecordSet> build(std::vector<audit::Record> records);
    static const AuditRecordSet& empty();
    // Drops a reference where dropping the last one is cheap for the caller: large sets are
    // released on the thread pool, whoever holds them last.
    static void release(std::shared_ptr<const AuditRecordSet> set);
};

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

    // Replaces every record: a set built off the GUI thread (the swap is all that happens here),
    // or records indexed here (small sets). The records replaced are freed on the thread pool.
    void setRecordSet(std::shared_ptr<const AuditRecordSet> set);
    void setRecords(std::vector<audit::Record> records);
    void clear();
    // The records shown (never null).
    std::shared_ptr<const AuditRecordSet> recordSet() const { return m_set; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const std::vector<audit::Record>& records() const { return m_set->records; }
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
    std::shared_ptr<const AuditRecordSet> m_set;
};

} // namespace orch::ui
