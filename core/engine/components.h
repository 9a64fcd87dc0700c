#pragma once

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "engine/bandit.h"
#include "spec/orchestratorspec.h"

namespace orch {

// The RLController's learning state: the policy settings from the spec, the table of action
// values it learns from logged rewards (engine/bandit.h), and its retrain bookkeeping. The
// orchestration around it (deciding for dealers, logging, rewarding) is in engine/fixloop.h.
class RLController final
{
public:
    explicit RLController(const RLControllerSpec& spec);

    bandit::Settings settings(double minRewardMultiple) const;
    const bandit::ValueTable& values() const { return m_values; }
    // One logged reward; counts toward the policy version.
    void learn(const QString& context, int action, double reward);
    // Replaces the values with a refit (retrain); `causes` are the detection ids.
    void retrain(TimeMs at, const std::vector<qint64>& causes, bandit::ValueTable refit);
    // The regime the refits start from: set when the weight posterior shifts (fleet-wide drift).
    void startRegime(TimeMs at) { m_regimeStart = at; }
    TimeMs regimeStart() const { return m_regimeStart; }

    qint64 policyVersion() const { return m_policyVersion; }
    void bumpPolicyVersion() { ++m_policyVersion; }
    qint64 retrains() const { return m_retrains; }
    std::optional<TimeMs> lastRetrain() const { return m_lastRetrain; }
    std::vector<qint64> lastCauses() const { return m_lastCauses; }
    // The highest confidence over the contexts' best fixes (0 before any reward).
    double confidence() const;
    QString status() const;
    const RLControllerSpec& spec() const { return m_spec; }

    nlohmann::json stateJson() const;
    Status restore(const nlohmann::json& state);

private:
    RLControllerSpec m_spec;
    bandit::ValueTable m_values;
    TimeMs m_regimeStart = 0;
    qint64 m_policyVersion = 0;
    qint64 m_retrains = 0;
    std::optional<TimeMs> m_lastRetrain;
    std::vector<qint64> m_lastCauses;
};

// One agent's judgement of a proposed fix.
struct AgentVote
{
    QString agent;
    bool approve = false;
    QString reason;
};

// A fix proposed to the agents: one action for a set of dealers.
struct ProposedFix
{
    qint64 rolloutId = 0;
    QString action; // "schema", "ugc", "geo", "cwv"
    QStringList dealers;
    TimeMs at = 0;
};

// Each agent judges a proposed fix from its own signals. The simulated fleet provides a panel
// (sim/fleetfixenvironment.h); a real deployment plugs its own.
class AgentPanel
{
public:
    virtual ~AgentPanel() = default;
    virtual AgentVote judge(const QString& agent, const ProposedFix& fix) = 0;
};

// AutoFixAgents: the agents vote (consensus >= threshold) and fixes are held for dealers with
// drift open. The pause is scoped per dealer — a fleet of hundreds always has drift open
// somewhere — and the status says how many dealers are paused.
class AutoFixAgents final
{
public:
    explicit AutoFixAgents(const AutoFixAgentsSpec& spec);

    // Pauses fixes for `dealer` (drift open there). Returns false if it was already paused.
    bool pause(const QString& dealer, TimeMs at, qint64 cause);
    // Resumes fixes for `dealer` (no drift open there any more). False if it was not paused.
    bool resume(const QString& dealer, TimeMs at);
    bool paused(const QString& dealer) const { return m_paused.contains(dealer); }

    struct Verdict
    {
        std::vector<AgentVote> votes;
        double consensus = 0; // approving votes / votes
        bool approved = false; // consensus >= threshold
    };
    Verdict vote(AgentPanel& panel, const ProposedFix& fix) const;

    // Any dealer paused.
    bool paused() const { return !m_paused.isEmpty(); }
    int pausedDealers() const { return int(m_paused.size()); }
    qint64 pauses() const { return m_pauses; }
    std::optional<TimeMs> lastChange() const { return m_lastChange; }
    QString status() const;
    const AutoFixAgentsSpec& spec() const { return m_spec; }

private:
    AutoFixAgentsSpec m_spec;
    QSet<QString> m_paused;
    qint64 m_pauses = 0;
    std::optional<TimeMs> m_lastChange;
};

} // namespace orch
