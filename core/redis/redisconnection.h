#pragma once

#include <chrono>
#include <vector>

#include <QByteArray>
#include <QByteArrayList>
#include <QDeadlineTimer>
#include <QString>

#include "common/result.h"
#include "redis/redisurl.h"

struct redisContext;

namespace orch {

// One reply of Redis, copied out of hiredis (RESP2: what Redis 7 sends a RESP2 client).
struct RedisReply
{
    enum class Type
    {
        Nil,
        Status,
        Error,
        Integer,
        String,
        Array
    };
    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray string; // Status, Error and String
    std::vector<RedisReply> elements; // Array

    bool isNil() const { return type == Type::Nil; }
    bool isError() const { return type == Type::Error; }
};

// A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet (after
// a restart or SCRIPT FLUSH).
struct RedisScript
{
    explicit RedisScript(QByteArray source);
    QByteArray source;
    QByteArray sha1; // hex
};

// A synchronous connection to one Redis server over hiredis, for the engine thread: every call
// waits at most the command timeout (200 ms by default), so a dead or hung Redis stalls the engine
// briefly, never for long. After a failure the connection is dropped and reconnecting waits for
// an exponential backoff with jitter, so a dead Redis costs a failed connect only now and then.
//
// Writing to a socket the server has closed raises SIGPIPE; the first connection sets SIGPIPE to
// ignored when it is still at its default (which would kill the process).
//
// Not thread-safe: use one connection from one thread.
class RedisConnection final
{
public:
    struct Options
    {
        std::chrono::milliseconds connectTimeout { 200 };
        std::chrono::milliseconds commandTimeout { 200 };
        std::chrono::milliseconds initialBackoff { 100 };
        std::chrono::milliseconds maxBackoff { 5000 };
    };

    explicit RedisConnection(RedisUrl url);
    RedisConnection(RedisUrl url, Options options);
    ~RedisConnection();
    Q_DISABLE_COPY_MOVE(RedisConnection)

    // Connects now, whatever the backoff: TCP, AUTH, SELECT, PING.
    Status connect();
    // Connected already, or reconnects when the backoff has run out; otherwise an error saying when
    // the next attempt is.
    Status ensureConnected();
    bool isConnected() const { return m_context != nullptr; }
    // Drops the connection; the next ensureConnected() waits for the backoff.
    void disconnect(const QString& reason);

    // Runs one command. Fails on a transport error (the connection is dropped) and on an error
    // reply (the connection stays), with the command name and Redis' message.
    Result<RedisReply> command(const QByteArrayList& args);
    // Sends all commands in one round trip and returns their replies in order; error replies are
    // returned as replies. Fails only on a transport error (the connection is dropped).
    Result<std::vector<RedisReply>> pipeline(const std::vector<QByteArrayList>& commands);
    // EVALSHA, or EVAL when the script is not cached on the server.
    Result<RedisReply> eval(const RedisScript& script, const QByteArrayList& keys,
                            const QByteArrayList& args);

    const RedisUrl& url() const { return m_url; }
    const Options& options() const { return m_options; }
    // Increases with every successful connection: who caches per-connection state (scripts
    // loaded, a resynchronization done) compares it.
    quint64 generation() const { return m_generation; }
    // The last connection or transport error (never containing the password); empty when none.
    QString lastError() const { return m_lastError; }
    // The server refused us (AUTH, SELECT, NOAUTH): a configuration error rather than an outage
    // (a server still loading its data is an outage).
    bool lastConnectRefused() const { return m_refused; }
    qint64 failedConnects() const { return m_failedConnects; }

private:
    Result<RedisReply> exec(const QByteArrayList& args);
    Error transportFailure(const QString& operation);
    void scheduleRetry();

    RedisUrl m_url;
    Options m_options;
    redisContext* m_context = nullptr;
    QDeadlineTimer m_retryAt { 0 };
    std::chrono::milliseconds m_backoff { 0 };
    quint64 m_generation = 0;
    qint64 m_failedConnects = 0;
    QString m_lastError;
    bool m_refused = false;
    bool m_outageReported = false;
    bool m_handshaking = false;
};

} // namespace orch
