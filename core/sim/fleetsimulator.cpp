#include "sim/fleetsimulator.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/splitmix.h"

namespace orch {

namespace {

double unit(std::uint64_t h)
{
    return unitInterval(h);
}

struct FeatureModel
{
    const char* name;
    double meanLow, meanHigh; // per-dealer mean drawn in this range
    double noise; // standard deviation of the noise, relative to the mean
    double daily; // amplitude of the daily cycle, relative to the mean
};

// AIV (AI visibility), ATI (AI trust) and CRS (content readiness) sub-signals.
constexpr FeatureModel kFeatures[] = {
    { "schema_coverage", 0.55, 0.95, 0.03, 0.00 }, // share of pages with valid structured data
    { "review_velocity", 2.0, 12.0, 0.20, 0.35 }, // new reviews per day
    { "local_presence", 0.60, 0.98, 0.02, 0.01 }, // local pack / map presence
    { "cwv_lcp_ms", 1800, 4200, 0.08, 0.10 }, // Core Web Vitals: largest contentful paint
    { "ai_answer_mentions", 5.0, 40.0, 0.15, 0.20 }, // mentions in AI answers per day
    { "citation_share", 0.05, 0.30, 0.10, 0.05 }, // share of AI citations
    { "sentiment_score", 0.55, 0.90, 0.04, 0.02 }, // review sentiment
    { "listing_accuracy", 0.80, 0.99, 0.02, 0.00 }, // NAP consistency across listings
};
constexpr int kFeatureCount = int(sizeof(kFeatures) / sizeof(kFeatures[0]));

constexpr std::uint64_t kMeanSalt = 0x5851F42D4C957F2Dull;
constexpr std::uint64_t kPhaseSalt = 0x14057B7EF767814Full;
constexpr std::uint64_t kEpisodeSalt = 0xD1B54A32D192ED03ull;

} // namespace

FleetSimulator::FleetSimulator(const Options& options)
    : m_options(options)
{
    for (int d = 0; d < options.dealers; ++d)
        m_dealers.append(QStringLiteral("D%1").arg(d + 1, 4, 10, QLatin1Char('0')));
}

const QStringList& FleetSimulator::features()
{
    static const QStringList names = [] {
        QStringList l;
        for (const FeatureModel& f : kFeatures)
            l.append(QString::fromLatin1(f.name));
        return l;
    }();
    return names;
}

std::optional<FleetSimulator::Episode> FleetSimulator::episodeStartingOn(int dealer, int feature,
                                                                         std::int64_t day) const
{
    const std::int64_t firstDay = m_options.start / kDayMs + m_options.cleanDays;
    if (day < firstDay)
        return std::nullopt;
    const std::uint64_t h = mix(m_options.seed ^ kEpisodeSalt, std::uint64_t(dealer), std::uint64_t(feature),
                                std::uint64_t(day));
    if (unit(h) >= m_options.episodesPerSeriesDay)
        return std::nullopt;
    const std::uint64_t h2 = splitmix64(h);
    Episode e;
    e.dealer = dealer;
    e.feature = feature;
    e.start = day * kDayMs + TimeMs(h2 % 24) * kHourMs;
    e.end = e.start + TimeMs(8 + (h2 >> 8) % 29) * kHourMs; // 8-36 h
    e.scale = 5.0 + 3.0 * unit(splitmix64(h2));
    return e;
}

std::optional<FleetSimulator::Episode> FleetSimulator::episodeAt(int dealer, int feature, TimeMs t) const
{
    const std::int64_t day = t / kDayMs;
    // Episodes last at most 36 h: they can only have started today or on the two days before.
    for (std::int64_t d = day; d >= day - 2; --d) {
        if (auto e = episodeStartingOn(dealer, feature, d); e && e->start <= t && t < e->end)
            return e;
    }
    return std::nullopt;
}

std::vector<FleetSimulator::Episode> FleetSimulator::episodes(TimeMs from, TimeMs to) const
{
    std::vector<Episode> out;
    for (std::int64_t day = from / kDayMs; day * kDayMs < to; ++day) {
        for (int d = 0; d < m_options.dealers; ++d) {
            for (int f = 0; f < kFeatureCount; ++f) {
                if (auto e = episodeStartingOn(d, f, day); e && e->start >= from && e->start < to)
                    out.push_back(*e);
            }
        }
    }
    return out;
}

double FleetSimulator::dealerMean(int dealer, int feature) const
{
    const FeatureModel& m = kFeatures[feature];
    return m.meanLow
        + (m.meanHigh - m.meanLow)
        * unit(mix(m_options.seed ^ kMeanSalt, std::uint64_t(dealer), std::uint64_t(feature), 0));
}

QString FleetSimulator::weakestArea(int dealer) const
{
    // Position of the dealer's mean within the fleet's range, 0 = weakest.
    const auto position = [&](int feature, bool higherIsBetter) {
        const FeatureModel& m = kFeatures[feature];
        const double p = (dealerMean(dealer, feature) - m.meanLow) / (m.meanHigh - m.meanLow);
        return higherIsBetter ? p : 1.0 - p;
    };
    const std::pair<double, const char*> areas[] = {
        { position(0, true), "schema" }, // schema_coverage
        { position(1, true), "ugc" }, // review_velocity
        { position(2, true), "geo" }, // local_presence
        { position(3, false), "cwv" }, // cwv_lcp_ms
    };
    const auto* weakest = std::min_element(std::begin(areas), std::end(areas),
                                           [](const auto& a, const auto& b) { return a.first < b.first; });
    return QString::fromLatin1(weakest->second);
}

const std::vector<double>& FleetSimulator::trueWeights()
{
    // One per feature, in features() order; slower pages (cwv_lcp_ms) cost visibility.
    static const std::vector<double> weights { 0.20, 0.15, 0.15, -0.10, 0.25, 0.10, 0.10, 0.05 };
    return weights;
}

std::vector<learning::Observation> FleetSimulator::observations(TimeMs from, TimeMs to) const
{
    return observations(from, to, {});
}

std::vector<learning::Observation>
FleetSimulator::observations(TimeMs from, TimeMs to, const std::function<bool(const QString& dealer)>& include) const
{
    constexpr std::uint64_t kDaySalt = 0x2545F4914F6CDD1Dull;
    std::vector<learning::Observation> out;
    const std::vector<double>& w = trueWeights();
    for (std::int64_t day = from / kDayMs + 1; day * kDayMs <= to; ++day) {
        for (int d = 0; d < m_options.dealers; ++d) {
            if (include && !include(m_dealers[d]))
                continue;
            learning::Observation o;
            double y = 0;
            for (int f = 0; f < kFeatureCount; ++f) {
                // The dealer's level of the sub-signal, scaled to about 0..1, moving about 15 per
                // cent from day to day.
                const double g = gaussian(
                    mix(m_options.seed ^ kDaySalt, std::uint64_t(d), std::uint64_t(f), std::uint64_t(day)));
                const double x = dealerMean(d, f) / kFeatures[f].meanHigh * (1.0 + 0.15 * g);
                o.features.push_back(x);
                y += w[std::size_t(f)] * x;
            }
            o.outcome = y
                + 0.003 * gaussian(mix(m_options.seed ^ kDaySalt, std::uint64_t(d), 99, std::uint64_t(day)));
            out.push_back(std::move(o));
        }
    }
    return out;
}

double FleetSimulator::value(int dealer, int feature, TimeMs t) const
{
    const std::uint64_t seed = m_options.seed;
    const FeatureModel& m = kFeatures[feature];
    const double mean = dealerMean(dealer, feature);
    const double phase
        = 2.0 * M_PI * unit(mix(seed ^ kPhaseSalt, std::uint64_t(dealer), std::uint64_t(feature), 1));
    const double dayFraction = double(((t % kDayMs) + kDayMs) % kDayMs) / double(kDayMs);
    const std::uint64_t c
        = mix(seed, std::uint64_t(dealer), std::uint64_t(feature), std::uint64_t(t / kMinuteMs));
    const double u1 = unit(c) + kTwoPowMinus53, u2 = unit(splitmix64(c));
    double g = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    if (const auto e = episodeAt(dealer, feature, t))
        g *= e->scale;
    return mean * (1.0 + m.daily * std::sin(2.0 * M_PI * dayFraction + phase) + m.noise * g);
}

std::vector<Sample> FleetSimulator::samplesAt(TimeMs t) const
{
    std::vector<Sample> out;
    out.reserve(std::size_t(m_options.dealers) * std::size_t(kFeatureCount));
    const QStringList& names = features();
    for (int d = 0; d < m_options.dealers; ++d) {
        for (int f = 0; f < kFeatureCount; ++f)
            out.push_back(Sample { m_dealers[d], names[f], t, value(d, f, t) });
    }
    return out;
}

} // namespace orch
