#include "engine/components.h"

#include <algorithm>

#include "common/logging.h"
#include "formulas/formulas.h"

namespace orch {

RLController::RLController(const RLControllerSpec& spec)
    : m_spec(spec)
{ }

bandit::Settings RLController::settings(double minRewardMultiple) const
{
    bandit::Settings s;
    s.learningRate = m_spec.learningRate;
    s.confidenceGate = m_spec.confidenceGate;
    s.exploration = m_spec.exploration;
    s.minProbability = m_spec.minProbability;
    s.minRewardMultiple = minRewardMultiple;
    return s;
}

void RLController::learn(const QString& context, int action, double reward)
{
    m_values.update(context, action, reward, m_spec.learningRate);
}

void RLController::retrain(TimeMs at, const std::vector<qint64>& causes, bandit::ValueTable refit)
{
    ++m_retrains;
    m_lastRetrain = at;
    m_lastCauses = causes;
    m_values = std::move(refit);
    ++m_policyVersion;
    qCInfo(lcEngine) << "RLController.retrain() at" << formatIso(at) << "caused by" << causes.size()
                     << "detection(s); refit from" << m_values.observations() << "reward(s)";
}

double RLController::confidence() const
{
    double best = 0;
    for (const QString& context : m_values.contexts()) {
        const bandit::Arms arms = m_values.arms(context);
        for (int a = 1; a < bandit::kActionCount; ++a)
            best = std::max(best, bandit::confidence(arms, a, m_spec.learningRate));
    }
    return best;
}

QString RLController::status() const
{
    if (m_values.observations() == 0)
        return QStringLiteral("learning");
    return QStringLiteral("active");
}

nlohmann::json RLController::stateJson() const
{
    const auto iso = [](const std::optional<TimeMs>& t) {
        return t ? nlohmann::json(formatIso(*t).toStdString()) : nlohmann::json(nullptr);
    };
    return { { "policyVersion", m_policyVersion },  { "retrains", m_retrains },
             { "lastRetrain", iso(m_lastRetrain) }, { "lastCauses", m_lastCauses },
             { "regimeStart", m_regimeStart },      { "values", m_values.toJson() } };
}

Status RLController::restore(const nlohmann::json& state)
{
    if (!state.is_object())
        return fail(QStringLiteral("RLController state: not an object"));
    auto values = bandit::ValueTable::fromJson(state.value("values", nlohmann::json::object()));
    if (!values)
        return fail(QStringLiteral("RLController state: ") + values.error());
    m_values = std::move(*values);
    m_policyVersion = state.value("policyVersion", qint64(0));
    m_retrains = state.value("retrains", qint64(0));
    m_regimeStart = state.value("regimeStart", TimeMs(0));
    if (const auto& t = state.value("lastRetrain", nlohmann::json()); t.is_string()) {
        if (auto parsed = parseIsoUtc(QString::fromStdString(t.get<std::string>())))
            m_lastRetrain = *parsed;
    }
    m_lastCauses = state.value("lastCauses", std::vector<qint64> {});
    return success();
}

AutoFixAgents::AutoFixAgents(const AutoFixAgentsSpec& spec)
    : m_spec(spec)
{ }

bool AutoFixAgents::pause(const QString& dealer, TimeMs at, qint64 cause)
{
    if (m_paused.contains(dealer))
        return false;
    m_paused.insert(dealer);
    ++m_pauses;
    m_lastChange = at;
    qCDebug(lcEngine) << "AutoFixAgents.pause() for" << dealer << "at" << formatIso(at)
                      << "caused by detection" << cause;
    return true;
}

bool AutoFixAgents::resume(const QString& dealer, TimeMs at)
{
    if (!m_paused.remove(dealer))
        return false;
    m_lastChange = at;
    return true;
}

AutoFixAgents::Verdict AutoFixAgents::vote(AgentPanel& panel, const ProposedFix& fix) const
{
    Verdict v;
    std::vector<double> ballots;
    for (const QString& agent : m_spec.agents) {
        AgentVote vote = panel.judge(agent, fix);
        vote.agent = agent;
        ballots.push_back(vote.approve ? 1 : 0);
        v.votes.push_back(std::move(vote));
    }
    if (auto c = formulas::validateConsensus(ballots, m_spec.consensusThreshold)) {
        v.consensus = c->ratio;
        v.approved = c->reached;
    }
    return v;
}

QString AutoFixAgents::status() const
{
    if (m_paused.isEmpty())
        return QStringLiteral("active");
    return QStringLiteral("paused for %1 dealer(s)").arg(m_paused.size());
}

} // namespace orch
