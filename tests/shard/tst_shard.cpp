// Shard assignment and ownership: every dealer in exactly one shard, an even-enough split, the
// K/N and StatefulSet host-name forms, and leases in a real redis-server: three replicas own one
// shard each, a dead replica's shard is taken over once its lease expires (never before), and
// handed back when the replica returns.
#include <limits>
#include <set>

#include <QTemporaryDir>
#include <QTest>

#include "redis/redisconnection.h"
#include "redis/redisurl.h"
#include "redisserver.h"
#include "shard/shardcoordinator.h"
#include "shard/shardmap.h"
#include "sim/fleetrunner.h"

using namespace orch;
using namespace std::chrono_literals;

class TestShard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void fromHostname();
    void splitIsStableAndEven();
    void leases();
    void sessionHandlesItsShardOnly();
};

void TestShard::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("error");
    QTest::newRow("first") << "0/3" << 0 << 3 << "";
    QTest::newRow("last") << "2/3" << 2 << 3 << "";
    QTest::newRow("single") << " 0/1 " << 0 << 1 << "";
    QTest::newRow("k = n") << "3/3" << 0 << 0 << "K must be less than N";
    QTest::newRow("n = 0") << "0/0" << 0 << 0 << "N must be 1 to 256";
    QTest::newRow("too many") << "0/999" << 0 << 0 << "N must be 1 to 256";
    QTest::newRow("negative") << "-1/3" << 0 << 0 << "expected K/N";
    QTest::newRow("words") << "one of three" << 0 << 0 << "expected K/N";
    QTest::newRow("empty") << "" << 0 << 0 << "expected K/N";
}

void TestShard::parse()
{
    QFETCH(QString, text);
    QFETCH(int, index);
    QFETCH(int, count);
    QFETCH(QString, error);
    const auto a = ShardAssignment::parse(text);
    if (error.isEmpty()) {
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QCOMPARE(a->index, index);
        QCOMPARE(a->count, count);
        QCOMPARE(ShardAssignment::parse(a->toString())->index, index);
    } else {
        QVERIFY(!a.ok());
        QVERIFY2(a.error().contains(error), qPrintable(a.error()));
        QVERIFY2(a.error().contains(text.trimmed()) || text.isEmpty(), qPrintable(a.error()));
    }
}

void TestShard::fromHostname()
{
    QCOMPARE(ShardAssignment::fromHostname(QStringLiteral("orchestratord-2"), 3)->index, 2);
    QCOMPARE(ShardAssignment::fromHostname(QStringLiteral("orchestratord-0.orchestratord.dealershipai.svc"), 3)->index,
             0);
    const auto tooHigh = ShardAssignment::fromHostname(QStringLiteral("orchestratord-3"), 3);
    QVERIFY(!tooHigh.ok());
    QVERIFY2(tooHigh.error().contains(QStringLiteral("K must be less than N")), qPrintable(tooHigh.error()));
    const auto none = ShardAssignment::fromHostname(QStringLiteral("laptop"), 3);
    QVERIFY(!none.ok());
    QVERIFY2(none.error().contains(QStringLiteral("\"laptop\"")), qPrintable(none.error()));
}

void TestShard::splitIsStableAndEven()
{
    constexpr int kDealers = 3000;
    constexpr int kShards = 3;
    std::vector<int> counts(kShards, 0);
    for (int d = 0; d < kDealers; ++d) {
        const QString dealer = QStringLiteral("D%1").arg(d, 4, 10, QLatin1Char('0'));
        const int s = shardOf(dealer, kShards);
        QVERIFY(s >= 0 && s < kShards);
        QCOMPARE(shardOf(dealer, kShards), s); // the same every time
        ++counts[std::size_t(s)];
    }
    for (int c : counts)
        QVERIFY2(c > kDealers / kShards * 8 / 10 && c < kDealers / kShards * 12 / 10,
                 qPrintable(QStringLiteral("uneven split: %1 %2 %3").arg(counts[0]).arg(counts[1]).arg(counts[2])));
    // Known values: the split must not change between versions (replicas of different versions
    // would disagree on who owns what during a rolling update).
    QCOMPARE(shardOf(u"D0001", 1), 0);
    const int d1 = shardOf(u"D0001", 3);
    QCOMPARE(shardOf(QStringLiteral("D0001"), 3), d1);
    // The values docs/sharding.md's client-side routing snippet gives.
    const std::vector<int> expected { 1, 2, 0, 0, 2, 1, 2, 2, 1, 2, 1, 2 }; // D0001..D0012, N = 3
    for (int d = 1; d <= 12; ++d)
        QCOMPARE(shardOf(QStringLiteral("D%1").arg(d, 4, 10, QLatin1Char('0')), 3), expected[std::size_t(d - 1)]);
}

void TestShard::leases()
{
    if (!RedisServer::available())
        QFAIL(qPrintable(RedisServer::missingMessage()));
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    const auto url = RedisUrl::parse(redis.url());
    QVERIFY2(url.ok(), qPrintable(url.error()));

    constexpr int kShards = 3;
    const auto lease = 600ms;
    std::vector<std::unique_ptr<RedisConnection>> connections;
    std::vector<std::unique_ptr<ShardCoordinator>> replicas;
    auto makeReplica = [&](int k) {
        connections.push_back(std::make_unique<RedisConnection>(*url));
        return std::make_unique<ShardCoordinator>(
            *connections.back(), ShardCoordinator::Settings { ShardAssignment { k, kShards }, QStringLiteral("test"), lease });
    };
    for (int k = 0; k < kShards; ++k)
        replicas.push_back(makeReplica(k));
    auto round = [&] {
        for (auto& r : replicas)
            if (r) {
                auto changed = r->maintain();
                QVERIFY2(changed.ok(), qPrintable(changed.error()));
            }
    };
    // Every shard is owned exactly once.
    auto ownersOf = [&](int shard) {
        int owners = 0;
        for (auto& r : replicas)
            if (r && r->ownsShard(shard))
                ++owners;
        return owners;
    };
    round();
    for (int k = 0; k < kShards; ++k) {
        QCOMPARE(replicas[std::size_t(k)]->ownedShards(), std::vector<int> { k });
        QCOMPARE(ownersOf(k), 1);
    }
    // Every dealer owned by exactly one replica.
    for (int d = 0; d < 300; ++d) {
        const QString dealer = QStringLiteral("D%1").arg(d, 4, 10, QLatin1Char('0'));
        int owners = 0;
        for (auto& r : replicas)
            owners += r->owns(dealer) ? 1 : 0;
        QCOMPARE(owners, 1);
    }

    // Replica 1 dies without releasing anything (a SIGKILL): nobody takes its shard before the
    // lease has run out...
    replicas[1].reset();
    round();
    QCOMPARE(ownersOf(1), 0);
    // ...and exactly one replica has it once it has.
    QTest::qWait(int(lease.count()) + 200);
    round();
    round();
    QCOMPARE(ownersOf(1), 1);
    QCOMPARE(ownersOf(0), 1);
    QCOMPARE(ownersOf(2), 1);

    // Replica 1 returns: the taker hands the shard back, then replica 1 acquires it.
    replicas[1] = makeReplica(1);
    for (int i = 0; i < 3; ++i)
        round();
    QCOMPARE(replicas[1]->ownedShards(), std::vector<int> { 1 });
    for (int k = 0; k < kShards; ++k)
        QCOMPARE(ownersOf(k), 1);

    // A clean shutdown releases at once: the shard is taken over in the next round.
    replicas[2]->releaseAll();
    replicas[2].reset();
    round();
    QCOMPARE(ownersOf(2), 1);

    // Redis gone: a replica keeps only what its lease still proves, then nothing.
    redis.kill();
    auto failed = replicas[0]->maintain();
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().contains(QStringLiteral("shard leases")), qPrintable(failed.error()));
    QTest::qWait(int(lease.count()) + 100);
    // Its lease ran out: it owns nothing from then on, even before its next round.
    QVERIFY(replicas[0]->ownedShards().empty());
    QVERIFY(!replicas[0]->owns(QStringLiteral("D0001")));
    (void)replicas[0]->maintain();
    QVERIFY(replicas[0]->ownedShards().empty());
}

void TestShard::sessionHandlesItsShardOnly()
{
    // The engine side of sharding without Redis: the simulated fleet filtered to shard 0 of 3
    // reports only that shard's dealers; the orchestrator refuses samples of the others, and the
    // learner's observations and the RLController's decisions cover shard 0 only.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FleetSimulator::Options fleet;
    fleet.dealers = 12;
    fleet.start = 1767225600000; // 2026-01-01T00:00:00Z
    auto session = FleetSession::open(dir.path(), QString(), fleet);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    FleetSession& s = *session.value();
    s.setDealerFilter([](const QString& dealer) { return shardOf(dealer, 3) == 0; });
    QStringList mine;
    for (const QString& d : s.simulator().dealers())
        if (shardOf(d, 3) == 0)
            mine << d;
    QVERIFY(!mine.isEmpty() && mine.size() < 12);
    QVERIFY2(s.run(96 * 2).ok(), "two simulated days");
    QStringList seen = s.orchestrator().dealers();
    seen.sort();
    QCOMPARE(seen, mine);
    QCOMPARE(s.orchestrator().handledDealers(), seen);
    // The learner's observations: one per handled dealer per day.
    QCOMPARE(qsizetype(s.observations(fleet.start, fleet.start + kDayMs).size()), mine.size());
    // Decisions only for handled dealers.
    auto decisions = s.store().decisions(0, 0, std::numeric_limits<TimeMs>::max(), 100000);
    QVERIFY2(decisions.ok(), qPrintable(decisions.error()));
    for (const DecisionRecord& d : *decisions)
        QVERIFY2(mine.contains(d.dealer), qPrintable(d.dealer));
    // A sample of another shard's dealer is refused, and nothing of it stored.
    QString foreign;
    for (const QString& d : s.simulator().dealers())
        if (shardOf(d, 3) != 0)
            foreign = d;
    const Sample sample { foreign, FleetSimulator::features().first(), s.clock().now() + 1, 1.0 };
    const auto refused = s.orchestrator().ingest(std::span<const Sample>(&sample, 1));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(foreign) && refused.error().contains(QStringLiteral("nothing was stored")),
             qPrintable(refused.error()));
    // Taking shard 1 over: its dealers report from the next tick on.
    s.setDealerFilter([](const QString& dealer) { return shardOf(dealer, 3) <= 1; });
    QVERIFY(s.run(4).ok());
    for (const QString& d : s.orchestrator().dealers())
        QVERIFY(shardOf(d, 3) <= 1);
    QVERIFY(s.orchestrator().dealers().size() > mine.size());
}

QTEST_GUILESS_MAIN(TestShard)
#include "tst_shard.moc"
