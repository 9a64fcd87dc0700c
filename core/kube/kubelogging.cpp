#include "kube/kubelogging.h"

Q_LOGGING_CATEGORY(lcKube, "orchestrator.kube", QtInfoMsg)
