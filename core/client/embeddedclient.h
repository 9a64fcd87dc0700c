#pragma once

#include <memory>
#include <optional>

#include <QString>

#include "client/orchestratorclient.h"
#include "common/timeutil.h"

class QThread;
class QTemporaryDir;

namespace orch {

class FleetRunner;

struct EmbeddedOptions
{
    // Where the SQLite store lives. Empty: a fresh temporary directory removed on exit.
    QString dataDir;
    // Spec document; empty: the built-in defaults (SPEC.md's values).
    QString specFile;
    int dealers = 25;
    quint64 seed = 42;
    // Simulated start time (UTC).
    TimeMs start = 1767225600000; // 2026-01-01T00:00:00Z
    // Days simulated as fast as possible before live pacing starts, so the baselines are complete
    // and the console shows monitoring from the first minute.
    int warmUpDays = 8;
    // Wall-clock milliseconds per simulated 15-minute tick once live.
    int tickIntervalMs = 250;
    // Who decides approvals and forced actions in the audit trail; empty: the local user's
    // login name (USER / USERNAME), else "console".
    QString identity;
};

// The orchestrator core running in a worker thread the client owns (started by start(), quit and
// joined by the destructor). All calls are queued to the worker; results come back to the
// caller's thread. The GUI thread never waits on the core.
class EmbeddedClient final : public OrchestratorClient
{
    Q_OBJECT
public:
    explicit EmbeddedClient(EmbeddedOptions options, QObject* parent = nullptr);
    ~EmbeddedClient() override;
    Q_DISABLE_COPY_MOVE(EmbeddedClient)

    QString displayName() const override;
    ConnectionState connectionState() const override;
    void start() override;

    QCoro::Task<Result<Capabilities>> fetchCapabilities() override;
    QCoro::Task<Result<OrchestratorStatus>> fetchStatus() override;
    QCoro::Task<Result<OrchestratorSpec>> fetchSpec() override;
    QCoro::Task<Result<SeriesList>> fetchSeriesList() override;
    QCoro::Task<Result<SeriesPoints>> fetchSeries(SeriesQuery query) override;
    QCoro::Task<Result<DetectionList>> fetchDetections(DetectionQuery query) override;
    QCoro::Task<Result<GovernanceReport>> fetchGovernance(QString month) override;
    QCoro::Task<Result<GovernanceOutcomes>> fetchGovernanceOutcomes(QString month) override;
    QCoro::Task<Result<EventPage>> fetchEvents(EventQuery query) override;
    QCoro::Task<Result<RolloutList>> fetchRollouts(RolloutQuery query) override;
    QCoro::Task<Result<Rollout>> fetchRollout(qint64 id) override;
    QCoro::Task<Result<ApprovalList>> fetchApprovals() override;
    QCoro::Task<Result<Rollout>> decideApproval(qint64 id, bool approve, QString comment,
                                                QString requestHash = {}) override;
    QCoro::Task<Result<Rollout>> promote(qint64 id, QString comment) override;
    QCoro::Task<Result<Rollout>> rollback(qint64 id, QString comment) override;
    QCoro::Task<Result<PolicyDocument>> fetchPolicy() override;
    QCoro::Task<Result<learning::WeightPosterior>> fetchWeightPosterior() override;
    QCoro::Task<Result<audit::Checkpoint>> fetchAuditCheckpoint() override;
    QCoro::Task<Result<audit::Checkpoint>> createAuditCheckpoint() override;
    QCoro::Task<Result<AuditEntryList>> fetchAuditRecords(AuditQuery query) override;
    QCoro::Task<Result<QByteArray>> fetchAuditBundle(AuditQuery query) override;
    QCoro::Task<Result<RewardWhatIfResult>> rewardWhatIf(RewardWhatIfRequest request) override;
    QCoro::Task<Result<PolicyReplayResult>> replayPolicy(PolicyReplayRequest request) override;

    // The data directory in use (the temporary one when none was given); empty before start().
    QString dataDir() const { return m_dataDir; }

    // Simulation controls (embedded only).
    void setPaused(bool paused);
    void setTickInterval(int milliseconds);

Q_SIGNALS:
    // Warm-up progress: `done` of `total` ticks simulated.
    void warmUpProgress(int done, int total);

private:
    void setState(ConnectionState state);
    // After each tick: fetches the events after m_eventCursor and announces them.
    QCoro::Task<> pollEvents();
    // Runs `work` on the worker thread with the runner and returns its result to this thread.
    template<typename T, typename Work> QCoro::Task<Result<T>> onWorker(Work work);

    EmbeddedOptions m_options;
    ConnectionState m_state = ConnectionState::Disconnected;
    std::unique_ptr<QThread> m_thread;
    FleetRunner* m_runner = nullptr; // lives in m_thread, deleted there
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_dataDir;
    QString m_identity;
    qint64 m_eventCursor = -1; // -1: not yet positioned (events before start are not announced)
    bool m_polling = false;
};

} // namespace orch
