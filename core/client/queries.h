#pragma once

#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include <QByteArray>
#include <QString>

#include "audit/auditlog.h"
#include "client/clienttypes.h"
#include "common/result.h"
#include "engine/bandit.h"
#include "learning/weightposterior.h"

namespace orch {
class Orchestrator;
class StateStore;
} // namespace orch

// The engine-side half of the client interface: one implementation of each query and action,
// used by orchestratord's routes (core/api, which turn a QueryError into the HTTP status and JSON
// error) and by EmbeddedClient (which turns it into the Result's message). Functions taking an
// Engine run on the engine's thread (the orchestrator and its store are not thread-safe);
// functions taking only a data directory or values may run anywhere (the thread pool).
namespace orch::queries {

// What went wrong, with the HTTP status the daemon answers it with and the JSON path of the
// offending field ("?from", "$.comment") where there is one.
struct QueryError
{
    int status = 500;
    QByteArray code = QByteArrayLiteral("internal");
    QString message;
    QString field;
};

QueryError badRequest(QByteArray code, QString message, QString field = {});
QueryError notFound(QString message, QByteArray code = QByteArrayLiteral("not_found"));
QueryError conflict(QString message);
QueryError internal(QString message);

template<typename T> class Answer
{
public:
    Answer(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Answer(QueryError error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const QueryError& error() const { return std::get<1>(m_data); }

    // For the client interface: the error's message.
    Result<T> toResult() &&
    {
        if (ok())
            return std::get<0>(std::move(m_data));
        return Error { std::get<1>(m_data).message };
    }

private:
    std::variant<T, QueryError> m_data;
};

// What the queries run over: the engine's thread owns all of it.
struct Engine
{
    Orchestrator& orchestrator;
    StateStore& store;
    TimeMs now = 0;
    audit::AuditLog* audit = nullptr; // null: the spec disables the audit trail
    QString dataDir; // the audit trail is in dataDir/audit
};

// Limits shared by the daemon's parameter checks and the embedded client.
inline constexpr int kMaxSeriesPoints = 100000;
inline constexpr int kMaxListLimit = 1000;
inline constexpr int kMaxAuditLimit = 10000;
inline constexpr int kMaxReplayDecisions = 200000;
inline constexpr qint64 kCauseChainLookbackMs = 30LL * 24 * 3600 * 1000;

// Range checks on the typed queries (the daemon checks its parameters' syntax first; these give
// both implementations the same answer to a bad value), naming the parameter ("?max_points").
std::optional<QueryError> validate(const SeriesQuery& query);
std::optional<QueryError> validate(const DetectionQuery& query);
std::optional<QueryError> validate(const EventQuery& query);
std::optional<QueryError> validate(const RolloutQuery& query);
std::optional<QueryError> validate(const AuditQuery& query);
// A request hash as Rollout::computeRequestHash writes it: 64 lowercase hex digits (or empty).
std::optional<QueryError> validateRequestHash(const QString& hash,
                                              const QString& field = QStringLiteral("$.requestHash"));
// The comment of an approval decision or a forced action: non-empty, at most kMaxCommentLength.
std::optional<QueryError> validateComment(const QString& comment,
                                          const QString& field = QStringLiteral("$.comment"));
// "YYYY-MM" -> the month's first instant; empty -> nullopt (the engine clock's month).
Answer<std::optional<TimeMs>> parseMonth(const QString& month,
                                         const QString& field = QStringLiteral("?month"));

// Engine thread.
SeriesList seriesList(Engine engine);
Answer<SeriesPoints> seriesPoints(Engine engine, const SeriesQuery& query);
Answer<DetectionList> detections(Engine engine, const DetectionQuery& query);
Answer<GovernanceReport> governance(Engine engine, std::optional<TimeMs> month);
// The month's decisions against the reward threshold per dealer and when its spend was charged:
// verdicts from the decision log (formulas::calculateReward with the running spec's threshold),
// charges from the rollouts (the canary's at its start, the others' at the promotion).
Answer<GovernanceOutcomes> governanceOutcomes(Engine engine, std::optional<TimeMs> month);
Answer<EventPage> events(Engine engine, qint64 after, int limit);
Answer<RolloutList> rollouts(Engine engine, const RolloutQuery& query);
Answer<Rollout> rollout(Engine engine, qint64 id);
// The rollouts awaiting approval with their evidence, without the cause chains (addCauseChains).
Answer<ApprovalList> approvals(Engine engine);
// approve / refuse (404 unknown id, 409 not awaiting approval), promote (409 unless canary or
// awaiting approval), rollback (409 unless canary, awaiting approval or promoted).
// The engine's refusals (own request, twice, changed request, expired) are 409 with its message.
Answer<Rollout> decideApproval(Engine engine, qint64 id, bool approve, const QString& identity,
                               const QString& comment, const QString& tokenId = {},
                               const QString& requestHash = {});
Answer<Rollout> promote(Engine engine, qint64 id, const QString& identity, const QString& comment);
Answer<Rollout> rollback(Engine engine, qint64 id, const QString& identity, const QString& comment);
PolicyDocument policy(Engine engine);
Answer<learning::WeightPosterior> weightPosterior(Engine engine);
Answer<audit::Checkpoint> createCheckpoint(Engine engine);

// Any thread (reads the audit trail's files).
// Fills each approval's cause chain from the trail in dataDir (no-op when list.auditAvailable is false).
void addCauseChains(ApprovalList& list, const QString& dataDir);
Answer<AuditEntryList> auditRecords(const QString& dataDir, const AuditQuery& query);
Answer<audit::Checkpoint> latestCheckpoint(const QString& dataDir);
AuditEntry toEntry(const audit::Record& record);

// What-if. rewardWhatIf runs anywhere; `specThreshold` is the running spec's
// governance.minRewardThreshold (the default of request.minRewardThreshold).
Answer<nlohmann::ordered_json> rewardWhatIf(const RewardWhatIfRequest& request, double specThreshold);

// A policy replay in two steps: prepareReplay (engine thread) checks the request and copies
// what it needs of the decision log (at most kMaxReplayDecisions); runReplay (any thread, the
// pool) does the work.
struct PreparedReplay
{
    PolicyReplayRequest request;
    bandit::Settings settings;
    std::vector<DecisionRecord> log;
};
Answer<PreparedReplay> prepareReplay(Engine engine, const PolicyReplayRequest& request);
Answer<nlohmann::ordered_json> runReplay(PreparedReplay prepared);

} // namespace orch::queries
