#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>

#include <QHash>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "engine/components.h"
#include "engine/driftsentinel.h"
#include "engine/enginehooks.h"
#include "engine/fixloop.h"
#include "engine/governance.h"
#include "engine/scheduler.h"
#include "engine/status.h"
#include "learning/adaptiveweightlearner.h"
#include "spec/orchestratorspec.h"
#include "store/statestore.h"

namespace orch {

class Clock;
namespace audit {
class AuditLog;
}

// Running totals, for summaries (`orchestratorctl simulate`) and later for /metrics.
struct OrchestratorCounters
{
    qint64 samples = 0; // accepted samples
    qint64 lateSamples = 0; // refused: not newer than the series' latest
    qint64 evaluations = 0; // DriftSentinel runs
    qint64 flaggedEvaluations = 0; // series evaluations that broke the rule
    qint64 detections = 0; // drift episodes opened
    qint64 resolved = 0; // drift episodes closed
    qint64 retrains = 0; // RLController.retrain() calls
    qint64 pauses = 0; // AutoFixAgents.pause() calls that paused
    qint64 alerts = 0; // alerts raised (dashboard channel)
};

// Wires the components, the policies and the scheduler around one Clock and one StateStore.
// Not a QObject and not thread-safe: it lives on one thread (the console's worker, the daemon's
// engine thread, or the caller of `orchestratorctl simulate`).
class Orchestrator final
{
public:
    // `audit` (may be null: no audit trail) receives every detection, alert, component call and
    // decision, each with the sequence of the record that caused it.
    Orchestrator(const OrchestratorSpec& spec, const Clock& clock, StateStore& store,
                 audit::AuditLog* audit = nullptr);
    Q_DISABLE_COPY_MOVE(Orchestrator)

    ~Orchestrator();

    // Where the daily learner gets its observations (the sub-signals and the outcome they explain)
    // for the day that ends at the given time, and where it writes weight_posterior.json. Without
    // a source the learner's runs are scheduled but have nothing to learn from.
    using ObservationSource = std::function<std::vector<learning::Observation>(TimeMs from, TimeMs to)>;
    Status setWeightLearning(const QStringList& coefficients, ObservationSource source,
                             const QString& outputDir);
    const std::optional<learning::WeightPosterior>& weightPosterior() const { return m_posterior; }

    // The world the learning loop acts on (contexts, outcomes, agents, verifiers, actions); loads
    // the RLController's saved state. Without it the RLController's daily job has nothing to do.
    Status setFixWorld(const FixLoop::World& world);
    FixLoop& fixLoop() { return m_loop; }

    // Analyst actions on rollouts, recorded in the audit trail with the identity and comment.
    Result<Rollout> forcePromote(qint64 rolloutId, const QString& identity, const QString& comment);
    Result<Rollout> forceRollback(qint64 rolloutId, const QString& identity, const QString& comment);
    Result<Rollout> decideApproval(qint64 rolloutId, bool approve, const QString& identity,
                                   const QString& comment, const QString& tokenId = {},
                                   const QString& expectedRequestHash = {});

    // Attaches the audit trail (before the first ingest); null detaches it.
    void setAuditLog(audit::AuditLog* audit) { m_audit = audit; }
    // The daemon's hooks (not owned; null detaches): the lock the daily jobs (learner,
    // RLController) claim before they run, and the Slack/PagerDuty channels of drift alerts.
    void setJobLock(JobLock* lock) { m_scheduler.setJobLock(lock); }
    void setAlertSink(AlertSink* sink) { m_alertSink = sink; }

    // Sharding (orchestratord --shard, docs/sharding.md): the dealers this orchestrator handles
    // now. Samples of other dealers are refused (all or nothing), and the RLController's daily
    // decisions and the status' governance consider only these. Empty (the default): all dealers.
    // Called often: keep it cheap.
    using DealerFilter = std::function<bool(const QString& dealer)>;
    void setDealerFilter(DealerFilter handles) { m_handles = std::move(handles); }
    bool handles(const QString& dealer) const { return !m_handles || m_handles(dealer); }
    // Every dealer seen so far (DriftSentinel's series), handled now or not.
    const QStringList& dealers() const { return m_dealers; }
    // The dealers seen so far that this orchestrator handles now.
    QStringList handledDealers() const;

    // Stores samples and feeds them to DriftSentinel. Samples must be in time order per series.
    Status ingest(std::span<const Sample> samples);
    // Simulations write samples in batches of up to `maxPending` (0, the default: every ingest is
    // stored before it returns). A batch is one transaction, which is what makes a simulated
    // month take seconds; flushSamples() (also run by the destructor) writes what is pending.
    void setSampleBatching(std::size_t maxPending);
    Status flushSamples();
    // Runs the scheduled jobs that are due at the clock's current time.
    Status runDue();

    OrchestratorStatus status();
    const OrchestratorCounters& counters() const { return m_counters; }
    const OrchestratorSpec& spec() const { return m_spec; }
    DriftSentinel& sentinel() { return m_sentinel; }
    GovernanceLedger& governance() { return m_governance; }
    const RLController& rlController() const { return m_rl; }
    const AutoFixAgents& autoFixAgents() const { return m_agents; }
    const Scheduler& scheduler() const { return m_scheduler; }

    static inline const QString kLearnerJob = QStringLiteral("adaptive-weight-learner");
    static inline const QString kSentinelJob = QStringLiteral("drift-sentinel");
    // The RLController's daily decisions, an hour after the learner so they use fresh weights.
    static inline const QString kControllerJob = QStringLiteral("rl-controller");
    static constexpr int kControllerMinuteOfDay = 3 * 60;

private:
    Status runSentinel(TimeMs at);
    Status runLearner(TimeMs at);
    // Component state in the store, so that what the components did is visible to other readers.
    Status saveComponentState();
    // Stores the event (when it has a message: the dashboard channel) and appends it with `data` to
    // the audit trail; returns the audit sequence (0 without a trail).
    Result<qint64> record(const EventRecord& event, nlohmann::json data, qint64 auditCause);

    OrchestratorSpec m_spec;
    const Clock& m_clock;
    StateStore& m_store;
    audit::AuditLog* m_audit;
    AlertSink* m_alertSink = nullptr;
    Scheduler m_scheduler;
    DriftSentinel m_sentinel;
    GovernanceLedger m_governance;
    RLController m_rl;
    AutoFixAgents m_agents;
    FixLoop m_loop;
    std::optional<learning::AdaptiveWeightLearner> m_learner;
    ObservationSource m_observations;
    QString m_outputDir;
    std::optional<learning::WeightPosterior> m_posterior;
    std::optional<TimeMs> m_lastLearnerRun;
    OrchestratorCounters m_counters;
    QStringList m_dealers;
    DealerFilter m_handles;
    QHash<qint64, qint64> m_detectionRecords; // open detection id -> its audit sequence
    QHash<QString, int> m_openPerDealer; // dealers with drift open -> how many series
    std::vector<Sample> m_pending;
    std::size_t m_maxPending = 0;
    std::optional<Error> m_jobError;
};

} // namespace orch
