#include <cmath>

#include <QTest>

#include "learning/distributions.h"

using namespace orch::learning;

class TestDistributions final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Reference values computed with mpmath at 40 digits (betainc, findroot).
    void studentTQuantile_data()
    {
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("nu");
        QTest::addColumn<double>("expected");
        QTest::addRow("Cauchy") << 0.975 << 1.0 << 12.706204736174693;
        QTest::addRow("nu 2") << 0.975 << 2.0 << 4.3026527297494618;
        QTest::addRow("nu 4") << 0.975 << 4.0 << 2.7764451051977935;
        QTest::addRow("nu 10") << 0.975 << 10.0 << 2.2281388519862742;
        QTest::addRow("nu 30") << 0.975 << 30.0 << 2.0422724563012379;
        QTest::addRow("nu 2.5") << 0.975 << 2.5 << 3.5746548420036818;
        QTest::addRow("nu 0.5") << 0.975 << 0.5 << 164.55767348048824;
        QTest::addRow("nu 1000") << 0.975 << 1000.0 << 1.9623390808264081;
        QTest::addRow("nu 1e6") << 0.975 << 1e6 << 1.9599663568141067;
        QTest::addRow("nu 1e5") << 0.975 << 1e5 << 1.9599877075346096;
        QTest::addRow("nu 1e8") << 0.975 << 1e8 << 1.9599640082627668;
        QTest::addRow("nu 1e9") << 0.975 << 1e9 << 1.9599639869123255;
        QTest::addRow("lower tail") << 0.025 << 10.0 << -2.2281388519862742;
        QTest::addRow("0.999, nu 5") << 0.999 << 5.0 << 5.893429531356009;
        QTest::addRow("median") << 0.5 << 3.0 << 0.0;
    }
    void studentTQuantile()
    {
        QFETCH(double, q);
        QFETCH(double, nu);
        QFETCH(double, expected);
        const double t = dist::studentTQuantile(q, nu);
        QVERIFY2(std::fabs(t - expected) <= 1e-13 * std::max(1.0, std::fabs(expected)),
                 qPrintable(QString::number(t, 'g', 17)));
        if (q != 0.5 && nu <= 1e5) // the tail loses digits beyond (see distributions.h)
            QVERIFY(std::fabs(dist::studentTCdf(t, nu) - q) < 1e-13);
    }

    void fSurvival_data()
    {
        QTest::addColumn<double>("f");
        QTest::addColumn<double>("d1");
        QTest::addColumn<double>("d2");
        QTest::addColumn<double>("expected");
        QTest::addRow("F(1, 10) near 5 percent") << 4.96460274567159 << 1.0 << 10.0 << 0.049999999963079499;
        QTest::addRow("F(8, 200) at 1") << 1.0 << 8.0 << 200.0 << 0.43729519636214849;
        QTest::addRow("F(8, 200) far tail") << 10.0 << 8.0 << 200.0 << 1.0844583521841766e-11;
        QTest::addRow("F(3, 40) far tail") << 25.0 << 3.0 << 40.0 << 2.8237151815513317e-9;
        QTest::addRow("F(8, 1e6)") << 3.2 << 8.0 << 1e6 << 0.0012293421523693744;
        QTest::addRow("F(3, 7) at 0") << 0.0 << 3.0 << 7.0 << 1.0;
    }
    void fSurvival()
    {
        QFETCH(double, f);
        QFETCH(double, d1);
        QFETCH(double, d2);
        QFETCH(double, expected);
        const double p = dist::fSurvival(f, d1, d2);
        QVERIFY2(std::fabs(p - expected) <= 1e-9 * expected, qPrintable(QString::number(p, 'g', 17)));
    }

    void incompleteBetaIdentities()
    {
        // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a).
        QVERIFY(std::fabs(dist::incompleteBeta(1, 1, 0.3) - 0.3) < 1e-15);
        QVERIFY(std::fabs(dist::incompleteBeta(2.5, 7, 0.2) + dist::incompleteBeta(7, 2.5, 0.8) - 1) < 1e-14);
        QCOMPARE(dist::incompleteBeta(2, 3, 0), 0.0);
        QCOMPARE(dist::incompleteBeta(2, 3, 1), 1.0);
    }

    void outsideTheDomainIsNaN()
    {
        QVERIFY(std::isnan(dist::studentTQuantile(0, 5)));
        QVERIFY(std::isnan(dist::studentTQuantile(1, 5)));
        QVERIFY(std::isnan(dist::studentTQuantile(0.9, 0)));
        QVERIFY(std::isnan(dist::fSurvival(-1, 2, 3)));
        QVERIFY(std::isnan(dist::incompleteBeta(0, 1, 0.5)));
    }
};

QTEST_GUILESS_MAIN(TestDistributions)
#include "tst_distributions.moc"
