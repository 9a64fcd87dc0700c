#include <random>
#include <set>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "audit/auditlog.h"
#include "engine/clock.h"

using namespace orch;
using namespace orch::audit;

// Kills a writer with SIGKILL at random moments, 200 times, reopening the same directory each
// time: every append the child acknowledged must survive and the log must verify.
class TestAuditCrash : public QObject
{
    Q_OBJECT

private slots:
    void sigkillLoop()
    {
        QTemporaryDir tmp;
        const QString child = QCoreApplication::applicationDirPath() + QStringLiteral("/audit_crash_child");
        QVERIFY2(QFile::exists(child), qPrintable(child));
        std::mt19937 rng(7);
        std::set<qint64> acknowledged;
        SystemClock clock;
        int recoveries = 0;
        constexpr int kRuns = 200;
        for (int run = 0; run < kRuns; ++run) {
            QProcess process;
            process.start(child, { tmp.path(), QString::number(run) });
            QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
            // Odd runs die at any moment, often while opening or recovering; even runs once
            // appends are flowing.
            if (run % 2 == 0)
                process.waitForReadyRead(5000);
            QThread::usleep(std::uniform_int_distribution<int>(0, run % 2 ? 40000 : 8000)(rng));
            process.kill(); // SIGKILL
            QVERIFY(process.waitForFinished(10000));
            const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
            for (const QByteArray& line : lines) {
                if (line.isEmpty() || line == "done")
                    continue;
                QVERIFY2(!line.startsWith("error"), line.constData());
                bool ok = false;
                acknowledged.insert(line.toLongLong(&ok));
                QVERIFY2(ok, line.constData());
            }
            // Reopening runs recovery; then every acknowledged append must be there.
            AuditLog::Options o;
            o.dataDir = tmp.path();
            o.clock = &clock;
            {
                auto log = AuditLog::open(o);
                QVERIFY2(log, qPrintable(QStringLiteral("run %1: %2").arg(run).arg(log.error())));
            }
            auto report = verify(tmp.path());
            QVERIFY2(
                report && report->ok,
                qPrintable(
                    QStringLiteral("run %1: %2").arg(run).arg(report ? report->reason : report.error())));
            auto records = read(tmp.path(), { .type = QStringLiteral("crash.test") });
            QVERIFY(records);
            std::set<qint64> present;
            for (const Record& r : *records)
                present.insert(r.sequence);
            for (qint64 seq : acknowledged)
                QVERIFY2(present.count(seq),
                         qPrintable(QStringLiteral("run %1: acknowledged %2 is missing").arg(run).arg(seq)));
            recoveries = int(read(tmp.path(), { .type = QStringLiteral("audit.recovery") })->size());
        }
        qInfo("%d acknowledged appends survived %d kills; %d recoveries recorded", int(acknowledged.size()),
              kRuns, recoveries);
        QVERIFY(acknowledged.size() > 100);
        QVERIFY(recoveries > 0);
    }
};

QTEST_GUILESS_MAIN(TestAuditCrash)
#include "tst_auditcrash.moc"
