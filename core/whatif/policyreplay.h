#pragma once

#include <array>
#include <functional>
#include <optional>
#include <vector>

#include <QString>
#include <QStringList>
#include <QStringView>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "engine/bandit.h"
#include "store/statestore.h"
#include "whatif/offpolicy.h"

namespace orch {
struct OrchestratorSpec;
}

// Policy replay (off-policy evaluation): what would the mean reward per decision have been under
// another policy, estimated from the RLController's decision log (docs/whatif.md).
//
// Each rewarded decision i of the log contributes its reward r_i and the importance weight
// w_i = pi(a_i | x_i) / p_i, where p_i is the probability the logging policy gave the logged
// action (DecisionRecord::probability) and pi the target policy's probability of the same action
// in the same context. IPS and self-normalized IPS (offpolicy.h) then estimate the target's value.
//
// Targets:
// - adaptive: the RLController's own policy (core/engine/bandit.h) with other Settings. The log is
//   replayed in time order (decision time, then id); a fresh bandit::ValueTable learns each logged
//   outcome, with the alternative's learning rate, as soon as its rewardedAt <= the time of the
//   decision being evaluated, and pi(. | x) = bandit::choose(table, x, settings, costs). Outcomes of
//   decisions before `since` are learnt too (the policy would have seen them).
// - static: a fixed function context -> probabilities over the five actions.
//
// The estimate is refused (report.refusals, no figures) when the log cannot support it: fewer
// rewarded decisions in range than `minRewardedDecisions`; a rewarded decision whose logged
// propensity is missing, zero or above 1, or whose action is unknown; an effective sample size
// below max(minEffectiveSampleSize, minEffectiveSampleFraction * n).
namespace orch::whatif {

using ActionProbabilities = std::array<double, bandit::kActionCount>;
using ActionCosts = std::array<double, bandit::kActionCount>;

// API cost of each action in US dollars (none, schema, ugc, geo, cwv): the simulated fleet's costs.
inline constexpr ActionCosts kDefaultActionCosts { 0.0, 0.01, 0.015, 0.02, 0.03 };

// "schema=0.01,geo=0.025": the named actions' costs replace those of `base`. Errors name the item.
Result<ActionCosts> parseActionCosts(QStringView text, const ActionCosts& base = kDefaultActionCosts);
Status validateActionCosts(const ActionCosts& costs);
nlohmann::ordered_json actionCostsJson(const ActionCosts& costs);

// The logging policy's settings as the spec configures them: learning rate and confidence gate of
// components.rlController, minRewardMultiple = governance.minRewardThreshold; exploration and
// minProbability keep bandit::Settings' defaults (the spec has no keys for them).
bandit::Settings loggedSettings(const OrchestratorSpec& spec);

struct StaticPolicy
{
    QString name;
    // Must return probabilities in [0, 1] summing to 1 (within 1e-6); checked at every call.
    std::function<ActionProbabilities(const QString& context)> probabilities;

    // {"name": "...", "default": {"none": 1}, "contexts": {"schema-gap": {"schema": 0.8, "none": 0.2}}}:
    // every distribution maps action names to probabilities (absent actions 0) and sums to 1; a
    // context without an entry uses "default" (required when a decision's context is not listed).
    static Result<StaticPolicy> fromJson(const nlohmann::json& document);
};

struct PolicyReplayOptions
{
    std::optional<TimeMs> since; // decisions with since <= at < until are evaluated
    std::optional<TimeMs> until;
    int minRewardedDecisions = 30;
    double minEffectiveSampleSize = 10;
    double minEffectiveSampleFraction = 0.01;

    Status validate() const;
};

struct PolicyReplayReport
{
    QString targetKind; // "adaptive" or "static"
    QString targetName; // static policies
    std::optional<bandit::Settings> settings; // adaptive
    ActionCosts costs = kDefaultActionCosts; // adaptive
    PolicyReplayOptions options;

    qint64 decisionsRead = 0; // the log read (up to `until`)
    qint64 decisionsInRange = 0;
    qint64 rewarded = 0; // in range with an outcome: the estimate's n
    qint64 pending = 0; // in range, still waiting for their outcome (left out)
    std::optional<TimeMs> first; // of the evaluated decisions
    std::optional<TimeMs> last;
    double minEffectiveSampleSize = 0; // max(options' minimum, fraction * n)
    std::optional<double> effectiveSampleSize; // computed once the other checks pass

    std::optional<OffPolicyEstimate> estimate; // absent when refused
    ActionProbabilities meanTargetProbabilities {}; // mean pi(a | x_i) over the evaluated decisions
    ActionProbabilities loggedActionShare {}; // share of each logged action
    QStringList refusals;

    bool supported() const { return refusals.isEmpty() && estimate.has_value(); }
    nlohmann::ordered_json toJson() const;
};

// The whole log up to `until` (paged by id), or only [since, until) with `onlyRange`.
Result<std::vector<DecisionRecord>> readDecisionLog(StateStore& store, const PolicyReplayOptions& options,
                                                    bool onlyRange = false);

// Adaptive target: invalid settings or costs are errors naming the field.
Result<PolicyReplayReport> replayPolicy(std::vector<DecisionRecord> log, const bandit::Settings& alternative,
                                        const ActionCosts& costs, const PolicyReplayOptions& options);
Result<PolicyReplayReport> replayPolicy(StateStore& store, const bandit::Settings& alternative,
                                        const ActionCosts& costs, const PolicyReplayOptions& options);
// Static target: a distribution that is not one is an error naming the context.
Result<PolicyReplayReport> replayPolicy(std::vector<DecisionRecord> log, const StaticPolicy& target,
                                        const PolicyReplayOptions& options);
Result<PolicyReplayReport> replayPolicy(StateStore& store, const StaticPolicy& target,
                                        const PolicyReplayOptions& options);

} // namespace orch::whatif
