// Test-only child for tst_alertcrash: opens the outbox, enqueues alerts (printing each dedup key
// once enqueue() returned, i.e. once the alert is durable), and delivers them to the PagerDuty URL
// it is given until the parent kills it with SIGKILL.
#include <cstdio>

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>
#include <QUrl>

#include "alerts/alertdispatcher.h"
#include "engine/clock.h"

namespace {

class WallClock final : public orch::Clock
{
public:
    orch::TimeMs now() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 6) {
        std::fprintf(stderr, "usage: alert_crash_child OUTBOX EVENTS_URL RUN COUNT MAX_IN_FLIGHT\n");
        return 2;
    }
    using namespace orch::alerts;
    AlertChannelsConfig config;
    config.pagerDutyRoutingKey = QStringLiteral("R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t");
    config.pagerDutyEventsUrl = QUrl(QString::fromLocal8Bit(argv[2]));
    config.initialBackoff = 20;
    config.maxBackoff = 200;
    config.requestTimeout = 5000;
    config.maxInFlightPerChannel = std::atoi(argv[5]);
    WallClock clock;
    auto dispatcher = AlertDispatcher::create(config, QString::fromLocal8Bit(argv[1]), clock);
    if (!dispatcher) {
        std::fprintf(stdout, "error %s\n", qPrintable(dispatcher.error()));
        std::fflush(stdout);
        return 2;
    }
    const int run = std::atoi(argv[3]);
    const int count = std::atoi(argv[4]);
    // One alert per turn of the event loop, so that enqueueing and delivering interleave and a kill
    // can land in either.
    int next = 0;
    QTimer producer;
    QObject::connect(&producer, &QTimer::timeout, &app, [&] {
        if (next == count) {
            producer.stop();
            std::fprintf(stdout, "all enqueued\n");
            std::fflush(stdout);
            return;
        }
        Alert a;
        a.dedupKey = QStringLiteral("crash:%1:%2").arg(run).arg(next++);
        a.summary = QStringLiteral("crash test alert");
        a.source = QStringLiteral("alert_crash_child");
        auto r = (*dispatcher)->enqueue(a);
        if (!r) {
            std::fprintf(stdout, "error %s\n", qPrintable(r.error()));
            std::fflush(stdout);
            std::_Exit(2);
        }
        std::fprintf(stdout, "enqueued %s\n", qPrintable(a.dedupKey));
        std::fflush(stdout);
    });
    producer.start(run == 0 ? 0 : 5);
    return app.exec();
}
