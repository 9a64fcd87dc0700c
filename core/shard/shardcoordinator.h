#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <QString>
#include <QStringView>

#include "common/result.h"
#include "shard/shardmap.h"

namespace orch {

class LeaseLock;
class RedisConnection;

// Shard ownership among replicas sharing one Redis. Replica k is the home of shard k and holds
// its lease (a LeaseLock, {orch:<instance>-shard-k}:lock:owner) as long as it lives. When a
// replica dies its lease expires, and the first other replica to see that takes the shard over;
// it hands the shard back as soon as the home replica's heartbeat ({...}:home, renewed with the
// lease) is back, and the home replica acquires its lease once it is free again. So every shard
// has at most one owner at any time (the lease), and at least one within a lease time of a
// replica dying, as long as any replica lives.
//
// A replica takes nothing over during its first lease time, so replicas starting together each
// get their own shard first.
//
// maintain() does one round (renew, take over, hand back); call it every lease/3 on the engine
// thread. A Redis error keeps the shards whose lease is still certainly ours (LeaseLock::isHeld)
// and drops the others: a replica cut off from Redis stops claiming what it cannot prove.
class ShardCoordinator final
{
public:
    struct Settings
    {
        ShardAssignment assignment;
        QString instance = QStringLiteral("default");
        std::chrono::milliseconds lease { 15000 };
    };

    ShardCoordinator(RedisConnection& connection, Settings settings);
    ~ShardCoordinator();
    Q_DISABLE_COPY_MOVE(ShardCoordinator)

    // One round. Returns whether the set of owned shards changed.
    Result<bool> maintain();
    // Gives up every shard (releases leases, removes the heartbeat): for a clean shutdown.
    void releaseAll();

    const Settings& settings() const { return m_settings; }
    // The shards owned now, ascending (the home shard first when owned).
    std::vector<int> ownedShards() const;
    bool ownsShard(int shard) const;
    bool owns(QStringView dealer) const;

private:
    bool holds(int shard) const;
    Status heartbeat();
    Result<bool> homeAlive(int shard);

    RedisConnection& m_connection;
    Settings m_settings;
    std::vector<std::unique_ptr<LeaseLock>> m_leases; // one per shard
    std::vector<bool> m_owned;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

} // namespace orch
