#include "governancemodel.h"

#include <algorithm>
#include <cmath>
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

void GovernanceModel::setReport(const GovernanceReport& report, const std::vector<Rollout>& rollouts)
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
    for (const Rollout& r : rollouts) {
        if (monthKey(r.createdAt) != report.month)
            continue;
        for (const auto& [dealer, reason] : r.refusals) {
            Row& row = rowFor(dealer);
            ++row.refusals;
            row.lastRefusal = reason;
        }
        for (const QString& dealer : r.charged)
            ++rowFor(dealer).deployments;
    }
    beginResetModel();
    m_cap = report.capPerDealer;
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
    endResetModel();
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
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() != DealerColumn && index.column() != VerdictColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn) {
            if (row.remaining <= 1e-9 || row.refusals > 0)
                return theme::critical();
            if (m_cap > 0 && used >= 0.8)
                return theme::warning();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == RefusalsColumn || index.column() == VerdictColumn) {
            if (!row.lastRefusal.isEmpty())
                return tr("Last refusal: %1").arg(row.lastRefusal);
        }
        if (index.column() == UsedColumn)
            return tr("%1 of the %2 monthly cap").arg(money(row.spent), money(m_cap));
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
    }
    return {};
}

GovernanceFilterModel::GovernanceFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(GovernanceModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void GovernanceFilterModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
#if QT_VERSION >= QT_VERSION_CHECK(6, 9, 0)
    beginFilterChange();
    m_text = trimmed;
    endFilterChange(QSortFilterProxyModel::Direction::Rows);
#else
    m_text = trimmed;
    invalidateFilter();
#endif
}

bool GovernanceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel* model = sourceModel();
    for (const int column : { int(GovernanceModel::DealerColumn), int(GovernanceModel::VerdictColumn) }) {
        if (model->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace orch::ui
