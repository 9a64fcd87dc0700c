#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "audit/auditlog.h"
#include "learning/adaptiveweightlearner.h"
#include "sim/fleetrunner.h"
#include "store/sqlitestore.h"

using namespace orch;

namespace {

struct Week
{
    QTemporaryDir dir;
    std::unique_ptr<FleetSession> session;
};

// A week of a 12-dealer fleet with two-day baselines, so most of the week is monitored.
std::unique_ptr<Week> runWeek(std::uint64_t seed)
{
    auto w = std::make_unique<Week>();
    OrchestratorSpec spec;
    spec.components.driftSentinel.baselineSamples = 2 * 96;
    FleetSimulator::Options fleet;
    fleet.dealers = 12;
    fleet.seed = seed;
    fleet.cleanDays = 2;
    fleet.episodesPerSeriesDay = 0.03;
    auto store = SqliteStore::open(w->dir.path());
    if (!store)
        qFatal("store: %s", qPrintable(store.error()));
    w->session = std::make_unique<FleetSession>(spec, fleet, std::move(*store));
    if (auto st = w->session->attachAudit(w->dir.path()); !st)
        qFatal("audit: %s", qPrintable(st.error()));
    if (auto st = w->session->run(7 * 96); !st)
        qFatal("run: %s", qPrintable(st.error()));
    return w;
}

} // namespace

class TestSimulatedWeek final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullWeek()
    {
        auto w = runWeek(42);
        FleetSession& s = *w->session;
        const OrchestratorCounters& c = s.orchestrator().counters();
        const FleetSimulator& sim = s.simulator();
        const TimeMs start = sim.options().start, end = s.clock().now();
        QCOMPARE(s.ticks(), qint64(7 * 96));
        QCOMPARE(end, start + 7 * kDayMs - 15 * kMinuteMs);
        QCOMPARE(c.samples, qint64(7 * 96 * 12 * 8));
        QCOMPARE(c.lateSamples, qint64(0));
        QCOMPARE(c.evaluations, qint64(7 * 96));

        // Every detection is explained by an injected episode of the same series, opened while
        // the episode was in the 24-hour window.
        auto detections = s.store().detections(start, end + 1, 10'000);
        QVERIFY(detections.ok());
        QCOMPARE(qint64(detections->size()), c.detections);
        QVERIFY2(c.detections >= 3, qPrintable(QString::number(c.detections)));
        const auto episodes = sim.episodes(start, end + 1);
        for (const Detection& d : *detections) {
            const int dealer = sim.dealers().indexOf(d.dealer);
            const int feature = FleetSimulator::features().indexOf(d.feature);
            QVERIFY(dealer >= 0 && feature >= 0);
            const bool explained
                = std::any_of(episodes.begin(), episodes.end(), [&](const FleetSimulator::Episode& e) {
                      return e.dealer == dealer && e.feature == feature && e.start <= d.openedAt
                          && d.openedAt < e.end + kDayMs;
                  });
            QVERIFY2(explained,
                     qPrintable(QStringLiteral("unexplained detection %1/%2 at %3")
                                    .arg(d.dealer, d.feature, formatIso(d.openedAt))));
        }
        // Every strong, full-day episode that ended a day before the end of the week was caught.
        for (const auto& e : episodes) {
            if (e.scale < 6.0 || e.end - e.start < kDayMs || e.end + kDayMs > end)
                continue;
            const bool caught = std::any_of(detections->begin(), detections->end(), [&](const Detection& d) {
                return d.dealer == sim.dealers()[e.dealer]
                    && d.feature == FleetSimulator::features()[e.feature] && d.openedAt >= e.start
                    && d.openedAt < e.end + kDayMs;
            });
            QVERIFY2(caught,
                     qPrintable(QStringLiteral("missed episode %1/%2 at %3")
                                    .arg(sim.dealers()[e.dealer], FleetSimulator::features()[e.feature],
                                         formatIso(e.start))));
        }

        // Each detection raised an alert and the agents were paused; retrains followed the policy.
        QCOMPARE(c.alerts, c.detections);
        QVERIFY(c.pauses >= 1);
        QVERIFY(c.retrains >= 1);
        QCOMPARE(s.orchestrator().rlController().retrains(), c.retrains);
        auto events = s.store().events(0, 100'000);
        QVERIFY(events.ok());
        const auto count = [&](const char* type) {
            return std::count_if(events->begin(), events->end(),
                                 [&](const EventRecord& e) { return e.type == QLatin1String(type); });
        };
        QCOMPARE(qint64(count("alert.raised")), c.detections);
        QCOMPARE(qint64(count("rl.retrain")), c.retrains);
        QCOMPARE(qint64(count("agents.pause")), c.pauses);
        QCOMPARE(qint64(count("alert.resolved")), c.resolved);

        // The audit trail holds every detection, and each alert, pause and retrain names its cause.
        auto records = audit::read(w->dir.path());
        QVERIFY2(records.ok(), qPrintable(records.error()));
        QHash<qint64, audit::Record> bySequence;
        for (const audit::Record& r : *records)
            bySequence.insert(r.sequence, r);
        const auto ofType = [&](const char* type) {
            return std::count_if(records->begin(), records->end(),
                                 [&](const audit::Record& r) { return r.type == QLatin1String(type); });
        };
        QCOMPARE(qint64(ofType("drift.detected")), c.detections);
        QCOMPARE(qint64(ofType("drift.resolved")), c.resolved);
        QCOMPARE(qint64(ofType("rl.retrain")), c.retrains);
        for (const audit::Record& r : *records) {
            if (r.type == QLatin1String("alert.raised") || r.type == QLatin1String("agents.pause")
                || r.type == QLatin1String("drift.resolved") || r.type == QLatin1String("rl.retrain")) {
                QVERIFY2(bySequence.contains(r.cause), qPrintable(r.type));
                QCOMPARE(bySequence.value(r.cause).type, QStringLiteral("drift.detected"));
                QCOMPARE(bySequence.value(r.cause).data.value("dealer", std::string()),
                         r.type == QLatin1String("rl.retrain")
                             ? bySequence.value(r.cause).data.value("dealer", std::string())
                             : r.data.value("dealer", std::string()));
            }
        }
        auto verified = audit::verify(w->dir.path());
        QVERIFY2(verified.ok(), qPrintable(verified.error()));
        QVERIFY2(verified->ok, qPrintable(verified->reason));

        // The components' state is in the store for other readers.
        auto rlState = s.store().state(QStringLiteral("rl-controller"));
        QVERIFY(rlState.ok() && rlState->has_value());
        const auto rlJson = nlohmann::json::parse(rlState->value().toStdString());
        QCOMPARE(rlJson["retrains"].get<qint64>(), c.retrains);
        auto agentState = s.store().state(QStringLiteral("auto-fix-agents"));
        QVERIFY(agentState.ok() && agentState->has_value());
        QCOMPARE(nlohmann::json::parse(agentState->value().toStdString())["pauses"].get<qint64>(), c.pauses);

        // Status: SPEC's shape, consistent with the engine.
        const OrchestratorStatus st = s.orchestrator().status();
        QCOMPARE(st.components.size(), 4);
        const int open = s.orchestrator().sentinel().openCount();
        QCOMPARE(st.phase, open > 0 ? QStringLiteral("degraded") : QStringLiteral("operational"));
        QCOMPARE(st.components[1].name, QStringLiteral("drift-sentinel"));
        QCOMPARE(*st.components[1].lastRun, end);
        QCOMPARE(*st.components[1].nextRun, end + 15 * kMinuteMs);
        QCOMPARE(st.components[1].status, open > 0 ? QStringLiteral("alert") : QStringLiteral("monitoring"));
        QCOMPARE(st.components[0].name, QStringLiteral("adaptive-weight-learner"));
        QCOMPARE(formatIso(*st.components[0].lastRun), QStringLiteral("2026-01-07T02:00:00Z"));
        QCOMPARE(formatIso(*st.components[0].nextRun), QStringLiteral("2026-01-08T02:00:00Z"));
        // Fixes are paused per dealer: exactly the dealers with drift open.
        QSet<QString> drifting;
        for (const SeriesSnapshot& series : s.orchestrator().sentinel().snapshot()) {
            if (series.drifting)
                drifting.insert(series.dealer);
        }
        QCOMPARE(s.orchestrator().autoFixAgents().pausedDealers(), int(drifting.size()));
        for (const QString& dealer : s.simulator().dealers())
            QCOMPARE(s.orchestrator().autoFixAgents().paused(dealer), drifting.contains(dealer));
        QCOMPARE(st.components[3].status,
                 drifting.isEmpty() ? QStringLiteral("active")
                                    : QStringLiteral("paused for %1 dealer(s)").arg(drifting.size()));
        QCOMPARE(s.orchestrator().autoFixAgents().paused(), open > 0);
        QCOMPARE(st.governance.apiCostRemaining, 0.15);
        QCOMPARE(st.governance.rewardThreshold, 1.2);
        QVERIFY(st.governance.rollbackEnabled);
    }

    // A data directory that holds a simulation continues it: time never goes backwards in the
    // store or the audit trail.
    void resumesWhereItStopped()
    {
        QTemporaryDir dir;
        FleetSimulator::Options fleet;
        fleet.dealers = 2;
        {
            auto first = FleetSession::open(dir.path(), QString(), fleet);
            QVERIFY2(first.ok(), qPrintable(first.error()));
            QVERIFY((*first)->run(2 * 96 + 5).ok());
        }
        auto second = FleetSession::open(dir.path(), QString(), fleet);
        QVERIFY2(second.ok(), qPrintable(second.error()));
        QCOMPARE((*second)->simulator().options().start, fleet.start + 2 * kDayMs + 5 * 15 * kMinuteMs);
        QVERIFY((*second)->run(96).ok());
        QCOMPARE((*second)->clock().now(), fleet.start + 3 * kDayMs + 4 * 15 * kMinuteMs);
        second->reset();
        auto verified = audit::verify(dir.path());
        QVERIFY2(verified.ok() && verified->ok,
                 qPrintable(verified.ok() ? verified->reason : verified.error()));
    }

    // The daily learner finds the fleet's true weights and publishes them once confident.
    void learnerFindsTheFleetsWeights()
    {
        QTemporaryDir dir;
        FleetSimulator::Options fleet;
        fleet.dealers = 25;
        auto session = FleetSession::open(dir.path(), QString(), fleet);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        QVERIFY((*session)->run(10 * 96).ok());
        auto posterior = learning::AdaptiveWeightLearner::readPosterior(
            dir.filePath(QStringLiteral("weight_posterior.json")));
        QVERIFY2(posterior.ok(), qPrintable(posterior.error()));
        QVERIFY(posterior->published);
        QVERIFY(posterior->confidence >= 0.95);
        QCOMPARE(formatIso(posterior->time), QStringLiteral("2026-01-10T02:00:00Z"));
        const auto& truth = FleetSimulator::trueWeights();
        QCOMPARE(posterior->coefficients.size(), truth.size());
        for (std::size_t i = 0; i < truth.size(); ++i) {
            const auto& c = posterior->coefficients[i];
            QCOMPARE(c.name, FleetSimulator::features()[int(i)]);
            QVERIFY2(
                std::fabs(c.mean - truth[i]) < 4 * c.sd,
                qPrintable(
                    QStringLiteral("%1: %2 vs %3 (sd %4)").arg(c.name).arg(c.mean).arg(truth[i]).arg(c.sd)));
        }
        const OrchestratorStatus st = (*session)->orchestrator().status();
        QVERIFY(st.components[0].confidence.has_value());
        QCOMPARE(*st.components[0].confidence, posterior->confidence);
        auto published
            = audit::read(dir.path(), audit::Filter { {}, {}, QStringLiteral("weights.published"), {} });
        QVERIFY2(published.ok(), qPrintable(published.error()));
        QVERIFY(!published->empty());
    }

    void deterministic()
    {
        auto a = runWeek(7);
        auto b = runWeek(7);
        const auto& ca = a->session->orchestrator().counters();
        const auto& cb = b->session->orchestrator().counters();
        QCOMPARE(ca.detections, cb.detections);
        QCOMPARE(ca.retrains, cb.retrains);
        QCOMPARE(ca.flaggedEvaluations, cb.flaggedEvaluations);
        auto da = a->session->store().detections(0, std::numeric_limits<TimeMs>::max(), 10'000);
        auto db = b->session->store().detections(0, std::numeric_limits<TimeMs>::max(), 10'000);
        QCOMPARE(*da, *db);
        auto c = runWeek(8);
        auto dc = c->session->store().detections(0, std::numeric_limits<TimeMs>::max(), 10'000);
        QVERIFY(*dc != *da); // another seed, another fleet
    }
};

QTEST_GUILESS_MAIN(TestSimulatedWeek)
#include "tst_simulatedweek.moc"
