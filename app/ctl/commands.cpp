#include "commands.h"

#include <cmath>
#include <cstdio>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include "common/strictjson.h"
#include "engine/driftmath.h"
#include "formulas/formulas.h"
#include "sim/fleetrunner.h"
#include "spec/orchestratorspec.h"
#include "store/sampleimport.h"
#include "store/sqlitestore.h"

namespace ctl {

namespace {

int specValidate(const QStringList& args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The spec document (JSON)."));
    if (int r = parse(p, QStringLiteral("spec validate"),
                      QStringLiteral("Validate an orchestrator spec document."), args);
        r >= 0)
        return r;
    if (p.positionalArguments().size() != 1) {
        err(QStringLiteral("spec validate: expected exactly one FILE"));
        return BadInput;
    }
    const QString file = p.positionalArguments().constFirst();
    QFile f(file);
    if (!f.exists()) {
        err(QStringLiteral("spec validate: %1: no such file").arg(file));
        return BadInput;
    }
    auto spec = orch::OrchestratorSpec::fromFile(file);
    if (!spec) {
        const QStringList lines = spec.error().split(u'\n');
        std::fprintf(stderr, "%s: invalid spec (%lld error%s)\n", qPrintable(file), (long long)lines.size(),
                     lines.size() == 1 ? "" : "s");
        for (const QString& line : lines)
            std::fprintf(stderr, "  %s\n", qPrintable(line));
        return CheckFailed;
    }
    std::printf("%s: valid\n", qPrintable(file));
    return Ok;
}

} // namespace

int specCommand(const QStringList& args)
{
    const QString verb = args.value(0);
    if (verb == QLatin1String("validate"))
        return specValidate(args.mid(1));
    if (verb == QLatin1String("defaults")) {
        QCommandLineParser p;
        if (int r = parse(p, QStringLiteral("spec defaults"),
                          QStringLiteral("Print the built-in spec (SPEC.md's values)."), args.mid(1));
            r >= 0)
            return r;
        if (!p.positionalArguments().isEmpty()) {
            err(QStringLiteral("spec defaults: takes no arguments"));
            return BadInput;
        }
        out(orch::OrchestratorSpec::defaults().toJson().dump(2));
        return Ok;
    }
    err(QStringLiteral("spec: expected 'validate FILE' or 'defaults', got '%1'").arg(verb));
    return BadInput;
}

namespace {

int driftCheck(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(valueOption(QStringLiteral("std"),
                            QStringLiteral("The feature's standardized standard deviation."),
                            QStringLiteral("X")));
    p.addOption(valueOption(QStringLiteral("threshold"), QStringLiteral("Drift threshold (default 2.0)."),
                            QStringLiteral("T")));
    if (int r = parse(p, QStringLiteral("drift check"),
                      QStringLiteral("Apply abs(std(feature)-1) > threshold."), args);
        r >= 0)
        return r;
    if (!p.positionalArguments().isEmpty()) {
        err(QStringLiteral("drift check: unexpected argument '%1'")
                .arg(p.positionalArguments().constFirst()));
        return BadInput;
    }
    const auto sd = number(p, QStringLiteral("std"));
    const auto threshold = number(p, QStringLiteral("threshold"), orch::formulas::kDefaultDriftThreshold);
    if (!sd || !threshold)
        return BadInput;
    auto check = orch::formulas::checkDrift(*sd, *threshold);
    if (!check) {
        err(QStringLiteral("drift check: ") + check.error());
        return BadInput;
    }
    out(orch::formulas::driftCheckJson(*check).dump());
    return check->driftDetected ? CheckFailed : Ok;
}

int driftScan(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(
        valueOption(QStringLiteral("input"),
                    QStringLiteral("Samples file: CSV (dealer,feature,timestamp,value) or JSON lines."),
                    QStringLiteral("FILE")));
    p.addOption(valueOption(QStringLiteral("window"),
                            QStringLiteral("Window in samples (default 96 = 24 h)."), QStringLiteral("N")));
    p.addOption(valueOption(QStringLiteral("baseline"),
                            QStringLiteral("Baseline in samples (default 672 = 7 days)."),
                            QStringLiteral("N")));
    p.addOption(valueOption(QStringLiteral("threshold"), QStringLiteral("Drift threshold (default 2.0)."),
                            QStringLiteral("T")));
    if (int r = parse(
            p, QStringLiteral("drift scan"),
            QStringLiteral("Scan every full window at every sample (stride 1) of every series of a file."),
            args);
        r >= 0)
        return r;
    if (!p.isSet(QStringLiteral("input"))) {
        err(QStringLiteral("drift scan: --input FILE is required"));
        return BadInput;
    }
    const auto window = integer(p, QStringLiteral("window"), 2, 1'000'000, 96);
    const auto baseline = integer(p, QStringLiteral("baseline"), 2, 100'000'000, 672);
    const auto threshold = number(p, QStringLiteral("threshold"), orch::formulas::kDefaultDriftThreshold);
    if (!window || !baseline || !threshold)
        return BadInput;
    if (*threshold < 0) {
        err(QStringLiteral("--threshold: must be >= 0, got %1").arg(*threshold));
        return BadInput;
    }
    auto set = orch::readSamplesFile(p.value(QStringLiteral("input")));
    if (!set) {
        err(set.error());
        return BadInput;
    }
    std::vector<std::span<const double>> series;
    series.reserve(set->series.size());
    for (const auto& s : set->series)
        series.emplace_back(s.values.data(), s.values.size());
    const orch::drift::ScanParams params { int(*window), int(*baseline), *threshold };
    const orch::drift::ScanResult r = orch::drift::scanMany(series, params);
    if (r.skippedSeries > 0)
        err(QStringLiteral("drift scan: %1 series skipped (fewer than max(window, baseline) = %2 samples, or "
                           "a constant baseline)")
                .arg(r.skippedSeries)
                .arg(std::max(*window, *baseline)));
    nlohmann::ordered_json j;
    j["series"] = r.series;
    j["windows"] = r.windows;
    j["flaggedWindows"] = r.flaggedWindows;
    j["flaggedSeries"] = r.flaggedSeries;
    j["stdMean"] = r.stdMean();
    out(j.dump());
    return r.flaggedWindows > 0 ? CheckFailed : Ok;
}

} // namespace

int driftCommand(const QStringList& args)
{
    const QString verb = args.value(0);
    if (verb == QLatin1String("check"))
        return driftCheck(args.mid(1));
    if (verb == QLatin1String("scan"))
        return driftScan(args.mid(1));
    err(QStringLiteral("drift: expected 'check' or 'scan', got '%1'").arg(verb));
    return BadInput;
}

int rewardCommand(const QStringList& args)
{
    if (args.value(0) != QLatin1String("calculate")) {
        err(QStringLiteral("reward: expected 'calculate', got '%1'").arg(args.value(0)));
        return BadInput;
    }
    QCommandLineParser p;
    p.addOption(
        valueOption(QStringLiteral("delta-visibility"), QStringLiteral("ΔVisibility."), QStringLiteral("X")));
    p.addOption(
        valueOption(QStringLiteral("delta-revenue"), QStringLiteral("ΔRevenue."), QStringLiteral("Y")));
    p.addOption(valueOption(QStringLiteral("api-cost"), QStringLiteral("API cost in dollars (>= 0)."),
                            QStringLiteral("Z")));
    p.addOption(valueOption(QStringLiteral("min-reward-threshold"),
                            QStringLiteral("Benefit-to-cost multiple (default 1.2)."), QStringLiteral("M")));
    if (int r = parse(p, QStringLiteral("reward calculate"),
                      QStringLiteral("Reward = ΔVisibility * ΔRevenue - API_Cost."), args.mid(1));
        r >= 0)
        return r;
    if (!p.positionalArguments().isEmpty()) {
        err(QStringLiteral("reward calculate: unexpected argument '%1'")
                .arg(p.positionalArguments().constFirst()));
        return BadInput;
    }
    const auto dv = number(p, QStringLiteral("delta-visibility"));
    const auto dr = number(p, QStringLiteral("delta-revenue"));
    const auto cost = number(p, QStringLiteral("api-cost"));
    const auto minimum
        = number(p, QStringLiteral("min-reward-threshold"), orch::formulas::kDefaultMinRewardThreshold);
    if (!dv || !dr || !cost || !minimum)
        return BadInput;
    auto result = orch::formulas::calculateReward(*dv, *dr, *cost, *minimum);
    if (!result) {
        err(QStringLiteral("reward calculate: ") + result.error());
        return BadInput;
    }
    nlohmann::ordered_json inputs;
    inputs["deltaVisibility"] = echo(p.value(QStringLiteral("delta-visibility")), *dv);
    inputs["deltaRevenue"] = echo(p.value(QStringLiteral("delta-revenue")), *dr);
    inputs["apiCost"] = echo(p.value(QStringLiteral("api-cost")), *cost);
    out(orch::formulas::rewardJson(*result, inputs).dump());
    return result->meetsThreshold ? Ok : CheckFailed;
}

int simulateCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(
        valueOption(QStringLiteral("dealers"), QStringLiteral("Dealers in the fleet."), QStringLiteral("N")));
    p.addOption(valueOption(QStringLiteral("days"), QStringLiteral("Simulated days."), QStringLiteral("D")));
    p.addOption(valueOption(QStringLiteral("seed"), QStringLiteral("Seed of the fleet (default 42)."),
                            QStringLiteral("S")));
    p.addOption(valueOption(QStringLiteral("data-dir"), QStringLiteral("Where the store is left."),
                            QStringLiteral("DIR")));
    p.addOption(valueOption(QStringLiteral("spec"), QStringLiteral("Spec document (default: built-in)."),
                            QStringLiteral("FILE")));
    if (int r = parse(p, QStringLiteral("simulate"),
                      QStringLiteral("Run the orchestrator on the simulated fleet with the simulated clock."),
                      args);
        r >= 0)
        return r;
    const auto dealers = integer(p, QStringLiteral("dealers"), 1, 100'000);
    const auto days = integer(p, QStringLiteral("days"), 1, 3650);
    const auto seed = integer(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), 42);
    if (!dealers || !days || !seed)
        return BadInput;
    if (!p.isSet(QStringLiteral("data-dir"))) {
        err(QStringLiteral("simulate: --data-dir DIR is required"));
        return BadInput;
    }
    orch::FleetSimulator::Options fleet;
    fleet.dealers = int(*dealers);
    fleet.seed = quint64(*seed);
    auto session = orch::FleetSession::open(p.value(QStringLiteral("data-dir")),
                                            p.value(QStringLiteral("spec")), fleet);
    if (!session) {
        err(QStringLiteral("simulate: ") + session.error());
        return BadInput;
    }
    orch::FleetSession& s = **session;
    const qint64 perDay = orch::kDayMs / s.simulator().interval();
    const qint64 total = *days * perDay;
    QElapsedTimer timer;
    timer.start();
    const auto progress = [&](qint64 done) {
        std::fprintf(stderr, "simulate: day %lld/%lld (%d%%), %lld detections, %.1f s\n",
                     (long long)(done / perDay), (long long)*days, int(done * 100 / total),
                     (long long)s.orchestrator().counters().detections, double(timer.elapsed()) / 1000.0);
        return true;
    };
    if (auto st = s.run(total, progress, perDay); !st) {
        err(QStringLiteral("simulate: ") + st.error());
        return BadInput;
    }
    const orch::OrchestratorCounters& c = s.orchestrator().counters();
    nlohmann::ordered_json j;
    j["dealers"] = *dealers;
    j["days"] = *days;
    j["seed"] = *seed;
    j["start"] = orch::formatIso(s.simulator().options().start).toStdString();
    j["end"] = orch::formatIso(s.clock().now()).toStdString();
    j["ticks"] = s.ticks();
    j["samples"] = c.samples;
    j["evaluations"] = c.evaluations;
    j["flaggedEvaluations"] = c.flaggedEvaluations;
    j["detections"] = c.detections;
    j["resolvedDetections"] = c.resolved;
    j["openDetections"] = s.orchestrator().sentinel().openCount();
    j["retrains"] = c.retrains;
    j["alerts"] = c.alerts;
    j["agentPauses"] = c.pauses;
    const orch::FixLoopCounters& f = s.orchestrator().fixLoop().counters();
    j["decisions"] = f.decisions;
    j["rewardedDecisions"] = f.rewarded;
    j["rollouts"] = f.rollouts;
    j["promotions"] = f.promotions;
    j["rollbacks"] = f.rollbacks;
    j["refusedRollouts"] = f.refusals;
    j["approvalsRequested"] = f.approvalsRequested;
    j["spend"] = double(f.spendMicros) / 1e6;
    // The learning curve: mean reward of each week's decisions.
    auto weeks = orch::weeklyRewards(s.store(), s.simulator().options().start, s.clock().now() + 1);
    if (!weeks) {
        err(QStringLiteral("simulate: ") + weeks.error());
        return BadInput;
    }
    nlohmann::ordered_json perWeek = nlohmann::ordered_json::array();
    QString curve;
    for (const orch::WeeklyReward& w : *weeks) {
        perWeek.push_back({ { "week", w.week },
                            { "from", orch::formatIso(w.from).toStdString() },
                            { "decisions", w.decisions },
                            { "fixes", w.fixes },
                            { "deployed", w.deployed },
                            { "meanReward", w.meanReward } });
        curve += QStringLiteral(" week %1: %2 (%3 decisions);")
                     .arg(w.week)
                     .arg(w.meanReward, 0, 'f', 3)
                     .arg(w.decisions);
    }
    j["rewardPerWeek"] = perWeek;
    if (!curve.isEmpty())
        std::fprintf(stderr, "simulate: mean reward per decision by week:%s\n", qPrintable(curve.chopped(1)));
    if (const auto& w = s.orchestrator().weightPosterior()) {
        j["weightConfidence"] = w->confidence;
        j["weightsPublished"] = w->published;
    }
    j["phase"] = s.orchestrator().status().phase.toStdString();
    j["dataDir"] = p.value(QStringLiteral("data-dir")).toStdString();
    out(j.dump());
    return Ok;
}

int importCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(valueOption(QStringLiteral("data-dir"), QStringLiteral("The store to import into."),
                            QStringLiteral("DIR")));
    p.addPositionalArgument(QStringLiteral("FILE"),
                            QStringLiteral("CSV (dealer,feature,timestamp,value) or JSON lines."));
    if (int r = parse(p, QStringLiteral("import"),
                      QStringLiteral("Import samples into a store: all rows or none."), args);
        r >= 0)
        return r;
    if (!p.isSet(QStringLiteral("data-dir")) || p.positionalArguments().size() != 1) {
        err(QStringLiteral("import: usage: orchestratorctl import --data-dir DIR FILE"));
        return BadInput;
    }
    auto store = orch::SqliteStore::open(p.value(QStringLiteral("data-dir")));
    if (!store) {
        err(QStringLiteral("import: ") + store.error());
        return BadInput;
    }
    auto summary = orch::importSamplesFile(p.positionalArguments().constFirst(), **store);
    if (!summary) {
        err(QStringLiteral("import: nothing was imported:\n") + summary.error());
        return BadInput;
    }
    nlohmann::ordered_json j;
    j["rows"] = summary->rows;
    j["inserted"] = summary->inserted;
    j["skippedDuplicates"] = summary->skippedDuplicates;
    j["series"] = summary->series;
    out(j.dump());
    return Ok;
}

} // namespace ctl
