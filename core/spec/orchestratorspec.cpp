#include "spec/orchestratorspec.h"

#include <QFile>
#include <QRegularExpression>

#include "common/strictjson.h"
#include "spec/specreader.h"

namespace orch {

namespace {

const QStringList kAlertChannels { QStringLiteral("slack"), QStringLiteral("dashboard"),
                                   QStringLiteral("pagerduty") };
const QStringList kAgents { QStringLiteral("SchemaAgent"), QStringLiteral("UGCAgent"),
                            QStringLiteral("GeoAgent"), QStringLiteral("CWVAgent") };
const QStringList kVerifiers { QStringLiteral("RichResults"), QStringLiteral("PerplexityCheck") };
const QStringList kActions { QStringLiteral("DeployFix"), QStringLiteral("OpenPR"),
                             QStringLiteral("NotifySlack") };
const QStringList kHooks { QStringLiteral("Lighthouse"), QStringLiteral("SchemaCheck") };
const QStringList kStateStores { QStringLiteral("redis-cluster"), QStringLiteral("sqlite") };

constexpr int kMaxSamples = 1'000'000;

using Range = ObjectReader::Range;

void readComponents(ObjectReader r, ComponentsSpec& c)
{
    {
        ObjectReader l = r.object("adaptiveWeightLearner");
        auto& s = c.adaptiveWeightLearner;
        l.string("version", s.version);
        l.string("dailyAtUtc", s.dailyAtUtc);
        static const QRegularExpression hhmm(QStringLiteral("^([01][0-9]|2[0-3]):[0-5][0-9]$"));
        if (!hhmm.match(s.dailyAtUtc).hasMatch()) {
            l.error("dailyAtUtc",
                    QStringLiteral("must be a UTC time of day \"HH:MM\", got \"%1\"").arg(s.dailyAtUtc));
            s.dailyAtUtc = AdaptiveWeightLearnerSpec {}.dailyAtUtc;
        }
        l.number("confidenceFloor", s.confidenceFloor, Range { 0.0, 1.0 });
        l.string("output", s.output);
        l.boolean("retrainOnDrift", s.retrainOnDrift);
        l.finish();
    }
    {
        ObjectReader d = r.object("driftSentinel");
        auto& s = c.driftSentinel;
        d.string("version", s.version);
        d.integer("intervalMinutes", s.intervalMinutes, 1, 24 * 60);
        d.number("threshold", s.threshold, Range { 0.0, {}, true });
        d.integer("windowSamples", s.windowSamples, 2, kMaxSamples);
        d.integer("baselineSamples", s.baselineSamples, 2, kMaxSamples);
        d.stringList("alertChannels", s.alertChannels, kAlertChannels, 0);
        d.finish();
    }
    {
        ObjectReader p = r.object("rlController");
        auto& s = c.rlController;
        p.string("version", s.version);
        p.number("learningRate", s.learningRate, Range { 0.0, 1.0, true });
        p.number("confidenceGate", s.confidenceGate, Range { 0.0, 1.0 });
        p.number("exploration", s.exploration, Range { 0.0, 1.0, true });
        p.number("minProbability", s.minProbability, Range { 0.0, 0.2, true });
        p.integer("decisionIntervalDays", s.decisionIntervalDays, 1, 365);
        p.integer("rewardDelayHours", s.rewardDelayHours, 1, 24 * 90);
        p.string("stateStore", s.stateStore, kStateStores);
        p.string("output", s.output);
        // Every action keeps exploration / 5 of the decisions (the policy's floor).
        if (s.exploration / 5 < s.minProbability * (1 - 1e-12))
            p.error("minProbability",
                    QStringLiteral("%1 is more than exploration / 5 = %2 (five actions share the exploration); "
                                   "raise exploration or lower minProbability")
                        .arg(s.minProbability)
                        .arg(s.exploration / 5));
        p.finish();
    }
    {
        ObjectReader a = r.object("autoFixAgents");
        auto& s = c.autoFixAgents;
        a.string("version", s.version);
        a.stringList("agents", s.agents, kAgents, 1);
        a.number("consensusThreshold", s.consensusThreshold, Range { 0.0, 1.0, true });
        a.stringList("verificationChain", s.verificationChain, kVerifiers, 0);
        a.stringList("actions", s.actions, kActions, 0);
        a.boolean("rollbackOnVerificationFail", s.rollbackOnVerificationFail);
        a.boolean("rollbackOnDrift", s.rollbackOnDrift);
        a.finish();
    }
    r.finish();
}

} // namespace

int OrchestratorSpec::learnerMinuteOfDay() const
{
    const QString& t = components.adaptiveWeightLearner.dailyAtUtc;
    return t.left(2).toInt() * 60 + t.mid(3, 2).toInt();
}

static void readSpec(const nlohmann::json& document, OrchestratorSpec& spec, QStringList& errors)
{
    if (!document.is_object()) {
        errors.append(QStringLiteral("(root): must be an object, got ") + json::typeName(document));
        return;
    }
    ObjectReader root(&document, QString(), &errors);
    readComponents(root.object("components"), spec.components);
    {
        ObjectReader g = root.object("governance");
        g.number("maxApiCostPerDealerMonth", spec.governance.maxApiCostPerDealerMonth, Range { 0.0, 1.0e6 });
        g.number("minRewardThreshold", spec.governance.minRewardThreshold, Range { 0.0, 1.0e6 });
        g.finish();
    }
    {
        ObjectReader a = root.object("autoRetrain");
        a.integer("driftWindowHours", spec.autoRetrain.driftWindowHours, 1, 24 * 366);
        a.integer("triggerCount", spec.autoRetrain.triggerCount, 1, 10'000);
        a.integer("minSampleSize", spec.autoRetrain.minSampleSize, 1, kMaxSamples);
        a.finish();
    }
    {
        ObjectReader b = root.object("rollback");
        b.number("errorRateThreshold", spec.rollback.errorRateThreshold, Range { 0.0, 1.0 });
        b.boolean("autoRollback", spec.rollback.autoRollback);
        b.finish();
    }
    {
        ObjectReader t = root.object("telemetry");
        t.string("metricsStore", spec.telemetry.metricsStore);
        if (!spec.telemetry.metricsStore.startsWith(QStringLiteral("s3://"))
            && !spec.telemetry.metricsStore.startsWith(QStringLiteral("file://")))
            t.error("metricsStore",
                    QStringLiteral("must be an s3:// or file:// URL, got \"%1\"")
                        .arg(spec.telemetry.metricsStore));
        ObjectReader a = t.object("audit");
        a.boolean("enabled", spec.telemetry.audit.enabled);
        a.string("encryption", spec.telemetry.audit.encryption, { QStringLiteral("AES-256-GCM") });
        a.boolean("appendOnly", spec.telemetry.audit.appendOnly);
        if (!spec.telemetry.audit.appendOnly)
            a.error("appendOnly", QStringLiteral("must be true: the audit trail is append-only, got false"));
        a.string("hash", spec.telemetry.audit.hash, { QStringLiteral("SHA-256") });
        a.finish();
        t.integer("retentionDays", spec.telemetry.retentionDays, 1, 3650);
        t.finish();
    }
    {
        ObjectReader o = root.object("rollout");
        o.number("canaryFraction", spec.rollout.canaryFraction, Range { 0.0, 1.0, true });
        o.number("autoPromoteAfterHours", spec.rollout.autoPromoteAfterHours, Range { 0.0, 24.0 * 30 });
        o.number("rollbackErrorRate", spec.rollout.rollbackErrorRate, Range { 0.0, 1.0 });
        o.string("ciCdProvider", spec.rollout.ciCdProvider);
        o.stringList("validationHooks", spec.rollout.validationHooks, kHooks, 0);
        o.finish();
    }
    root.finish();
}

QStringList validateSpec(const nlohmann::json& document)
{
    QStringList errors;
    OrchestratorSpec scratch;
    readSpec(document, scratch, errors);
    return errors;
}

Result<OrchestratorSpec> OrchestratorSpec::fromJson(const nlohmann::json& document)
{
    // The readers assign a field only when it is valid, so a document without errors leaves
    // `spec` fully read.
    QStringList errors;
    OrchestratorSpec spec;
    readSpec(document, spec, errors);
    if (!errors.isEmpty())
        return fail(errors.join(u'\n'));
    return spec;
}

Result<OrchestratorSpec> OrchestratorSpec::fromJsonText(std::string_view text)
{
    auto doc = json::parseStrict(text);
    if (!doc)
        return fail(doc.error());
    return fromJson(*doc);
}

Result<OrchestratorSpec> OrchestratorSpec::fromFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot open: %2").arg(path, f.errorString()));
    constexpr qint64 kMaxSpecBytes = 4 * 1024 * 1024;
    if (f.size() > kMaxSpecBytes)
        return fail(
            QStringLiteral("%1: larger than %2 bytes, not a spec document").arg(path).arg(kMaxSpecBytes));
    const QByteArray bytes = f.readAll();
    auto spec = fromJsonText(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!spec)
        return fail(spec.error());
    return spec;
}

namespace {

nlohmann::ordered_json list(const QStringList& l)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const QString& s : l)
        a.push_back(s.toStdString());
    return a;
}

} // namespace

nlohmann::ordered_json OrchestratorSpec::toJson() const
{
    using J = nlohmann::ordered_json;
    const auto& l = components.adaptiveWeightLearner;
    const auto& d = components.driftSentinel;
    const auto& p = components.rlController;
    const auto& a = components.autoFixAgents;
    J j;
    j["components"]["adaptiveWeightLearner"] = J { { "version", l.version.toStdString() },
                                                   { "dailyAtUtc", l.dailyAtUtc.toStdString() },
                                                   { "confidenceFloor", l.confidenceFloor },
                                                   { "output", l.output.toStdString() },
                                                   { "retrainOnDrift", l.retrainOnDrift } };
    j["components"]["driftSentinel"] = J { { "version", d.version.toStdString() },
                                           { "intervalMinutes", d.intervalMinutes },
                                           { "threshold", d.threshold },
                                           { "windowSamples", d.windowSamples },
                                           { "baselineSamples", d.baselineSamples },
                                           { "alertChannels", list(d.alertChannels) } };
    j["components"]["rlController"] = J { { "version", p.version.toStdString() },
                                          { "learningRate", p.learningRate },
                                          { "confidenceGate", p.confidenceGate },
                                          { "exploration", p.exploration },
                                          { "minProbability", p.minProbability },
                                          { "decisionIntervalDays", p.decisionIntervalDays },
                                          { "rewardDelayHours", p.rewardDelayHours },
                                          { "stateStore", p.stateStore.toStdString() },
                                          { "output", p.output.toStdString() } };
    j["components"]["autoFixAgents"] = J { { "version", a.version.toStdString() },
                                           { "agents", list(a.agents) },
                                           { "consensusThreshold", a.consensusThreshold },
                                           { "verificationChain", list(a.verificationChain) },
                                           { "actions", list(a.actions) },
                                           { "rollbackOnVerificationFail", a.rollbackOnVerificationFail },
                                           { "rollbackOnDrift", a.rollbackOnDrift } };
    j["governance"] = J { { "maxApiCostPerDealerMonth", governance.maxApiCostPerDealerMonth },
                          { "minRewardThreshold", governance.minRewardThreshold } };
    j["autoRetrain"] = J { { "driftWindowHours", autoRetrain.driftWindowHours },
                           { "triggerCount", autoRetrain.triggerCount },
                           { "minSampleSize", autoRetrain.minSampleSize } };
    j["rollback"] = J { { "errorRateThreshold", rollback.errorRateThreshold },
                        { "autoRollback", rollback.autoRollback } };
    j["telemetry"] = J { { "metricsStore", telemetry.metricsStore.toStdString() },
                         { "audit",
                           J { { "enabled", telemetry.audit.enabled },
                               { "encryption", telemetry.audit.encryption.toStdString() },
                               { "appendOnly", telemetry.audit.appendOnly },
                               { "hash", telemetry.audit.hash.toStdString() } } },
                         { "retentionDays", telemetry.retentionDays } };
    j["rollout"] = J { { "canaryFraction", rollout.canaryFraction },
                       { "autoPromoteAfterHours", rollout.autoPromoteAfterHours },
                       { "rollbackErrorRate", rollout.rollbackErrorRate },
                       { "ciCdProvider", rollout.ciCdProvider.toStdString() },
                       { "validationHooks", list(rollout.validationHooks) } };
    return j;
}

} // namespace orch
