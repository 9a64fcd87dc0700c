#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace orch {

// Every setting of SPEC.md in one value. The member initialisers ARE the built-in defaults and
// equal SPEC.md's values; `orchestratorctl spec defaults` prints them.
struct AdaptiveWeightLearnerSpec
{
    QString version = QStringLiteral("1.2");
    QString dailyAtUtc = QStringLiteral("02:00"); // "02:00Z daily cron job"
    double confidenceFloor = 0.95;
    QString output = QStringLiteral("weight_posterior.json");
    bool retrainOnDrift = true; // "On Drift: Triggers RLController.retrain()"
};

struct DriftSentinelSpec
{
    QString version = QStringLiteral("1.1");
    int intervalMinutes = 15;
    double threshold = 2.0; // abs(std(feature)-1) > threshold
    int windowSamples = 96; // 24 h of 15-minute samples
    int baselineSamples = 672; // 7 days of 15-minute samples
    QStringList alertChannels { QStringLiteral("slack"), QStringLiteral("dashboard"),
                                QStringLiteral("pagerduty") };
};

struct RLControllerSpec
{
    QString version = QStringLiteral("1.0");
    double learningRate = 0.1;
    double confidenceGate = 0.75;
    // Not in SPEC.md: the share of decisions spread uniformly over all actions, and the floor on
    // each action's probability (exploration / 5 must reach it), so every decision can be
    // evaluated offline.
    double exploration = 0.2;
    double minProbability = 0.02;
    // Not in SPEC.md: a dealer is considered for a fix every `decisionIntervalDays` days (the
    // fleet is staggered over the days), and its reward is measured `rewardDelayHours` later.
    int decisionIntervalDays = 7;
    int rewardDelayHours = 24;
    QString stateStore = QStringLiteral("redis-cluster"); // "redis-cluster" or "sqlite"
    QString output = QStringLiteral("policy_update.json");
};

struct AutoFixAgentsSpec
{
    QString version = QStringLiteral("3.2");
    QStringList agents { QStringLiteral("SchemaAgent"), QStringLiteral("UGCAgent"),
                         QStringLiteral("GeoAgent"), QStringLiteral("CWVAgent") };
    double consensusThreshold = 0.92;
    QStringList verificationChain { QStringLiteral("RichResults"), QStringLiteral("PerplexityCheck") };
    QStringList actions { QStringLiteral("DeployFix"), QStringLiteral("OpenPR"),
                          QStringLiteral("NotifySlack") };
    bool rollbackOnVerificationFail = true; // rollback condition: verification_fail || drift_detected
    bool rollbackOnDrift = true;
};

struct ComponentsSpec
{
    AdaptiveWeightLearnerSpec adaptiveWeightLearner;
    DriftSentinelSpec driftSentinel;
    RLControllerSpec rlController;
    AutoFixAgentsSpec autoFixAgents;
};

struct GovernanceSpec
{
    double maxApiCostPerDealerMonth = 0.15; // US dollars
    double minRewardThreshold = 1.2; // benefit must be at least 1.2x the API cost (README)
};

struct AutoRetrainSpec
{
    int driftWindowHours = 24;
    int triggerCount = 3; // consecutive detections
    int minSampleSize = 100;
};

struct RollbackSpec
{
    double errorRateThreshold = 0.02; // fraction: 2 %
    bool autoRollback = true;
};

struct AuditSpec
{
    bool enabled = true;
    QString encryption = QStringLiteral("AES-256-GCM");
    bool appendOnly = true;
    QString hash = QStringLiteral("SHA-256");
};

struct TelemetrySpec
{
    QString metricsStore = QStringLiteral("s3://metrics/dealershipai/orchestrator/");
    AuditSpec audit;
    int retentionDays = 90;
};

struct RolloutSpec
{
    double canaryFraction = 0.10; // 10 %
    double autoPromoteAfterHours = 2.0;
    double rollbackErrorRate = 0.02; // fraction: 2 %
    QString ciCdProvider = QStringLiteral("GitHub Actions");
    QStringList validationHooks { QStringLiteral("Lighthouse"), QStringLiteral("SchemaCheck") };
};

struct OrchestratorSpec
{
    ComponentsSpec components;
    GovernanceSpec governance;
    AutoRetrainSpec autoRetrain;
    RollbackSpec rollback;
    TelemetrySpec telemetry;
    RolloutSpec rollout;

    // The daily time of the learner as minutes after 00:00 UTC (the value is validated on load).
    int learnerMinuteOfDay() const;

    static OrchestratorSpec defaults() { return {}; }

    // Validates a JSON document. Keys left out keep their defaults; unknown keys, wrong types and
    // out-of-range values are errors. Every error is reported, one per line, each with its path:
    // "governance.maxApiCostPerDealerMonth: must be >= 0, got -1".
    static Result<OrchestratorSpec> fromJson(const nlohmann::json& document);
    static Result<OrchestratorSpec> fromJsonText(std::string_view text);
    static Result<OrchestratorSpec> fromFile(const QString& path);

    nlohmann::ordered_json toJson() const;
};

// All errors of a spec document, each "path: reason". Empty when the document is valid.
QStringList validateSpec(const nlohmann::json& document);

} // namespace orch
