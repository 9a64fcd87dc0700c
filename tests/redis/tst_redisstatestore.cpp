#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include "redis/redisconnection.h"
#include "redis/rediskeys.h"
#include "redis/redisstatestore.h"
#include "redisserver.h"
#include "store/sqlitestore.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using orch::RedisConnection;
using orch::RedisStateStore;
using orch::RedisUrl;

namespace {

RedisUrl parseUrl(const QString& text)
{
    auto url = RedisUrl::parse(text);
    return url ? *url : RedisUrl {};
}

RedisStateStore::Options options(const QString& dataDir, const QString& instance = u"test"_s)
{
    RedisStateStore::Options o;
    o.instance = instance;
    o.journalPath = RedisStateStore::defaultJournalPath(dataDir, instance);
    o.connection.initialBackoff = 10ms;
    o.connection.maxBackoff = 100ms;
    o.maintenanceInterval = 20ms;
    return o;
}

orch::Result<std::unique_ptr<RedisStateStore>> openStore(const QString& url, const QString& dataDir,
                                                         const QString& instance = u"test"_s)
{
    auto inner = orch::SqliteStore::open(dataDir);
    if (!inner)
        return orch::fail(inner.error());
    auto parsed = RedisUrl::parse(url);
    if (!parsed)
        return orch::fail(parsed.error());
    return RedisStateStore::open(*parsed, std::move(inner).value(), options(dataDir, instance));
}

// What the server holds, read by a connection of the test's own.
QByteArray serverValue(RedisConnection& inspector, const QByteArray& key)
{
    if (!inspector.ensureConnected())
        return "<unreachable>";
    auto reply = inspector.command({ "GET", key });
    if (!reply)
        return "<error>";
    return reply->isNil() ? QByteArray("<nil>") : reply->string;
}

std::optional<QByteArray> stateOf(RedisStateStore& store, const QString& key)
{
    auto value = store.state(key);
    if (!value) {
        qWarning().noquote() << value.error();
        return QByteArray("<error>");
    }
    return *value;
}

} // namespace

class TestRedisStateStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!RedisServer::available())
            QFAIL(qPrintable(RedisServer::missingMessage()));
    }

    void roundTripAndDelegation()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        auto store = openStore(server.url(), dir.path());
        QVERIFY2(store.ok(), qPrintable(store.error()));
        RedisStateStore& s = **store;
        QVERIFY(s.status().connected);

        QCOMPARE(stateOf(s, u"rl-controller"_s), std::nullopt);
        const QByteArray binary("\x00\x01{\"q\":[0.5]}\xff", 14);
        QVERIFY2(s.putState(u"rl-controller"_s, binary).ok(), "putState");
        QVERIFY2(s.putState(u"auto-fix-agents"_s, QByteArray()).ok(), "putState empty");
        QCOMPARE(stateOf(s, u"rl-controller"_s), std::optional<QByteArray>(binary));
        QCOMPARE(stateOf(s, u"auto-fix-agents"_s), std::optional<QByteArray>(QByteArray()));
        QVERIFY2(s.putState(u"rl-controller"_s, "v2").ok(), "overwrite");
        QCOMPARE(stateOf(s, u"rl-controller"_s), std::optional<QByteArray>("v2"));

        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverValue(inspector, "{orch:test}:state:rl-controller"), QByteArray("v2"));

        // Everything else goes to the SQLite store, which never sees the state.
        orch::EventRecord event;
        event.at = 1000;
        event.type = u"alert.raised"_s;
        event.severity = u"warning"_s;
        auto id = s.appendEvent(event);
        QVERIFY2(id.ok(), qPrintable(id.error()));
        auto events = s.inner().events(0, 10);
        QVERIFY2(events.ok(), qPrintable(events.error()));
        QCOMPARE(events->size(), size_t(1));
        QCOMPARE(s.inner().state(u"rl-controller"_s).value(), std::nullopt);
        QVERIFY2(s.addSpend(u"d1"_s, u"2026-01"_s, 5).ok(), "addSpend");
        QCOMPARE(s.inner().spend(u"d1"_s, u"2026-01"_s).value(), 5);

        const auto st = s.status();
        QCOMPARE(st.queuedWrites, 0);
        QCOMPARE(st.instance, u"test"_s);
        QCOMPARE(st.endpoint, u"redis://127.0.0.1:%1/0"_s.arg(server.port()));
    }

    void keysAreHashTagged()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dirA;
        QTemporaryDir dirB;
        auto a = openStore(server.url(), dirA.path(), u"shard-0"_s);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        auto b = openStore(server.url(), dirB.path(), u"shard-1"_s);
        QVERIFY2(b.ok(), qPrintable(b.error()));
        for (const QString& key : { u"rl-controller"_s, u"auto-fix-agents"_s, u"rl-policy"_s }) {
            QVERIFY((*a)->putState(key, "a-" + key.toUtf8()).ok());
            QVERIFY((*b)->putState(key, "b-" + key.toUtf8()).ok());
        }
        // Two instances on one Redis do not see each other's state.
        QCOMPARE(stateOf(**a, u"rl-policy"_s), std::optional<QByteArray>("a-rl-policy"));
        QCOMPARE(stateOf(**b, u"rl-policy"_s), std::optional<QByteArray>("b-rl-policy"));

        RedisConnection inspector(parseUrl(server.url()));
        QVERIFY2(inspector.connect().ok(), qPrintable(inspector.lastError()));
        QByteArrayList keys;
        QByteArray cursor = "0";
        do {
            auto reply = inspector.command({ "SCAN", cursor, "COUNT", "100" });
            QVERIFY2(reply.ok(), qPrintable(reply.error()));
            QCOMPARE(reply->elements.size(), size_t(2));
            cursor = reply->elements[0].string;
            for (const auto& k : reply->elements[1].elements)
                keys << k.string;
        } while (cursor != "0");
        std::sort(keys.begin(), keys.end());
        const QByteArrayList expected { "{orch:shard-0}:epoch",
                                        "{orch:shard-0}:state:auto-fix-agents",
                                        "{orch:shard-0}:state:rl-controller",
                                        "{orch:shard-0}:state:rl-policy",
                                        "{orch:shard-1}:epoch",
                                        "{orch:shard-1}:state:auto-fix-agents",
                                        "{orch:shard-1}:state:rl-controller",
                                        "{orch:shard-1}:state:rl-policy" };
        QCOMPARE(keys, expected);
        // Every key of an instance hashes on its tag alone: the part between the first { and }.
        for (const QByteArray& key : std::as_const(keys)) {
            const qsizetype open = key.indexOf('{');
            const qsizetype close = key.indexOf('}');
            QCOMPARE(open, 0);
            QVERIFY(close > open + 1);
            QVERIFY(key.mid(1, close - 1) == "orch:shard-0" || key.mid(1, close - 1) == "orch:shard-1");
        }
    }

    void stateSurvivesStoreRestart()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        {
            auto store = openStore(server.url(), dir.path());
            QVERIFY2(store.ok(), qPrintable(store.error()));
            QVERIFY((*store)->putState(u"rl-controller"_s, "q-table-1").ok());
        }
        {
            auto store = openStore(server.url(), dir.path());
            QVERIFY2(store.ok(), qPrintable(store.error()));
            QCOMPARE(stateOf(**store, u"rl-controller"_s), std::optional<QByteArray>("q-table-1"));
        }
        // A new replica with an empty data directory (another pod) reads it from Redis, and a
        // value another replica wrote to Redis wins over a local cache.
        RedisConnection inspector(parseUrl(server.url()));
        QVERIFY2(inspector.connect().ok(), qPrintable(inspector.lastError()));
        QVERIFY(inspector.command({ "SET", "{orch:test}:state:rl-controller", "q-table-2" }).ok());
        QTemporaryDir otherDir;
        for (const QString& d : { otherDir.path(), dir.path() }) {
            auto store = openStore(server.url(), d);
            QVERIFY2(store.ok(), qPrintable(store.error()));
            QCOMPARE(stateOf(**store, u"rl-controller"_s), std::optional<QByteArray>("q-table-2"));
            QCOMPARE((*store)->status().restoredKeys, 0);
        }
        QCOMPARE(serverValue(inspector, "{orch:test}:state:rl-controller"), QByteArray("q-table-2"));
    }

    void losesNoUpdateWhenRedisDies_data()
    {
        QTest::addColumn<bool>("persisted");
        QTest::addRow("restarted empty") << false;
        QTest::addRow("restarted with its AOF") << true;
    }
    void losesNoUpdateWhenRedisDies()
    {
        QFETCH(bool, persisted);
        RedisServer server(RedisServer::Options { persisted, {} });
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        auto opened = openStore(server.url(), dir.path());
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        RedisStateStore& store = **opened;

        constexpr int kUpdates = 1200;
        constexpr int kKeys = 7;
        constexpr int kKillAt = 400;
        constexpr int kRestartAt = 800;
        const QByteArray padding(200, 'x'); // a state blob of a realistic size
        auto valueOf = [&](int i) -> QByteArray { return "update-" + QByteArray::number(i) + '-' + padding; };
        QVERIFY(store.putState(u"written-once"_s, "before the outage").ok());
        bool sawQueue = false;
        for (int i = 0; i < kUpdates; ++i) {
            if (i == kKillAt) {
                server.kill();
                if (!persisted)
                    server.wipeData();
            }
            if (i == kRestartAt)
                QVERIFY2(server.start(), qPrintable(server.error()));
            const QString key = u"component-%1"_s.arg(i % kKeys);
            const auto st = store.putState(key, valueOf(i));
            QVERIFY2(st.ok(), qPrintable(u"update %1: %2"_s.arg(i).arg(st.error())));
            // While Redis is away, reads answer the last value written.
            if (i > kKillAt && i < kRestartAt) {
                QCOMPARE(stateOf(store, key), std::optional<QByteArray>(valueOf(i)));
                const auto status = store.status();
                QVERIFY(!status.connected);
                QVERIFY(status.queuedWrites > 0);
                QVERIFY(!status.lastError.isEmpty());
                QVERIFY2(!status.lastError.contains(u"password"_s), qPrintable(status.lastError));
                sawQueue = true;
            }
        }
        QVERIFY(sawQueue);
        QTRY_COMPARE_WITH_TIMEOUT(store.status().queuedWrites, 0, 5000);
        QVERIFY2(store.flush().ok(), qPrintable(store.status().lastError));
        const auto status = store.status();
        QVERIFY(status.connected);
        QVERIFY2(status.replayedWrites >= kRestartAt - kKillAt - 1,
                 qPrintable(QString::number(status.replayedWrites)));
        if (persisted)
            QCOMPARE(status.restoredKeys, 0);
        else
            QVERIFY(status.restoredKeys >= kKeys + 1);

        // Last write wins per key, in Redis itself, read by someone else.
        RedisConnection inspector(parseUrl(server.url()));
        for (int k = 0; k < kKeys; ++k) {
            int last = kUpdates - 1;
            while (last % kKeys != k)
                --last;
            const QByteArray key = orch::RedisKeys::state(u"test"_s, u"component-%1"_s.arg(k));
            QCOMPARE(serverValue(inspector, key), valueOf(last));
        }
        QCOMPARE(serverValue(inspector, "{orch:test}:state:written-once"), QByteArray("before the outage"));
    }

    void queuedWritesSurviveStoreRestart_data()
    {
        QTest::addColumn<bool>("persisted");
        QTest::addRow("redis restarted empty") << false;
        QTest::addRow("redis restarted with its AOF") << true;
    }
    void queuedWritesSurviveStoreRestart()
    {
        QFETCH(bool, persisted);
        RedisServer server(RedisServer::Options { persisted, {} });
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        {
            auto store = openStore(server.url(), dir.path());
            QVERIFY2(store.ok(), qPrintable(store.error()));
            QVERIFY((*store)->putState(u"a"_s, "a1").ok());
            QVERIFY((*store)->putState(u"b"_s, "b1").ok());
            server.kill();
            if (!persisted)
                server.wipeData();
            QVERIFY((*store)->putState(u"a"_s, "a2").ok());
            QVERIFY((*store)->putState(u"c"_s, "c1").ok());
            QVERIFY((*store)->putState(u"a"_s, "a3").ok());
            QCOMPARE((*store)->status().queuedWrites, 3);
        } // the orchestrator stops while Redis is down

        auto store = openStore(server.url(), dir.path());
        QVERIFY2(store.ok(), qPrintable(store.error()));
        RedisStateStore& s = **store;
        QVERIFY(!s.status().connected);
        QCOMPARE(s.status().queuedWrites, 3);
        QCOMPARE(stateOf(s, u"a"_s), std::optional<QByteArray>("a3"));
        QCOMPARE(stateOf(s, u"b"_s), std::optional<QByteArray>("b1"));
        QCOMPARE(stateOf(s, u"c"_s), std::optional<QByteArray>("c1"));
        QCOMPARE(stateOf(s, u"never-written"_s), std::nullopt);

        QVERIFY2(server.start(), qPrintable(server.error()));
        // Nobody calls the store: its timer finds Redis back and delivers the queue.
        QTRY_COMPARE_WITH_TIMEOUT(s.status().queuedWrites, 0, 5000);
        QVERIFY(s.status().connected);
        QCOMPARE(s.status().replayedWrites, 3);
        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverValue(inspector, "{orch:test}:state:a"), QByteArray("a3"));
        QCOMPARE(serverValue(inspector, "{orch:test}:state:b"), QByteArray("b1"));
        QCOMPARE(serverValue(inspector, "{orch:test}:state:c"), QByteArray("c1"));
    }

    void hungRedisDoesNotStallTheEngine()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        auto store = openStore(server.url(), dir.path());
        QVERIFY2(store.ok(), qPrintable(store.error()));
        RedisStateStore& s = **store;
        QVERIFY(s.putState(u"k"_s, "1").ok());

        server.pause(); // accepts connections, never answers
        QElapsedTimer timer;
        timer.start();
        for (int i = 2; i <= 20; ++i)
            QVERIFY(s.putState(u"k"_s, QByteArray::number(i)).ok());
        QCOMPARE(stateOf(s, u"k"_s), std::optional<QByteArray>("20"));
        // One command timeout (200 ms) and the odd reconnect attempt, not one timeout per call.
        QVERIFY2(timer.elapsed() < 1500, qPrintable(u"%1 ms"_s.arg(timer.elapsed())));
        QVERIFY(!s.status().connected);
        QVERIFY(s.status().queuedWrites > 0);

        server.resume();
        QTRY_COMPARE_WITH_TIMEOUT(s.status().queuedWrites, 0, 5000);
        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverValue(inspector, "{orch:test}:state:k"), QByteArray("20"));
    }

    void startsWithoutRedis()
    {
        QTemporaryDir dir;
        QTcpServer probe; // a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        auto store = openStore(u"redis://:s3cret-pw@127.0.0.1:%1"_s.arg(port), dir.path());
        QVERIFY2(store.ok(), qPrintable(store.error()));
        QVERIFY(!(*store)->status().connected);
        QVERIFY((*store)->putState(u"rl-controller"_s, "x").ok());
        QCOMPARE((*store)->status().queuedWrites, 1);
        QCOMPARE(stateOf(**store, u"rl-controller"_s), std::optional<QByteArray>("x"));
        QVERIFY(!(*store)->flush().ok());
        const QString error = (*store)->status().lastError;
        QVERIFY2(error.contains(u"cannot connect"_s), qPrintable(error));
        QVERIFY2(error.contains(u":***@"_s), qPrintable(error));
        QVERIFY2(!error.contains(u"s3cret-pw"_s), qPrintable(error));
    }

    void refusesWrongPassword()
    {
        RedisServer server(RedisServer::Options { false, u"right-pw"_s });
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        auto wrong = openStore(u"redis://:wrong-pw@127.0.0.1:%1"_s.arg(server.port()), dir.path());
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error().contains(u"AUTH refused"_s), qPrintable(wrong.error()));
        QVERIFY2(!wrong.error().contains(u"wrong-pw"_s), qPrintable(wrong.error()));
        auto missing = openStore(u"redis://127.0.0.1:%1"_s.arg(server.port()), dir.path());
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(u"NOAUTH"_s), qPrintable(missing.error()));
        auto right = openStore(server.url(), dir.path());
        QVERIFY2(right.ok(), qPrintable(right.error()));
        QVERIFY((*right)->putState(u"k"_s, "v").ok());
        QCOMPARE(stateOf(**right, u"k"_s), std::optional<QByteArray>("v"));
    }

    void selectsTheDatabase()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        auto store = openStore(u"redis://127.0.0.1:%1/3"_s.arg(server.port()), dir.path());
        QVERIFY2(store.ok(), qPrintable(store.error()));
        QVERIFY((*store)->putState(u"k"_s, "in db 3").ok());
        RedisConnection db0(parseUrl(u"redis://127.0.0.1:%1/0"_s.arg(server.port())));
        RedisConnection db3(parseUrl(u"redis://127.0.0.1:%1/3"_s.arg(server.port())));
        QCOMPARE(serverValue(db0, "{orch:test}:state:k"), QByteArray("<nil>"));
        QCOMPARE(serverValue(db3, "{orch:test}:state:k"), QByteArray("in db 3"));
        store = orch::fail(u"closed"_s);

        // Redis has 16 databases by default.
        QTemporaryDir other;
        auto outOfRange = openStore(u"redis://127.0.0.1:%1/99"_s.arg(server.port()), other.path());
        QVERIFY(!outOfRange.ok());
        QVERIFY2(outOfRange.error().contains(u"SELECT 99 refused"_s), qPrintable(outOfRange.error()));
    }

    void journalBelongsToOneInstance()
    {
        QTemporaryDir dir;
        auto inner = orch::SqliteStore::open(dir.path());
        QVERIFY2(inner.ok(), qPrintable(inner.error()));
        auto o = options(dir.path(), u"shard-0"_s);
        {
            auto store
                = RedisStateStore::open(parseUrl(u"redis://127.0.0.1:1"_s), std::move(inner).value(), o);
            QVERIFY2(store.ok(), qPrintable(store.error()));
        }
        auto again = orch::SqliteStore::open(dir.path());
        QVERIFY2(again.ok(), qPrintable(again.error()));
        o.instance = u"shard-1"_s; // the same file for another shard
        auto store = RedisStateStore::open(parseUrl(u"redis://127.0.0.1:1"_s), std::move(again).value(), o);
        QVERIFY(!store.ok());
        QVERIFY2(store.error().contains(u"belongs to instance \"shard-0\""_s), qPrintable(store.error()));
    }
};

QTEST_GUILESS_MAIN(TestRedisStateStore)
#include "tst_redisstatestore.moc"
