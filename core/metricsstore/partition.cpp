#include "metricsstore/partition.h"

#include <QDate>
#include <QRegularExpression>

namespace orch::metrics {

namespace {

constexpr qint64 kUnixEpochJulianDay = 2440588;

TimeMs floorDiv(TimeMs a, TimeMs b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

QString PartitionKey::path() const
{
    const TimeMs day = floorDiv(hourStart, kDayMs);
    const int hour = int((hourStart - day * kDayMs) / kHourMs);
    const QDate date = QDate::fromJulianDay(kUnixEpochJulianDay + day);
    return QStringLiteral("kind=%1/date=%2/hour=%3")
        .arg(kind, date.toString(Qt::ISODate))
        .arg(hour, 2, 10, QLatin1Char('0'));
}

PartitionKey partitionOf(const QString& kind, TimeMs at)
{
    return PartitionKey { kind, floorDiv(at, kHourMs) * kHourMs };
}

std::optional<PartitionKey> parsePartitionPath(QStringView relative)
{
    static const QRegularExpression re(
        QStringLiteral("^kind=([a-z][a-z0-9_-]{0,62})/date=(\\d{4})-(\\d{2})-(\\d{2})/hour=(\\d{2})(?:/|$)"));
    const auto m = re.match(relative);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.capturedView(2).toInt(), m.capturedView(3).toInt(), m.capturedView(4).toInt());
    const int hour = m.capturedView(5).toInt();
    if (!date.isValid() || hour > 23)
        return std::nullopt;
    return PartitionKey { m.captured(1),
                          (date.toJulianDay() - kUnixEpochJulianDay) * kDayMs + hour * kHourMs };
}

QString partFileName(const QString& writer, const QString& run, qint64 seq, bool gzip)
{
    return QStringLiteral("part-%1-%2-%3.jsonl%4")
        .arg(writer, run)
        .arg(seq, 6, 10, QLatin1Char('0'))
        .arg(gzip ? QStringLiteral(".gz") : QString());
}

bool isPartFileName(QStringView name)
{
    static const QRegularExpression re(QStringLiteral("^part-[A-Za-z0-9._-]+\\.jsonl(\\.gz)?$"));
    return re.match(name).hasMatch();
}

bool isTemporaryPartFileName(QStringView name)
{
    static const QRegularExpression re(
        QStringLiteral("^part-[A-Za-z0-9._-]+\\.jsonl(\\.gz)?\\.[A-Za-z0-9]{6}$"));
    return re.match(name).hasMatch();
}

QString sanitizeWriterId(const QString& id)
{
    QString out;
    for (QChar c : id) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'.' || c == u'_' || c == u'-';
        out += ok ? c : QLatin1Char('_');
        if (out.size() == 64)
            break;
    }
    return out.isEmpty() ? QStringLiteral("local") : out;
}

} // namespace orch::metrics
