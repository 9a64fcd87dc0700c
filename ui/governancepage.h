#pragma once

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
class QTableView;
class QTimer;

namespace orch::ui {

class EmptyState;
class GovernanceFilterModel;
class GovernanceModel;

// Governance: per-dealer API spend of a month against the monthly cap ($0.15), what remains, the
// fixes charged and the fixes governance refused, in a sortable, filterable table; the spend of
// the last six months in a chart (the mean and the highest dealer against the cap).
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
    QString summaryText() const;
    int chartMonths() const { return m_chartMonths; }
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
    void handleConnectionState(OrchestratorClient::ConnectionState state);

    OrchestratorClient& m_client;
    State m_state = State::Waiting;
    GovernanceModel* m_model;
    GovernanceFilterModel* m_proxy;
    QComboBox* m_month;
    QLineEdit* m_filter;
    QLabel* m_summary;
    QStackedWidget* m_body;
    EmptyState* m_empty;
    QTableView* m_table;
    QChartView* m_chartView;
    QChart* m_chart;
    QTimer* m_refreshTimer;
    std::vector<MonthSpend> m_months;
    TimeMs m_now = 0;
    bool m_loading = false;
    bool m_reloadWanted = false;
    int m_loads = 0;
    int m_chartMonths = 0;
};

} // namespace orch::ui
