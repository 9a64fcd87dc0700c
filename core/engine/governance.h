#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include "common/result.h"
#include "common/timeutil.h"
#include "spec/orchestratorspec.h"

namespace orch {

class StateStore;

// The ethics guardrail of SPEC.md: a per-dealer, per-calendar-month (UTC) API-cost ledger that
// refuses an action which would take the dealer's spend above the monthly cap ($0.15). Amounts
// are kept in integer micro-dollars, so 0.05 + 0.10 is exactly the cap, not above it.
class GovernanceLedger final
{
public:
    struct Decision
    {
        bool allowed = false;
        QString dealer;
        QString month; // "2026-01"
        qint64 costMicros = 0;
        qint64 spentMicros = 0; // before this action
        qint64 capMicros = 0;
        qint64 remainingMicros = 0; // after this action when allowed, else as it is
        QString reason;
    };

    GovernanceLedger(const GovernanceSpec& spec, StateStore& store);

    static qint64 toMicros(double dollars);
    static double toDollars(qint64 micros) { return double(micros) / 1e6; }

    // Would an action costing `cost` dollars for `dealer` at time `at` stay within the cap?
    Result<Decision> check(const QString& dealer, TimeMs at, double cost);
    // check(), and when allowed, records the spend.
    Result<Decision> charge(const QString& dealer, TimeMs at, double cost);

    Result<qint64> spentMicros(const QString& dealer, TimeMs at);
    // Forgets the spend read so far: the next check reads the store again (a sharded replica
    // whose shards changed: another replica may have charged their dealers meanwhile).
    void forgetSpend() { m_cache.clear(); }
    // The smallest remaining budget of any of `dealers` in the month of `at` (the cap when none
    // has spent anything): the figure GET /status reports as apiCostRemaining.
    Result<double> minRemaining(const QStringList& dealers, TimeMs at);

    double capDollars() const { return m_spec.maxApiCostPerDealerMonth; }
    double minRewardThreshold() const { return m_spec.minRewardThreshold; }

private:
    GovernanceSpec m_spec;
    StateStore& m_store;
    QHash<QString, qint64> m_cache; // "month\x1Fdealer" -> spent micros
};

} // namespace orch
