// Sharding with three real orchestratord replicas and one real redis-server on loopback
// (docs/sharding.md): every dealer of the simulated fleet is handled by exactly one replica;
// ingest of another shard's dealer is refused with 421; a SIGKILLed replica's shard is taken over
// once its lease has expired (never before), by exactly one survivor, and handed back when a new
// replica K starts (with a fresh data directory: its state comes from Redis); the daily jobs run
// once per shard and scheduled time, across the takeover; the taker of a shard reports (and
// charges on top of) the governance spend the dead replica had charged its dealers, and no
// dealer's month goes above the cap across the replicas. Also the shard options' errors.
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTest>

#include <nlohmann/json.hpp>

#include "../redis/redisserver.h"
#include "client/clienttypes.h"
#include "daemonprocess.h"
#include "net/remoteclient.h"
#include "redis/redisconnection.h"
#include "redis/redisurl.h"
#include "shard/shardmap.h"

using orch::ShardStatus;

namespace {

constexpr int kShards = 3;
constexpr int kDealers = 12;
constexpr int kLeaseMs = 1500;
constexpr int kTimeoutMs = 45000;
const QString kInstance = QStringLiteral("fleet");
constexpr const char* kLearner = "adaptive-weight-learner";
constexpr const char* kController = "rl-controller";
constexpr qint64 kCapMicros = 150000; // SPEC's $0.15 per dealer and month

using Reply = HttpReply;

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* var : { "ORCH_SLACK_WEBHOOK_URL", "ORCH_PAGERDUTY_ROUTING_KEY", "ORCH_REDIS_URL",
                             "ORCH_SHARD", "ORCH_SHARDS", "ORCH_HOSTNAME" })
        env.remove(QString::fromLatin1(var));
    return env;
}

qint64 micros(double dollars)
{
    return std::llround(dollars * 1e6);
}

// month -> dealer -> micro-dollars
using Spend = std::map<QString, std::map<QString, qint64>>;

// (month, replica, rollout, dealer) -> micro-dollars: the governance charges replicas' rollouts made.
using Charges = std::map<std::tuple<QString, int, qint64, QString>, qint64>;

// (job, shard) -> the scheduled times one replica ran.
using Runs = std::map<std::pair<QString, int>, std::set<qint64>>;

Runs runsOf(const ShardStatus& s)
{
    Runs out;
    for (const orch::ShardJobRuns& j : s.jobs)
        out[{ j.job, j.shard }].insert(j.recent.begin(), j.recent.end());
    return out;
}

} // namespace

class TestDaemonShard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusesBadShardOptions_data();
    void refusesBadShardOptions();
    void replicasSplitTheFleetAndTakeOver();

private:
    bool startReplica(DaemonProcess& daemon, const RedisServer& redis, int k);
    std::optional<ShardStatus> shardOf(DaemonProcess& daemon);
    // Which replicas handle each dealer, over the given (live) replicas.
    std::map<QString, QList<int>> owners(const std::vector<std::pair<int, ShardStatus>>& replicas);
    QHash<QByteArray, QByteArray> redisHash(const RedisServer& redis, const QByteArray& key);
    // The spend totals in Redis of the dealers of `shard` (all shards: -1).
    Spend redisSpend(const RedisServer& redis, int shard);
    std::optional<orch::GovernanceOutcomes> outcomes(DaemonProcess& daemon, const QString& month);

    QNetworkAccessManager m_nam;
};

void TestDaemonShard::initTestCase()
{
    QVERIFY2(RedisServer::available(), qPrintable(RedisServer::missingMessage()));
    QVERIFY2(QFileInfo(QStringLiteral(ORCH_BIN_DIR "/orchestratord")).isExecutable(),
             "build the orchestratord target first");
}

void TestDaemonShard::refusesBadShardOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("hostname"); // ORCH_HOSTNAME, when not empty
    QTest::addColumn<QString>("message");
    const QStringList redis { QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:1") };
    QTest::newRow("k = n") << (QStringList { QStringLiteral("--shard"), QStringLiteral("3/3") } + redis)
                           << QString() << "--shard: shard \"3/3\": K must be less than N";
    QTest::newRow("n too big") << (QStringList { QStringLiteral("--shard"), QStringLiteral("0/999") } + redis)
                               << QString() << "N must be 1 to 256";
    QTest::newRow("not k/n") << (QStringList { QStringLiteral("--shard"), QStringLiteral("two") } + redis)
                             << QString() << "expected K/N";
    QTest::newRow("no redis") << QStringList { QStringLiteral("--shard"), QStringLiteral("1/3") } << QString()
                              << "needs --redis";
    QTest::newRow("both") << (QStringList { QStringLiteral("--shard"), QStringLiteral("1/3"),
                                            QStringLiteral("--shards"), QStringLiteral("3") }
                              + redis)
                          << QString() << "give one of them";
    QTest::newRow("shards 0") << (QStringList { QStringLiteral("--shards"), QStringLiteral("0") } + redis)
                              << QStringLiteral("orchestratord-0")
                              << "--shards: expected the number of shards";
    QTest::newRow("no ordinal") << (QStringList { QStringLiteral("--shards"), QStringLiteral("3") } + redis)
                                << QStringLiteral("laptop")
                                << "\"laptop\" does not end in a StatefulSet ordinal";
    QTest::newRow("ordinal too high")
        << (QStringList { QStringLiteral("--shards"), QStringLiteral("3") } + redis)
        << QStringLiteral("orchestratord-3") << "makes this replica 3";
    QTest::newRow("lease alone") << QStringList { QStringLiteral("--shard-lease-ms"), QStringLiteral("1000") }
                                 << QString() << "--shard-lease-ms needs --shard";
    QTest::newRow("lease too short") << (QStringList { QStringLiteral("--shard"), QStringLiteral("0/2"),
                                                       QStringLiteral("--shard-lease-ms"),
                                                       QStringLiteral("10") }
                                         + redis)
                                     << QString() << "--shard-lease-ms: expected an integer from 300";
}

void TestDaemonShard::refusesBadShardOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, hostname);
    QFETCH(QString, message);
    DaemonProcess daemon;
    QProcessEnvironment env = cleanEnvironment();
    if (!hostname.isEmpty())
        env.insert(QStringLiteral("ORCH_HOSTNAME"), hostname);
    daemon.process().setProcessEnvironment(env);
    QCOMPARE(daemon.runExpectingExit(arguments), 2);
    QVERIFY2(daemon.stderrText().contains(message), qPrintable(daemon.stderrText()));
}

bool TestDaemonShard::startReplica(DaemonProcess& daemon, const RedisServer& redis, int k)
{
    QProcessEnvironment env = cleanEnvironment();
    QStringList args { QStringLiteral("--redis"),          redis.url(),
                       QStringLiteral("--instance"),       kInstance,
                       QStringLiteral("--shard-lease-ms"), QString::number(kLeaseMs),
                       QStringLiteral("--simulate"),       QString::number(kDealers),
                       QStringLiteral("--warm-up-days"),   QStringLiteral("1"),
                       QStringLiteral("--sim-tick-ms"),    QStringLiteral("25") };
    if (k == 2) {
        // The StatefulSet way: K from the host name (pod orchestratord-2), N from --shards.
        env.insert(QStringLiteral("ORCH_HOSTNAME"), QStringLiteral("orchestratord-2"));
        args << QStringLiteral("--shards") << QString::number(kShards);
    } else {
        args << QStringLiteral("--shard") << QStringLiteral("%1/%2").arg(k).arg(kShards);
    }
    daemon.process().setProcessEnvironment(env);
    return daemon.start(args);
}

std::optional<ShardStatus> TestDaemonShard::shardOf(DaemonProcess& daemon)
{
    const Reply reply = httpRequest(m_nam, daemon.url(QStringLiteral("/api/v1/shard")));
    if (reply.status != 200)
        return std::nullopt;
    auto parsed = ShardStatus::fromJson(reply.json());
    if (!parsed) {
        qWarning().noquote() << "GET /api/v1/shard:" << parsed.error();
        return std::nullopt;
    }
    return std::move(parsed).value();
}

std::map<QString, QList<int>>
TestDaemonShard::owners(const std::vector<std::pair<int, ShardStatus>>& replicas)
{
    std::map<QString, QList<int>> out;
    for (const auto& [k, status] : replicas)
        for (const QString& dealer : status.dealers.value_or(QStringList()))
            out[dealer].append(k);
    return out;
}

QHash<QByteArray, QByteArray> TestDaemonShard::redisHash(const RedisServer& redis, const QByteArray& key)
{
    QHash<QByteArray, QByteArray> out;
    orch::RedisConnection connection(orch::RedisUrl::parse(redis.url()).value());
    if (!connection.connect())
        return out;
    if (auto reply = connection.command({ QByteArrayLiteral("HGETALL"), key })) {
        for (qsizetype i = 0; i + 1 < qsizetype(reply->elements.size()); i += 2)
            out.insert(reply->elements[std::size_t(i)].string, reply->elements[std::size_t(i + 1)].string);
    }
    return out;
}

Spend TestDaemonShard::redisSpend(const RedisServer& redis, int shard)
{
    Spend out;
    orch::RedisConnection connection(orch::RedisUrl::parse(redis.url()).value());
    if (!connection.connect())
        return out;
    const QByteArray prefix = shard < 0
        ? QByteArray("{orch:" + kInstance.toUtf8() + "-shard-*}:spend:")
        : QStringLiteral("{orch:%1-shard-%2}:spend:").arg(kInstance).arg(shard).toUtf8();
    QByteArray cursor = "0";
    do {
        auto reply = connection.command({ "SCAN", cursor, "MATCH", prefix + '*', "COUNT", "1000" });
        if (!reply || reply->elements.size() != 2)
            return out;
        cursor = reply->elements[0].string;
        for (const orch::RedisReply& key : reply->elements[1].elements) {
            if (key.string.endsWith(":charges"))
                continue;
            const QString month = QString::fromUtf8(key.string.mid(key.string.lastIndexOf(':') + 1));
            for (const auto& [dealer, total] : redisHash(redis, key.string).asKeyValueRange())
                out[month][QString::fromUtf8(dealer)] += total.toLongLong();
        }
    } while (cursor != "0");
    return out;
}

std::optional<orch::GovernanceOutcomes> TestDaemonShard::outcomes(DaemonProcess& daemon, const QString& month)
{
    const Reply reply
        = httpRequest(m_nam, daemon.url(QStringLiteral("/api/v1/governance/outcomes?month=%1").arg(month)));
    if (reply.status != 200) {
        qWarning().noquote() << "GET /api/v1/governance/outcomes:" << reply.status << reply.body;
        return std::nullopt;
    }
    auto parsed = orch::GovernanceOutcomes::fromJson(reply.json());
    if (!parsed) {
        qWarning().noquote() << "GET /api/v1/governance/outcomes:" << parsed.error();
        return std::nullopt;
    }
    return std::move(parsed).value();
}

void TestDaemonShard::replicasSplitTheFleetAndTakeOver()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    QElapsedTimer total;
    total.start();

    std::vector<std::unique_ptr<DaemonProcess>> replicas;
    for (int k = 0; k < kShards; ++k) {
        replicas.push_back(std::make_unique<DaemonProcess>());
        QVERIFY2(startReplica(*replicas.back(), redis, k), qPrintable(replicas.back()->errorText()));
    }
    auto live = [&](std::initializer_list<int> which) {
        std::vector<std::pair<int, ShardStatus>> out;
        for (int k : which) {
            if (auto s = shardOf(*replicas[std::size_t(k)]))
                out.emplace_back(k, std::move(*s));
        }
        return out;
    };
    // Every dealer handled exactly once, and by the replica holding its shard.
    auto everyDealerOnce = [&](const std::vector<std::pair<int, ShardStatus>>& statuses) {
        const auto who = owners(statuses);
        if (int(who.size()) != kDealers)
            return false;
        for (const auto& [dealer, ks] : who) {
            if (ks.size() != 1)
                return false;
            for (const auto& [k, status] : statuses) {
                if (k == ks.front() && !status.holds(orch::shardOf(dealer, kShards)))
                    return false;
            }
        }
        return true;
    };

    // 1. Each replica holds its home shard, and the fleet is split.
    std::vector<std::pair<int, ShardStatus>> statuses;
    QTRY_VERIFY_WITH_TIMEOUT(
        (statuses = live({ 0, 1, 2 })).size() == 3
            && std::all_of(statuses.begin(), statuses.end(),
                           [](const auto& s) { return s.second.held == std::vector<int> { s.first }; })
            && everyDealerOnce(statuses),
        kTimeoutMs);
    for (const auto& [k, s] : statuses) {
        QCOMPARE(s.instance, kInstance);
        QCOMPARE(s.index, k);
        QCOMPARE(s.count, kShards);
        QCOMPARE(s.knownDealers, qint64(kDealers));
        QCOMPARE(s.handledDealers, qint64(s.dealers->size()));
        QCOMPARE(s.leaseMs, qint64(kLeaseMs));
    }
    // The console's client learns which replica it talks to from whoami (without the dealer list),
    // and follows changes of the held shards (below).
    std::vector<std::unique_ptr<orch::RemoteClient>> clients;
    for (int k = 0; k < 2; ++k) {
        orch::RemoteOptions options;
        options.baseUrl = replicas[std::size_t(k)]->url(QString());
        options.statusIntervalMs = 300;
        clients.push_back(std::make_unique<orch::RemoteClient>(options));
        clients.back()->start();
    }
    for (int k = 0; k < 2; ++k) {
        orch::RemoteClient& c = *clients[std::size_t(k)];
        QTRY_VERIFY_WITH_TIMEOUT(c.connectionState() == orch::OrchestratorClient::ConnectionState::Connected
                                     && c.capabilities().shard,
                                 kTimeoutMs);
        QCOMPARE(c.capabilities().shard->assignment(), QStringLiteral("%1/3").arg(k));
        QCOMPARE(c.capabilities().shard->held, std::vector<int> { k });
        QCOMPARE(c.capabilities().shard->instance, kInstance);
        QVERIFY(!c.capabilities().shard->dealers);
    }
    const nlohmann::json who = httpRequest(m_nam, replicas[2]->url(QStringLiteral("/api/v1/whoami"))).json();
    QVERIFY2(who.contains("shard"), who.dump().c_str());
    QCOMPARE(QString::fromStdString(who["shard"].value("shard", std::string())), QStringLiteral("2/3"));
    QVERIFY(!who["shard"].contains("dealers"));
    // A sample of a dealer of shard 1 sent to replica 0: 421, naming the dealer and its shard.
    QString foreign;
    for (const QString& d : *statuses[1].second.dealers)
        foreign = d;
    QVERIFY(!foreign.isEmpty());
    const QByteArray sample
        = QStringLiteral(
              R"([{"dealer":"%1","feature":"schema_coverage","timestamp":"2026-01-01T00:00:00Z","value":0.4}])")
              .arg(foreign)
              .toUtf8();
    const Reply refused = httpRequest(m_nam, replicas[0]->url(QStringLiteral("/api/v1/samples")), sample);
    QCOMPARE(refused.status, 421);
    const nlohmann::json error = refused.json()["error"];
    QCOMPARE(QString::fromStdString(error.value("code", std::string())), QStringLiteral("misdirected"));
    QCOMPARE(QString::fromStdString(error.value("field", std::string())), QStringLiteral("$[0].dealer"));
    const QString message = QString::fromStdString(error.value("message", std::string()));
    QVERIFY2(message.contains(foreign) && message.contains(QStringLiteral("shard 1 of 3")),
             qPrintable(message));

    // The daily jobs ran for every home shard. (Not necessarily only there: a replica that started
    // a lease time before another may have held that one's shard for a moment; the runs stay once
    // per shard and scheduled time, checked below.)
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            statuses = live({ 0, 1, 2 });
            if (statuses.size() != 3)
                return false;
            for (const auto& [k, s] : statuses) {
                const Runs runs = runsOf(s);
                for (const char* job : { kLearner, kController }) {
                    const auto it = runs.find({ QString::fromLatin1(job), k });
                    if (it == runs.end() || it->second.empty())
                        return false;
                }
            }
            return true;
        }(),
        kTimeoutMs);
    const ShardStatus lastOfTwo = statuses[2].second; // what replica 2 had run, as last seen
    // (A replica that started more than a lease before another may have held that one's shard for
    // a moment: count the takeovers and hand-backs from here.)
    std::vector<std::pair<qint64, qint64>> changes;
    for (const auto& [k, s] : statuses)
        changes.emplace_back(s.takeovers, s.handbacks);

    // Governance: replica 2 has charged some of its dealers (in Redis, under shard 2's tag).
    QElapsedTimer waitedForSpend;
    waitedForSpend.start();
    QTRY_VERIFY_WITH_TIMEOUT(!redisSpend(redis, 2).empty(), kTimeoutMs);
    qInfo() << "shard 2's first charge after" << waitedForSpend.elapsed() << "ms more";
    // The charges the given replicas' rollouts made to shard 2's dealers in the months of `spend`.
    auto chargesOf = [&](std::initializer_list<int> which, const Spend& spend) -> std::optional<Charges> {
        Charges out;
        for (int k : which) {
            for (const auto& [month, totals] : spend) {
                const auto o = outcomes(*replicas[std::size_t(k)], month);
                if (!o)
                    return std::nullopt;
                for (const orch::DealerOutcomes& d : o->dealers) {
                    if (orch::shardOf(d.dealer, kShards) != 2)
                        continue;
                    for (const orch::SpendCharge& c : d.charges)
                        out[{ month, k, c.rolloutId, d.dealer }] += micros(c.amount);
                }
            }
        }
        return out;
    };
    auto sameMonths = [](const Spend& a, const Spend& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](const auto& x, const auto& y) { return x.first == y.first; });
    };

    // 2. Replica 2 is SIGKILLed: its lease runs out, then exactly one survivor takes shard 2 over.
    QElapsedTimer sinceKill;
    replicas[2]->process().kill();
    sinceKill.start();
    QVERIFY(replicas[2]->process().waitForFinished(10000)
            || replicas[2]->process().state() == QProcess::NotRunning);
    // Everything charged to shard 2's dealers until now, as Redis has it: replica 2's charges and
    // those a survivor made (one may have held shard 2 for a moment at the start, and a rollout
    // charges its remaining dealers when promoted), read between two identical lists of the
    // survivors' charges so that the two agree.
    Spend deadTotals;
    Charges survivorsAtKill;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const Spend first = redisSpend(redis, 2);
            const auto before = chargesOf({ 0, 1 }, first);
            deadTotals = redisSpend(redis, 2);
            const auto after = chargesOf({ 0, 1 }, deadTotals);
            if (!before || !after || *before != *after || !sameMonths(first, deadTotals))
                return false;
            survivorsAtKill = *after;
            return true;
        }(),
        kTimeoutMs);
    QVERIFY(!deadTotals.empty());
    int taker = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            statuses = live({ 0, 1 });
            if (statuses.size() != 2)
                return false;
            int holders = 0;
            for (const auto& [k, s] : statuses) {
                if (s.holds(2)) {
                    ++holders;
                    taker = k;
                }
            }
            return holders == 1 && everyDealerOnce(statuses);
        }(),
        kTimeoutMs);
    // Not before the lease could have run out: replica 2 renewed it at most a third of a lease
    // before it died.
    QVERIFY2(sinceKill.elapsed() >= kLeaseMs * 2 / 3,
             qPrintable(QStringLiteral("shard 2 taken over %1 ms after the kill").arg(sinceKill.elapsed())));
    const ShardStatus& takerStatus = statuses[taker == statuses[0].first ? 0 : 1].second;
    QCOMPARE(takerStatus.held, (std::vector<int> { taker, 2 }));
    QCOMPARE(takerStatus.takeovers, changes[std::size_t(taker)].first + 1);
    QTRY_COMPARE_WITH_TIMEOUT(clients[std::size_t(taker)]->capabilities().shard->held,
                              (std::vector<int> { taker, 2 }), kTimeoutMs);

    // The taker runs shard 2's daily jobs from then on: once per scheduled time over all replicas.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto s = shardOf(*replicas[std::size_t(taker)]);
            if (!s)
                return false;
            const Runs runs = runsOf(*s);
            const auto it = runs.find({ QString::fromLatin1(kLearner), 2 });
            return it != runs.end() && !it->second.empty();
        }(),
        kTimeoutMs);
    statuses = live({ 0, 1 });
    QCOMPARE(int(statuses.size()), 2);
    std::vector<Runs> all { runsOf(lastOfTwo) };
    for (const auto& [k, s] : statuses)
        all.push_back(runsOf(s));
    for (const char* job : { kLearner, kController }) {
        for (int shard = 0; shard < kShards; ++shard) {
            const std::pair<QString, int> key { QString::fromLatin1(job), shard };
            std::map<qint64, int> times;
            for (const Runs& r : all) {
                if (const auto it = r.find(key); it != r.end())
                    for (qint64 t : it->second)
                        ++times[t];
            }
            QVERIFY2(!times.empty(),
                     qPrintable(QStringLiteral("%1 never ran for shard %2").arg(key.first).arg(shard)));
            for (const auto& [t, n] : times)
                QVERIFY2(n == 1,
                         qPrintable(QStringLiteral("%1 ran %2 times for shard %3 at %4")
                                        .arg(key.first)
                                        .arg(n)
                                        .arg(shard)
                                        .arg(orch::formatIso(t))));
            // Redis has the claim of each of them, done.
            const auto claims = redisHash(redis,
                                          QStringLiteral("{orch:%1-shard-%2}:lock:%3")
                                              .arg(kInstance)
                                              .arg(shard)
                                              .arg(key.first)
                                              .toUtf8());
            for (const auto& [t, n] : times) {
                const QByteArray claim = claims.value(QByteArray::number(t));
                QVERIFY2(claim.startsWith("done ") || claim.startsWith("running "),
                         qPrintable(QStringLiteral("%1, shard %2, %3: claim \"%4\"")
                                        .arg(key.first)
                                        .arg(shard)
                                        .arg(orch::formatIso(t), QString::fromUtf8(claim))));
            }
        }
    }

    // The taker reports shard 2's dealers' spend as what Redis had at the kill plus what the
    // survivors (the taker above all) charged them since: nothing lost, nothing counted twice.
    DaemonProcess& takerDaemon = *replicas[std::size_t(taker)];
    const int other = 1 - taker;
    QStringList problems;
    int dealersChecked = 0;
    qint64 takenOverMicros = 0;
    qint64 chargedSinceMicros = 0;
    auto reportIsExact = [&] {
        problems.clear();
        dealersChecked = 0;
        takenOverMicros = chargedSinceMicros = 0;
        Spend months = deadTotals;
        for (const auto& [month, totals] : redisSpend(redis, 2))
            months[month]; // and the months charged since
        const auto otherBefore = chargesOf({ other }, months);
        std::map<QString, orch::GovernanceOutcomes> report;
        for (const auto& [month, unused] : months) {
            auto o = outcomes(takerDaemon, month);
            if (!o)
                return false;
            // Until the taker has stored samples of each dealer charged (its report lists those).
            if (const auto m = deadTotals.find(month); m != deadTotals.end()) {
                for (const auto& [dealer, total] : m->second) {
                    if (std::none_of(o->dealers.begin(), o->dealers.end(),
                                     [&](const orch::DealerOutcomes& d) { return d.dealer == dealer; }))
                        return false;
                }
            }
            report[month] = std::move(*o);
        }
        const auto otherAfter = chargesOf({ other }, months);
        if (!otherBefore || !otherAfter || *otherBefore != *otherAfter)
            return false;
        for (const auto& [month, o] : report) {
            for (const orch::DealerOutcomes& d : o.dealers) {
                if (orch::shardOf(d.dealer, kShards) != 2)
                    continue;
                qint64 atKill = 0;
                if (const auto m = deadTotals.find(month); m != deadTotals.end())
                    if (const auto it = m->second.find(d.dealer); it != m->second.end())
                        atKill = it->second;
                // The survivors' charges now (the taker's from this very report) minus at the kill.
                qint64 since = 0;
                for (const orch::SpendCharge& c : d.charges)
                    since += micros(c.amount);
                for (const auto& [key, amount] : *otherAfter)
                    if (std::get<0>(key) == month && std::get<3>(key) == d.dealer)
                        since += amount;
                for (const auto& [key, amount] : survivorsAtKill)
                    if (std::get<0>(key) == month && std::get<3>(key) == d.dealer)
                        since -= amount;
                if (micros(d.spent) != atKill + since || micros(d.spent) > kCapMicros)
                    problems << QStringLiteral(
                                    "%1 in %2: the taker reports %3 micro-dollars; Redis had %4 at "
                                    "the kill and the survivors charged %5 since")
                                    .arg(d.dealer, month)
                                    .arg(micros(d.spent))
                                    .arg(atKill)
                                    .arg(since);
                ++dealersChecked;
                takenOverMicros += atKill;
                chargedSinceMicros += since;
            }
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(reportIsExact(), kTimeoutMs);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(takenOverMicros > 0);
    qInfo() << "the taker reports" << dealersChecked << "dealer-months of shard 2:" << takenOverMicros
            << "micro-dollars charged before the takeover," << chargedSinceMicros << "since";

    // 3. A new replica 2 (a fresh data directory, like a rescheduled pod): the taker hands shard 2
    //    back, and the new replica continues shard 2's simulation from its state in Redis.
    const Spend beforeReturn = redisSpend(redis, 2);
    replicas[2] = std::make_unique<DaemonProcess>();
    QVERIFY2(startReplica(*replicas[2], redis, 2), qPrintable(replicas[2]->errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(
        (statuses = live({ 0, 1, 2 })).size() == 3
            && std::all_of(statuses.begin(), statuses.end(),
                           [](const auto& s) { return s.second.held == std::vector<int> { s.first }; })
            && everyDealerOnce(statuses),
        kTimeoutMs);
    QCOMPARE(statuses[std::size_t(taker)].second.handbacks, changes[std::size_t(taker)].second + 1);
    QVERIFY2(replicas[2]->stderrText().contains(QStringLiteral("continuing the simulation")),
             qPrintable(replicas[2]->stderrText()));
    // Its SQLite ledger is empty; it reports its dealers' spend from Redis: at least what the others
    // had charged them (a month's total only grows).
    for (const auto& [month, totals] : beforeReturn) {
        std::optional<orch::GovernanceOutcomes> o;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                o = outcomes(*replicas[2], month);
                if (!o)
                    return false;
                for (const auto& [dealer, total] : totals) {
                    if (std::none_of(o->dealers.begin(), o->dealers.end(),
                                     [&](const orch::DealerOutcomes& d) { return d.dealer == dealer; }))
                        return false;
                }
                return true;
            }(),
            kTimeoutMs);
        for (const orch::DealerOutcomes& d : o->dealers) {
            const auto it = totals.find(d.dealer);
            if (it != totals.end())
                QVERIFY2(micros(d.spent) >= it->second,
                         qPrintable(QStringLiteral("%1 in %2: %3 < %4")
                                        .arg(d.dealer, month)
                                        .arg(micros(d.spent))
                                        .arg(it->second)));
        }
    }

    // A clean stop hands the shard over at once (no lease to wait for).
    QCOMPARE(replicas[1]->terminate(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            statuses = live({ 0, 2 });
            int holders = 0;
            for (const auto& [k, s] : statuses)
                holders += s.holds(1) ? 1 : 0;
            return statuses.size() == 2 && holders == 1 && everyDealerOnce(statuses);
        }(),
        kTimeoutMs);
    // No dealer's month above the cap, over all the replicas' charges.
    const Spend fleet = redisSpend(redis, -1);
    QVERIFY(!fleet.empty());
    for (const auto& [month, totals] : fleet) {
        for (const auto& [dealer, spent] : totals)
            QVERIFY2(spent >= 0 && spent <= kCapMicros,
                     qPrintable(QStringLiteral("%1 in %2: %3 micro-dollars").arg(dealer, month).arg(spent)));
    }
    qInfo() << "sharding scenario took" << total.elapsed() << "ms";
}

QTEST_GUILESS_MAIN(TestDaemonShard)
#include "tst_daemonshard.moc"
