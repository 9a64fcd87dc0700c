#include "sim/fleetrunner.h"

#include <QDir>
#include <QThread>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "common/logging.h"
#include "store/sqlitestore.h"

namespace orch {

FleetSession::FleetSession(const OrchestratorSpec& spec, const FleetSimulator::Options& fleet,
                           std::unique_ptr<StateStore> store)
    : m_simulator(fleet)
    , m_clock(fleet.start)
    , m_fixEnvironment(m_simulator)
    , m_store(std::move(store))
    , m_orchestrator(std::make_unique<Orchestrator>(spec, m_clock, *m_store))
    , m_next(fleet.start)
{ }

FleetSession::~FleetSession()
{
    if (auto st = m_orchestrator->flushSamples(); !st)
        qCWarning(lcSim) << "samples not stored:" << st.error();
    if (auto st = saveProgress(); !st)
        qCWarning(lcSim) << "simulation progress not saved:" << st.error();
    // The orchestrator refers to the store and the audit trail: destroy it first.
    m_orchestrator.reset();
}

Status FleetSession::saveProgress()
{
    const nlohmann::json progress { { "next", formatIso(m_next).toStdString() },
                                    { "dealers", m_simulator.options().dealers },
                                    { "seed", m_simulator.options().seed } };
    return m_store->putState(QString::fromLatin1(kProgressKey), QByteArray::fromStdString(progress.dump()));
}

Status FleetSession::attachAudit(const QString& dataDir)
{
    audit::AuditLog::Options options;
    options.dataDir = dataDir;
    options.clock = &m_clock;
    options.retentionDays = m_orchestrator->spec().telemetry.retentionDays;
    auto log = audit::AuditLog::open(options);
    if (!log)
        return fail(QStringLiteral("audit trail: ") + log.error());
    m_audit = std::move(*log);
    m_orchestrator->setAuditLog(m_audit.get());
    return success();
}

Status FleetSession::attachFixWorld(const QString& outputDir)
{
    FixLoop::World world;
    world.environment = &m_fixEnvironment;
    world.agents = &m_fixEnvironment;
    world.verifier = &m_fixEnvironment;
    if (!outputDir.isEmpty()) {
        m_actions = std::make_unique<OutboxActions>(QDir(outputDir).filePath(QStringLiteral("outbox")));
        world.actions = m_actions.get();
    }
    world.outputDir = outputDir;
    return m_orchestrator->setFixWorld(world);
}

Result<std::unique_ptr<FleetSession>> FleetSession::open(const QString& dataDir, const QString& specFile,
                                                         const FleetSimulator::Options& fleet,
                                                         std::unique_ptr<StateStore> store)
{
    OrchestratorSpec spec;
    if (!specFile.isEmpty()) {
        auto loaded = OrchestratorSpec::fromFile(specFile);
        if (!loaded)
            return fail(QStringLiteral("spec %1:\n%2").arg(specFile, loaded.error()));
        spec = *loaded;
    }
    return open(dataDir, spec, fleet, std::move(store));
}

Result<std::unique_ptr<FleetSession>> FleetSession::open(const QString& dataDir, const OrchestratorSpec& spec,
                                                         const FleetSimulator::Options& fleet,
                                                         std::unique_ptr<StateStore> store)
{
    if (!store) {
        auto sqlite = SqliteStore::open(dataDir);
        if (!sqlite)
            return fail(sqlite.error());
        store = std::move(*sqlite);
    }
    // A data directory that already holds a simulation continues where it stopped, so time (in
    // the store and the audit trail) never goes backwards; the baselines are learnt again.
    FleetSimulator::Options resumed = fleet;
    auto saved = store->state(QString::fromLatin1(kProgressKey));
    if (!saved)
        return fail(saved.error());
    if (saved->has_value()) {
        const auto progress = nlohmann::json::parse(saved->value().toStdString(), nullptr, false);
        const auto next = progress.is_object() && progress.value("next", nlohmann::json()).is_string()
            ? parseIsoUtc(QString::fromStdString(progress["next"].get<std::string>()))
            : std::nullopt;
        if (!next)
            return fail(QStringLiteral("%1: the saved simulation progress is unreadable").arg(dataDir));
        resumed.start = std::max(fleet.start, *next);
        qCInfo(lcSim) << "continuing the simulation in" << dataDir << "at" << formatIso(resumed.start);
    }
    auto session = std::make_unique<FleetSession>(spec, resumed, std::move(store));
    const FleetSession* self = session.get();
    if (auto st = session->orchestrator().setWeightLearning(
            FleetSimulator::features(), [self](TimeMs from, TimeMs to) { return self->observations(from, to); },
            dataDir);
        !st)
        return fail(st.error());
    if (spec.telemetry.audit.enabled) {
        if (auto st = session->attachAudit(dataDir); !st)
            return fail(st.error());
    }
    if (auto st = session->attachFixWorld(dataDir); !st)
        return fail(st.error());
    return session;
}

void FleetSession::setDealerFilter(Orchestrator::DealerFilter handles)
{
    m_handles = handles;
    m_orchestrator->setDealerFilter(std::move(handles));
}

std::vector<learning::Observation> FleetSession::observations(TimeMs from, TimeMs to) const
{
    return m_simulator.observations(from, to, m_handles);
}

Status FleetSession::tick()
{
    m_clock.advanceTo(m_next);
    std::vector<Sample> samples = m_simulator.samplesAt(m_next);
    if (m_handles)
        std::erase_if(samples, [this](const Sample& s) { return !m_handles(s.dealer); });
    if (auto st = m_orchestrator->ingest(samples); !st)
        return st;
    if (auto st = m_orchestrator->runDue(); !st)
        return st;
    m_next += m_simulator.interval();
    ++m_ticks;
    if (m_ticks % (kDayMs / m_simulator.interval()) == 0)
        return saveProgress();
    return success();
}

Status FleetSession::run(qint64 ticks, const std::function<bool(qint64)>& progress, qint64 every)
{
    for (qint64 i = 0; i < ticks; ++i) {
        if (auto st = tick(); !st)
            return st;
        if (progress && ((i + 1) % every == 0 || i + 1 == ticks) && !progress(i + 1))
            break;
    }
    return m_orchestrator->flushSamples();
}

FleetRunner::FleetRunner(Settings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{ }

FleetRunner::~FleetRunner() = default;

void FleetRunner::start()
{
    auto session = FleetSession::open(m_settings.dataDir, m_settings.specFile, m_settings.fleet);
    if (!session) {
        Q_EMIT failed(session.error());
        return;
    }
    m_session = std::move(*session);
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &FleetRunner::liveTick);
    const qint64 perDay = kDayMs / m_session->simulator().interval();
    m_warmUpTicks = qint64(m_settings.warmUpDays) * perDay;
    Q_EMIT started();
    warmUpSlice();
}

bool FleetRunner::step()
{
    if (auto st = m_session->tick(); !st) {
        qCWarning(lcSim) << "simulation stopped:" << st.error();
        Q_EMIT errorOccurred(st.error());
        if (m_timer)
            m_timer->stop();
        return false;
    }
    return true;
}

void FleetRunner::warmUpSlice()
{
    // Slices of a few simulated hours keep the worker responsive to queued requests.
    constexpr int kSlice = 16;
    for (int i = 0; i < kSlice && m_session->ticks() < m_warmUpTicks; ++i) {
        if (!step())
            return;
    }
    Q_EMIT warmUpProgress(int(m_session->ticks()), int(m_warmUpTicks));
    Q_EMIT clockChanged(m_session->clock().now());
    if (m_session->ticks() < m_warmUpTicks) {
        QTimer::singleShot(0, this, &FleetRunner::warmUpSlice);
        return;
    }
    m_live = true;
    // Live ticks are stored as they happen.
    m_session->orchestrator().setSampleBatching(0);
    if (auto st = m_session->orchestrator().flushSamples(); !st)
        Q_EMIT errorOccurred(st.error());
    if (auto s = status())
        Q_EMIT statusAvailable(*s);
    if (!m_paused)
        m_timer->start(std::max(1, m_settings.tickIntervalMs));
}

void FleetRunner::liveTick()
{
    if (!step())
        return;
    Q_EMIT clockChanged(m_session->clock().now());
    if (auto s = status())
        Q_EMIT statusAvailable(*s);
}

void FleetRunner::setPaused(bool paused)
{
    m_paused = paused;
    if (!m_timer || !m_live)
        return;
    if (paused)
        m_timer->stop();
    else
        m_timer->start(std::max(1, m_settings.tickIntervalMs));
}

void FleetRunner::setTickInterval(int milliseconds)
{
    m_settings.tickIntervalMs = std::max(1, milliseconds);
    if (m_timer && m_timer->isActive())
        m_timer->setInterval(m_settings.tickIntervalMs);
}

Result<OrchestratorStatus> FleetRunner::status()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_session)
        return fail(QStringLiteral("the embedded orchestrator is not running"));
    return m_session->orchestrator().status();
}

Result<OrchestratorSpec> FleetRunner::spec()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_session)
        return fail(QStringLiteral("the embedded orchestrator is not running"));
    return m_session->orchestrator().spec();
}

} // namespace orch
