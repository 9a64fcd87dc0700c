#include "alerts/alertconfig.h"

#include <QHostAddress>
#include <QStringList>

namespace orch::alerts {

namespace {

const QString kSlackVar = QStringLiteral("ORCH_SLACK_WEBHOOK_URL");
const QString kRoutingKeyVar = QStringLiteral("ORCH_PAGERDUTY_ROUTING_KEY");
const QString kEventsUrlVar = QStringLiteral("ORCH_PAGERDUTY_EVENTS_URL");
const QString kDeadLetterVar = QStringLiteral("ORCH_ALERT_DEAD_LETTER_AFTER");
const QString kMaxBackoffVar = QStringLiteral("ORCH_ALERT_MAX_BACKOFF");
const QString kSlackIntervalVar = QStringLiteral("ORCH_SLACK_MIN_INTERVAL");

// Errors name the setting and say what is wrong with the URL, never the URL: its path is the secret.
void checkEndpoint(const QUrl& url, const QString& name, QStringList& errors)
{
    if (!url.isValid()) {
        errors << QStringLiteral("%1: not a valid URL").arg(name);
        return;
    }
    const QString scheme = url.scheme();
    if (scheme != u"https" && scheme != u"http") {
        errors << QStringLiteral("%1: must be an https URL (got scheme \"%2\")").arg(name, scheme.left(20));
        return;
    }
    if (url.host().isEmpty()) {
        errors << QStringLiteral("%1: has no host").arg(name);
        return;
    }
    if (!url.userInfo().isEmpty())
        errors << QStringLiteral("%1: must not carry a user name or password").arg(name);
    if (scheme == u"http" && !isLoopbackHost(url.host()))
        errors << QStringLiteral("%1: must use https; plain http is allowed only for a loopback host "
                                 "(localhost, 127.0.0.1, ::1), and %2 is not one")
                      .arg(name, url.host());
}

} // namespace

QUrl AlertChannelsConfig::defaultPagerDutyEventsUrl()
{
    return QUrl(QStringLiteral("https://events.pagerduty.com/v2/enqueue"));
}

bool isLoopbackHost(const QString& host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString redactedUrl(const QUrl& url)
{
    if (url.isEmpty())
        return QStringLiteral("(none)");
    QString shown = url.scheme() + QStringLiteral("://") + url.host();
    if (url.port() >= 0)
        shown += u':' + QString::number(url.port());
    return shown + QStringLiteral("/…");
}

std::optional<TimeMs> parseDuration(QStringView text)
{
    text = text.trimmed();
    struct Unit
    {
        QStringView suffix;
        TimeMs ms;
    };
    // "ms" before "s" so that "500ms" is not read as "500m" + "s".
    static const Unit units[]
        = { { u"ms", 1 }, { u"s", 1000 }, { u"m", kMinuteMs }, { u"h", kHourMs }, { u"d", kDayMs } };
    TimeMs multiplier = 1000;
    for (const Unit& u : units) {
        if (text.endsWith(u.suffix)) {
            multiplier = u.ms;
            text.chop(u.suffix.size());
            break;
        }
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    // At most ~100 years: beyond that the product overflows long before it means anything.
    if (!ok || value <= 0 || value > 100 * 365 * kDayMs / multiplier)
        return std::nullopt;
    return value * multiplier;
}

Status AlertChannelsConfig::validate() const
{
    QStringList errors;
    if (!slackWebhookUrl.isEmpty())
        checkEndpoint(slackWebhookUrl, QStringLiteral("Slack webhook URL (%1)").arg(kSlackVar), errors);
    if (!pagerDutyRoutingKey.isEmpty()) {
        const bool alnum = std::all_of(pagerDutyRoutingKey.begin(), pagerDutyRoutingKey.end(),
                                       [](QChar c) { return c.unicode() < 128 && c.isLetterOrNumber(); });
        if (pagerDutyRoutingKey.size() != 32 || !alnum)
            errors << QStringLiteral(
                          "PagerDuty routing key (%1): must be the 32-character integration key of "
                          "an Events API v2 integration (got %2 characters%3)")
                          .arg(kRoutingKeyVar)
                          .arg(pagerDutyRoutingKey.size())
                          .arg(alnum ? QString() : QStringLiteral(", not all letters and digits"));
    }
    checkEndpoint(pagerDutyEventsUrl, QStringLiteral("PagerDuty events URL (%1)").arg(kEventsUrlVar), errors);
    if (deadLetterAfter <= 0)
        errors << QStringLiteral("deadLetterAfter (%1): must be positive").arg(kDeadLetterVar);
    if (initialBackoff <= 0)
        errors << QStringLiteral("initialBackoff: must be positive");
    if (maxBackoff < initialBackoff)
        errors << QStringLiteral("maxBackoff (%1): %2 ms is less than initialBackoff %3 ms")
                      .arg(kMaxBackoffVar)
                      .arg(maxBackoff)
                      .arg(initialBackoff);
    if (requestTimeout <= 0)
        errors << QStringLiteral("requestTimeout: must be positive");
    if (slackMinInterval < 0)
        errors << QStringLiteral("slackMinInterval (%1): must not be negative").arg(kSlackIntervalVar);
    if (maxInFlightPerChannel < 1)
        errors << QStringLiteral("maxInFlightPerChannel: must be at least 1");
    if (keepFinishedFor <= 0)
        errors << QStringLiteral("keepFinishedFor: must be positive");
    if (!errors.isEmpty())
        return fail(errors.join(u'\n'));
    return success();
}

Result<AlertChannelsConfig> AlertChannelsConfig::fromEnvironment(const QProcessEnvironment& environment)
{
    AlertChannelsConfig config;
    QStringList errors;
    if (const QString v = environment.value(kSlackVar).trimmed(); !v.isEmpty())
        config.slackWebhookUrl = QUrl(v, QUrl::StrictMode);
    config.pagerDutyRoutingKey = environment.value(kRoutingKeyVar).trimmed();
    if (const QString v = environment.value(kEventsUrlVar).trimmed(); !v.isEmpty())
        config.pagerDutyEventsUrl = QUrl(v, QUrl::StrictMode);
    for (const auto& [var, field] : { std::pair { kDeadLetterVar, &config.deadLetterAfter },
                                      std::pair { kMaxBackoffVar, &config.maxBackoff } }) {
        const QString v = environment.value(var).trimmed();
        if (v.isEmpty())
            continue;
        if (auto d = parseDuration(v))
            *field = *d;
        else
            errors << QStringLiteral("%1: \"%2\" is not a duration (e.g. \"90s\", \"15m\", \"24h\", \"2d\")")
                          .arg(var, v.left(40));
    }
    // Slack's pace may be switched off with "0" (a relay that queues itself, the tests).
    if (const QString v = environment.value(kSlackIntervalVar).trimmed(); !v.isEmpty()) {
        if (v == u"0")
            config.slackMinInterval = 0;
        else if (auto d = parseDuration(v))
            config.slackMinInterval = *d;
        else
            errors << QStringLiteral("%1: \"%2\" is not a duration (e.g. \"1s\", \"500ms\", or 0)")
                          .arg(kSlackIntervalVar, v.left(40));
    }
    if (config.maxBackoff < config.initialBackoff && errors.isEmpty())
        config.initialBackoff = config.maxBackoff;
    if (Status s = config.validate(); !s)
        errors << s.error();
    if (!errors.isEmpty())
        return fail(errors.join(u'\n'));
    return config;
}

} // namespace orch::alerts
