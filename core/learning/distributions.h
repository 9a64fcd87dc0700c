#pragma once

namespace orch::learning::dist {

// The few distribution functions the conjugate model needs, so the learner depends on Eigen alone.
// Relative accuracy: the t quantile about 1e-14 for any ν >= 0.5 (a series in 1/ν above 1e4
// degrees of freedom); tail probabilities about 1e-13 up to 1e5 degrees of freedom, degrading to
// about 1e-9 at 1e9 (the continued fraction's rounding). Arguments outside the documented domains
// give NaN.

// The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1].
double incompleteBeta(double a, double b, double x);

// P(T <= t) for Student's t with nu > 0 degrees of freedom.
double studentTCdf(double t, double nu);

// P(|T| > t) for t >= 0: computed directly, so tiny tail probabilities keep their precision.
double studentTTwoSidedTail(double t, double nu);

// The q-quantile of Student's t with nu > 0 degrees of freedom, 0 < q < 1.
double studentTQuantile(double q, double nu);

// P(F > f) for Fisher's F with d1, d2 > 0 degrees of freedom and f >= 0.
double fSurvival(double f, double d1, double d2);

} // namespace orch::learning::dist
