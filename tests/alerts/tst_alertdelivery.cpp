// The alert dispatcher against a loopback HTTP receiver that fails, throttles, hangs, closes the
// connection and recovers: exactly-once arrival, Retry-After, backoff, dead letters, per-key
// ordering, restarts on the same outbox, payloads, and secrets kept out of logs.
#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "alerts/alertdispatcher.h"
#include "alerts/alertoutbox.h"
#include "alerts/alertpayload.h"
#include "alerttesthelpers.h"

using namespace orch;
using namespace orch::alerts;
using namespace alerttest;

namespace {

using Action = TestReceiver::Action;

QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    g_log << QString::fromLatin1(context.category) + u' ' + message;
    if (type != QtDebugMsg && type != QtInfoMsg && g_previousHandler)
        g_previousHandler(type, context, message);
}

QString str(const nlohmann::json& value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

} // namespace

class TestAlertDelivery final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TestReceiver> m_receiver;
    WallClock m_clock;

    QString outboxPath() const { return m_dir->filePath(QStringLiteral("alerts.db")); }

    std::unique_ptr<AlertDispatcher> dispatcher(const AlertChannelsConfig& config,
                                                AlertDispatcher::DashboardPublisher dashboard = {})
    {
        auto d = AlertDispatcher::create(config, outboxPath(), m_clock, std::move(dashboard));
        if (!d) {
            qWarning("cannot create the dispatcher: %s", qPrintable(d.error()));
            return nullptr;
        }
        return std::move(*d);
    }

    // Enqueues and returns the identities ("channel|action|key") it should produce.
    static QStringList enqueue(AlertDispatcher& d, const Alert& alert)
    {
        auto r = d.enqueue(alert);
        if (!r) {
            qWarning("enqueue failed: %s", qPrintable(r.error()));
            return {};
        }
        QStringList out;
        const QList<Channel> channels = alert.channels.isEmpty()
            ? QList<Channel> { Channel::Slack, Channel::PagerDuty, Channel::Dashboard }
            : alert.channels;
        for (Channel c : channels) {
            if (!r->skipped.contains(c) && c != Channel::Dashboard)
                out << identity(channelName(c), alert.action, alert.dedupKey);
        }
        return out;
    }

    // Every expected identity was accepted (2xx) exactly once, and nothing else was.
    static bool exactlyOnce(const QHash<QString, int>& accepted, const QStringList& expected, QString* why)
    {
        for (const QString& id : expected) {
            if (accepted.value(id) != 1) {
                *why = QStringLiteral("%1 accepted %2 times").arg(id).arg(accepted.value(id));
                return false;
            }
        }
        if (accepted.size() != expected.size()) {
            *why = QStringLiteral("%1 identities accepted, %2 expected")
                       .arg(accepted.size())
                       .arg(expected.size());
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // One line per delivery would drown the test output; warnings stay.
        QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.alerts.info=false"));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_receiver = std::make_unique<TestReceiver>();
        QVERIFY(m_receiver->listen());
    }

    void cleanup()
    {
        m_receiver.reset();
        m_dir.reset();
    }

    void normalDeliveryExactlyOnce()
    {
        auto d = dispatcher(testConfig(*m_receiver));
        QVERIFY(d);
        QSignalSpy drained(d.get(), &AlertDispatcher::drained);
        QStringList expected;
        QList<qint64> ids;
        for (int i = 0; i < 10; ++i) {
            auto r = d->enqueue(makeAlert(i));
            QVERIFY2(r.ok(), qPrintable(r.error()));
            QCOMPARE(r->ids.size(), 2);
            QCOMPARE(r->skipped, QList<Channel> { Channel::Dashboard });
            ids << r->ids;
            expected << identity(QStringLiteral("slack"), AlertAction::Trigger, makeAlert(i).dedupKey)
                     << identity(QStringLiteral("pagerduty"), AlertAction::Trigger, makeAlert(i).dedupKey);
        }
        QCOMPARE(d->pendingCount(), 20);
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 10000);
        QVERIFY(drained.count() >= 1);
        QTest::qWait(150); // nothing more arrives
        QString why;
        QVERIFY2(exactlyOnce(m_receiver->acceptedCounts(), expected, &why), qPrintable(why));
        QCOMPARE(m_receiver->requests().size(), 20);
        for (qint64 id : std::as_const(ids)) {
            auto row = d->delivery(id);
            QVERIFY(row.ok() && row->has_value());
            const Delivery& delivery = **row;
            QCOMPARE(delivery.state, DeliveryState::Delivered);
            QCOMPARE(delivery.attempts, 1);
            QCOMPARE(delivery.lastStatus, 202);
            QVERIFY(delivery.deliveredAt.has_value());
            QVERIFY(!delivery.inFlight);
        }
        auto counts = d->counts();
        QVERIFY(counts.ok());
        QCOMPARE((*counts)[Channel::Slack].delivered, 10);
        QCOMPARE((*counts)[Channel::PagerDuty].delivered, 10);
        QCOMPARE((*counts)[Channel::PagerDuty].pending, 0);
        auto listed = d->deliveries(DeliveryState::Delivered, 5);
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), size_t(5));
        QCOMPARE(listed->front().id, ids.last()); // newest first
    }

    void failThrottleRecoverExactlyOnce()
    {
        // The first requests meet every kind of failure, then the receiver recovers.
        const QList<Action> failures {
            TestReceiver::respond(500), TestReceiver::respond(429, {}, { { "Retry-After", "1" } }),
            TestReceiver::close(),      TestReceiver::hang(),
            TestReceiver::respond(503), TestReceiver::respond(502),
            TestReceiver::close(),      TestReceiver::respond(429, {}, { { "Retry-After", "0" } }),
            TestReceiver::respond(500)
        };
        m_receiver->setScript([&](const TestReceiver::Request& r) {
            return r.index < failures.size() ? failures[r.index] : Action();
        });
        auto d = dispatcher(testConfig(*m_receiver));
        QVERIFY(d);
        QStringList expected;
        for (int i = 0; i < 6; ++i)
            expected << enqueue(*d, makeAlert(i));
        for (int i : { 1, 4 })
            expected << enqueue(*d, makeAlert(i, AlertAction::Resolve));
        QCOMPARE(expected.size(), 16);
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 15000);
        QTest::qWait(150);
        QString why;
        QVERIFY2(exactlyOnce(m_receiver->acceptedCounts(), expected, &why), qPrintable(why));
        QVERIFY(m_receiver->requests().size() >= 16 + failures.size());
        auto rows = d->deliveries(std::nullopt, 100);
        QVERIFY(rows.ok());
        int retried = 0;
        for (const Delivery& row : *rows) {
            QCOMPARE(row.state, DeliveryState::Delivered);
            retried += row.attempts > 1;
        }
        QVERIFY(retried >= 4);
        m_receiver->closeHeld();
    }

    void retryAfterHonoured_data()
    {
        QTest::addColumn<bool>("httpDate");
        QTest::addRow("delta-seconds") << false;
        QTest::addRow("HTTP-date") << true;
    }
    void retryAfterHonoured()
    {
        QFETCH(bool, httpDate);
        qint64 notBefore = 0;
        m_receiver->setScript([&](const TestReceiver::Request& r) {
            if (r.index != 0)
                return Action();
            QByteArray value = "1";
            notBefore = r.receivedAt + 1000;
            if (httpDate) {
                // HTTP-dates have whole seconds: the next whole second at least 1 s ahead.
                const qint64 at = (r.receivedAt / 1000 + 2) * 1000;
                notBefore = at;
                value = QLocale::c()
                            .toString(QDateTime::fromMSecsSinceEpoch(at, Qt::UTC),
                                      QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                            .toLatin1();
            }
            return TestReceiver::respond(429, "{\"message\":\"rate limited\"}", { { "Retry-After", value } });
        });
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.slackWebhookUrl.clear();
        config.maxInFlightPerChannel = 1;
        auto d = dispatcher(config);
        QVERIFY(d);
        // Two alerts of different keys: the throttle holds the whole channel, not only the first.
        QStringList expected = enqueue(*d, makeAlert(1)) + enqueue(*d, makeAlert(2));
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 8000);
        const auto& requests = m_receiver->requests();
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests[0].answered, 429);
        for (int i = 1; i < requests.size(); ++i)
            QVERIFY2(requests[i].receivedAt >= notBefore,
                     qPrintable(QStringLiteral("request %1 came %2 ms before Retry-After")
                                    .arg(i)
                                    .arg(notBefore - requests[i].receivedAt)));
        QString why;
        QVERIFY2(exactlyOnce(m_receiver->acceptedCounts(), expected, &why), qPrintable(why));
        auto first = d->deliveries(std::nullopt, 10);
        QVERIFY(first.ok());
        const Delivery& throttled = first->back(); // oldest
        QCOMPARE(throttled.attempts, 2);
    }

    void backoffGrowsWithBoundedJitter()
    {
        m_receiver->setScript([](const TestReceiver::Request&) { return TestReceiver::respond(500); });
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.slackWebhookUrl.clear();
        config.initialBackoff = 30;
        config.maxBackoff = 240;
        auto d = dispatcher(config);
        QVERIFY(d);
        auto r = d->enqueue(makeAlert(1));
        QVERIFY(r.ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_receiver->requests().size() >= 10, 8000);
        const auto requests = m_receiver->requests();
        QList<qint64> gaps;
        for (int n = 1; n < requests.size() && n < 10; ++n) {
            const qint64 gap = requests[n].receivedAt - requests[n - 1].receivedAt;
            const TimeMs cap = backoffCap(n, config.initialBackoff, config.maxBackoff);
            // The wait is in [0, cap]; allow for the round trip and the event loop.
            QVERIFY2(gap >= 0 && gap <= cap + 60,
                     qPrintable(QStringLiteral("gap %1 = %2 ms, cap %3 ms").arg(n).arg(gap).arg(cap)));
            gaps << gap;
        }
        // Jitter: the waits differ.
        QVERIFY(*std::max_element(gaps.begin(), gaps.end()) - *std::min_element(gaps.begin(), gaps.end())
                > 5);
        auto row = d->delivery(r->ids.front());
        QVERIFY(row.ok() && row->has_value());
        QCOMPARE((*row)->state, DeliveryState::Pending);
        QVERIFY((*row)->attempts >= 10);
        QCOMPARE((*row)->lastStatus, 500);
        QVERIFY2((*row)->lastError.startsWith(QStringLiteral("HTTP 500")), qPrintable((*row)->lastError));
        QVERIFY((*row)->nextAttemptAt <= m_clock.now() + config.maxBackoff);
    }

    void permanentRefusalDeadLetters_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::addRow("400 invalid event")
            << 400
            << QByteArray("{\"status\":\"invalid event\",\"message\":\"Event object is "
                          "invalid\",\"errors\":[\"'payload."
                          "summary' is missing\"]}")
            << QStringLiteral(
                   "HTTP 400: {\"status\":\"invalid event\",\"message\":\"Event object is invalid\"");
        QTest::addRow("404 no_service")
            << 404 << QByteArray("no_service") << QStringLiteral("HTTP 404: no_service");
        QTest::addRow("403") << 403 << QByteArray("action_prohibited")
                             << QStringLiteral("HTTP 403: action_prohibited");
        QTest::addRow("301") << 301 << QByteArray() << QStringLiteral("HTTP 301: the endpoint redirects");
    }
    void permanentRefusalDeadLetters()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        m_receiver->setScript([&](const TestReceiver::Request&) {
            return TestReceiver::respond(status, body, { { "Location", "http://127.0.0.1:1/elsewhere" } });
        });
        auto d = dispatcher(testConfig(*m_receiver));
        QVERIFY(d);
        QSignalSpy dead(d.get(), &AlertDispatcher::deadLettered);
        auto r = d->enqueue(makeAlert(1));
        QVERIFY(r.ok());
        QTRY_COMPARE_WITH_TIMEOUT(dead.count(), 2, 5000);
        QTest::qWait(200);
        QCOMPARE(m_receiver->requests().size(), 2); // one request per channel, never retried
        for (qint64 id : std::as_const(r->ids)) {
            auto row = d->delivery(id);
            QVERIFY(row.ok() && row->has_value());
            QCOMPARE((*row)->state, DeliveryState::DeadLettered);
            QCOMPARE((*row)->attempts, 1);
            QCOMPARE((*row)->lastStatus, status);
            QVERIFY2((*row)->lastError.startsWith(reason), qPrintable((*row)->lastError));
            QVERIFY((*row)->deadLetteredAt.has_value());
        }
        auto counts = d->counts();
        QCOMPARE((*counts)[Channel::PagerDuty].deadLettered, 1);
        QCOMPARE((*counts)[Channel::Slack].deadLettered, 1);
    }

    void deadLettersAfterBoundedTime()
    {
        m_receiver->setScript([](const TestReceiver::Request&) { return TestReceiver::respond(503); });
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.slackWebhookUrl.clear();
        config.deadLetterAfter = 1200;
        config.initialBackoff = 50;
        config.maxBackoff = 400;
        auto d = dispatcher(config);
        QVERIFY(d);
        QSignalSpy dead(d.get(), &AlertDispatcher::deadLettered);
        auto r = d->enqueue(makeAlert(1));
        QVERIFY(r.ok());
        QTRY_COMPARE_WITH_TIMEOUT(dead.count(), 1, 5000);
        const auto row = **d->delivery(r->ids.front());
        QCOMPARE(row.state, DeliveryState::DeadLettered);
        QCOMPARE(row.deadlineAt, row.createdAt + 1200);
        QVERIFY(*row.deadLetteredAt >= row.deadlineAt);
        QVERIFY2(*row.deadLetteredAt <= row.deadlineAt + 300,
                 qPrintable(QString::number(*row.deadLetteredAt - row.deadlineAt)));
        QVERIFY(row.attempts >= 3);
        QCOMPARE(row.lastStatus, 503);
        QVERIFY2(row.lastError.startsWith(QStringLiteral("still failing")), qPrintable(row.lastError));
        QVERIFY(row.lastError.contains(QStringLiteral("HTTP 503")));
        // The last attempt was made at the deadline, and none after the dead letter.
        QVERIFY(m_receiver->requests().last().receivedAt >= row.deadlineAt);
        const auto seen = m_receiver->requests().size();
        QTest::qWait(500);
        QCOMPARE(m_receiver->requests().size(), seen);
    }

    void resolveNeverOvertakesTrigger()
    {
        // Every trigger fails twice per channel before it is accepted; resolves are accepted at once.
        QHash<QString, int> failuresLeft;
        m_receiver->setScript([&](const TestReceiver::Request& r) {
            const QString id = r.identity();
            if (id.contains(QStringLiteral("|trigger|")) && failuresLeft.value(id, 2) > 0) {
                failuresLeft[id] = failuresLeft.value(id, 2) - 1;
                return TestReceiver::respond(r.index % 2 ? 500 : 429, {}, { { "Retry-After", "0" } });
            }
            return Action();
        });
        auto d = dispatcher(testConfig(*m_receiver));
        QVERIFY(d);
        QStringList expected;
        for (int i = 0; i < 5; ++i) {
            expected << enqueue(*d, makeAlert(i));
            expected << enqueue(*d, makeAlert(i, AlertAction::Resolve));
        }
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 10000);
        QString why;
        QVERIFY2(exactlyOnce(m_receiver->acceptedCounts(), expected, &why), qPrintable(why));
        // Per channel and key: no resolve request before the trigger was accepted.
        const auto& requests = m_receiver->requests();
        for (const QString& channel : { QStringLiteral("slack"), QStringLiteral("pagerduty") }) {
            for (int i = 0; i < 5; ++i) {
                const QString key = makeAlert(i).dedupKey;
                const QString trigger = identity(channel, AlertAction::Trigger, key);
                const QString resolve = identity(channel, AlertAction::Resolve, key);
                int triggerAccepted = -1, firstResolve = -1;
                for (const auto& r : requests) {
                    if (r.identity() == trigger && r.accepted())
                        triggerAccepted = r.index;
                    if (r.identity() == resolve && firstResolve < 0)
                        firstResolve = r.index;
                }
                QVERIFY(triggerAccepted >= 0 && firstResolve >= 0);
                QVERIFY2(firstResolve > triggerAccepted, qPrintable(trigger));
            }
        }
        // Other keys were not held back by a failing one: some trigger was accepted before the
        // first trigger's third attempt.
        int firstAccepted = -1;
        for (const auto& r : requests) {
            if (r.accepted()) {
                firstAccepted = r.index;
                break;
            }
        }
        QVERIFY(firstAccepted >= 0);
    }

    void restartWithPendingDeliveries()
    {
        // First run: the receiver refuses everything (with a Retry-After, so that nothing else is in
        // flight at the restart) and holds one request unanswered.
        const QString held
            = identity(QStringLiteral("pagerduty"), AlertAction::Trigger, makeAlert(3).dedupKey);
        bool recovered = false;
        m_receiver->setScript([&](const TestReceiver::Request& r) {
            if (recovered)
                return Action();
            if (r.identity() == held)
                return TestReceiver::hang();
            return TestReceiver::respond(503, {}, { { "Retry-After", "2" } });
        });
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.requestTimeout = 10000; // the held request stays in flight until the restart
        config.maxInFlightPerChannel = 8; // all sixteen go at once, then the channels are held
        QStringList expected;
        qint64 heldId = 0;
        {
            auto d = dispatcher(config);
            QVERIFY(d);
            for (int i = 0; i < 8; ++i) {
                const Alert a = makeAlert(i);
                auto r = d->enqueue(a);
                QVERIFY(r.ok());
                if (i == 3)
                    heldId = r->ids[1];
                expected << identity(QStringLiteral("slack"), a.action, a.dedupKey)
                         << identity(QStringLiteral("pagerduty"), a.action, a.dedupKey);
            }
            QTRY_COMPARE_WITH_TIMEOUT(m_receiver->heldCount(), 1, 5000);
            const auto answeredAll = [&] {
                int answered = 0;
                for (const auto& r : m_receiver->requests())
                    answered += r.answered != 0;
                return answered == 15;
            };
            QTRY_VERIFY_WITH_TIMEOUT(answeredAll(), 5000);
            const auto inFlight = [&] {
                auto counts = d->counts();
                return counts->at(Channel::Slack).inFlight + counts->at(Channel::PagerDuty).inFlight;
            };
            QTRY_COMPARE_WITH_TIMEOUT(inFlight(), 1, 5000);
            QCOMPARE(d->pendingCount(), 16);
            QCOMPARE(m_receiver->requests().size(), 16);
            QVERIFY(m_receiver->accepted().isEmpty());
        } // destroyed with everything pending and one request in flight
        m_receiver->closeHeld();
        recovered = true;

        auto d = dispatcher(config);
        QVERIFY(d);
        QCOMPARE(d->pendingCount(), 16);
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 8000);
        QTest::qWait(150);
        QString why;
        QVERIFY2(exactlyOnce(m_receiver->acceptedCounts(), expected, &why), qPrintable(why));
        const auto row = **d->delivery(heldId);
        QCOMPARE(row.state, DeliveryState::Delivered);
        QCOMPARE(row.interrupted, 1);
        QVERIFY(row.attempts >= 2);
    }

    void pagerDutyRequests()
    {
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.slackWebhookUrl.clear();
        auto d = dispatcher(config);
        QVERIFY(d);
        Alert trigger = makeAlert(7);
        trigger.raisedAt = 1767225600000;
        QVERIFY(d->enqueue(trigger).ok());
        Alert resolve = makeAlert(7, AlertAction::Resolve);
        resolve.summary.clear();
        QVERIFY(d->enqueue(resolve).ok());
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 5000);
        const auto& requests = m_receiver->requests();
        QCOMPARE(requests.size(), 2);
        for (const auto& r : requests) {
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/v2/enqueue"));
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        }
        const nlohmann::json t = requests[0].json();
        QCOMPARE(str(t["event_action"]), QStringLiteral("trigger"));
        QCOMPARE(QString::fromStdString(t["routing_key"].get<std::string>()), kRoutingKey);
        QCOMPARE(QString::fromStdString(t["dedup_key"].get<std::string>()),
                 driftDedupKey(QStringLiteral("dealer-7"), QStringLiteral("aiv"), 1007));
        QCOMPARE(str(t["payload"]["severity"]), QStringLiteral("warning"));
        QCOMPARE(str(t["payload"]["source"]), QStringLiteral("orchestratord@test"));
        QCOMPARE(str(t["payload"]["timestamp"]), QStringLiteral("2026-01-01T00:00:00Z"));
        QCOMPARE(str(t["payload"]["group"]), QStringLiteral("dealer-7"));
        QCOMPARE(str(t["payload"]["class"]), QStringLiteral("aiv"));
        QCOMPARE(t["payload"]["custom_details"]["detectionId"].get<int>(), 1007);
        const nlohmann::json r = requests[1].json();
        QCOMPARE(r.size(), size_t(3));
        QCOMPARE(str(r["event_action"]), QStringLiteral("resolve"));
        QCOMPARE(str(r["dedup_key"]), str(t["dedup_key"]));
    }

    void idempotentEnqueue()
    {
        AlertChannelsConfig config = testConfig(*m_receiver);
        Alert a = makeAlert(1);
        a.idempotencyKey = QStringLiteral("drift:1001:trigger");
        QList<qint64> ids;
        {
            auto d = dispatcher(config);
            QVERIFY(d);
            auto first = d->enqueue(a);
            QVERIFY(first.ok() && !first->existing);
            ids = first->ids;
            auto again = d->enqueue(a);
            QVERIFY(again.ok() && again->existing);
            QCOMPARE(again->ids, ids);
            QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 5000);
        }
        auto d = dispatcher(config);
        QVERIFY(d);
        auto afterRestart = d->enqueue(a);
        QVERIFY(afterRestart.ok() && afterRestart->existing);
        QCOMPARE(afterRestart->ids, ids);
        QTest::qWait(150);
        QCOMPARE(m_receiver->requests().size(), 2);
    }

    void channelsAndDashboard()
    {
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.pagerDutyRoutingKey.clear();
        QList<Delivery> published;
        int calls = 0;
        auto d = dispatcher(config, [&](const Delivery& delivery) -> Status {
            if (++calls == 1)
                return fail(QStringLiteral("database is locked"));
            published << delivery;
            return success();
        });
        QVERIFY(d);
        QVERIFY(d->isConfigured(Channel::Slack));
        QVERIFY(!d->isConfigured(Channel::PagerDuty));
        QVERIFY(d->isConfigured(Channel::Dashboard));
        auto r = d->enqueue(makeAlert(1));
        QVERIFY(r.ok());
        QCOMPARE(r->ids.size(), 2);
        QCOMPARE(r->skipped, QList<Channel> { Channel::PagerDuty });
        Alert pdOnly = makeAlert(2);
        pdOnly.channels = { Channel::PagerDuty };
        auto none = d->enqueue(pdOnly);
        QVERIFY(none.ok());
        QVERIFY(none->ids.isEmpty());
        QCOMPARE(none->skipped, QList<Channel> { Channel::PagerDuty });
        QTRY_COMPARE_WITH_TIMEOUT(d->pendingCount(), 0, 5000);
        QCOMPARE(calls, 2);
        QCOMPARE(published.size(), 1);
        QCOMPARE(published.front().alert.dedupKey, makeAlert(1).dedupKey);
        const auto dashboard = **d->delivery(r->ids[1]);
        QCOMPARE(dashboard.channel, Channel::Dashboard);
        QCOMPARE(dashboard.state, DeliveryState::Delivered);
        QCOMPARE(dashboard.attempts, 2);
        QCOMPARE(m_receiver->requests().size(), 1);
    }

    void invalidAlertRefused()
    {
        auto d = dispatcher(testConfig(*m_receiver));
        QVERIFY(d);
        Alert a = makeAlert(1);
        a.severity = QStringLiteral("urgent");
        auto r = d->enqueue(a);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(QStringLiteral("alert.severity")), qPrintable(r.error()));
        a = makeAlert(1);
        a.customDetails = { { "std", std::nan("") } };
        r = d->enqueue(a);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(QStringLiteral("alert.customDetails.std")), qPrintable(r.error()));
        QCOMPARE(d->pendingCount(), 0);
        QCOMPARE(d->counts()->at(Channel::Slack), DeliveryCounts {});
    }

    void invalidConfigRefused()
    {
        AlertChannelsConfig config = testConfig(*m_receiver);
        config.pagerDutyEventsUrl = QUrl(QStringLiteral("http://events.example.com/v2/enqueue"));
        auto d = AlertDispatcher::create(config, outboxPath(), m_clock);
        QVERIFY(!d.ok());
        QVERIFY2(d.error().contains(QStringLiteral("must use https")), qPrintable(d.error()));
    }

    void oneDispatcherPerOutbox()
    {
        auto first = dispatcher(testConfig(*m_receiver));
        QVERIFY(first);
        auto second = AlertDispatcher::create(testConfig(*m_receiver), outboxPath(), m_clock);
        QVERIFY(!second.ok());
        QVERIFY2(second.error().contains(QStringLiteral("in use by another process")),
                 qPrintable(second.error()));
        first.reset();
        QVERIFY(dispatcher(testConfig(*m_receiver)));
    }

    void secretsNeverLogged()
    {
        // The receiver echoes the secrets back in its error bodies, as some proxies do.
        const QByteArray echo
            = "no such hook " + kSlackPath.toLatin1() + " for key " + kRoutingKey.toLatin1();
        m_receiver->setScript([&](const TestReceiver::Request& r) {
            switch (r.index) {
            case 0:
            case 1:
                return TestReceiver::respond(500, echo);
            case 2:
                return TestReceiver::close();
            default:
                return TestReceiver::respond(400, echo);
            }
        });
        QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.alerts.debug=true"));
        g_log.clear();
        g_previousHandler = qInstallMessageHandler(captureMessages);
        {
            auto d = dispatcher(testConfig(*m_receiver));
            QVERIFY(d);
            QSignalSpy dead(d.get(), &AlertDispatcher::deadLettered);
            QVERIFY(d->enqueue(makeAlert(1)).ok());
            QTRY_COMPARE_WITH_TIMEOUT(dead.count(), 2, 5000);
            auto rows = d->deliveries();
            QVERIFY(rows.ok());
            for (const Delivery& row : *rows) {
                QVERIFY2(row.lastError.contains(QStringLiteral("[redacted]")), qPrintable(row.lastError));
                QVERIFY(!row.lastError.contains(QStringLiteral("s3cr3tW3bh00kPath")));
                QVERIFY(!row.lastError.contains(kRoutingKey));
            }
        }
        qInstallMessageHandler(g_previousHandler);
        QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.alerts.info=false"));
        QVERIFY(g_log.size() > 5);
        for (const QString& line : std::as_const(g_log)) {
            QVERIFY2(!line.contains(QStringLiteral("s3cr3tW3bh00kPath")), qPrintable(line));
            QVERIFY2(!line.contains(kRoutingKey), qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestAlertDelivery)
#include "tst_alertdelivery.moc"
