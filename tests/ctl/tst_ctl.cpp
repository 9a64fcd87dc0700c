// orchestratorctl, run as a process: exit statuses, stdout bodies and stderr messages.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "ctlprocess.h"

namespace {

// "key=value" fields of the numpy peer's output line.
QHash<QString, QString> peerFields(const QString& line)
{
    QHash<QString, QString> h;
    for (const QString& part : line.split(u' ', Qt::SkipEmptyParts)) {
        const auto eq = part.indexOf(u'=');
        if (eq > 0)
            h.insert(part.left(eq), part.mid(eq + 1));
    }
    return h;
}

void compareScanWithPeer(const Run& r, const QHash<QString, QString>& peer)
{
    QVERIFY2(r.exitCode == 1 || r.exitCode == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(QString::number(j["windows"].get<long long>()), peer.value(QStringLiteral("windows")));
    QCOMPARE(QString::number(j["flaggedWindows"].get<long long>()),
             peer.value(QStringLiteral("flagged_windows")));
    QCOMPARE(QString::number(j["flaggedSeries"].get<long long>()),
             peer.value(QStringLiteral("flagged_series")));
    QCOMPARE(QString::number(j["stdMean"].get<double>(), 'f', 9), peer.value(QStringLiteral("std_mean")));
    QCOMPARE(r.exitCode, j["flaggedWindows"].get<long long>() > 0 ? 1 : 0);
}

} // namespace

class TestCtl final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usage()
    {
        const Run none = ctl({});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains(QStringLiteral("Usage: orchestratorctl")));
        const Run unknown = ctl({ QStringLiteral("frobnicate") });
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("unknown command 'frobnicate'")));
        const Run help = ctl({ QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        const Run opt = ctl({ QStringLiteral("drift"), QStringLiteral("check"), QStringLiteral("--bogus"),
                              QStringLiteral("1") });
        QCOMPARE(opt.exitCode, 2);
        QVERIFY2(opt.err.contains(QStringLiteral("bogus")), qPrintable(opt.err));
    }

    // Exactly the JSON bodies of SPEC.md's endpoints (the drift example follows the rule).
    void driftCheck_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("body");
        QTest::addRow("spec example")
            << QStringList { QStringLiteral("--std"), QStringLiteral("2.5"), QStringLiteral("--threshold"),
                             QStringLiteral("2.0") }
            << 0
            << QStringLiteral("{\"driftDetected\":false,\"featureStdDev\":2.5,\"threshold\":2.0,\"rule\":"
                              "\"abs(std(feature)-1) > threshold\",\"ruleResult\":1.5,\"actions\":[]}");
        QTest::addRow("drift, default threshold")
            << QStringList { QStringLiteral("--std"), QStringLiteral("3.5") } << 1
            << QStringLiteral("{\"driftDetected\":true,\"featureStdDev\":3.5,\"threshold\":2.0,\"rule\":"
                              "\"abs(std(feature)-1) > "
                              "threshold\",\"ruleResult\":2.5,\"actions\":[\"RLController.retrain()\","
                              "\"AutoFixAgents.pause()\"]}");
    }
    void driftCheck()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, body);
        const Run r = ctl(QStringList { QStringLiteral("drift"), QStringLiteral("check") } + args);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.out, body);
    }

    void badNumbers_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("std text") << QStringList { QStringLiteral("drift"), QStringLiteral("check"),
                                                   QStringLiteral("--std"), QStringLiteral("abc") }
                                  << QStringLiteral("--std: expected a finite number, got \"abc\"");
        QTest::addRow("std nan") << QStringList { QStringLiteral("drift"), QStringLiteral("check"),
                                                  QStringLiteral("--std"), QStringLiteral("nan") }
                                 << QStringLiteral("--std: expected a finite number");
        QTest::addRow("std missing") << QStringList { QStringLiteral("drift"), QStringLiteral("check") }
                                     << QStringLiteral("--std is required");
        QTest::addRow("negative std") << QStringList { QStringLiteral("drift"), QStringLiteral("check"),
                                                       QStringLiteral("--std"), QStringLiteral("-1") }
                                      << QStringLiteral("featureStdDev: must be >= 0");
        QTest::addRow("negative cost") << QStringList { QStringLiteral("reward"),
                                                        QStringLiteral("calculate"),
                                                        QStringLiteral("--delta-visibility"),
                                                        QStringLiteral("1"),
                                                        QStringLiteral("--delta-revenue"),
                                                        QStringLiteral("1"),
                                                        QStringLiteral("--api-cost"),
                                                        QStringLiteral("-0.1") }
                                       << QStringLiteral("apiCost: must be >= 0");
        QTest::addRow("inf revenue") << QStringList { QStringLiteral("reward"),
                                                      QStringLiteral("calculate"),
                                                      QStringLiteral("--delta-visibility"),
                                                      QStringLiteral("1"),
                                                      QStringLiteral("--delta-revenue"),
                                                      QStringLiteral("inf"),
                                                      QStringLiteral("--api-cost"),
                                                      QStringLiteral("0.1") }
                                     << QStringLiteral("--delta-revenue: expected a finite number");
    }
    void badNumbers()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = ctl(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void rewardSpecExample()
    {
        const Run r = ctl({ QStringLiteral("reward"), QStringLiteral("calculate"),
                            QStringLiteral("--delta-visibility"), QStringLiteral("5.0"),
                            QStringLiteral("--delta-revenue"), QStringLiteral("1000"),
                            QStringLiteral("--api-cost"), QStringLiteral("0.10") });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(
            r.out,
            QString::fromUtf8(
                "{\"reward\":4999.9,\"rewardFunction\":\"ΔVisibility * ΔRevenue - "
                "API_Cost\",\"inputs\":{\"deltaVisibility\":5.0,"
                "\"deltaRevenue\":1000,\"apiCost\":0.1},\"meetsThreshold\":true,\"minRewardThreshold\":1.2,"
                "\"recommendation\":\"Action approved - meets reward threshold\"}"));
        const Run below = ctl({ QStringLiteral("reward"), QStringLiteral("calculate"),
                                QStringLiteral("--delta-visibility"), QStringLiteral("0.1"),
                                QStringLiteral("--delta-revenue"), QStringLiteral("1"),
                                QStringLiteral("--api-cost"), QStringLiteral("0.1") });
        QCOMPARE(below.exitCode, 1);
        QVERIFY(below.out.contains(QStringLiteral("\"meetsThreshold\":false")));
        QVERIFY(below.out.contains(QStringLiteral("Action rejected - below reward threshold")));
    }

    void spec()
    {
        QTemporaryDir dir;
        const Run defaults = ctl({ QStringLiteral("spec"), QStringLiteral("defaults") });
        QCOMPARE(defaults.exitCode, 0);
        const auto j = nlohmann::json::parse(defaults.out.toStdString());
        QCOMPARE(j["governance"]["maxApiCostPerDealerMonth"].get<double>(), 0.15);
        QCOMPARE(j["components"]["driftSentinel"]["threshold"].get<double>(), 2.0);
        // What `spec defaults` prints validates.
        const QString good = writeFile(dir, QStringLiteral("good.json"), defaults.out.toUtf8());
        const Run valid = ctl({ QStringLiteral("spec"), QStringLiteral("validate"), good });
        QCOMPARE(valid.exitCode, 0);
        QVERIFY(valid.out.endsWith(QStringLiteral(": valid")));

        const QString bad
            = writeFile(dir, QStringLiteral("bad.json"),
                        R"({"governance": {"maxApiCostPerDealerMonth": -1}, "rollout": {"canary": 0.1}})");
        const Run invalid = ctl({ QStringLiteral("spec"), QStringLiteral("validate"), bad });
        QCOMPARE(invalid.exitCode, 1);
        QVERIFY2(
            invalid.err.contains(QStringLiteral("governance.maxApiCostPerDealerMonth: must be >= 0, got -1")),
            qPrintable(invalid.err));
        QVERIFY2(invalid.err.contains(QStringLiteral("rollout.canary: unknown key")),
                 qPrintable(invalid.err));
        QVERIFY(invalid.err.contains(QStringLiteral("(2 errors)")));

        const Run missing = ctl({ QStringLiteral("spec"), QStringLiteral("validate"),
                                  dir.filePath(QStringLiteral("none.json")) });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QStringLiteral("no such file")));
    }

    // Same counts as the numpy peer on a CSV the peer wrote (tests/data/README.md).
    void driftScanMatchesNumpyPeerFixture()
    {
        QFile expected(QStringLiteral(ORCH_SOURCE_DIR "/tests/data/numpy-peer-small.expected"));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        const auto peer = peerFields(QString::fromUtf8(expected.readAll()).trimmed());
        const Run r = ctl({ QStringLiteral("drift"), QStringLiteral("scan"), QStringLiteral("--input"),
                            QStringLiteral(ORCH_SOURCE_DIR "/tests/data/numpy-peer-small.csv"),
                            QStringLiteral("--window"), QStringLiteral("24"), QStringLiteral("--baseline"),
                            QStringLiteral("96") });
        compareScanWithPeer(r, peer);
        QCOMPARE(nlohmann::json::parse(r.out.toStdString())["series"].get<int>(), 40);
    }

    // With the peer and numpy at hand, a fresh file from the peer with default window/baseline.
    void driftScanMatchesNumpyPeerLive()
    {
        const QString peerScript = QStringLiteral(ORCH_SOURCE_DIR "/../shared/bench/peers/drift_numpy.py");
        const QString python
            = QStandardPaths::findExecutable(QStringLiteral("python3"), { QStringLiteral("/usr/bin") });
        if (!QFile::exists(peerScript) || python.isEmpty())
            QSKIP(
                "the numpy peer (../shared/bench/peers/drift_numpy.py) or /usr/bin/python3 is not available");
        QProcess check;
        check.start(python, { QStringLiteral("-c"), QStringLiteral("import numpy") });
        check.waitForFinished();
        if (check.exitCode() != 0)
            QSKIP("python3-numpy is not installed");
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("peer.csv"));
        QProcess peer;
        peer.start(python,
                   { peerScript, QStringLiteral("--dealers"), QStringLiteral("3"),
                     QStringLiteral("--features"), QStringLiteral("8"), QStringLiteral("--days"),
                     QStringLiteral("12"), QStringLiteral("--seed"), QStringLiteral("4"),
                     QStringLiteral("--csv"), csv });
        QVERIFY(peer.waitForFinished(120000));
        QCOMPARE(peer.exitCode(), 0);
        const auto fields = peerFields(QString::fromUtf8(peer.readAllStandardOutput()).trimmed());
        const Run r
            = ctl({ QStringLiteral("drift"), QStringLiteral("scan"), QStringLiteral("--input"), csv });
        compareScanWithPeer(r, fields);
    }

    void driftScanErrors()
    {
        QTemporaryDir dir;
        const QString bad = writeFile(
            dir, QStringLiteral("bad.csv"),
            "dealer,feature,timestamp,value\nD1,f,2026-01-01T00:00:00Z,1.5\nD1,f,2026-01-01T00:15:00Z,abc\n");
        const Run r
            = ctl({ QStringLiteral("drift"), QStringLiteral("scan"), QStringLiteral("--input"), bad });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral(":3")) && r.err.contains(QStringLiteral("value")),
                 qPrintable(r.err));
        const Run missing = ctl({ QStringLiteral("drift"), QStringLiteral("scan"), QStringLiteral("--input"),
                                  dir.filePath(QStringLiteral("x.csv")) });
        QCOMPARE(missing.exitCode, 2);
        const Run window = ctl({ QStringLiteral("drift"), QStringLiteral("scan"), QStringLiteral("--input"),
                                 bad, QStringLiteral("--window"), QStringLiteral("1") });
        QCOMPARE(window.exitCode, 2);
        QVERIFY(window.err.contains(QStringLiteral("--window")));
    }

    void simulate()
    {
        QTemporaryDir dir;
        const Run r = ctl({ QStringLiteral("simulate"), QStringLiteral("--dealers"), QStringLiteral("4"),
                            QStringLiteral("--days"), QStringLiteral("9"), QStringLiteral("--seed"),
                            QStringLiteral("3"), QStringLiteral("--data-dir"), dir.path() });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("simulate: day 9/9 (100%)")), qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* key : { "detections", "retrains", "alerts", "decisions", "rollouts", "spend",
                                 "rewardPerWeek", "samples", "ticks" })
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["ticks"].get<int>(), 9 * 96);
        QCOMPARE(j["samples"].get<int>(), 9 * 96 * 4 * 8);
        QCOMPARE(j["end"].get<std::string>(), std::string("2026-01-09T23:45:00Z"));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("orchestrator.db"))));
        // Same seed, same result.
        QTemporaryDir again;
        const Run r2 = ctl({ QStringLiteral("simulate"), QStringLiteral("--dealers"), QStringLiteral("4"),
                             QStringLiteral("--days"), QStringLiteral("9"), QStringLiteral("--seed"),
                             QStringLiteral("3"), QStringLiteral("--data-dir"), again.path() });
        auto j2 = nlohmann::json::parse(r2.out.toStdString());
        j2.erase("dataDir");
        auto j1 = j;
        j1.erase("dataDir");
        QCOMPARE(j1.dump(), j2.dump());
        const Run bad = ctl({ QStringLiteral("simulate"), QStringLiteral("--dealers"), QStringLiteral("0"),
                              QStringLiteral("--days"), QStringLiteral("1"), QStringLiteral("--data-dir"),
                              dir.path() });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains(QStringLiteral("--dealers")));
    }

    void import()
    {
        QTemporaryDir dir;
        const QString good = writeFile(
            dir, QStringLiteral("good.csv"),
            "dealer,feature,timestamp,value\nD1,f,2026-01-01T00:00:00Z,1.5\nD1,f,2026-01-01T00:15:00Z,2\n");
        const QString bad = writeFile(
            dir, QStringLiteral("bad.jsonl"),
            "{\"dealer\":\"D2\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}\n"
            "{\"dealer\":\"D2\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:15:00\",\"value\":1}\n");
        const QString store = dir.filePath(QStringLiteral("store"));
        const Run ok = ctl({ QStringLiteral("import"), QStringLiteral("--data-dir"), store, good });
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QCOMPARE(nlohmann::json::parse(ok.out.toStdString())["inserted"].get<int>(), 2);
        const Run again = ctl({ QStringLiteral("import"), QStringLiteral("--data-dir"), store, good });
        QCOMPARE(nlohmann::json::parse(again.out.toStdString())["skippedDuplicates"].get<int>(), 2);
        const Run refused = ctl({ QStringLiteral("import"), QStringLiteral("--data-dir"), store, bad });
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("nothing was imported"))
                     && refused.err.contains(QStringLiteral(":2")),
                 qPrintable(refused.err));
    }
};

QTEST_GUILESS_MAIN(TestCtl)
#include "tst_ctl.moc"
