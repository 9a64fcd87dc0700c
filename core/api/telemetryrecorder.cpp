#include "api/telemetryrecorder.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include "engine/bandit.h"
#include "engine/clock.h"
#include "engine/fixinterfaces.h"
#include "engine/orchestrator.h"
#include "engine/rollout.h"
#include "metricsstore/metricslogging.h"
#include "metricsstore/metricsstoresettings.h"
#include "spec/orchestratorspec.h"

namespace orch::api {

namespace {

using metrics::TelemetryRecord;

constexpr TimeMs kMinTime = std::numeric_limits<TimeMs>::min();
constexpr TimeMs kMaxTime = std::numeric_limits<TimeMs>::max();
constexpr int kPage = 5000;
// New drift episodes are looked for among those opened this long before the last look (they
// open at the evaluation's time, which is never before the previous step's).
constexpr TimeMs kDetectionLookBack = 2 * kDayMs;
// A failing sink is logged at most this often (plus whenever its error changes).
constexpr qint64 kErrorLogIntervalMs = 60 * 1000;

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// What one deployment of `action` costs: the fix loop's costs (the daemon runs the defaults).
qint64 costMicros(const QString& action)
{
    const int index = bandit::actionIndex(action);
    return index < 0 ? 0 : GovernanceLedger::toMicros(kDefaultActionCosts[std::size_t(index)]);
}

// When a rollout charged (or refused) a dealer: its canary dealers when it entered canary, the
// others when it was promoted.
TimeMs historyTime(const Rollout& r, const char* event, bool last)
{
    std::optional<TimeMs> found;
    for (const Rollout::HistoryEntry& h : r.history) {
        if (h.event == QLatin1String(event)) {
            found = h.at;
            if (!last)
                break;
        }
    }
    return found.value_or(r.updatedAt);
}

struct SpendEvent
{
    TimeMs at = 0;
    QString dealer;
    QString action;
    bool allowed = false;
    QString reason; // refusals: governance's reason
};

} // namespace

Result<std::unique_ptr<TelemetryRecorder>> TelemetryRecorder::open(const TelemetrySpec& telemetry,
                                                                   const QString& dataDir, const Clock& clock,
                                                                   Orchestrator& orchestrator,
                                                                   StateStore& store)
{
    auto settings = metrics::MetricsStoreSettings::fromEnvironment(telemetry, dataDir);
    if (!settings)
        return fail(settings.error());
    auto sink = metrics::openMetricsSink(*settings, clock);
    if (!sink)
        return fail(sink.error());
    return std::make_unique<TelemetryRecorder>(std::move(*sink), settings->events, clock, orchestrator,
                                               store);
}

TelemetryRecorder::TelemetryRecorder(std::unique_ptr<metrics::MetricsSink> sink, bool writeEvents,
                                     const Clock& clock, Orchestrator& orchestrator, StateStore& store)
    : m_sink(std::move(sink))
    , m_writeEvents(writeEvents)
    , m_clock(clock)
    , m_orchestrator(orchestrator)
    , m_store(store)
{
    takeBaseline();
}

TelemetryRecorder::~TelemetryRecorder() = default; // the sink flushes when it is destroyed

QString TelemetryRecorder::destination() const
{
    return m_sink->stats().destination;
}

TelemetryStats TelemetryRecorder::stats() const
{
    TelemetryStats s;
    s.sink = m_sink->stats();
    std::lock_guard lock(m_mutex);
    s.rows = m_rows;
    s.sinkErrors = m_sinkErrors;
    s.lastSinkError = m_lastSinkError;
    return s;
}

// What is already there is not telemetry of this process: open episodes are followed (their
// closing is written), everything else is left alone.
void TelemetryRecorder::takeBaseline()
{
    const TimeMs now = m_clock.now();
    if (auto all = m_store.detections(kMinTime, kMaxTime, std::numeric_limits<int>::max())) {
        for (const Detection& d : *all) {
            m_detectionFloor = std::max(m_detectionFloor, d.id);
            if (!d.closedAt)
                m_openDetections[d.id] = d.openedAt;
        }
    } else {
        sinkFailed(QStringLiteral("telemetry: cannot read the drift episodes: ") + all.error());
    }
    m_lastRewardAt = now - 1;
    m_rewardFromAt = now - 1;
    if (auto pending = m_store.pendingOutcomes(); pending && !pending->empty()) {
        m_rewardAfterId = pending->front().id - 1;
        m_rewardFromAt = kMinTime;
    }
    if (auto records = m_store.rollouts(false, std::numeric_limits<int>::max())) {
        for (const RolloutRecord& record : *records) {
            m_rolloutFloor = std::max(m_rolloutFloor, record.id);
            if (record.state != QLatin1String("canary") && record.state != QLatin1String("awaiting-approval"))
                continue;
            auto r = Rollout::fromRecord(record);
            if (!r)
                continue;
            TrackedRollout& t = m_rollouts[record.id];
            t.charged = r->charged.size();
            for (const auto& [dealer, why] : r->refusals)
                t.refusals.insert(dealer);
            t.updatedAt = record.updatedAt;
        }
    }
    for (const Scheduler::JobInfo& job : m_orchestrator.scheduler().jobs())
        m_jobRuns[job.name] = job.runs;
    if (m_writeEvents) {
        for (;;) {
            auto events = m_store.events(m_eventAfter, kPage);
            if (!events || events->empty())
                break;
            m_eventAfter = events->back().id;
            if (int(events->size()) < kPage)
                break;
        }
    }
}

void TelemetryRecorder::afterStep(const Status& stepOutcome)
{
    const bool force = !m_started;
    m_started = true;
    collectComponentRuns(stepOutcome);
    collectDetections(force);
    collectRewards(force);
    collectSpend(force);
    if (m_writeEvents)
        collectEvents();
    if (Status st = m_sink->tick(); !st)
        sinkFailed(st.error());
}

void TelemetryRecorder::close(int uploadWaitMs)
{
    afterStep();
    if (Status st = m_sink->flush(); !st)
        sinkFailed(st.error());
    if (!m_sink->waitForUploads(uploadWaitMs)) {
        const metrics::MetricsSinkStats s = m_sink->stats();
        qCWarning(lcMetrics).noquote()
            << s.spooled
            << "metrics part(s) not yet in the store at shutdown: they stay in the "
               "spool and are sent after the next start"
            << (s.lastError.isEmpty() ? QString() : u'(' + s.lastError + u')');
    }
}

void TelemetryRecorder::put(const TelemetryRecord& record)
{
    if (Status st = m_sink->record(record); !st) {
        sinkFailed(st.error());
        return;
    }
    std::lock_guard lock(m_mutex);
    m_rows[record.kind] += 1;
}

void TelemetryRecorder::sinkFailed(const QString& error)
{
    const qint64 t = steadyMs();
    bool log = false;
    qint64 unlogged = 0;
    {
        std::lock_guard lock(m_mutex);
        m_sinkErrors += 1;
        log = error != m_lastSinkError || t - m_lastLoggedAtMs >= kErrorLogIntervalMs;
        m_lastSinkError = error;
        if (log) {
            unlogged = m_unloggedErrors;
            m_unloggedErrors = 0;
            m_lastLoggedAtMs = t;
        } else {
            m_unloggedErrors += 1;
        }
    }
    if (log)
        qCWarning(lcMetrics).noquote()
            << "telemetry not recorded (the orchestrator carries on):" << error
            << (unlogged > 0 ? QStringLiteral("(and %1 more failure(s))").arg(unlogged) : QString());
}

void TelemetryRecorder::collectComponentRuns(const Status& stepOutcome)
{
    const TimeMs now = m_clock.now();
    for (const Scheduler::JobInfo& job : m_orchestrator.scheduler().jobs()) {
        qint64& seen = m_jobRuns[job.name];
        if (job.runs > seen && job.lastRun)
            put(metrics::componentRunTelemetry(job.name, *job.lastRun, std::max(now, *job.lastRun),
                                               stepOutcome));
        seen = job.runs;
    }
}

void TelemetryRecorder::collectDetections(bool force)
{
    const OrchestratorCounters& c = m_orchestrator.counters();
    if (!force && c.detections == m_seenOpened && c.resolved == m_seenResolved)
        return;
    const TimeMs now = m_clock.now();
    TimeMs from = now - kDetectionLookBack;
    for (const auto& [id, openedAt] : m_openDetections)
        from = std::min(from, openedAt);
    auto found = m_store.detections(from, kMaxTime, std::numeric_limits<int>::max());
    if (!found) {
        sinkFailed(QStringLiteral("telemetry: cannot read the drift episodes: ") + found.error());
        return; // looked at again next step
    }
    m_seenOpened = c.detections;
    m_seenResolved = c.resolved;
    std::vector<Detection>& list = *found;
    std::sort(list.begin(), list.end(), [](const Detection& a, const Detection& b) { return a.id < b.id; });
    for (const Detection& d : list) {
        const auto open = m_openDetections.find(d.id);
        if (open == m_openDetections.end()) {
            if (d.id <= m_detectionFloor)
                continue; // before this process, or written already
            Detection opened = d;
            opened.closedAt.reset();
            put(metrics::detectionTelemetry(opened, d.openedAt));
            if (!d.closedAt)
                m_openDetections[d.id] = d.openedAt;
        }
        if (d.closedAt) {
            put(metrics::detectionTelemetry(d, *d.closedAt));
            m_openDetections.erase(d.id);
        }
        m_detectionFloor = std::max(m_detectionFloor, d.id);
    }
}

void TelemetryRecorder::collectRewards(bool force)
{
    const qint64 rewarded = m_orchestrator.fixLoop().counters().rewarded;
    if (!force && rewarded == m_seenRewarded)
        return;
    TimeMs newest = m_lastRewardAt;
    qint64 after = m_rewardAfterId;
    qint64 highest = m_rewardAfterId;
    for (;;) {
        auto page = m_store.decisions(after, m_rewardFromAt, kMaxTime, kPage);
        if (!page) {
            sinkFailed(QStringLiteral("telemetry: cannot read the decisions: ") + page.error());
            return;
        }
        for (const DecisionRecord& d : *page) {
            if (d.rewardedAt && *d.rewardedAt > m_lastRewardAt) {
                put(metrics::rewardTelemetry(d));
                newest = std::max(newest, *d.rewardedAt);
            }
            highest = std::max(highest, d.id);
        }
        if (int(page->size()) < kPage)
            break;
        after = page->back().id;
    }
    m_seenRewarded = rewarded;
    // Rewards are measured together, for every decision waiting, at one time per run of the
    // RLController: the next ones are measured later than these.
    m_lastRewardAt = newest;
    auto pending = m_store.pendingOutcomes();
    if (pending && !pending->empty()) {
        m_rewardAfterId = pending->front().id - 1;
        m_rewardFromAt = kMinTime;
    } else if (pending && highest > m_rewardAfterId) {
        m_rewardAfterId = highest;
        m_rewardFromAt = kMinTime;
    }
}

void TelemetryRecorder::collectSpend(bool force)
{
    const FixLoopCounters& f = m_orchestrator.fixLoop().counters();
    // Charges and refusals happen when a rollout starts, is refused or is promoted.
    const qint64 activity = f.rollouts + f.promotions + f.refusals + f.rollbacks + f.spendMicros;
    if (!force && activity == m_seenFixActivity)
        return;
    auto records = m_store.rollouts(false, std::numeric_limits<int>::max());
    if (!records) {
        sinkFailed(QStringLiteral("telemetry: cannot read the rollouts: ") + records.error());
        return;
    }
    m_seenFixActivity = activity;
    const qint64 lowestTracked = m_rollouts.empty() ? m_rolloutFloor : m_rollouts.begin()->first;
    std::vector<SpendEvent> events;
    qint64 floor = m_rolloutFloor;
    for (const RolloutRecord& record : *records) {
        if (record.id <= m_rolloutFloor && record.id < lowestTracked)
            continue;
        const auto tracked = m_rollouts.find(record.id);
        const bool isNew = record.id > m_rolloutFloor;
        if (!isNew && tracked == m_rollouts.end())
            continue;
        if (tracked != m_rollouts.end() && tracked->second.updatedAt == record.updatedAt)
            continue;
        floor = std::max(floor, record.id);
        auto parsed = Rollout::fromRecord(record);
        if (!parsed) {
            sinkFailed(QStringLiteral("telemetry: rollout %1: %2").arg(record.id).arg(parsed.error()));
            continue;
        }
        const Rollout& r = *parsed;
        TrackedRollout t = tracked != m_rollouts.end() ? tracked->second : TrackedRollout {};
        for (qsizetype i = t.charged; i < r.charged.size(); ++i) {
            const QString& dealer = r.charged[i];
            const bool canary = r.canary.contains(dealer);
            events.push_back({ canary ? historyTime(r, "canary", false) : historyTime(r, "promoted", true),
                               dealer, r.action, true, QString() });
        }
        for (const auto& [dealer, why] : r.refusals) {
            if (t.refusals.contains(dealer))
                continue;
            // Refused when the rollout was proposed, or later when it was promoted.
            events.push_back({ tracked == m_rollouts.end() ? r.createdAt : historyTime(r, "promoted", true),
                               dealer, r.action, false, why });
            t.refusals.insert(dealer);
        }
        t.charged = r.charged.size();
        t.updatedAt = record.updatedAt;
        if (r.active())
            m_rollouts[record.id] = std::move(t);
        else
            m_rollouts.erase(record.id);
    }
    m_rolloutFloor = floor;
    if (events.empty())
        return;
    std::stable_sort(events.begin(), events.end(),
                     [](const SpendEvent& a, const SpendEvent& b) { return a.at < b.at; });

    // The ledger's figures at each event: what the dealer had spent in that month before it.
    GovernanceLedger& ledger = m_orchestrator.governance();
    const qint64 cap = GovernanceLedger::toMicros(ledger.capDollars());
    std::map<std::pair<QString, QString>, qint64> spent; // (dealer, month) -> before the next event
    for (const SpendEvent& e : events) {
        const auto key = std::make_pair(e.dealer, monthKey(e.at));
        if (spent.contains(key))
            continue;
        auto now = ledger.spentMicros(e.dealer, e.at);
        if (!now) {
            sinkFailed(QStringLiteral("telemetry: spend of %1: %2").arg(e.dealer, now.error()));
            return;
        }
        qint64 charged = 0;
        for (const SpendEvent& other : events)
            if (other.allowed && other.dealer == e.dealer && monthKey(other.at) == key.second)
                charged += costMicros(other.action);
        spent[key] = std::max<qint64>(0, *now - charged);
    }
    for (const SpendEvent& e : events) {
        GovernanceLedger::Decision d;
        d.dealer = e.dealer;
        d.month = monthKey(e.at);
        d.allowed = e.allowed;
        d.costMicros = costMicros(e.action);
        qint64& before = spent[{ e.dealer, d.month }];
        d.spentMicros = before;
        d.capMicros = cap;
        if (e.allowed) {
            d.remainingMicros = cap - before - d.costMicros;
            d.reason = QStringLiteral("within the monthly API budget: $%1 of $%2 left after this action")
                           .arg(GovernanceLedger::toDollars(d.remainingMicros), 0, 'f', 6)
                           .arg(ledger.capDollars(), 0, 'f', 2);
            before += d.costMicros;
        } else {
            d.remainingMicros = cap - before;
            d.reason = e.reason;
        }
        put(metrics::spendTelemetry(d, e.action, e.at));
    }
}

void TelemetryRecorder::collectEvents()
{
    for (;;) {
        auto events = m_store.events(m_eventAfter, kPage);
        if (!events) {
            sinkFailed(QStringLiteral("telemetry: cannot read the events: ") + events.error());
            return;
        }
        for (const EventRecord& e : *events)
            put(metrics::eventTelemetry(e));
        if (events->empty())
            return;
        m_eventAfter = events->back().id;
        if (int(events->size()) < kPage)
            return;
    }
}

} // namespace orch::api
