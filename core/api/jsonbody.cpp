#include "api/jsonbody.h"

#include <cmath>
#include <limits>

#include <QByteArray>

#include "api/apierror.h"
#include "api/httpserver.h"
#include "common/strictjson.h"

namespace orch::api {

namespace {

QString withLine(std::optional<qint64> line, const QString& message)
{
    return line ? QStringLiteral("line %1: %2").arg(*line).arg(message) : message;
}

ApiError error400(const char* code, QString message, QString field, std::optional<qint64> line)
{
    ApiError e = badRequest(QByteArray(code), withLine(line, message), std::move(field));
    e.line = line;
    return e;
}

} // namespace

QString jsonPath(QStringView corePath)
{
    if (corePath.isEmpty() || corePath == u"(root)")
        return QStringLiteral("$");
    if (corePath.startsWith(u'['))
        return u'$' + corePath.toString();
    return QStringLiteral("$.") + corePath.toString();
}

static QString joined(const QString& prefix, QStringView corePath)
{
    const QString p = jsonPath(corePath);
    return prefix == u"$" ? p : prefix + p.mid(1);
}

void requireJsonContent(const HttpRequest& request, BodyKind kind)
{
    const QByteArrayView type = request.header("content-type");
    if (!type.isNull()) {
        const qsizetype semicolon = type.indexOf(';');
        const QByteArray mime
            = (semicolon < 0 ? type : type.first(semicolon)).trimmed().toByteArray().toLower();
        const bool json = mime == "application/json" || mime.endsWith("+json");
        const bool lines = mime == "application/x-ndjson" || mime == "application/jsonl";
        if (!json && !(kind == BodyKind::JsonOrLines && lines)) {
            ApiError e;
            e.status = 415;
            e.code = "unsupported_media_type";
            e.message = kind == BodyKind::Json
                ? QStringLiteral("expected Content-Type application/json")
                : QStringLiteral("expected Content-Type application/json or application/x-ndjson");
            throw e;
        }
    }
    if (request.body.isEmpty())
        throw badRequest("missing_body", QStringLiteral("the request needs a JSON body"),
                         QStringLiteral("$"));
}

bool isJsonLines(const HttpRequest& request)
{
    const QByteArrayView type = request.header("content-type");
    return type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl");
}

nlohmann::json parseJson(std::string_view text, const QString& pathPrefix, std::optional<qint64> line)
{
    auto parsed = json::parseStrict(text);
    if (parsed)
        return std::move(parsed).value();
    QString message = parsed.error();
    if (const qsizetype overflow = message.indexOf(QStringLiteral("number overflow")); overflow >= 0)
        throw error400("out_of_range", QStringLiteral("number out of range: ") + message.mid(overflow),
                       pathPrefix, line);
    if (message.startsWith(QStringLiteral("line "))) {
        // nlohmann reports a number beyond the double range as a syntax error ("number overflow").
        const bool overflow = message.contains(QStringLiteral("overflow"));
        throw error400(
            overflow ? "out_of_range" : "malformed_json",
            (overflow ? QStringLiteral("number out of range: ") : QStringLiteral("malformed JSON: "))
                + message,
            pathPrefix, line);
    }
    const qsizetype colon = message.indexOf(QStringLiteral(": "));
    const QString corePath = colon < 0 ? QString() : message.left(colon);
    const QString reason = colon < 0 ? message : message.mid(colon + 2);
    const QString field = joined(pathPrefix, corePath);
    const char* code = reason.startsWith(QStringLiteral("duplicate key")) ? "duplicate_key"
        : reason.startsWith(QStringLiteral("nesting"))                    ? "too_deep"
        : reason.contains(QStringLiteral("out of range"))                 ? "out_of_range"
                                                                          : "malformed_json";
    throw error400(code, field + QStringLiteral(": ") + reason, field, line);
}

FieldReader::FieldReader(const nlohmann::json& value, QString path, std::optional<qint64> line)
    : m_object(value)
    , m_path(std::move(path))
    , m_line(line)
{
    if (!value.is_object())
        throw error400("invalid_type",
                       m_path + QStringLiteral(": must be a JSON object, got ") + json::typeName(value),
                       m_path, m_line);
}

QString FieldReader::pathOf(const char* key) const
{
    return m_path + u'.' + QString::fromUtf8(key);
}

void FieldReader::fail(const char* code, const char* key, const QString& message) const
{
    const QString field = key ? pathOf(key) : m_path;
    throw error400(code, field + QStringLiteral(": ") + message, field, m_line);
}

const nlohmann::json* FieldReader::find(const char* key, bool required)
{
    m_known.push_back(key);
    const auto it = m_object.find(key);
    if (it == m_object.end()) {
        if (required)
            fail("missing_field", key, QStringLiteral("is required"));
        return nullptr;
    }
    return &*it;
}

const nlohmann::json& FieldReader::raw(const char* key) const
{
    return m_object.at(key);
}

double FieldReader::number(const char* key)
{
    return *optionalNumber(key, true);
}

std::optional<double> FieldReader::optionalNumber(const char* key)
{
    return optionalNumber(key, false);
}

std::optional<double> FieldReader::optionalNumber(const char* key, bool required)
{
    const nlohmann::json* v = find(key, required);
    if (!v)
        return std::nullopt;
    if (!v->is_number())
        fail("invalid_type", key, QStringLiteral("must be a number, got ") + json::typeName(*v));
    const double d = v->get<double>();
    if (!std::isfinite(d))
        fail("out_of_range", key, QStringLiteral("must be a finite number"));
    return d;
}

QString FieldReader::string(const char* key, int maxLength)
{
    return *optionalString(key, maxLength, true);
}

std::optional<QString> FieldReader::optionalString(const char* key, int maxLength)
{
    return optionalString(key, maxLength, false);
}

std::optional<QString> FieldReader::optionalString(const char* key, int maxLength, bool required)
{
    const nlohmann::json* v = find(key, required);
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        fail("invalid_type", key, QStringLiteral("must be a string, got ") + json::typeName(*v));
    QString s = QString::fromStdString(v->get_ref<const std::string&>());
    if (s.size() > maxLength)
        fail("out_of_range", key, QStringLiteral("must be at most %1 characters").arg(maxLength));
    return s;
}

bool FieldReader::boolean(const char* key)
{
    const nlohmann::json* v = find(key, true);
    if (!v->is_boolean())
        fail("invalid_type", key, QStringLiteral("must be true or false, got ") + json::typeName(*v));
    return v->get<bool>();
}

std::optional<bool> FieldReader::optionalBoolean(const char* key)
{
    const nlohmann::json* v = find(key, false);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean())
        fail("invalid_type", key, QStringLiteral("must be true or false, got ") + json::typeName(*v));
    return v->get<bool>();
}

std::optional<qint64> FieldReader::optionalInteger(const char* key, qint64 min, qint64 max)
{
    const nlohmann::json* v = find(key, false);
    if (!v)
        return std::nullopt;
    if (!v->is_number())
        fail("invalid_type", key, QStringLiteral("must be an integer, got ") + json::typeName(*v));
    if (v->is_number_float()) {
        const double d = v->get<double>();
        if (!std::isfinite(d) || d != std::floor(d))
            fail("invalid_type", key, QStringLiteral("must be an integer, got ") + json::brief(*v));
        if (d < double(min) || d > double(max))
            fail("out_of_range", key, QStringLiteral("must be from %1 to %2").arg(min).arg(max));
        return qint64(d);
    }
    if (v->is_number_unsigned() && v->get<quint64>() > quint64(std::numeric_limits<qint64>::max()))
        fail("out_of_range", key, QStringLiteral("must be from %1 to %2").arg(min).arg(max));
    const qint64 n = v->get<qint64>();
    if (n < min || n > max)
        fail("out_of_range", key, QStringLiteral("must be from %1 to %2, got %3").arg(min).arg(max).arg(n));
    return n;
}

std::optional<TimeMs> FieldReader::optionalTime(const char* key)
{
    const auto text = optionalString(key, 40);
    if (!text)
        return std::nullopt;
    const auto t = parseIsoUtc(*text);
    if (!t)
        fail("invalid_value", key,
             QStringLiteral("must be an ISO-8601 UTC time such as 2026-01-15T02:00:00Z"));
    return t;
}

const nlohmann::json* FieldReader::optionalValue(const char* key)
{
    return find(key, false);
}

void FieldReader::finish()
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        bool known = false;
        for (const char* k : m_known)
            known = known || it.key() == k;
        if (!known) {
            QStringList expected;
            for (const char* k : m_known)
                expected.append(QString::fromUtf8(k));
            const QString field = m_path + u'.' + QString::fromStdString(it.key());
            throw error400("unknown_field",
                           field
                               + QStringLiteral(": unknown field (expected: %1)")
                                     .arg(expected.join(QStringLiteral(", "))),
                           field, m_line);
        }
    }
}

QueryReader::QueryReader(const HttpRequest& request)
{
    if (request.query.isEmpty())
        return;
    const QList<QByteArray> parts = request.query.split('&');
    for (const QByteArray& part : parts) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        const QString name
            = QString::fromUtf8(QByteArray::fromPercentEncoding(eq < 0 ? part : part.left(eq)));
        const QString value
            = eq < 0 ? QString() : QString::fromUtf8(QByteArray::fromPercentEncoding(part.mid(eq + 1)));
        for (const auto& [n, v] : m_items) {
            if (n == name)
                throw badRequest("duplicate_parameter", QStringLiteral("?%1: given more than once").arg(name),
                                 u'?' + name);
        }
        m_items.emplace_back(name, value);
    }
}

std::optional<QString> QueryReader::take(const char* name)
{
    const QString n = QString::fromUtf8(name);
    m_known.append(n);
    for (const auto& [k, v] : m_items) {
        if (k == n)
            return v;
    }
    return std::nullopt;
}

std::optional<qint64> QueryReader::integer(const char* name, qint64 min, qint64 max)
{
    const auto text = take(name);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const qint64 v = text->toLongLong(&ok);
    const QString field = u'?' + QString::fromUtf8(name);
    if (!ok)
        throw badRequest("invalid_type",
                         QStringLiteral("%1: must be an integer, got \"%2\"").arg(field, text->left(40)),
                         field);
    if (v < min || v > max)
        throw badRequest(
            "out_of_range",
            QStringLiteral("%1: must be from %2 to %3, got %4").arg(field).arg(min).arg(max).arg(v), field);
    return v;
}

std::optional<TimeMs> QueryReader::time(const char* name)
{
    const auto text = take(name);
    if (!text)
        return std::nullopt;
    const QString field = u'?' + QString::fromUtf8(name);
    if (const auto t = parseIsoUtc(*text))
        return t;
    throw badRequest(
        "invalid_type",
        QStringLiteral("%1: must be an ISO-8601 UTC time such as 2026-01-15T02:00:00Z, got \"%2\"")
            .arg(field, text->left(40)),
        field);
}

std::optional<QString> QueryReader::string(const char* name, int maxLength)
{
    auto text = take(name);
    if (text && text->size() > maxLength) {
        const QString field = u'?' + QString::fromUtf8(name);
        throw badRequest("out_of_range",
                         QStringLiteral("%1: must be at most %2 characters").arg(field).arg(maxLength),
                         field);
    }
    return text;
}

void QueryReader::finish()
{
    for (const auto& [k, v] : m_items) {
        if (!m_known.contains(k)) {
            const QString field = u'?' + k;
            throw badRequest(
                "unknown_parameter",
                QStringLiteral("%1: unknown parameter (expected: %2)")
                    .arg(field,
                         m_known.isEmpty() ? QStringLiteral("none") : m_known.join(QStringLiteral(", "))),
                field);
        }
    }
}

} // namespace orch::api
