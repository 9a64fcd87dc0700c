#pragma once

#include <chrono>
#include <optional>

#include <QByteArray>
#include <QString>

#include "common/result.h"

namespace orch {

class RedisConnection;

// A lock with a lease in Redis, for the scheduler (one per job per shard, so the 02:00Z learner
// runs once per shard) and for shard ownership: a replica that dies stops renewing, its lease
// expires, and another replica takes over.
//
//   acquire   SET key token NX PX ttl           (or a renewal when we already hold it)
//   renew     Lua: PEXPIRE only if GET key == token
//   release   Lua: DEL only if GET key == token
//
// The token is unique per LeaseLock object ("host:pid:random"), so only the holder can renew or
// release. isHeld() is the holder's own, conservative view: the lease counted from before the
// request was sent, minus a margin for clock drift, so it ends before Redis expires the key.
// A Redis error is an error, not a "no": callers must not run the guarded job on one.
class LeaseLock final
{
public:
    LeaseLock(RedisConnection& connection, QByteArray key, std::chrono::milliseconds ttl);
    Q_DISABLE_COPY_MOVE(LeaseLock)

    // true: held now (newly, or renewed because we held it already); false: someone else has it.
    Result<bool> tryAcquire();
    // true: still ours, lease extended; false: lost (expired and maybe taken over).
    Result<bool> renew();
    // true: released; false: it was not ours (nothing is changed).
    Result<bool> release();

    // The token of whoever holds the key now, and the lease it has left.
    struct Holder
    {
        QByteArray token;
        std::chrono::milliseconds remaining { 0 };
    };
    Result<std::optional<Holder>> holder();

    bool isHeld() const;
    QByteArray key() const { return m_key; }
    QByteArray token() const { return m_token; }
    std::chrono::milliseconds ttl() const { return m_ttl; }

private:
    using SteadyClock = std::chrono::steady_clock;
    void granted(SteadyClock::time_point sentAt);

    RedisConnection& m_connection;
    QByteArray m_key;
    QByteArray m_token;
    std::chrono::milliseconds m_ttl;
    std::optional<SteadyClock::time_point> m_validUntil;
};

} // namespace orch
