// DispatcherAlertSink, the engine's AlertSink over the outbox: the spec's channels filtered to
// the configured ones, the episode's dedup key, and an idempotency key per action so that raising
// the same alert again (a restart replaying its work) adds nothing.
#include <QTemporaryDir>
#include <QTest>

#include "alerts/alertdispatcher.h"
#include "alerts/dispatchersink.h"
#include "alerttesthelpers.h"

using namespace orch;
using namespace orch::alerts;
using namespace alerttest;

namespace {

DriftAlert drift(bool resolve, qint64 id = 42)
{
    DriftAlert a;
    a.resolve = resolve;
    a.detectionId = id;
    a.dealer = QStringLiteral("dealer-7");
    a.feature = QStringLiteral("schema_score");
    a.at = 1767225600000;
    a.summary = resolve ? QStringLiteral("Drift on dealer-7/schema_score resolved")
                        : QStringLiteral("Drift on dealer-7/schema_score: std 3.1");
    a.severity = resolve ? QStringLiteral("info") : QStringLiteral("warning");
    a.channels = { QStringLiteral("slack"), QStringLiteral("dashboard"), QStringLiteral("pagerduty") };
    a.details = { { "detectionId", id }, { "featureStdDev", 3.1 } };
    return a;
}

} // namespace

class TestAlertSink final : public QObject
{
    Q_OBJECT

private slots:
    void raisesOncePerEpisodeAndAction()
    {
        TestReceiver receiver;
        QVERIFY(receiver.listen());
        QTemporaryDir dir;
        WallClock clock;
        auto dispatcher
            = AlertDispatcher::create(testConfig(receiver), dir.filePath(QStringLiteral("alerts.db")), clock);
        QVERIFY2(dispatcher, qPrintable(dispatcher.error()));
        DispatcherAlertSink sink(**dispatcher, QStringLiteral("orchestratord@test"),
                                 QStringLiteral("shard-1"));

        QVERIFY(!sink.triggerQueued(drift(false)).value());
        auto queued = sink.raise(drift(false));
        QVERIFY2(queued, qPrintable(queued.error()));
        QCOMPARE(*queued, QStringList({ QStringLiteral("slack"), QStringLiteral("pagerduty") }));
        QVERIFY(sink.triggerQueued(drift(false)).value());
        // Again (a restart replaying the detection): nothing new in the outbox.
        QVERIFY(sink.raise(drift(false)).ok());
        QCOMPARE((*dispatcher)->deliveries().value().size(), std::size_t(2));
        QVERIFY(sink.raise(drift(true)).ok());
        QVERIFY(sink.raise(drift(true)).ok());
        QCOMPARE((*dispatcher)->deliveries().value().size(), std::size_t(4));

        const QString key = driftDedupKey(QStringLiteral("dealer-7"), QStringLiteral("schema_score"), 42,
                                          QStringLiteral("shard-1"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.acceptedCounts().size(), 4, 10000);
        for (const QString& channel : { QStringLiteral("slack"), QStringLiteral("pagerduty") }) {
            QCOMPARE(receiver.acceptedCounts().value(identity(channel, AlertAction::Trigger, key)), 1);
            QCOMPARE(receiver.acceptedCounts().value(identity(channel, AlertAction::Resolve, key)), 1);
        }
        const auto all = (*dispatcher)->deliveries();
        QVERIFY2(all, qPrintable(all.error()));
        for (const Delivery& d : *all) {
            QCOMPARE(d.alert.dedupKey, key);
            QCOMPARE(d.alert.idempotencyKey,
                     key
                         + (d.alert.action == AlertAction::Trigger ? QStringLiteral(":trigger")
                                                                   : QStringLiteral(":resolve")));
            QCOMPARE(d.alert.source, QStringLiteral("orchestratord@test"));
            QCOMPARE(d.alert.component, QStringLiteral("drift-sentinel"));
            QCOMPARE(d.alert.raisedAt, 1767225600000);
            QCOMPARE(d.alert.customDetails.value("detectionId", 0), 42);
        }
    }

    void onlyRequestedAndConfiguredChannels()
    {
        TestReceiver receiver;
        QVERIFY(receiver.listen());
        QTemporaryDir dir;
        WallClock clock;
        AlertChannelsConfig slackOnly = testConfig(receiver);
        slackOnly.pagerDutyRoutingKey.clear();
        auto dispatcher
            = AlertDispatcher::create(slackOnly, dir.filePath(QStringLiteral("alerts.db")), clock);
        QVERIFY2(dispatcher, qPrintable(dispatcher.error()));
        DispatcherAlertSink sink(**dispatcher, QStringLiteral("orchestratord@test"));

        QCOMPARE(sink.raise(drift(false, 1)).value(), QStringList { QStringLiteral("slack") });
        DriftAlert pagerOnly = drift(false, 2);
        pagerOnly.channels = { QStringLiteral("pagerduty"), QStringLiteral("dashboard") };
        // Nothing to queue: an empty answer, and nothing in the outbox (not "every channel").
        QCOMPARE(sink.raise(pagerOnly).value(), QStringList());
        QCOMPARE((*dispatcher)->deliveries().value().size(), std::size_t(1));
        QVERIFY(!sink.triggerQueued(pagerOnly).value());
        // An invalid alert is an error, not a silent drop.
        DriftAlert empty = drift(false, 3);
        empty.summary.clear();
        QVERIFY(!sink.raise(empty).ok());
    }
};

QTEST_GUILESS_MAIN(TestAlertSink)
#include "tst_alertsink.moc"
