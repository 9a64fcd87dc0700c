#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimer>

#include "alerts/alert.h"
#include "alerts/alertconfig.h"
#include "common/result.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace orch {
class Clock;
}

namespace orch::alerts {

class AlertOutbox;

// Delivers alerts to Slack, PagerDuty and the dashboard through the persistent outbox.
//
// enqueue() writes the alert durably before any attempt. Each delivery is retried on 429, 408,
// 5xx and network errors with full-jitter exponential backoff, never before a Retry-After (which
// holds the whole channel), and dead-lettered on any other answer or when still failing after
// `deadLetterAfter`. It is marked delivered only after a 2xx. Deliveries that share a channel and
// a dedup key go strictly one after the other, in enqueue order, so a resolve never overtakes its
// trigger. On creation the dispatcher resumes whatever the outbox holds; a request cut short by a
// crash is sent again (at least once: PagerDuty deduplicates by dedup key, Slack may show it twice).
//
// Lives in one thread; call it from that thread only. The clock gives timestamps and due times;
// waiting is done with a QTimer, so the clock must follow real time (SystemClock).
class AlertDispatcher final : public QObject
{
    Q_OBJECT

public:
    // Publishes an alert on the dashboard channel (the daemon appends it to the event store). An
    // error is retried like a failed request.
    using DashboardPublisher = std::function<Status(const Delivery&)>;

    // Opens (or creates) the outbox at `outboxPath` and starts delivering on the next turn of the
    // event loop, so that signals can be connected first. The config must be valid.
    static Result<std::unique_ptr<AlertDispatcher>> create(const AlertChannelsConfig& config,
                                                           const QString& outboxPath, const Clock& clock,
                                                           DashboardPublisher dashboard = {},
                                                           QObject* parent = nullptr);
    // <data-dir>/alerts.db
    static QString defaultOutboxPath(const QString& dataDir);

    ~AlertDispatcher() override;
    Q_DISABLE_COPY_MOVE(AlertDispatcher)

    struct Enqueued
    {
        QList<qint64> ids; // the outbox ids of the deliveries, one per configured channel
        QList<Channel> skipped; // requested channels with no endpoint (or publisher) configured
        bool existing = false; // the idempotency key was known: `ids` are the earlier deliveries
    };
    // Validates the alert, writes it and its deliveries to the outbox (durable on return), and
    // schedules delivery.
    Result<Enqueued> enqueue(const Alert& alert);

    bool isConfigured(Channel channel) const;
    const AlertChannelsConfig& config() const { return m_config; }
    QString outboxPath() const;

    // Delivery state for the console and /metrics, read from the outbox.
    Result<std::vector<Delivery>> deliveries(std::optional<DeliveryState> state = std::nullopt,
                                             int limit = 200, qint64 beforeId = 0) const;
    Result<std::optional<Delivery>> delivery(qint64 id) const;
    Result<std::map<Channel, DeliveryCounts>> counts() const;
    // Whether an alert with this idempotency key is in the outbox.
    Result<bool> hasIdempotencyKey(const QString& key) const;
    // Deliveries not yet delivered nor dead-lettered (from memory, cheap).
    int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    // After every change of a delivery: enqueued, attempt started, retry scheduled, delivered,
    // dead-lettered.
    void deliveryChanged(const orch::alerts::Delivery& delivery);
    void deadLettered(const orch::alerts::Delivery& delivery);
    // The last pending delivery finished.
    void drained();

private:
    AlertDispatcher(const AlertChannelsConfig& config, std::unique_ptr<AlertOutbox> outbox,
                    const Clock& clock, DashboardPublisher dashboard, QObject* parent);
    Status load();
    void requestPump();
    void pump();
    void start(qint64 id);
    void post(Delivery& delivery, const QUrl& url, const QByteArray& body);
    void onReplyFinished(qint64 id, QNetworkReply* reply);
    void onDelivered(Delivery& delivery, int status);
    void onRetryableFailure(Delivery& delivery, int status, const QString& error,
                            std::optional<TimeMs> notBefore);
    void onDeadLetter(Delivery& delivery, int status, const QString& reason);
    void finish(qint64 id);
    void persist(const Delivery& delivery);
    QString describeNetworkError(const QNetworkReply* reply) const;
    void pruneIfDue();

    const AlertChannelsConfig m_config;
    std::unique_ptr<AlertOutbox> m_outbox;
    const Clock& m_clock;
    DashboardPublisher m_dashboard;
    QNetworkAccessManager* m_network;
    QTimer m_timer;
    QRandomGenerator m_random;
    QStringList m_secrets; // removed from every error message and log line
    std::map<qint64, Delivery> m_pending; // by id: the delivery order within a dedup key
    QHash<qint64, QNetworkReply*> m_replies;
    std::map<Channel, int> m_inFlight;
    std::map<Channel, TimeMs> m_holdUntil; // Retry-After, Slack's pace
    TimeMs m_lastPrune = 0;
};

} // namespace orch::alerts
