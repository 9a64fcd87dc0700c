#pragma once

#include <optional>
#include <vector>

#include <QWidget>

#include <qcorotask.h>

#include "chartexport.h"
#include "client/orchestratorclient.h"
#include "common/timeutil.h"
#include "spec/orchestratorspec.h"

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace orch::ui {

class EmptyState;
class TimeSeriesChart;

// Drift: a feature's standardized std (the DriftSentinel's abs(std - 1) > threshold input) or
// its raw values over a time range, for one dealer or the whole fleet (mean and highest std
// across dealers), against the band 1 ± threshold, with the drift episodes shaded and their
// first flagged evaluation marked. Zoom and pan in the chart; export as PNG, SVG and CSV.
//
// The std is recomputed here from the series' samples since its start, with the engine's own
// sliding window (core/engine/driftmath.h), on the thread pool. Refreshes every few seconds while
// shown and not zoomed; an unreachable orchestrator empties the page instead of leaving old data.
class DriftPage final : public QWidget, public ChartExportable
{
    Q_OBJECT
public:
    enum class State
    {
        Waiting, // not connected yet
        Loading, // first load
        Live,
        NoData, // connected, nothing to show (no series, nothing in range)
        Error
    };
    Q_ENUM(State)

    enum class Scope
    {
        Dealer,
        Fleet
    };
    enum class Plot
    {
        StandardizedStd,
        Values
    };
    enum class Range
    {
        Last24Hours,
        Last7Days,
        Last30Days,
        Custom
    };

    explicit DriftPage(OrchestratorClient& client, QWidget* parent = nullptr);
    ~DriftPage() override;

    State state() const { return m_state; }
    TimeSeriesChart* chart() const { return m_chart; }
    QString statusText() const;
    QString errorText() const;
    QString dealer() const;
    QString feature() const;
    void setSelection(Scope scope, const QString& dealer, const QString& feature);
    void setPlot(Plot plot);
    void setRange(Range range, std::optional<std::pair<TimeMs, TimeMs>> custom = std::nullopt);
    // Detections shown (in range, of the selection).
    int detectionCount() const { return m_detectionCount; }
    // Completed loads (each refresh counts).
    int loadCount() const { return m_loads; }
    void refresh();

    // ChartExportable
    bool canExportChart() const override;
    QString exportBaseName() const override;
    Status exportChartImage(const QString& path) override;
    QFuture<Status> exportChartData(const QString& path) override;

Q_SIGNALS:
    void loaded();

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Loaded;
    QCoro::Task<> load();
    void apply(const Loaded& loaded);
    void handleConnectionState(OrchestratorClient::ConnectionState state);
    void showMessage(State state, const QString& title, const QString& detail);
    void updateControls();
    void fillPickers();
    std::pair<TimeMs, TimeMs> currentRange() const;

    OrchestratorClient& m_client;
    State m_state = State::Waiting;
    QComboBox* m_scope;
    QComboBox* m_dealer;
    QComboBox* m_feature;
    QComboBox* m_plot;
    QComboBox* m_range;
    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    QToolButton* m_resetZoom;
    QToolButton* m_export;
    QLabel* m_summary;
    QStackedWidget* m_body;
    EmptyState* m_empty;
    TimeSeriesChart* m_chart;
    QTimer* m_refreshTimer;

    SeriesList m_series;
    std::optional<DriftSentinelSpec> m_spec;
    TimeMs m_now = 0;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_reloadWanted = false;
    int m_loads = 0;
    int m_detectionCount = 0;
    bool m_updatingPickers = false;
};

} // namespace orch::ui
