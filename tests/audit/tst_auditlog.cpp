#include <deque>
#include <future>
#include <set>
#include <thread>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "audit/auditcrypto.h"
#include "audit/auditlog.h"
#include "audittesthelpers.h"
#include "engine/clock.h"

using namespace orch;
using namespace orch::audit;

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

int fileMode(const QString& path)
{
    struct stat st = {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return int(st.st_mode & 0777);
}

nlohmann::json readJson(const QString& path)
{
    return nlohmann::json::parse(audittest::readAll(path).toStdString());
}

void writeJson(const QString& path, const nlohmann::json& json)
{
    audittest::writeAll(path, QByteArray::fromStdString(json.dump(2)));
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private:
    AuditLog::Options options(const QString& dir, const Clock& clock, qint64 segmentBytes = 4096,
                              int every = 10)
    {
        AuditLog::Options o;
        o.dataDir = dir;
        o.clock = &clock;
        o.segmentMaxBytes = segmentBytes;
        o.checkpointEvery = every;
        return o;
    }

private slots:
    void formatPrimitives()
    {
        QCOMPARE(crypto::crc32c("123456789", 9), 0xE3069283u); // the documented check value
        // RFC 6962 tree of 7 leaves: every audit path verifies, a wrong index or root does not.
        std::vector<QByteArray> leaves;
        format::MerkleFrontier frontier;
        for (int i = 0; i < 7; ++i) {
            leaves.push_back(format::leafHash(QByteArray(1, char(i))));
            frontier.add(leaves.back());
        }
        const auto node = format::nodeHash;
        const QByteArray l01 = node(leaves[0], leaves[1]), l23 = node(leaves[2], leaves[3]);
        const QByteArray l45 = node(leaves[4], leaves[5]);
        const QByteArray root = node(node(l01, l23), node(l45, leaves[6]));
        QCOMPARE(frontier.root(), root);
        const std::vector<QByteArray> path5 = { leaves[4], leaves[6], node(l01, l23) };
        QVERIFY(format::verifyInclusion(5, 7, leaves[5], path5, root));
        QVERIFY(!format::verifyInclusion(4, 7, leaves[5], path5, root));
        QVERIFY(!format::verifyInclusion(5, 7, leaves[5], { leaves[4], leaves[6] }, root));
        const std::vector<QByteArray> path6 = { l45, node(l01, l23) };
        QVERIFY(format::verifyInclusion(6, 7, leaves[6], path6, root));
        QVERIFY(!format::verifyInclusion(6, 7, leaves[6], { node(l01, l23), l45 }, root));
    }

    void roundTripAcrossSegmentsAndKeyRotations()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        std::vector<qint64> sequences;
        {
            auto log = AuditLog::open(options(tmp.path(), clock));
            QVERIFY2(log, qPrintable(log.error()));
            for (int i = 0; i < 300; ++i) {
                clock.advanceBy(1000);
                if (i == 100 || i == 200) {
                    auto key = (*log)->rotateKey();
                    QVERIFY2(key, qPrintable(key.error()));
                    QCOMPARE(*key, QStringLiteral("key-00000%1").arg(i / 100 + 1));
                }
                const QString type
                    = i % 3 ? QStringLiteral("alert.raised") : QStringLiteral("drift.detected");
                auto seq
                    = (*log)->append(type, { { "i", i }, { "text", std::string(size_t(i % 50), 'x') } },
                                     sequences.empty() ? 0 : sequences.back(), QStringLiteral("analyst@x"));
                QVERIFY2(seq, qPrintable(seq.error()));
                sequences.push_back(*seq);
            }
        }
        {
            // A clean reopen continues in a new segment under the newest key.
            auto log = AuditLog::open(options(tmp.path(), clock));
            QVERIFY2(log, qPrintable(log.error()));
            QVERIFY(*(*log)->append(QStringLiteral("reopened"), nlohmann::json::object()) > sequences.back());
        }
        QVERIFY(audittest::segmentPaths(tmp.path()).size() > 5);
        auto report = verify(tmp.path());
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY2(report->ok, qPrintable(report->reason));
        QVERIFY(report->latestCheckpoint);

        auto records = read(tmp.path(), { .type = QStringLiteral("alert.") });
        QVERIFY2(records, qPrintable(records.error()));
        QCOMPARE(records->size(), size_t(200));
        auto all = read(tmp.path());
        std::vector<Record> entries;
        for (const Record& r : *all)
            if (r.type == u"alert.raised" || r.type == u"drift.detected")
                entries.push_back(r);
        QCOMPARE(entries.size(), size_t(300));
        for (int i = 0; i < 300; ++i) {
            QCOMPARE(entries[size_t(i)].sequence, sequences[size_t(i)]);
            QCOMPARE(entries[size_t(i)].data["i"].get<int>(), i);
            QCOMPARE(entries[size_t(i)].actor, QStringLiteral("analyst@x"));
            QCOMPARE(entries[size_t(i)].keyId,
                     QStringLiteral("key-00000%1")
                         .arg(i < 100       ? 1
                                  : i < 200 ? 2
                                            : 3));
            QVERIFY(entries[size_t(i)].checkpointed);
        }
        int rotations = 0;
        for (const Record& r : *all)
            rotations += r.type == u"audit.key.rotated";
        QCOMPARE(rotations, 2);

        const QString keys = tmp.path() + QStringLiteral("/audit/keys");
        QCOMPARE(fileMode(keys), 0700);
        QCOMPARE(fileMode(tmp.path() + QStringLiteral("/audit")), 0700);
        QCOMPARE(fileMode(keys + QStringLiteral("/key-000001.key")), 0600);
        QCOMPARE(fileMode(keys + QStringLiteral("/key-000003.key")), 0600);
        QCOMPARE(fileMode(keys + QStringLiteral("/signing-private.pem")), 0600);
        QCOMPARE(fileMode(keys + QStringLiteral("/signing-public.pem")), 0644);
        QCOMPARE(QFile(keys + QStringLiteral("/key-000001.key")).size(), 32);
    }

    void filters()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        {
            auto log = AuditLog::open(options(tmp.path(), clock));
            QVERIFY(log);
            const qint64 root = *(*log)->append(QStringLiteral("drift.detected"), { { "m", 1 } });
            clock.advanceBy(kHourMs);
            QVERIFY((*log)->append(QStringLiteral("alert.raised"), { { "m", 2 } }, root));
            clock.advanceBy(kHourMs);
            QVERIFY((*log)->append(QStringLiteral("alert.resolved"), { { "m", 3 } }, root));
            QVERIFY((*log)->append(QStringLiteral("alertx"), { { "m", 4 } }));
        }
        QCOMPARE(read(tmp.path(), { .type = QStringLiteral("alert.") })->size(), size_t(2));
        QCOMPARE(read(tmp.path(), { .type = QStringLiteral("alert") })->size(), size_t(0));
        QCOMPARE(read(tmp.path(), { .cause = 1 })->size(), size_t(2));
        QCOMPARE(
            read(tmp.path(), { .since = kStart + kHourMs, .type = QStringLiteral("alert.raised") })->size(),
            size_t(1));
        QCOMPARE(read(tmp.path(), { .until = kStart + kHourMs - 1 })->size(), size_t(1));
    }

    void rejectsBadEntries()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        auto log = AuditLog::open(options(tmp.path(), clock));
        QVERIFY(log);
        QVERIFY(!(*log)->append(QString(), {}));
        QVERIFY(!(*log)->append(QStringLiteral("x"), { { "v", std::nan("") } }));
        QVERIFY(!(*log)->append(QStringLiteral("x"), {}, 99));
        QVERIFY(!(*log)->append(QStringLiteral("x"), { { "bad", "\xff\xfe" } }));
        QVERIFY((*log)->append(QStringLiteral("x"), {}));
        AuditLog::Options noClock;
        noClock.dataDir = tmp.path();
        QVERIFY(!AuditLog::open(noClock));
    }

    void checkpointJsonRoundTrip()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        auto log = AuditLog::open(options(tmp.path(), clock));
        QVERIFY(log);
        QVERIFY((*log)->append(QStringLiteral("x"), {}));
        auto cp = (*log)->checkpoint();
        QVERIFY2(cp, qPrintable(cp.error()));
        QCOMPARE(cp->sequence, 1);
        auto back = Checkpoint::fromJson(cp->toJson());
        QVERIFY2(back, qPrintable(back.error()));
        QCOMPARE(back->chainHead, cp->chainHead);
        QCOMPARE(back->merkleRoot, cp->merkleRoot);
        QCOMPARE(back->signature, cp->signature);
        QCOMPARE(back->signingKeyId, cp->signingKeyId);
        QCOMPARE(back->time, cp->time);
        nlohmann::json j = cp->toJson();
        j["extra"] = 1;
        QVERIFY(!Checkpoint::fromJson(j));
        j = cp->toJson();
        j["chainHead"] = "zz";
        QVERIFY(!Checkpoint::fromJson(j));
        j = cp->toJson();
        j.erase("signature");
        QVERIFY(!Checkpoint::fromJson(j));
        QVERIFY(!Checkpoint::fromJson(nlohmann::json::array()));
        auto latest = latestCheckpoint(tmp.path());
        QVERIFY2(latest, qPrintable(latest.error()));
        QCOMPARE(latest->sequence, 1);
    }

    void wrongMissingAndCorruptKeys()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        {
            auto log = AuditLog::open(options(tmp.path(), clock));
            for (int i = 0; i < 20; ++i)
                QVERIFY((*log)->append(QStringLiteral("x"), { { "i", i } }));
        }
        const QString keyPath = tmp.path() + QStringLiteral("/audit/keys/key-000001.key");
        const QByteArray original = audittest::readAll(keyPath);
        audittest::writeAll(keyPath, QByteArray(32, 'k'));
        auto wrong = verify(tmp.path());
        QVERIFY(!wrong);
        QVERIFY2(wrong.error().contains(u"key-000001") && wrong.error().contains(keyPath)
                     && wrong.error().contains(u"wrong key"),
                 qPrintable(wrong.error()));
        QVERIFY(!read(tmp.path()));
        QVERIFY(!AuditLog::open(options(tmp.path(), clock)));

        audittest::writeAll(keyPath, original.left(20));
        auto corrupt = read(tmp.path());
        QVERIFY(!corrupt);
        QVERIFY2(corrupt.error().contains(u"corrupt") && corrupt.error().contains(keyPath),
                 qPrintable(corrupt.error()));

        QFile::remove(keyPath);
        auto missing = verify(tmp.path());
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(u"missing") && missing.error().contains(keyPath),
                 qPrintable(missing.error()));
        auto refused = AuditLog::open(options(tmp.path(), clock));
        QVERIFY(!refused);
        QVERIFY(refused.error().contains(u"key-000001"));

        audittest::writeAll(keyPath, original);
        QVERIFY(verify(tmp.path())->ok);

        // The signing key: a replaced public key makes every checkpoint signature fail.
        const QString publicPath = tmp.path() + QStringLiteral("/audit/keys/signing-public.pem");
        QTemporaryDir other;
        {
            auto log = AuditLog::open(options(other.path(), clock));
        }
        const QByteArray publicPem = audittest::readAll(publicPath);
        audittest::writeAll(
            publicPath, audittest::readAll(other.path() + QStringLiteral("/audit/keys/signing-public.pem")));
        auto report = verify(tmp.path());
        QVERIFY(report);
        QVERIFY(!report->ok);
        QVERIFY2(report->reason.contains(u"signing key"), qPrintable(report->reason));
        QVERIFY(!AuditLog::open(options(tmp.path(), clock))); // private and public halves differ
        audittest::writeAll(publicPath, publicPem);
    }

    void bundles()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        {
            auto log = AuditLog::open(options(tmp.path(), clock, 2048, 7));
            for (int i = 0; i < 150; ++i) {
                clock.advanceBy(1000);
                QVERIFY((*log)->append(i % 10 == 3 ? QStringLiteral("approval.granted")
                                                   : QStringLiteral("alert.raised"),
                                       { { "i", i } }, 0, QStringLiteral("alice")));
            }
        }
        const QString bundle = tmp.path() + QStringLiteral("/bundle.json");
        const QString publicKey = tmp.path() + QStringLiteral("/audit/keys/signing-public.pem");
        auto exported = exportBundle(tmp.path(), { .type = QStringLiteral("approval.") }, bundle);
        QVERIFY2(exported, qPrintable(exported.error()));
        auto report = verifyBundle(bundle, publicKey);
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY2(report->ok, qPrintable(report->reason));
        QCOMPARE(report->records, 15);

        const nlohmann::json good = readJson(bundle);
        const auto expectFailure = [&](const char* what, const std::function<void(nlohmann::json&)>& edit) {
            nlohmann::json j = good;
            edit(j);
            writeJson(bundle, j);
            auto r = verifyBundle(bundle, publicKey);
            QVERIFY2(!r || !r->ok, what);
        };
        const auto flipHex = [](nlohmann::json& v, size_t at) {
            std::string s = v.get<std::string>();
            s[at] = s[at] == '0' ? '1' : '0';
            v = s;
        };
        expectFailure("altered proof node",
                      [&](nlohmann::json& j) { flipHex(j["entries"][3]["proof"][0], 5); });
        expectFailure("last proof node",
                      [&](nlohmann::json& j) { flipHex(j["entries"][3]["proof"].back(), 5); });
        expectFailure("missing proof node", [&](nlohmann::json& j) { j["entries"][3]["proof"].erase(0); });
        expectFailure("extra proof node",
                      [&](nlohmann::json& j) { j["entries"][3]["proof"].push_back(std::string(64, 'a')); });
        expectFailure("swapped proof nodes", [&](nlohmann::json& j) {
            std::swap(j["entries"][3]["proof"][0], j["entries"][3]["proof"][1]);
        });
        expectFailure("wrong leaf index", [&](nlohmann::json& j) {
            j["entries"][3]["sequence"] = j["entries"][3]["sequence"].get<int>() + 1;
        });
        expectFailure("entry proof of another entry",
                      [&](nlohmann::json& j) { j["entries"][3]["proof"] = j["entries"][4]["proof"]; });
        expectFailure("altered plaintext", [&](nlohmann::json& j) {
            std::string s = j["entries"][2]["plaintext"];
            s.replace(s.find("alice"), 5, "mally");
            j["entries"][2]["plaintext"] = s;
        });
        expectFailure("altered header", [&](nlohmann::json& j) { flipHex(j["entries"][2]["header"], 30); });
        expectFailure("altered ciphertext",
                      [&](nlohmann::json& j) { flipHex(j["entries"][2]["sealed"], 4); });
        expectFailure("altered root", [&](nlohmann::json& j) { flipHex(j["checkpoint"]["merkleRoot"], 0); });
        expectFailure("altered signature",
                      [&](nlohmann::json& j) { flipHex(j["checkpoint"]["signature"], 10); });
        expectFailure("altered checkpoint size", [&](nlohmann::json& j) {
            j["checkpoint"]["sequence"] = j["checkpoint"]["sequence"].get<int>() - 1;
        });
        expectFailure("swapped roots", [&](nlohmann::json& j) {
            j["checkpoint"]["merkleRoot"] = j["checkpoint"]["chainHead"];
        });

        // A bundle re-signed by another key: the embedded key differs from the trusted one.
        QTemporaryDir other;
        {
            auto log = AuditLog::open(options(other.path(), clock));
        }
        const QString otherKey = other.path() + QStringLiteral("/audit/keys/signing-public.pem");
        writeJson(bundle, good);
        auto mismatched = verifyBundle(bundle, otherKey);
        QVERIFY(mismatched);
        QVERIFY(!mismatched->ok);
        QVERIFY2(mismatched->reason.contains(otherKey), qPrintable(mismatched->reason));
        nlohmann::json swappedKey = good;
        swappedKey["publicKey"] = audittest::readAll(otherKey).toStdString();
        writeJson(bundle, swappedKey);
        QVERIFY(!verifyBundle(bundle, otherKey)->ok); // signature does not verify with the other key
        QVERIFY(!verifyBundle(bundle, tmp.path() + QStringLiteral("/nope.pem")));
        writeJson(bundle, good);
        QVERIFY(verifyBundle(bundle, publicKey)->ok);
    }

    void retentionAcross120Days()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        std::map<qint64, TimeMs> appended; // sequence -> time
        int removed = 0;
        {
            auto log = AuditLog::open(options(tmp.path(), clock, 1500, 5));
            QVERIFY(log);
            for (int day = 0; day < 120; ++day) {
                for (int i = 0; i < 4; ++i) {
                    clock.advanceBy(kHourMs);
                    auto seq
                        = (*log)->append(QStringLiteral("drift.detected"), { { "day", day }, { "i", i } });
                    QVERIFY(seq);
                    appended[*seq] = clock.now();
                }
                if (day == 60)
                    QVERIFY((*log)->rotateKey());
                clock.advanceBy(20 * kHourMs);
                auto pruned = (*log)->prune();
                QVERIFY2(pruned, qPrintable(pruned.error()));
                removed += *pruned;
                if (day % 30 == 29) {
                    auto report = verify(tmp.path());
                    QVERIFY2(report && report->ok, qPrintable(report ? report->reason : report.error()));
                }
            }
        }
        QVERIFY(removed > 10);
        auto report = verify(tmp.path());
        QVERIFY2(report && report->ok, qPrintable(report ? report->reason : report.error()));
        auto records = read(tmp.path());
        QVERIFY(records);
        std::set<qint64> present;
        int retentionRecords = 0;
        for (const Record& r : *records) {
            present.insert(r.sequence);
            retentionRecords += r.type == u"audit.retention";
        }
        QVERIFY(retentionRecords >= 1);
        const TimeMs window = clock.now() - 90 * kDayMs;
        int kept = 0;
        for (const auto& [seq, time] : appended) {
            if (time >= window) {
                QVERIFY2(present.count(seq),
                         qPrintable(QStringLiteral("sequence %1 inside the window is gone").arg(seq)));
                ++kept;
            }
        }
        QVERIFY(kept >= 89 * 4);
        QVERIFY(!present.count(appended.begin()->first)); // the oldest are gone
        // Keys are never pruned, and old segments' key stays readable.
        QVERIFY(QFile::exists(tmp.path() + QStringLiteral("/audit/keys/key-000001.key")));
        // Proofs still work over a pruned log.
        const QString bundle = tmp.path() + QStringLiteral("/b.json");
        auto exported = exportBundle(tmp.path(), { .since = clock.now() - 5 * kDayMs }, bundle);
        QVERIFY2(exported, qPrintable(exported.error()));
        auto bundleReport
            = verifyBundle(bundle, tmp.path() + QStringLiteral("/audit/keys/signing-public.pem"));
        QVERIFY2(bundleReport && bundleReport->ok,
                 qPrintable(bundleReport ? bundleReport->reason : bundleReport.error()));
        QVERIFY(bundleReport->records > 10);
        // Removing the first retained segment without a retention record is detected.
        QFile::remove(audittest::segmentPaths(tmp.path()).first());
        report = verify(tmp.path());
        QVERIFY(report && !report->ok);
    }

    void concurrentAppendsFromFourThreads()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        constexpr int kPerThread = 400;
        std::vector<std::vector<qint64>> seqs(4);
        {
            auto log = AuditLog::open(options(tmp.path(), clock, 64 * 1024, 50));
            QVERIFY(log);
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t)
                threads.emplace_back([&, t] {
                    for (int i = 0; i < kPerThread; ++i) {
                        auto seq = (*log)->append(QStringLiteral("load"), { { "t", t }, { "i", i } });
                        seqs[size_t(t)].push_back(seq ? *seq : -1);
                    }
                });
            for (auto& th : threads)
                th.join();
        }
        auto records = read(tmp.path(), { .type = QStringLiteral("load") });
        QVERIFY2(records, qPrintable(records.error()));
        QCOMPARE(records->size(), size_t(4 * kPerThread));
        std::map<qint64, std::pair<int, int>> bySeq;
        for (const Record& r : *records)
            bySeq[r.sequence] = { r.data["t"].get<int>(), r.data["i"].get<int>() };
        for (int t = 0; t < 4; ++t) {
            for (int i = 0; i < kPerThread; ++i) {
                const qint64 s = seqs[size_t(t)][size_t(i)];
                QVERIFY(s > 0);
                QCOMPARE(bySeq[s], std::make_pair(t, i));
                if (i > 0)
                    QVERIFY(s > seqs[size_t(t)][size_t(i - 1)]);
            }
        }
        QVERIFY(verify(tmp.path())->ok);
    }

    // appendAsync() from four threads, each keeping a window of appends in flight: every
    // acknowledged entry is present, in each thread's order, and was on disk when acknowledged.
    void asyncAppendsFromFourThreads()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        constexpr int kPerThread = 1000;
        constexpr size_t kWindow = 64;
        std::vector<std::vector<qint64>> seqs(4);
        std::vector<QString> problems(4);
        {
            // One segment, so probing the file while others append never meets a half-made one.
            auto log = AuditLog::open(options(tmp.path(), clock, 64 * 1024 * 1024, 50));
            QVERIFY(log);
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t)
                threads.emplace_back([&, t] {
                    std::deque<std::future<Result<qint64>>> inFlight;
                    const auto settle = [&] {
                        auto seq = inFlight.front().get();
                        inFlight.pop_front();
                        if (!seq) {
                            problems[size_t(t)] = seq.error();
                            seqs[size_t(t)].push_back(-1);
                            return;
                        }
                        seqs[size_t(t)].push_back(*seq);
                        // Acknowledged means written and synced: the record is in the file now.
                        if (t == 0 && seqs[0].size() % 100 == 0) {
                            bool found = false;
                            for (const auto& segment : audittest::layout(tmp.path()))
                                for (const auto& frame : segment.frames)
                                    found = found || qint64(frame.sequence) == *seq;
                            if (!found)
                                problems[0] = QStringLiteral("acknowledged %1 is not in the file").arg(*seq);
                        }
                    };
                    for (int i = 0; i < kPerThread; ++i) {
                        if (inFlight.size() >= kWindow)
                            settle();
                        inFlight.push_back(
                            (*log)->appendAsync(QStringLiteral("load"), { { "t", t }, { "i", i } }));
                    }
                    while (!inFlight.empty())
                        settle();
                });
            for (auto& th : threads)
                th.join();
        }
        for (const QString& problem : problems)
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        auto records = read(tmp.path(), { .type = QStringLiteral("load") });
        QVERIFY2(records, qPrintable(records.error()));
        QCOMPARE(records->size(), size_t(4 * kPerThread));
        std::map<qint64, std::pair<int, int>> bySeq;
        for (const Record& r : *records)
            bySeq[r.sequence] = { r.data["t"].get<int>(), r.data["i"].get<int>() };
        for (int t = 0; t < 4; ++t) {
            QCOMPARE(seqs[size_t(t)].size(), size_t(kPerThread));
            for (int i = 0; i < kPerThread; ++i) {
                const qint64 s = seqs[size_t(t)][size_t(i)];
                QVERIFY(s > 0);
                QCOMPARE(bySeq[s], std::make_pair(t, i));
                if (i > 0)
                    QVERIFY(s > seqs[size_t(t)][size_t(i - 1)]);
            }
        }
        auto report = verify(tmp.path());
        QVERIFY2(report && report->ok, qPrintable(report ? report->reason : report.error()));
    }

    // Async appends and batches across segment switches and checkpoints, mixed with append().
    void asyncAndBatchAcrossSegments()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        std::vector<qint64> asyncSeqs;
        std::vector<qint64> batchSeqs;
        {
            auto log = AuditLog::open(options(tmp.path(), clock, 4096, 7));
            QVERIFY(log);
            // Invalid entries fail at once, and a bad batch appends nothing.
            auto rejected = (*log)->appendAsync(QString(), {});
            QVERIFY(!rejected.get());
            const qint64 before = (*log)->lastSequence();
            auto badBatch = (*log)->appendBatch({ { QStringLiteral("ok"), 1 }, { QString(), 2 } });
            QVERIFY(!badBatch);
            auto badCause = (*log)->appendBatch({ { QStringLiteral("ok"), 1, before + 5 } });
            QVERIFY(!badCause);
            QCOMPARE((*log)->lastSequence(), before);

            std::thread batcher([&] {
                for (int b = 0; b < 20; ++b) {
                    std::vector<NewEntry> entries;
                    for (int i = 0; i < 5; ++i)
                        entries.push_back({ QStringLiteral("batch"), { { "b", b }, { "i", i } } });
                    auto seqs = (*log)->appendBatch(entries);
                    for (qint64 s : seqs ? *seqs : std::vector<qint64>(5, -1))
                        batchSeqs.push_back(s);
                }
            });
            std::thread syncWriter([&] {
                for (int i = 0; i < 50; ++i)
                    (void)(*log)->append(QStringLiteral("sync"), { { "i", i } });
            });
            std::vector<std::future<Result<qint64>>> futures;
            for (int i = 0; i < 300; ++i)
                futures.push_back((*log)->appendAsync(QStringLiteral("async"), { { "i", i } }));
            for (auto& f : futures) {
                auto seq = f.get();
                asyncSeqs.push_back(seq ? *seq : -1);
            }
            batcher.join();
            syncWriter.join();
        }
        QVERIFY(audittest::segmentPaths(tmp.path()).size() > 3);
        QCOMPARE(batchSeqs.size(), size_t(100));
        QVERIFY(std::is_sorted(asyncSeqs.begin(), asyncSeqs.end()));
        QVERIFY(std::is_sorted(batchSeqs.begin(), batchSeqs.end()));
        QVERIFY(asyncSeqs.front() > 0 && batchSeqs.front() > 0);
        auto records = read(tmp.path());
        QVERIFY2(records, qPrintable(records.error()));
        std::map<qint64, Record> bySeq;
        for (const Record& r : *records)
            bySeq[r.sequence] = r;
        for (size_t i = 0; i < asyncSeqs.size(); ++i) {
            QCOMPARE(bySeq[asyncSeqs[i]].type, QStringLiteral("async"));
            QCOMPARE(bySeq[asyncSeqs[i]].data["i"].get<int>(), int(i));
        }
        for (size_t k = 0; k < batchSeqs.size(); ++k) {
            QCOMPARE(bySeq[batchSeqs[k]].type, QStringLiteral("batch"));
            QCOMPARE(bySeq[batchSeqs[k]].data["b"].get<int>(), int(k / 5));
            QCOMPARE(bySeq[batchSeqs[k]].data["i"].get<int>(), int(k % 5));
        }
        auto report = verify(tmp.path());
        QVERIFY2(report && report->ok, qPrintable(report ? report->reason : report.error()));
    }

    void tornFinalFrameIsRecovered()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        {
            auto log = AuditLog::open(options(tmp.path(), clock, 1 << 20, 1000));
            for (int i = 0; i < 30; ++i)
                QVERIFY((*log)->append(QStringLiteral("x"), { { "i", i } }));
        }
        // Simulate a crash: drop the clean-close records, then add half of a new frame.
        auto segs = audittest::layout(tmp.path());
        QCOMPARE(segs.size(), size_t(1));
        const auto& frames = segs[0].frames;
        QByteArray data = audittest::readAll(segs[0].path);
        const audittest::FrameSpan& last = frames[frames.size() - 3]; // the 30th entry
        QCOMPARE(last.sequence, quint64(30));
        const QByteArray partial = data.mid(last.offset, last.size / 2);
        data.truncate(last.offset + last.size); // close + checkpoint gone: an unclean stop
        data.append(partial);
        audittest::writeAll(segs[0].path, data);

        auto before = verify(tmp.path());
        QVERIFY(before && !before->ok);
        QCOMPARE(before->firstBadSequence, 31);
        QVERIFY2(before->reason.contains(u"torn"), qPrintable(before->reason));
        QVERIFY(read(tmp.path())); // readers tolerate the torn tail

        {
            auto log = AuditLog::open(options(tmp.path(), clock));
            QVERIFY2(log, qPrintable(log.error()));
            QCOMPARE((*log)->lastSequence(), 31); // 30 entries + the recovery record
        }
        auto after = verify(tmp.path());
        QVERIFY2(after && after->ok, qPrintable(after->reason));
        auto recovery = read(tmp.path(), { .type = QStringLiteral("audit.recovery") });
        QCOMPARE(recovery->size(), size_t(1));
        QCOMPARE(recovery->front().data["truncatedBytes"].get<qint64>(), partial.size());
        QCOMPARE(recovery->front().data["previousLastSequence"].get<int>(), 30);
        QCOMPARE(read(tmp.path(), { .type = QStringLiteral("x") })->size(), size_t(30));

        // A zero-filled tail (a file extended but never written) and an incomplete new segment file.
        const QString lastSegment = audittest::segmentPaths(tmp.path()).last();
        QByteArray d2 = audittest::readAll(lastSegment);
        d2.truncate(audittest::layout(tmp.path()).back().frames.back().offset); // drop the close record
        d2.append(QByteArray(100, '\0'));
        audittest::writeAll(lastSegment, d2);
        {
            auto log = AuditLog::open(options(tmp.path(), clock));
            QVERIFY2(log, qPrintable(log.error()));
        }
        after = verify(tmp.path());
        QVERIFY2(after && after->ok, qPrintable(after->reason));
        const QString newest = audittest::segmentPaths(tmp.path()).last();
        const QString nextSegment = tmp.path() + QStringLiteral("/audit/")
            + format::segmentFileName(audittest::layout(tmp.path()).back().number + 1);
        audittest::writeAll(nextSegment, audittest::readAll(newest).left(40));
        {
            auto log = AuditLog::open(options(tmp.path(), clock));
            QVERIFY2(log, qPrintable(log.error()));
        }
        after = verify(tmp.path());
        QVERIFY2(after && after->ok, qPrintable(after->reason));
        QCOMPARE(read(tmp.path(), { .type = QStringLiteral("audit.recovery") })->size(), size_t(3));
    }

    void damageInTheMiddleRefusesToOpen()
    {
        QTemporaryDir tmp;
        SimulatedClock clock(kStart);
        {
            auto log = AuditLog::open(options(tmp.path(), clock, 1 << 20, 1000));
            for (int i = 0; i < 30; ++i)
                QVERIFY((*log)->append(QStringLiteral("x"), { { "i", i } }));
        }
        auto segs = audittest::layout(tmp.path());
        QByteArray data = audittest::readAll(segs[0].path);
        data[segs[0].frames[10].offset + 40] ^= 0x10;
        audittest::writeAll(segs[0].path, data);
        auto log = AuditLog::open(options(tmp.path(), clock));
        QVERIFY(!log);
        QVERIFY2(log.error().contains(u"first bad record 11"), qPrintable(log.error()));
        QVERIFY(!read(tmp.path()));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
