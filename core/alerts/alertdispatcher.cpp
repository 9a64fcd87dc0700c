#include "alerts/alertdispatcher.h"

#include <limits>
#include <set>

#include <QDir>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>

#include "alerts/alertlogging.h"
#include "alerts/alertoutbox.h"
#include "alerts/alertpayload.h"
#include "engine/clock.h"

namespace orch::alerts {

namespace {

constexpr TimeMs kMaxTimerMs = kHourMs; // re-check at least hourly (and stay within int)
constexpr TimeMs kPruneEvery = kHourMs;

QString durationText(TimeMs ms)
{
    if (ms < 1000 || ms % 1000 != 0)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms % kHourMs == 0)
        return QStringLiteral("%1 h").arg(ms / kHourMs);
    if (ms % kMinuteMs == 0)
        return QStringLiteral("%1 min").arg(ms / kMinuteMs);
    return QStringLiteral("%1 s").arg(ms / 1000);
}

QString describe(const Delivery& d)
{
    return QStringLiteral("delivery %1 (alert %2, %3 %4 to %5)")
        .arg(d.id)
        .arg(d.alertId)
        .arg(actionName(d.alert.action), d.alert.dedupKey, channelName(d.channel));
}

} // namespace

Result<std::unique_ptr<AlertDispatcher>>
AlertDispatcher::create(const AlertChannelsConfig& config, const QString& outboxPath, const Clock& clock,
                        DashboardPublisher dashboard, QObject* parent)
{
    if (Status s = config.validate(); !s)
        return fail(QStringLiteral("alert channels: %1").arg(s.error()));
    auto outbox = AlertOutbox::open(outboxPath);
    if (!outbox)
        return fail(outbox.error());
    std::unique_ptr<AlertDispatcher> dispatcher(
        new AlertDispatcher(config, std::move(*outbox), clock, std::move(dashboard), parent));
    if (Status s = dispatcher->load(); !s)
        return fail(s.error());
    return dispatcher;
}

QString AlertDispatcher::defaultOutboxPath(const QString& dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("alerts.db"));
}

AlertDispatcher::AlertDispatcher(const AlertChannelsConfig& config, std::unique_ptr<AlertOutbox> outbox,
                                 const Clock& clock, DashboardPublisher dashboard, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_outbox(std::move(outbox))
    , m_clock(clock)
    , m_dashboard(std::move(dashboard))
    , m_network(new QNetworkAccessManager(this))
    , m_random(QRandomGenerator::securelySeeded())
{
    qRegisterMetaType<orch::alerts::Delivery>();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AlertDispatcher::pump);
    // Webhook paths and routing keys are credentials: never in a log line or a stored error.
    if (m_config.slackEnabled())
        m_secrets << m_config.slackWebhookUrl.toString()
                  << m_config.slackWebhookUrl.toString(QUrl::FullyEncoded) << m_config.slackWebhookUrl.path()
                  << m_config.slackWebhookUrl.path(QUrl::FullyEncoded);
    if (m_config.pagerDutyEnabled())
        m_secrets << m_config.pagerDutyRoutingKey;
    m_secrets.removeDuplicates();
}

AlertDispatcher::~AlertDispatcher()
{
    // Requests still in flight stay marked so in the outbox: the next dispatcher sends them again.
    for (QNetworkReply* reply : std::as_const(m_replies)) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        delete reply;
    }
    m_replies.clear();
}

Status AlertDispatcher::load()
{
    const TimeMs now = m_clock.now();
    auto interrupted = m_outbox->recoverInterrupted(now);
    if (!interrupted)
        return fail(interrupted.error());
    pruneIfDue();
    auto rows = m_outbox->pending();
    if (!rows)
        return fail(rows.error());
    for (Delivery& d : *rows)
        m_pending.emplace(d.id, std::move(d));
    qCInfo(lcAlerts).noquote() << "alert outbox" << QDir::toNativeSeparators(m_outbox->path())
                               << "opened:" << m_pending.size() << "pending deliveries," << *interrupted
                               << "interrupted by a restart; slack" << redactedUrl(m_config.slackWebhookUrl)
                               << "pagerduty"
                               << (m_config.pagerDutyEnabled() ? redactedUrl(m_config.pagerDutyEventsUrl)
                                                               : QStringLiteral("(none)"))
                               << "dashboard" << (m_dashboard ? "on" : "off");
    if (*interrupted > 0)
        qCWarning(lcAlerts)
            << *interrupted
            << "deliveries were in flight when the previous process stopped; sending them again "
               "(Slack may show those messages twice)";
    requestPump();
    return success();
}

QString AlertDispatcher::outboxPath() const
{
    return m_outbox->path();
}

bool AlertDispatcher::isConfigured(Channel channel) const
{
    switch (channel) {
    case Channel::Slack:
        return m_config.slackEnabled();
    case Channel::PagerDuty:
        return m_config.pagerDutyEnabled();
    case Channel::Dashboard:
        return bool(m_dashboard);
    }
    return false;
}

Result<AlertDispatcher::Enqueued> AlertDispatcher::enqueue(const Alert& alert)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "AlertDispatcher::enqueue",
               "called from a thread other than the dispatcher's");
    if (Status s = validateAlert(alert); !s)
        return fail(s.error());
    QList<Channel> requested = alert.channels;
    if (requested.isEmpty())
        requested = { Channel::Slack, Channel::PagerDuty, Channel::Dashboard };
    Enqueued result;
    QList<Channel> channels;
    for (Channel c : std::as_const(requested)) {
        if (channels.contains(c) || result.skipped.contains(c))
            continue;
        (isConfigured(c) ? channels : result.skipped) << c;
    }
    if (channels.isEmpty())
        return result;

    const TimeMs now = m_clock.now();
    Alert stored = alert;
    if (stored.raisedAt == 0)
        stored.raisedAt = now;
    const TimeMs deadline = now + m_config.deadLetterAfter;
    auto inserted = m_outbox->insert(stored, channels, now, deadline);
    if (!inserted)
        return fail(inserted.error());
    result.ids = inserted->ids;
    result.existing = inserted->existing;
    if (result.existing) {
        qCDebug(lcAlerts) << "alert with idempotency key" << alert.idempotencyKey << "already in the outbox";
        return result;
    }
    for (qsizetype i = 0; i < channels.size(); ++i) {
        auto row = m_outbox->delivery(result.ids[i]);
        if (!row || !*row) {
            // Written, but not readable back: the next start delivers it.
            qCWarning(lcAlerts) << "cannot read back delivery" << result.ids[i] << row.error();
            continue;
        }
        const Delivery& d = **row;
        m_pending.emplace(d.id, d);
        qCInfo(lcAlerts).noquote() << "queued" << describe(d);
        Q_EMIT deliveryChanged(d);
    }
    requestPump();
    return result;
}

Result<std::vector<Delivery>> AlertDispatcher::deliveries(std::optional<DeliveryState> state, int limit,
                                                          qint64 beforeId) const
{
    return m_outbox->deliveries(state, beforeId, limit);
}

Result<std::optional<Delivery>> AlertDispatcher::delivery(qint64 id) const
{
    return m_outbox->delivery(id);
}

Result<std::map<Channel, DeliveryCounts>> AlertDispatcher::counts() const
{
    return m_outbox->counts();
}

Result<bool> AlertDispatcher::hasIdempotencyKey(const QString& key) const
{
    return m_outbox->hasIdempotencyKey(key);
}

void AlertDispatcher::requestPump()
{
    m_timer.start(0);
}

void AlertDispatcher::pump()
{
    const TimeMs now = m_clock.now();
    pruneIfDue();
    std::set<std::pair<Channel, QString>> keysSeen;
    std::vector<qint64> toStart;
    TimeMs wake = std::numeric_limits<TimeMs>::max();
    std::map<Channel, int> inFlight = m_inFlight;
    for (const auto& [id, d] : m_pending) {
        // Only the oldest unfinished delivery of a (channel, dedup key) may go: a resolve waits
        // until its trigger is delivered or dead-lettered.
        if (!keysSeen.insert({ d.channel, d.alert.dedupKey }).second)
            continue;
        if (d.inFlight)
            continue;
        const TimeMs hold = m_holdUntil.count(d.channel) ? m_holdUntil[d.channel] : 0;
        const TimeMs due = std::max(d.nextAttemptAt, hold);
        if (due > now) {
            wake = std::min(wake, due);
            continue;
        }
        if (inFlight[d.channel] >= m_config.maxInFlightPerChannel)
            continue; // a finishing request pumps again
        ++inFlight[d.channel];
        toStart.push_back(id);
        if (d.channel == Channel::Slack && m_config.slackMinInterval > 0) {
            // Slack's pace: one message per interval, the rest of the channel waits.
            m_holdUntil[Channel::Slack] = now + m_config.slackMinInterval;
        }
    }
    for (qint64 id : toStart)
        start(id);
    if (wake != std::numeric_limits<TimeMs>::max()) {
        const TimeMs delay = std::clamp<TimeMs>(wake - m_clock.now(), 0, kMaxTimerMs);
        // A pump already due sooner (a finished request asked for one) stays as it is.
        if (!m_timer.isActive() || m_timer.remainingTime() > delay)
            m_timer.start(std::chrono::milliseconds(delay));
    }
}

void AlertDispatcher::start(qint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Delivery& d = it->second;
    const TimeMs now = m_clock.now();
    // Recorded before the request: after a crash the outbox knows this attempt may have reached
    // the channel.
    d.attempts += 1;
    d.inFlight = true;
    d.lastAttemptAt = now;
    if (Status s = m_outbox->save(d); !s) {
        // Without a record of the attempt, the outcome could not be recorded either: wait.
        qCCritical(lcAlerts).noquote() << "cannot record an attempt of" << describe(d) << ":" << s.error();
        d.attempts -= 1;
        d.inFlight = false;
        d.nextAttemptAt = now
            + fullJitterDelay(std::max(1, d.attempts), m_config.initialBackoff, m_config.maxBackoff,
                              m_random.generateDouble());
        requestPump();
        return;
    }
    ++m_inFlight[d.channel];
    Q_EMIT deliveryChanged(d);
    switch (d.channel) {
    case Channel::Slack:
        if (!m_config.slackEnabled()) {
            --m_inFlight[d.channel];
            d.inFlight = false;
            onRetryableFailure(d, 0, QStringLiteral("Slack is not configured (ORCH_SLACK_WEBHOOK_URL)"),
                               std::nullopt);
            return;
        }
        post(d, m_config.slackWebhookUrl, slackBody(d.alert, d.alertId));
        return;
    case Channel::PagerDuty:
        if (!m_config.pagerDutyEnabled()) {
            --m_inFlight[d.channel];
            d.inFlight = false;
            onRetryableFailure(d, 0,
                               QStringLiteral("PagerDuty is not configured (ORCH_PAGERDUTY_ROUTING_KEY)"),
                               std::nullopt);
            return;
        }
        post(d, m_config.pagerDutyEventsUrl, pagerDutyBody(d.alert, d.alertId, m_config.pagerDutyRoutingKey));
        return;
    case Channel::Dashboard: {
        --m_inFlight[d.channel];
        d.inFlight = false;
        const Status published = m_dashboard
            ? m_dashboard(d)
            : Status(fail(QStringLiteral("no dashboard publisher configured")));
        if (published)
            onDelivered(d, 0);
        else
            onRetryableFailure(d, 0, redact(published.error(), m_secrets), std::nullopt);
        return;
    }
    }
}

void AlertDispatcher::post(Delivery& d, const QUrl& url, const QByteArray& body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("orchestratord/" ORCH_VERSION));
    request.setTransferTimeout(
        int(std::min<TimeMs>(m_config.requestTimeout, std::numeric_limits<int>::max())));
    // A webhook that redirects has moved: following a POST across a redirect is not ours to decide.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    qCDebug(lcAlerts).noquote() << "sending" << describe(d) << "attempt" << d.attempts << "to"
                                << redactedUrl(url);
    QNetworkReply* reply = m_network->post(request, body);
    m_replies.insert(d.id, reply);
    const qint64 id = d.id;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onReplyFinished(id, reply); });
}

QString AlertDispatcher::describeNetworkError(const QNetworkReply* reply) const
{
    const auto error = reply->error();
    QString what;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        what = QStringLiteral("connection refused");
        break;
    case QNetworkReply::RemoteHostClosedError:
        what = QStringLiteral("connection closed before an answer");
        break;
    case QNetworkReply::HostNotFoundError:
        what = QStringLiteral("host not found");
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        // Only the transfer timeout cancels a request (the destructor disconnects first).
        what = QStringLiteral("no answer within %1").arg(durationText(m_config.requestTimeout));
        break;
    case QNetworkReply::SslHandshakeFailedError:
        what = QStringLiteral("TLS handshake failed: %1").arg(redact(reply->errorString(), m_secrets));
        break;
    default:
        what = QStringLiteral("network error: %1").arg(redact(reply->errorString(), m_secrets));
        break;
    }
    const char* key = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(error);
    return what + QStringLiteral(" (%1)").arg(QLatin1String(key ? key : "unknown"));
}

void AlertDispatcher::onReplyFinished(qint64 id, QNetworkReply* reply)
{
    m_replies.remove(id);
    reply->deleteLater();
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Delivery& d = it->second;
    --m_inFlight[d.channel];
    d.inFlight = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        onRetryableFailure(d, 0, describeNetworkError(reply), std::nullopt);
        requestPump();
        return;
    }
    const QByteArray body = reply->read(64 * 1024);
    const QString excerpt = responseExcerpt(body, m_secrets);
    const QString answer
        = QStringLiteral("HTTP %1%2").arg(status).arg(excerpt.isEmpty() ? QString() : u": " + excerpt);
    switch (classifyStatus(status)) {
    case Verdict::Delivered:
        onDelivered(d, status);
        break;
    case Verdict::Retry: {
        std::optional<TimeMs> notBefore;
        if (reply->hasRawHeader("Retry-After")) {
            notBefore = parseRetryAfter(reply->rawHeader("Retry-After"), m_clock.now());
            if (!notBefore)
                qCWarning(lcAlerts) << "ignoring an unparseable Retry-After from" << channelName(d.channel);
        }
        if (notBefore) {
            // Retry-After throttles the endpoint, not one alert: hold the whole channel.
            TimeMs& hold = m_holdUntil[d.channel];
            hold = std::max(hold, *notBefore);
        }
        onRetryableFailure(d, status, answer, notBefore);
        break;
    }
    case Verdict::DeadLetter:
        if (status >= 300 && status < 400)
            onDeadLetter(
                d, status,
                QStringLiteral("HTTP %1: the endpoint redirects; configure its new URL").arg(status));
        else
            onDeadLetter(d, status, answer + QStringLiteral(" (refused: not retried)"));
        break;
    }
    requestPump();
}

void AlertDispatcher::onDelivered(Delivery& d, int status)
{
    d.state = DeliveryState::Delivered;
    d.deliveredAt = m_clock.now();
    d.lastStatus = status;
    d.lastError.clear();
    persist(d);
    qCInfo(lcAlerts).noquote() << "delivered" << describe(d) << "after" << d.attempts << "attempt(s)";
    finish(d.id);
}

void AlertDispatcher::onRetryableFailure(Delivery& d, int status, const QString& error,
                                         std::optional<TimeMs> notBefore)
{
    const TimeMs now = m_clock.now();
    d.lastStatus = status;
    d.lastError = error;
    if (now >= d.deadlineAt) {
        onDeadLetter(d, status,
                     QStringLiteral("still failing %1 after it was queued; last error: %2")
                         .arg(durationText(now - d.createdAt), error));
        return;
    }
    TimeMs next = now
        + fullJitterDelay(d.attempts, m_config.initialBackoff, m_config.maxBackoff,
                          m_random.generateDouble());
    if (notBefore)
        next = std::max(next, *notBefore);
    if (next > d.deadlineAt) {
        if (notBefore && *notBefore > d.deadlineAt) {
            onDeadLetter(d, status,
                         QStringLiteral("throttled until %1, past the dead-letter time %2; last error: %3")
                             .arg(formatIso(*notBefore), formatIso(d.deadlineAt), error));
            return;
        }
        next = d.deadlineAt; // one last attempt at the deadline
    }
    d.nextAttemptAt = next;
    persist(d);
    qCInfo(lcAlerts).noquote() << "attempt" << d.attempts << "of" << describe(d) << "failed:" << error
                               << "- next attempt in" << durationText(next - now);
    Q_EMIT deliveryChanged(d);
}

void AlertDispatcher::onDeadLetter(Delivery& d, int status, const QString& reason)
{
    d.state = DeliveryState::DeadLettered;
    d.deadLetteredAt = m_clock.now();
    d.lastStatus = status;
    d.lastError = reason;
    persist(d);
    qCWarning(lcAlerts).noquote() << "dead-lettered" << describe(d) << "after" << d.attempts
                                  << "attempt(s):" << reason;
    const Delivery copy = d;
    finish(d.id);
    Q_EMIT deadLettered(copy);
}

void AlertDispatcher::finish(qint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const Delivery done = std::move(it->second);
    m_pending.erase(it);
    Q_EMIT deliveryChanged(done);
    // The next delivery of the same key may go now.
    requestPump();
    if (m_pending.empty())
        Q_EMIT drained();
}

void AlertDispatcher::persist(const Delivery& d)
{
    // If the outcome cannot be stored, the next start sends the delivery again: at least once.
    if (Status s = m_outbox->save(d); !s)
        qCCritical(lcAlerts).noquote() << "cannot record the outcome of" << describe(d) << ":" << s.error();
}

void AlertDispatcher::pruneIfDue()
{
    const TimeMs now = m_clock.now();
    if (m_lastPrune != 0 && now - m_lastPrune < kPruneEvery)
        return;
    m_lastPrune = now;
    auto pruned = m_outbox->pruneFinished(now - m_config.keepFinishedFor);
    if (!pruned)
        qCWarning(lcAlerts).noquote() << pruned.error();
    else if (*pruned > 0)
        qCInfo(lcAlerts) << "removed" << *pruned << "finished deliveries older than"
                         << durationText(m_config.keepFinishedFor) << "from the outbox";
}

} // namespace orch::alerts
