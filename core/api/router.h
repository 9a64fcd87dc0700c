#pragma once

#include <functional>
#include <vector>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include "api/auth.h"

namespace orch::api {

class Call;

// Maps (method, path) to a handler. Patterns are literal segments and `{name}` parameters
// ("/api/v1/series/{dealer}/{feature}"); parameters are percent-decoded. A path that exists with
// other methods gives 405 and the Allow header; HEAD is answered by GET routes.
class Router final
{
public:
    using Handler = std::function<void(const Call&)>;

    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Role role = Role::Viewer;
        Handler handler;
        bool hasParameters = false;
    };

    struct Match
    {
        const Route* route = nullptr; // null: see `status`
        QStringList parameters;
        int status = 0; // 404 or 405 when route is null
        QByteArray allow; // for 405
    };

    // Registers a route; `role` is the least role that may call it.
    void add(QByteArray method, const QString& pattern, Role role, Handler handler);
    Match match(QByteArrayView method, QByteArrayView path) const;
    const std::vector<Route>& routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
    QHash<QByteArray, std::vector<std::size_t>> m_literal; // exact path -> routes
};

} // namespace orch::api
