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

    QCoro::Task<Result<OrchestratorStatus>> fetchStatus() override;
    QCoro::Task<Result<OrchestratorSpec>> fetchSpec() override;

    // Simulation controls (embedded only).
    void setPaused(bool paused);
    void setTickInterval(int milliseconds);

Q_SIGNALS:
    // Warm-up progress: `done` of `total` ticks simulated.
    void warmUpProgress(int done, int total);

private:
    void setState(ConnectionState state);
    // Runs `work` on the worker thread with the runner and returns its result to this thread.
    template<typename T, typename Work> QCoro::Task<Result<T>> onWorker(Work work);

    EmbeddedOptions m_options;
    ConnectionState m_state = ConnectionState::Disconnected;
    std::unique_ptr<QThread> m_thread;
    FleetRunner* m_runner = nullptr; // lives in m_thread, deleted there
    std::unique_ptr<QTemporaryDir> m_tempDir;
};

} // namespace orch
