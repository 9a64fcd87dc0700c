#include "phasebadge.h"

#include <QEvent>
#include <QFontMetrics>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>

namespace orch::ui {

namespace {

constexpr int kHorizontalPadding = 14;
constexpr int kVerticalPadding = 5;

} // namespace

PhaseBadge::PhaseBadge(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Orchestrator phase"));
    setPhase({});
}

void PhaseBadge::setPhase(const QString& phase)
{
    if (phase == m_phase && !accessibleDescription().isEmpty())
        return;
    m_phase = phase;
    setAccessibleDescription(text());
    setToolTip(m_phase.isEmpty() ? tr("No status has arrived from the orchestrator yet")
                                 : tr("Orchestrator phase: %1").arg(m_phase));
    updateGeometry();
    update();
}

QString PhaseBadge::text() const
{
    return m_phase.isEmpty() ? tr("no status") : m_phase;
}

QColor PhaseBadge::background() const
{
    // Dark enough for white text to keep a contrast ratio above 4.5:1.
    if (m_phase == QLatin1String("operational"))
        return QColor(0x1b, 0x7a, 0x36);
    if (m_phase == QLatin1String("degraded"))
        return QColor(0xa8, 0x4b, 0x00);
    if (m_phase.isEmpty())
        return {};
    return QColor(0x5f, 0x63, 0x68); // initializing, or a phase this console does not know
}

QFont PhaseBadge::badgeFont() const
{
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    return f;
}

QSize PhaseBadge::sizeHint() const
{
    const QFontMetrics fm(badgeFont());
    return { fm.horizontalAdvance(text()) + 2 * kHorizontalPadding, fm.height() + 2 * kVerticalPadding };
}

QSize PhaseBadge::minimumSizeHint() const
{
    return sizeHint();
}

void PhaseBadge::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const qreal radius = area.height() / 2;
    const QColor fill = background();
    if (fill.isValid()) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawRoundedRect(area, radius, radius);
        painter.setPen(Qt::white);
    } else {
        painter.setPen(QPen(palette().color(QPalette::Mid), 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(area, radius, radius);
        painter.setPen(palette().color(QPalette::WindowText));
    }
    painter.setFont(badgeFont());
    painter.drawText(rect(), Qt::AlignCenter, text());
}

void PhaseBadge::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LanguageChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace orch::ui
