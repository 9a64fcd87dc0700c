#include <QTest>

#include "redis/leaselock.h"
#include "redis/redisconnection.h"
#include "redis/rediskeys.h"
#include "redisserver.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using orch::LeaseLock;
using orch::RedisConnection;
using orch::RedisUrl;

namespace {

RedisUrl parseUrl(const QString& text)
{
    auto url = RedisUrl::parse(text);
    return url ? *url : RedisUrl {};
}

// Two replicas: each its own connection, as two processes would have.
struct Replicas
{
    explicit Replicas(const QString& url)
        : a(parseUrl(url))
        , b(parseUrl(url))
    { }
    RedisConnection a;
    RedisConnection b;
};

template<typename T> QByteArray why(const orch::Result<T>& r)
{
    return r ? QByteArray() : r.error().toUtf8();
}

} // namespace

class TestLeaseLock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!RedisServer::available())
            QFAIL(qPrintable(RedisServer::missingMessage()));
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    }

    void onlyOneHolder()
    {
        Replicas r(m_server.url());
        const QByteArray key = orch::RedisKeys::lock(u"shard-0"_s, u"only-one"_s);
        LeaseLock a(r.a, key, 5s);
        LeaseLock b(r.b, key, 5s);
        QVERIFY(a.token() != b.token());

        auto gotA = a.tryAcquire();
        QVERIFY2(gotA.ok(), why(gotA));
        QVERIFY(*gotA);
        QVERIFY(a.isHeld());
        auto gotB = b.tryAcquire();
        QVERIFY2(gotB.ok(), why(gotB));
        QVERIFY(!*gotB);
        QVERIFY(!b.isHeld());

        // Acquiring again while holding is a renewal, not a refusal.
        auto again = a.tryAcquire();
        QVERIFY2(again.ok(), why(again));
        QVERIFY(*again);

        auto holder = b.holder();
        QVERIFY2(holder.ok(), why(holder));
        QVERIFY(holder->has_value());
        QCOMPARE((*holder)->token, a.token());
        QVERIFY((*holder)->remaining > 4s && (*holder)->remaining <= 5s);
        QVERIFY(a.release().value());
    }

    void renewByHolderOnly()
    {
        Replicas r(m_server.url());
        const QByteArray key = orch::RedisKeys::lock(u"shard-0"_s, u"renew"_s);
        LeaseLock a(r.a, key, 300ms);
        LeaseLock b(r.b, key, 300ms);
        QVERIFY(a.tryAcquire().value());

        auto renewB = b.renew();
        QVERIFY2(renewB.ok(), why(renewB));
        QVERIFY(!*renewB);
        QVERIFY(!b.isHeld());

        // Renewing keeps the lease alive well past its first TTL.
        for (int i = 0; i < 6; ++i) {
            QTest::qWait(100);
            auto renewA = a.renew();
            QVERIFY2(renewA.ok(), why(renewA));
            QVERIFY(*renewA);
            QVERIFY(a.isHeld());
        }
        QVERIFY(!b.tryAcquire().value());
        QCOMPARE(b.holder().value()->token, a.token());
        QVERIFY(a.release().value());
    }

    void expiryLetsAnotherTakeOver()
    {
        Replicas r(m_server.url());
        const QByteArray key = orch::RedisKeys::lock(u"shard-2"_s, u"adaptive-weight-learner"_s);
        LeaseLock a(r.a, key, 200ms);
        LeaseLock b(r.b, key, 5s);
        QVERIFY(a.tryAcquire().value());
        QVERIFY(!b.tryAcquire().value());

        // Replica a is killed: nobody renews, the lease runs out in Redis.
        QTRY_VERIFY_WITH_TIMEOUT(b.tryAcquire().value(), 2000);
        QVERIFY(b.isHeld());
        QVERIFY(!a.isHeld()); // its own view expired before Redis' did

        // The old holder cannot renew or release what it lost.
        auto renewA = a.renew();
        QVERIFY2(renewA.ok(), why(renewA));
        QVERIFY(!*renewA);
        auto releaseA = a.release();
        QVERIFY2(releaseA.ok(), why(releaseA));
        QVERIFY(!*releaseA);
        QCOMPARE(b.holder().value()->token, b.token());
        QVERIFY(b.release().value());
    }

    void releaseByNonHolderRefused()
    {
        Replicas r(m_server.url());
        const QByteArray key = orch::RedisKeys::lock(u"shard-0"_s, u"release"_s);
        LeaseLock a(r.a, key, 5s);
        LeaseLock b(r.b, key, 5s);
        QVERIFY(a.tryAcquire().value());

        auto releaseB = b.release();
        QVERIFY2(releaseB.ok(), why(releaseB));
        QVERIFY(!*releaseB);
        QCOMPARE(b.holder().value()->token, a.token());

        auto releaseA = a.release();
        QVERIFY2(releaseA.ok(), why(releaseA));
        QVERIFY(*releaseA);
        QVERIFY(!a.isHeld());
        QCOMPARE(a.holder().value(), std::nullopt);
        // Released: the other replica gets it at once, without waiting for the lease.
        QVERIFY(b.tryAcquire().value());
        QVERIFY(b.release().value());
    }

    void scriptsSurviveScriptFlush()
    {
        Replicas r(m_server.url());
        LeaseLock a(r.a, orch::RedisKeys::lock(u"shard-0"_s, u"flush"_s), 5s);
        QVERIFY(a.tryAcquire().value());
        QVERIFY(a.renew().value());
        QVERIFY(r.b.ensureConnected().ok());
        QVERIFY(r.b.command({ "SCRIPT", "FLUSH" }).ok()); // as after a Redis restart
        auto renewed = a.renew();
        QVERIFY2(renewed.ok(), why(renewed));
        QVERIFY(*renewed);
        QVERIFY(a.release().value());
    }

    void redisDownIsAnErrorNotANo()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisConnection connection(parseUrl(server.url()));
        LeaseLock a(connection, orch::RedisKeys::lock(u"shard-0"_s, u"down"_s), 5s);
        QVERIFY(a.tryAcquire().value());
        server.kill();
        auto renewed = a.renew();
        QVERIFY(!renewed.ok());
        QVERIFY2(renewed.error().contains(u"Redis at redis://127.0.0.1:"_s), why(renewed));
        auto acquired = a.tryAcquire();
        QVERIFY(!acquired.ok());
        // The lease this replica was granted is still its own until it runs out.
        QVERIFY(a.isHeld());
    }

private:
    RedisServer m_server;
};

QTEST_GUILESS_MAIN(TestLeaseLock)
#include "tst_leaselock.moc"
