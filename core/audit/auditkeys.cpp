#include "audit/auditkeys.h"

#include <cerrno>
#include <cstring>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/auditformat.h"
#include "audit/auditlogging.h"

namespace orch::audit {

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(strerror(errno));
}

} // namespace

Status ensurePrivateDirectory(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) == 0) {
        const QString parent = QFileInfo(path).absolutePath();
        return fsyncDirectory(parent);
    }
    if (errno != EEXIST)
        return fail(QStringLiteral("cannot create directory %1: %2").arg(path, errnoText()));
    struct stat st = {};
    if (::stat(native.constData(), &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(QStringLiteral("%1 exists but is not a directory").arg(path));
    return success();
}

Status fsyncDirectory(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(QStringLiteral("cannot open directory %1 to sync it: %2").arg(path, errnoText()));
    const int rc = ::fsync(fd);
    const QString error = rc != 0 ? errnoText() : QString();
    ::close(fd);
    if (rc != 0)
        return fail(QStringLiteral("fsync of directory %1 failed: %2").arg(path, error));
    return success();
}

Status createFileDurably(const QString& path, QByteArrayView data, int mode)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(QStringLiteral("cannot create %1: %2").arg(path, errnoText()));
    ::fchmod(fd, mode_t(mode)); // the umask may only have narrowed it; make it exact
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const QString error = errnoText();
            ::close(fd);
            return fail(QStringLiteral("cannot write %1: %2").arg(path, error));
        }
        done += n;
    }
    if (::fsync(fd) != 0) {
        const QString error = errnoText();
        ::close(fd);
        return fail(QStringLiteral("fsync of %1 failed: %2").arg(path, error));
    }
    ::close(fd);
    return fsyncDirectory(QFileInfo(path).absolutePath());
}

Result<QByteArray> readWholeFile(const QString& path, qsizetype maxSize)
{
    QFile file(path);
    if (!file.exists())
        return fail(QStringLiteral("%1 does not exist").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > maxSize)
        return fail(QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxSize));
    return file.readAll();
}

KeyStore::KeyStore(QString keysDir)
    : m_dir(std::move(keysDir))
{ }

QString KeyStore::keyPath(const QString& keyId) const
{
    return m_dir + u'/' + keyId + QStringLiteral(".key");
}

QString KeyStore::signingPrivatePath() const
{
    return m_dir + QStringLiteral("/signing-private.pem");
}

QString KeyStore::signingPublicPath() const
{
    return m_dir + QStringLiteral("/signing-public.pem");
}

Result<QByteArray> KeyStore::loadKey(const QString& keyId) const
{
    const QString path = keyPath(keyId);
    if (!format::keyNumber(keyId))
        return fail(QStringLiteral("invalid audit key id '%1'").arg(keyId));
    QFile file(path);
    if (!file.exists())
        return fail(QStringLiteral("audit key %1 is missing: %2 does not exist").arg(keyId, path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            QStringLiteral("audit key %1 cannot be read from %2: %3").arg(keyId, path, file.errorString()));
    const QByteArray key = file.read(crypto::kKeySize + 1);
    if (key.size() != crypto::kKeySize)
        return fail(QStringLiteral("audit key %1 in %2 is corrupt: expected %3 bytes, found %4")
                        .arg(keyId, path)
                        .arg(crypto::kKeySize)
                        .arg(file.size()));
    if (file.permissions()
        & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
           | QFileDevice::WriteOther))
        qCWarning(lcAudit) << "audit key file" << path
                           << "is accessible by group or others; expected mode 0600";
    return key;
}

Result<QString> KeyStore::createKey(int number) const
{
    const QString keyId = format::keyIdForNumber(number);
    auto key = crypto::randomBytes(crypto::kKeySize);
    if (!key)
        return fail(key.error());
    if (auto st = createFileDurably(keyPath(keyId), *key, 0600); !st)
        return fail(st.error());
    qCInfo(lcAudit) << "created audit encryption key" << keyId;
    return keyId;
}

std::vector<int> KeyStore::keyNumbers() const
{
    std::vector<int> numbers;
    const QStringList names = QDir(m_dir).entryList({ QStringLiteral("key-*.key") }, QDir::Files, QDir::Name);
    for (const QString& name : names)
        if (auto n = format::keyNumber(name.chopped(4)))
            numbers.push_back(*n);
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

Result<crypto::PkeyPtr> KeyStore::loadSigningPublicKey() const
{
    const QString path = signingPublicPath();
    auto pem = readWholeFile(path, 64 * 1024);
    if (!pem)
        return fail(QStringLiteral("audit signing public key: %1").arg(pem.error()));
    return crypto::loadPublicKeyPem(*pem, path);
}

Result<crypto::PkeyPtr> KeyStore::loadOrCreateSigningKey() const
{
    const QString privatePath = signingPrivatePath();
    const QString publicPath = signingPublicPath();
    if (!QFile::exists(privatePath)) {
        if (QFile::exists(publicPath))
            return fail(QStringLiteral("audit signing key is missing: %1 does not exist but %2 does")
                            .arg(privatePath, publicPath));
        auto key = crypto::generateEd25519();
        if (!key)
            return fail(key.error());
        auto privatePem = crypto::privateKeyPem(key->get());
        auto publicPem = crypto::publicKeyPem(key->get());
        if (!privatePem || !publicPem)
            return fail(privatePem.ok() ? publicPem.error() : privatePem.error());
        if (auto st = createFileDurably(privatePath, *privatePem, 0600); !st)
            return fail(st.error());
        if (auto st = createFileDurably(publicPath, *publicPem, 0644); !st)
            return fail(st.error());
        qCInfo(lcAudit) << "created audit signing key" << crypto::publicKeyId(key->get());
        return std::move(*key);
    }
    auto pem = readWholeFile(privatePath, 64 * 1024);
    if (!pem)
        return fail(QStringLiteral("audit signing key: %1").arg(pem.error()));
    auto key = crypto::loadPrivateKeyPem(*pem, privatePath);
    if (!key)
        return fail(key.error());
    if (!QFile::exists(publicPath)) {
        auto publicPem = crypto::publicKeyPem(key->get());
        if (!publicPem)
            return fail(publicPem.error());
        if (auto st = createFileDurably(publicPath, *publicPem, 0644); !st)
            return fail(st.error());
    } else {
        auto publicKey = loadSigningPublicKey();
        if (!publicKey)
            return fail(publicKey.error());
        if (crypto::rawPublicKey(publicKey->get()) != crypto::rawPublicKey(key->get()))
            return fail(QStringLiteral("audit signing keys do not match: %1 is not the public half of %2")
                            .arg(publicPath, privatePath));
    }
    return std::move(*key);
}

} // namespace orch::audit
