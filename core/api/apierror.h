#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QString>

namespace orch::api {

// The one error type of the HTTP boundary: handlers throw it, ApiService maps it to a response
// in one place. The body is always
//   {"error":{"status":400,"code":"invalid_type","message":"...","field":"$.threshold","line":3}}
// with "field" and "line" present only when they apply (docs/api.md, "Errors").
struct ApiError
{
    int status = 400;
    QByteArray code; // machine-readable: "malformed_json", "missing_field", "invalid_type", ...
    QString message; // for people: names the field and what was wrong with it
    QString field; // JSON path of the offending field ("$.featureStdDev", "$[3].value"); may be empty
    std::optional<qint64> line; // for JSON-lines bodies: the 1-based line
    std::vector<std::pair<QByteArray, QByteArray>> headers; // extra response headers (Allow, Retry-After)

    QByteArray body() const;
};

ApiError badRequest(QByteArray code, QString message, QString field = {});

// The reason phrase of an HTTP status ("Not Found").
QByteArray reasonPhrase(int status);

// Serialized error body for the HTTP layer's own refusals (413, 431, 408, ...).
QByteArray errorBody(int status, QByteArrayView code, const QString& message);

} // namespace orch::api
