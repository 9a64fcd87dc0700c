#pragma once

#include <QByteArray>
#include <QString>

#include "common/result.h"

namespace orch {

// The key layout in Redis. Every key of one orchestrator instance (or shard) carries the hash tag
// `{orch:<instance>}`, so a Redis Cluster puts them all in one slot (and a Lua script or MULTI may
// touch several of them):
//
//   {orch:<instance>}:state:<key>   component state (StateStore::putState), a string
//   {orch:<instance>}:epoch         written once the instance's state is in Redis; when it is
//                                   missing, Redis has lost its data and the store restores it
//   {orch:<shard>}:lock:<job>       a LeaseLock: the holder's token, with the lease as TTL
//   {orch:<instance>}:spend:<yyyy-MM>          governance spend of a month: a hash, field the dealer,
//                                              value the month's total in micro-dollars (sharded:
//                                              under the DEALER's shard, "<instance>-shard-<S>")
//   {orch:<instance>}:spend:<yyyy-MM>:charges  the ids of the charges counted in it (a set): a
//                                              replayed charge is counted once
namespace RedisKeys {

// An instance or shard name: 1 to 64 characters of [A-Za-z0-9._:-] (no braces, which would end
// the hash tag, and nothing that needs quoting in redis-cli).
Status checkInstance(const QString& instance);

QByteArray hashTag(const QString& instance); // "{orch:<instance>}"
QByteArray state(const QString& instance, const QString& key);
QByteArray epoch(const QString& instance);
QByteArray lock(const QString& shard, const QString& job);
QByteArray spend(const QString& instance, const QString& month);
QByteArray spendCharges(const QString& instance, const QString& month);

} // namespace RedisKeys

} // namespace orch
