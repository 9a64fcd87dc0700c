// orchestrator-console: the analysts' desktop console on an embedded orchestrator.

#include <chrono>
#include <cstdio>
#include <memory>

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTemporaryDir>
#include <QTranslator>

#include "client/embeddedclient.h"
#include "consoleoptions.h"
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

void installTranslators(QApplication& app)
{
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    // English is the source language; its .qm still supplies the plural forms ("1 day", "90 days"),
    // so it is the fallback for locales without a translation.
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("orchestrator"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || own->load(QStringLiteral("orchestrator_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
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

    ConsoleCommandLine commandLine;
    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments << QString::fromLocal8Bit(argv[i]);
    if (ConsoleCommandLine::asksForHelpOrVersion(rawArguments)) {
        // No display needed to print the help.
        QCoreApplication app(argc, argv);
        if (!commandLine.parser().parse(QCoreApplication::arguments()))
            return usageError(commandLine.parser().errorText());
        commandLine.parser().process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Autonomic Orchestrator"));
    QApplication::setWindowIcon(applicationIcon());
    installTranslators(app);

    // After QApplication, which has taken its own options (-platform, -style, ...) out.
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

    orch::EmbeddedClient client(options->engine);
    orch::ui::MainWindow window(client, settings);

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
