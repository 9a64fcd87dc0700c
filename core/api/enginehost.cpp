#include "api/enginehost.h"

#include <chrono>
#include <limits>

#include <QDir>
#include <QSysInfo>
#include <QThread>
#include <QTimer>

#include "alerts/alertdispatcher.h"
#include "alerts/dispatchersink.h"
#include "api/apilogging.h"
#include "api/shardhost.h"
#include "audit/auditlog.h"
#include "redis/redisjoblock.h"
#include "redis/redisurl.h"
#include "sim/fleetrunner.h"
#include "store/sqlitestore.h"

namespace orch::api {

namespace {

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

constexpr int kWarmUpSliceTicks = 32;
constexpr std::size_t kWarmUpBatch = 50000;

} // namespace

EngineHost::EngineHost(Settings settings)
    : m_settings(std::move(settings))
    , m_snapshot(std::make_shared<EngineSnapshot>())
{ }

EngineHost::~EngineHost()
{
    stop();
}

Result<std::unique_ptr<StateStore>> EngineHost::openStateStore(const Settings& settings)
{
    auto sqlite = SqliteStore::open(settings.dataDir);
    if (!sqlite)
        return fail(sqlite.error());
    if (settings.redisUrl.isEmpty())
        return std::unique_ptr<StateStore>(std::move(*sqlite));
    auto url = RedisUrl::parse(settings.redisUrl);
    if (!url)
        return fail(QStringLiteral("--redis: ") + url.error());
    RedisStateStore::Options options;
    // A shard's state is its own (docs/sharding.md): keys and journal of "<instance>-shard-<K>".
    options.instance = settings.shard ? shardInstance(settings.instance, settings.shard->index) : settings.instance;
    options.journalPath = RedisStateStore::defaultJournalPath(settings.dataDir, options.instance);
    // Spend, though, is kept under the dealer's shard, so that the cap holds across a takeover.
    if (settings.shard)
        options.spendInstanceOf = ShardHost::spendInstances(settings.instance, settings.shard->count);
    // An unreachable Redis is not an error here (the store starts from its journal and queues);
    // a refused password or database, a bad instance name or an unusable journal are.
    auto store = RedisStateStore::open(*url, std::move(*sqlite), std::move(options));
    if (!store)
        return fail(QStringLiteral("--redis: ") + store.error());
    const RedisStoreStatus status = (*store)->status();
    qCInfo(lcApi).noquote() << "component state in Redis at" << status.endpoint << "as instance"
                            << status.instance
                            << (status.connected ? "(connected)" : "(not reachable yet: writes are queued)");
    return std::unique_ptr<StateStore>(std::move(*store));
}

Status EngineHost::start()
{
    if (m_thread)
        return fail(QStringLiteral("the engine is already running"));
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orchestrator-engine"));
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    QObject::connect(m_thread.get(), &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start();
    Status opened = success();
    QMetaObject::invokeMethod(
        m_context,
        [this, &opened] {
            opened = open();
            if (!opened)
                close(); // what did open, on its thread (a restart() may try again)
        },
        Qt::BlockingQueuedConnection);
    if (!opened) {
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
        m_context = nullptr;
        m_timer = m_waiterTimer = nullptr; // they went with the context
        return opened;
    }
    std::lock_guard lock(m_runningMutex);
    m_running = true;
    return success();
}

Status EngineHost::open()
{
    ++m_runs;
    if (!QDir().mkpath(m_settings.dataDir))
        return fail(QStringLiteral("%1: cannot create the data directory").arg(m_settings.dataDir));
    if (m_settings.simulateDealers > 0) {
        auto store = openStateStore(m_settings);
        if (!store)
            return fail(store.error());
        FleetSimulator::Options fleet;
        fleet.dealers = m_settings.simulateDealers;
        fleet.seed = m_settings.seed;
        const TimeMs interval = TimeMs(fleet.intervalMinutes) * kMinuteMs;
        const TimeMs wall = m_systemClock.now();
        fleet.start = (wall - TimeMs(m_settings.warmUpDays) * kDayMs) / interval * interval;
        auto session = m_settings.spec
            ? FleetSession::open(m_settings.dataDir, *m_settings.spec, fleet, std::move(*store))
            : FleetSession::open(m_settings.dataDir, m_settings.specFile, fleet, std::move(*store));
        if (!session)
            return fail(session.error());
        m_session = std::move(*session);
        m_warmUpUntil = wall;
        m_session->orchestrator().setSampleBatching(kWarmUpBatch);
        qCInfo(lcApi) << "simulating" << fleet.dealers << "dealers from"
                      << formatIso(m_session->clock().now());
    } else {
        OrchestratorSpec spec = m_settings.spec.value_or(OrchestratorSpec {});
        if (!m_settings.spec && !m_settings.specFile.isEmpty()) {
            auto loaded = OrchestratorSpec::fromFile(m_settings.specFile);
            if (!loaded)
                return fail(QStringLiteral("spec %1:\n%2").arg(m_settings.specFile, loaded.error()));
            spec = *loaded;
        }
        auto store = openStateStore(m_settings);
        if (!store)
            return fail(store.error());
        m_store = std::move(*store);
        if (spec.telemetry.audit.enabled) {
            audit::AuditLog::Options options;
            options.dataDir = m_settings.dataDir;
            options.clock = &m_systemClock;
            options.retentionDays = spec.telemetry.retentionDays;
            auto log = audit::AuditLog::open(options);
            if (!log)
                return fail(QStringLiteral("audit trail: ") + log.error());
            m_audit = std::move(*log);
        }
        m_orchestrator = std::make_unique<Orchestrator>(spec, m_systemClock, *m_store, m_audit.get());
        m_live = true;
    }
    if (audit::AuditLog* log = auditLog())
        m_auditAtStart = log->lastSequence();
    // Telemetry into the metrics store, on the engine's clock (simulated or real); before the
    // hooks, so that the drift episodes a previous process left open are written when they close.
    auto telemetry = TelemetryRecorder::open(
        orchestrator().spec().telemetry, m_settings.dataDir,
        m_session ? static_cast<const Clock&>(m_session->clock()) : m_systemClock, orchestrator(), store());
    if (!telemetry)
        return fail(telemetry.error());
    m_telemetry = std::move(*telemetry);
    if (auto st = attachHooks(); !st)
        return st;

    m_timer = new QTimer(m_context);
    m_waiterTimer = new QTimer(m_context);
    m_waiterTimer->setInterval(100);
    QObject::connect(m_waiterTimer, &QTimer::timeout, m_context, [this] { serveWaiters(false); });
    if (m_session) {
        QObject::connect(m_timer, &QTimer::timeout, m_context, [this] { step(); });
        QTimer::singleShot(0, m_context, [this] { warmUpSlice(); });
    } else {
        QObject::connect(m_timer, &QTimer::timeout, m_context, [this] { step(); });
        m_timer->start(1000);
    }
    publish();
    return success();
}

void EngineHost::warmUpSlice()
{
    if (!m_session)
        return;
    const TimeMs interval = m_session->simulator().interval();
    for (int i = 0; i < kWarmUpSliceTicks; ++i) {
        const TimeMs next
            = m_session->ticks() == 0 ? m_session->clock().now() : m_session->clock().now() + interval;
        if (next > m_warmUpUntil)
            break;
        const Status st = m_session->tick();
        if (m_telemetry)
            m_telemetry->afterStep(st);
        if (!st) {
            qCCritical(lcApi) << "simulation stopped:" << st.error();
            return;
        }
    }
    const TimeMs next = m_session->clock().now() + interval;
    if (next <= m_warmUpUntil) {
        publish();
        QTimer::singleShot(0, m_context, [this] { warmUpSlice(); });
        return;
    }
    m_session->orchestrator().setSampleBatching(0);
    if (auto st = m_session->orchestrator().flushSamples(); !st)
        qCWarning(lcApi) << "samples not stored:" << st.error();
    m_live = true;
    qCInfo(lcApi) << "simulation warmed up at" << formatIso(m_session->clock().now());
    publish();
    m_timer->start(m_settings.simTickMs > 0 ? m_settings.simTickMs : 1000);
}

void EngineHost::step()
{
    if (m_session) {
        // Real clock: tick for every interval that has begun; accelerated: one tick per timeout.
        const TimeMs interval = m_session->simulator().interval();
        int ticks = 0;
        while (ticks < 96) {
            const TimeMs next = m_session->clock().now() + interval;
            if (m_settings.simTickMs <= 0 && next > m_systemClock.now())
                break;
            const Status st = m_session->tick();
            if (m_telemetry)
                m_telemetry->afterStep(st);
            if (!st) {
                qCWarning(lcApi) << "simulation tick failed:" << st.error();
                break;
            }
            ++ticks;
            if (m_settings.simTickMs > 0)
                break;
        }
        if (ticks == 0 && m_telemetry)
            m_telemetry->afterStep(); // what the API did (promotions, approvals) since the last tick
        // Every step, ticks or not: the Redis and alert figures change without them.
        publish();
        return;
    }
    const Status ran = m_orchestrator->runDue();
    if (!ran)
        qCWarning(lcApi) << "scheduled run failed:" << ran.error();
    if (m_telemetry)
        m_telemetry->afterStep(ran);
    publish();
}

Status EngineHost::attachHooks()
{
    Orchestrator& o = orchestrator();
    m_redisStore = dynamic_cast<RedisStateStore*>(&store());
    if (m_settings.shard && !m_redisStore)
        return fail(QStringLiteral("sharding needs the Redis state store (--redis)"));
    if (m_redisStore && m_settings.shard) {
        // Sharded: the dealer filter, the shard leases and a job lock per shard (api/shardhost.h).
        m_shards = std::make_unique<ShardHost>(
            m_redisStore->connection(),
            ShardHost::Settings { *m_settings.shard, m_settings.instance, m_settings.shardLease,
                                  m_redisStore->status().endpoint });
        m_shards->attach(o, m_session.get(), [this] { publish(); });
    } else if (m_redisStore) {
        // The daily jobs claim their scheduled time in Redis on the store's connection.
        m_jobLock = std::make_unique<RedisJobLock>(m_redisStore->connection(), m_settings.instance);
        o.setJobLock(m_jobLock.get());
    }
    const alerts::AlertChannelsConfig& channels = m_settings.alertChannels;
    if (channels.slackEnabled() || channels.pagerDutyEnabled()) {
        // Timestamps and due times of the outbox follow the real clock, even when simulating.
        auto dispatcher = alerts::AlertDispatcher::create(
            channels, alerts::AlertDispatcher::defaultOutboxPath(m_settings.dataDir), m_systemClock);
        if (!dispatcher)
            return fail(dispatcher.error());
        m_dispatcher = std::move(*dispatcher);
        QObject::connect(m_dispatcher.get(), &alerts::AlertDispatcher::deliveryChanged, m_context, [this] {
            m_alertCountsStale = true;
            if (!m_publishQueued) {
                m_publishQueued = true;
                QTimer::singleShot(200, m_context, [this] {
                    m_publishQueued = false;
                    publish();
                });
            }
        });
        QObject::connect(m_dispatcher.get(), &alerts::AlertDispatcher::deadLettered, m_context,
                         [this](const alerts::Delivery& d) { onDeadLettered(d); });
        const bool named = m_settings.instance != QLatin1String("default");
        QString source = QStringLiteral("orchestratord@") + QSysInfo::machineHostName();
        if (named)
            source += u'/' + m_settings.instance;
        m_alertSink = std::make_unique<alerts::DispatcherAlertSink>(*m_dispatcher, source,
                                                                    named ? m_settings.instance : QString());
        o.setAlertSink(m_alertSink.get());
    }
    resolveOrphanedEpisodes();
    return success();
}

// Drift episodes still open in the store belong to the previous process: this one's DriftSentinel
// starts from new baselines and will never close them. They are closed now, and their alerts
// resolved: the dashboard gets alert.resolved, Slack and PagerDuty a resolve under the episode's
// dedup key when its trigger had been queued (its idempotency key makes a repeat a no-op).
void EngineHost::resolveOrphanedEpisodes()
{
    auto found = store().detections(std::numeric_limits<TimeMs>::min(), std::numeric_limits<TimeMs>::max(),
                                    std::numeric_limits<int>::max());
    if (!found) {
        qCWarning(lcApi).noquote() << "cannot list the open drift episodes:" << found.error();
        return;
    }
    const QStringList& channels = orchestrator().spec().components.driftSentinel.alertChannels;
    const TimeMs at = now();
    int closed = 0;
    for (Detection d : *found) {
        if (d.closedAt)
            continue;
        d.closedAt = std::max(at, d.openedAt);
        if (auto st = store().updateDetection(d); !st) {
            qCWarning(lcApi).noquote() << "cannot close drift episode" << d.id << ":" << st.error();
            continue;
        }
        ++closed;
        const QString what
            = QStringLiteral("Drift on %1/%2 closed at restart: the previous process stopped "
                             "while it was open (DriftSentinel starts again from new baselines)")
                  .arg(d.dealer, d.feature);
        if (channels.contains(QStringLiteral("dashboard"))) {
            if (auto id = store().appendEvent({ 0, at, QStringLiteral("alert.resolved"),
                                                QStringLiteral("info"), d.dealer, d.feature, d.id, what });
                !id)
                qCWarning(lcApi).noquote() << id.error();
        }
        if (!m_alertSink)
            continue;
        DriftAlert alert;
        alert.resolve = true;
        alert.detectionId = d.id;
        alert.dealer = d.dealer;
        alert.feature = d.feature;
        alert.at = at;
        alert.summary = what;
        alert.severity = QStringLiteral("info");
        alert.channels = channels;
        alert.details = { { "detectionId", d.id }, { "closedAtRestart", true } };
        auto queued = m_alertSink->triggerQueued(alert);
        if (queued && *queued) {
            if (auto r = m_alertSink->raise(alert); !r)
                qCWarning(lcApi).noquote()
                    << "resolve of drift episode" << d.id << "not queued:" << r.error();
        }
    }
    if (closed > 0)
        qCInfo(lcApi) << "closed" << closed << "drift episode(s) left open by the previous process";
}

void EngineHost::onDeadLettered(const alerts::Delivery& d)
{
    m_alertCountsStale = true;
    const qint64 detection = d.alert.customDetails.value("detectionId", qint64(0));
    const QString what
        = QStringLiteral("%1 %2 of %3 dead-lettered after %4 attempt(s): %5")
              .arg(alerts::channelName(d.channel), alerts::actionName(d.alert.action), d.alert.dedupKey)
              .arg(d.attempts)
              .arg(d.lastError);
    const TimeMs at = now();
    if (auto id
        = store().appendEvent({ 0, at, QStringLiteral("alert.dead_lettered"), QStringLiteral("critical"),
                                d.alert.dealer, d.alert.feature, detection, what });
        !id)
        qCWarning(lcApi).noquote() << "alert.dead_lettered not recorded:" << id.error();
    if (audit::AuditLog* log = auditLog()) {
        const nlohmann::json data { { "deliveryId", d.id },
                                    { "alertId", d.alertId },
                                    { "channel", alerts::channelName(d.channel).toStdString() },
                                    { "action", alerts::actionName(d.alert.action).toStdString() },
                                    { "dedupKey", d.alert.dedupKey.toStdString() },
                                    { "detectionId", detection },
                                    { "attempts", d.attempts },
                                    { "lastStatus", d.lastStatus },
                                    { "reason", d.lastError.toStdString() },
                                    { "dealer", d.alert.dealer.toStdString() },
                                    { "feature", d.alert.feature.toStdString() },
                                    { "at", formatIso(at).toStdString() } };
        if (auto seq
            = log->append(QStringLiteral("alert.dead_lettered"), data, 0, QStringLiteral("orchestrator"));
            !seq)
            qCWarning(lcApi).noquote() << "audit trail: alert.dead_lettered not recorded:" << seq.error();
    }
    publish();
}

Orchestrator& EngineHost::orchestrator()
{
    Q_ASSERT(QThread::currentThread() == m_thread.get());
    return m_session ? m_session->orchestrator() : *m_orchestrator;
}

StateStore& EngineHost::store()
{
    Q_ASSERT(QThread::currentThread() == m_thread.get());
    return m_session ? m_session->store() : *m_store;
}

audit::AuditLog* EngineHost::auditLog()
{
    return m_session ? m_session->auditLog() : m_audit.get();
}

TimeMs EngineHost::now() const
{
    return m_session ? m_session->clock().now() : m_systemClock.now();
}

Status EngineHost::ingest(std::span<const Sample> samples)
{
    auto st = orchestrator().ingest(samples);
    publish();
    return st;
}

void EngineHost::publish()
{
    if (!m_session && !m_orchestrator)
        return; // closed (a publish queued by the alert outbox may come late)
    auto snap = std::make_shared<EngineSnapshot>();
    Orchestrator& o = orchestrator();
    snap->started = true;
    snap->run = m_runs;
    snap->live = m_live;
    snap->status = o.status();
    snap->statusBody = QByteArray::fromStdString(snap->status.toJson().dump());
    snap->counters = o.counters();
    snap->fix = o.fixLoop().counters();
    snap->now = now();
    snap->simulatedDealers = m_session ? m_settings.simulateDealers : 0;
    if (const auto& posterior = o.weightPosterior()) {
        const auto previous = snapshot();
        // Serialize again only when the learner ran.
        if (previous->posteriorBody && previous->status.components.size() > 0
            && previous->status.components.front().lastRun == snap->status.components.front().lastRun)
            snap->posteriorBody = previous->posteriorBody;
        else
            snap->posteriorBody = QByteArray::fromStdString(posterior->toJson().dump());
    }
    if (audit::AuditLog* log = auditLog()) {
        snap->auditSequence = log->lastSequence();
        snap->auditSequenceAtStart = m_auditAtStart;
    }
    if (m_redisStore)
        snap->redis = m_redisStore->status();
    if (m_shards)
        snap->shard = m_shards->status();
    snap->jobs = o.scheduler().jobs();
    if (m_telemetry)
        snap->telemetry = m_telemetry->stats();
    for (alerts::Channel c : { alerts::Channel::Slack, alerts::Channel::PagerDuty })
        snap->alertChannels[c] = m_dispatcher && m_dispatcher->isConfigured(c);
    if (m_dispatcher) {
        if (m_alertCountsStale) {
            if (auto counts = m_dispatcher->counts()) {
                m_alertCounts = std::move(*counts);
                m_alertCountsStale = false;
            } else {
                qCWarning(lcApi).noquote() << counts.error();
            }
        }
        snap->alertCounts = m_alertCounts;
    }
    {
        std::lock_guard lock(m_snapshotMutex);
        m_snapshot = std::move(snap);
    }
    if (!m_waiters.empty())
        serveWaiters(false);
    if (m_settings.afterPublish)
        m_settings.afterPublish(*this);
}

std::shared_ptr<const EngineSnapshot> EngineHost::snapshot() const
{
    std::lock_guard lock(m_snapshotMutex);
    return m_snapshot;
}

bool EngineHost::post(std::function<void(EngineHost&)> work)
{
    std::lock_guard lock(m_runningMutex);
    if (!m_running || !m_context)
        return false;
    return QMetaObject::invokeMethod(
        m_context, [this, work = std::move(work)] { work(*this); }, Qt::QueuedConnection);
}

void EngineHost::waitForEvents(qint64 after, int limit, int waitMs, EventsDone done)
{
    auto events = store().events(after, limit);
    if (!events || !events->empty() || waitMs <= 0 || m_draining) {
        done(std::move(events));
        return;
    }
    if (int(m_waiters.size()) >= m_settings.maxWaiters) {
        done(fail(QStringLiteral("too many clients are waiting for events")));
        return;
    }
    m_waiters.push_back({ after, limit, steadyMs() + waitMs, std::move(done) });
    if (!m_waiterTimer->isActive())
        m_waiterTimer->start();
}

void EngineHost::serveWaiters(bool all)
{
    const qint64 t = steadyMs();
    std::vector<Waiter> waiting;
    waiting.swap(m_waiters);
    for (Waiter& w : waiting) {
        auto events = store().events(w.after, w.limit);
        if (!events || !events->empty() || all || t >= w.deadline)
            w.done(std::move(events));
        else
            m_waiters.push_back(std::move(w));
    }
    if (m_waiters.empty() && m_waiterTimer)
        m_waiterTimer->stop();
}

void EngineHost::close()
{
    serveWaiters(true);
    if (m_timer)
        m_timer->stop();
    if (m_waiterTimer)
        m_waiterTimer->stop();
    if (m_dispatcher)
        QObject::disconnect(m_dispatcher.get(), nullptr, m_context, nullptr);
    if (m_shards) {
        // Hands the shards over at once; before the store, whose Redis connection it uses.
        m_shards->releaseAll();
        m_shards.reset();
    }
    if (m_telemetry) {
        // The last rows and a flush; S3 uploads get a moment, the rest waits in the spool.
        m_telemetry->close(3000);
        m_telemetry.reset();
    }
    if (m_session) {
        if (auto st = m_session->orchestrator().flushSamples(); !st)
            qCWarning(lcApi) << "samples not stored:" << st.error();
        m_session.reset(); // saves the simulation's progress; closes the audit trail and the store
    }
    if (m_orchestrator) {
        if (auto st = m_orchestrator->flushSamples(); !st)
            qCWarning(lcApi) << "samples not stored:" << st.error();
        m_orchestrator.reset();
    }
    // After the orchestrator, which refers to them; requests still in flight stay marked in the
    // outbox and are sent again by the next start.
    m_alertSink.reset();
    m_dispatcher.reset();
    m_jobLock.reset();
    m_redisStore = nullptr;
    m_audit.reset();
    m_store.reset();
}

Status EngineHost::restart(const OrchestratorSpec& spec)
{
    stop();
    m_settings.spec = spec;
    m_live = false;
    m_publishQueued = false; // its timer went with the engine thread
    m_alertCountsStale = true;
    return start();
}

void EngineHost::drain()
{
    post([](EngineHost& host) {
        host.m_draining = true;
        host.serveWaiters(true);
    });
}

void EngineHost::stop()
{
    {
        std::lock_guard lock(m_runningMutex);
        if (!m_running)
            return;
        m_running = false;
    }
    QMetaObject::invokeMethod(
        m_context, [this] { close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_context = nullptr;
    m_timer = m_waiterTimer = nullptr; // they went with the context
}

} // namespace orch::api
