#include "engine/driftsentinel.h"

#include "common/logging.h"
#include "formulas/formulas.h"

namespace orch {

RetrainPolicy::RetrainPolicy(const AutoRetrainSpec& spec)
    : m_spec(spec)
{ }

bool RetrainPolicy::record(SeriesRun& run, bool flagged, TimeMs at, std::int64_t scoredSamples) const
{
    if (!flagged) {
        run.flagged.clear();
        run.requested = false;
        return false;
    }
    run.flagged.push_back(at);
    while (run.flagged.size() > std::size_t(m_spec.triggerCount))
        run.flagged.pop_front();
    if (run.requested || run.flagged.size() < std::size_t(m_spec.triggerCount))
        return false;
    if (run.flagged.back() - run.flagged.front() > TimeMs(m_spec.driftWindowHours) * kHourMs)
        return false;
    if (scoredSamples < m_spec.minSampleSize)
        return false;
    run.requested = true;
    return true;
}

DriftSentinel::Series::Series(QString d, QString f, const DriftSentinelSpec& spec)
    : dealer(std::move(d))
    , feature(std::move(f))
    , window(spec.windowSamples, spec.baselineSamples)
{ }

DriftSentinel::DriftSentinel(const DriftSentinelSpec& spec, const AutoRetrainSpec& retrain, StateStore& store)
    : m_spec(spec)
    , m_policy(retrain)
    , m_store(store)
{ }

bool DriftSentinel::ingest(const Sample& sample)
{
    const QString key = sample.dealer + QChar(0x1F) + sample.feature;
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        it = m_index.emplace(key, m_series.size()).first;
        m_series.emplace_back(sample.dealer, sample.feature, m_spec);
    }
    Series& s = m_series[it->second];
    if (s.hasSamples && sample.timestamp <= s.lastTimestamp) {
        ++m_late;
        return false;
    }
    s.hasSamples = true;
    s.lastTimestamp = sample.timestamp;
    s.window.push(sample.value);
    s.fresh = true;
    return true;
}

Result<DriftTickReport> DriftSentinel::evaluate(TimeMs at)
{
    DriftTickReport report;
    report.at = at;
    for (Series& s : m_series) {
        if (!s.fresh || !s.window.ready())
            continue;
        s.fresh = false;
        ++report.evaluated;
        const double sd = s.window.stddev();
        s.lastStd = sd;
        const bool flagged = formulas::detectDrift(sd, m_spec.threshold);
        report.flagged += flagged;
        if (flagged) {
            if (!s.episode) {
                Detection d;
                d.dealer = s.dealer;
                d.feature = s.feature;
                d.openedAt = at;
                d.threshold = m_spec.threshold;
                d.firstStd = d.peakStd = d.lastStd = sd;
                d.flaggedEvaluations = 1;
                auto id = m_store.insertDetection(d);
                if (!id)
                    return fail(QStringLiteral("recording a detection: ") + id.error());
                d.id = *id;
                s.episode = d;
                ++m_open;
                report.opened.push_back(d);
            } else {
                Detection& d = *s.episode;
                d.lastStd = sd;
                d.peakStd = std::max(d.peakStd, sd);
                ++d.flaggedEvaluations;
                if (auto st = m_store.updateDetection(d); !st)
                    return fail(QStringLiteral("updating a detection: ") + st.error());
            }
        } else if (s.episode) {
            Detection d = *s.episode;
            d.closedAt = at;
            d.lastStd = sd;
            if (auto st = m_store.updateDetection(d); !st)
                return fail(QStringLiteral("closing a detection: ") + st.error());
            s.episode.reset();
            --m_open;
            report.closed.push_back(d);
        }
        if (m_policy.record(s.run, flagged, at, s.window.scoredCount()) && s.episode)
            report.retrainCauses.push_back(s.episode->id);
    }
    report.open = m_open;
    return report;
}

int DriftSentinel::monitoredCount() const
{
    int n = 0;
    for (const Series& s : m_series)
        n += s.window.ready();
    return n;
}

std::vector<SeriesSnapshot> DriftSentinel::snapshot() const
{
    std::vector<SeriesSnapshot> out;
    out.reserve(m_series.size());
    for (const Series& s : m_series)
        out.push_back(
            { s.dealer, s.feature, s.window.count(), s.window.ready(), s.lastStd, s.episode.has_value() });
    return out;
}

} // namespace orch
