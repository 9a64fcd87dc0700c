#include "engine/scheduler.h"

#include <algorithm>

#include "common/logging.h"
#include "engine/clock.h"
#include "engine/enginehooks.h"

namespace orch {

namespace {

TimeMs floorDiv(TimeMs a, TimeMs b)
{
    TimeMs q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

} // namespace

Schedule Schedule::dailyAtUtc(int minuteOfDay)
{
    Schedule s;
    s.kind = Kind::DailyUtc;
    s.minuteOfDay = std::clamp(minuteOfDay, 0, 24 * 60 - 1);
    return s;
}

Schedule Schedule::every(TimeMs interval)
{
    Schedule s;
    s.kind = Kind::Interval;
    s.interval = std::max<TimeMs>(kMinuteMs, interval);
    return s;
}

TimeMs Schedule::lastAtOrBefore(TimeMs t) const
{
    if (kind == Kind::Interval)
        return floorDiv(t, interval) * interval;
    // UTC days are exactly 86 400 000 ms in epoch time (no leap seconds), so the daily slot is
    // plain arithmetic across midnight, month and year boundaries.
    const TimeMs offset = TimeMs(minuteOfDay) * kMinuteMs;
    return floorDiv(t - offset, kDayMs) * kDayMs + offset;
}

TimeMs Schedule::firstAtOrAfter(TimeMs t) const
{
    const TimeMs last = lastAtOrBefore(t);
    if (last == t)
        return t;
    return last + (kind == Kind::Interval ? interval : kDayMs);
}

Scheduler::Scheduler(const Clock& clock)
    : m_clock(clock)
{ }

void Scheduler::addJob(const QString& name, Schedule schedule, JobFunction function,
                       std::optional<TimeMs> lastRun)
{
    Job job;
    job.info.name = name;
    job.info.schedule = schedule;
    job.info.lastRun = lastRun;
    job.info.nextRun
        = lastRun ? schedule.firstAtOrAfter(*lastRun + 1) : schedule.firstAtOrAfter(m_clock.now());
    job.function = std::move(function);
    m_jobs.push_back(std::move(job));
}

int Scheduler::runDue()
{
    int ran = 0;
    for (;;) {
        const TimeMs now = m_clock.now();
        // The due job with the earliest next run (first registered on ties).
        Job* next = nullptr;
        for (Job& j : m_jobs) {
            if (j.info.nextRun <= now && (!next || j.info.nextRun < next->info.nextRun))
                next = &j;
        }
        if (!next)
            return ran;
        JobInfo& info = next->info;
        const TimeMs latest = info.schedule.lastAtOrBefore(now);
        const TimeMs step = info.schedule.kind == Schedule::Kind::Interval ? info.schedule.interval : kDayMs;
        bool claimed = false;
        if (info.exclusive && m_lock) {
            const auto claim = m_lock->tryAcquire(info.name, latest);
            if (!claim) {
                ++info.unlockedRuns;
                qCWarning(lcEngine).noquote() << "job" << info.name << "runs for" << formatIso(latest)
                                              << "without its lock:" << claim.error();
            } else if (*claim == JobLock::Claim::HeldElsewhere) {
                qCInfo(lcEngine) << "job" << info.name << "for" << formatIso(latest)
                                 << "ran (or runs) in another process; skipped here";
                info.lastRun = latest;
                info.nextRun = latest + step;
                ++info.ranElsewhere;
                continue;
            } else {
                claimed = true;
            }
        }
        const qint64 missed = (latest - info.nextRun) / step;
        if (missed > 0)
            qCInfo(lcEngine) << "job" << info.name << "missed" << missed << "run(s); running once for"
                             << formatIso(latest);
        info.missedRuns += missed;
        info.lastRun = latest;
        info.nextRun = latest + step;
        ++info.runs;
        ++ran;
        const QString name = info.name; // `info` may move if the job adds jobs
        next->function(latest);
        if (claimed)
            m_lock->release(name, latest);
    }
}

void Scheduler::setExclusive(const QString& name, bool exclusive)
{
    for (Job& j : m_jobs) {
        if (j.info.name == name)
            j.info.exclusive = exclusive;
    }
}

std::optional<Scheduler::JobInfo> Scheduler::job(const QString& name) const
{
    for (const Job& j : m_jobs) {
        if (j.info.name == name)
            return j.info;
    }
    return std::nullopt;
}

std::vector<Scheduler::JobInfo> Scheduler::jobs() const
{
    std::vector<JobInfo> out;
    out.reserve(m_jobs.size());
    for (const Job& j : m_jobs)
        out.push_back(j.info);
    return out;
}

} // namespace orch
