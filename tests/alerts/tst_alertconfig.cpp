// Pure parts of the alert channels: configuration and its errors, payload shapes, dedup keys,
// Retry-After parsing, backoff bounds, status classification, alert validation.
#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>

#include "alerts/alert.h"
#include "alerts/alertconfig.h"
#include "alerts/alertpayload.h"

Q_DECLARE_METATYPE(orch::alerts::Alert)

using namespace orch;
using namespace orch::alerts;

namespace {

const QString kKey = QStringLiteral("R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t");
const QString kHook = QStringLiteral("https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX");

QProcessEnvironment env(std::initializer_list<std::pair<const char*, const char*>> vars)
{
    QProcessEnvironment e;
    for (const auto& [k, v] : vars)
        e.insert(QString::fromLatin1(k), QString::fromUtf8(v));
    return e;
}

nlohmann::json parse(const QByteArray& body)
{
    return nlohmann::json::parse(body.constData(), body.constData() + body.size());
}

Alert trigger()
{
    Alert a;
    a.dedupKey = driftDedupKey(QStringLiteral("d1"), QStringLiteral("aiv"), 42);
    a.summary = QStringLiteral("Drift on d1/aiv");
    a.source = QStringLiteral("orchestratord@host");
    a.component = QStringLiteral("drift-sentinel");
    a.dealer = QStringLiteral("d1");
    a.feature = QStringLiteral("aiv");
    a.severity = QStringLiteral("critical");
    a.raisedAt = 1767225600000; // 2026-01-01T00:00:00Z
    a.customDetails = { { "featureStdDev", 3.5 }, { "threshold", 2.0 } };
    return a;
}

} // namespace

class TestAlertConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void environment_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<QString>("error"); // empty: valid; else a fragment of the message
        QTest::addRow("nothing set: channels off") << QProcessEnvironment() << QString();
        QTest::addRow("slack and pagerduty")
            << env({ { "ORCH_SLACK_WEBHOOK_URL", kHook.toUtf8().constData() },
                     { "ORCH_PAGERDUTY_ROUTING_KEY", kKey.toUtf8().constData() } })
            << QString();
        QTest::addRow("http on loopback")
            << env({ { "ORCH_SLACK_WEBHOOK_URL", "http://127.0.0.1:8080/hook/x" },
                     { "ORCH_PAGERDUTY_EVENTS_URL", "http://localhost:9/v2/enqueue" } })
            << QString();
        QTest::addRow("http on ipv6 loopback")
            << env({ { "ORCH_PAGERDUTY_EVENTS_URL", "http://[::1]:9/v2/enqueue" } }) << QString();
        QTest::addRow("durations") << env(
            { { "ORCH_ALERT_DEAD_LETTER_AFTER", "2h" }, { "ORCH_ALERT_MAX_BACKOFF", "90s" } })
                                   << QString();
        QTest::addRow("http outside loopback")
            << env({ { "ORCH_SLACK_WEBHOOK_URL", "http://hooks.slack.com/services/T/B/secretpart" } })
            << QStringLiteral("ORCH_SLACK_WEBHOOK_URL): must use https");
        QTest::addRow("not a url") << env({ { "ORCH_SLACK_WEBHOOK_URL", "https://exa mple.com/%zz" } })
                                   << QStringLiteral("ORCH_SLACK_WEBHOOK_URL): not a valid URL");
        QTest::addRow("no scheme") << env({ { "ORCH_SLACK_WEBHOOK_URL", "hooks.slack.com/services/x" } })
                                   << QStringLiteral("ORCH_SLACK_WEBHOOK_URL): must be an https URL");
        QTest::addRow("ftp")
            << env({ { "ORCH_PAGERDUTY_EVENTS_URL", "ftp://events.pagerduty.com/v2/enqueue" } })
            << QStringLiteral("ORCH_PAGERDUTY_EVENTS_URL): must be an https URL (got scheme \"ftp\")");
        QTest::addRow("credentials in url")
            << env({ { "ORCH_PAGERDUTY_EVENTS_URL", "https://user:pw@events.pagerduty.com/v2/enqueue" } })
            << QStringLiteral("must not carry a user name or password");
        QTest::addRow("short routing key") << env({ { "ORCH_PAGERDUTY_ROUTING_KEY", "abc123" } })
                                           << QStringLiteral("32-character integration key");
        QTest::addRow("routing key with symbols")
            << env({ { "ORCH_PAGERDUTY_ROUTING_KEY", "R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr-t" } })
            << QStringLiteral("not all letters and digits");
        QTest::addRow("bad duration")
            << env({ { "ORCH_ALERT_DEAD_LETTER_AFTER", "soon" } })
            << QStringLiteral("ORCH_ALERT_DEAD_LETTER_AFTER: \"soon\" is not a duration");
        QTest::addRow("zero duration") << env({ { "ORCH_ALERT_MAX_BACKOFF", "0" } })
                                       << QStringLiteral("ORCH_ALERT_MAX_BACKOFF: \"0\" is not a duration");
        QTest::addRow("slack pace off") << env({ { "ORCH_SLACK_MIN_INTERVAL", "0" } }) << QString();
        QTest::addRow("bad slack pace")
            << env({ { "ORCH_SLACK_MIN_INTERVAL", "-1s" } })
            << QStringLiteral("ORCH_SLACK_MIN_INTERVAL: \"-1s\" is not a duration");
    }
    void environment()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(QString, error);
        auto config = AlertChannelsConfig::fromEnvironment(environment);
        if (error.isEmpty()) {
            QVERIFY2(config.ok(), qPrintable(config.error()));
            return;
        }
        QVERIFY(!config.ok());
        QVERIFY2(config.error().contains(error), qPrintable(config.error()));
        // The secret parts never appear in the message.
        QVERIFY2(!config.error().contains(QStringLiteral("secretpart")), qPrintable(config.error()));
        QVERIFY2(!config.error().contains(QStringLiteral("R0ut1ngK3y")), qPrintable(config.error()));
    }

    void environmentValues()
    {
        auto config = AlertChannelsConfig::fromEnvironment(
            env({ { "ORCH_SLACK_WEBHOOK_URL", kHook.toUtf8().constData() },
                  { "ORCH_PAGERDUTY_ROUTING_KEY", kKey.toUtf8().constData() },
                  { "ORCH_ALERT_DEAD_LETTER_AFTER", "2h" },
                  { "ORCH_ALERT_MAX_BACKOFF", "90s" } }));
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config->slackWebhookUrl.toString(), kHook);
        QCOMPARE(config->pagerDutyRoutingKey, kKey);
        QCOMPARE(config->pagerDutyEventsUrl.toString(),
                 QStringLiteral("https://events.pagerduty.com/v2/enqueue"));
        QCOMPARE(config->deadLetterAfter, 2 * kHourMs);
        QCOMPARE(config->maxBackoff, 90 * 1000);
        QCOMPARE(config->slackMinInterval, 1000); // Slack's documented pace by default
        QVERIFY(config->slackEnabled());
        QVERIFY(config->pagerDutyEnabled());
        auto paced = AlertChannelsConfig::fromEnvironment(env({ { "ORCH_SLACK_MIN_INTERVAL", "2500ms" } }));
        QVERIFY2(paced.ok(), qPrintable(paced.error()));
        QCOMPARE(paced->slackMinInterval, 2500);
        auto unpaced = AlertChannelsConfig::fromEnvironment(env({ { "ORCH_SLACK_MIN_INTERVAL", "0" } }));
        QVERIFY2(unpaced.ok(), qPrintable(unpaced.error()));
        QCOMPARE(unpaced->slackMinInterval, 0);
        auto off = AlertChannelsConfig::fromEnvironment(QProcessEnvironment());
        QVERIFY(off.ok());
        QVERIFY(!off->slackEnabled());
        QVERIFY(!off->pagerDutyEnabled());
    }

    void validateReportsEveryProblem()
    {
        AlertChannelsConfig c;
        c.slackWebhookUrl = QUrl(QStringLiteral("http://example.com/hook/secretpart"));
        c.pagerDutyRoutingKey = QStringLiteral("short");
        c.deadLetterAfter = 0;
        c.initialBackoff = 1000;
        c.maxBackoff = 10;
        c.maxInFlightPerChannel = 0;
        const Status s = c.validate();
        QVERIFY(!s.ok());
        QCOMPARE(s.error().count(u'\n'), 4); // five problems, one per line
        QVERIFY(s.error().contains(QStringLiteral("deadLetterAfter")));
        QVERIFY(s.error().contains(QStringLiteral("maxBackoff")));
        QVERIFY(!s.error().contains(QStringLiteral("secretpart")));
    }

    void redactedUrlHidesThePath()
    {
        QCOMPARE(redactedUrl(QUrl(kHook)), QStringLiteral("https://hooks.slack.com/…"));
        QCOMPARE(redactedUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/a/b"))),
                 QStringLiteral("http://127.0.0.1:8080/…"));
        QCOMPARE(redact(QStringLiteral("Error transferring %1 - server replied").arg(kHook),
                        { kHook, QUrl(kHook).path() }),
                 QStringLiteral("Error transferring [redacted] - server replied"));
    }

    void parseDuration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::addRow("seconds") << QStringLiteral("90") << qint64(90000);
        QTest::addRow("s") << QStringLiteral("90s") << qint64(90000);
        QTest::addRow("ms") << QStringLiteral("500ms") << qint64(500);
        QTest::addRow("m") << QStringLiteral("15m") << qint64(15 * kMinuteMs);
        QTest::addRow("h") << QStringLiteral("24h") << qint64(kDayMs);
        QTest::addRow("d") << QStringLiteral(" 2d ") << qint64(2 * kDayMs);
        QTest::addRow("zero") << QStringLiteral("0") << qint64(-1);
        QTest::addRow("negative") << QStringLiteral("-5m") << qint64(-1);
        QTest::addRow("word") << QStringLiteral("tomorrow") << qint64(-1);
        QTest::addRow("unit only") << QStringLiteral("h") << qint64(-1);
        QTest::addRow("huge") << QStringLiteral("99999999999999d") << qint64(-1);
    }
    void parseDuration()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = orch::alerts::parseDuration(text);
        QCOMPARE(parsed.value_or(-1), ms);
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected"); // -1: unparseable
        // now = 2026-01-01T00:00:00Z
        QTest::addRow("delta seconds") << QByteArray("120") << qint64(120000);
        QTest::addRow("delta zero") << QByteArray("0") << qint64(0);
        QTest::addRow("delta padded") << QByteArray(" 5 ") << qint64(5000);
        QTest::addRow("imf-fixdate") << QByteArray("Thu, 01 Jan 2026 00:00:30 GMT") << qint64(30000);
        QTest::addRow("rfc 850") << QByteArray("Thursday, 01-Jan-26 00:01:00 GMT") << qint64(60000);
        QTest::addRow("asctime") << QByteArray("Thu Jan  1 00:00:07 2026") << qint64(7000);
        QTest::addRow("date in the past") << QByteArray("Wed, 31 Dec 2025 23:00:00 GMT") << qint64(0);
        QTest::addRow("negative") << QByteArray("-1") << qint64(-1);
        QTest::addRow("fraction") << QByteArray("1.5") << qint64(-1);
        QTest::addRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::addRow("empty") << QByteArray("") << qint64(-1);
        QTest::addRow("invalid date") << QByteArray("Thu, 32 Jan 2026 00:00:30 GMT") << qint64(-1);
        QTest::addRow("absurd delta") << QByteArray("99999999999") << qint64(-1);
    }
    void retryAfter()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        const TimeMs now = 1767225600000;
        const auto at = parseRetryAfter(value, now);
        QCOMPARE(at ? *at - now : qint64(-1), expected);
    }

    void backoffBounds()
    {
        const TimeMs initial = 100, max = 5000;
        QCOMPARE(backoffCap(1, initial, max), 100);
        QCOMPARE(backoffCap(2, initial, max), 200);
        QCOMPARE(backoffCap(6, initial, max), 3200);
        QCOMPARE(backoffCap(7, initial, max), 5000);
        QCOMPARE(backoffCap(1000, initial, max), 5000); // no overflow
        QCOMPARE(fullJitterDelay(3, initial, max, 0.0), 0);
        QCOMPARE(fullJitterDelay(3, initial, max, 0.5), 200);
        QVERIFY(fullJitterDelay(3, initial, max, 0.9999) < 400);
        // Uniform within the cap, the mean grows with the attempt until the cap.
        QRandomGenerator random(7);
        double previousMean = 0;
        for (int attempt = 1; attempt <= 9; ++attempt) {
            double sum = 0;
            TimeMs lo = max, hi = 0;
            for (int i = 0; i < 2000; ++i) {
                const TimeMs d = fullJitterDelay(attempt, initial, max, random.generateDouble());
                QVERIFY(d >= 0 && d < backoffCap(attempt, initial, max));
                lo = std::min(lo, d);
                hi = std::max(hi, d);
                sum += double(d);
            }
            const double mean = sum / 2000;
            const double cap = double(backoffCap(attempt, initial, max));
            QVERIFY2(std::abs(mean - cap / 2) < cap * 0.05, qPrintable(QString::number(mean)));
            QVERIFY(lo < cap * 0.1 && hi > cap * 0.9); // jitter spans the whole range
            if (cap < max)
                QVERIFY(mean > previousMean);
            previousMean = mean;
        }
    }

    void classify_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("verdict");
        QTest::addRow("200") << 200 << int(Verdict::Delivered);
        QTest::addRow("202") << 202 << int(Verdict::Delivered);
        QTest::addRow("301") << 301 << int(Verdict::DeadLetter);
        QTest::addRow("400") << 400 << int(Verdict::DeadLetter);
        QTest::addRow("403") << 403 << int(Verdict::DeadLetter);
        QTest::addRow("404") << 404 << int(Verdict::DeadLetter);
        QTest::addRow("408") << 408 << int(Verdict::Retry);
        QTest::addRow("410") << 410 << int(Verdict::DeadLetter);
        QTest::addRow("413") << 413 << int(Verdict::DeadLetter);
        QTest::addRow("429") << 429 << int(Verdict::Retry);
        QTest::addRow("500") << 500 << int(Verdict::Retry);
        QTest::addRow("502") << 502 << int(Verdict::Retry);
        QTest::addRow("503") << 503 << int(Verdict::Retry);
    }
    void classify()
    {
        QFETCH(int, status);
        QFETCH(int, verdict);
        QCOMPARE(int(classifyStatus(status)), verdict);
    }

    void pagerDutyTrigger()
    {
        const nlohmann::json body = parse(pagerDutyBody(trigger(), 17, kKey));
        const nlohmann::json expected = nlohmann::json::parse(R"json({
            "routing_key": "R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t",
            "event_action": "trigger",
            "dedup_key": "orch:drift:d1:aiv:42",
            "client": "Autonomic Orchestrator",
            "payload": {
                "summary": "Drift on d1/aiv",
                "source": "orchestratord@host",
                "severity": "critical",
                "timestamp": "2026-01-01T00:00:00Z",
                "component": "drift-sentinel",
                "group": "d1",
                "class": "aiv",
                "custom_details": { "featureStdDev": 3.5, "threshold": 2.0, "orchestratorAlertId": 17 }
            }
        })json");
        QCOMPARE(QString::fromStdString(body.dump(2)), QString::fromStdString(expected.dump(2)));
    }

    void pagerDutyResolve()
    {
        Alert a = trigger();
        a.action = AlertAction::Resolve;
        const nlohmann::json body = parse(pagerDutyBody(a, 18, kKey));
        const nlohmann::json expected = { { "routing_key", kKey.toStdString() },
                                          { "event_action", "resolve" },
                                          { "dedup_key", "orch:drift:d1:aiv:42" } };
        QCOMPARE(QString::fromStdString(body.dump()), QString::fromStdString(expected.dump()));
    }

    void pagerDutySummaryTruncated()
    {
        Alert a = trigger();
        a.summary = QString(3000, u'x');
        const nlohmann::json body = parse(pagerDutyBody(a, 1, kKey));
        QCOMPARE(QString::fromStdString(body["payload"]["summary"].get<std::string>()).size(), 1024);
    }

    void slackMessage()
    {
        Alert a = trigger();
        a.summary = QStringLiteral("Drift <b> & co");
        const nlohmann::json body = parse(slackBody(a, 17));
        QCOMPARE(body.size(), size_t(1));
        const QString text = QString::fromStdString(body["text"].get<std::string>());
        QVERIFY2(text.startsWith(QStringLiteral(":rotating_light: *CRITICAL* Drift &lt;b&gt; &amp; co\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("key `orch:drift:d1:aiv:42`")));
        QVERIFY(text.contains(QStringLiteral("alert #17")));
        QVERIFY(text.contains(QStringLiteral("dealer d1")));
        a.action = AlertAction::Resolve;
        const QString resolved = QString::fromStdString(parse(slackBody(a, 18))["text"].get<std::string>());
        QVERIFY2(resolved.startsWith(QStringLiteral(":white_check_mark: *RESOLVED*")), qPrintable(resolved));
    }

    void dedupKeyStable()
    {
        const QString k = driftDedupKey(QStringLiteral("d1"), QStringLiteral("aiv"), 42);
        QCOMPARE(k, QStringLiteral("orch:drift:d1:aiv:42"));
        QCOMPARE(driftDedupKey(QStringLiteral("d1"), QStringLiteral("aiv"), 42), k);
        QVERIFY(driftDedupKey(QStringLiteral("d1"), QStringLiteral("aiv"), 43) != k);
        QVERIFY(driftDedupKey(QStringLiteral("d1"), QStringLiteral("ati"), 42) != k);
        // Separators in names cannot make two series collide.
        QVERIFY(driftDedupKey(QStringLiteral("a:b"), QStringLiteral("c"), 1)
                != driftDedupKey(QStringLiteral("a"), QStringLiteral("b:c"), 1));
        QCOMPARE(driftDedupKey(QStringLiteral("d 1"), QStringLiteral("aiv"), 42, QStringLiteral("eu")),
                 QStringLiteral("orch:drift:eu:d%201:aiv:42"));
        // Too long for PagerDuty: a digest, still stable and distinct.
        const QString longDealer(300, u'd');
        const QString hashed = driftDedupKey(longDealer, QStringLiteral("aiv"), 42);
        QVERIFY(hashed.size() <= 255);
        QCOMPARE(driftDedupKey(longDealer, QStringLiteral("aiv"), 42), hashed);
        QVERIFY(driftDedupKey(longDealer, QStringLiteral("aiv"), 41) != hashed);
    }

    void validateAlert_data()
    {
        QTest::addColumn<Alert>("alert");
        QTest::addColumn<QString>("error");
        QTest::addRow("valid") << trigger() << QString();
        Alert a = trigger();
        a.dedupKey.clear();
        QTest::addRow("no dedup key") << a << QStringLiteral("alert.dedupKey: must not be empty");
        a = trigger();
        a.dedupKey = QString(256, u'k');
        QTest::addRow("long dedup key") << a << QStringLiteral("alert.dedupKey: 256 characters");
        a = trigger();
        a.summary.clear();
        QTest::addRow("no summary") << a << QStringLiteral("alert.summary: must not be empty for a trigger");
        a.action = AlertAction::Resolve;
        QTest::addRow("resolve without summary") << a << QString();
        a = trigger();
        a.source.clear();
        QTest::addRow("no source") << a << QStringLiteral("alert.source");
        a = trigger();
        a.severity = QStringLiteral("panic");
        QTest::addRow("bad severity") << a << QStringLiteral("alert.severity: \"panic\" is not one of");
        a = trigger();
        a.customDetails = nlohmann::json::array();
        QTest::addRow("details not an object")
            << a << QStringLiteral("alert.customDetails: must be a JSON object");
        a = trigger();
        a.customDetails = { { "x", { { "y", std::nan("") } } } };
        QTest::addRow("nan in details")
            << a << QStringLiteral("alert.customDetails.x.y: not a finite number");
        a = trigger();
        a.customDetails = { { "v", nlohmann::json::array({ 1.0, INFINITY }) } };
        QTest::addRow("infinity in details")
            << a << QStringLiteral("alert.customDetails.v[1]: not a finite number");
    }
    void validateAlert()
    {
        QFETCH(Alert, alert);
        QFETCH(QString, error);
        const Status s = orch::alerts::validateAlert(alert);
        if (error.isEmpty()) {
            QVERIFY2(s.ok(), qPrintable(s.error()));
        } else {
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(error), qPrintable(s.error()));
        }
    }

    void names()
    {
        for (Channel c : { Channel::Slack, Channel::PagerDuty, Channel::Dashboard })
            QCOMPARE(parseChannel(channelName(c)), c);
        for (DeliveryState s :
             { DeliveryState::Pending, DeliveryState::Delivered, DeliveryState::DeadLettered })
            QCOMPARE(parseState(stateName(s)), s);
        QVERIFY(!parseChannel(u"email"));
    }
};

QTEST_GUILESS_MAIN(TestAlertConfig)
#include "tst_alertconfig.moc"
