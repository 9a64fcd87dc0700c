#include "learning/learninglogging.h"

Q_LOGGING_CATEGORY(lcLearning, "orchestrator.learning", QtInfoMsg)
