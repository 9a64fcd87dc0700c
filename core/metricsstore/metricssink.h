#pragma once

#include <memory>

#include <QString>

#include "common/result.h"
#include "metricsstore/metricsstoresettings.h"
#include "metricsstore/telemetry.h"

namespace orch {
class Clock;
}

namespace orch::metrics {

// What a sink has done, for logs, the console and /metrics. A copy, taken under a lock: any thread.
struct MetricsSinkStats
{
    QString destination; // MetricsStoreSettings::destination()
    qint64 recordsAccepted = 0;
    qint64 recordsWritten = 0; // in parts on disk (the local store, or the spool)
    qint64 recordsBuffered = 0; // accepted, waiting for the next flush
    qint64 recordsExpired = 0; // dropped: their partition was already past retention
    qint64 partsWritten = 0;
    qint64 bytesWritten = 0;
    qint64 retentionRuns = 0;
    qint64 partsExpired = 0; // removed by retention: local part files, or S3 objects
    // S3 only.
    qint64 spooled = 0; // parts written but not yet in the store
    qint64 uploaded = 0;
    qint64 uploadedBytes = 0;
    qint64 failedAttempts = 0;
    qint64 expiredUnsent = 0; // spooled parts whose partition expired before the store took them
    bool retentionPending = false;
    bool failing = false; // the last write or request failed
    QString lastError;
};

// Where the orchestrator's telemetry goes: records in, time-partitioned JSON-lines files out
// (<root>/kind=<kind>/date=<yyyy-MM-dd>/hour=<HH>/part-<writer>-<run>-<seq>.jsonl[.gz]), batched,
// written whole, and expired after the retention period. All times are the injected engine clock's.
//
// Lives on one thread (the engine's); stats() may be called from any thread. Nothing on that
// thread waits for the network: the S3 backend writes parts to a local spool and uploads them
// from a thread of its own.
class MetricsSink
{
public:
    virtual ~MetricsSink() = default;

    // Validates and buffers a record; writes the batch when it is full or has waited the flush
    // interval. Records whose partition is already past retention are counted and dropped. An
    // error is an invalid record (nothing buffered) or a failed write (the batch stays buffered
    // and is written by the next flush).
    virtual Status record(const TelemetryRecord& record) = 0;
    // Writes every buffered record now. Once it returns success the records survive a crash.
    virtual Status flush() = 0;
    // Flushes a batch that has waited long enough and runs retention when it is due; call it
    // regularly (the engine's step).
    virtual Status tick() = 0;
    // Removes (local) or schedules the removal of (S3) every partition past retention now.
    virtual Status enforceRetention() = 0;
    // Blocks until the store holds everything written so far and no retention pass is pending,
    // or `timeoutMs` passed; true when done. The local backend is always done. For shutdown and
    // tests: never on a path that must not wait.
    virtual bool waitForUploads(int timeoutMs) = 0;
    virtual MetricsSinkStats stats() const = 0;
};

// Opens the sink the settings describe (they must validate): the local directory, or S3 through
// the spool. Creates the directories; starts the uploader thread for S3. The clock must outlive
// the sink (its destructor flushes). The daemon builds the
// settings with MetricsStoreSettings::fromEnvironment(spec.telemetry, dataDir).
Result<std::unique_ptr<MetricsSink>> openMetricsSink(const MetricsStoreSettings& settings,
                                                     const Clock& clock);

} // namespace orch::metrics
