// The metrics store's formats: records and their JSON lines, partition paths, part names, gzip,
// the settings from the environment, and Signature V4 against AWS's published examples.
#include <cmath>
#include <limits>

#include <QTest>

#include "metricsstore/gzip.h"
#include "metricsstore/metricsstoresettings.h"
#include "metricsstore/partition.h"
#include "metricsstore/s3client.h"
#include "metricsstore/s3signer.h"
#include "metricsstore/telemetry.h"
#include "spec/orchestratorspec.h"

using namespace orch;
using namespace orch::metrics;

namespace {

TimeMs at(const char* iso)
{
    return *parseIsoUtc(QString::fromLatin1(iso));
}

// The credentials and time of AWS's S3 Signature V4 examples ("Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk").
const s3::Credentials kExampleCredentials { QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                                            QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                            {} };
const QByteArray kExampleDate = "20130524T000000Z";
const QByteArray kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

} // namespace

class TestMetricsFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonLine()
    {
        TelemetryRecord r { TelemetryRecord::kRewards,
                            at("2026-01-15T02:30:00Z"),
                            { { "dealer", "d-1" }, { "reward", 1.5 }, { "deployed", true } } };
        QVERIFY2(validateRecord(r), qPrintable(validateRecord(r).error()));
        QCOMPARE(
            toJsonLine(r),
            QByteArray(
                R"({"at":"2026-01-15T02:30:00Z","kind":"rewards","dealer":"d-1","deployed":true,"reward":1.5})"
                "\n"));
        r.data = nlohmann::json::object();
        QCOMPARE(toJsonLine(r),
                 QByteArray(R"({"at":"2026-01-15T02:30:00Z","kind":"rewards"})"
                            "\n"));
        // A line is one JSON document that parses back.
        r.data = { { "message", "two\nlines \"quoted\"" } };
        const QByteArray line = toJsonLine(r);
        QCOMPARE(line.count('\n'), 1);
        const auto parsed = nlohmann::json::parse(line.toStdString());
        QCOMPARE(parsed["message"].get<std::string>(), std::string("two\nlines \"quoted\""));
    }

    void invalidRecords_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<qint64>("at");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("error");
        const qint64 t = at("2026-01-15T02:30:00Z");
        QTest::addRow("empty kind") << QString() << t << QByteArray("{}") << QStringLiteral("kind:");
        QTest::addRow("kind with a slash")
            << QStringLiteral("a/b") << t << QByteArray("{}") << QStringLiteral("\"a/b\"");
        QTest::addRow("uppercase kind")
            << QStringLiteral("Spend") << t << QByteArray("{}") << QStringLiteral("kind:");
        QTest::addRow("negative time") << QStringLiteral("spend") << qint64(-1) << QByteArray("{}")
                                       << QStringLiteral("at: must be between 1970 and 9999, got -1 ms");
        QTest::addRow("array data") << QStringLiteral("spend") << t << QByteArray("[1]")
                                    << QStringLiteral("data: must be a JSON object, got array");
        QTest::addRow("reserved at") << QStringLiteral("spend") << t << QByteArray(R"({"at":1})")
                                     << QStringLiteral("data.at: reserved");
        QTest::addRow("reserved kind") << QStringLiteral("spend") << t << QByteArray(R"({"kind":"x"})")
                                       << QStringLiteral("data.kind: reserved");
    }
    void invalidRecords()
    {
        QFETCH(QString, kind);
        QFETCH(qint64, at);
        QFETCH(QByteArray, data);
        QFETCH(QString, error);
        const TelemetryRecord r { kind, at, nlohmann::json::parse(data.toStdString()) };
        const Status s = validateRecord(r);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(error), qPrintable(s.error()));
    }

    void nonFiniteNumbersNamed()
    {
        TelemetryRecord r { TelemetryRecord::kRewards, at("2026-01-15T02:30:00Z"), nlohmann::json::object() };
        r.data["values"] = { 1.0, std::numeric_limits<double>::quiet_NaN() };
        QCOMPARE(validateRecord(r).error(), QStringLiteral("data.values[1]: must be a finite number"));
        r.data = { { "nested", { { "reward", std::numeric_limits<double>::infinity() } } } };
        QCOMPARE(validateRecord(r).error(), QStringLiteral("data.nested.reward: must be a finite number"));
    }

    void builders()
    {
        Detection d;
        d.id = 7;
        d.dealer = QStringLiteral("dealer-3");
        d.feature = QStringLiteral("aiv");
        d.openedAt = at("2026-01-15T01:00:00Z");
        d.peakStd = 4.2;
        TelemetryRecord r = detectionTelemetry(d, at("2026-01-15T01:15:00Z"));
        QCOMPARE(r.kind, TelemetryRecord::kDetections);
        QVERIFY(validateRecord(r));
        QCOMPARE(r.data["state"].get<std::string>(), std::string("open"));
        QVERIFY(r.data["closedAt"].is_null());
        d.closedAt = at("2026-01-15T03:00:00Z");
        QCOMPARE(detectionTelemetry(d, *d.closedAt).data["state"].get<std::string>(), std::string("closed"));

        DecisionRecord decision;
        decision.id = 11;
        decision.at = at("2026-01-10T03:00:00Z");
        decision.rewardedAt = at("2026-01-17T03:00:00Z");
        decision.reward = 12.5;
        r = rewardTelemetry(decision);
        QCOMPARE(r.at, *decision.rewardedAt);
        QCOMPARE(r.data["decidedAt"].get<std::string>(), std::string("2026-01-10T03:00:00Z"));
        QCOMPARE(r.data["reward"].get<double>(), 12.5);

        GovernanceLedger::Decision charge;
        charge.allowed = false;
        charge.dealer = QStringLiteral("dealer-3");
        charge.month = QStringLiteral("2026-01");
        charge.costMicros = 100000;
        charge.reason = QStringLiteral("over the cap");
        r = spendTelemetry(charge, QStringLiteral("schema"), at("2026-01-15T03:00:00Z"));
        QCOMPARE(r.kind, TelemetryRecord::kSpend);
        QCOMPARE(r.data["allowed"].get<bool>(), false);
        QCOMPARE(r.data["costMicros"].get<qint64>(), qint64(100000));

        r = componentRunTelemetry(QStringLiteral("drift-sentinel"), at("2026-01-15T03:00:00Z"),
                                  at("2026-01-15T03:00:01Z"), fail(QStringLiteral("store unavailable")));
        QCOMPARE(r.kind, TelemetryRecord::kComponentRuns);
        QCOMPARE(r.data["ok"].get<bool>(), false);
        QCOMPARE(r.data["error"].get<std::string>(), std::string("store unavailable"));
        QVERIFY(validateRecord(r));

        EventRecord e;
        e.id = 3;
        e.at = at("2026-01-15T03:00:00Z");
        e.type = QStringLiteral("alert.raised");
        QCOMPARE(eventTelemetry(e).data["type"].get<std::string>(), std::string("alert.raised"));
    }

    void partitions_data()
    {
        QTest::addColumn<QString>("time");
        QTest::addColumn<QString>("path");
        QTest::addRow("hour 02") << QStringLiteral("2026-01-15T02:59:59.999Z")
                                 << QStringLiteral("kind=detections/date=2026-01-15/hour=02");
        QTest::addRow("midnight") << QStringLiteral("2026-01-16T00:00:00Z")
                                  << QStringLiteral("kind=detections/date=2026-01-16/hour=00");
        QTest::addRow("leap day") << QStringLiteral("2028-02-29T23:10:00Z")
                                  << QStringLiteral("kind=detections/date=2028-02-29/hour=23");
        QTest::addRow("epoch") << QStringLiteral("1970-01-01T00:00:00Z")
                               << QStringLiteral("kind=detections/date=1970-01-01/hour=00");
    }
    void partitions()
    {
        QFETCH(QString, time);
        QFETCH(QString, path);
        const TimeMs t = *parseIsoUtc(time);
        const PartitionKey key = partitionOf(TelemetryRecord::kDetections, t);
        QCOMPARE(key.path(), path);
        QVERIFY(key.hourStart <= t && t < key.hourStart + kHourMs);
        const auto parsed = parsePartitionPath(QString(path + QStringLiteral("/part-x-1-000001.jsonl")));
        QVERIFY(parsed);
        QCOMPARE(*parsed, key);
        QVERIFY(parsePartitionPath(path));
    }

    void partitionParsingRefuses()
    {
        for (const char* bad : { "kind=a/date=2026-02-30/hour=01", "kind=a/date=2026-01-01/hour=24",
                                 "kind=A/date=2026-01-01/hour=01", "date=2026-01-01/hour=01",
                                 "kind=a/date=2026-01-01/hour=1", "kind=a/date=2026-01-01/hour=011" })
            QVERIFY2(!parsePartitionPath(QString::fromLatin1(bad)), bad);
    }

    void expiry()
    {
        const PartitionKey key = partitionOf(TelemetryRecord::kSpend, at("2026-01-15T02:30:00Z"));
        // The partition of 02:00-03:00 expires when its last millisecond is older than the cutoff.
        QVERIFY(!key.expiredAt(at("2026-01-15T02:59:59.999Z")));
        QVERIFY(key.expiredAt(at("2026-01-15T03:00:00Z")));
    }

    void partNames()
    {
        const QString name
            = partFileName(QStringLiteral("orchestratord-0"), QStringLiteral("0a1b2c3d"), 42, false);
        QCOMPARE(name, QStringLiteral("part-orchestratord-0-0a1b2c3d-000042.jsonl"));
        QVERIFY(isPartFileName(name));
        QVERIFY(isPartFileName(partFileName(QStringLiteral("w"), QStringLiteral("r"), 1234567, true)));
        QVERIFY(!isPartFileName(QString(name + QStringLiteral(".Ab12Cd"))));
        QVERIFY(isTemporaryPartFileName(QString(name + QStringLiteral(".Ab12Cd"))));
        QVERIFY(!isTemporaryPartFileName(name));
        QCOMPARE(sanitizeWriterId(QStringLiteral("pod/0 ü")), QStringLiteral("pod_0__"));
        QCOMPARE(sanitizeWriterId(QString()), QStringLiteral("local"));
    }

    void gzipRoundTrip()
    {
        QByteArray data;
        for (int i = 0; i < 5000; ++i)
            data += "{\"at\":\"2026-01-15T02:30:00Z\",\"kind\":\"rewards\",\"n\":" + QByteArray::number(i)
                + "}\n";
        const QByteArray packed = gzipCompress(data);
        QVERIFY(packed.startsWith("\x1f\x8b")); // gzip magic
        QVERIFY(packed.size() < data.size() / 4);
        auto unpacked = gzipDecompress(packed);
        QVERIFY2(unpacked, qPrintable(unpacked.error()));
        QCOMPARE(*unpacked, data);
        QVERIFY(!gzipDecompress(packed.left(packed.size() - 5)));
        QByteArray corrupt = packed;
        corrupt[corrupt.size() - 6] = char(corrupt[corrupt.size() - 6] ^ 0x55); // the CRC
        QVERIFY(!gzipDecompress(corrupt));
        QVERIFY(gzipDecompress(gzipCompress(QByteArray())).value().isEmpty());
    }

    void s3Urls()
    {
        auto l = parseS3Url(QStringLiteral("s3://metrics/dealershipai/orchestrator/"));
        QVERIFY(l);
        QCOMPARE(l->bucket, QStringLiteral("metrics"));
        QCOMPARE(l->prefix, QStringLiteral("dealershipai/orchestrator/"));
        l = parseS3Url(QStringLiteral("s3://metrics/dealershipai"));
        QCOMPARE(l->prefix, QStringLiteral("dealershipai/"));
        l = parseS3Url(QStringLiteral("s3://metrics"));
        QCOMPARE(l->prefix, QString());
        QVERIFY(!parseS3Url(QStringLiteral("s3://Metrics/x/")));
        QVERIFY(!parseS3Url(QStringLiteral("s3://m/x/")));
        QVERIFY(!parseS3Url(QStringLiteral("s3://metrics//x/")));
        QVERIFY(!parseS3Url(QStringLiteral("https://metrics/x/")));
    }

    void settingsFromEnvironment()
    {
        TelemetrySpec telemetry;
        QProcessEnvironment env;
        env.insert(QStringLiteral("ORCH_METRICS_WRITER"), QStringLiteral("orchestratord-1"));
        auto s = MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/var/lib/orch"), env);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->backend(), MetricsStoreSettings::Backend::Local);
        QCOMPARE(s->retentionDays, 90);
        QCOMPARE(s->partitionRoot().value(),
                 QStringLiteral("/var/lib/orch/metrics/metrics/dealershipai/orchestrator"));
        QCOMPARE(s->destination(),
                 QStringLiteral("file:///var/lib/orch/metrics/metrics/dealershipai/orchestrator/"));
        QCOMPARE(s->writerId, QStringLiteral("orchestratord-1"));

        // S3 without credentials: each missing variable named.
        env.insert(QStringLiteral("ORCH_METRICS_S3_ENDPOINT"), QStringLiteral("http://127.0.0.1:9000"));
        s = MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/var/lib/orch"), env);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("AWS_ACCESS_KEY_ID: not set")), qPrintable(s.error()));
        QVERIFY2(s.error().contains(QStringLiteral("AWS_SECRET_ACCESS_KEY: not set")), qPrintable(s.error()));

        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("very-secret-value"));
        env.insert(QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("eu-west-1"));
        env.insert(QStringLiteral("ORCH_METRICS_GZIP"), QStringLiteral("1"));
        env.insert(QStringLiteral("ORCH_METRICS_FLUSH_SECONDS"), QStringLiteral("30"));
        s = MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/var/lib/orch"), env);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->backend(), MetricsStoreSettings::Backend::S3);
        QCOMPARE(s->region, QStringLiteral("eu-west-1"));
        QVERIFY(s->gzip);
        QCOMPARE(s->flushInterval, 30 * TimeMs(1000));
        QCOMPARE(s->partitionRoot().value(), QStringLiteral("/var/lib/orch/metrics-spool"));
        QCOMPARE(
            s->destination(),
            QStringLiteral("s3://metrics/dealershipai/orchestrator/ at http://127.0.0.1:9000 (eu-west-1)"));
        QVERIFY(!s->destination().contains(QStringLiteral("very-secret-value")));
        env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-west-2"));
        QCOMPARE(MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/d"), env)->region,
                 QStringLiteral("us-west-2"));

        const auto refused = [&](const char* name, const char* value, const char* expected) {
            QProcessEnvironment bad = env;
            bad.insert(QString::fromLatin1(name), QString::fromLatin1(value));
            auto r = MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/d"), bad);
            if (r || !r.error().contains(QString::fromLatin1(expected)))
                qWarning("%s=%s: %s", name, value, qPrintable(r.error()));
            return !r && r.error().contains(QString::fromLatin1(expected));
        };
        QVERIFY(refused("ORCH_METRICS_GZIP", "yes", "ORCH_METRICS_GZIP: must be 0 or 1, got \"yes\""));
        QVERIFY(refused("ORCH_METRICS_FLUSH_SECONDS", "0", "ORCH_METRICS_FLUSH_SECONDS: must be 1..86400"));
        QVERIFY(refused("ORCH_METRICS_S3_ENDPOINT", "ftp://x", "ORCH_METRICS_S3_ENDPOINT: must be http(s)"));
        QVERIFY(refused("ORCH_METRICS_S3_ENDPOINT", "http://h:9000/bucket", "without a path"));
        QVERIFY(refused("AWS_REGION", "EU West", "AWS_REGION: must be a region name"));

        // A file:// store is local, and cannot go to S3.
        telemetry.metricsStore = QStringLiteral("file:///srv/metrics/");
        QVERIFY(!MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/d"), env));
        env.remove(QStringLiteral("ORCH_METRICS_S3_ENDPOINT"));
        s = MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/d"), env);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->partitionRoot().value(), QStringLiteral("/srv/metrics"));
        telemetry.retentionDays = 0;
        s = MetricsStoreSettings::fromEnvironment(telemetry, QStringLiteral("/d"), env);
        QVERIFY(!s);
        QVERIFY(s.error().contains(QStringLiteral("telemetry.retentionDays: must be >= 1, got 0")));
    }

    void uriEncoding()
    {
        QCOMPARE(s3::uriEncode("kind=spend/date=2026-01-15/part-a_b.~x.jsonl", true),
                 QByteArray("kind%3Dspend/date%3D2026-01-15/part-a_b.~x.jsonl"));
        QCOMPARE(s3::uriEncode("a b/c+d", false), QByteArray("a%20b%2Fc%2Bd"));
        QCOMPARE(s3::uriEncode("\xc3\xb1", false), QByteArray("%C3%B1"));
        QCOMPARE(s3::sha256Hex(""), kEmptySha);
    }

    // AWS's examples: GET Object with a Range header.
    void sigV4GetObject()
    {
        s3::SigningInput in { "GET",
                              "/test.txt",
                              {},
                              { { "Host", "examplebucket.s3.amazonaws.com" },
                                { "Range", "bytes=0-9" },
                                { "x-amz-content-sha256", kEmptySha },
                                { "x-amz-date", kExampleDate } },
                              kEmptySha };
        const auto s = s3::signV4(in, kExampleCredentials, QStringLiteral("us-east-1"), kExampleDate);
        QCOMPARE(s.signature, QByteArray("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
        QCOMPARE(
            s.authorization,
            QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                       "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                       "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    }

    // PUT Object with a body, a key that needs encoding ('$'), and extra signed headers.
    void sigV4PutObject()
    {
        const QByteArray body = "Welcome to Amazon S3.";
        const QByteArray hash = s3::sha256Hex(body);
        QCOMPARE(hash, QByteArray("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
        s3::SigningInput in { "PUT",
                              "/" + s3::uriEncode("test$file.text", true),
                              {},
                              { { "Host", "examplebucket.s3.amazonaws.com" },
                                { "Date", "Fri, 24 May 2013 00:00:00 GMT" },
                                { "x-amz-date", kExampleDate },
                                { "x-amz-storage-class", "REDUCED_REDUNDANCY" },
                                { "x-amz-content-sha256", hash } },
                              hash };
        const auto s = s3::signV4(in, kExampleCredentials, QStringLiteral("us-east-1"), kExampleDate);
        QCOMPARE(s3::sha256Hex(s.canonicalRequest),
                 QByteArray("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"));
        QCOMPARE(s.signedHeaders,
                 QByteArray("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class"));
        QCOMPARE(s.signature, QByteArray("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
    }

    // GET Bucket lifecycle (a query parameter without a value) and GET Bucket (list) with two.
    void sigV4Queries()
    {
        const s3::HeaderList headers { { "host", "examplebucket.s3.amazonaws.com" },
                                       { "x-amz-date", kExampleDate },
                                       { "x-amz-content-sha256", kEmptySha } };
        auto s = s3::signV4({ "GET", "/", { { "lifecycle", "" } }, headers, kEmptySha }, kExampleCredentials,
                            QStringLiteral("us-east-1"), kExampleDate);
        QCOMPARE(s.signature, QByteArray("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
        s = s3::signV4({ "GET", "/", { { "prefix", "J" }, { "max-keys", "2" } }, headers, kEmptySha },
                       kExampleCredentials, QStringLiteral("us-east-1"), kExampleDate);
        QCOMPARE(s.signature, QByteArray("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
        // A different secret, region or time signs differently.
        s3::Credentials other = kExampleCredentials;
        other.secretAccessKey += u'x';
        QVERIFY(s3::signV4({ "GET", "/", { { "lifecycle", "" } }, headers, kEmptySha }, other,
                           QStringLiteral("us-east-1"), kExampleDate)
                    .signature
                != QByteArray("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
    }

    void addressing()
    {
        QVERIFY(s3::Client::usePathStyle(QUrl(QStringLiteral("http://127.0.0.1:9000")),
                                         QStringLiteral("metrics")));
        QVERIFY(!s3::Client::usePathStyle(QUrl(QStringLiteral("https://s3.eu-west-1.amazonaws.com")),
                                          QStringLiteral("metrics")));
        // Dotted bucket names do not match the wildcard certificate: path-style even on AWS.
        QVERIFY(s3::Client::usePathStyle(QUrl(QStringLiteral("https://s3.eu-west-1.amazonaws.com")),
                                         QStringLiteral("metrics.example.com")));
    }

    void listPages()
    {
        // (No raw string here: moc skips a class whose raw strings hold a double slash.)
        const QByteArray xml
            = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<ListBucketResult><Name>metrics</Name><Prefix>p/</Prefix>"
              "<KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter>"
              "<IsTruncated>true</IsTruncated>"
              "<Contents><Key>p/a&amp;b</Key><Size>3</Size></Contents><Contents><Key>p/c</Key></Contents>"
              "<CommonPrefixes><Prefix>p/kind=spend/</Prefix></CommonPrefixes>"
              "<NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>";
        auto page = s3::parseListObjectsV2(xml);
        QVERIFY2(page, qPrintable(page.error()));
        QCOMPARE(page->keys, QStringList({ QStringLiteral("p/a&b"), QStringLiteral("p/c") }));
        QCOMPARE(page->commonPrefixes, QStringList({ QStringLiteral("p/kind=spend/") }));
        QVERIFY(page->truncated);
        QCOMPARE(page->nextContinuationToken, QStringLiteral("tok+/="));
        QVERIFY(!s3::parseListObjectsV2("<Error><Code>x</Code></Error>"));
        QVERIFY(
            !s3::parseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"));
        QVERIFY(!s3::parseListObjectsV2("<ListBucketResult><Key>"));
    }
};

QTEST_GUILESS_MAIN(TestMetricsFormat)
#include "tst_metricsformat.moc"
