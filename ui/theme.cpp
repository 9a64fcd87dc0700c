#include "theme.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
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

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

void applyChartPalette(QChart* chart, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QColor secondary = secondaryText(palette, QPalette::Text, QPalette::Base);
    QColor grid = secondary;
    grid.setAlpha(60);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(secondary);
        axis->setLinePenColor(secondary);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
    }
}

QColor seriesColor(int index, const QPalette& palette)
{
    // Okabe–Ito, which stays apart for the common colour-vision deficiencies.
    static const QColor light[] = { QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
                                    QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00) };
    static const QColor dark[] = { QColor(0x56, 0xb4, 0xe9), QColor(0xe6, 0x9f, 0x00), QColor(0x3d, 0xd6, 0xa4),
                                   QColor(0xe8, 0x9a, 0xc7), QColor(0x8e, 0xc9, 0xff), QColor(0xf0, 0x80, 0x30) };
    const int i = ((index % 6) + 6) % 6;
    return isDark(palette) ? dark[i] : light[i];
}

} // namespace orch::ui::theme
