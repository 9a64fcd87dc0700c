#include "metricsstore/metricsstoresettings.h"

#include <QDir>
#include <QRegularExpression>
#include <QSysInfo>

#include "metricsstore/partition.h"
#include "spec/orchestratorspec.h"

namespace orch::metrics {

namespace {

bool isBucketName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
    return re.match(name).hasMatch() && !name.contains(QStringLiteral(".."));
}

} // namespace

Result<S3Location> parseS3Url(const QString& url)
{
    const QString scheme = QStringLiteral("s3://");
    if (!url.startsWith(scheme))
        return fail(QStringLiteral("not an s3:// URL: \"%1\"").arg(url));
    const QString rest = url.mid(scheme.size());
    const qsizetype slash = rest.indexOf(u'/');
    S3Location location;
    location.bucket = slash < 0 ? rest : rest.left(slash);
    location.prefix = slash < 0 ? QString() : rest.mid(slash + 1);
    if (!isBucketName(location.bucket))
        return fail(QStringLiteral("\"%1\": the bucket name must be 3-63 of a-z, 0-9, '.' and '-'").arg(url));
    if (!location.prefix.isEmpty() && !location.prefix.endsWith(u'/'))
        location.prefix += u'/';
    if (location.prefix.startsWith(u'/') || location.prefix.contains(QStringLiteral("//")))
        return fail(QStringLiteral("\"%1\": the key prefix has an empty path segment").arg(url));
    return location;
}

Status MetricsStoreSettings::validate() const
{
    QStringList errors;
    const bool s3Url = url.startsWith(QStringLiteral("s3://"));
    const bool fileUrl = url.startsWith(QStringLiteral("file://"));
    if (s3Url) {
        if (auto location = parseS3Url(url); !location)
            errors << QStringLiteral("telemetry.metricsStore: %1").arg(location.error());
    } else if (fileUrl) {
        const QUrl parsed(url);
        if (!parsed.isValid() || !parsed.isLocalFile() || parsed.toLocalFile().isEmpty())
            errors
                << QStringLiteral("telemetry.metricsStore: \"%1\" is not a file:///directory URL").arg(url);
    } else {
        errors
            << QStringLiteral("telemetry.metricsStore: must be an s3:// or file:// URL, got \"%1\"").arg(url);
    }
    if (retentionDays < 1)
        errors << QStringLiteral("telemetry.retentionDays: must be >= 1, got %1").arg(retentionDays);
    if (backend() == Backend::Local) {
        if (s3Url && localRoot.isEmpty())
            errors << QStringLiteral("ORCH_METRICS_DIR: a local directory is needed to mirror %1").arg(url);
    } else {
        if (!s3Url)
            errors << QStringLiteral("ORCH_METRICS_S3_ENDPOINT is set, but telemetry.metricsStore is not an "
                                     "s3:// URL: \"%1\"")
                          .arg(url);
        const QString scheme = s3Endpoint.scheme();
        if (!s3Endpoint.isValid() || (scheme != u"http" && scheme != u"https") || s3Endpoint.host().isEmpty()
            || !(s3Endpoint.path().isEmpty() || s3Endpoint.path() == u"/") || s3Endpoint.hasQuery()
            || !s3Endpoint.userInfo().isEmpty())
            errors
                << QStringLiteral(
                       "ORCH_METRICS_S3_ENDPOINT: must be http(s)://host[:port] without a path, got \"%1\"")
                       .arg(s3Endpoint.toString(QUrl::RemoveUserInfo));
        if (accessKeyId.isEmpty())
            errors << QStringLiteral("AWS_ACCESS_KEY_ID: not set (needed for %1)").arg(url);
        if (secretAccessKey.isEmpty())
            errors << QStringLiteral("AWS_SECRET_ACCESS_KEY: not set (needed for %1)").arg(url);
        static const QRegularExpression regionRe(QStringLiteral("^[a-z0-9-]{1,32}$"));
        if (!regionRe.match(region).hasMatch())
            errors << QStringLiteral("AWS_REGION: must be a region name such as eu-west-1, got \"%1\"")
                          .arg(region);
        if (spoolDir.isEmpty())
            errors << QStringLiteral("ORCH_METRICS_SPOOL_DIR: a spool directory is needed for S3");
        if (requestTimeoutMs < 1 || initialBackoffMs < 1 || maxBackoffMs < initialBackoffMs)
            errors << QStringLiteral(
                "S3 timeouts: request timeout and backoffs must be positive, max >= initial");
        if (listPageSize < 1 || listPageSize > 1000)
            errors << QStringLiteral("S3 list page size: must be 1..1000, got %1").arg(listPageSize);
    }
    if (maxBatchRecords < 1)
        errors << QStringLiteral("batch records: must be >= 1, got %1").arg(maxBatchRecords);
    if (maxBatchBytes < 1)
        errors << QStringLiteral("batch bytes: must be >= 1, got %1").arg(maxBatchBytes);
    if (flushInterval < 1)
        errors << QStringLiteral("ORCH_METRICS_FLUSH_SECONDS: must be > 0");
    if (minFlushGapMs < 0)
        errors << QStringLiteral("minimum flush gap: must be >= 0, got %1").arg(minFlushGapMs);
    if (retentionEvery < 1)
        errors << QStringLiteral("retention interval: must be > 0");
    if (errors.isEmpty())
        return success();
    return fail(QStringLiteral("metrics store: ") + errors.join(QStringLiteral("; ")));
}

QString MetricsStoreSettings::destination() const
{
    if (backend() == Backend::S3)
        return QStringLiteral("%1 at %2 (%3)").arg(url, s3Endpoint.toString(QUrl::RemoveUserInfo), region);
    auto root = partitionRoot();
    return root ? QUrl::fromLocalFile(*root + u'/').toString() : url;
}

Result<QString> MetricsStoreSettings::partitionRoot() const
{
    if (backend() == Backend::S3)
        return QDir::cleanPath(spoolDir);
    if (url.startsWith(QStringLiteral("file://")))
        return QDir::cleanPath(QUrl(url).toLocalFile());
    auto location = parseS3Url(url);
    if (!location)
        return fail(location.error());
    return QDir::cleanPath(QDir(localRoot).filePath(location->bucket + u'/' + location->prefix));
}

Result<MetricsStoreSettings> MetricsStoreSettings::fromEnvironment(const TelemetrySpec& telemetry,
                                                                   const QString& dataDir,
                                                                   const QProcessEnvironment& env)
{
    MetricsStoreSettings s;
    s.minFlushGapMs = 1000;
    s.url = telemetry.metricsStore;
    s.retentionDays = telemetry.retentionDays;
    const QString data = dataDir.isEmpty() ? QStringLiteral(".") : dataDir;
    s.localRoot
        = env.value(QStringLiteral("ORCH_METRICS_DIR"), QDir(data).filePath(QStringLiteral("metrics")));
    s.spoolDir = env.value(QStringLiteral("ORCH_METRICS_SPOOL_DIR"),
                           QDir(data).filePath(QStringLiteral("metrics-spool")));
    const QString endpoint = env.value(QStringLiteral("ORCH_METRICS_S3_ENDPOINT")).trimmed();
    if (!endpoint.isEmpty()) {
        s.s3Endpoint = QUrl(endpoint, QUrl::StrictMode);
        if (!s.s3Endpoint.isValid())
            return fail(
                QStringLiteral("metrics store: ORCH_METRICS_S3_ENDPOINT: not a URL: \"%1\"").arg(endpoint));
    }
    s.accessKeyId = env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    s.secretAccessKey = env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    s.sessionToken = env.value(QStringLiteral("AWS_SESSION_TOKEN"));
    s.region
        = env.value(QStringLiteral("AWS_REGION"), env.value(QStringLiteral("AWS_DEFAULT_REGION"), s.region));
    s.writerId
        = sanitizeWriterId(env.value(QStringLiteral("ORCH_METRICS_WRITER"), QSysInfo::machineHostName()));
    const QString gzip = env.value(QStringLiteral("ORCH_METRICS_GZIP"), QStringLiteral("0"));
    if (gzip != u"0" && gzip != u"1")
        return fail(QStringLiteral("metrics store: ORCH_METRICS_GZIP: must be 0 or 1, got \"%1\"").arg(gzip));
    s.gzip = gzip == u"1";
    const QString events = env.value(QStringLiteral("ORCH_METRICS_EVENTS"), QStringLiteral("0"));
    if (events != u"0" && events != u"1")
        return fail(
            QStringLiteral("metrics store: ORCH_METRICS_EVENTS: must be 0 or 1, got \"%1\"").arg(events));
    s.events = events == u"1";
    if (env.contains(QStringLiteral("ORCH_METRICS_FLUSH_SECONDS"))) {
        const QString text = env.value(QStringLiteral("ORCH_METRICS_FLUSH_SECONDS"));
        bool ok = false;
        const int seconds = text.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 24 * 3600)
            return fail(
                QStringLiteral("metrics store: ORCH_METRICS_FLUSH_SECONDS: must be 1..86400, got \"%1\"")
                    .arg(text));
        s.flushInterval = seconds * TimeMs(1000);
    }
    if (Status v = s.validate(); !v)
        return fail(v.error());
    return s;
}

} // namespace orch::metrics
