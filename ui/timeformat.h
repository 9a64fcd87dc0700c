#pragma once

#include <QCoreApplication>
#include <QString>

#include "common/timeutil.h"

namespace orch::ui {

// How the console writes the orchestrator's times: UTC ISO-8601 (as the API does) plus a hint
// relative to the orchestrator's clock, which is simulated in the embedded console and so is
// never compared with the wall clock.
class TimeFormat final
{
    Q_DECLARE_TR_FUNCTIONS(TimeFormat)
public:
    TimeFormat() = delete;

    // "14 min", "3 h 5 min", "2 d 4 h" (whole minutes, rounded down).
    static QString duration(TimeMs span);
    // "in 14 min", "3 h ago", "now".
    static QString relative(TimeMs when, TimeMs now);
    // "2026-01-09T02:00:00Z · in 14 min".
    static QString withHint(TimeMs when, TimeMs now);
};

} // namespace orch::ui
