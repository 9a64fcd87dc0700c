#include "redis/redisjournal.h"

#include <atomic>

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "redis/redislogging.h"

namespace orch {

namespace {

std::atomic<quint64> g_connectionCounter { 0 };

Error sqlFailure(const QString& path, const QString& operation, const QSqlError& error)
{
    return fail(QStringLiteral("Redis journal %1: %2: %3").arg(path, operation, error.text()));
}

QVariant blob(const QByteArray& b)
{
    return b.isNull() ? QVariant(QByteArray("")) : QVariant(b);
}

} // namespace

RedisJournal::RedisJournal(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
    , m_db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName))
{
    m_db.setDatabaseName(m_path);
}

RedisJournal::~RedisJournal()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<RedisJournal>> RedisJournal::open(const QString& path, const QString& instance)
{
    if (path.isEmpty())
        return fail(QStringLiteral("Redis journal: no file given"));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(QStringLiteral("Redis journal %1: cannot create the directory").arg(path));
    const QString name = QStringLiteral("orch-redis-journal-%1").arg(++g_connectionCounter);
    std::unique_ptr<RedisJournal> journal(new RedisJournal(name, info.absoluteFilePath()));
    if (auto st = journal->initialize(instance); !st)
        return fail(st.error());
    return journal;
}

Status RedisJournal::initialize(const QString& instance)
{
    if (!m_db.open())
        return sqlFailure(m_path, QStringLiteral("cannot open"), m_db.lastError());
    QSqlQuery q(m_db);
    // Exclusive: two processes replaying one queue would interleave their writes.
    const QStringList pragmas { QStringLiteral("PRAGMA busy_timeout = 2000"),
                                QStringLiteral("PRAGMA locking_mode = EXCLUSIVE"),
                                QStringLiteral("PRAGMA journal_mode = WAL"),
                                // FULL only for writes queued here (see cacheAndEnqueue).
                                QStringLiteral("PRAGMA synchronous = NORMAL") };
    for (const QString& pragma : pragmas) {
        if (!q.exec(pragma))
            return sqlFailure(m_path, pragma, q.lastError());
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlFailure(m_path, QStringLiteral("cannot read the schema version"), q.lastError());
    const int version = q.value(0).toInt();
    if (version > kSchemaVersion)
        return fail(QStringLiteral("Redis journal %1: schema version %2 is newer than this build's %3")
                        .arg(m_path)
                        .arg(version)
                        .arg(kSchemaVersion));
    if (!m_db.transaction())
        return sqlFailure(m_path, QStringLiteral("cannot begin (is another orchestrator using it?)"),
                          m_db.lastError());
    const QStringList schema {
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "redis_key BLOB NOT NULL, value BLOB NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB NOT NULL)"),
        QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion),
    };
    for (const QString& sql : schema) {
        if (!q.exec(sql)) {
            const QSqlError error = q.lastError();
            m_db.rollback();
            return sqlFailure(m_path, QStringLiteral("cannot create the schema"), error);
        }
    }
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE name = 'instance'"));
    if (!q.exec()) {
        m_db.rollback();
        return sqlFailure(m_path, QStringLiteral("cannot read the instance"), q.lastError());
    }
    if (q.next()) {
        const QString owner = q.value(0).toString();
        if (owner != instance) {
            m_db.rollback();
            return fail(QStringLiteral("Redis journal %1 belongs to instance \"%2\", not \"%3\": its queued "
                                       "writes must not go to another instance's keys")
                            .arg(m_path, owner, instance));
        }
    } else {
        q.prepare(QStringLiteral("INSERT INTO meta (name, value) VALUES ('instance', ?)"));
        q.addBindValue(instance);
        if (!q.exec()) {
            m_db.rollback();
            return sqlFailure(m_path, QStringLiteral("cannot record the instance"), q.lastError());
        }
    }
    if (!m_db.commit())
        return sqlFailure(m_path, QStringLiteral("cannot commit the schema"), m_db.lastError());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM queue")) || !q.next())
        return sqlFailure(m_path, QStringLiteral("cannot count the queue"), q.lastError());
    m_queued = q.value(0).toLongLong();
    if (m_queued > 0)
        qCInfo(lcRedis).noquote() << m_queued << "writes queued for Redis from an earlier run in" << m_path;
    return success();
}

Status RedisJournal::cache(const QString& key, const QByteArray& value)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO cache (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(blob(value));
    if (!q.exec())
        return sqlFailure(m_path, QStringLiteral("cannot cache \"%1\"").arg(key), q.lastError());
    return success();
}

Status RedisJournal::cacheAndEnqueue(const QString& key, const QByteArray& redisKey, const QByteArray& value)
{
    // A queued write is acknowledged while it exists only here: it must survive a power cut, so
    // its commit syncs the WAL (which also covers the cache-only commits before it, made at
    // NORMAL because Redis had those values).
    QSqlQuery pragma(m_db);
    if (!pragma.exec(QStringLiteral("PRAGMA synchronous = FULL")))
        return sqlFailure(m_path, QStringLiteral("cannot set synchronous = FULL"), pragma.lastError());
    const auto backToNormal
        = qScopeGuard([&pragma] { pragma.exec(QStringLiteral("PRAGMA synchronous = NORMAL")); });
    if (!m_db.transaction())
        return sqlFailure(m_path, QStringLiteral("cannot begin"), m_db.lastError());
    if (auto st = cache(key, value); !st) {
        m_db.rollback();
        return st;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO queue (redis_key, value) VALUES (?, ?)"));
    q.addBindValue(redisKey);
    q.addBindValue(blob(value));
    if (!q.exec()) {
        const QSqlError error = q.lastError();
        m_db.rollback();
        return sqlFailure(m_path, QStringLiteral("cannot queue \"%1\"").arg(key), error);
    }
    if (!m_db.commit())
        return sqlFailure(m_path, QStringLiteral("cannot commit \"%1\"").arg(key), m_db.lastError());
    ++m_queued;
    return success();
}

Result<std::optional<QByteArray>> RedisJournal::cached(const QString& key)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT value FROM cache WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return sqlFailure(m_path, QStringLiteral("cannot read \"%1\"").arg(key), q.lastError());
    if (!q.next())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(q.value(0).toByteArray());
}

Result<std::vector<std::pair<QString, QByteArray>>> RedisJournal::cachedAll()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT key, value FROM cache ORDER BY key")))
        return sqlFailure(m_path, QStringLiteral("cannot read the cache"), q.lastError());
    std::vector<std::pair<QString, QByteArray>> all;
    while (q.next())
        all.emplace_back(q.value(0).toString(), q.value(1).toByteArray());
    return all;
}

Result<std::vector<RedisJournal::Entry>> RedisJournal::pending(int limit)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT seq, redis_key, value FROM queue ORDER BY seq LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlFailure(m_path, QStringLiteral("cannot read the queue"), q.lastError());
    std::vector<Entry> entries;
    while (q.next())
        entries.push_back(
            Entry { q.value(0).toLongLong(), q.value(1).toByteArray(), q.value(2).toByteArray() });
    return entries;
}

Status RedisJournal::removeUpTo(qint64 seq)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM queue WHERE seq <= ?"));
    q.addBindValue(static_cast<qlonglong>(seq));
    if (!q.exec())
        return sqlFailure(m_path, QStringLiteral("cannot remove delivered writes"), q.lastError());
    m_queued = std::max<qint64>(0, m_queued - q.numRowsAffected());
    return success();
}

} // namespace orch
