#pragma once

#include <string_view>

#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace orch::json {

// Limits applied to every untrusted JSON document.
struct ParseLimits
{
    int maxDepth = 32;
};

// Parses untrusted JSON: rejects syntax errors (with line and column), duplicate keys, nesting
// deeper than the limit, a byte-order mark, invalid UTF-8 and non-finite numbers.
Result<nlohmann::json> parseStrict(std::string_view text, const ParseLimits& limits = {});

// Line and column (1-based) of a byte offset in text.
QString describePosition(std::string_view text, std::size_t byteOffset);

// Short, printable rendering of a JSON value for error messages ("got ...").
QString brief(const nlohmann::json& value);

// Name of a JSON value's type as a user would say it ("a number", "a string", ...).
QString typeName(const nlohmann::json& value);

// Joins a JSON path: "governance" + "maxApiCost" -> "governance.maxApiCost"; index -> "a[2]".
QString joinPath(const QString& parent, const QString& key);
QString joinIndex(const QString& parent, std::size_t index);

} // namespace orch::json
