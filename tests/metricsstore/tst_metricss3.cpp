// The S3 backend of the metrics store against a real S3-compatible server on loopback (s3rver,
// behind a Signature V4 check): parts arrive under the spec's prefix, list and read back equal to
// what was written; a wrong secret or key id is reported clearly and loses nothing; 5xx answers
// and a store that is down are retried until it is back, with the spool keeping every part across
// restarts; retention deletes exactly the objects of partitions past 90 days (across list pages)
// and nothing that is not ours; no secret ever reaches a log line.
#include <mutex>
#include <set>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include "engine/clock.h"
#include "metricsstore/metricssink.h"
#include "metricsstore/s3client.h"
#include "metricstesthelpers.h"
#include "s3rverprocess.h"

using namespace orch;
using namespace orch::metrics;
using namespace metricstest;

namespace {

const QString kPrefix = QStringLiteral("dealershipai/orchestrator/");
const QString kWrongSecret = QStringLiteral("not-the-secret-WRONG-4242");
const QString kSessionToken = QStringLiteral("FQoGZXIvYXdzEXAMPLEsessionTOKEN");

std::mutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        std::lock_guard lock(g_logMutex);
        g_log << message;
    }
    g_previousHandler(type, context, message);
}

} // namespace

class TestMetricsS3 final : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

    MetricsStoreSettings settingsFor(const S3rverProcess& server, const QString& spool) const
    {
        MetricsStoreSettings s;
        s.url = QStringLiteral("s3://metrics/") + kPrefix;
        s.s3Endpoint = QUrl(server.endpoint());
        s.spoolDir = spool;
        s.accessKeyId = QString::fromLatin1(S3rverProcess::kAccessKey);
        s.secretAccessKey = QString::fromLatin1(S3rverProcess::kSecretKey);
        s.writerId = QStringLiteral("test");
        s.requestTimeoutMs = 10000;
        s.initialBackoffMs = 50;
        s.maxBackoffMs = 400;
        s.listPageSize = 4; // several pages in every listing
        return s;
    }

    s3::Client clientFor(const S3rverProcess& server)
    {
        return s3::Client({ QUrl(server.endpoint()),
                            QString::fromLatin1(S3rverProcess::kBucket),
                            QStringLiteral("us-east-1"),
                            { QString::fromLatin1(S3rverProcess::kAccessKey),
                              QString::fromLatin1(S3rverProcess::kSecretKey),
                              {} },
                            10000 },
                          &m_network);
    }

    static s3::Outcome await(s3::Client& client, QNetworkReply* reply, const QString& what)
    {
        std::unique_ptr<QNetworkReply> owned(reply);
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30000))
            return { false, false, 0, {}, QStringLiteral("%1: no answer in 30 s").arg(what), {} };
        return client.outcome(reply, what);
    }

    // Every key under `prefix`, through ListObjectsV2 page by page.
    static Result<QStringList> listAll(s3::Client& client, const QString& prefix, int pageSize = 3)
    {
        QStringList keys;
        QString token;
        for (int page = 0; page < 10000; ++page) {
            const auto o = await(client, client.listObjects(prefix, QString(), token, pageSize),
                                 QStringLiteral("LIST"));
            if (!o.ok)
                return fail(o.error);
            auto parsed = s3::parseListObjectsV2(o.body);
            if (!parsed)
                return fail(parsed.error());
            keys += parsed->keys;
            if (!parsed->truncated)
                return keys;
            token = parsed->nextContinuationToken;
        }
        return fail(QStringLiteral("too many pages"));
    }

    // Reads back every object under the prefix: through GET (compared with the bytes s3rver holds
    // on disk) and parsed into records.
    bool readBack(s3::Client& client, const S3rverProcess& server, std::vector<nlohmann::json>* records,
                  QStringList* relativeKeys, QString* error)
    {
        auto keys = listAll(client, kPrefix);
        if (!keys) {
            *error = keys.error();
            return false;
        }
        for (const QString& key : std::as_const(*keys)) {
            const auto o = await(client, client.getObject(key), QStringLiteral("GET ") + key);
            if (!o.ok) {
                *error = o.error;
                return false;
            }
            QFile stored(server.objectFile(key));
            if (!stored.open(QIODevice::ReadOnly) || stored.readAll() != o.body) {
                *error = key + QStringLiteral(": GET differs from what the server stored");
                return false;
            }
            const QString relative = key.mid(kPrefix.size());
            if (!key.startsWith(kPrefix) || !readPart(relative, o.body, records, error))
                return false;
            *relativeKeys << relative;
        }
        return true;
    }

    static std::set<qint64> numbers(const std::vector<nlohmann::json>& records)
    {
        std::set<qint64> out;
        for (const auto& r : records)
            out.insert(r["n"].get<qint64>());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = S3rverProcess::missing();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        g_previousHandler = qInstallMessageHandler(captureMessages);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previousHandler);
        std::lock_guard lock(g_logMutex);
        for (const QString& line : std::as_const(g_log))
            for (const QString& secret :
                 { QString::fromLatin1(S3rverProcess::kSecretKey), kWrongSecret, kSessionToken })
                QVERIFY2(!line.contains(secret),
                         qPrintable(QStringLiteral("a secret in a log line: ") + line.left(80)));
    }

    void uploadsPartitionedObjects_data()
    {
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<bool>("sessionToken");
        QTest::addRow("jsonl") << false << false;
        QTest::addRow("gzip, temporary credentials") << true << true;
    }
    void uploadsPartitionedObjects()
    {
        QFETCH(bool, gzip);
        QFETCH(bool, sessionToken);
        S3rverProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto spoolHolder = fastTempDir();
        QTemporaryDir& spool = *spoolHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        MetricsStoreSettings s = settingsFor(server, spool.path());
        s.gzip = gzip;
        if (sessionToken)
            s.sessionToken = kSessionToken;
        auto sink = openMetricsSink(s, clock);
        QVERIFY2(sink, qPrintable(sink.error()));
        const QStringList kinds { TelemetryRecord::kDetections, TelemetryRecord::kRewards,
                                  TelemetryRecord::kSpend, TelemetryRecord::kComponentRuns };
        std::set<QString> partitions;
        for (qint64 n = 0; n < 60; ++n) {
            clock.advanceBy(5 * kMinuteMs); // five hours in all
            const TelemetryRecord r = numbered(kinds[int(n % kinds.size())], clock.now(), n);
            partitions.insert(partitionOf(r.kind, r.at).path());
            QVERIFY((*sink)->record(r));
            if (n % 10 == 9)
                QVERIFY((*sink)->flush());
        }
        QVERIFY((*sink)->waitForUploads(60000));
        const auto stats = (*sink)->stats();
        QVERIFY2(!stats.failing, qPrintable(stats.lastError));
        QCOMPARE(stats.spooled, qint64(0));
        QCOMPARE(stats.uploaded, stats.partsWritten);
        QVERIFY(stats.uploadedBytes > 0);
        QCOMPARE(QDir(spool.path()).entryList(QDir::Files).size(), 0); // the spool is empty

        auto client = clientFor(server);
        std::vector<nlohmann::json> records;
        QStringList keys;
        QString error;
        QVERIFY2(readBack(client, server, &records, &keys, &error), qPrintable(error));
        QCOMPARE(qint64(keys.size()), stats.partsWritten);
        std::set<QString> seen;
        for (const QString& k : std::as_const(keys)) {
            seen.insert(k.section(u'/', 0, 2));
            QVERIFY2(k.section(u'/', 3).startsWith(QStringLiteral("part-test-")), qPrintable(k));
            QCOMPARE(k.endsWith(QStringLiteral(".jsonl.gz")), gzip);
        }
        QCOMPARE(seen, partitions);
        std::set<qint64> expected;
        for (qint64 n = 0; n < 60; ++n)
            expected.insert(n);
        QCOMPARE(numbers(records), expected);
        QCOMPARE(records.size(), std::size_t(60));
    }

    void wrongCredentialsReportedClearly()
    {
        S3rverProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto spoolHolder = fastTempDir();
        QTemporaryDir& spool = *spoolHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        {
            MetricsStoreSettings s = settingsFor(server, spool.path());
            s.secretAccessKey = kWrongSecret;
            auto sink = openMetricsSink(s, clock);
            QVERIFY2(sink, qPrintable(sink.error()));
            QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), 1)));
            QVERIFY((*sink)->flush());
            QTRY_VERIFY_WITH_TIMEOUT((*sink)->stats().failedAttempts >= 2, 30000);
            const auto stats = (*sink)->stats();
            QVERIFY(stats.failing);
            QCOMPARE(stats.uploaded, qint64(0));
            QCOMPARE(stats.spooled, qint64(1)); // kept, not dropped
            const QString& e = stats.lastError;
            QVERIFY2(
                e.contains(QStringLiteral(
                    "PUT "
                    "s3://metrics/dealershipai/orchestrator/kind=spend/date=2026-01-15/hour=02/part-test-")),
                qPrintable(e));
            QVERIFY2(e.contains(QStringLiteral("HTTP 403 SignatureDoesNotMatch")), qPrintable(e));
            QVERIFY2(e.contains(QStringLiteral("check AWS_SECRET_ACCESS_KEY (for access key ORCHTESTKEY)")),
                     qPrintable(e));
            QVERIFY2(e.contains(server.endpoint()), qPrintable(e));
            QVERIFY(!e.contains(kWrongSecret));
        }
        {
            MetricsStoreSettings s = settingsFor(server, spool.path());
            s.accessKeyId = QStringLiteral("NOSUCHKEY");
            auto sink = openMetricsSink(s, clock);
            QVERIFY(sink);
            QTRY_VERIFY_WITH_TIMEOUT((*sink)->stats().failedAttempts >= 1, 30000);
            const QString e = (*sink)->stats().lastError;
            QVERIFY2(e.contains(QStringLiteral("HTTP 403 InvalidAccessKeyId")), qPrintable(e));
            QVERIFY2(e.contains(QStringLiteral("check AWS_ACCESS_KEY_ID")), qPrintable(e));
            QCOMPARE((*sink)->stats().spooled, qint64(1));
        }
        {
            // With the right credentials, what waited in the spool goes.
            auto sink = openMetricsSink(settingsFor(server, spool.path()), clock);
            QVERIFY(sink);
            QVERIFY((*sink)->waitForUploads(60000));
            QCOMPARE((*sink)->stats().uploaded, qint64(1));
            auto client = clientFor(server);
            std::vector<nlohmann::json> records;
            QStringList keys;
            QString error;
            QVERIFY2(readBack(client, server, &records, &keys, &error), qPrintable(error));
            QCOMPARE(numbers(records), (std::set<qint64> { 1 }));
        }
    }

    void retriesServerErrors()
    {
        S3rverProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        // The next three requests get 503 SlowDown.
        std::unique_ptr<QNetworkReply> hook(m_network.get(
            QNetworkRequest(QUrl(server.endpoint() + QStringLiteral("/__test/fail?count=3&status=503")))));
        QTRY_VERIFY_WITH_TIMEOUT(hook->isFinished(), 30000);
        QCOMPARE(hook->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);

        auto spoolHolder = fastTempDir();
        QTemporaryDir& spool = *spoolHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        MetricsStoreSettings s = settingsFor(server, spool.path());
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kRewards, clock.now(), 7)));
        QVERIFY((*sink)->flush());
        QVERIFY((*sink)->waitForUploads(60000));
        const auto stats = (*sink)->stats();
        QCOMPARE(stats.uploaded, qint64(1));
        QCOMPARE(stats.failedAttempts, qint64(3)); // the first retention listing and two PUTs, or three PUTs
        QVERIFY2(stats.lastError.contains(QStringLiteral("HTTP 503 SlowDown")), qPrintable(stats.lastError));
        QVERIFY(!stats.failing);
    }

    // The store goes away; parts wait in the spool (also across a restart of the sink) and all
    // arrive once it is back.
    void storeDownThenBackLosesNothing()
    {
        S3rverProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto spoolHolder = fastTempDir();
        QTemporaryDir& spool = *spoolHolder;
        SimulatedClock clock(at("2026-01-15T02:00:00Z"));
        const MetricsStoreSettings s = settingsFor(server, spool.path());
        {
            auto sink = openMetricsSink(s, clock);
            QVERIFY(sink);
            QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, clock.now(), 0)));
            QVERIFY((*sink)->flush());
            QVERIFY((*sink)->waitForUploads(60000));
            server.stop();
            for (qint64 n = 1; n <= 30; ++n) {
                clock.advanceBy(10 * kMinuteMs);
                QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, clock.now(), n)));
                if (n % 5 == 0)
                    QVERIFY((*sink)->flush());
            }
            QTRY_VERIFY_WITH_TIMEOUT((*sink)->stats().failedAttempts >= 2, 30000);
            const auto stats = (*sink)->stats();
            QVERIFY(stats.failing);
            QVERIFY2(stats.lastError.contains(QStringLiteral("connection refused")),
                     qPrintable(stats.lastError));
            QVERIFY(stats.spooled >= 6);
            QVERIFY(!(*sink)->waitForUploads(200));
        } // closed while the store is down
        {
            auto sink = openMetricsSink(s, clock);
            QVERIFY(sink);
            QVERIFY((*sink)->stats().spooled >= 6); // the spool survived the restart
            for (qint64 n = 31; n <= 40; ++n) {
                clock.advanceBy(10 * kMinuteMs);
                QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, clock.now(), n)));
            }
            QVERIFY((*sink)->flush());
            QVERIFY(server.start()); // back, same port, same objects
            QVERIFY((*sink)->waitForUploads(60000));
            QCOMPARE((*sink)->stats().spooled, qint64(0));
            QVERIFY(!(*sink)->stats().failing);
        }
        auto client = clientFor(server);
        std::vector<nlohmann::json> records;
        QStringList keys;
        QString error;
        QVERIFY2(readBack(client, server, &records, &keys, &error), qPrintable(error));
        std::set<qint64> expected;
        for (qint64 n = 0; n <= 40; ++n)
            expected.insert(n);
        QCOMPARE(numbers(records), expected);
        QCOMPARE(records.size(), std::size_t(41)); // none twice
    }

    // 100 days on a simulated clock: the objects of partitions past 90 days are deleted, across
    // list pages, exactly at the hour, and keys that are not ours (another prefix, other names) stay.
    void retentionDeletesOldObjects()
    {
        S3rverProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto client = clientFor(server);
        const QStringList foreign {
            QStringLiteral("dealershipai/orchestrator/README.txt"),
            QStringLiteral("dealershipai/orchestrator/kind=detections/notes.txt"),
            QStringLiteral(
                "dealershipai/other/kind=detections/date=2020-01-01/hour=00/part-x-1-000001.jsonl")
        };
        for (const QString& key : foreign)
            QVERIFY2(await(client, client.putObject(key, "keep me\n", "text/plain"), key).ok,
                     qPrintable(key));

        auto spoolHolder = fastTempDir();
        QTemporaryDir& spool = *spoolHolder;
        const TimeMs start = at("2026-01-01T00:00:00Z");
        SimulatedClock clock(start);
        MetricsStoreSettings s = settingsFor(server, spool.path());
        qint64 n = 0;
        {
            // 100 days of a record of each of two kinds a day (a part each), with retention held
            // off so that every part reaches the store (the simulated days pass faster than the
            // uploads).
            MetricsStoreSettings filling = s;
            filling.retentionEvery = 1000 * kDayMs;
            auto sink = openMetricsSink(filling, clock);
            QVERIFY(sink);
            for (TimeMs t = start; t < start + 100 * kDayMs; t += kDayMs) {
                clock.advanceTo(t);
                QVERIFY((*sink)->record(numbered(TelemetryRecord::kDetections, t, n++)));
                QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, t, n++)));
                QVERIFY((*sink)->tick());
            }
            QVERIFY((*sink)->flush());
            QVERIFY((*sink)->waitForUploads(120000));
            QCOMPARE((*sink)->stats().uploaded, qint64(200));
        }
        auto all = listAll(client, kPrefix);
        QVERIFY2(all, qPrintable(all.error()));
        QCOMPARE(all->size(), 200 + 2);

        // The engine's first tick runs retention. Now 2026-04-10T00:00Z; the cutoff
        // 2026-01-10T00:00Z ends the partitions of the first nine days.
        auto sink = openMetricsSink(s, clock);
        QVERIFY(sink);
        QVERIFY((*sink)->tick());
        QVERIFY((*sink)->waitForUploads(120000));
        QCOMPARE(formatIso(clock.now() - 90 * kDayMs), QStringLiteral("2026-01-10T00:00:00Z"));
        auto stats = (*sink)->stats();
        QVERIFY2(!stats.failing, qPrintable(stats.lastError));
        QCOMPARE(stats.partsExpired, qint64(18));
        // Half a day later the next hourly run takes the 00:00 partitions of the 10th as well.
        clock.advanceBy(12 * kHourMs);
        QVERIFY((*sink)->tick());
        QVERIFY((*sink)->waitForUploads(120000));
        stats = (*sink)->stats();
        QCOMPARE(stats.partsExpired, qint64(20));
        QCOMPARE(stats.expiredUnsent, qint64(0));

        all = listAll(client, QStringLiteral("dealershipai/"));
        QVERIFY2(all, qPrintable(all.error()));
        for (const QString& key : foreign)
            QVERIFY2(all->contains(key), qPrintable(key + QStringLiteral(" was deleted")));
        for (const QString& key : foreign)
            if (key.startsWith(kPrefix))
                QVERIFY(await(client, client.deleteObject(key), key).ok); // so that readBack sees only parts
        std::vector<nlohmann::json> records;
        QStringList keys;
        QString error;
        QVERIFY2(readBack(client, server, &records, &keys, &error), qPrintable(error));
        TimeMs oldest = std::numeric_limits<TimeMs>::max();
        for (const auto& r : records)
            oldest = std::min(oldest, *parseIsoUtc(QString::fromStdString(r["at"].get<std::string>())));
        QCOMPARE(formatIso(oldest), QStringLiteral("2026-01-11T00:00:00Z"));
        QCOMPARE(qint64(records.size()), n - 20);
    }

    // A part that could not be sent before its partition expired is dropped from the spool, not
    // uploaded to be deleted.
    void expiredSpoolIsNotSent()
    {
        S3rverProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto spoolHolder = fastTempDir();
        QTemporaryDir& spool = *spoolHolder;
        SimulatedClock clock(at("2026-01-01T00:00:00Z"));
        auto sink = openMetricsSink(settingsFor(server, spool.path()), clock);
        QVERIFY(sink);
        QVERIFY((*sink)->waitForUploads(60000)); // the first retention pass
        server.stop();
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), 1)));
        QVERIFY((*sink)->flush());
        QTRY_VERIFY_WITH_TIMEOUT((*sink)->stats().failedAttempts >= 1, 30000);
        clock.advanceBy(91 * kDayMs);
        QVERIFY((*sink)->record(numbered(TelemetryRecord::kSpend, clock.now(), 2)));
        QVERIFY((*sink)->flush());
        QVERIFY((*sink)->enforceRetention());
        QTRY_COMPARE_WITH_TIMEOUT((*sink)->stats().expiredUnsent, qint64(1), 30000);
        QVERIFY(server.start());
        QVERIFY((*sink)->waitForUploads(60000));
        auto client = clientFor(server);
        std::vector<nlohmann::json> records;
        QStringList keys;
        QString error;
        QVERIFY2(readBack(client, server, &records, &keys, &error), qPrintable(error));
        QCOMPARE(numbers(records), (std::set<qint64> { 2 }));
    }
};

QTEST_GUILESS_MAIN(TestMetricsS3)
#include "tst_metricss3.moc"
