#include "connectiontokens.h"

#include <QPointer>
#include <QTimer>

#include <qcorosignal.h>
#include <qt6keychain/keychain.h>

#include "uilogging.h"

namespace orch::ui {

namespace {

// A keychain that does not answer (a locked wallet waiting for a password nobody types on a
// headless machine) must not hold a connection forever.
constexpr std::chrono::seconds kKeychainTimeout { 20 };

bool meansNoKeychain(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::OtherError:
        return true;
    default:
        return false;
    }
}

// Runs a keychain job to its end (or the timeout) without blocking; the job deletes itself.
QCoro::Task<std::pair<QKeychain::Error, QString>> run(QKeychain::Job* job, QString* text = nullptr)
{
    // Never the plain-text QSettings fallback: a token must not reach the disk unencrypted.
    job->setInsecureFallback(false);
    job->setAutoDelete(false);
    QPointer<QKeychain::Job> guard(job);
    job->start();
    const auto finished = co_await qCoro(job, &QKeychain::Job::finished, kKeychainTimeout);
    if (!guard)
        co_return std::make_pair(QKeychain::OtherError, QStringLiteral("the keychain job vanished"));
    std::pair<QKeychain::Error, QString> out;
    if (!finished) {
        out = { QKeychain::OtherError, QStringLiteral("the system keychain did not answer within %1 s")
                                           .arg(std::chrono::seconds(kKeychainTimeout).count()) };
    } else {
        out = { job->error(), job->errorString() };
        if (text && job->error() == QKeychain::NoError)
            if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(job))
                *text = read->textData();
    }
    job->deleteLater();
    co_return out;
}

} // namespace

ConnectionTokens::ConnectionTokens(QObject* parent)
    : QObject(parent)
{ }

ConnectionTokens::~ConnectionTokens() = default;

QString ConnectionTokens::serviceName()
{
    return QStringLiteral("autonomic-orchestrator");
}

std::optional<QString> ConnectionTokens::sessionToken(const QString& connectionId) const
{
    const auto it = m_session.find(connectionId);
    return it == m_session.end() ? std::nullopt : std::optional<QString>(it->second);
}

void ConnectionTokens::markUnavailable(const QString& problem)
{
    const bool changed = m_keyringAvailable || m_keyringProblem != problem;
    m_keyringAvailable = false;
    m_keyringProblem = problem;
    if (changed) {
        qCWarning(lcUi) << "no system keychain:" << problem << "- tokens are kept for this session only";
        Q_EMIT keyringAvailabilityChanged(false, problem);
    }
}

QCoro::Task<ConnectionTokens::Stored> ConnectionTokens::store(QString connectionId, QString token)
{
    QPointer<ConnectionTokens> self(this);
    m_session[connectionId] = token;
    auto* job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(connectionId);
    job->setTextData(token);
    const auto [error, message] = co_await run(job);
    if (!self)
        co_return Stored {};
    if (error == QKeychain::NoError) {
        if (!m_keyringAvailable) {
            m_keyringAvailable = true;
            m_keyringProblem.clear();
            Q_EMIT keyringAvailabilityChanged(true, {});
        }
        co_return Stored { true, {} };
    }
    const QString problem = message.isEmpty() ? tr("the system keychain is not available") : message;
    if (meansNoKeychain(error))
        markUnavailable(problem);
    co_return Stored { false, problem };
}

QCoro::Task<std::optional<QString>> ConnectionTokens::fetch(QString connectionId)
{
    if (auto held = sessionToken(connectionId))
        co_return held;
    QPointer<ConnectionTokens> self(this);
    auto* job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(connectionId);
    QString text;
    const auto [error, message] = co_await run(job, &text);
    if (!self)
        co_return std::nullopt;
    if (error == QKeychain::NoError) {
        m_session[connectionId] = text;
        co_return text;
    }
    if (error != QKeychain::EntryNotFound && meansNoKeychain(error))
        markUnavailable(message);
    co_return std::nullopt;
}

QCoro::Task<> ConnectionTokens::remove(QString connectionId)
{
    m_session.erase(connectionId);
    auto* job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(connectionId);
    co_await run(job);
}

} // namespace orch::ui
