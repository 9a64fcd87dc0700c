#pragma once

#include <optional>

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch::alerts {

// Where alerts go and how hard the dispatcher tries. A channel without an endpoint is off. The
// webhook URL and the routing key are secrets: nothing here or in the dispatcher logs them.
struct AlertChannelsConfig
{
    static QUrl defaultPagerDutyEventsUrl(); // https://events.pagerduty.com/v2/enqueue

    QUrl slackWebhookUrl; // a Slack incoming webhook; empty: Slack is off
    QString pagerDutyRoutingKey; // the 32-character integration key; empty: PagerDuty is off
    QUrl pagerDutyEventsUrl = defaultPagerDutyEventsUrl();

    // A delivery still failing this long after it was enqueued is dead-lettered.
    TimeMs deadLetterAfter = kDayMs;
    // Full-jitter exponential backoff: attempt n waits uniformly in [0, min(max, initial * 2^(n-1))].
    TimeMs initialBackoff = 1000;
    TimeMs maxBackoff = 10 * kMinuteMs;
    // A request with no progress for this long fails (and is retried).
    TimeMs requestTimeout = 30 * 1000;
    // Slack accepts about one message per second per webhook; 0 sends as fast as allowed.
    TimeMs slackMinInterval = 1000;
    // Requests in flight at once per channel (deliveries of one dedup key never overlap).
    int maxInFlightPerChannel = 4;
    // Delivered and dead-lettered rows older than this leave the outbox.
    TimeMs keepFinishedFor = 30 * kDayMs;

    bool slackEnabled() const { return !slackWebhookUrl.isEmpty(); }
    bool pagerDutyEnabled() const { return !pagerDutyRoutingKey.isEmpty(); }

    // Every problem at once, one per line, each naming the setting; never the secret itself.
    Status validate() const;

    // Defaults overridden by the environment, then validated:
    //   ORCH_SLACK_WEBHOOK_URL, ORCH_PAGERDUTY_ROUTING_KEY, ORCH_PAGERDUTY_EVENTS_URL,
    //   ORCH_ALERT_DEAD_LETTER_AFTER, ORCH_ALERT_MAX_BACKOFF, ORCH_SLACK_MIN_INTERVAL (durations:
    //   "90s", "15m", "24h", "2d", or plain seconds; the Slack interval also takes 0).
    static Result<AlertChannelsConfig> fromEnvironment(const QProcessEnvironment& environment
                                                       = QProcessEnvironment::systemEnvironment());
};

// "90s", "15m", "24h", "2d", "500ms" or plain seconds, as milliseconds; positive only.
std::optional<TimeMs> parseDuration(QStringView text);

// A URL fit for a log line: scheme, host and port only ("https://hooks.slack.com/…"), since
// webhook paths are credentials.
QString redactedUrl(const QUrl& url);

// True for localhost, 127.0.0.0/8 and ::1.
bool isLoopbackHost(const QString& host);

} // namespace orch::alerts
