#include <cmath>
#include <limits>
#include <set>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "store/sqlitestore.h"

using namespace Qt::StringLiterals;
using orch::Detection;
using orch::EventRecord;
using orch::Sample;
using orch::SqliteStore;
using orch::TimeMs;

Q_DECLARE_METATYPE(orch::Sample)

namespace {

// The error text for QVERIFY2, which evaluates its message even when the check passes.
template<typename T> QByteArray why(const orch::Result<T>& result)
{
    return result ? QByteArray() : result.error().toUtf8();
}

const TimeMs kT0 = *orch::parseIsoUtc(u"2026-01-01T00:00:00Z");

std::unique_ptr<SqliteStore> openStore(const QString& dir)
{
    auto store = SqliteStore::open(dir);
    if (!store) {
        qWarning().noquote() << store.error();
        return nullptr;
    }
    return std::move(store).value();
}

// Runs one scalar query on the database file through a connection of the test's own.
QVariant queryFile(const QString& path, const QString& sql)
{
    const QString name = u"tst-inspect"_s;
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                result = query.value(0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

Detection detection(const QString& dealer, TimeMs openedAt)
{
    Detection d;
    d.dealer = dealer;
    d.feature = u"visibility"_s;
    d.openedAt = openedAt;
    d.threshold = 3.0;
    d.firstStd = 3.2;
    d.peakStd = 4.75;
    d.lastStd = 3.9;
    d.flaggedEvaluations = 2;
    return d;
}

} // namespace

class TestSqliteStore final : public QObject
{
    Q_OBJECT

private slots:
    void openCreatesDirectoryAndSchema();
    void samplesRoundTrip();
    void identicalSampleIsSkipped();
    void conflictingSampleKeepsNothingOfTheBatch();
    void conflictWithinOneBatch();
    void conflictInLargeBatch_data();
    void conflictInLargeBatch();
    void invalidSampleRefused_data();
    void invalidSampleRefused();
    void stateRoundTrip();
    void detectionsRoundTrip();
    void eventsRoundTrip();
    void spendRoundTrip();
    void spendRefusesBadInput_data();
    void spendRefusesBadInput();
    void reopenKeepsData();
    void twoStoresOnOneDirectory();
    void newerSchemaRefused();
    void notADatabaseRefused();
    void unusableDirectory();
    void unwritableDirectory();
    void connectionRemovedOnDestruction();

private:
    QTemporaryDir m_dir;
    int m_sub = 0;
    QString freshDir() { return m_dir.filePath(u"data%1"_s.arg(++m_sub)); }
};

void TestSqliteStore::openCreatesDirectoryAndSchema()
{
    QVERIFY(m_dir.isValid());
    const QString dir = m_dir.filePath(u"not/yet/there"_s);
    auto store = openStore(dir);
    QVERIFY(store);
    QCOMPARE(store->databasePath(), QDir(dir).absoluteFilePath(u"orchestrator.db"_s));
    QVERIFY(QFile::exists(store->databasePath()));
    QCOMPARE(queryFile(store->databasePath(), u"PRAGMA user_version"_s).toInt(), SqliteStore::kSchemaVersion);
    QCOMPARE(queryFile(store->databasePath(), u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    for (const QString& table :
         { u"samples"_s, u"component_state"_s, u"detections"_s, u"events"_s, u"spend"_s })
        QCOMPARE(
            queryFile(store->databasePath(),
                      u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'"_s.arg(table))
                .toInt(),
            1);
    QCOMPARE(*store->sampleCount(), 0);
}

void TestSqliteStore::samplesRoundTrip()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    const std::vector<Sample> batch = {
        { u"d1"_s, u"visibility"_s, kT0 + 2 * orch::kHourMs, 0.25 },
        { u"d1"_s, u"visibility"_s, kT0, -1.5 },
        { u"d1"_s, u"visibility"_s, kT0 + orch::kHourMs, 1e-300 },
        { u"d1"_s, u"sentiment"_s, kT0, 7 },
        { u"d2"_s, u"visibility"_s, kT0, 42 },
    };
    const auto appended = store->appendSamples(batch);
    QVERIFY2(appended, why(appended).constData());
    QCOMPARE(*store->sampleCount(), 5);

    auto all = store->samples(u"d1"_s, u"visibility"_s, kT0, kT0 + orch::kDayMs);
    QVERIFY(all);
    const std::vector<Sample> expected = { batch[1], batch[2], batch[0] };
    QCOMPARE(*all, expected);

    // from is inclusive, to exclusive.
    auto window = store->samples(u"d1"_s, u"visibility"_s, kT0 + orch::kHourMs, kT0 + 2 * orch::kHourMs);
    QVERIFY(window);
    QCOMPARE(window->size(), size_t(1));
    QCOMPARE(window->front(), batch[2]);

    QVERIFY(store->samples(u"d3"_s, u"visibility"_s, kT0, kT0 + orch::kDayMs)->empty());
    QVERIFY(store->appendSamples({}));
    QCOMPARE(*store->sampleCount(), 5);
}

void TestSqliteStore::identicalSampleIsSkipped()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    const std::vector<Sample> batch = { { u"d1"_s, u"f"_s, kT0, 1.5 }, { u"d1"_s, u"f"_s, kT0 + 1000, 2.5 } };
    QVERIFY(store->appendSamples(batch));
    const auto again = store->appendSamples(batch);
    QVERIFY2(again, why(again).constData());
    QCOMPARE(*store->sampleCount(), 2);
}

void TestSqliteStore::conflictingSampleKeepsNothingOfTheBatch()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    QVERIFY(store->appendSamples(std::vector<Sample> { { u"d1"_s, u"f"_s, kT0, 1.5 } }));

    const std::vector<Sample> batch = {
        { u"d1"_s, u"f"_s, kT0 + 1000, 3 },
        { u"d2"_s, u"f"_s, kT0, 4 },
        { u"d1"_s, u"f"_s, kT0, 2.25 }, // conflicts with the stored 1.5
        { u"d1"_s, u"f"_s, kT0 + 2000, 5 },
    };
    const auto result = store->appendSamples(batch);
    QVERIFY(!result);
    QVERIFY2(result.error().contains(u"\"d1\""_s), qPrintable(result.error()));
    QVERIFY2(result.error().contains(u"\"f\""_s), qPrintable(result.error()));
    QVERIFY2(result.error().contains(u"2026-01-01T00:00:00Z"_s), qPrintable(result.error()));
    QVERIFY2(result.error().contains(u"1.5"_s), qPrintable(result.error()));
    QVERIFY2(result.error().contains(u"2.25"_s), qPrintable(result.error()));
    QCOMPARE(*store->sampleCount(), 1);
    QVERIFY(store->samples(u"d2"_s, u"f"_s, kT0, kT0 + orch::kDayMs)->empty());
    QCOMPARE(store->samples(u"d1"_s, u"f"_s, kT0, kT0 + orch::kDayMs)->front().value, 1.5);

    // The store is still usable after the rollback.
    QVERIFY(store->appendSamples(std::vector<Sample> { batch[0] }));
    QCOMPARE(*store->sampleCount(), 2);
}

void TestSqliteStore::conflictWithinOneBatch()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    const std::vector<Sample> batch = {
        { u"d1"_s, u"f"_s, kT0, 1 },
        { u"d1"_s, u"f"_s, kT0, 1 }, // same value twice: fine
        { u"d1"_s, u"f"_s, kT0 + 500, 1 },
        { u"d1"_s, u"f"_s, kT0 + 500, 2 },
    };
    const auto result = store->appendSamples(batch);
    QVERIFY(!result);
    QVERIFY2(result.error().contains(u"2026-01-01T00:00:00.500Z"_s), qPrintable(result.error()));
    QCOMPARE(*store->sampleCount(), 0);
}

void TestSqliteStore::conflictInLargeBatch_data()
{
    // Large batches are inserted many rows per statement; a conflict anywhere, with the store or
    // within the batch, in the first, a middle or the last (partial) statement, must still be
    // named and undo everything.
    QTest::addColumn<int>("changedRow"); // index in the batch whose value differs from what came before
    QTest::addColumn<int>(
        "earlierRow"); // -1: conflicts with the stored sample; else with this row of the batch
    for (int row : { 0, 199, 200, 401, 520 })
        QTest::addRow("row %d vs stored", row) << row << -1;
    QTest::addRow("rows 10 and 20 of one statement") << 20 << 10;
    QTest::addRow("rows 150 and 250 across statements") << 250 << 150;
    QTest::addRow("rows 0 and 520") << 520 << 0;
}

void TestSqliteStore::conflictInLargeBatch()
{
    QFETCH(int, changedRow);
    QFETCH(int, earlierRow);
    auto store = openStore(freshDir());
    QVERIFY(store);

    constexpr int kRows = 521;
    std::vector<Sample> batch;
    for (int i = 0; i < kRows; ++i)
        batch.push_back(Sample { u"d%1"_s.arg(i % 3), u"f"_s, kT0 + i * orch::kMinuteMs, i * 0.5 });
    // The store already has every tenth sample with the same value (replays are fine)...
    std::vector<Sample> stored;
    for (int i = 0; i < kRows; i += 10) {
        if (i != changedRow || earlierRow >= 0)
            stored.push_back(batch[size_t(i)]);
    }
    if (earlierRow < 0) // ...and the changed row with another value.
        stored.push_back(
            Sample { batch[size_t(changedRow)].dealer, u"f"_s, batch[size_t(changedRow)].timestamp, -7 });
    else
        batch[size_t(changedRow)]
            = Sample { batch[size_t(earlierRow)].dealer, u"f"_s, batch[size_t(earlierRow)].timestamp, -7 };
    QVERIFY(store->appendSamples(stored));
    const qint64 before = *store->sampleCount();

    const auto result = store->appendSamples(batch);
    QVERIFY(!result);
    const Sample& changed = batch[size_t(changedRow)];
    QVERIFY2(result.error().contains(u"dealer \"%1\""_s.arg(changed.dealer)), qPrintable(result.error()));
    QVERIFY2(result.error().contains(orch::formatIso(changed.timestamp)), qPrintable(result.error()));
    QVERIFY2(result.error().contains(u"-7"_s), qPrintable(result.error()));
    QCOMPARE(*store->sampleCount(), before);

    // Without the conflict the same batch goes in, replays skipped.
    if (earlierRow < 0)
        return;
    batch[size_t(changedRow)].value = batch[size_t(earlierRow)].value;
    const auto ok = store->appendSamples(batch);
    QVERIFY2(ok, why(ok).constData());
    std::set<std::pair<QString, TimeMs>> keys;
    for (const std::vector<Sample>* samples : { &stored, &batch }) {
        for (const Sample& sample : *samples)
            keys.emplace(sample.dealer, sample.timestamp);
    }
    QCOMPARE(*store->sampleCount(), qint64(keys.size()));
}

void TestSqliteStore::invalidSampleRefused_data()
{
    QTest::addColumn<Sample>("sample");
    QTest::addColumn<QString>("expected");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QTest::addRow("nan") << Sample { u"d1"_s, u"f"_s, kT0, nan } << u"not a finite number"_s;
    QTest::addRow("inf") << Sample { u"d1"_s, u"f"_s, kT0, inf } << u"value inf"_s;
    QTest::addRow("-inf") << Sample { u"d1"_s, u"f"_s, kT0, -inf } << u"value -inf"_s;
    QTest::addRow("empty dealer") << Sample { QString(), u"f"_s, kT0, 1 } << u"must not be empty"_s;
    QTest::addRow("empty feature") << Sample { u"d1"_s, u""_s, kT0, 1 } << u"must not be empty"_s;
}

void TestSqliteStore::invalidSampleRefused()
{
    QFETCH(Sample, sample);
    QFETCH(QString, expected);
    auto store = openStore(freshDir());
    QVERIFY(store);
    const std::vector<Sample> batch = { { u"d1"_s, u"f"_s, kT0 - 1000, 1 }, sample };
    const auto result = store->appendSamples(batch);
    QVERIFY(!result);
    QVERIFY2(result.error().contains(expected), qPrintable(result.error()));
    QCOMPARE(*store->sampleCount(), 0);
}

void TestSqliteStore::stateRoundTrip()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    QVERIFY(!store->state(u"drift-sentinel"_s)->has_value());

    const QByteArray binary("\x00\x01\xff{\"a\":1}", 10);
    QVERIFY(store->putState(u"drift-sentinel"_s, binary));
    QCOMPARE(store->state(u"drift-sentinel"_s)->value(), binary);

    QVERIFY(store->putState(u"drift-sentinel"_s, "v2"));
    QCOMPARE(store->state(u"drift-sentinel"_s)->value(), QByteArray("v2"));

    // Present but empty is not the same as absent.
    QVERIFY(store->putState(u"rl-controller"_s, QByteArray()));
    const auto empty = store->state(u"rl-controller"_s);
    QVERIFY(empty);
    QVERIFY(empty->has_value());
    QVERIFY(empty->value().isEmpty());

    QVERIFY(!store->putState(QString(), "x"));
}

void TestSqliteStore::detectionsRoundTrip()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    Detection a = detection(u"d1"_s, kT0);
    Detection b = detection(u"d2"_s, kT0 + orch::kHourMs);
    Detection c = detection(u"d3"_s, kT0 + 2 * orch::kHourMs);
    c.closedAt = kT0 + 3 * orch::kHourMs;
    for (Detection* d : { &a, &b, &c }) {
        const auto id = store->insertDetection(*d);
        QVERIFY2(id, why(id).constData());
        QVERIFY(*id > 0);
        d->id = *id;
    }
    QVERIFY(a.id < b.id && b.id < c.id);

    auto all = store->detections(kT0, kT0 + orch::kDayMs, 10);
    QVERIFY(all);
    QCOMPARE(*all, (std::vector<Detection> { c, b, a })); // newest first

    auto limited = store->detections(kT0, kT0 + orch::kDayMs, 2);
    QCOMPARE(*limited, (std::vector<Detection> { c, b }));
    // [from, to)
    QCOMPARE(*store->detections(kT0 + orch::kHourMs, kT0 + 2 * orch::kHourMs, 10),
             (std::vector<Detection> { b }));
    QVERIFY(store->detections(kT0, kT0 + orch::kDayMs, 0)->empty());

    a.closedAt = kT0 + 30 * orch::kMinuteMs;
    a.peakStd = 6.5;
    a.lastStd = 1.25;
    a.flaggedEvaluations = 5;
    QVERIFY(store->updateDetection(a));
    QCOMPARE(store->detections(kT0, kT0 + 1, 10)->front(), a);

    Detection unknown = a;
    unknown.id = 9999;
    const auto missing = store->updateDetection(unknown);
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(u"9999"_s), qPrintable(missing.error()));

    Detection bad = a;
    bad.peakStd = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(!store->insertDetection(bad));
    QVERIFY(!store->updateDetection(bad));
}

void TestSqliteStore::eventsRoundTrip()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    QVERIFY(store->events(0, 10)->empty());

    std::vector<EventRecord> written;
    for (int i = 0; i < 5; ++i) {
        EventRecord e;
        e.at = kT0 + i * orch::kMinuteMs;
        e.type = i % 2 ? u"alert.raised"_s : u"rl.retrain"_s;
        e.severity = u"warning"_s;
        if (i != 0) {
            e.dealer = u"d%1"_s.arg(i);
            e.feature = u"visibility"_s;
        } // else fleet-wide: null dealer and feature
        e.causeId = i;
        e.message = u"message \"%1\" with ünïcödé"_s.arg(i);
        const auto id = store->appendEvent(e);
        QVERIFY2(id, why(id).constData());
        e.id = *id;
        if (!written.empty())
            QVERIFY(e.id > written.back().id);
        written.push_back(e);
    }
    QCOMPARE(*store->events(0, 100), written);
    QCOMPARE(*store->events(written[1].id, 2), (std::vector<EventRecord> { written[2], written[3] }));
    QVERIFY(store->events(written.back().id, 10)->empty());
    QVERIFY(store->events(0, 0)->empty());
    QVERIFY(store->events(0, 1)->front().dealer.isEmpty());
}

void TestSqliteStore::spendRoundTrip()
{
    auto store = openStore(freshDir());
    QVERIFY(store);
    QCOMPARE(*store->spend(u"d1"_s, u"2026-01"_s), 0);
    QVERIFY(store->addSpend(u"d1"_s, u"2026-01"_s, 1'250'000));
    QVERIFY(store->addSpend(u"d1"_s, u"2026-01"_s, 3));
    QVERIFY(store->addSpend(u"d1"_s, u"2026-02"_s, 7));
    QVERIFY(store->addSpend(u"d2"_s, u"2026-01"_s, 11));
    QCOMPARE(*store->spend(u"d1"_s, u"2026-01"_s), 1'250'003);
    QCOMPARE(*store->spend(u"d1"_s, u"2026-02"_s), 7);
    QCOMPARE(*store->spend(u"d2"_s, u"2026-01"_s), 11);
    // Large sums stay exact (a double would lose the last digit).
    const qint64 big = (qint64(1) << 53) + 1;
    QVERIFY(store->addSpend(u"d3"_s, u"2026-01"_s, big));
    QVERIFY(store->addSpend(u"d3"_s, u"2026-01"_s, 2));
    QCOMPARE(*store->spend(u"d3"_s, u"2026-01"_s), big + 2);
}

void TestSqliteStore::spendRefusesBadInput_data()
{
    QTest::addColumn<QString>("dealer");
    QTest::addColumn<QString>("month");
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<QString>("expected");
    QTest::addRow("empty dealer") << QString() << u"2026-01"_s << qint64(1) << u"dealer is empty"_s;
    QTest::addRow("month 13") << u"d1"_s << u"2026-13"_s << qint64(1) << u"2026-13"_s;
    QTest::addRow("full date") << u"d1"_s << u"2026-01-01"_s << qint64(1) << u"must look like"_s;
    QTest::addRow("overflow") << u"d1"_s << u"2026-01"_s << std::numeric_limits<qint64>::max()
                              << u"overflow"_s;
}

void TestSqliteStore::spendRefusesBadInput()
{
    QFETCH(QString, dealer);
    QFETCH(QString, month);
    QFETCH(qint64, amount);
    QFETCH(QString, expected);
    auto store = openStore(freshDir());
    QVERIFY(store);
    QVERIFY(store->addSpend(u"d1"_s, u"2026-01"_s, 10));
    const auto result = store->addSpend(dealer, month, amount);
    QVERIFY(!result);
    QVERIFY2(result.error().contains(expected), qPrintable(result.error()));
    QCOMPARE(*store->spend(u"d1"_s, u"2026-01"_s), 10);
}

void TestSqliteStore::reopenKeepsData()
{
    const QString dir = freshDir();
    Detection d = detection(u"d1"_s, kT0);
    EventRecord e { 0, kT0, u"agents.pause"_s, u"critical"_s, u"d1"_s, u"f"_s, 0, u"paused"_s };
    {
        auto store = openStore(dir);
        QVERIFY(store);
        QVERIFY(store->appendSamples(std::vector<Sample> { { u"d1"_s, u"f"_s, kT0, 0.5 } }));
        QVERIFY(store->putState(u"k"_s, "state"));
        d.id = *store->insertDetection(d);
        e.id = *store->appendEvent(e);
        QVERIFY(store->addSpend(u"d1"_s, u"2026-01"_s, 99));
    }
    auto store = openStore(dir);
    QVERIFY(store);
    QCOMPARE(*store->sampleCount(), 1);
    QCOMPARE(store->samples(u"d1"_s, u"f"_s, kT0, kT0 + 1)->front().value, 0.5);
    QCOMPARE(store->state(u"k"_s)->value(), QByteArray("state"));
    QCOMPARE(*store->detections(kT0, kT0 + 1, 10), std::vector<Detection> { d });
    QCOMPARE(*store->events(0, 10), std::vector<EventRecord> { e });
    QCOMPARE(*store->spend(u"d1"_s, u"2026-01"_s), 99);
    // Ids keep increasing after a reopen.
    QVERIFY(*store->appendEvent(e) > e.id);
}

void TestSqliteStore::twoStoresOnOneDirectory()
{
    const QString dir = freshDir();
    auto first = openStore(dir);
    auto second = openStore(dir);
    QVERIFY(first && second);
    QVERIFY(first->appendSamples(std::vector<Sample> { { u"d1"_s, u"f"_s, kT0, 1 } }));
    QCOMPARE(*second->sampleCount(), 1);
    QVERIFY(second->addSpend(u"d1"_s, u"2026-01"_s, 5));
    QVERIFY(first->addSpend(u"d1"_s, u"2026-01"_s, 5));
    QCOMPARE(*first->spend(u"d1"_s, u"2026-01"_s), 10);
}

void TestSqliteStore::newerSchemaRefused()
{
    const QString dir = freshDir();
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(u"orchestrator.db"_s);
    queryFile(path, u"PRAGMA user_version = %1"_s.arg(SqliteStore::kSchemaVersion + 1));
    QCOMPARE(queryFile(path, u"PRAGMA user_version"_s).toInt(), SqliteStore::kSchemaVersion + 1);

    const auto store = SqliteStore::open(dir);
    QVERIFY(!store);
    QVERIFY2(store.error().contains(u"schema version %1"_s.arg(SqliteStore::kSchemaVersion + 1)),
             qPrintable(store.error()));
    QVERIFY2(store.error().contains(QDir::toNativeSeparators(QDir(path).absolutePath())),
             qPrintable(store.error()));
    // Left untouched: no tables were added and the journal mode was not changed.
    QCOMPARE(queryFile(path, u"SELECT COUNT(*) FROM sqlite_master"_s).toInt(), 0);
    QCOMPARE(queryFile(path, u"PRAGMA journal_mode"_s).toString(), u"delete"_s);
}

void TestSqliteStore::notADatabaseRefused()
{
    const QString dir = freshDir();
    QVERIFY(QDir().mkpath(dir));
    QFile file(QDir(dir).filePath(u"orchestrator.db"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    const auto store = SqliteStore::open(dir);
    QVERIFY(!store);
    QVERIFY2(store.error().contains(u"orchestrator.db"_s), qPrintable(store.error()));
    QVERIFY2(store.error().contains(u"not a database"_s), qPrintable(store.error()));
}

void TestSqliteStore::unusableDirectory()
{
    // A regular file where a directory of the path should be: no permission trick needed, so it
    // also holds when the tests run as root.
    const QString file = m_dir.filePath(u"plain-file"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();

    const auto below = SqliteStore::open(file + u"/data"_s);
    QVERIFY(!below);
    QVERIFY2(below.error().contains(u"cannot create data directory"_s), qPrintable(below.error()));
    QVERIFY2(below.error().contains(u"plain-file/data"_s), qPrintable(below.error()));

    const auto itself = SqliteStore::open(file);
    QVERIFY(!itself);
    QVERIFY2(itself.error().contains(u"not a directory"_s), qPrintable(itself.error()));
}

void TestSqliteStore::unwritableDirectory()
{
    const QString dir = freshDir();
    QVERIFY(QDir().mkpath(dir));
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner);
    const auto restore = qScopeGuard(
        [&] { QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    if (QFileInfo(dir).isWritable())
        QSKIP("running with privileges that ignore directory permissions (root)");
    const auto store = SqliteStore::open(dir);
    QVERIFY(!store);
    QVERIFY2(store.error().contains(u"not writable"_s), qPrintable(store.error()));
    QVERIFY2(store.error().contains(QDir::toNativeSeparators(dir)), qPrintable(store.error()));

    // A read-only database file in a writable directory.
    const QString other = freshDir();
    QVERIFY(openStore(other));
    const QString file = QDir(other).filePath(u"orchestrator.db"_s);
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner));
    const auto readOnly = SqliteStore::open(other);
    QVERIFY(!readOnly);
    QVERIFY2(readOnly.error().contains(u"orchestrator.db\" is not writable"_s), qPrintable(readOnly.error()));
}

void TestSqliteStore::connectionRemovedOnDestruction()
{
    const QStringList before = QSqlDatabase::connectionNames();
    {
        auto a = openStore(freshDir());
        auto b = openStore(freshDir());
        QVERIFY(a && b);
        QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 2);
    }
    QCOMPARE(QSqlDatabase::connectionNames(), before);
    // A failed open leaves nothing behind either.
    const QString dir = freshDir();
    QVERIFY(QDir().mkpath(dir));
    queryFile(QDir(dir).filePath(u"orchestrator.db"_s), u"PRAGMA user_version = 99"_s);
    QVERIFY(!SqliteStore::open(dir));
    QCOMPARE(QSqlDatabase::connectionNames(), before);
}

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlitestore.moc"
