#pragma once

#include <optional>
#include <vector>

#include <QWidget>

#include <qcorotask.h>

#include "chartexport.h"
#include "client/orchestratorclient.h"
#include "common/timeutil.h"

class QBarCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;

namespace orch::ui {

class EmptyState;
class GovernanceFilterModel;
class GovernanceModel;

// Governance: per-dealer API spend of a month against the monthly cap ($0.15), what remains, the
// fixes charged and the fixes governance refused, and what the month's decisions earned against
// the reward threshold (counts meeting / below it, mean reward, the last verdict), in a sortable
// table filtered by text and by verdict; two charts: the month's spend by day (the fleet's per
// day, and the selected dealer's running total against the cap) and the last six months (the mean
// and the highest dealer against the cap).
class GovernancePage final : public QWidget, public ChartExportable
{
    Q_OBJECT
public:
    enum class State
    {
        Waiting,
        Live,
        Error
    };
    Q_ENUM(State)

    explicit GovernancePage(OrchestratorClient& client, QWidget* parent = nullptr);
    ~GovernancePage() override;

    State state() const { return m_state; }
    GovernanceModel* model() const { return m_model; }
    GovernanceFilterModel* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QComboBox* monthBox() const { return m_month; }
    QLineEdit* filterBox() const { return m_filter; }
    QComboBox* verdictFilterBox() const { return m_verdictFilter; }
    QTabWidget* chartTabs() const { return m_chartTabs; }
    QString summaryText() const;
    int chartMonths() const { return m_chartMonths; }
    // The by-day chart: its days (bars), the dealer whose running total it draws, and that
    // total's points (US dollars at the end of each day shown).
    int chartDays() const { return m_chartDays; }
    QString chartDealer() const { return m_chartDealer; }
    const std::vector<double>& chartDealerTotals() const { return m_chartDealerTotals; }
    int loadCount() const { return m_loads; }
    void refresh();

    bool canExportChart() const override;
    QString exportBaseName() const override;
    Status exportChartImage(const QString& path) override;
    QFuture<Status> exportChartData(const QString& path) override;

Q_SIGNALS:
    void loaded();

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct MonthSpend
    {
        QString month;
        double mean = 0;
        double highest = 0;
        double total = 0;
    };
    QCoro::Task<> load();
    void fillMonths(TimeMs now);
    void showError(const QString& title, const QString& detail);
    void showChart(const std::vector<MonthSpend>& months, double cap);
    // The by-day chart of the outcomes' month for `dealer` (empty: the highest spender).
    void showDayChart(const QString& dealer);
    void handleConnectionState(OrchestratorClient::ConnectionState state);

    OrchestratorClient& m_client;
    State m_state = State::Waiting;
    GovernanceModel* m_model;
    GovernanceFilterModel* m_proxy;
    QComboBox* m_month;
    QLineEdit* m_filter;
    QComboBox* m_verdictFilter;
    QLabel* m_summary;
    QStackedWidget* m_body;
    EmptyState* m_empty;
    QTableView* m_table;
    QTabWidget* m_chartTabs;
    QChartView* m_dayChartView;
    QChart* m_dayChart;
    QChartView* m_chartView;
    QChart* m_chart;
    QTimer* m_refreshTimer;
    std::vector<MonthSpend> m_months;
    std::optional<GovernanceOutcomes> m_outcomes;
    QString m_chartDealer;
    bool m_dealerChosen = false; // the analyst selected m_chartDealer in the table
    bool m_selectingDealer = false; // the page itself selects it
    std::vector<double> m_chartDealerTotals;
    int m_chartDays = 0;
    TimeMs m_now = 0;
    bool m_loading = false;
    bool m_reloadWanted = false;
    int m_loads = 0;
    int m_chartMonths = 0;
};

} // namespace orch::ui
