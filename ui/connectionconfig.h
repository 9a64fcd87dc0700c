#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>

#include "common/result.h"

namespace orch::ui {

class SettingsStorage;

// One orchestrator the console can connect to. Holds no secret: a remote connection's bearer
// token lives in the system keychain (ConnectionTokens), never in the settings.
struct ConnectionConfig
{
    enum class Kind
    {
        Embedded, // the core in a worker thread: the simulated fleet, or a data directory
        Remote, // an orchestratord over HTTP(S)
    };

    QString id; // stable, generated once ("c-<uuid>"): the keychain entry's name
    QString name; // what the analyst calls it ("Production EU")
    Kind kind = Kind::Remote;

    // Embedded.
    QString dataDir; // empty: a fresh temporary store on the simulated fleet
    int dealers = 25;
    quint64 seed = 42;

    // Remote.
    QUrl url; // http(s)://host[:port][/prefix]
    // Extra CA, or the server's own self-signed certificate (PEM), to trust for this server besides
    // the system's CAs; the certificate must still name the host (subjectAltName). Empty: the system's.
    QString caCertificatePath;
    // Public-key pins: SHA-256 of the server key's SubjectPublicKeyInfo, base64 (HPKP pin-sha256) or
    // hex; the primary key's and backups. When set, a verified server whose key is none of them is
    // refused. Empty: normal verification only.
    QStringList publicKeyPins;

    // Every problem, each naming its field ("url: the scheme must be http or https, got ftp").
    QStringList validate() const;
    // "https://orch.example:8443" or "Embedded · simulated fleet (25 dealers)".
    QString describe() const;

    QVariantMap toVariant() const;
    static Result<ConnectionConfig> fromVariant(const QVariantMap& map);
    static QString newId();

    friend bool operator==(const ConnectionConfig&, const ConnectionConfig&) = default;
};

// A public-key pin as typed: SHA-256 as 44 base64 characters or 64 hex digits (colons allowed).
bool isPublicKeyPin(const QString& pin);
// Pins as typed in one field, separated by commas, semicolons or white space.
QStringList splitPublicKeyPins(const QString& text);

// Parses what the analyst typed as a server address; errors name what is wrong.
Result<QUrl> parseServerUrl(const QString& text);

// The connection list in the console's settings (without secrets).
class ConnectionStore final
{
public:
    explicit ConnectionStore(SettingsStorage& storage);

    // Entries that do not parse are skipped (and logged), never fatal.
    QList<ConnectionConfig> load() const;
    void save(const QList<ConnectionConfig>& connections);

private:
    SettingsStorage& m_storage;
};

} // namespace orch::ui
