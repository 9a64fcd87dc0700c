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
    : m_walker(object, std::move(path), errors, json::ObjectWalker::Absent::Allowed)
{ }

QString ObjectReader::pathOf(const char* key) const
{
    return m_walker.pathOf(key);
}

void ObjectReader::error(const char* key, const QString& reason)
{
    m_walker.error(key, reason);
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
            m_walker.addError(itemPath + QStringLiteral(": must be a string, got ") + json::brief(item));
            ok = false;
            continue;
        }
        const QString s = QString::fromStdString(item.get<std::string>());
        if (!allowed.isEmpty() && !allowed.contains(s)) {
            m_walker.addError(itemPath
                              + QStringLiteral(": must be one of %1, got %2")
                                    .arg(allowed.join(QStringLiteral(", ")), json::brief(item)));
            ok = false;
        } else if (result.contains(s)) {
            m_walker.addError(itemPath + QStringLiteral(": \"%1\" is listed twice").arg(s));
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
    return ObjectReader(find(key), pathOf(key), m_walker.errors());
}

void ObjectReader::finish()
{
    m_walker.finish();
}

} // namespace orch
