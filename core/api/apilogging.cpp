#include "api/apilogging.h"

Q_LOGGING_CATEGORY(lcApi, "orchestrator.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "orchestrator.http", QtWarningMsg)
