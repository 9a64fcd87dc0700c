#pragma once

#include <array>
#include <mutex>
#include <optional>
#include <vector>

#include <QByteArrayView>
#include <QHash>
#include <QHostAddress>
#include <QString>

#include "common/result.h"

namespace orch::api {

// What a token may do; each role includes the ones below it.
enum class Role
{
    Viewer = 1, // every GET, the SPEC formula endpoints, /metrics
    Analyst = 2, // metric ingest, audit checkpoints; later forced promote/rollback
    Approver = 3, // later: approving or refusing rollbacks
};

QString roleName(Role role);
std::optional<Role> parseRole(QStringView text);

// Who made a request. Without a token file (loopback only) every request is an anonymous
// approver.
struct Identity
{
    Role role = Role::Viewer;
    QString name; // the token file's identity column
    QString tokenId; // first 12 hex digits of SHA-256(token): names the token in logs and audit records
    bool anonymous = false;
};

// Bearer tokens from --token-file. One token a line: `TOKEN ROLE IDENTITY`; blank lines and
// lines starting with '#' are ignored (docs/api.md, "Authentication"). Only SHA-256 digests of
// the tokens are kept; a presented token is hashed and compared with every digest in constant
// time (CRYPTO_memcmp over equal-length digests, no early exit).
class TokenStore final
{
public:
    static constexpr int kMinTokenLength = 16;
    static constexpr int kMaxTokenLength = 512;

    static Result<TokenStore> load(const QString& path);
    static Result<TokenStore> parse(QByteArrayView content, const QString& nameForErrors);

    std::optional<Identity> authenticate(QByteArrayView token) const;
    int size() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        std::array<unsigned char, 32> digest;
        Identity identity;
    };
    std::vector<Entry> m_entries;
};

// Failed authentication per client address: after `maxFailures` failures within `window`
// seconds the address is refused (429 with Retry-After) for `blockSeconds`. Thread-safe.
class AuthLimiter final
{
public:
    struct Settings
    {
        int maxFailures = 10;
        int windowSeconds = 60;
        int blockSeconds = 60;
        int maxTrackedAddresses = 10000;
    };
    explicit AuthLimiter(Settings settings);

    // Seconds the address must wait, or 0 when it may try.
    int retryAfter(const QHostAddress& address);
    // Records a failure; returns the seconds to wait when this failure blocks the address.
    int recordFailure(const QHostAddress& address);

private:
    struct Entry
    {
        qint64 windowStart = 0; // steady ms
        int failures = 0;
        qint64 blockedUntil = 0;
    };
    Settings m_settings;
    std::mutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
};

} // namespace orch::api
