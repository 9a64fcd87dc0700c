#include "redis/redisurl.h"

#include <QUrl>

namespace orch {

namespace {

Error urlError(const QString& what)
{
    return fail(QStringLiteral("invalid Redis URL: %1").arg(what));
}

bool allDigits(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

// Host names and IPv4 addresses: letters, digits, '-', '.', '_' (as in container names).
bool isHostName(QStringView s)
{
    for (QChar c : s) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'.' && c != u'_')
            return false;
    }
    return !s.isEmpty();
}

bool isIpv6Literal(QStringView s)
{
    for (QChar c : s) {
        const bool hex = (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
        if (!hex && c != u':' && c != u'.')
            return false;
    }
    return s.contains(u':');
}

} // namespace

Result<RedisUrl> RedisUrl::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return urlError(QStringLiteral("empty; expected redis://[:password@]host[:port][/db]"));
    const qsizetype schemeEnd = trimmed.indexOf(QStringLiteral("://"));
    if (schemeEnd < 0)
        return urlError(QStringLiteral("no scheme; expected redis://[:password@]host[:port][/db]"));
    const QString scheme = trimmed.first(schemeEnd).toLower();
    if (scheme == u"rediss")
        return urlError(QStringLiteral("rediss:// (TLS) is not supported; use redis://"));
    if (scheme == u"unix" || scheme == u"redis+unix")
        return urlError(QStringLiteral("Unix sockets are not supported; use redis://host:port"));
    if (scheme != u"redis")
        return urlError(QStringLiteral("scheme \"%1\" is not redis://").arg(trimmed.first(schemeEnd)));

    QStringView rest = QStringView(trimmed).sliced(schemeEnd + 3);
    if (rest.contains(u'?'))
        return urlError(QStringLiteral("query parameters (\"?...\") are not supported"));
    if (rest.contains(u'#'))
        return urlError(QStringLiteral("a fragment (\"#...\") is not allowed"));

    RedisUrl url;
    // The password may contain '@' or '/' only percent-encoded; the last '@' before the path ends
    // the credentials.
    const qsizetype slash = rest.indexOf(u'/', rest.lastIndexOf(u'@') + 1);
    QStringView authority = slash < 0 ? rest : rest.first(slash);
    const QStringView path = slash < 0 ? QStringView() : rest.sliced(slash + 1);

    if (const qsizetype at = authority.lastIndexOf(u'@'); at >= 0) {
        const QStringView userInfo = authority.first(at);
        authority = authority.sliced(at + 1);
        const qsizetype colon = userInfo.indexOf(u':');
        if (colon < 0)
            return urlError(
                QStringLiteral("credentials must be written \":password@\" or \"user:password@\""));
        url.username = QUrl::fromPercentEncoding(userInfo.first(colon).toUtf8());
        url.password = QUrl::fromPercentEncoding(userInfo.sliced(colon + 1).toUtf8());
        if (url.password.isEmpty())
            return urlError(QStringLiteral("the password after ':' is empty"));
    }

    QStringView portText;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return urlError(QStringLiteral("IPv6 address without closing ']'"));
        const QStringView address = authority.sliced(1, close - 1);
        if (!isIpv6Literal(address))
            return urlError(QStringLiteral("\"%1\" is not an IPv6 address").arg(address));
        url.host = address.toString();
        const QStringView after = authority.sliced(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':'))
                return urlError(QStringLiteral("unexpected \"%1\" after the IPv6 address").arg(after));
            portText = after.sliced(1);
            if (portText.isEmpty())
                return urlError(QStringLiteral("the port after ':' is empty"));
        }
    } else {
        const qsizetype colon = authority.indexOf(u':');
        const QStringView host = colon < 0 ? authority : authority.first(colon);
        if (colon >= 0) {
            portText = authority.sliced(colon + 1);
            if (portText.isEmpty())
                return urlError(QStringLiteral("the port after ':' is empty"));
        }
        if (host.isEmpty())
            return urlError(QStringLiteral("the host is missing"));
        if (!isHostName(host))
            return urlError(QStringLiteral("\"%1\" is not a host name or address").arg(host));
        url.host = host.toString();
    }
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!allDigits(portText) || !ok || port < 1 || port > 65535)
            return urlError(QStringLiteral("port \"%1\" is not a number from 1 to 65535").arg(portText));
        url.port = static_cast<quint16>(port);
    }

    if (!path.isEmpty()) {
        bool ok = false;
        const uint db = path.toUInt(&ok);
        if (!allDigits(path) || !ok || db > 65535)
            return urlError(QStringLiteral("database \"/%1\" is not a number from 0 to 65535").arg(path));
        url.db = static_cast<int>(db);
    }
    return url;
}

QString RedisUrl::redacted() const
{
    QString text = QStringLiteral("redis://");
    if (!password.isEmpty())
        text += QString::fromUtf8(QUrl::toPercentEncoding(username)) + QStringLiteral(":***@");
    text += host.contains(u':') ? u'[' + host + u']' : host;
    text += u':' + QString::number(port) + u'/' + QString::number(db);
    return text;
}

} // namespace orch
