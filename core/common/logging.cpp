#include "common/logging.h"

Q_LOGGING_CATEGORY(lcSpec, "orchestrator.spec", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "orchestrator.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "orchestrator.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "orchestrator.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "orchestrator.client", QtInfoMsg)
