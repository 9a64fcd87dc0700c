#include "redis/rediskeys.h"

namespace orch::RedisKeys {

Status checkInstance(const QString& instance)
{
    if (instance.isEmpty() || instance.size() > 64)
        return fail(QStringLiteral("Redis instance name \"%1\": must be 1 to 64 characters").arg(instance));
    for (QChar c : instance) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'.' || c == u'_' || c == u':' || c == u'-';
        if (!ok)
            return fail(
                QStringLiteral("Redis instance name \"%1\": only letters, digits and . _ : - are allowed")
                    .arg(instance));
    }
    return success();
}

QByteArray hashTag(const QString& instance)
{
    return "{orch:" + instance.toUtf8() + '}';
}

QByteArray state(const QString& instance, const QString& key)
{
    return hashTag(instance) + ":state:" + key.toUtf8();
}

QByteArray epoch(const QString& instance)
{
    return hashTag(instance) + ":epoch";
}

QByteArray lock(const QString& shard, const QString& job)
{
    return hashTag(shard) + ":lock:" + job.toUtf8();
}

QByteArray spend(const QString& instance, const QString& month)
{
    return hashTag(instance) + ":spend:" + month.toUtf8();
}

QByteArray spendCharges(const QString& instance, const QString& month)
{
    return spend(instance, month) + ":charges";
}

} // namespace orch::RedisKeys
