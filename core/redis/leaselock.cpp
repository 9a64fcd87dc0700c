#include "redis/leaselock.h"

#include <QRandomGenerator>
#include <QSysInfo>

#include <unistd.h>

#include "redis/redisconnection.h"
#include "redis/redislogging.h"

namespace orch {

namespace {

const RedisScript& renewScript()
{
    static const RedisScript script(QByteArrayLiteral(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
        "return 0"));
    return script;
}

const RedisScript& releaseScript()
{
    static const RedisScript script(QByteArrayLiteral(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"));
    return script;
}

QByteArray newToken()
{
    quint64 random[2];
    QRandomGenerator::system()->fillRange(random);
    return QSysInfo::machineHostName().toUtf8() + ':' + QByteArray::number(::getpid()) + ':'
        + QByteArray(reinterpret_cast<const char*>(random), sizeof random).toHex();
}

} // namespace

LeaseLock::LeaseLock(RedisConnection& connection, QByteArray key, std::chrono::milliseconds ttl)
    : m_connection(connection)
    , m_key(std::move(key))
    , m_token(newToken())
    , m_ttl(std::max(ttl, std::chrono::milliseconds { 1 }))
{ }

void LeaseLock::granted(SteadyClock::time_point sentAt)
{
    // Redlock's drift allowance: 1% of the lease plus 2 ms, counted from before the request.
    const auto valid = m_ttl - m_ttl / 100 - std::chrono::milliseconds { 2 };
    m_validUntil = sentAt + std::max(valid, std::chrono::milliseconds { 0 });
}

bool LeaseLock::isHeld() const
{
    return m_validUntil && SteadyClock::now() < *m_validUntil;
}

Result<bool> LeaseLock::tryAcquire()
{
    if (auto st = m_connection.ensureConnected(); !st)
        return fail(st.error());
    const auto sentAt = SteadyClock::now();
    auto set = m_connection.command({ QByteArrayLiteral("SET"), m_key, m_token, QByteArrayLiteral("NX"),
                                      QByteArrayLiteral("PX"), QByteArray::number(m_ttl.count()) });
    if (!set)
        return fail(set.error());
    if (!set->isNil()) {
        granted(sentAt);
        qCDebug(lcRedis).noquote() << "acquired" << m_key;
        return true;
    }
    // Taken: by us already (acquiring again renews), or by someone else.
    return renew();
}

Result<bool> LeaseLock::renew()
{
    if (auto st = m_connection.ensureConnected(); !st)
        return fail(st.error());
    const auto sentAt = SteadyClock::now();
    auto reply = m_connection.eval(renewScript(), { m_key }, { m_token, QByteArray::number(m_ttl.count()) });
    if (!reply)
        return fail(reply.error());
    if (reply->integer == 1) {
        granted(sentAt);
        return true;
    }
    if (m_validUntil)
        qCWarning(lcRedis).noquote() << "lost the lease" << m_key;
    m_validUntil.reset();
    return false;
}

Result<bool> LeaseLock::release()
{
    if (auto st = m_connection.ensureConnected(); !st)
        return fail(st.error());
    auto reply = m_connection.eval(releaseScript(), { m_key }, { m_token });
    if (!reply)
        return fail(reply.error());
    m_validUntil.reset();
    return reply->integer == 1;
}

Result<std::optional<LeaseLock::Holder>> LeaseLock::holder()
{
    if (auto st = m_connection.ensureConnected(); !st)
        return fail(st.error());
    auto replies = m_connection.pipeline(
        { { QByteArrayLiteral("GET"), m_key }, { QByteArrayLiteral("PTTL"), m_key } });
    if (!replies)
        return fail(replies.error());
    const RedisReply& token = (*replies)[0];
    const RedisReply& pttl = (*replies)[1];
    if (token.isError() || pttl.isError())
        return fail(QStringLiteral("Redis: holder of %1: %2")
                        .arg(QString::fromUtf8(m_key),
                             QString::fromUtf8(token.isError() ? token.string : pttl.string)));
    if (token.isNil())
        return std::optional<Holder>();
    return std::optional<Holder>(
        Holder { token.string, std::chrono::milliseconds { std::max<qint64>(pttl.integer, 0) } });
}

} // namespace orch
