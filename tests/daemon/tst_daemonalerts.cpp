// orchestratord's alert channels end to end: the real daemon simulating a fleet raises drift
// alerts, its outbox delivers them to Slack and PagerDuty endpoints played by a loopback receiver
// that first fails (500, connection dropped), then throttles (429 + Retry-After), then recovers;
// the daemon is killed (SIGKILL) while deliveries are pending and started again.
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <nlohmann/json.hpp>

#include "../alerts/alerttestreceiver.h"
#include "daemonprocess.h"

namespace {

const QString kSlackPath = QStringLiteral("/services/T0DAEMON/B0DAEMON/daemonS3cr3tW3bh00k");
const QString kRoutingKey = QStringLiteral("D43m0nR0ut1ngK3yS3cr3tR0ut1ngK3y");

using Reply = HttpReply;

// What the receiver answers, switched by the test.
enum class Mode
{
    Failing, // 500 and dropped connections, alternately
    Throttling, // 429 with Retry-After: 1
    Accepting,
};

QString identityOf(const nlohmann::json& delivery)
{
    return QStringLiteral("%1|%2|%3")
        .arg(QString::fromStdString(delivery["channel"].get<std::string>()),
             QString::fromStdString(delivery["action"].get<std::string>()),
             QString::fromStdString(delivery["dedupKey"].get<std::string>()));
}

} // namespace

class TestDaemonAlerts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void deliveredExactlyOnceAcrossFailuresAndKill();
    void alertsEndpoint();
    void badChannelConfigurationRefused();

private:
    QProcessEnvironment environment(const TestReceiver& receiver) const;
    // The outbox's deliveries, newest first, all pages.
    nlohmann::json deliveries(DaemonProcess& daemon, const QString& query = QString());

    QNetworkAccessManager m_nam;
};

void TestDaemonAlerts::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(ORCH_BIN_DIR "/orchestratord")).isExecutable(),
             "build the orchestratord target first");
}

QProcessEnvironment TestDaemonAlerts::environment(const TestReceiver& receiver) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ORCH_SLACK_WEBHOOK_URL"), receiver.url(kSlackPath).toString());
    env.insert(QStringLiteral("ORCH_PAGERDUTY_ROUTING_KEY"), kRoutingKey);
    env.insert(QStringLiteral("ORCH_PAGERDUTY_EVENTS_URL"),
               receiver.url(QStringLiteral("/v2/enqueue")).toString());
    // Retries within half a second, and Slack unpaced, so that the test takes seconds.
    env.insert(QStringLiteral("ORCH_ALERT_MAX_BACKOFF"), QStringLiteral("400ms"));
    env.insert(QStringLiteral("ORCH_SLACK_MIN_INTERVAL"), QStringLiteral("0"));
    env.remove(QStringLiteral("ORCH_REDIS_URL"));
    return env;
}

nlohmann::json TestDaemonAlerts::deliveries(DaemonProcess& daemon, const QString& query)
{
    nlohmann::json all = nlohmann::json::array();
    QString before;
    for (int page = 0; page < 100; ++page) {
        QString q = QStringLiteral("?limit=1000") + query + before;
        const Reply r = httpRequest(m_nam, daemon.url(QStringLiteral("/api/v1/alerts") + q));
        if (r.status != 200)
            return nlohmann::json();
        const auto body = r.json();
        for (const auto& d : body["deliveries"])
            all.push_back(d);
        if (body["nextBefore"].is_null())
            return all;
        before = QStringLiteral("&before=%1").arg(body["nextBefore"].get<qint64>());
    }
    return all;
}

void TestDaemonAlerts::deliveredExactlyOnceAcrossFailuresAndKill()
{
    TestReceiver receiver;
    QVERIFY(receiver.listen());
    Mode mode = Mode::Failing;
    int failures = 0;
    receiver.setScript([&](const TestReceiver::Request& r) {
        switch (mode) {
        case Mode::Failing:
            return ++failures % 2 ? TestReceiver::respond(500, "upstream broken") : TestReceiver::close();
        case Mode::Throttling:
            return TestReceiver::respond(429, "slow down", { { "Retry-After", "1" } });
        case Mode::Accepting:
            break;
        }
        return r.channel() == u"slack" ? TestReceiver::respond(200, "ok") : TestReceiver::respond(202);
    });

    DaemonProcess daemon;
    daemon.process().setProcessEnvironment(environment(receiver));
    const QStringList args { QStringLiteral("--simulate"),     QStringLiteral("20"),
                             QStringLiteral("--warm-up-days"), QStringLiteral("10"),
                             QStringLiteral("--sim-tick-ms"),  QStringLiteral("20") };
    QVERIFY2(daemon.start(args), qPrintable(daemon.errorText()));

    const auto distinct = [&](bool acceptedOnly, const QString& action = QString()) {
        QSet<QString> ids;
        for (const auto& r : receiver.requests()) {
            if ((!acceptedOnly || r.accepted())
                && (action.isEmpty() || r.identity().contains(u'|' + action + u'|')))
                ids.insert(r.identity());
        }
        return ids.size();
    };

    // 1. Failing: the first drift alerts are tried and refused, again and again.
    // The outbox says so: pending, retried, with the next attempt planned.
    const auto retried = [&] {
        const auto pending = deliveries(daemon, QStringLiteral("&state=pending"));
        int again = 0;
        for (const auto& d : pending) {
            if (d["state"] != "pending" || d["nextAttemptAt"].is_null())
                return false;
            again += d["attempts"].get<int>() >= 2;
        }
        return pending.size() >= 4 && again >= 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(distinct(false, QStringLiteral("trigger")) >= 4 && failures >= 8 && retried(),
                             60000);
    QCOMPARE(distinct(true), 0);

    // 2. Throttling: 429 with Retry-After: the outbox holds the throttled deliveries (and their
    //    channel) for at least that second.
    mode = Mode::Throttling;
    const auto iso = [](const nlohmann::json& v) {
        return QDateTime::fromString(QString::fromStdString(v.get<std::string>()), Qt::ISODateWithMs)
            .toMSecsSinceEpoch();
    };
    nlohmann::json throttled;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            throttled = nlohmann::json::array();
            for (const auto& d : deliveries(daemon, QStringLiteral("&state=pending"))) {
                if (d["lastStatus"] == 429 && !d["nextAttemptAt"].is_null())
                    throttled.push_back(d);
            }
            return throttled.size() >= 2;
        }(),
        30000);
    for (const auto& d : throttled) {
        QVERIFY2(iso(d["nextAttemptAt"]) - iso(d["lastAttemptAt"]) >= 1000, d.dump().c_str());
        QVERIFY(
            QString::fromStdString(d["lastError"].get<std::string>()).startsWith(QStringLiteral("HTTP 429")));
    }

    // 3. Recovering: deliveries go through, then the endpoint fails again while more are pending,
    //    and the daemon is killed.
    mode = Mode::Accepting;
    QTRY_VERIFY_WITH_TIMEOUT(distinct(true) >= 4, 30000);
    mode = Mode::Failing;
    const int triggersBefore = distinct(false, QStringLiteral("trigger"));
    QTRY_VERIFY_WITH_TIMEOUT(distinct(false, QStringLiteral("trigger")) > triggersBefore
                                 && !deliveries(daemon, QStringLiteral("&state=pending")).empty(),
                             60000);
    // Every 2xx the receiver gave is recorded in the outbox: nothing the receiver accepted is in
    // flight at the kill. (A request in flight at a crash is sent again at the next start — at
    // least once; PagerDuty deduplicates it, Slack may show it twice: README, "Alerts".)
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QSet<QString> delivered;
            for (const auto& d : deliveries(daemon, QStringLiteral("&state=delivered")))
                delivered.insert(identityOf(d));
            for (const auto& r : receiver.requests()) {
                if (r.accepted() && !delivered.contains(r.identity()))
                    return false;
            }
            return true;
        }(),
        20000);
    const nlohmann::json beforeKill = deliveries(daemon);
    QSet<QString> pendingAtKill;
    for (const auto& d : beforeKill) {
        if (d["state"] == "pending")
            pendingAtKill.insert(identityOf(d));
    }
    daemon.process().kill();
    QVERIFY(daemon.process().waitForFinished(10000));
    QVERIFY(!pendingAtKill.isEmpty());
    // A request the killed daemon had sent may still wait in the receiver's socket: it gets the
    // failing answer (nobody reads it), not a 2xx the outbox never learnt of.
    QTest::qWait(500);

    // 4. Restarted on the same data directory, with the endpoint working: the outbox resumes; the
    //    episodes the killed process left open are resolved.
    mode = Mode::Accepting;
    QVERIFY2(daemon.start(args), qPrintable(daemon.errorText()));
    const auto undelivered = [&] {
        const auto all = deliveries(daemon);
        QSet<QString> waiting = pendingAtKill;
        for (const auto& d : all) {
            if (d["state"] == "delivered")
                waiting.remove(identityOf(d));
        }
        return waiting;
    };
    QTRY_VERIFY_WITH_TIMEOUT(undelivered().isEmpty(), 60000);
    // Every trigger queued before the kill is resolved (its episode closed, or closed at restart).
    QSet<QString> triggers, resolves;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            triggers.clear();
            resolves.clear();
            for (const auto& d : beforeKill) {
                if (d["action"] == "trigger")
                    triggers.insert(QString::fromStdString(d["channel"].get<std::string>() + "|"
                                                           + d["dedupKey"].get<std::string>()));
            }
            for (const auto& d : deliveries(daemon, QStringLiteral("&state=delivered"))) {
                if (d["action"] == "resolve")
                    resolves.insert(QString::fromStdString(d["channel"].get<std::string>() + "|"
                                                           + d["dedupKey"].get<std::string>()));
            }
            return (triggers - resolves).isEmpty();
        }(),
        30000);
    QCOMPARE(daemon.terminate(), 0);
    qInfo().noquote() << receiver.requests().size() << "requests," << receiver.acceptedCounts().size()
                      << "alerts accepted;" << pendingAtKill.size() << "deliveries pending at the kill,"
                      << triggers.size() << "triggers queued before it";

    // Exactly once: every identity (channel, action, dedup key) the receiver accepted was accepted
    // once, from one outbox alert, and the outbox has delivered every one of them.
    const QHash<QString, int> accepted = receiver.acceptedCounts();
    QVERIFY(!accepted.isEmpty());
    for (auto it = accepted.begin(); it != accepted.end(); ++it)
        QVERIFY2(it.value() == 1,
                 qPrintable(QStringLiteral("%1 accepted %2 times").arg(it.key()).arg(it.value())));
    QHash<QString, QSet<QString>> slackAlertIds;
    static const QRegularExpression alertNumber(QStringLiteral("alert #(\\d+)"));
    for (const auto& r : receiver.requests()) {
        if (r.channel() == u"slack")
            slackAlertIds[r.identity()].insert(
                alertNumber.match(QString::fromStdString(r.json().value("text", std::string()))).captured(1));
    }
    for (auto it = slackAlertIds.begin(); it != slackAlertIds.end(); ++it)
        QVERIFY2(it.value().size() == 1, qPrintable(it.key() + QStringLiteral(": more than one alert")));
    // Both channels, both actions, and the secrets kept out of the daemon's log.
    QVERIFY(distinct(true, QStringLiteral("trigger")) >= 4);
    QVERIFY(distinct(true, QStringLiteral("resolve")) >= 2);
    const QString log = daemon.stderrText();
    static const QRegularExpression orphans(QStringLiteral("closed (\\d+) drift episode\\(s\\) left open"));
    qInfo().noquote() << "episodes closed at restart:" << orphans.match(log).captured(1);
    QVERIFY2(!log.contains(kRoutingKey), "the routing key was logged");
    QVERIFY2(!log.contains(QStringLiteral("daemonS3cr3tW3bh00k")), "the webhook path was logged");
    // Every PagerDuty event carried the routing key and a well-formed body.
    for (const auto& r : receiver.requests()) {
        if (r.channel() != u"pagerduty")
            continue;
        const auto body = r.json();
        QCOMPARE(QString::fromStdString(body.value("routing_key", std::string())), kRoutingKey);
        QVERIFY(QString::fromStdString(body.value("dedup_key", std::string())).startsWith(u"orch:drift:"));
    }
}

void TestDaemonAlerts::alertsEndpoint()
{
    // Without channels: the endpoint answers, with nothing configured.
    DaemonProcess plain;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* var : { "ORCH_SLACK_WEBHOOK_URL", "ORCH_PAGERDUTY_ROUTING_KEY", "ORCH_REDIS_URL" })
        env.remove(QString::fromLatin1(var));
    plain.process().setProcessEnvironment(env);
    QVERIFY2(plain.start({}), qPrintable(plain.errorText()));
    const Reply none = httpRequest(m_nam, plain.url(QStringLiteral("/api/v1/alerts")));
    QCOMPARE(none.status, 200);
    const auto body = none.json();
    QCOMPARE(body["channels"]["slack"].get<bool>(), false);
    QCOMPARE(body["channels"]["pagerduty"].get<bool>(), false);
    QVERIFY(body["deliveries"].empty());
    QVERIFY(body["nextBefore"].is_null());
    // Strict query parameters.
    QCOMPARE(httpRequest(m_nam, plain.url(QStringLiteral("/api/v1/alerts?state=lost"))).status, 400);
    QVERIFY(httpRequest(m_nam, plain.url(QStringLiteral("/api/v1/alerts?state=lost"))).json()["error"]["field"]
            == "?state");
    QCOMPARE(httpRequest(m_nam, plain.url(QStringLiteral("/api/v1/alerts?limit=0"))).status, 400);
    QCOMPARE(httpRequest(m_nam, plain.url(QStringLiteral("/api/v1/alerts?colour=red"))).status, 400);
    QCOMPARE(httpRequest(m_nam, plain.url(QStringLiteral("/api/v1/alerts?state=dead-lettered&limit=5"))).status, 200);
    const QString metrics = QString::fromUtf8(httpRequest(m_nam, plain.url(QStringLiteral("/metrics"))).body);
    QVERIFY(metrics.contains(QStringLiteral("orchestrator_alert_channel_configured{channel=\"slack\"} 0")));
    QCOMPARE(plain.terminate(), 0);

    // A refusing endpoint: deliveries dead-letter at once, the engine records it as an event, and
    // /metrics counts them.
    TestReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setScript([](const TestReceiver::Request&) {
        return TestReceiver::respond(400, "{\"status\":\"invalid event\"}");
    });
    DaemonProcess daemon;
    daemon.process().setProcessEnvironment(environment(receiver));
    QVERIFY2(
        daemon.start({ QStringLiteral("--simulate"), QStringLiteral("20"), QStringLiteral("--warm-up-days"),
                       QStringLiteral("10"), QStringLiteral("--sim-tick-ms"), QStringLiteral("20") }),
        qPrintable(daemon.errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(deliveries(daemon, QStringLiteral("&state=dead-lettered")).size() >= 2, 60000);
    const auto dead = deliveries(daemon, QStringLiteral("&state=dead-lettered"));
    for (const auto& d : dead) {
        QCOMPARE(d["lastStatus"].get<int>(), 400);
        QCOMPARE(d["attempts"].get<int>(), 1);
        QVERIFY(d["nextAttemptAt"].is_null());
        QVERIFY(!d["deadLetteredAt"].is_null());
        QVERIFY(
            QString::fromStdString(d["lastError"].get<std::string>()).contains(QStringLiteral("HTTP 400")));
    }
    // The console reads dead letters from the events.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto events
                = httpRequest(m_nam, daemon.url(QStringLiteral("/api/v1/events?limit=1000"))).json()["events"];
            for (const auto& e : events) {
                if (e["type"] == "alert.dead_lettered")
                    return QString::fromStdString(e["message"].get<std::string>()).contains(u"dead-lettered");
            }
            return false;
        }(),
        20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        QString::fromUtf8(httpRequest(m_nam, daemon.url(QStringLiteral("/metrics"))).body)
            .contains(QRegularExpression(QStringLiteral(
                "orchestrator_alert_deliveries\\{channel=\"pagerduty\",state=\"dead_lettered\"\\} [1-9]"))),
        10000);
    const QString text = QString::fromUtf8(httpRequest(m_nam, daemon.url(QStringLiteral("/metrics"))).body);
    QVERIFY(text.contains(QStringLiteral("orchestrator_alert_channel_configured{channel=\"pagerduty\"} 1")));
    QVERIFY(
        text.contains(QStringLiteral("orchestrator_alert_deliveries{channel=\"slack\",state=\"pending\"}")));
    QCOMPARE(daemon.terminate(), 0);
}

void TestDaemonAlerts::badChannelConfigurationRefused()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ORCH_SLACK_WEBHOOK_URL"),
               QStringLiteral("http://hooks.example.com/services/T0/B0/leakedS3cr3t"));
    env.insert(QStringLiteral("ORCH_PAGERDUTY_ROUTING_KEY"), QStringLiteral("tooShortKey"));
    DaemonProcess daemon;
    daemon.process().setProcessEnvironment(env);
    QCOMPARE(daemon.runExpectingExit({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                       QStringLiteral("--data-dir"), daemon.dataDir() }),
             2);
    const QString text = daemon.stderrText();
    QVERIFY2(text.contains(QStringLiteral("ORCH_SLACK_WEBHOOK_URL")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ORCH_PAGERDUTY_ROUTING_KEY")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("leakedS3cr3t")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("tooShortKey")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestDaemonAlerts)
#include "tst_daemonalerts.moc"
