// Rule replay timing on a full-size history: DEALERS x 8 features x DAYS of 15-minute samples of the
// simulated fleet, written straight into a store (no engine), then replayed with the current
// rules alone and with three thresholds.
//
//   bench_whatifrules [--dealers 200] [--days 30] --data-dir DIR    (DIR is reused when it has samples)
#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include "sim/fleetsimulator.h"
#include "spec/orchestratorspec.h"
#include "store/sqlitestore.h"
#include "whatif/rulereplay.h"

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.*.info=false"));
    int dealers = 200, days = 30;
    QString dir;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--dealers"))
            dealers = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--days"))
            days = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--data-dir"))
            dir = args[i + 1];
    }
    if (dir.isEmpty() || dealers < 1 || days < 1) {
        std::fprintf(stderr, "usage: bench_whatifrules [--dealers N] [--days D] --data-dir DIR\n");
        return 2;
    }
    auto store = orch::SqliteStore::open(dir);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error()));
        return 1;
    }
    QElapsedTimer timer;
    if (*(*store)->sampleCount() == 0) {
        timer.start();
        orch::FleetSimulator::Options o;
        o.dealers = dealers;
        const orch::FleetSimulator fleet(o);
        std::vector<orch::Sample> batch;
        const orch::TimeMs end = o.start + orch::TimeMs(days) * orch::kDayMs;
        for (orch::TimeMs t = o.start; t < end; t += fleet.interval()) {
            const auto samples = fleet.samplesAt(t);
            batch.insert(batch.end(), samples.begin(), samples.end());
            if (batch.size() >= 200'000 || t + fleet.interval() >= end) {
                if (auto st = (*store)->appendSamples(batch); !st) {
                    std::fprintf(stderr, "%s\n", qPrintable(st.error()));
                    return 1;
                }
                batch.clear();
            }
        }
        std::printf("wrote %lld samples in %.1f s\n", (long long)*(*store)->sampleCount(),
                    double(timer.elapsed()) / 1000.0);
    }
    const orch::whatif::RuleSet current = orch::whatif::RuleSet::fromSpec(orch::OrchestratorSpec::defaults());
    std::vector<orch::whatif::RuleSet> thresholds;
    for (double t : { 1.5, 2.0, 2.5 }) {
        orch::whatif::RuleSet r = current;
        r.threshold = t;
        thresholds.push_back(r);
    }
    for (const auto& alternatives : { std::vector<orch::whatif::RuleSet> {}, thresholds }) {
        timer.restart();
        auto report = orch::whatif::replayRules(**store, current, alternatives);
        if (!report) {
            std::fprintf(stderr, "%s\n", qPrintable(report.error()));
            return 1;
        }
        const double seconds = double(timer.elapsed()) / 1000.0;
        std::printf("%zu rule set(s): %lld series, %lld samples in %.2f s (%.2e samples/s); current: %lld "
                    "detections, %lld retrains, %lld pauses\n",
                    alternatives.size() + 1, (long long)report->series, (long long)report->samples, seconds,
                    double(report->samples) / seconds, (long long)report->current.detections,
                    (long long)report->current.retrains, (long long)report->current.pauses);
    }
    return 0;
}
