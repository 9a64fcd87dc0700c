#include "engine/governance.h"

#include <cmath>

#include "store/statestore.h"

namespace orch {

GovernanceLedger::GovernanceLedger(const GovernanceSpec& spec, StateStore& store)
    : m_spec(spec)
    , m_store(store)
{ }

qint64 GovernanceLedger::toMicros(double dollars)
{
    return qint64(std::llround(dollars * 1e6));
}

Result<qint64> GovernanceLedger::spentMicros(const QString& dealer, TimeMs at)
{
    const QString month = monthKey(at);
    const QString key = month + QChar(0x1F) + dealer;
    if (const auto it = m_cache.constFind(key); it != m_cache.constEnd())
        return *it;
    auto spent = m_store.spend(dealer, month);
    if (!spent)
        return fail(QStringLiteral("reading the spend of %1 in %2: %3").arg(dealer, month, spent.error()));
    m_cache.insert(key, *spent);
    return *spent;
}

Result<GovernanceLedger::Decision> GovernanceLedger::check(const QString& dealer, TimeMs at, double cost)
{
    if (!std::isfinite(cost) || cost < 0)
        return fail(QStringLiteral("apiCost: must be a finite number >= 0, got %1").arg(cost));
    if (dealer.isEmpty())
        return fail(QStringLiteral("dealer: must not be empty"));
    auto spent = spentMicros(dealer, at);
    if (!spent)
        return fail(spent.error());
    Decision d;
    d.dealer = dealer;
    d.month = monthKey(at);
    d.costMicros = toMicros(cost);
    d.spentMicros = *spent;
    d.capMicros = toMicros(m_spec.maxApiCostPerDealerMonth);
    d.allowed = d.spentMicros + d.costMicros <= d.capMicros;
    d.remainingMicros = d.capMicros - d.spentMicros - (d.allowed ? d.costMicros : 0);
    d.reason = d.allowed
        ? QStringLiteral("within the monthly API budget: $%1 of $%2 left after this action")
              .arg(toDollars(d.remainingMicros), 0, 'f', 6)
              .arg(m_spec.maxApiCostPerDealerMonth, 0, 'f', 2)
        : QStringLiteral("refused: $%1 would take %2's %3 API spend to $%4, above the $%5 cap")
              .arg(toDollars(d.costMicros), 0, 'f', 6)
              .arg(dealer, d.month)
              .arg(toDollars(d.spentMicros + d.costMicros), 0, 'f', 6)
              .arg(m_spec.maxApiCostPerDealerMonth, 0, 'f', 2);
    return d;
}

Result<GovernanceLedger::Decision> GovernanceLedger::charge(const QString& dealer, TimeMs at, double cost)
{
    auto d = check(dealer, at, cost);
    if (!d || !d->allowed)
        return d;
    if (auto st = m_store.addSpend(dealer, d->month, d->costMicros); !st)
        return fail(QStringLiteral("recording spend: ") + st.error());
    m_cache.insert(d->month + QChar(0x1F) + dealer, d->spentMicros + d->costMicros);
    return d;
}

Result<double> GovernanceLedger::minRemaining(const QStringList& dealers, TimeMs at)
{
    const qint64 cap = toMicros(m_spec.maxApiCostPerDealerMonth);
    qint64 maxSpent = 0;
    for (const QString& dealer : dealers) {
        auto spent = spentMicros(dealer, at);
        if (!spent)
            return fail(spent.error());
        maxSpent = std::max(maxSpent, *spent);
    }
    return toDollars(std::max<qint64>(0, cap - maxSpent));
}

} // namespace orch
