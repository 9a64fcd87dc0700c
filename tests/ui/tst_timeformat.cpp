#include <QTest>

#include "timeformat.h"

using namespace orch;
using orch::ui::TimeFormat;

class TestTimeFormat final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relative_data();
    void relative();
    void withHint();
};

void TestTimeFormat::relative_data()
{
    QTest::addColumn<qint64>("delta");
    QTest::addColumn<QString>("expected");
    QTest::addRow("same time") << qint64(0) << QStringLiteral("now");
    QTest::addRow("under a minute ahead") << qint64(59'000) << QStringLiteral("now");
    QTest::addRow("under a minute ago") << qint64(-59'000) << QStringLiteral("now");
    QTest::addRow("14 min ahead") << qint64(14 * kMinuteMs) << QStringLiteral("in 14 min");
    QTest::addRow("minutes round down") << qint64(14 * kMinuteMs + 59'000) << QStringLiteral("in 14 min");
    QTest::addRow("15 min ago") << qint64(-15 * kMinuteMs) << QStringLiteral("15 min ago");
    QTest::addRow("whole hours") << qint64(3 * kHourMs) << QStringLiteral("in 3 h");
    QTest::addRow("hours and minutes ago")
        << qint64(-(23 * kHourMs + 15 * kMinuteMs)) << QStringLiteral("23 h 15 min ago");
    QTest::addRow("days drop minutes")
        << qint64(2 * kDayMs + 4 * kHourMs + 59 * kMinuteMs) << QStringLiteral("in 2 d 4 h");
    QTest::addRow("whole days ago") << qint64(-9 * kDayMs) << QStringLiteral("9 d ago");
}

void TestTimeFormat::relative()
{
    QFETCH(qint64, delta);
    QFETCH(QString, expected);
    const TimeMs now = 1767225600000; // 2026-01-01T00:00:00Z
    QCOMPARE(TimeFormat::relative(now + delta, now), expected);
}

void TestTimeFormat::withHint()
{
    const TimeMs now = 1767225600000;
    QCOMPARE(TimeFormat::withHint(now + 14 * kMinuteMs, now),
             QStringLiteral("2026-01-01T00:14:00Z · in 14 min"));
}

QTEST_GUILESS_MAIN(TestTimeFormat)
#include "tst_timeformat.moc"
