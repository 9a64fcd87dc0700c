#pragma once

#include <initializer_list>
#include <optional>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "common/jsonobject.h"

namespace orch {

// Reads one JSON object of a configuration document field by field, with defaults for absent
// keys, and collects every error as "path: reason". finish() reports the keys nobody asked for.
class ObjectReader final
{
public:
    ObjectReader(const nlohmann::json* object, QString path, QStringList* errors);

    struct Range
    {
        std::optional<double> min;
        std::optional<double> max;
        bool minExclusive = false;
    };

    void number(const char* key, double& out, Range range);
    void integer(const char* key, int& out, int min, int max);
    void boolean(const char* key, bool& out);
    // A string; when `allowed` is not empty, it must be one of them.
    void string(const char* key, QString& out, const QStringList& allowed = {});
    // A list of strings from `allowed` (when not empty), without repeats; `minCount` at least.
    void stringList(const char* key, QStringList& out, const QStringList& allowed, int minCount);
    // A nested object: the returned reader reads its fields (or defaults when it is absent).
    ObjectReader object(const char* key);
    void finish();

    QString pathOf(const char* key) const;
    void error(const char* key, const QString& reason);

private:
    const nlohmann::json* find(const char* key) { return m_walker.find(key); }

    json::ObjectWalker m_walker;
};

} // namespace orch
