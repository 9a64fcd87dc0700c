#include "alerts/alertoutbox.h"

#include <atomic>

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "alerts/alertlogging.h"
#include "common/strictjson.h"
#include "store/sqlsupport.h"

namespace orch::alerts {

namespace {

std::atomic<quint64> g_connectionCounter { 0 };
constexpr int kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 5000;

const char* const kSchemaV1[] = {
    "CREATE TABLE alerts ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, created_at INTEGER NOT NULL, idempotency_key TEXT UNIQUE,"
    " body TEXT NOT NULL)",
    "CREATE TABLE deliveries ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,"
    " channel TEXT NOT NULL, dedup_key TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,"
    " in_flight INTEGER NOT NULL, interrupted INTEGER NOT NULL, created_at INTEGER NOT NULL,"
    " deadline_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_attempt_at INTEGER,"
    " last_status INTEGER NOT NULL, last_error TEXT NOT NULL, delivered_at INTEGER, dead_lettered_at "
    "INTEGER)",
    "CREATE INDEX deliveries_pending ON deliveries (id) WHERE state = 'pending'",
    "CREATE INDEX deliveries_state ON deliveries (state, id)",
    "CREATE INDEX deliveries_alert ON deliveries (alert_id)",
};

const QString kColumns = QStringLiteral(
    "d.id, d.alert_id, d.channel, d.state, d.attempts, d.in_flight, d.interrupted, d.created_at, "
    "d.deadline_at, "
    "d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at, d.dead_lettered_at, "
    "a.body, a.idempotency_key");

// Prefixes the outbox's SQL errors.
QString context()
{
    return QStringLiteral("alert outbox: ");
}

Error sqlFailure(const QString& operation, const QSqlError& error)
{
    return sql::failure(context(), operation, error);
}

QVariant intValue(qint64 v)
{
    return QVariant(static_cast<qlonglong>(v));
}

QVariant optionalTime(const std::optional<TimeMs>& t)
{
    return t ? intValue(*t) : QVariant();
}

QVariant textValue(const QString& s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

std::optional<TimeMs> timeColumn(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}

QString text(const nlohmann::json& j, const char* key)
{
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QByteArray alertBody(const Alert& a)
{
    const nlohmann::json body { { "action", utf8(actionName(a.action)) },
                                { "dedupKey", utf8(a.dedupKey) },
                                { "summary", utf8(a.summary) },
                                { "severity", utf8(a.severity) },
                                { "source", utf8(a.source) },
                                { "component", utf8(a.component) },
                                { "dealer", utf8(a.dealer) },
                                { "feature", utf8(a.feature) },
                                { "customDetails", a.customDetails },
                                { "raisedAt", a.raisedAt } };
    return QByteArray::fromStdString(body.dump());
}

Result<Alert> alertFromBody(const QByteArray& body, qint64 alertId)
{
    auto parsed = json::parseStrict(std::string_view(body.constData(), size_t(body.size())));
    if (!parsed || !parsed->is_object())
        return fail(QStringLiteral("alert outbox: alert %1 is not a JSON object: %2")
                        .arg(alertId)
                        .arg(parsed.error()));
    const nlohmann::json& j = *parsed;
    Alert a;
    auto action = parseAction(text(j, "action"));
    if (!action)
        return fail(QStringLiteral("alert outbox: alert %1 has no valid action").arg(alertId));
    a.action = *action;
    a.dedupKey = text(j, "dedupKey");
    a.summary = text(j, "summary");
    a.severity = text(j, "severity");
    a.source = text(j, "source");
    a.component = text(j, "component");
    a.dealer = text(j, "dealer");
    a.feature = text(j, "feature");
    if (auto it = j.find("customDetails"); it != j.end() && it->is_object())
        a.customDetails = *it;
    if (auto it = j.find("raisedAt"); it != j.end() && it->is_number_integer())
        a.raisedAt = it->get<TimeMs>();
    return a;
}

} // namespace

Result<std::unique_ptr<AlertOutbox>> AlertOutbox::open(const QString& path)
{
    if (path.isEmpty())
        return fail(QStringLiteral("alert outbox: no path given"));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(QStringLiteral("alert outbox: the Qt SQLite driver (QSQLITE) is not installed"));
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString shown = QDir::toNativeSeparators(absolute);
    const QString dir = QFileInfo(absolute).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("alert outbox: cannot create directory \"%1\"")
                        .arg(QDir::toNativeSeparators(dir)));
    // QLockFile takes over a lock left by a process that no longer runs (a crash, SIGKILL).
    auto lock = std::make_unique<QLockFile>(absolute + QStringLiteral(".lock"));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        lock->getLockInfo(&pid, &host, &app);
        return fail(
            QStringLiteral("alert outbox \"%1\" is in use by another process (pid %2 on %3); only one "
                           "dispatcher may deliver from an outbox")
                .arg(shown)
                .arg(pid)
                .arg(host));
    }
    const QString connection = QStringLiteral("orch-alert-outbox-%1").arg(++g_connectionCounter);
    std::unique_ptr<AlertOutbox> outbox(new AlertOutbox(connection, absolute, std::move(lock)));
    if (Status s = outbox->initialize(); !s)
        return fail(s.error());
    return outbox;
}

AlertOutbox::AlertOutbox(QString connectionName, QString path, std::unique_ptr<QLockFile> lock)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
    , m_lock(std::move(lock))
    , m_db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName))
{
    m_db.setDatabaseName(m_path);
}

AlertOutbox::~AlertOutbox()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Status AlertOutbox::initialize()
{
    const QString shown = QDir::toNativeSeparators(m_path);
    if (!m_db.open())
        return sqlFailure(QStringLiteral("cannot open \"%1\"").arg(shown), m_db.lastError());
    const auto pragma = [&](const QString& sql) -> Result<QVariant> {
        return sql::scalar(m_db, context(), QStringLiteral("\"%1\" on \"%2\"").arg(sql, shown), sql);
    };
    if (auto r = pragma(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs)); !r)
        return fail(r.error());
    if (auto r = pragma(QStringLiteral("PRAGMA foreign_keys = ON")); !r)
        return fail(r.error());
    auto version = pragma(QStringLiteral("PRAGMA user_version"));
    if (!version)
        return fail(version.error());
    if (version->toInt() > kSchemaVersion)
        return fail(
            QStringLiteral("alert outbox \"%1\" has schema version %2, newer than version %3 that this "
                           "orchestrator supports")
                .arg(shown)
                .arg(version->toInt())
                .arg(kSchemaVersion));
    auto mode = pragma(QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return fail(mode.error());
    if (mode->toString().compare(u"wal", Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("alert outbox \"%1\": SQLite kept journal mode \"%2\" instead of WAL")
                        .arg(shown, mode->toString()));
    // An enqueued alert must survive power loss, not only a crash of the process.
    if (auto r = pragma(QStringLiteral("PRAGMA synchronous = FULL")); !r)
        return fail(r.error());
    if (version->toInt() == kSchemaVersion)
        return success();

    const QString operation = QStringLiteral("cannot create the schema of \"%1\"").arg(shown);
    sql::WriteTransaction transaction(m_db, context());
    if (Status s = transaction.begin(operation); !s)
        return s;
    for (const char* sql : kSchemaV1) {
        QSqlQuery query(m_db);
        if (!query.exec(QString::fromLatin1(sql)))
            return sqlFailure(operation, query.lastError());
    }
    QSqlQuery bump(m_db);
    if (!bump.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)))
        return sqlFailure(operation, bump.lastError());
    return transaction.commit(operation);
}

Result<bool> AlertOutbox::hasIdempotencyKey(const QString& key)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT 1 FROM alerts WHERE idempotency_key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return sqlFailure(QStringLiteral("looking up idempotency key \"%1\"").arg(key), query.lastError());
    return query.next();
}

Result<AlertOutbox::Inserted> AlertOutbox::insert(const Alert& alert, const QList<Channel>& channels,
                                                  TimeMs now, TimeMs deadlineAt)
{
    const QString operation = QStringLiteral("cannot enqueue alert \"%1\"").arg(alert.dedupKey);
    sql::WriteTransaction transaction(m_db, context());
    if (Status s = transaction.begin(operation); !s)
        return fail(s.error());
    Inserted inserted;
    if (!alert.idempotencyKey.isEmpty()) {
        QSqlQuery existing(m_db);
        existing.setForwardOnly(true);
        existing.prepare(QStringLiteral("SELECT d.id FROM alerts a JOIN deliveries d ON d.alert_id = a.id "
                                        "WHERE a.idempotency_key = ? ORDER BY d.id"));
        existing.addBindValue(alert.idempotencyKey);
        if (!existing.exec())
            return sqlFailure(operation, existing.lastError());
        bool found = false;
        while (existing.next()) {
            found = true;
            inserted.ids << existing.value(0).toLongLong();
        }
        QSqlQuery any(m_db);
        any.prepare(QStringLiteral("SELECT 1 FROM alerts WHERE idempotency_key = ?"));
        any.addBindValue(alert.idempotencyKey);
        if (!any.exec())
            return sqlFailure(operation, any.lastError());
        if (found || any.next()) {
            inserted.existing = true;
            return inserted;
        }
    }
    QSqlQuery insertAlert(m_db);
    insertAlert.prepare(
        QStringLiteral("INSERT INTO alerts (created_at, idempotency_key, body) VALUES (?, ?, ?)"));
    insertAlert.addBindValue(intValue(now));
    insertAlert.addBindValue(alert.idempotencyKey.isEmpty() ? QVariant() : QVariant(alert.idempotencyKey));
    insertAlert.addBindValue(QString::fromUtf8(alertBody(alert)));
    if (!insertAlert.exec())
        return sqlFailure(operation, insertAlert.lastError());
    const qint64 alertId = insertAlert.lastInsertId().toLongLong();
    for (Channel channel : channels) {
        QSqlQuery insertDelivery(m_db);
        insertDelivery.prepare(QStringLiteral(
            "INSERT INTO deliveries (alert_id, channel, dedup_key, state, attempts, in_flight, interrupted, "
            "created_at, deadline_at, next_attempt_at, last_status, last_error) "
            "VALUES (?, ?, ?, 'pending', 0, 0, 0, ?, ?, ?, 0, '')"));
        insertDelivery.addBindValue(intValue(alertId));
        insertDelivery.addBindValue(channelName(channel));
        insertDelivery.addBindValue(alert.dedupKey);
        insertDelivery.addBindValue(intValue(now));
        insertDelivery.addBindValue(intValue(deadlineAt));
        insertDelivery.addBindValue(intValue(now));
        if (!insertDelivery.exec())
            return sqlFailure(operation, insertDelivery.lastError());
        inserted.ids << insertDelivery.lastInsertId().toLongLong();
    }
    if (Status s = transaction.commit(operation); !s)
        return fail(s.error());
    return inserted;
}

Status AlertOutbox::save(const Delivery& d)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "UPDATE deliveries SET state = ?, attempts = ?, in_flight = ?, interrupted = ?, next_attempt_at = ?, "
        "last_attempt_at = ?, last_status = ?, last_error = ?, delivered_at = ?, dead_lettered_at = ? "
        "WHERE id = ?"));
    query.addBindValue(stateName(d.state));
    query.addBindValue(d.attempts);
    query.addBindValue(d.inFlight ? 1 : 0);
    query.addBindValue(d.interrupted);
    query.addBindValue(intValue(d.nextAttemptAt));
    query.addBindValue(optionalTime(d.lastAttemptAt));
    query.addBindValue(d.lastStatus);
    query.addBindValue(textValue(d.lastError));
    query.addBindValue(optionalTime(d.deliveredAt));
    query.addBindValue(optionalTime(d.deadLetteredAt));
    query.addBindValue(intValue(d.id));
    if (!query.exec())
        return sqlFailure(QStringLiteral("cannot save delivery %1").arg(d.id), query.lastError());
    if (query.numRowsAffected() != 1)
        return fail(QStringLiteral("alert outbox: delivery %1 does not exist").arg(d.id));
    return success();
}

Result<std::vector<Delivery>> AlertOutbox::select(const QString& where, const QVariantList& bindings)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const QString sql
        = QStringLiteral("SELECT %1 FROM deliveries d JOIN alerts a ON a.id = d.alert_id ").arg(kColumns)
        + where;
    if (!query.prepare(sql))
        return sqlFailure(QStringLiteral("cannot read deliveries"), query.lastError());
    for (const QVariant& b : bindings)
        query.addBindValue(b);
    if (!query.exec())
        return sqlFailure(QStringLiteral("cannot read deliveries"), query.lastError());
    std::vector<Delivery> out;
    while (query.next()) {
        Delivery d;
        d.id = query.value(0).toLongLong();
        d.alertId = query.value(1).toLongLong();
        auto channel = parseChannel(query.value(2).toString());
        auto state = parseState(query.value(3).toString());
        if (!channel || !state)
            return fail(
                QStringLiteral("alert outbox: delivery %1 has an unknown channel or state").arg(d.id));
        d.channel = *channel;
        d.state = *state;
        d.attempts = query.value(4).toInt();
        d.inFlight = query.value(5).toInt() != 0;
        d.interrupted = query.value(6).toInt();
        d.createdAt = query.value(7).toLongLong();
        d.deadlineAt = query.value(8).toLongLong();
        d.nextAttemptAt = query.value(9).toLongLong();
        d.lastAttemptAt = timeColumn(query.value(10));
        d.lastStatus = query.value(11).toInt();
        d.lastError = query.value(12).toString();
        d.deliveredAt = timeColumn(query.value(13));
        d.deadLetteredAt = timeColumn(query.value(14));
        auto alert = alertFromBody(query.value(15).toString().toUtf8(), d.alertId);
        if (!alert)
            return fail(alert.error());
        d.alert = std::move(*alert);
        d.alert.channels = { d.channel };
        d.alert.idempotencyKey = query.value(16).toString();
        out.push_back(std::move(d));
    }
    if (query.lastError().isValid())
        return sqlFailure(QStringLiteral("cannot read deliveries"), query.lastError());
    return out;
}

Result<std::vector<Delivery>> AlertOutbox::pending()
{
    return select(QStringLiteral("WHERE d.state = 'pending' ORDER BY d.id"), {});
}

Result<std::optional<Delivery>> AlertOutbox::delivery(qint64 id)
{
    auto rows = select(QStringLiteral("WHERE d.id = ?"), { intValue(id) });
    if (!rows)
        return fail(rows.error());
    if (rows->empty())
        return std::optional<Delivery>();
    return std::optional<Delivery>(std::move(rows->front()));
}

Result<std::vector<Delivery>> AlertOutbox::deliveries(std::optional<DeliveryState> state, qint64 beforeId,
                                                      int limit)
{
    QString where = QStringLiteral("WHERE 1 = 1");
    QVariantList bindings;
    if (state) {
        where += QStringLiteral(" AND d.state = ?");
        bindings << stateName(*state);
    }
    if (beforeId > 0) {
        where += QStringLiteral(" AND d.id < ?");
        bindings << intValue(beforeId);
    }
    where += QStringLiteral(" ORDER BY d.id DESC LIMIT ?");
    bindings << std::max(0, limit);
    return select(where, bindings);
}

Result<std::map<Channel, DeliveryCounts>> AlertOutbox::counts()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(
            QStringLiteral("SELECT channel, state, in_flight, COUNT(*), SUM(attempts) FROM deliveries "
                           "GROUP BY channel, state, in_flight")))
        return sqlFailure(QStringLiteral("cannot count deliveries"), query.lastError());
    std::map<Channel, DeliveryCounts> out;
    for (Channel c : { Channel::Slack, Channel::PagerDuty, Channel::Dashboard })
        out[c] = {};
    while (query.next()) {
        auto channel = parseChannel(query.value(0).toString());
        auto state = parseState(query.value(1).toString());
        if (!channel || !state)
            continue;
        DeliveryCounts& c = out[*channel];
        const qint64 n = query.value(3).toLongLong();
        c.attempts += query.value(4).toLongLong();
        switch (*state) {
        case DeliveryState::Pending:
            c.pending += n;
            if (query.value(2).toInt() != 0)
                c.inFlight += n;
            break;
        case DeliveryState::Delivered:
            c.delivered += n;
            break;
        case DeliveryState::DeadLettered:
            c.deadLettered += n;
            break;
        }
    }
    return out;
}

Result<int> AlertOutbox::recoverInterrupted(TimeMs now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "UPDATE deliveries SET in_flight = 0, interrupted = interrupted + 1, next_attempt_at = "
        "MIN(next_attempt_at, ?), "
        "last_error = 'interrupted by a restart during a request: sent again (Slack may show it twice)' "
        "WHERE state = 'pending' AND in_flight = 1"));
    query.addBindValue(intValue(now));
    if (!query.exec())
        return sqlFailure(QStringLiteral("cannot recover interrupted deliveries"), query.lastError());
    return query.numRowsAffected();
}

Result<int> AlertOutbox::pruneFinished(TimeMs before)
{
    const QString operation = QStringLiteral("cannot prune finished deliveries");
    sql::WriteTransaction transaction(m_db, context());
    if (Status s = transaction.begin(operation); !s)
        return fail(s.error());
    QSqlQuery deleteDeliveries(m_db);
    deleteDeliveries.prepare(
        QStringLiteral("DELETE FROM deliveries WHERE (state = 'delivered' AND delivered_at < ?) "
                       "OR (state = 'dead-lettered' AND dead_lettered_at < ?)"));
    deleteDeliveries.addBindValue(intValue(before));
    deleteDeliveries.addBindValue(intValue(before));
    if (!deleteDeliveries.exec())
        return sqlFailure(operation, deleteDeliveries.lastError());
    const int removed = deleteDeliveries.numRowsAffected();
    // An alert whose deliveries are all gone, kept only if recent: its idempotency key still guards
    // against a late duplicate enqueue.
    QSqlQuery deleteAlerts(m_db);
    deleteAlerts.prepare(QStringLiteral("DELETE FROM alerts WHERE created_at < ? AND NOT EXISTS "
                                        "(SELECT 1 FROM deliveries d WHERE d.alert_id = alerts.id)"));
    deleteAlerts.addBindValue(intValue(before));
    if (!deleteAlerts.exec())
        return sqlFailure(operation, deleteAlerts.lastError());
    if (Status s = transaction.commit(operation); !s)
        return fail(s.error());
    return removed;
}

} // namespace orch::alerts
