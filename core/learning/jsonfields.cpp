#include "learning/jsonfields.h"

#include <cmath>

#include "common/strictjson.h"

namespace orch::learning::detail {

QString numberText(double v)
{
    return QString::number(v, 'g', 17);
}

nlohmann::ordered_json toJson(const Eigen::VectorXd& v)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i)
        a.push_back(v(i));
    return a;
}

nlohmann::ordered_json toJson(const Eigen::MatrixXd& m)
{
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        rows.push_back(toJson(Eigen::VectorXd(m.row(i).transpose())));
    return rows;
}

FieldReader::FieldReader(const nlohmann::json* object, QString path, QStringList* errors)
    : m_walker(object, std::move(path), errors, json::ObjectWalker::Absent::IsError)
{ }

QString FieldReader::pathOf(const char* key) const
{
    return m_walker.pathOf(key);
}

void FieldReader::error(const char* key, const QString& reason)
{
    m_walker.error(key, reason);
}

std::optional<double> FieldReader::number(const char* key, std::optional<double> min,
                                          std::optional<double> max, bool minExclusive)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return std::nullopt;
    if (!v->is_number()) {
        error(key, QStringLiteral("must be a number, got ") + json::brief(*v));
        return std::nullopt;
    }
    const double d = v->get<double>();
    if (!std::isfinite(d)) {
        error(key, QStringLiteral("must be a finite number, got ") + json::brief(*v));
        return std::nullopt;
    }
    if (min && (minExclusive ? !(d > *min) : !(d >= *min))) {
        error(key,
              QStringLiteral("must be %1 %2, got %3")
                  .arg(minExclusive ? QStringLiteral(">") : QStringLiteral(">="), numberText(*min),
                       numberText(d)));
        return std::nullopt;
    }
    if (max && !(d <= *max)) {
        error(key, QStringLiteral("must be <= %1, got %2").arg(numberText(*max), numberText(d)));
        return std::nullopt;
    }
    return d;
}

std::optional<qint64> FieldReader::integer(const char* key, qint64 min)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return std::nullopt;
    if (!v->is_number_integer()) {
        error(key, QStringLiteral("must be an integer, got ") + json::brief(*v));
        return std::nullopt;
    }
    if (v->is_number_unsigned() && v->get<unsigned long long>() > 9223372036854775807ULL) {
        error(key, QStringLiteral("is too large, got ") + json::brief(*v));
        return std::nullopt;
    }
    const qint64 i = v->get<qint64>();
    if (i < min) {
        error(key, QStringLiteral("must be >= %1, got %2").arg(min).arg(i));
        return std::nullopt;
    }
    return i;
}

std::optional<bool> FieldReader::boolean(const char* key)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean()) {
        error(key, QStringLiteral("must be true or false, got ") + json::brief(*v));
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<QString> FieldReader::string(const char* key, bool mayBeEmpty)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return std::nullopt;
    if (!v->is_string()) {
        error(key, QStringLiteral("must be a string, got ") + json::brief(*v));
        return std::nullopt;
    }
    const QString s = QString::fromStdString(v->get<std::string>());
    if (!mayBeEmpty && s.trimmed().isEmpty()) {
        error(key, QStringLiteral("must not be empty"));
        return std::nullopt;
    }
    return s;
}

namespace {

// Reads an array of `size` finite numbers at `path`; appends errors and returns nullopt otherwise.
std::optional<Eigen::VectorXd> readNumbers(const nlohmann::json& v, const QString& path, Eigen::Index size,
                                           QStringList* errors)
{
    if (!v.is_array()) {
        errors->append(path + QStringLiteral(": must be an array of numbers, got ") + json::brief(v));
        return std::nullopt;
    }
    if (Eigen::Index(v.size()) != size) {
        errors->append(path + QStringLiteral(": must have %1 elements, got %2").arg(size).arg(v.size()));
        return std::nullopt;
    }
    Eigen::VectorXd out(size);
    bool ok = true;
    for (Eigen::Index i = 0; i < size; ++i) {
        const nlohmann::json& e = v[std::size_t(i)];
        if (!e.is_number() || !std::isfinite(e.get<double>())) {
            errors->append(json::joinIndex(path, std::size_t(i))
                           + QStringLiteral(": must be a finite number, got ") + json::brief(e));
            ok = false;
            continue;
        }
        out(i) = e.get<double>();
    }
    return ok ? std::optional(out) : std::nullopt;
}

} // namespace

std::optional<Eigen::VectorXd> FieldReader::vector(const char* key, Eigen::Index size)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return std::nullopt;
    return readNumbers(*v, pathOf(key), size, m_walker.errors());
}

std::optional<Eigen::MatrixXd> FieldReader::matrix(const char* key, Eigen::Index rows, Eigen::Index cols)
{
    const nlohmann::json* v = find(key);
    if (!v)
        return std::nullopt;
    if (!v->is_array() || Eigen::Index(v->size()) != rows) {
        error(key, QStringLiteral("must be an array of %1 rows, got ").arg(rows) + json::brief(*v));
        return std::nullopt;
    }
    Eigen::MatrixXd out(rows, cols);
    bool ok = true;
    for (Eigen::Index i = 0; i < rows; ++i) {
        const auto row = readNumbers((*v)[std::size_t(i)], json::joinIndex(pathOf(key), std::size_t(i)), cols,
                                     m_walker.errors());
        if (row)
            out.row(i) = row->transpose();
        else
            ok = false;
    }
    return ok ? std::optional(out) : std::nullopt;
}

const nlohmann::json* FieldReader::object(const char* key)
{
    const nlohmann::json* v = find(key);
    if (v && !v->is_object()) {
        error(key, QStringLiteral("must be an object, got ") + json::typeName(*v));
        return nullptr;
    }
    return v;
}

const nlohmann::json* FieldReader::array(const char* key)
{
    const nlohmann::json* v = find(key);
    if (v && !v->is_array()) {
        error(key, QStringLiteral("must be an array, got ") + json::typeName(*v));
        return nullptr;
    }
    return v;
}

void FieldReader::finish()
{
    m_walker.finish();
}

} // namespace orch::learning::detail
