#include <QTest>

#include "common/strictjson.h"

using orch::json::parseStrict;

class TestStrictJson final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accepts()
    {
        auto r = parseStrict(R"({"a": [1, 2.5, {"b": "x"}], "c": null})");
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->at("a").at(1).get<double>(), 2.5);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::addRow("duplicate key")
            << QByteArray(R"({"a": 1, "a": 2})") << QStringLiteral("duplicate key \"a\"");
        QTest::addRow("nested duplicate path")
            << QByteArray(R"({"g": {"x": 1, "x": 2}})") << QStringLiteral("g.x: duplicate key \"x\"");
        QTest::addRow("duplicate in array element") << QByteArray(R"({"l": [{}, {"k": 1, "k": 1}]})")
                                                    << QStringLiteral("l[1].k: duplicate key \"k\"");
        QTest::addRow("bom") << QByteArray("\xEF\xBB\xBF{}") << QStringLiteral("byte-order mark");
        QTest::addRow("syntax with position")
            << QByteArray("{\n  \"a\": tru\n}") << QStringLiteral("line 2, column");
        QTest::addRow("trailing comma") << QByteArray(R"({"a": 1,})") << QStringLiteral("line 1");
        QTest::addRow("huge number") << QByteArray(R"({"a": 1e400})") << QStringLiteral("");
        QTest::addRow("invalid utf8") << QByteArray("{\"a\": \"\xC3\x28\"}") << QStringLiteral("");
        QTest::addRow("nan literal") << QByteArray(R"({"a": NaN})") << QStringLiteral("");
        QTest::addRow("too deep") << QByteArray(40, '[') + QByteArray(40, ']')
                                  << QStringLiteral("nesting deeper than 32");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("");
    }
    void rejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        auto r = parseStrict(std::string_view(text.constData(), std::size_t(text.size())));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(expected), qPrintable(r.error()));
    }

    void positions()
    {
        QCOMPARE(orch::json::describePosition("ab\ncd", 4), QStringLiteral("line 2, column 2"));
        QCOMPARE(orch::json::describePosition("", 0), QStringLiteral("line 1, column 1"));
    }
};

QTEST_GUILESS_MAIN(TestStrictJson)
#include "tst_strictjson.moc"
