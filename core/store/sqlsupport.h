#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include "common/result.h"

class QSqlError;

// What the SQLite-backed stores (the state store, the alert outbox, the Redis journal) share.
namespace orch::sql {

// "<context><operation>: <the driver's text>", e.g. "alert outbox: queue alert: database is locked".
Error failure(const QString& context, const QString& operation, const QSqlError& error);

// BEGIN IMMEDIATE takes the write lock up front: a second process (the daemon next to
// `orchestratorctl import`) then waits for busy_timeout instead of failing with SQLITE_BUSY when a
// deferred transaction tries to upgrade its read lock. Rolls back unless committed.
class WriteTransaction final
{
public:
    // `context` prefixes error messages (see failure()).
    explicit WriteTransaction(const QSqlDatabase& db, QString context = {});
    ~WriteTransaction();
    Q_DISABLE_COPY_MOVE(WriteTransaction)

    Status begin(const QString& operation);
    Status commit(const QString& operation);

private:
    QSqlDatabase m_db;
    QString m_context;
    bool m_open = false;
};

// Runs a statement without parameters and returns the first column of its first row (null when it
// returns no rows), e.g. for PRAGMAs.
Result<QVariant> scalar(const QSqlDatabase& db, const QString& context, const QString& operation, const QString& sql);

} // namespace orch::sql
