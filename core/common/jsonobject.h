#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace orch::json {

// Walks one JSON object of a document field by field, collecting every problem as "path: reason"
// into a shared list; finish() reports the keys nobody asked for. The spec reader (defaults for
// absent keys) and the learner's readers (every key required) build on it.
class ObjectWalker final
{
public:
    enum class Absent
    {
        Allowed,
        IsError
    };

    // `object` may be null (a missing parent whose error was reported already).
    ObjectWalker(const nlohmann::json* object, QString path, QStringList* errors, Absent absent);

    // The value of `key` (and remembers the key as known); null when absent — an error when
    // keys are required — or when there is no object.
    const nlohmann::json* find(const char* key);
    QString pathOf(const char* key) const;
    void error(const char* key, const QString& reason);
    void addError(const QString& pathAndReason) { m_errors->append(pathAndReason); }
    // Reports every key of the object that find() was not asked for.
    void finish();

    const QString& path() const { return m_path; }
    QStringList* errors() const { return m_errors; }

private:
    const nlohmann::json* m_object;
    QString m_path;
    QStringList* m_errors;
    Absent m_absent;
    QStringList m_known;
};

} // namespace orch::json
