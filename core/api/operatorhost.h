#pragma once

#include <functional>
#include <memory>

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <nlohmann/json.hpp>

#include "api/enginehost.h"
#include "common/result.h"
#include "spec/orchestratorspec.h"

namespace orch::kube {
class OperatorMode;
}

namespace orch::api {

// `orchestratord --kube` (docs/operator.md): OperatorMode (core/kube) bound to the daemon's
// engine. The engine starts on the custom resource's spec; a new valid generation restarts it on
// the new spec (recorded as a spec.changed event and audit record, with the fields that changed);
// an invalid one is refused (the status's condition names the fields; a spec.rejected record) while
// the engine keeps running the spec in force. The engine's state goes to the status subresource
// after its publishes (at most one snapshot a second; OperatorMode rate-limits the writes).
// Lives on the daemon's main thread.
class OperatorHost final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString namespaceName; // empty: the service account's namespace file, else dealershipai
        QString name = QStringLiteral("dai-autonomic-orchestrator");
        int statusIntervalMs = 15000;
        // The service account's token, ca.crt and namespace: ORCH_KUBE_SERVICE_ACCOUNT_DIR (to run
        // outside a pod), else /var/run/secrets/kubernetes.io/serviceaccount.
        QString serviceAccountDir;
        QString specFile; // --spec: in force until the resource is read (empty: SPEC.md's defaults)
        int syncWaitMs = 15000; // how long open() waits for the first read of the resource
    };

    // Loads the fallback spec, reads the in-cluster configuration (KUBERNETES_SERVICE_HOST/PORT,
    // the service account's files), starts watching the resource and waits up to syncWaitMs for
    // the first read of it (an API server that does not answer by then: the engine starts on the
    // fallback spec, and the resource's is applied when it comes). Errors name the file or variable.
    static Result<std::unique_ptr<OperatorHost>>
    open(const Settings& settings, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
    ~OperatorHost() override;

    // The spec to start the engine on, and the hook that publishes its state: into the engine's
    // settings (EngineHost::Settings::spec and afterPublish) before it starts.
    void configure(EngineHost::Settings& engineSettings);
    // Once the engine runs: spec changes restart it from now on.
    void attach(EngineHost& engine);
    // Stops watching and publishing (before the engine stops).
    void stop();

    const OrchestratorSpec& spec() const;
    kube::OperatorMode& operatorMode() { return *m_operator; }

private:
    struct Shared;

    OperatorHost(const Settings& settings, kube::OperatorMode* mode);
    std::function<void(EngineHost&)> publishHook();
    void onSpecChanged(const OrchestratorSpec& spec);
    void onSpecRejected(const QString& message);
    // Appends an event (dashboard) and an audit record on the engine's thread.
    void record(const QString& type, const QString& severity, const QString& message, nlohmann::json data);

    Settings m_settings;
    kube::OperatorMode* m_operator; // child
    std::shared_ptr<Shared> m_shared; // with the engine thread's publish hook
    EngineHost* m_engine = nullptr;
    struct PendingRecord
    {
        QString type, severity, message;
        nlohmann::json data;
    };
    std::vector<PendingRecord> m_pending; // recorded before the engine ran
    OrchestratorSpec m_running; // the spec the engine runs
    std::optional<qint64> m_runningGeneration; // its generation (none: --spec or the defaults)
};

} // namespace orch::api
