#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "orchestrator.ui", QtInfoMsg)
