#pragma once

#include <QString>
#include <QStringList>

#include "client/embeddedclient.h"
#include "common/result.h"

class QCommandLineParser;

// What the console was asked to do on its command line.
struct ConsoleOptions
{
    orch::EmbeddedOptions engine;
    // --screenshot DIR: grab every page into DIR and exit.
    QString screenshotDir;
};

// Declares the console's options on `parser` (with --help and --version), parses `arguments` and
// validates the values. --help and --version print and exit the process (QCommandLineParser);
// anything wrong is an error naming the option and the value.
orch::Result<ConsoleOptions> parseConsoleOptions(QCommandLineParser& parser, const QStringList& arguments);
