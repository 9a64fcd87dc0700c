#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace orch::ui {

// Asks for the comment a decision must carry (approve, refuse, force): OK stays disabled until
// something other than white space is typed, and the comment is at most maxLength characters.
class CommentDialog final : public QDialog
{
    Q_OBJECT
public:
    CommentDialog(const QString& title, const QString& explanation, const QString& acceptText, int maxLength,
                  QWidget* parent = nullptr);

    QString comment() const; // trimmed
    QPlainTextEdit* commentEdit() const { return m_edit; }
    QPushButton* acceptButton() const { return m_accept; }

private:
    void updateState();

    int m_maxLength;
    QPlainTextEdit* m_edit;
    QLabel* m_counter;
    QPushButton* m_accept;
};

} // namespace orch::ui
