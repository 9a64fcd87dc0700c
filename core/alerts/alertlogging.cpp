#include "alerts/alertlogging.h"

Q_LOGGING_CATEGORY(lcAlerts, "orchestrator.alerts", QtInfoMsg)
