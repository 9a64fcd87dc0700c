#include "emptystate.h"

#include <QLabel>
#include <QVBoxLayout>

namespace orch::ui {

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_detail(new QLabel(this))
{
    auto* column = new QVBoxLayout(this);
    column->addStretch(1);
    m_title->setObjectName(QStringLiteral("emptyStateTitle"));
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    m_title->setFont(f);
    column->addWidget(m_title);
    m_detail->setObjectName(QStringLiteral("emptyStateDetail"));
    m_detail->setAlignment(Qt::AlignCenter);
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    column->addWidget(m_detail);
    // Slightly above the centre, where the eye looks first.
    column->addStretch(2);
}

void EmptyState::setMessage(const QString& title, const QString& detail)
{
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
