#include "governancemodel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <QLocale>

#include "common/timeutil.h"
#include "theme.h"

namespace orch::ui {

namespace {

// "$0.1500", "−$12.50": US dollars, whatever the locale's currency.
QString money(double dollars)
{
    const QString amount = QLocale().toString(std::abs(dollars), 'f', 4);
    return (dollars < 0 ? QStringLiteral("−$") : QStringLiteral("$")) + amount;
}

} // namespace

GovernanceModel::GovernanceModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void GovernanceModel::setReport(const GovernanceReport& report, const std::vector<Rollout>& rollouts,
                                const std::optional<GovernanceOutcomes>& outcomes)
{
    std::map<QString, Row> rows;
    for (const DealerSpend& d : report.dealers) {
        Row& row = rows[d.dealer];
        row.dealer = d.dealer;
        row.spent = d.spent;
        row.remaining = d.remaining;
    }
    // A dealer the ledger does not list has spent nothing.
    auto rowFor = [&](const QString& dealer) -> Row& {
        auto [it, inserted] = rows.try_emplace(dealer);
        if (inserted) {
            it->second.dealer = dealer;
            it->second.remaining = report.capPerDealer;
        }
        return it->second;
    };
    const bool known = outcomes && outcomes->month == report.month;
    for (const Rollout& r : rollouts) {
        if (monthKey(r.createdAt) != report.month)
            continue;
        for (const auto& [dealer, reason] : r.refusals) {
            Row& row = rowFor(dealer);
            ++row.refusals;
            row.lastRefusal = reason;
        }
        if (!known) {
            for (const QString& dealer : r.charged)
                ++rowFor(dealer).deployments;
        }
    }
    if (known) {
        // The outcomes know when each fix was charged (a promotion may fall in the next month).
        for (const DealerOutcomes& d : outcomes->dealers) {
            Row& row = rowFor(d.dealer);
            row.outcomesKnown = true;
            row.deployments = int(d.charges.size());
            row.decisions = d.decisions;
            row.pending = d.pending();
            row.meeting = d.meetingThreshold;
            row.below = d.belowThreshold;
            row.meanReward = d.meanReward;
            row.lastVerdict = d.lastVerdict;
            row.charges = d.charges;
        }
        for (auto& [dealer, row] : rows)
            row.outcomesKnown = true; // a dealer the outcomes do not list made no decision
    }
    beginResetModel();
    m_cap = report.capPerDealer;
    m_threshold = known ? outcomes->minRewardThreshold : report.minRewardThreshold;
    m_outcomesKnown = known;
    m_month = report.month;
    m_rows.clear();
    for (auto& [dealer, row] : rows)
        m_rows.push_back(std::move(row));
    endResetModel();
}

void GovernanceModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_month.clear();
    m_outcomesKnown = false;
    endResetModel();
}

qint64 GovernanceModel::totalMeeting() const
{
    qint64 sum = 0;
    for (const Row& row : m_rows)
        sum += row.meeting;
    return sum;
}

qint64 GovernanceModel::totalBelow() const
{
    qint64 sum = 0;
    for (const Row& row : m_rows)
        sum += row.below;
    return sum;
}

int GovernanceModel::dealersLastBelow() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [](const Row& r) { return r.lastVerdict && !r.lastVerdict->meetsThreshold; }));
}

double GovernanceModel::totalSpent() const
{
    double sum = 0;
    for (const Row& row : m_rows)
        sum += row.spent;
    return sum;
}

int GovernanceModel::dealersAtCap() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.remaining <= 1e-9; }));
}

int GovernanceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GovernanceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GovernanceModel::verdict(const Row& row) const
{
    if (row.remaining <= 1e-9)
        return tr("Cap reached");
    if (row.refusals > 0)
        return tr("Refused %n time(s)", nullptr, row.refusals);
    if (m_cap > 0 && row.spent / m_cap >= 0.8)
        return tr("Near the cap");
    return tr("Within budget");
}

QString GovernanceModel::lastVerdictText(const Row& row) const
{
    if (!row.outcomesKnown)
        return {};
    if (!row.lastVerdict)
        return tr("No reward measured");
    return row.lastVerdict->meetsThreshold ? tr("✔ Meets (%1)").arg(money(row.lastVerdict->reward))
                                           : tr("✘ Below (%1)").arg(money(row.lastVerdict->reward));
}

QVariant GovernanceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(std::size_t(index.row()));
    const double used = m_cap > 0 ? row.spent / m_cap : 0;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case DealerColumn:
            return row.dealer;
        case SpentColumn:
            return money(row.spent);
        case RemainingColumn:
            return money(row.remaining);
        case UsedColumn:
            return QString(QLocale().toString(used * 100, 'f', 0) + QStringLiteral(" %"));
        case DeploymentsColumn:
            return QLocale().toString(row.deployments);
        case RefusalsColumn:
            return QLocale().toString(row.refusals);
        case VerdictColumn:
            return verdict(row);
        case DecisionsColumn:
            if (!row.outcomesKnown)
                return QString();
            return row.pending > 0
                ? tr("%1 (%2 pending)")
                      .arg(QLocale().toString(row.decisions), QLocale().toString(row.pending))
                : QLocale().toString(row.decisions);
        case MeetingColumn:
            return row.outcomesKnown ? QLocale().toString(row.meeting) : QString();
        case BelowColumn:
            return row.outcomesKnown ? QLocale().toString(row.below) : QString();
        case MeanRewardColumn:
            return row.meanReward ? money(*row.meanReward)
                                  : (row.outcomesKnown ? QStringLiteral("—") : QString());
        case LastVerdictColumn:
            return lastVerdictText(row);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case DealerColumn:
            return row.dealer;
        case SpentColumn:
            return row.spent;
        case RemainingColumn:
            return row.remaining;
        case UsedColumn:
            return used;
        case DeploymentsColumn:
            return row.deployments;
        case RefusalsColumn:
            return row.refusals;
        case VerdictColumn:
            return verdict(row);
        case DecisionsColumn:
            return row.decisions;
        case MeetingColumn:
            return row.meeting;
        case BelowColumn:
            return row.below;
        case MeanRewardColumn:
            return row.meanReward.value_or(std::numeric_limits<double>::lowest());
        case LastVerdictColumn:
            // Below the threshold, then meeting it (each by reward), then nothing measured.
            if (!row.lastVerdict)
                return std::numeric_limits<double>::lowest();
            return (row.lastVerdict->meetsThreshold ? 2.0 : 0.0) + std::atan(row.lastVerdict->reward) / M_PI;
        }
        break;
    case LastVerdictRole:
        if (!row.lastVerdict)
            return QString();
        return row.lastVerdict->meetsThreshold ? QStringLiteral("meets") : QStringLiteral("below");
    case BelowCountRole:
        return row.outcomesKnown ? row.below : qint64(-1);
    case Qt::TextAlignmentRole:
        if (index.column() != DealerColumn && index.column() != VerdictColumn
            && index.column() != LastVerdictColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn) {
            if (row.remaining <= 1e-9 || row.refusals > 0)
                return theme::critical();
            if (m_cap > 0 && used >= 0.8)
                return theme::warning();
        }
        if (index.column() == LastVerdictColumn && row.lastVerdict)
            return row.lastVerdict->meetsThreshold ? theme::ok() : theme::critical();
        if (index.column() == BelowColumn && row.below > 0)
            return theme::critical();
        break;
    case Qt::ToolTipRole:
        if (index.column() == RefusalsColumn || index.column() == VerdictColumn) {
            if (!row.lastRefusal.isEmpty())
                return tr("Last refusal: %1").arg(row.lastRefusal);
        }
        if (index.column() == UsedColumn)
            return tr("%1 of the %2 monthly cap").arg(money(row.spent), money(m_cap));
        if (index.column() == LastVerdictColumn && row.lastVerdict) {
            const RewardVerdict& v = *row.lastVerdict;
            return tr("Decision %1 (%2) of %3, reward %4 measured %5: %6 the %7× reward threshold")
                .arg(v.decisionId)
                .arg(v.action, formatIso(v.decidedAt), money(v.reward), formatIso(v.rewardedAt),
                     v.meetsThreshold ? tr("meets") : tr("below"), QLocale().toString(m_threshold));
        }
        if ((index.column() == MeetingColumn || index.column() == BelowColumn) && row.outcomesKnown)
            return tr("Of %n rewarded decision(s) this month; the threshold: a positive reward and "
                      "ΔVisibility·ΔRevenue ≥ %1 × the API cost",
                      nullptr, int(row.meeting + row.below))
                .arg(QLocale().toString(m_threshold));
        if (index.column() == DecisionsColumn && row.outcomesKnown && row.pending > 0)
            return tr("%n decision(s) wait for their reward to be measured", nullptr, int(row.pending));
        break;
    default:
        break;
    }
    return {};
}

QVariant GovernanceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DealerColumn:
        return tr("Dealer");
    case SpentColumn:
        return tr("Spent");
    case RemainingColumn:
        return tr("Remaining");
    case UsedColumn:
        return tr("Of the cap");
    case DeploymentsColumn:
        return tr("Charged fixes");
    case RefusalsColumn:
        return tr("Refusals");
    case VerdictColumn:
        return tr("Budget");
    case DecisionsColumn:
        return tr("Decisions");
    case MeetingColumn:
        return tr("Meet threshold");
    case BelowColumn:
        return tr("Below threshold");
    case MeanRewardColumn:
        return tr("Mean reward");
    case LastVerdictColumn:
        return tr("Last verdict");
    }
    return {};
}

GovernanceFilterModel::GovernanceFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(GovernanceModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void GovernanceFilterModel::changeFilter(const std::function<void()>& change)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 9, 0)
    beginFilterChange();
    change();
    endFilterChange(QSortFilterProxyModel::Direction::Rows);
#else
    change();
    invalidateFilter();
#endif
}

void GovernanceFilterModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    changeFilter([&] { m_text = trimmed; });
}

void GovernanceFilterModel::setVerdictFilter(VerdictFilter filter)
{
    if (filter == m_verdict)
        return;
    changeFilter([&] { m_verdict = filter; });
}

bool GovernanceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    if (m_verdict != VerdictFilter::All) {
        const QModelIndex first = model->index(sourceRow, 0, sourceParent);
        const QString last = first.data(GovernanceModel::LastVerdictRole).toString();
        const qint64 below = first.data(GovernanceModel::BelowCountRole).toLongLong();
        bool accepted = false;
        switch (m_verdict) {
        case VerdictFilter::All:
            accepted = true;
            break;
        case VerdictFilter::LastBelow:
            accepted = last == QLatin1String("below");
            break;
        case VerdictFilter::AnyBelow:
            accepted = below > 0;
            break;
        case VerdictFilter::LastMeets:
            accepted = last == QLatin1String("meets");
            break;
        case VerdictFilter::Unmeasured:
            accepted = below >= 0 && last.isEmpty();
            break;
        }
        if (!accepted)
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (const int column : { int(GovernanceModel::DealerColumn), int(GovernanceModel::VerdictColumn) }) {
        if (model->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace orch::ui
