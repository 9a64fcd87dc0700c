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
#include <QTableView>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>
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
    , m_summary(new QLabel(this))
    , m_body(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_table(new QTableView(this))
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

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chartView);
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

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_summary);
    layout->addWidget(m_body, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &GovernanceFilterModel::setFilterText);
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
        m_model->setReport(*report, rollouts->rollouts);
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
            return fail(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
        QByteArray out = "month,dealer,spent,remaining,cap,chargedFixes,refusals\n";
        for (const auto& r : rows)
            out += month.toUtf8() + ',' + r.dealer.toUtf8() + ',' + QByteArray::number(r.spent, 'f', 6) + ','
                + QByteArray::number(r.remaining, 'f', 6) + ',' + QByteArray::number(cap, 'f', 6) + ','
                + QByteArray::number(r.deployments) + ',' + QByteArray::number(r.refusals) + '\n';
        if (file.write(out) != out.size() || !file.commit())
            return fail(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
        return success();
    });
}

} // namespace orch::ui
