#pragma once

#include "common/timeutil.h"

namespace orch {

// The engine's only source of time. Nothing in the engine reads the system clock: tests and
// what-if runs inject a SimulatedClock and run days of operation in milliseconds.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimeMs now() const = 0;
};

class SystemClock final : public Clock
{
public:
    TimeMs now() const override;
};

// Time that moves only when told to, and never backwards.
class SimulatedClock final : public Clock
{
public:
    explicit SimulatedClock(TimeMs start);
    TimeMs now() const override;
    // Moves to `t`; earlier times are ignored (the clock is monotonic). Returns the new time.
    TimeMs advanceTo(TimeMs t);
    TimeMs advanceBy(TimeMs delta);

private:
    TimeMs m_now;
};

} // namespace orch
