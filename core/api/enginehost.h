#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include <QByteArray>
#include <QObject>
#include <QString>

#include "alerts/alert.h"
#include "alerts/alertconfig.h"
#include "api/telemetryrecorder.h"
#include "client/clienttypes.h"
#include "common/result.h"
#include "engine/clock.h"
#include "engine/orchestrator.h"
#include "engine/status.h"
#include "redis/redisstatestore.h"
#include "shard/shardmap.h"

class QThread;
class QTimer;

namespace orch {
class FleetSession;
class RedisJobLock;
namespace audit {
class AuditLog;
}
namespace alerts {
class AlertDispatcher;
class DispatcherAlertSink;
} // namespace alerts
} // namespace orch

namespace orch::api {

class ShardHost;

// What the engine last published, for handlers that must not wait for the engine thread.
struct EngineSnapshot
{
    bool started = false; // the engine is open (warm-up may still run)
    bool live = false; // warm-up finished (always true without --simulate)
    QByteArray statusBody; // GET /api/orchestrator/status, serialized
    OrchestratorStatus status;
    OrchestratorCounters counters;
    FixLoopCounters fix; // RLController decisions, rollouts, promotions, rollbacks, spend
    std::optional<QByteArray> posteriorBody; // weight_posterior.json's content, when there is one
    qint64 auditSequence = -1; // -1: no audit trail
    qint64 auditSequenceAtStart = 0;
    TimeMs now = 0; // engine clock
    int simulatedDealers = 0; // 0: not simulating
    std::optional<RedisStoreStatus> redis; // with --redis
    std::optional<ShardStatus> shard; // with --shard / --shards (api/shardhost.h)
    std::vector<Scheduler::JobInfo> jobs;
    // Alert delivery (Slack, PagerDuty): which channels are configured, and the outbox's counts.
    std::map<alerts::Channel, bool> alertChannels;
    std::map<alerts::Channel, alerts::DeliveryCounts> alertCounts;
    std::optional<TelemetryStats> telemetry; // the metrics store (api/telemetryrecorder.h)
    // Which opening of the engine in this process (1, 2... after restart()): its counters start
    // again from zero with each.
    int run = 0;
};

// Owns the orchestrator and runs it on its own thread (the Orchestrator is not thread-safe):
// either on the real clock with metric ingest from the API, or — with `simulateDealers` — on the
// simulated fleet (core/sim), backfilled for `warmUpDays` and then following the real clock
// (or ticking every `simTickMs` for accelerated demos). Everything that touches the engine is
// posted to its thread; after each step it publishes a snapshot for the connection threads.
class EngineHost final
{
public:
    struct Settings
    {
        QString dataDir;
        QString specFile; // empty: the built-in defaults
        // A spec in memory, instead of specFile (orchestratord --kube: the custom resource's).
        std::optional<OrchestratorSpec> spec;
        int simulateDealers = 0;
        quint64 seed = 42;
        int warmUpDays = 8;
        int simTickMs = 0; // 0: simulated ticks follow the real clock
        QString redisUrl; // validated by the daemon; see openStateStore()
        // Names this orchestrator: the hash tag of its Redis keys and of its job locks (daemons
        // with one name share state and run each daily job once), and, unless "default", part of
        // its alerts' dedup keys.
        QString instance = QStringLiteral("default");
        // Sharding (needs redisUrl; docs/sharding.md): this replica's home shard K of N, and the
        // lease after which a dead replica's shard is taken over. Its Redis keys (state, job
        // locks) are those of "<instance>-shard-<K>".
        std::optional<ShardAssignment> shard;
        std::chrono::milliseconds shardLease { 15000 };
        // Slack / PagerDuty endpoints (AlertChannelsConfig::fromEnvironment()); with neither
        // channel configured no outbox is opened.
        alerts::AlertChannelsConfig alertChannels;
        int maxWaiters = 512; // long polls waiting at once
        // Engine thread, at the end of every publish() (operator mode's status: api/operatorhost.h).
        std::function<void(EngineHost&)> afterPublish;
    };

    explicit EngineHost(Settings settings);
    ~EngineHost();
    Q_DISABLE_COPY_MOVE(EngineHost)

    // Any thread. start() opens the engine on its thread and returns once it is open (or failed).
    Status start();
    // Any thread but the engine's: stops the engine and opens it again on `spec` (operator mode's
    // spec changes); the state store, audit trail and simulation continue where they were.
    Status restart(const OrchestratorSpec& spec);
    // Answers every waiting long poll now, and later ones at once (shutdown has begun).
    void drain();
    // Answers waiting long polls, flushes samples and the audit trail, closes, joins.
    void stop();
    std::shared_ptr<const EngineSnapshot> snapshot() const;
    // Runs `work` on the engine thread. Returns false when the engine is not running.
    bool post(std::function<void(EngineHost&)> work);

    // Engine thread only.
    Orchestrator& orchestrator();
    StateStore& store();
    audit::AuditLog* auditLog();
    const QString& dataDir() const { return m_settings.dataDir; }
    TimeMs now() const;
    // Feeds samples to the orchestrator (stored first: all or none) and publishes.
    Status ingest(std::span<const Sample> samples);
    // Long poll: calls `done` with the events after `after` (at most `limit`) as soon as there
    // are some, or with none after `waitMs`, or at shutdown. Refuses when too many wait.
    using EventsDone = std::function<void(Result<std::vector<EventRecord>>)>;
    void waitForEvents(qint64 after, int limit, int waitMs, EventsDone done);
    void publish();

    // Engine thread: the alert outbox, when a channel is configured (null otherwise).
    alerts::AlertDispatcher* alertDispatcher() { return m_dispatcher.get(); }
    // Engine thread: the shard ownership of a sharded replica (null otherwise).
    ShardHost* shards() { return m_shards.get(); }

    // The state store the daemon runs on: SQLite in the data directory, or with `redisUrl` a
    // RedisStateStore (component state in Redis, journal in the data directory) over it. Call it
    // on the thread that will use the store.
    static Result<std::unique_ptr<StateStore>> openStateStore(const Settings& settings);

private:
    struct Waiter
    {
        qint64 after = 0;
        int limit = 0;
        qint64 deadline = 0; // steady ms
        EventsDone done;
    };

    Status open();
    Status attachHooks();
    void resolveOrphanedEpisodes();
    void onDeadLettered(const alerts::Delivery& delivery);
    void close();
    void warmUpSlice();
    void step();
    void serveWaiters(bool all);

    Settings m_settings;
    std::unique_ptr<QThread> m_thread;
    QObject* m_context = nullptr; // lives on m_thread: the receiver of posted work and timers
    QTimer* m_timer = nullptr;
    QTimer* m_waiterTimer = nullptr;
    bool m_running = false;
    mutable std::mutex m_runningMutex;

    // Engine thread state: either a simulated fleet session or a live orchestrator.
    std::unique_ptr<FleetSession> m_session;
    SystemClock m_systemClock;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<audit::AuditLog> m_audit;
    std::unique_ptr<Orchestrator> m_orchestrator;
    RedisStateStore* m_redisStore = nullptr; // the store, when it is Redis
    std::unique_ptr<RedisJobLock> m_jobLock;
    std::unique_ptr<ShardHost> m_shards;
    std::unique_ptr<alerts::AlertDispatcher> m_dispatcher;
    std::unique_ptr<alerts::DispatcherAlertSink> m_alertSink;
    bool m_alertCountsStale = true;
    bool m_publishQueued = false;
    std::map<alerts::Channel, alerts::DeliveryCounts> m_alertCounts;
    qint64 m_warmUpUntil = 0; // simulated: backfill ticks up to this engine time
    bool m_live = false;
    bool m_draining = false;
    std::vector<Waiter> m_waiters;
    qint64 m_auditAtStart = 0;
    int m_runs = 0; // open() calls
    // The metrics store's rows (docs/metrics-store.md); declared after the engine it reads, so
    // that it goes first.
    std::unique_ptr<TelemetryRecorder> m_telemetry;

    mutable std::mutex m_snapshotMutex;
    std::shared_ptr<const EngineSnapshot> m_snapshot;
};

} // namespace orch::api
