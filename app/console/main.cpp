// orchestrator-console: the analysts' desktop console on an embedded orchestrator.

#include <chrono>
#include <cstdio>
#include <memory>

#include <QApplication>
#include <QIcon>
#include <QTemporaryDir>

#include "client/embeddedclient.h"
#include "consoleoptions.h"
#include "language.h"
#include "mainwindow.h"
#include "screenshottour.h"
#include "settings.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr std::chrono::seconds kScreenshotTimeout { 120 };

void printError(const QString& message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(message));
}

int usageError(const QString& message)
{
    printError(message);
    std::fprintf(stderr, "%s\n",
                 qPrintable(QCoreApplication::translate("main", "Run '%1 --help' for the options.")
                                .arg(QCoreApplication::applicationName())));
    return kExitUsage;
}

// The language of the command line's own texts (--help, errors): --language, else the system's.
// The window's follows the stored choice unless --language is given.
void applyCommandLineLanguage(orch::ui::LanguageController& language, const QStringList& arguments)
{
    const QString requested = ConsoleCommandLine::languageArgument(arguments);
    language.apply(orch::ui::LanguageController::isValidChoice(requested)
                       ? requested
                       : orch::ui::LanguageController::systemChoice());
}

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : { 16, 24, 32, 48, 64, 128, 256 })
        icon.addFile(QStringLiteral(":/icons/orchestrator-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("autonomic-orchestrator"));
    QCoreApplication::setApplicationName(QStringLiteral("orchestrator-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ORCH_VERSION));

    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments << QString::fromLocal8Bit(argv[i]);
    if (ConsoleCommandLine::asksForHelpOrVersion(rawArguments)) {
        // No display needed to print the help.
        QCoreApplication app(argc, argv);
        orch::ui::LanguageController language;
        applyCommandLineLanguage(language, QCoreApplication::arguments());
        ConsoleCommandLine commandLine;
        if (!commandLine.parser().parse(QCoreApplication::arguments()))
            return usageError(commandLine.parser().errorText());
        commandLine.parser().process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Autonomic Orchestrator"));
    QApplication::setWindowIcon(applicationIcon());
    orch::ui::LanguageController language;
    applyCommandLineLanguage(language, QApplication::arguments());

    // After QApplication, which has taken its own options (-platform, -style, ...) out.
    ConsoleCommandLine commandLine;
    const auto options = commandLine.parse(QApplication::arguments());
    if (!options)
        return usageError(options.error());
    const bool screenshots = !options->screenshotDir.isEmpty();

    // Screenshots must not depend on, nor change, the user's window layout.
    QTemporaryDir scratchSettings;
    const auto storage = screenshots
        ? std::make_unique<orch::ui::SettingsStorage>(scratchSettings.filePath(QStringLiteral("console.ini")))
        : std::make_unique<orch::ui::SettingsStorage>();
    orch::ui::ConsoleSettings settings(*storage);
    // --language for this run only; else the choice made in the View menu (stored), else the system's.
    language.setSettings(&settings);
    if (!options->language.isEmpty())
        language.apply(options->language);
    else if (!language.apply(settings.language))
        language.apply(orch::ui::LanguageController::systemChoice());

    orch::EmbeddedClient client(options->engine);
    orch::ui::MainWindow window(client, settings, &language);

    std::unique_ptr<orch::ui::ScreenshotTour> tour;
    if (screenshots) {
        tour = std::make_unique<orch::ui::ScreenshotTour>(client, window, options->screenshotDir,
                                                          kScreenshotTimeout);
        QObject::connect(tour.get(), &orch::ui::ScreenshotTour::finished, &app,
                         [](bool ok, const QString& message) {
                             if (ok)
                                 std::fprintf(stdout, "%s\n", qPrintable(message));
                             else
                                 printError(message);
                             QCoreApplication::exit(ok ? 0 : kExitFailure);
                         });
        tour->start();
    }

    window.show();
    client.start();
    return QApplication::exec();
}
