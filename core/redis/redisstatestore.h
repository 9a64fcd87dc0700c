#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <QString>

#include "redis/redisconnection.h"
#include "redis/redisjournal.h"
#include "redis/redisurl.h"
#include "store/statestore.h"

class QTimer;

namespace orch {

// What the Redis store is doing, for /metrics and the console.
struct RedisStoreStatus
{
    QString endpoint; // the URL without its password
    QString instance;
    bool connected = false;
    qint64 queuedWrites = 0; // acknowledged writes not yet in Redis (kept in the journal)
    qint64 replayedWrites = 0; // queued writes delivered since the store was opened
    qint64 restoredKeys
        = 0; // keys (and spend totals) written back from the local cache after Redis lost its data
    qint64 failedConnects = 0;
    QString lastError; // empty when none since the store was opened
};

// A StateStore that keeps component state (putState/state) in Redis under
// `{orch:<instance>}:state:<key>`, and governance spend (addSpend/spend) both in Redis and in the
// store it delegates everything else to (samples, detections, events, decisions, rollouts),
// normally the SQLite one.
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
// Spend is shared by every orchestrator (replica) on the Redis, so the governance cap holds
// fleet-wide: the month's total of a dealer is the field `dealer` of the hash
// `{orch:<spend instance>}:spend:<yyyy-MM>`, where the spend instance is the dealer's shard
// (Options::spendInstanceOf), so whoever holds a shard reads what its previous holder charged.
// - addSpend adds the charge to the delegate's own ledger (this replica's charges), then queues it
//   in the journal (fsynced, with a unique id) and delivers the queue: a Lua script adds it to the
//   total once per id, however often it is replayed (a retry after a lost reply, a restart with
//   the charge still queued, another replica's late replay);
// - spend() answers the largest of: Redis' total (while connected and nothing is queued), the
//   last total Redis reported plus this replica's still-queued charges (while Redis is away), and
//   the delegate's own total. Redis' total counts every replica's charges; the other two are
//   lower bounds of it that only matter when Redis lost data (then the larger value is written
//   back) or is unreachable. A month's total only grows, so the largest is the most complete.
//
// Like every StateStore, use one instance from the thread that opened it.
class RedisStateStore final : public StateStore
{
public:
    struct Options
    {
        // The hash tag of every key: several orchestrators (shards) can share one Redis.
        QString instance = QStringLiteral("default");
        // The instance (hash tag) a dealer's spend is kept under: sharded, the dealer's shard
        // ("<instance>-shard-<S>"), so every replica reads and adds to the same total. Not set:
        // `instance`.
        std::function<QString(const QString& dealer)> spendInstanceOf;
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
    // The hash holding `dealer`'s spend of `month` (an error for a bad month or spend instance).
    Result<QByteArray> spendKey(const QString& dealer, const QString& month) const;

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
    Result<RedisJournal::SpendCharge> spendCharge(const QString& dealer, const QString& month) const;
    Result<qint64> redisSpend(const RedisJournal::SpendCharge& keys, qint64 own);

    std::unique_ptr<StateStore> m_inner;
    std::unique_ptr<RedisJournal> m_journal;
    std::unique_ptr<RedisConnection> m_connection;
    std::unique_ptr<QTimer> m_timer;
    Options m_options;
    QByteArray m_epochKey;
    quint64 m_syncedGeneration = 0;
    qint64 m_replayed = 0;
    qint64 m_restored = 0;
    bool m_directDelivery = false; // addSpend delivering its own charge (not a replay)
    QString m_lastError;
};

} // namespace orch
