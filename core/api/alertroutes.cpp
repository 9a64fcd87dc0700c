// Alert delivery state over HTTP: GET /api/v1/alerts lists the outbox's deliveries (one alert to
// one channel: Slack or PagerDuty), newest first, with their state, attempts, next attempt and
// last answer. The outbox lives on the engine thread (AlertDispatcher), so the listing runs there.
#include <limits>

#include "alerts/alertdispatcher.h"
#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"

namespace orch::api {

namespace {

std::string str(const QString& s)
{
    return s.toStdString();
}

nlohmann::ordered_json isoOrNull(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::ordered_json(str(formatIso(*t))) : nlohmann::ordered_json();
}

nlohmann::ordered_json deliveryJson(const alerts::Delivery& d)
{
    const bool pending = d.state == alerts::DeliveryState::Pending;
    return { { "id", d.id },
             { "alertId", d.alertId },
             { "channel", str(alerts::channelName(d.channel)) },
             { "action", str(alerts::actionName(d.alert.action)) },
             { "dedupKey", str(d.alert.dedupKey) },
             { "idempotencyKey",
               d.alert.idempotencyKey.isEmpty() ? nlohmann::ordered_json()
                                                : nlohmann::ordered_json(str(d.alert.idempotencyKey)) },
             { "dealer", str(d.alert.dealer) },
             { "feature", str(d.alert.feature) },
             { "severity", str(d.alert.severity) },
             { "summary", str(d.alert.summary) },
             { "state", str(alerts::stateName(d.state)) },
             { "attempts", d.attempts },
             { "inFlight", d.inFlight },
             { "interrupted", d.interrupted },
             { "createdAt", str(formatIso(d.createdAt)) },
             { "nextAttemptAt", pending ? isoOrNull(d.nextAttemptAt) : nlohmann::ordered_json() },
             { "deadlineAt", str(formatIso(d.deadlineAt)) },
             { "lastAttemptAt", isoOrNull(d.lastAttemptAt) },
             { "lastStatus",
               d.lastStatus == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(d.lastStatus) },
             { "lastError",
               d.lastError.isEmpty() ? nlohmann::ordered_json() : nlohmann::ordered_json(str(d.lastError)) },
             { "deliveredAt", isoOrNull(d.deliveredAt) },
             { "deadLetteredAt", isoOrNull(d.deadLetteredAt) } };
}

void alertList(const Call& call)
{
    QueryReader q(call.request());
    const auto stateText = q.string("state", 20);
    const int limit = int(q.integer("limit", 1, 1000).value_or(100));
    const qint64 before = q.integer("before", 1, std::numeric_limits<qint64>::max()).value_or(0);
    q.finish();
    std::optional<alerts::DeliveryState> state;
    if (stateText) {
        state = alerts::parseState(*stateText);
        if (!state)
            throw badRequest("invalid_value",
                             QStringLiteral("?state: must be pending, delivered or dead-lettered, got \"%1\"")
                                 .arg(*stateText),
                             QStringLiteral("?state"));
    }
    call.onEngine([state, limit, before](EngineHost& engine, const Call& call) {
        alerts::AlertDispatcher* dispatcher = engine.alertDispatcher();
        nlohmann::ordered_json channels = nlohmann::ordered_json::object();
        nlohmann::ordered_json counts = nlohmann::ordered_json::object();
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        std::optional<qint64> next;
        for (alerts::Channel c : { alerts::Channel::Slack, alerts::Channel::PagerDuty })
            channels[str(alerts::channelName(c))] = dispatcher && dispatcher->isConfigured(c);
        if (dispatcher) {
            auto totals = dispatcher->counts();
            if (!totals)
                throw std::runtime_error(totals.error().toStdString());
            for (const auto& [channel, n] : *totals) {
                if (channel == alerts::Channel::Dashboard)
                    continue; // the engine's own event, never in the daemon's outbox
                counts[str(alerts::channelName(channel))] = { { "pending", n.pending },
                                                              { "inFlight", n.inFlight },
                                                              { "delivered", n.delivered },
                                                              { "deadLettered", n.deadLettered } };
            }
            // One more than asked: whether there is a next page.
            auto found = dispatcher->deliveries(state, limit + 1, before);
            if (!found)
                throw std::runtime_error(found.error().toStdString());
            if (int(found->size()) > limit) {
                found->resize(std::size_t(limit));
                next = found->back().id;
            }
            for (const alerts::Delivery& d : *found)
                list.push_back(deliveryJson(d));
        }
        call.json({ { "channels", std::move(channels) },
                    { "counts", std::move(counts) },
                    { "deliveries", std::move(list) },
                    { "nextBefore", next ? nlohmann::ordered_json(*next) : nlohmann::ordered_json() } });
    });
}

} // namespace

void registerAlertRoutes(ApiService& service)
{
    service.router().add("GET", QStringLiteral("/api/v1/alerts"), Role::Viewer, alertList);
}

} // namespace orch::api
