#pragma once

#include <functional>
#include <optional>
#include <vector>

#include <QString>

#include "common/timeutil.h"

namespace orch {

class Clock;
class JobLock;

// When a job runs: daily at a UTC time of day, or every N minutes aligned to 00:00Z.
struct Schedule
{
    enum class Kind
    {
        DailyUtc,
        Interval
    };
    Kind kind = Kind::Interval;
    int minuteOfDay = 0; // DailyUtc
    TimeMs interval = 15 * kMinuteMs; // Interval; divides into whole minutes

    static Schedule dailyAtUtc(int minuteOfDay);
    static Schedule every(TimeMs interval);

    // The first scheduled time >= t, and the last scheduled time <= t.
    TimeMs firstAtOrAfter(TimeMs t) const;
    TimeMs lastAtOrBefore(TimeMs t) const;
};

// Runs jobs on an injected Clock. runDue() runs every job whose next scheduled time has come,
// in time order across jobs (registration order on ties).
//
// Catch-up: when scheduled times were missed (the process was down, the clock jumped), a job
// runs ONCE for the latest missed time, not once per missed time; `missedRuns` counts the
// coalesced ones (as systemd's Persistent= timers and anacron do). A job never runs for a
// time before it was registered or restored.
//
// Exclusive jobs, with a JobLock set (the daemon's Redis), run only after claiming their scheduled
// time: a time another process ran or is running is skipped (counted in `ranElsewhere`), and
// when the lock cannot be consulted the job runs anyway (counted in `unlockedRuns`): the
// orchestrator keeps working without Redis.
class Scheduler final
{
public:
    struct JobInfo
    {
        QString name;
        Schedule schedule;
        std::optional<TimeMs> lastRun; // the scheduled time of the last run
        TimeMs nextRun = 0;
        qint64 runs = 0; // runs in this process
        qint64 missedRuns = 0;
        bool exclusive = false;
        qint64 ranElsewhere = 0; // scheduled times another process had claimed
        qint64 unlockedRuns = 0; // runs without the lock's answer (it was unreachable)
    };
    // Called with the scheduled time being run (<= clock.now()).
    using JobFunction = std::function<void(TimeMs scheduledAt)>;

    explicit Scheduler(const Clock& clock);

    // Registers a job; its first run is the first scheduled time at or after now, or, when
    // `lastRun` is restored from the store, the first one after it.
    void addJob(const QString& name, Schedule schedule, JobFunction function,
                std::optional<TimeMs> lastRun = std::nullopt);

    // Runs what is due; returns how many runs happened.
    int runDue();

    // The lock exclusive jobs claim before they run (not owned; null: none).
    void setJobLock(JobLock* lock) { m_lock = lock; }
    void setExclusive(const QString& name, bool exclusive = true);

    std::optional<JobInfo> job(const QString& name) const;
    std::vector<JobInfo> jobs() const;

private:
    struct Job
    {
        JobInfo info;
        JobFunction function;
    };
    const Clock& m_clock;
    std::vector<Job> m_jobs;
    JobLock* m_lock = nullptr;
};

} // namespace orch
