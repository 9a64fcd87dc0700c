// The local backend of the metrics store: records land in the partition of their time and kind,
// batches are written when full or old (engine clock), parts are whole JSON lines (gzip
// optional), retention removes exactly the partitions older than 90 days of simulated time, and a
// process killed while writing leaves only whole parts holding every acknowledged record.
#include <set>

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "engine/clock.h"
#include "metricsstore/metricssink.h"
#include "metricstesthelpers.h"

using namespace orch;
using namespace orch::metrics;
using namespace metricstest;

class TestMetricsLocal final : public QObject
{
    Q_OBJECT

private:
    MetricsStoreSettings settingsFor(const QString& root) const
    {
        MetricsStoreSettings s;
        s.url = QUrl::fromLocalFile(root + u'/').toString();
        s.writerId = QStringLiteral("test");
        return s;
    }

    std::vector<nlohmann::json> records(const QString& root)
    {
        std::vector<nlohmann::json> out;
        QString error;
        if (!readAll(root, &out, &error))
            qWarning("%s", qPrintable(error));
        return out;
    }

private Q_SLOTS:
    void partitionsByKindAndHour()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        SimulatedClock clock(at("2026-01-15T02:10:00Z"));
        auto sink = openMetricsSink(settingsFor(dir.path()), clock);
        QVERIFY2(sink, qPrintable(sink.error()));
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, at("2026-01-15T02:10:00Z"), 1)));
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, at("2026-01-15T02:59:59Z"), 2)));
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, at("2026-01-15T03:00:00Z"), 3)));
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kRewards, at("2026-01-15T02:15:00Z"), 4)));
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kComponentRuns, at("2026-01-16T00:00:00Z"), 5)));
        QVERIFY((*sink)->flush());

        const Listing l = listFiles(dir.path());
        QVERIFY2(l.others.isEmpty(), qPrintable(l.others.join(u' ')));
        QStringList partitions;
        for (const QString& p : l.parts)
            partitions << p.section(u'/', 0, 2);
        QCOMPARE(partitions,
                 QStringList({ QStringLiteral("kind=component-runs/date=2026-01-16/hour=00"),
                               QStringLiteral("kind=detections/date=2026-01-15/hour=02"),
                               QStringLiteral("kind=detections/date=2026-01-15/hour=03"),
                               QStringLiteral("kind=rewards/date=2026-01-15/hour=02") }));
        for (const QString& p : l.parts)
            QVERIFY2(p.section(u'/', 3).startsWith(QStringLiteral("part-test-")), qPrintable(p));

        // Everything comes back, each record in its partition (readPart checks), none twice.
        const auto back = records(dir.path());
        QCOMPARE(back.size(), std::size_t(5));
        std::set<qint64> ns;
        for (const auto& r : back)
            ns.insert(r["n"].get<qint64>());
        QCOMPARE(ns, (std::set<qint64> { 1, 2, 3, 4, 5 }));
        const auto stats = (*sink)->stats();
        QCOMPARE(stats.recordsAccepted, qint64(5));
        QCOMPARE(stats.recordsWritten, qint64(5));
        QCOMPARE(stats.partsWritten, qint64(4));
        QCOMPARE(stats.recordsBuffered, qint64(0));
        QVERIFY(stats.destination.startsWith(QStringLiteral("file:///")));
    }

    void invalidRecordRefused()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        SimulatedClock clock(at("2026-01-15T02:10:00Z"));
        auto sink = openMetricsSink(settingsFor(dir.path()), clock);
        QVERIFY(sink);
        const Status s
            = (*sink)->record({ QStringLiteral("rewards"), clock.now(), { { "reward", std::nan("") } } });
        QVERIFY(!s);
        QCOMPARE(s.error(), QStringLiteral("metrics record (rewards): data.reward: must be a finite number"));
        QCOMPARE((*sink)->stats().recordsAccepted, qint64(0));
    }

    void batchesBySizeAndTime()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        MetricsStoreSettings s = settingsFor(dir.path());
        s.maxBatchRecords = 10;
        s.flushInterval = kMinuteMs;
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        for (int n = 0; n < 9; ++n)
            QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), n)));
        QCOMPARE(listFiles(dir.path()).parts.size(), 0); // not full, not old
        QCOMPARE((*sink)->stats().recordsBuffered, qint64(9));
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), 9)));
        QCOMPARE(listFiles(dir.path()).parts.size(), 1); // full
        QCOMPARE(records(dir.path()).size(), std::size_t(10));

        // Time: the batch's first record has waited the flush interval on the engine clock.
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), 10)));
        clock.advanceBy(kMinuteMs - 1);
        QVERIFY((*sink)->tick());
        QCOMPARE(listFiles(dir.path()).parts.size(), 1);
        clock.advanceBy(1);
        QVERIFY((*sink)->tick());
        QCOMPARE(listFiles(dir.path()).parts.size(), 2);
        QCOMPARE(records(dir.path()).size(), std::size_t(11));

        // Bytes: one big record fills a batch of 1 KiB at once.
        s.maxBatchBytes = 1024;
        s.maxBatchRecords = 1000;
        auto dir2Holder = fastTempDir();
        QTemporaryDir& dir2 = *dir2Holder;
        s.url = QUrl::fromLocalFile(dir2.path()).toString();
        auto small = openMetricsSink(s, clock);
        QVERIFY(small);
        QVERIFY((*small)->record(
            { TelemetryRecord::kEvents, clock.now(), { { "message", std::string(2000, 'm') } } }));
        QCOMPARE(listFiles(dir2.path()).parts.size(), 1);

        // Closing the sink writes what is buffered.
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), 11)));
        sink->reset();
        QCOMPARE(records(dir.path()).size(), std::size_t(12));
    }

    // A replay faster than real time (the daemon's simulated warm-up): with a minimum real-time gap
    // between timed flushes, ticks that each advance the engine clock past the flush interval
    // write one part per partition, not one per tick; the gap does not delay an explicit flush.
    void replayFlushesAtMostOncePerGap()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        MetricsStoreSettings s = settingsFor(dir.path());
        s.minFlushGapMs = 60 * 60 * 1000; // never within this test, after the first flush
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        // The first timed flush is not held back: nothing was flushed before.
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kComponentRuns, clock.now(), 0)));
        clock.advanceBy(15 * kMinuteMs);
        QVERIFY((*sink)->tick());
        QCOMPARE(listFiles(dir.path()).parts.size(), 1);
        // 16 ticks of 15 engine minutes, each with a record (02:15 to 06:00): held in one batch.
        for (int n = 1; n <= 16; ++n) {
            QVERIFY((*sink)->record(numbered(TelemetryRecord::kComponentRuns, clock.now(), n)));
            clock.advanceBy(15 * kMinuteMs);
            QVERIFY((*sink)->tick());
        }
        QCOMPARE(listFiles(dir.path()).parts.size(), 1);
        QCOMPARE((*sink)->stats().recordsBuffered, qint64(16));
        QVERIFY((*sink)->flush());
        const Listing l = listFiles(dir.path());
        QCOMPARE(l.parts.size(), 1 + 5); // the hours 02 (two parts), 03, 04, 05 and 06
        QCOMPARE(records(dir.path()).size(), std::size_t(17));
    }

    void gzipParts()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        MetricsStoreSettings s = settingsFor(dir.path());
        s.gzip = true;
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        for (int n = 0; n < 100; ++n)
            QVERIFY((*sink)->record(numbered(TelemetryRecord::kRewards, clock.now(), n)));
        QVERIFY((*sink)->flush());
        const Listing l = listFiles(dir.path());
        QCOMPARE(l.parts.size(), 1);
        QVERIFY(l.parts[0].endsWith(QStringLiteral(".jsonl.gz")));
        QCOMPARE(records(dir.path()).size(), std::size_t(100));
    }

    // 90 days on a simulated clock: a partition goes exactly when its hour ended 90 days ago.
    void retentionAt90Days()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        const TimeMs start = at("2026-01-01T00:00:00Z");
        SimulatedClock clock(start);
        MetricsStoreSettings s = settingsFor(dir.path());
        s.flushInterval = kHourMs;
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        QCOMPARE(s.retentionDays, 90);
        // One record every 6 hours for 120 days, ticking as the engine does.
        qint64 n = 0;
        for (TimeMs t = start; t < start + 120 * kDayMs; t += 6 * kHourMs) {
            clock.advanceTo(t);
            QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, t, n++)));
            QVERIFY((*sink)->tick());
        }
        QVERIFY((*sink)->flush());
        QVERIFY((*sink)->enforceRetention());
        // Now: 2026-04-30T18:00Z; cutoff 2026-01-30T18:00Z: the partition of 12:00-13:00 on
        // 2026-01-30 has ended, the one of 18:00 has not.
        const TimeMs cutoff = clock.now() - 90 * kDayMs;
        QCOMPARE(formatIso(cutoff), QStringLiteral("2026-01-30T18:00:00Z"));
        auto kept = records(dir.path());
        TimeMs oldest = std::numeric_limits<TimeMs>::max();
        for (const auto& r : kept)
            oldest = std::min(oldest, *parseIsoUtc(QString::fromStdString(r["at"].get<std::string>())));
        QCOMPARE(formatIso(oldest), QStringLiteral("2026-01-30T18:00:00Z"));
        QCOMPARE(qint64(kept.size()), n - 119); // 29 days of 4 a day, and 00, 06, 12 on the 30th went
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/kind=detections/date=2026-01-29")));
        QVERIFY(QFileInfo::exists(dir.path() + QStringLiteral("/kind=detections/date=2026-01-30/hour=18")));
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/kind=detections/date=2026-01-30/hour=12")));
        const auto stats = (*sink)->stats();
        QCOMPARE(stats.partsExpired, qint64(119));
        QVERIFY(stats.retentionRuns >= 120 * 24 / 6 / 2); // hourly at most, ticks every 6 h

        // The boundary, to the millisecond: 18:00-19:00 on the 30th goes at 19:00 90 days later.
        clock.advanceTo(at("2026-04-30T18:59:59.999Z"));
        QVERIFY((*sink)->enforceRetention());
        QVERIFY(QFileInfo::exists(dir.path() + QStringLiteral("/kind=detections/date=2026-01-30/hour=18")));
        clock.advanceTo(at("2026-04-30T19:00:00Z"));
        QVERIFY((*sink)->enforceRetention());
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/kind=detections/date=2026-01-30")));

        // A record already past retention is counted and not written.
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, at("2026-01-01T00:00:00Z"), -1)));
        QVERIFY((*sink)->flush());
        QCOMPARE((*sink)->stats().recordsExpired, qint64(1));
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/kind=detections/date=2026-01-01")));
    }

    void retentionLeavesOtherFilesAlone()
    {
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        SimulatedClock clock(at("2026-06-01T00:00:00Z"));
        QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/kind=spend/date=2026-01-01/hour=00")));
        QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/notes")));
        QFile readme(dir.path() + QStringLiteral("/notes/README"));
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.close();
        // A temporary file of an interrupted write is removed at open; a stranger's file is not.
        const QString temp
            = dir.path() + QStringLiteral("/kind=spend/date=2026-01-01/hour=00/part-x-1-000001.jsonl.Ab12Cd");
        QFile t(temp);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write("{\"at\":");
        t.close();
        auto sink = openMetricsSink(settingsFor(dir.path()), clock);
        QVERIFY(sink);
        QVERIFY(!QFileInfo::exists(temp));
        QVERIFY((*sink)->tick()); // retention on the first tick
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/kind=spend/date=2026-01-01")));
        QVERIFY(QFileInfo::exists(dir.path() + QStringLiteral("/notes/README")));
    }

    void unwritableDirectory()
    {
        SimulatedClock clock(at("2026-06-01T00:00:00Z"));
        MetricsStoreSettings s;
        s.url = QStringLiteral("file:///proc/no-such-metrics/");
        auto sink = openMetricsSink(s, clock);
        QVERIFY(!sink);
        QVERIFY2(sink.error().contains(QStringLiteral("/proc/no-such-metrics")), qPrintable(sink.error()));
    }

    // SIGKILL while writing: only whole parts, and every acknowledged record among them.
    void crashLeavesWholeParts_data()
    {
        QTest::addColumn<bool>("gzip");
        QTest::addRow("jsonl") << false;
        QTest::addRow("gzip") << true;
    }
    void crashLeavesWholeParts()
    {
        QFETCH(bool, gzip);
        auto dirHolder = fastTempDir();
        QTemporaryDir& dir = *dirHolder;
        qint64 first = 0;
        std::vector<std::pair<qint64, qint64>> ackedRanges; // per round: first record, last acknowledged
        for (int round = 0; round < 3; ++round) {
            QProcess child;
            child.setProgram(QCoreApplication::applicationDirPath() + QStringLiteral("/metrics_crash_child"));
            child.setArguments({ dir.path(), QString::number(first), QStringLiteral("1000000"),
                                 QStringLiteral("20"), gzip ? QStringLiteral("1") : QStringLiteral("0") });
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("orchestrator.metrics.info=false"));
            child.setProcessEnvironment(env);
            qint64 acked = -1;
            QString childError;
            const auto readLines = [&] {
                while (child.canReadLine()) {
                    const QString line = QString::fromUtf8(child.readLine()).trimmed();
                    if (line.startsWith(QStringLiteral("acked ")))
                        acked = line.mid(6).toLongLong();
                    else if (line.startsWith(QStringLiteral("error ")))
                        childError = line;
                }
            };
            connect(&child, &QProcess::readyReadStandardOutput, this, readLines);
            child.start();
            QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
            // Kill after a random number of acknowledged batches (at least a few).
            const qint64 target = first + 20 * (3 + QRandomGenerator::global()->bounded(40));
            QVERIFY2(
                QTest::qWaitFor([&] { return acked >= target || child.state() != QProcess::Running; }, 60000),
                "the child acknowledged too little in 60 s");
            child.kill();
            child.waitForFinished(10000);
            readLines();
            QVERIFY2(childError.isEmpty(), qPrintable(childError));
            QVERIFY(acked >= target);
            ackedRanges.emplace_back(first, acked);
            first = acked + 1000; // the next round's records are told apart
        }

        // Opening the store again removes what the kills left half-written; after that, only parts.
        SimulatedClock clock(at("2026-01-15T00:00:00Z"));
        MetricsStoreSettings s = settingsFor(dir.path());
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        sink->reset();
        std::vector<nlohmann::json> back;
        QString error;
        QVERIFY2(readAll(dir.path(), &back, &error), qPrintable(error));
        std::set<qint64> ns;
        for (const auto& r : back)
            QVERIFY2(ns.insert(r["n"].get<qint64>()).second, "a record written twice");
        // Every acknowledged record of every round is there; what a round wrote after its last
        // acknowledgement may be there or not (whole parts only, checked above).
        std::size_t acknowledged = 0;
        for (const auto& [from, to] : ackedRanges)
            for (qint64 n = from; n <= to; ++n, ++acknowledged)
                QVERIFY2(ns.count(n), qPrintable(QStringLiteral("acknowledged record %1 is missing").arg(n)));
        QVERIFY(ns.size() >= acknowledged);
    }
};

QTEST_GUILESS_MAIN(TestMetricsLocal)
#include "tst_metricslocal.moc"
