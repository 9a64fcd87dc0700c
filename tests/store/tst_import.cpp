#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "store/sampleimport.h"
#include "store/sqlitestore.h"

using namespace Qt::StringLiterals;
using orch::SampleSet;
using orch::TimeMs;

namespace {

// The error text for QVERIFY2, which evaluates its message even when the check passes.
template<typename T> QByteArray why(const orch::Result<T>& result)
{
    return result ? QByteArray() : result.error().toUtf8();
}

const QByteArray kHeader = "dealer,feature,timestamp,value\n";
const QByteArray kGoodCsv2 = "d1,visibility,2026-01-01T00:00:00Z,1.5\n";
const QByteArray kGoodCsv4 = "d1,visibility,2026-01-01T02:00:00Z,2.5\n";
const QByteArray kGoodJson1
    = R"({"dealer":"d1","feature":"visibility","timestamp":"2026-01-01T00:00:00Z","value":1.5})"
      "\n";
const QByteArray kGoodJson4
    = R"({"dealer":"d1","feature":"visibility","timestamp":"2026-01-01T02:00:00Z","value":2.5})"
      "\n";

// A CSV file whose line 3 is `row`, between two good rows.
QByteArray csvWithRow(const QByteArray& row)
{
    return kHeader + kGoodCsv2 + row + '\n' + kGoodCsv4;
}

// A JSON lines file whose line 3 is `row`: a good line, a blank line, `row`, a good line.
QByteArray jsonWithRow(const QByteArray& row)
{
    return kGoodJson1 + "\n" + row + '\n' + kGoodJson4;
}

QByteArray jsonRow(const char* dealer, const char* feature, const char* timestamp, const char* value)
{
    return QByteArray(R"({"dealer":)") + dealer + R"(,"feature":)" + feature + R"(,"timestamp":)" + timestamp
        + R"(,"value":)" + value + '}';
}

orch::Result<SampleSet> readBytes(const QByteArray& content, const QString& name)
{
    QBuffer buffer;
    buffer.setData(content);
    if (!buffer.open(QIODevice::ReadOnly))
        return orch::fail(u"cannot open buffer"_s);
    return orch::readSamples(buffer, name);
}

TimeMs at(const char* iso)
{
    return *orch::parseIsoUtc(QString::fromLatin1(iso));
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestImport final : public QObject
{
    Q_OBJECT

private slots:
    void readsCsv();
    void readsJsonLines();
    void lineEndings_data();
    void lineEndings();
    void quotedCsvFields();
    void headerVariants_data();
    void headerVariants();
    void headerOnlyIsEmpty();
    void badRow_data();
    void badRow();
    void allProblemsOfARowReported();
    void errorsCappedAtTwenty();
    void duplicatesAndParseErrorsInLineOrder();
    void notText_data();
    void notText();
    void lineTooLong();
    void emptyFile_data();
    void emptyFile();
    void fileErrors();
    void importIsAllOrNothing();
    void importCountsSkippedDuplicates();
    void largeCsv();
};

void TestImport::readsCsv()
{
    const QByteArray content = kHeader
        + "d1,visibility,2026-01-01T02:00:00Z,3\n"
          "d2,sentiment,2026-01-01T00:00:00Z,-0.5\n"
          "d1,visibility,2026-01-01T00:00:00.250Z,1e-3\n"
          "\n"
          "  d1 , visibility , 2026-01-01T01:00:00+00:00 , +2.5 \n"
          "dealer.example:eu_1-x,"
        + QByteArray(64, 'f') + ",2026-01-01T00:00:00Z,1234567890123\n";
    const auto set = readBytes(content, u"samples.csv"_s);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, 5);
    QCOMPARE(set->series.size(), size_t(3));

    const orch::SeriesSamples& first = set->series[0];
    QCOMPARE(first.dealer, u"d1"_s);
    QCOMPARE(first.feature, u"visibility"_s);
    // Sorted by time, not file order.
    QCOMPARE(first.timestamps,
             (std::vector<TimeMs> { at("2026-01-01T00:00:00.250Z"), at("2026-01-01T01:00:00Z"),
                                    at("2026-01-01T02:00:00Z") }));
    QCOMPARE(first.values, (std::vector<double> { 1e-3, 2.5, 3 }));

    QCOMPARE(set->series[1].dealer, u"d2"_s);
    QCOMPARE(set->series[1].feature, u"sentiment"_s);
    QCOMPARE(set->series[1].values, std::vector<double> { -0.5 });
    QCOMPARE(set->series[2].dealer, u"dealer.example:eu_1-x"_s);
    QCOMPARE(set->series[2].feature, QString(64, u'f'));
    QCOMPARE(set->series[2].values, std::vector<double> { 1234567890123.0 });
}

void TestImport::readsJsonLines()
{
    const QByteArray content = "\n  \n"
        + jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00Z")", "2") + "\n"
        + jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T00:00:00+00:00")", "-1.25e2") + "\n\n"
        + R"(  {"value": 0.5, "timestamp": "2026-01-01T00:00:00Z", "feature": "f", "dealer": "d2"}  )" + "\n";
    const auto set = readBytes(content, u"feed.jsonl"_s);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, 3);
    QCOMPARE(set->series.size(), size_t(2));
    QCOMPARE(set->series[0].timestamps,
             (std::vector<TimeMs> { at("2026-01-01T00:00:00Z"), at("2026-01-01T01:00:00Z") }));
    QCOMPARE(set->series[0].values, (std::vector<double> { -125, 2 }));
    QCOMPARE(set->series[1].dealer, u"d2"_s);
    QCOMPARE(set->series[1].feature, u"f"_s);
    QCOMPARE(set->series[1].values, std::vector<double> { 0.5 });
}

void TestImport::lineEndings_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("name");
    const QByteArray csv = kHeader + kGoodCsv2 + "d2,visibility,2026-01-01T00:00:00Z,7";
    const QByteArray json
        = kGoodJson1 + jsonRow(R"("d2")", R"("visibility")", R"("2026-01-01T00:00:00Z")", "7");
    QTest::addRow("csv LF, no final newline") << csv << u"f.csv"_s;
    QTest::addRow("csv CRLF") << QByteArray(csv).replace("\n", "\r\n") + "\r\n" << u"f.csv"_s;
    QTest::addRow("jsonl LF, no final newline") << json << u"f.jsonl"_s;
    QTest::addRow("jsonl CRLF") << QByteArray(json).replace("\n", "\r\n") + "\r\n\r\n" << u"f.jsonl"_s;
}

void TestImport::lineEndings()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, name);
    const auto set = readBytes(content, name);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, 2);
    QCOMPARE(set->series.size(), size_t(2));
    QCOMPARE(set->series[1].dealer, u"d2"_s);
    QCOMPARE(set->series[1].values, std::vector<double> { 7 });
}

void TestImport::quotedCsvFields()
{
    const QByteArray content = "\"dealer\",\"feature\",\"timestamp\",\"value\"\r\n"
                               "\"d1\",\"visibility\",\"2026-01-01T00:00:00Z\",\"1.5\"\r\n"
                               "  \"d1\"  ,visibility,  \"2026-01-01T01:00:00Z\" ,2\r\n"
                               "\"d2\",\"\"\"\"\n"; // the last row: 2 fields, the second a lone quote
    const auto bad = readBytes(content, u"q.csv"_s);
    QVERIFY(!bad);
    QCOMPARE(bad.error(),
             u"q.csv:4: column 3 (timestamp): missing: expected 4 fields "
             "(dealer,feature,timestamp,value), found 2"_s);

    const auto set = readBytes(content.left(content.lastIndexOf("\"d2\"")), u"q.csv"_s);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, 2);
    QCOMPARE(set->series[0].values, (std::vector<double> { 1.5, 2 }));
}

void TestImport::headerVariants_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addRow("plain") << QByteArray("dealer,feature,timestamp,value\n");
    QTest::addRow("CRLF") << QByteArray("dealer,feature,timestamp,value\r\n");
    QTest::addRow("surrounding spaces") << QByteArray("  dealer , feature,timestamp ,\tvalue  \r\n");
    QTest::addRow("quoted") << QByteArray("\"dealer\",\"feature\",\"timestamp\",\"value\"\n");
    QTest::addRow("UTF-8 byte-order mark") << QByteArray("\xEF\xBB\xBF"
                                                         "dealer,feature,timestamp,value\n");
    QTest::addRow("blank lines before") << QByteArray("\n \r\ndealer,feature,timestamp,value\n");
}

void TestImport::headerVariants()
{
    QFETCH(QByteArray, header);
    const auto set = readBytes(header + kGoodCsv2, u"h.csv"_s);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, 1);
}

void TestImport::headerOnlyIsEmpty()
{
    const auto set = readBytes(kHeader, u"h.csv"_s);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, 0);
    QVERIFY(set->series.empty());
}

void TestImport::badRow_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");

    // Header problems stop the reading: one error, on line 1.
    QTest::addRow("csv: wrong header name")
        << u"f.csv"_s << QByteArray("dealer,metric,timestamp,value\n") + kGoodCsv2
        << u"f.csv:1: column 2: expected \"feature\", got \"metric\"; the first line must be the header "
           "\"dealer,feature,timestamp,value\""_s;
    QTest::addRow("csv: no header") << u"f.csv"_s << kGoodCsv2 + kGoodCsv4
                                    << u"f.csv:1: column 1: expected \"dealer\", got \"d1\""_s;
    QTest::addRow("csv: header with a fifth column")
        << u"f.csv"_s << QByteArray("dealer,feature,timestamp,value,unit\n") + kGoodCsv2
        << u"f.csv:1: column 5: too many columns (5)"_s;
    QTest::addRow("csv: header missing value")
        << u"f.csv"_s << QByteArray("dealer,feature,timestamp\n") + kGoodCsv2
        << u"f.csv:1: column 4: missing \"value\""_s;
    QTest::addRow("csv: header in other case") << u"f.csv"_s << QByteArray("Dealer,feature,timestamp,value\n")
                                               << u"f.csv:1: column 1: expected \"dealer\", got \"Dealer\""_s;

    QTest::addRow("csv: five fields") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,1,x")
                                      << u"f.csv:3: column 5: too many fields: expected 4 "
                                         "(dealer,feature,timestamp,value), found 5"_s;
    QTest::addRow("csv: decimal comma") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,1,5")
                                        << u"f.csv:3: column 5: too many fields"_s;
    QTest::addRow("csv: three fields") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z")
                                       << u"f.csv:3: column 4 (value): missing: expected 4 fields "
                                          "(dealer,feature,timestamp,value), found 3"_s;
    QTest::addRow("csv: one field") << u"f.csv"_s << csvWithRow("d1")
                                    << u"f.csv:3: column 2 (feature): missing"_s;
    QTest::addRow("csv: empty dealer") << u"f.csv"_s << csvWithRow(",visibility,2026-01-01T01:00:00Z,1")
                                       << u"f.csv:3: column 1 (dealer): must not be empty"_s;
    QTest::addRow("csv: empty quoted feature") << u"f.csv"_s << csvWithRow("d1,\"\",2026-01-01T01:00:00Z,1")
                                               << u"f.csv:3: column 2 (feature): must not be empty"_s;
    QTest::addRow("csv: space in dealer")
        << u"f.csv"_s << csvWithRow("\"d 1\",visibility,2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 1 (dealer): \"d 1\" has a character other than A-Z a-z 0-9 . _ : - at position 2"_s;
    QTest::addRow("csv: slash in feature")
        << u"f.csv"_s << csvWithRow("d1,vis/ibility,2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 2 (feature): \"vis/ibility\" has a character "
           "other than A-Z a-z 0-9 . _ : - at position 4"_s;
    QTest::addRow("csv: non-ASCII dealer")
        << u"f.csv"_s << csvWithRow("dé1,visibility,2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 1 (dealer): \"dé1\" has a character other than "
           "A-Z a-z 0-9 . _ : - at position 2"_s;
    QTest::addRow("csv: 65-character feature")
        << u"f.csv"_s << csvWithRow("d1," + QByteArray(65, 'x') + ",2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 2 (feature): \"%1...\" is longer than 64 characters"_s.arg(QString(57, u'x'));
    QTest::addRow("csv: timestamp without zone")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01 00:00,1")
        << u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp: \"2026-01-01 00:00\""_s;
    QTest::addRow("csv: local timestamp")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00,1")
        << u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp: \"2026-01-01T01:00:00\""_s;
    QTest::addRow("csv: timestamp +01:00")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00+01:00,1")
        << u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp: \"2026-01-01T01:00:00+01:00\""_s;
    QTest::addRow("csv: epoch milliseconds")
        << u"f.csv"_s << csvWithRow("d1,visibility,1767229200000,1")
        << u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp: \"1767229200000\""_s;
    QTest::addRow("csv: 2026-02-30")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-02-30T00:00:00Z,1")
        << u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp: \"2026-02-30T00:00:00Z\""_s;
    QTest::addRow("csv: hour 24") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T24:00:00Z,1")
                                  << u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp"_s;
    QTest::addRow("csv: empty timestamp") << u"f.csv"_s << csvWithRow("d1,visibility,,1")
                                          << u"f.csv:3: column 3 (timestamp): must not be empty"_s;
    QTest::addRow("csv: value nan") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,nan")
                                    << u"f.csv:3: column 4 (value): must be a finite number, got \"nan\""_s;
    QTest::addRow("csv: value NaN") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,NaN")
                                    << u"f.csv:3: column 4 (value): must be a finite number, got \"NaN\""_s;
    QTest::addRow("csv: value inf") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,inf")
                                    << u"f.csv:3: column 4 (value): must be a finite number, got \"inf\""_s;
    QTest::addRow("csv: value -Infinity")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,-Infinity")
        << u"f.csv:3: column 4 (value): must be a finite number, got \"-Infinity\""_s;
    QTest::addRow("csv: value overflows")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,1e400")
        << u"f.csv:3: column 4 (value): must be a finite number, got \"1e400\""_s;
    QTest::addRow("csv: value empty")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,")
        << u"f.csv:3: column 4 (value): must not be empty; expected a finite number"_s;
    QTest::addRow("csv: value text") << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,high")
                                     << u"f.csv:3: column 4 (value): must be a finite number, got \"high\""_s;
    QTest::addRow("csv: value with unit")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,12%")
        << u"f.csv:3: column 4 (value): must be a finite number, got \"12%\""_s;
    QTest::addRow("csv: duplicate timestamp")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T02:00:00Z,9")
        << u"f.csv:4: column 3 (timestamp): dealer \"d1\" feature \"visibility\" at 2026-01-01T02:00:00Z "
           u"already "
           "appeared on line 3 (values 9 there, 2.5 here)"_s;
    QTest::addRow("csv: duplicate timestamp written differently")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T00:00:00.000+00:00,1.5")
        << u"f.csv:3: column 3 (timestamp): dealer \"d1\" feature \"visibility\" at 2026-01-01T00:00:00Z "
           u"already "
           "appeared on line 2 (values 1.5 there, 1.5 here)"_s;
    QTest::addRow("csv: unterminated quote")
        << u"f.csv"_s << csvWithRow("d1,\"visibility,2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 2 (feature): the quoted field is not closed on this line"_s;
    QTest::addRow("csv: text after closing quote")
        << u"f.csv"_s << csvWithRow("\"d1\"x,visibility,2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 1 (dealer): unexpected text after the closing quote"_s;
    QTest::addRow("csv: quote in unquoted field")
        << u"f.csv"_s << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,1\"5")
        << u"f.csv:3: column 4 (value): a quote inside an unquoted field"_s;
    QTest::addRow("csv: escaped quote in dealer")
        << u"f.csv"_s << csvWithRow("\"d\"\"1\",visibility,2026-01-01T01:00:00Z,1")
        << u"f.csv:3: column 1 (dealer): \"d\"1\" has a character other than A-Z a-z 0-9 . _ : - at position 2"_s;

    QTest::addRow("jsonl: unknown key")
        << u"feed.jsonl"_s
        << jsonWithRow(
               R"({"dealer":"d1","feature":"visibility","timestamp":"2026-01-01T01:00:00Z","value":1,"unit":"%"})")
        << u"feed.jsonl:3: key \"unit\": unknown key; expected only dealer, feature, timestamp and value"_s;
    QTest::addRow("jsonl: duplicate key")
        << u"feed.jsonl"_s
        << jsonWithRow(
               R"({"dealer":"d1","dealer":"d2","feature":"visibility","timestamp":"2026-01-01T01:00:00Z","value":1})")
        << u"feed.jsonl:3: key \"dealer\": duplicate key \"dealer\""_s;
    QTest::addRow("jsonl: missing key")
        << u"feed.jsonl"_s
        << jsonWithRow(R"({"dealer":"d1","feature":"visibility","timestamp":"2026-01-01T01:00:00Z"})")
        << u"feed.jsonl:3: key \"value\": missing"_s;
    QTest::addRow("jsonl: array line") << u"feed.jsonl"_s << jsonWithRow(R"(  ["d1","visibility"])")
                                       << u"feed.jsonl:3: column 3: expected an object with the keys dealer, "
                                          "feature, timestamp and value, got an array"_s;
    QTest::addRow("jsonl: number line")
        << u"feed.jsonl"_s << jsonWithRow("42") << u"feed.jsonl:3: column 1: expected an object"_s;
    QTest::addRow("jsonl: trailing comma") << u"feed.jsonl"_s << jsonWithRow(R"({"dealer":"d1",})")
                                           << u"feed.jsonl:3: column 16: syntax error"_s;
    QTest::addRow("jsonl: truncated object")
        << u"feed.jsonl"_s << jsonWithRow(R"({"dealer":"d1")") << u"feed.jsonl:3: column 15: syntax error"_s;
    QTest::addRow("jsonl: two objects on a line")
        << u"feed.jsonl"_s << jsonWithRow(kGoodJson1.trimmed() + ' ' + kGoodJson4.trimmed())
        << u"feed.jsonl:3: column 87: syntax error"_s;
    QTest::addRow("jsonl: single quotes")
        << u"feed.jsonl"_s << jsonWithRow("{'dealer':'d1'}") << u"feed.jsonl:3: column 2: syntax error"_s;
    QTest::addRow("jsonl: value is a string")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00Z")", R"("x")"))
        << u"feed.jsonl:3: key \"value\": must be a finite number, got \"x\""_s;
    QTest::addRow("jsonl: value is a boolean")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00Z")", "true"))
        << u"feed.jsonl:3: key \"value\": must be a finite number, got true"_s;
    QTest::addRow("jsonl: value is null")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00Z")", "null"))
        << u"feed.jsonl:3: key \"value\": must be a finite number, got null"_s;
    QTest::addRow("jsonl: value overflows")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00Z")", "1e999"))
        << u"feed.jsonl:3: column 82: number overflow parsing '1e999'"_s;
    QTest::addRow("jsonl: value NaN")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00Z")", "NaN"))
        << u"feed.jsonl:3: column "_s;
    QTest::addRow("jsonl: dealer is a number")
        << u"feed.jsonl"_s << jsonWithRow(jsonRow("12", R"("visibility")", R"("2026-01-01T01:00:00Z")", "1"))
        << u"feed.jsonl:3: key \"dealer\": must be a string, got 12"_s;
    QTest::addRow("jsonl: empty feature")
        << u"feed.jsonl"_s << jsonWithRow(jsonRow(R"("d1")", R"("")", R"("2026-01-01T01:00:00Z")", "1"))
        << u"feed.jsonl:3: key \"feature\": must not be empty"_s;
    QTest::addRow("jsonl: bad dealer characters")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1;drop")", R"("visibility")", R"("2026-01-01T01:00:00Z")", "1"))
        << u"feed.jsonl:3: key \"dealer\": \"d1;drop\" has a character other than A-Z a-z 0-9 . _ : - at position 3"_s;
    QTest::addRow("jsonl: timestamp +02:00")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T01:00:00+02:00")", "1"))
        << u"feed.jsonl:3: key \"timestamp\": not an ISO-8601 UTC timestamp: \"2026-01-01T01:00:00+02:00\""_s;
    QTest::addRow("jsonl: timestamp 2026-02-30")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-02-30T01:00:00Z")", "1"))
        << u"feed.jsonl:3: key \"timestamp\": not an ISO-8601 UTC timestamp: \"2026-02-30T01:00:00Z\""_s;
    QTest::addRow("jsonl: timestamp is a number")
        << u"feed.jsonl"_s << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", "1767229200000", "1"))
        << u"feed.jsonl:3: key \"timestamp\": not an ISO-8601 UTC timestamp: 1767229200000"_s;
    QTest::addRow("jsonl: duplicate timestamp")
        << u"feed.jsonl"_s
        << jsonWithRow(jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T02:00:00Z")", "9"))
        << u"feed.jsonl:4: key \"timestamp\": dealer \"d1\" feature \"visibility\" at 2026-01-01T02:00:00Z "
           u"already "
           "appeared on line 3 (values 9 there, 2.5 here)"_s;
    QTest::addRow("jsonl: byte-order mark") << u"feed.jsonl"_s << "\xEF\xBB\xBF" + kGoodJson1
                                            << u"feed.jsonl:1: column 1: a byte-order mark is not allowed"_s;
    QTest::addRow("jsonl: a CSV line among JSON lines")
        << u"feed.jsonl"_s << jsonWithRow("d1,visibility,2026-01-01T01:00:00Z,1")
        << u"feed.jsonl:3: column 1: syntax error"_s;
}

void TestImport::badRow()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const auto set = readBytes(content, name);
    QVERIFY2(!set, "the file was accepted");
    QVERIFY2(set.error().startsWith(expected),
             qPrintable(u"got:\n"_s + set.error() + u"\nexpected it to start with:\n"_s + expected));
    // Only the bad row is reported: the good rows around it are fine.
    QVERIFY2(!set.error().contains(u'\n'), qPrintable(set.error()));
}

void TestImport::allProblemsOfARowReported()
{
    const auto set = readBytes(csvWithRow(",a b,2026-01-01,nan"), u"f.csv"_s);
    QVERIFY(!set);
    QCOMPARE(set.error().split(u'\n'),
             (QStringList {
                 u"f.csv:3: column 1 (dealer): must not be empty"_s,
                 u"f.csv:3: column 2 (feature): \"a b\" has a character other than A-Z a-z 0-9 . _ : - at "
                 "position 2"_s,
                 u"f.csv:3: column 3 (timestamp): not an ISO-8601 UTC timestamp: \"2026-01-01\""_s,
                 u"f.csv:3: column 4 (value): must be a finite number, got \"nan\""_s }));

    const auto json = readBytes(jsonWithRow(R"({"dealer":"","extra":1,"value":"x"})"), u"f.jsonl"_s);
    QVERIFY(!json);
    QCOMPARE(
        json.error().split(u'\n'),
        (QStringList {
            u"f.jsonl:3: key \"extra\": unknown key; expected only dealer, feature, timestamp and value"_s,
            u"f.jsonl:3: key \"feature\": missing"_s, u"f.jsonl:3: key \"timestamp\": missing"_s,
            u"f.jsonl:3: key \"dealer\": must not be empty"_s,
            u"f.jsonl:3: key \"value\": must be a finite number, got \"x\""_s }));
}

void TestImport::errorsCappedAtTwenty()
{
    QByteArray content = kHeader;
    for (int i = 0; i < 25; ++i)
        content += "d1,visibility,2026-01-01T00:00:" + QByteArray::number(10 + i) + "Z,oops\n";
    const auto set = readBytes(content, u"many.csv"_s);
    QVERIFY(!set);
    const QStringList lines = set.error().split(u'\n');
    QCOMPARE(lines.size(), 21);
    QCOMPARE(lines.first(), u"many.csv:2: column 4 (value): must be a finite number, got \"oops\""_s);
    QVERIFY2(lines[19].startsWith(u"many.csv:21: column 4 (value)"_s), qPrintable(lines[19]));
    QCOMPARE(lines.last(), u"... and 5 more errors"_s);
}

void TestImport::duplicatesAndParseErrorsInLineOrder()
{
    const QByteArray content = kHeader
        + "d1,f,2026-01-01T00:00:00Z,1\n" // 2
          "d1,f,2026-01-01T00:00:01Z,1\n" // 3
          "d1,f,2026-01-01T00:00:00Z,2\n" // 4: duplicate of 2
          "d1,f,2026-01-01T00:00:02Z,x\n" // 5: bad value
          "d1,f,2026-01-01T00:00:01Z,1\n"; // 6: duplicate of 3
    const auto set = readBytes(content, u"d.csv"_s);
    QVERIFY(!set);
    const QStringList lines = set.error().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith(u"d.csv:4: column 3 (timestamp): "_s) && lines[0].contains(u"line 2"_s),
             qPrintable(lines[0]));
    QVERIFY2(lines[1].startsWith(u"d.csv:5: column 4 (value): "_s), qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(u"d.csv:6: column 3 (timestamp): "_s) && lines[2].contains(u"line 3"_s),
             qPrintable(lines[2]));
}

void TestImport::notText_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::addRow("Latin-1 byte")
        << csvWithRow("d\xe9,visibility,2026-01-01T01:00:00Z,1")
        << u"n.csv:3: column 2: not UTF-8 text (byte 0xe9); save the file as UTF-8"_s;
    QTest::addRow("overlong encoding") << csvWithRow("d1,visibility,2026-01-01T01:00:00Z,1\xc0\xaf")
                                       << u"n.csv:3: column 37: not UTF-8 text (byte 0xc0)"_s;
    QTest::addRow("encoded surrogate") << csvWithRow("d1,\xed\xa0\x80,2026-01-01T01:00:00Z,1")
                                       << u"n.csv:3: column 4: not UTF-8 text (byte 0xed)"_s;
    QTest::addRow("NUL byte") << csvWithRow(
        QByteArray("d1,vis\0,2026-01-01T01:00:00Z,1", sizeof("d1,vis\0,2026-01-01T01:00:00Z,1") - 1))
                              << u"n.csv:3: column 7: not UTF-8 text (byte 0x00)"_s;
    QByteArray utf16("\xff\xfe");
    for (char c : kHeader)
        utf16 += QByteArray(1, c) + '\0';
    QTest::addRow("UTF-16") << utf16 << u"n.csv:1: column 1: not UTF-8 text (byte 0xff)"_s;
    QTest::addRow("JSON lines") << jsonWithRow("{\"dealer\":\"d\xff\"}")
                                << u"n.csv:3: column 13: not UTF-8 text"_s;
}

void TestImport::notText()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const auto set = readBytes(content, u"n.csv"_s);
    QVERIFY(!set);
    QVERIFY2(set.error().startsWith(expected), qPrintable(set.error()));
}

void TestImport::lineTooLong()
{
    const QByteArray longRow
        = "d1,visibility,2026-01-01T01:00:00Z," + QByteArray(orch::kMaxSampleLineBytes, '1');
    const auto set = readBytes(csvWithRow(longRow), u"long.csv"_s);
    QVERIFY(!set);
    QVERIFY2(set.error().startsWith(u"long.csv:3: column 1048577: the line is longer than 1048576 bytes"_s),
             qPrintable(set.error().left(200)));

    // The same without any newline at all.
    const auto single = readBytes(QByteArray(3 * orch::kMaxSampleLineBytes, 'x'), u"blob.csv"_s);
    QVERIFY(!single);
    QVERIFY2(single.error().startsWith(u"blob.csv:1: column 1048577: the line is longer"_s),
             qPrintable(single.error().left(200)));

    // Exactly the limit is fine (and an absurd value, caught as such).
    const QByteArray atLimit
        = "d1,visibility,2026-01-01T01:00:00Z," + QByteArray(orch::kMaxSampleLineBytes - 35, '1');
    const auto limit = readBytes(csvWithRow(atLimit), u"limit.csv"_s);
    QVERIFY(!limit);
    QVERIFY2(limit.error().startsWith(u"limit.csv:3: column 4 (value): must be a finite number"_s),
             qPrintable(limit.error().left(200)));
}

void TestImport::emptyFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addRow("no bytes") << QByteArray();
    QTest::addRow("blank lines") << QByteArray("\n  \r\n\t\n");
}

void TestImport::emptyFile()
{
    QFETCH(QByteArray, content);
    const auto set = readBytes(content, u"e.csv"_s);
    QVERIFY(!set);
    QCOMPARE(set.error(),
             u"e.csv:1: column 1: the file is empty; expected the CSV header "
             "\"dealer,feature,timestamp,value\" or JSON lines"_s);
}

void TestImport::fileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(u"missing.csv"_s);
    const auto notThere = orch::readSamplesFile(missing);
    QVERIFY(!notThere);
    QVERIFY2(notThere.error().startsWith(missing + u": cannot open"_s), qPrintable(notThere.error()));

    const auto directory = orch::readSamplesFile(dir.path());
    QVERIFY(!directory);
    QVERIFY2(directory.error().contains(u"is a directory"_s), qPrintable(directory.error()));

    const QString path = writeFile(dir, u"bad.csv"_s, csvWithRow("d1,visibility,2026-01-01T01:00:00Z,x"));
    const auto bad = orch::readSamplesFile(path);
    QVERIFY(!bad);
    QVERIFY2(bad.error().startsWith(path + u":3: column 4 (value)"_s), qPrintable(bad.error()));

    const QString good = writeFile(dir, u"good.jsonl"_s, kGoodJson1 + kGoodJson4);
    const auto ok = orch::readSamplesFile(good);
    QVERIFY2(ok, why(ok).constData());
    QCOMPARE(ok->rows, 2);
}

void TestImport::importIsAllOrNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = orch::SqliteStore::open(dir.filePath(u"data"_s));
    QVERIFY2(opened, why(opened).constData());
    orch::SqliteStore& store = **opened;

    const QString good = writeFile(
        dir, u"good.csv"_s, kHeader + kGoodCsv2 + kGoodCsv4 + "d2,sentiment,2026-01-01T00:00:00Z,0.5\n");
    const auto first = orch::importSamplesFile(good, store);
    QVERIFY2(first, why(first).constData());
    QCOMPARE(first->rows, 3);
    QCOMPARE(first->inserted, 3);
    QCOMPARE(first->skippedDuplicates, 0);
    QCOMPARE(first->series, 2);
    QCOMPARE(*store.sampleCount(), 3);

    // New rows around one bad row in the middle: nothing of the file may land in the store.
    QByteArray content = kHeader;
    for (int i = 0; i < 50; ++i)
        content += "d3,visibility,2026-01-02T00:" + QByteArray::number(10 + i) + ":00Z,1\n";
    content += "d3,visibility,2026-01-03T00:00:00,1\n";
    for (int i = 0; i < 50; ++i)
        content += "d4,visibility,2026-01-02T00:" + QByteArray::number(10 + i) + ":00Z,1\n";
    const QString bad = writeFile(dir, u"bad.csv"_s, content);
    const auto refused = orch::importSamplesFile(bad, store);
    QVERIFY(!refused);
    QVERIFY2(refused.error().startsWith(bad + u":52: column 3 (timestamp)"_s), qPrintable(refused.error()));
    QCOMPARE(*store.sampleCount(), 3);

    // Valid on its own, but conflicting with what the store has: also nothing.
    const QString conflicting
        = writeFile(dir, u"conflict.jsonl"_s,
                    jsonRow(R"("d5")", R"("f")", R"("2026-01-01T00:00:00Z")", "1") + "\n"
                        + jsonRow(R"("d1")", R"("visibility")", R"("2026-01-01T02:00:00Z")", "3.5"));
    const auto conflict = orch::importSamplesFile(conflicting, store);
    QVERIFY(!conflict);
    QVERIFY2(conflict.error().startsWith(conflicting + u": conflicting sample"_s),
             qPrintable(conflict.error()));
    QVERIFY2(conflict.error().contains(u"2026-01-01T02:00:00Z"_s), qPrintable(conflict.error()));
    QVERIFY2(conflict.error().contains(u"3.5"_s) && conflict.error().contains(u"2.5"_s),
             qPrintable(conflict.error()));
    QCOMPARE(*store.sampleCount(), 3);
    QVERIFY(store.samples(u"d5"_s, u"f"_s, 0, at("2027-01-01T00:00:00Z"))->empty());
}

void TestImport::importCountsSkippedDuplicates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = orch::SqliteStore::open(dir.filePath(u"data"_s));
    QVERIFY2(opened, why(opened).constData());
    orch::SqliteStore& store = **opened;

    const QString path = writeFile(dir, u"a.csv"_s, kHeader + kGoodCsv2 + kGoodCsv4);
    QVERIFY(orch::importSamplesFile(path, store));
    const auto again = orch::importSamplesFile(path, store);
    QVERIFY2(again, why(again).constData());
    QCOMPARE(again->rows, 2);
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->skippedDuplicates, 2);

    const QString more
        = writeFile(dir, u"b.csv"_s, kHeader + kGoodCsv2 + "d1,visibility,2026-01-01T03:00:00Z,4\n");
    const auto extended = orch::importSamplesFile(more, store);
    QVERIFY2(extended, why(extended).constData());
    QCOMPARE(extended->inserted, 1);
    QCOMPARE(extended->skippedDuplicates, 1);
    QCOMPARE(*store.sampleCount(), 3);
    const auto stored = store.samples(u"d1"_s, u"visibility"_s, 0, at("2027-01-01T00:00:00Z"));
    QCOMPARE(stored->size(), size_t(3));
    QCOMPARE(stored->back().value, 4.0);
}

void TestImport::largeCsv()
{
    // 2 million rows: 50 series interleaved, one row per series per minute.
    constexpr int kSeries = 50;
    constexpr int kMinutes = 40'000;
    QByteArray content = kHeader;
    content.reserve(110 * kSeries * kMinutes);
    const TimeMs start = at("2026-01-01T00:00:00Z");
    for (int m = 0; m < kMinutes; ++m) {
        const QByteArray ts = orch::formatIso(start + m * orch::kMinuteMs).toLatin1();
        for (int s = 0; s < kSeries; ++s) {
            content += "dealer-";
            content += QByteArray::number(s % 10);
            content += ",feature.";
            content += QByteArray::number(s / 10);
            content += ',';
            content += ts;
            content += ',';
            content += QByteArray::number(m * 0.001 + s, 'g', 10);
            content += '\n';
        }
    }
    // Correctness at size only: speed is measured by benchmarks, never by timed tests.
    const auto set = readBytes(content, u"big.csv"_s);
    QVERIFY2(set, why(set).constData());
    QCOMPARE(set->rows, qint64(kSeries) * kMinutes);
    QCOMPARE(set->series.size(), size_t(kSeries));
    QCOMPARE(set->series[7].timestamps.back(), start + (kMinutes - 1) * orch::kMinuteMs);
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
