#include "metricsstore/s3signer.h"

#include <algorithm>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace orch::metrics::s3 {

namespace {

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              std::size_t(data.size()), out, &length))
        qFatal("OpenSSL: HMAC-SHA256 failed");
    return QByteArray(reinterpret_cast<const char*>(out), qsizetype(length));
}

// Header values are signed trimmed, with runs of spaces collapsed to one.
QByteArray canonicalHeaderValue(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    bool space = false;
    for (char c : value.trimmed()) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.isEmpty())
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace

QByteArray sha256Hex(QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_Digest(data.data(), std::size_t(data.size()), out, &length, EVP_sha256(), nullptr))
        qFatal("OpenSSL: SHA-256 failed");
    return QByteArray(reinterpret_cast<const char*>(out), qsizetype(length)).toHex();
}

QByteArray uriEncode(QByteArrayView bytes, bool keepSlash)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keepSlash && c == '/')) {
            out += char(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

QByteArray amzDate(const QDateTime& utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

Signature signV4(const SigningInput& input, const Credentials& credentials, const QString& region,
                 const QByteArray& amzDateValue, QByteArrayView service)
{
    // Query: encoded names and values, sorted by name, then value.
    QList<QPair<QByteArray, QByteArray>> query;
    for (const auto& [name, value] : input.query)
        query.append({ uriEncode(name, false), uriEncode(value, false) });
    std::sort(query.begin(), query.end());
    QByteArrayList queryParts;
    for (const auto& [name, value] : query)
        queryParts << name + '=' + value;

    // Headers: lowercase names, sorted; repeated names joined with ','.
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const auto& [name, value] : input.headers)
        headers.append({ name.toLower(), canonicalHeaderValue(value) });
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    QByteArray canonicalHeaders;
    QByteArrayList names;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (i > 0 && headers[i].first == headers[i - 1].first) {
            canonicalHeaders.chop(1);
            canonicalHeaders += ',' + headers[i].second + '\n';
            continue;
        }
        names << headers[i].first;
        canonicalHeaders += headers[i].first + ':' + headers[i].second + '\n';
    }

    Signature s;
    s.signedHeaders = names.join(';');
    s.canonicalRequest = input.method + '\n' + input.canonicalUri + '\n' + queryParts.join('&') + '\n'
        + canonicalHeaders + '\n' + s.signedHeaders + '\n' + input.payloadHash;
    const QByteArray date = amzDateValue.left(8);
    const QByteArray scope = date + '/' + region.toLatin1() + '/' + service.toByteArray() + "/aws4_request";
    s.stringToSign
        = "AWS4-HMAC-SHA256\n" + amzDateValue + '\n' + scope + '\n' + sha256Hex(s.canonicalRequest);
    QByteArray key = hmacSha256(QByteArray("AWS4" + credentials.secretAccessKey.toUtf8()), date);
    key = hmacSha256(key, region.toLatin1());
    key = hmacSha256(key, service);
    key = hmacSha256(key, "aws4_request");
    s.signature = hmacSha256(key, s.stringToSign).toHex();
    s.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId.toUtf8() + '/' + scope
        + ",SignedHeaders=" + s.signedHeaders + ",Signature=" + s.signature;
    return s;
}

} // namespace orch::metrics::s3
