// orchestratord's telemetry end to end (docs/metrics-store.md): the real daemon simulating a fleet
// (--simulate, on the simulated clock) writes drift detections, rewards, spend and component runs
// as hourly partitions under the spec's prefix — in the data directory by default, and into an
// S3-compatible store (s3rver behind a Signature V4 check, on loopback) when one is configured.
// A store that is down never stops the engine: the failures show in /metrics, the parts wait in
// the spool, and arrive once the store is back.
#include <set>

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTest>

#include <nlohmann/json.hpp>

#include "daemonprocess.h"
#include "metricsstore/s3client.h"
#include "metricstesthelpers.h"
#include "s3rverprocess.h"

using namespace orch;
using namespace orch::metrics;

namespace {

// The spec's prefix for these tests: not the default one, so that the files' place proves it.
const QString kPrefix = QStringLiteral("test-dealers/orchestrator/");
const QString kMetricsStore = QStringLiteral("s3://metrics/") + kPrefix;
const QString kWriter = QStringLiteral("daemon-test");

using Reply = HttpReply;

QString rows(const char* kind)
{
    return QStringLiteral("orchestrator_metrics_store_rows_total{kind=\"%1\"}").arg(QLatin1String(kind));
}

std::set<std::string> keysOf(const nlohmann::json& j)
{
    std::set<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.insert(it.key());
    return keys;
}

// The shape of every record, by kind; empty when all are right, else what is wrong.
QString checkShapes(const std::vector<nlohmann::json>& records, std::map<std::string, int>* counts)
{
    const std::map<std::string, std::set<std::string>> fields {
        { "detections",
          { "at", "kind", "id", "dealer", "feature", "state", "openedAt", "closedAt", "threshold", "firstStd",
            "peakStd", "lastStd", "flaggedEvaluations" } },
        { "rewards",
          { "at", "kind", "decision", "decidedAt", "dealer", "context", "action", "probability", "exploited",
            "policyVersion", "rollout", "deployed", "deltaVisibility", "deltaRevenue", "apiCost",
            "reward" } },
        { "spend",
          { "at", "kind", "dealer", "action", "month", "allowed", "costMicros", "spentMicros", "capMicros",
            "remainingMicros", "reason" } },
        { "component-runs", { "at", "kind", "component", "scheduledAt", "ok", "error" } },
    };
    for (const auto& r : records) {
        const std::string kind = r["kind"].get<std::string>();
        const auto it = fields.find(kind);
        if (it == fields.end())
            return QStringLiteral("a record of kind %1").arg(QString::fromStdString(kind));
        if (keysOf(r) != it->second)
            return QStringLiteral("a %1 record with other fields: %2")
                .arg(QString::fromStdString(kind), QString::fromStdString(r.dump()));
        (*counts)[kind] += 1;
        if (kind == "component-runs" && !r["ok"].get<bool>())
            return QStringLiteral("a failed component run: ") + QString::fromStdString(r.dump());
        if (kind == "spend" && r["capMicros"].get<qint64>() != 150000)
            return QStringLiteral("a spend record without the spec's cap: ")
                + QString::fromStdString(r.dump());
    }
    for (const auto& [kind, f] : fields)
        if ((*counts)[kind] == 0)
            return QStringLiteral("no %1 record").arg(QString::fromStdString(kind));
    return {};
}

// The parts waiting in an S3 spool (one flat directory: "kind=...+date=...+hour=...+part-...").
bool readSpool(const QString& spool, std::vector<nlohmann::json>* records, QString* error,
               int* parts = nullptr)
{
    const QStringList names = QDir(spool).entryList({ QStringLiteral("kind=*") }, QDir::Files, QDir::Name);
    if (parts)
        *parts = int(names.size());
    for (const QString& name : names) {
        QFile f(QDir(spool).filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            *error = name + QStringLiteral(": cannot read");
            return false;
        }
        if (!metricstest::readPart(QString(name).replace(u'+', u'/'), f.readAll(), records, error))
            return false;
    }
    return true;
}

} // namespace

class TestDaemonMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void partitionsUnderTheSpecPrefix();
    void s3StoreDownThenUp();

private:
    QProcessEnvironment environment() const;
    QStringList arguments(const QString& specFile, int simTickMs) const;
    bool writeSpec(const QString& path) const;
    // Until the engine clock (simulated) reached the real time: the warm-up is over.
    bool waitWarmedUp(DaemonProcess& daemon, qint64 wallAtStart);

    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
};

void TestDaemonMetrics::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(ORCH_BIN_DIR "/orchestratord")).isExecutable(),
             "build the orchestratord target first");
    QVERIFY(m_dir.isValid());
}

QProcessEnvironment TestDaemonMetrics::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : env.keys())
        if (name.startsWith(QStringLiteral("ORCH_METRICS_")) || name.startsWith(QStringLiteral("AWS_")))
            env.remove(name);
    env.remove(QStringLiteral("ORCH_REDIS_URL"));
    env.insert(QStringLiteral("ORCH_METRICS_WRITER"), kWriter);
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("orchestrator.*.info=false"));
    return env;
}

bool TestDaemonMetrics::writeSpec(const QString& path) const
{
    // The audit trail is tested elsewhere; here it would only cost fsyncs.
    QFile spec(path);
    if (!spec.open(QIODevice::WriteOnly))
        return false;
    spec.write(QStringLiteral(R"({"telemetry": {"metricsStore": "%1", "audit": {"enabled": false}}})")
                   .arg(kMetricsStore)
                   .toUtf8());
    return true;
}

QStringList TestDaemonMetrics::arguments(const QString& specFile, int simTickMs) const
{
    // Ten days of 20 dealers: drift episodes (after the first clean week), decisions whose
    // rewards were measured, canaries charged against the budget.
    return { QStringLiteral("--spec"),         specFile,
             QStringLiteral("--simulate"),     QStringLiteral("20"),
             QStringLiteral("--seed"),         QStringLiteral("7"),
             QStringLiteral("--warm-up-days"), QStringLiteral("10"),
             QStringLiteral("--sim-tick-ms"),  QString::number(simTickMs) };
}

bool TestDaemonMetrics::waitWarmedUp(DaemonProcess& daemon, qint64 wallAtStart)
{
    const double target = double(wallAtStart) / 1000.0 - 900;
    return QTest::qWaitFor(
        [&] {
            return scrapeMetrics(m_nam, daemon).value(QStringLiteral("orchestrator_clock_timestamp_seconds"))
                > target;
        },
        90000);
}

void TestDaemonMetrics::partitionsUnderTheSpecPrefix()
{
    const QString spec = m_dir.filePath(QStringLiteral("local.json"));
    QVERIFY(writeSpec(spec));
    DaemonProcess daemon;
    daemon.process().setProcessEnvironment(environment());
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(daemon.start(arguments(spec, 50)), qPrintable(daemon.errorText()));
    QVERIFY2(waitWarmedUp(daemon, wall), qPrintable(daemon.stderrText()));

    // /metrics counts the rows by kind, and no failure.
    const auto m = scrapeMetrics(m_nam, daemon);
    for (const char* kind : { "detections", "rewards", "spend", "component-runs" })
        QVERIFY2(m.value(rows(kind)) > 0, kind);
    QCOMPARE(m.value(QStringLiteral("orchestrator_metrics_store_errors_total")), 0.0);
    QCOMPARE(m.value(QStringLiteral("orchestrator_metrics_store_failing")), 0.0);
    QVERIFY(m.value(QStringLiteral("orchestrator_metrics_store_parts_written_total")) > 0);

    // SIGTERM flushes what is buffered.
    QCOMPARE(daemon.terminate(), 0);

    // <data-dir>/metrics mirrors s3://metrics/<prefix>: nothing else is there.
    const QString mirror = daemon.dataDir() + QStringLiteral("/metrics");
    QCOMPARE(QDir(mirror).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList { QStringLiteral("metrics") });
    const QString root = mirror + QStringLiteral("/metrics/") + kPrefix.chopped(1);
    QVERIFY2(QFileInfo(root).isDir(), qPrintable(root));
    const metricstest::Listing listing = metricstest::listFiles(root);
    QVERIFY2(listing.others.isEmpty(), qPrintable(listing.others.join(u' ')));
    for (const QString& part : listing.parts)
        QVERIFY2(part.section(u'/', 3).startsWith(QStringLiteral("part-") + kWriter + u'-'),
                 qPrintable(part));

    // Every record in the partition of its kind and hour (readAll checks), of its kind's shape.
    std::vector<nlohmann::json> records;
    QString error;
    QVERIFY2(metricstest::readAll(root, &records, &error), qPrintable(error));
    std::map<std::string, int> counts;
    const QString shapes = checkShapes(records, &counts);
    QVERIFY2(shapes.isEmpty(), qPrintable(shapes));
    // What /metrics counted is on disk (and what came after, until the shutdown).
    for (const char* kind : { "detections", "rewards", "spend", "component-runs" })
        QVERIFY2(counts[kind] >= int(m.value(rows(kind))), kind);

    // On the simulated clock: the backfilled days are there, partitioned by their own dates.
    std::set<QString> dates;
    TimeMs earliest = std::numeric_limits<TimeMs>::max();
    std::set<std::string> components;
    for (const auto& r : records) {
        const auto t = parseIsoUtc(QString::fromStdString(r["at"].get<std::string>()));
        QVERIFY(t);
        earliest = std::min(earliest, *t);
        dates.insert(formatIso(*t).left(10));
        if (r["kind"] == "component-runs")
            components.insert(r["component"].get<std::string>());
    }
    QVERIFY2(earliest < wall - 9 * kDayMs, qPrintable(formatIso(earliest)));
    QVERIFY2(dates.size() >= 10, qPrintable(QString::number(dates.size())));
    QCOMPARE(components,
             (std::set<std::string> { "adaptive-weight-learner", "drift-sentinel", "rl-controller" }));
}

void TestDaemonMetrics::s3StoreDownThenUp()
{
    // A missing node or s3rver fails (as in tests/metricsstore): CI installs them, and a skip would
    // count as a pass.
    if (const QString why = S3rverProcess::missing(); !why.isEmpty())
        QFAIL(qPrintable(QStringLiteral("no S3-compatible server to test with: ") + why));
    S3rverProcess server;
    QVERIFY2(server.start(), qPrintable(server.error()));
    server.stop(); // the port stays this server's: the daemon starts against a store that is down

    const QString spec = m_dir.filePath(QStringLiteral("s3.json"));
    QVERIFY(writeSpec(spec));
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("ORCH_METRICS_S3_ENDPOINT"), server.endpoint());
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QString::fromLatin1(S3rverProcess::kAccessKey));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(S3rverProcess::kSecretKey));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    DaemonProcess daemon;
    daemon.process().setProcessEnvironment(env);
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(daemon.start(arguments(spec, 500)), qPrintable(daemon.errorText()));

    // The store is down: the engine runs on, the failures are counted, the parts wait.
    QVERIFY2(waitWarmedUp(daemon, wall), qPrintable(daemon.stderrText()));
    QTRY_VERIFY_WITH_TIMEOUT(
        scrapeMetrics(m_nam, daemon).value(QStringLiteral("orchestrator_metrics_store_upload_failures_total")) >= 1,
        30000);
    auto m = scrapeMetrics(m_nam, daemon);
    QCOMPARE(m.value(QStringLiteral("orchestrator_metrics_store_failing")), 1.0);
    QVERIFY(m.value(QStringLiteral("orchestrator_metrics_store_spooled_parts")) > 0);
    QCOMPARE(m.value(QStringLiteral("orchestrator_metrics_store_uploads_total")), 0.0);
    QCOMPARE(httpRequest(m_nam, daemon.url(QStringLiteral("/api/orchestrator/status"))).status, 200);
    const QString spool = daemon.dataDir() + QStringLiteral("/metrics-spool");
    {
        std::vector<nlohmann::json> waiting;
        QString error;
        int parts = 0;
        QVERIFY2(readSpool(spool, &waiting, &error, &parts), qPrintable(error));
        QVERIFY(parts > 0);
    }

    // The store is back: the spool drains into the bucket.
    QVERIFY2(server.start(), qPrintable(server.error()));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            m = scrapeMetrics(m_nam, daemon);
            return m.value(QStringLiteral("orchestrator_metrics_store_uploads_total")) > 0
                && m.value(QStringLiteral("orchestrator_metrics_store_spooled_parts")) == 0;
        }(),
        60000);
    QCOMPARE(m.value(QStringLiteral("orchestrator_metrics_store_failing")), 0.0);
    QCOMPARE(daemon.terminate(), 0);

    // What is in the bucket, listed and read back with signed requests (the server refuses any
    // request whose Signature V4 does not verify): every object under the spec's prefix, in its
    // partition, of the four kinds.
    s3::Client client({ QUrl(server.endpoint()),
                        QString::fromLatin1(S3rverProcess::kBucket),
                        QStringLiteral("us-east-1"),
                        { QString::fromLatin1(S3rverProcess::kAccessKey),
                          QString::fromLatin1(S3rverProcess::kSecretKey),
                          {} },
                        10000 },
                      &m_nam);
    const auto await = [&](QNetworkReply* r, const QString& what) {
        std::unique_ptr<QNetworkReply> owned(r);
        if (!QTest::qWaitFor([&] { return r->isFinished(); }, 30000))
            return s3::Outcome { false, false, 0, {}, what + QStringLiteral(": no answer in 30 s"), {} };
        return client.outcome(r, what);
    };
    QStringList keys;
    QString token;
    for (int page = 0; page < 1000; ++page) {
        const s3::Outcome o
            = await(client.listObjects(QString(), QString(), token, 1000), QStringLiteral("LIST"));
        QVERIFY2(o.ok, qPrintable(o.error));
        auto parsed = s3::parseListObjectsV2(o.body);
        QVERIFY2(parsed, qPrintable(parsed.error()));
        keys += parsed->keys;
        if (!parsed->truncated)
            break;
        token = parsed->nextContinuationToken;
    }
    QVERIFY(!keys.isEmpty());
    std::vector<nlohmann::json> records;
    for (const QString& key : std::as_const(keys)) {
        QVERIFY2(key.startsWith(kPrefix + QStringLiteral("kind=")), qPrintable(key));
        const s3::Outcome o = await(client.getObject(key), QStringLiteral("GET ") + key);
        QVERIFY2(o.ok, qPrintable(o.error));
        QString error;
        QVERIFY2(metricstest::readPart(key.mid(kPrefix.size()), o.body, &records, &error), qPrintable(error));
    }
    std::map<std::string, int> counts;
    const QString shapes = checkShapes(records, &counts);
    QVERIFY2(shapes.isEmpty(), qPrintable(shapes));
    // Nothing was lost: what the spool still holds (parts of the last moments) and the bucket
    // together hold every record written.
    std::vector<nlohmann::json> spooled;
    QString error;
    QVERIFY2(readSpool(spool, &spooled, &error), qPrintable(error));
    QVERIFY2(double(records.size() + spooled.size())
                 >= m.value(QStringLiteral("orchestrator_metrics_store_records_written_total")),
             qPrintable(QStringLiteral("%1 + %2").arg(records.size()).arg(spooled.size())));
}

QTEST_GUILESS_MAIN(TestDaemonMetrics)
#include "tst_daemonmetrics.moc"
