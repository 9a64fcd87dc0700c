#include "governancepage.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QPointer>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent>

#include "emptystate.h"
#include "governancemodel.h"
#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

constexpr int kRefreshMs = 5000;
constexpr int kChartMonths = 6;
constexpr int kMonthChoices = 12;

// The first instant of the month `offset` months before the one containing `t`.
TimeMs monthsBefore(TimeMs t, int offset)
{
    const QDate d = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).date();
    const QDate first = QDate(d.year(), d.month(), 1).addMonths(-offset);
    return QDateTime(first, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

// "$0.1500", "−$12.50": US dollars, whatever the locale's currency.
QString money(double dollars)
{
    const QString amount = QLocale().toString(std::abs(dollars), 'f', 4);
    return (dollars < 0 ? QStringLiteral("−$") : QStringLiteral("$")) + amount;
}

} // namespace

GovernancePage::GovernancePage(OrchestratorClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(new GovernanceModel(this))
    , m_proxy(new GovernanceFilterModel(this))
    , m_month(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_verdictFilter(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_body(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_table(new QTableView(this))
    , m_chartTabs(new QTabWidget(this))
    , m_dayChartView(new QChartView(this))
    , m_dayChart(new QChart)
    , m_chartView(new QChartView(this))
    , m_chart(new QChart)
    , m_refreshTimer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_month->setObjectName(QStringLiteral("governanceMonth"));
    m_month->setAccessibleName(tr("Month"));
    m_month->setMinimumContentsLength(8);
    m_filter->setObjectName(QStringLiteral("governanceFilter"));
    m_filter->setAccessibleName(tr("Filter dealers"));
    m_filter->setPlaceholderText(tr("Filter by dealer or budget…"));
    m_filter->setClearButtonEnabled(true);
    m_verdictFilter->setObjectName(QStringLiteral("governanceVerdictFilter"));
    m_verdictFilter->setAccessibleName(tr("Filter by reward-threshold verdict"));
    using VerdictFilter = GovernanceFilterModel::VerdictFilter;
    m_verdictFilter->addItem(tr("All dealers"), QVariant::fromValue(VerdictFilter::All));
    m_verdictFilter->addItem(tr("Last verdict below the threshold"),
                             QVariant::fromValue(VerdictFilter::LastBelow));
    m_verdictFilter->addItem(tr("Any decision below the threshold"),
                             QVariant::fromValue(VerdictFilter::AnyBelow));
    m_verdictFilter->addItem(tr("Last verdict meets the threshold"),
                             QVariant::fromValue(VerdictFilter::LastMeets));
    m_verdictFilter->addItem(tr("No reward measured"), QVariant::fromValue(VerdictFilter::Unmeasured));
    m_summary->setObjectName(QStringLiteral("governanceSummary"));
    m_summary->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("governanceTable"));
    m_table->setAccessibleName(tr("Spend per dealer"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(GovernanceModel::SpentColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setTitle(tr("API spend per dealer, by month"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    theme::applyChartPalette(m_chart, palette());
    m_chartView->setChart(m_chart);
    m_chartView->setObjectName(QStringLiteral("governanceChart"));
    m_chartView->setAccessibleName(tr("Spend over time chart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(200);
    m_dayChart->setMargins(QMargins(4, 4, 4, 4));
    m_dayChart->legend()->setAlignment(Qt::AlignBottom);
    theme::applyChartPalette(m_dayChart, palette());
    m_dayChartView->setChart(m_dayChart);
    m_dayChartView->setObjectName(QStringLiteral("governanceDayChart"));
    m_dayChartView->setAccessibleName(tr("Spend by day chart"));
    m_dayChartView->setRenderHint(QPainter::Antialiasing);
    m_dayChartView->setMinimumHeight(200);
    m_chartTabs->setObjectName(QStringLiteral("governanceCharts"));
    m_chartTabs->setDocumentMode(true);
    m_chartTabs->addTab(m_dayChartView, tr("This month, by day"));
    m_chartTabs->addTab(m_chartView, tr("Six months"));

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chartTabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_body->addWidget(m_empty);
    m_body->addWidget(splitter);

    auto* controls = new QHBoxLayout;
    auto* monthLabel = new QLabel(tr("&Month"), this);
    monthLabel->setBuddy(m_month);
    controls->addWidget(monthLabel);
    controls->addWidget(m_month);
    controls->addWidget(m_filter, 1);
    controls->addWidget(m_verdictFilter);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_summary);
    layout->addWidget(m_body, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &GovernanceFilterModel::setFilterText);
    connect(m_verdictFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setVerdictFilter(
            m_verdictFilter->currentData().value<GovernanceFilterModel::VerdictFilter>());
    });
    // The by-day chart follows the selected dealer.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid())
                    return;
                const QString dealer
                    = m_proxy->index(current.row(), GovernanceModel::DealerColumn).data().toString();
                if (m_selectingDealer || dealer.isEmpty())
                    return;
                m_dealerChosen = true; // the analyst's choice: kept across refreshes
                if (dealer != m_chartDealer)
                    showDayChart(dealer);
            });
    connect(m_month, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { handleConnectionState(state); });
    connect(&m_client, &OrchestratorClient::clockChanged, this, [this](qint64 now) {
        const bool first = m_now == 0 || monthStart(now) != monthStart(m_now);
        m_now = now;
        if (first)
            fillMonths(now);
    });
    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && m_state == State::Live)
            refresh();
    });
    m_refreshTimer->start();
    handleConnectionState(m_client.connectionState());
}

GovernancePage::~GovernancePage() = default;

QString GovernancePage::summaryText() const
{
    return m_summary->text();
}

void GovernancePage::fillMonths(TimeMs now)
{
    const QString selected = m_month->currentData().toString();
    const QSignalBlocker block(m_month);
    m_month->clear();
    for (int i = 0; i < kMonthChoices; ++i) {
        const QString key = monthKey(monthsBefore(now, i));
        m_month->addItem(i == 0 ? tr("%1 (this month)").arg(key) : key, key);
    }
    const int index = m_month->findData(selected);
    m_month->setCurrentIndex(index >= 0 ? index : 0);
}

void GovernancePage::handleConnectionState(OrchestratorClient::ConnectionState state)
{
    switch (state) {
    case OrchestratorClient::ConnectionState::Connected:
        refresh();
        break;
    case OrchestratorClient::ConnectionState::Disconnected:
    case OrchestratorClient::ConnectionState::Connecting:
        m_state = State::Waiting;
        m_model->clear();
        m_summary->clear();
        m_empty->setMessage(tr("Waiting for the orchestrator…"),
                            m_client.connectionError().isEmpty()
                                ? tr("The governance ledger appears once the orchestrator is running.")
                                : m_client.connectionError());
        m_body->setCurrentWidget(m_empty);
        break;
    case OrchestratorClient::ConnectionState::Failed:
        showError(tr("The orchestrator is not reachable"),
                  m_client.connectionError().isEmpty() ? tr("The connection failed.") : m_client.connectionError());
        break;
    }
}

void GovernancePage::showError(const QString& title, const QString& detail)
{
    m_state = State::Error;
    m_model->clear(); // never old figures as if they were current
    m_outcomes.reset();
    m_summary->clear();
    m_empty->setMessage(title, detail, EmptyState::Kind::Error);
    m_body->setCurrentWidget(m_empty);
}

void GovernancePage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_state == State::Live)
        refresh();
}

void GovernancePage::refresh()
{
    if (m_client.connectionState() != OrchestratorClient::ConnectionState::Connected)
        return;
    if (m_loading) {
        m_reloadWanted = true;
        return;
    }
    load();
}

QCoro::Task<> GovernancePage::load()
{
    QPointer<GovernancePage> self(this);
    m_loading = true;
    do {
        m_reloadWanted = false;
        QString month = m_month->currentData().toString(); // empty: the engine clock's month
        auto report = co_await m_client.fetchGovernance(month);
        if (!self)
            co_return;
        if (!report) {
            ++m_loads;
            showError(tr("The governance ledger could not be loaded"), report.error());
            Q_EMIT loaded();
            continue;
        }
        RolloutQuery query;
        query.limit = 1000;
        auto rollouts = co_await m_client.fetchRollouts(query);
        if (!self)
            co_return;
        if (!rollouts) {
            ++m_loads;
            showError(tr("The rollouts could not be loaded"), rollouts.error());
            Q_EMIT loaded();
            continue;
        }
        // The month's verdicts and charges. An orchestrator that cannot tell (an older one) still
        // shows its ledger; the summary says what is missing.
        auto outcomes = co_await m_client.fetchGovernanceOutcomes(month);
        if (!self)
            co_return;
        QString outcomesError;
        if (!outcomes)
            outcomesError = outcomes.error();
        else if (outcomes->month != report->month)
            outcomesError = tr("the outcomes are of %1, not %2").arg(outcomes->month, report->month);
        // The chart: this month and the five before it.
        std::vector<MonthSpend> months;
        const QString firstDay = report->month + QStringLiteral("-01T00:00:00Z");
        const TimeMs anchor = parseIsoUtc(firstDay).value_or(m_now);
        QString chartError;
        for (int i = kChartMonths - 1; i >= 0; --i) {
            const QString key = monthKey(monthsBefore(anchor, i));
            GovernanceReport r;
            if (key == report->month) {
                r = *report;
            } else {
                auto other = co_await m_client.fetchGovernance(key);
                if (!self)
                    co_return;
                if (!other) {
                    chartError = other.error();
                    break;
                }
                r = std::move(other).value();
            }
            MonthSpend spend;
            spend.month = key;
            for (const DealerSpend& d : r.dealers) {
                spend.total += d.spent;
                spend.highest = std::max(spend.highest, d.spent);
            }
            spend.mean = r.dealers.empty() ? 0 : spend.total / double(r.dealers.size());
            months.push_back(spend);
        }
        if (m_reloadWanted)
            continue;
        ++m_loads;
        if (m_month->count() == 0 && m_now == 0)
            fillMonths(anchor);
        m_state = State::Live;
        m_outcomes = outcomesError.isEmpty() ? std::optional<GovernanceOutcomes>(std::move(outcomes).value())
                                             : std::nullopt;
        m_model->setReport(*report, rollouts->rollouts, m_outcomes);
        m_body->setCurrentIndex(1);
        int refusals = 0;
        for (const auto& row : m_model->rows())
            refusals += row.refusals;
        QString summary = tr("%1: %2 spent by %n dealer(s) against a cap of %3 each · %4 at the cap · %5 refusal(s) "
                             "· smallest remaining budget %6 · reward threshold %7×",
                             nullptr, int(m_model->rows().size()))
                              .arg(report->month, money(m_model->totalSpent()), money(report->capPerDealer))
                              .arg(m_model->dealersAtCap())
                              .arg(refusals)
                              .arg(money(report->apiCostRemaining), QLocale().toString(report->minRewardThreshold));
        if (m_outcomes) {
            const qint64 measured = m_model->totalMeeting() + m_model->totalBelow();
            summary += QStringLiteral(" · ")
                + tr("%n rewarded decision(s): %1 meet the threshold, %2 below it; %3 dealer(s) last below",
                     nullptr, int(measured))
                      .arg(m_model->totalMeeting())
                      .arg(m_model->totalBelow())
                      .arg(m_model->dealersLastBelow());
        } else {
            summary += QStringLiteral(" · ") + tr("reward verdicts unavailable: %1").arg(outcomesError);
        }
        if (!chartError.isEmpty())
            summary += QStringLiteral(" · ") + tr("chart unavailable: %1").arg(chartError);
        m_summary->setText(summary);
        if (m_model->rows().empty()) {
            m_empty->setMessage(tr("No spend in %1").arg(report->month),
                                tr("No dealer was charged for a fix this month."));
            m_body->setCurrentWidget(m_empty);
        }
        m_months = months;
        if (chartError.isEmpty())
            showChart(months, report->capPerDealer);
        // The dealer the analyst chose, else the highest spender; the table selects it.
        showDayChart(m_dealerChosen ? m_chartDealer : QString());
        m_selectingDealer = true;
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const QModelIndex index = m_proxy->index(row, GovernanceModel::DealerColumn);
            if (!m_chartDealer.isEmpty() && index.data().toString() == m_chartDealer) {
                m_table->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                break;
            }
        }
        m_selectingDealer = false;
        Q_EMIT loaded();
    } while (m_reloadWanted && self && m_client.connectionState() == OrchestratorClient::ConnectionState::Connected);
    if (self)
        m_loading = false;
}

void GovernancePage::showChart(const std::vector<MonthSpend>& months, double cap)
{
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    auto* mean = new QBarSet(tr("Mean per dealer"));
    auto* highest = new QBarSet(tr("Highest dealer"));
    mean->setColor(theme::seriesColor(0, palette()));
    highest->setColor(theme::seriesColor(1, palette()));
    QStringList categories;
    double top = cap;
    for (const MonthSpend& m : months) {
        categories << m.month;
        mean->append(m.mean);
        highest->append(m.highest);
        top = std::max(top, m.highest);
    }
    auto* bars = new QBarSeries;
    bars->append(mean);
    bars->append(highest);
    m_chart->addSeries(bars);
    auto* capLine = new QLineSeries;
    capLine->setName(tr("Monthly cap %1").arg(money(cap)));
    capLine->append(-0.5, cap);
    capLine->append(double(months.size()) - 0.5, cap);
    capLine->setPen(QPen(theme::critical(), 1.5, Qt::DashLine));
    m_chart->addSeries(capLine);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    auto* y = new QValueAxis;
    y->setRange(0, top * 1.15);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("$%.3f"));
    y->setTitleText(tr("US dollars"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    bars->attachAxis(x);
    bars->attachAxis(y);
    capLine->attachAxis(x);
    capLine->attachAxis(y);
    theme::applyChartPalette(m_chart, palette());
    m_chartMonths = int(months.size());
}

void GovernancePage::showDayChart(const QString& wanted)
{
    m_dayChart->removeAllSeries();
    for (QAbstractAxis* axis : m_dayChart->axes()) {
        m_dayChart->removeAxis(axis);
        delete axis;
    }
    m_chartDealerTotals.clear();
    m_chartDays = 0;
    if (!m_outcomes) {
        m_chartDealer.clear();
        m_dayChart->setTitle(tr("API spend by day: not available from this orchestrator"));
        return;
    }
    const GovernanceOutcomes& o = *m_outcomes;
    // The dealer asked for, else the highest spender (the first dealer when nobody spent).
    const DealerOutcomes* dealer = nullptr;
    for (const DealerOutcomes& d : o.dealers) {
        if (d.dealer == wanted)
            dealer = &d;
    }
    if (!dealer) {
        for (const DealerOutcomes& d : o.dealers) {
            if (!dealer || d.spent > dealer->spent)
                dealer = &d;
        }
    }
    m_chartDealer = dealer ? dealer->dealer : QString();

    // Days up to the engine's clock in the current month; every day of a past month.
    int shown = int(o.days.size());
    if (m_now >= o.from && m_now < o.to)
        shown = int((m_now - o.from) / kDayMs) + 1;
    auto* fleet = new QBarSet(tr("Fleet spend per day"));
    fleet->setColor(theme::seriesColor(0, palette()));
    QStringList categories;
    double topDay = 0;
    for (int i = 0; i < shown; ++i) {
        const SpendDay& day = o.days[std::size_t(i)];
        categories << QString::number(i + 1);
        fleet->append(day.spent);
        topDay = std::max(topDay, day.spent);
    }
    auto* bars = new QBarSeries;
    bars->append(fleet);
    m_dayChart->addSeries(bars);

    auto* running = new QLineSeries;
    double total = 0;
    double top = o.capPerDealer;
    if (dealer) {
        running->setName(tr("%1: spend so far").arg(dealer->dealer));
        std::size_t next = 0;
        for (int i = 0; i < shown; ++i) {
            const TimeMs end = o.from + TimeMs(i + 1) * kDayMs;
            while (next < dealer->charges.size() && dealer->charges[next].at < end)
                total += dealer->charges[next++].amount;
            m_chartDealerTotals.push_back(total);
            running->append(double(i), total);
            top = std::max(top, total);
        }
    }
    running->setPen(QPen(theme::seriesColor(1, palette()), 2));
    m_dayChart->addSeries(running);
    auto* capLine = new QLineSeries;
    capLine->setName(tr("Monthly cap %1").arg(money(o.capPerDealer)));
    capLine->append(-0.5, o.capPerDealer);
    capLine->append(double(shown) - 0.5, o.capPerDealer);
    capLine->setPen(QPen(theme::critical(), 1.5, Qt::DashLine));
    m_dayChart->addSeries(capLine);

    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(tr("Day of %1 (UTC)").arg(o.month));
    auto* fleetAxis = new QValueAxis;
    fleetAxis->setRange(0, std::max(topDay, 0.01) * 1.15);
    fleetAxis->applyNiceNumbers();
    fleetAxis->setLabelFormat(QStringLiteral("$%.3f"));
    auto* dealerAxis = new QValueAxis;
    dealerAxis->setRange(0, top * 1.15);
    dealerAxis->applyNiceNumbers();
    dealerAxis->setLabelFormat(QStringLiteral("$%.3f"));
    dealerAxis->setGridLineVisible(false);
    m_dayChart->addAxis(x, Qt::AlignBottom);
    m_dayChart->addAxis(fleetAxis, Qt::AlignLeft);
    m_dayChart->addAxis(dealerAxis, Qt::AlignRight);
    bars->attachAxis(x);
    bars->attachAxis(fleetAxis);
    running->attachAxis(x);
    running->attachAxis(dealerAxis);
    capLine->attachAxis(x);
    capLine->attachAxis(dealerAxis);
    m_dayChart->setTitle(
        dealer ? tr("API spend by day, %1: the fleet, and %2 against the cap").arg(o.month, dealer->dealer)
               : tr("API spend by day, %1").arg(o.month));
    theme::applyChartPalette(m_dayChart, palette());
    // Which axis is whose (the legend names them): the labels in their series' colours.
    fleetAxis->setLabelsColor(fleet->color());
    dealerAxis->setLabelsColor(running->pen().color());
    m_chartDays = shown;
}

bool GovernancePage::canExportChart() const
{
    return m_state == State::Live && m_chartMonths > 0;
}

QString GovernancePage::exportBaseName() const
{
    return QStringLiteral("governance-%1").arg(m_model->month());
}

Status GovernancePage::exportChartImage(const QString& path)
{
    if (m_chartTabs->currentWidget() == m_dayChartView)
        return saveWidgetImage(*m_dayChartView, path, m_dayChart->title());
    return saveWidgetImage(*m_chartView, path, m_chart->title());
}

QFuture<Status> GovernancePage::exportChartData(const QString& path)
{
    // The table of the month (all dealers, whatever the filter).
    const std::vector<GovernanceModel::Row> rows = m_model->rows();
    const QString month = m_model->month();
    const double cap = m_model->cap();
    return QtConcurrent::run([rows, month, cap, path]() -> Status {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
            return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
        QByteArray out = "month,dealer,spent,remaining,cap,chargedFixes,refusals,decisions,pending,"
                         "meetingThreshold,belowThreshold,meanReward,lastVerdict,lastReward\n";
        for (const auto& r : rows) {
            out += month.toUtf8() + ',' + r.dealer.toUtf8() + ',' + QByteArray::number(r.spent, 'f', 6) + ','
                + QByteArray::number(r.remaining, 'f', 6) + ',' + QByteArray::number(cap, 'f', 6) + ','
                + QByteArray::number(r.deployments) + ',' + QByteArray::number(r.refusals);
            // The verdict columns stay empty where the orchestrator did not tell.
            if (r.outcomesKnown)
                out += ',' + QByteArray::number(r.decisions) + ',' + QByteArray::number(r.pending) + ','
                    + QByteArray::number(r.meeting) + ',' + QByteArray::number(r.below) + ','
                    + (r.meanReward ? QByteArray::number(*r.meanReward, 'g', 17) : QByteArray()) + ','
                    + (r.lastVerdict ? (r.lastVerdict->meetsThreshold ? "meets" : "below") : "") + ','
                    + (r.lastVerdict ? QByteArray::number(r.lastVerdict->reward, 'g', 17) : QByteArray());
            else
                out += ",,,,,,,";
            out += '\n';
        }
        if (file.write(out) != out.size() || !file.commit())
            return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return success();
    });
}

} // namespace orch::ui
