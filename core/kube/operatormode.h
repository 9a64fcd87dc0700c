#pragma once

#include <optional>

#include <QObject>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "kube/kubeconfig.h"
#include "kube/operatorstatus.h"
#include "spec/orchestratorspec.h"

class QTimer;

namespace orch::kube {

class KubeClient;
class KubeWatcher;

// `orchestratord --kube`: the AutonomicOrchestrator custom resource is the spec. OperatorMode
// watches the resource; each new generation's `.spec` is validated as an OrchestratorSpec. A valid
// one becomes the spec in force (specChanged when it differs from the one in force); an invalid one
// is rejected — the status's SpecAccepted condition says which fields and why — and the spec in
// force stays. The engine's state, handed over with publish(), is written to the status
// subresource as a JSON merge patch when it changed, at most once per `statusIntervalMs` (a new
// generation's verdict at once). Lives on one thread (the daemon's main thread); publish() may be
// called from any thread.
class OperatorMode final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int statusIntervalMs = 15 * 1000;
    };

    // `inForce`: the spec the daemon runs until the resource says otherwise (--spec or defaults).
    OperatorMode(KubeConfig config, OrchestratorSpec inForce, Options options, QObject* parent = nullptr);
    ~OperatorMode() override;

    // Checks the configuration (token, CA) and starts watching. Errors name the file or variable.
    Status start();
    void stop();

    const KubeConfig& config() const { return m_config; }
    const OrchestratorSpec& spec() const { return m_spec; }
    // The resource's generation whose spec is in force; none before one was accepted.
    std::optional<qint64> appliedGeneration() const { return m_appliedGeneration; }
    // The last generation looked at (accepted or rejected).
    std::optional<qint64> observedGeneration() const { return m_observedGeneration; }
    bool isSynced() const { return m_synced; }

    // The daemon could not run the spec it was handed with specChanged (its engine did not start
    // on it, for `reason`): `inForce`, of `inForceGeneration` (none: the daemon's own spec), is the
    // spec in force again, and the SpecAccepted condition says so (False, StartFailed).
    void revertApplied(const OrchestratorSpec& inForce, std::optional<qint64> inForceGeneration,
                       const QString& reason);

    // The engine's state to publish; thread-safe (queued to this object's thread).
    void publish(const OperatorSnapshot& snapshot);

    // The merge patch that the next write sends: {"status": {...}}.
    nlohmann::json statusPatch() const;

    static inline const QString kSpecCondition = QStringLiteral("SpecAccepted");

signals:
    // The resource was read for the first time (found, or found missing): spec() is what to run.
    void synced();
    // A new valid spec, different from the one in force.
    void specChanged(const orch::OrchestratorSpec& spec);
    // A new generation's spec is invalid and was not applied; `message` names the fields.
    void specRejected(const QString& message);
    // A status merge patch was accepted by the API server.
    void statusWritten();
    // A failure talking to the API server (retried).
    void errorOccurred(const QString& error);

private:
    struct Condition
    {
        QString status = QStringLiteral("Unknown"); // "True", "False", "Unknown"
        QString reason;
        QString message;
        QString lastTransitionTime;
        qint64 observedGeneration = 0;
    };

    void onObject(const nlohmann::json& object);
    void onDeleted();
    void setSpecCondition(bool accepted, const QString& reason, const QString& message, qint64 generation);
    void publishNow(const OperatorSnapshot& snapshot);
    // Writes the status now when `urgent` or the interval has passed; otherwise arms the timer.
    void scheduleWrite(bool urgent);
    void writeStatus();

    KubeConfig m_config;
    Options m_options;
    KubeClient* m_client = nullptr;
    KubeWatcher* m_watcher = nullptr;
    QTimer* m_writeTimer = nullptr;

    OrchestratorSpec m_spec;
    std::optional<qint64> m_appliedGeneration;
    std::optional<qint64> m_observedGeneration;
    std::optional<nlohmann::json> m_observedSpec;
    QString m_uid;
    bool m_exists = false;
    bool m_synced = false;
    Condition m_specCondition;

    std::optional<OperatorSnapshot> m_snapshot;
    nlohmann::json m_lastWritten; // null: nothing written to this instance yet
    bool m_writing = false; // a PATCH in flight
    bool m_writeAgain = false; // something changed while it was in flight
    bool m_writeAgainUrgent = false;
    qint64 m_lastWriteAt = 0; // steady ms of the last PATCH sent
    int m_writeFailures = 0;
};

} // namespace orch::kube
