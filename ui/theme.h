#pragma once

#include <QColor>
#include <QPalette>

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

} // namespace orch::ui::theme
