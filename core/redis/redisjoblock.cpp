#include "redis/redisjoblock.h"

#include <QRandomGenerator>
#include <QSysInfo>

#include <unistd.h>

#include "redis/redisconnection.h"
#include "redis/rediskeys.h"
#include "redis/redislogging.h"

namespace orch {

namespace {

// KEYS[1] the job's hash; ARGV: scheduled ms, token, lease ms, keep ms. "run", "done" or "running".
const RedisScript& acquireScript()
{
    static const RedisScript script(
        QByteArrayLiteral("local t = redis.call('TIME') "
                          "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
                          "local cur = redis.call('HGET', KEYS[1], ARGV[1]) "
                          "if cur then "
                          "  local state, holder, leaseEnd = string.match(cur, '^(%a+) (%S+) ?(%d*)$') "
                          "  if state == 'done' then return 'done' end "
                          "  local live = tonumber(leaseEnd) and tonumber(leaseEnd) > now "
                          "  if state == 'running' and holder ~= ARGV[2] and live then "
                          "    return 'running' "
                          "  end "
                          "end "
                          "local until_ = string.format('%d', now + tonumber(ARGV[3])) "
                          "redis.call('HSET', KEYS[1], ARGV[1], 'running ' .. ARGV[2] .. ' ' .. until_) "
                          "redis.call('PEXPIRE', KEYS[1], ARGV[4]) "
                          "local oldest = tonumber(ARGV[1]) - tonumber(ARGV[4]) "
                          "for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do "
                          "  if tonumber(f) and tonumber(f) < oldest then redis.call('HDEL', KEYS[1], f) end "
                          "end "
                          "return 'run'"));
    return script;
}

// KEYS[1] the job's hash; ARGV: scheduled ms, token, keep ms. 1 when the claim was still ours.
const RedisScript& releaseScript()
{
    static const RedisScript script(
        QByteArrayLiteral("local cur = redis.call('HGET', KEYS[1], ARGV[1]) "
                          "local mine = 'running ' .. ARGV[2] .. ' ' "
                          "if cur and string.sub(cur, 1, #mine) == mine then "
                          "  redis.call('HSET', KEYS[1], ARGV[1], 'done ' .. ARGV[2]) "
                          "  redis.call('PEXPIRE', KEYS[1], ARGV[3]) "
                          "  return 1 "
                          "end "
                          "return 0"));
    return script;
}

QByteArray newToken()
{
    quint64 random[2];
    QRandomGenerator::system()->fillRange(random);
    QByteArray host = QSysInfo::machineHostName().toUtf8();
    host.replace(' ', '_');
    return host + ':' + QByteArray::number(::getpid()) + ':'
        + QByteArray(reinterpret_cast<const char*>(random), sizeof random).toHex();
}

} // namespace

RedisJobLock::RedisJobLock(RedisConnection& connection, QString shard)
    : RedisJobLock(connection, std::move(shard), Options {})
{ }

RedisJobLock::RedisJobLock(RedisConnection& connection, QString shard, Options options)
    : m_connection(connection)
    , m_shard(std::move(shard))
    , m_options(options)
    , m_token(newToken())
{ }

QByteArray RedisJobLock::key(const QString& job) const
{
    return RedisKeys::lock(m_shard, job);
}

Result<JobLock::Claim> RedisJobLock::tryAcquire(const QString& job, TimeMs scheduledAt)
{
    if (auto st = m_connection.ensureConnected(); !st)
        return fail(st.error());
    retryReleases();
    auto reply = m_connection.eval(acquireScript(), { key(job) },
                                   { QByteArray::number(scheduledAt), m_token,
                                     QByteArray::number(qint64(m_options.lease.count())),
                                     QByteArray::number(qint64(m_options.keepDone.count())) });
    if (!reply)
        return fail(reply.error());
    if (reply->string == "run") {
        qCDebug(lcRedis).noquote() << "claimed" << key(job) << "for" << formatIso(scheduledAt);
        return Claim::Run;
    }
    if (reply->string == "done" || reply->string == "running")
        return Claim::HeldElsewhere;
    return fail(QStringLiteral("Redis: unexpected answer \"%1\" claiming %2")
                    .arg(QString::fromUtf8(reply->string.left(40)), QString::fromUtf8(key(job))));
}

Result<bool> RedisJobLock::tryRelease(const QString& job, TimeMs scheduledAt)
{
    if (auto st = m_connection.ensureConnected(); !st)
        return fail(st.error());
    auto reply = m_connection.eval(
        releaseScript(), { key(job) },
        { QByteArray::number(scheduledAt), m_token, QByteArray::number(qint64(m_options.keepDone.count())) });
    if (!reply)
        return fail(reply.error());
    return reply->integer == 1;
}

void RedisJobLock::release(const QString& job, TimeMs scheduledAt)
{
    auto released = tryRelease(job, scheduledAt);
    if (!released) {
        qCWarning(lcRedis).noquote() << "cannot mark" << key(job) << "done for" << formatIso(scheduledAt)
                                     << "yet:" << released.error();
        m_pendingReleases.emplace_back(job, scheduledAt);
    } else if (!*released) {
        qCWarning(lcRedis).noquote() << "the claim of" << key(job) << "for" << formatIso(scheduledAt)
                                     << "was no longer ours when the job finished (its lease ran out)";
    }
}

void RedisJobLock::retryReleases()
{
    while (!m_pendingReleases.empty()) {
        const auto [job, at] = m_pendingReleases.front();
        auto released = tryRelease(job, at);
        if (!released)
            return;
        m_pendingReleases.erase(m_pendingReleases.begin());
    }
}

} // namespace orch
