#pragma once

#include <optional>

#include <QWidget>

#include <qcorotask.h>

#include "chartexport.h"
#include "client/orchestratorclient.h"
#include "formulas/formulas.h"
#include "whatif/rewardwhatif.h"

class QBoxPlotSeries;
class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QElapsedTimer;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QSlider;
class QSpinBox;
class QTimer;
class QValueAxis;
class QBarCategoryAxis;

namespace orch::ui {

// The reward simulator: SPEC's reward for ΔVisibility, ΔRevenue and API cost, its verdict against
// the minimum reward threshold and the recommendation, live as the inputs change (core/formulas,
// the functions the engine and the API use); the reward over a range of one input with its
// break-even (core/whatif); and the what-if replay of the learning policy with other settings
// through the client, with the estimates' 95 % confidence intervals. A replay runs on the
// orchestrator's side; Cancel stops waiting for it.
class RewardPage final : public QWidget, public ChartExportable
{
    Q_OBJECT
public:
    enum class ReplayState
    {
        Idle,
        Running,
        Done,
        Refused, // the log cannot support the estimate: refusals say why
        Failed,
        Cancelled
    };
    Q_ENUM(ReplayState)

    explicit RewardPage(OrchestratorClient& client, QWidget* parent = nullptr);
    ~RewardPage() override;

    // The inputs (as the spin boxes hold them).
    void setInputs(double deltaVisibility, double deltaRevenue, double apiCost);
    void setMinRewardThreshold(double threshold);
    void setSensitivityInput(whatif::RewardInput input);

    // What the page shows.
    const std::optional<formulas::RewardResult>& result() const { return m_result; }
    QString rewardText() const;
    QString verdictText() const;
    QString recommendationText() const;
    QString breakEvenText() const;
    int sensitivityPointCount() const;
    std::optional<double> sensitivityBreakEven() const { return m_breakEvenX; }

    // Replay.
    // Fewer rewarded decisions than this and the replay refuses to estimate (default 30).
    void setReplayMinimumDecisions(int decisions);
    // The alternative policy's settings (default: the running spec's).
    void setReplaySettings(double learningRate, double confidenceGate, double minRewardMultiple);
    void startReplay();
    void cancelReplay();
    ReplayState replayState() const { return m_replayState; }
    QString replayText() const;
    const std::optional<PolicyReplayResult>& replayResult() const { return m_replay; }

    // ChartExportable: the sensitivity chart.
    bool canExportChart() const override;
    QString exportBaseName() const override;
    Status exportChartImage(const QString& path) override;
    QFuture<Status> exportChartData(const QString& path) override;

Q_SIGNALS:
    void resultChanged();
    void replayFinished(orch::ui::RewardPage::ReplayState state);

private:
    QWidget* createInputs();
    QWidget* createResult();
    QWidget* createSensitivity();
    QWidget* createReplay();
    void recompute();
    void updateSensitivity();
    QCoro::Task<> runReplay(PolicyReplayRequest request, quint64 generation);
    void showReplay(const Result<PolicyReplayResult>& result);
    void setReplayState(ReplayState state, const QString& text);
    void handleConnectionState(OrchestratorClient::ConnectionState state);
    void applySpec(const OrchestratorSpec& spec);
    whatif::RewardInputs inputs() const;

    OrchestratorClient& m_client;
    QDoubleSpinBox* m_visibility = nullptr;
    QDoubleSpinBox* m_revenue = nullptr;
    QDoubleSpinBox* m_cost = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QSlider* m_visibilitySlider = nullptr;
    QSlider* m_revenueSlider = nullptr;
    QSlider* m_costSlider = nullptr;
    QLabel* m_reward = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_recommendation = nullptr;
    QLabel* m_benefit = nullptr;
    QLabel* m_breakEven = nullptr;

    QComboBox* m_sweepInput = nullptr;
    QCheckBox* m_autoRange = nullptr;
    QDoubleSpinBox* m_sweepFrom = nullptr;
    QDoubleSpinBox* m_sweepTo = nullptr;
    QChartView* m_sweepView = nullptr;
    QChart* m_sweepChart = nullptr;
    QValueAxis* m_sweepX = nullptr;
    QValueAxis* m_sweepY = nullptr;
    QLineSeries* m_sweepLine = nullptr;
    QLineSeries* m_breakEvenLine = nullptr;
    QLineSeries* m_zeroLine = nullptr;
    QScatterSeries* m_current = nullptr;
    QLabel* m_sweepNote = nullptr;
    std::optional<double> m_breakEvenX;

    QDoubleSpinBox* m_learningRate = nullptr;
    QDoubleSpinBox* m_gate = nullptr;
    QDoubleSpinBox* m_multiple = nullptr;
    QComboBox* m_replayRange = nullptr;
    QSpinBox* m_minDecisions = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_replayText = nullptr;
    QChartView* m_replayView = nullptr;
    QChart* m_replayChart = nullptr;
    QTimer* m_elapsedTimer = nullptr;
    qint64 m_replayStarted = 0;

    std::optional<formulas::RewardResult> m_result;
    QString m_error;
    std::optional<PolicyReplayResult> m_replay;
    ReplayState m_replayState = ReplayState::Idle;
    quint64 m_replayGeneration = 0;
    bool m_specApplied = false;
    bool m_updating = false;
    TimeMs m_now = 0;
};

} // namespace orch::ui
