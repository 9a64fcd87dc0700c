#include "connectionmanager.h"

#include <qcorotask.h>

#include "client/embeddedclient.h"
#ifdef ORCH_HAVE_REMOTE_CLIENT
#include <QSslCertificate>

#include "net/remoteclient.h"
#endif
#include "connectiontokens.h"
#include "settings.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

const QString kAdoptedId = QStringLiteral("console");

} // namespace

ConnectionManager::ConnectionManager(SettingsStorage& settings, ConnectionTokens& tokens, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_tokens(tokens)
    , m_factory(&ConnectionManager::createDefaultClient)
{ }

ConnectionManager::~ConnectionManager()
{
    for (Entry& entry : m_entries) {
        if (entry.owned && entry.client)
            delete entry.client.data();
    }
}

std::unique_ptr<OrchestratorClient> ConnectionManager::createDefaultClient(const ConnectionConfig& config,
                                                                           const QString& token, QString* problem)
{
    if (config.kind == ConnectionConfig::Kind::Embedded) {
        EmbeddedOptions options;
        options.dataDir = config.dataDir;
        options.dealers = config.dealers;
        options.seed = config.seed;
        return std::make_unique<EmbeddedClient>(options);
    }
#ifdef ORCH_HAVE_REMOTE_CLIENT
    RemoteOptions options;
    options.baseUrl = config.url;
    options.token = token;
    options.publicKeyPins = config.publicKeyPins;
    options.displayName = config.name;
    if (!config.caCertificatePath.isEmpty())
        options.caCertificateFiles = { config.caCertificatePath }; // validate() reads it
    if (Status valid = orch::validate(options); !valid) {
        if (problem)
            *problem = valid.error();
        return nullptr;
    }
    return std::make_unique<RemoteClient>(options);
#else
    Q_UNUSED(token)
    if (problem)
        *problem = tr("this console was built without the remote client (core/net): remote orchestrators "
                      "cannot be reached");
    return nullptr;
#endif
}

ConnectionManager::Entry* ConnectionManager::find(const QString& id)
{
    for (Entry& e : m_entries) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

const ConnectionManager::Entry* ConnectionManager::find(const QString& id) const
{
    return const_cast<ConnectionManager*>(this)->find(id);
}

QString ConnectionManager::adoptClient(OrchestratorClient* client, const QString& name)
{
    // The same client again: only its name changes (a language switch).
    if (Entry* adopted = find(kAdoptedId); adopted && adopted->client == client) {
        adopted->adoptedName = name;
        Q_EMIT connectionChanged(adopted->id);
        return adopted->id;
    }
    Entry entry;
    entry.id = kAdoptedId;
    entry.adoptedName = name;
    entry.client = client;
    m_entries.prepend(entry);
    Q_EMIT connectionAdded(entry.id);
    return entry.id;
}

void ConnectionManager::loadSaved()
{
    const QList<ConnectionConfig> saved = ConnectionStore(m_settings).load();
    for (const ConnectionConfig& config : saved) {
        if (find(config.id))
            continue;
        Entry entry;
        entry.id = config.id;
        entry.config = config;
        m_entries.append(entry);
        Q_EMIT connectionAdded(config.id);
        if (config.kind == ConnectionConfig::Kind::Remote)
            connectWhenTokenIsRead(config.id);
        else
            createClient(m_entries.last(), {});
    }
}

void ConnectionManager::connectWhenTokenIsRead(const QString& id)
{
    QCoro::connect(m_tokens.fetch(id), this, [this, id](const std::optional<QString>& token) {
        Entry* entry = find(id);
        if (!entry || entry->client)
            return;
        createClient(*entry, token.value_or(QString()));
    });
}

Status ConnectionManager::addConnection(ConnectionConfig config, const QString& token)
{
    if (config.id.isEmpty())
        config.id = ConnectionConfig::newId();
    if (config.kind == ConnectionConfig::Kind::Remote) {
        auto url = parseServerUrl(config.url.toString());
        if (!url)
            return fail(url.error());
        config.url = *url;
    }
    if (const QStringList errors = config.validate(); !errors.isEmpty())
        return fail(errors.join(QStringLiteral("; ")));
    if (find(config.id))
        return fail(tr("id: a connection %1 exists already").arg(config.id));
    Entry entry;
    entry.id = config.id;
    entry.config = config;
    m_entries.append(entry);
    save();
    Q_EMIT connectionAdded(config.id);
    if (!token.isEmpty())
        storeToken(config.id, token);
    createClient(m_entries.last(), token);
    return success();
}

Status ConnectionManager::updateConnection(const ConnectionConfig& config, std::optional<QString> token)
{
    Entry* entry = find(config.id);
    if (!entry || !entry->config)
        return fail(tr("id: no saved connection %1").arg(config.id));
    ConnectionConfig checked = config;
    if (checked.kind == ConnectionConfig::Kind::Remote) {
        auto url = parseServerUrl(checked.url.toString());
        if (!url)
            return fail(url.error());
        checked.url = *url;
    }
    if (const QStringList errors = checked.validate(); !errors.isEmpty())
        return fail(errors.join(QStringLiteral("; ")));
    const bool reconnect = !(checked == *entry->config) || token.has_value();
    entry->config = checked;
    save();
    if (token) {
        if (token->isEmpty())
            QCoro::connect(m_tokens.remove(checked.id), this, [] {});
        else
            storeToken(checked.id, *token);
    }
    if (reconnect) {
        dropClient(*entry);
        if (token || checked.kind == ConnectionConfig::Kind::Embedded)
            createClient(*entry, token.value_or(QString()));
        else
            connectWhenTokenIsRead(checked.id);
    }
    Q_EMIT connectionChanged(checked.id);
    return success();
}

void ConnectionManager::removeConnection(const QString& id)
{
    Entry* entry = find(id);
    if (!entry || !entry->config)
        return; // the adopted client belongs to the application
    Q_EMIT connectionRemoved(id);
    dropClient(*entry);
    m_entries.removeIf([&id](const Entry& e) { return e.id == id; });
    save();
    QCoro::connect(m_tokens.remove(id), this, [] {});
}

void ConnectionManager::createClient(Entry& entry, const QString& token)
{
    QString problem;
    std::unique_ptr<OrchestratorClient> client = m_factory(*entry.config, token, &problem);
    entry.problem = problem;
    if (client) {
        client->setParent(this);
        entry.client = client.release();
        entry.owned = true;
        if (m_autoStart)
            entry.client->start();
    } else if (entry.problem.isEmpty()) {
        entry.problem = tr("no client for this connection");
    }
    if (!entry.problem.isEmpty())
        qCWarning(lcUi) << "connection" << entry.id << ":" << entry.problem;
    Q_EMIT connectionChanged(entry.id);
}

void ConnectionManager::dropClient(Entry& entry)
{
    if (entry.client && entry.owned) {
        OrchestratorClient* old = entry.client;
        entry.client = nullptr;
        Q_EMIT connectionChanged(entry.id); // views let go of the old client first
        old->disconnect();
        old->deleteLater();
    }
    entry.client = nullptr;
    entry.owned = false;
}

void ConnectionManager::storeToken(const QString& id, const QString& token)
{
    QCoro::connect(m_tokens.store(id, token), this, [this, id](const ConnectionTokens::Stored& stored) {
        if (Entry* entry = find(id); entry && !stored.persistent) {
            entry->problem = tr("the token is kept for this session only: %1").arg(stored.problem);
            Q_EMIT connectionChanged(id);
        }
        Q_EMIT tokenStored(id, stored.persistent, stored.problem);
    });
}

void ConnectionManager::save()
{
    QList<ConnectionConfig> configs;
    for (const Entry& e : m_entries) {
        if (e.config)
            configs << *e.config;
    }
    ConnectionStore(m_settings).save(configs);
}

QStringList ConnectionManager::ids() const
{
    QStringList out;
    for (const Entry& e : m_entries)
        out << e.id;
    return out;
}

bool ConnectionManager::contains(const QString& id) const
{
    return find(id) != nullptr;
}

std::optional<ConnectionConfig> ConnectionManager::config(const QString& id) const
{
    const Entry* e = find(id);
    return e ? e->config : std::nullopt;
}

QString ConnectionManager::name(const QString& id) const
{
    const Entry* e = find(id);
    if (!e)
        return {};
    return e->config ? e->config->name : e->adoptedName;
}

QString ConnectionManager::address(const QString& id) const
{
    const Entry* e = find(id);
    if (!e)
        return {};
    if (e->config)
        return e->config->describe();
    return e->client ? e->client->displayName() : QString();
}

bool ConnectionManager::isAdopted(const QString& id) const
{
    const Entry* e = find(id);
    return e && !e->config;
}

OrchestratorClient* ConnectionManager::client(const QString& id) const
{
    const Entry* e = find(id);
    return e ? e->client.data() : nullptr;
}

QString ConnectionManager::problem(const QString& id) const
{
    const Entry* e = find(id);
    return e ? e->problem : QString();
}

QString ConnectionManager::idOf(const OrchestratorClient* client) const
{
    for (const Entry& e : m_entries) {
        if (client && e.client == client)
            return e.id;
    }
    return {};
}

} // namespace orch::ui
