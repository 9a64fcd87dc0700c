// The client-interface contract: ONE test body (ClientContract) run against both
// implementations of orch::OrchestratorClient — `tst_client embedded` (the core in a worker
// thread on the simulated fleet) and `tst_client remote` (RemoteClient against a real
// `orchestratord --simulate` on a loopback port, with a token file). Both fleets run the same
// spec, seed and size; every assertion is the same for both. `remote` adds RemoteExtras: roles
// (a viewer cannot decide), dual approval by two approvers, a refused token, and a lost server.
#include <functional>
#include <memory>

#include <QCoroTask>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include "../daemon/daemonprocess.h"
#include "client/embeddedclient.h"
#include "formulas/formulas.h"
#include "net/remoteclient.h"
#include "store/sqlitestore.h"

using namespace orch;

namespace {

constexpr int kDealers = 20;
constexpr int kSeed = 7;
constexpr int kWarmUpDays = 10;
constexpr int kTickMs = 1000; // approval requests expire after 24 simulated hours: 96 s
constexpr int kLongMs = 180000; // generous: a loaded 2-core machine

const QString kApproverIdentity = QStringLiteral("alice@example.com");
const QByteArray kApproverToken = "approver-alice-0123456789abcdef";
const QByteArray kApprover2Token = "approver-bob-0123456789abcdef";
const QByteArray kAnalystToken = "analyst-carol-0123456789abcdef";
const QByteArray kViewerToken = "viewer-victor-0123456789abcdef";

// Runs a request to completion (QCoro::waitFor needs default-constructible results; Result is not).
template<typename T> T wait(QCoro::Task<T>&& task)
{
    std::optional<T> out;
    QEventLoop loop;
    auto run = [&]() -> QCoro::Task<> {
        out.emplace(co_await std::move(task));
        loop.quit();
    };
    auto running = run();
    if (!out)
        loop.exec();
    return std::move(*out);
}

QString writeFile(const QString& dir, const QString& name, const QByteArray& content)
{
    const QString path = QDir(dir).filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(content);
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

// The same spec for both fleets: canaries promote after one hour, so promotions come early.
const QByteArray kSpec = R"({"rollout": {"autoPromoteAfterHours": 1.0}})";

// Starts the implementation under test and owns what it needs (the daemon, its token file).
struct Fixture
{
    QString kind;
    QTemporaryDir dir;
    std::unique_ptr<DaemonProcess> daemon;
    std::unique_ptr<OrchestratorClient> client;

    RemoteOptions remoteOptions(const QByteArray& token) const
    {
        RemoteOptions o;
        o.baseUrl = daemon->url(QString());
        o.token = QString::fromLatin1(token);
        o.requestTimeoutMs = 30000;
        o.statusIntervalMs = 1000;
        o.eventWaitSeconds = 5;
        o.retryInitialMs = 200;
        o.retryMaxMs = 1000;
        return o;
    }

    // Where the implementation under test keeps its state store (SQLite, shareable with readers).
    QString dataDir() const
    {
        return kind == QLatin1String("embedded") ? dir.filePath(QStringLiteral("data")) : daemon->dataDir();
    }

    QString start()
    {
        const QString spec = writeFile(dir.path(), QStringLiteral("spec.json"), kSpec);
        if (kind == QLatin1String("embedded")) {
            EmbeddedOptions o;
            o.dataDir = dir.filePath(QStringLiteral("data"));
            o.specFile = spec;
            o.dealers = kDealers;
            o.seed = kSeed;
            o.warmUpDays = kWarmUpDays;
            o.tickIntervalMs = kTickMs;
            o.identity = kApproverIdentity;
            auto embedded = std::make_unique<EmbeddedClient>(o);
            auto* raw = embedded.get();
            auto done = std::make_shared<bool>(false);
            QObject::connect(raw, &EmbeddedClient::warmUpProgress, raw,
                             [done](int d, int total) { *done = *done || d >= total; });
            client = std::move(embedded);
            client->start();
            if (!QTest::qWaitFor(
                    [&] {
                        return *done
                            || client->connectionState() == OrchestratorClient::ConnectionState::Failed;
                    },
                    kLongMs))
                return QStringLiteral("the embedded warm-up did not finish");
        } else {
            const QString tokens
                = writeFile(dir.path(), QStringLiteral("tokens"),
                            kApproverToken + " approver " + kApproverIdentity.toLatin1() + "\n"
                                + kApprover2Token + " approver bob@example.com\n" + kAnalystToken
                                + " analyst carol@example.com\n" + kViewerToken + " viewer victor\n");
            daemon = std::make_unique<DaemonProcess>();
            // The daemon logs while it simulates: into a file, never into a pipe nobody drains.
            daemon->process().setStandardErrorFile(dir.filePath(QStringLiteral("daemon.log")));
            if (!daemon->start({ QStringLiteral("--token-file"), tokens, QStringLiteral("--spec"), spec,
                                 QStringLiteral("--simulate"), QString::number(kDealers),
                                 QStringLiteral("--seed"), QString::number(kSeed),
                                 QStringLiteral("--warm-up-days"), QString::number(kWarmUpDays),
                                 QStringLiteral("--sim-tick-ms"), QString::number(kTickMs) },
                               60000))
                return daemon->errorText();
            const TimeMs wallAtStart = QDateTime::currentMSecsSinceEpoch();
            client = std::make_unique<RemoteClient>(remoteOptions(kApproverToken));
            client->start();
            // The daemon backfills the warm-up days first (its clock races to the wall clock's):
            // the fleet is where the embedded one is once the engine clock has caught up.
            if (!QTest::qWaitFor(
                    [&] {
                        if (client->connectionState() != OrchestratorClient::ConnectionState::Connected)
                            return false;
                        auto caps = wait(client->fetchCapabilities());
                        if (caps && caps->engineNow >= wallAtStart - 15 * 60 * 1000)
                            return true;
                        QTest::qWait(200);
                        return false;
                    },
                    kLongMs))
                return QStringLiteral("the daemon's warm-up did not finish: ") + client->connectionError();
        }
        if (!QTest::qWaitFor(
                [&] { return client->connectionState() == OrchestratorClient::ConnectionState::Connected; },
                kLongMs))
            return QStringLiteral("not connected: ") + client->connectionError();
        return {};
    }
};

// A promoted rollout, waiting (the simulated fleet ticks on) until there is one.
std::optional<Rollout> promotedRollout(OrchestratorClient& client)
{
    std::optional<Rollout> found;
    (void)QTest::qWaitFor(
        [&] {
            auto list = wait(client.fetchRollouts({ false, 100 }));
            if (list) {
                for (const Rollout& r : list->rollouts) {
                    if (r.state == Rollout::State::Promoted && !found)
                        found = r;
                }
            }
            if (!found)
                QTest::qWait(500);
            return found.has_value();
        },
        kLongMs);
    return found;
}

// The month's figures as the engine's store has them, recomputed here from the decision log and
// the ledger with SPEC's formula: what GET /api/v1/governance/outcomes must answer.
struct DealerFigures
{
    qint64 decisions = 0;
    qint64 fixes = 0;
    qint64 rewarded = 0;
    qint64 meeting = 0;
    qint64 below = 0;
    double rewardSum = 0;
    qint64 lastId = 0;
    bool lastMeets = false;
    double lastReward = 0;
    qint64 spentMicros = 0;
    friend bool operator==(const DealerFigures&, const DealerFigures&) = default;
};
using Figures = std::map<QString, DealerFigures>;

Result<Figures> storeFigures(const QString& dataDir, TimeMs from, double threshold)
{
    auto store = SqliteStore::open(dataDir);
    if (!store)
        return fail(store.error());
    Figures out;
    auto series = (*store)->series();
    if (!series)
        return fail(series.error());
    for (const auto& [dealer, feature] : *series)
        out[dealer];
    auto decisions = (*store)->decisions(0, from, nextMonthStart(from), std::numeric_limits<int>::max());
    if (!decisions)
        return fail(decisions.error());
    for (const DecisionRecord& d : *decisions) {
        DealerFigures& f = out[d.dealer];
        ++f.decisions;
        f.fixes += d.action == QLatin1String("none") ? 0 : 1;
        if (!d.rewardedAt)
            continue;
        auto reward = formulas::calculateReward(d.deltaVisibility, d.deltaRevenue, d.apiCost, threshold);
        if (!reward)
            return fail(reward.error());
        ++f.rewarded;
        ++(reward->meetsThreshold ? f.meeting : f.below);
        f.rewardSum += d.reward;
        f.lastId = d.id;
        f.lastMeets = reward->meetsThreshold;
        f.lastReward = d.reward;
    }
    for (auto& [dealer, f] : out) {
        auto spent = (*store)->spend(dealer, monthKey(from));
        if (!spent)
            return fail(spent.error());
        f.spentMicros = *spent;
    }
    return out;
}

qint64 micros(double dollars)
{
    return qint64(std::llround(dollars * 1e6));
}

} // namespace

// ---------------------------------------------------------------------------------------------

class ClientContract final : public QObject
{
    Q_OBJECT
public:
    explicit ClientContract(Fixture& fixture)
        : m_f(fixture)
    { }

private Q_SLOTS:
    void initTestCase();
    void capabilities();
    void statusAndSpec();
    void seriesAndPoints();
    void detections();
    void governance();
    void rollouts();
    void governanceOutcomes();
    void governanceOutcomesWireShapeIsStrict();
    void approvalsRefusedWithCommentInAuditTrail();
    void forcedActionsConflict();
    void policyAndPosterior();
    void auditCheckpoint();
    void rewardWhatIf();
    void replayPolicy();

private:
    OrchestratorClient& client() { return *m_f.client; }
    Fixture& m_f;
    std::vector<EventRecord> m_events;
};

void ClientContract::initTestCase()
{
    const QString error = m_f.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    connect(&client(), &OrchestratorClient::eventsAvailable, this, [this](const QList<EventRecord>& events) {
        m_events.insert(m_events.end(), events.begin(), events.end());
    });
}

void ClientContract::capabilities()
{
    auto caps = wait(client().fetchCapabilities());
    QVERIFY2(caps, qPrintable(caps.error()));
    QCOMPARE(caps->role, AccessRole::Approver);
    QVERIFY(caps->canApprove());
    QVERIFY(caps->canForce());
    QCOMPARE(caps->identity, kApproverIdentity);
    QCOMPARE(client().capabilities().role, AccessRole::Approver);
}

void ClientContract::statusAndSpec()
{
    auto status = wait(client().fetchStatus());
    QVERIFY2(status, qPrintable(status.error()));
    QVERIFY(QStringList(
                { QStringLiteral("initializing"), QStringLiteral("operational"), QStringLiteral("degraded") })
                .contains(status->phase));
    QStringList names;
    for (const ComponentStatus& c : status->components)
        names << c.name;
    QCOMPARE(names,
             QStringList({ QStringLiteral("adaptive-weight-learner"), QStringLiteral("drift-sentinel"),
                           QStringLiteral("rl-controller"), QStringLiteral("auto-fix-agents") }));

    auto spec = wait(client().fetchSpec());
    QVERIFY2(spec, qPrintable(spec.error()));
    QCOMPARE(spec->rollout.autoPromoteAfterHours, 1.0);
    QCOMPARE(spec->governance.maxApiCostPerDealerMonth, 0.15);
    // The statuses keep coming while the fleet runs, with the clock.
    QSignalSpy statuses(&client(), &OrchestratorClient::statusAvailable);
    QSignalSpy clock(&client(), &OrchestratorClient::clockChanged);
    QTRY_VERIFY_WITH_TIMEOUT(statuses.size() >= 1 && clock.size() >= 1, 60000);
    QVERIFY(clock.last().at(0).toLongLong() > 1767225600000LL);
}

void ClientContract::seriesAndPoints()
{
    auto list = wait(client().fetchSeriesList());
    QVERIFY2(list, qPrintable(list.error()));
    QVERIFY(list->series.size() >= std::size_t(kDealers));
    QSet<QString> dealers;
    for (const SeriesInfo& s : list->series)
        dealers.insert(s.dealer);
    QCOMPARE(dealers.size(), kDealers);
    const SeriesInfo& first = list->series.front();
    QVERIFY(first.samples > 100);

    SeriesQuery q;
    q.dealer = first.dealer;
    q.feature = first.feature;
    q.maxPoints = 50;
    auto points = wait(client().fetchSeries(q));
    QVERIFY2(points, qPrintable(points.error()));
    QCOMPARE(points->dealer, first.dealer);
    QVERIFY(points->totalPoints > 50);
    QCOMPARE(points->downsampling, QStringLiteral("minmax"));
    QVERIFY(!points->points.empty() && points->points.size() <= 50);
    for (std::size_t i = 1; i < points->points.size(); ++i)
        QVERIFY(points->points[i - 1].at <= points->points[i].at);
    QVERIFY(points->points.front().at >= points->from && points->points.back().at < points->to);

    q.maxPoints = 100000;
    auto all = wait(client().fetchSeries(q));
    QVERIFY2(all, qPrintable(all.error()));
    QCOMPARE(all->downsampling, QStringLiteral("none"));
    QCOMPARE(qint64(all->points.size()), all->totalPoints);

    q.feature = QStringLiteral("no_such_feature");
    auto missing = wait(client().fetchSeries(q));
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(QStringLiteral("no series")), qPrintable(missing.error()));

    q.feature = first.feature;
    q.maxPoints = 1;
    auto bad = wait(client().fetchSeries(q));
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(QStringLiteral("max_points")), qPrintable(bad.error()));
}

void ClientContract::detections()
{
    auto list = wait(client().fetchDetections({}));
    QVERIFY2(list, qPrintable(list.error()));
    for (std::size_t i = 1; i < list->detections.size(); ++i)
        QVERIFY(list->detections[i - 1].openedAt >= list->detections[i].openedAt); // newest first
    for (const Detection& d : list->detections) {
        QVERIFY(d.peakStd >= d.firstStd || d.peakStd >= d.lastStd);
        QVERIFY(d.flaggedEvaluations >= 1);
    }
    DetectionQuery one;
    one.limit = 1;
    auto limited = wait(client().fetchDetections(one));
    QVERIFY2(limited, qPrintable(limited.error()));
    QVERIFY(limited->detections.size() <= 1);
    one.limit = 0;
    auto bad = wait(client().fetchDetections(one));
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(QStringLiteral("limit")), qPrintable(bad.error()));
}

void ClientContract::governance()
{
    auto report = wait(client().fetchGovernance(QString()));
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->capPerDealer, 0.15);
    QCOMPARE(int(report->dealers.size()), kDealers);
    double minRemaining = 1e9;
    for (const DealerSpend& d : report->dealers) {
        QVERIFY(d.spent >= 0 && d.remaining >= 0);
        QVERIFY(qAbs(d.spent + d.remaining - 0.15) < 1e-9 || d.remaining == 0);
        minRemaining = std::min(minRemaining, d.remaining);
    }
    QCOMPARE(report->apiCostRemaining, minRemaining);

    auto january = wait(client().fetchGovernance(QStringLiteral("2025-12")));
    QVERIFY2(january, qPrintable(january.error()));
    QCOMPARE(january->month, QStringLiteral("2025-12"));

    auto bad = wait(client().fetchGovernance(QStringLiteral("2026-13")));
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(QStringLiteral("YYYY-MM")), qPrintable(bad.error()));
}

void ClientContract::rollouts()
{
    const auto promoted = promotedRollout(client());
    QVERIFY2(promoted, "no rollout was promoted on the simulated fleet");
    auto list = wait(client().fetchRollouts({ false, 100 }));
    QVERIFY2(list, qPrintable(list.error()));
    QVERIFY(!list->rollouts.empty());
    for (std::size_t i = 1; i < list->rollouts.size(); ++i)
        QVERIFY(list->rollouts[i - 1].id > list->rollouts[i].id); // newest first

    auto one = wait(client().fetchRollout(promoted->id));
    QVERIFY2(one, qPrintable(one.error()));
    QCOMPARE(one->id, promoted->id);
    QCOMPARE(one->action, promoted->action);
    QVERIFY(!one->votes.empty());
    QVERIFY(!one->canary.isEmpty());
    QVERIFY(!one->history.empty());

    auto active = wait(client().fetchRollouts({ true, 100 }));
    QVERIFY2(active, qPrintable(active.error()));
    for (const Rollout& r : active->rollouts)
        QVERIFY(r.active());

    auto missing = wait(client().fetchRollout(987654));
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(QStringLiteral("no rollout 987654")), qPrintable(missing.error()));
}

void ClientContract::governanceOutcomes()
{
    auto spec = wait(client().fetchSpec());
    QVERIFY2(spec, qPrintable(spec.error()));
    const double threshold = spec->governance.minRewardThreshold;
    auto current = wait(client().fetchGovernanceOutcomes(QString()));
    QVERIFY2(current, qPrintable(current.error()));
    // The engine clock's month, or the one before when this one has only begun (the daemon's clock
    // is the wall clock's): the first with measured decisions. The fleet runs on while the test
    // reads, so a comparison counts only when the store did not change across the request.
    const QStringList months { current->month, monthKey(current->from - 1) };
    std::optional<GovernanceOutcomes> answer;
    Figures figures;
    QString lastError;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (const QString& month : months) {
                         const TimeMs from = *parseIsoUtc(QString(month + QStringLiteral("-01T00:00:00Z")));
                         auto before = storeFigures(m_f.dataDir(), from, threshold);
                         auto got = wait(client().fetchGovernanceOutcomes(month));
                         auto after = storeFigures(m_f.dataDir(), from, threshold);
                         if (!before || !got || !after) {
                             lastError = !before ? before.error() : !got ? got.error() : after.error();
                             continue;
                         }
                         const bool measured
                             = std::any_of(got->dealers.begin(), got->dealers.end(),
                                           [](const DealerOutcomes& d) { return d.rewarded > 0; });
                         if (*before == *after && measured) {
                             answer = std::move(got).value();
                             figures = std::move(before).value();
                             return true;
                         }
                     }
                     QTest::qWait(500);
                     return false;
                 },
                 kLongMs),
             qPrintable(QStringLiteral("no stable month with measured decisions: ") + lastError));

    const GovernanceOutcomes& a = *answer;
    QCOMPARE(a.from, *parseIsoUtc(QString(a.month + QStringLiteral("-01T00:00:00Z"))));
    QCOMPARE(a.to, nextMonthStart(a.from));
    QCOMPARE(a.capPerDealer, 0.15);
    QCOMPARE(a.minRewardThreshold, threshold);
    QCOMPARE(a.unattributedSpend, 0.0);
    QCOMPARE(int(a.dealers.size()), int(figures.size()));
    QVERIFY(int(a.dealers.size()) >= kDealers);
    qint64 totalCharges = 0;
    qint64 totalMicros = 0;
    for (const DealerOutcomes& d : a.dealers) {
        QVERIFY2(figures.count(d.dealer), qPrintable(d.dealer));
        const DealerFigures& f = figures.at(d.dealer);
        QCOMPARE(d.decisions, f.decisions);
        QCOMPARE(d.fixes, f.fixes);
        QCOMPARE(d.rewarded, f.rewarded);
        QCOMPARE(d.pending(), f.decisions - f.rewarded);
        QCOMPARE(d.meetingThreshold, f.meeting);
        QCOMPARE(d.belowThreshold, f.below);
        QCOMPARE(d.meanReward.has_value(), f.rewarded > 0);
        if (d.meanReward)
            QVERIFY(qAbs(*d.meanReward - f.rewardSum / double(f.rewarded))
                    <= 1e-9 * std::max(1.0, qAbs(*d.meanReward)));
        QCOMPARE(d.lastVerdict.has_value(), f.rewarded > 0);
        if (d.lastVerdict) {
            QCOMPARE(d.lastVerdict->decisionId, f.lastId);
            QCOMPARE(d.lastVerdict->meetsThreshold, f.lastMeets);
            QCOMPARE(d.lastVerdict->reward, f.lastReward);
            QVERIFY(d.lastVerdict->decidedAt >= a.from && d.lastVerdict->decidedAt < a.to);
            QVERIFY(d.lastVerdict->rewardedAt >= d.lastVerdict->decidedAt);
        }
        // The ledger's spend, and the charges add up to it exactly.
        QCOMPARE(micros(d.spent), f.spentMicros);
        qint64 charged = 0;
        for (std::size_t i = 0; i < d.charges.size(); ++i) {
            const SpendCharge& c = d.charges[i];
            QVERIFY(c.at >= a.from && c.at < a.to);
            QVERIFY(i == 0 || d.charges[i - 1].at <= c.at);
            QVERIFY(c.amount > 0);
            charged += micros(c.amount);
        }
        QCOMPARE(charged, f.spentMicros);
        totalCharges += qint64(d.charges.size());
        totalMicros += charged;
    }
    // Every day of the month, adding up to the charges.
    QCOMPARE(TimeMs(a.days.size()) * kDayMs, a.to - a.from);
    qint64 dayCharges = 0;
    qint64 dayMicros = 0;
    for (std::size_t i = 0; i < a.days.size(); ++i) {
        QCOMPARE(a.days[i].day, a.from + TimeMs(i) * kDayMs);
        QVERIFY(a.days[i].dealers <= a.days[i].charges);
        dayCharges += a.days[i].charges;
        dayMicros += micros(a.days[i].spent);
    }
    QCOMPARE(dayCharges, totalCharges);
    QCOMPARE(dayMicros, totalMicros);
    // A charge names the rollout that deployed the fix to the dealer.
    int checked = 0;
    for (const DealerOutcomes& d : a.dealers) {
        for (const SpendCharge& c : d.charges) {
            if (checked++ >= 3)
                break;
            auto r = wait(client().fetchRollout(c.rolloutId));
            QVERIFY2(r, qPrintable(r.error()));
            QVERIFY(r->charged.contains(d.dealer));
            QCOMPARE(r->action, c.action);
        }
    }

    auto bad = wait(client().fetchGovernanceOutcomes(QStringLiteral("2026-1")));
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(QStringLiteral("YYYY-MM")), qPrintable(bad.error()));
    // A month without anything: every dealer, no decisions, 31 empty days.
    auto empty = wait(client().fetchGovernanceOutcomes(QStringLiteral("2020-01")));
    QVERIFY2(empty, qPrintable(empty.error()));
    QCOMPARE(int(empty->days.size()), 31);
    QVERIFY(int(empty->dealers.size()) >= kDealers);
    for (const DealerOutcomes& d : empty->dealers) {
        QCOMPARE(d.decisions, 0);
        QVERIFY(!d.meanReward && !d.lastVerdict && d.charges.empty());
    }
}

// The wire shape of the outcomes is read strictly: field paths, and figures that must add up.
void ClientContract::governanceOutcomesWireShapeIsStrict()
{
    std::optional<GovernanceOutcomes> answer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            auto got = wait(client().fetchGovernanceOutcomes(QString()));
            if (got && std::any_of(got->dealers.begin(), got->dealers.end(), [](const DealerOutcomes& d) {
                    return d.rewarded > 0 && !d.charges.empty();
                }))
                answer = std::move(got).value();
            if (!answer)
                QTest::qWait(500);
            return answer.has_value();
        },
        kLongMs));
    const nlohmann::json doc = answer->toJson();
    auto back = GovernanceOutcomes::fromJson(doc);
    QVERIFY2(back, qPrintable(back.error()));
    QVERIFY(*back == *answer);

    std::size_t i = 0;
    while (answer->dealers[i].rewarded == 0 || answer->dealers[i].charges.empty())
        ++i;
    const std::string dealer = "dealers[" + std::to_string(i) + "]";
    const auto refused
        = [&](const std::function<void(nlohmann::json&)>& change, const QString& expected) -> QString {
        nlohmann::json bad = doc;
        change(bad);
        auto parsed = GovernanceOutcomes::fromJson(bad);
        if (parsed)
            return QStringLiteral("accepted; expected: ") + expected;
        if (!parsed.error().contains(expected))
            return QStringLiteral("\"%1\" does not say \"%2\"").arg(parsed.error(), expected);
        return QString();
    };
    const QString p = QString::fromStdString(dealer);
    const std::vector<std::pair<std::function<void(nlohmann::json&)>, QString>> cases {
        { [&](nlohmann::json& j) {
             j["dealers"][i]["pending"] = j["dealers"][i]["pending"].get<qint64>() + 1;
         },
          p + QStringLiteral(".pending: must be decisions - rewarded") },
        { [&](nlohmann::json& j) { j["dealers"][i]["decisions"] = "3"; },
          p + QStringLiteral(".decisions: must be an integer, got a string") },
        { [&](nlohmann::json& j) {
             j["dealers"][i]["belowThreshold"] = j["dealers"][i]["belowThreshold"].get<qint64>() + 1;
         },
          p + QStringLiteral(".belowThreshold: meetingThreshold + belowThreshold must be rewarded") },
        { [&](nlohmann::json& j) { j["dealers"][i]["meanReward"] = nullptr; },
          p + QStringLiteral(".meanReward") },
        { [&](nlohmann::json& j) { j["dealers"][i].erase("lastVerdict"); },
          p + QStringLiteral(".lastVerdict: missing") },
        { [&](nlohmann::json& j) { j["dealers"][i]["lastVerdict"]["meetsThreshold"] = 1; },
          p + QStringLiteral(".lastVerdict.meetsThreshold: must be true or false") },
        { [&](nlohmann::json& j) { j["dealers"][i]["charges"][0]["at"] = "2019-12-31T23:00:00Z"; },
          p + QStringLiteral(".charges[0].at: must be within the month") },
        { [&](nlohmann::json& j) { j["dealers"][i]["charges"][0]["amount"] = -0.01; },
          p + QStringLiteral(".charges[0].amount: must be a finite amount >= 0") },
        { [&](nlohmann::json& j) { j["dealers"][i]["dealer"] = ""; },
          p + QStringLiteral(".dealer: must not be empty") },
        { [&](nlohmann::json& j) { j["days"].erase(3); }, QStringLiteral("days[3].date: must be ") },
        { [&](nlohmann::json& j) { j["days"][0]["date"] = "2026-1-01"; },
          QStringLiteral("days[0].date: must be a date") },
        { [&](nlohmann::json& j) { j["days"].erase(j["days"].size() - 1); },
          QStringLiteral("days: must list the") },
        { [&](nlohmann::json& j) { j.erase("unattributedSpend"); },
          QStringLiteral("unattributedSpend: missing") },
        { [&](nlohmann::json& j) { j["to"] = "2099-01-01T00:00:00Z"; },
          QStringLiteral("to: must be the first instant of the next month") },
        { [&](nlohmann::json& j) { j["dealers"] = nlohmann::json::object(); },
          QStringLiteral("dealers: must be an array") },
    };
    for (const auto& [change, expected] : cases) {
        const QString problem = refused(change, expected);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

void ClientContract::approvalsRefusedWithCommentInAuditTrail()
{
    const auto promoted = promotedRollout(client());
    QVERIFY(promoted);
    const qint64 id = promoted->id;
    m_events.clear();

    // A rollback of a promoted fix is a production-wide request that needs two other approvers.
    auto requested = wait(client().rollback(id, QStringLiteral("conversions dropped after the fix")));
    QVERIFY2(requested, qPrintable(requested.error()));
    QCOMPARE(requested->state, Rollout::State::AwaitingApproval);
    QCOMPARE(requested->scope, QStringLiteral("production"));
    QCOMPARE(requested->requestedBy, kApproverIdentity);

    auto inbox = wait(client().fetchApprovals());
    QVERIFY2(inbox, qPrintable(inbox.error()));
    QVERIFY(inbox->auditAvailable);
    const Approval* mine = nullptr;
    for (const Approval& a : inbox->approvals)
        mine = a.rollout.id == id ? &a : mine;
    QVERIFY(mine);
    QCOMPARE(mine->pending, QStringLiteral("rollback"));
    QCOMPARE(mine->scope, QStringLiteral("production"));
    QCOMPARE(mine->requestedBy, kApproverIdentity);
    QCOMPARE(mine->requiredApprovals, 2);
    QCOMPARE(mine->approvals, 0);
    QCOMPARE(mine->requestHash.size(), 64);
    QVERIFY(mine->expiresAt > mine->requestedAt);
    // Evidence: the cause chain from the request back to its roots, in the audit trail.
    QVERIFY(!mine->causeChain.empty());
    QCOMPARE(mine->causeChain.front().sequence, mine->rollout.auditCause);
    for (std::size_t i = 1; i < mine->causeChain.size(); ++i)
        QCOMPARE(mine->causeChain[i].sequence, mine->causeChain[i - 1].cause);
    const QString hash = mine->requestHash;

    // The requester cannot approve their own request; a comment is required; a stale hash is refused.
    auto own = wait(client().decideApproval(id, true, QStringLiteral("looks right"), hash));
    QVERIFY(!own);
    QVERIFY2(own.error().contains(QStringLiteral("cannot approve")), qPrintable(own.error()));
    auto empty = wait(client().decideApproval(id, false, QStringLiteral("  "), hash));
    QVERIFY(!empty);
    QVERIFY2(empty.error().contains(QStringLiteral("comment")), qPrintable(empty.error()));
    auto stale = wait(client().decideApproval(id, false, QStringLiteral("no"), QString(64, u'0')));
    QVERIFY(!stale);
    QVERIFY2(stale.error().contains(QStringLiteral("changed")), qPrintable(stale.error()));

    // Refusing ends the request: the fix stays deployed.
    const QString comment = QStringLiteral("the drop is seasonal, keep the fix");
    auto refused = wait(client().decideApproval(id, false, comment, hash));
    QVERIFY2(refused, qPrintable(refused.error()));
    QCOMPARE(refused->state, Rollout::State::Promoted);
    QVERIFY(refused->history.back().comment == comment && refused->history.back().by == kApproverIdentity);
    auto after = wait(client().fetchApprovals());
    QVERIFY2(after, qPrintable(after.error()));
    for (const Approval& a : after->approvals)
        QVERIFY(a.rollout.id != id);

    // The decision is in the audit trail with the identity and the comment.
    AuditQuery q;
    q.type = QStringLiteral("approval.");
    q.actor = kApproverIdentity;
    auto records = wait(client().fetchAuditRecords(q));
    QVERIFY2(records, qPrintable(records.error()));
    bool found = false;
    for (const AuditEntry& e : records->records) {
        QCOMPARE(e.actor, kApproverIdentity);
        if (e.type == QLatin1String("approval.refused") && e.data.value("rolloutId", qint64(0)) == id) {
            found = true;
            QCOMPARE(QString::fromStdString(e.data.value("comment", std::string())), comment);
            QCOMPARE(QString::fromStdString(e.data.value("requestHash", std::string())), hash);
        }
    }
    QVERIFY2(found, "the refusal is not in the audit trail");

    // And the events arrive live.
    const auto seen = [&](const char* type) {
        return std::any_of(m_events.begin(), m_events.end(), [&](const EventRecord& e) {
            return e.type == QLatin1String(type) && e.causeId == id;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(seen("approval.refused"), 60000);
    QVERIFY(!m_events.empty());
    for (std::size_t i = 1; i < m_events.size(); ++i)
        QVERIFY(m_events[i - 1].id < m_events[i].id);
    // fetchEvents from a cursor returns the same events.
    auto page = wait(client().fetchEvents({ m_events.front().id - 1, 10, 0 }));
    QVERIFY2(page, qPrintable(page.error()));
    QVERIFY(!page->events.empty());
    QCOMPARE(page->events.front(), m_events.front());
}

void ClientContract::forcedActionsConflict()
{
    const auto promoted = promotedRollout(client());
    QVERIFY(promoted);
    auto again = wait(client().promote(promoted->id, QStringLiteral("promote it twice")));
    QVERIFY(!again);
    QVERIFY2(again.error().contains(QStringLiteral("only a canary or a rollout awaiting approval")),
             qPrintable(again.error()));
    auto noComment = wait(client().promote(promoted->id, QString()));
    QVERIFY(!noComment);
    QVERIFY2(noComment.error().contains(QStringLiteral("comment")), qPrintable(noComment.error()));
    auto unknown = wait(client().rollback(987654, QStringLiteral("nothing")));
    QVERIFY(!unknown);
    QVERIFY2(unknown.error().contains(QStringLiteral("no rollout 987654")), qPrintable(unknown.error()));
    auto notPending = wait(client().decideApproval(promoted->id, true, QStringLiteral("ok")));
    QVERIFY(!notPending);
    QVERIFY2(notPending.error().contains(QStringLiteral("does not wait for an approval")),
             qPrintable(notPending.error()));
}

void ClientContract::policyAndPosterior()
{
    auto policy = wait(client().fetchPolicy());
    QVERIFY2(policy, qPrintable(policy.error()));
    QVERIFY(policy->policyVersion >= 1);
    QVERIFY(policy->document.contains("contexts"));
    QCOMPARE(policy->document.value("component", std::string()), std::string("RLController"));

    auto posterior = wait(client().fetchWeightPosterior());
    QVERIFY2(posterior, qPrintable(posterior.error()));
    QVERIFY(!posterior->coefficients.empty());
    QVERIFY(posterior->confidence >= 0 && posterior->confidence <= 1);
}

void ClientContract::auditCheckpoint()
{
    auto created = wait(client().createAuditCheckpoint());
    QVERIFY2(created, qPrintable(created.error()));
    QVERIFY(created->sequence > 0);
    QCOMPARE(created->signature.size(), 64);
    auto latest = wait(client().fetchAuditCheckpoint());
    QVERIFY2(latest, qPrintable(latest.error()));
    QVERIFY(latest->sequence >= created->sequence);

    AuditQuery q;
    q.type = QStringLiteral("approval.");
    auto bundle = wait(client().fetchAuditBundle(q));
    QVERIFY2(bundle, qPrintable(bundle.error()));
    const auto doc = nlohmann::json::parse(bundle->toStdString());
    QCOMPARE(doc.value("format", std::string()), std::string("orch-audit-bundle/1"));
}

void ClientContract::rewardWhatIf()
{
    RewardWhatIfRequest r;
    r.deltaVisibility = 5.0;
    r.deltaRevenue = 1000;
    r.apiCost = 0.10;
    auto answer = wait(client().rewardWhatIf(r));
    QVERIFY2(answer, qPrintable(answer.error()));
    QCOMPARE(answer->reward, 4999.9);
    QVERIFY(answer->meetsThreshold);
    QCOMPARE(answer->minRewardThreshold, 1.2);
    QCOMPARE(int(answer->breakEven.size()), 4);
    QVERIFY(answer->breakEven.at(QStringLiteral("apiCost")).exists);
    QCOMPARE(*answer->breakEven.at(QStringLiteral("apiCost")).value, 5000.0 / 1.2);
    QVERIFY(!answer->sensitivity);

    r.sensitivity = RewardWhatIfRequest::Sweep { QStringLiteral("apiCost"), 0, 10000, 11 };
    auto sweep = wait(client().rewardWhatIf(r));
    QVERIFY2(sweep, qPrintable(sweep.error()));
    QVERIFY(sweep->sensitivity);
    QCOMPARE(int(sweep->sensitivity->points.size()), 11);
    QCOMPARE(sweep->sensitivity->points.back().x, 10000.0);
    QVERIFY(!sweep->sensitivity->points.back().meetsThreshold);
    QCOMPARE(int(sweep->sensitivity->verdictFlips.size()), 1);
    QVERIFY(sweep->sensitivity->breakEven.inRange.value_or(false));

    r.sensitivity->input = QStringLiteral("weather");
    auto bad = wait(client().rewardWhatIf(r));
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(QStringLiteral("sensitivity.input")), qPrintable(bad.error()));
    r.sensitivity.reset();
    r.apiCost = -1;
    auto negative = wait(client().rewardWhatIf(r));
    QVERIFY(!negative);
    QVERIFY2(negative.error().contains(QStringLiteral("apiCost")), qPrintable(negative.error()));
}

void ClientContract::replayPolicy()
{
    PolicyReplayRequest r;
    r.learningRate = 0.3;
    r.confidenceGate = 0.5;
    r.minRewardedDecisions = 2;
    r.minEffectiveSampleSize = 1;
    r.minEffectiveSampleFraction = 0;
    auto answer = wait(client().replayPolicy(r));
    QVERIFY2(answer, qPrintable(answer.error()));
    QCOMPARE(answer->targetKind, QStringLiteral("adaptive"));
    QVERIFY(answer->decisionsRead > 0);
    QVERIFY(answer->rewarded > 0);
    QVERIFY2(answer->supported, qPrintable(answer->refusals.join(QStringLiteral("; "))));
    QVERIFY(answer->ips && answer->snips && answer->logged && answer->snipsDifference);
    QVERIFY(answer->snips->lower <= answer->snips->value && answer->snips->value <= answer->snips->upper);
    QVERIFY(!answer->targetProbabilities.empty());

    PolicyReplayRequest fixed;
    fixed.target = QStringLiteral("static");
    fixed.policy = nlohmann::json::parse(R"({"name":"never","default":{"none":1}})");
    fixed.minRewardedDecisions = 2;
    auto never = wait(client().replayPolicy(fixed));
    QVERIFY2(never, qPrintable(never.error()));
    QCOMPARE(never->targetKind, QStringLiteral("static"));

    PolicyReplayRequest bad;
    bad.learningRate = 2;
    auto refused = wait(client().replayPolicy(bad));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("learningRate")), qPrintable(refused.error()));
}

// ---------------------------------------------------------------------------------------------
// Remote only: what depends on tokens and a network.

class RemoteExtras final : public QObject
{
    Q_OBJECT
public:
    explicit RemoteExtras(Fixture& fixture)
        : m_f(fixture)
    { }

private Q_SLOTS:
    void viewerCannotDecide();
    void dualApprovalCarriesOutOnce();
    void refusedTokenFailsWithoutRetry();
    void tlsTrustAndPinning();
    void lostServerIsNotLive();

private:
    std::unique_ptr<RemoteClient> connectAs(const QByteArray& token)
    {
        auto c = std::make_unique<RemoteClient>(m_f.remoteOptions(token));
        c->start();
        if (!QTest::qWaitFor(
                [&] { return c->connectionState() == OrchestratorClient::ConnectionState::Connected; },
                60000))
            return nullptr;
        return c;
    }
    Fixture& m_f;
};

void RemoteExtras::viewerCannotDecide()
{
    auto viewer = connectAs(kViewerToken);
    QVERIFY(viewer);
    QCOMPARE(viewer->capabilities().role, AccessRole::Viewer);
    QVERIFY(!viewer->capabilities().canApprove());
    auto promoted = promotedRollout(*viewer);
    QVERIFY(promoted);
    auto decided = wait(viewer->decideApproval(promoted->id, true, QStringLiteral("I approve")));
    QVERIFY(!decided);
    QVERIFY2(decided.error().contains(QStringLiteral("approver")), qPrintable(decided.error()));
    auto forced = wait(viewer->rollback(promoted->id, QStringLiteral("roll it back")));
    QVERIFY(!forced);
    QVERIFY2(forced.error().contains(QStringLiteral("analyst")), qPrintable(forced.error()));
    // Reading is fine.
    auto inbox = wait(viewer->fetchApprovals());
    QVERIFY2(inbox, qPrintable(inbox.error()));
}

void RemoteExtras::dualApprovalCarriesOutOnce()
{
    auto analyst = connectAs(kAnalystToken);
    auto bob = connectAs(kApprover2Token);
    QVERIFY(analyst && bob);
    auto& alice = *m_f.client;
    auto promoted = promotedRollout(*analyst);
    QVERIFY(promoted);
    auto requested = wait(analyst->rollback(promoted->id, QStringLiteral("error budget burnt")));
    QVERIFY2(requested, qPrintable(requested.error()));
    QCOMPARE(requested->requestedBy, QStringLiteral("carol@example.com"));
    const QString hash = requested->requestHash;
    auto first = wait(alice.decideApproval(promoted->id, true, QStringLiteral("agreed"), hash));
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(first->state, Rollout::State::AwaitingApproval);
    auto twice = wait(alice.decideApproval(promoted->id, true, QStringLiteral("agreed again"), hash));
    QVERIFY(!twice);
    QVERIFY2(twice.error().contains(QStringLiteral("already approved")), qPrintable(twice.error()));
    auto second = wait(bob->decideApproval(promoted->id, true, QStringLiteral("agreed too"), hash));
    QVERIFY2(second, qPrintable(second.error()));
    QCOMPARE(second->state, Rollout::State::RolledBack);
    auto late = wait(bob->decideApproval(promoted->id, true, QStringLiteral("once more"), hash));
    QVERIFY(!late);

    AuditQuery q;
    q.type = QStringLiteral("approval.approved");
    auto records = wait(alice.fetchAuditRecords(q));
    QVERIFY2(records, qPrintable(records.error()));
    QSet<QString> approvers;
    for (const AuditEntry& e : records->records) {
        if (e.data.value("rolloutId", qint64(0)) == promoted->id) {
            approvers.insert(e.actor);
            QVERIFY(!QString::fromStdString(e.data.value("tokenId", std::string())).isEmpty());
        }
    }
    QCOMPARE(approvers, QSet<QString>({ kApproverIdentity, QStringLiteral("bob@example.com") }));
}

void RemoteExtras::refusedTokenFailsWithoutRetry()
{
    RemoteClient wrong(m_f.remoteOptions("not-a-valid-token-0123456789"));
    QSignalSpy retries(&wrong, &OrchestratorClient::retryScheduled);
    wrong.start();
    QTRY_COMPARE_WITH_TIMEOUT(wrong.connectionState(), OrchestratorClient::ConnectionState::Failed, 30000);
    QVERIFY2(wrong.connectionError().contains(QStringLiteral("token")), qPrintable(wrong.connectionError()));
    QTest::qWait(500);
    QCOMPARE(retries.size(), 0);
    auto status = wait(wrong.fetchStatus());
    QVERIFY(!status);
    QVERIFY2(status.error().startsWith(QStringLiteral("not connected")), qPrintable(status.error()));
}

namespace {

// Runs `command` with sh -c; its standard output, or empty (and a warning) when it fails.
QByteArray shell(const QString& command)
{
    QProcess p;
    p.start(QStringLiteral("sh"), { QStringLiteral("-c"), command });
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << command << "failed:" << p.readAllStandardError();
        return {};
    }
    return p.readAllStandardOutput().trimmed();
}

QString quoted(const QString& path)
{
    return QLatin1Char('\'') + path + QLatin1Char('\'');
}

} // namespace

void RemoteExtras::tlsTrustAndPinning()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    const QString backupKey = dir.filePath(QStringLiteral("backup.pem"));
    const QString otherKey = dir.filePath(QStringLiteral("other.pem"));
    // The server's self-signed certificate (its subjectAltName names the loopback address), and
    // two more keys: the backup the operator would switch to, and someone else's.
    QVERIFY(!shell(QStringLiteral("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                                  "-keyout %1 -out %2 -days 1 -subj /CN=localhost "
                                  "-addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>&1 && echo ok")
                       .arg(quoted(key), quoted(cert)))
                 .isEmpty());
    for (const QString& k : { backupKey, otherKey })
        QVERIFY(
            !shell(QStringLiteral("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out %1 "
                                  "2>&1 && echo ok")
                       .arg(quoted(k)))
                 .isEmpty());
    // Pins as the OWASP cheat sheet and HPKP compute them: SHA-256 of the SubjectPublicKeyInfo DER.
    const QString serverPin = QString::fromLatin1(
        shell(QStringLiteral("openssl x509 -in %1 -pubkey -noout | openssl pkey -pubin -outform der "
                             "| openssl dgst -sha256 -binary | base64")
                  .arg(quoted(cert))));
    const auto keyPin = [](const QString& file) {
        return QString::fromLatin1(shell(QStringLiteral("openssl pkey -in %1 -pubout -outform der "
                                                        "| openssl dgst -sha256 -binary | base64")
                                             .arg(quoted(file))));
    };
    const QString backupPin = keyPin(backupKey);
    const QString otherPin = keyPin(otherKey);
    QCOMPARE(serverPin.size(), 44);
    QCOMPARE(backupPin.size(), 44);
    QVERIFY(serverPin != backupPin && backupPin != otherPin);
    // Ours computes the same: from the certificate's public key, not the whole certificate.
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(cert);
    QCOMPARE(certs.size(), 1);
    QCOMPARE(publicKeyPin(certs.front()), serverPin);
    QVERIFY(publicKeySha256(certs.front()) != certs.front().digest(QCryptographicHash::Sha256));
    // Hex (colons and case do not matter) is the same pin.
    QString serverHex
        = QString::fromLatin1(QByteArray::fromBase64(serverPin.toLatin1()).toHex(':')).toUpper();
    QCOMPARE(parsePublicKeyPin(serverHex).value(), publicKeySha256(certs.front()));

    DaemonProcess tls;
    QVERIFY2(tls.start({ QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key }),
             qPrintable(tls.errorText()));
    QCOMPARE(tls.url(QString()).scheme(), QStringLiteral("https"));
    const auto options = [&](QStringList caFiles, QStringList pins) {
        RemoteOptions o;
        o.baseUrl = tls.url(QString());
        o.caCertificateFiles = std::move(caFiles);
        o.publicKeyPins = std::move(pins);
        o.retryInitialMs = 200;
        o.retryMaxMs = 400;
        return o;
    };
    struct Outcome
    {
        bool connected = false;
        QString error;
        qsizetype retries = 0;
        qsizetype statuses = 0;
    };
    const auto connects = [](const RemoteOptions& o, int settleMs = 0) {
        RemoteClient c(o);
        QSignalSpy retries(&c, &OrchestratorClient::retryScheduled);
        QSignalSpy statuses(&c, &OrchestratorClient::statusAvailable);
        c.start();
        (void)QTest::qWaitFor(
            [&] {
                return c.connectionState() == OrchestratorClient::ConnectionState::Connected
                    || c.connectionState() == OrchestratorClient::ConnectionState::Failed;
            },
            30000);
        if (settleMs > 0)
            QTest::qWait(settleMs);
        Outcome out;
        out.connected = c.connectionState() == OrchestratorClient::ConnectionState::Connected;
        out.error = c.connectionError();
        out.retries = retries.size();
        out.statuses = statuses.size();
        return out;
    };

    // A self-signed certificate is refused by default: the system's CAs do not vouch for it.
    const Outcome plain = connects(options({}, {}));
    QVERIFY(!plain.connected);
    QVERIFY2(plain.error.contains(QStringLiteral("cannot reach")), qPrintable(plain.error));
    QCOMPARE(plain.statuses, 0);
    // Given as a trusted certificate file, it verifies (chain and host name).
    const Outcome trusted = connects(options({ cert }, {}));
    QVERIFY2(trusted.connected, qPrintable(trusted.error));
    // Pinned: the primary pin matches.
    const Outcome primary = connects(options({ cert }, { serverPin, backupPin }));
    QVERIFY2(primary.connected, qPrintable(primary.error));
    // Only the backup pin matches (in hex): still the server's key, so it connects.
    const Outcome backup = connects(options({ cert }, { otherPin, serverHex }));
    QVERIFY2(backup.connected, qPrintable(backup.error));
    // No pin matches: Failed with the reason, no answer used, no retries.
    const Outcome wrong = connects(options({ cert }, { backupPin, otherPin }), 1500);
    QVERIFY(!wrong.connected);
    QVERIFY2(wrong.error.contains(QStringLiteral("the server's public key does not match the pinned keys")),
             qPrintable(wrong.error));
    QVERIFY2(wrong.error.contains(serverPin), qPrintable(wrong.error));
    QCOMPARE(wrong.retries, 0);
    QCOMPARE(wrong.statuses, 0);
    {
        RemoteClient c(options({ cert }, { backupPin }));
        c.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.connectionState(), OrchestratorClient::ConnectionState::Failed, 30000);
        auto status = wait(c.fetchStatus());
        QVERIFY(!status);
        QVERIFY2(status.error().startsWith(QStringLiteral("not connected")), qPrintable(status.error()));
        QVERIFY(c.capabilities().identity.isEmpty());
    }
    // A matching pin does not make an untrusted certificate acceptable.
    const Outcome pinOnly = connects(options({}, { serverPin }));
    QVERIFY(!pinOnly.connected);
    QVERIFY2(pinOnly.error.contains(QStringLiteral("cannot reach")), qPrintable(pinOnly.error));

    // Option errors name the option.
    const Outcome badPin = connects(options({ cert }, { serverPin, QStringLiteral("abc") }));
    QVERIFY(!badPin.connected);
    QVERIFY2(badPin.error.startsWith(QStringLiteral("publicKeyPins[1]: must be the SHA-256")),
             qPrintable(badPin.error));
    QVERIFY(!validate(options({ cert }, { serverPin.left(43) + QLatin1Char('A') })));
    QVERIFY(!validate(options({ cert }, { serverHex.left(serverHex.size() - 1) })));
    RemoteOptions overHttp = options({}, { serverPin });
    overHttp.baseUrl.setScheme(QStringLiteral("http"));
    QVERIFY2(validate(overHttp).error().startsWith(QStringLiteral("publicKeyPins: ")),
             qPrintable(validate(overHttp).error()));
    const QString missing = dir.filePath(QStringLiteral("missing.pem"));
    QVERIFY2(validate(options({ missing }, {})).error().startsWith(QStringLiteral("caCertificateFiles[0]: ")),
             qPrintable(validate(options({ missing }, {})).error()));
    QVERIFY2(validate(options({ key }, {})).error().contains(QStringLiteral("no PEM or DER certificate")),
             qPrintable(validate(options({ key }, {})).error()));
    QCOMPARE(tls.terminate(), 0);
}

void RemoteExtras::lostServerIsNotLive()
{
    auto& client = *m_f.client;
    QSignalSpy retries(&client, &OrchestratorClient::retryScheduled);
    QCOMPARE(m_f.daemon->terminate(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(client.connectionState(), OrchestratorClient::ConnectionState::Failed, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 2, 30000); // it keeps trying, with backoff
    QVERIFY(retries.at(1).at(0).toInt() >= retries.at(0).at(0).toInt() * 8 / 10);
    QVERIFY(!client.connectionError().isEmpty());
    QSignalSpy statuses(&client, &OrchestratorClient::statusAvailable);
    auto status = wait(client.fetchStatus());
    QVERIFY(!status);
    QVERIFY2(status.error().startsWith(QStringLiteral("not connected")), qPrintable(status.error()));
    QTest::qWait(1500);
    QCOMPARE(statuses.size(), 0);
}

// ---------------------------------------------------------------------------------------------

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    QString kind = QStringLiteral("embedded");
    if (args.size() > 1 && (args[1] == QLatin1String("embedded") || args[1] == QLatin1String("remote"))) {
        kind = args[1];
        args.removeAt(1);
    }
    Fixture fixture;
    fixture.kind = kind;
    ClientContract contract(fixture);
    contract.setObjectName(QStringLiteral("ClientContract_") + kind);
    int failures = QTest::qExec(&contract, args);
    if (kind == QLatin1String("remote") && fixture.client) {
        RemoteExtras extras(fixture);
        failures += QTest::qExec(&extras, args);
    }
    fixture.client.reset();
    if (fixture.daemon && fixture.daemon->process().state() != QProcess::NotRunning)
        fixture.daemon->terminate();
    return failures;
}

#include "tst_client.moc"
