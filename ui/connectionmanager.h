#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include "client/orchestratorclient.h"
#include "common/result.h"
#include "connectionconfig.h"

namespace orch::ui {

class ConnectionTokens;
class SettingsStorage;

// Every orchestrator the console is connected to, and the clients that talk to them: the window's
// own (embedded) client, plus the connections the analyst saved (embedded data directories and
// remote orchestratord's). Owns the clients it creates; the approvals inbox and the fleet view
// read from here. Persists the connection list (without secrets) in the settings and the tokens in
// the keychain (ConnectionTokens).
class ConnectionManager final : public QObject
{
    Q_OBJECT
public:
    // Makes the client for a connection; nullptr when this build cannot (the reason goes to
    // *problem). Tests and the app may replace the default.
    using ClientFactory = std::function<std::unique_ptr<OrchestratorClient>(
        const ConnectionConfig& config, const QString& token, QString* problem)>;

    ConnectionManager(SettingsStorage& settings, ConnectionTokens& tokens, QObject* parent = nullptr);
    ~ConnectionManager() override;
    Q_DISABLE_COPY_MOVE(ConnectionManager)

    // EmbeddedClient for embedded connections, RemoteClient (core/net) for remote ones.
    static std::unique_ptr<OrchestratorClient> createDefaultClient(const ConnectionConfig& config, const QString& token,
                                                                   QString* problem);
    void setClientFactory(ClientFactory factory) { m_factory = std::move(factory); }
    // Whether new clients are start()ed as soon as they exist (default true).
    void setAutoStart(bool autoStart) { m_autoStart = autoStart; }

    // The console's own client (created by the application, not owned, not saved): listed first.
    // Adopting it again renames it.
    QString adoptClient(OrchestratorClient* client, const QString& name);
    // Reads the saved connections and creates their clients (remote ones once their token is read).
    void loadSaved();

    // Validates, saves, stores the token (keychain, else this session) and connects.
    Status addConnection(ConnectionConfig config, const QString& token = {});
    // token: nullopt keeps the stored one; an empty string removes it.
    Status updateConnection(const ConnectionConfig& config, std::optional<QString> token = std::nullopt);
    void removeConnection(const QString& id);

    QStringList ids() const;
    bool contains(const QString& id) const;
    // The saved configuration; nullopt for the adopted client and unknown ids.
    std::optional<ConnectionConfig> config(const QString& id) const;
    QString name(const QString& id) const;
    QString address(const QString& id) const;
    bool isAdopted(const QString& id) const;
    OrchestratorClient* client(const QString& id) const;
    // Why a connection has no client, or why its token is only kept for this session.
    QString problem(const QString& id) const;
    // The id whose client this is; empty when none.
    QString idOf(const OrchestratorClient* client) const;

    ConnectionTokens& tokens() { return m_tokens; }

Q_SIGNALS:
    void connectionAdded(const QString& id);
    void connectionChanged(const QString& id); // name, address, client or problem
    // Emitted before the client is deleted (later, from the event loop): drop every pointer to it.
    void connectionRemoved(const QString& id);
    void tokenStored(const QString& id, bool persistent, const QString& problem);

private:
    struct Entry
    {
        QString id;
        std::optional<ConnectionConfig> config; // nullopt: adopted
        QString adoptedName;
        QPointer<OrchestratorClient> client;
        bool owned = false;
        QString problem;
    };

    Entry* find(const QString& id);
    const Entry* find(const QString& id) const;
    void save();
    void createClient(Entry& entry, const QString& token);
    void dropClient(Entry& entry);
    void storeToken(const QString& id, const QString& token);
    void connectWhenTokenIsRead(const QString& id);

    SettingsStorage& m_settings;
    ConnectionTokens& m_tokens;
    ClientFactory m_factory;
    bool m_autoStart = true;
    QList<Entry> m_entries;
};

} // namespace orch::ui
