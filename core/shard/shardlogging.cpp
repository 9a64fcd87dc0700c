#include "shard/shardlogging.h"

Q_LOGGING_CATEGORY(lcShard, "orchestrator.shard", QtInfoMsg)
