#include "common/strictjson.h"

#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace orch::json {

namespace {

// Thrown from the parser callback to abort parsing with a message; never leaves this file.
struct Reject
{
    QString message;
};

struct Frame
{
    bool isObject = false;
    std::set<std::string> keys;
    std::string currentKey;
    std::size_t index = 0;
};

QString pathOf(const std::vector<Frame>& frames)
{
    QString path;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const Frame& f = frames[i];
        const bool last = i + 1 == frames.size();
        if (f.isObject) {
            if (!f.currentKey.empty() || !last)
                path = joinPath(path, QString::fromStdString(f.currentKey));
        } else if (!last) {
            path = joinIndex(path, f.index);
        }
    }
    return path.isEmpty() ? QStringLiteral("(root)") : path;
}

void elementDone(std::vector<Frame>& frames)
{
    if (!frames.empty() && !frames.back().isObject)
        ++frames.back().index;
}

} // namespace

QString describePosition(std::string_view text, std::size_t byteOffset)
{
    std::size_t line = 1, column = 1;
    const std::size_t end = std::min(byteOffset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

QString brief(const nlohmann::json& value)
{
    std::string s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (s.size() > 60)
        s = s.substr(0, 57) + "...";
    return QString::fromStdString(s);
}

QString typeName(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return QStringLiteral("null");
    case nlohmann::json::value_t::object:
        return QStringLiteral("an object");
    case nlohmann::json::value_t::array:
        return QStringLiteral("an array");
    case nlohmann::json::value_t::string:
        return QStringLiteral("a string");
    case nlohmann::json::value_t::boolean:
        return QStringLiteral("a boolean");
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
        return QStringLiteral("an integer");
    case nlohmann::json::value_t::number_float:
        return QStringLiteral("a number");
    default:
        return QStringLiteral("an unsupported value");
    }
}

QString joinPath(const QString& parent, const QString& key)
{
    return parent.isEmpty() ? key : parent + u'.' + key;
}

QString joinIndex(const QString& parent, std::size_t index)
{
    return parent + u'[' + QString::number(index) + u']';
}

Result<nlohmann::json> parseStrict(std::string_view text, const ParseLimits& limits)
{
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF
        && static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
        return fail(QStringLiteral("line 1, column 1: a byte-order mark is not allowed"));

    std::vector<Frame> frames;
    auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) -> bool {
        using E = nlohmann::json::parse_event_t;
        switch (event) {
        case E::object_start:
        case E::array_start:
            if (depth >= limits.maxDepth)
                throw Reject { QStringLiteral("%1: nesting deeper than %2 levels")
                                   .arg(pathOf(frames))
                                   .arg(limits.maxDepth) };
            frames.push_back(Frame { event == E::object_start, {}, {}, 0 });
            break;
        case E::key: {
            Frame& f = frames.back();
            const std::string key = parsed.get<std::string>();
            if (!f.keys.insert(key).second) {
                f.currentKey = key;
                throw Reject { QStringLiteral("%1: duplicate key \"%2\"")
                                   .arg(pathOf(frames), QString::fromStdString(key)) };
            }
            f.currentKey = key;
            break;
        }
        case E::object_end:
        case E::array_end:
            frames.pop_back();
            elementDone(frames);
            break;
        case E::value:
            if (parsed.is_number_float() && !std::isfinite(parsed.get<double>()))
                throw Reject { QStringLiteral("%1: number out of range").arg(pathOf(frames)) };
            elementDone(frames);
            break;
        }
        return true;
    };

    try {
        return nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                                     /*ignore_comments=*/false);
    } catch (const Reject& r) {
        return fail(r.message);
    } catch (const nlohmann::json::parse_error& e) {
        // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 5: ..."; keep the tail.
        std::string what = e.what();
        const auto colon = what.find(": ", what.find("parse error"));
        std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
        return fail(describePosition(text, e.byte == 0 ? 0 : e.byte - 1) + QStringLiteral(": ")
                    + QString::fromStdString(detail));
    } catch (const nlohmann::json::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }
}

} // namespace orch::json
