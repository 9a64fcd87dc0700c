#pragma once

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
// - the queue: every write not yet acknowledged by Redis, in order, with its full Redis key;
// - the cache: the last value written or read of every key, answering reads while Redis is away.
// A write is acknowledged to the caller only once it is in Redis or committed here.
class RedisJournal final
{
public:
    static constexpr int kSchemaVersion = 1;

    struct Entry
    {
        qint64 seq = 0;
        QByteArray redisKey;
        QByteArray value;
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

    // The oldest queued writes, at most `limit`, in order.
    Result<std::vector<Entry>> pending(int limit);
    // Removes the queued writes with seq <= `seq` (delivered).
    Status removeUpTo(qint64 seq);

private:
    RedisJournal(QString connectionName, QString path);
    Status initialize(const QString& instance);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    qint64 m_queued = 0;
};

} // namespace orch
