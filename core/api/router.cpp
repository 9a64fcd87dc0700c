#include "api/router.h"

namespace orch::api {

void Router::add(QByteArray method, const QString& pattern, Role role, Handler handler)
{
    Route r;
    r.method = std::move(method);
    r.pattern = pattern;
    r.segments = pattern.split(u'/', Qt::SkipEmptyParts);
    r.role = role;
    r.handler = std::move(handler);
    for (const QString& s : std::as_const(r.segments))
        r.hasParameters = r.hasParameters || (s.startsWith(u'{') && s.endsWith(u'}'));
    const std::size_t index = m_routes.size();
    if (!r.hasParameters)
        m_literal[pattern.toUtf8()].push_back(index);
    m_routes.push_back(std::move(r));
}

Router::Match Router::match(QByteArrayView method, QByteArrayView path) const
{
    const QByteArrayView effective = method == "HEAD" ? QByteArrayView("GET") : method;
    Match m;
    QList<QByteArray> allowed;
    auto consider = [&](const Route& r, QStringList params) {
        if (r.method == effective && !m.route) {
            m.route = &r;
            m.parameters = std::move(params);
        }
        if (!allowed.contains(r.method))
            allowed.append(r.method);
    };
    const auto literal = m_literal.constFind(path.toByteArray());
    if (literal != m_literal.constEnd()) {
        for (std::size_t i : *literal)
            consider(m_routes[i], {});
    }
    if (!m.route && path.size() > 1) {
        const QList<QByteArrayView> parts = [&] {
            QList<QByteArrayView> out;
            qsizetype start = 1;
            while (start <= path.size()) {
                qsizetype slash = path.indexOf('/', start);
                if (slash < 0)
                    slash = path.size();
                out.append(path.sliced(start, slash - start));
                start = slash + 1;
            }
            return out;
        }();
        for (const Route& r : m_routes) {
            if (!r.hasParameters || r.segments.size() != parts.size())
                continue;
            QStringList params;
            bool ok = true;
            for (qsizetype i = 0; ok && i < parts.size(); ++i) {
                const QString& seg = r.segments[i];
                if (seg.startsWith(u'{')) {
                    const QString value
                        = QString::fromUtf8(QByteArray::fromPercentEncoding(parts[i].toByteArray()));
                    ok = !value.isEmpty();
                    params.append(value);
                } else {
                    ok = parts[i] == seg.toUtf8();
                }
            }
            if (ok)
                consider(r, std::move(params));
        }
    }
    if (m.route)
        return m;
    if (allowed.isEmpty()) {
        m.status = 404;
        return m;
    }
    if (allowed.contains("GET"))
        allowed.append("HEAD");
    m.status = 405;
    m.allow = allowed.join(", ");
    return m;
}

} // namespace orch::api
