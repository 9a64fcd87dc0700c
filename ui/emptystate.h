#pragma once

#include <QWidget>

class QLabel;

namespace orch::ui {

// What a page shows instead of its data: a title and an explanation, centred ("Waiting for the
// first status…", or the error that prevents it).
class EmptyState final : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);

    void setMessage(const QString& title, const QString& detail);
    QString title() const;
    QString detail() const;

private:
    QLabel* m_title;
    QLabel* m_detail;
};

} // namespace orch::ui
