#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "learning/bayesianlinearmodel.h"
#include "learning/weightposterior.h"
#include "spec/orchestratorspec.h"

namespace orch::learning {

// One row of a day's data: the sub-signals, in the order of the learner's coefficient names, and
// the outcome they are weighted to explain.
struct Observation
{
    std::vector<double> features;
    double outcome = 0;
};

struct LearnerOptions
{
    // The prior: β | σ² ~ N(0, σ² / priorPrecision · I), σ² ~ IG(priorShape, priorRate). Weak by
    // default; priorShape must exceed 1 so every reported standard deviation is finite.
    double priorPrecision = 1e-6;
    double priorShape = 2.0;
    double priorRate = 1e-6;
    // A shift is a predictive p-value below shiftLevel, tested once the earlier posterior rests on
    // at least minSamplesForShiftTest observations (SPEC.md's auto-retrain minimum sample size).
    double shiftLevel = 0.001;
    qint64 minSamplesForShiftTest = 100;
    // After a shift the observations before it describe another regime: restart from the prior
    // plus the shifting batch instead of averaging the two regimes.
    bool resetOnShift = true;
};

// Bayesian reweighting of the AIV/ATI coefficients (SPEC.md AdaptiveWeightLearner v1.2): a conjugate
// Normal-Inverse-Gamma regression of the outcome on the sub-signals, updated once a day with the
// day's observations.
//
// Confidence. For coefficient j let h_j be the half-width of its central 95% credible interval
// (marginally Student-t with 2a degrees of freedom) and m_j its posterior mean; the confidence is
// 1 − max_j h_j / |m_j|, clipped to [0, 1]. So confidence c means every coefficient is known to
// within ±(1 − c)·|m_j| at 95% credibility: at the 0.95 floor, every weight to within ±5%. It is 0
// with no or too few data (the prior mean is 0, and the intervals are wide), and rises towards 1 as
// h_j shrinks like 1/√n. It is chosen over "the joint posterior probability that every coefficient
// lies within ±r·|m_j|" because it is closed-form and deterministic (that probability needs Monte
// Carlo integration of a multivariate t, whose noise near the floor could flip a publication), and
// it is unchanged when a sub-signal or the outcome is rescaled (milliseconds next to fractions). A
// weight whose mean is near zero keeps the confidence low: weights are published when every
// weight's size is known, not only its sign.
//
// Shift. Before each update the batch is checked against the posterior that precedes it
// (BayesianLinearModel::predictiveCheck): a significant posterior shift is a predictive p-value
// below LearnerOptions::shiftLevel (0.001), so on stationary data about one run in a thousand
// reports one.
class AdaptiveWeightLearner final
{
public:
    // Refuses an empty, blank or repeated name, a floor outside [0, 1] and an invalid prior.
    static Result<AdaptiveWeightLearner> create(const AdaptiveWeightLearnerSpec& spec,
                                                const QStringList& coefficientNames,
                                                const LearnerOptions& options = {});

    // The daily run: checks the batch for a shift, updates the posterior, publishes when the
    // confidence reaches the floor. A run without observations re-reports the current posterior.
    // Refuses (changing nothing) a run before the previous one and any malformed observation.
    Result<WeightPosterior> run(TimeMs at, const std::vector<Observation>& newObservations);

    const QStringList& coefficientNames() const { return m_names; }
    const AdaptiveWeightLearnerSpec& spec() const { return m_spec; }
    const LearnerOptions& options() const { return m_options; }
    const BayesianLinearModel& model() const { return m_model; }
    // The run that last published; absent until the confidence first reached the floor. Its
    // coefficient means are the published weights.
    const std::optional<WeightPosterior>& published() const { return m_published; }
    std::optional<TimeMs> lastRun() const { return m_lastRun; }

    // The whole state (model, published weights, last run) for the state store. restoreState
    // refuses a state of other coefficient names; the restored model keeps the prior it was built on.
    nlohmann::ordered_json stateToJson() const;
    Status restoreState(const nlohmann::json& state);

    // The confidence defined above, of a set of marginals; 0 for none.
    static double confidenceOf(const std::vector<CoefficientMarginal>& marginals);

    // Writes weight_posterior.json atomically: a temporary file in the same directory, flushed
    // to disk, renamed over `path` (QSaveFile), then the directory synced; a reader sees the old
    // file or the new one, whole, even if the process dies meanwhile.
    static Status writePosterior(const WeightPosterior& posterior, const QString& path);
    static Result<WeightPosterior> readPosterior(const QString& path);

private:
    AdaptiveWeightLearner(const AdaptiveWeightLearnerSpec& spec, const QStringList& names,
                          const LearnerOptions& options, BayesianLinearModel model);

    AdaptiveWeightLearnerSpec m_spec;
    QStringList m_names;
    LearnerOptions m_options;
    BayesianLinearModel m_model;
    std::optional<WeightPosterior> m_published;
    std::optional<TimeMs> m_lastRun;
};

} // namespace orch::learning
