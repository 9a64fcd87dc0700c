#include "emptystate.h"

#include <QLabel>
#include <QStyle>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "theme.h"

namespace orch::ui {

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_detail(new QLabel(this))
{
    auto* column = new QVBoxLayout(this);
    column->addStretch(1);
    m_icon->setAlignment(Qt::AlignCenter);
    m_icon->hide();
    column->addWidget(m_icon);
    m_title->setObjectName(QStringLiteral("emptyStateTitle"));
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    m_title->setFont(f);
    // Word-wrapped labels take the layout's full width (an alignment would pin them to the size
    // hint of their first text and clip a longer one later).
    column->addWidget(m_title);
    m_detail->setObjectName(QStringLiteral("emptyStateDetail"));
    m_detail->setAlignment(Qt::AlignCenter);
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Lines of a readable length, however wide the window.
    m_detail->setMaximumWidth(m_detail->fontMetrics().averageCharWidth() * 80);
    auto* centred = new QHBoxLayout;
    centred->addStretch(1);
    centred->addWidget(m_detail, 100);
    centred->addStretch(1);
    column->addLayout(centred);
    // Slightly above the centre, where the eye looks first.
    column->addStretch(2);
}

void EmptyState::setMessage(const QString& title, const QString& detail, Kind kind)
{
    m_kind = kind;
    // An error's explanation is what the user needs to read: full contrast, and a warning sign.
    m_detail->setPalette(palette());
    if (kind == Kind::Error) {
        const int side = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
        m_icon->setPixmap(
            style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(side, side));
    } else {
        theme::useSecondaryText(m_detail);
    }
    m_icon->setVisible(kind == Kind::Error);
    m_title->setText(title);
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
    setAccessibleName(title);
    setAccessibleDescription(detail);
}

QString EmptyState::title() const
{
    return m_title->text();
}

QString EmptyState::detail() const
{
    return m_detail->text();
}

} // namespace orch::ui
