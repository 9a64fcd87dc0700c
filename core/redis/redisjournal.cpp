#include "redis/redisjournal.h"

#include <atomic>

#include <QDateTime>
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
    QStringList schema {
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "redis_key BLOB NOT NULL, value BLOB NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE IF NOT EXISTS spend_cache (totals_key BLOB NOT NULL, dealer TEXT NOT NULL, "
            "total INTEGER NOT NULL, expire_at INTEGER NOT NULL, PRIMARY KEY (totals_key, dealer))"),
    };
    // Version 2: governance charges in the queue (a version 1 file's queued writes are all SETs).
    const QStringList toVersion2 {
        QStringLiteral("ALTER TABLE queue ADD COLUMN op INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE queue ADD COLUMN aux_key BLOB"),
        QStringLiteral("ALTER TABLE queue ADD COLUMN field TEXT"),
        QStringLiteral("ALTER TABLE queue ADD COLUMN charge BLOB"),
        QStringLiteral("ALTER TABLE queue ADD COLUMN micros INTEGER"),
        QStringLiteral("ALTER TABLE queue ADD COLUMN floor INTEGER"),
        QStringLiteral("ALTER TABLE queue ADD COLUMN expire_at INTEGER"),
    };
    if (version < 2)
        schema += toVersion2;
    schema += QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion);
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
    // Totals whose keys have expired in Redis are of no use any more.
    q.prepare(QStringLiteral("DELETE FROM spend_cache WHERE expire_at <= ?"));
    q.addBindValue(static_cast<qlonglong>(QDateTime::currentSecsSinceEpoch()));
    if (!q.exec())
        return sqlFailure(m_path, QStringLiteral("cannot prune the spend cache"), q.lastError());
    auto totals = cachedSpends();
    if (!totals)
        return fail(totals.error());
    for (const SpendTotal& t : *totals)
        rememberSpend(t);
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

Status RedisJournal::durably(const QString& what, const std::function<Status()>& write)
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
    if (auto st = write(); !st) {
        m_db.rollback();
        return st;
    }
    if (!m_db.commit())
        return sqlFailure(m_path, QStringLiteral("cannot commit %1").arg(what), m_db.lastError());
    ++m_queued;
    return success();
}

Status RedisJournal::cacheAndEnqueue(const QString& key, const QByteArray& redisKey, const QByteArray& value)
{
    return durably(QStringLiteral("\"%1\"").arg(key), [&]() -> Status {
        if (auto st = cache(key, value); !st)
            return st;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO queue (op, redis_key, value) VALUES (0, ?, ?)"));
        q.addBindValue(redisKey);
        q.addBindValue(blob(value));
        if (!q.exec())
            return sqlFailure(m_path, QStringLiteral("cannot queue \"%1\"").arg(key), q.lastError());
        return success();
    });
}

Status RedisJournal::enqueueSpend(const SpendCharge& c)
{
    const QString what = QStringLiteral("the charge %1 of %2 micro-dollars to %3 in %4")
                             .arg(QString::fromLatin1(c.charge))
                             .arg(c.micros)
                             .arg(c.dealer, QString::fromUtf8(c.totalsKey));
    return durably(what, [&]() -> Status {
        QSqlQuery q(m_db);
        q.prepare(
            QStringLiteral("INSERT INTO queue (op, redis_key, value, aux_key, field, charge, micros, floor, "
                           "expire_at) VALUES (1, ?, '', ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(c.totalsKey);
        q.addBindValue(c.chargesKey);
        q.addBindValue(c.dealer);
        q.addBindValue(c.charge);
        q.addBindValue(static_cast<qlonglong>(c.micros));
        q.addBindValue(static_cast<qlonglong>(c.floor));
        q.addBindValue(static_cast<qlonglong>(c.expireAt));
        if (!q.exec())
            return sqlFailure(m_path, QStringLiteral("cannot queue ") + what, q.lastError());
        return success();
    });
}

Result<qint64> RedisJournal::queuedSpend(const QByteArray& totalsKey, const QString& dealer)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT COALESCE(SUM(micros), 0) FROM queue WHERE op = 1 AND redis_key = ? AND field = ?"));
    q.addBindValue(totalsKey);
    q.addBindValue(dealer);
    if (!q.exec() || !q.next())
        return sqlFailure(m_path,
                          QStringLiteral("cannot sum the queued charges of %1 in %2")
                              .arg(dealer, QString::fromUtf8(totalsKey)),
                          q.lastError());
    return qint64(q.value(0).toLongLong());
}

Status RedisJournal::writeSpendCache(const SpendTotal& t)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("INSERT INTO spend_cache (totals_key, dealer, total, expire_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (totals_key, dealer) DO UPDATE SET total = MAX(total, excluded.total), "
                       "expire_at = MAX(expire_at, excluded.expire_at)"));
    q.addBindValue(t.totalsKey);
    q.addBindValue(t.dealer);
    q.addBindValue(static_cast<qlonglong>(t.total));
    q.addBindValue(static_cast<qlonglong>(t.expireAt));
    if (!q.exec())
        return sqlFailure(m_path,
                          QStringLiteral("cannot cache the spend of %1 in %2")
                              .arg(t.dealer, QString::fromUtf8(t.totalsKey)),
                          q.lastError());
    return success();
}

void RedisJournal::rememberSpend(const SpendTotal& t)
{
    qint64& total = m_spendCache[{ t.totalsKey, t.dealer }];
    total = std::max(total, t.total);
}

Status RedisJournal::cacheSpend(const SpendTotal& t)
{
    if (auto st = writeSpendCache(t); !st)
        return st;
    rememberSpend(t);
    return success();
}

Result<std::optional<qint64>> RedisJournal::cachedSpend(const QByteArray& totalsKey, const QString& dealer)
{
    // From memory: the file is this process' alone (the table is read once, at open).
    const auto it = m_spendCache.find({ totalsKey, dealer });
    if (it == m_spendCache.end())
        return std::optional<qint64>();
    return std::optional<qint64>(it->second);
}

Result<std::vector<RedisJournal::SpendTotal>> RedisJournal::cachedSpends()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT totals_key, dealer, total, expire_at FROM spend_cache ORDER BY totals_key, dealer")))
        return sqlFailure(m_path, QStringLiteral("cannot read the spend cache"), q.lastError());
    std::vector<SpendTotal> all;
    while (q.next())
        all.push_back({ q.value(0).toByteArray(), q.value(1).toString(), q.value(2).toLongLong(),
                        q.value(3).toLongLong() });
    return all;
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
    q.prepare(
        QStringLiteral("SELECT seq, op, redis_key, value, aux_key, field, charge, micros, floor, expire_at "
                       "FROM queue ORDER BY seq LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlFailure(m_path, QStringLiteral("cannot read the queue"), q.lastError());
    std::vector<Entry> entries;
    while (q.next()) {
        Entry e;
        e.seq = q.value(0).toLongLong();
        const int op = q.value(1).toInt();
        e.redisKey = q.value(2).toByteArray();
        if (op == int(Op::Set)) {
            e.op = Op::Set;
            e.value = q.value(3).toByteArray();
        } else if (op == int(Op::AddSpend)) {
            e.op = Op::AddSpend;
            e.spend.totalsKey = e.redisKey;
            e.spend.chargesKey = q.value(4).toByteArray();
            e.spend.dealer = q.value(5).toString();
            e.spend.charge = q.value(6).toByteArray();
            e.spend.micros = q.value(7).toLongLong();
            e.spend.floor = q.value(8).toLongLong();
            e.spend.expireAt = q.value(9).toLongLong();
        } else {
            return fail(QStringLiteral("Redis journal %1: queued write %2 has the unknown operation %3")
                            .arg(m_path)
                            .arg(e.seq)
                            .arg(op));
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

Status RedisJournal::removeUpTo(qint64 seq, const std::vector<SpendTotal>& totals)
{
    if (!m_db.transaction())
        return sqlFailure(m_path, QStringLiteral("cannot begin"), m_db.lastError());
    for (const SpendTotal& t : totals) {
        if (auto st = writeSpendCache(t); !st) {
            m_db.rollback();
            return st;
        }
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM queue WHERE seq <= ?"));
    q.addBindValue(static_cast<qlonglong>(seq));
    if (!q.exec()) {
        const QSqlError error = q.lastError();
        m_db.rollback();
        return sqlFailure(m_path, QStringLiteral("cannot remove delivered writes"), error);
    }
    const int removed = q.numRowsAffected();
    if (!m_db.commit())
        return sqlFailure(m_path, QStringLiteral("cannot commit the delivered writes"), m_db.lastError());
    m_queued = std::max<qint64>(0, m_queued - removed);
    for (const SpendTotal& t : totals)
        rememberSpend(t);
    return success();
}

} // namespace orch
