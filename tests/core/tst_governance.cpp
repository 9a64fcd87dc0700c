#include <QTemporaryDir>
#include <QTest>

#include "engine/governance.h"
#include "engine/rollbackpolicy.h"
#include "store/sqlitestore.h"

using namespace orch;

namespace {
TimeMs at(const char* iso)
{
    return *parseIsoUtc(QString::fromLatin1(iso));
}
} // namespace

class TestGovernance final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteStore> m_store;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        auto s = SqliteStore::open(m_dir.path() + QStringLiteral("/")
                                   + QString::fromLatin1(QTest::currentTestFunction()));
        QVERIFY2(s.ok(), qPrintable(s.error()));
        m_store = std::move(*s);
    }
    void cleanup() { m_store.reset(); }

    // 0.05 + 0.10 in doubles is 0.15000000000000002: the ledger must still allow it.
    void capIsExactInMicroDollars()
    {
        GovernanceLedger ledger(GovernanceSpec {}, *m_store);
        const TimeMs t = at("2026-01-10T12:00:00Z");
        auto a = ledger.charge(QStringLiteral("D1"), t, 0.05);
        QVERIFY(a.ok() && a->allowed);
        auto b = ledger.charge(QStringLiteral("D1"), t, 0.10);
        QVERIFY(b.ok());
        QVERIFY2(b->allowed, qPrintable(b->reason));
        QCOMPARE(b->remainingMicros, qint64(0));
        auto c = ledger.charge(QStringLiteral("D1"), t, 0.000001);
        QVERIFY(c.ok());
        QVERIFY(!c->allowed);
        QVERIFY2(c->reason.contains(QStringLiteral("above the $0.15 cap")), qPrintable(c->reason));
        QCOMPARE(*ledger.spentMicros(QStringLiteral("D1"), t), qint64(150000));
    }

    void refusesWhatWouldExceed()
    {
        GovernanceLedger ledger(GovernanceSpec {}, *m_store);
        const TimeMs t = at("2026-03-01T00:00:00Z");
        QVERIFY(ledger.charge(QStringLiteral("D1"), t, 0.10)->allowed);
        auto refused = ledger.charge(QStringLiteral("D1"), t, 0.06);
        QVERIFY(!refused->allowed);
        QCOMPARE(refused->spentMicros, qint64(100000));
        QCOMPARE(refused->remainingMicros, qint64(50000));
        // The refusal spent nothing; a smaller action still fits.
        QVERIFY(ledger.charge(QStringLiteral("D1"), t, 0.05)->allowed);
        // Another dealer has its own budget.
        QVERIFY(ledger.charge(QStringLiteral("D2"), t, 0.15)->allowed);
        // An action larger than the whole cap is refused even on a fresh budget.
        QVERIFY(!ledger.check(QStringLiteral("D3"), t, 0.16)->allowed);
    }

    void monthBoundaryResetsBudget()
    {
        GovernanceLedger ledger(GovernanceSpec {}, *m_store);
        QVERIFY(ledger.charge(QStringLiteral("D1"), at("2026-01-31T23:59:59Z"), 0.15)->allowed);
        QVERIFY(!ledger.check(QStringLiteral("D1"), at("2026-01-31T23:59:59Z"), 0.01)->allowed);
        auto feb = ledger.check(QStringLiteral("D1"), at("2026-02-01T00:00:00Z"), 0.15);
        QVERIFY(feb->allowed);
        QCOMPARE(feb->month, QStringLiteral("2026-02"));
    }

    void persistsAcrossLedgers()
    {
        const TimeMs t = at("2026-05-05T05:05:05Z");
        {
            GovernanceLedger ledger(GovernanceSpec {}, *m_store);
            QVERIFY(ledger.charge(QStringLiteral("D9"), t, 0.12)->allowed);
        }
        GovernanceLedger again(GovernanceSpec {}, *m_store);
        QVERIFY(!again.check(QStringLiteral("D9"), t, 0.04)->allowed);
        QCOMPARE(*again.minRemaining({ QStringLiteral("D1"), QStringLiteral("D9") }, t), 0.03);
        QCOMPARE(*again.minRemaining({ QStringLiteral("D1") }, t), 0.15);
        QCOMPARE(*again.minRemaining({}, t), 0.15);
    }

    void rejectsBadCosts()
    {
        GovernanceLedger ledger(GovernanceSpec {}, *m_store);
        QVERIFY(!ledger.check(QStringLiteral("D1"), 0, -0.01).ok());
        QVERIFY(!ledger.check(QStringLiteral("D1"), 0, std::nan("")).ok());
        QVERIFY(!ledger.check(QString(), 0, 0.01).ok());
    }

    void rollback_data()
    {
        QTest::addColumn<double>("errorRate");
        QTest::addColumn<bool>("verificationFailed");
        QTest::addColumn<bool>("drift");
        QTest::addColumn<bool>("autoRollback");
        QTest::addColumn<int>("action");
        using A = RollbackDecision::Action;
        QTest::addRow("healthy") << 0.01 << false << false << true << int(A::Keep);
        QTest::addRow("exactly 2%% keeps") << 0.02 << false << false << true << int(A::Keep);
        QTest::addRow("above 2%% rolls back") << 0.0201 << false << false << true << int(A::RollBack);
        QTest::addRow("above 2%%, manual") << 0.05 << false << false << false << int(A::AwaitApproval);
        QTest::addRow("verification failed") << 0.0 << true << false << true << int(A::RollBack);
        QTest::addRow("drift detected, manual") << 0.0 << false << true << false << int(A::AwaitApproval);
    }
    void rollback()
    {
        QFETCH(double, errorRate);
        QFETCH(bool, verificationFailed);
        QFETCH(bool, drift);
        QFETCH(bool, autoRollback);
        QFETCH(int, action);
        RollbackSpec spec;
        spec.autoRollback = autoRollback;
        auto d = decideRollback(spec, AutoFixAgentsSpec {}, { errorRate, verificationFailed, drift });
        QVERIFY(d.ok());
        QCOMPARE(int(d->action), action);
        QVERIFY(!d->reason.isEmpty());
    }

    void rollbackRejectsBadRates()
    {
        QVERIFY(!decideRollback(RollbackSpec {}, AutoFixAgentsSpec {}, { -0.1, false, false }).ok());
        QVERIFY(!decideRollback(RollbackSpec {}, AutoFixAgentsSpec {}, { 1.5, false, false }).ok());
        QVERIFY(!decideRollback(RollbackSpec {}, AutoFixAgentsSpec {}, { std::nan(""), false, false }).ok());
    }
};

QTEST_GUILESS_MAIN(TestGovernance)
#include "tst_governance.moc"
