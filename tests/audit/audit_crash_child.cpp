// Test-only child for tst_auditcrash: appends audit entries from two threads and prints each
// sequence after append() returned (so the parent knows it was acknowledged), until killed.
// Runs 2 and 3 of every 4 use appendAsync() with a window of appends in flight instead, and print
// a sequence only once its future (fulfilled after the group commit's fdatasync) is ready.
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include <QCoreApplication>
#include <QDateTime>

#include "audit/auditlog.h"
#include "engine/clock.h"

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: audit_crash_child DATA_DIR RUN\n");
        return 2;
    }
    orch::SystemClock clock;
    orch::audit::AuditLog::Options options;
    options.dataDir = QString::fromLocal8Bit(argv[1]);
    options.clock = &clock;
    options.checkpointEvery = 7;
    options.segmentMaxBytes = 4096;
    auto log = orch::audit::AuditLog::open(options);
    if (!log) {
        std::fprintf(stdout, "error %s\n", qPrintable(log.error()));
        std::fflush(stdout);
        return 2;
    }
    const int run = std::atoi(argv[2]);
    std::mutex out;
    const bool async = run % 4 >= 2;
    const auto acknowledge = [&](const orch::Result<qint64>& seq) {
        std::lock_guard lock(out);
        if (!seq) {
            std::fprintf(stdout, "error %s\n", qPrintable(seq.error()));
            std::fflush(stdout);
            std::_Exit(2);
        }
        std::fprintf(stdout, "%lld\n", static_cast<long long>(*seq));
        std::fflush(stdout);
    };
    auto writer = [&](int thread) {
        std::deque<std::future<orch::Result<qint64>>> inFlight;
        for (int i = 0; i < 400; ++i) {
            const nlohmann::json data { { "run", run }, { "thread", thread }, { "i", i } };
            if (!async) {
                acknowledge((*log)->append(QStringLiteral("crash.test"), data));
                continue;
            }
            if (inFlight.size() >= 16) {
                acknowledge(inFlight.front().get());
                inFlight.pop_front();
            }
            inFlight.push_back((*log)->appendAsync(QStringLiteral("crash.test"), data));
        }
        while (!inFlight.empty()) {
            acknowledge(inFlight.front().get());
            inFlight.pop_front();
        }
    };
    std::thread a(writer, 0);
    std::thread b(writer, 1);
    a.join();
    b.join();
    std::fprintf(stdout, "done\n");
    std::fflush(stdout);
    return 0;
}
