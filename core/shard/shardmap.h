#pragma once

#include <QString>
#include <QStringView>

#include "common/result.h"

namespace orch {

// How a fleet is split between replicas: replica k of n owns the dealers whose stable hash falls
// in shard k. The hash (FNV-1a of the dealer id through splitmix64) is the same in every process
// and Qt version, so replicas agree on the split without talking to each other.
struct ShardAssignment
{
    int index = 0; // k, 0-based
    int count = 1; // n

    bool sharded() const { return count > 1; }
    // "2/3" (k/n, 0-based k): what --shard takes.
    static Result<ShardAssignment> parse(const QString& text);
    // The StatefulSet way: k is the ordinal at the end of the pod's host name
    // ("orchestratord-2" -> 2), n comes from the caller (--shards or the replica count).
    static Result<ShardAssignment> fromHostname(const QString& hostname, int count);
    QString toString() const;
};

// The shard (0..count-1) a dealer belongs to.
int shardOf(QStringView dealer, int count);

// The instance name of shard `index` in Redis keys: "<instance>-shard-<index>".
QString shardInstance(const QString& instance, int index);

} // namespace orch
