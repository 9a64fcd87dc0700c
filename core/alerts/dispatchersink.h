#pragma once

#include <QString>
#include <QStringList>

#include "alerts/alert.h"
#include "engine/enginehooks.h"

namespace orch::alerts {

class AlertDispatcher;

// The engine's AlertSink over the outbox: a drift episode's trigger and resolve go to Slack and
// PagerDuty (those of the spec's alert channels that are configured) with the episode's stable
// dedup key (driftDedupKey) and an idempotency key per action ("<dedup key>:trigger" /
// ":resolve"), so that raising the same alert again after a restart adds nothing. The dashboard
// stays the engine's own event. Lives in the dispatcher's thread.
class DispatcherAlertSink final : public AlertSink
{
public:
    // `source`: PagerDuty's affected system, e.g. "orchestratord@host"; `instance`: distinguishes
    // orchestrators that share a PagerDuty service in the dedup key (may be empty).
    DispatcherAlertSink(AlertDispatcher& dispatcher, QString source, QString instance = QString());

    Result<QStringList> raise(const DriftAlert& alert) override;

    Alert toAlert(const DriftAlert& alert) const;
    // Whether the trigger of this alert's episode was ever queued here.
    Result<bool> triggerQueued(const DriftAlert& alert) const;
    static QString idempotencyKey(const QString& dedupKey, bool resolve);

private:
    AlertDispatcher& m_dispatcher;
    QString m_source;
    QString m_instance;
};

} // namespace orch::alerts
