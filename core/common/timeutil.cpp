#include "common/timeutil.h"

#include <QDateTime>

namespace orch {

QString formatIso(TimeMs t)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
    return dt.toString(t % 1000 == 0 ? QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")
                                     : QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

std::optional<TimeMs> parseIsoUtc(QStringView text)
{
    // Strict shape: YYYY-MM-DDTHH:MM:SS[.fff...](Z|+00:00)
    if (text.size() < 20)
        return std::nullopt;
    QStringView body;
    if (text.endsWith(u'Z'))
        body = text.chopped(1);
    else if (text.endsWith(u"+00:00"))
        body = text.chopped(6);
    else
        return std::nullopt;
    auto digits = [&](qsizetype from, qsizetype n) -> int {
        int v = 0;
        for (qsizetype i = from; i < from + n; ++i) {
            if (i >= body.size() || !body[i].isDigit() || body[i].unicode() > '9')
                return -1;
            v = v * 10 + (body[i].unicode() - '0');
        }
        return v;
    };
    if (body.size() < 19 || body[4] != u'-' || body[7] != u'-' || body[10] != u'T' || body[13] != u':'
        || body[16] != u':')
        return std::nullopt;
    const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    int ms = 0;
    if (body.size() > 19) {
        if (body[19] != u'.' || body.size() == 20 || body.size() > 29)
            return std::nullopt;
        const qsizetype n = body.size() - 20;
        const int frac = digits(20, n);
        if (frac < 0)
            return std::nullopt;
        // Keep milliseconds; finer digits are truncated.
        QString f = body.sliced(20).toString().leftJustified(3, u'0').left(3);
        ms = f.toInt();
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, ms);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
}

TimeMs monthStart(TimeMs t)
{
    const QDate d = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).date();
    return QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

TimeMs nextMonthStart(TimeMs t)
{
    const QDate d = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).date();
    return QDateTime(QDate(d.year(), d.month(), 1).addMonths(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

QString monthKey(TimeMs t)
{
    return QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(QStringLiteral("yyyy-MM"));
}

bool isMonthKey(QStringView month)
{
    if (month.size() != 7 || month[4] != u'-')
        return false;
    for (int i : { 0, 1, 2, 3, 5, 6 }) {
        if (month[i] < u'0' || month[i] > u'9')
            return false;
    }
    const int m = month.sliced(5).toInt();
    return m >= 1 && m <= 12;
}

} // namespace orch
