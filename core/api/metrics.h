#pragma once

#include <memory>
#include <mutex>

#include <QByteArray>
#include <QHash>
#include <QString>

#include "engine/orchestrator.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template<typename T> class Family;
} // namespace prometheus

namespace orch::api {

struct EngineSnapshot;

// The daemon's Prometheus metrics (prometheus-cpp registry, text exposition format): HTTP
// requests and latencies per endpoint, method and status, and the orchestrator's counters from
// the engine's latest snapshot. Thread-safe.
class ApiMetrics final
{
public:
    ApiMetrics();
    ~ApiMetrics();
    Q_DISABLE_COPY_MOVE(ApiMetrics)

    void observe(const QString& endpoint, QByteArrayView method, int status, double seconds);
    void authenticationFailed();
    // Updates the engine metrics from the snapshot and serializes everything.
    QByteArray render(const EngineSnapshot& snapshot, int openConnections);

private:
    struct Series
    {
        prometheus::Counter* requests = nullptr;
        prometheus::Histogram* latency = nullptr;
    };
    void addCounter(prometheus::Counter& counter, double& last, double value);

    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter>* m_requests;
    prometheus::Family<prometheus::Histogram>* m_latency;
    prometheus::Counter* m_authFailures;
    prometheus::Gauge* m_connections;
    prometheus::Family<prometheus::Counter>* m_engine;
    prometheus::Family<prometheus::Gauge>* m_lastRun;
    prometheus::Family<prometheus::Gauge>* m_nextRun;
    prometheus::Gauge* m_apiCostRemaining;
    prometheus::Family<prometheus::Gauge>* m_phase;
    prometheus::Gauge* m_auditSequence;
    prometheus::Gauge* m_engineTime;
    prometheus::Counter* m_spend;
    prometheus::Family<prometheus::Gauge>* m_redisConnected;
    prometheus::Family<prometheus::Gauge>* m_redisQueued;
    prometheus::Family<prometheus::Counter>* m_redisReplayed;
    prometheus::Family<prometheus::Counter>* m_redisRestored;
    prometheus::Family<prometheus::Counter>* m_redisFailedConnects;
    prometheus::Family<prometheus::Gauge>* m_alertDeliveries;
    prometheus::Family<prometheus::Gauge>* m_alertChannelConfigured;
    prometheus::Family<prometheus::Counter>* m_jobRuns;
    prometheus::Family<prometheus::Counter>* m_jobUnlockedRuns;
    // Sharding (--shard / --shards): api/shardhost.h.
    prometheus::Family<prometheus::Gauge>* m_shardInfo;
    prometheus::Family<prometheus::Gauge>* m_shardHeld;
    prometheus::Family<prometheus::Gauge>* m_shardDealers;
    prometheus::Family<prometheus::Counter>* m_shardChanges;
    prometheus::Family<prometheus::Counter>* m_shardJobRuns;

    // The metrics store (api/telemetryrecorder.h): defined in metrics.cpp.
    struct StoreSeries;
    std::unique_ptr<StoreSeries> m_store;

    std::mutex m_mutex; // the series cache and the engine counters' last values
    QHash<QString, Series> m_series;
    QHash<QString, double> m_lastEngineValues;
    int m_engineRun = 0; // EngineSnapshot::run the last values are of
};

} // namespace orch::api
