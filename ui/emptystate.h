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
    enum class Kind
    {
        Info,
        Error
    };
    Q_ENUM(Kind)

    explicit EmptyState(QWidget* parent = nullptr);

    void setMessage(const QString& title, const QString& detail, Kind kind = Kind::Info);
    QString title() const;
    QString detail() const;
    Kind kind() const { return m_kind; }

private:
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_detail;
    Kind m_kind = Kind::Info;
};

} // namespace orch::ui
