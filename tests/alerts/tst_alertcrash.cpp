// SIGKILL during delivery: a child process delivers from the outbox to a receiver in this process
// and is killed, at a chosen moment (a request held unanswered) and then at random moments; a
// dispatcher opened on the same outbox afterwards delivers the rest. No alert is lost; the only
// duplicates are deliveries whose request was in flight at a kill (the documented at-least-once
// edge), and there are none when the kill lands while the receiver has not answered.
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "alerts/alertdispatcher.h"
#include "alerttesthelpers.h"

using namespace orch;
using namespace orch::alerts;
using namespace alerttest;

class TestAlertCrash final : public QObject
{
    Q_OBJECT

private:
    // Runs the child until `killWhen` holds (or it has enqueued everything and `killWhen` holds),
    // then kills it; returns the dedup keys it acknowledged as enqueued.
    QStringList runAndKill(const QString& outbox, const TestReceiver& receiver, int run, int count,
                           int maxInFlight, const std::function<bool()>& killWhen)
    {
        QProcess child;
        child.setProgram(QCoreApplication::applicationDirPath() + QStringLiteral("/alert_crash_child"));
        child.setArguments({ outbox, receiver.url(QStringLiteral("/v2/enqueue")).toString(),
                             QString::number(run), QString::number(count), QString::number(maxInFlight) });
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                           QStringLiteral("orchestrator.alerts.info=false"));
        child.setProcessEnvironment(environment);
        QStringList enqueued;
        connect(&child, &QProcess::readyReadStandardOutput, this, [&] {
            while (child.canReadLine()) {
                const QString line = QString::fromUtf8(child.readLine()).trimmed();
                if (line.startsWith(QStringLiteral("enqueued ")))
                    enqueued << line.mid(9);
                else if (line.startsWith(QStringLiteral("error ")))
                    qWarning("child: %s", qPrintable(line));
            }
        });
        child.start();
        if (!child.waitForStarted(5000)) {
            qWarning("cannot start %s", qPrintable(child.program()));
            return {};
        }
        (void)QTest::qWaitFor([&] { return killWhen() || child.state() != QProcess::Running; }, 10000);
        if (child.state() != QProcess::Running)
            qWarning("child exited on its own with %d", child.exitCode());
        child.kill(); // SIGKILL
        child.waitForFinished(5000);
        while (child.canReadLine()) {
            const QString line = QString::fromUtf8(child.readLine()).trimmed();
            if (line.startsWith(QStringLiteral("enqueued ")))
                enqueued << line.mid(9);
        }
        return enqueued;
    }

    // A dispatcher on the outbox delivers whatever is left; returned once it has.
    std::unique_ptr<AlertDispatcher> drain(const QString& outbox, const TestReceiver& receiver)
    {
        AlertChannelsConfig config = testConfig(receiver);
        config.slackWebhookUrl.clear();
        auto d = AlertDispatcher::create(config, outbox, m_clock);
        if (!d) {
            qWarning("%s", qPrintable(d.error()));
            return nullptr;
        }
        if (!QTest::qWaitFor([&] { return (*d)->pendingCount() == 0; }, 15000)) {
            qWarning("%d deliveries still pending", (*d)->pendingCount());
            return nullptr;
        }
        QTest::qWait(200); // nothing more arrives
        return std::move(*d);
    }

    WallClock m_clock;

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.alerts.info=false"));
    }

    void sigkillMidDelivery()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString outbox = dir.filePath(QStringLiteral("alerts.db"));
        TestReceiver receiver;
        QVERIFY(receiver.listen());
        auto accepted = [&](const QString& key) {
            return receiver.acceptedCounts().value(
                identity(QStringLiteral("pagerduty"), AlertAction::Trigger, key));
        };

        // Run 0: one request at a time; the receiver accepts five, then holds the sixth unanswered
        // and the child is killed while it waits. A new dispatcher delivers the rest: none lost, none
        // duplicated, since the killed request had not been answered.
        int answered = 0;
        receiver.setScript([&](const TestReceiver::Request&) {
            return ++answered <= 5 ? TestReceiver::Action() : TestReceiver::hang();
        });
        const QStringList run0
            = runAndKill(outbox, receiver, 0, 12, 1, [&] { return receiver.heldCount() > 0; });
        QCOMPARE(run0.size(), 12); // enqueued in one go before the first delivery
        QCOMPARE(receiver.accepted().size(), 5);
        receiver.closeHeld();
        receiver.setScript({});
        QVERIFY(drain(outbox, receiver));
        for (const QString& key : run0)
            QVERIFY2(accepted(key) == 1,
                     qPrintable(QStringLiteral("%1 arrived %2 times").arg(key).arg(accepted(key))));
        QCOMPARE(receiver.acceptedCounts().size(), 12);

        // Runs 1-6: the receiver answers after a random delay, several requests in flight, and the
        // child dies at a random moment (while enqueueing, sending, or waiting for answers).
        QRandomGenerator random(20260101);
        receiver.setScript([&](const TestReceiver::Request&) {
            TestReceiver::Action a;
            a.delayMs = int(random.bounded(30));
            return a;
        });
        QStringList enqueued;
        const int kills = 6, maxInFlight = 4;
        for (int run = 1; run <= kills; ++run) {
            const int after = int(random.bounded(40, 400));
            QElapsedTimer timer;
            timer.start();
            enqueued << runAndKill(outbox, receiver, run, 20, maxInFlight,
                                   [&] { return timer.elapsed() >= after; });
        }
        receiver.setScript({});
        auto d = drain(outbox, receiver);
        QVERIFY(d);

        // Nothing lost: every acknowledged alert arrived.
        for (const QString& key : std::as_const(enqueued))
            QVERIFY2(accepted(key) >= 1, qPrintable(key));
        // Any duplicate is a delivery whose request was in flight at a kill: at most one per
        // interrupted attempt, so at most one per kill and request slot.
        auto rows = d->deliveries(std::nullopt, 10000);
        QVERIFY(rows.ok());
        int duplicates = 0, interrupted = 0;
        for (const Delivery& row : *rows) {
            QCOMPARE(row.state, DeliveryState::Delivered);
            interrupted += row.interrupted;
            const int n = accepted(row.alert.dedupKey);
            QVERIFY2(n >= 1, qPrintable(row.alert.dedupKey)); // also those enqueued but not yet acknowledged
            if (n > 1) {
                duplicates += n - 1;
                QVERIFY2(row.interrupted >= n - 1,
                         qPrintable(QStringLiteral("%1 arrived %2 times but was interrupted %3 times")
                                        .arg(row.alert.dedupKey)
                                        .arg(n)
                                        .arg(row.interrupted)));
            }
        }
        QVERIFY(interrupted <= kills * maxInFlight);
        QCOMPARE(int(rows->size()), receiver.acceptedCounts().size());
        qInfo("%d alerts acknowledged, %d delivered, %d interrupted attempts, %d duplicates (at-least-once "
              "edge)",
              int(enqueued.size() + run0.size()), int(rows->size()), interrupted, duplicates);
    }
};

QTEST_GUILESS_MAIN(TestAlertCrash)
#include "tst_alertcrash.moc"
