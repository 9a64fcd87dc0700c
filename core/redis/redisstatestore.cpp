#include "redis/redisstatestore.h"

#include <QAbstractEventDispatcher>
#include <QDir>
#include <QRandomGenerator>
#include <QTimer>

#include "redis/redisjournal.h"
#include "redis/rediskeys.h"
#include "redis/redislogging.h"

namespace orch {

QString RedisStateStore::defaultJournalPath(const QString& dataDir, const QString& instance)
{
    return QDir(dataDir).filePath(QStringLiteral("redis-journal-%1.db").arg(instance));
}

Result<std::unique_ptr<RedisStateStore>>
RedisStateStore::open(const RedisUrl& url, std::unique_ptr<StateStore> inner, Options options)
{
    if (!inner)
        return fail(QStringLiteral("Redis state store: no store to delegate to"));
    if (auto st = RedisKeys::checkInstance(options.instance); !st)
        return fail(st.error());
    if (options.journalPath.isEmpty())
        return fail(QStringLiteral("Redis state store: no journal file given"));
    if (options.replayBatch < 1)
        return fail(
            QStringLiteral("Redis state store: replayBatch must be >= 1, got %1").arg(options.replayBatch));
    auto journal = RedisJournal::open(options.journalPath, options.instance);
    if (!journal)
        return fail(journal.error());
    std::unique_ptr<RedisStateStore> store(
        new RedisStateStore(url, std::move(inner), std::move(journal).value(), std::move(options)));
    if (auto st = store->ready(); !st) {
        if (store->m_connection->lastConnectRefused())
            return fail(st.error());
        qCWarning(lcRedis).noquote() << "starting without Redis, from the local cache in"
                                     << store->m_journal->path() << "with" << store->m_journal->queued()
                                     << "writes queued:" << st.error();
    }
    return store;
}

RedisStateStore::RedisStateStore(const RedisUrl& url, std::unique_ptr<StateStore> inner,
                                 std::unique_ptr<RedisJournal> journal, Options options)
    : m_inner(std::move(inner))
    , m_journal(std::move(journal))
    , m_connection(std::make_unique<RedisConnection>(url, options.connection))
    , m_options(std::move(options))
    , m_epochKey(RedisKeys::epoch(m_options.instance))
{
    // Without an event loop in this thread (a plain test, a tool) calls and flush() still replay.
    if (m_options.maintenanceInterval.count() > 0 && QAbstractEventDispatcher::instance()) {
        m_timer = std::make_unique<QTimer>();
        m_timer->setInterval(m_options.maintenanceInterval);
        QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] { maintain(); });
        m_timer->start();
    }
}

RedisStateStore::~RedisStateStore()
{
    if (m_journal && m_journal->queued() > 0)
        qCWarning(lcRedis).noquote() << m_journal->queued() << "writes still queued for Redis in"
                                     << m_journal->path() << "- they are delivered on the next start";
}

QByteArray RedisStateStore::redisKey(const QString& key) const
{
    return RedisKeys::state(m_options.instance, key);
}

RedisStoreStatus RedisStateStore::status() const
{
    RedisStoreStatus s;
    s.endpoint = m_connection->url().redacted();
    s.instance = m_options.instance;
    s.connected = m_connection->isConnected();
    s.queuedWrites = m_journal->queued();
    s.replayedWrites = m_replayed;
    s.restoredKeys = m_restored;
    s.failedConnects = m_connection->failedConnects();
    s.lastError = m_lastError;
    return s;
}

Status RedisStateStore::noteFailure(const Status& status)
{
    if (!status)
        m_lastError = status.error();
    return status;
}

Status RedisStateStore::flush()
{
    if (auto st = ready(); !st)
        return st;
    if (m_journal->queued() > 0)
        return fail(QStringLiteral("%1 writes still queued for Redis").arg(m_journal->queued()));
    return success();
}

Status RedisStateStore::ready()
{
    if (auto st = m_connection->ensureConnected(); !st)
        return noteFailure(st);
    if (m_syncedGeneration != m_connection->generation()) {
        if (auto st = synchronize(); !st)
            return noteFailure(st);
        m_syncedGeneration = m_connection->generation();
        return success();
    }
    if (m_journal->queued() > 0)
        return noteFailure(replayQueue());
    return success();
}

// After every (re)connection, before anything else: deliver the queue, then make sure Redis still
// has this instance's data.
Status RedisStateStore::synchronize()
{
    auto epoch = m_connection->command({ QByteArrayLiteral("GET"), m_epochKey });
    if (!epoch)
        return fail(epoch.error());
    if (auto st = replayQueue(); !st)
        return st;
    if (!epoch->isNil())
        return success();
    // No marker: a new Redis, or one that lost its data (restarted without persistence, flushed).
    // The cache holds the last value of every key this instance wrote or read.
    if (auto st = restoreFromCache(); !st)
        return st;
    const QByteArray token = QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    auto set = m_connection->command({ QByteArrayLiteral("SET"), m_epochKey, token });
    if (!set)
        return fail(set.error());
    return success();
}

Status RedisStateStore::replayQueue()
{
    qint64 delivered = 0;
    while (m_journal->queued() > 0) {
        auto batch = m_journal->pending(m_options.replayBatch);
        if (!batch)
            return fail(batch.error());
        if (batch->empty())
            break;
        std::vector<QByteArrayList> commands;
        commands.reserve(batch->size());
        for (const RedisJournal::Entry& e : *batch)
            commands.push_back({ QByteArrayLiteral("SET"), e.redisKey, e.value });
        auto replies = m_connection->pipeline(commands);
        if (!replies)
            return fail(replies.error());
        // Replies come in order: everything before the first refused write is delivered.
        std::optional<qint64> lastDelivered;
        QString refused;
        for (size_t i = 0; i < replies->size(); ++i) {
            if ((*replies)[i].isError()) {
                refused = QStringLiteral("Redis at %1 refused a queued write of %2: %3")
                              .arg(m_connection->url().redacted(), QString::fromUtf8((*batch)[i].redisKey),
                                   QString::fromUtf8((*replies)[i].string));
                break;
            }
            lastDelivered = (*batch)[i].seq;
            ++delivered;
        }
        if (lastDelivered) {
            if (auto st = m_journal->removeUpTo(*lastDelivered); !st)
                return st;
        }
        if (!refused.isEmpty()) {
            // A server refusing writes (out of memory, a read-only replica) gets the backoff too.
            qCWarning(lcRedis).noquote() << refused;
            m_connection->disconnect(refused);
            return fail(refused);
        }
    }
    m_replayed += delivered;
    if (delivered > 0)
        qCInfo(lcRedis).noquote() << "delivered" << delivered << "queued writes to Redis at"
                                  << m_connection->url().redacted();
    return success();
}

Status RedisStateStore::restoreFromCache()
{
    auto all = m_journal->cachedAll();
    if (!all)
        return fail(all.error());
    if (all->empty())
        return success();
    std::vector<QByteArrayList> commands;
    for (const auto& [key, value] : *all)
        commands.push_back({ QByteArrayLiteral("SET"), redisKey(key), value });
    auto replies = m_connection->pipeline(commands);
    if (!replies)
        return fail(replies.error());
    for (const RedisReply& reply : *replies) {
        if (reply.isError())
            return fail(QStringLiteral("Redis at %1 refused restoring the cache: %2")
                            .arg(m_connection->url().redacted(), QString::fromUtf8(reply.string)));
    }
    m_restored += static_cast<qint64>(all->size());
    qCWarning(lcRedis).noquote() << "Redis at" << m_connection->url().redacted() << "had no data for instance"
                                 << m_options.instance << "(new, flushed or restarted without persistence):"
                                 << "wrote back" << all->size() << "keys from the local cache";
    return success();
}

void RedisStateStore::maintain()
{
    if (!m_connection->isConnected() || m_journal->queued() > 0
        || m_syncedGeneration != m_connection->generation()) {
        (void)ready();
        return;
    }
    // Notice a dead server while idle, so status() tells the truth.
    if (auto ping = m_connection->command({ QByteArrayLiteral("PING") }); !ping)
        (void)noteFailure(fail(ping.error()));
}

Status RedisStateStore::putState(const QString& key, const QByteArray& value)
{
    const QByteArray rkey = redisKey(key);
    // Straight to Redis only when nothing is queued: the queue is delivered first, in order.
    if (m_journal->queued() == 0 && ready() && m_journal->queued() == 0) {
        auto set = m_connection->command({ QByteArrayLiteral("SET"), rkey, value });
        if (set)
            return m_journal->cache(key, value);
        (void)noteFailure(fail(set.error()));
        if (m_connection->isConnected())
            m_connection->disconnect(set.error()); // refused: back off like an outage
    }
    const bool firstQueued = m_journal->queued() == 0;
    if (auto st = m_journal->cacheAndEnqueue(key, rkey, value); !st)
        return st;
    if (firstQueued)
        qCWarning(lcRedis).noquote() << "Redis unavailable: queuing state writes in" << m_journal->path();
    else
        (void)ready(); // delivers the queue when the backoff allows
    return success();
}

Result<std::optional<QByteArray>> RedisStateStore::state(const QString& key)
{
    if (ready() && m_journal->queued() == 0) {
        auto get = m_connection->command({ QByteArrayLiteral("GET"), redisKey(key) });
        if (get) {
            auto cached = m_journal->cached(key);
            if (!cached)
                return fail(cached.error());
            if (get->isNil()) {
                if (!cached->has_value())
                    return std::optional<QByteArray>();
                // Redis lost this key but kept the epoch (e.g. the tail of a non-fsynced AOF).
                qCWarning(lcRedis).noquote()
                    << "Redis lost" << redisKey(key) << "- writing it back from the cache";
                (void)m_connection->command({ QByteArrayLiteral("SET"), redisKey(key), **cached });
                return cached;
            }
            if (!cached->has_value() || **cached != get->string) {
                if (auto st = m_journal->cache(key, get->string); !st)
                    qCWarning(lcRedis).noquote() << st.error();
            }
            return std::optional<QByteArray>(get->string);
        }
        (void)noteFailure(fail(get.error()));
        if (m_connection->isConnected())
            return fail(get.error()); // Redis answered with an error (e.g. WRONGTYPE): not an outage
    }
    return m_journal->cached(key);
}

Status RedisStateStore::appendSamples(std::span<const Sample> samples)
{
    return m_inner->appendSamples(samples);
}

Result<std::vector<Sample>> RedisStateStore::samples(const QString& dealer, const QString& feature,
                                                     TimeMs from, TimeMs to)
{
    return m_inner->samples(dealer, feature, from, to);
}

Result<qint64> RedisStateStore::sampleCount()
{
    return m_inner->sampleCount();
}

Result<std::vector<std::pair<QString, QString>>> RedisStateStore::series()
{
    return m_inner->series();
}

Result<qint64> RedisStateStore::insertDetection(const Detection& detection)
{
    return m_inner->insertDetection(detection);
}

Status RedisStateStore::updateDetection(const Detection& detection)
{
    return m_inner->updateDetection(detection);
}

Result<std::vector<Detection>> RedisStateStore::detections(TimeMs from, TimeMs to, int limit)
{
    return m_inner->detections(from, to, limit);
}

Result<qint64> RedisStateStore::appendEvent(const EventRecord& event)
{
    return m_inner->appendEvent(event);
}

Result<std::vector<EventRecord>> RedisStateStore::events(qint64 afterId, int limit)
{
    return m_inner->events(afterId, limit);
}

Status RedisStateStore::addSpend(const QString& dealer, const QString& month, qint64 microDollars)
{
    return m_inner->addSpend(dealer, month, microDollars);
}

Result<qint64> RedisStateStore::spend(const QString& dealer, const QString& month)
{
    return m_inner->spend(dealer, month);
}

Status RedisStateStore::appendDecisions(std::span<DecisionRecord> decisions)
{
    return m_inner->appendDecisions(decisions);
}

Status RedisStateStore::setOutcomes(std::span<const DecisionRecord> decisions)
{
    return m_inner->setOutcomes(decisions);
}

Result<std::vector<DecisionRecord>> RedisStateStore::decisions(qint64 afterId, TimeMs from, TimeMs to,
                                                               int limit)
{
    return m_inner->decisions(afterId, from, to, limit);
}

Result<std::vector<DecisionRecord>> RedisStateStore::pendingOutcomes()
{
    return m_inner->pendingOutcomes();
}

Result<qint64> RedisStateStore::insertRollout(const RolloutRecord& rollout)
{
    return m_inner->insertRollout(rollout);
}

Status RedisStateStore::updateRollout(const RolloutRecord& rollout)
{
    return m_inner->updateRollout(rollout);
}

Result<std::vector<RolloutRecord>> RedisStateStore::rollouts(bool activeOnly, int limit)
{
    return m_inner->rollouts(activeOnly, limit);
}

} // namespace orch
