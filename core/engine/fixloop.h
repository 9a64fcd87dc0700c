#pragma once

#include <functional>
#include <optional>
#include <vector>

#include <QHash>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "engine/components.h"
#include "engine/fixinterfaces.h"
#include "engine/governance.h"
#include "engine/rollout.h"
#include "spec/orchestratorspec.h"
#include "store/statestore.h"

namespace orch {

// Totals of the learning loop, for summaries and /metrics.
struct FixLoopCounters
{
    qint64 decisions = 0;
    qint64 rewarded = 0;
    qint64 rollouts = 0; // canaries started
    qint64 promotions = 0;
    qint64 rollbacks = 0;
    qint64 refusals = 0; // rollouts refused (consensus or governance)
    qint64 approvalsRequested = 0;
    qint64 spendMicros = 0; // API cost charged for deployments
};

// Mean reward of the decisions made in each week since `from` (rewarded ones only): what
// `orchestratorctl simulate` prints to show that the controller learns.
struct WeeklyReward
{
    int week = 0; // 1-based
    TimeMs from = 0;
    qint64 decisions = 0; // rewarded decisions
    qint64 fixes = 0; // of which chose a fix
    qint64 deployed = 0; // of which the fix reached the dealer
    double meanReward = 0;
};
Result<std::vector<WeeklyReward>> weeklyRewards(StateStore& store, TimeMs from, TimeMs to);

// The RLController's coordination of the other components, once a day for the dealers whose turn
// it is: measure the rewards of earlier decisions and learn from them, choose an action per
// dealer (logged with its probability), propose each chosen fix to the AutoFixAgents, check
// governance, deploy to the canary, and on every tick promote or roll back the canaries. Every
// step is recorded with the audit sequence of its cause, so an incident reads as one chain.
class FixLoop final
{
public:
    // Stores the event and appends it to the audit trail; returns the audit sequence (0 without).
    using RecordFn
        = std::function<Result<qint64>(const EventRecord& event, nlohmann::json data, qint64 cause)>;

    FixLoop(const OrchestratorSpec& spec, StateStore& store, RLController& rl, AutoFixAgents& agents,
            GovernanceLedger& governance, RecordFn record);

    // The world the loop acts on. Without an environment no decision is made (nothing to learn
    // from); without a verifier every check fails ("no verifier configured"), so nothing is promoted.
    struct World
    {
        FixEnvironment* environment = nullptr;
        AgentPanel* agents = nullptr;
        Verifier* verifier = nullptr;
        FixActions* actions = nullptr;
        QString outputDir; // where policy_update.json goes (empty: not written)
        ActionCosts costs = kDefaultActionCosts;
    };
    void setWorld(const World& world) { m_world = world; }
    bool hasEnvironment() const { return m_world.environment != nullptr; }

    // Loads the RLController's state from the store (after a restart).
    Status restore();

    // The daily job: rewards, then decisions for `dealers` whose turn it is at `at`.
    Status runDaily(TimeMs at, const QStringList& dealers);
    // Every tick: verify canaries, promote the ones whose time has come, roll back failures.
    Status checkRollouts(TimeMs at);

    // RLController.retrain(): refit from the logged rewards since the regime start, leaving out
    // decisions whose outcome was measured while their dealer had drift open.
    Status retrain(TimeMs at, const std::vector<qint64>& detectionIds, qint64 auditCause, const QString& why);
    // A fleet-wide drift (the weight posterior shifted): older rewards no longer count.
    Status startRegime(TimeMs at, qint64 auditCause);

    // Approval requests (RELIABILITY.md, "Approvals"): a request expires after kApprovalTtl; a
    // production-wide rollback needs kProductionApprovals distinct approvers, a canary's one; the
    // requester never approves their own request.
    static constexpr TimeMs kApprovalTtl = 24 * 3600 * 1000LL;
    static constexpr int kProductionApprovals = 2;

    // Analyst actions (identity and a non-empty comment required). forceRollback of a canary rolls
    // it back at once; of a promoted rollout (production-wide) it opens an approval request for
    // kProductionApprovals other approvers, and while that request is open, asking again with
    // another reason changes the request (voiding the approvals given so far).
    Result<Rollout> forcePromote(qint64 rolloutId, const QString& identity, const QString& comment,
                                 TimeMs at);
    Result<Rollout> forceRollback(qint64 rolloutId, const QString& identity, const QString& comment,
                                  TimeMs at);
    // Decides a pending approval. A refusal ends the request (a refused canary rollback stays in
    // canary and is no longer auto-promoted; a refused production rollback leaves it promoted).
    // An approval counts once per approver; the pending action runs, exactly once, when the
    // request has its required approvals. `expectedRequestHash` (when not empty) must equal the
    // request's hash: the approver decided on what they saw. `tokenId` goes to the audit record.
    Result<Rollout> decideApproval(qint64 rolloutId, bool approve, const QString& identity,
                                   const QString& comment, TimeMs at, const QString& tokenId = {},
                                   const QString& expectedRequestHash = {});

    Result<std::vector<Rollout>> rollouts(bool activeOnly, int limit);
    Result<Rollout> rollout(qint64 id);
    const FixLoopCounters& counters() const { return m_counters; }
    // The API cost of one deployment of `action` to one dealer (0 for "none" or an unknown name).
    double costOf(const QString& action) const;
    // The policy as policy_update.json has it.
    nlohmann::json policyJson(TimeMs at) const;

    static constexpr const char* kStateKey = "rl-controller";

private:
    Status rewardDue(TimeMs at);
    Status decide(TimeMs at, const QStringList& dealers);
    // Returns the rollout's id.
    Result<qint64> propose(TimeMs at, const QString& action, const std::vector<DecisionRecord*>& decisions);
    Status verifyCanary(Rollout& r, TimeMs at);
    Status promote(Rollout& r, TimeMs at, const QString& by, const QString& comment);
    Status rollBack(Rollout& r, TimeMs at, const QString& by, const QString& comment);
    // Opens (or changes) the approval request of `r` for `pending` and records it.
    Status requestApproval(Rollout& r, TimeMs at, const QString& pending, const QString& scope,
                           const QString& requestedBy, const QString& reason);
    // Ends an open request that has passed its expiry time; true when it did.
    Result<bool> expireApproval(Rollout& r, TimeMs at);
    // Leaves AwaitingApproval without carrying out the pending action (refused or expired).
    void closeRequest(Rollout& r);
    // Budget and expected reward for one more deployment of `action` to `dealer`.
    Result<std::optional<QString>> governanceRefusal(const QString& action, const QString& dealer, TimeMs at);
    Status save(Rollout& r, TimeMs at);
    Status saveState();
    Status writePolicy(TimeMs at);
    // After the policy changed: policy_update.json, an rl.policy_update record caused by
    // `auditCause` (the cause of the next decisions and votes), and the saved state.
    Status publishPolicy(TimeMs at, qint64 auditCause);
    Result<Rollout> load(qint64 id);
    Result<qint64> recordRollout(const Rollout& r, const char* type, const char* severity,
                                 const QString& message, nlohmann::json data, qint64 cause);
    bool isTurn(const QString& dealer, TimeMs at) const;

    OrchestratorSpec m_spec;
    StateStore& m_store;
    RLController& m_rl;
    AutoFixAgents& m_agents;
    GovernanceLedger& m_governance;
    RecordFn m_record;
    World m_world;
    FixLoopCounters m_counters;
    qint64 m_policyRecord = 0; // audit sequence of the latest policy update
    std::optional<TimeMs> m_lastDaily;
};

} // namespace orch
