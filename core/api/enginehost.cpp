#include "api/enginehost.h"

#include <chrono>

#include <QDir>
#include <QThread>
#include <QTimer>

#include "api/apilogging.h"
#include "audit/auditlog.h"
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
    if (!settings.redisUrl.isEmpty()) {
        // The hook for core/redis (issue 5 part 8): return the Redis store here once it exists.
        return fail(QStringLiteral("--redis %1: the Redis state store is not part of this build yet; "
                                   "run without --redis to keep the state in SQLite")
                        .arg(settings.redisUrl));
    }
    auto store = SqliteStore::open(settings.dataDir);
    if (!store)
        return fail(store.error());
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
        m_context, [this, &opened] { opened = open(); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
        m_context = nullptr;
        return opened;
    }
    std::lock_guard lock(m_runningMutex);
    m_running = true;
    return success();
}

Status EngineHost::open()
{
    if (!QDir().mkpath(m_settings.dataDir))
        return fail(QStringLiteral("%1: cannot create the data directory").arg(m_settings.dataDir));
    if (m_settings.simulateDealers > 0) {
        if (!m_settings.redisUrl.isEmpty()) {
            // FleetSession opens its own SQLite store; the Redis hook refuses for now.
            if (auto store = openStateStore(m_settings); !store)
                return fail(store.error());
        }
        FleetSimulator::Options fleet;
        fleet.dealers = m_settings.simulateDealers;
        fleet.seed = m_settings.seed;
        const TimeMs interval = TimeMs(fleet.intervalMinutes) * kMinuteMs;
        const TimeMs wall = m_systemClock.now();
        fleet.start = (wall - TimeMs(m_settings.warmUpDays) * kDayMs) / interval * interval;
        auto session = FleetSession::open(m_settings.dataDir, m_settings.specFile, fleet);
        if (!session)
            return fail(session.error());
        m_session = std::move(*session);
        m_warmUpUntil = wall;
        m_session->orchestrator().setSampleBatching(kWarmUpBatch);
        qCInfo(lcApi) << "simulating" << fleet.dealers << "dealers from"
                      << formatIso(m_session->clock().now());
    } else {
        OrchestratorSpec spec;
        if (!m_settings.specFile.isEmpty()) {
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
        if (auto st = m_session->tick(); !st) {
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
            if (auto st = m_session->tick(); !st) {
                qCWarning(lcApi) << "simulation tick failed:" << st.error();
                break;
            }
            ++ticks;
            if (m_settings.simTickMs > 0)
                break;
        }
        if (ticks > 0)
            publish();
        return;
    }
    if (auto st = m_orchestrator->runDue(); !st)
        qCWarning(lcApi) << "scheduled run failed:" << st.error();
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
    auto snap = std::make_shared<EngineSnapshot>();
    Orchestrator& o = orchestrator();
    snap->started = true;
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
    {
        std::lock_guard lock(m_snapshotMutex);
        m_snapshot = std::move(snap);
    }
    if (!m_waiters.empty())
        serveWaiters(false);
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
    m_audit.reset();
    m_store.reset();
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
}

} // namespace orch::api
