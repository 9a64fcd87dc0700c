#pragma once

#include <chrono>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QString>

#include "engine/enginehooks.h"

namespace orch {

class RedisConnection;

// The Scheduler's JobLock in Redis: one key per job, `{orch:<shard>}:lock:<job>` (RedisKeys), a
// hash with one field per scheduled time (ms since the epoch, engine clock):
//
//   "<t>" -> "running <token> <lease end, Redis server ms>"   while a process runs it
//   "<t>" -> "done <token>"                                    once it ran
//
//   tryAcquire  Lua: "done", or "running" by another token with its lease not over -> skip;
//               otherwise HSET "running <token> <now + lease>" and run
//   release     Lua: only if the field is still our "running", HSET "done <token>"
//
// So among the orchestrators sharing the key, each scheduled time runs once, whoever claims it
// first, whatever the order in which they reach the times (simulations of one instance may be at
// different days). A holder that died before finishing stops mattering when its lease ends: who
// reaches that time later runs it. Fields of
// times older than `keepDone` before the newest claim are pruned, and the key expires `keepDone`
// after the last claim. The token is unique per object ("host:pid:random"). A release that could
// not reach Redis is retried on the next call.
//
// Uses the connection of the store it was made for (RedisStateStore::connection()), from the
// same thread.
class RedisJobLock final : public JobLock
{
public:
    struct Options
    {
        std::chrono::milliseconds lease { std::chrono::minutes(30) }; // a claim being run
        std::chrono::milliseconds keepDone { std::chrono::hours(8 * 24) }; // claims that ran
    };

    RedisJobLock(RedisConnection& connection, QString shard);
    RedisJobLock(RedisConnection& connection, QString shard, Options options);
    Q_DISABLE_COPY_MOVE(RedisJobLock)

    Result<Claim> tryAcquire(const QString& job, TimeMs scheduledAt) override;
    void release(const QString& job, TimeMs scheduledAt) override;

    QByteArray key(const QString& job) const;
    QByteArray token() const { return m_token; }
    // Releases that are still waiting for Redis.
    int pendingReleases() const { return int(m_pendingReleases.size()); }

private:
    Result<bool> tryRelease(const QString& job, TimeMs scheduledAt);
    void retryReleases();

    RedisConnection& m_connection;
    QString m_shard;
    Options m_options;
    QByteArray m_token;
    std::vector<std::pair<QString, TimeMs>> m_pendingReleases;
};

} // namespace orch
