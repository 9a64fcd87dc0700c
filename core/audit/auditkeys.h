#pragma once

#include <vector>

#include <QByteArray>
#include <QString>

#include "audit/auditcrypto.h"
#include "common/result.h"

namespace orch::audit {

// POSIX helpers with the durability rules of docs/audit-format.md.
Status ensurePrivateDirectory(const QString& path);
Status fsyncDirectory(const QString& path);
// Creates path exclusively with `mode`, writes data, fsyncs the file and its directory.
Status createFileDurably(const QString& path, QByteArrayView data, int mode);
Result<QByteArray> readWholeFile(const QString& path, qsizetype maxSize);

// The key files in DATA/audit/keys: one 32-byte master encryption key per key id
// (`<keyId>.key`), and the Ed25519 checkpoint signing pair.
class KeyStore final
{
public:
    explicit KeyStore(QString keysDir);

    const QString& directory() const { return m_dir; }
    QString keyPath(const QString& keyId) const;
    QString signingPrivatePath() const;
    QString signingPublicPath() const;

    // The master key for keyId; errors name the key id and the file.
    Result<QByteArray> loadKey(const QString& keyId) const;
    // Creates a fresh random key with the given number; returns its key id.
    Result<QString> createKey(int number) const;
    // Key numbers present on disk, ascending.
    std::vector<int> keyNumbers() const;

    Result<crypto::PkeyPtr> loadSigningPublicKey() const;
    // Loads the signing key pair, creating it on first use (private 0600, public 0644).
    Result<crypto::PkeyPtr> loadOrCreateSigningKey() const;

private:
    QString m_dir;
};

} // namespace orch::audit
