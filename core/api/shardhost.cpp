#include "api/shardhost.h"

#include <algorithm>

#include <QTimer>

#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "engine/orchestrator.h"
#include "redis/redisjoblock.h"
#include "shard/shardlogging.h"
#include "sim/fleetrunner.h"

namespace orch::api {

namespace {

constexpr std::size_t kRecentRuns = 32;

QString shardList(const std::vector<int>& shards)
{
    if (shards.empty())
        return QStringLiteral("none");
    QStringList out;
    for (int s : shards)
        out << QString::number(s);
    return out.join(QStringLiteral(", "));
}

} // namespace

std::function<QString(const QString& dealer)> ShardHost::spendInstances(const QString& instance, int count)
{
    return [instance, count](const QString& dealer) {
        return shardInstance(instance, orch::shardOf(dealer, count));
    };
}

ShardHost::ShardHost(RedisConnection& connection, Settings settings)
    : m_connection(connection)
    , m_settings(std::move(settings))
    , m_coordinator(
          connection,
          ShardCoordinator::Settings { m_settings.assignment, m_settings.instance, m_settings.lease })
{ }

ShardHost::~ShardHost()
{
    // Destroyed before the orchestrator (EngineHost::close()): detach from it.
    if (m_session)
        m_session->setDealerFilter({});
    else if (m_orchestrator)
        m_orchestrator->setDealerFilter({});
    if (m_orchestrator)
        m_orchestrator->setJobLock(nullptr);
}

void ShardHost::attach(Orchestrator& orchestrator, FleetSession* session, std::function<void()> changed)
{
    m_orchestrator = &orchestrator;
    m_session = session;
    m_changed = std::move(changed);
    auto filter = [this](const QString& dealer) { return handles(dealer); };
    if (m_session)
        m_session->setDealerFilter(filter);
    else
        orchestrator.setDealerFilter(filter);
    orchestrator.setJobLock(this);
    qCInfo(lcShard).noquote() << "replica" << m_settings.assignment.toString() << "of orchestrator"
                              << m_settings.instance << "- shard leases of" << m_settings.lease.count()
                              << "ms";
    (void)maintain();
    m_timer = std::make_unique<QTimer>();
    m_timer->setInterval(std::max<qint64>(1, qint64(m_settings.lease.count()) / 3));
    QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] { (void)maintain(); });
    m_timer->start();
}

Status ShardHost::maintain()
{
    auto round = m_coordinator.maintain();
    const std::vector<int> held = m_coordinator.ownedShards();
    if (held != m_lastHeld) {
        qCInfo(lcShard).noquote() << "replica" << m_settings.assignment.toString() << "now holds shard(s)"
                                  << shardList(held) << "(held before:" << shardList(m_lastHeld) + u')';
        m_lastHeld = held;
        // The dealers of a shard just taken (over or back) may have been charged by its previous
        // holder since this ledger read their spend: read it again (from Redis).
        if (m_orchestrator)
            m_orchestrator->governance().forgetSpend();
        if (m_changed)
            m_changed();
    }
    if (!round) {
        if (round.error() != m_lastError)
            qCWarning(lcShard).noquote() << round.error();
        m_lastError = round.error();
        return fail(round.error());
    }
    if (!m_lastError.isEmpty())
        qCInfo(lcShard) << "shard leases renewed again";
    m_lastError.clear();
    return success();
}

void ShardHost::releaseAll()
{
    if (m_timer)
        m_timer->stop();
    m_coordinator.releaseAll();
    m_lastHeld.clear();
    qCInfo(lcShard).noquote() << "replica" << m_settings.assignment.toString() << "released its shards";
}

int ShardHost::shardOf(const QString& dealer) const
{
    return orch::shardOf(dealer, m_settings.assignment.count);
}

bool ShardHost::handles(const QString& dealer) const
{
    const int shard = shardOf(dealer);
    if (m_scope)
        return std::binary_search(m_scope->shards.begin(), m_scope->shards.end(), shard);
    return m_coordinator.ownsShard(shard);
}

std::optional<ShardHost::Misdirected> ShardHost::misdirected(std::span<const Sample> samples)
{
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const QString& dealer = samples[i].dealer;
        if (handles(dealer))
            continue;
        const int shard = shardOf(dealer);
        QString holder;
        if (auto h = m_coordinator.holderOf(shard); !h)
            holder = QStringLiteral("unknown (Redis: %1)").arg(h.error());
        else if (!*h)
            holder
                = QStringLiteral("nobody at the moment (its replica is down and its lease not yet expired)");
        else
            holder = **h;
        return Misdirected {
            i,
            QStringLiteral(
                "dealer %1 belongs to shard %2 of %3 of orchestrator \"%4\", which this replica (%5, "
                "holding %6) does not hold; shard %2 is held by %7. Nothing was stored.")
                .arg(dealer)
                .arg(shard)
                .arg(m_settings.assignment.count)
                .arg(m_settings.instance, m_settings.assignment.toString(),
                     shardList(m_coordinator.ownedShards()), holder)
        };
    }
    return std::nullopt;
}

QStringList ShardHost::knownDealers() const
{
    if (m_session)
        return m_session->simulator().dealers();
    return m_orchestrator ? m_orchestrator->dealers() : QStringList();
}

ShardStatus ShardHost::status() const
{
    ShardStatus s;
    s.instance = m_settings.instance;
    s.index = m_settings.assignment.index;
    s.count = m_settings.assignment.count;
    s.held = m_coordinator.ownedShards();
    s.leaseMs = qint64(m_settings.lease.count());
    s.redis = m_settings.redisEndpoint;
    s.takeovers = m_coordinator.takeovers();
    s.handbacks = m_coordinator.handbacks();
    const QStringList known = knownDealers();
    s.knownDealers = known.size();
    if (s.held != m_cachedHeld || known.size() != m_cachedKnown) {
        m_cachedDealers.clear();
        for (const QString& dealer : known) {
            if (std::binary_search(s.held.begin(), s.held.end(), shardOf(dealer)))
                m_cachedDealers.append(dealer);
        }
        m_cachedDealers.sort();
        m_cachedHeld = s.held;
        m_cachedKnown = known.size();
    }
    s.handledDealers = m_cachedDealers.size();
    s.dealers = m_cachedDealers;
    for (const auto& [key, runs] : m_runs)
        s.jobs.push_back(runs);
    return s;
}

RedisJobLock& ShardHost::lockFor(int shard)
{
    auto& lock = m_locks[shard];
    if (!lock)
        lock = std::make_unique<RedisJobLock>(m_connection, shardInstance(m_settings.instance, shard));
    return *lock;
}

ShardJobRuns& ShardHost::runsOf(const QString& job, int shard)
{
    ShardJobRuns& r = m_runs[{ job, shard }];
    r.job = job;
    r.shard = shard;
    return r;
}

void ShardHost::ran(const QString& job, int shard, TimeMs scheduledAt)
{
    ShardJobRuns& r = runsOf(job, shard);
    ++r.runs;
    r.recent.push_back(scheduledAt);
    if (r.recent.size() > kRecentRuns)
        r.recent.erase(r.recent.begin());
}

Result<JobLock::Claim> ShardHost::tryAcquire(const QString& job, TimeMs scheduledAt)
{
    m_scope.reset();
    const std::vector<int> held = m_coordinator.ownedShards();
    if (held.empty()) {
        qCInfo(lcShard).noquote() << "job" << job << "for" << formatIso(scheduledAt)
                                  << "skipped: this replica holds no shard";
        return Claim::HeldElsewhere;
    }
    Scope scope { job, scheduledAt, {}, {} };
    QString error;
    std::size_t failed = 0;
    for (int shard : held) {
        auto claim = lockFor(shard).tryAcquire(job, scheduledAt);
        if (!claim) {
            // Like an unreachable lock for the whole job: run anyway for a shard that is certainly
            // ours (the coordinator keeps only those when Redis fails).
            ++failed;
            if (error.isEmpty())
                error = claim.error();
            scope.shards.push_back(shard);
        } else if (*claim == Claim::Run) {
            scope.shards.push_back(shard);
            scope.claimed.push_back(shard);
        } else {
            ++runsOf(job, shard).elsewhere;
        }
    }
    if (failed == held.size()) {
        // The scheduler runs the job without the lock (and will not call release()): over every
        // held shard, counted here now.
        for (int shard : held)
            ran(job, shard, scheduledAt);
        return fail(QStringLiteral("shard job locks: ") + error);
    }
    if (scope.shards.empty())
        return Claim::HeldElsewhere;
    if (scope.shards.size() < held.size())
        qCInfo(lcShard).noquote() << "job" << job << "for" << formatIso(scheduledAt) << "runs for shard(s)"
                                  << shardList(scope.shards) << "only; another replica ran it for the others";
    m_scope = std::move(scope);
    return Claim::Run;
}

void ShardHost::release(const QString& job, TimeMs scheduledAt)
{
    if (!m_scope || m_scope->job != job || m_scope->at != scheduledAt) {
        m_scope.reset();
        return;
    }
    const Scope scope = std::move(*m_scope);
    m_scope.reset();
    for (int shard : scope.claimed)
        lockFor(shard).release(job, scheduledAt);
    for (int shard : scope.shards)
        ran(job, shard, scheduledAt);
}

// ---------------------------------------------------------------------------------------------

namespace {

void shardStatus(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    const auto snap = call.service().engine().snapshot();
    if (!snap->shard) {
        ApiError e;
        e.status = 404;
        e.code = "not_available";
        e.message
            = QStringLiteral("this orchestrator is not sharded (start it with --shard K/N or --shards N)");
        throw e;
    }
    call.json(snap->shard->toJson());
}

} // namespace

void registerShardRoutes(ApiService& service)
{
    service.router().add("GET", QStringLiteral("/api/v1/shard"), Role::Viewer, shardStatus);
}

void refuseMisdirected(EngineHost& engine, std::span<const Sample> samples,
                       const std::function<std::pair<QString, std::optional<qint64>>(std::size_t)>& where)
{
    ShardHost* shards = engine.shards();
    if (!shards)
        return;
    const auto wrong = shards->misdirected(samples);
    if (!wrong)
        return;
    const auto& [path, line] = where(wrong->index);
    ApiError e;
    e.status = 421;
    e.code = "misdirected";
    e.field = path + QStringLiteral(".dealer");
    e.line = line;
    e.message = line ? QStringLiteral("line %1: %2: %3").arg(*line).arg(e.field, wrong->message)
                     : QStringLiteral("%1: %2").arg(e.field, wrong->message);
    throw e;
}

} // namespace orch::api
