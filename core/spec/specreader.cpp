#include "spec/specreader.h"

#include <cmath>

#include "common/strictjson.h"

namespace orch {

namespace {

QString numberText(double v)
{
    return QString::number(v, 'g', 17);
}

} // namespace

ObjectReader::ObjectReader(const nlohmann::json* object, QString path, QStringList* errors)
    : m_object(object)
    , m_path(std::move(path))
    , m_errors(errors)
{
    if (m_object && !m_object->is_object()) {
        m_errors->append((m_path.isEmpty() ? QStringLiteral("(root)") : m_path)
                         + QStringLiteral(": must be an object, got ") + json::typeName(*m_object));
        m_object = nullptr;
    }
}

QString ObjectReader::pathOf(const char* key) const
{
    return json::joinPath(m_path, QString::fromUtf8(key));
}

void ObjectReader::error(const char* key, const QString& reason)
{
    m_errors->append(pathOf(key) + QStringLiteral(": ") + reason);
}

const nlohmann::json* ObjectReader::find(const char* key)
{
    m_known.append(QString::fromUtf8(key));
    if (!m_object)
        return nullptr;
    const auto it = m_object->find(key);
    return it == m_object->end() ? nullptr : &*it;
}

void ObjectReader::number(const char* key, double& out, Range range)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return;
    if (!v->is_number()) {
        error(key, QStringLiteral("must be a number, got ") + json::brief(*v));
        return;
    }
    const double d = v->get<double>();
    if (!std::isfinite(d)) {
        error(key, QStringLiteral("must be a finite number, got ") + json::brief(*v));
        return;
    }
    if (range.min) {
        if (range.minExclusive ? !(d > *range.min) : !(d >= *range.min)) {
            error(key,
                  QStringLiteral("must be %1 %2, got %3")
                      .arg(range.minExclusive ? QStringLiteral(">") : QStringLiteral(">="),
                           numberText(*range.min), json::brief(*v)));
            return;
        }
    }
    if (range.max && !(d <= *range.max)) {
        error(key, QStringLiteral("must be <= %1, got %2").arg(numberText(*range.max), json::brief(*v)));
        return;
    }
    out = d;
}

void ObjectReader::integer(const char* key, int& out, int min, int max)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return;
    if (!v->is_number_integer()) {
        error(key, QStringLiteral("must be an integer, got ") + json::brief(*v));
        return;
    }
    // Compare as 64-bit so huge values are reported, not wrapped.
    const bool isUnsigned = v->is_number_unsigned();
    const long long i = isUnsigned ? static_cast<long long>(std::min<unsigned long long>(
                            v->get<unsigned long long>(), 9223372036854775807ULL))
                                   : v->get<long long>();
    if (i < min) {
        error(key, QStringLiteral("must be >= %1, got %2").arg(min).arg(json::brief(*v)));
        return;
    }
    if (i > max) {
        error(key, QStringLiteral("must be <= %1, got %2").arg(max).arg(json::brief(*v)));
        return;
    }
    out = static_cast<int>(i);
}

void ObjectReader::boolean(const char* key, bool& out)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return;
    if (!v->is_boolean()) {
        error(key, QStringLiteral("must be true or false, got ") + json::brief(*v));
        return;
    }
    out = v->get<bool>();
}

void ObjectReader::string(const char* key, QString& out, const QStringList& allowed)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return;
    if (!v->is_string()) {
        error(key, QStringLiteral("must be a string, got ") + json::brief(*v));
        return;
    }
    const QString s = QString::fromStdString(v->get<std::string>());
    if (!allowed.isEmpty() && !allowed.contains(s)) {
        error(key,
              QStringLiteral("must be one of %1, got %2")
                  .arg(allowed.join(QStringLiteral(", ")), json::brief(*v)));
        return;
    }
    if (allowed.isEmpty() && s.trimmed().isEmpty()) {
        error(key, QStringLiteral("must not be empty"));
        return;
    }
    out = s;
}

void ObjectReader::stringList(const char* key, QStringList& out, const QStringList& allowed, int minCount)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return;
    if (!v->is_array()) {
        error(key, QStringLiteral("must be an array of strings, got ") + json::brief(*v));
        return;
    }
    QStringList result;
    bool ok = true;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const nlohmann::json& item = (*v)[i];
        const QString itemPath = json::joinIndex(pathOf(key), i);
        if (!item.is_string()) {
            m_errors->append(itemPath + QStringLiteral(": must be a string, got ") + json::brief(item));
            ok = false;
            continue;
        }
        const QString s = QString::fromStdString(item.get<std::string>());
        if (!allowed.isEmpty() && !allowed.contains(s)) {
            m_errors->append(itemPath
                             + QStringLiteral(": must be one of %1, got %2")
                                   .arg(allowed.join(QStringLiteral(", ")), json::brief(item)));
            ok = false;
        } else if (result.contains(s)) {
            m_errors->append(itemPath + QStringLiteral(": \"%1\" is listed twice").arg(s));
            ok = false;
        } else {
            result.append(s);
        }
    }
    if (ok && result.size() < minCount) {
        error(key,
              QStringLiteral("must list at least %1 entr%2, got %3")
                  .arg(minCount)
                  .arg(minCount == 1 ? QStringLiteral("y") : QStringLiteral("ies"))
                  .arg(result.size()));
        return;
    }
    if (ok)
        out = result;
}

ObjectReader ObjectReader::object(const char* key)
{
    return ObjectReader(find(key), pathOf(key), m_errors);
}

void ObjectReader::finish()
{
    if (!m_object)
        return;
    for (auto it = m_object->begin(); it != m_object->end(); ++it) {
        const QString k = QString::fromStdString(it.key());
        if (!m_known.contains(k))
            m_errors->append(json::joinPath(m_path, k)
                             + QStringLiteral(": unknown key (expected one of: %1)")
                                   .arg(m_known.join(QStringLiteral(", "))));
    }
}

} // namespace orch
