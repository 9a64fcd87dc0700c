#pragma once

#include <chrono>
#include <memory>

#include <QString>

#include "redis/redisconnection.h"
#include "redis/redisurl.h"
#include "store/statestore.h"

class QTimer;

namespace orch {

class RedisJournal;

// What the Redis store is doing, for /metrics and the console.
struct RedisStoreStatus
{
    QString endpoint; // the URL without its password
    QString instance;
    bool connected = false;
    qint64 queuedWrites = 0; // acknowledged writes not yet in Redis (kept in the journal)
    qint64 replayedWrites = 0; // queued writes delivered since the store was opened
    qint64 restoredKeys = 0; // keys written back from the local cache after Redis lost its data
    qint64 failedConnects = 0;
    QString lastError; // empty when none since the store was opened
};

// A StateStore that keeps component state (putState/state) in Redis under
// `{orch:<instance>}:state:<key>` and delegates everything else (samples, detections, events,
// spend, decisions, rollouts) to another store, normally the SQLite one.
//
// Redis may go away at any time; the orchestrator keeps working:
// - putState is acknowledged once the value is in Redis, or, while Redis is unreachable, once it
//   is queued in the journal (a SQLite file of its own, fsynced);
// - the queue is replayed in order as soon as Redis is back (on the next call, from a timer in the
//   opening thread, or from flush()), with the connection's backoff between attempts; it survives
//   a restart of the process;
// - state() answers from Redis, or from the journal's write-through cache while Redis is away or
//   writes are still queued;
// - when Redis comes back without this instance's data (restarted without persistence,
//   flushed, a new server), the epoch marker is missing and every cached key is written back.
//
// Like every StateStore, use one instance from the thread that opened it.
class RedisStateStore final : public StateStore
{
public:
    struct Options
    {
        // The hash tag of every key: several orchestrators (shards) can share one Redis.
        QString instance = QStringLiteral("default");
        // The journal file (queue + cache); typically DATA/redis-journal-<instance>.db.
        QString journalPath;
        RedisConnection::Options connection;
        // Writes replayed per round trip.
        int replayBatch = 256;
        // How often the opening thread's event loop retries a queued replay and checks the
        // connection; 0 turns the timer off (calls and flush() still replay).
        std::chrono::milliseconds maintenanceInterval { 1000 };
    };

    // DATA/redis-journal-<instance>.db
    static QString defaultJournalPath(const QString& dataDir, const QString& instance);

    // Opens the journal and tries to connect. An unreachable Redis is not an error (the store
    // starts disconnected and queues); a refused AUTH or SELECT, a bad instance name or an
    // unusable journal are.
    static Result<std::unique_ptr<RedisStateStore>> open(const RedisUrl& url,
                                                         std::unique_ptr<StateStore> inner, Options options);

    ~RedisStateStore() override;
    Q_DISABLE_COPY_MOVE(RedisStateStore)

    RedisStoreStatus status() const;
    // Reconnects when the backoff allows and delivers the queue; an error while writes remain
    // queued or Redis is unreachable.
    Status flush();
    // The full Redis key of a state key.
    QByteArray redisKey(const QString& key) const;

    StateStore& inner() { return *m_inner; }
    // The store's connection, which LeaseLocks of this process may share.
    RedisConnection& connection() { return *m_connection; }

    Status putState(const QString& key, const QByteArray& value) override;
    Result<std::optional<QByteArray>> state(const QString& key) override;

    Status appendSamples(std::span<const Sample> samples) override;
    Result<std::vector<Sample>> samples(const QString& dealer, const QString& feature, TimeMs from,
                                        TimeMs to) override;
    Result<qint64> sampleCount() override;
    Result<std::vector<std::pair<QString, QString>>> series() override;

    Result<qint64> insertDetection(const Detection& detection) override;
    Status updateDetection(const Detection& detection) override;
    Result<std::vector<Detection>> detections(TimeMs from, TimeMs to, int limit) override;

    Result<qint64> appendEvent(const EventRecord& event) override;
    Result<std::vector<EventRecord>> events(qint64 afterId, int limit) override;

    Status addSpend(const QString& dealer, const QString& month, qint64 microDollars) override;
    Result<qint64> spend(const QString& dealer, const QString& month) override;

    Status appendDecisions(std::span<DecisionRecord> decisions) override;
    Status setOutcomes(std::span<const DecisionRecord> decisions) override;
    Result<std::vector<DecisionRecord>> decisions(qint64 afterId, TimeMs from, TimeMs to, int limit) override;
    Result<std::vector<DecisionRecord>> pendingOutcomes() override;

    Result<qint64> insertRollout(const RolloutRecord& rollout) override;
    Status updateRollout(const RolloutRecord& rollout) override;
    Result<std::vector<RolloutRecord>> rollouts(bool activeOnly, int limit) override;

private:
    RedisStateStore(const RedisUrl& url, std::unique_ptr<StateStore> inner,
                    std::unique_ptr<RedisJournal> journal, Options options);

    // Connected, with the journal replayed and the data checked since the last (re)connection.
    Status ready();
    Status synchronize();
    Status replayQueue();
    Status restoreFromCache();
    Status noteFailure(const Status& status);
    void maintain();

    std::unique_ptr<StateStore> m_inner;
    std::unique_ptr<RedisJournal> m_journal;
    std::unique_ptr<RedisConnection> m_connection;
    std::unique_ptr<QTimer> m_timer;
    Options m_options;
    QByteArray m_epochKey;
    quint64 m_syncedGeneration = 0;
    qint64 m_replayed = 0;
    qint64 m_restored = 0;
    QString m_lastError;
};

} // namespace orch
