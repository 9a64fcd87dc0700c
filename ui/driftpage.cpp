#include "driftpage.h"

#include <algorithm>
#include <climits>
#include <limits>
#include <map>

#include <QComboBox>
#include <QCoroFuture>
#include <QDateTimeEdit>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "emptystate.h"
#include "engine/driftmath.h"
#include "filedialogs.h"
#include "theme.h"
#include "timeserieschart.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

// While shown, connected and not zoomed, the page reloads this often (wall time).
constexpr int kRefreshMs = 5000;
constexpr TimeMs kDetectionLookbackMs = 60 * kDayMs;

struct SeriesData
{
    QString dealer;
    qint64 total = 0; // samples in the fetched range
    bool complete = true; // every sample (not downsampled by the server)
    std::vector<SeriesPoint> points;
};

// The standardized std after every sample once the baseline and the first window are complete:
// what DriftSentinel evaluates.
std::vector<QPointF> standardizedStd(const std::vector<SeriesPoint>& points, const DriftSentinelSpec& spec)
{
    std::vector<QPointF> out;
    drift::SeriesWindow window(spec.windowSamples, spec.baselineSamples);
    for (const SeriesPoint& p : points) {
        window.push(p.value);
        if (window.ready())
            out.emplace_back(double(p.at), window.stddev());
    }
    return out;
}

std::vector<QPointF> inRange(std::vector<QPointF> points, TimeMs from, TimeMs to)
{
    std::erase_if(points, [&](const QPointF& p) { return p.x() < double(from) || p.x() >= double(to); });
    return points;
}

struct Computed
{
    std::vector<std::pair<QString, std::vector<QPointF>>> lines;
    qint64 samples = 0;
    bool stdUnavailable = false;
    bool serverDownsampled = false;
};

// On the thread pool: the std over every sample (or the values), cut to [from, to), and for the
// fleet the mean and the highest dealer at each time.
Computed compute(std::vector<SeriesData> fetched, DriftSentinelSpec spec, bool fleet, bool wantStd, TimeMs from,
                 TimeMs to)
{
    Computed out;
    bool asStd = wantStd;
    for (const SeriesData& s : fetched) {
        if (!s.complete) {
            out.serverDownsampled = true;
            asStd = false;
        }
    }
    out.stdUnavailable = wantStd && !asStd;
    std::vector<std::vector<QPointF>> perDealer;
    for (const SeriesData& s : fetched) {
        std::vector<QPointF> line;
        if (asStd) {
            line = inRange(standardizedStd(s.points, spec), from, to);
        } else {
            for (const SeriesPoint& p : s.points)
                if (p.at >= from && p.at < to)
                    line.emplace_back(double(p.at), p.value);
        }
        for (const SeriesPoint& p : s.points)
            out.samples += p.at >= from && p.at < to ? 1 : 0;
        perDealer.push_back(std::move(line));
    }
    if (!fleet || perDealer.size() == 1) {
        if (!perDealer.empty())
            out.lines.emplace_back(fetched.front().dealer, std::move(perDealer.front()));
    } else {
        struct Acc
        {
            double sum = 0;
            double max = -std::numeric_limits<double>::infinity();
            int n = 0;
        };
        std::map<double, Acc> at;
        for (const auto& line : perDealer)
            for (const QPointF& p : line) {
                Acc& a = at[p.x()];
                a.sum += p.y();
                a.max = std::max(a.max, p.y());
                ++a.n;
            }
        std::vector<QPointF> mean;
        std::vector<QPointF> highest;
        for (const auto& [x, a] : at) {
            mean.emplace_back(x, a.sum / a.n);
            highest.emplace_back(x, a.max);
        }
        out.lines.emplace_back(QStringLiteral("mean"), std::move(mean));
        out.lines.emplace_back(QStringLiteral("highest"), std::move(highest));
    }
    return out;
}

} // namespace

struct DriftPage::Loaded
{
    std::vector<ChartLine> lines;
    QList<QPointF> markers;
    QList<ChartSpan> spans;
    qint64 samples = 0;
    int detections = 0;
    int openDetections = 0;
    bool stdUnavailable = false; // too many samples to recompute the std: values shown instead
    bool serverDownsampled = false;
    Plot plot = Plot::StandardizedStd;
    double threshold = 0;
    TimeMs from = 0;
    TimeMs to = 0;
    QString error;
};

DriftPage::DriftPage(OrchestratorClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_scope(new QComboBox(this))
    , m_dealer(new QComboBox(this))
    , m_feature(new QComboBox(this))
    , m_plot(new QComboBox(this))
    , m_range(new QComboBox(this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_resetZoom(new QToolButton(this))
    , m_export(new QToolButton(this))
    , m_summary(new QLabel(this))
    , m_body(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_chart(new TimeSeriesChart(this))
    , m_refreshTimer(new QTimer(this))
{
    m_scope->setObjectName(QStringLiteral("driftScope"));
    m_scope->setAccessibleName(tr("Scope"));
    m_scope->addItem(tr("One dealer"), int(Scope::Dealer));
    m_scope->addItem(tr("Fleet-wide"), int(Scope::Fleet));
    m_dealer->setObjectName(QStringLiteral("driftDealer"));
    m_dealer->setAccessibleName(tr("Dealer"));
    m_dealer->setMinimumContentsLength(8);
    m_feature->setObjectName(QStringLiteral("driftFeature"));
    m_feature->setAccessibleName(tr("Feature"));
    m_feature->setMinimumContentsLength(14);
    m_plot->setObjectName(QStringLiteral("driftPlot"));
    m_plot->setAccessibleName(tr("Plotted quantity"));
    m_plot->addItem(tr("Standardized std"), int(Plot::StandardizedStd));
    m_plot->addItem(tr("Values"), int(Plot::Values));
    m_range->setObjectName(QStringLiteral("driftRange"));
    m_range->setAccessibleName(tr("Time range"));
    m_range->addItem(tr("Last 24 h"), int(Range::Last24Hours));
    m_range->addItem(tr("Last 7 days"), int(Range::Last7Days));
    m_range->addItem(tr("Last 30 days"), int(Range::Last30Days));
    m_range->addItem(tr("Custom…"), int(Range::Custom));
    m_range->setCurrentIndex(1);
    for (QDateTimeEdit* edit : { m_from, m_to }) {
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setVisible(false);
    }
    m_from->setObjectName(QStringLiteral("driftFrom"));
    m_from->setAccessibleName(tr("From (UTC)"));
    m_to->setObjectName(QStringLiteral("driftTo"));
    m_to->setAccessibleName(tr("To (UTC)"));

    m_resetZoom->setObjectName(QStringLiteral("driftResetZoom"));
    m_resetZoom->setText(tr("Reset zoom"));
    m_resetZoom->setAccessibleName(tr("Reset zoom"));
    m_resetZoom->setToolTip(tr("Show the whole range (Home, or double-click the chart)"));
    m_export->setObjectName(QStringLiteral("driftExport"));
    m_export->setText(tr("Export"));
    m_export->setAccessibleName(tr("Export the chart"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Chart as PNG…"), this, [this] {
        saveFileAsync(this, tr("Export the chart as PNG"), exportBaseName() + QStringLiteral(".png"),
                      tr("PNG images (*.png)"), [this](const QString& path) { reportStatus(this, exportChartImage(path)); });
    });
    exportMenu->addAction(tr("Chart as SVG…"), this, [this] {
        saveFileAsync(this, tr("Export the chart as SVG"), exportBaseName() + QStringLiteral(".svg"),
                      tr("SVG images (*.svg)"), [this](const QString& path) { reportStatus(this, exportChartImage(path)); });
    });
    exportMenu->addAction(tr("Data as CSV…"), this, [this] {
        saveFileAsync(this, tr("Export the chart's data as CSV"), exportBaseName() + QStringLiteral(".csv"),
                      tr("CSV files (*.csv)"), [this](const QString& path) { reportFuture(this, exportChartData(path)); });
    });
    m_export->setMenu(exportMenu);

    m_summary->setObjectName(QStringLiteral("driftSummary"));
    m_summary->setWordWrap(true);
    theme::useSecondaryText(m_summary);

    auto* controls = new QHBoxLayout;
    auto addLabelled = [&](const QString& text, QWidget* widget) {
        auto* label = new QLabel(text, this);
        label->setBuddy(widget);
        controls->addWidget(label);
        controls->addWidget(widget);
    };
    controls->addWidget(m_scope);
    addLabelled(tr("&Dealer"), m_dealer);
    addLabelled(tr("&Feature"), m_feature);
    controls->addWidget(m_plot);
    addLabelled(tr("&Range"), m_range);
    controls->addWidget(m_from);
    controls->addWidget(m_to);
    controls->addStretch(1);
    // The chart's own buttons on the summary's line: the pickers' row has no room left in German or
    // Spanish, nor with a custom range.
    auto* summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(m_resetZoom, 0, Qt::AlignTop);
    summaryRow->addWidget(m_export, 0, Qt::AlignTop);

    m_chart->setMinimumHeight(260);
    m_chart->setObjectName(QStringLiteral("driftChart"));
    m_chart->setAccessibleName(tr("Drift chart"));
    m_body->addWidget(m_empty);
    m_body->addWidget(m_chart);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(summaryRow);
    layout->addWidget(m_body, 1);

    auto reload = [this] {
        if (!m_updatingPickers)
            refresh();
    };
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this, reload] {
        updateControls();
        reload();
    });
    connect(m_dealer, &QComboBox::currentIndexChanged, this, reload);
    connect(m_feature, &QComboBox::currentIndexChanged, this, reload);
    connect(m_plot, &QComboBox::currentIndexChanged, this, reload);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this, reload] {
        if (Range(m_range->currentData().toInt()) == Range::Custom) {
            // Start from what was shown.
            const auto [from, to] = m_chart->viewRange();
            m_updatingPickers = true;
            m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(qint64(from), Qt::UTC));
            m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(qint64(to), Qt::UTC));
            m_updatingPickers = false;
        }
        updateControls();
        reload();
    });
    connect(m_from, &QDateTimeEdit::editingFinished, this, reload);
    connect(m_to, &QDateTimeEdit::editingFinished, this, reload);
    connect(m_resetZoom, &QToolButton::clicked, m_chart, &TimeSeriesChart::resetZoom);
    connect(m_chart, &TimeSeriesChart::viewRangeChanged, this, [this] { updateControls(); });

    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { handleConnectionState(state); });
    connect(&m_client, &OrchestratorClient::clockChanged, this, [this](qint64 now) { m_now = now; });
    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        // Live and not zoomed (the user's view stays put), or waiting for data to appear.
        if (isVisible() && ((m_state == State::Live && !m_chart->isZoomed()) || m_state == State::NoData))
            refresh();
    });
    m_refreshTimer->start();

    updateControls();
    handleConnectionState(m_client.connectionState());
}

DriftPage::~DriftPage() = default;

QString DriftPage::dealer() const
{
    return m_dealer->currentText();
}

QString DriftPage::feature() const
{
    return m_feature->currentText();
}

QString DriftPage::statusText() const
{
    return m_summary->text();
}

QString DriftPage::errorText() const
{
    return m_empty->kind() == EmptyState::Kind::Error ? m_empty->detail() : QString();
}

void DriftPage::setSelection(Scope scope, const QString& dealer, const QString& feature)
{
    m_updatingPickers = true;
    m_scope->setCurrentIndex(m_scope->findData(int(scope)));
    if (const int i = m_dealer->findText(dealer); i >= 0)
        m_dealer->setCurrentIndex(i);
    if (const int i = m_feature->findText(feature); i >= 0)
        m_feature->setCurrentIndex(i);
    m_updatingPickers = false;
    updateControls();
    refresh();
}

void DriftPage::setPlot(Plot plot)
{
    m_plot->setCurrentIndex(m_plot->findData(int(plot)));
}

void DriftPage::setRange(Range range, std::optional<std::pair<TimeMs, TimeMs>> custom)
{
    m_updatingPickers = true;
    m_range->setCurrentIndex(m_range->findData(int(range)));
    if (custom) {
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(custom->first, Qt::UTC));
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(custom->second, Qt::UTC));
    }
    m_updatingPickers = false;
    updateControls();
    refresh();
}

void DriftPage::updateControls()
{
    const bool fleet = Scope(m_scope->currentData().toInt()) == Scope::Fleet;
    m_dealer->setEnabled(!fleet);
    const bool custom = Range(m_range->currentData().toInt()) == Range::Custom;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    m_resetZoom->setEnabled(m_state == State::Live && m_chart->isZoomed());
    m_export->setEnabled(canExportChart());
}

std::pair<TimeMs, TimeMs> DriftPage::currentRange() const
{
    const TimeMs end = (m_now > 0 ? m_now : QDateTime::currentMSecsSinceEpoch()) + 1;
    switch (Range(m_range->currentData().toInt())) {
    case Range::Last24Hours:
        return { end - kDayMs, end };
    case Range::Last7Days:
        return { end - 7 * kDayMs, end };
    case Range::Last30Days:
        return { end - 30 * kDayMs, end };
    case Range::Custom: {
        const TimeMs from = m_from->dateTime().toMSecsSinceEpoch();
        const TimeMs to = m_to->dateTime().toMSecsSinceEpoch();
        return { std::min(from, to), std::max(from, to) + 1 };
    }
    }
    return { end - 7 * kDayMs, end };
}

void DriftPage::handleConnectionState(OrchestratorClient::ConnectionState state)
{
    switch (state) {
    case OrchestratorClient::ConnectionState::Connected:
        if (m_state != State::Live)
            showMessage(State::Loading, tr("Loading the drift series…"), QString());
        refresh();
        break;
    case OrchestratorClient::ConnectionState::Disconnected:
    case OrchestratorClient::ConnectionState::Connecting:
        // Never old data as if it were live.
        showMessage(State::Waiting, tr("Waiting for the orchestrator…"),
                    m_client.connectionError().isEmpty()
                        ? tr("The drift series appear once the orchestrator is running.")
                        : m_client.connectionError());
        break;
    case OrchestratorClient::ConnectionState::Failed:
        showMessage(State::Error, tr("The orchestrator is not reachable"),
                    m_client.connectionError().isEmpty() ? tr("The connection failed.") : m_client.connectionError());
        break;
    }
}

void DriftPage::showMessage(State state, const QString& title, const QString& detail)
{
    m_state = state;
    m_empty->setMessage(title, detail, state == State::Error ? EmptyState::Kind::Error : EmptyState::Kind::Info);
    m_body->setCurrentWidget(m_empty);
    m_chart->clear();
    m_summary->clear();
    m_detectionCount = 0;
    updateControls();
}

void DriftPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_state == State::Live && !m_chart->isZoomed())
        refresh();
}

void DriftPage::refresh()
{
    if (m_client.connectionState() != OrchestratorClient::ConnectionState::Connected)
        return;
    if (m_loading) {
        m_reloadWanted = true;
        return;
    }
    load();
}

void DriftPage::fillPickers()
{
    QStringList dealers;
    QStringList features;
    QString drifting;
    QString driftingFeature;
    for (const SeriesInfo& s : m_series.series) {
        if (!dealers.contains(s.dealer))
            dealers << s.dealer;
        if (!features.contains(s.feature))
            features << s.feature;
        if (drifting.isEmpty() && s.drifting) {
            drifting = s.dealer;
            driftingFeature = s.feature;
        }
    }
    features.sort();
    const QString oldDealer = m_dealer->currentText();
    const QString oldFeature = m_feature->currentText();
    m_updatingPickers = true;
    m_dealer->clear();
    m_dealer->addItems(dealers);
    m_feature->clear();
    m_feature->addItems(features);
    // Keep the selection; the first time, start where something drifts.
    const QString dealer = !oldDealer.isEmpty() ? oldDealer : drifting;
    const QString feature = !oldFeature.isEmpty() ? oldFeature : driftingFeature;
    if (const int i = m_dealer->findText(dealer); i >= 0)
        m_dealer->setCurrentIndex(i);
    if (const int i = m_feature->findText(feature); i >= 0)
        m_feature->setCurrentIndex(i);
    m_updatingPickers = false;
}

QCoro::Task<> DriftPage::load()
{
    QPointer<DriftPage> self(this);
    m_loading = true;
    do {
        m_reloadWanted = false;
        Loaded loaded;

        if (!m_spec) {
            auto spec = co_await m_client.fetchSpec();
            if (!self)
                co_return;
            if (spec)
                m_spec = spec->components.driftSentinel;
            else
                loaded.error = spec.error();
        }
        if (loaded.error.isEmpty()) {
            auto list = co_await m_client.fetchSeriesList();
            if (!self)
                co_return;
            if (list) {
                const bool changed = !(list->series.size() == m_series.series.size()
                                       && std::equal(list->series.begin(), list->series.end(), m_series.series.begin(),
                                                     [](const SeriesInfo& a, const SeriesInfo& b) {
                                                         return a.dealer == b.dealer && a.feature == b.feature;
                                                     }));
                m_series = std::move(list).value();
                if (changed || m_dealer->count() == 0)
                    fillPickers();
            } else {
                loaded.error = list.error();
            }
        }

        const Scope scope = Scope(m_scope->currentData().toInt());
        const Plot plot = Plot(m_plot->currentData().toInt());
        const QString feature = m_feature->currentText();
        const QString dealer = m_dealer->currentText();
        const auto [from, to] = currentRange();
        loaded.from = from;
        loaded.to = to;
        loaded.plot = plot;

        std::vector<SeriesData> fetched;
        if (loaded.error.isEmpty() && !feature.isEmpty()) {
            QStringList dealers;
            if (scope == Scope::Dealer)
                dealers << dealer;
            else
                for (const SeriesInfo& s : m_series.series)
                    if (s.feature == feature)
                        dealers << s.dealer;
            for (const QString& d : std::as_const(dealers)) {
                SeriesQuery query;
                query.dealer = d;
                query.feature = feature;
                // The std needs every sample since the series began (its baseline).
                query.from = plot == Plot::StandardizedStd ? TimeMs(0) : from;
                query.to = to;
                query.maxPoints = plot == Plot::StandardizedStd ? 100'000 : 20'000;
                auto points = co_await m_client.fetchSeries(query);
                if (!self)
                    co_return;
                if (!points) {
                    loaded.error = points.error();
                    break;
                }
                SeriesData data;
                data.dealer = d;
                data.total = points->totalPoints;
                data.complete = points->downsampling == QLatin1String("none");
                data.points = std::move(points->points);
                fetched.push_back(std::move(data));
            }
        }

        std::vector<Detection> detections;
        if (loaded.error.isEmpty() && !feature.isEmpty()) {
            DetectionQuery query;
            query.from = from - kDetectionLookbackMs;
            query.to = to;
            query.limit = 1000;
            auto found = co_await m_client.fetchDetections(query);
            if (!self)
                co_return;
            if (found) {
                for (const Detection& d : found->detections) {
                    if (d.feature != feature || (scope == Scope::Dealer && d.dealer != dealer))
                        continue;
                    if (d.closedAt && *d.closedAt < from)
                        continue;
                    detections.push_back(d);
                }
            } else {
                loaded.error = found.error();
            }
        }

        if (loaded.error.isEmpty() && m_spec) {
            // Off the GUI thread: the std over every sample, and the fleet's aggregate.
            const DriftSentinelSpec spec = *m_spec;
            QFuture<Computed> future = QtConcurrent::run(compute, std::move(fetched), spec, scope == Scope::Fleet,
                                                         plot == Plot::StandardizedStd, from, to);
            const Computed computed = co_await future;
            if (!self)
                co_return;
            loaded.samples = computed.samples;
            loaded.stdUnavailable = computed.stdUnavailable;
            loaded.serverDownsampled = computed.serverDownsampled;
            if (computed.stdUnavailable)
                loaded.plot = Plot::Values;
            loaded.threshold = m_spec->threshold;
            int index = 0;
            for (auto& [name, points] : computed.lines) {
                ChartLine line;
                if (scope == Scope::Fleet && computed.lines.size() > 1)
                    line.name = name == QLatin1String("mean") ? tr("Fleet mean") : tr("Highest dealer");
                else
                    line.name = name;
                line.color = theme::seriesColor(index++, palette());
                line.points = std::make_shared<const std::vector<QPointF>>(std::move(points));
                loaded.lines.push_back(std::move(line));
            }
            for (const Detection& d : detections) {
                const double end = d.closedAt ? double(*d.closedAt) : double(to);
                loaded.spans.append({ double(d.openedAt), end, !d.closedAt.has_value() });
                if (loaded.plot == Plot::StandardizedStd && d.openedAt >= from)
                    loaded.markers.append(QPointF(double(d.openedAt), d.firstStd));
                ++loaded.detections;
                loaded.openDetections += d.closedAt ? 0 : 1;
            }
        }

        if (!m_reloadWanted)
            apply(loaded);
    } while (m_reloadWanted && self
             && m_client.connectionState() == OrchestratorClient::ConnectionState::Connected);
    if (self)
        m_loading = false;
}

void DriftPage::apply(const Loaded& loaded)
{
    ++m_loads;
    if (!loaded.error.isEmpty()) {
        qCWarning(lcUi) << "drift page:" << loaded.error;
        showMessage(State::Error, tr("The drift series could not be loaded"), loaded.error);
        Q_EMIT this->loaded();
        return;
    }
    if (m_series.series.empty()) {
        showMessage(State::NoData, tr("No series yet"),
                    tr("The orchestrator has not received any samples. Series appear as samples arrive."));
        Q_EMIT this->loaded();
        return;
    }
    bool any = false;
    for (const ChartLine& line : loaded.lines)
        any = any || (line.points && !line.points->empty());
    if (!any) {
        showMessage(State::NoData, tr("Nothing to show in this range"),
                    loaded.plot == Plot::StandardizedStd
                        ? tr("The standardized std starts once a series' baseline (%1 samples) and first window (%2 "
                             "samples) are complete. Choose a longer range or plot the values.")
                              .arg(m_spec ? m_spec->baselineSamples : 0)
                              .arg(m_spec ? m_spec->windowSamples : 0)
                        : tr("No samples in the selected range."));
        Q_EMIT this->loaded();
        return;
    }

    const bool zoomed = m_state == State::Live && m_chart->isZoomed();
    const auto view = m_chart->viewRange();
    m_state = State::Live;
    m_body->setCurrentWidget(m_chart);
    const bool fleet = Scope(m_scope->currentData().toInt()) == Scope::Fleet;
    const QString subject = fleet ? tr("%1, fleet-wide").arg(feature()) : tr("%1 of %2").arg(feature(), dealer());
    if (loaded.plot == Plot::StandardizedStd) {
        m_chart->setTitle(tr("Standardized std: %1").arg(subject));
        m_chart->setValueTitle(tr("std of the last window's z-scores"));
    } else {
        m_chart->setTitle(tr("Values: %1").arg(subject));
        m_chart->setValueTitle(tr("value"));
    }
    m_chart->setLines(loaded.lines, std::make_pair(double(loaded.from), double(loaded.to - 1)));
    if (loaded.plot == Plot::StandardizedStd) {
        const double t = loaded.threshold;
        m_chart->setBand(std::max(0.0, 1 - t), 1 + t,
                         tr("Within the threshold: |std − 1| ≤ %1").arg(QLocale().toString(t)));
    } else {
        m_chart->clearBand();
    }
    m_chart->setMarkers(loaded.markers, tr("Drift detected"));
    m_chart->setSpans(loaded.spans);
    if (zoomed)
        m_chart->setViewRange(view.first, view.second);
    m_detectionCount = loaded.detections;

    QStringList parts;
    parts << tr("%n sample(s) in range", nullptr, int(std::min<qint64>(loaded.samples, INT_MAX)));
    parts << (loaded.detections == 0 ? tr("no drift episodes")
                                     : tr("%n drift episode(s)", nullptr, loaded.detections)
                   + (loaded.openDetections ? tr(" (%n open)", nullptr, loaded.openDetections) : QString()));
    if (loaded.plot == Plot::StandardizedStd)
        parts << tr("band: 1 ± %1").arg(QLocale().toString(loaded.threshold));
    if (loaded.stdUnavailable)
        parts << tr("too many samples since the series began to recompute its std here: values shown");
    else if (loaded.serverDownsampled)
        parts << tr("downsampled by the orchestrator (min/max per bucket)");
    parts << tr("as of %1").arg(formatIso(loaded.to - 1));
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    updateControls();
    Q_EMIT this->loaded();
}

bool DriftPage::canExportChart() const
{
    return m_state == State::Live && m_chart->lineCount() > 0;
}

QString DriftPage::exportBaseName() const
{
    const bool fleet = Scope(m_scope->currentData().toInt()) == Scope::Fleet;
    QString name = QStringLiteral("drift-%1-%2").arg(fleet ? QStringLiteral("fleet") : dealer(), feature());
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return name;
}

Status DriftPage::exportChartImage(const QString& path)
{
    if (!canExportChart())
        return fail(tr("There is no chart to export."));
    return saveWidgetImage(*m_chart, path, m_chart->chart()->title());
}

QFuture<Status> DriftPage::exportChartData(const QString& path)
{
    if (!canExportChart())
        return QtFuture::makeReadyFuture<Status>(fail(tr("There is no chart to export.")));
    const auto [from, to] = m_chart->viewRange();
    return QtConcurrent::run(
        [lines = m_chart->lines(), path, from, to] { return TimeSeriesChart::writeCsv(path, lines, from, to); });
}

} // namespace orch::ui
