#pragma once

#include <QObject>
#include <QString>

#include <qcorotask.h>

#include "common/result.h"
#include "engine/status.h"
#include "spec/orchestratorspec.h"

namespace orch {

// The one interface every console view talks to, whether the orchestrator runs embedded in a
// worker thread (EmbeddedClient) or remotely behind orchestratord's HTTP API. Requests are
// coroutines that never block the caller's thread; live updates arrive as signals on the
// client's (GUI) thread.
class OrchestratorClient : public QObject
{
    Q_OBJECT
public:
    enum class ConnectionState
    {
        Disconnected,
        Connecting,
        Connected,
        Failed
    };
    Q_ENUM(ConnectionState)

    using QObject::QObject;
    ~OrchestratorClient() override = default;

    // "Embedded · simulated fleet (50 dealers)", "https://orch.example:8443", ...
    virtual QString displayName() const = 0;
    virtual ConnectionState connectionState() const = 0;

    // Starts the embedded core or connects to the remote one; progress through signals.
    virtual void start() = 0;

    virtual QCoro::Task<Result<OrchestratorStatus>> fetchStatus() = 0;
    virtual QCoro::Task<Result<OrchestratorSpec>> fetchSpec() = 0;

Q_SIGNALS:
    void connectionStateChanged(orch::OrchestratorClient::ConnectionState state);
    // Pushed on every engine tick (embedded) or poll (remote).
    void statusAvailable(const orch::OrchestratorStatus& status);
    // The orchestrator's clock (simulated or real), in ms since the epoch.
    void clockChanged(qint64 nowMs);
    void errorOccurred(const QString& message);
};

} // namespace orch
