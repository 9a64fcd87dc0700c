#pragma once

#include <QStringList>

#include "cli.h"

// orchestratorctl's commands. Each returns the process exit status: 0 ok, 1 a check failed (the
// verdict is negative), 2 bad usage or input — always with a message on stderr for 1 and 2.
namespace ctl {

int specCommand(const QStringList& args);
int driftCommand(const QStringList& args);
int rewardCommand(const QStringList& args);
int simulateCommand(const QStringList& args);
int importCommand(const QStringList& args);
int auditCommand(const QStringList& args);

} // namespace ctl
