#pragma once

#include <QFuture>
#include <QSize>
#include <QString>

#include "common/result.h"

class QWidget;

namespace orch::ui {

// Any widget (a chart) as a PNG or an SVG file, drawn at `size` (default: its own size) in the
// widget's palette. SVG through QSvgGenerator: vector lines and text.
Status saveWidgetPng(QWidget& widget, const QString& path, QSize size = {});
Status saveWidgetSvg(QWidget& widget, const QString& path, const QString& title, QSize size = {});

// A page with a chart the File menu can export: the image as PNG or SVG (by the file's suffix)
// and the chart's data as CSV. The CSV is written on the thread pool.
class ChartExportable
{
public:
    virtual ~ChartExportable() = default;
    // Whether there is a chart with data to export now.
    virtual bool canExportChart() const = 0;
    // A file name without suffix: "drift-D0001-schema_coverage".
    virtual QString exportBaseName() const = 0;
    // ".png" or ".svg" by the path's suffix; anything else is an error.
    virtual Status exportChartImage(const QString& path) = 0;
    virtual QFuture<Status> exportChartData(const QString& path) = 0;
};

// saveWidgetPng / saveWidgetSvg by the path's suffix.
Status saveWidgetImage(QWidget& widget, const QString& path, const QString& title);

} // namespace orch::ui
