#include "engine/clock.h"

#include <algorithm>

#include <QDateTime>

namespace orch {

TimeMs SystemClock::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

SimulatedClock::SimulatedClock(TimeMs start)
    : m_now(start)
{ }

TimeMs SimulatedClock::now() const
{
    return m_now;
}

TimeMs SimulatedClock::advanceTo(TimeMs t)
{
    m_now = std::max(m_now, t);
    return m_now;
}

TimeMs SimulatedClock::advanceBy(TimeMs delta)
{
    return advanceTo(m_now + std::max<TimeMs>(0, delta));
}

} // namespace orch
