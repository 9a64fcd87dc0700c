#include "client/embeddedclient.h"

#include <optional>

#include <QCoreApplication>
#include <QCoroFuture>
#include <QCoroTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFuture>
#include <QPointer>
#include <QPromise>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtConcurrentRun>

#include "client/queries.h"
#include "common/logging.h"
#include "sim/fleetrunner.h"

namespace orch {

EmbeddedClient::EmbeddedClient(EmbeddedOptions options, QObject* parent)
    : OrchestratorClient(parent)
    , m_options(std::move(options))
{
    qRegisterMetaType<orch::OrchestratorStatus>();
    m_identity = m_options.identity;
    if (m_identity.isEmpty())
        m_identity = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    if (m_identity.isEmpty())
        m_identity = QStringLiteral("console");
    Capabilities local;
    local.role = AccessRole::Approver;
    local.identity = m_identity;
    local.anonymous = true;
    setCapabilities(local);
}

EmbeddedClient::~EmbeddedClient()
{
    if (m_thread) {
        // The runner (and the SQLite connection it owns) is deleted on its own thread once the
        // event loop has finished; then the temporary data directory can go.
        m_thread->quit();
        m_thread->wait();
    }
}

QString EmbeddedClient::displayName() const
{
    return tr("Embedded · simulated fleet (%n dealer(s))", nullptr, m_options.dealers);
}

OrchestratorClient::ConnectionState EmbeddedClient::connectionState() const
{
    return m_state;
}

void EmbeddedClient::setState(ConnectionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT connectionStateChanged(state);
}

void EmbeddedClient::start()
{
    if (m_thread)
        return;
    QString dataDir = m_options.dataDir;
    if (dataDir.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>();
        if (!m_tempDir->isValid()) {
            setState(ConnectionState::Failed);
            Q_EMIT errorOccurred(
                tr("Cannot create a temporary data directory: %1").arg(m_tempDir->errorString()));
            return;
        }
        dataDir = m_tempDir->path();
    }
    m_dataDir = dataDir;
    FleetRunner::Settings settings;
    settings.dataDir = dataDir;
    settings.specFile = m_options.specFile;
    settings.fleet.dealers = m_options.dealers;
    settings.fleet.seed = m_options.seed;
    settings.fleet.start = m_options.start;
    settings.warmUpDays = m_options.warmUpDays;
    settings.tickIntervalMs = m_options.tickIntervalMs;

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orchestrator-core"));
    m_runner = new FleetRunner(settings);
    m_runner->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_runner, &QObject::deleteLater);
    connect(m_thread.get(), &QThread::started, m_runner, &FleetRunner::start);

    connect(m_runner, &FleetRunner::started, this, [this] { setState(ConnectionState::Connected); });
    connect(m_runner, &FleetRunner::failed, this, [this](const QString& message) {
        setState(ConnectionState::Failed);
        Q_EMIT errorOccurred(message);
    });
    connect(m_runner, &FleetRunner::warmUpProgress, this, &EmbeddedClient::warmUpProgress);
    connect(m_runner, &FleetRunner::statusAvailable, this, &OrchestratorClient::statusAvailable);
    connect(m_runner, &FleetRunner::clockChanged, this, [this](qint64 nowMs) {
        Q_EMIT clockChanged(nowMs);
        if (m_state == ConnectionState::Connected && !m_polling)
            pollEvents();
    });
    connect(m_runner, &FleetRunner::errorOccurred, this, &OrchestratorClient::errorOccurred);

    setState(ConnectionState::Connecting);
    m_thread->start();
}

template<typename T, typename Work> QCoro::Task<Result<T>> EmbeddedClient::onWorker(Work work)
{
    if (!m_runner || m_state != ConnectionState::Connected)
        co_return fail(tr("The embedded orchestrator is not running."));
    // The worker fills `slot` and finishes the promise; the coroutine resumes on this thread.
    auto slot = std::make_shared<std::optional<Result<T>>>();
    auto promise = std::make_shared<QPromise<void>>();
    QFuture<void> done = promise->future();
    promise->start();
    FleetRunner* runner = m_runner;
    const bool queued = QMetaObject::invokeMethod(
        runner,
        [runner, slot, promise, work]() mutable {
            slot->emplace(work(*runner));
            promise->finish();
        },
        Qt::QueuedConnection);
    if (!queued)
        co_return fail(tr("The embedded orchestrator did not accept the request."));
    co_await done;
    if (!slot->has_value())
        co_return fail(tr("The embedded orchestrator stopped before answering."));
    co_return std::move(**slot);
}

namespace {

// The queries' view of the runner's session (worker thread).
std::optional<queries::Engine> engineOf(FleetRunner& runner)
{
    FleetSession* session = runner.session();
    if (!session)
        return std::nullopt;
    return queries::Engine { session->orchestrator(), session->store(), session->clock().now(),
                             session->auditLog(), runner.dataDir() };
}

template<typename T> Result<T> notRunning()
{
    return fail(
        QCoreApplication::translate("orch::EmbeddedClient", "The embedded orchestrator is not running."));
}

// Runs `query(engine)` (returning an Answer or a value) on the worker as a Result.
template<typename T, typename Query> auto engineWork(Query query)
{
    return [query](FleetRunner& runner) -> Result<T> {
        auto engine = engineOf(runner);
        if (!engine)
            return notRunning<T>();
        if constexpr (std::is_same_v<std::invoke_result_t<Query, queries::Engine>, T>)
            return query(*engine);
        else
            return query(*engine).toResult();
    };
}

} // namespace

QCoro::Task<Result<Capabilities>> EmbeddedClient::fetchCapabilities()
{
    co_return capabilities();
}

QCoro::Task<Result<OrchestratorStatus>> EmbeddedClient::fetchStatus()
{
    return onWorker<OrchestratorStatus>([](FleetRunner& r) { return r.status(); });
}

QCoro::Task<Result<OrchestratorSpec>> EmbeddedClient::fetchSpec()
{
    return onWorker<OrchestratorSpec>([](FleetRunner& r) { return r.spec(); });
}

QCoro::Task<Result<SeriesList>> EmbeddedClient::fetchSeriesList()
{
    return onWorker<SeriesList>(
        engineWork<SeriesList>([](queries::Engine e) { return queries::seriesList(e); }));
}

QCoro::Task<Result<SeriesPoints>> EmbeddedClient::fetchSeries(SeriesQuery query)
{
    return onWorker<SeriesPoints>(
        engineWork<SeriesPoints>([query](queries::Engine e) { return queries::seriesPoints(e, query); }));
}

QCoro::Task<Result<DetectionList>> EmbeddedClient::fetchDetections(DetectionQuery query)
{
    return onWorker<DetectionList>(
        engineWork<DetectionList>([query](queries::Engine e) { return queries::detections(e, query); }));
}

QCoro::Task<Result<GovernanceReport>> EmbeddedClient::fetchGovernance(QString month)
{
    auto at = queries::parseMonth(month, QStringLiteral("month"));
    if (!at)
        co_return fail(at.error().message);
    const std::optional<TimeMs> when = at.value();
    auto result = co_await onWorker<GovernanceReport>(
        engineWork<GovernanceReport>([when](queries::Engine e) { return queries::governance(e, when); }));
    co_return result;
}

QCoro::Task<Result<GovernanceOutcomes>> EmbeddedClient::fetchGovernanceOutcomes(QString month)
{
    auto at = queries::parseMonth(month, QStringLiteral("month"));
    if (!at)
        co_return fail(at.error().message);
    const std::optional<TimeMs> when = at.value();
    auto result = co_await onWorker<GovernanceOutcomes>(engineWork<GovernanceOutcomes>(
        [when](queries::Engine e) { return queries::governanceOutcomes(e, when); }));
    co_return result;
}

QCoro::Task<Result<EventPage>> EmbeddedClient::fetchEvents(EventQuery query)
{
    if (auto e = queries::validate(query))
        co_return fail(e->message);
    const qint64 after = query.after;
    const int limit = query.limit;
    auto page = co_await onWorker<EventPage>(engineWork<EventPage>(
        [after, limit](queries::Engine e) { return queries::events(e, after, limit); }));
    // A long poll: wait for the engine's next ticks until something arrives or the time is up.
    if (page && page->events.empty() && query.waitSeconds > 0) {
        QElapsedTimer waited;
        waited.start();
        while (page && page->events.empty() && waited.elapsed() < query.waitSeconds * 1000LL
               && m_state == ConnectionState::Connected) {
            co_await QCoro::sleepFor(std::chrono::milliseconds(
                std::min<qint64>(250, query.waitSeconds * 1000LL - waited.elapsed())));
            page = co_await onWorker<EventPage>(engineWork<EventPage>(
                [after, limit](queries::Engine e) { return queries::events(e, after, limit); }));
        }
    }
    co_return page;
}

QCoro::Task<Result<RolloutList>> EmbeddedClient::fetchRollouts(RolloutQuery query)
{
    return onWorker<RolloutList>(
        engineWork<RolloutList>([query](queries::Engine e) { return queries::rollouts(e, query); }));
}

QCoro::Task<Result<Rollout>> EmbeddedClient::fetchRollout(qint64 id)
{
    return onWorker<Rollout>(
        engineWork<Rollout>([id](queries::Engine e) { return queries::rollout(e, id); }));
}

QCoro::Task<Result<ApprovalList>> EmbeddedClient::fetchApprovals()
{
    auto list = co_await onWorker<ApprovalList>(
        engineWork<ApprovalList>([](queries::Engine e) { return queries::approvals(e); }));
    if (!list || !list->auditAvailable || list->approvals.empty())
        co_return list;
    // The cause chains come from the audit trail's files: read them on the pool.
    const QString dir = m_dataDir;
    ApprovalList approvals = list.value();
    auto future = QtConcurrent::run([dir, approvals]() mutable -> Result<ApprovalList> {
        queries::addCauseChains(approvals, dir);
        return approvals;
    });
    auto result = co_await future;
    co_return result;
}

QCoro::Task<Result<Rollout>> EmbeddedClient::decideApproval(qint64 id, bool approve, QString comment,
                                                            QString requestHash)
{
    const QString identity = m_identity;
    return onWorker<Rollout>(
        engineWork<Rollout>([id, approve, identity, comment, requestHash](queries::Engine e) {
            return queries::decideApproval(e, id, approve, identity, comment, QString(), requestHash);
        }));
}

QCoro::Task<Result<Rollout>> EmbeddedClient::promote(qint64 id, QString comment)
{
    const QString identity = m_identity;
    return onWorker<Rollout>(engineWork<Rollout>(
        [id, identity, comment](queries::Engine e) { return queries::promote(e, id, identity, comment); }));
}

QCoro::Task<Result<Rollout>> EmbeddedClient::rollback(qint64 id, QString comment)
{
    const QString identity = m_identity;
    return onWorker<Rollout>(engineWork<Rollout>(
        [id, identity, comment](queries::Engine e) { return queries::rollback(e, id, identity, comment); }));
}

QCoro::Task<Result<PolicyDocument>> EmbeddedClient::fetchPolicy()
{
    return onWorker<PolicyDocument>(
        engineWork<PolicyDocument>([](queries::Engine e) { return queries::policy(e); }));
}

QCoro::Task<Result<learning::WeightPosterior>> EmbeddedClient::fetchWeightPosterior()
{
    return onWorker<learning::WeightPosterior>(
        engineWork<learning::WeightPosterior>([](queries::Engine e) { return queries::weightPosterior(e); }));
}

namespace {

Result<Done> requireAudit(FleetRunner& runner)
{
    FleetSession* session = runner.session();
    if (!session)
        return notRunning<Done>();
    if (!session->auditLog())
        return fail(QStringLiteral("the audit trail is disabled in the spec (telemetry.audit.enabled)"));
    return Done {};
}

} // namespace

QCoro::Task<Result<audit::Checkpoint>> EmbeddedClient::fetchAuditCheckpoint()
{
    auto enabled = co_await onWorker<Done>([](FleetRunner& r) { return requireAudit(r); });
    if (!enabled)
        co_return fail(enabled.error());
    const QString dir = m_dataDir;
    auto future = QtConcurrent::run(
        [dir]() -> Result<audit::Checkpoint> { return queries::latestCheckpoint(dir).toResult(); });
    auto result = co_await future;
    co_return result;
}

QCoro::Task<Result<audit::Checkpoint>> EmbeddedClient::createAuditCheckpoint()
{
    return onWorker<audit::Checkpoint>(
        engineWork<audit::Checkpoint>([](queries::Engine e) { return queries::createCheckpoint(e); }));
}

QCoro::Task<Result<AuditEntryList>> EmbeddedClient::fetchAuditRecords(AuditQuery query)
{
    if (auto e = queries::validate(query))
        co_return fail(e->message);
    auto enabled = co_await onWorker<Done>([](FleetRunner& r) { return requireAudit(r); });
    if (!enabled)
        co_return fail(enabled.error());
    const QString dir = m_dataDir;
    auto future = QtConcurrent::run(
        [dir, query]() -> Result<AuditEntryList> { return queries::auditRecords(dir, query).toResult(); });
    auto result = co_await future;
    co_return result;
}

QCoro::Task<Result<QByteArray>> EmbeddedClient::fetchAuditBundle(AuditQuery query)
{
    if (auto e = queries::validate(query))
        co_return fail(e->message);
    // A checkpoint first, so that everything appended so far can be proven; then export on the pool.
    auto cp = co_await createAuditCheckpoint();
    if (!cp)
        co_return fail(cp.error());
    const QString dir = m_dataDir;
    auto future = QtConcurrent::run([dir, query]() -> Result<QByteArray> {
        QTemporaryDir temp;
        if (!temp.isValid())
            return fail(QStringLiteral("cannot create a temporary directory: ") + temp.errorString());
        audit::Filter filter;
        filter.since = query.since;
        filter.until = query.until;
        filter.type = query.type;
        filter.cause = query.cause;
        const QString path = temp.filePath(QStringLiteral("bundle.json"));
        if (auto st = audit::exportBundle(dir, filter, path); !st)
            return fail(st.error());
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the exported bundle: ") + file.errorString());
        return file.readAll();
    });
    auto result = co_await future;
    co_return result;
}

QCoro::Task<Result<RewardWhatIfResult>> EmbeddedClient::rewardWhatIf(RewardWhatIfRequest request)
{
    auto spec = co_await fetchSpec();
    if (!spec)
        co_return fail(spec.error());
    const double threshold = spec->governance.minRewardThreshold;
    // A sweep of up to 10,001 points is CPU work: the pool, not the worker or this thread.
    auto future = QtConcurrent::run([request, threshold]() -> Result<RewardWhatIfResult> {
        auto answer = queries::rewardWhatIf(request, threshold);
        if (!answer)
            return fail(answer.error().message);
        return RewardWhatIfResult::fromJson(nlohmann::json(answer.value()));
    });
    auto result = co_await future;
    co_return result;
}

QCoro::Task<Result<PolicyReplayResult>> EmbeddedClient::replayPolicy(PolicyReplayRequest request)
{
    // (GCC 12: a lambda with non-trivial captures must not be a temporary of a co_await expression.)
    auto work = engineWork<queries::PreparedReplay>(
        [request](queries::Engine e) { return queries::prepareReplay(e, request); });
    auto prepared = co_await onWorker<queries::PreparedReplay>(std::move(work));
    if (!prepared)
        co_return fail(prepared.error());
    auto shared = std::make_shared<queries::PreparedReplay>(std::move(prepared).value());
    auto future = QtConcurrent::run([shared]() -> Result<PolicyReplayResult> {
        auto answer = queries::runReplay(std::move(*shared));
        if (!answer)
            return fail(answer.error().message);
        return PolicyReplayResult::fromJson(nlohmann::json(answer.value()));
    });
    auto result = co_await future;
    co_return result;
}

QCoro::Task<> EmbeddedClient::pollEvents()
{
    m_polling = true;
    QPointer<EmbeddedClient> self(this);
    if (m_eventCursor < 0) {
        // Position after the events that happened before: only new ones are announced.
        auto latest = co_await onWorker<qint64>([](FleetRunner& runner) -> Result<qint64> {
            auto engine = engineOf(runner);
            if (!engine)
                return notRunning<qint64>();
            qint64 cursor = 0;
            for (;;) {
                auto page = queries::events(*engine, cursor, queries::kMaxListLimit);
                if (!page)
                    return fail(page.error().message);
                if (page.value().events.empty())
                    return cursor;
                cursor = page.value().cursor;
            }
        });
        if (!self)
            co_return;
        if (latest)
            m_eventCursor = *latest;
        m_polling = false;
        co_return;
    }
    for (;;) {
        const qint64 after = m_eventCursor;
        auto page = co_await onWorker<EventPage>(engineWork<EventPage>(
            [after](queries::Engine e) { return queries::events(e, after, queries::kMaxListLimit); }));
        if (!self)
            co_return;
        if (!page || page->events.empty())
            break;
        m_eventCursor = page->cursor;
        Q_EMIT eventsAvailable(QList<EventRecord>(page->events.begin(), page->events.end()));
        if (int(page->events.size()) < queries::kMaxListLimit)
            break;
    }
    m_polling = false;
}

void EmbeddedClient::setPaused(bool paused)
{
    if (m_runner)
        QMetaObject::invokeMethod(
            m_runner, [r = m_runner, paused] { r->setPaused(paused); }, Qt::QueuedConnection);
}

void EmbeddedClient::setTickInterval(int milliseconds)
{
    if (m_runner)
        QMetaObject::invokeMethod(
            m_runner, [r = m_runner, milliseconds] { r->setTickInterval(milliseconds); },
            Qt::QueuedConnection);
}

} // namespace orch
