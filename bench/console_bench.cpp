// bench-console: the console's responsiveness figures (bench/README.md). Not a test: it prints.
//   first paint      QApplication start to the main window's first paint event (embedded client)
//   1M-point series  TimeSeriesChart::setLines with 1,000,000 points to the downsampled points on screen
//   GUI stall        the longest gap of a 1 ms heartbeat timer on the GUI thread while 40 zooms and
//                    pans of the 1M-point chart are downsampled (LTTB on the thread pool)
//   replay           a 30-day what-if replay started from the reward page (its Run button, through
//                    the embedded client, the fleet ticking on), with the heartbeat's longest gap
//   audit            a 1,000,000-record audit trail opened on the Audit review page: verification,
//                    decoding and the record table, with the heartbeat's longest gap
// --scenario chart|replay|audit|all (default all), --runs N (medians of N, default 3).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include "audit/auditlog.h"
#include "auditpage.h"
#include "auditrecordmodel.h"
#include "client/embeddedclient.h"
#include "common/splitmix.h"
#include "engine/bandit.h"
#include "engine/clock.h"
#include "mainwindow.h"
#include "rewardpage.h"
#include "settings.h"
#include "store/sqlitestore.h"
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

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 60'000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

// A 1 ms timer on the GUI thread: the longest gap between two of its ticks is the longest time the
// GUI thread could not handle an event.
class Heartbeat final
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (now - m_last > m_longestNs) {
                m_longestNs = now - m_last;
                m_longestEndNs = now;
            }
            m_last = now;
        });
    }
    void start()
    {
        m_longestNs = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    // When the longest gap ended, in ms since start().
    double longestEndMs() const { return double(m_longestEndNs) / 1e6; }
    double stopMs()
    {
        m_timer.stop();
        m_longestNs = std::max(m_longestNs, m_clock.nsecsElapsed() - m_last);
        return double(m_longestNs) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longestNs = 0;
    qint64 m_longestEndNs = 0;
};

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

QString list(const std::vector<double>& v)
{
    QStringList parts;
    for (double x : v)
        parts << QString::number(x, 'f', 1);
    return parts.join(QStringLiteral(", "));
}

// The decision log of a larger fleet: one rewarded decision per dealer per day for the `days` days
// before `end` (what decisionIntervalDays 1 logs), so the replay has a real month to evaluate.
bool writeDecisionLog(const QString& dataDir, int dealers, int days, orch::TimeMs end)
{
    auto store = orch::SqliteStore::open(dataDir);
    if (!store) {
        std::fprintf(stderr, "bench-console: %s\n", qPrintable(store.error()));
        return false;
    }
    static const char* const contexts[] = { "schema-gap", "ugc-gap", "geo-gap", "cwv-gap" };
    const orch::TimeMs start = end - orch::TimeMs(days) * orch::kDayMs;
    for (int day = 0; day < days; ++day) {
        std::vector<orch::DecisionRecord> batch;
        for (int d = 0; d < dealers; ++d) {
            const std::uint64_t h = orch::splitmix64(std::uint64_t(day) * 1'000'003u + std::uint64_t(d));
            orch::DecisionRecord r;
            r.at = start + orch::TimeMs(day) * orch::kDayMs + 3 * orch::kHourMs;
            r.dealer = QStringLiteral("L%1").arg(d + 1, 4, 10, QLatin1Char('0'));
            r.context = QString::fromLatin1(contexts[h % 4]);
            const int action = int((h >> 8) % orch::bandit::kActionCount);
            r.action = orch::bandit::actions()[action];
            r.probability = 0.2;
            r.probabilities = QStringLiteral(R"({"none":0.2,"schema":0.2,"ugc":0.2,"geo":0.2,"cwv":0.2})");
            r.confidence = 0.5;
            r.reason = QStringLiteral("explore");
            r.policyVersion = 1;
            r.rewardedAt = r.at + orch::kDayMs;
            r.deployed = action != 0;
            r.deltaVisibility = double((h >> 16) % 1000) / 250.0 - 1.0;
            r.deltaRevenue = double((h >> 32) % 1000) / 500.0;
            r.apiCost = action == 0 ? 0.0 : 0.01 * action;
            r.reward = r.deltaVisibility * r.deltaRevenue - r.apiCost;
            batch.push_back(std::move(r));
        }
        if (auto st = (*store)->appendDecisions(batch); !st) {
            std::fprintf(stderr, "bench-console: %s\n", qPrintable(st.error()));
            return false;
        }
    }
    return true;
}

// A 30-day what-if replay as an analyst starts it: the reward page's "Run replay" on an embedded
// fleet that keeps ticking, whose store also holds `logDealers` dealers' decisions of the `days`
// days before it started.
int replayScenario(int runs, int dealers, int days, int logDealers)
{
    QTemporaryDir dir;
    orch::EmbeddedOptions options;
    options.dataDir = dir.filePath(QStringLiteral("data"));
    options.dealers = dealers;
    options.warmUpDays = 1;
    if (logDealers > 0 && !writeDecisionLog(options.dataDir, logDealers, days, options.start))
        return 1;
    orch::EmbeddedClient client(options);
    orch::ui::RewardPage page(client);
    page.resize(1200, 800);
    page.show();
    bool warm = false;
    QObject::connect(&client, &orch::EmbeddedClient::warmUpProgress, &page,
                     [&](int done, int total) { warm = warm || done >= total; });
    QElapsedTimer warmUp;
    warmUp.start();
    client.start();
    if (!waitUntil(
            [&] {
                return warm
                    && client.connectionState() == orch::OrchestratorClient::ConnectionState::Connected;
            },
            1'800'000)) {
        std::fprintf(stderr, "bench-console: the fleet did not warm up\n");
        return 1;
    }
    std::printf(
        "replay: a %d-dealer fleet after %d simulated day(s) of warm-up (%.1f s), over the %d-day decision "
        "log of %d more dealers\n",
        dealers, options.warmUpDays, double(warmUp.elapsed()) / 1000, days, logDealers);
    auto* range = page.findChild<QComboBox*>(QStringLiteral("replayRange"));
    auto* run = page.findChild<QPushButton*>(QStringLiteral("replayRun"));
    range->setCurrentIndex(range->findData(days));
    waitUntil([&] { return run->isEnabled(); });
    Heartbeat heartbeat;
    std::vector<double> times, stalls;
    for (int i = 0; i < runs; ++i) {
        bool finished = false;
        auto c
            = QObject::connect(&page, &orch::ui::RewardPage::replayFinished, &page, [&] { finished = true; });
        waitUntil([] { return false; }, 300);
        heartbeat.start();
        QElapsedTimer t;
        t.start();
        run->click();
        waitUntil([&] { return finished; }, 600'000);
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        waitUntil([] { return false; }, 100); // the page draws its result
        stalls.push_back(heartbeat.stopMs());
        QObject::disconnect(c);
        if (page.replayState() != orch::ui::RewardPage::ReplayState::Done) {
            std::fprintf(stderr, "bench-console: the replay ended %d: %s\n", int(page.replayState()),
                         qPrintable(page.replayText()));
            return 1;
        }
    }
    const auto& r = *page.replayResult();
    std::printf(
        "%d-day what-if replay (reward page, %lld decisions read, %lld rewarded in range): median %.1f ms "
        "[%s]; longest GUI-thread stall: median %.1f ms, max %.1f ms [%s]\n",
        days, (long long)r.decisionsRead, (long long)r.rewarded, median(times), qPrintable(list(times)),
        median(stalls), *std::max_element(stalls.begin(), stalls.end()), qPrintable(list(stalls)));
    return 0;
}

// Writes `records` audit records (~200-byte entries of a few types, with causes) into dataDir.
bool writeTrail(const QString& dataDir, qint64 records)
{
    orch::SystemClock clock;
    orch::audit::AuditLog::Options o;
    o.dataDir = dataDir;
    o.clock = &clock;
    auto opened = orch::audit::AuditLog::open(o);
    if (!opened) {
        std::fprintf(stderr, "bench-console: %s\n", qPrintable(opened.error()));
        return false;
    }
    orch::audit::AuditLog& log = **opened;
    static const char* const types[]
        = { "drift.detected", "alert.raised", "rl.decision", "agents.vote", "rollout.canary", "rl.rewards" };
    // One writer, so that record i is sequence i + 1 and its cause is known to exist.
    constexpr int kThreads = 1;
    constexpr int kWindow = 512;
    std::atomic<bool> failed { false };
    std::mutex errorMutex;
    QString error;
    const auto settle = [&](std::future<orch::Result<qint64>>& f) {
        auto r = f.get();
        if (!r) {
            failed = true;
            const std::lock_guard lock(errorMutex);
            error = r.error();
        }
    };
    std::vector<std::thread> writers;
    for (int w = 0; w < kThreads; ++w) {
        writers.emplace_back([&, w] {
            std::deque<std::future<orch::Result<qint64>>> inFlight;
            for (qint64 i = w; i < records && !failed; i += kThreads) {
                if (int(inFlight.size()) >= kWindow) {
                    settle(inFlight.front());
                    inFlight.pop_front();
                }
                const nlohmann::json data { { "dealer", "D" + std::to_string(1 + i % 2000) },
                                            { "feature", "schema_coverage" },
                                            { "value", double(i % 1000) / 7.0 },
                                            { "note", "bench record " + std::to_string(i) } };
                // Two of three records name an earlier one (sequence i - 6) as their cause.
                const qint64 cause = i > 16 && i % 3 != 0 ? i - 6 : 0;
                inFlight.push_back(log.appendAsync(QString::fromLatin1(types[i % 6]), data, cause));
            }
            while (!inFlight.empty()) {
                settle(inFlight.front());
                inFlight.pop_front();
            }
        });
    }
    for (auto& t : writers)
        t.join();
    if (!failed) {
        if (auto cp = log.checkpoint(); !cp) {
            failed = true;
            error = cp.error();
        }
    }
    if (failed)
        std::fprintf(stderr, "bench-console: writing the audit trail: %s\n", qPrintable(error));
    return !failed;
}

// The audit review page opening a trail of `records` records: verification off the GUI thread,
// then the decoded records in its table.
int auditScenario(int runs, qint64 records)
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    QElapsedTimer written;
    written.start();
    if (!writeTrail(dataDir, records))
        return 1;
    std::printf("audit: %lld records written in %.1f s\n", (long long)records,
                double(written.elapsed()) / 1000);
    if (qEnvironmentVariableIsSet("BENCH_CONSOLE_DEBUG")) {
        // What the page's background jobs cost by themselves.
        QElapsedTimer t;
        t.start();
        auto verified = orch::audit::verify(dataDir);
        const double verifyMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        auto decoded = orch::audit::read(dataDir);
        const double readMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        auto set = orch::ui::AuditRecordSet::build(std::move(decoded).value());
        const double buildMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        set.reset();
        std::printf("  audit::verify %.0f ms (%s), audit::read %.0f ms, AuditRecordSet::build %.0f ms, "
                    "freeing %.0f ms\n",
                    verifyMs, verified && verified->ok ? "ok" : "failed", readMs, buildMs,
                    double(t.nsecsElapsed()) / 1e6);
    }
    orch::ui::SettingsStorage storage(dir.filePath(QStringLiteral("console.ini")));
    orch::ui::AuditPage page(storage);
    page.resize(1400, 900);
    page.show();
    waitUntil([] { return false; }, 200);
    Heartbeat heartbeat;
    std::vector<double> verified, shown, stalls;
    std::vector<std::shared_ptr<const orch::ui::AuditRecordSet>> kept;
    for (int i = 0; i < runs; ++i) {
        bool isVerified = false;
        int shownCount = -1;
        auto a = QObject::connect(&page, &orch::ui::AuditPage::verified, &page, [&] { isVerified = true; });
        auto b = QObject::connect(&page, &orch::ui::AuditPage::recordsShown, &page,
                                  [&](int n) { shownCount = n; });
        heartbeat.start();
        QElapsedTimer t;
        t.start();
        if (auto st = page.openDirectory(dataDir); !st) {
            std::fprintf(stderr, "bench-console: %s\n", qPrintable(st.error()));
            return 1;
        }
        waitUntil([&] { return isVerified; }, 600'000);
        verified.push_back(double(t.nsecsElapsed()) / 1e6);
        waitUntil([&] { return shownCount >= 0; }, 600'000);
        shown.push_back(double(t.nsecsElapsed()) / 1e6);
        waitUntil([] { return false; }, 200); // the table paints
        stalls.push_back(heartbeat.stopMs());
        if (qEnvironmentVariableIsSet("BENCH_CONSOLE_DEBUG"))
            std::printf(
                "  run %d: verified at %.0f ms, shown at %.0f ms, longest stall %.1f ms ending at %.0f ms\n",
                i, verified.back(), shown.back(), stalls.back(), heartbeat.longestEndMs());
        QObject::disconnect(a);
        QObject::disconnect(b);
        if (qEnvironmentVariableIsSet("BENCH_CONSOLE_KEEP"))
            kept.push_back(page.recordModel()->recordSet());
        if (!page.lastVerdict() || page.lastVerdict()->outcome != orch::ui::AuditVerdict::Outcome::Intact
            || shownCount != records) {
            std::fprintf(stderr, "bench-console: the trail was not shown whole (%d records)\n", shownCount);
            return 1;
        }
    }
    if (qEnvironmentVariableIsSet("BENCH_CONSOLE_DEBUG")) {
        // The GUI thread's part of showing the records: swapping a built set into the model.
        auto set = page.recordModel()->recordSet();
        QElapsedTimer t;
        t.start();
        page.recordModel()->clear();
        const double clearMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        page.recordModel()->setRecordSet(set);
        const double setMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        page.repaint();
        std::printf(
            "  GUI thread: clearing the model %.1f ms, setting %lld records %.1f ms, repaint %.1f ms\n",
            clearMs, (long long)set->records.size(), setMs, double(t.nsecsElapsed()) / 1e6);
    }
    std::printf(
        "%lld-record audit trail on the audit review page: verified median %.0f ms [%s]; records in the "
        "table median %.0f ms [%s]; longest GUI-thread stall: median %.1f ms, max %.1f ms [%s]\n",
        (long long)records, median(verified), qPrintable(list(verified)), median(shown),
        qPrintable(list(shown)), median(stalls), *std::max_element(stalls.begin(), stalls.end()),
        qPrintable(list(stalls)));
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The console's responsiveness figures (bench/README.md)"));
    parser.addHelpOption();
    const QCommandLineOption oScenario(QStringLiteral("scenario"),
                                       QStringLiteral("chart, replay, audit or all."), QStringLiteral("NAME"),
                                       QStringLiteral("all"));
    const QCommandLineOption oRuns(QStringLiteral("runs"),
                                   QStringLiteral("Runs of the replay and audit scenarios (medians)."),
                                   QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption oRecords(QStringLiteral("audit-records"),
                                      QStringLiteral("Records of the audit trail."), QStringLiteral("N"),
                                      QStringLiteral("1000000"));
    const QCommandLineOption oDealers(QStringLiteral("dealers"),
                                      QStringLiteral("Dealers of the replay's simulated fleet."),
                                      QStringLiteral("N"), QStringLiteral("25"));
    const QCommandLineOption oLogDealers(
        QStringLiteral("log-dealers"),
        QStringLiteral("Dealers of the decision log the replay covers (one decision a day each)."),
        QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption oDays(QStringLiteral("replay-days"), QStringLiteral("Days the replay covers."),
                                   QStringLiteral("N"), QStringLiteral("30"));
    parser.addOptions({ oScenario, oRuns, oRecords, oDealers, oLogDealers, oDays });
    parser.process(app);
    const QString scenario = parser.value(oScenario);
    const int runs = std::max(1, parser.value(oRuns).toInt());
    if (scenario == QLatin1String("replay"))
        return replayScenario(runs, std::max(1, parser.value(oDealers).toInt()),
                              std::max(1, parser.value(oDays).toInt()),
                              std::max(0, parser.value(oLogDealers).toInt()));
    if (scenario == QLatin1String("audit"))
        return auditScenario(runs, std::max<qint64>(1, parser.value(oRecords).toLongLong()));
    if (scenario != QLatin1String("all") && scenario != QLatin1String("chart")) {
        std::fprintf(stderr, "bench-console: --scenario must be chart, replay, audit or all\n");
        return 2;
    }
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
        std::printf("first paint:            %8.1f ms after the process started\n",
                    watcher.firstPaintNs / 1e6);
    }

    {
        // The chart goes before the other scenarios run: they measure their page alone.
        orch::ui::TimeSeriesChart chart;
        chart.resize(1600, 600);
        chart.show();
        waitUntil([] { return false; }, 200);
        auto points = std::make_shared<std::vector<QPointF>>();
        points->reserve(1'000'000);
        for (int i = 0; i < 1'000'000; ++i)
            points->emplace_back(1767225600000.0 + i * 900'000.0 / 96,
                                 std::sin(i / 3000.0) + 0.1 * std::sin(i * 1.7));
        std::vector<orch::ui::ChartLine> lines { { QStringLiteral("1M points"), Qt::blue, points } };

        for (int run = 0; run < 5; ++run) {
            bool shown = false;
            auto c = QObject::connect(&chart, &orch::ui::TimeSeriesChart::pointsShown, &chart,
                                      [&] { shown = true; });
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
            chart.setViewRange(from + (to - from - span) * (i % 7) / 7.0,
                               from + (to - from - span) * (i % 7) / 7.0 + span);
            waitUntil([] { return false; }, 30);
        }
        waitUntil([] { return false; }, 500);
        heartbeat.stop();
        std::printf("longest GUI-thread stall while 40 zooms were downsampled: %.1f ms (%d results shown)\n",
                    longestNs / 1e6, shownCount);
    }
    if (scenario == QLatin1String("chart"))
        return 0;
    if (int rc = replayScenario(runs, std::max(1, parser.value(oDealers).toInt()),
                                std::max(1, parser.value(oDays).toInt()),
                                std::max(0, parser.value(oLogDealers).toInt())))
        return rc;
    return auditScenario(runs, std::max<qint64>(1, parser.value(oRecords).toLongLong()));
}
