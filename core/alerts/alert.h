#pragma once

#include <optional>

#include <QList>
#include <QMetaType>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch::alerts {

// Where an alert goes. The dashboard channel is the console's event store; the daemon gives the
// dispatcher a publisher for it.
enum class Channel
{
    Slack,
    PagerDuty,
    Dashboard,
};

// PagerDuty's event actions (acknowledge is the on-call engineer's, not ours).
enum class AlertAction
{
    Trigger,
    Resolve,
};

enum class DeliveryState
{
    Pending, // waiting for its next attempt (or in flight: see Delivery::inFlight)
    Delivered, // the channel answered 2xx
    DeadLettered, // given up: a permanent refusal, or still failing after the dead-letter time
};

QString channelName(Channel channel); // "slack", "pagerduty", "dashboard"
std::optional<Channel> parseChannel(QStringView name);
QString actionName(AlertAction action); // "trigger", "resolve"
std::optional<AlertAction> parseAction(QStringView name);
QString stateName(DeliveryState state); // "pending", "delivered", "dead-lettered"
std::optional<DeliveryState> parseState(QStringView name);

// One alert as the orchestrator raises it. A trigger and its resolve share the dedup key: it is
// PagerDuty's incident key, and the order in which deliveries of one key reach a channel.
struct Alert
{
    AlertAction action = AlertAction::Trigger;
    QString dedupKey; // required, at most 255 characters (PagerDuty's limit)
    QString summary; // required for a trigger; PagerDuty shows at most 1024 characters
    QString severity = QStringLiteral("warning"); // "critical", "error", "warning" or "info"
    QString source; // the affected system, e.g. "orchestratord@host"; required for a trigger
    QString component; // optional, e.g. "drift-sentinel"
    QString dealer; // optional; PagerDuty's "group"
    QString feature; // optional; PagerDuty's "class"
    nlohmann::json customDetails = nlohmann::json::object(); // a JSON object, finite numbers only
    TimeMs raisedAt = 0; // 0: the time of enqueue
    // Channels to deliver to; empty means every configured channel.
    QList<Channel> channels;
    // When set, enqueueing an alert with a key already in the outbox returns the existing
    // deliveries instead of adding new ones (e.g. "drift:42:trigger"), so a caller that replays
    // its own work after a crash does not alert twice.
    QString idempotencyKey;

    friend bool operator==(const Alert&, const Alert&) = default;
};

// Checks an alert before it is written to the outbox; the message names the field.
Status validateAlert(const Alert& alert);

// The dedup key of a drift detection: stable for (dealer, feature, detection id), so the trigger
// and the resolve of one episode, and any re-send after a restart, address the same incident.
// `instance` distinguishes orchestrators that share a PagerDuty service (may be empty).
QString driftDedupKey(const QString& dealer, const QString& feature, qint64 detectionId,
                      const QString& instance = QString());

// The delivery of one alert to one channel: a row of the outbox.
struct Delivery
{
    qint64 id = 0; // the outbox id
    qint64 alertId = 0; // shared by the deliveries of one enqueued alert
    Channel channel = Channel::Dashboard;
    Alert alert;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    bool inFlight = false; // a request is outstanding (after a crash: it was, see `interrupted`)
    // Attempts cut short by a restart. Such an attempt may have reached the channel: Slack then
    // shows the message twice (PagerDuty deduplicates by dedup key).
    int interrupted = 0;
    TimeMs createdAt = 0;
    TimeMs deadlineAt = 0; // dead-lettered if still failing at this time
    TimeMs nextAttemptAt = 0;
    std::optional<TimeMs> lastAttemptAt;
    int lastStatus = 0; // HTTP status of the last attempt; 0 if none (network error, not tried)
    QString lastError; // why the last attempt failed, or why it was dead-lettered
    std::optional<TimeMs> deliveredAt;
    std::optional<TimeMs> deadLetteredAt;

    friend bool operator==(const Delivery&, const Delivery&) = default;
};

// Per-channel figures for the console and /metrics.
struct DeliveryCounts
{
    qint64 pending = 0; // includes in flight
    qint64 inFlight = 0;
    qint64 delivered = 0;
    qint64 deadLettered = 0;
    qint64 attempts = 0; // attempts of the deliveries still in the outbox

    friend bool operator==(const DeliveryCounts&, const DeliveryCounts&) = default;
};

} // namespace orch::alerts

Q_DECLARE_METATYPE(orch::alerts::Delivery)
