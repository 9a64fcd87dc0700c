#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <QString>
#include <QStringList>

#include "client/clienttypes.h"
#include "common/result.h"
#include "engine/enginehooks.h"
#include "shard/shardcoordinator.h"
#include "store/statestore.h"

class QTimer;

namespace orch {
class FleetSession;
class Orchestrator;
class RedisConnection;
class RedisJobLock;
} // namespace orch

namespace orch::api {

class ApiService;
class EngineHost;

// orchestratord's side of sharding (docs/sharding.md): replica K of N handles the dealers of the
// shards it holds — its home shard K, plus any it took over from a replica whose lease expired —
// and nothing else.
//
// - Ownership is the ShardCoordinator's (core/shard): a LeaseLock per shard in Redis, renewed by
//   maintain() every lease/3 on the engine thread (a timer of the thread attach() ran on).
// - The dealer filter goes into the Orchestrator (ingest refuses other dealers, the RLController
//   decides for handled dealers only, governance counts them) and into the simulated fleet
//   (only handled dealers report samples and learner observations).
// - Governance spend is kept in Redis under each dealer's shard (spendInstances()); when the held
//   shards change, the orchestrator's ledger forgets what it had read, so a shard taken over (or
//   taken back) is charged on top of what its previous holder charged.
// - The daily jobs claim their scheduled time once per held shard (a RedisJobLock per shard,
//   `{orch:<instance>-shard-<i>}:lock:<job>`): a run covers the shards whose claim it won, so the
//   02:00Z learner runs once per shard even when a shard changes hands in between.
//
// Engine thread only, except what is noted.
class ShardHost final : public JobLock
{
public:
    struct Settings
    {
        ShardAssignment assignment;
        QString instance = QStringLiteral("default");
        std::chrono::milliseconds lease { 15000 };
        QString redisEndpoint; // without password, for the status
    };

    // Where the Redis state store keeps a dealer's governance spend: under its shard's instance
    // ("<instance>-shard-<S>"), whichever replica charges it, so the monthly cap holds across a
    // takeover (RedisStateStore::Options::spendInstanceOf).
    static std::function<QString(const QString& dealer)> spendInstances(const QString& instance, int count);

    ShardHost(RedisConnection& connection, Settings settings);
    ~ShardHost() override;
    Q_DISABLE_COPY_MOVE(ShardHost)

    // Sets the dealer filter of the orchestrator (and of the session, when simulating), makes the
    // first round (the home shard, when free) and starts renewing. `changed` runs (engine thread)
    // whenever the held shards changed.
    void attach(Orchestrator& orchestrator, FleetSession* session, std::function<void()> changed);
    // One round of the coordinator; an error when Redis could not be asked (what is certainly
    // still ours is kept).
    Status maintain();
    // Gives every shard up at once (clean shutdown): the others take them over at their next round.
    void releaseAll();

    // Whether this replica handles the dealer now. While a daily job runs: only the dealers of the
    // shards whose claim that run won.
    bool handles(const QString& dealer) const;
    // The shard a dealer belongs to.
    int shardOf(const QString& dealer) const;
    // For the ingest endpoint: the first sample whose dealer this replica does not handle, with a
    // message naming the dealer, its shard and (asked from Redis) the replica holding it.
    struct Misdirected
    {
        std::size_t index = 0;
        QString message;
    };
    std::optional<Misdirected> misdirected(std::span<const Sample> samples);

    // The status (GET /api/v1/shard with the dealer list and jobs; whoami takes brief()).
    ShardStatus status() const;
    const Settings& settings() const { return m_settings; }

    // JobLock: one claim per held shard.
    Result<Claim> tryAcquire(const QString& job, TimeMs scheduledAt) override;
    void release(const QString& job, TimeMs scheduledAt) override;

private:
    RedisJobLock& lockFor(int shard);
    ShardJobRuns& runsOf(const QString& job, int shard);
    void ran(const QString& job, int shard, TimeMs scheduledAt);
    QStringList knownDealers() const;

    RedisConnection& m_connection;
    Settings m_settings;
    ShardCoordinator m_coordinator;
    std::map<int, std::unique_ptr<RedisJobLock>> m_locks;
    std::map<std::pair<QString, int>, ShardJobRuns> m_runs;
    Orchestrator* m_orchestrator = nullptr;
    FleetSession* m_session = nullptr;
    std::function<void()> m_changed;
    std::unique_ptr<QTimer> m_timer;
    std::vector<int> m_lastHeld;
    QString m_lastError;

    // The run in progress of an exclusive job: the shards it covers and those it claimed.
    struct Scope
    {
        QString job;
        TimeMs at = 0;
        std::vector<int> shards; // ascending
        std::vector<int> claimed;
    };
    std::optional<Scope> m_scope;

    // The handled dealers, recomputed when the held shards or the known dealers change.
    mutable std::vector<int> m_cachedHeld;
    mutable qsizetype m_cachedKnown = -1;
    mutable QStringList m_cachedDealers;
};

// GET /api/v1/shard (viewer): this replica's ShardStatus with its dealers and daily jobs; 404
// not_available when the orchestrator is not sharded.
void registerShardRoutes(ApiService& service);

// For the ingest endpoint (engine thread): throws 421 misdirected when a sample's dealer belongs to
// a shard this replica does not hold, naming the sample (`where(i)`: its JSON path and line).
void refuseMisdirected(EngineHost& engine, std::span<const Sample> samples,
                       const std::function<std::pair<QString, std::optional<qint64>>(std::size_t)>& where);

} // namespace orch::api
