#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "client/embeddedclient.h"
#include "driftpage.h"
#include "formulas/formulas.h"
#include "governancemodel.h"
#include "governancepage.h"
#include "rewardpage.h"
#include "store/sqlitestore.h"
#include "timeserieschart.h"

using namespace orch;
using namespace orch::ui;

namespace {

constexpr int kTimeoutMs = 60'000;

PointData rampWithSpikes(int n)
{
    auto points = std::make_shared<std::vector<QPointF>>();
    points->reserve(std::size_t(n));
    const double t0 = 1767225600000.0;
    for (int i = 0; i < n; ++i)
        points->emplace_back(t0 + i * 1000.0, std::sin(i / 5000.0) + (i % 100'003 == 50'000 ? 9.0 : 0.0));
    return points;
}

int csvRows(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return int(file.readAll().count('\n'));
}

// A rewarded decision's verdict as the engine's formula gives it.
struct EngineVerdicts
{
    qint64 decisions = 0;
    qint64 pending = 0;
    qint64 meeting = 0;
    qint64 below = 0;
    double rewardSum = 0;
    std::optional<bool> lastMeets;
    double lastReward = 0;
};

// The month's decisions of every dealer, read from the orchestrator's own store.
std::map<QString, EngineVerdicts> engineVerdicts(const QString& dataDir, TimeMs month, double threshold)
{
    std::map<QString, EngineVerdicts> out;
    auto store = SqliteStore::open(dataDir);
    if (!store)
        return out;
    auto decisions
        = (*store)->decisions(0, monthStart(month), nextMonthStart(month), std::numeric_limits<int>::max());
    if (!decisions)
        return out;
    for (const DecisionRecord& d : *decisions) {
        EngineVerdicts& v = out[d.dealer];
        ++v.decisions;
        if (!d.rewardedAt) {
            ++v.pending;
            continue;
        }
        const bool meets = formulas::calculateReward(d.deltaVisibility, d.deltaRevenue, d.apiCost, threshold)
                               .value()
                               .meetsThreshold;
        ++(meets ? v.meeting : v.below);
        v.rewardSum += d.reward;
        v.lastMeets = meets;
        v.lastReward = d.reward;
    }
    return out;
}

QString money(double dollars)
{
    const QString amount = QLocale().toString(std::abs(dollars), 'f', 4);
    return (dollars < 0 ? QStringLiteral("−$") : QStringLiteral("$")) + amount;
}

} // namespace

class TestAnalysisPages final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rewardVerdictFollowsTheInputs();
    void rewardSensitivityShowsTheBreakEven();
    void governanceModelAndProxy();
    void governanceVerdictColumnsAndFilter();
    void chartDownsamplesAMillionPointsAndExports();
    void pagesSayTheCoreIsUnreachable();
    void pagesShowTheEmbeddedFleet();

private:
    QTemporaryDir m_dir;
};

void TestAnalysisPages::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
}

void TestAnalysisPages::rewardVerdictFollowsTheInputs()
{
    EmbeddedOptions options;
    EmbeddedClient client(options); // never started: the simulator needs no orchestrator
    RewardPage page(client);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    auto* visibility = page.findChild<QDoubleSpinBox*>(QStringLiteral("deltaVisibility"));
    auto* revenue = page.findChild<QDoubleSpinBox*>(QStringLiteral("deltaRevenue"));
    auto* cost = page.findChild<QDoubleSpinBox*>(QStringLiteral("apiCost"));
    auto* threshold = page.findChild<QDoubleSpinBox*>(QStringLiteral("minRewardThreshold"));
    QVERIFY(visibility && revenue && cost && threshold);
    QVERIFY(!visibility->accessibleName().isEmpty());

    // SPEC's example: 5 * 1000 - 0.10 = 4999.90, meets the 1.2x threshold.
    QCOMPARE(page.rewardText(), QStringLiteral("$4999.90"));
    QVERIFY(page.verdictText().startsWith(QStringLiteral("✔ Meets")));
    QCOMPARE(page.recommendationText(), QStringLiteral("Action approved - meets reward threshold"));

    // Typing into the spin box: the benefit 0.1 * 1 = 0.1 is below 1.2 * 0.10.
    QSignalSpy changed(&page, &RewardPage::resultChanged);
    visibility->selectAll();
    QTest::keyClicks(visibility, QStringLiteral("0.1"));
    revenue->selectAll();
    QTest::keyClicks(revenue, QStringLiteral("1"));
    QVERIFY(changed.count() > 0);
    QVERIFY(page.result().has_value());
    QCOMPARE(page.result()->benefit, 0.1);
    QVERIFY(!page.result()->meetsThreshold);
    QVERIFY2(page.verdictText().startsWith(QStringLiteral("✘ Below")), qPrintable(page.verdictText()));
    QVERIFY(page.recommendationText().contains(QStringLiteral("reject"), Qt::CaseInsensitive)
            || !page.recommendationText().contains(QStringLiteral("approved")));

    // Exactly at the threshold (0.12 = 1.2 * 0.10) meets it; the slider moves with the box.
    page.setInputs(0.12, 1, 0.10);
    QVERIFY(page.result()->meetsThreshold);
    auto* costSlider = page.findChild<QSlider*>(QStringLiteral("apiCostSlider"));
    QCOMPARE(costSlider->value(), 100);
    // ... and the slider drives the box: $0.15 costs more than 0.12 / 1.2.
    costSlider->setValue(150);
    QCOMPARE(cost->value(), 0.15);
    QVERIFY(!page.result()->meetsThreshold);
    costSlider->setValue(90); // 0.12 >= 1.2 * 0.09
    QVERIFY(page.result()->meetsThreshold);

    // A higher threshold flips it: 0.12 < 1.5 * 0.09.
    threshold->setValue(1.5);
    QVERIFY(!page.result()->meetsThreshold);
    QVERIFY(page.verdictText().contains(QStringLiteral("1.5×")));
}

void TestAnalysisPages::rewardSensitivityShowsTheBreakEven()
{
    EmbeddedClient client(EmbeddedOptions {});
    RewardPage page(client);
    page.setInputs(5, 1000, 0.10);
    page.setMinRewardThreshold(1.2);
    page.setSensitivityInput(whatif::RewardInput::DeltaVisibility);
    // ΔVisibility* = 1.2 * 0.10 / 1000
    QVERIFY(page.sensitivityBreakEven().has_value());
    QCOMPARE(*page.sensitivityBreakEven(), 1.2 * 0.10 / 1000);
    QCOMPARE(page.sensitivityPointCount(), 201);
    page.setSensitivityInput(whatif::RewardInput::ApiCost);
    QCOMPARE(*page.sensitivityBreakEven(), 5.0 * 1000 / 1.2);
    QVERIFY(page.breakEvenText().contains(QStringLiteral("API cost ($) ≤ 4166.67")));

    const QString csv = m_dir.filePath(QStringLiteral("sensitivity.csv"));
    auto future = page.exportChartData(csv);
    QTRY_VERIFY(future.isFinished());
    QVERIFY2(future.result(), qPrintable(future.result().error()));
    QCOMPARE(csvRows(csv), 202);
    const QString png = m_dir.filePath(QStringLiteral("sensitivity.png"));
    QVERIFY(page.exportChartImage(png));
    QVERIFY(!QImage(png).isNull());
}

void TestAnalysisPages::governanceModelAndProxy()
{
    GovernanceModel model;
    GovernanceFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    GovernanceReport report;
    report.month = QStringLiteral("2026-01");
    report.capPerDealer = 0.15;
    report.minRewardThreshold = 1.2;
    report.apiCostRemaining = 0;
    report.dealers = { { QStringLiteral("D0001"), 0.03, 0.12 },
                       { QStringLiteral("D0002"), 0.15, 0.0 },
                       { QStringLiteral("D0003"), 0.125, 0.025 } };
    Rollout refused;
    refused.createdAt = 1767225600000 + 3 * kDayMs;
    refused.refusals[QStringLiteral("D0002")] = QStringLiteral("would exceed the cap");
    refused.refusals[QStringLiteral("D0004")] = QStringLiteral("would exceed the cap");
    refused.charged = { QStringLiteral("D0001") };
    Rollout lastMonth;
    lastMonth.createdAt = 1767225600000 - kDayMs; // December: not counted
    lastMonth.refusals[QStringLiteral("D0001")] = QStringLiteral("old");
    model.setReport(report, { refused, lastMonth });

    QCOMPARE(model.rowCount(), 4); // D0004 was refused without any spend
    QCOMPARE(model.dealersAtCap(), 1);
    QCOMPARE(model.totalSpent(), 0.305);
    auto cell = [&](int row, int column) { return proxy.index(row, column).data().toString(); };

    proxy.sort(GovernanceModel::SpentColumn, Qt::DescendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0002"));
    QCOMPARE(cell(0, GovernanceModel::VerdictColumn), QStringLiteral("Cap reached"));
    QCOMPARE(cell(0, GovernanceModel::UsedColumn), QStringLiteral("100 %"));
    QCOMPARE(cell(1, GovernanceModel::DealerColumn), QStringLiteral("D0003"));
    QCOMPARE(cell(1, GovernanceModel::VerdictColumn), QStringLiteral("Near the cap"));
    QCOMPARE(cell(3, GovernanceModel::DealerColumn), QStringLiteral("D0004"));
    QCOMPARE(cell(3, GovernanceModel::RemainingColumn), QStringLiteral("$0.1500"));
    QCOMPARE(cell(3, GovernanceModel::RefusalsColumn), QStringLiteral("1"));
    proxy.sort(GovernanceModel::RemainingColumn, Qt::AscendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0002"));
    // D0001: one charged fix; its December refusal does not count.
    proxy.sort(GovernanceModel::DealerColumn, Qt::AscendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DeploymentsColumn), QStringLiteral("1"));
    QCOMPARE(cell(0, GovernanceModel::RefusalsColumn), QStringLiteral("0"));

    proxy.setFilterText(QStringLiteral("d0003"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterText(QStringLiteral("refused"));
    QCOMPARE(proxy.rowCount(), 1); // D0004 ("Refused 1 time"); D0002's verdict is the cap
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0004"));
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 4);
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestAnalysisPages::governanceVerdictColumnsAndFilter()
{
    GovernanceModel model;
    GovernanceFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const TimeMs january = 1767225600000;
    GovernanceReport report;
    report.month = QStringLiteral("2026-01");
    report.capPerDealer = 0.15;
    report.minRewardThreshold = 1.2;
    report.dealers = { { QStringLiteral("D0001"), 0.03, 0.12 },
                       { QStringLiteral("D0002"), 0.01, 0.14 },
                       { QStringLiteral("D0003"), 0.0, 0.15 } };
    GovernanceOutcomes outcomes;
    outcomes.month = report.month;
    outcomes.from = january;
    outcomes.to = nextMonthStart(january);
    outcomes.capPerDealer = 0.15;
    outcomes.minRewardThreshold = 1.2;
    DealerOutcomes d1;
    d1.dealer = QStringLiteral("D0001");
    d1.decisions = 4;
    d1.fixes = 3;
    d1.rewarded = 3;
    d1.meetingThreshold = 2;
    d1.belowThreshold = 1;
    d1.meanReward = 0.25;
    d1.lastVerdict
        = RewardVerdict { 11,   january + 5 * kDayMs, january + 6 * kDayMs, QStringLiteral("schema"), -0.0125,
                          false };
    d1.spent = 0.03;
    d1.charges = { { january + 2 * kDayMs, 0.01, 3, QStringLiteral("schema") },
                   { january + 5 * kDayMs, 0.02, 7, QStringLiteral("geo") } };
    DealerOutcomes d2;
    d2.dealer = QStringLiteral("D0002");
    d2.decisions = 2;
    d2.rewarded = 2;
    d2.meetingThreshold = 2;
    d2.meanReward = 1.5;
    d2.lastVerdict
        = RewardVerdict { 12, january + 5 * kDayMs, january + 6 * kDayMs, QStringLiteral("none"), 2.0, true };
    d2.spent = 0.01;
    d2.charges = { { january + kDayMs, 0.01, 2, QStringLiteral("schema") } };
    DealerOutcomes d3;
    d3.dealer = QStringLiteral("D0003");
    d3.decisions = 1; // pending
    outcomes.dealers = { d1, d2, d3 };
    // A rollout created in January charged D0003 too, but was promoted... the outcomes know better.
    Rollout r;
    r.createdAt = january + kDayMs;
    r.charged = { QStringLiteral("D0002"), QStringLiteral("D0003") };
    model.setReport(report, { r }, outcomes);
    QVERIFY(model.outcomesKnown());
    QCOMPARE(model.totalMeeting(), 4);
    QCOMPARE(model.totalBelow(), 1);
    QCOMPARE(model.dealersLastBelow(), 1);

    auto cell = [&](int row, int column) { return proxy.index(row, column).data().toString(); };
    proxy.sort(GovernanceModel::DealerColumn, Qt::AscendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DecisionsColumn), QStringLiteral("4 (1 pending)"));
    QCOMPARE(cell(0, GovernanceModel::MeetingColumn), QStringLiteral("2"));
    QCOMPARE(cell(0, GovernanceModel::BelowColumn), QStringLiteral("1"));
    QCOMPARE(cell(0, GovernanceModel::MeanRewardColumn), QStringLiteral("$0.2500"));
    QCOMPARE(cell(0, GovernanceModel::LastVerdictColumn), QStringLiteral("✘ Below (−$0.0125)"));
    QCOMPARE(cell(0, GovernanceModel::DeploymentsColumn), QStringLiteral("2")); // the charges
    QVERIFY(proxy.index(0, GovernanceModel::LastVerdictColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Decision 11")));
    QCOMPARE(cell(1, GovernanceModel::LastVerdictColumn), QStringLiteral("✔ Meets ($2.0000)"));
    QCOMPARE(cell(1, GovernanceModel::DeploymentsColumn), QStringLiteral("1"));
    QCOMPARE(cell(2, GovernanceModel::DecisionsColumn), QStringLiteral("1 (1 pending)"));
    QCOMPARE(cell(2, GovernanceModel::MeanRewardColumn), QStringLiteral("—"));
    QCOMPARE(cell(2, GovernanceModel::LastVerdictColumn), QStringLiteral("No reward measured"));
    QCOMPARE(cell(2, GovernanceModel::DeploymentsColumn), QStringLiteral("0"));

    // Sorting by the verdict columns: numbers, a missing value lowest.
    proxy.sort(GovernanceModel::MeanRewardColumn, Qt::DescendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0002"));
    QCOMPARE(cell(2, GovernanceModel::DealerColumn), QStringLiteral("D0003"));
    proxy.sort(GovernanceModel::LastVerdictColumn, Qt::AscendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0003"));
    QCOMPARE(cell(1, GovernanceModel::DealerColumn), QStringLiteral("D0001"));
    QCOMPARE(cell(2, GovernanceModel::DealerColumn), QStringLiteral("D0002"));
    proxy.sort(GovernanceModel::BelowColumn, Qt::DescendingOrder);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0001"));

    // Filtering by verdict, combined with the text filter.
    using VerdictFilter = GovernanceFilterModel::VerdictFilter;
    proxy.setVerdictFilter(VerdictFilter::LastBelow);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0001"));
    proxy.setVerdictFilter(VerdictFilter::AnyBelow);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setVerdictFilter(VerdictFilter::LastMeets);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0002"));
    proxy.setVerdictFilter(VerdictFilter::Unmeasured);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(cell(0, GovernanceModel::DealerColumn), QStringLiteral("D0003"));
    proxy.setFilterText(QStringLiteral("D0001"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setVerdictFilter(VerdictFilter::All);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 3);

    // Without outcomes (an orchestrator that cannot tell): empty verdict cells, charges from the
    // rollouts created in the month, and no verdict filter matches anything but "all".
    model.setReport(report, { r });
    QVERIFY(!model.outcomesKnown());
    proxy.sort(GovernanceModel::DealerColumn, Qt::AscendingOrder);
    QCOMPARE(cell(0, GovernanceModel::LastVerdictColumn), QString());
    QCOMPARE(cell(0, GovernanceModel::DecisionsColumn), QString());
    QCOMPARE(cell(2, GovernanceModel::DeploymentsColumn), QStringLiteral("1"));
    proxy.setVerdictFilter(VerdictFilter::Unmeasured);
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setVerdictFilter(VerdictFilter::All);
    QCOMPARE(proxy.rowCount(), 3);
}

void TestAnalysisPages::chartDownsamplesAMillionPointsAndExports()
{
    TimeSeriesChart chart;
    chart.resize(900, 420);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QSignalSpy shown(&chart, &TimeSeriesChart::pointsShown);
    const PointData data = rampWithSpikes(1'000'000);
    chart.setLines({ ChartLine { QStringLiteral("series"), Qt::blue, data } });
    chart.setBand(-1, 1, QStringLiteral("band"));
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeoutMs);
    // About two points per pixel of the plot, never the million.
    QVERIFY(chart.downsampleTarget() > 100 && chart.downsampleTarget() < 4000);
    QTRY_COMPARE_WITH_TIMEOUT(chart.shownPointCounts().value(0), chart.downsampleTarget(), kTimeoutMs);
    QVERIFY(!chart.isZoomed());

    // Zooming in downsamples the visible range again, from the full data.
    const auto [from, to] = chart.fullRange();
    shown.clear();
    chart.setViewRange(from, from + (to - from) / 1000); // ~1000 points visible
    QVERIFY(chart.isZoomed());
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(chart.shownPointCounts().value(0) > 900 && chart.shownPointCounts().value(0) <= 1003,
                             kTimeoutMs);
    // Keys pan and reset; the view never leaves the data.
    const auto zoomed = chart.viewRange();
    QTest::keyClick(&chart, Qt::Key_Right);
    QVERIFY(chart.viewRange().first > zoomed.first);
    QTest::keyClick(&chart, Qt::Key_Left);
    QTest::keyClick(&chart, Qt::Key_Left);
    QCOMPARE(chart.viewRange().first, from);
    QTest::keyClick(&chart, Qt::Key_Home);
    QVERIFY(!chart.isZoomed());
    // The wheel zooms in around the pointer.
    QWheelEvent wheel(QPointF(450, 200), chart.mapToGlobal(QPointF(450, 200)), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(chart.viewport(), &wheel);
    QVERIFY(chart.isZoomed());
    chart.resetZoom();

    // Exports: a PNG that loads, an SVG that renders, the CSV of the view range.
    const QString png = m_dir.filePath(QStringLiteral("chart.png"));
    const QString svg = m_dir.filePath(QStringLiteral("chart.svg"));
    QVERIFY(chart.exportPng(png));
    const QImage image(png);
    QCOMPARE(image.size(), chart.size() * chart.devicePixelRatioF());
    QVERIFY(chart.exportSvg(svg));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(QPoint(0, 0), chart.size()));
    const QString csv = m_dir.filePath(QStringLiteral("chart.csv"));
    std::vector<ChartLine> lines { ChartLine { QStringLiteral("a \"quoted\" name"), Qt::red, data } };
    QVERIFY(TimeSeriesChart::writeCsv(csv, lines, data->at(10).x(), data->at(19).x()));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = file.readAll().split('\n');
    QCOMPARE(rows.size(), 12); // header, 10 rows, the empty piece after the last newline
    QCOMPARE(rows.at(0), QByteArray("series,time,value"));
    QCOMPARE(rows.at(1), QByteArray("\"a \"\"quoted\"\" name\",2026-01-01T00:00:10Z,") + QByteArray::number(data->at(10).y(), 'g', 17));
    QVERIFY(!TimeSeriesChart::writeCsv(m_dir.filePath(QStringLiteral("missing/dir/x.csv")), lines, 0, 1));
}

void TestAnalysisPages::pagesSayTheCoreIsUnreachable()
{
    EmbeddedOptions options;
    options.dataDir = m_dir.filePath(QStringLiteral("bad"));
    options.specFile = m_dir.filePath(QStringLiteral("missing-spec.json"));
    EmbeddedClient client(options);
    DriftPage drift(client);
    GovernancePage governance(client);
    QCOMPARE(drift.state(), DriftPage::State::Waiting);
    QVERIFY(!drift.canExportChart());
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(drift.state(), DriftPage::State::Error, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(governance.state(), GovernancePage::State::Error, kTimeoutMs);
    QCOMPARE(governance.model()->rowCount(), 0);
    QVERIFY(!drift.canExportChart());
}

void TestAnalysisPages::pagesShowTheEmbeddedFleet()
{
    EmbeddedOptions options;
    options.dataDir = m_dir.filePath(QStringLiteral("fleet"));
    options.dealers = 4;
    options.warmUpDays = 14;
    options.tickIntervalMs = 50;
    EmbeddedClient client(options);
    DriftPage drift(client);
    drift.resize(1000, 600);
    drift.show();
    GovernancePage governance(client);
    QSignalSpy ticks(&client, &OrchestratorClient::clockChanged);
    QVERIFY(QTest::qWaitForWindowExposed(&drift));
    client.start();
    QTRY_VERIFY2_WITH_TIMEOUT(drift.state() == DriftPage::State::Live,
                              qPrintable(QStringLiteral("%1: %2").arg(int(drift.state())).arg(drift.errorText())),
                              kTimeoutMs);

    // A detection the orchestrator made: the page shows its series with the episode.
    std::optional<Detection> detection;
    QCoro::connect(client.fetchDetections(DetectionQuery { std::nullopt, std::nullopt, 100 }), this,
                   [&](const Result<DetectionList>& list) {
                       QVERIFY2(list, qPrintable(list.error()));
                       if (!list->detections.empty())
                           detection = list->detections.back();
                   });
    QTRY_VERIFY_WITH_TIMEOUT(detection.has_value(), kTimeoutMs);
    QSignalSpy loaded(&drift, &DriftPage::loaded);
    drift.setRange(DriftPage::Range::Last30Days);
    drift.setSelection(DriftPage::Scope::Dealer, detection->dealer, detection->feature);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1 && drift.dealer() == detection->dealer, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(drift.detectionCount() >= 1, kTimeoutMs);
    QCOMPARE(drift.state(), DriftPage::State::Live);
    TimeSeriesChart* chart = drift.chart();
    QCOMPARE(chart->lineCount(), 1);
    QVERIFY(chart->lines().front().points->size() > 96);
    QTRY_VERIFY_WITH_TIMEOUT(chart->shownPointCounts().value(0) > 0, kTimeoutMs);
    QVERIFY(chart->markerCount() >= 1);
    QVERIFY(chart->spanCount() >= 1);
    QVERIFY(drift.statusText().contains(QStringLiteral("drift episode")));
    // The std the page recomputes crosses the band where the orchestrator detected drift.
    bool above = false;
    for (const QPointF& p : *chart->lines().front().points)
        above = above || std::abs(p.y() - 1) > 2.0;
    QVERIFY(above);

    // Fleet-wide: the mean and the highest dealer.
    loaded.clear();
    drift.setSelection(DriftPage::Scope::Fleet, QString(), detection->feature);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(chart->lineCount(), 2, kTimeoutMs);
    // Values instead of the std: no band, no markers.
    loaded.clear();
    drift.setPlot(DriftPage::Plot::Values);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(chart->markerCount(), 0, kTimeoutMs);

    // Exports of the page.
    const QString svg = m_dir.filePath(QStringLiteral("drift.svg"));
    QVERIFY(drift.exportChartImage(svg));
    QVERIFY(QSvgRenderer(svg).isValid());
    const QString csv = m_dir.filePath(QStringLiteral("drift.csv"));
    auto future = drift.exportChartData(csv);
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), kTimeoutMs);
    QVERIFY(future.result());
    QVERIFY(csvRows(csv) > 100);

    // Governance: the month's ledger of the fleet.
    QTRY_COMPARE_WITH_TIMEOUT(governance.state(), GovernancePage::State::Live, kTimeoutMs);
    QAbstractItemModelTester tester(governance.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester modelTester(governance.model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(governance.loadCount() >= 1, kTimeoutMs);
    QVERIFY(governance.summaryText().contains(QStringLiteral("2026-01")));
    QCOMPARE(governance.chartMonths(), 6);

    // The verdict columns show the engine's figures: stop the fleet, read its decision log, reload.
    client.setPaused(true);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto before = ticks.count();
            QTest::qWait(400);
            return ticks.count() == before;
        },
        kTimeoutMs));
    const TimeMs now = ticks.isEmpty() ? 0 : ticks.last().at(0).toLongLong();
    QVERIFY(now > 0);
    const auto engine = engineVerdicts(options.dataDir, now, 1.2);
    qint64 engineMeasured = 0;
    int engineLastBelow = 0;
    for (const auto& [dealer, v] : engine) {
        engineMeasured += v.meeting + v.below;
        engineLastBelow += v.lastMeets == false ? 1 : 0;
    }
    QVERIFY2(engineMeasured > 0, "no rewarded decision in the month yet");
    const int loads = governance.loadCount();
    governance.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(governance.loadCount() > loads, kTimeoutMs);
    QCOMPARE(governance.state(), GovernancePage::State::Live);
    QVERIFY(governance.model()->outcomesKnown());
    GovernanceFilterModel* proxy = governance.proxy();
    QCOMPARE(proxy->rowCount(), 4);
    for (int row = 0; row < proxy->rowCount(); ++row) {
        auto cell = [&](int column) { return proxy->index(row, column).data().toString(); };
        const QString dealer = cell(GovernanceModel::DealerColumn);
        const EngineVerdicts v = engine.count(dealer) ? engine.at(dealer) : EngineVerdicts {};
        QCOMPARE(cell(GovernanceModel::DecisionsColumn),
                 v.pending > 0 ? QStringLiteral("%1 (%2 pending)").arg(v.decisions).arg(v.pending)
                               : QString::number(v.decisions));
        QCOMPARE(cell(GovernanceModel::MeetingColumn), QString::number(v.meeting));
        QCOMPARE(cell(GovernanceModel::BelowColumn), QString::number(v.below));
        const qint64 rewarded = v.meeting + v.below;
        QCOMPARE(cell(GovernanceModel::MeanRewardColumn),
                 rewarded > 0 ? money(v.rewardSum / double(rewarded)) : QStringLiteral("—"));
        QCOMPARE(cell(GovernanceModel::LastVerdictColumn),
                 !v.lastMeets
                     ? QStringLiteral("No reward measured")
                     : (*v.lastMeets ? QStringLiteral("✔ Meets (%1)") : QStringLiteral("✘ Below (%1)"))
                           .arg(money(v.lastReward)));
    }
    QVERIFY2(governance.summaryText().contains(QStringLiteral("%1 rewarded decision").arg(engineMeasured)),
             qPrintable(governance.summaryText()));

    // "Only the dealers below the threshold", chosen as the analyst would.
    QComboBox* verdicts = governance.verdictFilterBox();
    verdicts->setCurrentIndex(
        verdicts->findData(QVariant::fromValue(GovernanceFilterModel::VerdictFilter::LastBelow)));
    QCOMPARE(proxy->rowCount(), engineLastBelow);
    for (int row = 0; row < proxy->rowCount(); ++row)
        QVERIFY(proxy->index(row, GovernanceModel::LastVerdictColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("✘")));
    verdicts->setCurrentIndex(0);
    QCOMPARE(proxy->rowCount(), 4);

    // The by-day chart: the days so far, and the selected dealer's running total ends at its spend.
    const int today = int((now - monthStart(now)) / kDayMs) + 1;
    QCOMPARE(governance.chartDays(), today);
    QCOMPARE(governance.chartTabs()->currentIndex(), 0);
    QTableView* table = governance.table();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        table->setCurrentIndex(proxy->index(row, GovernanceModel::DealerColumn));
        const QString dealer = proxy->index(row, GovernanceModel::DealerColumn).data().toString();
        QCOMPARE(governance.chartDealer(), dealer);
        const auto& totals = governance.chartDealerTotals();
        QCOMPARE(int(totals.size()), today);
        double spent = 0;
        for (const auto& r : governance.model()->rows())
            spent = r.dealer == dealer ? r.spent : spent;
        QVERIFY2(qAbs(totals.back() - spent) < 1e-9,
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(dealer).arg(totals.back()).arg(spent)));
        for (std::size_t i = 1; i < totals.size(); ++i)
            QVERIFY(totals[i] >= totals[i - 1]);
    }
    // Its export: the table with the verdict columns.
    const QString governanceCsv = m_dir.filePath(QStringLiteral("governance.csv"));
    auto exported = governance.exportChartData(governanceCsv);
    QTRY_VERIFY_WITH_TIMEOUT(exported.isFinished(), kTimeoutMs);
    QVERIFY(exported.result());
    QFile csvFile(governanceCsv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().split('\n');
    QVERIFY(lines.front().endsWith("meetingThreshold,belowThreshold,meanReward,lastVerdict,lastReward"));
    QCOMPARE(lines.size(), 6); // header, four dealers, the empty piece after the last newline
    const QString png = m_dir.filePath(QStringLiteral("governance-days.png"));
    QVERIFY(governance.exportChartImage(png));
    QVERIFY(!QImage(png).isNull());
    client.setPaused(false);
}

QTEST_MAIN(TestAnalysisPages)
#include "tst_analysispages.moc"
