// Reading evidence bundles for review (audit::readBundle, writeBundleSubset) and reading a trail
// with progress and cancel (audit::read): what the console's audit review page relies on.
#include <atomic>
#include <functional>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "audit/auditlog.h"
#include "engine/clock.h"

using namespace orch;
using namespace orch::audit;

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

nlohmann::json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return nlohmann::json::parse(f.readAll().toStdString());
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(text);
}

void writeJson(const QString& path, const nlohmann::json& j)
{
    writeText(path, QByteArray::fromStdString(j.dump(2)));
}

} // namespace

class TestAuditBundle final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsAndDecodesABundle();
    void namesTheFieldOfAMalformedBundle_data();
    void namesTheFieldOfAMalformedBundle();
    void refusesAForgedEntryAndShowsNothing();
    void writesASubsetThatStillVerifies();
    void readsATrailWithProgressAndCancel();

private:
    QTemporaryDir m_dir;
    QString m_data;
    QString m_bundle;
    QString m_publicKey;
    nlohmann::json m_good;
};

void TestAuditBundle::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(QStringLiteral("data"));
    SimulatedClock clock(kStart);
    {
        AuditLog::Options o;
        o.dataDir = m_data;
        o.clock = &clock;
        o.checkpointEvery = 25;
        auto log = AuditLog::open(o);
        QVERIFY2(log, qPrintable(log.error()));
        qint64 lastDrift = 0;
        for (int i = 0; i < 120; ++i) {
            clock.advanceBy(kMinuteMs);
            if (i % 4 == 0) {
                auto drift = (*log)->append(QStringLiteral("drift.detected"),
                                            { { "dealer", "D" + std::to_string(i) } });
                QVERIFY(drift);
                lastDrift = *drift;
            } else {
                QVERIFY((*log)->append(QStringLiteral("alert.raised"), { { "i", i } }, lastDrift,
                                       QStringLiteral("alice@example.com")));
            }
        }
        QVERIFY((*log)->checkpoint());
    }
    m_bundle = m_dir.filePath(QStringLiteral("drift.json"));
    m_publicKey = m_data + QStringLiteral("/audit/keys/signing-public.pem");
    auto exported = exportBundle(m_data, { .type = QStringLiteral("drift.") }, m_bundle);
    QVERIFY2(exported, qPrintable(exported.error()));
    m_good = readJson(m_bundle);
    QCOMPARE(m_good["entries"].size(), std::size_t(30));
}

void TestAuditBundle::readsAndDecodesABundle()
{
    // With the publisher's key: what the trail holds, decoded, in sequence order.
    auto contents = readBundle(m_bundle, m_publicKey);
    QVERIFY2(contents, qPrintable(contents.error()));
    QVERIFY2(contents->report.ok, qPrintable(contents->report.reason));
    QVERIFY(!contents->keyFromBundle);
    QCOMPARE(contents->report.records, 30);
    QCOMPARE(contents->records.size(), std::size_t(30));
    auto trail = read(m_data, { .type = QStringLiteral("drift.") });
    QVERIFY(trail);
    QCOMPARE(trail->size(), contents->records.size());
    for (std::size_t i = 0; i < trail->size(); ++i) {
        const Record& a = (*trail)[i];
        const Record& b = contents->records[i];
        QCOMPARE(b.sequence, a.sequence);
        QCOMPARE(b.timestamp, a.timestamp);
        QCOMPARE(b.type, a.type);
        QCOMPARE(b.cause, a.cause);
        QCOMPARE(b.actor, a.actor);
        QCOMPARE(b.keyId, a.keyId);
        QVERIFY(b.data == a.data);
        QVERIFY(b.checkpointed);
    }
    QCOMPARE(contents->signingKeyId, contents->report.latestCheckpoint->signingKeyId);

    // Without a key: checked against the key it carries, and it says so.
    auto own = readBundle(m_bundle);
    QVERIFY2(own, qPrintable(own.error()));
    QVERIFY(own->report.ok);
    QVERIFY(own->keyFromBundle);
    QCOMPARE(own->records.size(), std::size_t(30));

    // Another key than the one that signed it: not ok, and nothing decoded.
    QTemporaryDir other;
    {
        SimulatedClock clock(kStart);
        AuditLog::Options o;
        o.dataDir = other.path();
        o.clock = &clock;
        QVERIFY(AuditLog::open(o));
    }
    auto foreign = readBundle(m_bundle, other.path() + QStringLiteral("/audit/keys/signing-public.pem"));
    QVERIFY(foreign);
    QVERIFY(!foreign->report.ok);
    QVERIFY2(foreign->report.reason.contains(QStringLiteral("is not the given key")),
             qPrintable(foreign->report.reason));
    QVERIFY(foreign->records.empty());
    // A key file that is not there is an error, not a verdict.
    QVERIFY(!readBundle(m_bundle, m_dir.filePath(QStringLiteral("missing.pem"))));
}

void TestAuditBundle::namesTheFieldOfAMalformedBundle_data()
{
    QTest::addColumn<QByteArray>("text"); // the file (empty: an edit of the good bundle)
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("isError"); // an error (not a bundle) rather than a failed report

    QTest::addRow("syntax error") << QByteArray(
        "{\n  \"format\": \"orch-audit-bundle/1\",\n  \"entries\": [,]\n}")
                                  << QString() << QStringLiteral("line 3, column") << true;
    QTest::addRow("duplicate key") << QByteArray(R"({"format":"orch-audit-bundle/1","format":"x"})")
                                   << QString() << QStringLiteral("duplicate") << true;
    QTest::addRow("not an object") << QByteArray("[1, 2]") << QString()
                                   << QStringLiteral("(root): must be an object, got an array") << true;
    QTest::addRow("wrong format") << QByteArray() << QStringLiteral("format")
                                  << QStringLiteral("format: must be \"orch-audit-bundle/1\", got \"x\"")
                                  << true;
    QTest::addRow("entries not an array")
        << QByteArray() << QStringLiteral("entries")
        << QStringLiteral("entries: must be an array, got an object") << true;
    QTest::addRow("no checkpoint") << QByteArray() << QStringLiteral("checkpoint")
                                   << QStringLiteral("checkpoint: missing") << true;
    QTest::addRow("entry header not hex")
        << QByteArray() << QStringLiteral("header")
        << QStringLiteral("entries[2] (sequence %1): bundle entry is malformed: header: must be") << false;
    QTest::addRow("entry plaintext a number")
        << QByteArray() << QStringLiteral("plaintext")
        << QStringLiteral("entries[2] (sequence %1): bundle entry is malformed: plaintext: must be a string, "
                          "got an integer")
        << false;
    QTest::addRow("proof node short")
        << QByteArray() << QStringLiteral("proof")
        << QStringLiteral(
               "entries[2] (sequence %1): bundle entry is malformed: proof[0]: must be 32 bytes of hex")
        << false;
    QTest::addRow("sequence zero")
        << QByteArray() << QStringLiteral("sequence")
        << QStringLiteral("entries[2]: bundle entry is malformed: sequence: must be an integer > 0, got 0")
        << false;
    QTest::addRow("entries out of order")
        << QByteArray() << QStringLiteral("order")
        << QStringLiteral("sequence: must be greater than the entry before it") << false;
}

void TestAuditBundle::namesTheFieldOfAMalformedBundle()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, edit);
    QFETCH(QString, expected);
    QFETCH(bool, isError);
    const QString path = m_dir.filePath(QStringLiteral("malformed.json"));
    const qint64 third = m_good["entries"][2]["sequence"].get<qint64>();
    if (text.isEmpty()) {
        nlohmann::json j = m_good;
        if (edit == QLatin1String("format"))
            j["format"] = "x";
        else if (edit == QLatin1String("entries"))
            j["entries"] = nlohmann::json::object();
        else if (edit == QLatin1String("checkpoint"))
            j.erase("checkpoint");
        else if (edit == QLatin1String("header"))
            j["entries"][2]["header"] = "zz";
        else if (edit == QLatin1String("plaintext"))
            j["entries"][2]["plaintext"] = 7;
        else if (edit == QLatin1String("proof"))
            j["entries"][2]["proof"][0] = "abcd";
        else if (edit == QLatin1String("sequence"))
            j["entries"][2]["sequence"] = 0;
        else if (edit == QLatin1String("order"))
            std::swap(j["entries"][2], j["entries"][3]);
        writeJson(path, j);
    } else {
        writeText(path, text);
    }
    if (expected.contains(QLatin1String("%1")))
        expected = expected.arg(third);
    auto contents = readBundle(path, m_publicKey);
    auto verified = verifyBundle(path, m_publicKey);
    if (isError) {
        QVERIFY(!contents);
        QVERIFY2(contents.error().contains(expected), qPrintable(contents.error()));
        QVERIFY2(contents.error().startsWith(path), qPrintable(contents.error()));
        QVERIFY(!verified);
        QCOMPARE(verified.error(), contents.error()); // the CLI's verifier says the same
    } else {
        QVERIFY2(contents, qPrintable(contents.error()));
        QVERIFY(!contents->report.ok);
        QVERIFY2(contents->report.reason.contains(expected), qPrintable(contents->report.reason));
        QVERIFY(contents->records.empty());
        QVERIFY(verified);
        QCOMPARE(verified->reason, contents->report.reason);
    }
}

void TestAuditBundle::refusesAForgedEntryAndShowsNothing()
{
    const QString path = m_dir.filePath(QStringLiteral("forged.json"));
    nlohmann::json j = m_good;
    // The plaintext says another dealer: its digest no longer matches the authenticated header.
    std::string plaintext = j["entries"][5]["plaintext"];
    const auto at = plaintext.find("\"D");
    QVERIFY(at != std::string::npos);
    plaintext[at + 2] = plaintext[at + 2] == '9' ? '8' : '9';
    j["entries"][5]["plaintext"] = plaintext;
    writeJson(path, j);
    auto contents = readBundle(path, m_publicKey);
    QVERIFY2(contents, qPrintable(contents.error()));
    QVERIFY(!contents->report.ok);
    const qint64 sequence = j["entries"][5]["sequence"].get<qint64>();
    QCOMPARE(contents->report.firstBadSequence, sequence);
    QVERIFY2(contents->report.reason.startsWith(
                 QStringLiteral("entries[5] (sequence %1): its plaintext does not match").arg(sequence)),
             qPrintable(contents->report.reason));
    QVERIFY(contents->records.empty());
}

void TestAuditBundle::writesASubsetThatStillVerifies()
{
    const QString path = m_dir.filePath(QStringLiteral("subset.json"));
    std::set<qint64> wanted;
    for (int i : { 1, 7, 29 })
        wanted.insert(m_good["entries"][std::size_t(i)]["sequence"].get<qint64>());
    wanted.insert(999999); // not in the source
    auto written = writeBundleSubset(m_bundle, wanted, path);
    QVERIFY2(written, qPrintable(written.error()));
    QCOMPARE(written->entries, 3);
    QCOMPARE(written->omitted, 1);
    auto contents = readBundle(path, m_publicKey);
    QVERIFY2(contents && contents->report.ok,
             qPrintable(contents ? contents->report.reason : contents.error()));
    QCOMPARE(contents->records.size(), std::size_t(3));
    QCOMPARE(contents->records[2].sequence, m_good["entries"][29]["sequence"].get<qint64>());
    // A source that is not a bundle writes nothing.
    const QString notBundle = m_dir.filePath(QStringLiteral("not-a-bundle.json"));
    writeText(notBundle, "{\"format\": \"orch-audit-bundle/1\", \"entries\": 3}");
    auto refused = writeBundleSubset(notBundle, wanted, m_dir.filePath(QStringLiteral("never.json")));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("checkpoint: missing")), qPrintable(refused.error()));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.json"))));
}

void TestAuditBundle::readsATrailWithProgressAndCancel()
{
    // Enough records for several progress reports (one every 1024 records).
    QTemporaryDir dir;
    SimulatedClock clock(kStart);
    {
        AuditLog::Options o;
        o.dataDir = dir.path();
        o.clock = &clock;
        auto log = AuditLog::open(o);
        QVERIFY(log);
        std::vector<NewEntry> batch;
        for (int i = 0; i < 6000; ++i)
            batch.push_back({ QStringLiteral("fix.vote"), { { "i", i } } });
        QVERIFY((*log)->appendBatch(batch));
    }
    std::vector<std::pair<qint64, qint64>> reports;
    auto all = read(dir.path(), {}, [&](qint64 done, qint64 total) { reports.emplace_back(done, total); });
    QVERIFY2(all, qPrintable(all.error()));
    QVERIFY(all->size() >= 6000);
    QVERIFY(reports.size() >= 5);
    for (std::size_t i = 1; i < reports.size(); ++i) {
        QVERIFY(reports[i].first >= reports[i - 1].first);
        QCOMPARE(reports[i].second, reports[0].second);
    }
    QCOMPARE(reports.back().first, reports.back().second);

    // Cancelled at the first report: an error saying so, no records.
    std::atomic_bool cancel { false };
    auto cancelled = read(
        dir.path(), {}, [&](qint64, qint64) { cancel = true; }, &cancel);
    QVERIFY(!cancelled);
    QVERIFY2(cancelled.error().contains(QStringLiteral("cancelled")), qPrintable(cancelled.error()));
}

QTEST_GUILESS_MAIN(TestAuditBundle)
#include "tst_auditbundle.moc"
