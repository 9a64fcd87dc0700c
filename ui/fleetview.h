#pragma once

#include <QWidget>

class QAbstractItemModel;
class QHBoxLayout;
class QLabel;

namespace orch::ui {

// The fleet at a glance: one card per connection, side by side (name, connection, phase, what
// waits on the analyst), drawn from a FleetModel and kept current with it; the replicas of a
// sharded orchestrator are one card (the model's top-level row) that says whether every shard is
// held exactly once, with a warning when one is missing or held twice. Clicking a card selects
// the connection (activated(), the model's top-level row).
class FleetView final : public QWidget
{
    Q_OBJECT
public:
    explicit FleetView(QAbstractItemModel& model, QWidget* parent = nullptr);

    int cardCount() const;
    // The card's text as shown (tests).
    QString cardText(int row) const;

Q_SIGNALS:
    void activated(int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void refreshCards(int first, int last);

    QAbstractItemModel& m_model;
    QHBoxLayout* m_row;
    QList<QWidget*> m_cards;
};

} // namespace orch::ui
