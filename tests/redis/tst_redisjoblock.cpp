// RedisJobLock, the Scheduler's lock in Redis: one claim per (job, scheduled time) among the
// processes sharing the key, against a real redis-server of the test's own.
#include <QTest>

#include "engine/clock.h"
#include "engine/scheduler.h"
#include "redis/redisconnection.h"
#include "redis/redisjoblock.h"
#include "redisserver.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using orch::JobLock;
using orch::RedisConnection;
using orch::RedisJobLock;
using orch::RedisUrl;
using orch::TimeMs;

namespace {

RedisUrl parseUrl(const QString& text)
{
    auto url = RedisUrl::parse(text);
    return url ? *url : RedisUrl {};
}

template<typename T> QByteArray why(const orch::Result<T>& r)
{
    return r ? QByteArray() : r.error().toUtf8();
}

constexpr TimeMs kDay = orch::kDayMs;
constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

} // namespace

class TestRedisJobLock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!RedisServer::available())
            QFAIL(qPrintable(RedisServer::missingMessage()));
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    }

    void oneClaimPerScheduledTime()
    {
        RedisConnection ca(parseUrl(m_server.url())), cb(parseUrl(m_server.url()));
        RedisJobLock a(ca, u"shard-1"_s), b(cb, u"shard-1"_s);
        QVERIFY(a.token() != b.token());
        QCOMPARE(a.key(u"learner"_s), QByteArray("{orch:shard-1}:lock:learner"));

        auto claim = a.tryAcquire(u"learner"_s, kStart);
        QVERIFY2(claim, why(claim));
        QCOMPARE(*claim, JobLock::Claim::Run);
        // While A runs it, B skips it; A asking again (a retry) may run it.
        QCOMPARE(b.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::HeldElsewhere);
        QCOMPARE(a.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::Run);
        a.release(u"learner"_s, kStart);
        // Done: nobody runs that time again, A included.
        QCOMPARE(b.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::HeldElsewhere);
        QCOMPARE(a.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::HeldElsewhere);
        // Other times and other jobs are claimed on their own, in any order.
        QCOMPARE(b.tryAcquire(u"learner"_s, kStart + 2 * kDay).value(), JobLock::Claim::Run);
        QCOMPARE(a.tryAcquire(u"learner"_s, kStart + kDay).value(), JobLock::Claim::Run);
        QCOMPARE(a.tryAcquire(u"controller"_s, kStart).value(), JobLock::Claim::Run);
        // A release by someone who does not hold the claim changes nothing.
        a.release(u"learner"_s, kStart + 2 * kDay);
        QCOMPARE(a.tryAcquire(u"learner"_s, kStart + 2 * kDay).value(), JobLock::Claim::HeldElsewhere);
        // Another shard has its own claims.
        RedisJobLock other(cb, u"shard-2"_s);
        QCOMPARE(other.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::Run);
    }

    void deadHolderLeaseEnds()
    {
        RedisConnection ca(parseUrl(m_server.url())), cb(parseUrl(m_server.url()));
        RedisJobLock::Options shortLease;
        shortLease.lease = 300ms;
        RedisJobLock a(ca, u"shard-lease"_s, shortLease), b(cb, u"shard-lease"_s, shortLease);
        QCOMPARE(a.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::Run);
        // A dies without releasing: until its lease ends B skips, then B runs it.
        QCOMPARE(b.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::HeldElsewhere);
        QTRY_COMPARE_WITH_TIMEOUT(b.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::Run, 10000);
        b.release(u"learner"_s, kStart);
        // A, late, finds its claim taken over: its release does not undo B's.
        a.release(u"learner"_s, kStart);
        QCOMPARE(a.tryAcquire(u"learner"_s, kStart).value(), JobLock::Claim::HeldElsewhere);
    }

    void oldTimesArePruned()
    {
        RedisConnection c(parseUrl(m_server.url()));
        RedisJobLock::Options options;
        options.keepDone = std::chrono::milliseconds(3 * kDay);
        RedisJobLock lock(c, u"shard-prune"_s, options);
        for (int day = 0; day < 10; ++day) {
            QCOMPARE(lock.tryAcquire(u"learner"_s, kStart + day * kDay).value(), JobLock::Claim::Run);
            lock.release(u"learner"_s, kStart + day * kDay);
        }
        auto fields = c.command({ QByteArrayLiteral("HLEN"), lock.key(u"learner"_s) });
        QVERIFY2(fields, why(fields));
        QCOMPARE(fields->integer, 4); // days 6 to 9: within three days of the newest
        auto ttl = c.command({ QByteArrayLiteral("PTTL"), lock.key(u"learner"_s) });
        QVERIFY(ttl && ttl->integer > 0 && ttl->integer <= 3 * kDay);
    }

    // Two schedulers on one simulated month, sharing the lock: every daily time runs once.
    void schedulersShareTheLock()
    {
        RedisConnection ca(parseUrl(m_server.url())), cb(parseUrl(m_server.url()));
        RedisJobLock la(ca, u"shard-sched"_s), lb(cb, u"shard-sched"_s);
        orch::SimulatedClock clockA(kStart), clockB(kStart);
        orch::Scheduler a(clockA), b(clockB);
        QList<TimeMs> ranA, ranB, sentinelA, sentinelB;
        a.addJob(u"learner"_s, orch::Schedule::dailyAtUtc(120), [&](TimeMs t) { ranA << t; });
        b.addJob(u"learner"_s, orch::Schedule::dailyAtUtc(120), [&](TimeMs t) { ranB << t; });
        a.addJob(u"sentinel"_s, orch::Schedule::every(6 * orch::kHourMs), [&](TimeMs t) { sentinelA << t; });
        b.addJob(u"sentinel"_s, orch::Schedule::every(6 * orch::kHourMs), [&](TimeMs t) { sentinelB << t; });
        a.setExclusive(u"learner"_s);
        b.setExclusive(u"learner"_s);
        a.setJobLock(&la);
        b.setJobLock(&lb);
        // B runs a little behind A, and now and then ahead.
        for (int hour = 0; hour < 30 * 24; ++hour) {
            clockA.advanceTo(kStart + hour * orch::kHourMs);
            a.runDue();
            clockB.advanceTo(kStart + (hour + (hour % 50 == 0 ? 3 : -1)) * orch::kHourMs);
            b.runDue();
        }
        clockB.advanceTo(clockA.now());
        b.runDue();
        QCOMPARE(ranA.size() + ranB.size(), 30);
        for (TimeMs t : std::as_const(ranA))
            QVERIFY(!ranB.contains(t));
        QCOMPARE(a.job(u"learner"_s)->ranElsewhere, ranB.size());
        QCOMPARE(b.job(u"learner"_s)->ranElsewhere, ranA.size());
        QVERIFY(!ranA.isEmpty() && !ranB.isEmpty());
        // Jobs that are not exclusive run in both.
        QCOMPARE(sentinelA.size(), 30 * 4);
        QCOMPARE(sentinelB.size(), 30 * 4);
    }

    // Redis away: the scheduler runs exclusive jobs without the lock (counted), and a release
    // that could not reach Redis is delivered once it is back.
    void withoutRedis()
    {
        RedisServer server(RedisServer::Options { true, {} }); // the claim survives the kill
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisConnection::Options fast;
        fast.initialBackoff = 10ms;
        fast.maxBackoff = 20ms;
        RedisConnection c(parseUrl(server.url()), fast), peer(parseUrl(server.url()));
        RedisJobLock lock(c, u"shard-down"_s), other(peer, u"shard-down"_s);
        orch::SimulatedClock clock(kStart);
        orch::Scheduler scheduler(clock);
        int runs = 0;
        scheduler.addJob(u"learner"_s, orch::Schedule::dailyAtUtc(120), [&](TimeMs) {
            ++runs;
            if (runs == 1)
                server.kill(); // Redis dies while the job runs: its release has to wait
        });
        scheduler.setExclusive(u"learner"_s);
        scheduler.setJobLock(&lock);
        clock.advanceTo(kStart + 3 * orch::kHourMs);
        scheduler.runDue();
        QCOMPARE(runs, 1);
        QCOMPARE(lock.pendingReleases(), 1);
        clock.advanceTo(kStart + kDay + 3 * orch::kHourMs);
        scheduler.runDue();
        QCOMPARE(runs, 2);
        QCOMPARE(scheduler.job(u"learner"_s)->unlockedRuns, 1);
        QVERIFY2(server.start(), qPrintable(server.error()));
        // The next claim delivers the pending release first: the first day is done.
        QTRY_VERIFY_WITH_TIMEOUT(lock.tryAcquire(u"probe"_s, kStart).ok(), 10000);
        QCOMPARE(lock.pendingReleases(), 0);
        QCOMPARE(other.tryAcquire(u"learner"_s, kStart + 2 * orch::kHourMs).value(),
                 JobLock::Claim::HeldElsewhere);
    }

private:
    RedisServer m_server;
};

QTEST_GUILESS_MAIN(TestRedisJobLock)
#include "tst_redisjoblock.moc"
