#include "kube/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSslCertificate>

namespace orch::kube {

namespace {

// A DNS-1123 label (namespaces) or subdomain (resource names, groups).
bool isDnsLabel(const QString& s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return !s.isEmpty() && s.size() <= 63 && re.match(s).hasMatch();
}

bool isDnsSubdomain(const QString& s)
{
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return !s.isEmpty() && s.size() <= 253 && re.match(s).hasMatch();
}

Status readableFile(const QString& what, const QString& path)
{
    if (path.isEmpty())
        return fail(QStringLiteral("%1: no file given").arg(what));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1 %2: cannot open: %3").arg(what, path, f.errorString()));
    return success();
}

} // namespace

Result<KubeConfig> KubeConfig::inCluster(const QProcessEnvironment& env, const QString& serviceAccountDir)
{
    KubeConfig config;
    const QString host = env.value(QStringLiteral("KUBERNETES_SERVICE_HOST")).trimmed();
    const QString port = env.value(QStringLiteral("KUBERNETES_SERVICE_PORT")).trimmed();
    if (host.isEmpty() || port.isEmpty())
        return fail(QStringLiteral("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set "
                                   "(not running in a Kubernetes pod?), got host '%1', port '%2'")
                        .arg(host, port));
    bool portOk = false;
    const int portNumber = port.toInt(&portOk);
    if (!portOk || portNumber < 1 || portNumber > 65535)
        return fail(QStringLiteral("KUBERNETES_SERVICE_PORT: not a port number, got '%1'").arg(port));
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(host); // an IPv6 address gets its brackets from QUrl
    url.setPort(portNumber);
    if (!url.isValid())
        return fail(
            QStringLiteral("KUBERNETES_SERVICE_HOST: not a host name or address, got '%1'").arg(host));
    config.apiServer = url;

    const QDir dir(serviceAccountDir);
    config.tokenFile = dir.filePath(QStringLiteral("token"));
    config.caFile = dir.filePath(QStringLiteral("ca.crt"));
    QFile ns(dir.filePath(QStringLiteral("namespace")));
    if (ns.exists()) {
        if (!ns.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("%1: cannot open: %2").arg(ns.fileName(), ns.errorString()));
        const QString name = QString::fromUtf8(ns.read(256)).trimmed();
        if (!isDnsLabel(name))
            return fail(QStringLiteral("%1: not a namespace name, got '%2'").arg(ns.fileName(), name));
        config.namespaceName = name;
    }
    if (auto st = config.validate(); !st)
        return fail(st.error());
    return config;
}

Status KubeConfig::validate() const
{
    if (apiServer.scheme() != QStringLiteral("https") || apiServer.host().isEmpty())
        return fail(QStringLiteral("API server: an https:// URL with a host is needed, got '%1'")
                        .arg(apiServer.toString()));
    if (auto st = readableFile(QStringLiteral("service-account token"), tokenFile); !st)
        return st;
    if (auto st = readableFile(QStringLiteral("CA certificate"), caFile); !st)
        return st;
    if (!isDnsLabel(namespaceName))
        return fail(QStringLiteral("namespace: must be a DNS-1123 label, got '%1'").arg(namespaceName));
    if (!isDnsSubdomain(name))
        return fail(QStringLiteral("name: must be a DNS-1123 subdomain, got '%1'").arg(name));
    if (!isDnsSubdomain(group) || !isDnsLabel(version) || !isDnsLabel(plural))
        return fail(QStringLiteral("resource: not a valid group/version/plural, got '%1/%2/%3'")
                        .arg(group, version, plural));
    if (tokenReloadMs < 0 || requestTimeoutMs <= 0 || watchTimeoutSeconds <= 0 || backoffInitialMs <= 0
        || backoffMaxMs < backoffInitialMs)
        return fail(QStringLiteral("timeouts and backoff must be positive (backoff maximum >= initial)"));
    return success();
}

Result<QSslConfiguration> KubeConfig::sslConfiguration() const
{
    QFile f(caFile);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("CA certificate %1: cannot open: %2").arg(caFile, f.errorString()));
    const QList<QSslCertificate> cas = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (cas.isEmpty())
        return fail(QStringLiteral("CA certificate %1: no PEM certificate in the file").arg(caFile));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    // Setting the list also turns off on-demand loading of the system's roots: only this CA counts.
    ssl.setCaCertificates(cas);
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    return ssl;
}

QString KubeConfig::collectionPath() const
{
    return QStringLiteral("/apis/%1/%2/namespaces/%3/%4").arg(group, version, namespaceName, plural);
}

QString KubeConfig::instancePath() const
{
    return collectionPath() + u'/' + name;
}

QUrl KubeConfig::url(const QString& path, const QList<std::pair<QString, QString>>& query) const
{
    QUrl u = apiServer;
    u.setPath(path);
    if (!query.isEmpty()) {
        QStringList items;
        for (const auto& [key, value] : query)
            items << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value));
        u.setQuery(items.join(u'&'), QUrl::StrictMode);
    }
    return u;
}

} // namespace orch::kube
