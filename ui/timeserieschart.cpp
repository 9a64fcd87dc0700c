#include "timeserieschart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QDateTime>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>
#include <QSaveFile>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>
#include <QWheelEvent>

#include "chartexport.h"
#include "common/timeutil.h"
#include "theme.h"

namespace orch::ui {

namespace {

// Points drawn per pixel of the plot's width.
constexpr double kPointsPerPixel = 2.0;
// Coalesces the downsampling requests of a burst of wheel events or a drag.
constexpr int kDownsampleDelayMs = 15;
constexpr double kWheelZoomStep = 1.25;
constexpr double kKeyPanFraction = 0.1;

QList<QPointF> bandLine(double minX, double maxX, double y)
{
    return { QPointF(minX, y), QPointF(maxX, y) };
}

} // namespace

TimeSeriesChart::TimeSeriesChart(QWidget* parent)
    : QChartView(parent)
    , m_chart(new QChart)
    , m_xAxis(new QCategoryAxis)
    , m_yAxis(new QValueAxis)
    , m_downsampler(new SeriesDownsampler(this))
    , m_downsampleTimer(new QTimer(this))
{
    setChart(m_chart); // the view owns the chart
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);
    setDragMode(QGraphicsView::NoDrag);
    setRubberBand(QChartView::NoRubberBand);
    setAccessibleName(tr("Time series chart"));
    setAccessibleDescription(tr("Drag to pan, Shift+drag to zoom into a time range, the wheel zooms, "
                                "a double click or Home resets the zoom"));
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    m_xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_xAxis->setTitleText(tr("Time (UTC)"));
    m_yAxis->setLabelFormat(QStringLiteral("%.2f"));

    m_downsampleTimer->setSingleShot(true);
    m_downsampleTimer->setInterval(kDownsampleDelayMs);
    connect(m_downsampleTimer, &QTimer::timeout, this, [this] { downsampleNow(); });
    // The plot's width changes with the axes' labels: the target follows it.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        if (!m_lines.empty() && std::abs(downsampleTarget() - m_requestedTarget) > 2)
            scheduleDownsample();
    });
    connect(m_downsampler, &SeriesDownsampler::ready, this,
            [this](quint64 generation, const QList<QList<QPointF>>& points) { showPoints(generation, points); });
    applyTheme();
    updateAxes();
}

TimeSeriesChart::~TimeSeriesChart() = default;

void TimeSeriesChart::setTitle(const QString& title)
{
    m_chart->setTitle(title);
}

void TimeSeriesChart::setValueTitle(const QString& title)
{
    m_yAxis->setTitleText(title);
}

void TimeSeriesChart::clear()
{
    setLines({});
    clearBand();
    setMarkers({}, QString());
    setSpans({});
}

void TimeSeriesChart::setLines(std::vector<ChartLine> lines, std::optional<std::pair<double, double>> range)
{
    for (QLineSeries* series : std::as_const(m_series)) {
        m_chart->removeSeries(series);
        delete series;
    }
    m_series.clear();
    m_shownCounts.clear();
    m_lines = std::move(lines);

    double minX = std::numeric_limits<double>::infinity();
    double maxX = -std::numeric_limits<double>::infinity();
    std::vector<PointData> data;
    for (const ChartLine& line : m_lines) {
        auto* series = new QLineSeries;
        series->setName(line.name);
        QPen pen(line.color, 1.6, line.style);
        series->setPen(pen);
        m_chart->addSeries(series);
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yAxis);
        m_series.append(series);
        m_shownCounts.append(0);
        data.push_back(line.points);
        if (line.points && !line.points->empty()) {
            minX = std::min(minX, line.points->front().x());
            maxX = std::max(maxX, line.points->back().x());
        }
    }
    m_downsampler->setData(std::move(data));
    if (range) {
        minX = range->first;
        maxX = range->second;
    }
    if (!std::isfinite(minX) || !std::isfinite(maxX)) {
        minX = 0;
        maxX = 1;
    }
    if (maxX - minX < m_minSpan)
        maxX = minX + m_minSpan;
    m_fullMin = minX;
    m_fullMax = maxX;
    m_viewMin = minX;
    m_viewMax = maxX;
    updateBandSeries();
    updateAxes();
    Q_EMIT viewRangeChanged(m_viewMin, m_viewMax);
    downsampleNow();
}

void TimeSeriesChart::setBand(double lower, double upper, const QString& label)
{
    m_bandRange = std::make_pair(lower, upper);
    if (!m_band) {
        auto* upperLine = new QLineSeries(this);
        auto* lowerLine = new QLineSeries(this);
        m_band = new QAreaSeries(upperLine, lowerLine);
        m_chart->addSeries(m_band);
        m_band->attachAxis(m_xAxis);
        m_band->attachAxis(m_yAxis);
        QColor fill = theme::ok();
        fill.setAlpha(40);
        m_band->setBrush(fill);
        QColor edge = theme::ok();
        edge.setAlpha(140);
        m_band->setPen(QPen(edge, 1, Qt::DashLine));
    }
    m_band->setName(label);
    updateBandSeries();
    updateAxes();
}

void TimeSeriesChart::clearBand()
{
    m_bandRange.reset();
    if (m_band) {
        m_chart->removeSeries(m_band);
        delete m_band;
        m_band = nullptr;
    }
    updateAxes();
}

void TimeSeriesChart::updateBandSeries()
{
    if (!m_band || !m_bandRange)
        return;
    m_band->upperSeries()->replace(bandLine(m_fullMin, m_fullMax, m_bandRange->second));
    m_band->lowerSeries()->replace(bandLine(m_fullMin, m_fullMax, m_bandRange->first));
}

void TimeSeriesChart::setMarkers(const QList<QPointF>& markers, const QString& label)
{
    if (markers.isEmpty()) {
        if (m_markers) {
            m_chart->removeSeries(m_markers);
            delete m_markers;
            m_markers = nullptr;
        }
        updateAxes();
        return;
    }
    if (!m_markers) {
        m_markers = new QScatterSeries;
        m_markers->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
        m_markers->setMarkerSize(11);
        m_markers->setColor(theme::critical());
        m_markers->setBorderColor(theme::critical().darker(140));
        m_chart->addSeries(m_markers);
        m_markers->attachAxis(m_xAxis);
        m_markers->attachAxis(m_yAxis);
    }
    m_markers->setName(label);
    m_markers->replace(markers);
    updateAxes();
}

int TimeSeriesChart::markerCount() const
{
    return m_markers ? int(m_markers->count()) : 0;
}

void TimeSeriesChart::setSpans(QList<ChartSpan> spans)
{
    m_spans = std::move(spans);
    viewport()->update();
}

QList<int> TimeSeriesChart::shownPointCounts() const
{
    return m_shownCounts;
}

int TimeSeriesChart::downsampleTarget() const
{
    const double width = std::max<double>(m_chart->plotArea().width(), 100.0);
    return std::max(3, int(std::lround(width * kPointsPerPixel)));
}

void TimeSeriesChart::setViewRange(double minX, double maxX)
{
    if (maxX < minX)
        std::swap(minX, maxX);
    const double fullSpan = m_fullMax - m_fullMin;
    double span = std::clamp(maxX - minX, std::min(m_minSpan, fullSpan), fullSpan);
    minX = std::clamp(minX, m_fullMin, m_fullMax - span);
    maxX = minX + span;
    if (minX == m_viewMin && maxX == m_viewMax)
        return;
    m_viewMin = minX;
    m_viewMax = maxX;
    updateAxes();
    Q_EMIT viewRangeChanged(m_viewMin, m_viewMax);
    scheduleDownsample();
}

void TimeSeriesChart::resetZoom()
{
    setViewRange(m_fullMin, m_fullMax);
}

bool TimeSeriesChart::isZoomed() const
{
    return m_viewMin > m_fullMin || m_viewMax < m_fullMax;
}

void TimeSeriesChart::zoomBy(double factor, std::optional<double> aroundX)
{
    if (factor <= 0)
        return;
    const double center = aroundX.value_or((m_viewMin + m_viewMax) / 2);
    const double left = (center - m_viewMin) / factor;
    const double right = (m_viewMax - center) / factor;
    setViewRange(center - left, center + right);
}

void TimeSeriesChart::panBy(double fraction)
{
    const double shift = (m_viewMax - m_viewMin) * fraction;
    setViewRange(m_viewMin + shift, m_viewMax + shift);
}

void TimeSeriesChart::scheduleDownsample()
{
    m_downsampleTimer->start();
}

void TimeSeriesChart::downsampleNow()
{
    m_downsampleTimer->stop();
    if (m_lines.empty())
        return;
    m_requestedTarget = downsampleTarget();
    m_downsampler->request(m_viewMin, m_viewMax, m_requestedTarget);
}

void TimeSeriesChart::showPoints(quint64 generation, const QList<QList<QPointF>>& points)
{
    if (points.size() != m_series.size())
        return; // lines were replaced meanwhile
    for (qsizetype i = 0; i < points.size(); ++i) {
        m_series.at(i)->replace(points.at(i));
        m_shownCounts[i] = int(points.at(i).size());
    }
    updateAxes();
    Q_EMIT pointsShown(generation);
}

void TimeSeriesChart::updateAxes()
{
    // y: what is visible, and the band, with a margin.
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const QLineSeries* series : std::as_const(m_series)) {
        const QList<QPointF> points = series->points();
        for (const QPointF& p : points) {
            if (p.x() < m_viewMin || p.x() > m_viewMax)
                continue;
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    }
    if (m_markers) {
        for (const QPointF& p : m_markers->points()) {
            if (p.x() >= m_viewMin && p.x() <= m_viewMax) {
                lo = std::min(lo, p.y());
                hi = std::max(hi, p.y());
            }
        }
    }
    if (m_bandRange) {
        lo = std::min(lo, m_bandRange->first);
        hi = std::max(hi, m_bandRange->second);
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (hi - lo < 1e-9) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double pad = (hi - lo) * 0.06;
    m_yAxis->setRange(lo - pad, hi + pad);
    m_yAxis->applyNiceNumbers();

    // x: UTC labels at round times, about one per 110 pixels.
    m_xAxis->setRange(m_viewMin, m_viewMax);
    const QStringList old = m_xAxis->categoriesLabels();
    for (const QString& label : old)
        m_xAxis->remove(label);
    const double span = m_viewMax - m_viewMin;
    const double width = std::max<double>(m_chart->plotArea().width(), 200.0);
    const double wanted = span / std::max(2.0, width / 110.0);
    static constexpr TimeMs kSteps[] = { kMinuteMs,     5 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs,
                                         kHourMs,       3 * kHourMs,   6 * kHourMs,    12 * kHourMs,
                                         kDayMs,        2 * kDayMs,    7 * kDayMs,     14 * kDayMs,
                                         30 * kDayMs,   91 * kDayMs,   365 * kDayMs };
    TimeMs step = kSteps[std::size(kSteps) - 1];
    for (const TimeMs candidate : kSteps) {
        if (double(candidate) >= wanted) {
            step = candidate;
            break;
        }
    }
    const QString format = step >= kDayMs ? QStringLiteral("yyyy-MM-dd") : QStringLiteral("MM-dd HH:mm");
    const TimeMs first = TimeMs(std::ceil(m_viewMin / double(step))) * step;
    int count = 0;
    // A label centred on a tick too near the right edge would be cut off: leave that tick out.
    const double lastLabelX = m_viewMax - span * std::min(0.5, 45.0 / width);
    for (TimeMs t = first; double(t) <= lastLabelX && count < 64; t += step, ++count) {
        const QString label = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(format);
        m_xAxis->append(label, double(t));
    }
    m_xAxis->setStartValue(m_viewMin);
    viewport()->update();
}

double TimeSeriesChart::xAtPosition(double viewX) const
{
    const QRectF area = m_chart->plotArea();
    if (area.width() <= 0)
        return (m_viewMin + m_viewMax) / 2;
    const double fraction = std::clamp((viewX - area.left()) / area.width(), 0.0, 1.0);
    return m_viewMin + fraction * (m_viewMax - m_viewMin);
}

void TimeSeriesChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    updateAxes();
    scheduleDownsample(); // the target follows the width
}

void TimeSeriesChart::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    const QPointF scene = mapToScene(event->position().toPoint());
    zoomBy(std::pow(kWheelZoomStep, steps), xAtPosition(m_chart->mapFromScene(scene).x()));
    event->accept();
}

void TimeSeriesChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QChartView::mousePressEvent(event);
        return;
    }
    m_pressPos = event->position().toPoint();
    m_pressMin = m_viewMin;
    m_pressMax = m_viewMax;
    if (event->modifiers().testFlag(Qt::ShiftModifier)) {
        m_drag = Drag::Zoom;
        if (!m_rubberBand)
            m_rubberBand = new QRubberBand(QRubberBand::Rectangle, viewport());
        const QRectF area = m_chart->mapToScene(m_chart->plotArea()).boundingRect();
        const QRect plot = mapFromScene(area).boundingRect();
        m_rubberBand->setGeometry(QRect(QPoint(m_pressPos.x(), plot.top()), QSize(1, plot.height())));
        m_rubberBand->show();
    } else {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    }
    event->accept();
}

void TimeSeriesChart::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Pan) {
        const double width = std::max<double>(m_chart->plotArea().width(), 1.0);
        const double shift = -(pos.x() - m_pressPos.x()) / width * (m_pressMax - m_pressMin);
        setViewRange(m_pressMin + shift, m_pressMax + shift);
    } else if (m_drag == Drag::Zoom && m_rubberBand) {
        QRect geometry = m_rubberBand->geometry();
        geometry.setLeft(std::min(pos.x(), m_pressPos.x()));
        geometry.setRight(std::max(pos.x(), m_pressPos.x()));
        m_rubberBand->setGeometry(geometry);
    } else {
        QChartView::mouseMoveEvent(event);
        return;
    }
    event->accept();
}

void TimeSeriesChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    if (m_drag == Drag::Zoom && m_rubberBand) {
        m_rubberBand->hide();
        const int a = std::min(m_pressPos.x(), event->position().toPoint().x());
        const int b = std::max(m_pressPos.x(), event->position().toPoint().x());
        if (b - a >= 4) {
            const double from = xAtPosition(m_chart->mapFromScene(mapToScene(QPoint(a, 0))).x());
            const double to = xAtPosition(m_chart->mapFromScene(mapToScene(QPoint(b, 0))).x());
            setViewRange(from, to);
        }
    }
    m_drag = Drag::None;
    unsetCursor();
    event->accept();
}

void TimeSeriesChart::mouseDoubleClickEvent(QMouseEvent* event)
{
    resetZoom();
    event->accept();
}

void TimeSeriesChart::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        panBy(-kKeyPanFraction);
        break;
    case Qt::Key_Right:
        panBy(kKeyPanFraction);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(kWheelZoomStep);
        break;
    case Qt::Key_Minus:
        zoomBy(1 / kWheelZoomStep);
        break;
    case Qt::Key_Home:
    case Qt::Key_0:
        resetZoom();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimeSeriesChart::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    if (m_spans.isEmpty())
        return;
    const QRectF area = m_chart->mapToScene(m_chart->plotArea()).boundingRect();
    painter->save();
    painter->setClipRect(area);
    QColor closed = theme::critical();
    closed.setAlpha(28);
    QColor open = theme::critical();
    open.setAlpha(55);
    painter->setPen(Qt::NoPen);
    const double span = std::max(m_viewMax - m_viewMin, 1.0);
    for (const ChartSpan& s : std::as_const(m_spans)) {
        if (s.to < m_viewMin || s.from > m_viewMax)
            continue;
        const double left = area.left() + (std::max(s.from, m_viewMin) - m_viewMin) / span * area.width();
        const double right = area.left() + (std::min(s.to, m_viewMax) - m_viewMin) / span * area.width();
        painter->setBrush(s.open ? open : closed);
        painter->drawRect(QRectF(left, area.top(), std::max(right - left, 2.0), area.height()));
    }
    painter->restore();
}

void TimeSeriesChart::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTheme();
}

void TimeSeriesChart::applyTheme()
{
    theme::applyChartPalette(m_chart, palette());
}

Status TimeSeriesChart::exportPng(const QString& path, QSize size)
{
    return saveWidgetPng(*this, path, size);
}

Status TimeSeriesChart::exportSvg(const QString& path, QSize size)
{
    return saveWidgetSvg(*this, path, m_chart->title(), size);
}

Status TimeSeriesChart::writeCsv(const QString& path, const std::vector<ChartLine>& lines, double minX, double maxX)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
    QByteArray buffer;
    buffer.reserve(1 << 20);
    buffer += "series,time,value\n";
    auto quoted = [](const QString& text) {
        QString escaped = text;
        escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return (QLatin1Char('"') + escaped + QLatin1Char('"')).toUtf8();
    };
    for (const ChartLine& line : lines) {
        if (!line.points)
            continue;
        const QByteArray name = quoted(line.name);
        for (const QPointF& p : *line.points) {
            if (p.x() < minX || p.x() > maxX)
                continue;
            buffer += name;
            buffer += ',';
            buffer += formatIso(TimeMs(std::llround(p.x()))).toLatin1();
            buffer += ',';
            buffer += QByteArray::number(p.y(), 'g', 17);
            buffer += '\n';
            if (buffer.size() > (1 << 20)) {
                if (file.write(buffer) != buffer.size())
                    return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
                buffer.clear();
            }
        }
    }
    if (file.write(buffer) != buffer.size() || !file.commit())
        return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return success();
}

} // namespace orch::ui
