// bench-drift: the DriftSentinel computation of the core (orch::drift::scanMany) over the
// workload of ../shared/bench/peers/drift_limit.cpp — same generator (counter-based splitmix64 +
// Box-Muller), same default size — generated in-process. Prints one parseable line:
//   bench-drift ... samples_per_s=... flagged_windows=... flagged_series=... std_mean=...
// and exits 1 when --expect-windows/--expect-series are given and not reproduced.
// Data generation is not timed. Run through bench/drift.sh for the ratio against the peers.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include "common/splitmix.h"
#include "engine/driftmath.h"

namespace {

using orch::splitmix64;
constexpr double kTwoM53 = orch::kTwoPowMinus53;
constexpr std::uint64_t kParamSalt = 0xD1B54A32D192ED03ull;

void generateSeries(double* x, long s, long T, long driftStart, std::uint64_t seed)
{
    const std::uint64_t salt = seed ^ kParamSalt, su = std::uint64_t(s);
    const std::uint64_t p1 = splitmix64(salt ^ (su << 1)), p2 = splitmix64(salt ^ ((su << 1) | 1));
    const double mu = double(p1 >> 11) * kTwoM53 * 100.0;
    const double sigma = 0.5 + double(p2 >> 11) * kTwoM53 * 9.5;
    const bool isDrift = (p1 % 20) == 0;
    for (long t = 0; t < T; ++t) {
        const std::uint64_t c = (su << 32) | std::uint64_t(t);
        const std::uint64_t h1 = splitmix64(seed ^ (c << 1)), h2 = splitmix64(seed ^ ((c << 1) | 1));
        const double u1 = double((h1 >> 11) + 1) * kTwoM53, u2 = double(h2 >> 11) * kTwoM53;
        double g = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        if (isDrift && t >= driftStart)
            g *= 4.0;
        x[t] = mu + sigma * g;
    }
}

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("DriftSentinel compute benchmark (drift_limit.cpp workload)"));
    p.addHelpOption();
    auto opt = [&](const char* name, const char* def) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("N"),
                             QString::fromLatin1(def));
        p.addOption(o);
        return o;
    };
    const auto oDealers = opt("dealers", "2000"), oFeatures = opt("features", "32"),
               oSpd = opt("samples-per-day", "96"), oDays = opt("days", "30"), oWindow = opt("window", "96"),
               oBaseline = opt("baseline", "672"), oThreshold = opt("threshold", "2.0"),
               oSeed = opt("seed", "42"), oRepeat = opt("repeat", "3"), oThreads = opt("threads", "0"),
               oExpectW = opt("expect-windows", "-1"), oExpectS = opt("expect-series", "-1");
    p.process(app);
    const long dealers = p.value(oDealers).toLong(), features = p.value(oFeatures).toLong();
    const long T = p.value(oSpd).toLong() * p.value(oDays).toLong();
    const long driftStart = std::max(0L, T - 10 * p.value(oSpd).toLong());
    const std::uint64_t seed = p.value(oSeed).toULongLong();
    orch::drift::ScanParams params { p.value(oWindow).toInt(), p.value(oBaseline).toInt(),
                                     p.value(oThreshold).toDouble() };
    const int repeat = std::max(1, p.value(oRepeat).toInt());
    const int threads
        = p.value(oThreads).toInt() > 0 ? p.value(oThreads).toInt() : QThread::idealThreadCount();
    if (dealers <= 0 || features <= 0 || T < params.window || T < params.baseline) {
        std::fprintf(stderr, "bench-drift: need positive sizes and window, baseline <= samples per series\n");
        return 2;
    }
    const long nS = dealers * features;

    double t0 = nowSeconds();
    std::vector<double> X(static_cast<std::size_t>(nS * T));
    std::vector<long> ids(static_cast<std::size_t>(nS));
    std::iota(ids.begin(), ids.end(), 0L);
    QtConcurrent::blockingMap(
        ids, [&](long s) { generateSeries(&X[std::size_t(s) * std::size_t(T)], s, T, driftStart, seed); });
    const double genSeconds = nowSeconds() - t0;

    std::vector<std::span<const double>> series;
    series.reserve(std::size_t(nS));
    for (long s = 0; s < nS; ++s)
        series.emplace_back(&X[std::size_t(s) * std::size_t(T)], std::size_t(T));

    std::vector<double> times;
    orch::drift::ScanResult r;
    for (int i = 0; i < repeat; ++i) {
        t0 = nowSeconds();
        r = orch::drift::scanMany(series, params, threads);
        times.push_back(nowSeconds() - t0);
    }
    std::sort(times.begin(), times.end());
    const double el = times[times.size() / 2];
    const double samples = double(nS) * double(T);
    std::printf(
        "bench-drift impl=orch::drift::scanMany threads=%d dealers=%ld features=%ld T=%ld window=%d "
        "baseline=%d "
        "samples=%.0f windows=%lld seconds=%.3f samples_per_s=%.4g flagged_windows=%lld flagged_series=%lld "
        "std_mean=%.9f gen_seconds=%.2f repeat=%d\n",
        threads, dealers, features, T, params.window, params.baseline, samples, (long long)r.windows, el,
        samples / el, (long long)r.flaggedWindows, (long long)r.flaggedSeries, r.stdMean(), genSeconds,
        repeat);
    const long long expectW = p.value(oExpectW).toLongLong(), expectS = p.value(oExpectS).toLongLong();
    if ((expectW >= 0 && expectW != r.flaggedWindows) || (expectS >= 0 && expectS != r.flaggedSeries)) {
        std::fprintf(stderr, "bench-drift: MISMATCH: expected flagged_windows=%lld flagged_series=%lld\n",
                     expectW, expectS);
        return 1;
    }
    return 0;
}
