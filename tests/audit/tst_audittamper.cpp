#include <random>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "audit/auditlog.h"
#include "audittesthelpers.h"
#include "engine/clock.h"

using namespace orch;
using namespace orch::audit;

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

// For every byte of every segment file: the sequence verification must name as the first bad
// record when that byte changes (a segment header's bytes belong to the segment's first record).
struct ByteMap
{
    QString path;
    QByteArray original;
    std::vector<quint64> expected;
    std::vector<audittest::FrameSpan> frames;
};

std::vector<ByteMap> mapBytes(const QString& dataDir)
{
    std::vector<ByteMap> out;
    for (const audittest::SegmentLayout& seg : audittest::layout(dataDir)) {
        ByteMap map;
        map.path = seg.path;
        map.original = audittest::readAll(seg.path);
        map.expected.assign(size_t(map.original.size()), 0);
        for (qsizetype i = 0; i < seg.headerSize; ++i)
            map.expected[size_t(i)] = seg.firstSequence;
        for (const audittest::FrameSpan& f : seg.frames)
            for (qsizetype i = 0; i < f.size; ++i)
                map.expected[size_t(f.offset + i)] = f.sequence;
        map.frames = seg.frames;
        out.push_back(map);
    }
    return out;
}

QString describe(const Result<VerifyReport>& r)
{
    if (!r)
        return QStringLiteral("error: ") + r.error();
    return QStringLiteral("ok=%1 firstBad=%2 reason=%3").arg(r->ok).arg(r->firstBadSequence).arg(r->reason);
}

} // namespace

class TestAuditTamper : public QObject
{
    Q_OBJECT

private:
    void buildLog(const QString& dir, int records, qint64 segmentBytes, int every, int rotateAt = -1)
    {
        SimulatedClock clock(kStart);
        AuditLog::Options o;
        o.dataDir = dir;
        o.clock = &clock;
        o.segmentMaxBytes = segmentBytes;
        o.checkpointEvery = every;
        auto log = AuditLog::open(o);
        QVERIFY2(log, qPrintable(log.error()));
        for (int i = 0; i < records; ++i) {
            clock.advanceBy(1000);
            if (i == rotateAt)
                QVERIFY((*log)->rotateKey());
            QVERIFY((*log)->append(QStringLiteral("alert.raised"), { { "i", i }, { "host", "web-1" } }));
        }
    }

    // Flips one bit at (map, offset), checks the first bad record, restores the byte.
    void expectDetected(const QString& dataDir, ByteMap& map, qsizetype offset, int bit, bool fixCrc,
                        int* checked)
    {
        QByteArray data = map.original;
        data[offset] = char(data[offset] ^ (1 << bit));
        if (fixCrc) {
            for (const audittest::FrameSpan& f : map.frames)
                if (offset >= f.offset + 8 && offset < f.offset + f.size - 4)
                    audittest::fixFrameCrc(data, f.offset);
        }
        audittest::overwrite(map.path, data);
        auto report = verify(dataDir);
        const quint64 expected = map.expected[size_t(offset)];
        if (!report || report->ok || quint64(report->firstBadSequence) != expected)
            QFAIL(qPrintable(QStringLiteral("%1 byte %2 bit %3%4: expected first bad record %5, got %6")
                                 .arg(map.path)
                                 .arg(offset)
                                 .arg(bit)
                                 .arg(fixCrc ? QStringLiteral(" (checksums recomputed)") : QString())
                                 .arg(expected)
                                 .arg(describe(report))));
        ++*checked;
    }

    void restore(const ByteMap& map) { audittest::overwrite(map.path, map.original); }

private slots:
    void everyByteOfA100RecordLog()
    {
        QTemporaryDir tmp;
        buildLog(tmp.path(), 100, 6000, 25, 50);
        auto maps = mapBytes(tmp.path());
        QVERIFY(maps.size() >= 4);
        QVERIFY(verify(tmp.path())->ok);
        int checked = 0;
        int fixed = 0;
        for (ByteMap& map : maps) {
            for (qsizetype offset = 0; offset < map.original.size(); ++offset) {
                expectDetected(tmp.path(), map, offset, int((offset * 3 + 1) % 8), false, &checked);
                // An attacker recomputing the frame checksums is caught by the tag, the header
                // checks or the chain, at the same record.
                if (offset % 8 == 0) {
                    expectDetected(tmp.path(), map, offset, int(offset % 8), true, &fixed);
                }
                if (QTest::currentTestFailed())
                    return;
            }
            restore(map);
        }
        qInfo("flipped %d bytes (%d more with checksums recomputed)", checked, fixed);
        QVERIFY(verify(tmp.path())->ok);
    }

    void sampledBytesOfA2000RecordLog()
    {
        QTemporaryDir tmp;
        buildLog(tmp.path(), 2000, 64 * 1024, 250, 1000);
        auto maps = mapBytes(tmp.path());
        qsizetype total = 0;
        for (const ByteMap& m : maps)
            total += m.original.size();
        std::mt19937_64 rng(20260101);
        int checked = 0;
        for (int i = 0; i < 2000; ++i) {
            qsizetype at = qsizetype(rng() % quint64(total));
            size_t which = 0;
            while (at >= maps[which].original.size())
                at -= maps[which++].original.size();
            expectDetected(tmp.path(), maps[which], at, int(rng() % 8), i % 2 == 1, &checked);
            restore(maps[which]);
            if (QTest::currentTestFailed())
                return;
        }
        QCOMPARE(checked, 2000);
        QVERIFY(verify(tmp.path())->ok);
    }

    void recordsDeletedDuplicatedReorderedSwapped_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<int>("expectedOffset"); // first bad = sequence of frame j + offset
        QTest::addRow("deleted") << "delete" << 0;
        QTest::addRow("duplicated") << "duplicate" << 1;
        QTest::addRow("swapped with next") << "swap" << 0;
        QTest::addRow("moved to the segment end") << "move" << 0;
        QTest::addRow("replayed from another segment") << "replay" << 0;
        QTest::addRow("close record removed") << "dropclose" << 0;
    }

    void recordsDeletedDuplicatedReorderedSwapped()
    {
        QFETCH(QString, operation);
        QFETCH(int, expectedOffset);
        QTemporaryDir tmp;
        buildLog(tmp.path(), 80, 3000, 10);
        auto segs = audittest::layout(tmp.path());
        QVERIFY(segs.size() >= 4);
        const audittest::SegmentLayout& seg = segs[1];
        const QByteArray data = audittest::readAll(seg.path);
        std::vector<QByteArray> frames;
        for (const auto& f : seg.frames)
            frames.push_back(data.mid(f.offset, f.size));
        const size_t j = 3;
        quint64 expected = seg.frames[j].sequence + quint64(expectedOffset);
        if (operation == u"delete") {
            frames.erase(frames.begin() + j);
        } else if (operation == u"duplicate") {
            frames.insert(frames.begin() + j + 1, frames[j]);
        } else if (operation == u"swap") {
            std::swap(frames[j], frames[j + 1]);
        } else if (operation == u"move") {
            QByteArray moved = frames[j];
            frames.erase(frames.begin() + j);
            frames.insert(frames.end() - 1, moved);
        } else if (operation == u"replay") {
            const QByteArray other = audittest::readAll(segs[2].path);
            frames.insert(frames.begin() + j, other.mid(segs[2].frames[1].offset, segs[2].frames[1].size));
        } else if (operation == u"dropclose") {
            expected = seg.frames.back().sequence;
            frames.pop_back();
        }
        QByteArray rebuilt = data.left(seg.headerSize);
        for (const QByteArray& f : frames)
            rebuilt += f;
        audittest::writeAll(seg.path, rebuilt);
        auto report = verify(tmp.path());
        QVERIFY(report);
        QVERIFY2(!report->ok, qPrintable(describe(report)));
        QCOMPARE(quint64(report->firstBadSequence), expected);
    }

    void segmentsDeletedDuplicatedSwapped_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addRow("first deleted") << "deleteFirst";
        QTest::addRow("middle deleted") << "deleteMiddle";
        QTest::addRow("swapped") << "swap";
        QTest::addRow("duplicated at the end") << "duplicate";
        QTest::addRow("replaced by an older copy of itself") << "stale";
    }

    void segmentsDeletedDuplicatedSwapped()
    {
        QFETCH(QString, operation);
        QTemporaryDir tmp;
        buildLog(tmp.path(), 80, 3000, 10);
        auto segs = audittest::layout(tmp.path());
        QVERIFY(segs.size() >= 5);
        const QString dir = tmp.path() + QStringLiteral("/audit/");
        quint64 expected = 0;
        if (operation == u"deleteFirst") {
            QFile::remove(segs[0].path);
            expected = 0; // not a record: the reason names the segments
        } else if (operation == u"deleteMiddle") {
            QFile::remove(segs[2].path);
            expected = segs[2].firstSequence;
        } else if (operation == u"swap") {
            QFile::rename(segs[1].path, dir + QStringLiteral("tmp"));
            QFile::rename(segs[2].path, segs[1].path);
            QFile::rename(dir + QStringLiteral("tmp"), segs[2].path);
            expected = segs[1].firstSequence;
        } else if (operation == u"duplicate") {
            QFile::copy(segs[1].path, dir + format::segmentFileName(segs.back().number + 1));
            expected = segs.back().frames.back().sequence + 1;
        } else if (operation == u"stale") {
            QByteArray data = audittest::readAll(segs[1].path);
            data.truncate(segs[1].frames[4].offset);
            audittest::writeAll(segs[1].path, data);
            expected = segs[1].frames[4].sequence;
        }
        auto report = verify(tmp.path());
        QVERIFY(report);
        QVERIFY2(!report->ok, qPrintable(describe(report)));
        QCOMPARE(quint64(report->firstBadSequence), expected);
        QVERIFY(!report->reason.isEmpty());
    }

    void truncatedTailDetectedWithTrustedCheckpoint()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        AuditLog::Options o;
        o.dataDir = tmp.path();
        o.clock = &clock;
        o.segmentMaxBytes = 3000;
        o.checkpointEvery = 1000;
        std::optional<Checkpoint> trusted;
        {
            auto log = AuditLog::open(o);
            for (int i = 0; i < 60; ++i)
                QVERIFY((*log)->append(QStringLiteral("x"), { { "i", i } }));
            auto cp = (*log)->checkpoint();
            QVERIFY(cp);
            // The analyst keeps it off the host, as JSON.
            trusted = Checkpoint::fromJson(nlohmann::json::parse(cp->toJson().dump())).value();
            for (int i = 0; i < 5; ++i)
                QVERIFY((*log)->append(QStringLiteral("y"), { { "i", i } }));
        }
        auto intact = verify(tmp.path(), trusted);
        QVERIFY2(intact && intact->ok, qPrintable(describe(intact)));

        const QString backup = tmp.path() + QStringLiteral("/backup");
        QDir().mkpath(backup);
        for (const QString& p : audittest::segmentPaths(tmp.path()))
            QFile::copy(p, backup + u'/' + QFileInfo(p).fileName());
        const auto restoreAll = [&] {
            for (const QString& p : audittest::segmentPaths(tmp.path()))
                QFile::remove(p);
            for (const QFileInfo& f : QDir(backup).entryInfoList(QDir::Files))
                QFile::copy(f.absoluteFilePath(), tmp.path() + QStringLiteral("/audit/") + f.fileName());
        };

        // Cut at a frame boundary inside the last segment, before the checkpointed records end.
        auto segs = audittest::layout(tmp.path());
        const audittest::SegmentLayout& last = segs.back();
        size_t cutFrame = 0;
        while (last.frames[cutFrame].sequence < quint64(trusted->sequence))
            ++cutFrame;
        QByteArray data = audittest::readAll(last.path);
        data.truncate(last.frames[cutFrame].offset);
        audittest::writeAll(last.path, data);
        auto plain = verify(tmp.path());
        QVERIFY2(plain && plain->ok, "a cut at a frame boundary is invisible without outside state");
        auto report = verify(tmp.path(), trusted);
        QVERIFY(report && !report->ok);
        QVERIFY2(report->reason.contains(u"tail"), qPrintable(report->reason));
        QCOMPARE(report->firstBadSequence, qint64(last.frames[cutFrame].sequence));

        // Truncate and continue (journald CVE-2023-31438): the log is reopened and grows again.
        {
            auto log = AuditLog::open(o);
            QVERIFY2(log, qPrintable(log.error()));
            for (int i = 0; i < 20; ++i)
                QVERIFY((*log)->append(QStringLiteral("z"), { { "i", i } }));
        }
        report = verify(tmp.path(), trusted);
        QVERIFY(report && !report->ok);
        QVERIFY2(report->reason.contains(u"rewritten"), qPrintable(report->reason));
        QCOMPARE(report->firstBadSequence, trusted->sequence);

        // Whole trailing segments removed.
        restoreAll();
        QVERIFY(verify(tmp.path(), trusted)->ok);
        segs = audittest::layout(tmp.path());
        for (auto it = segs.rbegin();
             it != segs.rend() && it->frames.back().sequence >= quint64(trusted->sequence); ++it)
            QFile::remove(it->path);
        report = verify(tmp.path(), trusted);
        QVERIFY(report && !report->ok);
        QVERIFY2(report->reason.contains(u"tail"), qPrintable(report->reason));

        // A forged trusted checkpoint is refused.
        restoreAll();
        Checkpoint forged = *trusted;
        forged.chainHead[0] = char(forged.chainHead[0] ^ 1);
        report = verify(tmp.path(), forged);
        QVERIFY(report && !report->ok);
        QVERIFY2(report->reason.contains(u"signature"), qPrintable(report->reason));
    }

    void rewrittenHistoryDetected()
    {
        // An attacker holding every key rewrites the log from scratch, even under a newer key
        // (journald CVE-2023-31439 re-sealed old entries with a newer key).
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        AuditLog::Options o;
        o.dataDir = tmp.path();
        o.clock = &clock;
        o.segmentMaxBytes = 3000;
        Checkpoint trusted;
        {
            auto log = AuditLog::open(o);
            for (int i = 0; i < 50; ++i)
                QVERIFY((*log)->append(QStringLiteral("approval.granted"), { { "i", i } }, 0,
                                       QStringLiteral("alice")));
            trusted = *(*log)->checkpoint();
            QVERIFY((*log)->rotateKey());
        }
        for (const QString& p : audittest::segmentPaths(tmp.path()))
            QFile::remove(p);
        {
            auto log = AuditLog::open(o);
            QVERIFY(log);
            for (int i = 0; i < 80; ++i)
                QVERIFY((*log)->append(QStringLiteral("approval.granted"), { { "i", i } }, 0,
                                       QStringLiteral("mallory")));
        }
        auto plain = verify(tmp.path());
        QVERIFY2(plain && plain->ok, "the rewritten log is self-consistent");
        auto report = verify(tmp.path(), trusted);
        QVERIFY(report && !report->ok);
        QCOMPARE(report->firstBadSequence, trusted.sequence);
        QVERIFY2(report->reason.contains(u"rewritten"), qPrintable(report->reason));
    }
};

QTEST_GUILESS_MAIN(TestAuditTamper)
#include "tst_audittamper.moc"
