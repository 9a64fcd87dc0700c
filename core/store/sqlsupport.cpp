#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

#include "common/logging.h"

namespace orch::sql {

Error failure(const QString& context, const QString& operation, const QSqlError& error)
{
    return fail(QStringLiteral("%1%2: %3").arg(context, operation, error.text()));
}

WriteTransaction::WriteTransaction(const QSqlDatabase& db, QString context)
    : m_db(db)
    , m_context(std::move(context))
{ }

WriteTransaction::~WriteTransaction()
{
    if (!m_open)
        return;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcStore).noquote() << m_context + QStringLiteral("rollback failed:") << query.lastError().text();
}

Status WriteTransaction::begin(const QString& operation)
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failure(m_context, operation + QStringLiteral(": cannot begin a transaction"), query.lastError());
    m_open = true;
    return success();
}

Status WriteTransaction::commit(const QString& operation)
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT")))
        return failure(m_context, operation + QStringLiteral(": cannot commit"), query.lastError());
    m_open = false;
    return success();
}

Result<QVariant> scalar(const QSqlDatabase& db, const QString& context, const QString& operation, const QString& sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return failure(context, operation, query.lastError());
    QVariant value;
    if (query.next())
        value = query.value(0);
    else if (query.lastError().isValid())
        return failure(context, operation, query.lastError());
    return value;
}

} // namespace orch::sql
