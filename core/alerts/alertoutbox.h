#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <QList>
#include <QLockFile>
#include <QSqlDatabase>
#include <QString>

#include "alerts/alert.h"
#include "common/result.h"

namespace orch::alerts {

// The persistent outbox: alerts and their per-channel deliveries in a SQLite file of their own
// (WAL, synchronous=FULL: a row is on disk when a write returns), independent of the state store.
// One process at a time: a lock file next to the database refuses a second opener, since two
// dispatchers on one outbox would both deliver. Not thread-safe: use it from one thread.
class AlertOutbox final
{
public:
    static Result<std::unique_ptr<AlertOutbox>> open(const QString& path);
    ~AlertOutbox();
    Q_DISABLE_COPY_MOVE(AlertOutbox)

    const QString& path() const { return m_path; }

    struct Inserted
    {
        QList<qint64> ids; // one delivery per channel, in the order of `channels`
        bool existing = false; // the idempotency key was already there: nothing was added
    };
    // Writes the alert and one pending delivery per channel in one transaction, due at `now`.
    Result<Inserted> insert(const Alert& alert, const QList<Channel>& channels, TimeMs now,
                            TimeMs deadlineAt);

    // Whether an alert with this idempotency key was ever enqueued (and not pruned since).
    Result<bool> hasIdempotencyKey(const QString& key);

    // Stores the mutable fields of a delivery (state, attempts, in flight, times, status, error).
    Status save(const Delivery& delivery);

    // Deliveries still pending, in id order (the order of delivery within a dedup key).
    Result<std::vector<Delivery>> pending();
    Result<std::optional<Delivery>> delivery(qint64 id);
    // Newest first, optionally of one state, with id < beforeId (0: no bound), at most `limit`.
    Result<std::vector<Delivery>> deliveries(std::optional<DeliveryState> state, qint64 beforeId, int limit);
    Result<std::map<Channel, DeliveryCounts>> counts();

    // After a crash: deliveries whose request was in flight are counted as interrupted and made due
    // again. Returns how many.
    Result<int> recoverInterrupted(TimeMs now);
    // Removes delivered and dead-lettered deliveries finished before `before`, and alerts left
    // without deliveries. Returns how many deliveries went.
    Result<int> pruneFinished(TimeMs before);

private:
    AlertOutbox(QString connectionName, QString path, std::unique_ptr<QLockFile> lock);
    Status initialize();
    Result<std::vector<Delivery>> select(const QString& where, const QVariantList& bindings);

    QString m_connectionName;
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    QSqlDatabase m_db;
};

} // namespace orch::alerts
