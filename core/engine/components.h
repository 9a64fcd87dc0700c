#pragma once

#include <optional>
#include <vector>

#include <QString>

#include "common/timeutil.h"
#include "spec/orchestratorspec.h"

namespace orch {

// The parts of RLController and AutoFixAgents that DriftSentinel drives. The learning loop (bandit
// policy, agent votes) builds on these; at this stage each records the calls it receives, and its
// status shows them. AdaptiveWeightLearner lives in core/learning.

class RLController final
{
public:
    explicit RLController(const RLControllerSpec& spec);
    // Refit from the logged history since the last drift; `causes` are the detection ids.
    void retrain(TimeMs at, const std::vector<qint64>& causes);

    qint64 retrains() const { return m_retrains; }
    std::optional<TimeMs> lastRetrain() const { return m_lastRetrain; }
    std::vector<qint64> lastCauses() const { return m_lastCauses; }
    QString status() const;
    const RLControllerSpec& spec() const { return m_spec; }

private:
    RLControllerSpec m_spec;
    qint64 m_retrains = 0;
    std::optional<TimeMs> m_lastRetrain;
    std::vector<qint64> m_lastCauses;
};

class AutoFixAgents final
{
public:
    explicit AutoFixAgents(const AutoFixAgentsSpec& spec);
    // Paused while drift is open: no fix is proposed or deployed. Returns false if already paused.
    bool pause(TimeMs at, qint64 cause);
    bool resume(TimeMs at);

    bool paused() const { return m_paused; }
    qint64 pauses() const { return m_pauses; }
    std::optional<TimeMs> lastChange() const { return m_lastChange; }
    QString status() const;
    const AutoFixAgentsSpec& spec() const { return m_spec; }

private:
    AutoFixAgentsSpec m_spec;
    bool m_paused = false;
    qint64 m_pauses = 0;
    std::optional<TimeMs> m_lastChange;
};

} // namespace orch
