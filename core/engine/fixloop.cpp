#include "engine/fixloop.h"

#include <algorithm>
#include <limits>
#include <map>

#include <QDir>

#include "common/atomicfile.h"
#include "common/logging.h"
#include "common/splitmix.h"
#include "engine/rollbackpolicy.h"
#include "formulas/formulas.h"

namespace orch {

namespace {

EventRecord event(TimeMs at, const char* type, const char* severity, const QString& dealer,
                  const QString& message)
{
    return EventRecord {
        0, at, QString::fromLatin1(type), QString::fromLatin1(severity), dealer, QString(), 0, message
    };
}

nlohmann::json strings(const QStringList& list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString& s : list)
        out.push_back(s.toStdString());
    return out;
}

nlohmann::json probabilitiesJson(const bandit::Choice& c)
{
    nlohmann::json p = nlohmann::json::object();
    for (int a = 0; a < bandit::kActionCount; ++a)
        p[bandit::actions()[a].toStdString()] = c.probabilities[std::size_t(a)];
    return p;
}

constexpr int kAllRows = std::numeric_limits<int>::max();

} // namespace

FixLoop::FixLoop(const OrchestratorSpec& spec, StateStore& store, RLController& rl, AutoFixAgents& agents,
                 GovernanceLedger& governance, RecordFn record)
    : m_spec(spec)
    , m_store(store)
    , m_rl(rl)
    , m_agents(agents)
    , m_governance(governance)
    , m_record(std::move(record))
{ }

Status FixLoop::restore()
{
    auto saved = m_store.state(QString::fromLatin1(kStateKey));
    if (!saved)
        return fail(saved.error());
    if (!*saved)
        return success();
    auto parsed = nlohmann::json::parse((*saved)->toStdString(), nullptr, false);
    if (parsed.is_discarded())
        return fail(QStringLiteral("the stored RLController state is not JSON"));
    if (!parsed.contains("values")) // written by an older version: counts only
        return success();
    if (auto st = m_rl.restore(parsed); !st)
        return st;
    m_policyRecord = parsed.value("policyRecord", qint64(0));
    return success();
}

Status FixLoop::saveState()
{
    nlohmann::json state = m_rl.stateJson();
    state["policyRecord"] = m_policyRecord;
    if (auto st = m_store.putState(QString::fromLatin1(kStateKey), QByteArray::fromStdString(state.dump()));
        !st)
        return fail(QStringLiteral("saving the RLController state: ") + st.error());
    return success();
}

double FixLoop::costOf(const QString& action) const
{
    const int index = bandit::actionIndex(action);
    return index < 0 ? 0.0 : m_world.costs[std::size_t(index)];
}

bool FixLoop::isTurn(const QString& dealer, TimeMs at) const
{
    const quint64 interval = quint64(std::max(1, m_spec.components.rlController.decisionIntervalDays));
    const quint64 day = quint64(at / kDayMs);
    return (stableHash(dealer) + day) % interval == 0;
}

Status FixLoop::runDaily(TimeMs at, const QStringList& dealers)
{
    if (!m_world.environment)
        return success();
    m_lastDaily = at;
    if (auto st = rewardDue(at); !st)
        return st;
    return decide(at, dealers);
}

Status FixLoop::rewardDue(TimeMs at)
{
    auto pending = m_store.pendingOutcomes();
    if (!pending)
        return fail(pending.error());
    const TimeMs delay = TimeMs(m_spec.components.rlController.rewardDelayHours) * kHourMs;
    std::vector<DecisionRecord> measured;
    std::map<qint64, std::optional<Rollout>> rollouts;
    for (DecisionRecord& d : *pending) {
        if (d.at + delay > at)
            continue;
        const int action = bandit::actionIndex(d.action);
        int applied = bandit::kNone;
        double cost = 0;
        if (d.rolloutId != 0) {
            auto it = rollouts.find(d.rolloutId);
            if (it == rollouts.end()) {
                auto r = load(d.rolloutId);
                it = rollouts.emplace(d.rolloutId, r ? std::optional(*r) : std::nullopt).first;
            }
            if (const auto& r = it->second) {
                if (r->deployed.contains(d.dealer))
                    applied = action;
                if (r->charged.contains(d.dealer))
                    cost = costOf(d.action);
            }
        }
        const FixOutcome o = m_world.environment->outcome(d.dealer, applied, d.id, d.at, at);
        auto reward = formulas::calculateReward(o.deltaVisibility, o.deltaRevenue, cost,
                                                m_spec.governance.minRewardThreshold);
        d.rewardedAt = at;
        d.deployed = applied != bandit::kNone;
        d.deltaVisibility = o.deltaVisibility;
        d.deltaRevenue = o.deltaRevenue;
        d.apiCost = cost;
        d.reward = reward ? reward->reward : o.deltaVisibility * o.deltaRevenue - cost;
        m_rl.learn(d.context, action, d.reward);
        measured.push_back(d);
    }
    if (measured.empty())
        return success();
    if (auto st = m_store.setOutcomes(measured); !st)
        return st;
    m_counters.rewarded += qint64(measured.size());
    double total = 0;
    for (const DecisionRecord& d : measured)
        total += d.reward;
    auto rewards = m_record(event(at, "rl.rewards", "info", QString(), QString()),
                            { { "decisions", measured.size() },
                              { "meanReward", total / double(measured.size()) },
                              { "firstDecisionId", measured.front().id },
                              { "lastDecisionId", measured.back().id } },
                            m_policyRecord);
    if (!rewards)
        return fail(rewards.error());
    m_rl.bumpPolicyVersion();
    return publishPolicy(at, *rewards);
}

Status FixLoop::decide(TimeMs at, const QStringList& dealers)
{
    const bandit::Settings settings = m_rl.settings(m_spec.governance.minRewardThreshold);
    std::vector<DecisionRecord> decisions;
    for (const QString& dealer : dealers) {
        if (!isTurn(dealer, at))
            continue;
        DecisionRecord d;
        d.at = at;
        d.dealer = dealer;
        d.context = m_world.environment->context(dealer, at);
        const bandit::Choice choice = bandit::choose(m_rl.values(), d.context, settings, m_world.costs);
        const double u = unitInterval(splitmix64(stableHash(dealer) ^ splitmix64(quint64(at))));
        const int action = bandit::draw(choice, u);
        d.action = bandit::actions()[action];
        d.probability = choice.probabilities[std::size_t(action)];
        d.probabilities = QString::fromStdString(probabilitiesJson(choice).dump());
        d.confidence = choice.confidence;
        d.exploited = action == choice.target && action != bandit::kNone;
        d.reason = action == choice.target
            ? choice.reason
            : QStringLiteral(
                  "explore: %1 drawn from the exploration share (p = %2); the policy's own choice: %3")
                  .arg(d.action)
                  .arg(d.probability, 0, 'g', 3)
                  .arg(choice.reason);
        if (action != bandit::kNone && m_agents.paused(dealer))
            d.reason
                += QStringLiteral("; held: drift is open on %1, AutoFixAgents are paused there").arg(dealer);
        d.policyVersion = m_rl.policyVersion();
        decisions.push_back(std::move(d));
    }
    if (decisions.empty())
        return success();
    m_counters.decisions += qint64(decisions.size());

    // Propose the fixes (one rollout per action), then log the decisions with their rollout.
    std::map<QString, std::vector<DecisionRecord*>> byAction;
    for (DecisionRecord& d : decisions) {
        if (d.action != QLatin1String("none") && !m_agents.paused(d.dealer))
            byAction[d.action].push_back(&d);
    }
    std::vector<qint64> proposed;
    for (auto& [action, group] : byAction) {
        auto id = propose(at, action, group);
        if (!id)
            return fail(id.error());
        proposed.push_back(*id);
    }
    if (auto st = m_store.appendDecisions(decisions); !st)
        return st;
    for (const DecisionRecord& d : decisions) {
        auto r = m_record(event(at, "rl.decision", "info", d.dealer, QString()),
                          { { "decisionId", d.id },
                            { "context", d.context.toStdString() },
                            { "action", d.action.toStdString() },
                            { "probability", d.probability },
                            { "confidence", d.confidence },
                            { "policyVersion", d.policyVersion },
                            { "rolloutId", d.rolloutId },
                            { "reason", d.reason.toStdString() } },
                          m_policyRecord);
        if (!r)
            return fail(r.error());
    }
    for (qint64 id : proposed) {
        auto r = load(id);
        if (!r)
            return fail(r.error());
        for (const DecisionRecord& d : decisions) {
            if (d.rolloutId == id)
                r->decisions[d.dealer] = d.id;
        }
        if (auto st = save(*r, r->updatedAt); !st)
            return st;
    }
    return success();
}

Result<std::optional<QString>> FixLoop::governanceRefusal(const QString& action, const QString& dealer,
                                                          TimeMs at)
{
    auto budget = m_governance.check(dealer, at, costOf(action));
    if (!budget)
        return fail(budget.error());
    if (!budget->allowed)
        return std::optional<QString>(budget->reason);
    return std::optional<QString>();
}

Result<qint64> FixLoop::propose(TimeMs at, const QString& action, const std::vector<DecisionRecord*>& group)
{
    Rollout r;
    r.action = action;
    r.createdAt = r.updatedAt = at;
    r.state = Rollout::State::Refused;
    r.reason = QStringLiteral("being proposed");
    for (const DecisionRecord* d : group)
        r.targets.append(d->dealer);
    auto id = m_store.insertRollout(
        { 0, at, at, Rollout::toString(r.state), QByteArray::fromStdString(r.toJson().dump()) });
    if (!id)
        return fail(id.error());
    r.id = *id;
    r.history.push_back({ at, QStringLiteral("proposed"), QStringLiteral("RLController"),
                          QStringLiteral("%1 dealer(s)").arg(r.targets.size()) });
    for (DecisionRecord* d : group)
        d->rolloutId = r.id;

    // The agents vote.
    AutoFixAgents::Verdict verdict;
    if (m_world.agents) {
        verdict = m_agents.vote(*m_world.agents, ProposedFix { r.id, action, r.targets, at });
    } else {
        for (const QString& agent : m_spec.components.autoFixAgents.agents)
            verdict.votes.push_back({ agent, false, QStringLiteral("no agent panel configured") });
    }
    r.votes = verdict.votes;
    r.consensus = verdict.consensus;
    nlohmann::json votes = nlohmann::json::array();
    for (const AgentVote& v : verdict.votes)
        votes.push_back({ { "agent", v.agent.toStdString() },
                          { "approve", v.approve },
                          { "reason", v.reason.toStdString() } });
    auto voteRecord = recordRollout(r, "agents.vote", "info", QString(),
                                    { { "votes", votes },
                                      { "consensus", verdict.consensus },
                                      { "threshold", m_spec.components.autoFixAgents.consensusThreshold },
                                      { "approved", verdict.approved } },
                                    m_policyRecord);
    if (!voteRecord)
        return fail(voteRecord.error());
    if (!verdict.approved) {
        r.reason = QStringLiteral("no consensus: %1 of the agents approved, below the %2 threshold")
                       .arg(verdict.consensus, 0, 'f', 2)
                       .arg(m_spec.components.autoFixAgents.consensusThreshold);
        r.history.push_back({ at, QStringLiteral("refused"), QStringLiteral("AutoFixAgents"), r.reason });
        ++m_counters.refusals;
        auto refused = recordRollout(r, "rollout.refused", "info", r.reason, {}, *voteRecord);
        if (!refused)
            return fail(refused.error());
        if (auto st = save(r, at); !st)
            return fail(st.error());
        return r.id;
    }

    // Governance before the deploy: the budget of every dealer; the expected reward was checked
    // by the policy (an explored fix is allowed within the budget: that is how it gets measured).
    QStringList eligible;
    for (const QString& dealer : r.targets) {
        auto refusal = governanceRefusal(action, dealer, at);
        if (!refusal)
            return fail(refusal.error());
        if (*refusal)
            r.refusals[dealer] = **refusal;
        else
            eligible.append(dealer);
    }
    if (eligible.isEmpty()) {
        r.reason = QStringLiteral("governance refused every dealer: %1").arg(r.refusals.begin()->second);
        r.history.push_back({ at, QStringLiteral("refused"), QStringLiteral("governance"), r.reason });
        ++m_counters.refusals;
        auto refused = recordRollout(r, "rollout.refused", "info", r.reason, {}, *voteRecord);
        if (!refused)
            return fail(refused.error());
        if (auto st = save(r, at); !st)
            return fail(st.error());
        return r.id;
    }

    r.canary = selectCanary(r.id, eligible, m_spec.rollout.canaryFraction);
    const double cost = costOf(action);
    for (const QString& dealer : r.canary) {
        auto charged = m_governance.charge(dealer, at, cost);
        if (!charged)
            return fail(charged.error());
        m_counters.spendMicros += charged->costMicros;
        r.charged.append(dealer);
    }
    if (m_world.actions) {
        if (auto st = m_world.actions->deployFix(r.id, action, r.canary, at); !st)
            return fail(QStringLiteral("DeployFix: ") + st.error());
        if (auto st = m_world.actions->openPullRequest(r.id, action, eligible, at); !st)
            return fail(QStringLiteral("OpenPR: ") + st.error());
    }
    r.deployed = r.canary;
    r.state = Rollout::State::Canary;
    r.promoteAfter = at + TimeMs(m_spec.rollout.autoPromoteAfterHours * double(kHourMs));
    r.reason = QStringLiteral("canary on %1 of %2 dealer(s); promotion after %3")
                   .arg(r.canary.size())
                   .arg(eligible.size())
                   .arg(formatIso(r.promoteAfter));
    r.history.push_back({ at, QStringLiteral("canary"), QStringLiteral("orchestrator"), r.reason });
    ++m_counters.rollouts;
    auto canary = recordRollout(r, "rollout.canary", "info",
                                QStringLiteral("Rollout %1 (%2): %3").arg(r.id).arg(action, r.reason),
                                { { "canary", strings(r.canary) },
                                  { "eligible", eligible.size() },
                                  { "refusedByGovernance", r.refusals.size() },
                                  { "promoteAfter", formatIso(r.promoteAfter).toStdString() } },
                                *voteRecord);
    if (!canary)
        return fail(canary.error());
    r.auditCause = *canary;
    if (m_world.actions) {
        if (auto st
            = m_world.actions->notifySlack(QStringLiteral("Rollout %1: %2 fix on canary (%3 dealer(s))")
                                               .arg(r.id)
                                               .arg(action)
                                               .arg(r.canary.size()),
                                           at);
            !st)
            return fail(QStringLiteral("NotifySlack: ") + st.error());
    }
    if (auto st = save(r, at); !st)
        return fail(st.error());
    return r.id;
}

Status FixLoop::checkRollouts(TimeMs at)
{
    auto active = m_store.rollouts(true, kAllRows);
    if (!active)
        return fail(active.error());
    for (const RolloutRecord& record : *active) {
        auto parsed = Rollout::fromRecord(record);
        if (!parsed)
            return fail(parsed.error());
        Rollout r = std::move(*parsed);
        if (r.state == Rollout::State::AwaitingApproval) {
            if (auto expired = expireApproval(r, at); !expired)
                return fail(expired.error());
            continue;
        }
        if (r.state != Rollout::State::Canary || !r.autoPromote)
            continue;
        const std::size_t verifiedBefore = r.verification.size();
        if (auto st = verifyCanary(r, at); !st)
            return st;
        int failed = 0;
        for (const auto& [dealer, v] : r.verification)
            failed += v.passed ? 0 : 1;
        r.errorRate = r.canary.isEmpty() ? 0.0 : double(failed) / double(r.canary.size());
        QStringList drifting;
        for (const QString& dealer : r.canary) {
            if (m_agents.paused(dealer))
                drifting.append(dealer);
        }
        const bool driftChanged = drifting != r.driftDealers;
        r.driftDealers = drifting;
        auto decision = decideRollback(m_spec.rollback, m_spec.components.autoFixAgents,
                                       RollbackInputs { r.errorRate, failed > 0, !drifting.isEmpty() });
        if (!decision)
            return fail(decision.error());
        switch (decision->action) {
        case RollbackDecision::Action::RollBack:
            if (auto st = rollBack(r, at, QStringLiteral("orchestrator"), decision->reason); !st)
                return st;
            break;
        case RollbackDecision::Action::AwaitApproval:
            if (auto st = requestApproval(r, at, QStringLiteral("rollback"), QStringLiteral("canary"),
                                          QStringLiteral("orchestrator"), decision->reason);
                !st)
                return st;
            break;
        case RollbackDecision::Action::Keep:
            if (at >= r.promoteAfter) {
                if (auto st = promote(r, at, QStringLiteral("orchestrator"), QString()); !st)
                    return st;
            } else if (r.verification.size() != verifiedBefore || driftChanged) {
                if (auto st = save(r, at); !st)
                    return st;
            }
            break;
        }
    }
    return success();
}

Status FixLoop::verifyCanary(Rollout& r, TimeMs at)
{
    QStringList steps = m_spec.components.autoFixAgents.verificationChain;
    steps += m_spec.rollout.validationHooks;
    for (const QString& dealer : r.canary) {
        if (r.verification.contains(dealer))
            continue;
        Rollout::DealerVerification v;
        v.passed = true;
        for (const QString& step : steps) {
            VerificationResult result;
            if (m_world.verifier)
                result = m_world.verifier->verify({ r.id, step, r.action, dealer, at });
            else
                result = { false, QStringLiteral("no verifier configured for %1").arg(step) };
            v.checks.push_back({ step, result.passed, result.detail });
            if (!result.passed) {
                v.passed = false;
                break; // a chain: later checks build on earlier ones
            }
        }
        r.verification[dealer] = std::move(v);
    }
    return success();
}

Status FixLoop::promote(Rollout& r, TimeMs at, const QString& by, const QString& comment)
{
    QStringList rest;
    for (const QString& dealer : r.targets) {
        if (r.canary.contains(dealer) || r.refusals.contains(dealer))
            continue;
        // Governance again: the month may have turned, the budget may have gone.
        auto refusal = governanceRefusal(r.action, dealer, at);
        if (!refusal)
            return fail(refusal.error());
        if (*refusal) {
            r.refusals[dealer] = **refusal;
            continue;
        }
        rest.append(dealer);
    }
    const double cost = costOf(r.action);
    for (const QString& dealer : rest) {
        auto charged = m_governance.charge(dealer, at, cost);
        if (!charged)
            return fail(charged.error());
        m_counters.spendMicros += charged->costMicros;
        r.charged.append(dealer);
    }
    if (m_world.actions && !rest.isEmpty()) {
        if (auto st = m_world.actions->deployFix(r.id, r.action, rest, at); !st)
            return fail(QStringLiteral("DeployFix: ") + st.error());
    }
    r.deployed += rest;
    r.state = Rollout::State::Promoted;
    r.pendingApproval.clear();
    r.reason = by == QLatin1String("orchestrator")
        ? QStringLiteral("canary healthy for %1 h (error rate %2%, no drift): promoted to %3 more dealer(s)")
              .arg(m_spec.rollout.autoPromoteAfterHours)
              .arg(r.errorRate * 100, 0, 'g', 3)
              .arg(rest.size())
        : QStringLiteral("promoted by %1: %2").arg(by, comment);
    r.history.push_back({ at, QStringLiteral("promoted"), by, comment.isEmpty() ? r.reason : comment });
    ++m_counters.promotions;
    auto promoted = recordRollout(r, "rollout.promoted", "info",
                                  QStringLiteral("Rollout %1 (%2): %3").arg(r.id).arg(r.action, r.reason),
                                  { { "by", by.toStdString() },
                                    { "comment", comment.toStdString() },
                                    { "errorRate", r.errorRate },
                                    { "promotedTo", strings(rest) } },
                                  r.auditCause);
    if (!promoted)
        return fail(promoted.error());
    r.auditCause = *promoted;
    return save(r, at);
}

Status FixLoop::rollBack(Rollout& r, TimeMs at, const QString& by, const QString& comment)
{
    const QStringList removed = r.deployed;
    if (m_world.actions && !removed.isEmpty()) {
        if (auto st = m_world.actions->rollbackFix(r.id, r.action, removed, at); !st)
            return fail(QStringLiteral("rollback: ") + st.error());
    }
    r.deployed.clear();
    r.state = Rollout::State::RolledBack;
    r.pendingApproval.clear();
    r.reason = by == QLatin1String("orchestrator") ? comment
                                                   : QStringLiteral("rolled back by %1: %2").arg(by, comment);
    r.history.push_back({ at, QStringLiteral("rolled-back"), by, comment });
    ++m_counters.rollbacks;
    auto rolledBack
        = recordRollout(r, "rollout.rolled_back", "warning",
                        QStringLiteral("Rollout %1 (%2) rolled back: %3").arg(r.id).arg(r.action, r.reason),
                        { { "by", by.toStdString() },
                          { "comment", comment.toStdString() },
                          { "errorRate", r.errorRate },
                          { "driftDealers", strings(r.driftDealers) },
                          { "removedFrom", strings(removed) } },
                        r.auditCause);
    if (!rolledBack)
        return fail(rolledBack.error());
    r.auditCause = *rolledBack;
    if (m_world.actions) {
        if (auto st = m_world.actions->notifySlack(
                QStringLiteral("Rollout %1 (%2) rolled back: %3").arg(r.id).arg(r.action, r.reason), at);
            !st)
            return fail(QStringLiteral("NotifySlack: ") + st.error());
    }
    return save(r, at);
}

Result<Rollout> FixLoop::load(qint64 id)
{
    // Rollouts are few next to decisions; the newest are read first.
    auto all = m_store.rollouts(false, kAllRows);
    if (!all)
        return fail(all.error());
    for (const RolloutRecord& record : *all) {
        if (record.id == id)
            return Rollout::fromRecord(record);
    }
    return fail(QStringLiteral("no rollout %1").arg(id));
}

Result<Rollout> FixLoop::rollout(qint64 id)
{
    return load(id);
}

Result<std::vector<Rollout>> FixLoop::rollouts(bool activeOnly, int limit)
{
    auto records = m_store.rollouts(activeOnly, limit);
    if (!records)
        return fail(records.error());
    std::vector<Rollout> out;
    for (const RolloutRecord& record : *records) {
        auto r = Rollout::fromRecord(record);
        if (!r)
            return fail(r.error());
        out.push_back(std::move(*r));
    }
    return out;
}

Status FixLoop::save(Rollout& r, TimeMs at)
{
    r.updatedAt = at;
    return m_store.updateRollout(
        { r.id, r.createdAt, at, Rollout::toString(r.state), QByteArray::fromStdString(r.toJson().dump()) });
}

Result<qint64> FixLoop::recordRollout(const Rollout& r, const char* type, const char* severity,
                                      const QString& message, nlohmann::json data, qint64 cause)
{
    data["rolloutId"] = r.id;
    data["fix"] = r.action.toStdString();
    data["state"] = Rollout::toString(r.state).toStdString();
    data["targets"] = r.targets.size();
    EventRecord e = event(r.updatedAt, type, severity, QString(), message);
    e.at = r.history.empty() ? r.updatedAt : r.history.back().at;
    e.causeId = r.id;
    return m_record(e, std::move(data), cause);
}

namespace {

Status checkAnalyst(const QString& identity, const QString& comment)
{
    if (identity.trimmed().isEmpty())
        return fail(QStringLiteral("an analyst's identity is required"));
    if (comment.trimmed().isEmpty())
        return fail(QStringLiteral("a comment is required: say why"));
    return success();
}

} // namespace

Result<Rollout> FixLoop::forcePromote(qint64 rolloutId, const QString& identity, const QString& comment,
                                      TimeMs at)
{
    if (auto st = checkAnalyst(identity, comment); !st)
        return fail(st.error());
    auto r = load(rolloutId);
    if (!r)
        return r;
    if (!r->active())
        return fail(
            QStringLiteral("rollout %1 is %2: only a canary or a rollout awaiting approval can be promoted")
                .arg(rolloutId)
                .arg(Rollout::toString(r->state)));
    if (auto st = promote(*r, at, identity, comment); !st)
        return fail(st.error());
    return r;
}

Result<Rollout> FixLoop::forceRollback(qint64 rolloutId, const QString& identity, const QString& comment,
                                       TimeMs at)
{
    if (auto st = checkAnalyst(identity, comment); !st)
        return fail(st.error());
    auto r = load(rolloutId);
    if (!r)
        return r;
    if (auto expired = expireApproval(*r, at); !expired)
        return fail(expired.error());
    const bool production = r->state == Rollout::State::Promoted
        || (r->state == Rollout::State::AwaitingApproval && r->productionWide());
    if (production) {
        // Production-wide: a request for other approvers (dual authorization), not an action.
        if (auto st = requestApproval(*r, at, QStringLiteral("rollback"), QStringLiteral("production"), identity,
                                      QStringLiteral("rollback requested by %1: %2").arg(identity, comment));
            !st)
            return fail(st.error());
        return r;
    }
    if (!r->active())
        return fail(QStringLiteral("rollout %1 is %2: there is nothing deployed to roll back")
                        .arg(rolloutId)
                        .arg(Rollout::toString(r->state)));
    if (auto st = rollBack(*r, at, identity, comment); !st)
        return fail(st.error());
    return r;
}

Status FixLoop::requestApproval(Rollout& r, TimeMs at, const QString& pending, const QString& scope,
                                const QString& requestedBy, const QString& reason)
{
    const bool reopened = r.state == Rollout::State::AwaitingApproval;
    const QString previousHash = r.requestHash;
    const std::size_t voided = r.approvals.size();
    r.state = Rollout::State::AwaitingApproval;
    r.pendingApproval = pending;
    r.scope = scope;
    r.requestedBy = requestedBy;
    r.reason = reason;
    r.requiredApprovals = r.productionWide() ? kProductionApprovals : 1;
    r.requestHash = r.computeRequestHash();
    if (reopened && r.requestHash == previousHash)
        return success(); // asked again for exactly the same thing: nothing changes
    r.requestedAt = at;
    r.approvalExpiresAt = at + kApprovalTtl;
    r.approvals.clear();
    r.history.push_back({ at, reopened ? QStringLiteral("approval-request-changed") : QStringLiteral("approval-requested"),
                          requestedBy, reason });
    ++m_counters.approvalsRequested;
    const QString who = r.productionWide()
        ? QStringLiteral("%1 approvers other than %2").arg(r.requiredApprovals).arg(requestedBy)
        : QStringLiteral("an approver");
    auto requested = recordRollout(
        r, reopened ? "rollout.approval_request_changed" : "rollout.approval_requested", "warning",
        QStringLiteral("Rollout %1 (%2): %3 (%4 scope) waits for %5: %6")
            .arg(r.id)
            .arg(r.action, pending, scope, who, reason),
        { { "pending", pending.toStdString() },
          { "scope", scope.toStdString() },
          { "requestedBy", requestedBy.toStdString() },
          { "requiredApprovals", r.requiredApprovals },
          { "requestHash", r.requestHash.toStdString() },
          { "expiresAt", formatIso(r.approvalExpiresAt).toStdString() },
          { "voidedApprovals", voided },
          { "errorRate", r.errorRate },
          { "driftDealers", strings(r.driftDealers) } },
        r.auditCause);
    if (!requested)
        return fail(requested.error());
    r.auditCause = *requested;
    return save(r, at);
}

void FixLoop::closeRequest(Rollout& r)
{
    if (r.productionWide()) {
        r.state = Rollout::State::Promoted;
    } else {
        r.state = Rollout::State::Canary;
        r.autoPromote = false;
    }
    r.pendingApproval.clear();
}

Result<bool> FixLoop::expireApproval(Rollout& r, TimeMs at)
{
    if (r.state != Rollout::State::AwaitingApproval || r.approvalExpiresAt <= 0 || at < r.approvalExpiresAt)
        return false;
    const QString pending = r.pendingApproval;
    closeRequest(r);
    r.reason = QStringLiteral("the %1 request expired at %2 with %3 of %4 approval(s): %5")
                   .arg(pending, formatIso(r.approvalExpiresAt))
                   .arg(r.approvals.size())
                   .arg(r.requiredApprovals)
                   .arg(r.productionWide() ? QStringLiteral("the fix stays deployed")
                                                               : QStringLiteral("the canary stays; only an analyst moves it"));
    r.history.push_back({ at, QStringLiteral("approval-expired"), QStringLiteral("orchestrator"), r.reason });
    auto expired = recordRollout(r, "approval.expired", "warning",
                                 QStringLiteral("Rollout %1 (%2): %3").arg(r.id).arg(r.action, r.reason),
                                 { { "pending", pending.toStdString() },
                                   { "requestHash", r.requestHash.toStdString() },
                                   { "approvals", r.approvals.size() } },
                                 r.auditCause);
    if (!expired)
        return fail(expired.error());
    r.auditCause = *expired;
    if (auto st = save(r, at); !st)
        return fail(st.error());
    return true;
}

Result<Rollout> FixLoop::decideApproval(qint64 rolloutId, bool approve, const QString& identity,
                                        const QString& comment, TimeMs at, const QString& tokenId,
                                        const QString& expectedRequestHash)
{
    if (auto st = checkAnalyst(identity, comment); !st)
        return fail(st.error());
    auto r = load(rolloutId);
    if (!r)
        return r;
    const QString pendingBefore = r->pendingApproval;
    if (auto expired = expireApproval(*r, at); !expired)
        return fail(expired.error());
    else if (*expired)
        return fail(QStringLiteral("rollout %1: the %2 request expired at %3; nothing was decided")
                        .arg(rolloutId)
                        .arg(pendingBefore, formatIso(r->approvalExpiresAt)));
    if (r->state != Rollout::State::AwaitingApproval)
        return fail(QStringLiteral("rollout %1 is %2: it does not wait for an approval")
                        .arg(rolloutId)
                        .arg(Rollout::toString(r->state)));
    if (!expectedRequestHash.isEmpty() && expectedRequestHash != r->requestHash)
        return fail(QStringLiteral("rollout %1: the request changed since it was shown (request %2, now %3); "
                                   "look at it again")
                        .arg(rolloutId)
                        .arg(expectedRequestHash.left(12), r->requestHash.left(12)));
    if (approve && identity == r->requestedBy)
        return fail(QStringLiteral("rollout %1: %2 requested this %3 and cannot approve it too; another approver must")
                        .arg(rolloutId)
                        .arg(identity, r->pendingApproval));
    for (const Rollout::Approval& a : r->approvals) {
        if (a.by == identity)
            return fail(QStringLiteral("rollout %1: %2 has already approved this %3 (%4 of %5 approvals)")
                            .arg(rolloutId)
                            .arg(identity, r->pendingApproval)
                            .arg(r->approvals.size())
                            .arg(r->requiredApprovals));
    }
    const QString pending = r->pendingApproval;
    r->approvals.push_back({ at, identity, tokenId, approve, comment, r->requestHash });
    const int approvals = int(std::count_if(r->approvals.begin(), r->approvals.end(),
                                            [](const Rollout::Approval& a) { return a.approve; }));
    const bool carriedOut = approve && approvals >= r->requiredApprovals;
    auto decided = recordRollout(
        *r, approve ? "approval.approved" : "approval.refused", "info",
        QStringLiteral("%1 %2 the %3 of rollout %4 (%5 of %6): %7")
            .arg(identity, approve ? QStringLiteral("approved") : QStringLiteral("refused"), pending)
            .arg(rolloutId)
            .arg(approvals)
            .arg(r->requiredApprovals)
            .arg(comment),
        { { "by", identity.toStdString() },
          { "tokenId", tokenId.toStdString() },
          { "comment", comment.toStdString() },
          { "pending", pending.toStdString() },
          { "decision", approve ? "approve" : "refuse" },
          { "requestHash", r->requestHash.toStdString() },
          { "requestedBy", r->requestedBy.toStdString() },
          { "approvals", approvals },
          { "requiredApprovals", r->requiredApprovals } },
        r->auditCause);
    if (!decided)
        return fail(decided.error());
    r->auditCause = *decided;
    if (carriedOut) {
        const Status st = pending == QLatin1String("promote") ? promote(*r, at, identity, comment)
                                                              : rollBack(*r, at, identity, comment);
        if (!st)
            return fail(st.error());
        return r;
    }
    if (approve) {
        r->history.push_back({ at, QStringLiteral("approved"), identity, comment });
        if (auto st = save(*r, at); !st)
            return fail(st.error());
        return r;
    }
    const bool production = r->productionWide();
    closeRequest(*r);
    r->reason = production
        ? QStringLiteral("%1 refused the production rollback (%2): the fix stays deployed").arg(identity, comment)
        : QStringLiteral("%1 refused the %2 (%3): the canary stays; only an analyst promotes or rolls it back")
              .arg(identity, pending, comment);
    r->history.push_back({ at, QStringLiteral("approval-refused"), identity, comment });
    if (auto st = save(*r, at); !st)
        return fail(st.error());
    return r;
}

Status FixLoop::retrain(TimeMs at, const std::vector<qint64>& detectionIds, qint64 auditCause,
                        const QString& why)
{
    const TimeMs from = m_rl.regimeStart();
    auto decisions = m_store.decisions(0, from, at + 1, kAllRows);
    if (!decisions)
        return fail(decisions.error());
    // Outcomes measured while the dealer's metrics were drifting do not say what the fix earned.
    auto detections = m_store.detections(from - 90 * kDayMs, at + 1, kAllRows);
    if (!detections)
        return fail(detections.error());
    QHash<QString, std::vector<std::pair<TimeMs, TimeMs>>> drifting;
    for (const Detection& d : *detections)
        drifting[d.dealer].emplace_back(d.openedAt, d.closedAt.value_or(at));
    std::vector<const DecisionRecord*> used;
    qint64 excluded = 0;
    for (const DecisionRecord& d : *decisions) {
        if (!d.rewardedAt)
            continue;
        bool overlaps = false;
        for (const auto& [open, close] : drifting.value(d.dealer)) {
            if (open <= *d.rewardedAt && close >= d.at) {
                overlaps = true;
                break;
            }
        }
        if (overlaps)
            ++excluded;
        else
            used.push_back(&d);
    }
    std::stable_sort(used.begin(), used.end(), [](const DecisionRecord* a, const DecisionRecord* b) {
        return *a->rewardedAt < *b->rewardedAt;
    });
    bandit::ValueTable refit;
    for (const DecisionRecord* d : used)
        refit.update(d->context, bandit::actionIndex(d->action), d->reward,
                     m_spec.components.rlController.learningRate);
    m_rl.retrain(at, detectionIds, std::move(refit));
    nlohmann::json ids = nlohmann::json::array();
    for (qint64 id : detectionIds)
        ids.push_back(id);
    auto retrained
        = m_record(event(at, "rl.retrain", "info", QString(),
                         QStringLiteral("RLController.retrain(): %1; refit from %2 reward(s) since %3, "
                                        "%4 left out (measured during drift)")
                             .arg(why)
                             .arg(used.size())
                             .arg(formatIso(from))
                             .arg(excluded)),
                   { { "detectionIds", ids },
                     { "refitFrom", formatIso(from).toStdString() },
                     { "rewardsUsed", used.size() },
                     { "rewardsExcluded", excluded } },
                   auditCause);
    if (!retrained)
        return fail(retrained.error());
    return publishPolicy(at, *retrained);
}

Status FixLoop::publishPolicy(TimeMs at, qint64 auditCause)
{
    if (auto st = writePolicy(at); !st)
        return st;
    auto update = m_record(event(at, "rl.policy_update", "info", QString(), QString()),
                           { { "policyVersion", m_rl.policyVersion() },
                             { "observations", m_rl.values().observations() },
                             { "confidence", m_rl.confidence() } },
                           auditCause);
    if (!update)
        return fail(update.error());
    m_policyRecord = *update;
    return saveState();
}

Status FixLoop::startRegime(TimeMs at, qint64 auditCause)
{
    m_rl.startRegime(at);
    return retrain(at, {}, auditCause, QStringLiteral("the weight posterior shifted (fleet-wide drift)"));
}

nlohmann::json FixLoop::policyJson(TimeMs at) const
{
    const bandit::Settings settings = m_rl.settings(m_spec.governance.minRewardThreshold);
    nlohmann::json contexts = nlohmann::json::object();
    for (const QString& context : m_rl.values().contexts()) {
        const bandit::Choice c = bandit::choose(m_rl.values(), context, settings, m_world.costs);
        const bandit::Arms arms = m_rl.values().arms(context);
        nlohmann::json armsJson = nlohmann::json::object();
        for (int a = 0; a < bandit::kActionCount; ++a) {
            const bandit::Arm& arm = arms[std::size_t(a)];
            armsJson[bandit::actions()[a].toStdString()]
                = { { "rewards", arm.n },
                    { "meanReward", arm.mean },
                    { "sd", std::sqrt(std::max(0.0, arm.variance)) } };
        }
        contexts[context.toStdString()] = { { "best", bandit::actions()[c.best].toStdString() },
                                            { "target", bandit::actions()[c.target].toStdString() },
                                            { "confidence", c.confidence },
                                            { "reason", c.reason.toStdString() },
                                            { "probabilities", probabilitiesJson(c) },
                                            { "arms", armsJson } };
    }
    const auto& spec = m_spec.components.rlController;
    return { { "component", "RLController" },
             { "componentVersion", spec.version.toStdString() },
             { "policyVersion", m_rl.policyVersion() },
             { "generatedAt", formatIso(at).toStdString() },
             { "rewardFunction", "ΔVisibility * ΔRevenue - API_Cost" },
             { "settings", settings.toJson() },
             { "confidence", m_rl.confidence() },
             { "confidenceDefinition",
               "Phi((meanReward(best fix) - meanReward(none)) / sqrt(se_fix^2 + se_none^2)) per context" },
             { "regimeStart", formatIso(m_rl.regimeStart()).toStdString() },
             { "retrains", m_rl.retrains() },
             { "lastRetrain",
               m_rl.lastRetrain() ? nlohmann::json(formatIso(*m_rl.lastRetrain()).toStdString())
                                  : nlohmann::json(nullptr) },
             { "observations", m_rl.values().observations() },
             { "contexts", contexts } };
}

Status FixLoop::writePolicy(TimeMs at)
{
    if (m_world.outputDir.isEmpty())
        return success();
    const QString path = QDir(m_world.outputDir).filePath(m_spec.components.rlController.output);
    return writeFileAtomically(path, QByteArray::fromStdString(policyJson(at).dump(2) + '\n'));
}

Result<std::vector<WeeklyReward>> weeklyRewards(StateStore& store, TimeMs from, TimeMs to)
{
    auto decisions = store.decisions(0, from, to, kAllRows);
    if (!decisions)
        return fail(decisions.error());
    std::vector<WeeklyReward> weeks;
    std::vector<double> sums;
    for (const DecisionRecord& d : *decisions) {
        if (!d.rewardedAt)
            continue;
        const auto week = std::size_t((d.at - from) / (7 * kDayMs));
        while (weeks.size() <= week) {
            WeeklyReward w;
            w.week = int(weeks.size()) + 1;
            w.from = from + TimeMs(weeks.size()) * 7 * kDayMs;
            weeks.push_back(w);
            sums.push_back(0);
        }
        WeeklyReward& w = weeks[week];
        ++w.decisions;
        w.fixes += d.action != QLatin1String("none") ? 1 : 0;
        w.deployed += d.deployed ? 1 : 0;
        sums[week] += d.reward;
    }
    for (std::size_t i = 0; i < weeks.size(); ++i)
        weeks[i].meanReward = weeks[i].decisions > 0 ? sums[i] / double(weeks[i].decisions) : 0.0;
    return weeks;
}

} // namespace orch
