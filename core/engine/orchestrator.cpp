#include "engine/orchestrator.h"

#include "common/logging.h"
#include "engine/clock.h"

namespace orch {

Orchestrator::Orchestrator(const OrchestratorSpec& spec, const Clock& clock, StateStore& store)
    : m_spec(spec)
    , m_clock(clock)
    , m_store(store)
    , m_scheduler(clock)
    , m_sentinel(spec.components.driftSentinel, spec.autoRetrain, store)
    , m_governance(spec.governance, store)
    , m_rl(spec.components.rlController)
    , m_agents(spec.components.autoFixAgents)
    , m_learner(spec.components.adaptiveWeightLearner)
{
    m_scheduler.addJob(kLearnerJob, Schedule::dailyAtUtc(spec.learnerMinuteOfDay()),
                       [this](TimeMs at) { m_learner.run(at); });
    m_scheduler.addJob(kSentinelJob,
                       Schedule::every(TimeMs(spec.components.driftSentinel.intervalMinutes) * kMinuteMs),
                       [this](TimeMs at) {
                           if (auto st = runSentinel(at); !st && !m_jobError)
                               m_jobError = Error { st.error() };
                       });
}

Orchestrator::~Orchestrator()
{
    if (auto st = flushSamples(); !st)
        qCWarning(lcEngine) << "samples not stored at shutdown:" << st.error();
}

void Orchestrator::setSampleBatching(std::size_t maxPending)
{
    m_maxPending = maxPending;
}

Status Orchestrator::flushSamples()
{
    if (m_pending.empty())
        return success();
    auto st = m_store.appendSamples(m_pending);
    m_pending.clear();
    return st;
}

Status Orchestrator::ingest(std::span<const Sample> samples)
{
    if (samples.empty())
        return success();
    if (m_maxPending == 0) {
        if (auto st = m_store.appendSamples(samples); !st)
            return st;
    } else {
        m_pending.insert(m_pending.end(), samples.begin(), samples.end());
        if (m_pending.size() >= m_maxPending) {
            if (auto st = flushSamples(); !st)
                return st;
        }
    }
    for (const Sample& s : samples) {
        if (m_sentinel.ingest(s)) {
            ++m_counters.samples;
        } else {
            ++m_counters.lateSamples;
        }
    }
    // New dealers join the governance view.
    if (m_dealers.size() < m_sentinel.seriesCount()) {
        for (const SeriesSnapshot& s : m_sentinel.snapshot()) {
            if (!m_dealers.contains(s.dealer))
                m_dealers.append(s.dealer);
        }
    }
    return success();
}

Status Orchestrator::runDue()
{
    m_jobError.reset();
    m_scheduler.runDue();
    if (m_jobError)
        return *m_jobError;
    return success();
}

Status Orchestrator::record(TimeMs at, const QString& type, const QString& severity, const QString& dealer,
                            const QString& feature, qint64 cause, const QString& message)
{
    EventRecord e;
    e.at = at;
    e.type = type;
    e.severity = severity;
    e.dealer = dealer;
    e.feature = feature;
    e.causeId = cause;
    e.message = message;
    auto id = m_store.appendEvent(e);
    if (!id)
        return fail(QStringLiteral("recording event %1: %2").arg(type, id.error()));
    return success();
}

Status Orchestrator::runSentinel(TimeMs at)
{
    auto report = m_sentinel.evaluate(at);
    if (!report)
        return fail(report.error());
    ++m_counters.evaluations;
    m_counters.flaggedEvaluations += report->flagged;
    const bool alerting = !m_spec.components.driftSentinel.alertChannels.isEmpty();
    for (const Detection& d : report->opened) {
        ++m_counters.detections;
        const QString what = QStringLiteral("Drift on %1/%2: std %3, abs(std-1) = %4 > %5")
                                 .arg(d.dealer, d.feature)
                                 .arg(d.firstStd, 0, 'f', 3)
                                 .arg(std::abs(d.firstStd - 1.0), 0, 'f', 3)
                                 .arg(d.threshold, 0, 'g', 6);
        if (alerting) {
            ++m_counters.alerts;
            if (auto st = record(at, QStringLiteral("alert.raised"), QStringLiteral("warning"), d.dealer,
                                 d.feature, d.id, what);
                !st)
                return st;
        }
        if (m_agents.pause(at, d.id)) {
            ++m_counters.pauses;
            if (auto st = record(
                    at, QStringLiteral("agents.pause"), QStringLiteral("info"), d.dealer, d.feature, d.id,
                    QStringLiteral("AutoFixAgents.pause(): drift open on %1/%2").arg(d.dealer, d.feature));
                !st)
                return st;
        }
    }
    for (const Detection& d : report->closed) {
        ++m_counters.resolved;
        if (alerting) {
            if (auto st = record(
                    at, QStringLiteral("alert.resolved"), QStringLiteral("info"), d.dealer, d.feature, d.id,
                    QStringLiteral("Drift on %1/%2 resolved: std %3 after %4 flagged evaluation(s)")
                        .arg(d.dealer, d.feature)
                        .arg(d.lastStd, 0, 'f', 3)
                        .arg(d.flaggedEvaluations));
                !st)
                return st;
        }
    }
    if (!report->retrainCauses.empty()) {
        // One retrain per evaluation, whatever the number of series that asked for it.
        m_rl.retrain(at, report->retrainCauses);
        ++m_counters.retrains;
        if (auto st
            = record(at, QStringLiteral("rl.retrain"), QStringLiteral("info"), QString(), QString(),
                     report->retrainCauses.front(),
                     QStringLiteral("RLController.retrain(): %1 series met the auto-retrain policy (%2 "
                                    "consecutive detections within %3 h, >= %4 samples)")
                         .arg(report->retrainCauses.size())
                         .arg(m_spec.autoRetrain.triggerCount)
                         .arg(m_spec.autoRetrain.driftWindowHours)
                         .arg(m_spec.autoRetrain.minSampleSize));
            !st)
            return st;
    }
    const bool resumed = report->open == 0 && m_agents.resume(at);
    if (resumed) {
        if (auto st = record(at, QStringLiteral("agents.resume"), QStringLiteral("info"), QString(),
                             QString(), 0, QStringLiteral("AutoFixAgents resumed: no drift open"));
            !st)
            return st;
    }
    if (!report->retrainCauses.empty() || !report->opened.empty() || resumed)
        return saveComponentState();
    return success();
}

Status Orchestrator::saveComponentState()
{
    const auto iso = [](const std::optional<TimeMs>& t) {
        return t ? nlohmann::json(formatIso(*t).toStdString()) : nlohmann::json(nullptr);
    };
    const nlohmann::json rl { { "retrains", m_rl.retrains() },
                              { "lastRetrain", iso(m_rl.lastRetrain()) },
                              { "lastCauses", m_rl.lastCauses() } };
    const nlohmann::json agents { { "paused", m_agents.paused() },
                                  { "pauses", m_agents.pauses() },
                                  { "lastChange", iso(m_agents.lastChange()) } };
    if (auto st = m_store.putState(QStringLiteral("rl-controller"), QByteArray::fromStdString(rl.dump()));
        !st)
        return fail(QStringLiteral("saving the RLController state: ") + st.error());
    if (auto st
        = m_store.putState(QStringLiteral("auto-fix-agents"), QByteArray::fromStdString(agents.dump()));
        !st)
        return fail(QStringLiteral("saving the AutoFixAgents state: ") + st.error());
    return success();
}

OrchestratorStatus Orchestrator::status()
{
    OrchestratorStatus s;
    s.asOf = m_clock.now();
    const int open = m_sentinel.openCount();
    const bool monitoring = m_sentinel.monitoredCount() > 0;
    s.phase = !monitoring && open == 0 ? QStringLiteral("initializing")
        : open > 0                     ? QStringLiteral("degraded")
                                       : QStringLiteral("operational");

    const auto learnerJob = m_scheduler.job(kLearnerJob);
    const auto sentinelJob = m_scheduler.job(kSentinelJob);
    ComponentStatus learner;
    learner.name = QStringLiteral("adaptive-weight-learner");
    learner.status = QStringLiteral("scheduled");
    learner.lastRun = learnerJob->lastRun;
    learner.nextRun = learnerJob->nextRun;
    learner.version = m_spec.components.adaptiveWeightLearner.version;
    learner.confidence = m_learner.confidence();

    ComponentStatus sentinel;
    sentinel.name = QStringLiteral("drift-sentinel");
    sentinel.status = open > 0 ? QStringLiteral("alert")
        : monitoring           ? QStringLiteral("monitoring")
                               : QStringLiteral("initializing");
    sentinel.lastRun = sentinelJob->lastRun;
    sentinel.nextRun = sentinelJob->nextRun;
    sentinel.version = m_spec.components.driftSentinel.version;

    ComponentStatus rl;
    rl.name = QStringLiteral("rl-controller");
    rl.status = m_rl.status();
    rl.lastRun = m_rl.lastRetrain();
    rl.version = m_spec.components.rlController.version;

    ComponentStatus agents;
    agents.name = QStringLiteral("auto-fix-agents");
    agents.status = m_agents.status();
    agents.lastRun = m_agents.lastChange();
    agents.version = m_spec.components.autoFixAgents.version;

    s.components = { learner, sentinel, rl, agents };

    s.governance.rewardThreshold = m_spec.governance.minRewardThreshold;
    s.governance.rollbackEnabled = m_spec.rollback.autoRollback;
    auto remaining = m_governance.minRemaining(m_dealers, s.asOf);
    if (remaining) {
        s.governance.apiCostRemaining = *remaining;
    } else {
        qCWarning(lcEngine) << "status: governance unavailable:" << remaining.error();
        s.governance.apiCostRemaining = 0;
    }
    return s;
}

} // namespace orch
