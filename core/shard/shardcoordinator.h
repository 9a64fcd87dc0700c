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
    // The shards owned now, ascending. A shard counts only while its lease is certainly ours
    // (LeaseLock::isHeld): a replica whose engine stalled past its lease owns nothing until the
    // next maintain() has renewed it, so two replicas never handle one dealer at once.
    std::vector<int> ownedShards() const;
    bool ownsShard(int shard) const;
    bool owns(QStringView dealer) const;
    // Who holds the shard's lease now: "host:pid" of its token (the random part left out), or
    // none when nobody does. One Redis round trip: for error messages, not for decisions.
    Result<std::optional<QString>> holderOf(int shard);

    // Since construction: shards taken over from a dead replica, and handed back to theirs.
    qint64 takeovers() const { return m_takeovers; }
    qint64 handbacks() const { return m_handbacks; }

private:
    bool holds(int shard) const;
    Status heartbeat();
    Result<bool> homeAlive(int shard);

    RedisConnection& m_connection;
    Settings m_settings;
    std::vector<std::unique_ptr<LeaseLock>> m_leases; // one per shard
    std::vector<bool> m_owned;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    qint64 m_takeovers = 0;
    qint64 m_handbacks = 0;
};

} // namespace orch
