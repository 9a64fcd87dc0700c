#pragma once

#include <optional>
#include <vector>

#include <QtGlobal>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "common/result.h"

namespace orch::learning {

// The conjugate prior of y = x·β + ε, ε ~ N(0, σ²): β | σ² ~ N(mean, σ² precision⁻¹), σ² ~ IG(shape, rate).
struct NormalInverseGammaPrior
{
    Eigen::VectorXd mean; // m0
    Eigen::MatrixXd precision; // Λ0, symmetric positive definite
    double shape = 2.0; // a0 > 0
    double rate = 1e-6; // b0 > 0

    // Zero mean, precision·I. The defaults hardly inform the mean (a prior precision of 1e-6 is
    // negligible beside XᵀX once there are observations); shape 2 is the smallest whole number for
    // which every coefficient has a finite posterior variance before any data.
    static NormalInverseGammaPrior weak(Eigen::Index dimension, double precision = 1e-6, double shape = 2.0,
                                        double rate = 1e-6);
};

// One coefficient's marginal posterior: Student's t with 2a degrees of freedom, location `mean`,
// scale `scale` = sqrt(b/a · (Λ⁻¹)_jj).
struct CoefficientMarginal
{
    double mean = 0;
    double scale = 0;
    double sd = 0; // scale · sqrt(ν / (ν − 2)); +infinity while ν = 2a <= 2
    double ci95Low = 0; // central 95% credible interval
    double ci95High = 0;
};

// How surprising a batch of observations is under the current posterior (a posterior predictive
// check in coefficient space). If the batch follows the model, the change it causes in the
// posterior mean, d = m_new − m_old, is multivariate t with 2a_old degrees of freedom and scale
// (b_old / a_old)·C, C = Λ_old⁻¹ − Λ_new⁻¹; so F = dᵀC⁺d / (k · b_old / a_old) ~ F(k, 2a_old), k the
// rank of the batch's XᵀX (a generalized inverse when the batch does not inform every coefficient).
struct PredictiveCheck
{
    double statistic = 0; // F
    int rank = 0; // k, the numerator degrees of freedom; 0 for an empty or all-zero batch
    double degreesOfFreedom = 0; // 2a_old, the denominator degrees of freedom
    double pValue = 1; // P(F(k, 2a_old) > statistic); 1 when k = 0
    Eigen::VectorXd meanChange; // d
    // d_j over its predictive scale (marginally t with 2a_old degrees of freedom); 0 for a
    // coefficient the batch does not inform.
    Eigen::VectorXd standardizedChange;
};

// Conjugate Normal-Inverse-Gamma linear regression, updated incrementally. The state is the
// posterior (mean m, precision Λ, shape a, rate b), which are the sufficient statistics together
// with the prior; updates use the completed-square form of b (a sum of non-negative terms, so b
// never loses precision to cancellation) and Cholesky solves, never explicit inverses.
// Every update validates all of its input first and either applies completely or not at all, so
// the state is never NaN.
class BayesianLinearModel final
{
public:
    static Result<BayesianLinearModel> create(NormalInverseGammaPrior prior);

    Eigen::Index dimension() const { return m_mean.size(); }
    qint64 sampleCount() const { return m_count; }

    // One observation, or a batch whose rows are observations. Refuses a wrong dimension and
    // non-finite values (naming the row and column), and an update whose result would overflow.
    Status update(const Eigen::VectorXd& x, double y);
    Status update(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

    const NormalInverseGammaPrior& prior() const { return m_prior; }
    const Eigen::VectorXd& mean() const { return m_mean; }
    const Eigen::MatrixXd& precision() const { return m_precision; }
    double shape() const { return m_shape; }
    double rate() const { return m_rate; }
    double degreesOfFreedom() const { return 2.0 * m_shape; }

    // E[σ²] = b / (a − 1); absent while a <= 1.
    std::optional<double> noiseVariance() const;
    // Cov[β] = b / (a − 1) · Λ⁻¹; absent while a <= 1.
    std::optional<Eigen::MatrixXd> covariance() const;
    // The scale matrix of β's multivariate t posterior: b / a · Λ⁻¹.
    Eigen::MatrixXd scaleMatrix() const;

    CoefficientMarginal marginal(Eigen::Index j) const;
    std::vector<CoefficientMarginal> marginals() const;

    // The check of a batch against this posterior; the model is not changed.
    Result<PredictiveCheck> predictiveCheck(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) const;

    // Back to the prior, forgetting every observation.
    void reset();

    // The prior and the posterior, numbers written so they read back bit for bit.
    nlohmann::ordered_json toJson() const;
    // Validates a state written by toJson: dimensions, finiteness, a symmetric positive-definite
    // precision, positive shape and rate, shape = prior shape + sampleCount / 2.
    static Result<BayesianLinearModel> fromJson(const nlohmann::json& state);

private:
    explicit BayesianLinearModel(NormalInverseGammaPrior prior);
    Status validateBatch(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) const;
    Eigen::MatrixXd precisionInverse() const;

    NormalInverseGammaPrior m_prior;
    Eigen::VectorXd m_mean;
    Eigen::MatrixXd m_precision;
    double m_shape = 0;
    double m_rate = 0;
    qint64 m_count = 0;
};

} // namespace orch::learning
