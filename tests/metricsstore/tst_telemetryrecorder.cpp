// The daemon's telemetry (core/api/telemetryrecorder.h) on the simulated fleet: after every tick
// the recorder turns what the orchestrator did into metrics-store rows, and these rows agree with
// the state store exactly — every drift episode opened (and closed) once, every measured reward
// once, every governance charge and refusal with the ledger's running figures, every component
// run. A second recorder on the same engine (a restart) writes nothing twice. A sink whose writes
// fail never stops the engine: the failures are counted.
#include <map>
#include <set>

#include <QDir>
#include <QFile>
#include <QTest>

#include "api/telemetryrecorder.h"
#include "engine/orchestrator.h"
#include "engine/rollout.h"
#include "metricsstore/metricssink.h"
#include "metricstesthelpers.h"
#include "sim/fleetrunner.h"

using namespace orch;
using namespace orch::metrics;
using namespace metricstest;

namespace {

std::map<std::string, std::vector<nlohmann::json>> byKind(const std::vector<nlohmann::json>& records)
{
    std::map<std::string, std::vector<nlohmann::json>> out;
    for (const auto& r : records)
        out[r["kind"].get<std::string>()].push_back(r);
    return out;
}

std::set<std::string> keysOf(const nlohmann::json& j)
{
    std::set<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.insert(it.key());
    return keys;
}

} // namespace

class TestTelemetryRecorder final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FleetSession> m_session;

    MetricsStoreSettings localSettings(const QString& root) const
    {
        MetricsStoreSettings s;
        s.url = QUrl::fromLocalFile(root).toString() + u'/';
        s.writerId = QStringLiteral("test");
        return s;
    }

    std::unique_ptr<api::TelemetryRecorder> recorderAt(const QString& root)
    {
        auto sink = openMetricsSink(localSettings(root), m_session->clock());
        if (!sink)
            qFatal("%s", qPrintable(sink.error()));
        return std::make_unique<api::TelemetryRecorder>(std::move(*sink), true, m_session->clock(),
                                                        m_session->orchestrator(), m_session->store());
    }

    void run(api::TelemetryRecorder& recorder, qint64 ticks)
    {
        for (qint64 i = 0; i < ticks; ++i) {
            const Status st = m_session->tick();
            recorder.afterStep(st);
            QVERIFY2(st, qPrintable(st.error()));
        }
    }

private Q_SLOTS:
    void init()
    {
        m_dir = fastTempDir();
        QVERIFY(m_dir->isValid());
        const QString specPath = m_dir->filePath(QStringLiteral("spec.json"));
        QFile spec(specPath);
        QVERIFY(spec.open(QIODevice::WriteOnly));
        spec.write(R"({"telemetry": {"audit": {"enabled": false}}})");
        spec.close();
        FleetSimulator::Options fleet;
        fleet.dealers = 30;
        fleet.seed = 7;
        auto session = FleetSession::open(m_dir->filePath(QStringLiteral("data")), specPath, fleet);
        QVERIFY2(session, qPrintable(session.error()));
        m_session = std::move(*session);
    }

    void cleanup()
    {
        m_session.reset();
        m_dir.reset();
    }

    void rowsAgreeWithTheStore()
    {
        const QString root = m_dir->filePath(QStringLiteral("metrics"));
        const qint64 perDay = kDayMs / m_session->simulator().interval();
        {
            auto recorder = recorderAt(root);
            run(*recorder, 11 * perDay);
            if (QTest::currentTestFailed())
                return;
            recorder->close(0);
            const api::TelemetryStats stats = recorder->stats();
            QCOMPARE(stats.sinkErrors, qint64(0));
            QCOMPARE(stats.sink.recordsBuffered, qint64(0));
        }
        {
            // A restart: a new recorder on the same engine and store adds only what happens next.
            auto recorder = recorderAt(root);
            run(*recorder, 2 * perDay);
            if (QTest::currentTestFailed())
                return;
            recorder->close(0);
        }
        QVERIFY(m_session->orchestrator().flushSamples());

        std::vector<nlohmann::json> records;
        QString error;
        QVERIFY2(readAll(root, &records, &error), qPrintable(error));
        auto kinds = byKind(records);
        StateStore& store = m_session->store();
        Orchestrator& o = m_session->orchestrator();

        // Drift episodes: one "open" row each, and one "closed" row for those closed.
        auto detections
            = store.detections(std::numeric_limits<TimeMs>::min(), std::numeric_limits<TimeMs>::max(),
                               std::numeric_limits<int>::max());
        QVERIFY(detections);
        QVERIFY2(detections->size() >= 2, "the simulation opened too few drift episodes to test with");
        std::map<std::pair<qint64, std::string>, int> detectionRows;
        for (const auto& r : kinds["detections"]) {
            QCOMPARE(keysOf(r),
                     (std::set<std::string> { "at", "kind", "id", "dealer", "feature", "state", "openedAt",
                                              "closedAt", "threshold", "firstStd", "peakStd", "lastStd",
                                              "flaggedEvaluations" }));
            detectionRows[{ r["id"].get<qint64>(), r["state"].get<std::string>() }] += 1;
            const std::string at = r["at"].get<std::string>();
            QCOMPARE(at, r[r["state"] == "open" ? "openedAt" : "closedAt"].get<std::string>());
        }
        std::size_t expected = 0;
        for (const Detection& d : *detections) {
            QCOMPARE(detectionRows[std::make_pair(d.id, std::string("open"))], 1);
            ++expected;
            if (d.closedAt) {
                QCOMPARE(detectionRows[std::make_pair(d.id, std::string("closed"))], 1);
                ++expected;
            }
        }
        QCOMPARE(kinds["detections"].size(), expected);

        // Rewards: one row per measured decision, with its values.
        std::map<qint64, DecisionRecord> rewarded;
        auto decisions = store.decisions(0, std::numeric_limits<TimeMs>::min(),
                                         std::numeric_limits<TimeMs>::max(), std::numeric_limits<int>::max());
        QVERIFY(decisions);
        for (const DecisionRecord& d : *decisions)
            if (d.rewardedAt)
                rewarded[d.id] = d;
        QVERIFY2(!rewarded.empty(), "no reward was measured");
        QCOMPARE(kinds["rewards"].size(), rewarded.size());
        for (const auto& r : kinds["rewards"]) {
            const auto it = rewarded.find(r["decision"].get<qint64>());
            QVERIFY(it != rewarded.end());
            QCOMPARE(r["at"].get<std::string>(), formatIso(*it->second.rewardedAt).toStdString());
            QCOMPARE(r["reward"].get<double>(), it->second.reward);
            QCOMPARE(r["action"].get<std::string>(), it->second.action.toStdString());
            QCOMPARE(r["dealer"].get<std::string>(), it->second.dealer.toStdString());
        }

        // Spend: the charges add up to the ledger, each row continuing the previous one's
        // figures; one refusal row per dealer a rollout's governance check refused.
        QVERIFY2(!kinds["spend"].empty(), "no fix was charged");
        std::stable_sort(kinds["spend"].begin(), kinds["spend"].end(), [](const auto& a, const auto& b) {
            return a["at"].template get<std::string>() < b["at"].template get<std::string>();
        });
        std::map<std::pair<std::string, std::string>, qint64> running;
        int refusalRows = 0;
        for (const auto& r : kinds["spend"]) {
            QCOMPARE(
                keysOf(r),
                (std::set<std::string> { "at", "kind", "dealer", "action", "month", "allowed", "costMicros",
                                         "spentMicros", "capMicros", "remainingMicros", "reason" }));
            QCOMPARE(r["capMicros"].get<qint64>(), qint64(150000));
            const auto key = std::make_pair(r["dealer"].get<std::string>(), r["month"].get<std::string>());
            QCOMPARE(r["month"].get<std::string>(), r["at"].get<std::string>().substr(0, 7));
            QCOMPARE(r["spentMicros"].get<qint64>(), running[key]);
            if (r["allowed"].get<bool>()) {
                running[key] += r["costMicros"].get<qint64>();
                QCOMPARE(r["remainingMicros"].get<qint64>(), 150000 - running[key]);
            } else {
                ++refusalRows;
                QVERIFY(r["spentMicros"].get<qint64>() + r["costMicros"].get<qint64>() > 150000);
            }
        }
        for (const auto& [key, micros] : running) {
            auto spent = store.spend(QString::fromStdString(key.first), QString::fromStdString(key.second));
            QVERIFY(spent);
            QCOMPARE(*spent, micros);
        }
        auto rollouts = o.fixLoop().rollouts(false, std::numeric_limits<int>::max());
        QVERIFY(rollouts);
        int refusals = 0;
        for (const Rollout& r : *rollouts)
            refusals += int(r.refusals.size());
        QCOMPARE(refusalRows, refusals);

        // Component runs: one row per run, none twice.
        std::map<std::string, int> runs;
        for (const auto& r : kinds["component-runs"]) {
            QCOMPARE(keysOf(r),
                     (std::set<std::string> { "at", "kind", "component", "scheduledAt", "ok", "error" }));
            QVERIFY(r["ok"].get<bool>());
            runs[r["component"].get<std::string>()] += 1;
        }
        for (const Scheduler::JobInfo& job : o.scheduler().jobs())
            QCOMPARE(runs[job.name.toStdString()], int(job.runs));
        QVERIFY(runs["drift-sentinel"] > 1000);
        QVERIFY(runs["rl-controller"] >= 12);

        // Events (written here as with ORCH_METRICS_EVENTS=1): every stored event once.
        auto events = store.events(0, std::numeric_limits<int>::max());
        QVERIFY(events);
        QCOMPARE(kinds["events"].size(), events->size());
    }

    void failingWritesNeverStopTheEngine()
    {
        const QString root = m_dir->filePath(QStringLiteral("metrics"));
        auto recorder = recorderAt(root);
        // Regular files where the partition directories go: every write fails.
        for (const char* kind :
             { "kind=component-runs", "kind=detections", "kind=rewards", "kind=spend", "kind=events" }) {
            QFile blocker(QDir(root).filePath(QString::fromLatin1(kind)));
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        const qint64 perDay = kDayMs / m_session->simulator().interval();
        run(*recorder, perDay);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_session->ticks(), perDay);
        const api::TelemetryStats stats = recorder->stats();
        QVERIFY(stats.sinkErrors > 0);
        QVERIFY(stats.sink.failing);
        QVERIFY2(stats.lastSinkError.contains(QStringLiteral("kind=component-runs")),
                 qPrintable(stats.lastSinkError));
        QCOMPARE(stats.sink.partsWritten, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestTelemetryRecorder)
#include "tst_telemetryrecorder.moc"
