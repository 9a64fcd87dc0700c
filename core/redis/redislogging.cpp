#include "redis/redislogging.h"

Q_LOGGING_CATEGORY(lcRedis, "orchestrator.redis", QtInfoMsg)
