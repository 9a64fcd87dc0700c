// bench-audit: durable appends/s of ~256-byte audit entries from several writer threads (group
// commit; each writer keeps --window appendAsync() calls in flight and counts an entry only when
// its durable acknowledgement arrives; --window 0 uses the blocking append()), then full verification MB/s of
// the resulting trail. Run through bench/audit.sh for the ratio against the openssl limits of
// ../shared/bench/crypto-limit.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <future>
#include <thread>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include "audit/auditlog.h"
#include "engine/clock.h"

namespace {

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

qint64 trailBytes(const QString& dataDir)
{
    qint64 bytes = 0;
    QDirIterator it(dataDir + QStringLiteral("/audit"), { QStringLiteral("segment-*") }, QDir::Files);
    while (it.hasNext())
        bytes += QFileInfo(it.next()).size();
    return bytes;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.*.info=false"));
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Audit trail benchmark: durable appends/s and verification MB/s"));
    p.addHelpOption();
    const QCommandLineOption oEntries(QStringLiteral("entries"), QStringLiteral("Entries in all."),
                                      QStringLiteral("N"), QStringLiteral("200000"));
    const QCommandLineOption oThreads(QStringLiteral("threads"), QStringLiteral("Writer threads."),
                                      QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption oBytes(QStringLiteral("entry-bytes"),
                                    QStringLiteral("Bytes of each JSON entry."), QStringLiteral("N"),
                                    QStringLiteral("256"));
    const QCommandLineOption oRepeat(QStringLiteral("repeat"), QStringLiteral("Verification runs (median)."),
                                     QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption oWindow(QStringLiteral("window"),
                                     QStringLiteral("In-flight appends per writer (0: blocking append())."),
                                     QStringLiteral("N"), QStringLiteral("512"));
    p.addOptions({ oEntries, oThreads, oBytes, oRepeat, oWindow });
    p.process(app);
    const qint64 entries = p.value(oEntries).toLongLong();
    const int threads = std::max(1, p.value(oThreads).toInt());
    const int entryBytes = std::max(64, p.value(oBytes).toInt());
    const int repeat = std::max(1, p.value(oRepeat).toInt());
    const int window = std::max(0, p.value(oWindow).toInt());

    QTemporaryDir dir;
    orch::SystemClock clock;
    orch::audit::AuditLog::Options options;
    options.dataDir = dir.path();
    options.clock = &clock;
    auto opened = orch::audit::AuditLog::open(options);
    if (!opened) {
        std::fprintf(stderr, "bench-audit: %s\n", qPrintable(opened.error()));
        return 2;
    }
    orch::audit::AuditLog& log = **opened;
    // {"type":..,"cause":..,"actor":..,"data":{"pad":"xxx"}}: pad so the serialized entry is ~entryBytes.
    const std::string pad(std::size_t(std::max(8, entryBytes - 80)), 'x');
    const nlohmann::json data { { "pad", pad } };

    const double t0 = nowSeconds();
    std::vector<std::thread> writers;
    std::atomic<bool> failed { false };
    std::atomic<qint64> acknowledged { 0 }; // entries whose durable acknowledgement arrived
    for (int w = 0; w < threads; ++w) {
        writers.emplace_back([&, w] {
            if (window == 0) {
                for (qint64 i = w; i < entries; i += threads) {
                    if (!log.append(QStringLiteral("bench.entry"), data)) {
                        failed = true;
                        return;
                    }
                    ++acknowledged;
                }
                return;
            }
            std::deque<std::future<orch::Result<qint64>>> inFlight;
            const auto settleOldest = [&] {
                if (!inFlight.front().get())
                    failed = true;
                inFlight.pop_front();
                ++acknowledged;
            };
            for (qint64 i = w; i < entries && !failed; i += threads) {
                if (int(inFlight.size()) >= window)
                    settleOldest();
                inFlight.push_back(log.appendAsync(QStringLiteral("bench.entry"), data));
            }
            while (!inFlight.empty())
                settleOldest();
        });
    }
    for (auto& t : writers)
        t.join();
    const double appendSeconds = nowSeconds() - t0;
    if (failed) {
        std::fprintf(stderr, "bench-audit: an append failed\n");
        return 1;
    }
    opened->reset(); // close the segment cleanly
    const qint64 bytes = trailBytes(dir.path());

    std::vector<double> times;
    qint64 records = 0;
    for (int r = 0; r < repeat; ++r) {
        const double v0 = nowSeconds();
        auto report = orch::audit::verify(dir.path());
        times.push_back(nowSeconds() - v0);
        if (!report || !report->ok) {
            std::fprintf(stderr, "bench-audit: verification failed: %s\n",
                         qPrintable(report ? report->reason : report.error()));
            return 1;
        }
        records = report->records;
    }
    std::sort(times.begin(), times.end());
    const double verifySeconds = times[times.size() / 2];
    std::printf("bench-audit entries=%lld threads=%d entry_bytes=%d append_seconds=%.3f appends_per_s=%.0f "
                "records=%lld trail_bytes=%lld verify_seconds=%.3f verify_MB_per_s=%.1f repeat=%d\n",
                (long long)entries, threads, entryBytes, appendSeconds, double(acknowledged) / appendSeconds,
                (long long)records, (long long)bytes, verifySeconds, double(bytes) / verifySeconds / 1e6,
                repeat);
    return 0;
}
