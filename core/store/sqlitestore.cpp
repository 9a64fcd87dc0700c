#include "store/sqlitestore.h"

#include <atomic>
#include <cmath>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "common/logging.h"
#include "common/timeutil.h"
#include "store/sqlsupport.h"

namespace orch {

namespace {

std::atomic<quint64> g_connectionCounter { 0 };

Error sqlFailure(const QString& operation, const QSqlError& error)
{
    return sql::failure({}, operation, error);
}

// A null QString or QByteArray binds as SQL NULL, which the NOT NULL columns refuse; an empty
// dealer on a fleet-wide event or an empty state blob must be stored as empty, not as NULL.
QVariant textValue(const QString& s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

QVariant blobValue(const QByteArray& b)
{
    return b.isNull() ? QVariant(QByteArray("")) : QVariant(b);
}

QVariant intValue(qint64 v)
{
    return QVariant(static_cast<qlonglong>(v));
}

QString numberText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

Result<QSqlQuery> prepare(const QSqlDatabase& db, const QString& operation, const QString& sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlFailure(operation, query.lastError());
    return query;
}

Status exec(QSqlQuery& query, const QString& operation)
{
    if (!query.exec())
        return sqlFailure(operation, query.lastError());
    return success();
}

Status checkDetection(const Detection& d)
{
    if (d.dealer.isEmpty() || d.feature.isEmpty())
        return fail(QStringLiteral("detection %1: dealer and feature must not be empty").arg(d.id));
    for (double v : { d.threshold, d.firstStd, d.peakStd, d.lastStd }) {
        if (!std::isfinite(v))
            return fail(QStringLiteral("detection %1 of dealer \"%2\" feature \"%3\": non-finite value %4")
                            .arg(QString::number(d.id), d.dealer, d.feature, numberText(v)));
    }
    return success();
}

void bindDetection(QSqlQuery& query, const Detection& d)
{
    query.bindValue(0, d.dealer);
    query.bindValue(1, d.feature);
    query.bindValue(2, intValue(d.openedAt));
    query.bindValue(3, d.closedAt ? intValue(*d.closedAt) : QVariant());
    query.bindValue(4, d.threshold);
    query.bindValue(5, d.firstStd);
    query.bindValue(6, d.peakStd);
    query.bindValue(7, d.lastStd);
    query.bindValue(8, d.flaggedEvaluations);
}

// Version 1. Later versions add steps after this one, each in the same transaction as the
// user_version bump, so a crash never leaves a half-migrated schema.
const char* const kSchemaV1[] = {
    "CREATE TABLE samples ("
    " dealer TEXT NOT NULL, feature TEXT NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,"
    " PRIMARY KEY (dealer, feature, ts)) WITHOUT ROWID",
    "CREATE TABLE component_state ("
    " key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE TABLE detections ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, dealer TEXT NOT NULL, feature TEXT NOT NULL,"
    " opened_at INTEGER NOT NULL, closed_at INTEGER, threshold REAL NOT NULL, first_std REAL NOT NULL,"
    " peak_std REAL NOT NULL, last_std REAL NOT NULL, flagged_evaluations INTEGER NOT NULL)",
    "CREATE INDEX detections_opened_at ON detections (opened_at)",
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, type TEXT NOT NULL,"
    " severity TEXT NOT NULL, dealer TEXT NOT NULL, feature TEXT NOT NULL, cause_id INTEGER NOT NULL,"
    " message TEXT NOT NULL)",
    "CREATE TABLE spend ("
    " dealer TEXT NOT NULL, month TEXT NOT NULL, micro_dollars INTEGER NOT NULL,"
    " PRIMARY KEY (dealer, month))",
};

// Version 2: the RLController's decision log and the rollouts.
const char* const kSchemaV2[] = {
    "CREATE TABLE decisions ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, dealer TEXT NOT NULL,"
    " context TEXT NOT NULL, action TEXT NOT NULL, probability REAL NOT NULL,"
    " probabilities TEXT NOT NULL, confidence REAL NOT NULL, exploited INTEGER NOT NULL,"
    " reason TEXT NOT NULL, policy_version INTEGER NOT NULL, rollout_id INTEGER NOT NULL,"
    " rewarded_at INTEGER, deployed INTEGER NOT NULL, delta_visibility REAL NOT NULL,"
    " delta_revenue REAL NOT NULL, api_cost REAL NOT NULL, reward REAL NOT NULL)",
    "CREATE INDEX decisions_at ON decisions (at)",
    "CREATE INDEX decisions_pending ON decisions (id) WHERE rewarded_at IS NULL",
    "CREATE TABLE rollouts ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " state TEXT NOT NULL, document BLOB NOT NULL)",
    "CREATE INDEX rollouts_state ON rollouts (state)",
};

const QString kDecisionColumns = QStringLiteral(
    "id, at, dealer, context, action, probability, probabilities, confidence, exploited, reason, "
    "policy_version, rollout_id, rewarded_at, deployed, delta_visibility, delta_revenue, api_cost, reward");

Status checkDecision(const DecisionRecord& d)
{
    const QString what = QStringLiteral("decision %1 for dealer \"%2\"").arg(d.id).arg(d.dealer);
    if (d.dealer.isEmpty() || d.action.isEmpty())
        return fail(what + QStringLiteral(": dealer and action must not be empty"));
    if (!(d.probability > 0 && d.probability <= 1))
        return fail(what
                    + QStringLiteral(": probability %1 is not in (0, 1]").arg(numberText(d.probability)));
    for (double v : { d.confidence, d.deltaVisibility, d.deltaRevenue, d.apiCost, d.reward }) {
        if (!std::isfinite(v))
            return fail(what + QStringLiteral(": non-finite value %1").arg(numberText(v)));
    }
    return success();
}

// 200 rows of 4 parameters stay under SQLite's historical limit of 999 parameters per statement.
constexpr size_t kSamplesPerStatement = 32;

QString insertSamplesSql(size_t rows)
{
    QString sql = QStringLiteral("INSERT INTO samples (dealer, feature, ts, value) VALUES ");
    for (size_t i = 0; i < rows; ++i)
        sql += i == 0 ? QStringLiteral("(?, ?, ?, ?)") : QStringLiteral(", (?, ?, ?, ?)");
    sql += QStringLiteral(" ON CONFLICT (dealer, feature, ts) DO UPDATE SET value = NULL "
                          "WHERE samples.value <> excluded.value");
    return sql;
}

} // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const QString& dataDir)
{
    if (dataDir.isEmpty())
        return fail(QStringLiteral("no data directory given"));
    const QString dirPath = QDir::cleanPath(QDir(dataDir).absolutePath());
    const QString shownDir = QDir::toNativeSeparators(dirPath);
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(QStringLiteral("cannot open the store in \"%1\": the Qt SQLite driver (QSQLITE) is not "
                                   "installed")
                        .arg(shownDir));
    const QFileInfo dirInfo(dirPath);
    if (dirInfo.exists() && !dirInfo.isDir())
        return fail(QStringLiteral("data directory \"%1\" exists but is not a directory").arg(shownDir));
    if (!QDir().mkpath(dirPath))
        return fail(QStringLiteral("cannot create data directory \"%1\" (does a parent exist as a file, or "
                                   "is it not writable?)")
                        .arg(shownDir));
    // WAL creates orchestrator.db-wal and -shm next to the database, so the directory itself must be
    // writable, not only the file.
    if (!QFileInfo(dirPath).isWritable())
        return fail(QStringLiteral("data directory \"%1\" is not writable").arg(shownDir));

    const QString path = QDir(dirPath).filePath(QStringLiteral("orchestrator.db"));
    // SQLite would quietly open a read-only file read-only, and every later write would fail.
    if (const QFileInfo file(path); file.exists() && !file.isWritable())
        return fail(QStringLiteral("database \"%1\" is not writable").arg(QDir::toNativeSeparators(path)));
    const QString connection = QStringLiteral("orch-sqlitestore-%1").arg(++g_connectionCounter);
    std::unique_ptr<SqliteStore> store(new SqliteStore(connection, path));
    if (Status status = store->initialize(); !status)
        return fail(status.error());
    qCInfo(lcStore) << "opened" << path;
    return store;
}

SqliteStore::SqliteStore(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
    , m_db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName))
{
    m_db.setDatabaseName(m_path);
}

SqliteStore::~SqliteStore()
{
    m_db.close();
    // removeDatabase() warns and leaks unless no QSqlDatabase copy of the connection is left.
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Status SqliteStore::initialize()
{
    const QString shown = QDir::toNativeSeparators(m_path);
    if (!m_db.open())
        return sqlFailure(QStringLiteral("cannot open database \"%1\"").arg(shown), m_db.lastError());

    // Set before anything that may need a lock.
    if (auto r = sql::scalar(m_db, {}, QStringLiteral("cannot set busy_timeout on \"%1\"").arg(shown),
                            QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs));
        !r)
        return fail(r.error());
    if (auto r = sql::scalar(m_db, {}, QStringLiteral("cannot enable foreign keys on \"%1\"").arg(shown),
                            QStringLiteral("PRAGMA foreign_keys = ON"));
        !r)
        return fail(r.error());

    // Read the version before changing anything, so a newer database is left untouched.
    auto version = sql::scalar(m_db, {}, QStringLiteral("cannot read the schema version of \"%1\"").arg(shown),
                              QStringLiteral("PRAGMA user_version"));
    if (!version)
        return fail(version.error());
    const int fromVersion = version->toInt();
    if (fromVersion > kSchemaVersion)
        return fail(
            QStringLiteral("database \"%1\" has schema version %2, newer than version %3 that this "
                           "orchestrator supports; use a newer orchestrator or another data directory")
                .arg(shown)
                .arg(fromVersion)
                .arg(kSchemaVersion));
    if (fromVersion < 0)
        return fail(
            QStringLiteral("database \"%1\" has an invalid schema version %2").arg(shown).arg(fromVersion));

    auto mode = sql::scalar(m_db, {}, QStringLiteral("cannot switch \"%1\" to WAL journal mode").arg(shown),
                           QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return fail(mode.error());
    if (mode->toString().compare(u"wal", Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("cannot switch \"%1\" to WAL journal mode: SQLite kept \"%2\"")
                        .arg(shown, mode->toString()));
    if (auto r = sql::scalar(m_db, {}, QStringLiteral("cannot set synchronous mode on \"%1\"").arg(shown),
                            QStringLiteral("PRAGMA synchronous = NORMAL"));
        !r)
        return fail(r.error());

    if (fromVersion < kSchemaVersion)
        return migrate(fromVersion);
    return success();
}

Status SqliteStore::migrate(int fromVersion)
{
    const QString operation
        = QStringLiteral("cannot create the schema of \"%1\"").arg(QDir::toNativeSeparators(m_path));
    sql::WriteTransaction transaction(m_db);
    if (Status s = transaction.begin(operation); !s)
        return s;
    const auto run = [&](const auto& statements) -> Status {
        for (const char* sql : statements) {
            QSqlQuery query(m_db);
            if (!query.exec(QString::fromLatin1(sql)))
                return sqlFailure(operation, query.lastError());
        }
        return success();
    };
    if (fromVersion < 1) {
        if (Status s = run(kSchemaV1); !s)
            return s;
    }
    if (fromVersion < 2) {
        if (Status s = run(kSchemaV2); !s)
            return s;
    }
    QSqlQuery bump(m_db);
    if (!bump.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)))
        return sqlFailure(operation, bump.lastError());
    if (Status s = transaction.commit(operation); !s)
        return s;
    qCInfo(lcStore) << "created schema version" << kSchemaVersion << "in" << m_path << "(was" << fromVersion
                    << ")";
    return success();
}

Status SqliteStore::appendSamples(std::span<const Sample> samples)
{
    // Check everything first: a NaN would be stored as NULL and break the NOT NULL constraint
    // with a far less helpful message.
    for (const Sample& s : samples) {
        if (s.dealer.isEmpty() || s.feature.isEmpty())
            return fail(QStringLiteral("cannot append sample at %1: dealer and feature must not be empty")
                            .arg(formatIso(s.timestamp)));
        if (!std::isfinite(s.value))
            return fail(
                QStringLiteral("cannot append sample of dealer \"%1\" feature \"%2\" at %3: value %4 is "
                               "not a finite number")
                    .arg(s.dealer, s.feature, formatIso(s.timestamp), numberText(s.value)));
    }
    if (samples.empty())
        return success();

    const QString operation = QStringLiteral("cannot append samples");
    sql::WriteTransaction transaction(m_db);
    if (Status s = transaction.begin(operation); !s)
        return s;

    // Nearly all rows are new or exact replays, so insert many per statement: per statement, Qt
    // and SQLite cost more than the row itself. The upsert turns a replay into a no-op and a
    // changed value into NULL, which the NOT NULL column refuses: the statement fails and is
    // undone, and that chunk is redone row by row to name the conflicting sample.
    std::optional<QSqlQuery> fullChunk;
    for (size_t at = 0; at < samples.size(); at += kSamplesPerStatement) {
        const std::span<const Sample> chunk
            = samples.subspan(at, std::min(kSamplesPerStatement, samples.size() - at));
        std::optional<QSqlQuery> lastChunk;
        std::optional<QSqlQuery>& slot = chunk.size() == kSamplesPerStatement ? fullChunk : lastChunk;
        if (!slot) {
            auto prepared = prepare(m_db, operation, insertSamplesSql(chunk.size()));
            if (!prepared)
                return fail(prepared.error());
            slot.emplace(std::move(prepared).value());
        }
        QSqlQuery& insert = *slot;
        int parameter = 0;
        for (const Sample& s : chunk) {
            insert.bindValue(parameter++, s.dealer);
            insert.bindValue(parameter++, s.feature);
            insert.bindValue(parameter++, intValue(s.timestamp));
            insert.bindValue(parameter++, s.value);
        }
        if (insert.exec())
            continue;
        qCDebug(lcStore) << "chunk insert failed, redoing it row by row:" << insert.lastError().text();
        if (Status st = appendSamplesOneByOne(chunk); !st)
            return st;
    }
    return transaction.commit(operation);
}

Status SqliteStore::appendSamplesOneByOne(std::span<const Sample> samples)
{
    const QString operation = QStringLiteral("cannot append samples");
    auto insert
        = prepare(m_db, operation,
                  QStringLiteral("INSERT INTO samples (dealer, feature, ts, value) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (dealer, feature, ts) DO NOTHING"));
    if (!insert)
        return fail(insert.error());
    auto existing
        = prepare(m_db, operation,
                  QStringLiteral("SELECT value FROM samples WHERE dealer = ? AND feature = ? AND ts = ?"));
    if (!existing)
        return fail(existing.error());

    for (const Sample& s : samples) {
        insert->bindValue(0, s.dealer);
        insert->bindValue(1, s.feature);
        insert->bindValue(2, intValue(s.timestamp));
        insert->bindValue(3, s.value);
        if (Status st = exec(*insert, operation); !st)
            return fail(st.error()
                        + QStringLiteral(" (sample of dealer \"%1\" feature \"%2\" at %3)")
                              .arg(s.dealer, s.feature, formatIso(s.timestamp)));
        if (insert->numRowsAffected() > 0)
            continue;
        // Already there (from an earlier batch or earlier in this one): a replay of the same value
        // is harmless, a different value is a conflict the user must resolve.
        existing->bindValue(0, s.dealer);
        existing->bindValue(1, s.feature);
        existing->bindValue(2, intValue(s.timestamp));
        if (Status st = exec(*existing, operation); !st)
            return st;
        if (!existing->next())
            return sqlFailure(operation + QStringLiteral(": cannot read the existing sample"),
                              existing->lastError());
        const double stored = existing->value(0).toDouble();
        existing->finish();
        if (stored != s.value)
            return fail(
                QStringLiteral("conflicting sample for dealer \"%1\" feature \"%2\" at %3: the store has "
                               "value %4, the new value is %5; nothing of this batch was stored")
                    .arg(s.dealer, s.feature, formatIso(s.timestamp), numberText(stored),
                         numberText(s.value)));
    }
    return success();
}

Result<std::vector<Sample>> SqliteStore::samples(const QString& dealer, const QString& feature, TimeMs from,
                                                 TimeMs to)
{
    const QString operation
        = QStringLiteral("cannot read samples of dealer \"%1\" feature \"%2\"").arg(dealer, feature);
    auto query = prepare(m_db, operation,
                         QStringLiteral("SELECT ts, value FROM samples WHERE dealer = ? AND feature = ? "
                                        "AND ts >= ? AND ts < ? ORDER BY ts"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, dealer);
    query->bindValue(1, feature);
    query->bindValue(2, intValue(from));
    query->bindValue(3, intValue(to));
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    std::vector<Sample> result;
    while (query->next())
        result.push_back(
            Sample { dealer, feature, query->value(0).toLongLong(), query->value(1).toDouble() });
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return result;
}

Result<qint64> SqliteStore::sampleCount()
{
    auto count = sql::scalar(m_db, {}, QStringLiteral("cannot count samples"),
                            QStringLiteral("SELECT COUNT(*) FROM samples"));
    if (!count)
        return fail(count.error());
    return qint64(count->toLongLong());
}

Result<std::vector<std::pair<QString, QString>>> SqliteStore::series()
{
    const QString operation = QStringLiteral("cannot list the stored series");
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("SELECT DISTINCT dealer, feature FROM samples ORDER BY dealer, feature"));
    if (!query)
        return fail(query.error());
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    std::vector<std::pair<QString, QString>> result;
    while (query->next())
        result.emplace_back(query->value(0).toString(), query->value(1).toString());
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return result;
}

Status SqliteStore::putState(const QString& key, const QByteArray& value)
{
    if (key.isEmpty())
        return fail(QStringLiteral("cannot store component state: the key is empty"));
    const QString operation = QStringLiteral("cannot store component state \"%1\"").arg(key);
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("INSERT INTO component_state (key, value, updated_at) VALUES (?, ?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                                 "updated_at = excluded.updated_at"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, key);
    query->bindValue(1, blobValue(value));
    // Informational only (for someone inspecting the file), hence the wall clock rather than the
    // engine's injected clock.
    query->bindValue(2, intValue(QDateTime::currentMSecsSinceEpoch()));
    return exec(*query, operation);
}

Result<std::optional<QByteArray>> SqliteStore::state(const QString& key)
{
    const QString operation = QStringLiteral("cannot read component state \"%1\"").arg(key);
    auto query = prepare(m_db, operation, QStringLiteral("SELECT value FROM component_state WHERE key = ?"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, key);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    if (query->next())
        return std::optional<QByteArray>(query->value(0).toByteArray());
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return std::optional<QByteArray>();
}

Result<qint64> SqliteStore::insertDetection(const Detection& detection)
{
    if (Status s = checkDetection(detection); !s)
        return fail(QStringLiteral("cannot insert ") + s.error());
    const QString operation = QStringLiteral("cannot insert detection of dealer \"%1\" feature \"%2\"")
                                  .arg(detection.dealer, detection.feature);
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("INSERT INTO detections (dealer, feature, opened_at, closed_at, threshold, "
                                 "first_std, peak_std, last_std, flagged_evaluations) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!query)
        return fail(query.error());
    bindDetection(*query, detection);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    return qint64(query->lastInsertId().toLongLong());
}

Status SqliteStore::updateDetection(const Detection& detection)
{
    if (Status s = checkDetection(detection); !s)
        return fail(QStringLiteral("cannot update ") + s.error());
    const QString operation = QStringLiteral("cannot update detection %1").arg(detection.id);
    auto query = prepare(
        m_db, operation,
        QStringLiteral("UPDATE detections SET dealer = ?, feature = ?, opened_at = ?, closed_at = ?, "
                       "threshold = ?, first_std = ?, peak_std = ?, last_std = ?, "
                       "flagged_evaluations = ? WHERE id = ?"));
    if (!query)
        return fail(query.error());
    bindDetection(*query, detection);
    query->bindValue(9, intValue(detection.id));
    if (Status s = exec(*query, operation); !s)
        return s;
    if (query->numRowsAffected() == 0)
        return fail(operation + QStringLiteral(": no detection has that id"));
    return success();
}

Result<std::vector<Detection>> SqliteStore::detections(TimeMs from, TimeMs to, int limit)
{
    std::vector<Detection> result;
    if (limit <= 0)
        return result;
    const QString operation = QStringLiteral("cannot read detections");
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("SELECT id, dealer, feature, opened_at, closed_at, threshold, first_std, "
                                 "peak_std, last_std, flagged_evaluations FROM detections "
                                 "WHERE opened_at >= ? AND opened_at < ? "
                                 "ORDER BY opened_at DESC, id DESC LIMIT ?"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, intValue(from));
    query->bindValue(1, intValue(to));
    query->bindValue(2, limit);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    while (query->next()) {
        Detection d;
        d.id = query->value(0).toLongLong();
        d.dealer = query->value(1).toString();
        d.feature = query->value(2).toString();
        d.openedAt = query->value(3).toLongLong();
        if (!query->value(4).isNull())
            d.closedAt = query->value(4).toLongLong();
        d.threshold = query->value(5).toDouble();
        d.firstStd = query->value(6).toDouble();
        d.peakStd = query->value(7).toDouble();
        d.lastStd = query->value(8).toDouble();
        d.flaggedEvaluations = query->value(9).toInt();
        result.push_back(std::move(d));
    }
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return result;
}

Result<qint64> SqliteStore::appendEvent(const EventRecord& event)
{
    const QString operation = QStringLiteral("cannot append event \"%1\"").arg(event.type);
    if (event.type.isEmpty())
        return fail(operation + QStringLiteral(": the type is empty"));
    auto query = prepare(
        m_db, operation,
        QStringLiteral("INSERT INTO events (at, type, severity, dealer, feature, cause_id, message) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, intValue(event.at));
    query->bindValue(1, event.type);
    query->bindValue(2, textValue(event.severity));
    query->bindValue(3, textValue(event.dealer));
    query->bindValue(4, textValue(event.feature));
    query->bindValue(5, intValue(event.causeId));
    query->bindValue(6, textValue(event.message));
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    return qint64(query->lastInsertId().toLongLong());
}

Result<std::vector<EventRecord>> SqliteStore::events(qint64 afterId, int limit)
{
    std::vector<EventRecord> result;
    if (limit <= 0)
        return result;
    const QString operation = QStringLiteral("cannot read events");
    auto query = prepare(
        m_db, operation,
        QStringLiteral("SELECT id, at, type, severity, dealer, feature, cause_id, message FROM events "
                       "WHERE id > ? ORDER BY id LIMIT ?"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, intValue(afterId));
    query->bindValue(1, limit);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    while (query->next()) {
        EventRecord e;
        e.id = query->value(0).toLongLong();
        e.at = query->value(1).toLongLong();
        e.type = query->value(2).toString();
        e.severity = query->value(3).toString();
        e.dealer = query->value(4).toString();
        e.feature = query->value(5).toString();
        e.causeId = query->value(6).toLongLong();
        e.message = query->value(7).toString();
        result.push_back(std::move(e));
    }
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return result;
}

Status SqliteStore::addSpend(const QString& dealer, const QString& month, qint64 microDollars)
{
    const QString operation = QStringLiteral("cannot add spend of dealer \"%1\" for %2").arg(dealer, month);
    if (dealer.isEmpty())
        return fail(operation + QStringLiteral(": the dealer is empty"));
    if (!isMonthKey(month))
        return fail(operation + QStringLiteral(": the month must look like \"2026-01\""));

    // Read, add and write in one write transaction: SQLite would silently turn an overflowing
    // integer sum into an inexact REAL.
    sql::WriteTransaction transaction(m_db);
    if (Status s = transaction.begin(operation); !s)
        return s;
    auto current = spend(dealer, month);
    if (!current)
        return fail(current.error());
    qint64 total = 0;
    if (__builtin_add_overflow(*current, microDollars, &total))
        return fail(operation
                    + QStringLiteral(": the total would overflow (%1 + %2 micro-dollars)")
                          .arg(*current)
                          .arg(microDollars));
    auto query = prepare(
        m_db, operation,
        QStringLiteral("INSERT INTO spend (dealer, month, micro_dollars) VALUES (?, ?, ?) "
                       "ON CONFLICT (dealer, month) DO UPDATE SET micro_dollars = excluded.micro_dollars"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, dealer);
    query->bindValue(1, month);
    query->bindValue(2, intValue(total));
    if (Status s = exec(*query, operation); !s)
        return s;
    return transaction.commit(operation);
}

Result<qint64> SqliteStore::spend(const QString& dealer, const QString& month)
{
    const QString operation = QStringLiteral("cannot read spend of dealer \"%1\" for %2").arg(dealer, month);
    auto query = prepare(m_db, operation,
                         QStringLiteral("SELECT micro_dollars FROM spend WHERE dealer = ? AND month = ?"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, dealer);
    query->bindValue(1, month);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    if (query->next())
        return qint64(query->value(0).toLongLong());
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return qint64(0);
}

Status SqliteStore::appendDecisions(std::span<DecisionRecord> decisions)
{
    if (decisions.empty())
        return success();
    for (const DecisionRecord& d : decisions) {
        if (Status s = checkDecision(d); !s)
            return s;
    }
    const QString operation = QStringLiteral("cannot log %1 decision(s)").arg(decisions.size());
    sql::WriteTransaction transaction(m_db);
    if (Status s = transaction.begin(operation); !s)
        return s;
    auto query = prepare(
        m_db, operation,
        QStringLiteral("INSERT INTO decisions (at, dealer, context, action, probability, "
                       "probabilities, confidence, exploited, reason, policy_version, "
                       "rollout_id, rewarded_at, deployed, delta_visibility, delta_revenue, "
                       "api_cost, reward) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!query)
        return fail(query.error());
    std::vector<qint64> ids;
    ids.reserve(decisions.size());
    for (const DecisionRecord& d : decisions) {
        query->bindValue(0, intValue(d.at));
        query->bindValue(1, d.dealer);
        query->bindValue(2, textValue(d.context));
        query->bindValue(3, d.action);
        query->bindValue(4, d.probability);
        query->bindValue(5, textValue(d.probabilities));
        query->bindValue(6, d.confidence);
        query->bindValue(7, d.exploited ? 1 : 0);
        query->bindValue(8, textValue(d.reason));
        query->bindValue(9, intValue(d.policyVersion));
        query->bindValue(10, intValue(d.rolloutId));
        query->bindValue(11, d.rewardedAt ? intValue(*d.rewardedAt) : QVariant());
        query->bindValue(12, d.deployed ? 1 : 0);
        query->bindValue(13, d.deltaVisibility);
        query->bindValue(14, d.deltaRevenue);
        query->bindValue(15, d.apiCost);
        query->bindValue(16, d.reward);
        if (Status s = exec(*query, operation); !s)
            return s;
        ids.push_back(query->lastInsertId().toLongLong());
    }
    if (Status s = transaction.commit(operation); !s)
        return s;
    for (std::size_t i = 0; i < decisions.size(); ++i)
        decisions[i].id = ids[i];
    return success();
}

Status SqliteStore::setOutcomes(std::span<const DecisionRecord> decisions)
{
    if (decisions.empty())
        return success();
    for (const DecisionRecord& d : decisions) {
        if (Status s = checkDecision(d); !s)
            return s;
        if (!d.rewardedAt)
            return fail(QStringLiteral("decision %1: an outcome needs the time it was measured").arg(d.id));
    }
    const QString operation
        = QStringLiteral("cannot record the outcome of %1 decision(s)").arg(decisions.size());
    sql::WriteTransaction transaction(m_db);
    if (Status s = transaction.begin(operation); !s)
        return s;
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("UPDATE decisions SET rewarded_at = ?, deployed = ?, delta_visibility = ?, "
                                 "delta_revenue = ?, api_cost = ?, reward = ?, rollout_id = ? WHERE id = ?"));
    if (!query)
        return fail(query.error());
    for (const DecisionRecord& d : decisions) {
        query->bindValue(0, intValue(*d.rewardedAt));
        query->bindValue(1, d.deployed ? 1 : 0);
        query->bindValue(2, d.deltaVisibility);
        query->bindValue(3, d.deltaRevenue);
        query->bindValue(4, d.apiCost);
        query->bindValue(5, d.reward);
        query->bindValue(6, intValue(d.rolloutId));
        query->bindValue(7, intValue(d.id));
        if (Status s = exec(*query, operation); !s)
            return s;
        if (query->numRowsAffected() != 1)
            return fail(operation + QStringLiteral(": no decision %1").arg(d.id));
    }
    return transaction.commit(operation);
}

Result<std::vector<DecisionRecord>> SqliteStore::selectDecisions(const QString& where,
                                                                 const QVariantList& values)
{
    const QString operation = QStringLiteral("cannot read the decision log");
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("SELECT ") + kDecisionColumns + QStringLiteral(" FROM decisions ") + where);
    if (!query)
        return fail(query.error());
    for (int i = 0; i < values.size(); ++i)
        query->bindValue(i, values[i]);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    std::vector<DecisionRecord> result;
    while (query->next()) {
        DecisionRecord d;
        d.id = query->value(0).toLongLong();
        d.at = query->value(1).toLongLong();
        d.dealer = query->value(2).toString();
        d.context = query->value(3).toString();
        d.action = query->value(4).toString();
        d.probability = query->value(5).toDouble();
        d.probabilities = query->value(6).toString();
        d.confidence = query->value(7).toDouble();
        d.exploited = query->value(8).toInt() != 0;
        d.reason = query->value(9).toString();
        d.policyVersion = query->value(10).toLongLong();
        d.rolloutId = query->value(11).toLongLong();
        if (!query->value(12).isNull())
            d.rewardedAt = query->value(12).toLongLong();
        d.deployed = query->value(13).toInt() != 0;
        d.deltaVisibility = query->value(14).toDouble();
        d.deltaRevenue = query->value(15).toDouble();
        d.apiCost = query->value(16).toDouble();
        d.reward = query->value(17).toDouble();
        result.push_back(std::move(d));
    }
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return result;
}

Result<std::vector<DecisionRecord>> SqliteStore::decisions(qint64 afterId, TimeMs from, TimeMs to, int limit)
{
    if (limit <= 0)
        return std::vector<DecisionRecord> {};
    return selectDecisions(QStringLiteral("WHERE id > ? AND at >= ? AND at < ? ORDER BY id LIMIT ?"),
                           { intValue(afterId), intValue(from), intValue(to), limit });
}

Result<std::vector<DecisionRecord>> SqliteStore::pendingOutcomes()
{
    return selectDecisions(QStringLiteral("WHERE rewarded_at IS NULL ORDER BY id"), {});
}

Result<qint64> SqliteStore::insertRollout(const RolloutRecord& rollout)
{
    const QString operation = QStringLiteral("cannot record a rollout");
    if (rollout.state.isEmpty())
        return fail(operation + QStringLiteral(": the state is empty"));
    auto query = prepare(m_db, operation,
                         QStringLiteral("INSERT INTO rollouts (created_at, updated_at, state, document) "
                                        "VALUES (?, ?, ?, ?)"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, intValue(rollout.createdAt));
    query->bindValue(1, intValue(rollout.updatedAt));
    query->bindValue(2, rollout.state);
    query->bindValue(3, blobValue(rollout.document));
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    return qint64(query->lastInsertId().toLongLong());
}

Status SqliteStore::updateRollout(const RolloutRecord& rollout)
{
    const QString operation = QStringLiteral("cannot update rollout %1").arg(rollout.id);
    if (rollout.state.isEmpty())
        return fail(operation + QStringLiteral(": the state is empty"));
    auto query
        = prepare(m_db, operation,
                  QStringLiteral("UPDATE rollouts SET updated_at = ?, state = ?, document = ? WHERE id = ?"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, intValue(rollout.updatedAt));
    query->bindValue(1, rollout.state);
    query->bindValue(2, blobValue(rollout.document));
    query->bindValue(3, intValue(rollout.id));
    if (Status s = exec(*query, operation); !s)
        return s;
    if (query->numRowsAffected() != 1)
        return fail(operation + QStringLiteral(": no such rollout"));
    return success();
}

Result<std::vector<RolloutRecord>> SqliteStore::rollouts(bool activeOnly, int limit)
{
    std::vector<RolloutRecord> result;
    if (limit <= 0)
        return result;
    const QString operation = QStringLiteral("cannot read rollouts");
    auto query = prepare(
        m_db, operation,
        QStringLiteral("SELECT id, created_at, updated_at, state, document FROM rollouts ")
            + (activeOnly ? QStringLiteral("WHERE state IN ('canary', 'awaiting-approval') ") : QString())
            + QStringLiteral("ORDER BY id DESC LIMIT ?"));
    if (!query)
        return fail(query.error());
    query->bindValue(0, limit);
    if (Status s = exec(*query, operation); !s)
        return fail(s.error());
    while (query->next()) {
        RolloutRecord r;
        r.id = query->value(0).toLongLong();
        r.createdAt = query->value(1).toLongLong();
        r.updatedAt = query->value(2).toLongLong();
        r.state = query->value(3).toString();
        r.document = query->value(4).toByteArray();
        result.push_back(std::move(r));
    }
    if (query->lastError().isValid())
        return sqlFailure(operation, query->lastError());
    return result;
}

} // namespace orch
