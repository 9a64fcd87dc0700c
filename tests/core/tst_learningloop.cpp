// The learning loop of issue 4: the RLController's policy, the AutoFixAgents' consensus,
// governance before every deploy, and the canary rollout, on a real SqliteStore and audit trail
// with a scripted world (contexts, outcomes, votes, verifications) whose truth the tests know.
#include <cmath>
#include <random>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "audit/auditlog.h"
#include "engine/bandit.h"
#include "engine/clock.h"
#include "engine/orchestrator.h"
#include "store/sqlitestore.h"

using namespace orch;

namespace {

constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

// The world the loop acts on, scripted: every dealer has the same context, the schema fix pays
// off, the agents and verifiers answer as told.
class ScriptedWorld final : public FixEnvironment, public AgentPanel, public Verifier
{
public:
    int approvals = 4; // of the four agents
    bool verificationPasses = true;
    int verifications = 0;

    QString context(const QString&, TimeMs) override { return QStringLiteral("schema-gap"); }
    FixOutcome outcome(const QString&, int applied, qint64, TimeMs, TimeMs) override
    {
        return applied == bandit::actionIndex(QStringLiteral("schema")) ? FixOutcome { 2.0, 1.0 }
                                                                        : FixOutcome { 0.0, 0.0 };
    }
    AgentVote judge(const QString& agent, const ProposedFix&) override
    {
        const int index = int(m_seen++ % 4);
        return { agent, index < approvals, QStringLiteral("scripted") };
    }
    VerificationResult verify(const VerificationRequest& request) override
    {
        ++verifications;
        return { verificationPasses, request.step };
    }

private:
    qint64 m_seen = 0;
};

// An orchestrator whose RLController already knows that the schema fix pays off in
// "schema-gap" (so most dealers get it), deciding for every dealer every day.
struct Harness
{
    QTemporaryDir dir;
    OrchestratorSpec spec;
    SimulatedClock clock { kStart };
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<audit::AuditLog> audit;
    std::unique_ptr<Orchestrator> orchestrator;
    ScriptedWorld world;
    std::unique_ptr<OutboxActions> actions;
    QStringList dealers;

    explicit Harness(int dealerCount = 20, std::function<void(OrchestratorSpec&)> adjust = {})
    {
        spec.components.rlController.decisionIntervalDays = 1;
        // Small windows so a test can open a real drift in a few hours of samples.
        spec.components.driftSentinel.baselineSamples = 8;
        spec.components.driftSentinel.windowSamples = 4;
        spec.autoRetrain.minSampleSize = 4;
        if (adjust)
            adjust(spec);
        store = SqliteStore::open(dir.path()).value();
        audit::AuditLog::Options options;
        options.dataDir = dir.path();
        options.clock = &clock;
        audit = audit::AuditLog::open(options).value();
        // A policy learnt earlier: schema earns 2 (50 rewards), holding earns 0 (50 rewards).
        bandit::ValueTable values;
        for (int i = 0; i < 50; ++i) {
            values.update(QStringLiteral("schema-gap"), 1, 2.0 + (i % 2 ? 0.1 : -0.1), 0.1);
            values.update(QStringLiteral("schema-gap"), 0, i % 2 ? 0.1 : -0.1, 0.1);
        }
        const nlohmann::json state { { "values", values.toJson() }, { "policyVersion", 1 } };
        [[maybe_unused]] auto put
            = store->putState(QStringLiteral("rl-controller"), QByteArray::fromStdString(state.dump()));
        orchestrator = std::make_unique<Orchestrator>(spec, clock, *store, audit.get());
        actions = std::make_unique<OutboxActions>(QDir(dir.path()).filePath(QStringLiteral("outbox")));
        FixLoop::World w;
        w.environment = &world;
        w.agents = &world;
        w.verifier = &world;
        w.actions = actions.get();
        w.outputDir = dir.path();
        [[maybe_unused]] auto st = orchestrator->setFixWorld(w);
        for (int i = 0; i < dealerCount; ++i)
            dealers.append(QStringLiteral("D%1").arg(i + 1, 2, 10, QLatin1Char('0')));
    }

    // Steady samples for every dealer; `wild` dealers get values far outside their baseline.
    Status tickTo(TimeMs until, const QStringList& wild = {})
    {
        while (clock.now() + 15 * kMinuteMs <= until) {
            const TimeMs t = clock.advanceBy(15 * kMinuteMs);
            std::vector<Sample> samples;
            for (const QString& d : dealers) {
                const double base = 1.0 + 0.01 * double((t / (15 * kMinuteMs)) % 5);
                const double value
                    = wild.contains(d) ? base + ((t / (15 * kMinuteMs)) % 2 ? 40.0 : -40.0) : base;
                samples.push_back({ d, QStringLiteral("schema_coverage"), t, value });
            }
            if (auto st = orchestrator->ingest(samples); !st)
                return st;
            if (auto st = orchestrator->runDue(); !st)
                return st;
        }
        return success();
    }

    std::vector<Rollout> rollouts()
    {
        auto r = orchestrator->fixLoop().rollouts(false, 1000);
        return r ? *r : std::vector<Rollout> {};
    }
    // The rollout of the schema fix proposed on the first day.
    std::optional<Rollout> schemaRollout()
    {
        auto all = rollouts();
        for (auto it = all.rbegin(); it != all.rend(); ++it) {
            if (it->action == QLatin1String("schema"))
                return *it;
        }
        return std::nullopt;
    }
    std::vector<audit::Record> records()
    {
        auto r = audit::read(dir.path());
        return r ? *r : std::vector<audit::Record> {};
    }
    QByteArray outboxFile(const QString& name)
    {
        QFile f(QDir(dir.path()).filePath(QStringLiteral("outbox/") + name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
};

const TimeMs kDecisionTime = kStart + 3 * kHourMs; // the RLController's 03:00Z job

} // namespace

class TestLearningLoop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The policy alone: in a context with known mean rewards, the controller's choice converges
    // to the best action, with every action keeping its minimum probability.
    void banditConvergesToTheBestAction()
    {
        const double truth[bandit::kActionCount] = { 0.0, 0.2, 2.0, 0.5, -0.1 };
        const int best = 2;
        int converged = 0;
        for (int seed = 1; seed <= 50; ++seed) {
            std::mt19937_64 rng { std::uint64_t(seed) };
            std::normal_distribution<double> noise(0.0, 0.5);
            std::uniform_real_distribution<double> unit(0.0, 1.0);
            bandit::ValueTable values;
            const bandit::Settings settings;
            int chosenBest = 0;
            for (int t = 0; t < 400; ++t) {
                const bandit::Choice c
                    = bandit::choose(values, QStringLiteral("c"), settings, kDefaultActionCosts);
                for (double p : c.probabilities)
                    QVERIFY(p >= settings.minProbability);
                const int a = bandit::draw(c, unit(rng));
                if (t >= 300 && a == best)
                    ++chosenBest;
                values.update(QStringLiteral("c"), a, truth[a] + noise(rng), settings.learningRate);
            }
            const bandit::Choice last
                = bandit::choose(values, QStringLiteral("c"), settings, kDefaultActionCosts);
            if (last.target == best && chosenBest >= 70)
                ++converged;
        }
        QCOMPARE(converged, 50);
    }

    void gateHoldsAndSaysWhy()
    {
        bandit::ValueTable values;
        // Two noisy rewards of the schema fix: not enough to trust it.
        values.update(QStringLiteral("c"), 1, 3.0, 0.1);
        values.update(QStringLiteral("c"), 1, -2.0, 0.1);
        const bandit::Choice c
            = bandit::choose(values, QStringLiteral("c"), bandit::Settings {}, kDefaultActionCosts);
        QCOMPARE(c.target, bandit::kNone);
        QVERIFY2(c.reason.contains(QLatin1String("below the 0.75 gate")), qPrintable(c.reason));
        QVERIFY(c.confidence > 0 && c.confidence < 0.75);
        QCOMPARE(c.probabilities[0], 0.84); // holding: 0.8 + 0.2 / 5
        // Settings name what is wrong.
        bandit::Settings s;
        s.exploration = 0.05;
        QVERIFY(s.validate().error().contains(QLatin1String("minProbability")));
        s = {};
        s.learningRate = 0;
        QVERIFY(s.validate().error().contains(QLatin1String("learningRate")));
    }

    void consensusOfThreeAgentsNeverDeploys()
    {
        Harness h;
        h.world.approvals = 3; // 0.75 < 0.92
        QVERIFY(h.tickTo(kDecisionTime + 3 * kHourMs));
        const auto all = h.rollouts();
        QVERIFY(!all.empty());
        for (const Rollout& r : all) {
            QCOMPARE(r.state, Rollout::State::Refused);
            QVERIFY(r.deployed.isEmpty());
            QCOMPARE(r.consensus, 0.75);
            QVERIFY2(r.reason.contains(QLatin1String("no consensus")), qPrintable(r.reason));
        }
        QVERIFY(h.outboxFile(QStringLiteral("deployments.jsonl")).isEmpty());
        QCOMPARE(h.orchestrator->fixLoop().counters().spendMicros, qint64(0));
    }

    void budgetExhaustionRefuses()
    {
        Harness h;
        for (const QString& d : h.dealers)
            QVERIFY(h.store->addSpend(d, QStringLiteral("2026-01"), 150'000)); // the $0.15 cap
        QVERIFY(h.tickTo(kDecisionTime + kHourMs));
        const auto all = h.rollouts();
        QVERIFY(!all.empty());
        for (const Rollout& r : all) {
            QCOMPARE(r.state, Rollout::State::Refused);
            QVERIFY2(r.reason.contains(QLatin1String("governance refused")), qPrintable(r.reason));
            QCOMPARE(qsizetype(r.refusals.size()), r.targets.size());
        }
        QVERIFY(h.outboxFile(QStringLiteral("deployments.jsonl")).isEmpty());
    }

    void autoPromotionHappensAtTwoHoursAndNotBefore()
    {
        Harness h;
        QVERIFY(h.tickTo(kDecisionTime));
        auto r = h.schemaRollout();
        QVERIFY(r);
        QCOMPARE(r->state, Rollout::State::Canary);
        QVERIFY(r->targets.size() >= 10);
        // 10 % of the targets, rounded up, chosen deterministically.
        QCOMPARE(r->canary.size(), qsizetype(std::ceil(0.1 * double(r->targets.size()))));
        QCOMPARE(r->canary, selectCanary(r->id, r->targets, 0.10));
        QCOMPARE(r->deployed, r->canary);
        QCOMPARE(r->promoteAfter, kDecisionTime + 2 * kHourMs);

        // 1 h 59 min 59 s: still a canary.
        h.clock.advanceTo(kDecisionTime + 2 * kHourMs - 1000);
        QVERIFY(h.orchestrator->runDue());
        QCOMPARE(h.schemaRollout()->state, Rollout::State::Canary);
        // 2 h: promoted to every target.
        h.clock.advanceTo(kDecisionTime + 2 * kHourMs);
        QVERIFY(h.orchestrator->runDue());
        r = h.schemaRollout();
        QCOMPARE(r->state, Rollout::State::Promoted);
        QCOMPARE(r->deployed.size(), r->targets.size());
        QVERIFY(h.outboxFile(QStringLiteral("deployments.jsonl")).contains("\"operation\":\"deploy\""));
        QVERIFY(QFile::exists(
            QDir(h.dir.path()).filePath(QStringLiteral("outbox/pull-requests/rollout-%1.patch").arg(r->id))));
        // Each deployed dealer paid the schema fix once, canary and promotion alike.
        auto spent = h.orchestrator->governance().spentMicros(r->targets.front(), kDecisionTime);
        QCOMPARE(*spent, qint64(10'000));
        // The promotion names its cause: the canary record.
        const auto records = h.records();
        const auto promoted = std::find_if(records.begin(), records.end(), [&](const audit::Record& a) {
            return a.type == QLatin1String("rollout.promoted")
                && a.data.value("rolloutId", qint64(0)) == r->id;
        });
        QVERIFY(promoted != records.end());
        QCOMPARE(records[std::size_t(promoted->cause - 1)].type, QStringLiteral("rollout.canary"));
    }

    void failedVerificationRollsTheCanaryBack()
    {
        Harness h;
        h.world.verificationPasses = false;
        QVERIFY(h.tickTo(kDecisionTime));
        const auto r = h.schemaRollout();
        QCOMPARE(r->state, Rollout::State::RolledBack);
        QVERIFY(r->deployed.isEmpty());
        QCOMPARE(r->errorRate, 1.0);
        QVERIFY2(r->reason.contains(QLatin1String("verification failed")), qPrintable(r->reason));
        // Only the first step of the chain ran for each canary dealer (a chain stops at a failure).
        QCOMPARE(r->verification.begin()->second.checks.size(), std::size_t(1));
        QCOMPARE(r->verification.begin()->second.checks.front().step, QStringLiteral("RichResults"));
        QVERIFY(h.outboxFile(QStringLiteral("deployments.jsonl")).contains("\"operation\":\"rollback\""));
        QVERIFY(h.outboxFile(QStringLiteral("slack.jsonl")).contains("rolled back"));
    }

    // Drift opens on a canary dealer during the canary: the canary rolls back, and the audit
    // trail reads as one chain from the detection to the next day's vote.
    void openDriftRollsTheCanaryBackAndTheChainIsAudited()
    {
        Harness h;
        QVERIFY(h.tickTo(kDecisionTime));
        const auto canary = h.schemaRollout()->canary;
        QVERIFY(h.tickTo(kDecisionTime + 2 * kHourMs - 1000, canary));
        const auto r = h.schemaRollout();
        QCOMPARE(r->state, Rollout::State::RolledBack);
        QVERIFY2(r->reason.contains(QLatin1String("drift detected")), qPrintable(r->reason));
        QCOMPARE(r->driftDealers, canary);
        QVERIFY(h.orchestrator->autoFixAgents().paused(canary.front()));

        // Next day: rewards, decisions, new rollouts; the drifting dealer's fixes are held.
        QVERIFY(h.tickTo(kDecisionTime + kDayMs, canary));
        const auto records = h.records();
        const auto type = [&](qint64 sequence) { return records[std::size_t(sequence - 1)].type; };
        // rollback -> canary -> vote
        const auto rollback = std::find_if(records.begin(), records.end(), [](const audit::Record& a) {
            return a.type == QLatin1String("rollout.rolled_back");
        });
        QVERIFY(rollback != records.end());
        QCOMPARE(type(rollback->cause), QStringLiteral("rollout.canary"));
        QCOMPARE(type(records[std::size_t(rollback->cause - 1)].cause), QStringLiteral("agents.vote"));
        // detection -> pause, detection -> retrain -> policy update
        const auto retrain = std::find_if(records.begin(), records.end(), [](const audit::Record& a) {
            return a.type == QLatin1String("rl.retrain");
        });
        QVERIFY(retrain != records.end());
        QCOMPARE(type(retrain->cause), QStringLiteral("drift.detected"));
        const auto pause = std::find_if(records.begin(), records.end(), [](const audit::Record& a) {
            return a.type == QLatin1String("agents.pause");
        });
        QCOMPARE(type(pause->cause), QStringLiteral("drift.detected"));
        // The second day's vote descends from the retrain through the policy updates.
        const auto lastVote = std::find_if(records.rbegin(), records.rend(), [](const audit::Record& a) {
            return a.type == QLatin1String("agents.vote");
        });
        QVERIFY(lastVote != records.rend());
        bool reachesRetrain = false;
        for (qint64 c = lastVote->cause; c > 0; c = records[std::size_t(c - 1)].cause) {
            if (type(c) == QLatin1String("rl.retrain")) {
                reachesRetrain = true;
                QCOMPARE(type(records[std::size_t(c - 1)].cause), QStringLiteral("drift.detected"));
                break;
            }
        }
        QVERIFY(reachesRetrain);
        // No decision for the drifting dealer reached a rollout on day two.
        auto decisions = h.store->decisions(0, kDecisionTime + kDayMs, kDecisionTime + kDayMs + 1, 1000);
        for (const DecisionRecord& d : *decisions) {
            if (canary.contains(d.dealer) && d.action != QLatin1String("none")) {
                QCOMPARE(d.rolloutId, qint64(0));
                QVERIFY2(d.reason.contains(QLatin1String("held: drift is open")), qPrintable(d.reason));
            }
        }
        auto report = audit::verify(h.dir.path());
        QVERIFY(report && report->ok);
    }

    void approvalsWhenAutoRollbackIsOff()
    {
        Harness h(20, [](OrchestratorSpec& s) { s.rollback.autoRollback = false; });
        h.world.verificationPasses = false;
        QVERIFY(h.tickTo(kDecisionTime));
        auto r = h.schemaRollout();
        QCOMPARE(r->state, Rollout::State::AwaitingApproval);
        QCOMPARE(r->pendingApproval, QStringLiteral("rollback"));
        QCOMPARE(r->deployed, r->canary); // nothing is taken back without the approver

        // A comment is required.
        QVERIFY(!h.orchestrator->decideApproval(r->id, true, QStringLiteral("alice"), QString()));
        QVERIFY(!h.orchestrator->decideApproval(r->id, true, QString(), QStringLiteral("ok")));
        // Refused: the canary stays and is no longer promoted automatically.
        auto refused = h.orchestrator->decideApproval(r->id, false, QStringLiteral("alice"),
                                                      QStringLiteral("the failure is a flaky check"));
        QVERIFY2(refused, qPrintable(refused.error()));
        QCOMPARE(refused->state, Rollout::State::Canary);
        QVERIFY(h.tickTo(kDecisionTime + 3 * kHourMs));
        QCOMPARE(h.schemaRollout()->state, Rollout::State::Canary);
        // An analyst forces the promotion, then the rollback of the promoted fix.
        auto promoted
            = h.orchestrator->forcePromote(r->id, QStringLiteral("bob"), QStringLiteral("checked by hand"));
        QVERIFY2(promoted, qPrintable(promoted.error()));
        QCOMPARE(promoted->state, Rollout::State::Promoted);
        // Rolling back a promoted (production-wide) fix is a request for two other approvers.
        auto requested = h.orchestrator->forceRollback(r->id, QStringLiteral("carol"),
                                                       QStringLiteral("customer complaint"));
        QVERIFY2(requested, qPrintable(requested.error()));
        QCOMPARE(requested->state, Rollout::State::AwaitingApproval);
        QCOMPARE(requested->scope, QStringLiteral("production"));
        QCOMPARE(requested->requestedBy, QStringLiteral("carol"));
        QCOMPARE(requested->requiredApprovals, 2);
        QCOMPARE(requested->deployed, promoted->deployed); // nothing taken back yet
        const QString firstHash = requested->requestHash;
        QCOMPARE(firstHash.size(), 64);
        // The requester cannot approve; an approval counts once per approver.
        auto self = h.orchestrator->decideApproval(r->id, true, QStringLiteral("carol"), QStringLiteral("mine"));
        QVERIFY(!self);
        QVERIFY2(self.error().contains(QLatin1String("cannot approve it too")), qPrintable(self.error()));
        auto first = h.orchestrator->decideApproval(r->id, true, QStringLiteral("dave"), QStringLiteral("agreed"),
                                                    QStringLiteral("tok-dave"), firstHash);
        QVERIFY2(first, qPrintable(first.error()));
        QCOMPARE(first->state, Rollout::State::AwaitingApproval);
        QCOMPARE(first->approvals.size(), std::size_t(1));
        auto twice = h.orchestrator->decideApproval(r->id, true, QStringLiteral("dave"), QStringLiteral("again"));
        QVERIFY(!twice);
        QVERIFY2(twice.error().contains(QLatin1String("already approved")), qPrintable(twice.error()));
        // A changed request voids the approvals given so far, and an approval of what was shown
        // before is refused.
        auto changed = h.orchestrator->forceRollback(r->id, QStringLiteral("erin"),
                                                     QStringLiteral("the complaint is about every dealer"));
        QVERIFY2(changed, qPrintable(changed.error()));
        QVERIFY(changed->requestHash != firstHash);
        QVERIFY(changed->approvals.empty());
        auto stale = h.orchestrator->decideApproval(r->id, true, QStringLiteral("frank"), QStringLiteral("ok"), {},
                                                    firstHash);
        QVERIFY(!stale);
        QVERIFY2(stale.error().contains(QLatin1String("request changed")), qPrintable(stale.error()));
        QVERIFY(h.orchestrator->decideApproval(r->id, true, QStringLiteral("dave"), QStringLiteral("still agreed")));
        auto rolledBack = h.orchestrator->decideApproval(r->id, true, QStringLiteral("frank"),
                                                         QStringLiteral("confirmed"), QStringLiteral("tok-frank"),
                                                         changed->requestHash);
        QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
        QCOMPARE(rolledBack->state, Rollout::State::RolledBack);
        QVERIFY(rolledBack->deployed.isEmpty());
        // Racing approvals carry the action out once: a late third one finds nothing to decide.
        auto late = h.orchestrator->decideApproval(r->id, true, QStringLiteral("grace"), QStringLiteral("me too"));
        QVERIFY(!late);
        QVERIFY2(late.error().contains(QLatin1String("does not wait for an approval")), qPrintable(late.error()));
        QVERIFY(!h.orchestrator->forcePromote(r->id, QStringLiteral("bob"), QStringLiteral("again")));

        // Every analyst decision is in the audit trail with the analyst as the actor, and each
        // approval with its token id and the hash of the request it approved.
        QStringList seen;
        for (const audit::Record& a : h.records()) {
            if (a.actor != QLatin1String("orchestrator"))
                seen << a.type + u':' + a.actor + u':'
                        + QString::fromStdString(a.data.value("comment", std::string()));
            if (a.type == QLatin1String("approval.approved") && a.actor == QLatin1String("frank")) {
                QCOMPARE(QString::fromStdString(a.data.value("tokenId", std::string())), QStringLiteral("tok-frank"));
                QCOMPARE(QString::fromStdString(a.data.value("requestHash", std::string())), changed->requestHash);
                QCOMPARE(QString::fromStdString(a.data.value("decision", std::string())), QStringLiteral("approve"));
            }
        }
        QCOMPARE(seen,
                 QStringList({ QStringLiteral("approval.refused:alice:the failure is a flaky check"),
                               QStringLiteral("rollout.promoted:bob:checked by hand"),
                               QStringLiteral("approval.approved:dave:agreed"),
                               QStringLiteral("approval.approved:dave:still agreed"),
                               QStringLiteral("approval.approved:frank:confirmed"),
                               QStringLiteral("rollout.rolled_back:frank:confirmed") }));
    }

    void causeFromAnotherAuditTrailIsKeptAsData()
    {
        Harness h;
        // The RLController state as another replica sharing Redis wrote it: its policy record is
        // a sequence of that replica's audit trail, which this one does not have.
        auto saved = h.store->state(QStringLiteral("rl-controller"));
        QVERIFY(saved && saved->has_value());
        auto state = nlohmann::json::parse(saved->value().toStdString());
        state["policyRecord"] = 1000000;
        QVERIFY(h.store->putState(QStringLiteral("rl-controller"), QByteArray::fromStdString(state.dump())));
        h.orchestrator = std::make_unique<Orchestrator>(h.spec, h.clock, *h.store, h.audit.get());
        FixLoop::World w;
        w.environment = &h.world;
        w.agents = &h.world;
        w.verifier = &h.world;
        w.actions = h.actions.get();
        QVERIFY(h.orchestrator->setFixWorld(w));
        // The engine goes on deciding; the foreign cause is kept as data, the chain stays valid.
        auto st = h.tickTo(kDecisionTime);
        QVERIFY2(st, qPrintable(st.error()));
        QVERIFY(h.schemaRollout().has_value());
        bool foreign = false;
        for (const audit::Record& a : h.records())
            foreign = foreign || a.data.value("foreignCause", qint64(0)) == 1000000;
        QVERIFY(foreign);
        auto report = audit::verify(h.dir.path());
        QVERIFY(report && report->ok);
    }

    void approvalRequestsExpire()
    {
        Harness h(20, [](OrchestratorSpec& s) { s.rollback.autoRollback = false; });
        h.world.verificationPasses = false;
        QVERIFY(h.tickTo(kDecisionTime));
        auto r = h.schemaRollout();
        QCOMPARE(r->state, Rollout::State::AwaitingApproval);
        QCOMPARE(r->approvalExpiresAt, r->requestedAt + FixLoop::kApprovalTtl);
        // A day later, unanswered, the request expires: the canary stays and nothing was decided.
        QVERIFY(h.tickTo(r->approvalExpiresAt + 15 * 60 * 1000));
        auto expired = h.schemaRollout();
        QCOMPARE(expired->state, Rollout::State::Canary);
        QVERIFY(!expired->autoPromote);
        QVERIFY2(expired->reason.contains(QLatin1String("expired")), qPrintable(expired->reason));
        auto tooLate = h.orchestrator->decideApproval(r->id, true, QStringLiteral("alice"), QStringLiteral("sorry"));
        QVERIFY(!tooLate);
        bool recorded = false;
        for (const audit::Record& a : h.records())
            recorded = recorded || a.type == QLatin1String("approval.expired");
        QVERIFY(recorded);
    }

    void decisionsAreLoggedForOfflineEvaluation()
    {
        Harness h;
        QVERIFY(h.tickTo(kDecisionTime + kDayMs));
        auto decisions = h.store->decisions(0, 0, kDecisionTime + kDayMs + 1, 1000);
        QCOMPARE(decisions->size(), std::size_t(2 * h.dealers.size()));
        for (const DecisionRecord& d : *decisions) {
            QVERIFY(d.probability >= 0.04 - 1e-12);
            const auto p = nlohmann::json::parse(d.probabilities.toStdString());
            double sum = 0;
            for (const auto& [action, value] : p.items())
                sum += value.get<double>();
            QVERIFY(std::abs(sum - 1) < 1e-9);
            QCOMPARE(p[d.action.toStdString()].get<double>(), d.probability);
            if (d.at == kDecisionTime) {
                // Rewarded a day later: the schema fix earned 2 * 1 - 0.01 where it was deployed.
                QVERIFY(d.rewardedAt);
                if (d.deployed && d.action == QLatin1String("schema"))
                    QCOMPARE(d.reward, 2.0 - 0.01);
                if (!d.deployed)
                    QCOMPARE(d.reward, 0.0 - d.apiCost);
            }
        }
        // policy_update.json is written and valid.
        QFile policy(QDir(h.dir.path()).filePath(QStringLiteral("policy_update.json")));
        QVERIFY(policy.open(QIODevice::ReadOnly));
        const auto j = nlohmann::json::parse(policy.readAll().toStdString());
        QCOMPARE(j["component"].get<std::string>(), std::string("RLController"));
        QCOMPARE(j["contexts"]["schema-gap"]["target"].get<std::string>(), std::string("schema"));
        QVERIFY(j["contexts"]["schema-gap"]["confidence"].get<double>() >= 0.75);
        QCOMPARE(j["settings"]["learningRate"].get<double>(), 0.1);
        QCOMPARE(j["settings"]["confidenceGate"].get<double>(), 0.75);
    }

    void stateSurvivesARestart()
    {
        Harness h;
        QVERIFY(h.tickTo(kDecisionTime + kDayMs));
        const qint64 version = h.orchestrator->rlController().policyVersion();
        const auto values = h.orchestrator->rlController().values();
        Orchestrator again(h.spec, h.clock, *h.store);
        FixLoop::World w;
        w.environment = &h.world;
        QVERIFY(again.setFixWorld(w));
        QCOMPARE(again.rlController().policyVersion(), version);
        QVERIFY(again.rlController().values() == values);
    }
};

QTEST_GUILESS_MAIN(TestLearningLoop)
#include "tst_learningloop.moc"
