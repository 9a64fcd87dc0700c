#include "learning/bayesianlinearmodel.h"

#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "learning/distributions.h"
#include "learning/jsonfields.h"

namespace orch::learning {

namespace {

constexpr char kStateFormat[] = "orch.learning.nig/1";
constexpr qint64 kMaxDimension = 10000; // refuses absurd sizes in a state document before allocating
constexpr double kSymmetryTolerance = 1e-12;
// Eigenvalues of the Jacobi-scaled check matrix below this fraction of the largest count as zero:
// exactly collinear directions of a batch (rounding leaves ~1e-16 there).
constexpr double kRankTolerance = 1e-10;

using detail::numberText;

bool allFinite(const Eigen::MatrixXd& m)
{
    return m.allFinite();
}

Eigen::MatrixXd symmetrized(const Eigen::MatrixXd& m)
{
    return 0.5 * (m + m.transpose());
}

// "" when `precision` is a usable precision matrix of `dimension`, else the reason.
QString precisionProblem(const Eigen::MatrixXd& precision, Eigen::Index dimension)
{
    if (precision.rows() != dimension || precision.cols() != dimension)
        return QStringLiteral("must be %1 x %1, got %2 x %3")
            .arg(dimension)
            .arg(precision.rows())
            .arg(precision.cols());
    if (!allFinite(precision))
        return QStringLiteral("must contain finite numbers only");
    const double largest = precision.cwiseAbs().maxCoeff();
    if ((precision - precision.transpose()).cwiseAbs().maxCoeff() > kSymmetryTolerance * largest)
        return QStringLiteral("must be symmetric");
    if (Eigen::LLT<Eigen::MatrixXd>(symmetrized(precision)).info() != Eigen::Success)
        return QStringLiteral("must be positive definite");
    return {};
}

} // namespace

NormalInverseGammaPrior NormalInverseGammaPrior::weak(Eigen::Index dimension, double precision, double shape,
                                                      double rate)
{
    NormalInverseGammaPrior p;
    p.mean = Eigen::VectorXd::Zero(dimension);
    p.precision = precision * Eigen::MatrixXd::Identity(dimension, dimension);
    p.shape = shape;
    p.rate = rate;
    return p;
}

BayesianLinearModel::BayesianLinearModel(NormalInverseGammaPrior prior)
    : m_prior(std::move(prior))
{
    reset();
}

Result<BayesianLinearModel> BayesianLinearModel::create(NormalInverseGammaPrior prior)
{
    const Eigen::Index p = prior.mean.size();
    if (p < 1)
        return fail(QStringLiteral("prior.mean: the model needs at least one coefficient"));
    if (p > kMaxDimension)
        return fail(QStringLiteral("prior.mean: at most %1 coefficients, got %2").arg(kMaxDimension).arg(p));
    if (!prior.mean.allFinite())
        return fail(QStringLiteral("prior.mean: must contain finite numbers only"));
    if (const QString problem = precisionProblem(prior.precision, p); !problem.isEmpty())
        return fail(QStringLiteral("prior.precision: ") + problem);
    if (!(std::isfinite(prior.shape) && prior.shape > 0))
        return fail(QStringLiteral("prior.shape: must be a finite number > 0, got ")
                    + numberText(prior.shape));
    if (!(std::isfinite(prior.rate) && prior.rate > 0))
        return fail(QStringLiteral("prior.rate: must be a finite number > 0, got ") + numberText(prior.rate));
    prior.precision = symmetrized(prior.precision);
    return BayesianLinearModel(std::move(prior));
}

void BayesianLinearModel::reset()
{
    m_mean = m_prior.mean;
    m_precision = m_prior.precision;
    m_shape = m_prior.shape;
    m_rate = m_prior.rate;
    m_count = 0;
}

Status BayesianLinearModel::validateBatch(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) const
{
    if (x.cols() != dimension())
        return fail(QStringLiteral("an observation has %1 features, the model has %2 coefficients")
                        .arg(x.cols())
                        .arg(dimension()));
    if (x.rows() != y.size())
        return fail(QStringLiteral("%1 feature rows but %2 outcomes").arg(x.rows()).arg(y.size()));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < x.cols(); ++j) {
            if (!std::isfinite(x(i, j)))
                return fail(QStringLiteral("row %1, column %2: feature is not a finite number (%3)")
                                .arg(i)
                                .arg(j)
                                .arg(numberText(x(i, j))));
        }
        if (!std::isfinite(y(i)))
            return fail(
                QStringLiteral("row %1: outcome is not a finite number (%2)").arg(i).arg(numberText(y(i))));
    }
    return success();
}

Status BayesianLinearModel::update(const Eigen::VectorXd& x, double y)
{
    return update(Eigen::MatrixXd(x.transpose()), Eigen::VectorXd::Constant(1, y));
}

Status BayesianLinearModel::update(const Eigen::MatrixXd& x, const Eigen::VectorXd& y)
{
    if (Status valid = validateBatch(x, y); !valid)
        return valid;
    if (x.rows() == 0)
        return success();

    // Λ' = Λ + XᵀX and m' = m + Λ'⁻¹Xᵀ(y − Xm), which is Λ'⁻¹(Λm + Xᵀy) without forming Λm.
    const Eigen::MatrixXd precision = symmetrized(m_precision + x.transpose() * x);
    const Eigen::LLT<Eigen::MatrixXd> llt(precision);
    if (llt.info() != Eigen::Success || !allFinite(precision))
        return fail(QStringLiteral("the update would overflow: features too large"));
    const Eigen::VectorXd residual = y - x * m_mean;
    const Eigen::VectorXd step = llt.solve(x.transpose() * residual);
    const Eigen::VectorXd mean = m_mean + step;
    // b' = b + ½ min_β [|y − Xβ|² + (β − m)ᵀΛ(β − m)], the minimum reached at m'. Both terms are
    // non-negative; the textbook ½(yᵀy + mᵀΛm − m'ᵀΛ'm') cancels catastrophically.
    const Eigen::VectorXd after = y - x * mean;
    const double rate = m_rate + 0.5 * (after.squaredNorm() + step.dot(m_precision * step));
    const double shape = m_shape + 0.5 * double(x.rows());
    if (!mean.allFinite() || !std::isfinite(rate) || !std::isfinite(shape))
        return fail(QStringLiteral("the update would overflow: features or outcomes too large"));

    m_precision = precision;
    m_mean = mean;
    m_rate = rate;
    m_shape = shape;
    m_count += x.rows();
    return success();
}

std::optional<double> BayesianLinearModel::noiseVariance() const
{
    if (!(m_shape > 1))
        return std::nullopt;
    return m_rate / (m_shape - 1.0);
}

Eigen::MatrixXd BayesianLinearModel::precisionInverse() const
{
    // The whole inverse is the answer here (a covariance), so it is one solve against I.
    const Eigen::Index p = dimension();
    return symmetrized(m_precision.llt().solve(Eigen::MatrixXd::Identity(p, p)));
}

std::optional<Eigen::MatrixXd> BayesianLinearModel::covariance() const
{
    const auto variance = noiseVariance();
    if (!variance)
        return std::nullopt;
    return Eigen::MatrixXd(*variance * precisionInverse());
}

Eigen::MatrixXd BayesianLinearModel::scaleMatrix() const
{
    return (m_rate / m_shape) * precisionInverse();
}

CoefficientMarginal BayesianLinearModel::marginal(Eigen::Index j) const
{
    return marginals().at(std::size_t(j));
}

std::vector<CoefficientMarginal> BayesianLinearModel::marginals() const
{
    const double nu = degreesOfFreedom();
    const double quantile = dist::studentTQuantile(0.975, nu);
    const double sdFactor = nu > 2 ? std::sqrt(nu / (nu - 2.0)) : std::numeric_limits<double>::infinity();
    const Eigen::MatrixXd scale = scaleMatrix();
    std::vector<CoefficientMarginal> out;
    out.reserve(std::size_t(dimension()));
    for (Eigen::Index j = 0; j < dimension(); ++j) {
        CoefficientMarginal c;
        c.mean = m_mean(j);
        c.scale = std::sqrt(std::max(0.0, scale(j, j)));
        c.sd = c.scale * sdFactor;
        c.ci95Low = c.mean - quantile * c.scale;
        c.ci95High = c.mean + quantile * c.scale;
        out.push_back(c);
    }
    return out;
}

Result<PredictiveCheck> BayesianLinearModel::predictiveCheck(const Eigen::MatrixXd& x,
                                                             const Eigen::VectorXd& y) const
{
    if (Status valid = validateBatch(x, y); !valid)
        return Error { valid.error() };
    const Eigen::Index p = dimension();
    PredictiveCheck check;
    check.degreesOfFreedom = degreesOfFreedom();
    check.meanChange = Eigen::VectorXd::Zero(p);
    check.standardizedChange = Eigen::VectorXd::Zero(p);
    if (x.rows() == 0)
        return check;

    const Eigen::MatrixXd gram = symmetrized(x.transpose() * x);
    const Eigen::MatrixXd after = symmetrized(m_precision + gram);
    const Eigen::LLT<Eigen::MatrixXd> lltBefore(m_precision);
    const Eigen::LLT<Eigen::MatrixXd> lltAfter(after);
    if (lltAfter.info() != Eigen::Success || !allFinite(after))
        return fail(QStringLiteral("the check would overflow: features too large"));
    const Eigen::VectorXd score = x.transpose() * (y - x * m_mean); // g = Xᵀ(y − Xm)
    check.meanChange = lltAfter.solve(score);

    // Cov[g] = σ²·M with M = G + G Λ⁻¹ G (G = XᵀX); F uses gᵀM⁺g. M is scaled to unit diagonal
    // first, so features in milliseconds and in fractions do not decide the numerical rank.
    const Eigen::MatrixXd m = symmetrized(gram + gram * lltBefore.solve(gram));
    Eigen::VectorXd unit(p);
    for (Eigen::Index j = 0; j < p; ++j)
        unit(j) = m(j, j) > 0 ? 1.0 / std::sqrt(m(j, j)) : 0.0;
    const Eigen::MatrixXd scaled = unit.asDiagonal() * m * unit.asDiagonal();
    const Eigen::VectorXd scaledScore = unit.cwiseProduct(score);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(scaled);
    if (eigen.info() != Eigen::Success)
        return fail(QStringLiteral("the check's eigen decomposition did not converge"));
    const double largest = eigen.eigenvalues().maxCoeff();
    double distance = 0;
    int rank = 0;
    for (Eigen::Index i = 0; i < p; ++i) {
        const double lambda = eigen.eigenvalues()(i);
        if (!(largest > 0) || lambda <= kRankTolerance * largest)
            continue;
        const double projection = eigen.eigenvectors().col(i).dot(scaledScore);
        distance += projection * projection / lambda;
        ++rank;
    }
    check.rank = rank;
    if (rank == 0)
        return check;
    const double noiseScale = m_rate / m_shape;
    check.statistic = distance / (double(rank) * noiseScale);
    check.pValue = dist::fSurvival(check.statistic, double(rank), check.degreesOfFreedom);

    // C = Λ⁻¹ − Λ'⁻¹ = Λ⁻¹ G Λ'⁻¹: the product form, because the difference cancels when the
    // batch is small beside what the posterior already holds.
    const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(p, p);
    const Eigen::MatrixXd before = lltBefore.solve(identity);
    const Eigen::MatrixXd c = symmetrized(before * gram * lltAfter.solve(identity));
    for (Eigen::Index j = 0; j < p; ++j) {
        if (c(j, j) > kRankTolerance * before(j, j))
            check.standardizedChange(j) = check.meanChange(j) / std::sqrt(noiseScale * c(j, j));
    }
    return check;
}

nlohmann::ordered_json BayesianLinearModel::toJson() const
{
    using detail::toJson;
    nlohmann::ordered_json j;
    j["format"] = kStateFormat;
    j["dimension"] = dimension();
    j["sampleCount"] = m_count;
    j["prior"] = { { "mean", toJson(m_prior.mean) },
                   { "precision", toJson(m_prior.precision) },
                   { "shape", m_prior.shape },
                   { "rate", m_prior.rate } };
    j["posterior"] = { { "mean", toJson(m_mean) },
                       { "precision", toJson(m_precision) },
                       { "shape", m_shape },
                       { "rate", m_rate } };
    return j;
}

Result<BayesianLinearModel> BayesianLinearModel::fromJson(const nlohmann::json& state)
{
    QStringList errors;
    detail::FieldReader root(&state, QString(), &errors);
    const auto format = root.string("format");
    if (format && *format != QLatin1String(kStateFormat))
        root.error("format",
                   QStringLiteral("must be \"%1\", got \"%2\"").arg(QLatin1String(kStateFormat), *format));
    const auto dimension = root.integer("dimension", 1);
    if (dimension && *dimension > kMaxDimension) {
        root.error("dimension", QStringLiteral("must be <= %1, got %2").arg(kMaxDimension).arg(*dimension));
        return fail(errors.join(u'\n'));
    }
    const auto count = root.integer("sampleCount", 0);
    if (!dimension) {
        root.finish();
        return fail(errors.join(u'\n'));
    }
    const Eigen::Index p = Eigen::Index(*dimension);

    struct Part
    {
        std::optional<Eigen::VectorXd> mean;
        std::optional<Eigen::MatrixXd> precision;
        std::optional<double> shape;
        std::optional<double> rate;
    };
    auto readPart = [&](const char* key) {
        detail::FieldReader r(root.object(key), root.pathOf(key), &errors);
        Part part { r.vector("mean", p), r.matrix("precision", p, p), r.number("shape", 0.0, {}, true),
                    r.number("rate", 0.0, {}, true) };
        if (part.precision) {
            if (const QString problem = precisionProblem(*part.precision, p); !problem.isEmpty())
                r.error("precision", problem);
        }
        r.finish();
        return part;
    };
    const Part prior = readPart("prior");
    const Part posterior = readPart("posterior");
    root.finish();
    if (!errors.isEmpty())
        return fail(errors.join(u'\n'));
    const double expectedShape = *prior.shape + 0.5 * double(*count);
    if (std::fabs(*posterior.shape - expectedShape) > 1e-9 * expectedShape)
        return fail(QStringLiteral("posterior.shape: must be prior.shape + sampleCount / 2 = %1, got %2")
                        .arg(numberText(expectedShape), numberText(*posterior.shape)));

    auto model = create(NormalInverseGammaPrior { *prior.mean, *prior.precision, *prior.shape, *prior.rate });
    if (!model)
        return model;
    model->m_mean = *posterior.mean;
    model->m_precision = symmetrized(*posterior.precision);
    model->m_shape = *posterior.shape;
    model->m_rate = *posterior.rate;
    model->m_count = *count;
    return model;
}

} // namespace orch::learning
