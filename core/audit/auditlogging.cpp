#include "audit/auditlogging.h"

Q_LOGGING_CATEGORY(lcAudit, "orchestrator.audit", QtInfoMsg)
