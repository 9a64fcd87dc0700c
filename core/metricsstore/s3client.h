#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "common/result.h"
#include "metricsstore/s3signer.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace orch::metrics::s3 {

struct ClientConfig
{
    QUrl endpoint; // http(s)://host[:port]
    QString bucket;
    QString region;
    Credentials credentials;
    int requestTimeoutMs = 30000;
};

// The outcome of a finished request: a 2xx, or an error that says what failed, why, and what to
// check, never containing a secret.
struct Outcome
{
    bool ok = false;
    bool retryable = false; // network errors, timeouts, 408, 429, 5xx
    int status = 0; // HTTP status; 0: no answer
    QString code; // S3's error code ("SignatureDoesNotMatch"), when it sent one
    QString error;
    QByteArray body;
};

struct ListPage
{
    QStringList keys;
    QStringList commonPrefixes;
    bool truncated = false;
    QString nextContinuationToken;
};
// Parses a ListObjectsV2 result (ListBucketResult).
Result<ListPage> parseListObjectsV2(const QByteArray& xml);

// An S3 (or S3-compatible) bucket over QNetworkAccessManager: builds the requests, signs them with
// Signature V4 (payload hash in x-amz-content-sha256, so the store checks the body), and classifies
// the answers. Addressing is path-style (endpoint/bucket/key) except on AWS's own endpoints
// (*.amazonaws.com) for bucket names without dots, which get virtual-hosted style
// (bucket.endpoint/key). Requests are asynchronous: the caller connects to the reply's finished().
// Lives on the thread of the QNetworkAccessManager.
class Client final
{
public:
    Client(ClientConfig config, QNetworkAccessManager* network);

    QNetworkReply* putObject(const QString& key, const QByteArray& body, const QByteArray& contentType);
    QNetworkReply* getObject(const QString& key);
    QNetworkReply* deleteObject(const QString& key);
    // ListObjectsV2: keys under `prefix` in key order, at most `maxKeys` per page, after
    // `startAfter` (first page) or from `continuationToken` (next pages); with a delimiter, the
    // common prefixes instead of what lies below them.
    QNetworkReply* listObjects(const QString& prefix, const QString& delimiter,
                               const QString& continuationToken, int maxKeys,
                               const QString& startAfter = QString());

    // Reads the reply (which must be finished) and classifies it; `what` names the request in the
    // error ("PUT s3://metrics/dealershipai/orchestrator/kind=...").
    Outcome outcome(QNetworkReply* reply, const QString& what) const;

    // "s3://bucket/key"
    QString objectName(const QString& key) const;
    bool pathStyle() const { return m_pathStyle; }
    const ClientConfig& config() const { return m_config; }
    // Removes the secret key and session token from a message (a server may echo request parts).
    QString redact(QString text) const;

    static bool usePathStyle(const QUrl& endpoint, const QString& bucket);

private:
    QNetworkReply* send(const QByteArray& method, const QString& key, const HeaderList& query,
                        const QByteArray& body, const QByteArray& contentType, bool bucketLevel);

    ClientConfig m_config;
    QNetworkAccessManager* m_network;
    bool m_pathStyle;
};

} // namespace orch::metrics::s3
