#pragma once

#include <optional>
#include <string>

#include <QByteArray>

namespace orch::audit::detail {

// Strict lowercase/uppercase hex of exactly `bytes` bytes (any length when bytes < 0).
inline std::optional<QByteArray> strictHex(const std::string& text, int bytes = -1)
{
    if (text.size() % 2 != 0 || (bytes >= 0 && text.size() != size_t(bytes) * 2))
        return std::nullopt;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return std::nullopt;
    return QByteArray::fromHex(QByteArray::fromStdString(text));
}

inline std::string toHex(const QByteArray& bytes)
{
    return bytes.toHex().toStdString();
}

} // namespace orch::audit::detail
