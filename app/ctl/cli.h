#pragma once

#include <optional>
#include <string>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <nlohmann/json.hpp>

// Shared plumbing of orchestratorctl's commands: option parsing with exit statuses and messages.
namespace ctl {

enum Exit
{
    Ok = 0,
    CheckFailed = 1,
    BadInput = 2
};

// "orchestratorctl: <message>" on stderr.
void err(const QString& message);
// One line of output on stdout, flushed.
void out(const std::string& text);

// Parses a command's options; prints help (returns 0) or a usage error (returns 2). Returns -1
// to go on.
int parse(QCommandLineParser& parser, const QString& name, const QString& description,
          const QStringList& args);

// A finite number from an option; nullopt (with a message) when missing or malformed.
std::optional<double> number(const QCommandLineParser& p, const QString& option,
                             std::optional<double> fallback = {});
std::optional<qint64> integer(const QCommandLineParser& p, const QString& option, qint64 min, qint64 max,
                              std::optional<qint64> fallback = {});

// The number as the user wrote it: an integer literal stays an integer in the echoed JSON.
nlohmann::ordered_json echo(const QString& text, double value);

QCommandLineOption valueOption(const QString& name, const QString& description, const QString& valueName,
                               const QString& defaultValue = {});

} // namespace ctl
