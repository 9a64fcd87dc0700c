#include "engine/orchestrator.h"

#include "audit/auditlog.h"
#include "common/logging.h"
#include "engine/clock.h"

namespace orch {

Orchestrator::Orchestrator(const OrchestratorSpec& spec, const Clock& clock, StateStore& store,
                           audit::AuditLog* audit)
    : m_spec(spec)
    , m_clock(clock)
    , m_store(store)
    , m_audit(audit)
    , m_scheduler(clock)
    , m_sentinel(spec.components.driftSentinel, spec.autoRetrain, store)
    , m_governance(spec.governance, store)
    , m_rl(spec.components.rlController)
    , m_agents(spec.components.autoFixAgents)
    , m_loop(spec, store, m_rl, m_agents, m_governance,
             [this](const EventRecord& event, nlohmann::json data, qint64 cause) {
                 return record(event, std::move(data), cause);
             })
{
    m_scheduler.addJob(kLearnerJob, Schedule::dailyAtUtc(spec.learnerMinuteOfDay()), [this](TimeMs at) {
        if (auto st = runLearner(at); !st && !m_jobError)
            m_jobError = Error { st.error() };
    });
    m_scheduler.addJob(kSentinelJob,
                       Schedule::every(TimeMs(spec.components.driftSentinel.intervalMinutes) * kMinuteMs),
                       [this](TimeMs at) {
                           if (auto st = runSentinel(at); !st && !m_jobError)
                               m_jobError = Error { st.error() };
                       });
    m_scheduler.addJob(kControllerJob, Schedule::dailyAtUtc(kControllerMinuteOfDay), [this](TimeMs at) {
        if (auto st = m_loop.runDaily(at, handledDealers()); !st && !m_jobError)
            m_jobError = Error { QStringLiteral("RLController: ") + st.error() };
    });
    // The fleet-wide daily jobs run once among the orchestrators sharing a JobLock; DriftSentinel
    // watches the samples this process receives and runs everywhere.
    m_scheduler.setExclusive(kLearnerJob);
    m_scheduler.setExclusive(kControllerJob);
}

Status Orchestrator::setFixWorld(const FixLoop::World& world)
{
    m_loop.setWorld(world);
    return m_loop.restore();
}

Result<Rollout> Orchestrator::forcePromote(qint64 rolloutId, const QString& identity, const QString& comment)
{
    return m_loop.forcePromote(rolloutId, identity, comment, m_clock.now());
}

Result<Rollout> Orchestrator::forceRollback(qint64 rolloutId, const QString& identity, const QString& comment)
{
    return m_loop.forceRollback(rolloutId, identity, comment, m_clock.now());
}

Result<Rollout> Orchestrator::decideApproval(qint64 rolloutId, bool approve, const QString& identity,
                                             const QString& comment, const QString& tokenId,
                                             const QString& expectedRequestHash)
{
    return m_loop.decideApproval(rolloutId, approve, identity, comment, m_clock.now(), tokenId, expectedRequestHash);
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

QStringList Orchestrator::handledDealers() const
{
    if (!m_handles)
        return m_dealers;
    QStringList out;
    for (const QString& dealer : m_dealers) {
        if (m_handles(dealer))
            out.append(dealer);
    }
    return out;
}

Status Orchestrator::ingest(std::span<const Sample> samples)
{
    if (samples.empty())
        return success();
    if (m_handles) {
        for (const Sample& s : samples) {
            if (!m_handles(s.dealer))
                return fail(QStringLiteral("dealer %1 is not handled by this orchestrator (it belongs to a "
                                           "shard another replica holds); nothing was stored")
                                .arg(s.dealer));
        }
    }
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
    // Canaries are checked on every tick, so a promotion happens as soon as its time has come.
    if (auto st = m_loop.checkRollouts(m_clock.now()); !st)
        return fail(QStringLiteral("rollout: ") + st.error());
    return success();
}

Result<qint64> Orchestrator::record(const EventRecord& event, nlohmann::json data, qint64 auditCause)
{
    if (!event.message.isEmpty()) {
        if (auto id = m_store.appendEvent(event); !id)
            return fail(QStringLiteral("recording event %1: %2").arg(event.type, id.error()));
    }
    if (!m_audit)
        return qint64(0);
    if (!event.dealer.isEmpty())
        data["dealer"] = event.dealer.toStdString();
    if (!event.feature.isEmpty())
        data["feature"] = event.feature.toStdString();
    if (!event.message.isEmpty())
        data["message"] = event.message.toStdString();
    data["at"] = formatIso(event.at).toStdString();
    // Analysts' decisions carry their identity as the record's actor.
    QString actor = QStringLiteral("orchestrator");
    if (const auto by = data.find("by");
        by != data.end() && by->is_string() && !by->get<std::string>().empty())
        actor = QString::fromStdString(by->get<std::string>());
    // A cause this trail does not have yet came from state written next to another audit trail
    // (the RLController's state shared through Redis by another replica, or a fresh data dir):
    // keep it as data, not as a link that would break this trail's chain.
    if (auditCause > m_audit->lastSequence()) {
        qCWarning(lcEngine) << event.type << ": cause" << auditCause
                            << "is not in this audit trail (written next to another one); recorded as foreignCause";
        data["foreignCause"] = auditCause;
        auditCause = 0;
    }
    auto sequence = m_audit->append(event.type, data, auditCause, actor);
    if (!sequence)
        return fail(QStringLiteral("audit trail: %1 not recorded: %2").arg(event.type, sequence.error()));
    return *sequence;
}

namespace {

EventRecord event(TimeMs at, const char* type, const char* severity, const QString& dealer,
                  const QString& feature, qint64 detection, const QString& message)
{
    return EventRecord {
        0, at, QString::fromLatin1(type), QString::fromLatin1(severity), dealer, feature, detection, message
    };
}

// Hands an episode's alert to the sink (Slack, PagerDuty) and says in the alert's audit data
// which channels have it: the dashboard (this event), queued for delivery, or not at all and why.
nlohmann::json routeAlert(AlertSink* sink, DriftAlert alert)
{
    QStringList queued;
    QString reason = QStringLiteral("no endpoint configured");
    if (sink) {
        if (auto r = sink->raise(alert)) {
            queued = *r;
        } else {
            reason = r.error();
            qCWarning(lcEngine).noquote()
                << "alert for detection" << alert.detectionId << "not queued:" << reason;
        }
    }
    nlohmann::json delivered = nlohmann::json::array(), sent = nlohmann::json::array(),
                   undelivered = nlohmann::json::array();
    for (const QString& c : std::as_const(alert.channels)) {
        if (c == QLatin1String("dashboard"))
            delivered.push_back(c.toStdString());
        else
            (queued.contains(c) ? sent : undelivered).push_back(c.toStdString());
    }
    nlohmann::json data { { "delivered", delivered } };
    if (!sent.empty())
        data["queued"] = sent;
    if (!undelivered.empty()) {
        data["undelivered"] = undelivered;
        data["undeliveredReason"] = reason.toStdString();
    }
    return data;
}

} // namespace

Status Orchestrator::setWeightLearning(const QStringList& coefficients, ObservationSource source,
                                       const QString& outputDir)
{
    learning::LearnerOptions options;
    options.minSamplesForShiftTest = m_spec.autoRetrain.minSampleSize;
    auto learner = learning::AdaptiveWeightLearner::create(m_spec.components.adaptiveWeightLearner,
                                                           coefficients, options);
    if (!learner)
        return fail(QStringLiteral("AdaptiveWeightLearner: ") + learner.error());
    m_learner.emplace(std::move(*learner));
    m_observations = std::move(source);
    m_outputDir = outputDir;
    return success();
}

Status Orchestrator::runLearner(TimeMs at)
{
    const TimeMs from = m_lastLearnerRun.value_or(at - kDayMs);
    m_lastLearnerRun = at;
    if (!m_learner || !m_observations)
        return success();
    auto posterior = m_learner->run(at, m_observations(from, at));
    if (!posterior)
        return fail(QStringLiteral("AdaptiveWeightLearner: ") + posterior.error());
    m_posterior = *posterior;
    if (!m_outputDir.isEmpty()) {
        const QString path = m_outputDir + u'/' + m_spec.components.adaptiveWeightLearner.output;
        if (auto st = learning::AdaptiveWeightLearner::writePosterior(*posterior, path); !st)
            return fail(QStringLiteral("writing %1: %2").arg(path, st.error()));
    }
    nlohmann::json weights = nlohmann::json::object();
    for (const auto& c : posterior->coefficients)
        weights[c.name.toStdString()] = c.mean;
    auto updated = record(event(at, posterior->published ? "weights.published" : "weights.updated", "info",
                                QString(), QString(), 0, QString()),
                          { { "confidence", posterior->confidence },
                            { "confidenceFloor", posterior->confidenceFloor },
                            { "sampleCount", posterior->sampleCount },
                            { "published", posterior->published },
                            { "weights", weights } },
                          0);
    if (!updated)
        return fail(updated.error());
    if (posterior->shift.detected) {
        auto shifted = record(
            event(at, "weights.shift", "warning", QString(), QString(), 0,
                  QStringLiteral("AdaptiveWeightLearner: significant posterior shift: %1")
                      .arg(posterior->shift.reason)),
            { { "pValue", posterior->shift.pValue }, { "statistic", posterior->shift.statistic } }, *updated);
        if (!shifted)
            return fail(shifted.error());
        // SPEC: "On Drift: Triggers RLController.retrain()".
        if (m_spec.components.adaptiveWeightLearner.retrainOnDrift) {
            ++m_counters.retrains;
            if (auto st = m_loop.startRegime(at, *shifted); !st)
                return st;
        }
    }
    return success();
}

Status Orchestrator::runSentinel(TimeMs at)
{
    auto report = m_sentinel.evaluate(at);
    if (!report)
        return fail(report.error());
    ++m_counters.evaluations;
    m_counters.flaggedEvaluations += report->flagged;
    const auto& channels = m_spec.components.driftSentinel.alertChannels;
    // Every record below names its cause: the audit sequence of the detection that led to it.
    for (const Detection& d : report->opened) {
        ++m_counters.detections;
        const double ruleResult = std::abs(d.firstStd - 1.0);
        auto detected = record(event(at, "drift.detected", "warning", d.dealer, d.feature, d.id, QString()),
                               { { "detectionId", d.id },
                                 { "featureStdDev", d.firstStd },
                                 { "ruleResult", ruleResult },
                                 { "threshold", d.threshold },
                                 { "rule", "abs(std(feature)-1) > threshold" } },
                               0);
        if (!detected)
            return fail(detected.error());
        m_detectionRecords[d.id] = *detected;
        if (!channels.isEmpty()) {
            ++m_counters.alerts;
            const QString what = QStringLiteral("Drift on %1/%2: std %3, abs(std-1) = %4 > %5")
                                     .arg(d.dealer, d.feature)
                                     .arg(d.firstStd, 0, 'f', 3)
                                     .arg(ruleResult, 0, 'f', 3)
                                     .arg(d.threshold, 0, 'g', 6);
            // The dashboard channel is the event store; Slack and PagerDuty go through the sink
            // (the daemon's outbox) when one is attached.
            DriftAlert alert;
            alert.detectionId = d.id;
            alert.dealer = d.dealer;
            alert.feature = d.feature;
            alert.at = at;
            alert.summary = what;
            alert.severity = QStringLiteral("warning");
            alert.channels = channels;
            alert.details = { { "detectionId", d.id },
                              { "featureStdDev", d.firstStd },
                              { "ruleResult", ruleResult },
                              { "threshold", d.threshold },
                              { "rule", "abs(std(feature)-1) > threshold" } };
            const nlohmann::json data = routeAlert(m_alertSink, std::move(alert));
            if (auto r = record(event(at, "alert.raised", "warning", d.dealer, d.feature, d.id, what), data,
                                *detected);
                !r)
                return fail(r.error());
        }
        // Fixes are paused for this dealer while any of its series drifts.
        if (++m_openPerDealer[d.dealer] == 1 && m_agents.pause(d.dealer, at, d.id)) {
            ++m_counters.pauses;
            if (auto r = record(event(at, "agents.pause", "info", d.dealer, d.feature, d.id,
                                      QStringLiteral("AutoFixAgents.pause(): drift open on %1/%2")
                                          .arg(d.dealer, d.feature)),
                                {}, *detected);
                !r)
                return fail(r.error());
        }
    }
    for (const Detection& d : report->closed) {
        ++m_counters.resolved;
        const qint64 cause = m_detectionRecords.value(d.id);
        m_detectionRecords.remove(d.id);
        const QString what = QStringLiteral("Drift on %1/%2 resolved: std %3 after %4 flagged evaluation(s)")
                                 .arg(d.dealer, d.feature)
                                 .arg(d.lastStd, 0, 'f', 3)
                                 .arg(d.flaggedEvaluations);
        auto resolved = record(event(at, "drift.resolved", "info", d.dealer, d.feature, d.id, QString()),
                               { { "detectionId", d.id },
                                 { "featureStdDev", d.lastStd },
                                 { "peakStdDev", d.peakStd },
                                 { "flaggedEvaluations", d.flaggedEvaluations } },
                               cause);
        if (!resolved)
            return fail(resolved.error());
        if (!channels.isEmpty()) {
            DriftAlert alert;
            alert.resolve = true;
            alert.detectionId = d.id;
            alert.dealer = d.dealer;
            alert.feature = d.feature;
            alert.at = at;
            alert.summary = what;
            alert.severity = QStringLiteral("info");
            alert.channels = channels;
            alert.details = { { "detectionId", d.id },
                              { "featureStdDev", d.lastStd },
                              { "peakStdDev", d.peakStd },
                              { "flaggedEvaluations", d.flaggedEvaluations } };
            if (auto r = record(event(at, "alert.resolved", "info", d.dealer, d.feature, d.id, what),
                                routeAlert(m_alertSink, std::move(alert)), *resolved);
                !r)
                return fail(r.error());
        }
        if (auto it = m_openPerDealer.find(d.dealer); it != m_openPerDealer.end() && --*it <= 0) {
            m_openPerDealer.erase(it);
            if (m_agents.resume(d.dealer, at)) {
                if (auto r = record(event(at, "agents.resume", "info", d.dealer, QString(), d.id,
                                          QStringLiteral("AutoFixAgents resumed for %1: no drift open there")
                                              .arg(d.dealer)),
                                    {}, *resolved);
                    !r)
                    return fail(r.error());
            }
        }
    }
    if (!report->retrainCauses.empty()) {
        // One retrain per evaluation, whatever the number of series that asked for it.
        ++m_counters.retrains;
        const QString why
            = QStringLiteral("%1 series met the auto-retrain policy (%2 consecutive detections within "
                             "%3 h, >= %4 samples)")
                  .arg(report->retrainCauses.size())
                  .arg(m_spec.autoRetrain.triggerCount)
                  .arg(m_spec.autoRetrain.driftWindowHours)
                  .arg(m_spec.autoRetrain.minSampleSize);
        if (auto st = m_loop.retrain(at, report->retrainCauses,
                                     m_detectionRecords.value(report->retrainCauses.front()), why);
            !st)
            return st;
    }
    if (!report->opened.empty() || !report->closed.empty())
        return saveComponentState();
    return success();
}

Status Orchestrator::saveComponentState()
{
    const auto iso = [](const std::optional<TimeMs>& t) {
        return t ? nlohmann::json(formatIso(*t).toStdString()) : nlohmann::json(nullptr);
    };
    const nlohmann::json agents { { "paused", m_agents.paused() },
                                  { "pausedDealers", m_agents.pausedDealers() },
                                  { "pauses", m_agents.pauses() },
                                  { "lastChange", iso(m_agents.lastChange()) } };
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
    if (m_posterior)
        learner.confidence = m_posterior->confidence;

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
    const auto controllerJob = m_scheduler.job(kControllerJob);
    if (controllerJob) {
        rl.lastRun = controllerJob->lastRun;
        rl.nextRun = controllerJob->nextRun;
    }
    rl.version = m_spec.components.rlController.version;
    if (m_rl.values().observations() > 0)
        rl.confidence = m_rl.confidence();

    ComponentStatus agents;
    agents.name = QStringLiteral("auto-fix-agents");
    agents.status = m_agents.status();
    agents.lastRun = m_agents.lastChange();
    agents.version = m_spec.components.autoFixAgents.version;

    s.components = { learner, sentinel, rl, agents };

    s.governance.rewardThreshold = m_spec.governance.minRewardThreshold;
    s.governance.rollbackEnabled = m_spec.rollback.autoRollback;
    auto remaining = m_governance.minRemaining(handledDealers(), s.asOf);
    if (remaining) {
        s.governance.apiCostRemaining = *remaining;
    } else {
        qCWarning(lcEngine) << "status: governance unavailable:" << remaining.error();
        s.governance.apiCostRemaining = 0;
    }
    return s;
}

} // namespace orch
