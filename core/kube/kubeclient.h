#pragma once

#include <functional>

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "kube/kubeconfig.h"

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace orch::kube {

// An answer of the API server. Transport failures (connection, TLS, timeout) are errors of the
// Result instead; an HTTP error status is a response, so callers can tell 404 and 410 apart.
struct KubeResponse
{
    int httpStatus = 0;
    nlohmann::json body; // the object, or the Status object of an error (null when not JSON)
    QString message; // for an error status: the Status's message (or a summary of the body)

    bool ok() const { return httpStatus >= 200 && httpStatus < 300; }
};

// The HTTP side of operator mode: the custom resource's GET and status PATCH, and the watch
// stream's request, each with the service account's bearer token and TLS verified against the
// cluster's CA. The token is read from its file when older than `tokenReloadMs` and after a 401
// (a rotated token gets one retry); it is never logged. Not thread-safe: lives on one thread.
class KubeClient final : public QObject
{
    Q_OBJECT

public:
    explicit KubeClient(KubeConfig config, QObject* parent = nullptr);
    ~KubeClient() override;

    // Checks the configuration and loads the CA; requests fail until it succeeded.
    Status open();
    const KubeConfig& config() const { return m_config; }

    using Done = std::function<void(Result<KubeResponse>)>;
    // GET .../PLURAL/NAME. `done` runs on this object's thread unless `context` is gone.
    void getInstance(QObject* context, Done done);
    // PATCH .../PLURAL/NAME/status with `Content-Type: application/merge-patch+json`.
    void patchStatus(const nlohmann::json& mergePatch, QObject* context, Done done);

    // A watch of the instance (the collection filtered to its name), from `resourceVersion`
    // (empty: from now, with the existing object as ADDED). The caller owns the reply and reads
    // its stream; errorText() describes its failure.
    Result<QNetworkReply*> openWatch(const QString& resourceVersion);
    // "TLS handshake with ... failed: ...", "connection refused", "HTTP 403: ..." — never the token.
    QString errorText(QNetworkReply* reply) const;

    // Drops the cached token: the next request reads the file again.
    void invalidateToken();

private:
    Result<QNetworkRequest> request(const QUrl& url);
    Result<QString> token();
    void send(const QByteArray& verb, const QUrl& url, const QByteArray& body, const QByteArray& contentType,
              bool retried, QObject* context, Done done);
    QNetworkReply* track(QNetworkReply* reply);

    KubeConfig m_config;
    QNetworkAccessManager* m_nam = nullptr;
    QSslConfiguration m_ssl;
    bool m_open = false;
    QString m_token;
    qint64 m_tokenReadAt = 0; // steady ms; 0: not read
};

} // namespace orch::kube
