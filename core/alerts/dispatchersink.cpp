#include "alerts/dispatchersink.h"

#include "alerts/alertdispatcher.h"

namespace orch::alerts {

DispatcherAlertSink::DispatcherAlertSink(AlertDispatcher& dispatcher, QString source, QString instance)
    : m_dispatcher(dispatcher)
    , m_source(std::move(source))
    , m_instance(std::move(instance))
{ }

QString DispatcherAlertSink::idempotencyKey(const QString& dedupKey, bool resolve)
{
    return dedupKey + (resolve ? QStringLiteral(":resolve") : QStringLiteral(":trigger"));
}

Alert DispatcherAlertSink::toAlert(const DriftAlert& d) const
{
    Alert a;
    a.action = d.resolve ? AlertAction::Resolve : AlertAction::Trigger;
    a.dedupKey = driftDedupKey(d.dealer, d.feature, d.detectionId, m_instance);
    a.summary = d.summary;
    a.severity = d.severity.isEmpty() ? (d.resolve ? QStringLiteral("info") : QStringLiteral("warning"))
                                      : d.severity;
    a.source = m_source;
    a.component = QStringLiteral("drift-sentinel");
    a.dealer = d.dealer;
    a.feature = d.feature;
    a.customDetails = d.details.is_object() ? d.details : nlohmann::json::object();
    a.raisedAt = std::max<TimeMs>(0, d.at);
    a.idempotencyKey = idempotencyKey(a.dedupKey, d.resolve);
    for (const QString& name : d.channels) {
        const auto channel = parseChannel(name);
        if (channel && *channel != Channel::Dashboard && m_dispatcher.isConfigured(*channel)
            && !a.channels.contains(*channel))
            a.channels << *channel;
    }
    return a;
}

Result<QStringList> DispatcherAlertSink::raise(const DriftAlert& alert)
{
    const Alert a = toAlert(alert);
    QStringList queued;
    if (a.channels.isEmpty())
        return queued; // none of the requested channels is configured (an empty list means "all")
    auto enqueued = m_dispatcher.enqueue(a);
    if (!enqueued)
        return fail(enqueued.error());
    for (Channel c : std::as_const(a.channels)) {
        if (!enqueued->skipped.contains(c))
            queued << channelName(c);
    }
    return queued;
}

Result<bool> DispatcherAlertSink::triggerQueued(const DriftAlert& alert) const
{
    return m_dispatcher.hasIdempotencyKey(
        idempotencyKey(driftDedupKey(alert.dealer, alert.feature, alert.detectionId, m_instance), false));
}

} // namespace orch::alerts
