#include "alerts/alertpayload.h"

#include <algorithm>
#include <cmath>

#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

namespace orch::alerts {

namespace {

constexpr qsizetype kSlackMaxSummary = 3000; // Slack truncates long messages; keep the context line
constexpr qsizetype kPagerDutyMaxSummary = 1024; // PagerDuty's limit

QString truncated(const QString& text, qsizetype max)
{
    return text.size() <= max ? text : text.left(max - 1) + QChar(0x2026);
}

// Slack mrkdwn: &, < and > are control characters and must be escaped.
QString slackEscape(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c == u'&')
            out += QStringLiteral("&amp;");
        else if (c == u'<')
            out += QStringLiteral("&lt;");
        else if (c == u'>')
            out += QStringLiteral("&gt;");
        else
            out += c;
    }
    return out;
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}

int monthNumber(QStringView token)
{
    static const char16_t* const months[]
        = { u"Jan", u"Feb", u"Mar", u"Apr", u"May", u"Jun", u"Jul", u"Aug", u"Sep", u"Oct", u"Nov", u"Dec" };
    for (int i = 0; i < 12; ++i) {
        if (token.compare(QStringView(months[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

// RFC 9110 section 5.6.7: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), and the obsolete RFC 850
// ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994") forms, all UTC.
std::optional<QDateTime> parseHttpDate(const QString& text, TimeMs now)
{
    const QStringList tokens
        = text.split(QRegularExpression(QStringLiteral("[\\s,\\-]+")), Qt::SkipEmptyParts);
    int month = 0;
    QList<int> numbers;
    QString time;
    for (const QString& t : tokens) {
        if (t.contains(u':')) {
            if (!time.isEmpty())
                return std::nullopt;
            time = t;
        } else if (int m = monthNumber(t)) {
            if (month)
                return std::nullopt;
            month = m;
        } else if (t.front().isDigit()) {
            bool ok = false;
            const int n = t.toInt(&ok);
            if (!ok)
                return std::nullopt;
            numbers << n;
        } else if (t != u"GMT" && t != u"UTC" && t.size() < 3) {
            return std::nullopt; // not a weekday name nor the zone
        }
    }
    if (!month || numbers.size() != 2 || time.isEmpty())
        return std::nullopt;
    const int day = numbers[0];
    int year = numbers[1];
    if (year < 100) {
        // RFC 850 two-digit year: the most recent past year with those digits if 50+ years ahead.
        const int thisYear = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).date().year();
        year += 2000;
        if (year > thisYear + 50)
            year -= 100;
    }
    const QTime clock = QTime::fromString(time, QStringLiteral("HH:mm:ss"));
    const QDate date(year, month, day);
    if (!clock.isValid() || !date.isValid())
        return std::nullopt;
    return QDateTime(date, clock, Qt::UTC);
}

} // namespace

QByteArray slackBody(const Alert& alert, qint64 alertId)
{
    const bool resolve = alert.action == AlertAction::Resolve;
    QString icon;
    if (resolve)
        icon = QStringLiteral(":white_check_mark:");
    else if (alert.severity == u"critical" || alert.severity == u"error")
        icon = QStringLiteral(":rotating_light:");
    else if (alert.severity == u"warning")
        icon = QStringLiteral(":warning:");
    else
        icon = QStringLiteral(":information_source:");
    const QString label = resolve ? QStringLiteral("RESOLVED") : alert.severity.toUpper();
    QString summary = alert.summary.isEmpty() ? QStringLiteral("(no summary)") : alert.summary;
    QString text = icon + QStringLiteral(" *") + label + QStringLiteral("* ")
        + slackEscape(truncated(summary, kSlackMaxSummary));
    QStringList context;
    if (!alert.dealer.isEmpty())
        context << QStringLiteral("dealer %1").arg(slackEscape(alert.dealer));
    if (!alert.feature.isEmpty())
        context << QStringLiteral("feature %1").arg(slackEscape(alert.feature));
    if (!alert.source.isEmpty())
        context << QStringLiteral("source %1").arg(slackEscape(alert.source));
    context << QStringLiteral("key `%1`").arg(slackEscape(alert.dedupKey));
    // The alert id tells a repeated message (at-least-once delivery after a crash) from a new one.
    context << QStringLiteral("alert #%1").arg(alertId);
    if (alert.raisedAt > 0)
        context << formatIso(alert.raisedAt);
    text += u'\n' + context.join(QStringLiteral(" · "));
    const nlohmann::json body { { "text", utf8(text) } };
    return QByteArray::fromStdString(body.dump());
}

QByteArray pagerDutyBody(const Alert& alert, qint64 alertId, const QString& routingKey)
{
    nlohmann::json body { { "routing_key", utf8(routingKey) },
                          { "event_action", utf8(actionName(alert.action)) },
                          { "dedup_key", utf8(alert.dedupKey) } };
    if (alert.action == AlertAction::Trigger) {
        nlohmann::json payload { { "summary", utf8(truncated(alert.summary, kPagerDutyMaxSummary)) },
                                 { "source", utf8(alert.source) },
                                 { "severity", utf8(alert.severity) } };
        if (alert.raisedAt > 0)
            payload["timestamp"] = utf8(formatIso(alert.raisedAt));
        if (!alert.component.isEmpty())
            payload["component"] = utf8(alert.component);
        if (!alert.dealer.isEmpty())
            payload["group"] = utf8(alert.dealer);
        if (!alert.feature.isEmpty())
            payload["class"] = utf8(alert.feature);
        nlohmann::json details
            = alert.customDetails.is_object() ? alert.customDetails : nlohmann::json::object();
        if (!details.contains("orchestratorAlertId"))
            details["orchestratorAlertId"] = alertId;
        payload["custom_details"] = std::move(details);
        body["payload"] = std::move(payload);
        body["client"] = "Autonomic Orchestrator";
    }
    return QByteArray::fromStdString(body.dump());
}

Verdict classifyStatus(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Verdict::Delivered;
    // 408: the server gave up waiting for our request, a transport problem rather than a refusal.
    if (httpStatus == 429 || httpStatus == 408 || (httpStatus >= 500 && httpStatus < 600))
        return Verdict::Retry;
    return Verdict::DeadLetter;
}

std::optional<TimeMs> parseRetryAfter(QByteArrayView value, TimeMs now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; })) {
        if (text.size() > 9)
            return std::nullopt; // more than 30 years: not a throttle anyone means
        return now + text.toLongLong() * 1000;
    }
    auto date = parseHttpDate(text, now);
    if (!date)
        return std::nullopt;
    return std::max<TimeMs>(now, date->toMSecsSinceEpoch());
}

TimeMs backoffCap(int attempt, TimeMs initial, TimeMs max)
{
    if (attempt < 1)
        attempt = 1;
    TimeMs cap = initial;
    for (int i = 1; i < attempt && cap < max; ++i)
        cap *= 2;
    return std::min(cap, max);
}

TimeMs fullJitterDelay(int attempt, TimeMs initial, TimeMs max, double unit)
{
    unit = std::clamp(unit, 0.0, 1.0);
    return static_cast<TimeMs>(std::floor(unit * static_cast<double>(backoffCap(attempt, initial, max))));
}

QString redact(QString text, const QStringList& secrets)
{
    for (const QString& secret : secrets) {
        if (secret.size() < 4)
            continue; // "/" or "" would mangle everything and protect nothing
        text.replace(secret, QStringLiteral("[redacted]"));
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret, "/:"));
        if (encoded != secret)
            text.replace(encoded, QStringLiteral("[redacted]"));
    }
    return text;
}

QString responseExcerpt(const QByteArray& body, const QStringList& secrets, qsizetype maxChars)
{
    QString text = QString::fromUtf8(body.left(8192));
    for (QChar& c : text) {
        if (c.category() == QChar::Other_Control || c == QChar::ReplacementCharacter)
            c = u' ';
    }
    return truncated(redact(text.simplified(), secrets), maxChars);
}

} // namespace orch::alerts
