#pragma once

#include <optional>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "alerts/alert.h"
#include "common/timeutil.h"

namespace orch::alerts {

// Slack incoming webhook body: {"text": ...} in Slack's mrkdwn, naming the alert id so that a
// message repeated by an at-least-once re-send can be recognised.
QByteArray slackBody(const Alert& alert, qint64 alertId);

// PagerDuty Events API v2 body. A trigger carries the payload (summary, source, severity,
// timestamp, component, group, class, custom_details); a resolve only routing_key, event_action
// and dedup_key, as PagerDuty documents.
QByteArray pagerDutyBody(const Alert& alert, qint64 alertId, const QString& routingKey);

// What to do after an HTTP answer.
enum class Verdict
{
    Delivered, // 2xx
    Retry, // 429, 408, 5xx (and network errors)
    DeadLetter, // any other status: the channel refused this alert for good
};
Verdict classifyStatus(int httpStatus);

// The moment a Retry-After header allows the next request: delta-seconds ("120") or an
// HTTP-date (IMF-fixdate, RFC 850 or asctime), relative to `now`. nullopt if unparseable. A date in
// the past gives `now`.
std::optional<TimeMs> parseRetryAfter(QByteArrayView value, TimeMs now);

// Upper bound of the wait before retry number `attempt` (1 = the retry after the first
// failure): min(max, initial * 2^(attempt-1)).
TimeMs backoffCap(int attempt, TimeMs initial, TimeMs max);
// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in
// [0, backoffCap]; `unit` is a uniform random number in [0, 1).
TimeMs fullJitterDelay(int attempt, TimeMs initial, TimeMs max, double unit);

// A short, printable excerpt of a response body for an error message, with every secret removed.
QString responseExcerpt(const QByteArray& body, const QStringList& secrets, qsizetype maxChars = 300);

// Replaces every secret (and its percent-encoded form) in text with "[redacted]".
QString redact(QString text, const QStringList& secrets);

} // namespace orch::alerts
