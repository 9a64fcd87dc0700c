// orchestratord with --redis against a real redis-server of the test's own (tests/redis'
// RedisServer: a free loopback port, append-only file in a temporary directory): the component
// state lives in Redis and survives a restart of the daemon; a Redis killed and restarted during
// a simulation loses no update; two daemons on one Redis run each daily job once.
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "../redis/redisserver.h"
#include "audit/auditlog.h"
#include "daemonprocess.h"
#include "redis/redisconnection.h"
#include "redis/redisurl.h"

namespace {

using Reply = HttpReply;

QString runs(const char* job, const char* where)
{
    return QStringLiteral("orchestrator_job_runs_total{job=\"%1\",where=\"%2\"}")
        .arg(QLatin1String(job), QLatin1String(where));
}

constexpr const char* kLearner = "adaptive-weight-learner";
constexpr const char* kController = "rl-controller";

// The daemon's journal (queue + cache) read directly: what it last wrote of every key, and what
// it has not delivered yet.
struct Journal
{
    QHash<QString, QByteArray> cache;
    qint64 queued = -1;
};

Journal readJournal(const QString& dataDir)
{
    Journal j;
    const QString name = QStringLiteral("journal-%1").arg(QDateTime::currentMSecsSinceEpoch());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("redis-journal-default.db")));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT key, value FROM cache"))) {
                while (q.next())
                    j.cache.insert(q.value(0).toString(), q.value(1).toByteArray());
            }
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM queue")) && q.next())
                j.queued = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return j;
}

} // namespace

class TestDaemonRedis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stateSurvivesDaemonRestart();
    void redisRestartLosesNoUpdate();
    void twoDaemonsRunEachJobOnce();
    void refusedPasswordStopsStart();

private:
    bool startDaemon(DaemonProcess& daemon, const RedisServer& redis, QStringList extra);
    std::optional<QByteArray> redisGet(const RedisServer& redis, const QByteArray& key);
    QByteArrayList redisKeys(const RedisServer& redis);

    QNetworkAccessManager m_nam;
};

void TestDaemonRedis::initTestCase()
{
    QVERIFY2(RedisServer::available(), qPrintable(RedisServer::missingMessage()));
    QVERIFY2(QFileInfo(QStringLiteral(ORCH_BIN_DIR "/orchestratord")).isExecutable(),
             "build the orchestratord target first");
}

bool TestDaemonRedis::startDaemon(DaemonProcess& daemon, const RedisServer& redis, QStringList extra)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* var : { "ORCH_SLACK_WEBHOOK_URL", "ORCH_PAGERDUTY_ROUTING_KEY", "ORCH_REDIS_URL" })
        env.remove(QString::fromLatin1(var));
    daemon.process().setProcessEnvironment(env);
    extra << QStringLiteral("--redis") << redis.url();
    return daemon.start(extra);
}

std::optional<QByteArray> TestDaemonRedis::redisGet(const RedisServer& redis, const QByteArray& key)
{
    orch::RedisConnection connection(orch::RedisUrl::parse(redis.url()).value());
    if (!connection.connect())
        return std::nullopt;
    auto reply = connection.command({ QByteArrayLiteral("GET"), key });
    if (!reply || reply->isNil())
        return std::nullopt;
    return reply->string;
}

QByteArrayList TestDaemonRedis::redisKeys(const RedisServer& redis)
{
    orch::RedisConnection connection(orch::RedisUrl::parse(redis.url()).value());
    QByteArrayList keys;
    if (!connection.connect())
        return keys;
    if (auto reply = connection.command({ QByteArrayLiteral("KEYS"), QByteArrayLiteral("*") })) {
        for (const auto& e : reply->elements)
            keys << e.string;
    }
    return keys;
}

void TestDaemonRedis::stateSurvivesDaemonRestart()
{
    RedisServer redis(RedisServer::Options { true, {} });
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    const QByteArray rlKey = "{orch:default}:state:rl-controller";
    const QByteArray progressKey = "{orch:default}:state:simulation";

    // A: simulates, accelerated, until the RLController has learnt from some outcomes.
    DaemonProcess a;
    QVERIFY2(
        startDaemon(a, redis,
                    { QStringLiteral("--simulate"), QStringLiteral("5"), QStringLiteral("--warm-up-days"),
                      QStringLiteral("9"), QStringLiteral("--sim-tick-ms"), QStringLiteral("10") }),
        qPrintable(a.errorText()));
    const auto rlConfidence = [&](DaemonProcess& d) -> std::optional<double> {
        const auto status = httpRequest(m_nam, d.url(QStringLiteral("/api/orchestrator/status"))).json();
        for (const auto& c : status.value("components", nlohmann::json::array())) {
            if (c.value("name", std::string()) == kController && c.contains("confidence"))
                return c["confidence"].get<double>();
        }
        return std::nullopt;
    };
    // Past the warm-up and a day ahead of the real time (B, below, then has nothing to catch up).
    const double dayAhead = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 + 86400;
    QTRY_VERIFY_WITH_TIMEOUT(scrapeMetrics(m_nam, a).value(QStringLiteral("orchestrator_clock_timestamp_seconds"))
                                     > dayAhead
                                 && rlConfidence(a).has_value() && redisGet(redis, rlKey).has_value(),
                             90000);
    QTRY_COMPARE_WITH_TIMEOUT(scrapeMetrics(m_nam, a).value(QStringLiteral("orchestrator_redis_connected")), 1.0,
                              10000);
    QCOMPARE(a.terminate(), 0);

    const auto rl = redisGet(redis, rlKey);
    const auto progress = redisGet(redis, progressKey);
    QVERIFY(rl && progress);
    QVERIFY(nlohmann::json::parse(rl->toStdString())["values"].is_object());
    const std::string next = nlohmann::json::parse(progress->toStdString())["next"].get<std::string>();
    // Every key the daemon wrote carries the instance's hash tag (one Redis Cluster slot).
    const QByteArrayList keys = redisKeys(redis);
    QVERIFY(keys.size() >= 3);
    for (const QByteArray& key : keys)
        QVERIFY2(key.startsWith("{orch:default}:"), key.constData());

    // B: a fresh data directory (no SQLite, no journal) on the same Redis continues where A
    // stopped: the simulation's progress and the RLController's learning come from Redis.
    DaemonProcess b;
    QVERIFY2(startDaemon(b, redis,
                         { QStringLiteral("--simulate"), QStringLiteral("5"),
                           QStringLiteral("--warm-up-days"), QStringLiteral("9") }),
             qPrintable(b.errorText()));
    const QString clock = QStringLiteral("orchestrator_clock_timestamp_seconds");
    const auto resumedAt = QDateTime::fromString(QString::fromStdString(next), Qt::ISODateWithMs);
    QVERIFY(resumedAt.isValid());
    QCOMPARE(qint64(scrapeMetrics(m_nam, b).value(clock)), resumedAt.toSecsSinceEpoch());
    QVERIFY2(rlConfidence(b).has_value(), "the RLController started without its learnt values");
    QCOMPARE(b.terminate(), 0);
    // What B read is in its journal's cache (which B holds exclusively while it runs), byte for
    // byte what A left in Redis.
    QCOMPARE(readJournal(b.dataDir()).cache.value(QStringLiteral("rl-controller")), *rl);

    // Without Redis the same fresh start knows nothing of it.
    DaemonProcess c;
    QVERIFY2(c.start({ QStringLiteral("--simulate"), QStringLiteral("5"), QStringLiteral("--warm-up-days"),
                       QStringLiteral("0") }),
             qPrintable(c.errorText()));
    QVERIFY(qint64(scrapeMetrics(m_nam, c).value(clock)) < resumedAt.toSecsSinceEpoch());
    QVERIFY(!rlConfidence(c).has_value());
    QCOMPARE(c.terminate(), 0);
}

void TestDaemonRedis::redisRestartLosesNoUpdate()
{
    RedisServer redis(RedisServer::Options { true, {} });
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    DaemonProcess daemon;
    QVERIFY2(
        startDaemon(daemon, redis,
                    { QStringLiteral("--simulate"), QStringLiteral("5"), QStringLiteral("--warm-up-days"),
                      QStringLiteral("8"), QStringLiteral("--sim-tick-ms"), QStringLiteral("10") }),
        qPrintable(daemon.errorText()));
    const double startedAt = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    const auto metric = [&](const QString& name) { return scrapeMetrics(m_nam, daemon).value(name, -1); };
    // Live and accelerated: the engine clock is past the real one.
    QTRY_VERIFY_WITH_TIMEOUT(
        metric(QStringLiteral("orchestrator_clock_timestamp_seconds")) > startedAt + 3600, 90000);
    QCOMPARE(metric(QStringLiteral("orchestrator_redis_connected")), 1.0);

    // Redis dies: the daemon keeps simulating and queues its state writes.
    redis.kill();
    const double clockAtKill = metric(QStringLiteral("orchestrator_clock_timestamp_seconds"));
    QTRY_COMPARE_WITH_TIMEOUT(metric(QStringLiteral("orchestrator_redis_connected")), 0.0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(metric(QStringLiteral("orchestrator_redis_queued_writes")) >= 3
                                 && metric(QStringLiteral("orchestrator_clock_timestamp_seconds"))
                                     > clockAtKill + 2 * 86400,
                             60000);
    // The daily jobs ran without their lock rather than not at all.
    QVERIFY(
        metric(
            QStringLiteral("orchestrator_job_unlocked_runs_total{job=\"%1\"}").arg(QLatin1String(kLearner)))
        >= 1);

    // Redis is back (its append-only file intact): the queue is delivered, in order.
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    QTRY_VERIFY_WITH_TIMEOUT(metric(QStringLiteral("orchestrator_redis_connected")) == 1.0
                                 && metric(QStringLiteral("orchestrator_redis_queued_writes")) == 0,
                             30000);
    qInfo() << "replayed" << metric(QStringLiteral("orchestrator_redis_replayed_writes_total"))
            << "queued writes after the outage; failed connects"
            << metric(QStringLiteral("orchestrator_redis_failed_connects_total"));
    QVERIFY(metric(QStringLiteral("orchestrator_redis_replayed_writes_total")) >= 3);
    QVERIFY(metric(QStringLiteral("orchestrator_redis_failed_connects_total")) >= 1);
    QCOMPARE(daemon.terminate(), 0);

    // Every write reached Redis: the last value of every key the daemon wrote (its journal's
    // write-through cache) is what Redis holds, and nothing is left queued.
    const Journal journal = readJournal(daemon.dataDir());
    QCOMPARE(journal.queued, 0);
    for (const char* key : { "rl-controller", "simulation" })
        QVERIFY2(journal.cache.contains(QString::fromLatin1(key)), key);
    for (auto it = journal.cache.begin(); it != journal.cache.end(); ++it) {
        const auto inRedis = redisGet(redis, "{orch:default}:state:" + it.key().toUtf8());
        QVERIFY2(inRedis.has_value(), qPrintable(it.key()));
        QVERIFY2(*inRedis == it.value(), qPrintable(it.key() + QStringLiteral(" differs in Redis")));
    }
}

void TestDaemonRedis::twoDaemonsRunEachJobOnce()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    // Two replicas of one instance on one Redis, each simulating the same fleet up to the real
    // time, then idling on the real clock. They share the simulation's progress too: the one that
    // opens second continues from what the first had saved by then, so its days are a tail of
    // the first one's.
    // Each keeps its own audit trail: the RLController's shared state names records of the trail
    // of the replica that wrote it, which the other one records as a foreign cause (checked below).
    const QStringList args { QStringLiteral("--simulate"), QStringLiteral("3"), QStringLiteral("--warm-up-days"),
                             QStringLiteral("9") };
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    DaemonProcess a, b;
    QVERIFY2(startDaemon(a, redis, args), qPrintable(a.errorText()));
    QVERIFY2(startDaemon(b, redis, args), qPrintable(b.errorText()));
    // A daily time between the two starts would be seen by one of them only.
    const qint64 wallAfter = QDateTime::currentMSecsSinceEpoch();
    const auto slotsBetween = [&](int minuteOfDay) {
        const qint64 offset = qint64(minuteOfDay) * 60000;
        return (wallAfter - offset) / 86400000 != (wall - offset) / 86400000;
    };
    if (slotsBetween(2 * 60) || slotsBetween(3 * 60))
        QSKIP("started across 02:00Z or 03:00Z");

    // Both warmed up: their engine clocks reached the real time.
    const double now = double(wallAfter) / 1000.0 - 900;
    const auto clockOf = [&](DaemonProcess& d) {
        return scrapeMetrics(m_nam, d).value(QStringLiteral("orchestrator_clock_timestamp_seconds"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(clockOf(a) > now && clockOf(b) > now, 90000);
    const auto ma = scrapeMetrics(m_nam, a);
    const auto mb = scrapeMetrics(m_nam, b);
    for (const char* job : { kLearner, kController }) {
        const double hereA = ma.value(runs(job, "here")), hereB = mb.value(runs(job, "here"));
        const double elsewhereA = ma.value(runs(job, "elsewhere")),
                     elsewhereB = mb.value(runs(job, "elsewhere"));
        const QString counts = QStringLiteral("%1: A ran %2 (skipped %3), B ran %4 (skipped %5)")
                                   .arg(QLatin1String(job))
                                   .arg(hereA)
                                   .arg(elsewhereA)
                                   .arg(hereB)
                                   .arg(elsewhereB);
        qInfo().noquote() << counts;
        // A went through nine days (nine scheduled times), B through the last of them: every time
        // B saw ran in exactly one of them, the others in A.
        QVERIFY2(hereA + elsewhereA >= 8, qPrintable(counts));
        QVERIFY2(hereB + elsewhereB <= hereA + elsewhereA, qPrintable(counts));
        QVERIFY2(hereB == elsewhereA, qPrintable(counts));
        QVERIFY2(hereA == (hereA + elsewhereA - (hereB + elsewhereB)) + elsewhereB, qPrintable(counts));
        QCOMPARE(
            ma.value(
                QStringLiteral("orchestrator_job_unlocked_runs_total{job=\"%1\"}").arg(QLatin1String(job))),
            0.0);
        QCOMPARE(
            mb.value(
                QStringLiteral("orchestrator_job_unlocked_runs_total{job=\"%1\"}").arg(QLatin1String(job))),
            0.0);
    }
    // DriftSentinel watches each replica's own samples: both run it.
    QVERIFY(ma.value(runs("drift-sentinel", "here")) > 0 && mb.value(runs("drift-sentinel", "here")) > 0);
    // The lock keys are hash-tagged too: one hash per job, a field per scheduled time that ran.
    orch::RedisConnection connection(orch::RedisUrl::parse(redis.url()).value());
    QVERIFY(connection.connect());
    auto lock = connection.command(
        { QByteArrayLiteral("HGETALL"), QByteArrayLiteral("{orch:default}:lock:adaptive-weight-learner") });
    QVERIFY2(lock, qPrintable(lock.error()));
    QVERIFY(lock->elements.size() >= 16);
    for (std::size_t i = 0; i + 1 < lock->elements.size(); i += 2) {
        bool number = false;
        lock->elements[i].string.toLongLong(&number);
        QVERIFY2(number, lock->elements[i].string.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("^done \\S+:\\d+:[0-9a-f]+$"))
                     .match(QString::fromUtf8(lock->elements[i + 1].string))
                     .hasMatch(),
                 lock->elements[i + 1].string.constData());
    }
    QCOMPARE(a.terminate(), 0);
    QCOMPARE(b.terminate(), 0);
    // Both trails are whole: a cause written by the other replica did not break either chain.
    for (DaemonProcess* d : { &a, &b }) {
        const auto report = orch::audit::verify(d->dataDir());
        QVERIFY2(report, qPrintable(report.error()));
        QVERIFY2(report->ok, qPrintable(report->reason));
        QVERIFY(report->records > 0);
    }
}

void TestDaemonRedis::refusedPasswordStopsStart()
{
    RedisServer redis(RedisServer::Options { false, QStringLiteral("rightPassw0rd") });
    QVERIFY2(redis.start(), qPrintable(redis.error()));
    DaemonProcess daemon;
    const QString url = QStringLiteral("redis://:wrongPassw0rd@127.0.0.1:%1/0").arg(redis.port());
    QCOMPARE(daemon.runExpectingExit({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                       QStringLiteral("--data-dir"), daemon.dataDir(),
                                       QStringLiteral("--redis"), url }),
             1);
    const QString text = daemon.stderrText();
    QVERIFY2(text.contains(QStringLiteral("--redis")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("wrongPassw0rd")), qPrintable(text));
    // An unreachable Redis is not a reason to refuse: the daemon starts and queues.
    DaemonProcess unreachable;
    redis.kill();
    QVERIFY2(startDaemon(unreachable, redis, {}), qPrintable(unreachable.errorText()));
    QCOMPARE(scrapeMetrics(m_nam, unreachable).value(QStringLiteral("orchestrator_redis_connected"), -1), 0.0);
    QCOMPARE(unreachable.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestDaemonRedis)
#include "tst_daemonredis.moc"
