#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "client/embeddedclient.h"
#include "common/result.h"

// What the console was asked to do on its command line.
struct ConsoleOptions
{
    orch::EmbeddedOptions engine;
    // --screenshot DIR: grab every page into DIR and exit.
    QString screenshotDir;
    // --language: "system", "en", "de" or "es" for this run; empty: the stored choice.
    QString language;
};

// The console's command line: the options (with --help and --version) and their validation.
class ConsoleCommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(ConsoleCommandLine)
public:
    ConsoleCommandLine();
    Q_DISABLE_COPY_MOVE(ConsoleCommandLine)

    // Whether the arguments ask for --help, --help-all or --version: those are answered from a
    // QCoreApplication, so they work without a display.
    static bool asksForHelpOrVersion(const QStringList& arguments);
    // The value of --language in `arguments` (empty when absent), before any parsing: the
    // translators go in before the option texts and errors are made.
    static QString languageArgument(const QStringList& arguments);

    // Parses and validates `arguments`; an error names the option and the value.
    orch::Result<ConsoleOptions> parse(const QStringList& arguments);

    QCommandLineParser& parser() { return m_parser; }

private:
    orch::Result<qint64> integer(const QCommandLineOption& option, qint64 min, qint64 max) const;

    QCommandLineParser m_parser;
    const QCommandLineOption m_dataDir;
    const QCommandLineOption m_spec;
    const QCommandLineOption m_dealers;
    const QCommandLineOption m_seed;
    const QCommandLineOption m_tickMs;
    const QCommandLineOption m_warmUpDays;
    const QCommandLineOption m_screenshot;
    const QCommandLineOption m_language;
};
