#include "redis/redisconnection.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <hiredis/hiredis.h>

#include "redis/redislogging.h"

namespace orch {

namespace {

timeval toTimeval(std::chrono::milliseconds ms)
{
    timeval tv {};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

// hiredis writes with write(2), which raises SIGPIPE on a socket the server has reset; its
// default action would kill the orchestrator when Redis dies. Leave a handler someone installed.
void ignoreSigpipe()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction current
        {
        };
        if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
            std::signal(SIGPIPE, SIG_IGN);
            qCDebug(lcRedis) << "SIGPIPE is now ignored (hiredis writes to sockets)";
        }
    });
}

RedisReply convert(const redisReply* r)
{
    RedisReply out;
    switch (r->type) {
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.string = QByteArray(r->str, static_cast<qsizetype>(r->len));
        break;
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        out.string = QByteArray(r->str, static_cast<qsizetype>(r->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.string = QByteArray(r->str, static_cast<qsizetype>(r->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(r->elements);
        for (size_t i = 0; i < r->elements; ++i)
            out.elements.push_back(convert(r->element[i]));
        break;
    default:
        out.type = RedisReply::Type::Nil;
        break;
    }
    return out;
}

// Only the command's name: the arguments may be a password (AUTH) or a state blob.
QString commandName(const QByteArrayList& args)
{
    return args.isEmpty() ? QString() : QString::fromLatin1(args.first()).toUpper();
}

} // namespace

RedisScript::RedisScript(QByteArray source)
    : source(std::move(source))
    , sha1(QCryptographicHash::hash(this->source, QCryptographicHash::Sha1).toHex())
{ }

RedisConnection::RedisConnection(RedisUrl url)
    : RedisConnection(std::move(url), Options {})
{ }

RedisConnection::RedisConnection(RedisUrl url, Options options)
    : m_url(std::move(url))
    , m_options(options)
{ }

RedisConnection::~RedisConnection()
{
    if (m_context)
        redisFree(m_context);
}

Status RedisConnection::connect()
{
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
    ignoreSigpipe();
    const bool wasLost = m_generation > 0 || m_failedConnects > 0;
    redisContext* c = redisConnectWithTimeout(m_url.host.toUtf8().constData(), m_url.port,
                                              toTimeval(m_options.connectTimeout));
    if (!c || c->err) {
        const QString why = c ? QString::fromLocal8Bit(c->errstr) : QStringLiteral("out of memory");
        if (c)
            redisFree(c);
        m_refused = false;
        m_lastError = QStringLiteral("Redis at %1: cannot connect: %2").arg(m_url.redacted(), why);
        // One warning per outage; the retries that follow go to the debug level.
        if (!m_outageReported)
            qCWarning(lcRedis).noquote() << m_lastError;
        else
            qCDebug(lcRedis).noquote() << m_lastError;
        m_outageReported = true;
        ++m_failedConnects;
        scheduleRetry();
        return fail(m_lastError);
    }
    redisSetTimeout(c, toTimeval(m_options.commandTimeout));
    redisEnableKeepAlive(c);
    m_context = c;
    m_handshaking = true;
    const auto handshakeDone = qScopeGuard([this] { m_handshaking = false; });

    // An error reply here is the server refusing our configuration (a wrong password, a missing
    // one, a database out of range), not an outage, unless it is a transient state of the server.
    auto handshake = [this](const QByteArrayList& args, const QString& what) -> Status {
        auto reply = exec(args);
        if (!reply)
            return fail(reply.error());
        if (reply->isError()) {
            const QByteArray& text = reply->string;
            m_refused = !(text.startsWith("LOADING") || text.startsWith("BUSY") || text.startsWith("TRYAGAIN")
                          || text.startsWith("MASTERDOWN"));
            m_lastError = QStringLiteral("Redis at %1: %2 refused: %3")
                              .arg(m_url.redacted(), what, QString::fromUtf8(reply->string));
            redisFree(m_context);
            m_context = nullptr;
            qCWarning(lcRedis).noquote() << m_lastError;
            ++m_failedConnects;
            scheduleRetry();
            return fail(m_lastError);
        }
        return success();
    };
    if (!m_url.password.isEmpty()) {
        QByteArrayList auth { QByteArrayLiteral("AUTH") };
        if (!m_url.username.isEmpty())
            auth << m_url.username.toUtf8();
        auth << m_url.password.toUtf8();
        if (auto st = handshake(auth, QStringLiteral("AUTH")); !st)
            return st;
    }
    if (m_url.db != 0) {
        if (auto st = handshake({ QByteArrayLiteral("SELECT"), QByteArray::number(m_url.db) },
                                QStringLiteral("SELECT %1").arg(m_url.db));
            !st)
            return st;
    }
    if (auto st = handshake({ QByteArrayLiteral("PING") }, QStringLiteral("PING")); !st)
        return st;

    m_refused = false;
    m_outageReported = false;
    m_backoff = std::chrono::milliseconds { 0 };
    ++m_generation;
    if (wasLost)
        qCInfo(lcRedis).noquote() << "reconnected to Redis at" << m_url.redacted();
    else
        qCInfo(lcRedis).noquote() << "connected to Redis at" << m_url.redacted();
    return success();
}

Status RedisConnection::ensureConnected()
{
    if (m_context)
        return success();
    if (!m_retryAt.hasExpired()) {
        return fail(QStringLiteral("%1 (next attempt in %2 ms)")
                        .arg(m_lastError.isEmpty()
                                 ? QStringLiteral("Redis at %1: not connected").arg(m_url.redacted())
                                 : m_lastError)
                        .arg(m_retryAt.remainingTime()));
    }
    return connect();
}

void RedisConnection::disconnect(const QString& reason)
{
    if (!m_context)
        return;
    redisFree(m_context);
    m_context = nullptr;
    m_lastError = reason;
    scheduleRetry();
}

void RedisConnection::scheduleRetry()
{
    m_backoff
        = m_backoff.count() == 0 ? m_options.initialBackoff : std::min(m_backoff * 2, m_options.maxBackoff);
    // "Equal jitter": between half and all of the backoff, so replicas that lost Redis together do
    // not reconnect in lockstep, and a retry never comes immediately.
    const qint64 half = m_backoff.count() / 2;
    const qint64 delay = half + static_cast<qint64>(QRandomGenerator::global()->bounded(half + 1));
    m_retryAt = QDeadlineTimer(delay);
}

Error RedisConnection::transportFailure(const QString& operation)
{
    QString why = QString::fromLocal8Bit(m_context->errstr);
    if (m_context->err == REDIS_ERR_IO && why == QString::fromLocal8Bit(std::strerror(EAGAIN)))
        why = QStringLiteral("no answer within %1 ms").arg(m_options.commandTimeout.count());
    else if (why.isEmpty())
        why = QStringLiteral("I/O error");
    const QString message = QStringLiteral("Redis at %1: %2: %3").arg(m_url.redacted(), operation, why);
    redisFree(m_context);
    m_context = nullptr;
    m_lastError = message;
    if (!m_outageReported)
        qCWarning(lcRedis).noquote() << message << "- connection dropped";
    else
        qCDebug(lcRedis).noquote() << message;
    m_outageReported = true;
    if (m_handshaking) {
        // A server that accepts connections but does not answer (hung, overloaded): back off.
        ++m_failedConnects;
    } else {
        // A connection that worked broke: the server may just have restarted, retry soon.
        m_backoff = std::chrono::milliseconds { 0 };
    }
    scheduleRetry();
    return fail(message);
}

Result<RedisReply> RedisConnection::exec(const QByteArrayList& args)
{
    if (!m_context)
        return fail(QStringLiteral("Redis at %1: not connected").arg(m_url.redacted()));
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const QByteArray& a : args) {
        argv.push_back(a.constData());
        lengths.push_back(static_cast<size_t>(a.size()));
    }
    void* raw = redisCommandArgv(m_context, static_cast<int>(argv.size()), argv.data(), lengths.data());
    if (!raw)
        return transportFailure(commandName(args));
    auto* reply = static_cast<redisReply*>(raw);
    RedisReply out = convert(reply);
    freeReplyObject(reply);
    return out;
}

Result<RedisReply> RedisConnection::command(const QByteArrayList& args)
{
    auto reply = exec(args);
    if (reply && reply->isError())
        return fail(QStringLiteral("Redis at %1: %2: %3")
                        .arg(m_url.redacted(), commandName(args), QString::fromUtf8(reply->string)));
    return reply;
}

Result<std::vector<RedisReply>> RedisConnection::pipeline(const std::vector<QByteArrayList>& commands)
{
    if (!m_context)
        return fail(QStringLiteral("Redis at %1: not connected").arg(m_url.redacted()));
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const QByteArrayList& args : commands) {
        argv.clear();
        lengths.clear();
        for (const QByteArray& a : args) {
            argv.push_back(a.constData());
            lengths.push_back(static_cast<size_t>(a.size()));
        }
        if (redisAppendCommandArgv(m_context, static_cast<int>(argv.size()), argv.data(), lengths.data())
            != REDIS_OK)
            return transportFailure(QStringLiteral("pipeline"));
    }
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
        void* raw = nullptr;
        if (redisGetReply(m_context, &raw) != REDIS_OK || !raw)
            return transportFailure(QStringLiteral("pipeline of %1 commands").arg(commands.size()));
        auto* reply = static_cast<redisReply*>(raw);
        replies.push_back(convert(reply));
        freeReplyObject(reply);
    }
    return replies;
}

Result<RedisReply> RedisConnection::eval(const RedisScript& script, const QByteArrayList& keys,
                                         const QByteArrayList& args)
{
    QByteArrayList tail { QByteArray::number(keys.size()) };
    tail << keys << args;
    auto reply = exec(QByteArrayList { QByteArrayLiteral("EVALSHA"), script.sha1 } + tail);
    if (reply && reply->isError() && reply->string.startsWith("NOSCRIPT"))
        reply = exec(QByteArrayList { QByteArrayLiteral("EVAL"), script.source } + tail);
    if (reply && reply->isError())
        return fail(QStringLiteral("Redis at %1: script %2: %3")
                        .arg(m_url.redacted(), QString::fromLatin1(script.sha1.first(8)),
                             QString::fromUtf8(reply->string)));
    return reply;
}

} // namespace orch
