#pragma once

#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "common/result.h"

typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

// Thin RAII wrappers over the OpenSSL 3 EVP primitives the audit trail uses.
namespace orch::audit::crypto {

constexpr int kHashSize = 32;
constexpr int kKeySize = 32;
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

Result<QByteArray> randomBytes(int count);

// CRC-32C (Castagnoli), hardware-accelerated where the CPU has SSE4.2.
quint32 crc32c(const char* data, qsizetype size, quint32 crc = 0);
// LevelDB's mask: a CRC stored next to the data it covers is rotated and offset, so a CRC over
// bytes that themselves contain CRCs stays meaningful.
inline quint32 maskCrc(quint32 crc)
{
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

class Sha256 final
{
public:
    Sha256();
    ~Sha256();
    Q_DISABLE_COPY_MOVE(Sha256)

    void addByte(char byte);
    void addData(QByteArrayView data);
    // Returns the digest and resets for the next message.
    QByteArray result();

private:
    EVP_MD_CTX* m_ctx;
};

QByteArray sha256(QByteArrayView data);

// Allocation-free SHA-256 of an optional one-byte prefix followed by up to three parts, written
// to out (kHashSize bytes). Uses OpenSSL's one-shot SHA-256 core (SHA-NI where available)
// without the EVP dispatch, which costs as much as hashing a small record.
void sha256Into(unsigned char* out, int prefix, QByteArrayView a, QByteArrayView b = {},
                QByteArrayView c = {});

Result<QByteArray> hkdfSha256(QByteArrayView key, QByteArrayView salt, QByteArrayView info, int length);

// AES-256-GCM with a fixed key and a caller-supplied 96-bit nonce.
class AesGcm final
{
public:
    AesGcm();
    ~AesGcm();
    Q_DISABLE_COPY_MOVE(AesGcm)

    Status setKey(QByteArrayView key);
    // ciphertext has plaintext's size; tag is kTagSize bytes.
    Status seal(QByteArrayView nonce, QByteArrayView aad, QByteArrayView plaintext, QByteArray* ciphertext,
                QByteArray* tag);
    // As seal(), into caller-owned buffers: ciphertext of plaintext.size() bytes (may be null when
    // plaintext is empty) and tag of kTagSize bytes.
    Status sealInto(const char* nonce, QByteArrayView aad, QByteArrayView plaintext, char* ciphertext,
                    char* tag);
    // False when the tag does not authenticate (nonce, aad, ciphertext) under the key; plaintext is
    // then cleared, so nothing unauthenticated leaves this function.
    bool open(QByteArrayView nonce, QByteArrayView aad, QByteArrayView ciphertext, QByteArrayView tag,
              QByteArray* plaintext);
    // As open(), into a caller-owned buffer of ciphertext.size() bytes (no allocation). On failure
    // the buffer is wiped.
    bool openInto(const char* nonce, QByteArrayView aad, QByteArrayView ciphertext, const char* tag,
                  char* plaintext);

private:
    EVP_CIPHER_CTX* m_enc;
    EVP_CIPHER_CTX* m_dec;
};

struct PkeyDeleter
{
    void operator()(EVP_PKEY* key) const;
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

Result<PkeyPtr> generateEd25519();
// `what` names the file in error messages.
Result<PkeyPtr> loadPrivateKeyPem(QByteArrayView pem, const QString& what);
Result<PkeyPtr> loadPublicKeyPem(QByteArrayView pem, const QString& what);
Result<QByteArray> privateKeyPem(EVP_PKEY* key);
Result<QByteArray> publicKeyPem(EVP_PKEY* key);
QByteArray rawPublicKey(EVP_PKEY* key);
// Short id of an Ed25519 public key: the first 8 bytes of SHA-256(raw key), hex.
QString publicKeyId(EVP_PKEY* key);
Result<QByteArray> sign(EVP_PKEY* key, QByteArrayView message);
bool verifySignature(EVP_PKEY* key, QByteArrayView message, QByteArrayView signature);

// Constant-time comparison of equal-length byte strings (false when lengths differ).
bool equalConstantTime(QByteArrayView a, QByteArrayView b);

} // namespace orch::audit::crypto
