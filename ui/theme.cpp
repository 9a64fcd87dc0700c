#include "theme.h"

#include <QWidget>

namespace orch::ui::theme {

QColor ok()
{
    return QColor(0x1e, 0x8e, 0x3e);
}

QColor idle()
{
    return QColor(0x80, 0x86, 0x8b);
}

QColor warning()
{
    return QColor(0xe3, 0x74, 0x00);
}

QColor critical()
{
    return QColor(0xd9, 0x30, 0x25);
}

QColor secondaryText(const QPalette& palette, QPalette::ColorRole text, QPalette::ColorRole background)
{
    const QColor fg = palette.color(text);
    const QColor bg = palette.color(background);
    constexpr double kTowardsBackground = 0.4;
    auto mix = [](int a, int b) { return int(a + (b - a) * kTowardsBackground); };
    return QColor(mix(fg.red(), bg.red()), mix(fg.green(), bg.green()), mix(fg.blue(), bg.blue()));
}

void useSecondaryText(QWidget* widget)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, secondaryText(palette));
    widget->setPalette(palette);
}

} // namespace orch::ui::theme
