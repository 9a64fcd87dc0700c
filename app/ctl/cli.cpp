#include "cli.h"

#include <cmath>
#include <cstdio>

#include <QLocale>
#include <QRegularExpression>

namespace ctl {

void err(const QString& message)
{
    std::fprintf(stderr, "orchestratorctl: %s\n", qPrintable(message));
}

void out(const std::string& text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int parse(QCommandLineParser& parser, const QString& name, const QString& description,
          const QStringList& args)
{
    parser.setApplicationDescription(description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") },
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(QStringList { QStringLiteral("orchestratorctl ") + name } + args)) {
        err(name + QStringLiteral(": ") + parser.errorText());
        return BadInput;
    }
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Ok;
    }
    return -1;
}

std::optional<double> number(const QCommandLineParser& p, const QString& option,
                             std::optional<double> fallback)
{
    if (!p.isSet(option)) {
        if (!fallback)
            err(QStringLiteral("--%1 is required").arg(option));
        return fallback;
    }
    const QString text = p.value(option).trimmed();
    bool ok = false;
    const double v = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(v)) {
        err(QStringLiteral("--%1: expected a finite number, got \"%2\"").arg(option, p.value(option)));
        return std::nullopt;
    }
    return v;
}

std::optional<qint64> integer(const QCommandLineParser& p, const QString& option, qint64 min, qint64 max,
                              std::optional<qint64> fallback)
{
    if (!p.isSet(option)) {
        if (!fallback)
            err(QStringLiteral("--%1 is required").arg(option));
        return fallback;
    }
    bool ok = false;
    const qint64 v = p.value(option).trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max) {
        err(QStringLiteral("--%1: expected an integer from %2 to %3, got \"%4\"")
                .arg(option)
                .arg(min)
                .arg(max)
                .arg(p.value(option)));
        return std::nullopt;
    }
    return v;
}

nlohmann::ordered_json echo(const QString& text, double value)
{
    static const QRegularExpression integerLiteral(QStringLiteral("^[+-]?[0-9]{1,15}$"));
    if (integerLiteral.match(text.trimmed()).hasMatch())
        return nlohmann::ordered_json(text.trimmed().toLongLong());
    return nlohmann::ordered_json(value);
}

QCommandLineOption valueOption(const QString& name, const QString& description, const QString& valueName,
                               const QString& defaultValue)
{
    return QCommandLineOption(name, description, valueName, defaultValue);
}

} // namespace ctl
