#pragma once

#include <vector>

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "client/clienttypes.h"

namespace orch::ui {

// One row per dealer of a month's governance ledger: spend against the monthly cap, what remains,
// and how often governance refused a fix for the dealer that month (from the rollouts).
class GovernanceModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        DealerColumn,
        SpentColumn,
        RemainingColumn,
        UsedColumn,
        DeploymentsColumn,
        RefusalsColumn,
        VerdictColumn,
        ColumnCount
    };
    // The raw value a column sorts by (numbers as numbers).
    static constexpr int SortRole = Qt::UserRole + 1;

    struct Row
    {
        QString dealer;
        double spent = 0;
        double remaining = 0;
        int deployments = 0; // fixes charged to the dealer this month
        int refusals = 0; // fixes governance refused for the dealer this month
        QString lastRefusal;
    };

    explicit GovernanceModel(QObject* parent = nullptr);

    // The month's ledger and the rollouts (any month; those created in `report.month` count).
    void setReport(const GovernanceReport& report, const std::vector<Rollout>& rollouts);
    void clear();

    const std::vector<Row>& rows() const { return m_rows; }
    double cap() const { return m_cap; }
    QString month() const { return m_month; }
    double totalSpent() const;
    int dealersAtCap() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString verdict(const Row& row) const;

    std::vector<Row> m_rows;
    double m_cap = 0;
    QString m_month;
};

// Sorts by GovernanceModel::SortRole; filters on the dealer and the verdict (case-insensitive).
class GovernanceFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit GovernanceFilterModel(QObject* parent = nullptr);
    void setFilterText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
};

} // namespace orch::ui
