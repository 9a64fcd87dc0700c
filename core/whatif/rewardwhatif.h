#pragma once

#include <optional>

#include <QString>
#include <QStringView>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "formulas/formulas.h"

// Reward what-if: SPEC's reward, threshold verdict and recommendation for given inputs (through
// orch::formulas, so the answer is the one the engine and the API give), and how they change
// over a range of one input, with the input's break-even value in closed form.
//
// The verdict (README, "Specification notes" 2) is
//     meets  <=>  B - c > 0  and  B >= m * c,      B = ΔVisibility * ΔRevenue, c = API cost >= 0,
// which is  B >= max(m, 1) * c, the bound included when c > 0 and m > 1, excluded otherwise.
// Solving it for the varied input gives the break-even:
//     ΔVisibility* = max(m, 1) * c / ΔRevenue   (meets above it when ΔRevenue > 0, below when < 0)
//     ΔRevenue*    = max(m, 1) * c / ΔVisibility
//     API cost*    = B / max(m, 1)             (meets below it; never when B <= 0)
//     m*           = B / c                     (meets below it; never when B <= c; always when c = 0 < B)
namespace orch::whatif {

enum class RewardInput
{
    DeltaVisibility,
    DeltaRevenue,
    ApiCost,
    MinRewardThreshold
};

// "deltaVisibility", "deltaRevenue", "apiCost", "minRewardThreshold" (the JSON names).
QString rewardInputName(RewardInput input);
// Accepts the JSON names and the CLI's ("delta-visibility", "api-cost", "min-reward-threshold"...).
std::optional<RewardInput> rewardInputFromName(QStringView name);

struct RewardInputs
{
    double deltaVisibility = 0;
    double deltaRevenue = 0;
    double apiCost = 0; // US dollars, >= 0
    double minRewardThreshold = formulas::kDefaultMinRewardThreshold;

    double get(RewardInput input) const;
    void set(RewardInput input, double value);
};

inline constexpr int kMaxSensitivitySteps = 10'001;

// `steps` points from `from` to `to`, both included, evenly spaced.
struct SensitivityRange
{
    RewardInput input = RewardInput::ApiCost;
    double from = 0;
    double to = 0;
    int steps = 11;

    // Names the field: "steps = 1: must be from 2 to 10001".
    Status validate() const;
};

struct BreakEven
{
    enum class Kind
    {
        At, // the verdict flips at `value`
        Never, // the threshold is missed whatever the input's value
        Always // the threshold is met whatever the input's value
    };
    Kind kind = Kind::Never;
    double value = 0;
    bool meetsAbove = false; // At: the threshold is met above `value` (else below)
    bool inclusive = false; // At: `value` itself meets the threshold
    QString formula; // how `value` is computed
    QString reason; // Never / Always: why

    nlohmann::ordered_json toJson() const;
};

// The break-even of `varied` with the other inputs as given (closed form, see above).
Result<BreakEven> breakEven(const RewardInputs& inputs, RewardInput varied);

// The reward body of SPEC's POST /api/orchestrator/reward/calculate for `inputs` (echoing
// `inputsEcho` when given, as the CLI does), plus "benefit", plus, with a range, "sensitivity":
// {input, from, to, steps, points: [{<input>, reward, meetsThreshold}], breakEven, rewardZero,
// verdictFlips}. Inputs are validated as formulas::calculateReward does; errors name the field.
Result<nlohmann::ordered_json> rewardWhatIf(const RewardInputs& inputs,
                                            const std::optional<SensitivityRange>& range = std::nullopt,
                                            const nlohmann::ordered_json& inputsEcho = {});

} // namespace orch::whatif
