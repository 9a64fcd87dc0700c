#include "common/jsonobject.h"

#include "common/strictjson.h"

namespace orch::json {

ObjectWalker::ObjectWalker(const nlohmann::json* object, QString path, QStringList* errors, Absent absent)
    : m_object(object)
    , m_path(std::move(path))
    , m_errors(errors)
    , m_absent(absent)
{
    if (m_object && !m_object->is_object()) {
        m_errors->append((m_path.isEmpty() ? QStringLiteral("(root)") : m_path)
                         + QStringLiteral(": must be an object, got ") + typeName(*m_object));
        m_object = nullptr;
    }
}

QString ObjectWalker::pathOf(const char* key) const
{
    return joinPath(m_path, QString::fromUtf8(key));
}

void ObjectWalker::error(const char* key, const QString& reason)
{
    m_errors->append(pathOf(key) + QStringLiteral(": ") + reason);
}

const nlohmann::json* ObjectWalker::find(const char* key)
{
    m_known.append(QString::fromUtf8(key));
    if (!m_object)
        return nullptr;
    const auto it = m_object->find(key);
    if (it != m_object->end())
        return &*it;
    if (m_absent == Absent::IsError)
        error(key, QStringLiteral("is missing"));
    return nullptr;
}

void ObjectWalker::finish()
{
    if (!m_object)
        return;
    for (auto it = m_object->begin(); it != m_object->end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (!m_known.contains(key))
            m_errors->append(joinPath(m_path, key)
                             + QStringLiteral(": unknown key (expected one of: %1)")
                                   .arg(m_known.join(QStringLiteral(", "))));
    }
}

} // namespace orch::json
