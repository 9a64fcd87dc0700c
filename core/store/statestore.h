#pragma once

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QString>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch {

// One metric sample of one dealer's feature.
struct Sample
{
    QString dealer;
    QString feature;
    TimeMs timestamp = 0;
    double value = 0;

    friend bool operator==(const Sample&, const Sample&) = default;
};

// A drift episode of one series: opened by the first flagged evaluation, closed by the first
// evaluation that is no longer flagged.
struct Detection
{
    qint64 id = 0;
    QString dealer;
    QString feature;
    TimeMs openedAt = 0;
    std::optional<TimeMs> closedAt;
    double threshold = 0;
    double firstStd = 0;
    double peakStd = 0;
    double lastStd = 0;
    int flaggedEvaluations = 0;

    friend bool operator==(const Detection&, const Detection&) = default;
};

// Something the orchestrator did or raised: an alert on the dashboard channel, a call to a
// component (RLController.retrain(), AutoFixAgents.pause()), a governance refusal...
struct EventRecord
{
    qint64 id = 0; // assigned by the store, increasing
    TimeMs at = 0;
    QString type; // "alert.raised", "alert.resolved", "rl.retrain", "agents.pause", ...
    QString severity; // "info", "warning", "critical"
    QString dealer; // may be empty (fleet-wide)
    QString feature; // may be empty
    qint64 causeId = 0; // the detection (or event) that caused it; 0 when none
    QString message;

    friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

// One RLController decision for one dealer, logged with everything an offline evaluation of
// another policy needs (inverse propensity scoring): the context the policy saw, the action it
// chose, the probability it gave that action, and — once the outcome is known — the reward.
struct DecisionRecord
{
    qint64 id = 0; // assigned by the store, increasing
    TimeMs at = 0;
    QString dealer;
    QString context; // the discrete context the policy saw, e.g. "schema-gap"
    QString action; // "none", "schema", "ugc", "geo", "cwv"
    double probability = 0; // the logging policy's probability of `action`, in (0, 1]
    QString probabilities; // JSON object: action -> probability, the whole distribution
    double confidence = 0; // the controller's confidence in the context when it decided
    bool exploited = false; // the action came from the policy's best guess (not exploration or holding)
    QString reason; // why this action: "exploit", "explore", or why it held
    qint64 policyVersion = 0;
    qint64 rolloutId = 0; // the rollout that carried the fix; 0 when none
    // The outcome, once measured (rewardedAt set).
    std::optional<TimeMs> rewardedAt;
    bool deployed = false; // the fix reached the dealer (canary or promotion) and stayed
    double deltaVisibility = 0;
    double deltaRevenue = 0;
    double apiCost = 0; // US dollars
    double reward = 0; // deltaVisibility * deltaRevenue - apiCost

    friend bool operator==(const DecisionRecord&, const DecisionRecord&) = default;
};

// A fix on its way to the fleet (canary, promotion, rollback), kept as the engine's JSON
// document; the store indexes what it needs to list them.
struct RolloutRecord
{
    qint64 id = 0; // assigned by insertRollout
    TimeMs createdAt = 0;
    TimeMs updatedAt = 0;
    QString state; // "canary", "awaiting-approval", "promoted", "rolled-back", "refused"
    QByteArray document; // JSON

    friend bool operator==(const RolloutRecord&, const RolloutRecord&) = default;
};

// Where the orchestrator keeps its state: SQLite in the data directory by default (SqliteStore);
// Redis joins with the daemon. Not thread-safe: use one store from one thread.
class StateStore
{
public:
    virtual ~StateStore() = default;

    // Appends samples atomically: all of them or none. A sample whose (dealer, feature,
    // timestamp) already exists with the same value is skipped; with a different value it is an
    // error naming the sample, and nothing of the batch is kept.
    virtual Status appendSamples(std::span<const Sample> samples) = 0;
    // Samples of one series with from <= timestamp < to, in time order.
    virtual Result<std::vector<Sample>> samples(const QString& dealer, const QString& feature, TimeMs from,
                                                TimeMs to)
        = 0;
    virtual Result<qint64> sampleCount() = 0;
    // Every stored (dealer, feature) series, sorted.
    virtual Result<std::vector<std::pair<QString, QString>>> series() = 0;

    // Opaque component state by key (e.g. "drift-sentinel", "rl-controller").
    virtual Status putState(const QString& key, const QByteArray& value) = 0;
    virtual Result<std::optional<QByteArray>> state(const QString& key) = 0;

    // Drift episodes. insertDetection returns the new id.
    virtual Result<qint64> insertDetection(const Detection& detection) = 0;
    virtual Status updateDetection(const Detection& detection) = 0;
    // Detections opened in [from, to), newest first, at most `limit`.
    virtual Result<std::vector<Detection>> detections(TimeMs from, TimeMs to, int limit) = 0;

    // Events, returned with id > afterId in id order, at most `limit`.
    virtual Result<qint64> appendEvent(const EventRecord& event) = 0;
    virtual Result<std::vector<EventRecord>> events(qint64 afterId, int limit) = 0;

    // API spend per dealer per month ("2026-01"), in micro-dollars so that sums are exact.
    virtual Status addSpend(const QString& dealer, const QString& month, qint64 microDollars) = 0;
    virtual Result<qint64> spend(const QString& dealer, const QString& month) = 0;

    // The decision log. appendDecisions assigns ids (in order) in one transaction; setOutcomes
    // fills the outcome fields (rewardedAt, deployed, deltas, apiCost, reward) of existing ids.
    virtual Status appendDecisions(std::span<DecisionRecord> decisions) = 0;
    virtual Status setOutcomes(std::span<const DecisionRecord> decisions) = 0;
    // Decisions with id > afterId and from <= at < to, in id order, at most `limit`.
    virtual Result<std::vector<DecisionRecord>> decisions(qint64 afterId, TimeMs from, TimeMs to, int limit)
        = 0;
    // Decisions still waiting for their outcome, in id order.
    virtual Result<std::vector<DecisionRecord>> pendingOutcomes() = 0;

    // Rollouts: insert assigns the id; update replaces state, updatedAt and document.
    virtual Result<qint64> insertRollout(const RolloutRecord& rollout) = 0;
    virtual Status updateRollout(const RolloutRecord& rollout) = 0;
    // Newest first; with `activeOnly`, only those not finished ("canary", "awaiting-approval").
    virtual Result<std::vector<RolloutRecord>> rollouts(bool activeOnly, int limit) = 0;
};

} // namespace orch
