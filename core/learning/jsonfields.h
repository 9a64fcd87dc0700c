#pragma once

#include <optional>

#include <QString>
#include <QStringList>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "common/jsonobject.h"

// Internal to orch_learning: reads the learner's own documents (model state, weight_posterior.json),
// in which every field is required. Each problem is collected as "path: reason".
namespace orch::learning::detail {

class FieldReader final
{
public:
    // `object` may be null (a missing parent: its error was reported already).
    FieldReader(const nlohmann::json* object, QString path, QStringList* errors);

    std::optional<double> number(const char* key, std::optional<double> min = {},
                                 std::optional<double> max = {}, bool minExclusive = false);
    std::optional<qint64> integer(const char* key, qint64 min);
    std::optional<bool> boolean(const char* key);
    // A string, non-empty unless `mayBeEmpty`.
    std::optional<QString> string(const char* key, bool mayBeEmpty = false);
    // An array of `size` finite numbers.
    std::optional<Eigen::VectorXd> vector(const char* key, Eigen::Index size);
    // An array of `rows` arrays of `cols` finite numbers.
    std::optional<Eigen::MatrixXd> matrix(const char* key, Eigen::Index rows, Eigen::Index cols);
    // A required nested object or array; null (with the error reported) when absent or of another type.
    const nlohmann::json* object(const char* key);
    const nlohmann::json* array(const char* key);
    // Any required value, unchecked (e.g. one that may be null).
    const nlohmann::json* value(const char* key) { return find(key); }
    // Reports the keys no reader asked for.
    void finish();

    QString pathOf(const char* key) const;
    void error(const char* key, const QString& reason);

private:
    const nlohmann::json* find(const char* key) { return m_walker.find(key); }

    json::ObjectWalker m_walker;
};

// Numbers exactly as written and read back ("g" with 17 digits), for error messages.
QString numberText(double v);

nlohmann::ordered_json toJson(const Eigen::VectorXd& v);
nlohmann::ordered_json toJson(const Eigen::MatrixXd& m);

} // namespace orch::learning::detail
