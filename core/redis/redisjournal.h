#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include "common/result.h"

namespace orch {

// The local side of the Redis state store, in a SQLite file of its own (WAL, held exclusively by
// one process; queued writes are committed with synchronous=FULL):
// - the queue: every write not yet acknowledged by Redis, in order, with its full Redis key: a
//   component state (SET) or a governance charge (counted once by its id, see RedisStateStore);
// - the cache: the last value written or read of every state key, answering reads while Redis is
//   away; and the last total Redis reported of every (spend hash, dealer).
// A write is acknowledged to the caller only once it is in Redis or committed here.
class RedisJournal final
{
public:
    // 2: governance charges in the queue, the spend cache.
    static constexpr int kSchemaVersion = 2;

    enum class Op
    {
        Set = 0, // SET redisKey value
        AddSpend = 1, // the charge `charge` of `micros` to `dealer` in the hash redisKey
    };

    // A charge of a dealer's monthly spend, as queued and as replayed.
    struct SpendCharge
    {
        QByteArray totalsKey; // {orch:<shard>}:spend:<month>
        QByteArray chargesKey; // {orch:<shard>}:spend:<month>:charges
        QString dealer;
        QByteArray charge; // a unique id
        qint64 micros = 0;
        qint64 floor = 0; // the total is at least this after the charge (this replica's own total)
        qint64 expireAt = 0; // Unix seconds, for both keys
    };

    struct Entry
    {
        qint64 seq = 0;
        Op op = Op::Set;
        QByteArray redisKey;
        QByteArray value; // Set
        SpendCharge spend; // AddSpend (redisKey is spend.totalsKey)
    };

    // The last total Redis reported for a dealer in a spend hash.
    struct SpendTotal
    {
        QByteArray totalsKey;
        QString dealer;
        qint64 total = 0;
        qint64 expireAt = 0;
    };

    // Opens (creating) the file; refuses one written for another instance, so queued writes are
    // never replayed under the wrong hash tag.
    static Result<std::unique_ptr<RedisJournal>> open(const QString& path, const QString& instance);
    ~RedisJournal();
    Q_DISABLE_COPY_MOVE(RedisJournal)

    QString path() const { return m_path; }
    qint64 queued() const { return m_queued; }

    Status cache(const QString& key, const QByteArray& value);
    // Caches the value and queues the write, in one transaction.
    Status cacheAndEnqueue(const QString& key, const QByteArray& redisKey, const QByteArray& value);
    Result<std::optional<QByteArray>> cached(const QString& key);
    Result<std::vector<std::pair<QString, QByteArray>>> cachedAll();

    // Queues a charge (fsynced: it is acknowledged once here).
    Status enqueueSpend(const SpendCharge& charge);
    // The sum of the queued charges of a dealer in a spend hash.
    Result<qint64> queuedSpend(const QByteArray& totalsKey, const QString& dealer);
    // Records a total Redis reported; a smaller one than cached is ignored (a month's total only grows).
    Status cacheSpend(const SpendTotal& total);
    Result<std::optional<qint64>> cachedSpend(const QByteArray& totalsKey, const QString& dealer);
    Result<std::vector<SpendTotal>> cachedSpends();

    // The oldest queued writes, at most `limit`, in order.
    Result<std::vector<Entry>> pending(int limit);
    // Removes the queued writes with seq <= `seq` (delivered) and caches the spend totals Redis
    // answered for them, in one transaction (a total never counts a charge that is still queued).
    Status removeUpTo(qint64 seq, const std::vector<SpendTotal>& totals = {});

private:
    RedisJournal(QString connectionName, QString path);
    Status initialize(const QString& instance);
    // Runs `write` in a transaction committed with synchronous=FULL.
    Status durably(const QString& what, const std::function<Status()>& write);
    Status writeSpendCache(const SpendTotal& total);
    void rememberSpend(const SpendTotal& total);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    qint64 m_queued = 0;
    std::map<std::pair<QByteArray, QString>, qint64> m_spendCache; // the spend_cache table
};

} // namespace orch
