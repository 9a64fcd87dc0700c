// The low-level SHA256_* calls are deprecated in OpenSSL 3 but remain the fastest way to hash
// many small messages (no EVP dispatch per call).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "audit/auditcrypto.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace orch::audit::crypto {

namespace {

QString opensslError(const char* what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char buffer[256] = {};
    if (code != 0)
        ERR_error_string_n(code, buffer, sizeof buffer);
    return QStringLiteral("%1 failed (%2)")
        .arg(QLatin1StringView(what), code ? QString::fromLatin1(buffer) : QStringLiteral("no detail"));
}

struct CrcTable
{
    quint32 entries[8][256];
    CrcTable()
    {
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
            entries[0][i] = c;
        }
        for (int t = 1; t < 8; ++t)
            for (int i = 0; i < 256; ++i)
                entries[t][i] = (entries[t - 1][i] >> 8) ^ entries[0][entries[t - 1][i] & 0xff];
    }
};

quint32 crc32cTable(const unsigned char* p, qsizetype n, quint32 crc)
{
    static const CrcTable table;
    while (n >= 8) {
        const quint32 lo
            = crc ^ (quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24);
        crc = table.entries[7][lo & 0xff] ^ table.entries[6][(lo >> 8) & 0xff]
            ^ table.entries[5][(lo >> 16) & 0xff] ^ table.entries[4][lo >> 24] ^ table.entries[3][p[4]]
            ^ table.entries[2][p[5]] ^ table.entries[1][p[6]] ^ table.entries[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
        crc = table.entries[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) quint32 crc32cHardware(const unsigned char* p, qsizetype n, quint32 crc)
{
    quint64 c = crc;
    while (n >= 8) {
        quint64 word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        n -= 8;
    }
    quint32 c32 = quint32(c);
    while (n-- > 0)
        c32 = _mm_crc32_u8(c32, *p++);
    return c32;
}

bool haveSse42()
{
    static const bool have = __builtin_cpu_supports("sse4.2");
    return have;
}
#endif

const EVP_MD* sha256Md()
{
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

const EVP_CIPHER* aesGcmCipher()
{
    static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    return cipher;
}

QByteArray bioContents(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

} // namespace

Result<QByteArray> randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count) != 1)
        return fail(opensslError("RAND_bytes"));
    return out;
}

quint32 crc32c(const char* data, qsizetype size, quint32 crc)
{
    const auto* p = reinterpret_cast<const unsigned char*>(data);
#if defined(__x86_64__)
    if (haveSse42())
        return ~crc32cHardware(p, size, ~crc);
#endif
    return ~crc32cTable(p, size, ~crc);
}

Sha256::Sha256()
    : m_ctx(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(m_ctx, sha256Md(), nullptr);
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256::addByte(char byte)
{
    EVP_DigestUpdate(m_ctx, &byte, 1);
}

void Sha256::addData(QByteArrayView data)
{
    EVP_DigestUpdate(m_ctx, data.data(), size_t(data.size()));
}

QByteArray Sha256::result()
{
    QByteArray out(kHashSize, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx, reinterpret_cast<unsigned char*>(out.data()), &length);
    EVP_DigestInit_ex(m_ctx, sha256Md(), nullptr);
    return out;
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(kHashSize, Qt::Uninitialized);
    sha256Into(reinterpret_cast<unsigned char*>(out.data()), -1, data);
    return out;
}

void sha256Into(unsigned char* out, int prefix, QByteArrayView a, QByteArrayView b, QByteArrayView c)
{
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    if (prefix >= 0) {
        const unsigned char byte = static_cast<unsigned char>(prefix);
        SHA256_Update(&ctx, &byte, 1);
    }
    if (!a.isEmpty())
        SHA256_Update(&ctx, a.data(), size_t(a.size()));
    if (!b.isEmpty())
        SHA256_Update(&ctx, b.data(), size_t(b.size()));
    if (!c.isEmpty())
        SHA256_Update(&ctx, c.data(), size_t(c.size()));
    SHA256_Final(out, &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx);
}

Result<QByteArray> hkdfSha256(QByteArrayView key, QByteArrayView salt, QByteArrayView info, int length)
{
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    if (!kdf)
        return fail(opensslError("EVP_KDF_fetch(HKDF)"));
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (!ctx)
        return fail(opensslError("EVP_KDF_CTX_new"));
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(key.data()),
                                          size_t(key.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                          size_t(salt.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                          size_t(info.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    const int rc = EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), size_t(length), params);
    EVP_KDF_CTX_free(ctx);
    if (rc != 1)
        return fail(opensslError("HKDF"));
    return out;
}

AesGcm::AesGcm()
    : m_enc(EVP_CIPHER_CTX_new())
    , m_dec(EVP_CIPHER_CTX_new())
{ }

AesGcm::~AesGcm()
{
    EVP_CIPHER_CTX_free(m_enc);
    EVP_CIPHER_CTX_free(m_dec);
}

Status AesGcm::setKey(QByteArrayView key)
{
    if (key.size() != kKeySize)
        return fail(QStringLiteral("AES-256-GCM key must be %1 bytes, got %2").arg(kKeySize).arg(key.size()));
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_EncryptInit_ex2(m_enc, aesGcmCipher(), k, nullptr, nullptr) != 1
        || EVP_DecryptInit_ex2(m_dec, aesGcmCipher(), k, nullptr, nullptr) != 1)
        return fail(opensslError("AES-256-GCM key setup"));
    return success();
}

Status AesGcm::seal(QByteArrayView nonce, QByteArrayView aad, QByteArrayView plaintext,
                    QByteArray* ciphertext, QByteArray* tag)
{
    int length = 0;
    ciphertext->resize(plaintext.size());
    tag->resize(kTagSize);
    if (nonce.size() != kNonceSize
        || EVP_EncryptInit_ex2(m_enc, nullptr, nullptr, reinterpret_cast<const unsigned char*>(nonce.data()),
                               nullptr)
            != 1)
        return fail(opensslError("AES-256-GCM nonce setup"));
    if (!aad.isEmpty()
        && EVP_EncryptUpdate(m_enc, nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                             int(aad.size()))
            != 1)
        return fail(opensslError("AES-256-GCM AAD"));
    if (!plaintext.isEmpty()
        && EVP_EncryptUpdate(m_enc, reinterpret_cast<unsigned char*>(ciphertext->data()), &length,
                             reinterpret_cast<const unsigned char*>(plaintext.data()), int(plaintext.size()))
            != 1)
        return fail(opensslError("AES-256-GCM encryption"));
    if (EVP_EncryptFinal_ex(m_enc, nullptr, &length) != 1
        || EVP_CIPHER_CTX_ctrl(m_enc, EVP_CTRL_GCM_GET_TAG, kTagSize, tag->data()) != 1)
        return fail(opensslError("AES-256-GCM tag"));
    return success();
}

Status AesGcm::sealInto(const char* nonce, QByteArrayView aad, QByteArrayView plaintext, char* ciphertext,
                        char* tag)
{
    int length = 0;
    if (EVP_EncryptInit_ex2(m_enc, nullptr, nullptr, reinterpret_cast<const unsigned char*>(nonce), nullptr)
        != 1)
        return fail(opensslError("AES-256-GCM nonce setup"));
    if (!aad.isEmpty()
        && EVP_EncryptUpdate(m_enc, nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                             int(aad.size()))
            != 1)
        return fail(opensslError("AES-256-GCM AAD"));
    if (!plaintext.isEmpty()
        && EVP_EncryptUpdate(m_enc, reinterpret_cast<unsigned char*>(ciphertext), &length,
                             reinterpret_cast<const unsigned char*>(plaintext.data()), int(plaintext.size()))
            != 1)
        return fail(opensslError("AES-256-GCM encryption"));
    if (EVP_EncryptFinal_ex(m_enc, nullptr, &length) != 1
        || EVP_CIPHER_CTX_ctrl(m_enc, EVP_CTRL_GCM_GET_TAG, kTagSize, tag) != 1)
        return fail(opensslError("AES-256-GCM tag"));
    return success();
}

bool AesGcm::open(QByteArrayView nonce, QByteArrayView aad, QByteArrayView ciphertext, QByteArrayView tag,
                  QByteArray* plaintext)
{
    int length = 0;
    plaintext->resize(ciphertext.size());
    bool ok = nonce.size() == kNonceSize && tag.size() == kTagSize
        && EVP_DecryptInit_ex2(m_dec, nullptr, nullptr, reinterpret_cast<const unsigned char*>(nonce.data()),
                               nullptr)
            == 1;
    ok = ok
        && (aad.isEmpty()
            || EVP_DecryptUpdate(m_dec, nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                                 int(aad.size()))
                == 1);
    ok = ok
        && (ciphertext.isEmpty()
            || EVP_DecryptUpdate(m_dec, reinterpret_cast<unsigned char*>(plaintext->data()), &length,
                                 reinterpret_cast<const unsigned char*>(ciphertext.data()),
                                 int(ciphertext.size()))
                == 1);
    ok = ok && EVP_CIPHER_CTX_ctrl(m_dec, EVP_CTRL_GCM_SET_TAG, kTagSize, const_cast<char*>(tag.data())) == 1;
    ok = ok && EVP_DecryptFinal_ex(m_dec, nullptr, &length) == 1;
    if (!ok) {
        ERR_clear_error();
        OPENSSL_cleanse(plaintext->data(), size_t(plaintext->size()));
        plaintext->clear();
    }
    return ok;
}

bool AesGcm::openInto(const char* nonce, QByteArrayView aad, QByteArrayView ciphertext, const char* tag,
                      char* plaintext)
{
    int length = 0;
    bool ok
        = EVP_DecryptInit_ex2(m_dec, nullptr, nullptr, reinterpret_cast<const unsigned char*>(nonce), nullptr)
        == 1;
    ok = ok
        && (aad.isEmpty()
            || EVP_DecryptUpdate(m_dec, nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                                 int(aad.size()))
                == 1);
    ok = ok
        && (ciphertext.isEmpty()
            || EVP_DecryptUpdate(m_dec, reinterpret_cast<unsigned char*>(plaintext), &length,
                                 reinterpret_cast<const unsigned char*>(ciphertext.data()),
                                 int(ciphertext.size()))
                == 1);
    ok = ok && EVP_CIPHER_CTX_ctrl(m_dec, EVP_CTRL_GCM_SET_TAG, kTagSize, const_cast<char*>(tag)) == 1;
    ok = ok && EVP_DecryptFinal_ex(m_dec, nullptr, &length) == 1;
    if (!ok) {
        ERR_clear_error();
        OPENSSL_cleanse(plaintext, size_t(ciphertext.size()));
    }
    return ok;
}

void PkeyDeleter::operator()(EVP_PKEY* key) const
{
    EVP_PKEY_free(key);
}

Result<PkeyPtr> generateEd25519()
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!key)
        return fail(opensslError("Ed25519 key generation"));
    return PkeyPtr(key);
}

Result<PkeyPtr> loadPrivateKeyPem(QByteArrayView pem, const QString& what)
{
    BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ERR_clear_error();
    if (!key)
        return fail(QStringLiteral("%1: not a PEM private key").arg(what));
    PkeyPtr owned(key);
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519)
        return fail(QStringLiteral("%1: not an Ed25519 key").arg(what));
    return owned;
}

// An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte DER prefix and the 32-byte key; decoding
// it directly avoids OpenSSL's generic decoder search, which dominates a short verification.
PkeyPtr fastEd25519PublicKey(QByteArrayView pem)
{
    static const QByteArray begin("-----BEGIN PUBLIC KEY-----");
    static const QByteArray end("-----END PUBLIC KEY-----");
    static const QByteArray prefix = QByteArray::fromHex("302a300506032b6570032100");
    const qsizetype from = pem.indexOf(begin);
    const qsizetype to = pem.indexOf(end);
    if (from < 0 || to < from)
        return nullptr;
    QByteArray body = pem.sliced(from + begin.size(), to - from - begin.size()).toByteArray();
    body.replace('\n', QByteArray()).replace('\r', QByteArray());
    auto decoded = QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != prefix.size() + 32 || !decoded.decoded.startsWith(prefix))
        return nullptr;
    return PkeyPtr(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr,
        reinterpret_cast<const unsigned char*>(decoded.decoded.constData()) + prefix.size(), 32));
}

Result<PkeyPtr> loadPublicKeyPem(QByteArrayView pem, const QString& what)
{
    if (PkeyPtr fast = fastEd25519PublicKey(pem))
        return fast;
    BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ERR_clear_error();
    if (!key)
        return fail(QStringLiteral("%1: not a PEM public key").arg(what));
    PkeyPtr owned(key);
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519)
        return fail(QStringLiteral("%1: not an Ed25519 public key").arg(what));
    return owned;
}

Result<QByteArray> privateKeyPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    const bool ok = PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    QByteArray out = ok ? bioContents(bio) : QByteArray();
    BIO_free(bio);
    if (!ok)
        return fail(opensslError("PEM_write_bio_PrivateKey"));
    return out;
}

Result<QByteArray> publicKeyPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    const bool ok = PEM_write_bio_PUBKEY(bio, key) == 1;
    QByteArray out = ok ? bioContents(bio) : QByteArray();
    BIO_free(bio);
    if (!ok)
        return fail(opensslError("PEM_write_bio_PUBKEY"));
    return out;
}

QByteArray rawPublicKey(EVP_PKEY* key)
{
    size_t length = 0;
    if (EVP_PKEY_get_raw_public_key(key, nullptr, &length) != 1)
        return {};
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &length) != 1)
        return {};
    return out;
}

QString publicKeyId(EVP_PKEY* key)
{
    return QString::fromLatin1(sha256(rawPublicKey(key)).left(8).toHex());
}

Result<QByteArray> sign(EVP_PKEY* key, QByteArrayView message)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t length = 0;
    bool ok = EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key) == 1
        && EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(message.data()),
                          size_t(message.size()))
            == 1;
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    ok = ok
        && EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(out.data()), &length,
                          reinterpret_cast<const unsigned char*>(message.data()), size_t(message.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return fail(opensslError("Ed25519 signing"));
    out.resize(qsizetype(length));
    return out;
}

bool verifySignature(EVP_PKEY* key, QByteArrayView message, QByteArrayView signature)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                            size_t(signature.size()), reinterpret_cast<const unsigned char*>(message.data()),
                            size_t(message.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

bool equalConstantTime(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

} // namespace orch::audit::crypto
