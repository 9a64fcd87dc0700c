#include "metricsstore/metricslogging.h"

Q_LOGGING_CATEGORY(lcMetrics, "orchestrator.metrics", QtInfoMsg)
