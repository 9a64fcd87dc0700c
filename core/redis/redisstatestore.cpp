#include "redis/redisstatestore.h"

#include <QAbstractEventDispatcher>
#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QTimer>

#include "common/timeutil.h"
#include "redis/rediskeys.h"
#include "redis/redislogging.h"

namespace orch {

namespace {

// Adds a charge to a dealer's monthly total once per charge id; the total is then at least the
// floor (this replica's own total: what Redis may have lost). KEYS: the totals hash, the charge
// ids' set. ARGV: dealer, charge id, micro-dollars, floor, expiry (Unix seconds). Returns the total.
const RedisScript& addSpendScript()
{
    static const RedisScript script(QByteArrayLiteral(R"lua(
local total
if redis.call('SADD', KEYS[2], ARGV[2]) == 1 then
  total = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
else
  total = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
end
if total < tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
  total = tonumber(ARGV[4])
end
redis.call('EXPIREAT', KEYS[1], ARGV[5])
redis.call('EXPIREAT', KEYS[2], ARGV[5])
return total
)lua"));
    return script;
}

// Raises a dealer's monthly total to at least a value (writing back what Redis lost). KEYS: the
// totals hash. ARGV: dealer, the value, expiry (Unix seconds). Returns the total.
const RedisScript& raiseSpendScript()
{
    static const RedisScript script(QByteArrayLiteral(R"lua(
local total = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if total < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('EXPIREAT', KEYS[1], ARGV[3])
  return tonumber(ARGV[2])
end
return total
)lua"));
    return script;
}

// A month's spend stays in Redis for this long after the later of the month's end and its last
// write: long enough for a year-on-year report and for any late replay of a queued charge.
constexpr qint64 kSpendRetentionDays = 400;

qint64 spendExpiry(const QString& month)
{
    const QDate first(QStringView(month).first(4).toInt(), QStringView(month).sliced(5).toInt(), 1);
    const qint64 monthEnd = QDateTime(first.addMonths(1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    return std::max(monthEnd, QDateTime::currentSecsSinceEpoch()) + kSpendRetentionDays * 86400;
}

QByteArray newChargeId()
{
    const quint64 a = QRandomGenerator::system()->generate64();
    const quint64 b = QRandomGenerator::system()->generate64();
    return QByteArray::number(a, 16).rightJustified(16, '0')
        + QByteArray::number(b, 16).rightJustified(16, '0');
}

QByteArray number(qint64 n)
{
    return QByteArray::number(n);
}

} // namespace

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

Result<RedisJournal::SpendCharge> RedisStateStore::spendCharge(const QString& dealer,
                                                               const QString& month) const
{
    if (dealer.isEmpty())
        return fail(QStringLiteral("spend in Redis: the dealer is empty"));
    if (!isMonthKey(month))
        return fail(QStringLiteral("spend in Redis of dealer \"%1\": month \"%2\" must look like \"2026-01\"")
                        .arg(dealer, month));
    const QString instance
        = m_options.spendInstanceOf ? m_options.spendInstanceOf(dealer) : m_options.instance;
    if (auto st = RedisKeys::checkInstance(instance); !st)
        return fail(QStringLiteral("spend in Redis of dealer \"%1\": %2").arg(dealer, st.error()));
    RedisJournal::SpendCharge c;
    c.totalsKey = RedisKeys::spend(instance, month);
    c.chargesKey = RedisKeys::spendCharges(instance, month);
    c.dealer = dealer;
    c.expireAt = spendExpiry(month);
    return c;
}

Result<QByteArray> RedisStateStore::spendKey(const QString& dealer, const QString& month) const
{
    auto c = spendCharge(dealer, month);
    if (!c)
        return fail(c.error());
    return c->totalsKey;
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
    if (!epoch->isNil())
        return replayQueue();
    // No marker: a new Redis, or one that lost its data (restarted without persistence, flushed).
    // The cache holds the last value of every key this instance wrote or read, and the last spend
    // totals Redis reported; written back before the queue, whose charges those totals do not
    // count yet (and whose state writes are the cached values or older ones, in order).
    if (auto st = restoreFromCache(); !st)
        return st;
    if (auto st = replayQueue(); !st)
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
        for (const RedisJournal::Entry& e : *batch) {
            if (e.op == RedisJournal::Op::Set) {
                commands.push_back({ QByteArrayLiteral("SET"), e.redisKey, e.value });
                continue;
            }
            // A charge: counted once by its id, however often it is sent.
            const RedisJournal::SpendCharge& c = e.spend;
            commands.push_back({ QByteArrayLiteral("EVAL"), addSpendScript().source, QByteArrayLiteral("2"),
                                 c.totalsKey, c.chargesKey, c.dealer.toUtf8(), c.charge, number(c.micros),
                                 number(c.floor), number(c.expireAt) });
        }
        auto replies = m_connection->pipeline(commands);
        if (!replies)
            return fail(replies.error());
        // Replies come in order: everything before the first refused write is delivered.
        std::optional<qint64> lastDelivered;
        std::vector<RedisJournal::SpendTotal> totals;
        QString refused;
        for (size_t i = 0; i < replies->size(); ++i) {
            const RedisReply& reply = (*replies)[i];
            const RedisJournal::Entry& e = (*batch)[i];
            if (!reply.isError() && e.op == RedisJournal::Op::AddSpend
                && reply.type != RedisReply::Type::Integer)
                refused
                    = QStringLiteral("Redis at %1 answered a queued charge of %2 in %3 without a total")
                          .arg(m_connection->url().redacted(), e.spend.dealer, QString::fromUtf8(e.redisKey));
            else if (reply.isError())
                refused = QStringLiteral("Redis at %1 refused a queued write of %2: %3")
                              .arg(m_connection->url().redacted(), QString::fromUtf8(e.redisKey),
                                   QString::fromUtf8(reply.string));
            if (!refused.isEmpty())
                break;
            if (e.op == RedisJournal::Op::AddSpend)
                totals.push_back({ e.spend.totalsKey, e.spend.dealer, reply.integer, e.spend.expireAt });
            lastDelivered = e.seq;
            ++delivered;
        }
        if (lastDelivered) {
            // With the totals Redis answered, in one transaction: the cached total of a dealer
            // never counts a charge that is still queued.
            if (auto st = m_journal->removeUpTo(*lastDelivered, totals); !st)
                return st;
        }
        if (!refused.isEmpty()) {
            // A server refusing writes (out of memory, a read-only replica) gets the backoff too.
            qCWarning(lcRedis).noquote() << refused;
            m_connection->disconnect(refused);
            return fail(refused);
        }
    }
    if (m_directDelivery)
        return success(); // a charge delivered as it was made: nothing was waiting
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
    auto totals = m_journal->cachedSpends();
    if (!totals)
        return fail(totals.error());
    if (all->empty() && totals->empty())
        return success();
    std::vector<QByteArrayList> commands;
    for (const auto& [key, value] : *all)
        commands.push_back({ QByteArrayLiteral("SET"), redisKey(key), value });
    // Spend totals only go up: another replica may have written a larger one meanwhile.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    qint64 spendTotals = 0;
    for (const RedisJournal::SpendTotal& t : *totals) {
        if (t.expireAt <= now)
            continue;
        commands.push_back({ QByteArrayLiteral("EVAL"), raiseSpendScript().source, QByteArrayLiteral("1"),
                             t.totalsKey, t.dealer.toUtf8(), number(t.total), number(t.expireAt) });
        ++spendTotals;
    }
    auto replies = m_connection->pipeline(commands);
    if (!replies)
        return fail(replies.error());
    for (const RedisReply& reply : *replies) {
        if (reply.isError())
            return fail(QStringLiteral("Redis at %1 refused restoring the cache: %2")
                            .arg(m_connection->url().redacted(), QString::fromUtf8(reply.string)));
    }
    m_restored += static_cast<qint64>(commands.size());
    qCWarning(lcRedis).noquote() << "Redis at" << m_connection->url().redacted() << "had no data for instance"
                                 << m_options.instance << "(new, flushed or restarted without persistence):"
                                 << "wrote back" << all->size() << "keys and" << spendTotals
                                 << "spend totals from the local cache";
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
    auto charge = spendCharge(dealer, month);
    if (!charge)
        return fail(charge.error());
    if (microDollars < 0)
        return fail(
            QStringLiteral("spend of dealer \"%1\" for %2: a charge must be >= 0, got %3 micro-dollars")
                .arg(dealer, month)
                .arg(microDollars));
    // This replica's own ledger first (its total is the floor of the shared one), then the shared
    // total: through the journal, so that a charge is never lost between the two (a crash, an
    // outage, a lost reply) and is counted once however often it is delivered.
    if (auto st = m_inner->addSpend(dealer, month, microDollars); !st)
        return st;
    auto own = m_inner->spend(dealer, month);
    if (!own)
        return fail(own.error());
    charge->charge = newChargeId();
    charge->micros = microDollars;
    charge->floor = *own;
    const bool firstQueued = m_journal->queued() == 0;
    if (auto st = m_journal->enqueueSpend(*charge); !st)
        return st;
    // Delivers the queue (this charge included) when Redis is reachable.
    m_directDelivery = firstQueued;
    (void)ready();
    m_directDelivery = false;
    if (firstQueued && m_journal->queued() > 0)
        qCWarning(lcRedis).noquote() << "Redis unavailable: queuing spend and state writes in"
                                     << m_journal->path();
    return success();
}

// Redis' total of a dealer (connected, nothing queued), made at least `own` and the last total
// Redis reported (a month's total only grows: a smaller one means Redis lost data, which is
// written back).
Result<qint64> RedisStateStore::redisSpend(const RedisJournal::SpendCharge& keys, qint64 own)
{
    auto get = m_connection->command({ QByteArrayLiteral("HGET"), keys.totalsKey, keys.dealer.toUtf8() });
    if (!get)
        return fail(get.error());
    qint64 inRedis = 0;
    if (!get->isNil()) {
        bool ok = false;
        inRedis = get->string.toLongLong(&ok);
        if (!ok || inRedis < 0)
            return fail(QStringLiteral("Redis at %1: %2 field %3 is \"%4\", not a total of micro-dollars")
                            .arg(m_connection->url().redacted(), QString::fromUtf8(keys.totalsKey),
                                 keys.dealer, QString::fromUtf8(get->string.left(64))));
    }
    auto cached = m_journal->cachedSpend(keys.totalsKey, keys.dealer);
    if (!cached)
        return fail(cached.error());
    const qint64 best = std::max({ inRedis, cached->value_or(0), own });
    if (best > inRedis) {
        qCWarning(lcRedis).noquote() << QStringLiteral(
                                            "Redis has %1 micro-dollars as the spend of %2 in %3, but %4 %5: "
                                            "writing it back")
                                            .arg(inRedis)
                                            .arg(keys.dealer, QString::fromUtf8(keys.totalsKey))
                                            .arg(best)
                                            .arg(best == own ? QStringLiteral("were charged by this replica")
                                                             : QStringLiteral("were read before"));
        auto raised = m_connection->eval(raiseSpendScript(), { keys.totalsKey },
                                         { keys.dealer.toUtf8(), number(best), number(keys.expireAt) });
        if (!raised)
            (void)noteFailure(fail(raised.error())); // answered anyway; tried again on the next read
    }
    if (cached->value_or(0) != best) { // (a dealer never charged is not cached)
        if (auto st = m_journal->cacheSpend({ keys.totalsKey, keys.dealer, best, keys.expireAt }); !st)
            qCWarning(lcRedis).noquote() << st.error();
    }
    return best;
}

Result<qint64> RedisStateStore::spend(const QString& dealer, const QString& month)
{
    auto keys = spendCharge(dealer, month);
    if (!keys)
        return fail(keys.error());
    auto own = m_inner->spend(dealer, month);
    if (!own)
        return fail(own.error());
    if (ready() && m_journal->queued() == 0) {
        auto total = redisSpend(*keys, *own);
        if (total)
            return total;
        (void)noteFailure(fail(total.error()));
        if (m_connection->isConnected())
            return fail(total.error()); // Redis answered with an error (e.g. WRONGTYPE): not an outage
    }
    // Redis away, or charges still queued: the last total Redis reported plus this replica's
    // charges it has not counted yet. Nobody else charges this dealer meanwhile: a replica
    // handles a shard only while it holds the shard's lease in Redis.
    auto cached = m_journal->cachedSpend(keys->totalsKey, dealer);
    if (!cached)
        return fail(cached.error());
    auto queued = m_journal->queuedSpend(keys->totalsKey, dealer);
    if (!queued)
        return fail(queued.error());
    return std::max(cached->value_or(0) + *queued, *own);
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
