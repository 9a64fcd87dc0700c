#include "api/apierror.h"

#include <nlohmann/json.hpp>

namespace orch::api {

QByteArray ApiError::body() const
{
    nlohmann::ordered_json e;
    e["status"] = status;
    e["code"] = code.toStdString();
    e["message"] = message.toStdString();
    if (!field.isEmpty())
        e["field"] = field.toStdString();
    if (line)
        e["line"] = *line;
    const nlohmann::ordered_json doc { { "error", std::move(e) } };
    return QByteArray::fromStdString(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

ApiError badRequest(QByteArray code, QString message, QString field)
{
    ApiError e;
    e.status = 400;
    e.code = std::move(code);
    e.message = std::move(message);
    e.field = std::move(field);
    return e;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 421:
        return QByteArrayLiteral("Misdirected Request");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArrayLiteral("Unknown");
    }
}

QByteArray errorBody(int status, QByteArrayView code, const QString& message)
{
    ApiError e;
    e.status = status;
    e.code = code.toByteArray();
    e.message = message;
    return e.body();
}

} // namespace orch::api
