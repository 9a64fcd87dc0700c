#include "shard/shardmap.h"

#include <QRegularExpression>

#include "common/splitmix.h"

namespace orch {

namespace {
constexpr int kMaxShards = 256;
}

Result<ShardAssignment> ShardAssignment::parse(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,3})/(\\d{1,3})$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return Error { QStringLiteral("shard \"%1\": expected K/N, e.g. 0/3 (replica K of N, K from 0)").arg(text) };
    ShardAssignment a { match.captured(1).toInt(), match.captured(2).toInt() };
    if (a.count < 1 || a.count > kMaxShards)
        return Error { QStringLiteral("shard \"%1\": N must be 1 to %2").arg(text).arg(kMaxShards) };
    if (a.index >= a.count)
        return Error { QStringLiteral("shard \"%1\": K must be less than N (K counts from 0)").arg(text) };
    return a;
}

Result<ShardAssignment> ShardAssignment::fromHostname(const QString& hostname, int count)
{
    static const QRegularExpression ordinal(QStringLiteral("-(\\d{1,3})$"));
    const auto match = ordinal.match(hostname.section(QLatin1Char('.'), 0, 0));
    if (!match.hasMatch())
        return Error { QStringLiteral("host name \"%1\" does not end in a StatefulSet ordinal (name-K)").arg(hostname) };
    auto a = parse(QStringLiteral("%1/%2").arg(match.captured(1)).arg(count));
    if (!a && count >= 1 && count <= kMaxShards)
        return Error { QStringLiteral("host name \"%1\" makes this replica %2, but K must be less than N = %3 "
                                      "(replicas 0 to %4)")
                           .arg(hostname, match.captured(1))
                           .arg(count)
                           .arg(count - 1) };
    return a;
}

QString ShardAssignment::toString() const
{
    return QStringLiteral("%1/%2").arg(index).arg(count);
}

int shardOf(QStringView dealer, int count)
{
    if (count <= 1)
        return 0;
    return int(splitmix64(stableHash(dealer)) % std::uint64_t(count));
}

QString shardInstance(const QString& instance, int index)
{
    return QStringLiteral("%1-shard-%2").arg(instance).arg(index);
}

} // namespace orch
