#pragma once

#include <optional>
#include <vector>

#include <QChartView>
#include <QColor>
#include <QPointF>
#include <QString>

#include "common/result.h"
#include "seriesdownsampler.h"

class QAreaSeries;
class QCategoryAxis;
class QLineSeries;
class QRubberBand;
class QScatterSeries;
class QTimer;
class QValueAxis;

namespace orch::ui {

// One line of a TimeSeriesChart: x in milliseconds since the epoch (UTC), sorted.
struct ChartLine
{
    QString name;
    QColor color;
    PointData points;
    Qt::PenStyle style = Qt::SolidLine;
};

// A span of time to shade (a drift episode): [from, to], `open` when it has not ended.
struct ChartSpan
{
    double from = 0;
    double to = 0;
    bool open = false;
};

// A line chart of time series of any length: only the visible range is drawn, downsampled off the
// GUI thread (LTTB, SeriesDownsampler) to about two points per pixel of the plot, and again after
// every zoom or pan. Optional: a horizontal band (the drift rule's 1 ± threshold), markers
// (detections) and shaded spans (drift episodes).
//
// Mouse: drag pans, Shift+drag zooms into the selected time range, the wheel zooms around the
// pointer, a double click resets. Keys: ←/→ pan, +/− zoom, Home or 0 resets.
class TimeSeriesChart final : public QChartView
{
    Q_OBJECT
public:
    explicit TimeSeriesChart(QWidget* parent = nullptr);
    ~TimeSeriesChart() override;

    void setTitle(const QString& title);
    void setValueTitle(const QString& title);
    // Replaces every line; shows the whole data range (or `range` when given) and downsamples it.
    void setLines(std::vector<ChartLine> lines, std::optional<std::pair<double, double>> range = std::nullopt);
    // The band lower <= y <= upper across the whole chart, labelled in the legend.
    void setBand(double lower, double upper, const QString& label);
    void clearBand();
    void setMarkers(const QList<QPointF>& markers, const QString& label);
    void setSpans(QList<ChartSpan> spans);
    void clear();

    // The full x range (of the data, or as given to setLines) and the one shown.
    std::pair<double, double> fullRange() const { return { m_fullMin, m_fullMax }; }
    std::pair<double, double> viewRange() const { return { m_viewMin, m_viewMax }; }
    void setViewRange(double minX, double maxX);
    void resetZoom();
    void zoomBy(double factor, std::optional<double> aroundX = std::nullopt);
    void panBy(double fraction);
    bool isZoomed() const;

    // What is drawn now: points per line, and the target of the downsampling.
    QList<int> shownPointCounts() const;
    int downsampleTarget() const;
    int lineCount() const { return int(m_lines.size()); }
    const std::vector<ChartLine>& lines() const { return m_lines; }
    int markerCount() const;
    int spanCount() const { return int(m_spans.size()); }
    // Every line's full-resolution points in the view range, for export.
    quint64 downsampleGeneration() const { return m_downsampler->generation(); }

    // The chart as it is shown, at `size` (default: the widget's size).
    Status exportPng(const QString& path, QSize size = {});
    Status exportSvg(const QString& path, QSize size = {});
    // "series,time,value" rows of every line's full-resolution points in the view range; the time
    // as ISO-8601 UTC. Pure: runs on any thread.
    static Status writeCsv(const QString& path, const std::vector<ChartLine>& lines, double minX, double maxX);

Q_SIGNALS:
    void viewRangeChanged(double minX, double maxX);
    // The downsampled points of a generation are on screen.
    void pointsShown(quint64 generation);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void changeEvent(QEvent* event) override;

private:
    void applyTheme();
    void scheduleDownsample();
    void downsampleNow();
    void showPoints(quint64 generation, const QList<QList<QPointF>>& points);
    void updateAxes();
    void updateBandSeries();
    double xAtPosition(double viewX) const;

    QChart* m_chart;
    QCategoryAxis* m_xAxis; // UTC labels at computed ticks
    QValueAxis* m_yAxis;
    SeriesDownsampler* m_downsampler;
    QTimer* m_downsampleTimer;
    std::vector<ChartLine> m_lines;
    QList<QLineSeries*> m_series;
    QAreaSeries* m_band = nullptr;
    std::optional<std::pair<double, double>> m_bandRange;
    QScatterSeries* m_markers = nullptr;
    QList<ChartSpan> m_spans;
    double m_fullMin = 0;
    double m_fullMax = 1;
    double m_viewMin = 0;
    double m_viewMax = 1;
    double m_minSpan = 60'000; // one minute
    QList<int> m_shownCounts;
    int m_requestedTarget = 0;
    // Mouse interaction.
    enum class Drag
    {
        None,
        Pan,
        Zoom
    };
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    double m_pressMin = 0;
    double m_pressMax = 0;
    QRubberBand* m_rubberBand = nullptr;
};

} // namespace orch::ui
