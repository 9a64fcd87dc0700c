#include "commentdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "theme.h"

namespace orch::ui {

CommentDialog::CommentDialog(const QString& title, const QString& explanation, const QString& acceptText,
                             int maxLength, QWidget* parent)
    : QDialog(parent)
    , m_maxLength(maxLength)
    , m_edit(new QPlainTextEdit(this))
    , m_counter(new QLabel(this))
{
    setObjectName(QStringLiteral("commentDialog"));
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(explanation, this);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* label = new QLabel(tr("&Comment (required; recorded in the audit trail with your identity):"), this);
    label->setBuddy(m_edit);
    layout->addWidget(label);
    m_edit->setObjectName(QStringLiteral("commentEdit"));
    m_edit->setAccessibleName(tr("Comment"));
    m_edit->setTabChangesFocus(true);
    m_edit->setPlaceholderText(tr("Why: what you checked, what you expect"));
    layout->addWidget(m_edit, 1);
    theme::useSecondaryText(m_counter);
    m_counter->setAlignment(Qt::AlignRight);
    layout->addWidget(m_counter);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_accept = buttons->addButton(acceptText, QDialogButtonBox::AcceptRole);
    m_accept->setObjectName(QStringLiteral("acceptButton"));
    m_accept->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] { updateState(); });
    resize(460, 260);
    updateState();
}

QString CommentDialog::comment() const
{
    return m_edit->toPlainText().trimmed();
}

void CommentDialog::updateState()
{
    const int length = int(comment().size());
    m_accept->setEnabled(length > 0 && length <= m_maxLength);
    m_counter->setText(length > m_maxLength ? tr("%1 characters: at most %2").arg(length).arg(m_maxLength)
                                            : tr("%1 / %2").arg(length).arg(m_maxLength));
}

} // namespace orch::ui
