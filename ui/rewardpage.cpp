#include "rewardpage.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

constexpr int kSweepSteps = 201;

// Slider positions are integers: value = position * scale.
constexpr double kVisibilityScale = 0.1; // ±20
constexpr double kRevenueScale = 20; // ±10,000 $
constexpr double kCostScale = 0.001; // 0..0.30 $

QString inputLabel(whatif::RewardInput input)
{
    switch (input) {
    case whatif::RewardInput::DeltaVisibility:
        return RewardPage::tr("ΔVisibility");
    case whatif::RewardInput::DeltaRevenue:
        return RewardPage::tr("ΔRevenue ($)");
    case whatif::RewardInput::ApiCost:
        return RewardPage::tr("API cost ($)");
    case whatif::RewardInput::MinRewardThreshold:
        return RewardPage::tr("Minimum reward threshold (×)");
    }
    return {};
}

// The scale of an input when its value gives none (0).
double unitOf(whatif::RewardInput input)
{
    switch (input) {
    case whatif::RewardInput::DeltaVisibility:
        return 5;
    case whatif::RewardInput::DeltaRevenue:
        return 1000;
    case whatif::RewardInput::ApiCost:
        return 0.1;
    case whatif::RewardInput::MinRewardThreshold:
        return 1;
    }
    return 1;
}

bool nonNegative(whatif::RewardInput input)
{
    return input == whatif::RewardInput::ApiCost || input == whatif::RewardInput::MinRewardThreshold;
}

// "$0.1500", "−$12.50": US dollars, whatever the locale's currency.
QString money(double dollars)
{
    const QString amount = QLocale().toString(std::abs(dollars), 'f', std::abs(dollars) < 1 ? 4 : 2);
    return (dollars < 0 ? QStringLiteral("−$") : QStringLiteral("$")) + amount;
}

QString number(double value, int digits = 6)
{
    return QLocale().toString(value, 'g', digits);
}

QDoubleSpinBox* spinBox(QWidget* parent, const QString& name, const QString& accessible, double min, double max,
                        int decimals, double step)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(name);
    box->setAccessibleName(accessible);
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    box->setKeyboardTracking(true);
    box->setAlignment(Qt::AlignRight);
    return box;
}

QString interval(const IntervalInfo& i)
{
    return RewardPage::tr("%1 [%2, %3]").arg(number(i.value, 3), number(i.lower, 3), number(i.upper, 3));
}

} // namespace

RewardPage::RewardPage(OrchestratorClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
{
    auto* content = new QWidget;
    auto* grid = new QGridLayout(content);
    grid->addWidget(createInputs(), 0, 0);
    grid->addWidget(createResult(), 0, 1);
    grid->addWidget(createSensitivity(), 1, 0);
    grid->addWidget(createReplay(), 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(1, 1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { handleConnectionState(state); });
    connect(&m_client, &OrchestratorClient::clockChanged, this, [this](qint64 now) { m_now = now; });

    m_updating = true;
    m_visibility->setValue(5.0);
    m_revenue->setValue(1000);
    m_cost->setValue(0.10);
    m_threshold->setValue(formulas::kDefaultMinRewardThreshold);
    m_updating = false;
    recompute();
    setReplayState(ReplayState::Idle, tr("Replays the RLController's decision log under the settings above "
                                         "(off-policy evaluation, IPS and self-normalized IPS)."));
    handleConnectionState(m_client.connectionState());
}

RewardPage::~RewardPage() = default;

QWidget* RewardPage::createInputs()
{
    auto* group = new QGroupBox(tr("Inputs"));
    auto* form = new QFormLayout(group);
    m_visibility = spinBox(group, QStringLiteral("deltaVisibility"), tr("Delta visibility"), -1e6, 1e6, 2, 0.1);
    m_revenue = spinBox(group, QStringLiteral("deltaRevenue"), tr("Delta revenue in dollars"), -1e9, 1e9, 2, 10);
    m_revenue->setPrefix(QStringLiteral("$ "));
    m_cost = spinBox(group, QStringLiteral("apiCost"), tr("API cost in dollars"), 0, 1e6, 4, 0.001);
    m_cost->setPrefix(QStringLiteral("$ "));
    m_threshold = spinBox(group, QStringLiteral("minRewardThreshold"), tr("Minimum reward threshold"), 0, 1e6, 2, 0.1);
    m_threshold->setSuffix(QStringLiteral(" ×"));
    m_threshold->setToolTip(tr("Benefit (ΔVisibility × ΔRevenue) needed per dollar of API cost; the running "
                               "spec's governance.minRewardThreshold once connected"));

    auto slider = [group](const QString& name, const QString& accessible, int min, int max) {
        auto* s = new QSlider(Qt::Horizontal, group);
        s->setObjectName(name);
        s->setAccessibleName(accessible);
        s->setRange(min, max);
        return s;
    };
    m_visibilitySlider = slider(QStringLiteral("deltaVisibilitySlider"), tr("Delta visibility slider"), -200, 200);
    m_revenueSlider = slider(QStringLiteral("deltaRevenueSlider"), tr("Delta revenue slider"), -500, 500);
    m_costSlider = slider(QStringLiteral("apiCostSlider"), tr("API cost slider"), 0, 300);

    auto row = [group](QDoubleSpinBox* box, QSlider* s) {
        auto* w = new QWidget(group);
        auto* h = new QHBoxLayout(w);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(box);
        if (s)
            h->addWidget(s, 1);
        return w;
    };
    form->addRow(tr("ΔVisibility"), row(m_visibility, m_visibilitySlider));
    form->addRow(tr("ΔRevenue"), row(m_revenue, m_revenueSlider));
    form->addRow(tr("API cost"), row(m_cost, m_costSlider));
    form->addRow(tr("Threshold"), row(m_threshold, nullptr));

    auto link = [this](QDoubleSpinBox* box, QSlider* s, double scale) {
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, s, scale](double v) {
            const QSignalBlocker block(s);
            s->setValue(int(std::lround(std::clamp(v / scale, double(s->minimum()), double(s->maximum())))));
            if (!m_updating)
                recompute();
        });
        connect(s, &QSlider::valueChanged, box, [box, scale](int position) { box->setValue(position * scale); });
    };
    link(m_visibility, m_visibilitySlider, kVisibilityScale);
    link(m_revenue, m_revenueSlider, kRevenueScale);
    link(m_cost, m_costSlider, kCostScale);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!m_updating)
            recompute();
    });
    return group;
}

QWidget* RewardPage::createResult()
{
    auto* group = new QGroupBox(tr("Reward = ΔVisibility × ΔRevenue − API cost"));
    auto* layout = new QVBoxLayout(group);
    m_reward = new QLabel(group);
    m_reward->setObjectName(QStringLiteral("reward"));
    QFont big = m_reward->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_reward->setFont(big);
    m_reward->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict = new QLabel(group);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_recommendation = new QLabel(group);
    m_recommendation->setObjectName(QStringLiteral("recommendation"));
    m_recommendation->setWordWrap(true);
    m_benefit = new QLabel(group);
    m_benefit->setObjectName(QStringLiteral("benefit"));
    m_benefit->setWordWrap(true);
    theme::useSecondaryText(m_benefit);
    m_breakEven = new QLabel(group);
    m_breakEven->setObjectName(QStringLiteral("breakEven"));
    m_breakEven->setWordWrap(true);
    m_breakEven->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_reward);
    layout->addWidget(m_verdict);
    layout->addWidget(m_recommendation);
    layout->addWidget(m_benefit);
    layout->addWidget(m_breakEven);
    layout->addStretch(1);
    return group;
}

QWidget* RewardPage::createSensitivity()
{
    auto* group = new QGroupBox(tr("Sensitivity"));
    auto* layout = new QVBoxLayout(group);
    auto* controls = new QHBoxLayout;
    m_sweepInput = new QComboBox(group);
    m_sweepInput->setObjectName(QStringLiteral("sensitivityInput"));
    m_sweepInput->setAccessibleName(tr("Input to vary"));
    for (const auto input : { whatif::RewardInput::DeltaVisibility, whatif::RewardInput::DeltaRevenue,
                              whatif::RewardInput::ApiCost, whatif::RewardInput::MinRewardThreshold })
        m_sweepInput->addItem(inputLabel(input), int(input));
    m_autoRange = new QCheckBox(tr("Automatic range"), group);
    m_autoRange->setObjectName(QStringLiteral("sensitivityAutoRange"));
    m_autoRange->setChecked(true);
    m_sweepFrom = spinBox(group, QStringLiteral("sensitivityFrom"), tr("Range from"), -1e9, 1e9, 4, 1);
    m_sweepTo = spinBox(group, QStringLiteral("sensitivityTo"), tr("Range to"), -1e9, 1e9, 4, 1);
    auto* varyLabel = new QLabel(tr("&Vary"), group);
    varyLabel->setBuddy(m_sweepInput);
    controls->addWidget(varyLabel);
    controls->addWidget(m_sweepInput, 1);
    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_autoRange);
    rangeRow->addWidget(new QLabel(tr("from"), group));
    rangeRow->addWidget(m_sweepFrom, 1);
    rangeRow->addWidget(new QLabel(tr("to"), group));
    rangeRow->addWidget(m_sweepTo, 1);
    layout->addLayout(controls);
    layout->addLayout(rangeRow);

    m_sweepChart = new QChart;
    m_sweepChart->setMargins(QMargins(4, 4, 4, 4));
    m_sweepX = new QValueAxis;
    m_sweepY = new QValueAxis;
    m_sweepY->setTitleText(tr("Reward"));
    m_sweepChart->addAxis(m_sweepX, Qt::AlignBottom);
    m_sweepChart->addAxis(m_sweepY, Qt::AlignLeft);
    m_zeroLine = new QLineSeries;
    m_zeroLine->setName(tr("Reward 0"));
    m_sweepLine = new QLineSeries;
    m_sweepLine->setName(tr("Reward"));
    m_breakEvenLine = new QLineSeries;
    m_breakEvenLine->setName(tr("Break-even"));
    m_current = new QScatterSeries;
    m_current->setName(tr("Current inputs"));
    m_current->setMarkerSize(10);
    for (QXYSeries* s : std::initializer_list<QXYSeries*> { m_zeroLine, m_sweepLine, m_breakEvenLine, m_current }) {
        m_sweepChart->addSeries(s);
        s->attachAxis(m_sweepX);
        s->attachAxis(m_sweepY);
    }
    m_sweepChart->legend()->setAlignment(Qt::AlignBottom);
    theme::applyChartPalette(m_sweepChart, palette());
    m_zeroLine->setPen(QPen(theme::idle(), 1, Qt::DotLine));
    m_sweepLine->setPen(QPen(theme::seriesColor(0, palette()), 2));
    m_breakEvenLine->setPen(QPen(theme::warning(), 1.5, Qt::DashLine));
    m_current->setColor(theme::seriesColor(1, palette()));
    m_sweepView = new QChartView(m_sweepChart, group);
    m_sweepView->setObjectName(QStringLiteral("sensitivityChart"));
    m_sweepView->setAccessibleName(tr("Reward sensitivity chart"));
    m_sweepView->setRenderHint(QPainter::Antialiasing);
    m_sweepView->setMinimumHeight(200);
    layout->addWidget(m_sweepView, 1);
    m_sweepNote = new QLabel(group);
    m_sweepNote->setObjectName(QStringLiteral("sensitivityNote"));
    m_sweepNote->setWordWrap(true);
    theme::useSecondaryText(m_sweepNote);
    layout->addWidget(m_sweepNote);

    connect(m_sweepInput, &QComboBox::currentIndexChanged, this, [this] { updateSensitivity(); });
    connect(m_autoRange, &QCheckBox::toggled, this, [this](bool automatic) {
        m_sweepFrom->setEnabled(!automatic);
        m_sweepTo->setEnabled(!automatic);
        updateSensitivity();
    });
    m_sweepFrom->setEnabled(false);
    m_sweepTo->setEnabled(false);
    for (QDoubleSpinBox* box : { m_sweepFrom, m_sweepTo })
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!m_updating && !m_autoRange->isChecked())
                updateSensitivity();
        });
    return group;
}

QWidget* RewardPage::createReplay()
{
    auto* group = new QGroupBox(tr("What-if replay of the learning policy"));
    auto* layout = new QVBoxLayout(group);
    auto* form = new QFormLayout;
    m_learningRate = spinBox(group, QStringLiteral("replayLearningRate"), tr("Learning rate"), 0.001, 1, 3, 0.01);
    m_gate = spinBox(group, QStringLiteral("replayConfidenceGate"), tr("Confidence gate"), 0, 1, 2, 0.05);
    m_multiple = spinBox(group, QStringLiteral("replayRewardMultiple"), tr("Reward threshold"), 0, 100, 2, 0.1);
    m_learningRate->setValue(0.1);
    m_gate->setValue(0.75);
    m_multiple->setValue(formulas::kDefaultMinRewardThreshold);
    m_minDecisions = new QSpinBox(group);
    m_minDecisions->setObjectName(QStringLiteral("replayMinDecisions"));
    m_minDecisions->setAccessibleName(tr("Minimum rewarded decisions"));
    m_minDecisions->setRange(2, 100000);
    m_minDecisions->setValue(30);
    m_minDecisions->setToolTip(tr("Below this many rewarded decisions the replay gives no estimate"));
    m_replayRange = new QComboBox(group);
    m_replayRange->setObjectName(QStringLiteral("replayRange"));
    m_replayRange->setAccessibleName(tr("Decisions to replay"));
    m_replayRange->addItem(tr("Last 7 days"), 7);
    m_replayRange->addItem(tr("Last 30 days"), 30);
    m_replayRange->addItem(tr("The whole log"), 0);
    m_replayRange->setCurrentIndex(1);
    form->addRow(tr("&Learning rate"), m_learningRate);
    form->addRow(tr("Confidence &gate"), m_gate);
    form->addRow(tr("Reward &threshold"), m_multiple);
    form->addRow(tr("&Decisions"), m_replayRange);
    form->addRow(tr("At &least"), m_minDecisions);
    layout->addLayout(form);
    auto* controls = new QHBoxLayout;
    controls->addStretch(1);
    m_run = new QPushButton(tr("Run replay"), group);
    m_run->setObjectName(QStringLiteral("replayRun"));
    m_cancel = new QPushButton(tr("Cancel"), group);
    m_cancel->setObjectName(QStringLiteral("replayCancel"));
    m_cancel->setEnabled(false);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    layout->addLayout(controls);

    auto* status = new QHBoxLayout;
    m_progress = new QProgressBar(group);
    m_progress->setObjectName(QStringLiteral("replayProgress"));
    m_progress->setAccessibleName(tr("Replay progress"));
    m_progress->setRange(0, 0); // busy: the orchestrator reports no steps
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    m_replayText = new QLabel(group);
    m_replayText->setObjectName(QStringLiteral("replayText"));
    m_replayText->setWordWrap(true);
    m_replayText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status->addWidget(m_progress);
    status->addWidget(m_replayText, 1);
    layout->addLayout(status);

    m_replayChart = new QChart;
    m_replayChart->setMargins(QMargins(4, 4, 4, 4));
    m_replayChart->legend()->setVisible(false);
    m_replayChart->setTitle(tr("Mean reward per decision (95 % intervals)"));
    theme::applyChartPalette(m_replayChart, palette());
    m_replayView = new QChartView(m_replayChart, group);
    m_replayView->setObjectName(QStringLiteral("replayChart"));
    m_replayView->setAccessibleName(tr("Replay estimates chart"));
    m_replayView->setRenderHint(QPainter::Antialiasing);
    m_replayView->setMinimumHeight(200);
    m_replayView->setVisible(false);
    layout->addWidget(m_replayView, 1);

    m_elapsedTimer = new QTimer(this);
    m_elapsedTimer->setInterval(250);
    connect(m_elapsedTimer, &QTimer::timeout, this, [this] {
        const double seconds = double(QDateTime::currentMSecsSinceEpoch() - m_replayStarted) / 1000.0;
        m_replayText->setText(tr("Replaying the decision log… %1 s").arg(QLocale().toString(seconds, 'f', 1)));
    });
    connect(m_run, &QPushButton::clicked, this, [this] { startReplay(); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { cancelReplay(); });
    return group;
}

whatif::RewardInputs RewardPage::inputs() const
{
    whatif::RewardInputs in;
    in.deltaVisibility = m_visibility->value();
    in.deltaRevenue = m_revenue->value();
    in.apiCost = m_cost->value();
    in.minRewardThreshold = m_threshold->value();
    return in;
}

void RewardPage::setInputs(double deltaVisibility, double deltaRevenue, double apiCost)
{
    m_updating = true;
    m_visibility->setValue(deltaVisibility);
    m_revenue->setValue(deltaRevenue);
    m_cost->setValue(apiCost);
    m_updating = false;
    recompute();
}

void RewardPage::setMinRewardThreshold(double threshold)
{
    m_threshold->setValue(threshold);
}

void RewardPage::setReplaySettings(double learningRate, double confidenceGate, double minRewardMultiple)
{
    m_learningRate->setValue(learningRate);
    m_gate->setValue(confidenceGate);
    m_multiple->setValue(minRewardMultiple);
}

void RewardPage::setReplayMinimumDecisions(int decisions)
{
    m_minDecisions->setValue(decisions);
}

void RewardPage::setSensitivityInput(whatif::RewardInput input)
{
    m_sweepInput->setCurrentIndex(m_sweepInput->findData(int(input)));
}

QString RewardPage::rewardText() const
{
    return m_reward->text();
}

QString RewardPage::verdictText() const
{
    return m_verdict->text();
}

QString RewardPage::recommendationText() const
{
    return m_recommendation->text();
}

QString RewardPage::breakEvenText() const
{
    return m_breakEven->text();
}

int RewardPage::sensitivityPointCount() const
{
    return int(m_sweepLine->count());
}

void RewardPage::recompute()
{
    const whatif::RewardInputs in = inputs();
    auto result = formulas::calculateReward(in.deltaVisibility, in.deltaRevenue, in.apiCost, in.minRewardThreshold);
    QPalette verdictPalette = palette();
    if (result) {
        m_result = *result;
        m_error.clear();
        m_reward->setText(money(result->reward));
        m_verdict->setText(result->meetsThreshold ? tr("✔ Meets the %1× threshold").arg(number(in.minRewardThreshold))
                                                  : tr("✘ Below the %1× threshold").arg(number(in.minRewardThreshold)));
        verdictPalette.setColor(QPalette::WindowText, result->meetsThreshold ? theme::ok() : theme::critical());
        m_recommendation->setText(result->recommendation);
        m_benefit->setText(tr("Benefit ΔVisibility × ΔRevenue = %1; it must reach %2 × the API cost (%3) and "
                              "exceed the cost.")
                               .arg(money(result->benefit), number(in.minRewardThreshold),
                                    money(in.minRewardThreshold * in.apiCost)));
        QStringList lines;
        for (const auto input : { whatif::RewardInput::DeltaVisibility, whatif::RewardInput::DeltaRevenue,
                                  whatif::RewardInput::ApiCost }) {
            auto be = whatif::breakEven(in, input);
            if (!be)
                continue;
            QString text;
            switch (be->kind) {
            case whatif::BreakEven::Kind::At:
                text = tr("%1 %2 %3").arg(inputLabel(input), be->meetsAbove ? (be->inclusive ? QStringLiteral("≥") : QStringLiteral(">"))
                                                                            : (be->inclusive ? QStringLiteral("≤") : QStringLiteral("<")),
                                          number(be->value));
                break;
            case whatif::BreakEven::Kind::Never:
                text = tr("%1: never meets (%2)").arg(inputLabel(input), be->reason);
                break;
            case whatif::BreakEven::Kind::Always:
                text = tr("%1: always meets (%2)").arg(inputLabel(input), be->reason);
                break;
            }
            lines << text;
        }
        m_breakEven->setText(tr("Meets the threshold, the other inputs as they are, when: %1")
                                 .arg(lines.join(QStringLiteral("; "))));
    } else {
        m_result.reset();
        m_error = result.error();
        m_reward->setText(QStringLiteral("—"));
        m_verdict->setText(tr("Cannot compute: %1").arg(m_error));
        verdictPalette.setColor(QPalette::WindowText, theme::critical());
        m_recommendation->clear();
        m_benefit->clear();
        m_breakEven->clear();
    }
    m_verdict->setPalette(verdictPalette);
    updateSensitivity();
    Q_EMIT resultChanged();
}

void RewardPage::updateSensitivity()
{
    const auto input = whatif::RewardInput(m_sweepInput->currentData().toInt());
    const whatif::RewardInputs in = inputs();
    const double current = in.get(input);
    auto be = whatif::breakEven(in, input);
    m_breakEvenX.reset();
    if (be && be->kind == whatif::BreakEven::Kind::At && std::isfinite(be->value))
        m_breakEvenX = be->value;

    double from = m_sweepFrom->value();
    double to = m_sweepTo->value();
    if (m_autoRange->isChecked()) {
        const double half = std::max(std::abs(current), unitOf(input));
        from = current - half;
        to = current + half;
        if (m_breakEvenX && std::abs(*m_breakEvenX - current) < 50 * half) {
            const double margin = 0.15 * std::max(std::abs(*m_breakEvenX - current), half);
            from = std::min(from, *m_breakEvenX - margin);
            to = std::max(to, *m_breakEvenX + margin);
        }
        if (nonNegative(input))
            from = std::max(0.0, from);
        // Round ends, as the axis would choose them.
        QValueAxis nice;
        nice.setRange(from, to);
        nice.applyNiceNumbers();
        from = nonNegative(input) ? std::max(0.0, nice.min()) : nice.min();
        to = nice.max();
        m_updating = true;
        m_sweepFrom->setValue(from);
        m_sweepTo->setValue(to);
        m_updating = false;
    }
    if (to <= from)
        to = from + unitOf(input);

    QList<QPointF> points;
    points.reserve(kSweepSteps);
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    int errors = 0;
    for (int i = 0; i < kSweepSteps; ++i) {
        const double x = from + (to - from) * i / (kSweepSteps - 1);
        whatif::RewardInputs at = in;
        at.set(input, x);
        auto r = formulas::calculateReward(at.deltaVisibility, at.deltaRevenue, at.apiCost, at.minRewardThreshold);
        if (!r) {
            ++errors;
            continue;
        }
        points.append(QPointF(x, r->reward));
        lo = std::min(lo, r->reward);
        hi = std::max(hi, r->reward);
    }
    m_sweepLine->replace(points);
    if (!std::isfinite(lo)) {
        lo = -1;
        hi = 1;
    }
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (hi - lo < 1e-12) {
        lo -= 1;
        hi += 1;
    }
    const double pad = (hi - lo) * 0.08;
    m_sweepX->setRange(from, to);
    if (m_autoRange->isChecked())
        m_sweepX->applyNiceNumbers();
    m_sweepX->setTitleText(inputLabel(input));
    m_sweepY->setRange(lo - pad, hi + pad);
    m_sweepY->applyNiceNumbers();
    m_zeroLine->replace({ QPointF(from, 0), QPointF(to, 0) });
    if (m_result && current >= from && current <= to)
        m_current->replace({ QPointF(current, m_result->reward) });
    else
        m_current->clear();

    QString note;
    if (m_breakEvenX && *m_breakEvenX >= from && *m_breakEvenX <= to) {
        m_breakEvenLine->replace({ QPointF(*m_breakEvenX, lo - pad), QPointF(*m_breakEvenX, hi + pad) });
        m_breakEvenLine->setName(tr("Break-even: %1").arg(number(*m_breakEvenX)));
        note = tr("The verdict flips at %1 = %2 (%3); it meets the threshold %4 it.")
                   .arg(inputLabel(input), number(*m_breakEvenX), be->formula,
                        be->meetsAbove ? tr("above") : tr("below"));
    } else {
        m_breakEvenLine->clear();
        m_breakEvenLine->setName(tr("Break-even"));
        if (m_breakEvenX)
            note = tr("The verdict flips at %1 = %2, outside this range.").arg(inputLabel(input), number(*m_breakEvenX));
        else if (be)
            note = be->kind == whatif::BreakEven::Kind::Always ? tr("Meets the threshold whatever %1: %2").arg(inputLabel(input), be->reason)
                                                               : tr("Never meets the threshold, whatever %1: %2").arg(inputLabel(input), be->reason);
        else
            note = be.error();
    }
    if (errors > 0)
        note += QLatin1Char(' ') + tr("%n point(s) could not be computed.", nullptr, errors);
    m_sweepNote->setText(note);
}

void RewardPage::handleConnectionState(OrchestratorClient::ConnectionState state)
{
    const bool connected = state == OrchestratorClient::ConnectionState::Connected;
    m_run->setEnabled(connected && m_replayState != ReplayState::Running);
    m_run->setToolTip(connected ? QString() : tr("The replay runs on the orchestrator: connect first"));
    if (connected && !m_specApplied) {
        QCoro::connect(m_client.fetchSpec(), this, [this](const Result<OrchestratorSpec>& spec) {
            if (spec)
                applySpec(*spec);
        });
    }
    if (!connected && m_replayState == ReplayState::Running) {
        ++m_replayGeneration;
        setReplayState(ReplayState::Failed, tr("The orchestrator is not reachable; the replay was abandoned."));
    }
}

void RewardPage::applySpec(const OrchestratorSpec& spec)
{
    m_specApplied = true;
    m_threshold->setValue(spec.governance.minRewardThreshold);
    m_learningRate->setValue(spec.components.rlController.learningRate);
    m_gate->setValue(spec.components.rlController.confidenceGate);
    m_multiple->setValue(spec.governance.minRewardThreshold);
}

void RewardPage::startReplay()
{
    if (m_replayState == ReplayState::Running)
        return;
    if (m_client.connectionState() != OrchestratorClient::ConnectionState::Connected) {
        setReplayState(ReplayState::Failed, tr("The replay runs on the orchestrator, which is not connected."));
        return;
    }
    PolicyReplayRequest request;
    request.target = QStringLiteral("adaptive");
    request.learningRate = m_learningRate->value();
    request.confidenceGate = m_gate->value();
    request.minRewardMultiple = m_multiple->value();
    request.minRewardedDecisions = m_minDecisions->value();
    const int days = m_replayRange->currentData().toInt();
    if (days > 0 && m_now > 0)
        request.since = m_now - days * kDayMs;
    const quint64 generation = ++m_replayGeneration;
    m_replayStarted = QDateTime::currentMSecsSinceEpoch();
    setReplayState(ReplayState::Running, tr("Replaying the decision log…"));
    runReplay(std::move(request), generation);
}

QCoro::Task<> RewardPage::runReplay(PolicyReplayRequest request, quint64 generation)
{
    QPointer<RewardPage> self(this);
    auto result = co_await m_client.replayPolicy(std::move(request));
    if (!self || generation != m_replayGeneration)
        co_return; // cancelled, or superseded: nobody wants this answer any more
    showReplay(result);
}

void RewardPage::cancelReplay()
{
    if (m_replayState != ReplayState::Running)
        return;
    ++m_replayGeneration;
    setReplayState(ReplayState::Cancelled, tr("Cancelled. Nothing was changed; run the replay again at any time."));
}

void RewardPage::setReplayState(ReplayState state, const QString& text)
{
    m_replayState = state;
    const bool running = state == ReplayState::Running;
    m_progress->setVisible(running);
    m_cancel->setEnabled(running);
    m_run->setEnabled(!running && m_client.connectionState() == OrchestratorClient::ConnectionState::Connected);
    for (QWidget* w : std::initializer_list<QWidget*> { m_learningRate, m_gate, m_multiple, m_replayRange, m_minDecisions })
        w->setEnabled(!running);
    if (running)
        m_elapsedTimer->start();
    else
        m_elapsedTimer->stop();
    if (state != ReplayState::Done)
        m_replayView->setVisible(false);
    m_replayText->setText(text);
    if (state != ReplayState::Running && state != ReplayState::Idle)
        Q_EMIT replayFinished(state);
}

QString RewardPage::replayText() const
{
    return m_replayText->text();
}

void RewardPage::showReplay(const Result<PolicyReplayResult>& result)
{
    if (!result) {
        m_replay.reset();
        setReplayState(ReplayState::Failed, tr("The replay failed: %1").arg(result.error()));
        return;
    }
    m_replay = *result;
    const PolicyReplayResult& r = *m_replay;
    if (!r.supported || !r.logged || !r.ips || !r.snips) {
        setReplayState(ReplayState::Refused, tr("No estimate from %1 rewarded decision(s): %2.")
                                                 .arg(r.rewarded)
                                                 .arg(r.refusals.join(QStringLiteral("; "))));
        return;
    }

    m_replayChart->removeAllSeries();
    for (QAbstractAxis* axis : m_replayChart->axes())
        m_replayChart->removeAxis(axis), delete axis;
    auto* series = new QBoxPlotSeries;
    auto box = [](const IntervalInfo& i, const QString& label) {
        // Whiskers: the 95 % interval; box: ± one standard error; line: the estimate.
        return new QBoxSet(i.lower, i.value - i.stdError, i.value, i.value + i.stdError, i.upper, label);
    };
    const QStringList labels { tr("Logged"), tr("IPS"), tr("SNIPS") };
    series->append(box(*r.logged, labels.at(0)));
    series->append(box(*r.ips, labels.at(1)));
    series->append(box(*r.snips, labels.at(2)));
    series->setBrush(QColor(theme::seriesColor(0, palette())).lighter(150));
    series->setPen(QPen(theme::seriesColor(0, palette()), 1.5));
    m_replayChart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(labels);
    auto* y = new QValueAxis;
    const double lo = std::min({ r.logged->lower, r.ips->lower, r.snips->lower, 0.0 });
    const double hi = std::max({ r.logged->upper, r.ips->upper, r.snips->upper, 0.0 });
    const double pad = std::max((hi - lo) * 0.08, 1e-6);
    y->setRange(lo - pad, hi + pad);
    m_replayChart->addAxis(x, Qt::AlignBottom);
    m_replayChart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    theme::applyChartPalette(m_replayChart, palette());
    m_replayView->setVisible(true);

    QString text = tr("%1 rewarded decisions replayed (effective sample size %2). Logged policy: %3. "
                      "Alternative: IPS %4, SNIPS %5. Difference (SNIPS − logged): %6.")
                       .arg(r.rewarded)
                       .arg(number(r.effectiveSampleSize.value_or(0), 3))
                       .arg(interval(*r.logged), interval(*r.ips), interval(*r.snips))
                       .arg(r.snipsDifference ? interval(*r.snipsDifference) : QStringLiteral("—"));
    if (r.snipsDifference) {
        if (r.snipsDifference->lower > 0)
            text += QLatin1Char(' ') + tr("The alternative would likely have done better.");
        else if (r.snipsDifference->upper < 0)
            text += QLatin1Char(' ') + tr("The alternative would likely have done worse.");
        else
            text += QLatin1Char(' ') + tr("No significant difference at 95 %.");
    }
    setReplayState(ReplayState::Done, text);
    m_replayView->setVisible(true);
}

bool RewardPage::canExportChart() const
{
    return m_sweepLine->count() > 0;
}

QString RewardPage::exportBaseName() const
{
    return QStringLiteral("reward-sensitivity-%1")
        .arg(whatif::rewardInputName(whatif::RewardInput(m_sweepInput->currentData().toInt())));
}

Status RewardPage::exportChartImage(const QString& path)
{
    return saveWidgetImage(*m_sweepView, path, m_sweepX->titleText());
}

QFuture<Status> RewardPage::exportChartData(const QString& path)
{
    const QList<QPointF> points = m_sweepLine->points();
    const QString input = whatif::rewardInputName(whatif::RewardInput(m_sweepInput->currentData().toInt()));
    const double threshold = m_threshold->value();
    const whatif::RewardInputs base = inputs();
    return QtConcurrent::run([points, input, threshold, base, path]() -> Status {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
            return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
        QByteArray out = input.toUtf8() + ",reward,meetsThreshold\n";
        const auto which = whatif::rewardInputFromName(input).value_or(whatif::RewardInput::ApiCost);
        for (const QPointF& p : points) {
            whatif::RewardInputs at = base;
            at.set(which, p.x());
            auto r = formulas::calculateReward(at.deltaVisibility, at.deltaRevenue, at.apiCost, threshold);
            out += QByteArray::number(p.x(), 'g', 17) + ',' + QByteArray::number(p.y(), 'g', 17) + ','
                + (r && r->meetsThreshold ? "true" : "false") + '\n';
        }
        if (file.write(out) != out.size() || !file.commit())
            return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return success();
    });
}

} // namespace orch::ui
