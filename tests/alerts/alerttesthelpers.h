#pragma once

#include <QDateTime>
#include <QString>

#include "alerts/alert.h"
#include "alerts/alertconfig.h"
#include "alerttestreceiver.h"
#include "engine/clock.h"

namespace alerttest {

// The real time, without linking the engine.
class WallClock final : public orch::Clock
{
public:
    orch::TimeMs now() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

inline const QString kSlackPath = QStringLiteral("/services/T0TEST/B0TEST/s3cr3tW3bh00kPath");
inline const QString kRoutingKey = QStringLiteral("R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t");

// Both channels at the receiver, with short timings so that the tests run in seconds.
inline orch::alerts::AlertChannelsConfig testConfig(const TestReceiver& receiver)
{
    orch::alerts::AlertChannelsConfig c;
    c.slackWebhookUrl = receiver.url(kSlackPath);
    c.pagerDutyRoutingKey = kRoutingKey;
    c.pagerDutyEventsUrl = receiver.url(QStringLiteral("/v2/enqueue"));
    c.initialBackoff = 40;
    c.maxBackoff = 300;
    c.requestTimeout = 800;
    c.slackMinInterval = 0;
    c.deadLetterAfter = 60 * 1000;
    return c;
}

inline orch::alerts::Alert makeAlert(int i,
                                     orch::alerts::AlertAction action = orch::alerts::AlertAction::Trigger)
{
    orch::alerts::Alert a;
    a.action = action;
    a.dedupKey
        = orch::alerts::driftDedupKey(QStringLiteral("dealer-%1").arg(i), QStringLiteral("aiv"), 1000 + i);
    a.summary = QStringLiteral("Drift on dealer-%1/aiv: std 1.412 > 2").arg(i);
    a.severity = QStringLiteral("warning");
    a.source = QStringLiteral("orchestratord@test");
    a.component = QStringLiteral("drift-sentinel");
    a.dealer = QStringLiteral("dealer-%1").arg(i);
    a.feature = QStringLiteral("aiv");
    a.customDetails = { { "detectionId", 1000 + i }, { "featureStdDev", 1.412 } };
    return a;
}

inline QString identity(const QString& channel, orch::alerts::AlertAction action, const QString& key)
{
    return QStringLiteral("%1|%2|%3").arg(channel, orch::alerts::actionName(action), key);
}

} // namespace alerttest
