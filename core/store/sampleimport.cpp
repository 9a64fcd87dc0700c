#include "store/sampleimport.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QLocale>
#include <QStringList>

#include "common/logging.h"
#include "common/strictjson.h"
#include "store/statestore.h"

namespace orch {

namespace {

constexpr int kColumnCount = 4;
const char* const kColumnNames[kColumnCount] = { "dealer", "feature", "timestamp", "value" };
enum Column
{
    DealerColumn,
    FeatureColumn,
    TimestampColumn,
    ValueColumn
};

constexpr qsizetype kReadChunk = 4 * 1024 * 1024;
constexpr qsizetype kMinReadChunk = 64 * 1024;
// parseIsoUtc accepts at most "YYYY-MM-DDTHH:MM:SS.fffffffff+00:00" (35 characters).
constexpr qsizetype kMaxTimestampLength = 40;

QLatin1StringView columnName(int column)
{
    return QLatin1StringView(kColumnNames[column]);
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView v)
{
    qsizetype begin = 0, end = v.size();
    while (begin < end && isBlank(v[begin]))
        ++begin;
    while (end > begin && isBlank(v[end - 1]))
        --end;
    return v.sliced(begin, end - begin);
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == ':' || c == '-';
}

// A field as error messages show it: quoted, shortened when long.
QString quoted(QByteArrayView v)
{
    QString s = QString::fromUtf8(v);
    if (s.size() > 60)
        s = s.left(57) + QStringLiteral("...");
    return u'"' + s + u'"';
}

QString numberText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// Offset of the first byte that makes `text` invalid UTF-8, or that is a NUL (no text file has
// one; UTF-16 files are full of them), or -1 when the text is fine.
qsizetype invalidUtf8Offset(QByteArrayView text)
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c >= 0x01 && c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        char32_t cp = 0, min = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i; // NUL, a continuation byte, 0xC0/0xC1 or 0xF5..0xFF
        }
        if (n - i - 1 < extra)
            return i;
        for (int k = 1; k <= extra; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += extra + 1;
    }
    return -1;
}

// Why a dealer or feature name is invalid; empty when it is valid.
QString nameProblem(QByteArrayView name)
{
    if (name.isEmpty())
        return QStringLiteral("must not be empty");
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (!isNameChar(name[i])) {
            const qsizetype position = QString::fromUtf8(name.first(i)).size() + 1;
            return QStringLiteral("%1 has a character other than A-Z a-z 0-9 . _ : - at position %2")
                .arg(quoted(name))
                .arg(position);
        }
    }
    if (name.size() > kMaxSampleNameLength)
        return QStringLiteral("%1 is longer than %2 characters").arg(quoted(name)).arg(kMaxSampleNameLength);
    return {};
}

std::optional<TimeMs> parseTimestamp(QByteArrayView text)
{
    if (text.size() > kMaxTimestampLength)
        return std::nullopt;
    // parseIsoUtc wants UTF-16: widen on the stack rather than allocate a QString per row.
    // Non-ASCII bytes widen to characters parseIsoUtc refuses, which is the right answer.
    char16_t wide[kMaxTimestampLength];
    for (qsizetype i = 0; i < text.size(); ++i)
        wide[i] = static_cast<unsigned char>(text[i]);
    return parseIsoUtc(QStringView(wide, text.size()));
}

// Splits a device into lines without copying them; a returned view stays valid until the next
// call. Strips "\n" and a "\r" before it.
class LineReader final
{
public:
    enum class Next
    {
        Line,
        End,
        TooLong,
        ReadError
    };

    explicit LineReader(QIODevice& device)
        : m_device(device)
    { }
    Q_DISABLE_COPY_MOVE(LineReader)

    Next next(QByteArrayView& line);
    qint64 lineNumber() const { return m_lineNumber; }
    QString errorString() const { return m_device.errorString(); }

private:
    bool fill();

    QIODevice& m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_lineNumber = 0;
    bool m_end = false;
};

LineReader::Next LineReader::next(QByteArrayView& line)
{
    for (;;) {
        const char* begin = m_buffer.constData() + m_pos;
        const qsizetype available = m_buffer.size() - m_pos;
        const void* newline = available > 0 ? std::memchr(begin, '\n', size_t(available)) : nullptr;
        if (newline || m_end) {
            qsizetype length = newline ? static_cast<const char*>(newline) - begin : available;
            if (!newline && length == 0)
                return Next::End;
            ++m_lineNumber;
            m_pos += length + (newline ? 1 : 0);
            if (length > 0 && begin[length - 1] == '\r')
                --length;
            if (length > kMaxSampleLineBytes)
                return Next::TooLong;
            line = QByteArrayView(begin, length);
            return Next::Line;
        }
        if (available > kMaxSampleLineBytes + 1) {
            ++m_lineNumber;
            return Next::TooLong;
        }
        if (!fill())
            return Next::ReadError;
    }
}

bool LineReader::fill()
{
    m_buffer.remove(0, m_pos);
    m_pos = 0;
    const qsizetype kept = m_buffer.size();
    // Small files (and most pipes) need far less than a full chunk.
    const qsizetype chunk = qBound(kMinReadChunk, qsizetype(m_device.bytesAvailable()), kReadChunk);
    m_buffer.resize(kept + chunk);
    qint64 n = m_device.read(m_buffer.data() + kept, chunk);
    // A pipe or socket may simply have nothing yet; a file at its end never becomes ready.
    while (n == 0 && m_device.isSequential() && m_device.waitForReadyRead(30000))
        n = m_device.read(m_buffer.data() + kept, chunk);
    m_buffer.resize(kept + std::max<qint64>(n, 0));
    if (n < 0)
        return false;
    if (n == 0)
        m_end = true;
    return true;
}

// Fields of one CSV line; views into the line or into `storage` (quoted fields with "" in them).
struct CsvFields
{
    std::array<QByteArrayView, kColumnCount> fields;
    int count = 0;
    std::array<std::string, kColumnCount + 1> storage;
};

struct CsvProblem
{
    int column = 0; // 1-based
    QString text;
};

// Splits one line as RFC 4180 does, but with blanks around fields ignored (no field of this
// format may contain one) and no field spanning lines (none may contain a line break either).
std::optional<CsvProblem> splitCsvLine(QByteArrayView line, CsvFields& row)
{
    const char* data = line.data();
    const qsizetype n = line.size();
    row.count = 0;
    qsizetype i = 0;
    for (;;) {
        const int column = row.count + 1;
        const int slot = std::min(row.count, kColumnCount);
        while (i < n && isBlank(data[i]))
            ++i;
        QByteArrayView value;
        if (i < n && data[i] == '"') {
            const qsizetype start = ++i;
            std::string* unescaped = nullptr;
            bool closed = false;
            while (i < n) {
                const auto* quote = static_cast<const char*>(std::memchr(data + i, '"', size_t(n - i)));
                if (!quote)
                    break;
                const qsizetype q = quote - data;
                if (q + 1 < n && data[q + 1] == '"') {
                    // An escaped quote: from here on the field is a copy.
                    if (!unescaped) {
                        unescaped = &row.storage[slot];
                        unescaped->assign(data + start, size_t(q + 1 - start));
                    } else {
                        unescaped->append(data + i, size_t(q + 1 - i));
                    }
                    i = q + 2;
                    continue;
                }
                if (unescaped)
                    unescaped->append(data + i, size_t(q - i));
                value = unescaped ? QByteArrayView(unescaped->data(), qsizetype(unescaped->size()))
                                  : QByteArrayView(data + start, q - start);
                i = q + 1;
                closed = true;
                break;
            }
            if (!closed)
                return CsvProblem { column, QStringLiteral("the quoted field is not closed on this line") };
            while (i < n && isBlank(data[i]))
                ++i;
            if (i < n && data[i] != ',')
                return CsvProblem { column, QStringLiteral("unexpected text after the closing quote") };
        } else {
            const auto* comma
                = i < n ? static_cast<const char*>(std::memchr(data + i, ',', size_t(n - i))) : nullptr;
            const qsizetype end = comma ? comma - data : n;
            value = trimmed(QByteArrayView(data + i, end - i));
            if (value.contains('"'))
                return CsvProblem { column,
                                    QStringLiteral("a quote inside an unquoted field (quote the whole field "
                                                   "and double the quote)") };
            i = end;
        }
        if (row.count < kColumnCount)
            row.fields[row.count] = value;
        ++row.count;
        if (i >= n)
            return std::nullopt;
        ++i; // the comma; a comma at the very end leaves one more (empty) field
    }
}

struct Row
{
    TimeMs timestamp;
    double value;
    qint64 line;
};

struct SeriesBuilder
{
    QString dealer;
    QString feature;
    std::vector<Row> rows;
};

struct Problem
{
    qint64 line;
    QString text;
};

class SampleReader final
{
public:
    SampleReader(QIODevice& device, QString name)
        : m_lines(device)
        , m_name(std::move(name))
    { }
    Q_DISABLE_COPY_MOVE(SampleReader)

    Result<SampleSet> read();

private:
    enum class Format
    {
        Unknown,
        Csv,
        JsonLines
    };

    void readCsvHeader(qint64 line, QByteArrayView text);
    void readCsvRow(qint64 line, QByteArrayView text);
    void readJsonRow(qint64 line, QByteArrayView text);
    std::optional<TimeMs> timestamp(QByteArrayView text);
    void addSample(qint64 line, QByteArrayView dealer, QByteArrayView feature, TimeMs timestamp,
                   double value);

    void columnProblem(qint64 line, int column, const QString& text);
    void keyProblem(qint64 line, QLatin1StringView key, const QString& text);
    void problem(qint64 line, const QString& text);
    Result<SampleSet> finish();

    LineReader m_lines;
    QString m_name;
    Format m_format = Format::Unknown;
    bool m_stop = false;

    std::vector<SeriesBuilder> m_series;
    std::unordered_map<std::string, int> m_seriesIndex;
    std::vector<std::string> m_seriesKeys;
    std::string m_key;
    int m_lastSeries = -1;
    qint64 m_rows = 0;

    std::string m_lastTimestampText;
    TimeMs m_lastTimestamp = 0;

    CsvFields m_csv;
    // The first problems in line order (kept) and how many there were (all).
    std::vector<Problem> m_problems;
    qint64 m_problemCount = 0;
};

void SampleReader::problem(qint64 line, const QString& text)
{
    ++m_problemCount;
    if (m_problems.size() < size_t(kMaxReportedSampleErrors))
        m_problems.push_back(
            Problem { line, m_name + u':' + QString::number(line) + QStringLiteral(": ") + text });
}

void SampleReader::columnProblem(qint64 line, int column, const QString& text)
{
    const QString where = column <= kColumnCount
        ? QStringLiteral("column %1 (%2): ").arg(column).arg(columnName(column - 1))
        : QStringLiteral("column %1: ").arg(column);
    problem(line, where + text);
}

void SampleReader::keyProblem(qint64 line, QLatin1StringView key, const QString& text)
{
    problem(line, QStringLiteral("key \"%1\": ").arg(key) + text);
}

Result<SampleSet> SampleReader::read()
{
    QByteArrayView text;
    while (!m_stop) {
        const LineReader::Next next = m_lines.next(text);
        const qint64 line = m_lines.lineNumber();
        if (next == LineReader::Next::End)
            break;
        if (next == LineReader::Next::ReadError) {
            problem(std::max<qint64>(line, 1), QStringLiteral("cannot read: ") + m_lines.errorString());
            break;
        }
        if (next == LineReader::Next::TooLong) {
            problem(line,
                    QStringLiteral("column %1: the line is longer than %2 bytes; this is not a sample file")
                        .arg(kMaxSampleLineBytes + 1)
                        .arg(kMaxSampleLineBytes));
            break;
        }
        if (const qsizetype bad = invalidUtf8Offset(text); bad >= 0) {
            problem(line,
                    QStringLiteral("column %1: not UTF-8 text (byte 0x%2); save the file as UTF-8")
                        .arg(bad + 1)
                        .arg(static_cast<unsigned char>(text[bad]), 2, 16, QLatin1Char('0')));
            break;
        }
        if (trimmed(text).isEmpty())
            continue;
        switch (m_format) {
        case Format::Unknown: {
            // Excel writes a byte-order mark before CSV; JSON refuses it, with its own message.
            const QByteArrayView withoutBom
                = text.startsWith("\xEF\xBB\xBF") && line == 1 ? text.sliced(3) : text;
            if (trimmed(withoutBom).startsWith('{')) {
                m_format = Format::JsonLines;
                readJsonRow(line, text);
            } else {
                m_format = Format::Csv;
                readCsvHeader(line, withoutBom);
            }
            break;
        }
        case Format::Csv:
            readCsvRow(line, text);
            break;
        case Format::JsonLines:
            readJsonRow(line, text);
            break;
        }
    }
    if (m_format == Format::Unknown && m_problemCount == 0)
        problem(1,
                QStringLiteral("column 1: the file is empty; expected the CSV header "
                               "\"dealer,feature,timestamp,value\" or JSON lines"));
    return finish();
}

void SampleReader::readCsvHeader(qint64 line, QByteArrayView text)
{
    const QString expected
        = QStringLiteral("the first line must be the header \"dealer,feature,timestamp,value\"");
    // Anything wrong with the header makes the rest meaningless.
    m_stop = true;
    if (auto bad = splitCsvLine(text, m_csv)) {
        problem(line, QStringLiteral("column %1: %2; %3").arg(bad->column).arg(bad->text, expected));
        return;
    }
    for (int i = 0; i < std::max(m_csv.count, kColumnCount); ++i) {
        if (i >= kColumnCount) {
            problem(line,
                    QStringLiteral("column %1: too many columns (%2); %3")
                        .arg(i + 1)
                        .arg(m_csv.count)
                        .arg(expected));
            return;
        }
        if (i >= m_csv.count) {
            problem(line,
                    QStringLiteral("column %1: missing \"%2\"; %3").arg(i + 1).arg(columnName(i), expected));
            return;
        }
        if (m_csv.fields[i] != QByteArrayView(kColumnNames[i])) {
            problem(line,
                    QStringLiteral("column %1: expected \"%2\", got %3; %4")
                        .arg(i + 1)
                        .arg(columnName(i), quoted(m_csv.fields[i]), expected));
            return;
        }
    }
    m_stop = false;
}

std::optional<TimeMs> SampleReader::timestamp(QByteArrayView text)
{
    // Rows of many series usually share timestamps; parse each distinct text once in a row.
    const std::string_view view(text.data(), size_t(text.size()));
    if (!m_lastTimestampText.empty() && view == m_lastTimestampText)
        return m_lastTimestamp;
    const std::optional<TimeMs> parsed = parseTimestamp(text);
    if (parsed) {
        m_lastTimestampText.assign(view);
        m_lastTimestamp = *parsed;
    }
    return parsed;
}

void SampleReader::readCsvRow(qint64 line, QByteArrayView text)
{
    if (auto bad = splitCsvLine(text, m_csv)) {
        columnProblem(line, bad->column, bad->text);
        return;
    }
    if (m_csv.count > kColumnCount) {
        columnProblem(line, kColumnCount + 1,
                      QStringLiteral("too many fields: expected 4 (dealer,feature,timestamp,value), found %1")
                          .arg(m_csv.count));
        return;
    }
    if (m_csv.count < kColumnCount) {
        columnProblem(line, m_csv.count + 1,
                      QStringLiteral("missing: expected 4 fields (dealer,feature,timestamp,value), found %1")
                          .arg(m_csv.count));
        return;
    }
    bool ok = true;
    for (int column : { DealerColumn, FeatureColumn }) {
        if (const QString bad = nameProblem(m_csv.fields[column]); !bad.isEmpty()) {
            columnProblem(line, column + 1, bad);
            ok = false;
        }
    }
    const QByteArrayView timestampText = m_csv.fields[TimestampColumn];
    const std::optional<TimeMs> ts = timestamp(timestampText);
    if (!ts) {
        columnProblem(line, TimestampColumn + 1,
                      timestampText.isEmpty()
                          ? QStringLiteral("must not be empty")
                          : QStringLiteral("not an ISO-8601 UTC timestamp: %1").arg(quoted(timestampText)));
        ok = false;
    }
    const QByteArrayView valueText = m_csv.fields[ValueColumn];
    bool isNumber = false;
    const double value = valueText.toDouble(&isNumber);
    if (!isNumber || !std::isfinite(value)) {
        columnProblem(line, ValueColumn + 1,
                      valueText.isEmpty()
                          ? QStringLiteral("must not be empty; expected a finite number")
                          : QStringLiteral("must be a finite number, got %1").arg(quoted(valueText)));
        ok = false;
    }
    if (ok)
        addSample(line, m_csv.fields[DealerColumn], m_csv.fields[FeatureColumn], *ts, value);
}

// parseStrict reports "line 1, column N: ..." for syntax errors, "<path>: ..." for duplicate keys
// and the like, and nlohmann's own "[json.exception.out_of_range.406] number overflow parsing
// '1e999'" for a number too large for a double.
QString jsonProblemText(const QString& error, QByteArrayView line)
{
    static const QString linePrefix = QStringLiteral("line 1, ");
    if (error.startsWith(linePrefix))
        return error.mid(linePrefix.size());
    if (error.startsWith(u"[json.exception.")) {
        const QString detail = error.mid(error.indexOf(u']') + 1).trimmed();
        // Point at the offending token when the message quotes it.
        qsizetype column = 1;
        const qsizetype open = detail.indexOf(u'\'');
        const qsizetype close = detail.lastIndexOf(u'\'');
        if (open >= 0 && close > open + 1) {
            const qsizetype at
                = line.indexOf(QStringView(detail).sliced(open + 1, close - open - 1).toUtf8());
            if (at >= 0)
                column = at + 1;
        }
        return QStringLiteral("column %1: %2").arg(column).arg(detail);
    }
    const qsizetype colon = error.indexOf(QStringLiteral(": "));
    if (colon <= 0)
        return QStringLiteral("column 1: ") + error;
    const QStringView path = QStringView(error).first(colon);
    const QStringView rest = QStringView(error).sliced(colon + 2);
    if (path == u"(root)")
        return QStringLiteral("column 1: ") + rest;
    return QStringLiteral("key \"%1\": %2").arg(path, rest);
}

void SampleReader::readJsonRow(qint64 line, QByteArrayView text)
{
    auto parsed = json::parseStrict(std::string_view(text.data(), size_t(text.size())));
    if (!parsed) {
        problem(line, jsonProblemText(parsed.error(), text));
        return;
    }
    const nlohmann::json& object = *parsed;
    if (!object.is_object()) {
        const qsizetype column = text.size() - trimmed(text).size() + 1;
        problem(line,
                QStringLiteral("column %1: expected an object with the keys dealer, feature, timestamp and "
                               "value, got %2")
                    .arg(column)
                    .arg(json::typeName(object)));
        return;
    }
    bool ok = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::find_if(std::begin(kColumnNames), std::end(kColumnNames),
                         [&](const char* name) { return it.key() == name; })
            == std::end(kColumnNames)) {
            problem(
                line,
                QStringLiteral("key \"%1\": unknown key; expected only dealer, feature, timestamp and value")
                    .arg(QString::fromStdString(it.key())));
            ok = false;
        }
    }
    std::array<const nlohmann::json*, kColumnCount> fields {};
    for (int column = 0; column < kColumnCount; ++column) {
        const auto it = object.find(kColumnNames[column]);
        if (it == object.end()) {
            keyProblem(line, columnName(column), QStringLiteral("missing"));
            ok = false;
        } else {
            fields[column] = &*it;
        }
    }

    std::array<QByteArrayView, 2> names;
    for (int column : { DealerColumn, FeatureColumn }) {
        const nlohmann::json* field = fields[column];
        if (!field)
            continue;
        if (!field->is_string()) {
            keyProblem(line, columnName(column),
                       QStringLiteral("must be a string, got ") + json::brief(*field));
            ok = false;
            continue;
        }
        const std::string& s = field->get_ref<const std::string&>();
        names[column] = QByteArrayView(s.data(), qsizetype(s.size()));
        if (const QString bad = nameProblem(names[column]); !bad.isEmpty()) {
            keyProblem(line, columnName(column), bad);
            ok = false;
        }
    }
    std::optional<TimeMs> ts;
    if (const nlohmann::json* field = fields[TimestampColumn]) {
        if (field->is_string()) {
            const std::string& s = field->get_ref<const std::string&>();
            ts = timestamp(QByteArrayView(s.data(), qsizetype(s.size())));
        }
        if (!ts) {
            keyProblem(line, columnName(TimestampColumn),
                       QStringLiteral("not an ISO-8601 UTC timestamp: ") + json::brief(*field));
            ok = false;
        }
    }
    double value = 0;
    if (const nlohmann::json* field = fields[ValueColumn]) {
        // is_number() is false for booleans, which nlohmann would otherwise convert.
        if (field->is_number())
            value = field->get<double>();
        if (!field->is_number() || !std::isfinite(value)) {
            keyProblem(line, columnName(ValueColumn),
                       QStringLiteral("must be a finite number, got ") + json::brief(*field));
            ok = false;
        }
    }
    if (ok)
        addSample(line, names[DealerColumn], names[FeatureColumn], *ts, value);
}

void SampleReader::addSample(qint64 line, QByteArrayView dealer, QByteArrayView feature, TimeMs timestamp,
                             double value)
{
    // Names cannot contain '/', so the key is unambiguous; it is built in a reused buffer so
    // that the common case (same series as the previous row) allocates nothing.
    m_key.assign(dealer.data(), size_t(dealer.size()));
    m_key.push_back('/');
    m_key.append(feature.data(), size_t(feature.size()));
    if (m_lastSeries < 0 || m_seriesKeys[size_t(m_lastSeries)] != m_key) {
        const auto it = m_seriesIndex.find(m_key);
        if (it != m_seriesIndex.end()) {
            m_lastSeries = it->second;
        } else {
            m_lastSeries = int(m_series.size());
            m_series.push_back(SeriesBuilder { QString::fromUtf8(dealer), QString::fromUtf8(feature), {} });
            m_seriesKeys.push_back(m_key);
            m_seriesIndex.emplace(m_key, m_lastSeries);
        }
    }
    m_series[size_t(m_lastSeries)].rows.push_back(Row { timestamp, value, line });
    ++m_rows;
}

struct Duplicate
{
    qint64 line;
    qint64 firstLine;
    int series;
    TimeMs timestamp;
    double value;
    double firstValue;
};

Result<SampleSet> SampleReader::finish()
{
    std::vector<Duplicate> duplicates;
    for (size_t s = 0; s < m_series.size(); ++s) {
        std::vector<Row>& rows = m_series[s].rows;
        // Rows arrive in line order, so when they are already in time order equal timestamps
        // are adjacent and in line order too.
        const auto byTime = [](const Row& a, const Row& b) { return a.timestamp < b.timestamp; };
        if (!std::is_sorted(rows.begin(), rows.end(), byTime))
            std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
                return a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.line < b.line;
            });
        size_t first = 0;
        for (size_t i = 1; i < rows.size(); ++i) {
            if (rows[i].timestamp != rows[first].timestamp) {
                first = i;
                continue;
            }
            duplicates.push_back(Duplicate { rows[i].line, rows[first].line, int(s), rows[i].timestamp,
                                             rows[i].value, rows[first].value });
        }
    }

    if (m_problemCount > 0 || !duplicates.empty()) {
        const size_t shownDuplicates = std::min(duplicates.size(), size_t(kMaxReportedSampleErrors));
        std::partial_sort(duplicates.begin(), duplicates.begin() + qsizetype(shownDuplicates),
                          duplicates.end(),
                          [](const Duplicate& a, const Duplicate& b) { return a.line < b.line; });
        const QString where = m_format == Format::JsonLines ? QStringLiteral("key \"timestamp\"")
                                                            : QStringLiteral("column 3 (timestamp)");
        std::vector<Problem> all = m_problems;
        for (size_t i = 0; i < shownDuplicates; ++i) {
            const Duplicate& d = duplicates[i];
            const SeriesBuilder& series = m_series[size_t(d.series)];
            all.push_back(
                Problem { d.line,
                          QStringLiteral("%1:%2: %3: dealer \"%4\" feature \"%5\" at %6 already appeared on "
                                         "line %7 (values %8 there, %9 here)")
                              .arg(m_name, QString::number(d.line), where, series.dealer, series.feature,
                                   formatIso(d.timestamp), QString::number(d.firstLine),
                                   numberText(d.firstValue), numberText(d.value)) });
        }
        std::stable_sort(all.begin(), all.end(),
                         [](const Problem& a, const Problem& b) { return a.line < b.line; });
        if (all.size() > size_t(kMaxReportedSampleErrors))
            all.resize(size_t(kMaxReportedSampleErrors));
        QStringList lines;
        for (const Problem& p : all)
            lines.append(p.text);
        const qint64 total = m_problemCount + qint64(duplicates.size());
        const qint64 more = total - qint64(all.size());
        if (more > 0)
            lines.append(more == 1 ? QStringLiteral("... and 1 more error")
                                   : QStringLiteral("... and %1 more errors").arg(more));
        return fail(lines.join(u'\n'));
    }

    SampleSet set;
    set.rows = m_rows;
    set.series.reserve(m_series.size());
    for (SeriesBuilder& builder : m_series) {
        SeriesSamples series { std::move(builder.dealer), std::move(builder.feature), {}, {} };
        series.timestamps.reserve(builder.rows.size());
        series.values.reserve(builder.rows.size());
        for (const Row& row : builder.rows) {
            series.timestamps.push_back(row.timestamp);
            series.values.push_back(row.value);
        }
        std::vector<Row>().swap(builder.rows);
        set.series.push_back(std::move(series));
    }
    return set;
}

} // namespace

Result<SampleSet> readSamples(QIODevice& device, const QString& nameForErrors)
{
    if (!device.isReadable())
        return fail(QStringLiteral("%1: cannot read: the device is not open for reading").arg(nameForErrors));
    SampleReader reader(device, nameForErrors);
    return reader.read();
}

Result<SampleSet> readSamplesFile(const QString& path)
{
    if (QFileInfo(path).isDir())
        return fail(QStringLiteral("%1: is a directory, not a sample file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
    return readSamples(file, path);
}

Result<ImportSummary> importSamples(const SampleSet& set, StateStore& store)
{
    std::vector<Sample> samples;
    samples.reserve(size_t(std::max<qint64>(set.rows, 0)));
    for (const SeriesSamples& series : set.series) {
        if (series.timestamps.size() != series.values.size())
            return fail(
                QStringLiteral("cannot import dealer \"%1\" feature \"%2\": %3 timestamps but %4 values")
                    .arg(series.dealer, series.feature)
                    .arg(series.timestamps.size())
                    .arg(series.values.size()));
        for (size_t i = 0; i < series.timestamps.size(); ++i)
            samples.push_back(
                Sample { series.dealer, series.feature, series.timestamps[i], series.values[i] });
    }

    // The interface has no "how many were new", so count around the append. Another writer
    // appending at the same time would skew the split (never the total of rows).
    const Result<qint64> before = store.sampleCount();
    if (!before)
        return fail(before.error());
    if (Status appended = store.appendSamples(samples); !appended)
        return fail(appended.error());
    const Result<qint64> after = store.sampleCount();
    if (!after)
        return fail(after.error());

    ImportSummary summary;
    summary.rows = qint64(samples.size());
    summary.inserted = std::clamp<qint64>(*after - *before, 0, summary.rows);
    summary.skippedDuplicates = summary.rows - summary.inserted;
    summary.series = int(set.series.size());
    return summary;
}

Result<ImportSummary> importSamplesFile(const QString& path, StateStore& store)
{
    Result<SampleSet> set = readSamplesFile(path);
    if (!set)
        return fail(set.error());
    Result<ImportSummary> summary = importSamples(*set, store);
    if (!summary)
        return fail(QStringLiteral("%1: %2").arg(path, summary.error()));
    qCInfo(lcStore) << "imported" << path << ":" << summary->rows << "rows," << summary->inserted << "new,"
                    << summary->skippedDuplicates << "already stored," << summary->series << "series";
    return summary;
}

} // namespace orch
