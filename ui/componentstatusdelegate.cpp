#include "componentstatusdelegate.h"

#include <QPainter>
#include <QPixmap>

#include "theme.h"

namespace orch::ui {

ComponentStatusDelegate::ComponentStatusDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

QColor ComponentStatusDelegate::severityColor(ComponentStatusModel::Severity severity)
{
    switch (severity) {
    case ComponentStatusModel::Severity::Ok:
        return theme::ok();
    case ComponentStatusModel::Severity::Idle:
        return theme::idle();
    case ComponentStatusModel::Severity::Warning:
        return theme::warning();
    case ComponentStatusModel::Severity::Critical:
        return theme::critical();
    }
    return {};
}

QIcon ComponentStatusDelegate::iconFor(ComponentStatusModel::Severity severity) const
{
    const auto it = m_icons.constFind(int(severity));
    if (it != m_icons.cend())
        return *it;
    QIcon icon;
    for (const int size : { 16, 32 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(severityColor(severity));
        const qreal margin = size * 0.2;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        painter.end();
        icon.addPixmap(pixmap);
    }
    m_icons.insert(int(severity), icon);
    return icon;
}

void ComponentStatusDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == ComponentStatusModel::StatusColumn) {
        const auto severity
            = index.data(ComponentStatusModel::SeverityRole).value<ComponentStatusModel::Severity>();
        option->icon = iconFor(severity);
        option->features |= QStyleOptionViewItem::HasDecoration;
        const int side = option->fontMetrics.height() - 2;
        option->decorationSize = QSize(side, side);
    }
    if (!index.data(ComponentStatusModel::HasValueRole).toBool()) {
        option->palette.setColor(QPalette::Text,
                                 theme::secondaryText(option->palette, QPalette::Text, QPalette::Base));
    }
}

} // namespace orch::ui
