#pragma once

#include <map>
#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "engine/components.h"
#include "store/statestore.h"

namespace orch {

// A fix on its way to the fleet: proposed by the RLController for a set of dealers, voted on
// by the AutoFixAgents, deployed to a canary (10 % of the targets, chosen deterministically),
// then promoted to the rest after the canary period or rolled back. Stored in the StateStore as
// this JSON document.
struct Rollout
{
    enum class State
    {
        Canary,
        AwaitingApproval, // a rollback (or promotion) waits for an analyst
        Promoted,
        RolledBack,
        Refused // never deployed: no consensus, or governance refused every dealer
    };

    struct Check
    {
        QString step;
        bool passed = false;
        QString detail;
    };
    struct DealerVerification
    {
        bool passed = false;
        std::vector<Check> checks;
    };
    // One approver's decision on the current approval request.
    struct Approval
    {
        TimeMs at = 0;
        QString by;
        QString tokenId; // the API token's id (empty: embedded console, CLI)
        bool approve = true;
        QString comment;
        QString requestHash; // the request the approver saw
    };
    struct HistoryEntry
    {
        TimeMs at = 0;
        QString event; // "proposed", "canary", "promoted", "rolled-back", "approval-requested", ...
        QString by; // "orchestrator" or the analyst's identity
        QString comment;
    };

    qint64 id = 0;
    QString action; // "schema", "ugc", "geo", "cwv"
    TimeMs createdAt = 0;
    TimeMs updatedAt = 0;
    State state = State::Canary;
    QStringList targets; // dealers the RLController chose this fix for
    QStringList canary; // deterministic 10 % of the targets (at least one)
    QStringList deployed; // dealers with the fix live now
    QStringList charged; // dealers whose API cost was charged (deployed at some point)
    bool autoPromote = true; // false once an analyst refused its rollback: only an analyst moves it
    std::map<QString, qint64> decisions; // dealer -> decision id
    std::map<QString, QString> refusals; // dealer -> why governance refused it
    std::vector<AgentVote> votes;
    double consensus = 0;
    TimeMs promoteAfter = 0;
    std::map<QString, DealerVerification> verification; // canary dealer -> its checks
    double errorRate = 0;
    QStringList driftDealers; // canary dealers with drift open at the last check
    QString pendingApproval; // "rollback" or "promote" while AwaitingApproval
    QString reason; // why it is in its state
    std::vector<HistoryEntry> history;
    qint64 auditCause = 0; // audit sequence of the record that opened the current state

    // The approval request while AwaitingApproval (RELIABILITY.md, "Approvals"): who asked, what
    // exactly (a hash of the request: a changed request voids the approvals given so far), until
    // when, and how many distinct approvers (never the requester) must agree.
    QString scope; // "canary" (the canary's dealers) or "production" (every deployed dealer)
    QString requestedBy; // "orchestrator" or the analyst who asked
    TimeMs requestedAt = 0;
    TimeMs approvalExpiresAt = 0;
    int requiredApprovals = 0;
    QString requestHash; // SHA-256 (hex) of requestDocument()
    std::vector<Approval> approvals; // approvals of the current request, in order

    // What an approver approves: the rollout, the action asked for, its scope, requester and
    // evidence (reason, deployed dealers, error rate, drifting and failing canary dealers).
    nlohmann::json requestDocument() const;
    QString computeRequestHash() const;

    bool active() const { return state == State::Canary || state == State::AwaitingApproval; }
    // The approval request concerns every deployed dealer, not only the canary.
    bool productionWide() const { return scope == QLatin1String("production"); }
    static QString toString(State state);
    static std::optional<State> stateFromString(const QString& text);

    nlohmann::json toJson() const;
    static Result<Rollout> fromJson(const nlohmann::json& json);
    // The stored document of a rollout.
    static Result<Rollout> fromRecord(const RolloutRecord& record);
};

// The canary: ceil(fraction * n) of the targets, at least one, picked by a stable hash of
// (rollout id, dealer) so the same rollout always picks the same dealers.
QStringList selectCanary(qint64 rolloutId, const QStringList& targets, double fraction);

} // namespace orch
