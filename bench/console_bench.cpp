// bench-console: the console's responsiveness figures (bench/README.md). Not a test: it prints.
//   first paint      QApplication start to the main window's first paint event (embedded client)
//   1M-point series  TimeSeriesChart::setLines with 1,000,000 points to the downsampled points on screen
//   GUI stall        the longest gap of a 1 ms heartbeat timer on the GUI thread while 40 zooms and
//                    pans of the 1M-point chart are downsampled (LTTB on the thread pool)

#include <chrono>
#include <cmath>
#include <cstdio>

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include "client/embeddedclient.h"
#include "mainwindow.h"
#include "settings.h"
#include "timeserieschart.h"

namespace {

class PaintWatcher final : public QObject
{
public:
    qint64 firstPaintNs = -1;
    QElapsedTimer* clock = nullptr;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && firstPaintNs < 0)
            firstPaintNs = clock->nsecsElapsed();
        return QObject::eventFilter(watched, event);
    }
};

void waitUntil(const std::function<bool()>& done, int timeoutMs = 60'000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

} // namespace

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QTemporaryDir dir;
    orch::ui::SettingsStorage storage(dir.filePath(QStringLiteral("console.ini")));
    orch::ui::ConsoleSettings settings(storage);
    orch::EmbeddedOptions options;
    options.dataDir = dir.filePath(QStringLiteral("data"));
    orch::EmbeddedClient client(options);

    {
        orch::ui::MainWindow window(client, settings);
        PaintWatcher watcher;
        watcher.clock = &sinceStart;
        window.installEventFilter(&watcher);
        window.show();
        client.start();
        waitUntil([&] { return watcher.firstPaintNs >= 0; });
        std::printf("first paint:            %8.1f ms after the process started\n", watcher.firstPaintNs / 1e6);
    }

    orch::ui::TimeSeriesChart chart;
    chart.resize(1600, 600);
    chart.show();
    waitUntil([] { return false; }, 200);
    auto points = std::make_shared<std::vector<QPointF>>();
    points->reserve(1'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        points->emplace_back(1767225600000.0 + i * 900'000.0 / 96, std::sin(i / 3000.0) + 0.1 * std::sin(i * 1.7));
    std::vector<orch::ui::ChartLine> lines { { QStringLiteral("1M points"), Qt::blue, points } };

    for (int run = 0; run < 5; ++run) {
        bool shown = false;
        auto c = QObject::connect(&chart, &orch::ui::TimeSeriesChart::pointsShown, &chart, [&] { shown = true; });
        QElapsedTimer t;
        t.start();
        chart.setLines(lines);
        waitUntil([&] { return shown; });
        chart.repaint();
        std::printf("1M-point series shown:  %8.1f ms (%d points drawn)\n", t.nsecsElapsed() / 1e6,
                    chart.shownPointCounts().value(0));
        QObject::disconnect(c);
    }

    // Heartbeat while zooming and panning.
    qint64 longestNs = 0;
    QElapsedTimer beat;
    beat.start();
    qint64 last = 0;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = beat.nsecsElapsed();
        longestNs = std::max(longestNs, now - last);
        last = now;
    });
    int shownCount = 0;
    QObject::connect(&chart, &orch::ui::TimeSeriesChart::pointsShown, &chart, [&] { ++shownCount; });
    heartbeat.start();
    last = beat.nsecsElapsed();
    const auto [from, to] = chart.fullRange();
    for (int i = 0; i < 40; ++i) {
        const double span = (to - from) / (1.0 + i * 0.5);
        chart.setViewRange(from + (to - from - span) * (i % 7) / 7.0, from + (to - from - span) * (i % 7) / 7.0 + span);
        waitUntil([] { return false; }, 30);
    }
    waitUntil([] { return false; }, 500);
    heartbeat.stop();
    std::printf("longest GUI-thread stall while 40 zooms were downsampled: %.1f ms (%d results shown)\n",
                longestNs / 1e6, shownCount);
    return 0;
}
