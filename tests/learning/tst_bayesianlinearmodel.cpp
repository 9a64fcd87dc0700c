#include <cmath>

#include <QTest>

#include <Eigen/Cholesky>

#include "common/strictjson.h"
#include "learning/bayesianlinearmodel.h"
#include "syntheticdata.h"

using namespace orch;
using namespace orch::learning;

namespace {

struct Data
{
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
};

Data makeData(std::uint64_t seed, int n, double noiseSd = 3.0)
{
    synthetic::Normal g(seed);
    const auto rows = synthetic::batch(g, n, synthetic::trueWeights(), noiseSd);
    Data d { Eigen::MatrixXd(n, 8), Eigen::VectorXd(n) };
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < 8; ++j)
            d.x(i, j) = rows[std::size_t(i)].features[std::size_t(j)];
        d.y(i) = rows[std::size_t(i)].outcome;
    }
    return d;
}

BayesianLinearModel weakModel(Eigen::Index p = 8)
{
    auto m = BayesianLinearModel::create(NormalInverseGammaPrior::weak(p));
    Q_ASSERT(m);
    return *m;
}

// |a − b| <= tol · max(1, |a|, |b|), elementwise.
bool close(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tol)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return false;
    for (Eigen::Index i = 0; i < a.rows(); ++i)
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            if (std::fabs(a(i, j) - b(i, j))
                > tol * std::max({ 1.0, std::fabs(a(i, j)), std::fabs(b(i, j)) }))
                return false;
    return true;
}

bool close(double a, double b, double tol)
{
    return std::fabs(a - b) <= tol * std::max({ 1.0, std::fabs(a), std::fabs(b) });
}

std::string stateText(const BayesianLinearModel& m)
{
    return m.toJson().dump();
}

} // namespace

class TestBayesianLinearModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void priorIsTheStartingPosterior()
    {
        const BayesianLinearModel m = weakModel(3);
        QCOMPARE(m.dimension(), Eigen::Index(3));
        QCOMPARE(m.sampleCount(), qint64(0));
        QCOMPARE(m.shape(), 2.0);
        QVERIFY(m.mean().isZero());
        QVERIFY(m.noiseVariance());
        QVERIFY(std::isfinite(m.marginal(0).sd));
    }

    // The conjugate update against the textbook closed form (in long double), on one batch.
    void matchesClosedForm()
    {
        const Data d = makeData(11, 300);
        NormalInverseGammaPrior prior = NormalInverseGammaPrior::weak(8, 0.5, 3.0, 2.0);
        prior.mean = Eigen::VectorXd::LinSpaced(8, -1.0, 1.0);
        auto model = BayesianLinearModel::create(prior);
        QVERIFY(model);
        QVERIFY(model->update(d.x, d.y));

        using MatrixL = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;
        using VectorL = Eigen::Matrix<long double, Eigen::Dynamic, 1>;
        const MatrixL x = d.x.cast<long double>();
        const VectorL y = d.y.cast<long double>();
        const MatrixL l0 = prior.precision.cast<long double>();
        const VectorL m0 = prior.mean.cast<long double>();
        const MatrixL ln = l0 + x.transpose() * x;
        const VectorL mn = ln.llt().solve(l0 * m0 + x.transpose() * y);
        const long double bn
            = (long double)(prior.rate) + 0.5L * (y.dot(y) + m0.dot(l0 * m0) - mn.dot(ln * mn));
        QVERIFY(close(model->precision(), ln.cast<double>(), 1e-12));
        QVERIFY(close(model->mean(), mn.cast<double>(), 1e-9));
        QVERIFY2(close(model->rate(), double(bn), 1e-9),
                 qPrintable(
                     QStringLiteral("%1 vs %2").arg(model->rate(), 0, 'g', 17).arg(double(bn), 0, 'g', 17)));
        QCOMPARE(model->shape(), 3.0 + 150.0);
        QCOMPARE(model->sampleCount(), qint64(300));
    }

    void incrementalEqualsBatch_data()
    {
        QTest::addColumn<QList<int>>("chunks");
        QTest::addRow("one at a time") << QList<int>(200, 1);
        QTest::addRow("uneven batches") << QList<int> { 1, 7, 30, 62, 100 };
        QTest::addRow("batches of 25") << QList<int>(8, 25);
        QTest::addRow("with empty batches") << QList<int> { 0, 100, 0, 100 };
    }
    void incrementalEqualsBatch()
    {
        QFETCH(QList<int>, chunks);
        const Data d = makeData(5, 200);
        BayesianLinearModel batch = weakModel();
        QVERIFY(batch.update(d.x, d.y));

        BayesianLinearModel incremental = weakModel();
        int from = 0;
        for (int size : chunks) {
            if (size == 1)
                QVERIFY(incremental.update(Eigen::VectorXd(d.x.row(from).transpose()), d.y(from)));
            else
                QVERIFY(incremental.update(Eigen::MatrixXd(d.x.middleRows(from, size)),
                                           Eigen::VectorXd(d.y.segment(from, size))));
            from += size;
        }
        QCOMPARE(from, 200);
        QCOMPARE(incremental.sampleCount(), batch.sampleCount());
        QCOMPARE(incremental.shape(), batch.shape());
        QVERIFY(close(incremental.precision(), batch.precision(), 1e-9));
        QVERIFY(close(incremental.mean(), batch.mean(), 1e-9));
        QVERIFY2(close(incremental.rate(), batch.rate(), 1e-9),
                 qPrintable(QString::number(incremental.rate() - batch.rate())));
        for (Eigen::Index j = 0; j < 8; ++j) {
            QVERIFY(close(incremental.marginal(j).ci95Low, batch.marginal(j).ci95Low, 1e-9));
            QVERIFY(close(incremental.marginal(j).ci95High, batch.marginal(j).ci95High, 1e-9));
        }
    }

    // sd shrinks like 1/√n: quadrupling the data halves it (within sampling noise).
    void posteriorConcentrates()
    {
        const Data d = makeData(21, 6400);
        BayesianLinearModel m = weakModel();
        std::vector<std::vector<CoefficientMarginal>> stages;
        int done = 0;
        for (int n : { 100, 400, 1600, 6400 }) {
            QVERIFY(m.update(Eigen::MatrixXd(d.x.middleRows(done, n - done)),
                             Eigen::VectorXd(d.y.segment(done, n - done))));
            done = n;
            stages.push_back(m.marginals());
        }
        for (std::size_t s = 1; s < stages.size(); ++s) {
            for (std::size_t j = 0; j < 8; ++j) {
                const double ratio = stages[s - 1][j].sd / stages[s][j].sd;
                QVERIFY2(
                    ratio > 1.6 && ratio < 2.5,
                    qPrintable(
                        QStringLiteral("stage %1, coefficient %2: sd ratio %3").arg(s).arg(j).arg(ratio)));
            }
        }
        const auto truth = synthetic::trueWeights();
        for (std::size_t j = 0; j < 8; ++j)
            QVERIFY(std::fabs(stages.back()[j].mean - truth[j]) < 5 * stages.back()[j].sd);
    }

    void marginalsAreStudentT()
    {
        const Data d = makeData(3, 50);
        BayesianLinearModel m = weakModel();
        QVERIFY(m.update(d.x, d.y));
        const double nu = m.degreesOfFreedom();
        QCOMPARE(nu, 2.0 * 2.0 + 50.0);
        const auto cov = m.covariance();
        QVERIFY(cov);
        const Eigen::MatrixXd scale = m.scaleMatrix();
        QVERIFY(close(*cov, scale * nu / (nu - 2.0), 1e-12));
        for (Eigen::Index j = 0; j < 8; ++j) {
            const CoefficientMarginal c = m.marginal(j);
            QVERIFY(close(c.sd, std::sqrt((*cov)(j, j)), 1e-12));
            QVERIFY(close(c.scale, std::sqrt(scale(j, j)), 1e-12));
            // t quantile for 54 degrees of freedom, from mpmath: 2.0048792882
            QVERIFY(close(c.ci95High - c.mean, 2.0048792882 * c.scale, 1e-9));
            QVERIFY(close(c.mean - c.ci95Low, c.ci95High - c.mean, 1e-12));
        }
    }

    void invalidInputsAreRefused_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addRow("wrong dimension")
            << 0 << QStringLiteral("an observation has 7 features, the model has 8");
        QTest::addRow("NaN feature") << 1
                                     << QStringLiteral(
                                            "row 2, column 3: feature is not a finite number (nan)");
        QTest::addRow("infinite outcome")
            << 2 << QStringLiteral("row 4: outcome is not a finite number (inf)");
        QTest::addRow("rows and outcomes differ") << 3 << QStringLiteral("10 feature rows but 9 outcomes");
        QTest::addRow("overflow") << 4 << QStringLiteral("the update would overflow");
        QTest::addRow("single observation of wrong size") << 5 << QStringLiteral("has 3 features");
    }
    void invalidInputsAreRefused()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        BayesianLinearModel m = weakModel();
        const Data good = makeData(1, 30);
        QVERIFY(m.update(good.x, good.y));
        const std::string before = stateText(m);

        Data d = makeData(2, 10);
        Status s = success();
        switch (kind) {
        case 0:
            s = m.update(Eigen::MatrixXd(d.x.leftCols(7)), d.y);
            break;
        case 1:
            d.x(2, 3) = std::nan("");
            s = m.update(d.x, d.y);
            break;
        case 2:
            d.y(4) = INFINITY;
            s = m.update(d.x, d.y);
            break;
        case 3:
            s = m.update(d.x, Eigen::VectorXd(d.y.head(9)));
            break;
        case 4:
            d.x(0, 0) = 1e200;
            s = m.update(d.x, d.y);
            break;
        case 5:
            s = m.update(Eigen::VectorXd::Ones(3), 1.0);
            break;
        }
        QVERIFY(!s);
        QVERIFY2(s.error().contains(message), qPrintable(s.error()));
        QCOMPARE(stateText(m), before); // refused updates change nothing
        QVERIFY(m.mean().allFinite());
    }

    void invalidPriorsAreRefused_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addRow("no coefficients") << 0 << QStringLiteral("at least one coefficient");
        QTest::addRow("not positive definite")
            << 1 << QStringLiteral("prior.precision: must be positive definite");
        QTest::addRow("asymmetric") << 2 << QStringLiteral("prior.precision: must be symmetric");
        QTest::addRow("zero shape") << 3 << QStringLiteral("prior.shape: must be a finite number > 0");
        QTest::addRow("NaN rate") << 4 << QStringLiteral("prior.rate: must be a finite number > 0");
        QTest::addRow("precision of other size")
            << 5 << QStringLiteral("prior.precision: must be 3 x 3, got 2 x 2");
    }
    void invalidPriorsAreRefused()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        NormalInverseGammaPrior p = NormalInverseGammaPrior::weak(3);
        switch (kind) {
        case 0:
            p = NormalInverseGammaPrior::weak(0);
            break;
        case 1:
            p.precision(1, 1) = -1;
            break;
        case 2:
            p.precision(0, 1) = 0.5;
            break;
        case 3:
            p.shape = 0;
            break;
        case 4:
            p.rate = std::nan("");
            break;
        case 5:
            p.precision = Eigen::MatrixXd::Identity(2, 2);
            break;
        }
        const auto m = BayesianLinearModel::create(p);
        QVERIFY(!m);
        QVERIFY2(m.error().contains(message), qPrintable(m.error()));
    }

    // The state survives a trip through JSON text bit for bit, and the restored model goes on
    // exactly as the original.
    void stateRoundTrip()
    {
        BayesianLinearModel m = weakModel();
        const Data d = makeData(8, 120);
        QVERIFY(m.update(Eigen::MatrixXd(d.x.topRows(60)), Eigen::VectorXd(d.y.head(60))));
        const std::string text = m.toJson().dump(2);
        const auto parsed = json::parseStrict(text);
        QVERIFY(parsed);
        auto restored = BayesianLinearModel::fromJson(*parsed);
        QVERIFY2(restored, qPrintable(restored.error()));
        QCOMPARE(restored->toJson().dump(2), text);
        QCOMPARE(restored->mean(), m.mean());
        QCOMPARE(restored->precision(), m.precision());
        QCOMPARE(restored->rate(), m.rate());

        QVERIFY(m.update(Eigen::MatrixXd(d.x.bottomRows(60)), Eigen::VectorXd(d.y.tail(60))));
        QVERIFY(restored->update(Eigen::MatrixXd(d.x.bottomRows(60)), Eigen::VectorXd(d.y.tail(60))));
        QCOMPARE(stateText(*restored), stateText(m));
        restored->reset();
        QCOMPARE(restored->sampleCount(), qint64(0));
        QCOMPARE(restored->mean(), restored->prior().mean);
    }

    void corruptStateIsRefused_data()
    {
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("message");
        QTest::addRow("other format") << QByteArray("/format") << QByteArray(R"("something/2")")
                                      << QStringLiteral("format: must be \"orch.learning.nig/1\"");
        QTest::addRow("negative rate") << QByteArray("/posterior/rate") << QByteArray("-1")
                                       << QStringLiteral("posterior.rate: must be > 0, got -1");
        QTest::addRow("not positive definite")
            << QByteArray("/posterior/precision/0/0") << QByteArray("-5")
            << QStringLiteral("posterior.precision: must be positive definite");
        QTest::addRow("asymmetric") << QByteArray("/posterior/precision/0/1") << QByteArray("123.5")
                                    << QStringLiteral("posterior.precision: must be symmetric");
        QTest::addRow("short mean") << QByteArray("/posterior/mean") << QByteArray("[1, 2]")
                                    << QStringLiteral("posterior.mean: must have 8 elements, got 2");
        QTest::addRow("string in matrix") << QByteArray("/prior/precision/2/2") << QByteArray(R"("x")")
                                          << QStringLiteral("prior.precision[2][2]: must be a finite number");
        QTest::addRow("shape not matching the count")
            << QByteArray("/sampleCount") << QByteArray("61")
            << QStringLiteral("posterior.shape: must be prior.shape + sampleCount / 2");
        QTest::addRow("negative count") << QByteArray("/sampleCount") << QByteArray("-1")
                                        << QStringLiteral("sampleCount: must be >= 0, got -1");
        QTest::addRow("unknown key") << QByteArray("/posterior/extra") << QByteArray("1")
                                     << QStringLiteral("posterior.extra: unknown key");
        QTest::addRow("huge dimension") << QByteArray("/dimension") << QByteArray("100000000")
                                        << QStringLiteral("dimension: must be <= 10000");
    }
    void corruptStateIsRefused()
    {
        QFETCH(QByteArray, pointer);
        QFETCH(QByteArray, value);
        QFETCH(QString, message);
        BayesianLinearModel m = weakModel();
        const Data d = makeData(8, 60);
        QVERIFY(m.update(d.x, d.y));
        nlohmann::json state = nlohmann::json::parse(m.toJson().dump());
        state[nlohmann::json::json_pointer(pointer.toStdString())]
            = nlohmann::json::parse(value.toStdString());
        const auto restored = BayesianLinearModel::fromJson(state);
        QVERIFY(!restored);
        QVERIFY2(restored.error().contains(message), qPrintable(restored.error()));
    }

    void missingFieldIsNamed()
    {
        nlohmann::json state = nlohmann::json::parse(weakModel(2).toJson().dump());
        state["prior"].erase("rate");
        const auto restored = BayesianLinearModel::fromJson(state);
        QVERIFY(!restored);
        QCOMPARE(restored.error(), QStringLiteral("prior.rate: is missing"));
    }

    // The predictive check's mean change is the update's, and its rank follows the batch.
    void predictiveCheckAgreesWithTheUpdate()
    {
        BayesianLinearModel m = weakModel();
        const Data d = makeData(31, 240);
        QVERIFY(m.update(Eigen::MatrixXd(d.x.topRows(200)), Eigen::VectorXd(d.y.head(200))));
        const Eigen::MatrixXd x = d.x.bottomRows(40);
        const Eigen::VectorXd y = d.y.tail(40);
        const auto check = m.predictiveCheck(x, y);
        QVERIFY(check);
        QCOMPARE(check->rank, 8);
        QCOMPARE(check->degreesOfFreedom, m.degreesOfFreedom());
        const Eigen::VectorXd before = m.mean();
        QVERIFY(m.update(x, y));
        QVERIFY(close(check->meanChange, m.mean() - before, 1e-9));

        const auto one = m.predictiveCheck(Eigen::MatrixXd(x.topRows(1)), Eigen::VectorXd(y.head(1)));
        QVERIFY(one);
        QCOMPARE(one->rank, 1);
        Eigen::MatrixXd collinear = x.topRows(5);
        collinear.col(1) = 2.0 * collinear.col(0);
        const auto deficient = m.predictiveCheck(collinear, Eigen::VectorXd(y.head(5)));
        QVERIFY(deficient);
        QCOMPARE(deficient->rank, 5);
        const auto empty = m.predictiveCheck(Eigen::MatrixXd(0, 8), Eigen::VectorXd(0));
        QVERIFY(empty);
        QCOMPARE(empty->rank, 0);
        QCOMPARE(empty->pValue, 1.0);
    }

    // Under the model, the predictive p-value is (nearly) uniform: over 400 seeded stationary
    // runs, about 5% fall below 0.05 and about 1% below 0.01.
    void predictiveCheckIsCalibrated()
    {
        int below5 = 0;
        int below1 = 0;
        constexpr int kRuns = 400;
        for (int run = 0; run < kRuns; ++run) {
            const Data d = makeData(100000 + std::uint64_t(run), 500);
            BayesianLinearModel m = weakModel();
            QVERIFY(m.update(Eigen::MatrixXd(d.x.topRows(400)), Eigen::VectorXd(d.y.head(400))));
            const auto check
                = m.predictiveCheck(Eigen::MatrixXd(d.x.bottomRows(100)), Eigen::VectorXd(d.y.tail(100)));
            QVERIFY(check);
            below5 += check->pValue < 0.05;
            below1 += check->pValue < 0.01;
        }
        qInfo("predictive p < 0.05 in %d of %d stationary runs, p < 0.01 in %d", below5, kRuns, below1);
        QVERIFY(below5 >= 8 && below5 <= 36); // 20 expected; binomial 99.9% range
        QVERIFY(below1 <= 12); // 4 expected
    }
};

QTEST_GUILESS_MAIN(TestBayesianLinearModel)
#include "tst_bayesianlinearmodel.moc"
