#pragma once

#include <array>
#include <chrono>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "engine/bandit.h"

// What the learning loop needs from the world around it: the dealers' contexts and measured
// outcomes, the checks a deployed fix must pass, and the hands that carry fixes out. The
// simulated fleet implements the first two (sim/fleetfixenvironment.h); real tools plug in
// through CommandVerifier and OutboxActions.
namespace orch {

// The API cost of each action (US dollars per dealer), indexed like bandit::actions().
using ActionCosts = std::array<double, bandit::kActionCount>;
inline constexpr ActionCosts kDefaultActionCosts { 0.0, 0.01, 0.015, 0.02, 0.03 };

struct FixOutcome
{
    double deltaVisibility = 0; // visibility points
    double deltaRevenue = 0; // US dollars (thousands in the simulated fleet)
};

class FixEnvironment
{
public:
    virtual ~FixEnvironment() = default;
    // The discrete context the policy conditions on, e.g. "schema-gap".
    virtual QString context(const QString& dealer, TimeMs at) = 0;
    // The change measured for `dealer` between `decidedAt` and `at`, with `appliedAction` (a
    // bandit action index; kNone when no fix reached the dealer) live in between.
    virtual FixOutcome outcome(const QString& dealer, int appliedAction, qint64 decisionId, TimeMs decidedAt,
                               TimeMs at)
        = 0;
};

// One step of the verification chain (RichResults, PerplexityCheck) or a validation hook
// (Lighthouse, SchemaCheck) for one dealer of a rollout.
struct VerificationRequest
{
    qint64 rolloutId = 0;
    QString step;
    QString action;
    QString dealer;
    TimeMs at = 0;
};

struct VerificationResult
{
    bool passed = false;
    QString detail;
};

class Verifier
{
public:
    virtual ~Verifier() = default;
    virtual VerificationResult verify(const VerificationRequest& request) = 0;
};

// Runs a configured external command per check: the request as JSON on stdin
// ({"rolloutId", "step", "action", "dealer", "at"}), and the check passes when the command exits
// 0 and prints a JSON object with "passed": true (an optional "detail" string is kept). Anything
// else — a non-zero exit, invalid JSON, a time-out — fails the check with the reason.
class CommandVerifier final : public Verifier
{
public:
    CommandVerifier(QString program, QStringList arguments, std::chrono::milliseconds timeout);
    VerificationResult verify(const VerificationRequest& request) override;

private:
    QString m_program;
    QStringList m_arguments;
    std::chrono::milliseconds m_timeout;
};

// The AutoFixAgents' actions: DeployFix, OpenPR, NotifySlack (and the rollback of a deployment).
class FixActions
{
public:
    virtual ~FixActions() = default;
    virtual Status deployFix(qint64 rolloutId, const QString& action, const QStringList& dealers, TimeMs at)
        = 0;
    virtual Status rollbackFix(qint64 rolloutId, const QString& action, const QStringList& dealers, TimeMs at)
        = 0;
    virtual Status openPullRequest(qint64 rolloutId, const QString& action, const QStringList& dealers,
                                   TimeMs at)
        = 0;
    virtual Status notifySlack(const QString& message, TimeMs at) = 0;
};

// Actions written to an outbox directory for the tools that carry them out: deployments and
// rollbacks as JSON lines (deployments.jsonl), each OpenPR as a patch file
// (pull-requests/rollout-<id>.patch) a CI job or an analyst applies, and Slack notifications as
// JSON lines (slack.jsonl) until the daemon's Slack channel delivers them.
class OutboxActions final : public FixActions
{
public:
    explicit OutboxActions(QString directory);
    Status deployFix(qint64 rolloutId, const QString& action, const QStringList& dealers, TimeMs at) override;
    Status rollbackFix(qint64 rolloutId, const QString& action, const QStringList& dealers,
                       TimeMs at) override;
    Status openPullRequest(qint64 rolloutId, const QString& action, const QStringList& dealers,
                           TimeMs at) override;
    Status notifySlack(const QString& message, TimeMs at) override;
    const QString& directory() const { return m_directory; }

private:
    Status appendLine(const QString& file, const nlohmann::json& line);

    QString m_directory;
};

} // namespace orch
