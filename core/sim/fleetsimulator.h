#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <QString>
#include <QStringList>

#include "common/timeutil.h"
#include "learning/adaptiveweightlearner.h"
#include "store/statestore.h"

namespace orch {

// A deterministic synthetic fleet of dealerships: every `intervalMinutes` each dealer reports
// each AIV/ATI/CRS sub-signal. Values are a pure function of (seed, dealer, feature, time) —
// counter-based splitmix64 + Box-Muller — so any tick can be produced in any order and the same
// seed always gives the same fleet. Drift episodes (the noise of one series scaled 5-8x for 8-36
// hours) start at random after the first `cleanDays`, so baselines are clean and the
// orchestrator has real work to do.
class FleetSimulator final
{
public:
    struct Options
    {
        int dealers = 25;
        std::uint64_t seed = 42;
        TimeMs start = 1767225600000; // 2026-01-01T00:00:00Z
        int intervalMinutes = 15;
        int cleanDays = 7;
        double episodesPerSeriesDay = 0.01;
    };

    struct Episode
    {
        int dealer = 0;
        int feature = 0;
        TimeMs start = 0;
        TimeMs end = 0; // exclusive
        double scale = 1;
    };

    explicit FleetSimulator(const Options& options);

    static const QStringList& features();
    const QStringList& dealers() const { return m_dealers; }
    const Options& options() const { return m_options; }
    TimeMs interval() const { return TimeMs(m_options.intervalMinutes) * kMinuteMs; }

    // One sample per (dealer, feature) at tick time t.
    std::vector<Sample> samplesAt(TimeMs t) const;
    double value(int dealer, int feature, TimeMs t) const;
    // The episode covering (dealer, feature) at t, if any.
    std::optional<Episode> episodeAt(int dealer, int feature, TimeMs t) const;
    // Episodes that start in [from, to).
    std::vector<Episode> episodes(TimeMs from, TimeMs to) const;

    // The fleet's AI-visibility outcome: once a day (at 00:00Z) each dealer's outcome is the
    // weighted sum of its scaled sub-signals, with these true weights, plus a little noise. The
    // AdaptiveWeightLearner should find them. One observation per dealer per day in (from, to].
    static const std::vector<double>& trueWeights();
    std::vector<learning::Observation> observations(TimeMs from, TimeMs to) const;
    // The same, for the dealers `include` accepts only (a shard of the fleet).
    std::vector<learning::Observation> observations(TimeMs from, TimeMs to,
                                                    const std::function<bool(const QString& dealer)>& include) const;

    // The fix area where the dealer is weakest, relative to the fleet's range: "schema"
    // (schema_coverage), "ugc" (review_velocity), "geo" (local_presence) or "cwv" (cwv_lcp_ms,
    // slower is weaker). A fix of that area pays off for the dealer; others barely do.
    QString weakestArea(int dealer) const;
    int dealerIndex(const QString& dealer) const { return int(m_dealers.indexOf(dealer)); }

private:
    double dealerMean(int dealer, int feature) const;
    std::optional<Episode> episodeStartingOn(int dealer, int feature, std::int64_t day) const;

    Options m_options;
    QStringList m_dealers;
};

} // namespace orch
