#include "whatif/policyreplay.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QHash>
#include <QLocale>

#include "spec/orchestratorspec.h"
#include "whatif/whatiflogging.h"

namespace orch::whatif {

namespace {

QString num(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

nlohmann::ordered_json perAction(const ActionProbabilities& values)
{
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (int a = 0; a < bandit::kActionCount; ++a)
        j[bandit::actions()[a].toStdString()] = values[std::size_t(a)];
    return j;
}

nlohmann::ordered_json isoOrNull(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::ordered_json(formatIso(*t).toStdString()) : nlohmann::ordered_json(nullptr);
}

// The logged propensity of the logged action: `probability`, or, when that is unusable, the
// action's entry in the logged distribution. nullopt when neither is in (0, 1].
std::optional<double> propensity(const DecisionRecord& d)
{
    const auto usable = [](double p) { return std::isfinite(p) && p > 0 && p <= 1; };
    if (usable(d.probability))
        return d.probability;
    if (d.probabilities.isEmpty())
        return std::nullopt;
    const auto all = nlohmann::json::parse(d.probabilities.toStdString(), nullptr, false);
    const std::string key = d.action.toStdString();
    if (!all.is_object() || !all.contains(key) || !all[key].is_number())
        return std::nullopt;
    const double p = all[key].get<double>();
    return usable(p) ? std::optional(p) : std::nullopt;
}

void sortByTime(std::vector<DecisionRecord>& log)
{
    std::stable_sort(log.begin(), log.end(), [](const DecisionRecord& a, const DecisionRecord& b) {
        return a.at != b.at ? a.at < b.at : a.id < b.id;
    });
}

using Advance = std::function<void(TimeMs at)>;
using Target = std::function<Result<ActionProbabilities>(const QString& context)>;

// The evaluation loop shared by both kinds of target. `log` is sorted by time; `advance` (may be
// empty) is called with each decision's time before the target is asked about it.
Result<PolicyReplayReport> evaluate(const std::vector<DecisionRecord>& log, PolicyReplayReport report,
                                    const Advance& advance, const Target& target)
{
    const PolicyReplayOptions& o = report.options;
    std::vector<double> weights, rewards;
    qint64 badAction = 0, badPropensity = 0, badReward = 0;
    qint64 firstBadAction = 0, firstBadPropensity = 0, firstBadReward = 0;
    QString badActionName;
    report.decisionsRead = qint64(log.size());
    for (const DecisionRecord& d : log) {
        if (advance)
            advance(d.at);
        if ((o.since && d.at < *o.since) || (o.until && d.at >= *o.until))
            continue;
        ++report.decisionsInRange;
        if (!d.rewardedAt) {
            ++report.pending;
            continue;
        }
        const int a = bandit::actionIndex(d.action);
        if (a < 0) {
            if (badAction++ == 0) {
                firstBadAction = d.id;
                badActionName = d.action;
            }
            continue;
        }
        const auto p = propensity(d);
        if (!p) {
            if (badPropensity++ == 0)
                firstBadPropensity = d.id;
            continue;
        }
        if (!std::isfinite(d.reward)) {
            if (badReward++ == 0)
                firstBadReward = d.id;
            continue;
        }
        auto pi = target(d.context);
        if (!pi)
            return fail(pi.error());
        weights.push_back((*pi)[std::size_t(a)] / *p);
        rewards.push_back(d.reward);
        for (int k = 0; k < bandit::kActionCount; ++k)
            report.meanTargetProbabilities[std::size_t(k)] += (*pi)[std::size_t(k)];
        report.loggedActionShare[std::size_t(a)] += 1;
        if (!report.first)
            report.first = d.at;
        report.last = d.at;
    }
    const qint64 n = qint64(weights.size());
    report.rewarded = n + badAction + badPropensity + badReward;
    report.minEffectiveSampleSize
        = std::max(o.minEffectiveSampleSize, o.minEffectiveSampleFraction * double(n));
    if (n > 0) {
        for (int k = 0; k < bandit::kActionCount; ++k) {
            report.meanTargetProbabilities[std::size_t(k)] /= double(n);
            report.loggedActionShare[std::size_t(k)] /= double(n);
        }
    }
    if (badAction > 0)
        report.refusals.append(
            QStringLiteral("%1 rewarded decision(s) log an unknown action (first: decision %2, \"%3\"); the "
                           "actions are %4")
                .arg(badAction)
                .arg(firstBadAction)
                .arg(badActionName, bandit::actions().join(QStringLiteral(", "))));
    if (badPropensity > 0)
        report.refusals.append(
            QStringLiteral(
                "%1 rewarded decision(s) have no usable logged probability (missing, zero or above "
                "1; first: decision %2): inverse propensity scoring needs the logging policy's "
                "probability of every logged action")
                .arg(badPropensity)
                .arg(firstBadPropensity));
    if (badReward > 0)
        report.refusals.append(
            QStringLiteral("%1 rewarded decision(s) have a non-finite reward (first: decision %2)")
                .arg(badReward)
                .arg(firstBadReward));
    if (report.rewarded < o.minRewardedDecisions)
        report.refusals.append(
            QStringLiteral(
                "too few rewarded decisions: %1 in range (%2 logged in range, %3 still waiting for "
                "their outcome); at least %4 are needed")
                .arg(report.rewarded)
                .arg(report.decisionsInRange)
                .arg(report.pending)
                .arg(o.minRewardedDecisions));
    if (!report.refusals.isEmpty())
        return report;

    const OffPolicyEstimate e = estimateOffPolicy(weights, rewards);
    report.effectiveSampleSize = e.effectiveSampleSize;
    if (!(e.effectiveSampleSize >= report.minEffectiveSampleSize)) {
        report.refusals.append(
            QStringLiteral("effective sample size %1 of %2 rewarded decisions is below the minimum %3: the "
                           "target policy puts its probability on actions the logging policy rarely took, so "
                           "a few decisions would decide the estimate")
                .arg(e.effectiveSampleSize, 0, 'f', 1)
                .arg(n)
                .arg(report.minEffectiveSampleSize, 0, 'f', 1));
        return report;
    }
    report.estimate = e;
    return report;
}

} // namespace

Status validateActionCosts(const ActionCosts& costs)
{
    for (int a = 0; a < bandit::kActionCount; ++a) {
        const double c = costs[std::size_t(a)];
        if (!std::isfinite(c) || c < 0)
            return fail(QStringLiteral("costs.%1 = %2: must be a finite number >= 0 (US dollars)")
                            .arg(bandit::actions()[a], num(c)));
    }
    return success();
}

Result<ActionCosts> parseActionCosts(QStringView text, const ActionCosts& base)
{
    ActionCosts costs = base;
    for (QStringView item : text.split(u',', Qt::SkipEmptyParts)) {
        item = item.trimmed();
        const qsizetype eq = item.indexOf(u'=');
        const QString name = (eq < 0 ? item : item.left(eq)).trimmed().toString();
        const int a = bandit::actionIndex(name);
        if (eq < 0 || a < 0)
            return fail(QStringLiteral("costs: \"%1\": expected ACTION=DOLLARS with ACTION one of %2")
                            .arg(item.toString(), bandit::actions().join(QStringLiteral(", "))));
        bool ok = false;
        const double v = item.mid(eq + 1).trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v) || v < 0)
            return fail(QStringLiteral("costs.%1 = \"%2\": must be a finite number >= 0 (US dollars)")
                            .arg(name, item.mid(eq + 1).toString()));
        costs[std::size_t(a)] = v;
    }
    return costs;
}

nlohmann::ordered_json actionCostsJson(const ActionCosts& costs)
{
    return perAction(costs);
}

bandit::Settings loggedSettings(const OrchestratorSpec& spec)
{
    bandit::Settings s;
    s.learningRate = spec.components.rlController.learningRate;
    s.confidenceGate = spec.components.rlController.confidenceGate;
    s.minRewardMultiple = spec.governance.minRewardThreshold;
    return s;
}

Result<StaticPolicy> StaticPolicy::fromJson(const nlohmann::json& document)
{
    if (!document.is_object())
        return fail(QStringLiteral("target policy: must be a JSON object"));
    const auto distribution
        = [](const nlohmann::json& j, const QString& path) -> Result<ActionProbabilities> {
        if (!j.is_object())
            return fail(path + QStringLiteral(": must be an object mapping actions to probabilities"));
        ActionProbabilities p {};
        double sum = 0;
        for (const auto& [key, value] : j.items()) {
            const QString name = QString::fromStdString(key);
            const int a = bandit::actionIndex(name);
            if (a < 0)
                return fail(QStringLiteral("%1.%2: unknown action (expected %3)")
                                .arg(path, name, bandit::actions().join(QStringLiteral(", "))));
            if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0
                || value.get<double>() > 1)
                return fail(QStringLiteral("%1.%2: must be a probability in [0, 1], got %3")
                                .arg(path, name, QString::fromStdString(value.dump())));
            p[std::size_t(a)] = value.get<double>();
            sum += p[std::size_t(a)];
        }
        if (std::fabs(sum - 1) > 1e-6)
            return fail(QStringLiteral("%1: probabilities sum to %2, not 1").arg(path, num(sum)));
        return p;
    };
    StaticPolicy policy;
    std::optional<ActionProbabilities> fallback;
    QHash<QString, ActionProbabilities> contexts;
    for (const auto& [key, value] : document.items()) {
        if (key == "name") {
            if (!value.is_string())
                return fail(QStringLiteral("target policy: name: must be a string"));
            policy.name = QString::fromStdString(value.get<std::string>());
        } else if (key == "default") {
            auto p = distribution(value, QStringLiteral("default"));
            if (!p)
                return fail(QStringLiteral("target policy: ") + p.error());
            fallback = *p;
        } else if (key == "contexts") {
            if (!value.is_object())
                return fail(QStringLiteral("target policy: contexts: must be an object"));
            for (const auto& [context, d] : value.items()) {
                const QString name = QString::fromStdString(context);
                auto p = distribution(d, QStringLiteral("contexts.") + name);
                if (!p)
                    return fail(QStringLiteral("target policy: ") + p.error());
                contexts.insert(name, *p);
            }
        } else {
            return fail(QStringLiteral("target policy: %1: unknown key (expected name, default, contexts)")
                            .arg(QString::fromStdString(key)));
        }
    }
    if (!fallback && contexts.isEmpty())
        return fail(QStringLiteral("target policy: needs \"default\" or \"contexts\""));
    if (policy.name.isEmpty())
        policy.name = QStringLiteral("static");
    // An unlisted context without a default yields all zeros, which the replay reports by name.
    policy.probabilities = [fallback, contexts](const QString& context) {
        const auto it = contexts.constFind(context);
        return it != contexts.constEnd() ? *it : fallback.value_or(ActionProbabilities {});
    };
    return policy;
}

Status PolicyReplayOptions::validate() const
{
    if (since && until && *since >= *until)
        return fail(QStringLiteral("since = %1: must be before until = %2")
                        .arg(formatIso(*since), formatIso(*until)));
    if (minRewardedDecisions < 2)
        return fail(QStringLiteral("minRewardedDecisions = %1: must be >= 2").arg(minRewardedDecisions));
    if (!(std::isfinite(minEffectiveSampleSize) && minEffectiveSampleSize >= 1))
        return fail(
            QStringLiteral("minEffectiveSampleSize = %1: must be >= 1").arg(num(minEffectiveSampleSize)));
    if (!(minEffectiveSampleFraction >= 0 && minEffectiveSampleFraction <= 1))
        return fail(QStringLiteral("minEffectiveSampleFraction = %1: must be in [0, 1]")
                        .arg(num(minEffectiveSampleFraction)));
    return success();
}

Result<std::vector<DecisionRecord>> readDecisionLog(StateStore& store, const PolicyReplayOptions& options,
                                                    bool onlyRange)
{
    constexpr int kPage = 10'000;
    const TimeMs from = onlyRange && options.since ? *options.since : std::numeric_limits<TimeMs>::min();
    const TimeMs to = options.until.value_or(std::numeric_limits<TimeMs>::max());
    std::vector<DecisionRecord> log;
    qint64 afterId = 0;
    for (;;) {
        auto page = store.decisions(afterId, from, to, kPage);
        if (!page)
            return fail(page.error());
        if (page->empty())
            break;
        afterId = page->back().id;
        const bool last = page->size() < std::size_t(kPage);
        log.insert(log.end(), std::make_move_iterator(page->begin()), std::make_move_iterator(page->end()));
        if (last)
            break;
    }
    return log;
}

Result<PolicyReplayReport> replayPolicy(std::vector<DecisionRecord> log, const bandit::Settings& alternative,
                                        const ActionCosts& costs, const PolicyReplayOptions& options)
{
    if (Status s = options.validate(); !s)
        return fail(s.error());
    if (Status s = alternative.validate(); !s)
        return fail(QStringLiteral("alternative policy: ") + s.error());
    if (Status s = validateActionCosts(costs); !s)
        return fail(s.error());
    PolicyReplayReport report;
    report.targetKind = QStringLiteral("adaptive");
    report.settings = alternative;
    report.costs = costs;
    report.options = options;
    sortByTime(log);

    // The outcomes the alternative learns, in the order they became known.
    std::vector<const DecisionRecord*> outcomes;
    for (const DecisionRecord& d : log) {
        if (d.rewardedAt && bandit::actionIndex(d.action) >= 0 && std::isfinite(d.reward))
            outcomes.push_back(&d);
    }
    std::stable_sort(outcomes.begin(), outcomes.end(), [](const DecisionRecord* a, const DecisionRecord* b) {
        return *a->rewardedAt != *b->rewardedAt ? *a->rewardedAt < *b->rewardedAt : a->id < b->id;
    });
    bandit::ValueTable table;
    QHash<QString, ActionProbabilities> cache; // choose() per context until that context learns more
    std::size_t next = 0;
    const Advance advance = [&](TimeMs at) {
        for (; next < outcomes.size() && *outcomes[next]->rewardedAt <= at; ++next) {
            const DecisionRecord& o = *outcomes[next];
            table.update(o.context, bandit::actionIndex(o.action), o.reward, alternative.learningRate);
            cache.remove(o.context);
        }
    };
    const Target target = [&](const QString& context) -> Result<ActionProbabilities> {
        auto it = cache.constFind(context);
        if (it == cache.constEnd())
            it = cache.insert(context, bandit::choose(table, context, alternative, costs).probabilities);
        return *it;
    };
    auto report2 = evaluate(log, std::move(report), advance, target);
    if (report2)
        qCDebug(lcWhatIf) << "policy replay:" << report2->rewarded << "rewarded decisions,"
                          << table.observations() << "outcomes learnt";
    return report2;
}

Result<PolicyReplayReport> replayPolicy(StateStore& store, const bandit::Settings& alternative,
                                        const ActionCosts& costs, const PolicyReplayOptions& options)
{
    if (Status s = options.validate(); !s)
        return fail(s.error());
    auto log = readDecisionLog(store, options, false);
    if (!log)
        return fail(log.error());
    return replayPolicy(std::move(*log), alternative, costs, options);
}

Result<PolicyReplayReport> replayPolicy(std::vector<DecisionRecord> log, const StaticPolicy& policy,
                                        const PolicyReplayOptions& options)
{
    if (Status s = options.validate(); !s)
        return fail(s.error());
    if (!policy.probabilities)
        return fail(QStringLiteral("target policy \"%1\": no probability function").arg(policy.name));
    PolicyReplayReport report;
    report.targetKind = QStringLiteral("static");
    report.targetName = policy.name;
    report.options = options;
    sortByTime(log);
    QHash<QString, ActionProbabilities> checked;
    const Target target = [&](const QString& context) -> Result<ActionProbabilities> {
        if (auto it = checked.constFind(context); it != checked.constEnd())
            return *it;
        const ActionProbabilities p = policy.probabilities(context);
        double sum = 0;
        for (int a = 0; a < bandit::kActionCount; ++a) {
            const double v = p[std::size_t(a)];
            if (!std::isfinite(v) || v < 0 || v > 1)
                return fail(
                    QStringLiteral("target policy \"%1\": context \"%2\": %3 = %4 is not a probability")
                        .arg(policy.name, context, bandit::actions()[a], num(v)));
            sum += v;
        }
        if (std::fabs(sum - 1) > 1e-6)
            return fail(QStringLiteral("target policy \"%1\": context \"%2\": probabilities sum to %3, not 1")
                            .arg(policy.name, context, num(sum)));
        checked.insert(context, p);
        return p;
    };
    return evaluate(log, std::move(report), {}, target);
}

Result<PolicyReplayReport> replayPolicy(StateStore& store, const StaticPolicy& target,
                                        const PolicyReplayOptions& options)
{
    if (Status s = options.validate(); !s)
        return fail(s.error());
    auto log = readDecisionLog(store, options, true);
    if (!log)
        return fail(log.error());
    return replayPolicy(std::move(*log), target, options);
}

nlohmann::ordered_json PolicyReplayReport::toJson() const
{
    nlohmann::ordered_json j;
    j["question"] = "policy";
    j["supported"] = supported();
    nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
    for (const QString& r : refusals)
        reasons.push_back(r.toStdString());
    j["refusals"] = std::move(reasons);
    nlohmann::ordered_json t;
    t["kind"] = targetKind.toStdString();
    if (settings) {
        nlohmann::ordered_json s;
        s["learningRate"] = settings->learningRate;
        s["confidenceGate"] = settings->confidenceGate;
        s["exploration"] = settings->exploration;
        s["minProbability"] = settings->minProbability;
        s["minRewardMultiple"] = settings->minRewardMultiple;
        t["settings"] = std::move(s);
        t["costs"] = actionCostsJson(costs);
    } else {
        t["name"] = targetName.toStdString();
    }
    j["target"] = std::move(t);
    j["range"] = { { "since", isoOrNull(options.since) }, { "until", isoOrNull(options.until) } };
    j["decisions"]
        = { { "read", decisionsRead }, { "inRange", decisionsInRange }, { "rewarded", rewarded },
            { "pending", pending },    { "first", isoOrNull(first) },   { "last", isoOrNull(last) } };
    j["limits"] = { { "confidenceLevel", 0.95 },
                    { "minRewardedDecisions", options.minRewardedDecisions },
                    { "minEffectiveSampleSize", minEffectiveSampleSize } };
    if (effectiveSampleSize)
        j["effectiveSampleSize"] = *effectiveSampleSize;
    if (estimate) {
        const OffPolicyEstimate& e = *estimate;
        j["logged"] = e.logged.toJson();
        nlohmann::ordered_json ips = e.ips.toJson();
        ips["difference"] = e.ipsDifference.toJson();
        j["ips"] = std::move(ips);
        nlohmann::ordered_json snips = e.snips.toJson();
        snips["difference"] = e.snipsDifference.toJson();
        j["snips"] = std::move(snips);
        j["meanWeight"] = e.meanWeight;
        j["maxWeight"] = e.maxWeight;
    }
    if (rewarded > 0) {
        j["targetProbabilities"] = perAction(meanTargetProbabilities);
        j["loggedActions"] = perAction(loggedActionShare);
    }
    return j;
}

} // namespace orch::whatif
