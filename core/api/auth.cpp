#include "api/auth.h"

#include <chrono>

#include <QFile>
#include <QFileDevice>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "api/apilogging.h"

namespace orch::api {

namespace {

std::array<unsigned char, 32> sha256(QByteArrayView data)
{
    std::array<unsigned char, 32> digest {};
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size()), digest.data());
    return digest;
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

bool isIdentityChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '@' || c == ':';
}

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Analyst:
        return QStringLiteral("analyst");
    case Role::Approver:
        return QStringLiteral("approver");
    }
    return {};
}

std::optional<Role> parseRole(QStringView text)
{
    if (text == u"viewer")
        return Role::Viewer;
    if (text == u"analyst")
        return Role::Analyst;
    if (text == u"approver")
        return Role::Approver;
    return std::nullopt;
}

Result<TokenStore> TokenStore::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (file.permissions() & QFileDevice::ReadOther)
        return fail(QStringLiteral("%1: readable by every user; restrict it (chmod 600)").arg(path));
    if (file.size() > 1024 * 1024)
        return fail(QStringLiteral("%1: larger than 1 MiB").arg(path));
    return parse(file.readAll(), path);
}

Result<TokenStore> TokenStore::parse(QByteArrayView content, const QString& nameForErrors)
{
    TokenStore store;
    qint64 lineNumber = 0;
    qsizetype start = 0;
    while (start < content.size()) {
        qsizetype end = content.indexOf('\n', start);
        if (end < 0)
            end = content.size();
        QByteArrayView line = content.sliced(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (line.endsWith('\r'))
            line.chop(1);
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = line.toByteArray().simplified().split(' ');
        // Never echo a token in an error: name the line and the column only.
        const QString where = QStringLiteral("%1:%2").arg(nameForErrors).arg(lineNumber);
        if (fields.size() != 3)
            return fail(where + QStringLiteral(": expected three fields: TOKEN ROLE IDENTITY"));
        const QByteArray& token = fields[0];
        if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength)
            return fail(where
                        + QStringLiteral(": the token must have %1 to %2 characters")
                              .arg(kMinTokenLength)
                              .arg(kMaxTokenLength));
        for (char c : token) {
            if (!isTokenChar(c))
                return fail(
                    where
                    + QStringLiteral(": the token has a character other than A-Z a-z 0-9 - _ . ~ + / ="));
        }
        const auto role = parseRole(QString::fromUtf8(fields[1]));
        if (!role)
            return fail(where
                        + QStringLiteral(": unknown role \"%1\" (expected viewer, analyst or approver)")
                              .arg(QString::fromUtf8(fields[1].left(32))));
        for (char c : fields[2]) {
            if (!isIdentityChar(c))
                return fail(
                    where
                    + QStringLiteral(": the identity has a character other than A-Z a-z 0-9 - _ . @ :"));
        }
        if (fields[2].size() > 128)
            return fail(where + QStringLiteral(": the identity is longer than 128 characters"));
        Entry e;
        e.digest = sha256(token);
        for (const Entry& other : store.m_entries) {
            if (CRYPTO_memcmp(other.digest.data(), e.digest.data(), e.digest.size()) == 0)
                return fail(where + QStringLiteral(": the same token appears twice"));
        }
        e.identity.role = *role;
        e.identity.name = QString::fromUtf8(fields[2]);
        e.identity.tokenId
            = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(e.digest.data()), 6).toHex());
        store.m_entries.push_back(std::move(e));
    }
    if (store.m_entries.empty())
        return fail(nameForErrors + QStringLiteral(": no tokens"));
    return store;
}

std::optional<Identity> TokenStore::authenticate(QByteArrayView token) const
{
    if (token.isEmpty() || token.size() > kMaxTokenLength)
        return std::nullopt;
    const auto digest = sha256(token);
    const Entry* found = nullptr;
    for (const Entry& e : m_entries) {
        // Every entry is compared, whatever matched before.
        const bool equal = CRYPTO_memcmp(e.digest.data(), digest.data(), digest.size()) == 0;
        if (equal && !found)
            found = &e;
    }
    if (!found)
        return std::nullopt;
    return found->identity;
}

AuthLimiter::AuthLimiter(Settings settings)
    : m_settings(settings)
{ }

int AuthLimiter::retryAfter(const QHostAddress& address)
{
    const qint64 now = steadyMs();
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.constFind(address.toString().toLatin1());
    if (it == m_entries.constEnd() || it->blockedUntil <= now)
        return 0;
    return int((it->blockedUntil - now + 999) / 1000);
}

int AuthLimiter::recordFailure(const QHostAddress& address)
{
    const qint64 now = steadyMs();
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= m_settings.maxTrackedAddresses) {
        // Forget entries that no longer matter; if all still do, forget all but blocked ones.
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            if (it->blockedUntil <= now && now - it->windowStart > qint64(m_settings.windowSeconds) * 1000)
                it = m_entries.erase(it);
            else
                ++it;
        }
    }
    Entry& e = m_entries[address.toString().toLatin1()];
    if (now - e.windowStart > qint64(m_settings.windowSeconds) * 1000) {
        e.windowStart = now;
        e.failures = 0;
    }
    ++e.failures;
    if (e.failures >= m_settings.maxFailures) {
        e.blockedUntil = now + qint64(m_settings.blockSeconds) * 1000;
        e.failures = 0;
        e.windowStart = now;
        qCWarning(lcApi) << "authentication failures from" << address.toString() << "- refused for"
                         << m_settings.blockSeconds << "s";
        return m_settings.blockSeconds;
    }
    return 0;
}

} // namespace orch::api
