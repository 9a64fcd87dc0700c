#include <QTest>

#include "common/timeutil.h"
#include "engine/clock.h"
#include "engine/scheduler.h"

using namespace orch;

namespace {

TimeMs at(const char* iso)
{
    return *parseIsoUtc(QString::fromLatin1(iso));
}

} // namespace

class TestScheduler final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dailySlots_data()
    {
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("last");
        QTest::addRow("before 02:00") << "2025-01-15T01:59:59Z"
                                      << "2025-01-15T02:00:00Z"
                                      << "2025-01-14T02:00:00Z";
        QTest::addRow("exactly 02:00") << "2025-01-15T02:00:00Z"
                                       << "2025-01-15T02:00:00Z"
                                       << "2025-01-15T02:00:00Z";
        QTest::addRow("after, across midnight") << "2025-01-15T23:30:00Z"
                                                << "2025-01-16T02:00:00Z"
                                                << "2025-01-15T02:00:00Z";
        QTest::addRow("month end") << "2025-01-31T03:00:00Z"
                                   << "2025-02-01T02:00:00Z"
                                   << "2025-01-31T02:00:00Z";
        QTest::addRow("leap day") << "2024-02-28T02:00:01Z"
                                  << "2024-02-29T02:00:00Z"
                                  << "2024-02-28T02:00:00Z";
        QTest::addRow("year end") << "2025-12-31T12:00:00Z"
                                  << "2026-01-01T02:00:00Z"
                                  << "2025-12-31T02:00:00Z";
        QTest::addRow("before the epoch") << "1969-12-31T01:00:00Z"
                                          << "1969-12-31T02:00:00Z"
                                          << "1969-12-30T02:00:00Z";
    }
    void dailySlots()
    {
        QFETCH(QString, now);
        QFETCH(QString, first);
        QFETCH(QString, last);
        const Schedule s = Schedule::dailyAtUtc(120);
        const TimeMs t = *parseIsoUtc(now);
        QCOMPARE(formatIso(s.firstAtOrAfter(t)), first);
        QCOMPARE(formatIso(s.lastAtOrBefore(t)), last);
    }

    void intervalSlots()
    {
        const Schedule s = Schedule::every(15 * kMinuteMs);
        QCOMPARE(formatIso(s.firstAtOrAfter(at("2025-01-31T23:50:00Z"))),
                 QStringLiteral("2025-02-01T00:00:00Z"));
        QCOMPARE(formatIso(s.firstAtOrAfter(at("2025-01-15T10:15:00Z"))),
                 QStringLiteral("2025-01-15T10:15:00Z"));
        QCOMPARE(formatIso(s.lastAtOrBefore(at("2025-01-15T10:29:59Z"))),
                 QStringLiteral("2025-01-15T10:15:00Z"));
    }

    void runsInTimeOrderAndReportsNextRun()
    {
        SimulatedClock clock(at("2025-01-15T01:50:00Z"));
        Scheduler scheduler(clock);
        QStringList log;
        scheduler.addJob(QStringLiteral("learner"), Schedule::dailyAtUtc(120),
                         [&](TimeMs t) { log << QStringLiteral("learner ") + formatIso(t); });
        scheduler.addJob(QStringLiteral("sentinel"), Schedule::every(15 * kMinuteMs),
                         [&](TimeMs t) { log << QStringLiteral("sentinel ") + formatIso(t); });
        QCOMPARE(scheduler.runDue(), 0);
        QCOMPARE(formatIso(scheduler.job(QStringLiteral("learner"))->nextRun),
                 QStringLiteral("2025-01-15T02:00:00Z"));
        QVERIFY(!scheduler.job(QStringLiteral("learner"))->lastRun);

        clock.advanceTo(at("2025-01-15T02:00:00Z"));
        QCOMPARE(scheduler.runDue(), 2);
        // Same time: registration order.
        QCOMPARE(log,
                 QStringList({ QStringLiteral("learner 2025-01-15T02:00:00Z"),
                               QStringLiteral("sentinel 2025-01-15T02:00:00Z") }));
        const auto learner = *scheduler.job(QStringLiteral("learner"));
        QCOMPARE(formatIso(*learner.lastRun), QStringLiteral("2025-01-15T02:00:00Z"));
        QCOMPARE(formatIso(learner.nextRun), QStringLiteral("2025-01-16T02:00:00Z"));
        QCOMPARE(formatIso(scheduler.job(QStringLiteral("sentinel"))->nextRun),
                 QStringLiteral("2025-01-15T02:15:00Z"));
        QCOMPARE(scheduler.runDue(), 0);
    }

    void midnightAndMonthBoundary()
    {
        SimulatedClock clock(at("2025-01-31T01:00:00Z"));
        Scheduler scheduler(clock);
        QList<TimeMs> runs;
        scheduler.addJob(QStringLiteral("learner"), Schedule::dailyAtUtc(120), [&](TimeMs t) { runs << t; });
        // Step through two days in 15-minute ticks, as the engine does.
        while (clock.now() < at("2025-02-02T01:00:00Z")) {
            clock.advanceBy(15 * kMinuteMs);
            scheduler.runDue();
        }
        QCOMPARE(runs.size(), 2);
        QCOMPARE(formatIso(runs[0]), QStringLiteral("2025-01-31T02:00:00Z"));
        QCOMPARE(formatIso(runs[1]), QStringLiteral("2025-02-01T02:00:00Z"));
        QCOMPARE(scheduler.job(QStringLiteral("learner"))->missedRuns, 0);
    }

    // Missed runs are coalesced: one run for the latest missed time, the rest counted.
    void catchUpCoalesces()
    {
        SimulatedClock clock(at("2025-01-10T00:00:00Z"));
        Scheduler scheduler(clock);
        QList<TimeMs> daily, quarter;
        scheduler.addJob(QStringLiteral("learner"), Schedule::dailyAtUtc(120), [&](TimeMs t) { daily << t; });
        scheduler.addJob(QStringLiteral("sentinel"), Schedule::every(15 * kMinuteMs),
                         [&](TimeMs t) { quarter << t; });
        QCOMPARE(scheduler.runDue(), 1); // the sentinel's 00:00 slot
        quarter.clear();
        clock.advanceTo(at("2025-01-13T05:07:00Z")); // three days down
        QCOMPARE(scheduler.runDue(), 2);
        QCOMPARE(daily.size(), 1);
        QCOMPARE(formatIso(daily[0]), QStringLiteral("2025-01-13T02:00:00Z"));
        QCOMPARE(scheduler.job(QStringLiteral("learner"))->missedRuns, 3); // the 10th, 11th and 12th
        QCOMPARE(quarter.size(), 1);
        QCOMPARE(formatIso(quarter[0]), QStringLiteral("2025-01-13T05:00:00Z"));
        // 00:15 on the 10th up to 04:45 on the 13th: 3*96 + 20 - 1 slots skipped.
        QCOMPARE(scheduler.job(QStringLiteral("sentinel"))->missedRuns, 3 * 96 + 20 - 1);
        QCOMPARE(formatIso(scheduler.job(QStringLiteral("sentinel"))->nextRun),
                 QStringLiteral("2025-01-13T05:15:00Z"));
    }

    void restoredLastRun()
    {
        SimulatedClock clock(at("2025-01-15T12:00:00Z"));
        Scheduler scheduler(clock);
        int runs = 0;
        scheduler.addJob(
            QStringLiteral("learner"), Schedule::dailyAtUtc(120), [&](TimeMs) { ++runs; },
            at("2025-01-14T02:00:00Z"));
        // 2025-01-15T02:00 was missed while the process was down: it runs now, once.
        QCOMPARE(formatIso(scheduler.job(QStringLiteral("learner"))->nextRun),
                 QStringLiteral("2025-01-15T02:00:00Z"));
        QCOMPARE(scheduler.runDue(), 1);
        QCOMPARE(runs, 1);
        QCOMPARE(formatIso(scheduler.job(QStringLiteral("learner"))->nextRun),
                 QStringLiteral("2025-01-16T02:00:00Z"));
    }

    void simulatedClockIsMonotonic()
    {
        SimulatedClock clock(1000);
        QCOMPARE(clock.advanceTo(500), TimeMs(1000));
        QCOMPARE(clock.advanceBy(-10), TimeMs(1000));
        QCOMPARE(clock.advanceBy(10), TimeMs(1010));
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
