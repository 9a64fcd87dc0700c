#pragma once

#include <QProcessEnvironment>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include "common/result.h"

namespace orch::kube {

// Where the Kubernetes API server is, how to authenticate to it and which custom resource holds
// the orchestrator's spec. inCluster() fills it the way a pod sees its cluster; every field can
// be set by hand (tests, or running outside a cluster with a service account's token and CA).
struct KubeConfig
{
    static inline const QString kServiceAccountDir
        = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount");
    static inline const QString kDefaultNamespace = QStringLiteral("dealershipai");
    static inline const QString kDefaultName = QStringLiteral("dai-autonomic-orchestrator");

    QUrl apiServer; // https://host:port
    QString tokenFile; // the bearer token; re-read when it rotates, never logged
    QString caFile; // PEM: the only trust anchor for the API server's certificate
    QString namespaceName = kDefaultNamespace;
    QString name = kDefaultName; // the AutonomicOrchestrator instance

    // The custom resource: GROUP/VERSION, plural PLURAL (packaging/k8s/crds/autonomic-orchestrator.yaml).
    QString group = QStringLiteral("orchestrator.dealershipai.com");
    QString version = QStringLiteral("v1");
    QString plural = QStringLiteral("autonomicorchestrators");

    int tokenReloadMs = 60 * 1000; // the token file is re-read at least this often (and on 401)
    int requestTimeoutMs = 30 * 1000; // GET and PATCH
    int watchTimeoutSeconds = 300; // asked of the server; the client gives up 30 s after silence
    int backoffInitialMs = 500; // reconnect backoff: full jitter, doubling up to the maximum
    int backoffMaxMs = 30 * 1000;

    // The pod's view: KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT from `env`, and the
    // token, ca.crt and namespace files of `serviceAccountDir`. The namespace file is optional
    // (default "dealershipai"); the token and the CA must exist.
    static Result<KubeConfig> inCluster(const QProcessEnvironment& env
                                        = QProcessEnvironment::systemEnvironment(),
                                        const QString& serviceAccountDir = kServiceAccountDir);

    // Every field usable: an https URL with a host, readable token and CA files, DNS-1123 names.
    Status validate() const;

    // The TLS settings: peer verification against the CA file's certificates only (no system roots).
    Result<QSslConfiguration> sslConfiguration() const;

    // /apis/GROUP/VERSION/namespaces/NS/PLURAL and .../PLURAL/NAME
    QString collectionPath() const;
    QString instancePath() const;
    QUrl url(const QString& path, const QList<std::pair<QString, QString>>& query = {}) const;
};

} // namespace orch::kube
