#pragma once

#include <QColor>
#include <QPalette>

class QChart;
class QWidget;

// The console's few colours, in one place so pages agree on what green and red mean.
namespace orch::ui::theme {

// Healthy, idle, needs attention, failing: status dots, connection indicator.
QColor ok();
QColor idle();
QColor warning();
QColor critical();

// Secondary text ("as of …", explanations, absent values) that still reads well: the text colour
// moved 40 % towards the background, about 5:1 contrast with the default palettes.
QColor secondaryText(const QPalette& palette, QPalette::ColorRole text = QPalette::WindowText,
                     QPalette::ColorRole background = QPalette::Window);
void useSecondaryText(QWidget* widget);

// Whether the palette is a dark one (the window darker than its text).
bool isDark(const QPalette& palette);

// A chart drawn in the palette's colours (light or dark): background, axes, grid, labels, legend.
// Series keep their own colours.
void applyChartPalette(QChart* chart, const QPalette& palette);

// Colours for the lines of a chart, distinguishable in light and dark palettes.
QColor seriesColor(int index, const QPalette& palette);

} // namespace orch::ui::theme
