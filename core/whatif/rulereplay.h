#pragma once

#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <vector>

#include <QHash>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch {
class StateStore;
struct OrchestratorSpec;
} // namespace orch

// Rule replay: how many drift detections, RLController retrains and AutoFixAgents pauses other
// drift rules would have caused over the stored metric history (docs/whatif.md).
//
// It does what the engine does when it is fed the samples as they happened (FleetSession:
// ingest the samples of time t, then run DriftSentinel for every 15-minute slot that is due):
// per (dealer, feature) series, the samples in time order go through the same drift::SeriesWindow
// (baseline, z-scores, sliding std); a sample at time t is evaluated at the first slot >= t
// (slots are multiples of the interval since 00:00Z); at each slot in which a series received
// samples and has a full window, abs(std - 1) > threshold is applied; the first flagged
// evaluation opens an episode (a detection), the first unflagged one closes it; the same
// RetrainPolicy decides retrain requests, and the engine's rules turn them into counts:
// - retrains: evaluations (slots) in which at least one series completed a retrain request;
// - pauses: AutoFixAgents.pause() calls: a detection opening on a dealer that had none open (the
//   agents pause per dealer and resume for it when its last episode closes);
// - degradedPhases: times the fleet went from no drift open anywhere to some (the status's phase
//   turning "degraded").
// Retrains caused by the weight learner's posterior shift are not drift rules and not counted.
namespace orch::whatif {

struct RuleSet
{
    double threshold = 2.0; // abs(std - 1) > threshold
    int windowSamples = 96;
    int baselineSamples = 672;
    int intervalMinutes = 15;
    int triggerCount = 3; // auto-retrain: consecutive flagged evaluations
    int driftWindowHours = 24; // ... the first and last at most this far apart
    int minSampleSize = 100; // ... with at least this many z-scored samples

    static RuleSet fromSpec(const OrchestratorSpec& spec);
    // Ranges as the spec document's; the error names the field: "threshold = -1: must be >= 0".
    Status validate() const;
    nlohmann::ordered_json toJson() const;

    friend bool operator==(const RuleSet&, const RuleSet&) = default;
};

struct RuleCounts
{
    qint64 evaluations = 0; // series evaluations (a series with a full window and new samples)
    qint64 flaggedEvaluations = 0;
    qint64 detections = 0; // episodes opened
    qint64 resolved = 0; // episodes closed
    qint64 openAtEnd = 0;
    qint64 retrains = 0; // RLController.retrain() calls (at most one per evaluation slot)
    qint64 retrainRequests = 0; // series that met the auto-retrain policy
    qint64 pauses = 0; // AutoFixAgents.pause() calls: a detection opening on a dealer with none open
    qint64 degradedPhases = 0; // a detection opening while none was open in the whole fleet
    qint64 monitoredSeries = 0; // series evaluated at least once
    qint64 unmonitoredSeries = 0; // too short for baseline + window, or a constant baseline

    nlohmann::ordered_json toJson() const;
    friend bool operator==(const RuleCounts&, const RuleCounts&) = default;
};

// Replays series one at a time against several rule sets in one pass per distinct (window,
// baseline, interval). Series may come in any order; counts depend only on the samples.
class RuleReplayer final
{
public:
    explicit RuleReplayer(std::vector<RuleSet> sets);

    // What one series contributes; computing it touches no shared state, so several series can
    // be replayed on worker threads and added in any order.
    struct SeriesResult
    {
        struct Event
        {
            TimeMs at = 0;
            int kind = 0; // 0 open, 1 close, 2 retrain request
        };
        std::vector<std::vector<Event>> events; // per rule set, in time order
        std::vector<RuleCounts> counts; // per rule set: evaluations, flagged, monitored...
        QString dealer;
    };
    // `times` strictly increasing (as the store returns a series), `values` of the same size.
    SeriesResult replaySeries(const QString& dealer, std::span<const TimeMs> times,
                              std::span<const double> values) const;
    void add(SeriesResult result);

    void addSeries(const QString& dealer, std::span<const TimeMs> times, std::span<const double> values)
    {
        add(replaySeries(dealer, times, values));
    }

    const std::vector<RuleSet>& sets() const { return m_sets; }
    // The counts per rule set (in the order given), from everything added so far.
    std::vector<RuleCounts> finish() const;

private:
    struct Tagged
    {
        TimeMs at;
        int dealer;
        int kind;
    };
    std::vector<RuleSet> m_sets;
    std::vector<std::vector<int>> m_groups; // rule set indices sharing window, baseline, interval
    std::vector<RuleCounts> m_counts;
    std::vector<std::vector<Tagged>> m_events;
    QHash<QString, int> m_dealers;
};

struct RuleReplayReport
{
    RuleSet currentRules;
    RuleCounts current;
    std::vector<std::pair<RuleSet, RuleCounts>> alternatives;
    qint64 series = 0;
    qint64 samples = 0;
    std::optional<TimeMs> first;
    std::optional<TimeMs> last;
    qint64 elapsedMs = 0;

    nlohmann::ordered_json toJson() const;
};

inline constexpr int kMaxRuleAlternatives = 64;

// Called after each series with (done, total); returning false cancels the replay.
using ReplayProgress = std::function<bool(qint64 done, qint64 total)>;

// Every series of the store (StateStore::series()), read on the calling thread (the store is
// single-threaded) while the previous series is replayed on a worker. A cancelled replay (the
// progress callback returned false, or `stop` was requested) is an error saying so.
Result<RuleReplayReport> replayRules(StateStore& store, const RuleSet& current,
                                     const std::vector<RuleSet>& alternatives,
                                     const ReplayProgress& progress = {}, std::stop_token stop = {});

} // namespace orch::whatif
