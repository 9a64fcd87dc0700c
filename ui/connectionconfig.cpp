#include "connectionconfig.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUuid>

#include "settings.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

const QString kListKey = QStringLiteral("Connections/list");

QString tr(const char* text)
{
    return QCoreApplication::translate("orch::ui::ConnectionConfig", text);
}

} // namespace

bool isPublicKeyPin(const QString& text)
{
    const QString pin = text.trimmed();
    if (QString(pin).remove(u':').contains(QRegularExpression(QStringLiteral("^[0-9a-fA-F]{64}$"))))
        return true;
    if (pin.size() != 44 || !pin.contains(QRegularExpression(QStringLiteral("^[A-Za-z0-9+/]{43}=$"))))
        return false;
    const auto decoded
        = QByteArray::fromBase64Encoding(pin.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 32 && decoded.decoded.toBase64() == pin.toLatin1();
}

QStringList splitPublicKeyPins(const QString& text)
{
    return text.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts);
}

Result<QUrl> parseServerUrl(const QString& text)
{
    // lupdate would file tr() in a free function under the namespace: the context is spelled out.
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("orch::ui::ConnectionConfig",
                                                "url: required (http://host:port or https://host:port)"));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return fail(QCoreApplication::translate("orch::ui::ConnectionConfig", "url: not a valid address: %1")
                        .arg(url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QStringLiteral("http") && scheme != QStringLiteral("https"))
        return fail(
            url.scheme().isEmpty()
                ? QCoreApplication::translate("orch::ui::ConnectionConfig",
                                              "url: the scheme must be http or https (https://host:port)")
                : QCoreApplication::translate("orch::ui::ConnectionConfig",
                                              "url: the scheme must be http or https, got %1")
                      .arg(url.scheme()));
    if (url.host().isEmpty())
        return fail(QCoreApplication::translate("orch::ui::ConnectionConfig", "url: the host is missing"));
    if (!url.userInfo().isEmpty())
        return fail(QCoreApplication::translate(
            "orch::ui::ConnectionConfig",
            "url: no user name or password in the address; the token goes in the token field"));
    if (url.hasQuery() || url.hasFragment())
        return fail(
            QCoreApplication::translate("orch::ui::ConnectionConfig", "url: no query or fragment (?…, #…)"));
    // QUrl accepts ports up to 65535 only; an explicit 0 is no port to connect to.
    const int port = url.port();
    if (port == 0)
        return fail(QCoreApplication::translate("orch::ui::ConnectionConfig",
                                                "url: port must be between 1 and 65535, got 0"));
    QUrl normalized = url;
    normalized.setScheme(scheme);
    if (normalized.path() == QStringLiteral("/"))
        normalized.setPath(QString());
    return normalized;
}

QStringList ConnectionConfig::validate() const
{
    QStringList errors;
    if (id.isEmpty())
        errors << tr("id: required");
    if (name.trimmed().isEmpty())
        errors << tr("name: required");
    if (kind == Kind::Remote) {
        if (auto parsed = parseServerUrl(url.toString()); !parsed)
            errors << parsed.error();
        for (const QString& pin : publicKeyPins) {
            if (!isPublicKeyPin(pin))
                errors << tr("publicKeyPins: each pin must be the SHA-256 of the server's public key "
                             "(SubjectPublicKeyInfo) as base64, 44 characters like HPKP pin-sha256, or as "
                             "64 hex digits (colons allowed), got %1")
                              .arg(pin.left(100));
        }
        if (!publicKeyPins.isEmpty() && url.scheme() == QStringLiteral("http"))
            errors << tr("publicKeyPins: public-key pins apply to https only");
    } else {
        if (dealers < 1 || dealers > 100000)
            errors << tr("dealers: must be between 1 and 100000, got %1").arg(dealers);
    }
    return errors;
}

QString ConnectionConfig::describe() const
{
    if (kind == Kind::Remote)
        return url.toString();
    if (!dataDir.isEmpty())
        return tr("Embedded · %1").arg(dataDir);
    return tr("Embedded · simulated fleet (%1 dealers)").arg(dealers);
}

QVariantMap ConnectionConfig::toVariant() const
{
    QVariantMap map;
    map.insert(QStringLiteral("id"), id);
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("kind"), kind == Kind::Embedded ? QStringLiteral("embedded") : QStringLiteral("remote"));
    if (kind == Kind::Embedded) {
        map.insert(QStringLiteral("dataDir"), dataDir);
        map.insert(QStringLiteral("dealers"), dealers);
        map.insert(QStringLiteral("seed"), seed);
    } else {
        map.insert(QStringLiteral("url"), url.toString());
        map.insert(QStringLiteral("publicKeyPins"), publicKeyPins);
        map.insert(QStringLiteral("caCertificate"), caCertificatePath);
    }
    return map;
}

Result<ConnectionConfig> ConnectionConfig::fromVariant(const QVariantMap& map)
{
    ConnectionConfig c;
    c.id = map.value(QStringLiteral("id")).toString();
    c.name = map.value(QStringLiteral("name")).toString();
    const QString kind = map.value(QStringLiteral("kind")).toString();
    if (kind == QStringLiteral("embedded")) {
        c.kind = Kind::Embedded;
        c.dataDir = map.value(QStringLiteral("dataDir")).toString();
        c.dealers = map.value(QStringLiteral("dealers"), 25).toInt();
        c.seed = map.value(QStringLiteral("seed"), 42).toULongLong();
    } else if (kind == QStringLiteral("remote")) {
        c.kind = Kind::Remote;
        c.url = QUrl(map.value(QStringLiteral("url")).toString());
        c.publicKeyPins = map.value(QStringLiteral("publicKeyPins")).toStringList();
        // Earlier versions pinned the whole certificate's SHA-256 and then accepted it unverified; that
        // digest is not a public-key pin and cannot be converted, so it is dropped: the connection
        // now needs its certificate to verify (the CA certificate field) and new pins.
        if (!map.value(QStringLiteral("pinnedSha256")).toString().isEmpty())
            qCWarning(lcUi)
                << "connection" << c.id
                << "drops its certificate pin (pinnedSha256); set publicKeyPins and a CA certificate";
        c.caCertificatePath = map.value(QStringLiteral("caCertificate")).toString();
    } else {
        return fail(tr("kind: must be embedded or remote, got %1").arg(kind));
    }
    if (const QStringList errors = c.validate(); !errors.isEmpty())
        return fail(errors.join(QStringLiteral("; ")));
    return c;
}

QString ConnectionConfig::newId()
{
    return QStringLiteral("c-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

ConnectionStore::ConnectionStore(SettingsStorage& storage)
    : m_storage(storage)
{ }

QList<ConnectionConfig> ConnectionStore::load() const
{
    QList<ConnectionConfig> out;
    const QVariantList list = SettingValue<QVariantList>(m_storage, kListKey).value();
    for (const QVariant& entry : list) {
        auto config = ConnectionConfig::fromVariant(entry.toMap());
        if (!config) {
            qCWarning(lcUi) << "skipping a stored connection:" << config.error();
            continue;
        }
        out << config.value();
    }
    return out;
}

void ConnectionStore::save(const QList<ConnectionConfig>& connections)
{
    QVariantList list;
    for (const ConnectionConfig& c : connections)
        list << c.toVariant();
    SettingValue<QVariantList>(m_storage, kListKey) = list;
    m_storage.sync();
}

} // namespace orch::ui
