#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include <QString>

#include "common/result.h"
#include "common/timeutil.h"
#include "metricsstore/metricssink.h"

namespace orch {
class Clock;
class Orchestrator;
class StateStore;
struct TelemetrySpec;
} // namespace orch

namespace orch::api {

// What the daemon's telemetry has done: the sink's own figures (records, parts, uploads, retention)
// and what the engine could not hand to it. A copy: any thread.
struct TelemetryStats
{
    metrics::MetricsSinkStats sink;
    std::map<QString, qint64> rows; // records handed to the sink, by kind
    qint64 sinkErrors = 0; // record(), flush() or tick() calls that failed (the engine carried on)
    QString lastSinkError;
};

// The daemon's telemetry (docs/metrics-store.md): after every engine step it looks at what the
// orchestrator did — its counters and the fix loop's say whether anything changed — and turns that
// into rows of the metrics store: drift episodes opened and closed, rewards measured, governance
// charges and refusals, component runs (and, with ORCH_METRICS_EVENTS=1, the event log). The rows
// are read back from the state store (detections, decisions, rollouts) and the scheduler, so the
// engine itself knows nothing of the metrics store. What existed before the recorder was created
// (a previous process's records) is not written again.
//
// Lives on the engine thread, with the orchestrator and the store it reads (both must outlive
// it). A failing sink never stops the engine: failures are counted (stats(), /metrics) and logged.
class TelemetryRecorder final
{
public:
    // Opens the sink that the spec's telemetry section and the environment describe
    // (MetricsStoreSettings::fromEnvironment: the local directory under `dataDir` by default, or
    // S3 with ORCH_METRICS_S3_ENDPOINT) on `clock` (the engine's, simulated or real), and takes the
    // orchestrator's current state as the starting point. Errors name the variable or field.
    static Result<std::unique_ptr<TelemetryRecorder>> open(const TelemetrySpec& telemetry,
                                                           const QString& dataDir, const Clock& clock,
                                                           Orchestrator& orchestrator, StateStore& store);
    // With a sink of the caller's (tests).
    TelemetryRecorder(std::unique_ptr<metrics::MetricsSink> sink, bool writeEvents, const Clock& clock,
                      Orchestrator& orchestrator, StateStore& store);
    ~TelemetryRecorder();
    Q_DISABLE_COPY_MOVE(TelemetryRecorder)

    // Engine thread, after every tick or scheduled run: records what changed and ticks the sink
    // (batches waiting long enough are written; retention runs hourly on the engine clock).
    // `stepOutcome` is the step's status: the component runs of a failed step carry its error.
    void afterStep(const Status& stepOutcome = success());
    // Engine thread, at shutdown: the last rows, a flush, then up to `uploadWaitMs` for the S3
    // uploads (what is left stays in the spool for the next start).
    void close(int uploadWaitMs);

    TelemetryStats stats() const;
    QString destination() const;

private:
    struct TrackedRollout
    {
        qsizetype charged = 0; // dealers charged so far
        std::set<QString> refusals; // dealers governance refused so far
        TimeMs updatedAt = 0;
    };

    void takeBaseline();
    void collectDetections(bool force);
    void collectRewards(bool force);
    void collectSpend(bool force);
    void collectComponentRuns(const Status& stepOutcome);
    void collectEvents();
    void put(const metrics::TelemetryRecord& record);
    void sinkFailed(const QString& error);

    std::unique_ptr<metrics::MetricsSink> m_sink;
    const bool m_writeEvents;
    const Clock& m_clock;
    Orchestrator& m_orchestrator;
    StateStore& m_store;
    bool m_started = false; // the first afterStep() looks at everything

    // Detections: the episodes open (id -> openedAt) and the highest id seen.
    std::map<qint64, TimeMs> m_openDetections;
    qint64 m_detectionFloor = 0;
    qint64 m_seenOpened = -1;
    qint64 m_seenResolved = -1;
    // Rewards: decisions after m_rewardAfterId (decided from m_rewardFromAt) whose reward was
    // measured after m_lastRewardAt.
    qint64 m_rewardAfterId = 0;
    TimeMs m_rewardFromAt = 0;
    TimeMs m_lastRewardAt = 0;
    qint64 m_seenRewarded = -1;
    // Spend: active rollouts and the highest rollout id seen.
    std::map<qint64, TrackedRollout> m_rollouts;
    qint64 m_rolloutFloor = 0;
    qint64 m_seenFixActivity = -1;
    // Component runs: runs per job seen so far.
    std::map<QString, qint64> m_jobRuns;
    // Events (opt-in): the last event id written.
    qint64 m_eventAfter = 0;

    mutable std::mutex m_mutex; // guards the figures below
    std::map<QString, qint64> m_rows;
    qint64 m_sinkErrors = 0;
    QString m_lastSinkError;
    qint64 m_lastLoggedAtMs = 0; // steady ms
    qint64 m_unloggedErrors = 0;
};

} // namespace orch::api
