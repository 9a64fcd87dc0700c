#pragma once

// What the engine asks of the process it runs in, without depending on how it is done: a lock
// shared by the orchestrators that could run the same scheduled job (Redis in the daemon:
// core/redis/redisjoblock.h), and the alert channels beyond the dashboard (Slack and PagerDuty
// through the daemon's outbox: core/alerts/dispatchersink.h). Interfaces only, so that the engine
// links neither hiredis nor QtNetwork.

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch {

// One claim per (job, scheduled time), shared by every orchestrator of one instance, so that a
// scheduled run happens once among them (e.g. two daemons on one Redis never both run the 02:00Z
// learner). The Scheduler consults it for its exclusive jobs only.
class JobLock
{
public:
    enum class Claim
    {
        Run, // claimed by this process: run it, then release()
        HeldElsewhere, // another process ran this time, or is running it: skip it
    };

    virtual ~JobLock() = default;
    // An error means the lock could not be consulted (e.g. Redis is unreachable).
    virtual Result<Claim> tryAcquire(const QString& job, TimeMs scheduledAt) = 0;
    // The run that tryAcquire() granted has finished: the claim now says "done" (until a later
    // scheduled time replaces it), so nobody runs this scheduled time again.
    virtual void release(const QString& job, TimeMs scheduledAt) = 0;
};

// A drift episode's alert (its trigger when it opens, its resolve when it closes), for the
// channels the engine does not deliver itself. The dashboard channel stays the engine's own event
// (alert.raised / alert.resolved in the store).
struct DriftAlert
{
    bool resolve = false;
    qint64 detectionId = 0;
    QString dealer;
    QString feature;
    TimeMs at = 0; // engine time of the evaluation
    QString summary;
    QString severity; // "warning" for a trigger, "info" for a resolve
    QStringList channels; // the spec's alert channels ("slack", "pagerduty", "dashboard")
    nlohmann::json details = nlohmann::json::object();
};

class AlertSink
{
public:
    virtual ~AlertSink() = default;
    // Queues the alert durably for every requested channel the sink delivers to and returns those
    // channels' names. Raising the same alert again (same detection and action, e.g. after a
    // restart) adds nothing.
    virtual Result<QStringList> raise(const DriftAlert& alert) = 0;
};

} // namespace orch
