#pragma once

#include <vector>

#include <QMetaType>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch::learning {

struct CoefficientPosterior
{
    QString name;
    double mean = 0;
    double sd = 0;
    double ci95Low = 0;
    double ci95High = 0;

    friend bool operator==(const CoefficientPosterior&, const CoefficientPosterior&) = default;
};

// A significant posterior shift: the day's batch is improbable under the posterior that preceded
// it (see AdaptiveWeightLearner). The orchestrator treats `detected` as drift and calls
// RLController.retrain().
struct PosteriorShift
{
    bool tested = false; // false while the earlier posterior rests on too few observations
    bool detected = false;
    double statistic = 0; // F of the predictive check
    int rank = 0; // its numerator degrees of freedom
    double degreesOfFreedom = 0; // its denominator degrees of freedom
    double pValue = 1;
    QString reason; // why it was (not) detected, for the log and the audit trail

    friend bool operator==(const PosteriorShift&, const PosteriorShift&) = default;
};

// One run's result, and the content of weight_posterior.json.
struct WeightPosterior
{
    QString version; // the learner's (spec) version, "1.2"
    TimeMs time = 0; // the scheduled time of the run
    std::vector<CoefficientPosterior> coefficients;
    double degreesOfFreedom = 0; // of the marginal Student-t posteriors (2a)
    qint64 sampleCount = 0;
    double confidence = 0;
    double confidenceFloor = 0;
    bool published = false; // this run's means became the published weights
    PosteriorShift shift;

    friend bool operator==(const WeightPosterior&, const WeightPosterior&) = default;

    nlohmann::ordered_json toJson() const;
    // Validates every field (types, finiteness, ci95.low <= mean <= ci95.high, sd >= 0, confidence in
    // [0, 1], unique non-empty names, a UTC time) and refuses unknown keys; errors name the path.
    static Result<WeightPosterior> fromJson(const nlohmann::json& document);
};

} // namespace orch::learning

Q_DECLARE_METATYPE(orch::learning::WeightPosterior)
