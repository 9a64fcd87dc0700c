#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch {
struct TelemetrySpec;
}

namespace orch::metrics {

// Where an s3:// URL points: the bucket and the key prefix ("" or ending in '/').
struct S3Location
{
    QString bucket;
    QString prefix;
};
// "s3://metrics/dealershipai/orchestrator/" -> bucket "metrics", prefix "dealershipai/orchestrator/".
Result<S3Location> parseS3Url(const QString& url);

// Everything the metrics store needs; see docs/metrics-store.md. fromEnvironment() fills it from
// the spec's telemetry section and the process environment.
struct MetricsStoreSettings
{
    enum class Backend
    {
        Local,
        S3
    };

    // The spec's telemetry.metricsStore: s3://bucket/prefix/ or file:///directory/.
    QString url = QStringLiteral("s3://metrics/dealershipai/orchestrator/");
    int retentionDays = 90;
    // The local backend's root for an s3:// URL: the URL is mirrored under it as <bucket>/<prefix>
    // (a file:// URL names its directory itself).
    QString localRoot;
    // S3: when set, parts go to this S3-compatible endpoint ("https://s3.eu-west-1.amazonaws.com",
    // "http://127.0.0.1:9000"); empty: the local backend.
    QUrl s3Endpoint;
    // S3: where parts wait, durably, until the store has them.
    QString spoolDir;
    QString region = QStringLiteral("us-east-1");
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken;
    // Names this process's files (several replicas write under one prefix); default: the host name.
    QString writerId;
    bool gzip = false;
    // The daemon also writes the event log (kind "events"); ORCH_METRICS_EVENTS=1.
    bool events = false;

    // Batching: a batch is written when it holds this many records or bytes, or when its first
    // record has waited this long on the engine clock (checked by record() and tick()).
    int maxBatchRecords = 5000;
    qint64 maxBatchBytes = 4 * 1024 * 1024;
    TimeMs flushInterval = kMinuteMs;
    // ... and, for that timed flush, at least this much real time (steady clock) has passed since
    // the previous flush: a replay running faster than real time (a simulated warm-up) then
    // writes a part per partition every so often rather than one per tick. 0: no minimum; the
    // daemon (fromEnvironment) uses 1000. On the real clock it changes nothing.
    int minFlushGapMs = 0;
    // How often (engine clock) expired partitions are looked for.
    TimeMs retentionEvery = kHourMs;

    // S3 transport (real time, not the engine's clock: these are about the network).
    int requestTimeoutMs = 30000;
    int initialBackoffMs = 1000;
    int maxBackoffMs = 5 * 60 * 1000;
    int listPageSize = 1000;

    Backend backend() const { return s3Endpoint.isEmpty() ? Backend::Local : Backend::S3; }
    // Checks the values; errors name the setting (and the environment variable it comes from).
    Status validate() const;
    // Where the records go, without secrets: "file:///var/lib/.../metrics/dealershipai/orchestrator/"
    // or "s3://metrics/dealershipai/orchestrator/ at https://s3.eu-west-1.amazonaws.com (eu-west-1)".
    QString destination() const;

    // From the spec's telemetry section and the environment:
    //   ORCH_METRICS_S3_ENDPOINT    use S3 at this endpoint (unset: the local directory)
    //   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (optional),
    //   AWS_REGION (or AWS_DEFAULT_REGION; default us-east-1)
    //   ORCH_METRICS_DIR            local root for an s3:// URL (default <dataDir>/metrics)
    //   ORCH_METRICS_SPOOL_DIR      S3 spool (default <dataDir>/metrics-spool)
    //   ORCH_METRICS_WRITER         writer id (default: the host name)
    //   ORCH_METRICS_GZIP           1: gzip the parts (.jsonl.gz)
    //   ORCH_METRICS_FLUSH_SECONDS  flush interval (default 60)
    //   ORCH_METRICS_EVENTS         1: the daemon writes the event log too
    static Result<MetricsStoreSettings>
    fromEnvironment(const TelemetrySpec& telemetry, const QString& dataDir,
                    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    // The directory the parts are written to: the local backend's partition root, or the S3 spool.
    Result<QString> partitionRoot() const;
};

} // namespace orch::metrics
