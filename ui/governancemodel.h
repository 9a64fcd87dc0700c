#pragma once

#include <functional>
#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "client/clienttypes.h"

namespace orch::ui {

// One row per dealer of a month's governance ledger: spend against the monthly cap, what remains,
// how often governance refused a fix for the dealer that month (from the rollouts), and what the
// RLController's decisions of the month earned against the reward threshold (the outcomes).
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
        VerdictColumn, // the budget's state
        DecisionsColumn, // decisions of the month (and how many wait for their reward)
        MeetingColumn, // rewarded decisions meeting the reward threshold
        BelowColumn, // rewarded decisions below it
        MeanRewardColumn,
        LastVerdictColumn, // the latest rewarded decision's verdict and reward
        ColumnCount
    };
    // The raw value a column sorts by (numbers as numbers; a missing mean reward or verdict sorts
    // below every value).
    static constexpr int SortRole = Qt::UserRole + 1;
    // On any column: the last verdict, "meets", "below" or "" (no rewarded decision or unknown).
    static constexpr int LastVerdictRole = Qt::UserRole + 2;
    // On any column: the rewarded decisions below the threshold (-1: outcomes unknown).
    static constexpr int BelowCountRole = Qt::UserRole + 3;

    struct Row
    {
        QString dealer;
        double spent = 0;
        double remaining = 0;
        int deployments = 0; // fixes charged to the dealer this month
        int refusals = 0; // fixes governance refused for the dealer this month
        QString lastRefusal;
        // From the month's outcomes (absent: not known, e.g. an orchestrator without them).
        bool outcomesKnown = false;
        qint64 decisions = 0;
        qint64 pending = 0;
        qint64 meeting = 0;
        qint64 below = 0;
        std::optional<double> meanReward;
        std::optional<RewardVerdict> lastVerdict;
        std::vector<SpendCharge> charges;
    };

    explicit GovernanceModel(QObject* parent = nullptr);

    // The month's ledger, the rollouts (any month; the refusals of those created in `report.month`
    // count) and the month's outcomes (verdicts and charges; without them the charged fixes are
    // counted from the rollouts created in the month and the verdict columns stay empty).
    void setReport(const GovernanceReport& report, const std::vector<Rollout>& rollouts,
                   const std::optional<GovernanceOutcomes>& outcomes = std::nullopt);
    void clear();

    const std::vector<Row>& rows() const { return m_rows; }
    double cap() const { return m_cap; }
    QString month() const { return m_month; }
    double totalSpent() const;
    int dealersAtCap() const;
    bool outcomesKnown() const { return m_outcomesKnown; }
    double minRewardThreshold() const { return m_threshold; }
    // Rewarded decisions of the month meeting / below the threshold, over all dealers.
    qint64 totalMeeting() const;
    qint64 totalBelow() const;
    // Dealers whose last verdict is below the threshold.
    int dealersLastBelow() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString verdict(const Row& row) const;
    QString lastVerdictText(const Row& row) const;

    std::vector<Row> m_rows;
    double m_cap = 0;
    double m_threshold = 0;
    bool m_outcomesKnown = false;
    QString m_month;
};

// Sorts by GovernanceModel::SortRole; filters on the dealer and the budget's state
// (case-insensitive text) and on the reward-threshold verdicts.
class GovernanceFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class VerdictFilter
    {
        All,
        LastBelow, // the dealer's last verdict is below the threshold
        AnyBelow, // at least one rewarded decision of the month below the threshold
        LastMeets, // the last verdict meets the threshold
        Unmeasured, // no rewarded decision this month
    };
    Q_ENUM(VerdictFilter)

    explicit GovernanceFilterModel(QObject* parent = nullptr);
    void setFilterText(const QString& text);
    void setVerdictFilter(VerdictFilter filter);
    VerdictFilter verdictFilter() const { return m_verdict; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void changeFilter(const std::function<void()>& change);

    QString m_text;
    VerdictFilter m_verdict = VerdictFilter::All;
};

} // namespace orch::ui
