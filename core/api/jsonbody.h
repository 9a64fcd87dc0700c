#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/timeutil.h"

namespace orch::api {

struct HttpRequest;

// Turns a path of core/common's parser ("a[2].b", "(root)") into the API's JSON path
// ("$.a[2].b", "$").
QString jsonPath(QStringView corePath);

enum class BodyKind
{
    Json, // application/json (or +json, or no Content-Type)
    JsonOrLines, // also application/x-ndjson and application/jsonl
};

// Checks the Content-Type and that there is a body. Throws ApiError (415, 400).
void requireJsonContent(const HttpRequest& request, BodyKind kind = BodyKind::Json);
// True when the request's Content-Type announces JSON lines.
bool isJsonLines(const HttpRequest& request);

// Parses an untrusted JSON document with core/common's strict parser. Throws ApiError 400 with
// codes malformed_json, duplicate_key, too_deep, out_of_range, naming the field.
nlohmann::json parseJson(std::string_view text, const QString& pathPrefix = QStringLiteral("$"),
                         std::optional<qint64> line = std::nullopt);

// Reads one JSON object field by field; every problem throws ApiError 400 naming the field's
// JSON path (missing_field, invalid_type, out_of_range, unknown_field).
class FieldReader final
{
public:
    FieldReader(const nlohmann::json& value, QString path = QStringLiteral("$"),
                std::optional<qint64> line = std::nullopt);

    // A finite JSON number (integer or not); the reader's only way to read numbers.
    double number(const char* key);
    std::optional<double> optionalNumber(const char* key);
    // The value as given (to echo numbers exactly as the client wrote them).
    const nlohmann::json& raw(const char* key) const;
    QString string(const char* key, int maxLength);
    std::optional<QString> optionalString(const char* key, int maxLength);
    bool boolean(const char* key);
    std::optional<bool> optionalBoolean(const char* key);
    // An integral JSON number in [min, max] (out_of_range otherwise).
    std::optional<qint64> optionalInteger(const char* key, qint64 min, qint64 max);
    // An ISO-8601 UTC time string.
    std::optional<TimeMs> optionalTime(const char* key);
    // Any JSON value, unchecked (the key counts as known); null when absent.
    const nlohmann::json* optionalValue(const char* key);
    // Throws for the first key nobody asked for.
    void finish();

    QString pathOf(const char* key) const;
    [[noreturn]] void fail(const char* code, const char* key, const QString& message) const;

private:
    const nlohmann::json* find(const char* key, bool required);
    std::optional<double> optionalNumber(const char* key, bool required);
    std::optional<QString> optionalString(const char* key, int maxLength, bool required);

    const nlohmann::json& m_object;
    QString m_path;
    std::optional<qint64> m_line;
    std::vector<const char*> m_known;
};

// Reads query parameters (?after=3&wait=10) strictly: unknown or repeated parameters, malformed
// or out-of-range values throw ApiError 400 with field "?name".
class QueryReader final
{
public:
    explicit QueryReader(const HttpRequest& request);

    std::optional<qint64> integer(const char* name, qint64 min, qint64 max);
    std::optional<TimeMs> time(const char* name);
    std::optional<QString> string(const char* name, int maxLength);
    void finish();

private:
    std::optional<QString> take(const char* name);
    std::vector<std::pair<QString, QString>> m_items;
    QStringList m_known;
};

} // namespace orch::api
