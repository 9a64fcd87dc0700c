#include "timeformat.h"

#include <cstdlib>

namespace orch::ui {

QString TimeFormat::duration(TimeMs span)
{
    const TimeMs minutes = std::llabs(span) / kMinuteMs;
    const qint64 days = minutes / (24 * 60);
    const qint64 hours = minutes / 60 % 24;
    const qint64 mins = minutes % 60;
    if (days > 0) {
        // Minutes are noise a day or more away.
        return hours > 0 ? tr("%1 d %2 h").arg(days).arg(hours) : tr("%1 d").arg(days);
    }
    if (hours > 0)
        return mins > 0 ? tr("%1 h %2 min").arg(hours).arg(mins) : tr("%1 h").arg(hours);
    return tr("%1 min").arg(mins);
}

QString TimeFormat::relative(TimeMs when, TimeMs now)
{
    const TimeMs delta = when - now;
    if (std::llabs(delta) < kMinuteMs)
        return tr("now");
    return delta > 0 ? tr("in %1").arg(duration(delta)) : tr("%1 ago").arg(duration(delta));
}

QString TimeFormat::withHint(TimeMs when, TimeMs now)
{
    return tr("%1 · %2", "ISO time · relative hint").arg(formatIso(when), relative(when, now));
}

} // namespace orch::ui
