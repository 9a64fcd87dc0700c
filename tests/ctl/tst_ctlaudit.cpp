// orchestratorctl audit ...: the trail `simulate` leaves, verified, browsed, exported and attacked.
#include <QDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "ctlprocess.h"

namespace {

std::vector<nlohmann::json> jsonLines(const QString& text)
{
    std::vector<nlohmann::json> lines;
    for (const QString& line : text.split(u'\n', Qt::SkipEmptyParts))
        lines.push_back(nlohmann::json::parse(line.toStdString()));
    return lines;
}

QStringList segments(const QString& dataDir)
{
    QDir dir(dataDir + QStringLiteral("/audit"));
    QStringList files = dir.entryList({ QStringLiteral("segment-*") }, QDir::Files, QDir::Name);
    for (QString& f : files)
        f = dir.filePath(f);
    return files;
}

} // namespace

class TestCtlAudit final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_data;

    // A fresh copy of the simulated trail for a test that damages it.
    QString copyOfTrail(const QString& name)
    {
        const QString target = m_dir.filePath(name);
        QProcess cp;
        cp.start(QStringLiteral("cp"), { QStringLiteral("-a"), m_data, target });
        cp.waitForFinished();
        return target;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_data = m_dir.filePath(QStringLiteral("fleet"));
        const Run r = ctl({ QStringLiteral("simulate"), QStringLiteral("--dealers"), QStringLiteral("6"),
                            QStringLiteral("--days"), QStringLiteral("12"), QStringLiteral("--seed"),
                            QStringLiteral("7"), QStringLiteral("--data-dir"), m_data });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(nlohmann::json::parse(r.out.toStdString())["detections"].get<int>() > 0);
    }

    void verifiesAndShows()
    {
        const Run v = ctl(
            { QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"), m_data });
        QVERIFY2(v.exitCode == 0, qPrintable(v.err + v.out));
        const auto report = nlohmann::json::parse(v.out.toStdString());
        QVERIFY(report["ok"].get<bool>());
        QVERIFY(report["records"].get<int>() > 0);

        const Run detected
            = ctl({ QStringLiteral("audit"), QStringLiteral("show"), QStringLiteral("--data-dir"), m_data,
                    QStringLiteral("--type"), QStringLiteral("drift.detected") });
        QCOMPARE(detected.exitCode, 0);
        const auto lines = jsonLines(detected.out);
        QVERIFY(!lines.empty());
        for (const auto& l : lines)
            QCOMPARE(l["type"].get<std::string>(), std::string("drift.detected"));
        // Follow the cause chain: the first detection caused its alert.
        const qint64 first = lines.front()["sequence"].get<qint64>();
        const Run caused
            = ctl({ QStringLiteral("audit"), QStringLiteral("show"), QStringLiteral("--data-dir"), m_data,
                    QStringLiteral("--cause"), QString::number(first) });
        const auto effects = jsonLines(caused.out);
        QVERIFY(std::any_of(effects.begin(), effects.end(),
                            [](const nlohmann::json& e) { return e["type"] == "alert.raised"; }));
        for (const auto& e : effects)
            QCOMPARE(e["cause"].get<qint64>(), first);

        const Run bad = ctl({ QStringLiteral("audit"), QStringLiteral("show"), QStringLiteral("--data-dir"),
                              m_data, QStringLiteral("--since"), QStringLiteral("yesterday") });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains(QStringLiteral("--since")));
    }

    void tamperedTrailFails()
    {
        const QString copy = copyOfTrail(QStringLiteral("tampered"));
        const QStringList files = segments(copy);
        QVERIFY(!files.isEmpty());
        QFile f(files.constFirst());
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 at = f.size() / 2;
        f.seek(at);
        char c = 0;
        f.getChar(&c);
        f.seek(at);
        f.putChar(char(c ^ 0x10));
        f.close();
        const Run v
            = ctl({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"), copy });
        QCOMPARE(v.exitCode, 1);
        QVERIFY2(v.err.contains(QStringLiteral("verification FAILED")), qPrintable(v.err));
        QVERIFY(!nlohmann::json::parse(v.out.toStdString())["ok"].get<bool>());
    }

    void trustedCheckpointCatchesTruncation()
    {
        const QString copy = copyOfTrail(QStringLiteral("truncated"));
        const Run cp = ctl(
            { QStringLiteral("audit"), QStringLiteral("checkpoint"), QStringLiteral("--data-dir"), copy });
        QVERIFY2(cp.exitCode == 0, qPrintable(cp.err));
        const QString kept = writeFile(m_dir, QStringLiteral("kept-checkpoint.json"), cp.out.toUtf8());
        const Run ok = ctl({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"),
                             copy, QStringLiteral("--trusted-checkpoint"), kept });
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        // Cut the last segment in half: without the kept checkpoint this could pass for a
        // shorter log; with it, the missing records are found.
        const QStringList files = segments(copy);
        QFile last(files.constLast());
        QVERIFY(last.resize(last.size() / 2));
        const Run v = ctl({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"),
                            copy, QStringLiteral("--trusted-checkpoint"), kept });
        QCOMPARE(v.exitCode, 1);
    }

    void evidenceBundle()
    {
        const QString bundle = m_dir.filePath(QStringLiteral("evidence.json"));
        const Run e
            = ctl({ QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--data-dir"), m_data,
                    QStringLiteral("--out"), bundle, QStringLiteral("--type"), QStringLiteral("drift.") });
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        const QString publicKey = m_data + QStringLiteral("/audit/keys/signing-public.pem");
        QVERIFY2(QFile::exists(publicKey), qPrintable(publicKey));
        const Run v = ctl({ QStringLiteral("audit"), QStringLiteral("verify-bundle"), bundle,
                            QStringLiteral("--public-key"), publicKey });
        QVERIFY2(v.exitCode == 0, qPrintable(v.err + v.out));
        // An altered entry fails.
        QFile f(bundle);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        const qsizetype at = text.indexOf("drift.detected");
        QVERIFY(at > 0);
        text.replace(at, 14, "drift.resolved");
        const QString altered = writeFile(m_dir, QStringLiteral("altered.json"), text);
        const Run bad = ctl({ QStringLiteral("audit"), QStringLiteral("verify-bundle"), altered,
                              QStringLiteral("--public-key"), publicKey });
        QCOMPARE(bad.exitCode, 1);
    }

    void rotateKeyAndPrune()
    {
        const QString copy = copyOfTrail(QStringLiteral("rotated"));
        const Run r = ctl(
            { QStringLiteral("audit"), QStringLiteral("rotate-key"), QStringLiteral("--data-dir"), copy });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!nlohmann::json::parse(r.out.toStdString())["keyId"].get<std::string>().empty());
        QVERIFY(ctl({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"), copy })
                    .exitCode
                == 0);
        // The simulated trail is from January 2026: far past 90 days by the real clock.
        const Run p
            = ctl({ QStringLiteral("audit"), QStringLiteral("prune"), QStringLiteral("--data-dir"), copy });
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        QVERIFY(nlohmann::json::parse(p.out.toStdString())["segmentsRemoved"].get<int>() >= 1);
        const Run after
            = ctl({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"), copy });
        QVERIFY2(after.exitCode == 0, qPrintable(after.err + after.out));
    }

    void usageErrors()
    {
        QCOMPARE(ctl({ QStringLiteral("audit"), QStringLiteral("verify") }).exitCode, 2);
        QCOMPARE(ctl({ QStringLiteral("audit"), QStringLiteral("bogus") }).exitCode, 2);
        const Run missing
            = ctl({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"),
                    m_dir.filePath(QStringLiteral("nothing-here")) });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(!missing.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCtlAudit)
#include "tst_ctlaudit.moc"
