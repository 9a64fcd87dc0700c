#pragma once

#include <QColor>
#include <QWidget>

namespace orch::ui {

// The orchestrator's phase as a coloured pill: green "operational", amber "degraded", grey
// "initializing"; an outlined "no status" before the first one.
class PhaseBadge final : public QWidget
{
    Q_OBJECT
public:
    explicit PhaseBadge(QWidget* parent = nullptr);

    // Empty: no status yet.
    void setPhase(const QString& phase);
    QString phase() const { return m_phase; }
    QString text() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QColor background() const;
    QFont badgeFont() const;

    QString m_phase;
};

} // namespace orch::ui
