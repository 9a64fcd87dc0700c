// Test-only child of tst_metricslocal: writes numbered records to a local metrics store as fast as
// it can, flushing every few records, and prints "acked <n>" once record n is durable (after the
// flush that wrote it returned). The parent kills it with SIGKILL at a random moment.
// Usage: metrics_crash_child <root> <first> <count> <batch> <gzip 0|1>
#include <cstdio>

#include <QCoreApplication>

#include "engine/clock.h"
#include "metricsstore/metricssink.h"

using namespace orch;
using namespace orch::metrics;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        std::fprintf(stderr, "usage: metrics_crash_child <root> <first> <count> <batch> <gzip>\n");
        return 2;
    }
    const qint64 first = args[2].toLongLong();
    const qint64 count = args[3].toLongLong();
    const int batch = args[4].toInt();
    SimulatedClock clock(*parseIsoUtc(QStringLiteral("2026-01-15T00:00:00Z")));
    MetricsStoreSettings settings;
    settings.url = QUrl::fromLocalFile(args[1]).toString();
    settings.writerId = QStringLiteral("child");
    settings.gzip = args[5] == u"1";
    settings.maxBatchRecords = 1 << 30; // flushed by hand below
    auto sink = openMetricsSink(settings, clock);
    if (!sink) {
        std::fprintf(stdout, "error %s\n", qPrintable(sink.error()));
        return 1;
    }
    const QStringList kinds { TelemetryRecord::kDetections, TelemetryRecord::kRewards,
                              TelemetryRecord::kSpend };
    for (qint64 n = first; n < first + count; ++n) {
        // Spread over hours and kinds, so a flush writes several parts.
        clock.advanceBy(7 * 1000);
        const TelemetryRecord r { kinds[int(n % kinds.size())],
                                  clock.now(),
                                  { { "n", n }, { "pad", std::string(200, 'x') } } };
        if (Status s = (*sink)->record(r); !s) {
            std::fprintf(stdout, "error %s\n", qPrintable(s.error()));
            return 1;
        }
        if ((n - first + 1) % batch == 0) {
            if (Status s = (*sink)->flush(); !s) {
                std::fprintf(stdout, "error %s\n", qPrintable(s.error()));
                return 1;
            }
            std::fprintf(stdout, "acked %lld\n", static_cast<long long>(n));
            std::fflush(stdout);
        }
    }
    std::fprintf(stdout, "done\n");
    std::fflush(stdout);
    return 0;
}
