#include "learning/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace orch::learning::dist {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The continued fraction of I_x(a, b) (modified Lentz). It converges quickly for
// x < (a + 1) / (a + b + 2), in O(sqrt(max(a, b))) steps.
double betaFraction(double a, double b, double x)
{
    constexpr int kMaxSteps = 200000;
    constexpr double kEpsilon = 1e-16;
    constexpr double kTiny = 1e-300;
    const double qab = a + b;
    const double qap = a + 1.0;
    const double qam = a - 1.0;
    double c = 1.0;
    double d = 1.0 - qab * x / qap;
    if (std::fabs(d) < kTiny)
        d = kTiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= kMaxSteps; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < kTiny)
            d = kTiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < kTiny)
            c = kTiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < kTiny)
            d = kTiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < kTiny)
            c = kTiny;
        d = 1.0 / d;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1.0) < kEpsilon)
            return h;
    }
    return h; // not converged: only for parameters far beyond the documented range
}

// log Γ(a + b) − log Γ(a). For large a the two lgamma values are huge and nearly equal, so their
// difference comes from Stirling's series instead (its remainder is below 1e-17 for a >= 100).
double logGammaRatio(double a, double b)
{
    if (a < 100.0 || a + b < 100.0)
        return std::lgamma(a + b) - std::lgamma(a);
    auto correction = [](double z) {
        const double z2 = z * z;
        return 1.0 / (12.0 * z) - 1.0 / (360.0 * z * z2) + 1.0 / (1260.0 * z * z2 * z2);
    };
    return b * std::log(a) + (a + b - 0.5) * std::log1p(b / a) - b + correction(a + b) - correction(a);
}

// I_x(a, b) given x, y = 1 − x and their logarithms, each computed by the caller without
// cancellation: with a in the millions, a·log(x) must be accurate to the last bit.
double incompleteBeta(double a, double b, double x, double y, double logX, double logY)
{
    if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0))
        return kNaN;
    if (x == 0)
        return 0.0;
    if (y == 0)
        return 1.0;
    const double logFront = logGammaRatio(a, b) - std::lgamma(b) + a * logX + b * logY;
    if (x < (a + 1.0) / (a + b + 2.0))
        return std::exp(logFront) * betaFraction(a, b, x) / a;
    return 1.0 - std::exp(logFront) * betaFraction(b, a, y) / b;
}

// The q-quantile of the standard normal distribution, by bisection on erfc (accurate to the last
// bits; only needed once per large-ν quantile).
double normalQuantile(double q)
{
    double lo = -40.0;
    double hi = 40.0;
    for (int i = 0; i < 200 && hi - lo > 1e-17 * std::max(1.0, std::fabs(lo)); ++i) {
        const double mid = 0.5 * (lo + hi);
        if (0.5 * std::erfc(-mid / std::numbers::sqrt2) < q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

// Above this many degrees of freedom the t quantile comes from its expansion in 1/ν (the continued
// fraction then needs O(√ν) steps and loses digits to rounding).
constexpr double kExpansionDegrees = 1e4;

// The Cornish-Fisher expansion of the t quantile about the normal one, four terms; the first
// omitted term is below 1e-19 for ν >= 1e4.
double studentTQuantileExpansion(double q, double nu)
{
    const double z = normalQuantile(q);
    const double z2 = z * z;
    const double g1 = z * (z2 + 1.0) / 4.0;
    const double g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
    const double g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
    const double g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
    return z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu;
}

} // namespace

double incompleteBeta(double a, double b, double x)
{
    if (!(x >= 0 && x <= 1))
        return kNaN;
    return incompleteBeta(a, b, x, 1.0 - x, std::log(x), std::log1p(-x));
}

double studentTTwoSidedTail(double t, double nu)
{
    if (!(nu > 0) || !(t >= 0))
        return kNaN;
    if (std::isinf(t))
        return 0.0;
    // P(|T| > t) = I_{nu / (nu + t^2)}(nu / 2, 1 / 2).
    const double t2 = t * t;
    const double r = t2 / nu;
    return incompleteBeta(nu / 2.0, 0.5, 1.0 / (1.0 + r), r / (1.0 + r), -std::log1p(r),
                          std::log(r) - std::log1p(r));
}

double studentTCdf(double t, double nu)
{
    if (!(nu > 0) || std::isnan(t))
        return kNaN;
    const double half = 0.5 * studentTTwoSidedTail(std::fabs(t), nu);
    return t < 0 ? half : 1.0 - half;
}

double studentTQuantile(double q, double nu)
{
    if (!(q > 0 && q < 1) || !(nu > 0))
        return kNaN;
    if (q == 0.5)
        return 0.0;
    if (q < 0.5)
        return -studentTQuantile(1.0 - q, nu);
    if (nu > kExpansionDegrees)
        return studentTQuantileExpansion(q, nu);
    const double tail = 2.0 * (1.0 - q); // the two-sided tail the quantile leaves
    // Bracket, then bisect: the tail decreases strictly in t, and bisection cannot diverge.
    double lo = 0.0;
    double hi = 1.0;
    while (studentTTwoSidedTail(hi, nu) > tail) {
        lo = hi;
        hi *= 2.0;
        if (std::isinf(hi))
            return hi;
    }
    for (int i = 0; i < 200 && hi - lo > 4.0 * std::numeric_limits<double>::epsilon() * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (studentTTwoSidedTail(mid, nu) > tail)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

double fSurvival(double f, double d1, double d2)
{
    if (!(d1 > 0) || !(d2 > 0) || !(f >= 0))
        return kNaN;
    if (std::isinf(f))
        return 0.0;
    // P(F > f) = I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2).
    const double r = d1 * f / d2;
    return incompleteBeta(d2 / 2.0, d1 / 2.0, 1.0 / (1.0 + r), r / (1.0 + r), -std::log1p(r),
                          std::log(r) - std::log1p(r));
}

} // namespace orch::learning::dist
