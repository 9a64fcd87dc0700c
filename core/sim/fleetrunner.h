#pragma once

#include <functional>
#include <memory>

#include <QObject>
#include <QString>

#include "audit/auditlog.h"
#include "common/result.h"
#include "engine/clock.h"
#include "engine/orchestrator.h"
#include "sim/fleetfixenvironment.h"
#include "sim/fleetsimulator.h"

class QTimer;

namespace orch {

// The orchestrator on the simulated fleet with a simulated clock: one tick = advance the clock by
// one interval, ingest the fleet's samples for that time, run what is due. Used synchronously by
// `orchestratorctl simulate` and the tests, and by FleetRunner in the console's worker thread.
class FleetSession final
{
public:
    FleetSession(const OrchestratorSpec& spec, const FleetSimulator::Options& fleet,
                 std::unique_ptr<StateStore> store);
    ~FleetSession();
    Q_DISABLE_COPY_MOVE(FleetSession)

    // Opens the state store (`store`, or else SQLite in dataDir) and, when the spec enables it,
    // the audit trail in dataDir, and loads specFile (empty: built-in defaults).
    static Result<std::unique_ptr<FleetSession>> open(const QString& dataDir, const QString& specFile,
                                                      const FleetSimulator::Options& fleet,
                                                      std::unique_ptr<StateStore> store = nullptr);
    // The same with a spec in memory (orchestratord --kube: the custom resource's).
    static Result<std::unique_ptr<FleetSession>> open(const QString& dataDir, const OrchestratorSpec& spec,
                                                      const FleetSimulator::Options& fleet,
                                                      std::unique_ptr<StateStore> store = nullptr);

    Status tick();
    // Runs `ticks` ticks; `progress(done)` is called every `every` ticks and may return false to stop.
    Status run(qint64 ticks, const std::function<bool(qint64 done)>& progress = {}, qint64 every = 96);

    qint64 ticks() const { return m_ticks; }
    Orchestrator& orchestrator() { return *m_orchestrator; }
    SimulatedClock& clock() { return m_clock; }
    const FleetSimulator& simulator() const { return m_simulator; }
    StateStore& store() { return *m_store; }
    audit::AuditLog* auditLog() { return m_audit.get(); }
    // Opens the audit trail in dataDir/audit on this session's clock and attaches it.
    Status attachAudit(const QString& dataDir);
    // Lets the RLController act on the simulated fleet: contexts, outcomes, agent votes and
    // verifications from FleetFixEnvironment; actions into outputDir/outbox; policy_update.json
    // into outputDir (empty: no files).
    Status attachFixWorld(const QString& outputDir);
    FleetFixEnvironment& fixEnvironment() { return m_fixEnvironment; }

    // Sharding (orchestratord --shard): only the dealers `handles` accepts report samples and
    // observations, and the orchestrator refuses the others (Orchestrator::setDealerFilter). The
    // filter may change between ticks (a shard taken over or handed back). Empty: the whole fleet.
    void setDealerFilter(Orchestrator::DealerFilter handles);
    // The learner's observations of the handled dealers, for days ending in (from, to].
    std::vector<learning::Observation> observations(TimeMs from, TimeMs to) const;

    // Component-state key of the simulation's progress.
    static constexpr const char* kProgressKey = "simulation";

private:
    Status saveProgress();

    FleetSimulator m_simulator;
    SimulatedClock m_clock;
    FleetFixEnvironment m_fixEnvironment;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<audit::AuditLog> m_audit;
    std::unique_ptr<OutboxActions> m_actions;
    std::unique_ptr<Orchestrator> m_orchestrator;
    Orchestrator::DealerFilter m_handles;
    TimeMs m_next;
    qint64 m_ticks = 0;
};

// FleetSession paced for a live console: lives in a worker thread; warms up as fast as possible
// (in slices, so queued requests are answered meanwhile), then ticks every `tickIntervalMs`.
class FleetRunner final : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString dataDir;
        QString specFile;
        FleetSimulator::Options fleet;
        int warmUpDays = 8;
        int tickIntervalMs = 250;
    };

    explicit FleetRunner(Settings settings, QObject* parent = nullptr);
    ~FleetRunner() override;

    // Worker-thread calls (queued from the client).
    void start();
    void setPaused(bool paused);
    void setTickInterval(int milliseconds);
    Result<OrchestratorStatus> status();
    Result<OrchestratorSpec> spec();
    // The running session (null until start() opened it; worker thread only), for the client's
    // queries (core/client/queries.h), and the data directory it runs in.
    FleetSession* session() { return m_session.get(); }
    const QString& dataDir() const { return m_settings.dataDir; }

Q_SIGNALS:
    void started();
    void failed(const QString& message);
    void warmUpProgress(int done, int total);
    void statusAvailable(const orch::OrchestratorStatus& status);
    void clockChanged(qint64 nowMs);
    void errorOccurred(const QString& message);

private:
    void warmUpSlice();
    void liveTick();
    bool step();

    Settings m_settings;
    std::unique_ptr<FleetSession> m_session;
    QTimer* m_timer = nullptr;
    qint64 m_warmUpTicks = 0;
    bool m_paused = false;
    bool m_live = false;
};

} // namespace orch
