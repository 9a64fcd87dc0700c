#include "engine/components.h"

#include "common/logging.h"

namespace orch {

RLController::RLController(const RLControllerSpec& spec)
    : m_spec(spec)
{ }

void RLController::retrain(TimeMs at, const std::vector<qint64>& causes)
{
    ++m_retrains;
    m_lastRetrain = at;
    m_lastCauses = causes;
    qCInfo(lcEngine) << "RLController.retrain() at" << formatIso(at) << "caused by" << causes.size()
                     << "detection(s)";
}

QString RLController::status() const
{
    return QStringLiteral("active");
}

AutoFixAgents::AutoFixAgents(const AutoFixAgentsSpec& spec)
    : m_spec(spec)
{ }

bool AutoFixAgents::pause(TimeMs at, qint64 cause)
{
    if (m_paused)
        return false;
    m_paused = true;
    ++m_pauses;
    m_lastChange = at;
    qCInfo(lcEngine) << "AutoFixAgents.pause() at" << formatIso(at) << "caused by detection" << cause;
    return true;
}

bool AutoFixAgents::resume(TimeMs at)
{
    if (!m_paused)
        return false;
    m_paused = false;
    m_lastChange = at;
    qCInfo(lcEngine) << "AutoFixAgents resumed at" << formatIso(at) << "(no drift open)";
    return true;
}

QString AutoFixAgents::status() const
{
    return m_paused ? QStringLiteral("paused") : QStringLiteral("active");
}

} // namespace orch
