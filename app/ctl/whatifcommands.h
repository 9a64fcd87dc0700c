#pragma once

#include <QStringList>

#include "cli.h"

namespace ctl {

// orchestratorctl whatif reward|policy|rules (docs/whatif.md): JSON on stdout; exit 0 answered,
// 2 bad usage or input, or an estimate the decision log cannot support (the JSON and stderr say
// why).
int whatifCommand(const QStringList& args);

} // namespace ctl
