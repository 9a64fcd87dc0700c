#include <cmath>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/strictjson.h"
#include "learning/adaptiveweightlearner.h"

using namespace orch;
using namespace orch::learning;

namespace {

constexpr TimeMs kTime = 1767232800000; // 2026-01-01T02:00:00Z

WeightPosterior samplePosterior(int coefficients = 3, qint64 sampleCount = 1234)
{
    WeightPosterior w;
    w.version = QStringLiteral("1.2");
    w.time = kTime;
    for (int i = 0; i < coefficients; ++i) {
        const double mean = 0.1 * (i + 1) + 1.0 / 3.0; // not exactly representable: tests the round trip
        w.coefficients.push_back({ QStringLiteral("signal_%1").arg(i), mean, 0.0123 * (i + 1),
                                   mean - 0.0241 * (i + 1), mean + 0.0241 * (i + 1) });
    }
    w.degreesOfFreedom = 1238;
    w.sampleCount = sampleCount;
    w.confidence = 0.9612345678901234;
    w.confidenceFloor = 0.95;
    w.published = true;
    w.shift = { true, false, 0.7315, 3, 1038, 0.53, QStringLiteral("consistent with the earlier posterior") };
    return w;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeText(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

class TestWeightPosteriorFile final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        const WeightPosterior w = samplePosterior();
        const Status s = AdaptiveWeightLearner::writePosterior(w, path);
        QVERIFY2(s, qPrintable(s.error()));
        const auto read = AdaptiveWeightLearner::readPosterior(path);
        QVERIFY2(read, qPrintable(read.error()));
        QCOMPARE(*read, w); // bit for bit, doubles included
    }

    // The fields the issue lists: per coefficient mean, sd and 95% interval; sample count,
    // confidence, published flag, time, version.
    void fileHasTheIssuesFields()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        QVERIFY(AdaptiveWeightLearner::writePosterior(samplePosterior(), path));
        const auto doc = json::parseStrict(readAll(path).toStdString());
        QVERIFY(doc);
        for (const char* key :
             { "version", "time", "coefficients", "sampleCount", "confidence", "published" })
            QVERIFY2(doc->contains(key), key);
        QCOMPARE(QString::fromStdString((*doc)["time"].get<std::string>()),
                 QStringLiteral("2026-01-01T02:00:00Z"));
        const auto& c = (*doc)["coefficients"][0];
        for (const char* key : { "name", "mean", "sd", "ci95" })
            QVERIFY2(c.contains(key), key);
        QVERIFY(c["ci95"].contains("low") && c["ci95"].contains("high"));
    }

    void invalidFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("message");
        QTest::addRow("interval without its mean")
            << QByteArray("/coefficients/1/ci95/low") << QByteArray("5")
            << QStringLiteral("coefficients[1].ci95.low: the interval [5, ");
        QTest::addRow("negative sd") << QByteArray("/coefficients/0/sd") << QByteArray("-0.1")
                                     << QStringLiteral(
                                            "coefficients[0].sd: must be >= 0, got -0.10000000000000001");
        QTest::addRow("confidence above 1") << QByteArray("/confidence") << QByteArray("1.5")
                                            << QStringLiteral("confidence: must be <= 1, got 1.5");
        QTest::addRow("local time") << QByteArray("/time") << QByteArray(R"("2026-01-01T02:00:00")")
                                    << QStringLiteral("time: must be an ISO-8601 UTC time");
        QTest::addRow("fractional count") << QByteArray("/sampleCount") << QByteArray("12.5")
                                          << QStringLiteral("sampleCount: must be an integer, got 12.5");
        QTest::addRow("repeated name") << QByteArray("/coefficients/2/name") << QByteArray(R"("signal_0")")
                                       << QStringLiteral("coefficients[2].name: \"signal_0\" appears twice");
        QTest::addRow("published as text") << QByteArray("/published") << QByteArray(R"("yes")")
                                           << QStringLiteral("published: must be true or false");
        QTest::addRow("no coefficients") << QByteArray("/coefficients") << QByteArray("[]")
                                         << QStringLiteral("coefficients: must not be empty");
        QTest::addRow("unknown key") << QByteArray("/weights") << QByteArray("[]")
                                     << QStringLiteral("weights: unknown key");
        QTest::addRow("detected untested")
            << QByteArray("/shift/tested") << QByteArray("false")
            << QStringLiteral("shift.detected: cannot be true when tested is false");
    }
    void invalidFilesAreRefused()
    {
        QFETCH(QByteArray, pointer);
        QFETCH(QByteArray, value);
        QFETCH(QString, message);
        WeightPosterior w = samplePosterior();
        w.shift.detected = true;
        nlohmann::json doc = nlohmann::json::parse(w.toJson().dump());
        doc[nlohmann::json::json_pointer(pointer.toStdString())] = nlohmann::json::parse(value.toStdString());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        QVERIFY(writeText(path, QByteArray::fromStdString(doc.dump(2))));
        const auto read = AdaptiveWeightLearner::readPosterior(path);
        QVERIFY(!read);
        QVERIFY2(read.error().startsWith(path + QStringLiteral(": ")), qPrintable(read.error()));
        QVERIFY2(read.error().contains(message), qPrintable(read.error()));
    }

    void missingAndTruncatedFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        auto read = AdaptiveWeightLearner::readPosterior(path);
        QVERIFY(!read);
        QVERIFY2(read.error().contains(QStringLiteral(": cannot open")), qPrintable(read.error()));

        const QByteArray whole = QByteArray::fromStdString(samplePosterior().toJson().dump(2));
        QVERIFY(writeText(path, whole.left(whole.size() / 2)));
        read = AdaptiveWeightLearner::readPosterior(path);
        QVERIFY(!read);
        QVERIFY2(read.error().contains(QStringLiteral(": line ")), qPrintable(read.error()));

        nlohmann::json doc = nlohmann::json::parse(whole.toStdString());
        doc.erase("confidence");
        QVERIFY(writeText(path, QByteArray::fromStdString(doc.dump())));
        read = AdaptiveWeightLearner::readPosterior(path);
        QVERIFY(!read);
        QVERIFY2(read.error().endsWith(QStringLiteral("confidence: is missing")), qPrintable(read.error()));
    }

    // What readPosterior would refuse is never written, and the file already there stays.
    void invalidPosteriorIsNotWritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        QVERIFY(AdaptiveWeightLearner::writePosterior(samplePosterior(), path));
        const QByteArray before = readAll(path);
        WeightPosterior bad = samplePosterior();
        bad.coefficients[0].mean = std::nan("");
        const Status s = AdaptiveWeightLearner::writePosterior(bad, path);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(
                     QStringLiteral("refusing to write an invalid posterior: coefficients[0].mean")),
                 qPrintable(s.error()));
        QCOMPARE(readAll(path), before);
    }

    // A write that cannot complete leaves the earlier file as it was, and names the path.
    void failedWriteKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        QVERIFY(AdaptiveWeightLearner::writePosterior(samplePosterior(3, 1), path));
        const QByteArray before = readAll(path);

        // The target is a directory: the temporary file is written but cannot replace it.
        const QString dirPath = dir.filePath(QStringLiteral("taken"));
        QVERIFY(QDir().mkdir(dirPath));
        Status s = AdaptiveWeightLearner::writePosterior(samplePosterior(3, 2), dirPath);
        QVERIFY(!s);
        QVERIFY2(s.error().startsWith(dirPath + QStringLiteral(": ")), qPrintable(s.error()));
        s = AdaptiveWeightLearner::writePosterior(
            samplePosterior(3, 2), dir.filePath(QStringLiteral("missing/weight_posterior.json")));
        QVERIFY(!s);
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList { QStringLiteral("weight_posterior.json") });
    }

    // The process dies in the middle of writing: a child process gets a file-size limit, so the
    // kernel stops it (SIGXFSZ) exactly when its write reaches that many bytes; its handler exits
    // on the spot, as a crash would, with no destructor run. Whatever the byte at which it dies,
    // the file holds the earlier posterior, whole; only a completed write replaces it.
    void diesWhileWritingLeavesTheOldFile_data()
    {
        QTest::addColumn<qint64>("limit"); // bytes the child may write; negative: from the end
        QTest::addColumn<bool>("completes");
        QTest::addRow("dies at the first byte") << qint64(1) << false;
        QTest::addRow("dies after one page") << qint64(4096) << false;
        QTest::addRow("dies half way") << qint64(-50000) << false;
        QTest::addRow("dies before the last byte") << qint64(-1) << false;
        QTest::addRow("completes") << qint64(0) << true;
    }
    void diesWhileWritingLeavesTheOldFile()
    {
        QFETCH(qint64, limit);
        QFETCH(bool, completes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weight_posterior.json"));
        const WeightPosterior earlier = samplePosterior(600, 1);
        const WeightPosterior later = samplePosterior(600, 2);
        const qint64 size = qint64(later.toJson().dump(2).size()) + 1; // writePosterior's text
        QVERIFY(size > 100000);
        QVERIFY(AdaptiveWeightLearner::writePosterior(earlier, path));
        const QByteArray before = readAll(path);
        const rlim_t bytes = rlim_t(limit > 0 ? limit : size + limit);

        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            signal(SIGXFSZ, [](int) { _exit(99); });
            const rlimit fileSize { bytes, bytes };
            if (setrlimit(RLIMIT_FSIZE, &fileSize) != 0)
                _exit(98);
            _exit(AdaptiveWeightLearner::writePosterior(later, path) ? 0 : 97);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), completes ? 0 : 99);

        const auto read = AdaptiveWeightLearner::readPosterior(path);
        QVERIFY2(read, qPrintable(read.error()));
        QCOMPARE(*read, completes ? later : earlier);
        if (!completes)
            QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList { QStringLiteral("weight_posterior.json") });
    }
};

QTEST_GUILESS_MAIN(TestWeightPosteriorFile)
#include "tst_weightposteriorfile.moc"
