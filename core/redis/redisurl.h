#pragma once

#include <QString>

#include "common/result.h"

namespace orch {

// Where Redis is: `redis://[[user]:password@]host[:port][/db]`, as redis-cli and most clients
// write it. The host may be a name, an IPv4 address or a bracketed IPv6 address; the port
// defaults to 6379 and the database to 0 (a Redis Cluster only has database 0). Percent-encoded
// characters in the user and password are decoded.
struct RedisUrl
{
    static constexpr quint16 kDefaultPort = 6379;

    QString host;
    quint16 port = kDefaultPort;
    int db = 0;
    QString username; // empty: the default user (AUTH with the password only)
    QString password; // empty: no AUTH

    // Parses `text`; the error names what is wrong and never repeats the password.
    static Result<RedisUrl> parse(const QString& text);

    // The URL with the password replaced by "***": the only form that may be logged or shown.
    QString redacted() const;

    friend bool operator==(const RedisUrl&, const RedisUrl&) = default;
};

} // namespace orch
