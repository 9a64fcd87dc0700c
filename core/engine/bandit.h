#pragma once

#include <array>
#include <map>
#include <span>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"

// The RLController's policy, as pure functions over a table of action values, so that the
// controller, its retrain() and the what-if replay (core/whatif) compute the same thing.
//
// Per dealer context (a discrete label, e.g. "schema-gap"), each fix action has an arm: the
// exponentially weighted mean and variance of its observed rewards, with step size
// max(learningRate, 1/n) — a plain average for the first 1/learningRate rewards, then a moving
// one that follows a changing fleet. A decision spends `exploration` uniformly over all actions
// (so every action keeps probability exploration/K >= minProbability) and the rest on the target:
// the best estimated fix when the confidence gate and the reward threshold pass, else "none"
// (the controller holds, and says why).
//
// Confidence of a context: the probability, under a normal approximation, that the best
// estimated fix earns more than holding:
//     confidence = Phi((m_fix - m_none) / sqrt(se_fix^2 + se_none^2))
// where m is an arm's mean and se^2 = variance / n_eff, n_eff = min(n, (2 - lr) / lr) (the
// effective sample size of an exponentially weighted mean). Holding's arm is used once it has two
// rewards; before that holding counts as exactly 0 (no fix: no change, no cost). A fix with fewer
// than two rewards has confidence 0.
namespace orch::bandit {

inline constexpr int kActionCount = 5;
inline constexpr int kNone = 0;

// "none", "schema", "ugc", "geo", "cwv" (index = action id).
const QStringList& actions();
// -1 when unknown.
int actionIndex(const QString& name);

struct Settings
{
    double learningRate = 0.1;
    double confidenceGate = 0.75;
    double exploration = 0.2;
    double minProbability = 0.02;
    // Governance: a fix is the target only if its expected benefit (mean reward + cost) is at
    // least this multiple of its cost, and its expected reward is positive.
    double minRewardMultiple = 1.2;

    // Names the offending setting.
    Status validate() const;
    nlohmann::json toJson() const;
};

struct Arm
{
    double n = 0; // rewards observed
    double mean = 0;
    double variance = 0; // exponentially weighted (population) variance

    friend bool operator==(const Arm&, const Arm&) = default;
};

using Arms = std::array<Arm, kActionCount>;

class ValueTable
{
public:
    void update(const QString& context, int action, double reward, double learningRate);
    // A context never seen has all arms empty.
    Arms arms(const QString& context) const;
    QStringList contexts() const;
    qint64 observations() const { return m_observations; }
    void clear();

    nlohmann::json toJson() const;
    static Result<ValueTable> fromJson(const nlohmann::json& json);

    friend bool operator==(const ValueTable&, const ValueTable&) = default;

private:
    std::map<QString, Arms> m_arms;
    qint64 m_observations = 0;
};

struct Choice
{
    std::array<double, kActionCount> probabilities {};
    int best = kNone; // the best estimated fix (kNone when no fix has a reward yet)
    int target = kNone; // where the non-exploring share goes: `best` when it may act, else kNone
    double confidence = 0;
    double expectedReward = 0; // of `best`
    QString reason; // "act: ..." or "hold: ..."
};

// `costs` are the API cost of each action (US dollars), for the reward threshold.
Choice choose(const ValueTable& values, const QString& context, const Settings& settings,
              std::span<const double, kActionCount> costs);
// The action drawn with uniform u in [0, 1).
int draw(const Choice& choice, double u);

double confidence(const Arms& arms, int fix, double learningRate);

} // namespace orch::bandit
