#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <qcorotask.h>

#include "audit/auditlog.h"
#include "client/clienttypes.h"
#include "common/result.h"
#include "engine/rollout.h"
#include "engine/status.h"
#include "learning/weightposterior.h"
#include "spec/orchestratorspec.h"

namespace orch {

// The one interface every console view talks to, whether the orchestrator runs embedded in a
// worker thread (EmbeddedClient) or remotely behind orchestratord's HTTP API (RemoteClient,
// core/net). Requests are coroutines that never block the caller's thread; live updates arrive
// as signals on the client's (GUI) thread. Both implementations answer every request with the
// same typed values (client/clienttypes.h) computed by the same engine-side queries
// (client/queries.h), so a page works unchanged against either.
//
// Errors are Result errors with a message meant for the user: the server's JSON error message
// for a remote client ("rollout 7 is promoted: it does not wait for an approval"), the engine's
// for an embedded one (the same text). A request made while the client is not Connected fails at
// once ("not connected: ..."); nothing is ever answered from a stale cache.
//
// Coroutine arguments are taken by value on purpose (a coroutine outlives its caller's
// temporaries). Call these from the client's thread.
class OrchestratorClient : public QObject
{
    Q_OBJECT
public:
    enum class ConnectionState
    {
        Disconnected,
        Connecting, // starting, or (remote) retrying after a failure: see connectionError()
        Connected, // answers are live
        Failed // the last attempt failed; a remote client retries with backoff (retryScheduled)
    };
    Q_ENUM(ConnectionState)

    using QObject::QObject;
    ~OrchestratorClient() override = default;

    // "Embedded · simulated fleet (50 dealers)", "https://orch.example:8443", ...
    virtual QString displayName() const = 0;
    virtual ConnectionState connectionState() const = 0;
    // Why the client is not Connected (empty when it is): "connection refused; retrying in 4 s".
    virtual QString connectionError() const { return {}; }

    // Starts the embedded core or connects to the remote one; progress through signals.
    virtual void start() = 0;

    // What the caller may do (embedded: approver, as the local user). Also kept by the client and
    // announced with capabilitiesChanged once connected, so views can hide what the role forbids.
    virtual QCoro::Task<Result<Capabilities>> fetchCapabilities() = 0;
    // The latest known capabilities (a viewer's until the server says otherwise).
    const Capabilities& capabilities() const { return m_capabilities; }

    // SPEC's status and the spec the engine runs.
    virtual QCoro::Task<Result<OrchestratorStatus>> fetchStatus() = 0;
    virtual QCoro::Task<Result<OrchestratorSpec>> fetchSpec() = 0;

    // Drift.
    virtual QCoro::Task<Result<SeriesList>> fetchSeriesList() = 0;
    virtual QCoro::Task<Result<SeriesPoints>> fetchSeries(SeriesQuery query) = 0;
    virtual QCoro::Task<Result<DetectionList>> fetchDetections(DetectionQuery query) = 0;

    // Governance ledger of `month` ("YYYY-MM"; empty: the engine clock's month).
    virtual QCoro::Task<Result<GovernanceReport>> fetchGovernance(QString month) = 0;
    // The month's decisions against the reward threshold per dealer (counts, mean reward, the
    // last verdict) and when its spend was charged (per charge, per day).
    virtual QCoro::Task<Result<GovernanceOutcomes>> fetchGovernanceOutcomes(QString month) = 0;

    // Events after a cursor (long poll with query.waitSeconds). Views that only want live events
    // connect to eventsAvailable instead: the client polls for them while connected.
    virtual QCoro::Task<Result<EventPage>> fetchEvents(EventQuery query) = 0;

    // Rollouts and approvals. Decisions need a non-empty comment (at most kMaxCommentLength
    // characters) and are recorded in the audit trail with the caller's identity (and token id).
    // approve/refuse need the approver role, promote/rollback the analyst role. The approval rules
    // are the engine's (README, RELIABILITY.md "Approvals"): the requester cannot approve their own
    // request, nobody approves twice, a production-wide rollback needs two approvers, requests
    // expire after 24 h. Pass the Approval's requestHash to decide on exactly what was shown: a
    // request that changed since is refused ("look at it again"). rollback() of a promoted rollout
    // opens such a production request rather than rolling back at once.
    virtual QCoro::Task<Result<RolloutList>> fetchRollouts(RolloutQuery query) = 0;
    virtual QCoro::Task<Result<Rollout>> fetchRollout(qint64 id) = 0;
    virtual QCoro::Task<Result<ApprovalList>> fetchApprovals() = 0;
    virtual QCoro::Task<Result<Rollout>> decideApproval(qint64 id, bool approve, QString comment,
                                                        QString requestHash = {})
        = 0;
    virtual QCoro::Task<Result<Rollout>> promote(qint64 id, QString comment) = 0;
    virtual QCoro::Task<Result<Rollout>> rollback(qint64 id, QString comment) = 0;

    // Learning.
    virtual QCoro::Task<Result<PolicyDocument>> fetchPolicy() = 0;
    // Fails ("not available: ...") until the AdaptiveWeightLearner has produced a posterior.
    virtual QCoro::Task<Result<learning::WeightPosterior>> fetchWeightPosterior() = 0;

    // Audit trail. fetchAuditBundle returns an evidence bundle (orch-audit-bundle/1) to save and
    // verify offline. All fail ("not available: ...") when the spec disables the audit trail.
    virtual QCoro::Task<Result<audit::Checkpoint>> fetchAuditCheckpoint() = 0;
    virtual QCoro::Task<Result<audit::Checkpoint>> createAuditCheckpoint() = 0; // analyst
    virtual QCoro::Task<Result<AuditEntryList>> fetchAuditRecords(AuditQuery query) = 0;
    virtual QCoro::Task<Result<QByteArray>> fetchAuditBundle(AuditQuery query) = 0;

    // What-if. A replay copies the decision log (at most 200,000 decisions up to `until`, else it
    // is refused naming `until`) and runs off the engine thread; to cancel, drop interest in the
    // result (QCoro::connect with a context object that goes away).
    virtual QCoro::Task<Result<RewardWhatIfResult>> rewardWhatIf(RewardWhatIfRequest request) = 0;
    virtual QCoro::Task<Result<PolicyReplayResult>> replayPolicy(PolicyReplayRequest request) = 0;

Q_SIGNALS:
    void connectionStateChanged(orch::OrchestratorClient::ConnectionState state);
    // Pushed on every engine tick (embedded) or when the remote engine reports news (remote).
    // Only sent while Connected: a status is never stale when it arrives.
    void statusAvailable(const orch::OrchestratorStatus& status);
    // The orchestrator's clock (simulated or real), in ms since the epoch.
    void clockChanged(qint64 nowMs);
    // New events (alerts, component calls, rollouts, approvals) in id order, as they happen.
    void eventsAvailable(const QList<orch::EventRecord>& events);
    void capabilitiesChanged(const orch::Capabilities& capabilities);
    // A remote client lost the server (or could not reach it) and tries again after `delayMs`.
    void retryScheduled(int delayMs, const QString& reason);
    void errorOccurred(const QString& message);

protected:
    void setCapabilities(const Capabilities& capabilities);

private:
    Capabilities m_capabilities;
};

} // namespace orch
