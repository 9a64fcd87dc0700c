#pragma once

#include <map>
#include <optional>
#include <vector>

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "engine/rollout.h"
#include "store/statestore.h"

// The typed values the client interface (core/client/orchestratorclient.h) answers with. Each
// struct is also the one definition of its JSON wire shape under orchestratord's /api/v1
// (docs/api.md): the daemon's routes serialize these with toJson(), RemoteClient reads them back
// with fromJson(), and EmbeddedClient hands the same structs over without any JSON. fromJson()
// refuses missing fields and wrong types, naming the field's path ("detections[2].openedAt");
// it ignores unknown fields, so that an older console keeps working against a newer server.
namespace orch {

// ---------------------------------------------------------------------------------------------
// Sharding (docs/sharding.md): GET /api/v1/shard of a sharded orchestratord, and the same object
// without "dealers" and "jobs" as "shard" in GET /api/v1/whoami, which is how the console learns
// which replica of which orchestrator it is talking to.

// A daily job of one shard on this replica (one lock per job per shard in Redis).
struct ShardJobRuns
{
    QString job; // "adaptive-weight-learner", "rl-controller"
    int shard = 0;
    qint64 runs = 0; // scheduled times this replica ran for the shard
    qint64 elsewhere = 0; // scheduled times another replica had already claimed for the shard
    std::vector<TimeMs> recent; // the latest scheduled times run here, oldest first (at most 32)
    friend bool operator==(const ShardJobRuns&, const ShardJobRuns&) = default;
};

struct ShardStatus
{
    QString instance; // --instance: the orchestrator the replicas make up together
    int index = 0; // K: this replica's home shard
    int count = 1; // N: shards (= replicas)
    std::vector<int> held; // the shards this replica holds now, ascending (its home shard, taken-over ones)
    qint64 handledDealers = 0; // the dealers of the held shards among the known ones
    qint64 knownDealers = 0; // dealers this replica knows of (the simulated fleet, or seen in samples)
    qint64 leaseMs = 0; // a shard is taken over this long after its replica stopped renewing
    QString redis; // the Redis endpoint without password (all replicas of one orchestrator share it)
    qint64 takeovers = 0; // since the replica started
    qint64 handbacks = 0;
    std::optional<QStringList> dealers; // GET /api/v1/shard only: the handled dealers, sorted
    std::vector<ShardJobRuns> jobs; // GET /api/v1/shard only

    QString assignment() const { return QStringLiteral("%1/%2").arg(index).arg(count); } // "1/3"
    bool holds(int shard) const;
    // Without the dealer list and the jobs: what whoami carries.
    ShardStatus brief() const;

    // {"instance":"default","shard":"1/3","index":1,"count":3,"held":[1,2],"handledDealers":8,
    //  "knownDealers":12,"leaseMs":15000,"redis":"redis://127.0.0.1:6379/0","takeovers":1,"handbacks":0,
    //  "dealers":["D0002",...],"jobs":[{"job":"adaptive-weight-learner","shard":2,"runs":3,
    //  "elsewhere":1,"recent":["2026-01-09T02:00:00Z",...]}]}
    nlohmann::ordered_json toJson() const;
    // Strict beyond the types: 1 <= count <= 256, 0 <= index < count, held ascending within range.
    static Result<ShardStatus> fromJson(const nlohmann::json& json);
    friend bool operator==(const ShardStatus&, const ShardStatus&) = default;
};

// ---------------------------------------------------------------------------------------------
// Who the client is to the orchestrator: GET /api/v1/whoami.

// Each role includes the ones before it (docs/api.md, "Authentication and roles").
enum class AccessRole
{
    Viewer = 1, // every read
    Analyst = 2, // ingest, audit checkpoints, forced promote/rollback
    Approver = 3, // approving or refusing pending rollbacks and promotions
};
QString accessRoleName(AccessRole role); // "viewer", "analyst", "approver"
std::optional<AccessRole> accessRoleFromName(QStringView name);

struct Capabilities
{
    AccessRole role = AccessRole::Viewer;
    QString identity; // recorded in the audit trail for the caller's decisions
    bool anonymous = false; // a daemon without a token file; the embedded core
    QString tokenId; // remote: the first 12 hex digits of the token's SHA-256; empty otherwise

    // Not a capability: the engine's clock when the server answered (whoami is also how a
    // remote client learns the engine's clock; 0 when unknown). Ignored by operator==.
    TimeMs engineNow = 0;
    // Not a capability either: which replica of a sharded orchestrator answered ("shard", brief;
    // absent when the orchestrator is not sharded). Compared by operator==, so that a change of the
    // held shards is announced with capabilitiesChanged.
    std::optional<ShardStatus> shard;

    bool canForce() const { return role >= AccessRole::Analyst; } // promote / rollback
    bool canApprove() const { return role >= AccessRole::Approver; }

    // {"identity":"bob@example.com","role":"approver","anonymous":false,"tokenId":"5ba045205a66",
    //  "engineTime":"2026-01-09T10:15:00Z"}
    nlohmann::ordered_json toJson() const;
    static Result<Capabilities> fromJson(const nlohmann::json& json);
    friend bool operator==(const Capabilities& a, const Capabilities& b)
    {
        return a.role == b.role && a.identity == b.identity && a.anonymous == b.anonymous
            && a.tokenId == b.tokenId && a.shard == b.shard;
    }
};

// ---------------------------------------------------------------------------------------------
// Drift series: GET /api/v1/series and /api/v1/series/{dealer}/{feature}.

struct SeriesInfo
{
    QString dealer;
    QString feature;
    qint64 samples = 0; // seen by DriftSentinel
    bool monitored = false; // baseline complete
    double lastStd = 0; // the last evaluation's standardized std (0 before the first)
    bool drifting = false;

    friend bool operator==(const SeriesInfo&, const SeriesInfo&) = default;
};

struct SeriesList
{
    std::vector<SeriesInfo> series; // sorted by dealer, then feature

    // {"series":[{"dealer","feature","samples","monitored","lastStd","drifting"}]}
    nlohmann::ordered_json toJson() const;
    static Result<SeriesList> fromJson(const nlohmann::json& json);
    friend bool operator==(const SeriesList&, const SeriesList&) = default;
};

struct SeriesQuery
{
    QString dealer;
    QString feature;
    std::optional<TimeMs> from; // default: 7 days before `to`
    std::optional<TimeMs> to; // default: just after the engine's clock (exclusive)
    int maxPoints = 1000; // 2..100000; above it the server downsamples (min/max per bucket)
};

struct SeriesPoint
{
    TimeMs at = 0;
    double value = 0;
    friend bool operator==(const SeriesPoint&, const SeriesPoint&) = default;
};

struct SeriesPoints
{
    QString dealer;
    QString feature;
    TimeMs from = 0; // the range actually served, [from, to)
    TimeMs to = 0;
    qint64 totalPoints = 0; // samples in the range before downsampling
    QString downsampling; // "none" or "minmax"
    std::vector<SeriesPoint> points; // time order

    // {"dealer","feature","from","to","totalPoints","downsampling","points":[[ms,value],...]}
    nlohmann::ordered_json toJson() const;
    static Result<SeriesPoints> fromJson(const nlohmann::json& json);
    friend bool operator==(const SeriesPoints&, const SeriesPoints&) = default;
};

// ---------------------------------------------------------------------------------------------
// Detections: GET /api/v1/detections.

struct DetectionQuery
{
    std::optional<TimeMs> from; // opened in [from, to)
    std::optional<TimeMs> to;
    int limit = 100; // 1..1000, newest first
};

// One detection as the API writes it (Detection is core/store's struct; "open" is derived).
nlohmann::ordered_json detectionToJson(const Detection& detection);
Result<Detection> detectionFromJson(const nlohmann::json& json,
                                    const QString& path = QStringLiteral("detection"));

struct DetectionList
{
    std::vector<Detection> detections; // newest first

    // {"detections":[{"id","dealer","feature","openedAt","closedAt","open","threshold","firstStd",
    //   "peakStd","lastStd","flaggedEvaluations"}]}
    nlohmann::ordered_json toJson() const;
    static Result<DetectionList> fromJson(const nlohmann::json& json);
    friend bool operator==(const DetectionList&, const DetectionList&) = default;
};

// ---------------------------------------------------------------------------------------------
// Governance ledger: GET /api/v1/governance?month=YYYY-MM.

struct DealerSpend
{
    QString dealer;
    double spent = 0; // US dollars this month
    double remaining = 0; // of the monthly cap, >= 0
    friend bool operator==(const DealerSpend&, const DealerSpend&) = default;
};

struct GovernanceReport
{
    QString month; // "2026-11"
    double capPerDealer = 0;
    double minRewardThreshold = 0;
    double apiCostRemaining = 0; // the smallest remaining budget of any dealer
    std::vector<DealerSpend> dealers; // sorted by dealer

    nlohmann::ordered_json toJson() const;
    static Result<GovernanceReport> fromJson(const nlohmann::json& json);
    friend bool operator==(const GovernanceReport&, const GovernanceReport&) = default;
};

// ---------------------------------------------------------------------------------------------
// Governance outcomes of a month: GET /api/v1/governance/outcomes?month=YYYY-MM. What the
// RLController's decisions of the month earned against the reward threshold (formulas'
// calculateReward: reward > 0 and ΔVisibility·ΔRevenue >= threshold × API cost), per dealer, and
// when the month's API spend was charged (per charge and per day).

// The verdict of one measured decision.
struct RewardVerdict
{
    qint64 decisionId = 0;
    TimeMs decidedAt = 0;
    TimeMs rewardedAt = 0;
    QString action; // "none", "schema", ...
    double reward = 0;
    bool meetsThreshold = false;
    friend bool operator==(const RewardVerdict&, const RewardVerdict&) = default;
};

// One governance charge: a fix deployed to the dealer (canary or promotion).
struct SpendCharge
{
    TimeMs at = 0;
    double amount = 0; // US dollars
    qint64 rolloutId = 0;
    QString action;
    friend bool operator==(const SpendCharge&, const SpendCharge&) = default;
};

struct DealerOutcomes
{
    QString dealer;
    qint64 decisions = 0; // decided in the month
    qint64 fixes = 0; // of which chose a fix (not "none")
    qint64 rewarded = 0; // of which the outcome is measured (the others are pending)
    qint64 meetingThreshold = 0; // rewarded decisions meeting the reward threshold
    qint64 belowThreshold = 0; // rewarded decisions below it
    std::optional<double> meanReward; // of the rewarded decisions; none without one
    std::optional<RewardVerdict> lastVerdict; // the latest rewarded decision of the month
    double spent = 0; // the ledger's spend of the month (US dollars)
    std::vector<SpendCharge> charges; // in time order

    qint64 pending() const { return decisions - rewarded; }
    friend bool operator==(const DealerOutcomes&, const DealerOutcomes&) = default;
};

struct SpendDay
{
    TimeMs day = 0; // 00:00Z
    double spent = 0; // the fleet's charges that day (US dollars)
    qint64 charges = 0;
    qint64 dealers = 0; // distinct dealers charged
    friend bool operator==(const SpendDay&, const SpendDay&) = default;
};

struct GovernanceOutcomes
{
    QString month; // "2026-11"
    TimeMs from = 0; // [from, to): the month
    TimeMs to = 0;
    double capPerDealer = 0;
    double minRewardThreshold = 0;
    std::vector<DealerOutcomes> dealers; // sorted by dealer
    std::vector<SpendDay> days; // every day of the month, in order
    // The ledger's spend that no rollout accounts for (0 unless rollouts were lost).
    double unattributedSpend = 0;

    // {"month","from","to","capPerDealer","minRewardThreshold","unattributedSpend",
    //  "dealers":[{"dealer","decisions","fixes","rewarded","pending","meetingThreshold",
    //    "belowThreshold","meanReward"|null,"lastVerdict":{"decisionId","decidedAt","rewardedAt",
    //    "action","reward","meetsThreshold"}|null,"spent","charges":[{"at","amount","rolloutId","action"}]}],
    //  "days":[{"date":"2026-11-01","spent","charges","dealers"}]}
    nlohmann::ordered_json toJson() const;
    // Strict beyond the types: counts are >= 0 and add up (meeting + below = rewarded <= decisions,
    // pending = decisions - rewarded, fixes <= decisions), amounts finite and >= 0, times and days
    // inside the month, one day per day of the month.
    static Result<GovernanceOutcomes> fromJson(const nlohmann::json& json);
    friend bool operator==(const GovernanceOutcomes&, const GovernanceOutcomes&) = default;
};

// ---------------------------------------------------------------------------------------------
// Events (dashboard channel, component calls, rollouts): GET /api/v1/events (long poll).

struct EventQuery
{
    qint64 after = 0; // events with a larger id
    int limit = 100; // 1..1000
    int waitSeconds = 0; // 0..30: wait that long for a first event when there is none yet
};

nlohmann::ordered_json eventToJson(const EventRecord& event);
Result<EventRecord> eventFromJson(const nlohmann::json& json, const QString& path = QStringLiteral("event"));

struct EventPage
{
    std::vector<EventRecord> events; // id order
    qint64 cursor = 0; // `after` for the next query

    // {"events":[{"id","at","type","severity","dealer","feature","causeId","message"}],"cursor":42}
    nlohmann::ordered_json toJson() const;
    static Result<EventPage> fromJson(const nlohmann::json& json);
    friend bool operator==(const EventPage&, const EventPage&) = default;
};

// ---------------------------------------------------------------------------------------------
// Rollouts: GET /api/v1/rollouts?active=&limit=, GET /api/v1/rollouts/{id} (Rollout::toJson, the
// engine's own document: state, canary, votes, verification, history, auditCause...).

struct RolloutQuery
{
    bool activeOnly = false; // only "canary" and "awaiting-approval"
    int limit = 50; // 1..1000, newest first
};

struct RolloutList
{
    std::vector<Rollout> rollouts;

    // {"rollouts":[<Rollout::toJson()>...]}
    nlohmann::ordered_json toJson() const;
    static Result<RolloutList> fromJson(const nlohmann::json& json);
};

// ---------------------------------------------------------------------------------------------
// Audit records (the approvals' cause chains, the audit trail of decisions):
// GET /api/v1/audit/records?since=&until=&type=&cause=&actor=&limit=.

struct AuditEntry
{
    qint64 sequence = 0;
    TimeMs timestamp = 0;
    QString type; // "drift.detected", "rollout.approval_requested", "approval.approved", ...
    qint64 cause = 0; // the sequence of the record that caused this one; 0 when none
    QString actor; // "orchestrator" or the analyst's identity
    nlohmann::json data; // the record's payload
    bool checkpointed = false; // covered by a signed checkpoint (else: not yet provable)

    // {"sequence","timestamp":"ISO","type","cause","actor","checkpointed","data":{...}}
    nlohmann::ordered_json toJson() const;
    static Result<AuditEntry> fromJson(const nlohmann::json& json,
                                       const QString& path = QStringLiteral("record"));
};

struct AuditQuery
{
    std::optional<TimeMs> since;
    std::optional<TimeMs> until;
    QString type; // exact, or a prefix ending in '.' ("approval.")
    std::optional<qint64> cause; // records caused directly by this sequence
    QString actor; // exact; empty: any
    int limit = 1000; // 1..10000: the newest `limit` matches, in sequence order
};

struct AuditEntryList
{
    std::vector<AuditEntry> records; // sequence order
    bool truncated = false; // more records matched than `limit`: these are the newest

    nlohmann::ordered_json toJson() const;
    static Result<AuditEntryList> fromJson(const nlohmann::json& json);
};

// ---------------------------------------------------------------------------------------------
// Approvals inbox: GET /api/v1/approvals; POST /api/v1/approvals/{id}/approve|refuse.

struct Approval
{
    Rollout rollout; // state "awaiting-approval"; errorRate, driftDealers, verification, votes, history
    QString pending; // "rollback" or "promote"
    QString scope; // "canary" or "production"
    QString requestedBy; // "orchestrator" or the analyst who asked (who cannot approve it)
    TimeMs requestedAt = 0;
    TimeMs expiresAt = 0; // nothing is carried out after this
    int requiredApprovals = 1; // distinct approvers needed
    int approvals = 0; // given so far
    QString requestHash; // pass to decideApproval: decide on exactly this request
    QString reason; // why it is asked
    // The audit records from the approval request back to the root cause (newest first:
    // request, the canary, the decision, the policy update, ... the drift detection). Empty when
    // the audit trail is disabled.
    std::vector<AuditEntry> causeChain;
    // Detections open now on the rollout's canary dealers.
    std::vector<Detection> openDetections;

    nlohmann::ordered_json toJson() const;
    static Result<Approval> fromJson(const nlohmann::json& json,
                                     const QString& path = QStringLiteral("approval"));
};

struct ApprovalList
{
    std::vector<Approval> approvals; // oldest request first
    bool auditAvailable = false; // false: cause chains are empty (audit disabled)

    nlohmann::ordered_json toJson() const;
    static Result<ApprovalList> fromJson(const nlohmann::json& json);
};

// The body of approve / refuse / promote / rollback: {"comment": "..."}.
inline constexpr int kMaxCommentLength = 2000;

// ---------------------------------------------------------------------------------------------
// The RLController's policy: GET /api/v1/policy (policy_update.json's content).

struct PolicyDocument
{
    qint64 policyVersion = 0;
    TimeMs generatedAt = 0;
    double confidence = 0;
    qint64 retrains = 0;
    std::optional<TimeMs> lastRetrain;
    // The whole document (settings, contexts with arms and probabilities...), as FixLoop::policyJson
    // writes it: docs/learning.md.
    nlohmann::json document;

    nlohmann::json toJson() const { return document; }
    static Result<PolicyDocument> fromJson(const nlohmann::json& json);
};

// ---------------------------------------------------------------------------------------------
// What-if: POST /api/v1/whatif/reward and POST /api/v1/whatif/replay.

// SPEC's reward for the inputs, its verdict against the threshold, each input's break-even,
// and optionally a sensitivity sweep over one input (core/whatif/rewardwhatif.h).
struct RewardWhatIfRequest
{
    double deltaVisibility = 0;
    double deltaRevenue = 0;
    double apiCost = 0; // >= 0
    std::optional<double> minRewardThreshold; // default: the running spec's governance threshold
    struct Sweep
    {
        QString input; // "deltaVisibility", "deltaRevenue", "apiCost", "minRewardThreshold"
        double from = 0;
        double to = 0;
        int steps = 11; // 2..10001
    };
    std::optional<Sweep> sensitivity;

    // {"deltaVisibility","deltaRevenue","apiCost"[,"minRewardThreshold"][,"sensitivity":{"input","from","to","steps"}]}
    nlohmann::ordered_json toJson() const;
};

struct BreakEvenInfo
{
    bool exists = false; // the verdict flips at `value`
    std::optional<double> value;
    QString meetsThreshold; // "above", "below" (exists), "never", "always"
    bool inclusive = false;
    QString formula;
    QString reason; // never / always: why
    std::optional<bool> inRange; // sweeps: the break-even lies in [from, to]

    static Result<BreakEvenInfo> fromJson(const nlohmann::json& json, const QString& path);
};

struct RewardWhatIfResult
{
    double reward = 0;
    double benefit = 0; // ΔVisibility * ΔRevenue
    bool meetsThreshold = false;
    double minRewardThreshold = 0;
    QString recommendation;
    // Each input's break-even with the others as given, by the input's JSON name.
    std::map<QString, BreakEvenInfo> breakEven;
    struct Point
    {
        double x = 0;
        double reward = 0;
        bool meetsThreshold = false;
    };
    struct Flip
    {
        double from = 0;
        double to = 0;
        bool meetsThreshold = false; // the verdict from `to` on
    };
    struct Sensitivity
    {
        QString input;
        double from = 0;
        double to = 0;
        int steps = 0;
        std::vector<Point> points;
        BreakEvenInfo breakEven;
        std::optional<double> rewardZero; // where the reward crosses 0 (null: nowhere)
        std::vector<Flip> verdictFlips;
    };
    std::optional<Sensitivity> sensitivity;
    nlohmann::json document; // the whole answer, as the server wrote it

    static Result<RewardWhatIfResult> fromJson(const nlohmann::json& json);
};

// Off-policy replay of the RLController's decision log under other bandit settings (adaptive)
// or a fixed policy (static): core/whatif/policyreplay.h, docs/whatif.md.
struct PolicyReplayRequest
{
    QString target = QStringLiteral("adaptive"); // or "static"
    // Adaptive: each setting left out keeps the running controller's (whatif::loggedSettings).
    std::optional<double> learningRate;
    std::optional<double> confidenceGate;
    std::optional<double> exploration;
    std::optional<double> minProbability;
    std::optional<double> minRewardMultiple;
    std::map<QString, double> costs; // action -> US dollars; absent actions keep the fleet's costs
    // Static: {"name","default":{action: p},"contexts":{context:{action: p}}} (StaticPolicy::fromJson).
    nlohmann::json policy;
    std::optional<TimeMs> since;
    std::optional<TimeMs> until;
    std::optional<int> minRewardedDecisions;
    std::optional<double> minEffectiveSampleSize;
    std::optional<double> minEffectiveSampleFraction;

    nlohmann::ordered_json toJson() const;
};

struct IntervalInfo
{
    double value = 0;
    double stdError = 0;
    double lower = 0; // 95 %
    double upper = 0;
};

struct PolicyReplayResult
{
    bool supported = false; // false: `refusals` say why there are no figures
    QStringList refusals;
    QString targetKind; // "adaptive" or "static"
    qint64 decisionsRead = 0;
    qint64 decisionsInRange = 0;
    qint64 rewarded = 0; // the estimate's n
    qint64 pending = 0;
    std::optional<TimeMs> first;
    std::optional<TimeMs> last;
    double minEffectiveSampleSize = 0;
    std::optional<double> effectiveSampleSize;
    // Present when supported.
    std::optional<IntervalInfo> logged;
    std::optional<IntervalInfo> ips;
    std::optional<IntervalInfo> snips;
    std::optional<IntervalInfo> ipsDifference; // target - logged
    std::optional<IntervalInfo> snipsDifference;
    std::map<QString, double> targetProbabilities; // mean pi(a | x) per action
    std::map<QString, double> loggedActions; // share of each logged action
    nlohmann::json document; // PolicyReplayReport::toJson(), as the server wrote it

    static Result<PolicyReplayResult> fromJson(const nlohmann::json& json);
};

} // namespace orch

Q_DECLARE_METATYPE(orch::Capabilities)
Q_DECLARE_METATYPE(orch::EventRecord)
Q_DECLARE_METATYPE(orch::EventPage)
