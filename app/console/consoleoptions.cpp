#include "consoleoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

#include "spec/orchestratorspec.h"

namespace {

struct Options
{
    QCommandLineOption dataDir { QStringLiteral("data-dir"),
                                 QCoreApplication::translate("main",
                                                             "Keep the orchestrator's store in <dir> "
                                                             "(default: a temporary directory)."),
                                 QStringLiteral("dir") };
    QCommandLineOption spec { QStringLiteral("spec"),
                              QCoreApplication::translate("main",
                                                          "Orchestrator spec document (default: the "
                                                          "built-in SPEC.md values)."),
                              QStringLiteral("file") };
    QCommandLineOption dealers { QStringLiteral("dealers"),
                                 QCoreApplication::translate("main", "Dealerships in the simulated fleet."),
                                 QStringLiteral("n"), QStringLiteral("25") };
    QCommandLineOption seed { QStringLiteral("seed"),
                              QCoreApplication::translate("main", "Seed of the simulated fleet."),
                              QStringLiteral("s"), QStringLiteral("42") };
    QCommandLineOption tickMs { QStringLiteral("tick-ms"),
                                QCoreApplication::translate("main",
                                                            "Wall-clock milliseconds per simulated "
                                                            "15-minute tick."),
                                QStringLiteral("ms"), QStringLiteral("250") };
    QCommandLineOption warmUpDays { QStringLiteral("warm-up-days"),
                                    QCoreApplication::translate("main",
                                                                "Days simulated as fast as possible "
                                                                "before the live pace starts."),
                                    QStringLiteral("days"), QStringLiteral("8") };
    QCommandLineOption screenshot { QStringLiteral("screenshot"),
                                    QCoreApplication::translate("main",
                                                                "Wait for the warm-up and a few live "
                                                                "ticks, save every page as "
                                                                "<dir>/<page>.png, and exit."),
                                    QStringLiteral("dir") };
};

orch::Error badValue(const QCommandLineOption& option, const QString& expected, const QString& value)
{
    return orch::fail(QCoreApplication::translate("main", "--%1: expected %2, got \"%3\"")
                          .arg(option.names().constFirst(), expected, value));
}

orch::Result<qint64> integerOption(const QCommandLineParser& parser, const QCommandLineOption& option,
                                   qint64 min, qint64 max)
{
    const QString text = parser.value(option);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        return badValue(option,
                        QCoreApplication::translate("main", "a whole number from %1 to %2").arg(min).arg(max),
                        text);
    }
    return value;
}

} // namespace

orch::Result<ConsoleOptions> parseConsoleOptions(QCommandLineParser& parser, const QStringList& arguments)
{
    const Options o;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Autonomic Orchestrator console: watches an orchestrator running embedded on a simulated fleet."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({ o.dataDir, o.spec, o.dealers, o.seed, o.tickMs, o.warmUpDays, o.screenshot });

    if (!parser.parse(arguments))
        return orch::fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        return orch::fail(QCoreApplication::translate("main", "unexpected argument \"%1\"")
                              .arg(parser.positionalArguments().constFirst()));
    }

    ConsoleOptions options;
    orch::EmbeddedOptions& engine = options.engine;

    const auto dealers = integerOption(parser, o.dealers, 1, 10000);
    if (!dealers)
        return orch::fail(dealers.error());
    engine.dealers = int(*dealers);

    const QString seedText = parser.value(o.seed);
    bool seedOk = false;
    engine.seed = seedText.toULongLong(&seedOk);
    if (!seedOk)
        return badValue(o.seed, QCoreApplication::translate("main", "a non-negative whole number"), seedText);

    const auto tickMs = integerOption(parser, o.tickMs, 1, 3'600'000);
    if (!tickMs)
        return orch::fail(tickMs.error());
    engine.tickIntervalMs = int(*tickMs);

    const auto warmUpDays = integerOption(parser, o.warmUpDays, 0, 366);
    if (!warmUpDays)
        return orch::fail(warmUpDays.error());
    engine.warmUpDays = int(*warmUpDays);

    if (parser.isSet(o.dataDir)) {
        engine.dataDir = parser.value(o.dataDir);
        const QFileInfo info(engine.dataDir);
        if (engine.dataDir.isEmpty() || (info.exists() && !info.isDir()))
            return badValue(o.dataDir, QCoreApplication::translate("main", "a directory"), engine.dataDir);
    }

    if (parser.isSet(o.spec)) {
        engine.specFile = parser.value(o.spec);
        if (!QFileInfo(engine.specFile).isFile())
            return badValue(o.spec, QCoreApplication::translate("main", "an existing spec file"),
                            engine.specFile);
        // Refused here, with every field error, rather than as a failed start in the window.
        const auto spec = orch::OrchestratorSpec::fromFile(engine.specFile);
        if (!spec)
            return orch::fail(QStringLiteral("--spec %1:\n%2").arg(engine.specFile, spec.error()));
    }

    if (parser.isSet(o.screenshot)) {
        options.screenshotDir = parser.value(o.screenshot);
        const QFileInfo info(options.screenshotDir);
        if (options.screenshotDir.isEmpty() || (info.exists() && !info.isDir()))
            return badValue(o.screenshot, QCoreApplication::translate("main", "a directory"),
                            options.screenshotDir);
    }
    return options;
}
