#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace orch::metrics::s3 {

struct Credentials
{
    QString accessKeyId;
    QString secretAccessKey; // never logged
    QString sessionToken; // temporary credentials (STS); sent as x-amz-security-token; never logged
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// What AWS Signature Version 4 signs of a request.
struct SigningInput
{
    QByteArray method; // "PUT"
    QByteArray canonicalUri; // URI-encoded path, "/bucket/kind%3Ddetections/..." (S3: encoded once)
    HeaderList query; // decoded names and values, any order
    HeaderList headers; // every header to sign, host and x-amz-date included; any case, any order
    QByteArray payloadHash; // lowercase hex SHA-256 of the body, as in x-amz-content-sha256
};

struct Signature
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signedHeaders; // "host;x-amz-content-sha256;x-amz-date"
    QByteArray signature; // lowercase hex
    QByteArray authorization; // the Authorization header's value
};

// Signature V4 (AWS4-HMAC-SHA256) of `input` at `amzDate` ("20130524T000000Z"), scoped to
// <date>/<region>/<service>/aws4_request.
Signature signV4(const SigningInput& input, const Credentials& credentials, const QString& region,
                 const QByteArray& amzDate, QByteArrayView service = "s3");

// "20130524T000000Z"
QByteArray amzDate(const QDateTime& utc);
// Lowercase hex SHA-256.
QByteArray sha256Hex(QByteArrayView data);
// RFC 3986 percent-encoding as SigV4 wants it: A-Z a-z 0-9 - _ . ~ stay, everything else is %XX
// (uppercase), '/' too unless `keepSlash`.
QByteArray uriEncode(QByteArrayView bytes, bool keepSlash);

} // namespace orch::metrics::s3
