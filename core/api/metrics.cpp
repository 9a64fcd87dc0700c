#include "api/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "api/enginehost.h"

namespace orch::api {

namespace {

const prometheus::Histogram::BucketBoundaries& latencyBuckets()
{
    static const prometheus::Histogram::BucketBoundaries b { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                             0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                             1,      2.5,     5,      10,    30 };
    return b;
}

} // namespace

// The metrics store's figures (TelemetryStats from the engine's snapshot).
struct ApiMetrics::StoreSeries
{
    explicit StoreSeries(prometheus::Registry& registry)
    {
        using namespace prometheus;
        auto counter = [&](const char* name, const char* help) {
            return &BuildCounter().Name(name).Help(help).Register(registry).Add({});
        };
        auto gauge = [&](const char* name, const char* help) {
            return &BuildGauge().Name(name).Help(help).Register(registry).Add({});
        };
        rows = &BuildCounter()
                    .Name("orchestrator_metrics_store_rows_total")
                    .Help("Telemetry rows handed to the metrics store, by kind: detections, rewards, spend, "
                          "component-runs, events")
                    .Register(registry);
        recordsWritten = counter("orchestrator_metrics_store_records_written_total",
                                 "Telemetry records written in parts (the local store, or the S3 spool)");
        recordsExpired
            = counter("orchestrator_metrics_store_records_expired_total",
                      "Telemetry records dropped because their partition was already past retention");
        partsWritten = counter("orchestrator_metrics_store_parts_written_total", "Part files written");
        bytesWritten
            = counter("orchestrator_metrics_store_written_bytes_total", "Bytes of the part files written");
        partsRemoved = counter("orchestrator_metrics_store_parts_removed_total",
                               "Parts (local files or S3 objects) removed by retention");
        uploads = counter("orchestrator_metrics_store_uploads_total",
                          "Parts uploaded to the S3-compatible store");
        uploadFailures
            = counter("orchestrator_metrics_store_upload_failures_total",
                      "Failed requests to the S3-compatible store (retried; the parts stay in the spool)");
        errors
            = counter("orchestrator_metrics_store_errors_total",
                      "Telemetry the engine could not hand to the metrics store (write or read failures; the "
                      "orchestrator carries on)");
        spooled = gauge("orchestrator_metrics_store_spooled_parts",
                        "Parts in the S3 spool, waiting for the store to take them");
        buffered = gauge("orchestrator_metrics_store_buffered_records",
                         "Telemetry records accepted and waiting for the next flush");
        failing = gauge("orchestrator_metrics_store_failing",
                        "1 while the metrics store's last write or request failed");
    }

    prometheus::Family<prometheus::Counter>* rows;
    prometheus::Counter* recordsWritten;
    prometheus::Counter* recordsExpired;
    prometheus::Counter* partsWritten;
    prometheus::Counter* bytesWritten;
    prometheus::Counter* partsRemoved;
    prometheus::Counter* uploads;
    prometheus::Counter* uploadFailures;
    prometheus::Counter* errors;
    prometheus::Gauge* spooled;
    prometheus::Gauge* buffered;
    prometheus::Gauge* failing;
};

ApiMetrics::ApiMetrics()
    : m_registry(std::make_shared<prometheus::Registry>())
{
    using namespace prometheus;
    m_requests = &BuildCounter()
                      .Name("orchestratord_http_requests_total")
                      .Help("HTTP requests answered, by endpoint (route pattern), method and status")
                      .Register(*m_registry);
    m_latency = &BuildHistogram()
                     .Name("orchestratord_http_request_duration_seconds")
                     .Help("Time from a complete request to its response, by endpoint, method and status")
                     .Register(*m_registry);
    m_authFailures = &BuildCounter()
                          .Name("orchestratord_authentication_failures_total")
                          .Help("Requests refused with 401 for an invalid token")
                          .Register(*m_registry)
                          .Add({});
    m_connections = &BuildGauge()
                         .Name("orchestratord_open_connections")
                         .Help("Open HTTP connections")
                         .Register(*m_registry)
                         .Add({});
    m_engine = &BuildCounter()
                    .Name("orchestrator_events_total")
                    .Help("Orchestrator activity since the daemon started, by kind: samples, late_samples, "
                          "evaluations, detections, resolved, retrains, pauses, alerts, decisions, "
                          "deployments (canaries started), promotions, rollbacks, refusals, "
                          "approvals_requested, audit_appends")
                    .Register(*m_registry);
    m_lastRun = &BuildGauge()
                     .Name("orchestrator_component_last_run_timestamp_seconds")
                     .Help("When each component last ran (engine clock, Unix seconds); absent when never")
                     .Register(*m_registry);
    m_nextRun = &BuildGauge()
                     .Name("orchestrator_component_next_run_timestamp_seconds")
                     .Help("When each scheduled component runs next (engine clock, Unix seconds)")
                     .Register(*m_registry);
    m_apiCostRemaining = &BuildGauge()
                              .Name("orchestrator_api_cost_remaining_dollars")
                              .Help("Smallest remaining monthly API-cost budget of any dealer")
                              .Register(*m_registry)
                              .Add({});
    m_phase = &BuildGauge()
                   .Name("orchestrator_phase")
                   .Help("1 for the orchestrator's current phase")
                   .Register(*m_registry);
    m_auditSequence = &BuildGauge()
                           .Name("orchestrator_audit_last_sequence")
                           .Help("Sequence of the last audit record (-1 without an audit trail)")
                           .Register(*m_registry)
                           .Add({});
    m_engineTime = &BuildGauge()
                        .Name("orchestrator_clock_timestamp_seconds")
                        .Help("The engine clock (simulated or real), Unix seconds")
                        .Register(*m_registry)
                        .Add({});
    // Spend is a money total, not a count: its own family.
    m_spend = &BuildCounter()
                   .Name("orchestrator_api_spend_dollars_total")
                   .Help("API cost spent on fix actions since the daemon started")
                   .Register(*m_registry)
                   .Add({});
    // With --redis only.
    m_redisConnected = &BuildGauge()
                            .Name("orchestrator_redis_connected")
                            .Help("1 while the Redis state store is connected, 0 while its writes are queued")
                            .Register(*m_registry);
    m_redisQueued = &BuildGauge()
                         .Name("orchestrator_redis_queued_writes")
                         .Help("State writes acknowledged but not yet in Redis (kept in the local journal)")
                         .Register(*m_registry);
    m_redisReplayed = &BuildCounter()
                           .Name("orchestrator_redis_replayed_writes_total")
                           .Help("Queued state writes delivered to Redis after an outage")
                           .Register(*m_registry);
    m_redisRestored = &BuildCounter()
                           .Name("orchestrator_redis_restored_keys_total")
                           .Help("State keys written back from the local cache to a Redis that had lost them")
                           .Register(*m_registry);
    m_redisFailedConnects = &BuildCounter()
                                 .Name("orchestrator_redis_failed_connects_total")
                                 .Help("Failed attempts to connect to Redis")
                                 .Register(*m_registry);
    m_alertDeliveries
        = &BuildGauge()
               .Name("orchestrator_alert_deliveries")
               .Help("Alert deliveries in the outbox by channel and state: pending (in_flight "
                     "included), in_flight, delivered, dead_lettered (finished ones are kept 30 days)")
               .Register(*m_registry);
    m_alertChannelConfigured
        = &BuildGauge()
               .Name("orchestrator_alert_channel_configured")
               .Help("1 when the alert channel has an endpoint (Slack webhook, PagerDuty key)")
               .Register(*m_registry);
    m_jobRuns = &BuildCounter()
                     .Name("orchestrator_job_runs_total")
                     .Help("Scheduled job runs since the daemon started, by job and where: here, or "
                           "elsewhere (another orchestrator sharing the Redis job lock had claimed the time)")
                     .Register(*m_registry);
    m_jobUnlockedRuns = &BuildCounter()
                             .Name("orchestrator_job_unlocked_runs_total")
                             .Help("Runs of exclusive jobs made without the job lock, which was unreachable")
                             .Register(*m_registry);
    m_shardInfo = &BuildGauge()
                       .Name("orchestrator_shard_info")
                       .Help("1, labelled with this replica's orchestrator instance, home shard and shard count")
                       .Register(*m_registry);
    m_shardHeld = &BuildGauge()
                       .Name("orchestrator_shard_held")
                       .Help("1 for each shard this replica holds now (its home shard, or taken over), 0 for the others")
                       .Register(*m_registry);
    m_shardDealers = &BuildGauge()
                          .Name("orchestrator_shard_dealers")
                          .Help("Dealers by state: handled (in a held shard) or known (the simulated fleet, or "
                                "seen in samples)")
                          .Register(*m_registry);
    m_shardChanges = &BuildCounter()
                          .Name("orchestrator_shard_changes_total")
                          .Help("Shards taken over from a replica whose lease expired, and handed back to it")
                          .Register(*m_registry);
    m_shardJobRuns = &BuildCounter()
                          .Name("orchestrator_shard_job_runs_total")
                          .Help("Daily job runs per shard: here, or elsewhere (another replica had claimed "
                                "the shard's scheduled time)")
                          .Register(*m_registry);
    m_store = std::make_unique<StoreSeries>(*m_registry);
}

ApiMetrics::~ApiMetrics() = default;

void ApiMetrics::observe(const QString& endpoint, QByteArrayView method, int status, double seconds)
{
    Series s;
    {
        const QString key = endpoint + u' ' + QLatin1StringView(method) + u' ' + QString::number(status);
        std::lock_guard lock(m_mutex);
        auto it = m_series.find(key);
        if (it == m_series.end()) {
            const std::map<std::string, std::string> labels { { "endpoint", endpoint.toStdString() },
                                                              { "method",
                                                                method.toByteArray().toStdString() },
                                                              { "status", std::to_string(status) } };
            Series created;
            created.requests = &m_requests->Add(labels);
            created.latency = &m_latency->Add(labels, latencyBuckets());
            it = m_series.insert(key, created);
        }
        s = *it;
    }
    s.requests->Increment();
    s.latency->Observe(seconds);
}

void ApiMetrics::authenticationFailed()
{
    m_authFailures->Increment();
}

void ApiMetrics::addCounter(prometheus::Counter& counter, double& last, double value)
{
    if (value > last)
        counter.Increment(value - last);
    last = std::max(last, value);
}

QByteArray ApiMetrics::render(const EngineSnapshot& snap, int openConnections)
{
    {
        std::lock_guard lock(m_mutex);
        if (snap.run != m_engineRun) {
            // The engine was opened again (operator mode's restart): its counters start from zero,
            // and what they count now adds to the totals.
            m_engineRun = snap.run;
            m_lastEngineValues.clear();
        }
        m_connections->Set(openConnections);
        const OrchestratorCounters& c = snap.counters;
        const std::pair<const char*, double> kinds[] = {
            { "samples", double(c.samples) },
            { "late_samples", double(c.lateSamples) },
            { "evaluations", double(c.evaluations) },
            { "detections", double(c.detections) },
            { "resolved", double(c.resolved) },
            { "retrains", double(c.retrains) },
            { "pauses", double(c.pauses) },
            { "alerts", double(c.alerts) },
            { "decisions", double(snap.fix.decisions) },
            { "deployments", double(snap.fix.rollouts) },
            { "promotions", double(snap.fix.promotions) },
            { "rollbacks", double(snap.fix.rollbacks) },
            { "refusals", double(snap.fix.refusals) },
            { "approvals_requested", double(snap.fix.approvalsRequested) },
            { "audit_appends", double(std::max<qint64>(0, snap.auditSequence - snap.auditSequenceAtStart)) },
        };
        for (const auto& [kind, value] : kinds) {
            auto& counter = m_engine->Add({ { "kind", kind } });
            addCounter(counter, m_lastEngineValues[QString::fromLatin1(kind)], value);
        }
        for (const ComponentStatus& comp : snap.status.components) {
            const std::map<std::string, std::string> labels { { "component", comp.name.toStdString() } };
            if (comp.lastRun)
                m_lastRun->Add(labels).Set(double(*comp.lastRun) / 1000.0);
            if (comp.nextRun)
                m_nextRun->Add(labels).Set(double(*comp.nextRun) / 1000.0);
        }
        for (const char* phase : { "initializing", "operational", "degraded" })
            m_phase->Add({ { "phase", phase } }).Set(snap.status.phase == QLatin1String(phase) ? 1 : 0);
        m_apiCostRemaining->Set(snap.status.governance.apiCostRemaining);
        m_auditSequence->Set(double(snap.auditSequence));
        m_engineTime->Set(double(snap.now) / 1000.0);
        addCounter(*m_spend, m_lastEngineValues[QStringLiteral("spend")], double(snap.fix.spendMicros) / 1e6);
        if (snap.redis) {
            const RedisStoreStatus& r = *snap.redis;
            m_redisConnected->Add({}).Set(r.connected ? 1 : 0);
            m_redisQueued->Add({}).Set(double(r.queuedWrites));
            addCounter(m_redisReplayed->Add({}), m_lastEngineValues[QStringLiteral("redis replayed")],
                       double(r.replayedWrites));
            addCounter(m_redisRestored->Add({}), m_lastEngineValues[QStringLiteral("redis restored")],
                       double(r.restoredKeys));
            addCounter(m_redisFailedConnects->Add({}), m_lastEngineValues[QStringLiteral("redis failed")],
                       double(r.failedConnects));
        }
        for (const auto& [channel, configured] : snap.alertChannels) {
            const std::string name = alerts::channelName(channel).toStdString();
            m_alertChannelConfigured->Add({ { "channel", name } }).Set(configured ? 1 : 0);
            if (!configured)
                continue;
            const auto it = snap.alertCounts.find(channel);
            const alerts::DeliveryCounts counts
                = it == snap.alertCounts.end() ? alerts::DeliveryCounts {} : it->second;
            const std::pair<const char*, qint64> states[] = { { "pending", counts.pending },
                                                              { "in_flight", counts.inFlight },
                                                              { "delivered", counts.delivered },
                                                              { "dead_lettered", counts.deadLettered } };
            for (const auto& [state, value] : states)
                m_alertDeliveries->Add({ { "channel", name }, { "state", state } }).Set(double(value));
        }
        for (const Scheduler::JobInfo& job : snap.jobs) {
            const std::string name = job.name.toStdString();
            addCounter(m_jobRuns->Add({ { "job", name }, { "where", "here" } }),
                       m_lastEngineValues[job.name + QStringLiteral(" here")], double(job.runs));
            if (!job.exclusive || !snap.redis)
                continue;
            addCounter(m_jobRuns->Add({ { "job", name }, { "where", "elsewhere" } }),
                       m_lastEngineValues[job.name + QStringLiteral(" elsewhere")], double(job.ranElsewhere));
            addCounter(m_jobUnlockedRuns->Add({ { "job", name } }),
                       m_lastEngineValues[job.name + QStringLiteral(" unlocked")], double(job.unlockedRuns));
        }
    }
    if (snap.shard) {
        std::lock_guard lock(m_mutex);
        const ShardStatus& sh = *snap.shard;
        m_shardInfo
            ->Add({ { "instance", sh.instance.toStdString() },
                    { "shard", std::to_string(sh.index) },
                    { "count", std::to_string(sh.count) } })
            .Set(1);
        for (int i = 0; i < sh.count; ++i)
            m_shardHeld->Add({ { "shard", std::to_string(i) } }).Set(sh.holds(i) ? 1 : 0);
        m_shardDealers->Add({ { "state", "handled" } }).Set(double(sh.handledDealers));
        m_shardDealers->Add({ { "state", "known" } }).Set(double(sh.knownDealers));
        addCounter(m_shardChanges->Add({ { "kind", "takeover" } }), m_lastEngineValues[QStringLiteral("shard takeovers")],
                   double(sh.takeovers));
        addCounter(m_shardChanges->Add({ { "kind", "handback" } }), m_lastEngineValues[QStringLiteral("shard handbacks")],
                   double(sh.handbacks));
        for (const ShardJobRuns& j : sh.jobs) {
            const std::string job = j.job.toStdString();
            const std::string shard = std::to_string(j.shard);
            const QString key = QStringLiteral("shard job %1 %2 ").arg(j.job).arg(j.shard);
            addCounter(m_shardJobRuns->Add({ { "job", job }, { "shard", shard }, { "where", "here" } }),
                       m_lastEngineValues[key + QStringLiteral("here")], double(j.runs));
            addCounter(m_shardJobRuns->Add({ { "job", job }, { "shard", shard }, { "where", "elsewhere" } }),
                       m_lastEngineValues[key + QStringLiteral("elsewhere")], double(j.elsewhere));
        }
    }
    if (snap.telemetry) {
        std::lock_guard lock(m_mutex);
        const TelemetryStats& t = *snap.telemetry;
        const metrics::MetricsSinkStats& k = t.sink;
        for (const auto& [kind, n] : t.rows)
            addCounter(m_store->rows->Add({ { "kind", kind.toStdString() } }),
                       m_lastEngineValues[QStringLiteral("store rows ") + kind], double(n));
        const std::pair<prometheus::Counter*, std::pair<const char*, qint64>> counters[] = {
            { m_store->recordsWritten, { "store records written", k.recordsWritten } },
            { m_store->recordsExpired, { "store records expired", k.recordsExpired + k.expiredUnsent } },
            { m_store->partsWritten, { "store parts written", k.partsWritten } },
            { m_store->bytesWritten, { "store bytes written", k.bytesWritten } },
            { m_store->partsRemoved, { "store parts removed", k.partsExpired } },
            { m_store->uploads, { "store uploads", k.uploaded } },
            { m_store->uploadFailures, { "store upload failures", k.failedAttempts } },
            { m_store->errors, { "store errors", t.sinkErrors } },
        };
        for (const auto& [counter, named] : counters)
            addCounter(*counter, m_lastEngineValues[QString::fromLatin1(named.first)], double(named.second));
        m_store->spooled->Set(double(k.spooled));
        m_store->buffered->Set(double(k.recordsBuffered));
        m_store->failing->Set(k.failing ? 1 : 0);
    }
    const std::string text = prometheus::TextSerializer().Serialize(m_registry->Collect());
    return QByteArray::fromStdString(text);
}

} // namespace orch::api
