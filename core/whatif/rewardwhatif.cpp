#include "whatif/rewardwhatif.h"

#include <algorithm>
#include <cmath>

#include <QLocale>

namespace orch::whatif {

namespace {

QString num(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// A JSON number, or null when it is not finite (nlohmann would write null silently).
nlohmann::ordered_json finiteOrNull(double v)
{
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

} // namespace

QString rewardInputName(RewardInput input)
{
    switch (input) {
    case RewardInput::DeltaVisibility:
        return QStringLiteral("deltaVisibility");
    case RewardInput::DeltaRevenue:
        return QStringLiteral("deltaRevenue");
    case RewardInput::ApiCost:
        return QStringLiteral("apiCost");
    case RewardInput::MinRewardThreshold:
        return QStringLiteral("minRewardThreshold");
    }
    return {};
}

std::optional<RewardInput> rewardInputFromName(QStringView name)
{
    static const std::pair<const char*, RewardInput> names[] = {
        { "deltaVisibility", RewardInput::DeltaVisibility },
        { "delta-visibility", RewardInput::DeltaVisibility },
        { "deltaRevenue", RewardInput::DeltaRevenue },
        { "delta-revenue", RewardInput::DeltaRevenue },
        { "apiCost", RewardInput::ApiCost },
        { "api-cost", RewardInput::ApiCost },
        { "minRewardThreshold", RewardInput::MinRewardThreshold },
        { "min-reward-threshold", RewardInput::MinRewardThreshold },
    };
    for (const auto& [text, input] : names) {
        if (name == QLatin1String(text))
            return input;
    }
    return std::nullopt;
}

double RewardInputs::get(RewardInput input) const
{
    switch (input) {
    case RewardInput::DeltaVisibility:
        return deltaVisibility;
    case RewardInput::DeltaRevenue:
        return deltaRevenue;
    case RewardInput::ApiCost:
        return apiCost;
    case RewardInput::MinRewardThreshold:
        return minRewardThreshold;
    }
    return 0;
}

void RewardInputs::set(RewardInput input, double value)
{
    switch (input) {
    case RewardInput::DeltaVisibility:
        deltaVisibility = value;
        return;
    case RewardInput::DeltaRevenue:
        deltaRevenue = value;
        return;
    case RewardInput::ApiCost:
        apiCost = value;
        return;
    case RewardInput::MinRewardThreshold:
        minRewardThreshold = value;
        return;
    }
}

Status SensitivityRange::validate() const
{
    const QString name = rewardInputName(input);
    if (!std::isfinite(from))
        return fail(QStringLiteral("from = %1: must be a finite number").arg(num(from)));
    if (!std::isfinite(to))
        return fail(QStringLiteral("to = %1: must be a finite number").arg(num(to)));
    if (steps < 2 || steps > kMaxSensitivitySteps)
        return fail(QStringLiteral("steps = %1: must be from 2 to %2").arg(steps).arg(kMaxSensitivitySteps));
    if (from == to)
        return fail(QStringLiteral("to = %1: must differ from from = %2 (a range of %3)")
                        .arg(num(to), num(from), name));
    if (input == RewardInput::ApiCost || input == RewardInput::MinRewardThreshold) {
        if (from < 0)
            return fail(QStringLiteral("from = %1: %2 must be >= 0").arg(num(from), name));
        if (to < 0)
            return fail(QStringLiteral("to = %1: %2 must be >= 0").arg(num(to), name));
    }
    return success();
}

nlohmann::ordered_json BreakEven::toJson() const
{
    nlohmann::ordered_json j;
    j["exists"] = kind == Kind::At && std::isfinite(value);
    switch (kind) {
    case Kind::At:
        j["value"] = finiteOrNull(value);
        j["meetsThreshold"] = meetsAbove ? "above" : "below";
        j["inclusive"] = inclusive;
        j["formula"] = formula.toStdString();
        break;
    case Kind::Never:
        j["meetsThreshold"] = "never";
        j["reason"] = reason.toStdString();
        break;
    case Kind::Always:
        j["meetsThreshold"] = "always";
        j["reason"] = reason.toStdString();
        break;
    }
    return j;
}

Result<BreakEven> breakEven(const RewardInputs& in, RewardInput varied)
{
    // Validates the fixed inputs with the formula's own rules (the varied one is replaced by a
    // harmless value first, so only the others can fail).
    RewardInputs probe = in;
    probe.set(varied, 0);
    if (auto r = formulas::calculateReward(probe.deltaVisibility, probe.deltaRevenue, probe.apiCost,
                                           probe.minRewardThreshold);
        !r)
        return fail(r.error());

    const double c = in.apiCost, m = in.minRewardThreshold;
    const double k = std::max(m, 1.0); // meets <=> B >= k * c (strictly when c == 0 or m <= 1)
    const bool strictBound = !(c > 0 && m > 1);
    BreakEven b;
    const auto at = [&](double value, bool above, bool inclusive, QString formula) {
        b.kind = BreakEven::Kind::At;
        b.value = value;
        b.meetsAbove = above;
        b.inclusive = inclusive;
        b.formula = std::move(formula);
        if (!std::isfinite(value)) {
            b.kind = BreakEven::Kind::Never;
            b.reason = QStringLiteral("the break-even is beyond the range of a double");
        }
    };
    switch (varied) {
    case RewardInput::DeltaVisibility:
    case RewardInput::DeltaRevenue: {
        const bool visibility = varied == RewardInput::DeltaVisibility;
        const double other = visibility ? in.deltaRevenue : in.deltaVisibility;
        const QString otherName = visibility ? QStringLiteral("ΔRevenue") : QStringLiteral("ΔVisibility");
        if (other == 0) {
            b.kind = BreakEven::Kind::Never;
            b.reason = QStringLiteral("%1 is 0: the benefit is 0 and the reward -API_Cost is never positive")
                           .arg(otherName);
            break;
        }
        at(k * c / other, other > 0, !strictBound,
           QStringLiteral("max(minRewardThreshold, 1) * API_Cost / %1").arg(otherName));
        break;
    }
    case RewardInput::ApiCost: {
        const double benefit = in.deltaVisibility * in.deltaRevenue;
        if (!(benefit > 0)) {
            b.kind = BreakEven::Kind::Never;
            b.reason
                = QStringLiteral("the benefit ΔVisibility * ΔRevenue = %1 is not positive, so the reward "
                                 "is not positive at any API cost >= 0")
                      .arg(num(benefit));
            break;
        }
        // With m > 1 the bound is B >= m * c (included); otherwise B > c (excluded).
        at(benefit / k, false, m > 1, QStringLiteral("ΔVisibility * ΔRevenue / max(minRewardThreshold, 1)"));
        break;
    }
    case RewardInput::MinRewardThreshold: {
        const double benefit = in.deltaVisibility * in.deltaRevenue;
        if (!(benefit - c > 0)) {
            b.kind = BreakEven::Kind::Never;
            b.reason = QStringLiteral("the reward %1 is not positive, whatever the threshold")
                           .arg(num(benefit - c));
            break;
        }
        if (c == 0) {
            b.kind = BreakEven::Kind::Always;
            b.reason = QStringLiteral("with no API cost any positive reward meets the threshold");
            break;
        }
        at(benefit / c, false, true, QStringLiteral("ΔVisibility * ΔRevenue / API_Cost"));
        break;
    }
    }
    return b;
}

namespace {

// Where the reward B - c crosses zero as a function of the varied input; null when it does not.
nlohmann::ordered_json rewardZero(const RewardInputs& in, RewardInput varied)
{
    switch (varied) {
    case RewardInput::DeltaVisibility:
        return in.deltaRevenue != 0 ? finiteOrNull(in.apiCost / in.deltaRevenue) : nullptr;
    case RewardInput::DeltaRevenue:
        return in.deltaVisibility != 0 ? finiteOrNull(in.apiCost / in.deltaVisibility) : nullptr;
    case RewardInput::ApiCost: {
        const double benefit = in.deltaVisibility * in.deltaRevenue;
        return benefit >= 0 ? finiteOrNull(benefit) : nullptr;
    }
    case RewardInput::MinRewardThreshold:
        return nullptr; // the reward does not depend on the threshold
    }
    return nullptr;
}

} // namespace

Result<nlohmann::ordered_json> rewardWhatIf(const RewardInputs& in,
                                            const std::optional<SensitivityRange>& range,
                                            const nlohmann::ordered_json& inputsEcho)
{
    auto base
        = formulas::calculateReward(in.deltaVisibility, in.deltaRevenue, in.apiCost, in.minRewardThreshold);
    if (!base)
        return fail(base.error());
    nlohmann::ordered_json j
        = formulas::rewardJson(*base, inputsEcho.is_null() ? formulas::rewardInputsJson(*base) : inputsEcho);
    j["benefit"] = base->benefit;
    if (!range)
        return j;
    if (Status s = range->validate(); !s)
        return fail(s.error());
    auto flip = breakEven(in, range->input);
    if (!flip)
        return fail(flip.error());

    const std::string name = rewardInputName(range->input).toStdString();
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    nlohmann::ordered_json flips = nlohmann::ordered_json::array();
    std::optional<bool> previous;
    double previousX = 0;
    for (int k = 0; k < range->steps; ++k) {
        const double x = k == range->steps - 1
            ? range->to
            : range->from + (range->to - range->from) * (double(k) / double(range->steps - 1));
        RewardInputs point = in;
        point.set(range->input, x);
        auto r = formulas::calculateReward(point.deltaVisibility, point.deltaRevenue, point.apiCost,
                                           point.minRewardThreshold);
        if (!r)
            return fail(QStringLiteral("sensitivity at %1 = %2: %3")
                            .arg(QString::fromStdString(name), num(x), r.error()));
        nlohmann::ordered_json p;
        p[name] = x;
        p["reward"] = r->reward;
        p["meetsThreshold"] = r->meetsThreshold;
        points.push_back(std::move(p));
        if (previous && *previous != r->meetsThreshold)
            flips.push_back({ { "from", previousX }, { "to", x }, { "meetsThreshold", r->meetsThreshold } });
        previous = r->meetsThreshold;
        previousX = x;
    }
    nlohmann::ordered_json s;
    s["input"] = name;
    s["from"] = range->from;
    s["to"] = range->to;
    s["steps"] = range->steps;
    nlohmann::ordered_json be = flip->toJson();
    if (flip->kind == BreakEven::Kind::At && std::isfinite(flip->value)) {
        const double lo = std::min(range->from, range->to), hi = std::max(range->from, range->to);
        be["inRange"] = flip->value >= lo && flip->value <= hi;
    }
    s["breakEven"] = std::move(be);
    s["rewardZero"] = rewardZero(in, range->input);
    s["verdictFlips"] = std::move(flips);
    s["points"] = std::move(points);
    j["sensitivity"] = std::move(s);
    return j;
}

} // namespace orch::whatif
