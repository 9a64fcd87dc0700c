#pragma once

#include <deque>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include <QString>

#include "common/result.h"
#include "engine/driftmath.h"
#include "spec/orchestratorspec.h"
#include "store/statestore.h"

namespace orch {

// Auto-retrain policy of SPEC.md: a retrain is requested when a series has `triggerCount`
// consecutive flagged evaluations, the first and last of them at most `driftWindowHours` apart,
// and at least `minSampleSize` z-scored samples (after its baseline). One request per drift
// episode; an evaluation that is not flagged ends the run.
class RetrainPolicy final
{
public:
    struct SeriesRun
    {
        std::deque<TimeMs> flagged; // times of the current run of consecutive flagged evaluations
        bool requested = false; // this episode already requested a retrain
    };

    explicit RetrainPolicy(const AutoRetrainSpec& spec);

    // Records one evaluation of a series; true when it completes a retrain request.
    bool record(SeriesRun& run, bool flagged, TimeMs at, std::int64_t scoredSamples) const;

private:
    AutoRetrainSpec m_spec;
};

// What one DriftSentinel evaluation found.
struct DriftTickReport
{
    TimeMs at = 0;
    int evaluated = 0; // series with a full window and new samples since the last evaluation
    int flagged = 0;
    std::vector<Detection> opened;
    std::vector<Detection> closed;
    std::vector<qint64> retrainCauses; // detection ids whose run satisfied the retrain policy
    int open = 0; // detections open after this evaluation
};

// Per-series view for status and charts.
struct SeriesSnapshot
{
    QString dealer;
    QString feature;
    std::int64_t samples = 0;
    bool monitored = false;
    double lastStd = 0;
    bool drifting = false;
};

// DriftSentinel v1.1: per (dealer, feature) series, z-scores each sample against the series'
// baseline (its first `baselineSamples` samples), keeps the population standard deviation of the
// last `windowSamples` z-scores in O(1) per sample, and at every evaluation (every 15 minutes of
// the Clock) applies abs(std - 1) > threshold to each series that received samples since the
// previous evaluation. Flagged series open a drift episode (a Detection in the store); an
// episode closes at the first evaluation that is no longer flagged.
class DriftSentinel final
{
public:
    DriftSentinel(const DriftSentinelSpec& spec, const AutoRetrainSpec& retrain, StateStore& store);

    // A sample older than or equal to the series' latest is refused (samples must arrive in time
    // order per series) and counted as late; returns false then.
    bool ingest(const Sample& sample);

    Result<DriftTickReport> evaluate(TimeMs at);

    int seriesCount() const { return int(m_series.size()); }
    int monitoredCount() const;
    int openCount() const { return m_open; }
    std::int64_t lateSamples() const { return m_late; }
    std::vector<SeriesSnapshot> snapshot() const;

private:
    struct Series
    {
        Series(QString d, QString f, const DriftSentinelSpec& spec);
        QString dealer;
        QString feature;
        drift::SeriesWindow window;
        TimeMs lastTimestamp = 0;
        bool hasSamples = false;
        bool fresh = false;
        double lastStd = 0;
        RetrainPolicy::SeriesRun run;
        std::optional<Detection> episode;
    };

    DriftSentinelSpec m_spec;
    RetrainPolicy m_policy;
    StateStore& m_store;
    std::unordered_map<QString, std::size_t> m_index; // "dealer\x1Ffeature" -> m_series position
    std::vector<Series> m_series;
    int m_open = 0;
    std::int64_t m_late = 0;
};

} // namespace orch
