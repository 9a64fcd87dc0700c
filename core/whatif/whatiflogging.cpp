#include "whatif/whatiflogging.h"

Q_LOGGING_CATEGORY(lcWhatIf, "orchestrator.whatif", QtInfoMsg)
