#include <QTest>

#include "common/strictjson.h"
#include "engine/status.h"

using namespace orch;

class TestStatus final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The body of SPEC.md's GET /api/orchestrator/status, key for key and in order.
    void specShape()
    {
        OrchestratorStatus s;
        s.phase = QStringLiteral("operational");
        ComponentStatus c;
        c.name = QStringLiteral("adaptive-weight-learner");
        c.status = QStringLiteral("scheduled");
        c.lastRun = *parseIsoUtc(u"2025-01-15T02:00:00Z");
        c.nextRun = *parseIsoUtc(u"2025-01-16T02:00:00Z");
        c.version = QStringLiteral("1.2");
        s.components = { c };
        s.governance = { 0.15, 1.2, true };
        QCOMPARE(
            QString::fromStdString(s.toJson().dump()),
            QStringLiteral(
                "{\"phase\":\"operational\",\"components\":[{\"name\":\"adaptive-weight-learner\",\"status\":"
                "\"scheduled\",\"lastRun\":\"2025-01-15T02:00:00Z\",\"nextRun\":\"2025-01-16T02:00:00Z\","
                "\"version\":\"1.2\"}],\"governance\":{\"apiCostRemaining\":0.15,\"rewardThreshold\":1.2,"
                "\"rollbackEnabled\":true}}"));
    }

    void confidenceAndNullTimes()
    {
        OrchestratorStatus s;
        s.phase = QStringLiteral("degraded");
        ComponentStatus c;
        c.name = QStringLiteral("rl-controller");
        c.status = QStringLiteral("active");
        c.version = QStringLiteral("1.0");
        c.confidence = 0.8;
        s.components = { c };
        const auto j = s.toJson();
        QVERIFY(j["components"][0]["lastRun"].is_null());
        QVERIFY(j["components"][0]["nextRun"].is_null());
        QCOMPARE(j["components"][0]["confidence"].get<double>(), 0.8);
        auto back = OrchestratorStatus::fromJson(nlohmann::json::parse(j.dump()));
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->components, s.components);
        QCOMPARE(back->phase, s.phase);
    }

    void fromJsonRejects()
    {
        QVERIFY(!OrchestratorStatus::fromJson(nlohmann::json::parse(R"({"phase": 1})")).ok());
        auto r = OrchestratorStatus::fromJson(nlohmann::json::parse(
            R"({"phase": "x", "components": [{"name": "a", "status": "b", "version": "1", "lastRun": "yesterday"}], "governance": {}})"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(QStringLiteral("components[0].lastRun")), qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestStatus)
#include "tst_status.moc"
