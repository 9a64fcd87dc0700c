#include "whatif/rulereplay.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QElapsedTimer>
#include <QFuture>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

#include "engine/driftmath.h"
#include "engine/driftsentinel.h"
#include "engine/scheduler.h"
#include "formulas/formulas.h"
#include "spec/orchestratorspec.h"
#include "store/statestore.h"
#include "whatif/whatiflogging.h"

namespace orch::whatif {

namespace {

// The spec document's ranges (core/spec/orchestratorspec.cpp).
constexpr int kMaxSamples = 1'000'000;

enum EventKind
{
    Open = 0,
    Close = 1,
    RetrainRequest = 2
};

} // namespace

RuleSet RuleSet::fromSpec(const OrchestratorSpec& spec)
{
    const DriftSentinelSpec& d = spec.components.driftSentinel;
    RuleSet r;
    r.threshold = d.threshold;
    r.windowSamples = d.windowSamples;
    r.baselineSamples = d.baselineSamples;
    r.intervalMinutes = d.intervalMinutes;
    r.triggerCount = spec.autoRetrain.triggerCount;
    r.driftWindowHours = spec.autoRetrain.driftWindowHours;
    r.minSampleSize = spec.autoRetrain.minSampleSize;
    return r;
}

Status RuleSet::validate() const
{
    if (!(std::isfinite(threshold) && threshold >= 0))
        return fail(QStringLiteral("threshold = %1: must be a finite number >= 0")
                        .arg(QString::number(threshold, 'g', QLocale::FloatingPointShortest)));
    const auto range = [](const char* field, int v, int lo, int hi) -> Status {
        if (v < lo || v > hi)
            return fail(QStringLiteral("%1 = %2: must be from %3 to %4")
                            .arg(QLatin1String(field))
                            .arg(v)
                            .arg(lo)
                            .arg(hi));
        return success();
    };
    for (const Status& s : { range("windowSamples", windowSamples, 2, kMaxSamples),
                             range("baselineSamples", baselineSamples, 2, kMaxSamples),
                             range("intervalMinutes", intervalMinutes, 1, 24 * 60),
                             range("triggerCount", triggerCount, 1, 10'000),
                             range("driftWindowHours", driftWindowHours, 1, 24 * 366),
                             range("minSampleSize", minSampleSize, 1, kMaxSamples) }) {
        if (!s)
            return s;
    }
    return success();
}

nlohmann::ordered_json RuleSet::toJson() const
{
    nlohmann::ordered_json j;
    j["threshold"] = threshold;
    j["windowSamples"] = windowSamples;
    j["baselineSamples"] = baselineSamples;
    j["intervalMinutes"] = intervalMinutes;
    j["triggerCount"] = triggerCount;
    j["driftWindowHours"] = driftWindowHours;
    j["minSampleSize"] = minSampleSize;
    return j;
}

nlohmann::ordered_json RuleCounts::toJson() const
{
    nlohmann::ordered_json j;
    j["detections"] = detections;
    j["retrains"] = retrains;
    j["pauses"] = pauses;
    j["degradedPhases"] = degradedPhases;
    j["resolved"] = resolved;
    j["openAtEnd"] = openAtEnd;
    j["retrainRequests"] = retrainRequests;
    j["evaluations"] = evaluations;
    j["flaggedEvaluations"] = flaggedEvaluations;
    j["monitoredSeries"] = monitoredSeries;
    j["unmonitoredSeries"] = unmonitoredSeries;
    return j;
}

RuleReplayer::RuleReplayer(std::vector<RuleSet> sets)
    : m_sets(std::move(sets))
    , m_counts(m_sets.size())
    , m_events(m_sets.size())
{
    for (std::size_t i = 0; i < m_sets.size(); ++i) {
        const RuleSet& s = m_sets[i];
        auto same = std::find_if(m_groups.begin(), m_groups.end(), [&](const std::vector<int>& g) {
            const RuleSet& o = m_sets[std::size_t(g.front())];
            return o.windowSamples == s.windowSamples && o.baselineSamples == s.baselineSamples
                && o.intervalMinutes == s.intervalMinutes;
        });
        if (same == m_groups.end())
            m_groups.push_back({ int(i) });
        else
            same->push_back(int(i));
    }
}

RuleReplayer::SeriesResult RuleReplayer::replaySeries(const QString& dealer, std::span<const TimeMs> times,
                                                      std::span<const double> values) const
{
    SeriesResult r;
    r.dealer = dealer;
    r.events.resize(m_sets.size());
    r.counts.resize(m_sets.size());
    const std::size_t n = std::min(times.size(), values.size());
    struct State
    {
        RetrainPolicy policy;
        RetrainPolicy::SeriesRun run;
        bool open = false;
    };
    for (const std::vector<int>& group : m_groups) {
        const RuleSet& shape = m_sets[std::size_t(group.front())];
        drift::SeriesWindow window(shape.windowSamples, shape.baselineSamples);
        const Schedule schedule = Schedule::every(TimeMs(shape.intervalMinutes) * kMinuteMs);
        std::vector<State> states;
        states.reserve(group.size());
        for (int k : group) {
            const RuleSet& s = m_sets[std::size_t(k)];
            states.push_back(
                { RetrainPolicy(AutoRetrainSpec { s.driftWindowHours, s.triggerCount, s.minSampleSize }),
                  {},
                  false });
        }
        bool evaluated = false;
        std::size_t i = 0;
        while (i < n) {
            // The engine ingests every sample up to the slot, then evaluates the slot.
            const TimeMs slot = schedule.firstAtOrAfter(times[i]);
            for (; i < n && times[i] <= slot; ++i)
                window.push(values[i]);
            if (!window.ready())
                continue;
            evaluated = true;
            const double sd = window.stddev();
            for (std::size_t g = 0; g < group.size(); ++g) {
                const std::size_t k = std::size_t(group[g]);
                State& st = states[g];
                RuleCounts& c = r.counts[k];
                auto& events = r.events[k];
                const bool flagged = formulas::detectDrift(sd, m_sets[k].threshold);
                ++c.evaluations;
                c.flaggedEvaluations += flagged;
                if (flagged && !st.open) {
                    st.open = true;
                    events.push_back({ slot, Open });
                } else if (!flagged && st.open) {
                    st.open = false;
                    events.push_back({ slot, Close });
                }
                if (st.policy.record(st.run, flagged, slot, window.scoredCount()) && st.open)
                    events.push_back({ slot, RetrainRequest });
            }
        }
        for (int k : group) {
            r.counts[std::size_t(k)].monitoredSeries = evaluated;
            r.counts[std::size_t(k)].unmonitoredSeries = !evaluated;
        }
    }
    return r;
}

void RuleReplayer::add(SeriesResult result)
{
    auto it = m_dealers.constFind(result.dealer);
    if (it == m_dealers.constEnd())
        it = m_dealers.insert(result.dealer, int(m_dealers.size()));
    const int dealer = *it;
    for (std::size_t k = 0; k < m_sets.size() && k < result.counts.size(); ++k) {
        RuleCounts& c = m_counts[k];
        const RuleCounts& s = result.counts[k];
        c.evaluations += s.evaluations;
        c.flaggedEvaluations += s.flaggedEvaluations;
        c.monitoredSeries += s.monitoredSeries;
        c.unmonitoredSeries += s.unmonitoredSeries;
        for (const SeriesResult::Event& e : result.events[k])
            m_events[k].push_back({ e.at, dealer, e.kind });
    }
}

std::vector<RuleCounts> RuleReplayer::finish() const
{
    std::vector<RuleCounts> out = m_counts;
    for (std::size_t k = 0; k < m_sets.size(); ++k) {
        RuleCounts& c = out[k];
        std::vector<Tagged> events = m_events[k];
        std::stable_sort(events.begin(), events.end(),
                         [](const Tagged& a, const Tagged& b) { return a.at < b.at; });
        std::vector<int> dealerOpen(std::size_t(m_dealers.size()), 0);
        std::vector<TimeMs> dealerPausedAt(std::size_t(m_dealers.size()), std::numeric_limits<TimeMs>::min());
        qint64 open = 0;
        for (std::size_t b = 0; b < events.size();) {
            const TimeMs at = events[b].at;
            std::size_t e = b;
            while (e < events.size() && events[e].at == at)
                ++e;
            // One evaluation. The engine handles its openings before its closings, so a dealer
            // pauses when a detection opens there and none was open before the evaluation.
            qint64 opened = 0, closed = 0;
            bool retrain = false;
            for (std::size_t i = b; i < e; ++i) {
                const Tagged& t = events[i];
                if (t.kind == Open) {
                    ++opened;
                    if (dealerOpen[std::size_t(t.dealer)] == 0
                        && dealerPausedAt[std::size_t(t.dealer)] != at) {
                        ++c.pauses;
                        dealerPausedAt[std::size_t(t.dealer)] = at;
                    }
                } else if (t.kind == Close) {
                    ++closed;
                } else {
                    ++c.retrainRequests;
                    retrain = true;
                }
            }
            for (std::size_t i = b; i < e; ++i) {
                const Tagged& t = events[i];
                if (t.kind == Open)
                    ++dealerOpen[std::size_t(t.dealer)];
                else if (t.kind == Close)
                    --dealerOpen[std::size_t(t.dealer)];
            }
            if (opened > 0 && open == 0)
                ++c.degradedPhases;
            open += opened - closed;
            c.detections += opened;
            c.resolved += closed;
            c.retrains += retrain;
            b = e;
        }
        c.openAtEnd = open;
    }
    return out;
}

nlohmann::ordered_json RuleReplayReport::toJson() const
{
    const auto iso = [](const std::optional<TimeMs>& t) {
        return t ? nlohmann::ordered_json(formatIso(*t).toStdString()) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json j;
    j["question"] = "rules";
    j["series"] = series;
    j["samples"] = samples;
    j["from"] = iso(first);
    j["to"] = iso(last);
    j["elapsedMs"] = elapsedMs;
    nlohmann::ordered_json cur;
    cur["rules"] = currentRules.toJson();
    const nlohmann::ordered_json currentFigures = current.toJson();
    for (const auto& [key, value] : currentFigures.items())
        cur[key] = value;
    j["current"] = std::move(cur);
    nlohmann::ordered_json alts = nlohmann::ordered_json::array();
    for (const auto& [rules, counts] : alternatives) {
        nlohmann::ordered_json a;
        a["rules"] = rules.toJson();
        const nlohmann::ordered_json figures = counts.toJson();
        for (const auto& [key, value] : figures.items())
            a[key] = value;
        a["vsCurrent"] = { { "detections", counts.detections - current.detections },
                           { "retrains", counts.retrains - current.retrains },
                           { "pauses", counts.pauses - current.pauses },
                           { "degradedPhases", counts.degradedPhases - current.degradedPhases } };
        alts.push_back(std::move(a));
    }
    j["alternatives"] = std::move(alts);
    return j;
}

Result<RuleReplayReport> replayRules(StateStore& store, const RuleSet& current,
                                     const std::vector<RuleSet>& alternatives, const ReplayProgress& progress,
                                     std::stop_token stop)
{
    if (Status s = current.validate(); !s)
        return fail(QStringLiteral("current rules: ") + s.error());
    if (alternatives.size() > std::size_t(kMaxRuleAlternatives))
        return fail(QStringLiteral("alternatives: %1 rule sets, at most %2 are replayed at once")
                        .arg(alternatives.size())
                        .arg(kMaxRuleAlternatives));
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        if (Status s = alternatives[i].validate(); !s)
            return fail(QStringLiteral("alternatives[%1].%2").arg(i).arg(s.error()));
    }
    QElapsedTimer timer;
    timer.start();
    std::vector<RuleSet> sets { current };
    sets.insert(sets.end(), alternatives.begin(), alternatives.end());
    RuleReplayer replayer(std::move(sets));

    auto series = store.series();
    if (!series)
        return fail(series.error());
    RuleReplayReport report;
    report.currentRules = current;
    report.series = qint64(series->size());
    const qint64 total = report.series;

    // Read series i on this thread (the store's) while series i - 1 is replayed on a worker.
    QFuture<RuleReplayer::SeriesResult> pending;
    qint64 done = 0;
    const auto collect = [&]() -> bool {
        if (!pending.isValid())
            return true;
        replayer.add(pending.takeResult());
        pending = {};
        ++done;
        return !(progress && !progress(done, total)) && !stop.stop_requested();
    };
    const auto cancelled = [&]() {
        if (pending.isValid())
            pending.waitForFinished();
        return fail(QStringLiteral("rule replay cancelled after %1 of %2 series").arg(done).arg(total));
    };
    for (const auto& [dealer, feature] : *series) {
        if (stop.stop_requested())
            return cancelled();
        auto samples = store.samples(dealer, feature, std::numeric_limits<TimeMs>::min(),
                                     std::numeric_limits<TimeMs>::max());
        if (!samples) {
            if (pending.isValid())
                pending.waitForFinished();
            return fail(samples.error());
        }
        std::vector<TimeMs> times;
        std::vector<double> values;
        times.reserve(samples->size());
        values.reserve(samples->size());
        for (const Sample& s : *samples) {
            times.push_back(s.timestamp);
            values.push_back(s.value);
        }
        report.samples += qint64(times.size());
        if (!times.empty()) {
            report.first = std::min(report.first.value_or(times.front()), times.front());
            report.last = std::max(report.last.value_or(times.back()), times.back());
        }
        if (!collect())
            return cancelled();
        pending = QtConcurrent::run(
            [&replayer, dealer = dealer, times = std::move(times), values = std::move(values)]() {
                return replayer.replaySeries(dealer, times, values);
            });
    }
    if (!collect())
        return cancelled();

    const std::vector<RuleCounts> counts = replayer.finish();
    report.current = counts.front();
    for (std::size_t i = 0; i < alternatives.size(); ++i)
        report.alternatives.emplace_back(alternatives[i], counts[i + 1]);
    report.elapsedMs = timer.elapsed();
    qCInfo(lcWhatIf) << "rule replay:" << report.series << "series," << report.samples << "samples,"
                     << replayer.sets().size() << "rule sets in" << report.elapsedMs << "ms";
    return report;
}

} // namespace orch::whatif
