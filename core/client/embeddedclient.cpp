#include "client/embeddedclient.h"

#include <optional>

#include <QCoroFuture>
#include <QFuture>
#include <QPointer>
#include <QPromise>
#include <QTemporaryDir>
#include <QThread>

#include "common/logging.h"
#include "sim/fleetrunner.h"

namespace orch {

EmbeddedClient::EmbeddedClient(EmbeddedOptions options, QObject* parent)
    : OrchestratorClient(parent)
    , m_options(std::move(options))
{
    qRegisterMetaType<orch::OrchestratorStatus>();
}

EmbeddedClient::~EmbeddedClient()
{
    if (m_thread) {
        // The runner (and the SQLite connection it owns) is deleted on its own thread once the
        // event loop has finished; then the temporary data directory can go.
        m_thread->quit();
        m_thread->wait();
    }
}

QString EmbeddedClient::displayName() const
{
    return tr("Embedded · simulated fleet (%n dealer(s))", nullptr, m_options.dealers);
}

OrchestratorClient::ConnectionState EmbeddedClient::connectionState() const
{
    return m_state;
}

void EmbeddedClient::setState(ConnectionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT connectionStateChanged(state);
}

void EmbeddedClient::start()
{
    if (m_thread)
        return;
    QString dataDir = m_options.dataDir;
    if (dataDir.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>();
        if (!m_tempDir->isValid()) {
            setState(ConnectionState::Failed);
            Q_EMIT errorOccurred(
                tr("Cannot create a temporary data directory: %1").arg(m_tempDir->errorString()));
            return;
        }
        dataDir = m_tempDir->path();
    }
    FleetRunner::Settings settings;
    settings.dataDir = dataDir;
    settings.specFile = m_options.specFile;
    settings.fleet.dealers = m_options.dealers;
    settings.fleet.seed = m_options.seed;
    settings.fleet.start = m_options.start;
    settings.warmUpDays = m_options.warmUpDays;
    settings.tickIntervalMs = m_options.tickIntervalMs;

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orchestrator-core"));
    m_runner = new FleetRunner(settings);
    m_runner->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_runner, &QObject::deleteLater);
    connect(m_thread.get(), &QThread::started, m_runner, &FleetRunner::start);

    connect(m_runner, &FleetRunner::started, this, [this] { setState(ConnectionState::Connected); });
    connect(m_runner, &FleetRunner::failed, this, [this](const QString& message) {
        setState(ConnectionState::Failed);
        Q_EMIT errorOccurred(message);
    });
    connect(m_runner, &FleetRunner::warmUpProgress, this, &EmbeddedClient::warmUpProgress);
    connect(m_runner, &FleetRunner::statusAvailable, this, &OrchestratorClient::statusAvailable);
    connect(m_runner, &FleetRunner::clockChanged, this, &OrchestratorClient::clockChanged);
    connect(m_runner, &FleetRunner::errorOccurred, this, &OrchestratorClient::errorOccurred);

    setState(ConnectionState::Connecting);
    m_thread->start();
}

template<typename T, typename Work> QCoro::Task<Result<T>> EmbeddedClient::onWorker(Work work)
{
    if (!m_runner || m_state != ConnectionState::Connected)
        co_return fail(tr("The embedded orchestrator is not running."));
    // The worker fills `slot` and finishes the promise; the coroutine resumes on this thread.
    auto slot = std::make_shared<std::optional<Result<T>>>();
    auto promise = std::make_shared<QPromise<void>>();
    QFuture<void> done = promise->future();
    promise->start();
    FleetRunner* runner = m_runner;
    const bool queued = QMetaObject::invokeMethod(
        runner,
        [runner, slot, promise, work]() mutable {
            slot->emplace(work(*runner));
            promise->finish();
        },
        Qt::QueuedConnection);
    if (!queued)
        co_return fail(tr("The embedded orchestrator did not accept the request."));
    co_await done;
    if (!slot->has_value())
        co_return fail(tr("The embedded orchestrator stopped before answering."));
    co_return std::move(**slot);
}

QCoro::Task<Result<OrchestratorStatus>> EmbeddedClient::fetchStatus()
{
    return onWorker<OrchestratorStatus>([](FleetRunner& r) { return r.status(); });
}

QCoro::Task<Result<OrchestratorSpec>> EmbeddedClient::fetchSpec()
{
    return onWorker<OrchestratorSpec>([](FleetRunner& r) { return r.spec(); });
}

void EmbeddedClient::setPaused(bool paused)
{
    if (m_runner)
        QMetaObject::invokeMethod(
            m_runner, [r = m_runner, paused] { r->setPaused(paused); }, Qt::QueuedConnection);
}

void EmbeddedClient::setTickInterval(int milliseconds)
{
    if (m_runner)
        QMetaObject::invokeMethod(
            m_runner, [r = m_runner, milliseconds] { r->setTickInterval(milliseconds); },
            Qt::QueuedConnection);
}

} // namespace orch
