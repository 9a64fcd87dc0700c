// orchestratorctl whatif ...: reward sensitivity, policy replay and rule replay (docs/whatif.md).
#include "whatifcommands.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include "common/strictjson.h"
#include "spec/orchestratorspec.h"
#include "store/sqlitestore.h"
#include "whatif/policyreplay.h"
#include "whatif/rewardwhatif.h"
#include "whatif/rulereplay.h"

namespace ctl {

namespace {

const QString kDataDir = QStringLiteral("data-dir");

const char kWhatIfUsage[] = "Usage: orchestratorctl whatif <question> [options]\n"
                            "\n"
                            "Questions:\n"
                            "  reward   the reward, verdict and recommendation for given inputs, and their\n"
                            "           sensitivity over a range of one input with its break-even value\n"
                            "  policy   the value of another RLController setting (or a fixed policy)\n"
                            "           estimated from the decision log (IPS and self-normalized IPS)\n"
                            "  rules    detections, retrains and pauses other drift rules would have caused\n"
                            "           over the stored metric history\n"
                            "\n"
                            "Run 'orchestratorctl whatif <question> --help' for its options.\n";

QCommandLineOption dataDirOption()
{
    return valueOption(kDataDir, QStringLiteral("The orchestrator's data directory (DIR/orchestrator.db)."),
                       QStringLiteral("DIR"));
}

QCommandLineOption specOption()
{
    return valueOption(QStringLiteral("spec"),
                       QStringLiteral("The spec the orchestrator ran with (default: built-in, = SPEC.md)."),
                       QStringLiteral("FILE"));
}

bool noPositionals(const QCommandLineParser& p, const QString& command)
{
    if (p.positionalArguments().isEmpty())
        return true;
    err(QStringLiteral("%1: unexpected argument '%2'").arg(command, p.positionalArguments().constFirst()));
    return false;
}

std::optional<orch::OrchestratorSpec> loadSpec(const QCommandLineParser& p, const QString& command)
{
    const QString file = p.value(QStringLiteral("spec"));
    if (file.isEmpty())
        return orch::OrchestratorSpec::defaults();
    auto spec = orch::OrchestratorSpec::fromFile(file);
    if (!spec) {
        err(QStringLiteral("%1: --spec %2: %3").arg(command, file, spec.error()));
        return std::nullopt;
    }
    return *spec;
}

// The existing store of --data-dir (a what-if never creates one).
std::unique_ptr<orch::SqliteStore> openStore(const QCommandLineParser& p, const QString& command)
{
    if (!p.isSet(kDataDir)) {
        err(QStringLiteral("%1: --data-dir DIR is required").arg(command));
        return nullptr;
    }
    const QString dir = p.value(kDataDir);
    if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("orchestrator.db")))) {
        err(QStringLiteral("%1: --data-dir %2: no orchestrator.db there (run the orchestrator or "
                           "'orchestratorctl simulate' first)")
                .arg(command, dir));
        return nullptr;
    }
    auto store = orch::SqliteStore::open(dir);
    if (!store) {
        err(QStringLiteral("%1: --data-dir %2: %3").arg(command, dir, store.error()));
        return nullptr;
    }
    return std::move(*store);
}

std::optional<std::optional<orch::TimeMs>> timeOption(const QCommandLineParser& p, const QString& option)
{
    if (!p.isSet(option))
        return std::optional<orch::TimeMs> {};
    const auto t = orch::parseIsoUtc(p.value(option));
    if (!t) {
        err(QStringLiteral("--%1: expected an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, got \"%2\"")
                .arg(option, p.value(option)));
        return std::nullopt;
    }
    return std::optional<orch::TimeMs>(*t);
}

QString optionName(orch::whatif::RewardInput input)
{
    switch (input) {
    case orch::whatif::RewardInput::DeltaVisibility:
        return QStringLiteral("delta-visibility");
    case orch::whatif::RewardInput::DeltaRevenue:
        return QStringLiteral("delta-revenue");
    case orch::whatif::RewardInput::ApiCost:
        return QStringLiteral("api-cost");
    case orch::whatif::RewardInput::MinRewardThreshold:
        return QStringLiteral("min-reward-threshold");
    }
    return {};
}

int rewardQuestion(const QStringList& args)
{
    const QString command = QStringLiteral("whatif reward");
    QCommandLineParser p;
    p.addOption(
        valueOption(QStringLiteral("delta-visibility"), QStringLiteral("ΔVisibility."), QStringLiteral("X")));
    p.addOption(
        valueOption(QStringLiteral("delta-revenue"), QStringLiteral("ΔRevenue."), QStringLiteral("Y")));
    p.addOption(valueOption(QStringLiteral("api-cost"), QStringLiteral("API cost in dollars (>= 0)."),
                            QStringLiteral("Z")));
    p.addOption(valueOption(QStringLiteral("min-reward-threshold"),
                            QStringLiteral("Benefit-to-cost multiple (default 1.2)."), QStringLiteral("M")));
    p.addOption(valueOption(QStringLiteral("vary"),
                            QStringLiteral("The input to vary: delta-visibility, delta-revenue, api-cost or "
                                           "min-reward-threshold."),
                            QStringLiteral("INPUT")));
    p.addOption(valueOption(QStringLiteral("from"), QStringLiteral("First value of the varied input."),
                            QStringLiteral("A")));
    p.addOption(valueOption(QStringLiteral("to"), QStringLiteral("Last value of the varied input."),
                            QStringLiteral("B")));
    p.addOption(valueOption(QStringLiteral("steps"),
                            QStringLiteral("Points from A to B, both included (2 to 10001, default 11)."),
                            QStringLiteral("N")));
    if (int r = parse(p, command,
                      QStringLiteral("Reward, threshold verdict and recommendation; with --vary, their "
                                     "sensitivity over a range of one input and its break-even value."),
                      args);
        r >= 0)
        return r;
    if (!noPositionals(p, command))
        return BadInput;
    const bool varying = p.isSet(QStringLiteral("vary"));
    std::optional<orch::whatif::RewardInput> varied;
    if (varying) {
        varied = orch::whatif::rewardInputFromName(p.value(QStringLiteral("vary")));
        if (!varied) {
            err(QStringLiteral("--vary: expected delta-visibility, delta-revenue, api-cost or "
                               "min-reward-threshold, got \"%1\"")
                    .arg(p.value(QStringLiteral("vary"))));
            return BadInput;
        }
    } else {
        for (const char* option : { "from", "to", "steps" }) {
            if (p.isSet(QString::fromLatin1(option))) {
                err(QStringLiteral("--%1 needs --vary INPUT").arg(QLatin1String(option)));
                return BadInput;
            }
        }
    }
    // The varied input needs no fixed value (it is A..B); the others are required.
    const auto input
        = [&](orch::whatif::RewardInput which, std::optional<double> fallback = {}) -> std::optional<double> {
        if (varied == which && !p.isSet(optionName(which)))
            return fallback.value_or(0.0);
        return number(p, optionName(which), fallback);
    };
    using orch::whatif::RewardInput;
    const auto dv = input(RewardInput::DeltaVisibility);
    const auto dr = input(RewardInput::DeltaRevenue);
    const auto cost = input(RewardInput::ApiCost);
    const auto minimum = input(RewardInput::MinRewardThreshold, orch::formulas::kDefaultMinRewardThreshold);
    if (!dv || !dr || !cost || !minimum)
        return BadInput;
    orch::whatif::RewardInputs in { *dv, *dr, *cost, *minimum };
    std::optional<orch::whatif::SensitivityRange> range;
    if (varied) {
        const auto from = number(p, QStringLiteral("from"));
        const auto to = number(p, QStringLiteral("to"));
        const auto steps = integer(p, QStringLiteral("steps"), 2, orch::whatif::kMaxSensitivitySteps, 11);
        if (!from || !to || !steps)
            return BadInput;
        range = orch::whatif::SensitivityRange { *varied, *from, *to, int(*steps) };
        // The fixed value of the varied input (for the headline answer) defaults to the range's start.
        if (!p.isSet(optionName(*varied)))
            in.set(*varied, *from);
    }
    nlohmann::ordered_json echoed;
    echoed["deltaVisibility"] = p.isSet(QStringLiteral("delta-visibility"))
        ? echo(p.value(QStringLiteral("delta-visibility")), in.deltaVisibility)
        : nlohmann::ordered_json(in.deltaVisibility);
    echoed["deltaRevenue"] = p.isSet(QStringLiteral("delta-revenue"))
        ? echo(p.value(QStringLiteral("delta-revenue")), in.deltaRevenue)
        : nlohmann::ordered_json(in.deltaRevenue);
    echoed["apiCost"] = p.isSet(QStringLiteral("api-cost"))
        ? echo(p.value(QStringLiteral("api-cost")), in.apiCost)
        : nlohmann::ordered_json(in.apiCost);
    auto answer = orch::whatif::rewardWhatIf(in, range, echoed);
    if (!answer) {
        err(command + QStringLiteral(": ") + answer.error());
        return BadInput;
    }
    out(answer->dump());
    return Ok;
}

int policyQuestion(const QStringList& args)
{
    const QString command = QStringLiteral("whatif policy");
    QCommandLineParser p;
    p.addOption(dataDirOption());
    p.addOption(specOption());
    p.addOption(valueOption(QStringLiteral("confidence-gate"),
                            QStringLiteral("Alternative confidence gate in [0, 1]."), QStringLiteral("G")));
    p.addOption(valueOption(QStringLiteral("learning-rate"),
                            QStringLiteral("Alternative learning rate in (0, 1]."), QStringLiteral("L")));
    p.addOption(valueOption(QStringLiteral("exploration"),
                            QStringLiteral("Alternative exploration share in (0, 1]."), QStringLiteral("E")));
    p.addOption(valueOption(QStringLiteral("min-probability"),
                            QStringLiteral("Alternative minimum probability per action in (0, 0.2]."),
                            QStringLiteral("P")));
    p.addOption(valueOption(QStringLiteral("min-reward"),
                            QStringLiteral("Alternative min reward multiple (benefit / cost, >= 0)."),
                            QStringLiteral("M")));
    p.addOption(
        valueOption(QStringLiteral("costs"),
                    QStringLiteral("API cost per action in dollars, e.g. schema=0.01,cwv=0.03 (defaults "
                                   "none=0,schema=0.01,ugc=0.015,geo=0.02,cwv=0.03)."),
                    QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("target"),
                            QStringLiteral("A fixed target policy instead (JSON: {\"default\": {action: p}, "
                                           "\"contexts\": {context: {action: p}}})."),
                            QStringLiteral("FILE")));
    p.addOption(valueOption(QStringLiteral("since"),
                            QStringLiteral("Evaluate decisions at or after T (ISO-8601 UTC)."),
                            QStringLiteral("T")));
    p.addOption(valueOption(QStringLiteral("until"),
                            QStringLiteral("Evaluate decisions before T (ISO-8601 UTC)."),
                            QStringLiteral("T")));
    p.addOption(valueOption(QStringLiteral("min-decisions"),
                            QStringLiteral("Fewest rewarded decisions to estimate from (default 30)."),
                            QStringLiteral("N")));
    p.addOption(
        valueOption(QStringLiteral("min-ess"),
                    QStringLiteral("Smallest effective sample size (default 10; and at least 1% of n)."),
                    QStringLiteral("X")));
    if (int r
        = parse(p, command,
                QStringLiteral("Estimate the mean reward per decision of another policy from the decision "
                               "log (IPS and self-normalized IPS, 95% intervals)."),
                args);
        r >= 0)
        return r;
    if (!noPositionals(p, command))
        return BadInput;
    const auto spec = loadSpec(p, command);
    if (!spec)
        return BadInput;
    orch::whatif::PolicyReplayOptions options;
    const auto since = timeOption(p, QStringLiteral("since"));
    const auto until = timeOption(p, QStringLiteral("until"));
    const auto minDecisions = integer(p, QStringLiteral("min-decisions"), 2, 1'000'000'000, 30);
    const auto minEss = number(p, QStringLiteral("min-ess"), 10.0);
    if (!since || !until || !minDecisions || !minEss)
        return BadInput;
    options.since = *since;
    options.until = *until;
    options.minRewardedDecisions = int(*minDecisions);
    options.minEffectiveSampleSize = *minEss;
    if (auto s = options.validate(); !s) {
        err(command + QStringLiteral(": ") + s.error());
        return BadInput;
    }

    const bool fixed = p.isSet(QStringLiteral("target"));
    orch::bandit::Settings settings = orch::whatif::loggedSettings(*spec);
    const std::pair<const char*, double*> settingOptions[] = {
        { "confidence-gate", &settings.confidenceGate }, { "learning-rate", &settings.learningRate },
        { "exploration", &settings.exploration },        { "min-probability", &settings.minProbability },
        { "min-reward", &settings.minRewardMultiple },
    };
    for (const auto& [option, field] : settingOptions) {
        const QString name = QString::fromLatin1(option);
        if (!p.isSet(name))
            continue;
        if (fixed) {
            err(QStringLiteral("%1: --%2 sets the adaptive policy; --target gives a fixed one")
                    .arg(command, name));
            return BadInput;
        }
        const auto v = number(p, name);
        if (!v)
            return BadInput;
        *field = *v;
    }
    orch::whatif::ActionCosts costs = orch::whatif::kDefaultActionCosts;
    if (p.isSet(QStringLiteral("costs"))) {
        auto parsed = orch::whatif::parseActionCosts(p.value(QStringLiteral("costs")));
        if (!parsed) {
            err(QStringLiteral("--costs: ") + parsed.error());
            return BadInput;
        }
        costs = *parsed;
    }
    std::optional<orch::whatif::StaticPolicy> target;
    if (fixed) {
        const QString file = p.value(QStringLiteral("target"));
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            err(QStringLiteral("--target %1: cannot open: %2").arg(file, f.errorString()));
            return BadInput;
        }
        const QByteArray bytes = f.read(4 * 1024 * 1024);
        auto doc = orch::json::parseStrict(std::string_view(bytes.constData(), std::size_t(bytes.size())));
        if (!doc) {
            err(QStringLiteral("--target %1: %2").arg(file, doc.error()));
            return BadInput;
        }
        auto policy = orch::whatif::StaticPolicy::fromJson(*doc);
        if (!policy) {
            err(QStringLiteral("--target %1: %2").arg(file, policy.error()));
            return BadInput;
        }
        target = *policy;
    } else if (auto s = settings.validate(); !s) {
        err(QStringLiteral("%1: alternative policy: %2").arg(command, s.error()));
        return BadInput;
    }

    auto store = openStore(p, command);
    if (!store)
        return BadInput;
    auto report = target ? orch::whatif::replayPolicy(*store, *target, options)
                         : orch::whatif::replayPolicy(*store, settings, costs, options);
    if (!report) {
        err(command + QStringLiteral(": ") + report.error());
        return BadInput;
    }
    out(report->toJson().dump());
    if (!report->supported()) {
        for (const QString& reason : report->refusals)
            err(QStringLiteral("%1: the decision log cannot support this estimate: %2").arg(command, reason));
        return BadInput;
    }
    return Ok;
}

// A comma-separated list option; empty when not set. Errors name the option and the item.
template<typename T>
std::optional<std::vector<T>> listOption(const QCommandLineParser& p, const QString& option)
{
    std::vector<T> values;
    if (!p.isSet(option))
        return values;
    for (const QString& item : p.value(option).split(u',')) {
        bool ok = false;
        T v {};
        if constexpr (std::is_same_v<T, double>) {
            v = QLocale::c().toDouble(item.trimmed(), &ok);
            ok = ok && std::isfinite(v);
        } else {
            v = item.trimmed().toInt(&ok);
        }
        if (!ok) {
            err(QStringLiteral("--%1: expected a comma-separated list of %2, got \"%3\"")
                    .arg(option,
                         std::is_same_v<T, double> ? QStringLiteral("numbers") : QStringLiteral("integers"),
                         item));
            return std::nullopt;
        }
        values.push_back(v);
    }
    return values;
}

int rulesQuestion(const QStringList& args)
{
    const QString command = QStringLiteral("whatif rules");
    QCommandLineParser p;
    p.addOption(dataDirOption());
    p.addOption(specOption());
    p.addOption(valueOption(QStringLiteral("threshold"),
                            QStringLiteral("Drift thresholds, e.g. 1.5,2.0,2.5."), QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("window"), QStringLiteral("Window sizes in samples, e.g. 48,96."),
                            QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("baseline"),
                            QStringLiteral("Baseline sizes in samples, e.g. 336,672."),
                            QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("interval"), QStringLiteral("Evaluation intervals in minutes."),
                            QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("trigger-count"),
                            QStringLiteral("Auto-retrain: consecutive flagged evaluations."),
                            QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("drift-window-hours"),
                            QStringLiteral("Auto-retrain: hours between the first and last of them."),
                            QStringLiteral("LIST")));
    p.addOption(valueOption(QStringLiteral("min-sample-size"),
                            QStringLiteral("Auto-retrain: z-scored samples a series needs."),
                            QStringLiteral("LIST")));
    p.addOption(QCommandLineOption(QStringLiteral("progress"), QStringLiteral("Report progress on stderr.")));
    if (int r
        = parse(p, command,
                QStringLiteral("Replay other drift rules over the stored metric history: the detections, "
                               "retrains and pauses each would have caused, next to the current spec's. "
                               "Every combination of the listed values is one alternative."),
                args);
        r >= 0)
        return r;
    if (!noPositionals(p, command))
        return BadInput;
    const auto spec = loadSpec(p, command);
    if (!spec)
        return BadInput;
    const orch::whatif::RuleSet current = orch::whatif::RuleSet::fromSpec(*spec);

    const auto thresholds = listOption<double>(p, QStringLiteral("threshold"));
    if (!thresholds)
        return BadInput;
    struct IntList
    {
        const char* option;
        int orch::whatif::RuleSet::*field;
        std::vector<int> values;
    };
    std::vector<IntList> lists { { "window", &orch::whatif::RuleSet::windowSamples, {} },
                                 { "baseline", &orch::whatif::RuleSet::baselineSamples, {} },
                                 { "interval", &orch::whatif::RuleSet::intervalMinutes, {} },
                                 { "trigger-count", &orch::whatif::RuleSet::triggerCount, {} },
                                 { "drift-window-hours", &orch::whatif::RuleSet::driftWindowHours, {} },
                                 { "min-sample-size", &orch::whatif::RuleSet::minSampleSize, {} } };
    bool anyAlternative = !thresholds->empty();
    qint64 combinations = std::max<qint64>(1, qint64(thresholds->size()));
    for (IntList& l : lists) {
        auto values = listOption<int>(p, QString::fromLatin1(l.option));
        if (!values)
            return BadInput;
        l.values = *values;
        anyAlternative = anyAlternative || !l.values.empty();
        combinations *= std::max<qint64>(1, qint64(l.values.size()));
        if (combinations > orch::whatif::kMaxRuleAlternatives) {
            err(QStringLiteral("%1: the lists make more than %2 alternatives; replay fewer at once")
                    .arg(command)
                    .arg(orch::whatif::kMaxRuleAlternatives));
            return BadInput;
        }
        for (int v : l.values) {
            orch::whatif::RuleSet probe = current;
            probe.*(l.field) = v;
            if (auto s = probe.validate(); !s) {
                err(QStringLiteral("--%1: %2").arg(QLatin1String(l.option), s.error()));
                return BadInput;
            }
        }
    }
    for (double t : *thresholds) {
        orch::whatif::RuleSet probe = current;
        probe.threshold = t;
        if (auto s = probe.validate(); !s) {
            err(QStringLiteral("--threshold: ") + s.error());
            return BadInput;
        }
    }
    // Every combination of the listed values; unlisted fields keep the current spec's value.
    std::vector<orch::whatif::RuleSet> alternatives;
    if (anyAlternative) {
        alternatives.push_back(current);
        const auto expand = [&](auto assign, const auto& values) {
            if (values.empty())
                return;
            std::vector<orch::whatif::RuleSet> next;
            for (const orch::whatif::RuleSet& base : alternatives) {
                for (const auto& v : values) {
                    orch::whatif::RuleSet r = base;
                    assign(r, v);
                    next.push_back(r);
                }
            }
            alternatives = std::move(next);
        };
        expand([](orch::whatif::RuleSet& r, double v) { r.threshold = v; }, *thresholds);
        for (const IntList& l : lists)
            expand([&l](orch::whatif::RuleSet& r, int v) { r.*(l.field) = v; }, l.values);
    }

    auto store = openStore(p, command);
    if (!store)
        return BadInput;
    const bool showProgress = p.isSet(QStringLiteral("progress"));
    int lastPercent = -1;
    QElapsedTimer timer;
    timer.start();
    const auto progress = [&](qint64 done, qint64 total) {
        const int percent = total > 0 ? int(done * 100 / total) : 100;
        if (showProgress && percent != lastPercent && (percent % 5 == 0 || done == total)) {
            std::fprintf(stderr, "whatif rules: %lld/%lld series (%d%%), %.1f s\n", (long long)done,
                         (long long)total, percent, double(timer.elapsed()) / 1000.0);
            lastPercent = percent;
        }
        return true;
    };
    auto report = orch::whatif::replayRules(*store, current, alternatives, progress);
    if (!report) {
        err(command + QStringLiteral(": ") + report.error());
        return BadInput;
    }
    out(report->toJson().dump());
    return Ok;
}

} // namespace

int whatifCommand(const QStringList& args)
{
    const QString question = args.value(0);
    if (question == QLatin1String("reward"))
        return rewardQuestion(args.mid(1));
    if (question == QLatin1String("policy"))
        return policyQuestion(args.mid(1));
    if (question == QLatin1String("rules"))
        return rulesQuestion(args.mid(1));
    if (question == QLatin1String("--help") || question == QLatin1String("-h")) {
        std::fputs(kWhatIfUsage, stdout);
        return Ok;
    }
    err(QStringLiteral("whatif: expected reward, policy or rules, got '%1'").arg(question));
    std::fputs(kWhatIfUsage, stderr);
    return BadInput;
}

} // namespace ctl
