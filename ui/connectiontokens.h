#pragma once

#include <map>
#include <optional>

#include <QObject>
#include <QString>

#include <qcorotask.h>

namespace orch::ui {

// Bearer tokens of the remote connections, in the system keychain (QtKeychain: Secret Service,
// KWallet, macOS Keychain, Windows Credential Store) under the service "autonomic-orchestrator",
// one entry per connection id. Never written to the settings or any other file: when no keychain
// is available (a headless machine without a Secret Service), a token is kept in memory for this
// session only, keyringAvailable() turns false and keyringProblem() says why, so the console can
// tell the analyst that the token will be asked for again next time.
class ConnectionTokens final : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTokens(QObject* parent = nullptr);
    ~ConnectionTokens() override;
    Q_DISABLE_COPY_MOVE(ConnectionTokens)

    struct Stored
    {
        bool persistent = false; // in the keychain (false: this session only)
        QString problem; // why not, when not
    };
    QCoro::Task<Stored> store(QString connectionId, QString token);
    // The connection's token: from this session, else the keychain; nullopt when there is none.
    QCoro::Task<std::optional<QString>> fetch(QString connectionId);
    QCoro::Task<> remove(QString connectionId);

    // Known only after the first keychain operation; true until one fails for lack of a keychain.
    bool keyringAvailable() const { return m_keyringAvailable; }
    QString keyringProblem() const { return m_keyringProblem; }
    // The token held for this session, if any (tests, and the client factory).
    std::optional<QString> sessionToken(const QString& connectionId) const;

    static QString serviceName();

Q_SIGNALS:
    void keyringAvailabilityChanged(bool available, const QString& problem);

private:
    void markUnavailable(const QString& problem);

    std::map<QString, QString> m_session;
    bool m_keyringAvailable = true;
    QString m_keyringProblem;
};

} // namespace orch::ui
