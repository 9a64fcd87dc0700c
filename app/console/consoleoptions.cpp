#include "consoleoptions.h"

#include <QFileInfo>

#include "language.h"
#include "spec/orchestratorspec.h"

namespace {

orch::Error badValue(const QCommandLineOption& option, const QString& expected, const QString& value)
{
    return orch::fail(ConsoleCommandLine::tr("--%1: expected %2, got \"%3\"")
                          .arg(option.names().constFirst(), expected, value));
}

} // namespace

ConsoleCommandLine::ConsoleCommandLine()
    : m_dataDir(QStringLiteral("data-dir"),
                tr("Keep the orchestrator's store in <dir> (default: a temporary directory)."),
                QStringLiteral("dir"))
    , m_spec(QStringLiteral("spec"), tr("Orchestrator spec document (default: the built-in SPEC.md values)."),
             QStringLiteral("file"))
    , m_dealers(QStringLiteral("dealers"), tr("Dealerships in the simulated fleet (default: 25)."),
                QStringLiteral("n"), QStringLiteral("25"))
    , m_seed(QStringLiteral("seed"), tr("Seed of the simulated fleet (default: 42)."), QStringLiteral("s"),
             QStringLiteral("42"))
    , m_tickMs(QStringLiteral("tick-ms"),
               tr("Wall-clock milliseconds per simulated 15-minute tick (default: 250)."),
               QStringLiteral("ms"), QStringLiteral("250"))
    , m_warmUpDays(QStringLiteral("warm-up-days"),
                   tr("Days simulated as fast as possible before the live pace starts (default: 8)."),
                   QStringLiteral("days"), QStringLiteral("8"))
    , m_screenshot(
          QStringLiteral("screenshot"),
          tr("Wait for the warm-up and a few live ticks, save every page as <dir>/<page>.png, and exit."),
          QStringLiteral("dir"))
    , m_language(QStringLiteral("language"),
                 tr("Use <lang> for this run: system, en, de or es (default: the choice in the View menu, "
                    "else the system's language)."),
                 QStringLiteral("lang"))
{
    m_parser.setApplicationDescription(
        tr("Autonomic Orchestrator console: watches an orchestrator running embedded on a simulated fleet."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOptions(
        { m_dataDir, m_spec, m_dealers, m_seed, m_tickMs, m_warmUpDays, m_screenshot, m_language });
}

bool ConsoleCommandLine::asksForHelpOrVersion(const QStringList& arguments)
{
    static const QStringList textOnly { QStringLiteral("-h"),     QStringLiteral("-?"),
                                        QStringLiteral("--help"), QStringLiteral("--help-all"),
                                        QStringLiteral("-v"),     QStringLiteral("--version") };
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--"))
            break;
        if (textOnly.contains(arguments.at(i)))
            return true;
    }
    return false;
}

QString ConsoleCommandLine::languageArgument(const QStringList& arguments)
{
    const QString option = QStringLiteral("--language");
    const QString prefix = option + u'=';
    QString value;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument == option && i + 1 < arguments.size())
            value = arguments.at(++i);
        else if (argument.startsWith(prefix))
            value = argument.mid(prefix.size());
    }
    return value;
}

orch::Result<qint64> ConsoleCommandLine::integer(const QCommandLineOption& option, qint64 min,
                                                 qint64 max) const
{
    const QString text = m_parser.value(option);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return badValue(option, tr("a whole number from %1 to %2").arg(min).arg(max), text);
    return value;
}

orch::Result<ConsoleOptions> ConsoleCommandLine::parse(const QStringList& arguments)
{
    if (!m_parser.parse(arguments))
        return orch::fail(m_parser.errorText());
    if (!m_parser.positionalArguments().isEmpty())
        return orch::fail(tr("unexpected argument \"%1\"").arg(m_parser.positionalArguments().constFirst()));

    ConsoleOptions options;
    orch::EmbeddedOptions& engine = options.engine;

    const auto dealers = integer(m_dealers, 1, 10'000);
    if (!dealers)
        return orch::fail(dealers.error());
    engine.dealers = int(*dealers);

    const QString seedText = m_parser.value(m_seed);
    bool seedOk = false;
    engine.seed = seedText.toULongLong(&seedOk);
    if (!seedOk)
        return badValue(m_seed, tr("a non-negative whole number"), seedText);

    const auto tickMs = integer(m_tickMs, 1, 3'600'000);
    if (!tickMs)
        return orch::fail(tickMs.error());
    engine.tickIntervalMs = int(*tickMs);

    const auto warmUpDays = integer(m_warmUpDays, 0, 366);
    if (!warmUpDays)
        return orch::fail(warmUpDays.error());
    engine.warmUpDays = int(*warmUpDays);

    if (m_parser.isSet(m_dataDir)) {
        engine.dataDir = m_parser.value(m_dataDir);
        const QFileInfo info(engine.dataDir);
        if (engine.dataDir.isEmpty() || (info.exists() && !info.isDir()))
            return badValue(m_dataDir, tr("a directory"), engine.dataDir);
    }

    if (m_parser.isSet(m_spec)) {
        engine.specFile = m_parser.value(m_spec);
        if (!QFileInfo(engine.specFile).isFile())
            return badValue(m_spec, tr("an existing spec file"), engine.specFile);
        // Refused here, with every field error, rather than as a failed start in the window.
        const auto spec = orch::OrchestratorSpec::fromFile(engine.specFile);
        if (!spec)
            return orch::fail(QStringLiteral("--spec %1:\n%2").arg(engine.specFile, spec.error()));
    }

    if (m_parser.isSet(m_language)) {
        options.language = m_parser.value(m_language);
        if (!orch::ui::LanguageController::isValidChoice(options.language)) {
            const QStringList choices = QStringList { orch::ui::LanguageController::systemChoice() }
                + orch::ui::LanguageController::languages();
            return badValue(m_language, tr("one of %1").arg(choices.join(QStringLiteral(", "))),
                            options.language);
        }
    }

    if (m_parser.isSet(m_screenshot)) {
        options.screenshotDir = m_parser.value(m_screenshot);
        const QFileInfo info(options.screenshotDir);
        if (options.screenshotDir.isEmpty() || (info.exists() && !info.isDir()))
            return badValue(m_screenshot, tr("a directory"), options.screenshotDir);
    }
    return options;
}
