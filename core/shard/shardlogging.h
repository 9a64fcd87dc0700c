#pragma once

#include <QLoggingCategory>

// Shard ownership: leases taken, renewed, taken over and handed back (core/shard, core/api/shardhost).
Q_DECLARE_LOGGING_CATEGORY(lcShard)
