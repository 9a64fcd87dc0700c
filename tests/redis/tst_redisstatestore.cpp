#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "engine/governance.h"
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

orch::Result<std::unique_ptr<RedisStateStore>>
openStore(const QString& url, const QString& dataDir, const QString& instance = u"test"_s,
          std::function<QString(const QString&)> spendInstanceOf = {})
{
    auto inner = orch::SqliteStore::open(dataDir);
    if (!inner)
        return orch::fail(inner.error());
    auto parsed = RedisUrl::parse(url);
    if (!parsed)
        return orch::fail(parsed.error());
    auto o = options(dataDir, instance);
    o.spendInstanceOf = std::move(spendInstanceOf);
    return RedisStateStore::open(*parsed, std::move(inner).value(), o);
}

// The shard of the spend tests' dealers ("d<S>-..." is in shard S), as orchestratord's shardOf.
QString spendShard(const QString& dealer)
{
    return u"fleet-shard-"_s + dealer.mid(1, 1);
}

// Two replicas of a sharded orchestrator ("fleet-shard-0" and "fleet-shard-1") on one Redis.
orch::Result<std::unique_ptr<RedisStateStore>> openReplica(const QString& url, const QString& dataDir, int k)
{
    return openStore(url, dataDir, u"fleet-shard-%1"_s.arg(k), spendShard);
}

qint64 spendOf(orch::StateStore& store, const QString& dealer, const QString& month = u"2026-11"_s)
{
    auto spent = store.spend(dealer, month);
    if (!spent) {
        qWarning().noquote() << spent.error();
        return -1;
    }
    return *spent;
}

// A field of a hash on the server (-1: missing, -2: unreachable or not a number).
qint64 serverField(RedisConnection& inspector, const QByteArray& key, const QByteArray& field)
{
    if (!inspector.ensureConnected())
        return -2;
    auto reply = inspector.command({ "HGET", key, field });
    if (!reply)
        return -2;
    if (reply->isNil())
        return -1;
    bool ok = false;
    const qint64 n = reply->string.toLongLong(&ok);
    return ok ? n : -2;
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

    // Spend is kept in Redis under the DEALER's shard: a replica reads what another charged.
    void spendIsSharedUnderTheDealersShard()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir0;
        QTemporaryDir dir1;
        auto r0 = openReplica(server.url(), dir0.path(), 0);
        QVERIFY2(r0.ok(), qPrintable(r0.error()));
        auto r1 = openReplica(server.url(), dir1.path(), 1);
        QVERIFY2(r1.ok(), qPrintable(r1.error()));
        RedisStateStore& a = **r0;
        RedisStateStore& b = **r1;

        // Replica 0 charges a dealer of shard 2 (one it took over) and one of its own.
        QCOMPARE(spendOf(a, u"d2-x"_s), 0);
        QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 50000).ok());
        QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 50000).ok());
        QVERIFY(a.addSpend(u"d0-y"_s, u"2026-11"_s, 20000).ok());
        QVERIFY(a.addSpend(u"d2-x"_s, u"2026-10"_s, 7).ok());
        QCOMPARE(a.status().queuedWrites, 0);
        QCOMPARE(a.spendKey(u"d2-x"_s, u"2026-11"_s).value(),
                 QByteArray("{orch:fleet-shard-2}:spend:2026-11"));

        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 100000);
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-10", "d2-x"), 7);
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-0}:spend:2026-11", "d0-y"), 20000);
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-0}:spend:2026-11", "d2-x"), -1);
        auto charges = inspector.command({ "SCARD", "{orch:fleet-shard-2}:spend:2026-11:charges" });
        QVERIFY2(charges.ok(), qPrintable(charges.error()));
        QCOMPARE(charges->integer, 2);
        auto ttl = inspector.command({ "TTL", "{orch:fleet-shard-2}:spend:2026-11" });
        QVERIFY2(ttl.ok(), qPrintable(ttl.error()));
        QVERIFY2(ttl->integer > 399 * 86400, qPrintable(QString::number(ttl->integer)));

        // Replica 1 takes shard 2 over: it starts from replica 0's total, and adds to it.
        QCOMPARE(spendOf(b, u"d2-x"_s), 100000);
        QCOMPARE(spendOf(b, u"d2-x"_s, u"2026-10"_s), 7);
        QVERIFY(b.addSpend(u"d2-x"_s, u"2026-11"_s, 30000).ok());
        QCOMPARE(spendOf(b, u"d2-x"_s), 130000);
        QCOMPARE(spendOf(a, u"d2-x"_s), 130000);
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 130000);
        // Each replica's own ledger keeps its own charges.
        QCOMPARE(a.inner().spend(u"d2-x"_s, u"2026-11"_s).value(), 100000);
        QCOMPARE(b.inner().spend(u"d2-x"_s, u"2026-11"_s).value(), 30000);
        QCOMPARE(spendOf(b, u"d0-y"_s), 20000);
        QCOMPARE(spendOf(b, u"never-charged"_s), 0);

        // Without spendInstanceOf (not sharded), the instance's own tag.
        QTemporaryDir dir;
        auto single = openStore(server.url(), dir.path(), u"eu"_s);
        QVERIFY2(single.ok(), qPrintable(single.error()));
        QVERIFY((*single)->addSpend(u"d2-x"_s, u"2026-11"_s, 1).ok());
        QCOMPARE(serverField(inspector, "{orch:eu}:spend:2026-11", "d2-x"), 1);

        // Errors name the value.
        const auto badMonth = a.addSpend(u"d2-x"_s, u"2026-13"_s, 1);
        QVERIFY(!badMonth.ok());
        QVERIFY2(badMonth.error().contains(u"\"2026-13\""_s), qPrintable(badMonth.error()));
        auto badShard = openStore(server.url(), dir1.path() + u"/x"_s, u"x"_s,
                                  [](const QString&) { return u"no{braces}"_s; });
        QVERIFY2(badShard.ok(), qPrintable(badShard.error()));
        const auto refused = (*badShard)->spend(u"d1"_s, u"2026-11"_s);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(u"no{braces}"_s), qPrintable(refused.error()));
        QCOMPARE((*badShard)->inner().spend(u"d1"_s, u"2026-11"_s).value(), 0);
    }

    // Charges made while Redis is away are queued in the journal and counted once each, however
    // often they are delivered: after a lost reply, and when a queue is replayed a second time.
    void spendReplaysWithoutDoubleCounting()
    {
        RedisServer server(RedisServer::Options { true, {} });
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir0;
        QTemporaryDir dir1;
        const QString journal = RedisStateStore::defaultJournalPath(dir0.path(), u"fleet-shard-0"_s);
        const QString copy = dir0.filePath(u"journal-copy.db"_s);
        RedisConnection inspector(parseUrl(server.url()));
        const QByteArray key = "{orch:fleet-shard-2}:spend:2026-11";
        {
            auto opened = openReplica(server.url(), dir0.path(), 0);
            QVERIFY2(opened.ok(), qPrintable(opened.error()));
            RedisStateStore& a = **opened;
            QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 10000).ok());
            // Another replica's charge, read before the outage.
            auto other = openReplica(server.url(), dir1.path(), 1);
            QVERIFY2(other.ok(), qPrintable(other.error()));
            QVERIFY((*other)->addSpend(u"d2-x"_s, u"2026-11"_s, 5000).ok());
            QCOMPARE(spendOf(a, u"d2-x"_s), 15000);

            server.kill();
            QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 20000).ok());
            QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 30000).ok());
            QVERIFY(a.putState(u"rl-controller"_s, "q").ok());
            QCOMPARE(a.status().queuedWrites, 3);
            QVERIFY(!a.status().connected);
            // While Redis is away: the last total it reported plus the queued charges.
            QCOMPARE(spendOf(a, u"d2-x"_s), 65000);
            QCOMPARE(a.inner().spend(u"d2-x"_s, u"2026-11"_s).value(), 60000);
        } // stops with the charges queued
        QVERIFY(QFile::copy(journal, copy));

        QVERIFY2(server.start(), qPrintable(server.error()));
        for (int round = 0; round < 2; ++round) {
            // Round 1 delivers the queue; round 2 delivers the same queue again (a replay whose
            // replies were lost): the total does not change.
            auto opened = openReplica(server.url(), dir0.path(), 0);
            QVERIFY2(opened.ok(), qPrintable(opened.error()));
            RedisStateStore& a = **opened;
            QVERIFY2(a.flush().ok(), qPrintable(a.status().lastError));
            QCOMPARE(a.status().replayedWrites, 3);
            QCOMPARE(serverField(inspector, key, "d2-x"), 65000);
            QCOMPARE(spendOf(a, u"d2-x"_s), 65000);
            opened = orch::fail(u"closed"_s);
            QVERIFY(QFile::remove(journal));
            QVERIFY(QFile::copy(copy, journal));
        }

        // A hung server: the charge's reply does not come in time, so it stays queued and is
        // sent again; whether or not the server had run it, it is counted once.
        auto opened = openReplica(server.url(), dir0.path(), 0);
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        RedisStateStore& a = **opened;
        QVERIFY2(a.flush().ok(), qPrintable(a.status().lastError));
        QCOMPARE(serverField(inspector, key, "d2-x"), 65000);
        server.pause();
        QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 1000).ok());
        QCOMPARE(a.status().queuedWrites, 1);
        QCOMPARE(spendOf(a, u"d2-x"_s), 66000);
        server.resume();
        QTRY_COMPARE_WITH_TIMEOUT(a.status().queuedWrites, 0, 10000);
        QCOMPARE(serverField(inspector, key, "d2-x"), 66000);
        QCOMPARE(spendOf(a, u"d2-x"_s), 66000);
        auto charges = inspector.command({ "SCARD", key + ":charges" });
        QVERIFY2(charges.ok(), qPrintable(charges.error()));
        QCOMPARE(charges->integer, 5);
    }

    // Redis restarted empty: the totals this replica knew are written back before its queued
    // charges are added, so nothing is lost and nothing counted twice.
    void spendSurvivesRedisLosingItsData()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir0;
        QTemporaryDir dir1;
        auto r0 = openReplica(server.url(), dir0.path(), 0);
        QVERIFY2(r0.ok(), qPrintable(r0.error()));
        RedisStateStore& a = **r0;
        {
            auto other = openReplica(server.url(), dir1.path(), 1);
            QVERIFY2(other.ok(), qPrintable(other.error()));
            QVERIFY((*other)->addSpend(u"d2-x"_s, u"2026-11"_s, 50000).ok());
        }
        QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 40000).ok());
        QCOMPARE(spendOf(a, u"d2-x"_s), 90000);

        server.kill();
        server.wipeData();
        QVERIFY(a.addSpend(u"d2-x"_s, u"2026-11"_s, 20000).ok());
        QCOMPARE(spendOf(a, u"d2-x"_s), 110000);
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTRY_COMPARE_WITH_TIMEOUT(a.status().queuedWrites, 0, 5000);
        QVERIFY(a.status().restoredKeys >= 1);
        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 110000);
        QCOMPARE(spendOf(a, u"d2-x"_s), 110000);

        // A total lost while the epoch stayed (an evicted or deleted key): the larger of what this
        // replica read before and its own charges is written back on the next read.
        QVERIFY(inspector.command({ "DEL", "{orch:fleet-shard-2}:spend:2026-11" }).ok());
        QCOMPARE(spendOf(a, u"d2-x"_s), 110000);
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 110000);
    }

    // A replica's SQLite ledger from before spend was in Redis (an upgrade): its own charges are
    // a floor of the shared total, and are written to Redis on the first read.
    void spendFromBeforeRedisIsKept()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        {
            auto sqlite = orch::SqliteStore::open(dir.path());
            QVERIFY2(sqlite.ok(), qPrintable(sqlite.error()));
            QVERIFY((*sqlite)->addSpend(u"d2-x"_s, u"2026-11"_s, 70000).ok());
        }
        auto opened = openReplica(server.url(), dir.path(), 0);
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        QCOMPARE(spendOf(**opened, u"d2-x"_s), 70000);
        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 70000);
        QVERIFY((*opened)->addSpend(u"d2-x"_s, u"2026-11"_s, 10000).ok());
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 80000);
    }

    // A journal of the previous version (state writes only) is upgraded and its queue delivered.
    void journalOfVersion1IsUpgraded()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir;
        const QString path = RedisStateStore::defaultJournalPath(dir.path(), u"test"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const QString& sql :
                 { u"CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
                   u"CREATE TABLE queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, redis_key BLOB NOT NULL, "
                   "value BLOB NOT NULL)"_s,
                   u"CREATE TABLE cache (key TEXT PRIMARY KEY, value BLOB NOT NULL)"_s,
                   u"INSERT INTO meta VALUES ('instance', 'test')"_s,
                   u"INSERT INTO queue (redis_key, value) VALUES (CAST('{orch:test}:state:k' AS BLOB), "
                   "CAST('queued by v1' AS BLOB))"_s,
                   u"INSERT INTO cache VALUES ('k', CAST('queued by v1' AS BLOB))"_s,
                   u"PRAGMA user_version = 1"_s })
                QVERIFY2(q.exec(sql), qPrintable(sql));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v1"_s);
        auto opened = openStore(server.url(), dir.path());
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        QVERIFY2((*opened)->flush().ok(), qPrintable((*opened)->status().lastError));
        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverValue(inspector, "{orch:test}:state:k"), QByteArray("queued by v1"));
        QVERIFY((*opened)->addSpend(u"d1"_s, u"2026-11"_s, 3).ok());
        QCOMPARE(serverField(inspector, "{orch:test}:spend:2026-11", "d1"), 3);
    }

    // SPEC's cap, through the engine's ledger, over two replicas taking a shard from each other:
    // the taker is refused what would take the dealer above $0.15 in the month, and so is the
    // first replica when it takes the shard back (once it forgets what it had read).
    void governanceCapHoldsAcrossReplicas()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QTemporaryDir dir0;
        QTemporaryDir dir1;
        auto r0 = openReplica(server.url(), dir0.path(), 0);
        QVERIFY2(r0.ok(), qPrintable(r0.error()));
        auto r1 = openReplica(server.url(), dir1.path(), 1);
        QVERIFY2(r1.ok(), qPrintable(r1.error()));
        const orch::GovernanceSpec spec;
        orch::GovernanceLedger first(spec, **r0);
        orch::GovernanceLedger taker(spec, **r1);
        const orch::TimeMs at = orch::parseIsoUtc(u"2026-11-15T03:00:00Z").value();

        for (int i = 0; i < 2; ++i) {
            auto charged = first.charge(u"d2-x"_s, at, 0.05);
            QVERIFY2(charged.ok() && charged->allowed,
                     qPrintable(charged ? charged->reason : charged.error()));
        }
        // The taker's first look: $0.10 spent, $0.05 left.
        auto allowed = taker.charge(u"d2-x"_s, at, 0.05);
        QVERIFY2(allowed.ok(), qPrintable(allowed.error()));
        QVERIFY2(allowed->allowed, qPrintable(allowed->reason));
        QCOMPARE(allowed->spentMicros, 100000);
        QCOMPARE(allowed->remainingMicros, 0);
        auto refused = taker.charge(u"d2-x"_s, at, 0.01);
        QVERIFY2(refused.ok(), qPrintable(refused.error()));
        QVERIFY(!refused->allowed);
        QVERIFY2(refused->reason.contains(u"above the $0.15 cap"_s), qPrintable(refused->reason));

        // Back to the first replica: its ledger still remembers $0.10 until it forgets.
        auto stale = first.check(u"d2-x"_s, at, 0.01);
        QVERIFY(stale.ok() && stale->allowed);
        first.forgetSpend();
        auto fresh = first.check(u"d2-x"_s, at, 0.01);
        QVERIFY2(fresh.ok(), qPrintable(fresh.error()));
        QVERIFY(!fresh->allowed);
        QCOMPARE(fresh->spentMicros, 150000);
        // The next month starts from zero.
        auto december = taker.check(u"d2-x"_s, orch::parseIsoUtc(u"2026-12-01T00:00:00Z").value(), 0.15);
        QVERIFY(december.ok() && december->allowed);
        RedisConnection inspector(parseUrl(server.url()));
        QCOMPARE(serverField(inspector, "{orch:fleet-shard-2}:spend:2026-11", "d2-x"), 150000);
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
