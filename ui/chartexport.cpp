#include "chartexport.h"

#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace orch::ui {

namespace {

// Renders with the widget temporarily at `size`, so layouts (axes, legends) fit the target.
template<typename Paint> bool renderAt(QWidget& widget, QSize size, Paint paint)
{
    const QSize old = widget.size();
    const QSize target = size.isValid() ? size : old;
    if (target != old)
        widget.resize(target);
    const bool ok = paint(target);
    if (target != old)
        widget.resize(old);
    return ok;
}

} // namespace

Status saveWidgetPng(QWidget& widget, const QString& path, QSize size)
{
    const bool ok = renderAt(widget, size, [&](QSize target) {
        const qreal dpr = std::max<qreal>(widget.devicePixelRatioF(), 1.0);
        QImage image(target * dpr, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(dpr);
        image.fill(widget.palette().color(QPalette::Base));
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            widget.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        }
        return image.save(path, "PNG");
    });
    if (!ok)
        return fail(QWidget::tr("Cannot write %1").arg(path));
    return success();
}

Status saveWidgetSvg(QWidget& widget, const QString& path, const QString& title, QSize size)
{
    const bool ok = renderAt(widget, size, [&](QSize target) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(target);
        generator.setViewBox(QRect(QPoint(0, 0), target));
        generator.setTitle(title);
        generator.setDescription(QStringLiteral("Autonomic Orchestrator"));
        QPainter painter;
        if (!painter.begin(&generator))
            return false;
        painter.fillRect(QRect(QPoint(0, 0), target), widget.palette().color(QPalette::Base));
        widget.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        return painter.end();
    });
    if (!ok)
        return fail(QWidget::tr("Cannot write %1").arg(path));
    return success();
}

Status saveWidgetImage(QWidget& widget, const QString& path, const QString& title)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return saveWidgetPng(widget, path);
    if (suffix == QLatin1String("svg"))
        return saveWidgetSvg(widget, path, title);
    return fail(QWidget::tr("%1: the file name must end in .png or .svg").arg(path));
}

} // namespace orch::ui
