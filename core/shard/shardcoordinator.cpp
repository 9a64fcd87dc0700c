#include "shard/shardcoordinator.h"

#include "redis/leaselock.h"
#include "redis/redisconnection.h"
#include "redis/rediskeys.h"
#include "shard/shardlogging.h"

namespace orch {

namespace {

QByteArray homeKey(const QString& instance, int shard)
{
    return RedisKeys::hashTag(shardInstance(instance, shard)) + ":home";
}

} // namespace

ShardCoordinator::ShardCoordinator(RedisConnection& connection, Settings settings)
    : m_connection(connection)
    , m_settings(std::move(settings))
{
    const int n = std::max(1, m_settings.assignment.count);
    m_owned.assign(std::size_t(n), false);
    for (int i = 0; i < n; ++i)
        m_leases.push_back(std::make_unique<LeaseLock>(
            m_connection, RedisKeys::lock(shardInstance(m_settings.instance, i), QStringLiteral("owner")),
            m_settings.lease));
}

ShardCoordinator::~ShardCoordinator() = default;

bool ShardCoordinator::holds(int shard) const
{
    return m_owned[std::size_t(shard)] && m_leases[std::size_t(shard)]->isHeld();
}

Status ShardCoordinator::heartbeat()
{
    const int home = m_settings.assignment.index;
    auto reply = m_connection.command({ "SET", homeKey(m_settings.instance, home), m_leases[std::size_t(home)]->token(),
                                        "PX", QByteArray::number(qint64(m_settings.lease.count())) });
    if (!reply)
        return Error { reply.error() };
    return success();
}

Result<bool> ShardCoordinator::homeAlive(int shard)
{
    auto reply = m_connection.command({ "EXISTS", homeKey(m_settings.instance, shard) });
    if (!reply)
        return Error { reply.error() };
    return reply->integer > 0;
}

Result<bool> ShardCoordinator::maintain()
{
    const std::vector<bool> before = m_owned;
    const int home = m_settings.assignment.index;
    const int n = int(m_owned.size());
    QString failure;
    auto note = [&](const QString& error) {
        if (failure.isEmpty())
            failure = error;
    };

    if (auto st = m_connection.ensureConnected(); !st)
        note(st.error());
    else if (auto beat = heartbeat(); !beat)
        note(beat.error());
    for (int i = 0; i < n && failure.isEmpty(); ++i) {
        LeaseLock& lease = *m_leases[std::size_t(i)];
        if (i == home) {
            // Ours: renew, or acquire once whoever took it over has handed it back (or expired).
            auto got = lease.tryAcquire();
            if (!got) {
                note(got.error());
                break;
            }
            m_owned[std::size_t(i)] = *got;
            continue;
        }
        auto alive = homeAlive(i);
        if (!alive) {
            note(alive.error());
            break;
        }
        if (m_owned[std::size_t(i)]) {
            if (*alive) {
                // The home replica is back: hand its shard over.
                if (auto released = lease.release(); !released) {
                    note(released.error());
                    break;
                }
                m_owned[std::size_t(i)] = false;
                ++m_handbacks;
                qCInfo(lcShard) << "handed shard" << i << "back to its replica";
            } else {
                auto renewed = lease.renew();
                if (!renewed) {
                    note(renewed.error());
                    break;
                }
                m_owned[std::size_t(i)] = *renewed;
            }
        } else if (!*alive && std::chrono::steady_clock::now() - m_started >= m_settings.lease) {
            // A shard whose home replica is gone: take it over once its lease has expired.
            auto got = lease.tryAcquire();
            if (!got) {
                note(got.error());
                break;
            }
            if (*got) {
                m_owned[std::size_t(i)] = true;
                ++m_takeovers;
                qCInfo(lcShard) << "took over shard" << i << "(its replica's lease expired)";
            }
        }
    }
    if (!failure.isEmpty()) {
        // Keep only what is certainly still ours.
        for (int i = 0; i < n; ++i)
            m_owned[std::size_t(i)] = holds(i);
        if (m_owned != before)
            qCWarning(lcShard) << "Redis unavailable; keeping only the shards whose lease is certain:" << failure;
        return Error { QStringLiteral("shard leases: %1").arg(failure) };
    }
    return m_owned != before;
}

void ShardCoordinator::releaseAll()
{
    for (std::size_t i = 0; i < m_owned.size(); ++i) {
        if (m_owned[i])
            (void)m_leases[i]->release();
        m_owned[i] = false;
    }
    (void)m_connection.command({ "DEL", homeKey(m_settings.instance, m_settings.assignment.index) });
}

std::vector<int> ShardCoordinator::ownedShards() const
{
    std::vector<int> out;
    for (std::size_t i = 0; i < m_owned.size(); ++i)
        if (holds(int(i)))
            out.push_back(int(i));
    return out;
}

bool ShardCoordinator::ownsShard(int shard) const
{
    return shard >= 0 && std::size_t(shard) < m_owned.size() && holds(shard);
}

Result<std::optional<QString>> ShardCoordinator::holderOf(int shard)
{
    if (shard < 0 || std::size_t(shard) >= m_leases.size())
        return fail(QStringLiteral("shard %1: no such shard (0 to %2)").arg(shard).arg(m_leases.size() - 1));
    auto holder = m_leases[std::size_t(shard)]->holder();
    if (!holder)
        return fail(holder.error());
    if (!*holder)
        return std::optional<QString> {};
    const QByteArray& token = (*holder)->token;
    const qsizetype last = token.lastIndexOf(':');
    return std::optional<QString>(QString::fromUtf8(last > 0 ? token.left(last) : token));
}

bool ShardCoordinator::owns(QStringView dealer) const
{
    return ownsShard(shardOf(dealer, int(m_owned.size())));
}

} // namespace orch
