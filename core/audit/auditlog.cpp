#include "audit/auditlog.h"

#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <fcntl.h>
#include <unistd.h>

#include "audit/auditcrypto.h"
#include "audit/auditformat.h"
#include "audit/audithex.h"
#include "audit/auditkeys.h"
#include "audit/auditlogging.h"
#include "audit/auditscan.h"
#include "engine/clock.h"

namespace orch::audit {

using detail::strictHex;
using detail::toHex;
using format::Kind;

namespace {

constexpr qsizetype kMaxEntryBytes = 1024 * 1024;
constexpr int kMaxDataDepth = 48;

QString auditDirOf(const QString& dataDir)
{
    return QDir(dataDir).absoluteFilePath(QStringLiteral("audit"));
}

QString keysDirOf(const QString& auditDir)
{
    return auditDir + QStringLiteral("/keys");
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(strerror(error));
}

// Non-finite numbers would be written as null; deep nesting would fail the strict reader.
QString checkData(const nlohmann::json& value, int depth)
{
    if (depth > kMaxDataDepth)
        return QStringLiteral("data nests deeper than %1 levels").arg(kMaxDataDepth);
    if (value.is_number_float() && !std::isfinite(value.get<double>()))
        return QStringLiteral("data holds a non-finite number");
    if (value.is_structured())
        for (const auto& child : value)
            if (QString problem = checkData(child, depth + 1); !problem.isEmpty())
                return problem;
    return {};
}

bool writeAll(int fd, const QByteArray& data, int* error)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = n < 0 ? errno : EIO;
            return false;
        }
        done += n;
    }
    return true;
}

// Writes a group of frames and makes them durable: the point at which they may be acknowledged.
bool writeAndSync(int fd, const QByteArray& data, int* error)
{
    if (!writeAll(fd, data, error))
        return false;
    if (::fdatasync(fd) != 0) {
        *error = errno;
        return false;
    }
    return true;
}

bool matches(const Filter& filter, const Record& record)
{
    if (filter.since && record.timestamp < *filter.since)
        return false;
    if (filter.until && record.timestamp > *filter.until)
        return false;
    if (!filter.type.isEmpty()) {
        if (filter.type.endsWith(u'.') ? !record.type.startsWith(filter.type) : record.type != filter.type)
            return false;
    }
    if (filter.cause && record.cause != *filter.cause)
        return false;
    return true;
}

// 16 fresh CSPRNG bytes for an entry's salt, drawn from a per-thread pool refilled with RAND_bytes
// 4 KiB at a time: one DRBG call (and its lock) per 256 entries instead of one per entry.
Result<QByteArray> saltBytes()
{
    constexpr qsizetype kSalt = 16;
    constexpr qsizetype kPool = 4096;
    thread_local QByteArray pool;
    thread_local qsizetype used = kPool;
    if (used + kSalt > pool.size()) {
        auto fresh = crypto::randomBytes(int(kPool));
        if (!fresh)
            return fail(fresh.error());
        pool = std::move(*fresh);
        used = 0;
    }
    QByteArray salt = pool.mid(used, kSalt);
    std::memset(pool.data() + used, 0, size_t(kSalt)); // handed out once
    used += kSalt;
    return salt;
}

// An entry serialized and digested outside the log's lock; only sealing and chaining need it.
struct PreparedEntry
{
    QByteArray body;
    QByteArray digest; // SHA-256 of body
    qint64 cause = 0;
};

// {"type":..,"cause":..,"actor":..,"data":..,"salt":".."}: the same bytes an ordered_json of
// those fields dumps, without copying data into it.
Result<PreparedEntry> prepareEntry(const QString& type, const nlohmann::json& data, qint64 cause,
                                   const QString& actor)
{
    if (type.isEmpty())
        return fail(QStringLiteral("audit entry type must not be empty"));
    if (cause < 0)
        return fail(QStringLiteral("audit entry cause must be 0 or a sequence number, got %1").arg(cause));
    if (QString problem = checkData(data, 0); !problem.isEmpty())
        return fail(QStringLiteral("audit entry %1: %2").arg(type, problem));
    auto salt = saltBytes();
    if (!salt)
        return fail(salt.error());
    std::string text;
    try {
        const std::string dataText = data.dump();
        const std::string typeText = nlohmann::json(type.toStdString()).dump();
        const std::string actorText = nlohmann::json(actor.toStdString()).dump();
        text.reserve(dataText.size() + typeText.size() + actorText.size() + 96);
        text += "{\"type\":";
        text += typeText;
        text += ",\"cause\":";
        text += std::to_string(cause);
        text += ",\"actor\":";
        text += actorText;
        text += ",\"data\":";
        text += dataText;
        text += ",\"salt\":\"";
        text += toHex(*salt);
        text += "\"}";
    } catch (const nlohmann::json::exception& e) {
        return fail(
            QStringLiteral("audit entry %1 cannot be serialized: %2").arg(type, QString::fromUtf8(e.what())));
    }
    if (qsizetype(text.size()) > kMaxEntryBytes)
        return fail(QStringLiteral("audit entry %1 is %2 bytes; the limit is %3")
                        .arg(type)
                        .arg(text.size())
                        .arg(kMaxEntryBytes));
    PreparedEntry prepared;
    prepared.body = QByteArray(text.data(), qsizetype(text.size()));
    prepared.digest = crypto::sha256(prepared.body);
    prepared.cause = cause;
    return prepared;
}

} // namespace

// ---- Checkpoint ------------------------------------------------------------------------------

nlohmann::ordered_json Checkpoint::toJson() const
{
    nlohmann::ordered_json json;
    json["format"] = "orch-audit-checkpoint/1";
    json["sequence"] = sequence;
    json["chainHead"] = toHex(chainHead);
    json["merkleRoot"] = toHex(merkleRoot);
    json["time"] = time;
    json["signingKeyId"] = signingKeyId.toStdString();
    json["signature"] = toHex(signature);
    return json;
}

Result<Checkpoint> Checkpoint::fromJson(const nlohmann::json& json)
{
    static const char* const fields[]
        = { "format", "sequence", "chainHead", "merkleRoot", "time", "signingKeyId", "signature" };
    if (!json.is_object())
        return fail(QStringLiteral("checkpoint must be a JSON object"));
    for (auto it = json.begin(); it != json.end(); ++it)
        if (std::find_if(std::begin(fields), std::end(fields), [&](const char* f) { return it.key() == f; })
            == std::end(fields))
            return fail(
                QStringLiteral("checkpoint has an unknown field '%1'").arg(QString::fromStdString(it.key())));
    for (const char* f : fields)
        if (!json.contains(f))
            return fail(QStringLiteral("checkpoint lacks field '%1'").arg(QLatin1StringView(f)));
    if (json["format"] != "orch-audit-checkpoint/1")
        return fail(QStringLiteral("checkpoint format must be \"orch-audit-checkpoint/1\""));
    const auto& sequence = json["sequence"];
    if (!sequence.is_number_integer() || sequence.get<qint64>() < 0)
        return fail(QStringLiteral("checkpoint sequence must be a non-negative integer"));
    const auto& time = json["time"];
    if (!time.is_number_integer())
        return fail(QStringLiteral("checkpoint time must be an integer (ms since the epoch)"));
    Checkpoint cp;
    cp.sequence = sequence.get<qint64>();
    cp.time = time.get<qint64>();
    const auto hexField = [&](const char* name, int bytes) -> std::optional<QByteArray> {
        const auto& v = json[name];
        return v.is_string() ? strictHex(v.get<std::string>(), bytes) : std::nullopt;
    };
    const auto chainHead = hexField("chainHead", 32);
    const auto merkleRoot = hexField("merkleRoot", 32);
    const auto signature = hexField("signature", 64);
    if (!chainHead || !merkleRoot)
        return fail(QStringLiteral("checkpoint chainHead and merkleRoot must be 32 bytes of hex"));
    if (!signature)
        return fail(QStringLiteral("checkpoint signature must be 64 bytes of hex"));
    if (!json["signingKeyId"].is_string())
        return fail(QStringLiteral("checkpoint signingKeyId must be a string"));
    cp.chainHead = *chainHead;
    cp.merkleRoot = *merkleRoot;
    cp.signature = *signature;
    cp.signingKeyId = QString::fromStdString(json["signingKeyId"].get<std::string>());
    return cp;
}

// ---- AuditLog --------------------------------------------------------------------------------

struct AuditLog::Impl
{
    explicit Impl(const Options& o)
        : options(o)
        , auditDir(auditDirOf(o.dataDir))
        , keys(keysDirOf(auditDir))
    { }

    Options options;
    QString auditDir;
    KeyStore keys;
    crypto::PkeyPtr signingKey;
    QString signingKeyId;

    mutable std::mutex mutex;
    std::condition_variable cv;

    // The open segment.
    int fd = -1;
    quint64 segment = 0;
    QString keyId;
    crypto::AesGcm aes;
    qint64 segmentBytes = 0;
    quint64 segmentRecords = 0;

    // The log's state after the last record built (durable or pending).
    quint64 lastSeq = 0;
    QByteArray chain; // running chain value, including segment links
    QByteArray head; // h_lastSeq
    format::MerkleFrontier frontier;
    TimeMs lastTs = 0;
    int sinceCheckpoint = 0;
    std::optional<Kind> lastKind;
    std::vector<detail::SegmentState> segments;

    // Group commit.
    QByteArray pending;
    quint64 pendingLast = 0;
    quint64 durable = 0;
    bool syncing = false;
    QString fatal;

    // Pipelined appends: the committer thread writes and syncs what is pending whenever an
    // appendAsync() waits, and fulfils the promises of everything that became durable.
    struct Waiter
    {
        quint64 sequence;
        std::promise<Result<qint64>> promise;
    };
    std::deque<Waiter> waiters; // increasing sequences
    std::condition_variable commitCv;
    std::thread committer;
    bool stopping = false;

    TimeMs now() const { return std::max(options.clock->now(), lastTs); }

    Error setFatal(const QString& message)
    {
        fatal = message;
        qCCritical(lcAudit) << "audit trail stopped:" << message;
        cv.notify_all();
        commitCv.notify_all();
        return fail(QStringLiteral("audit trail is unusable: %1").arg(message));
    }

    Status usable() const
    {
        if (!fatal.isEmpty())
            return fail(QStringLiteral("audit trail is unusable after an earlier failure: %1").arg(fatal));
        if (fd < 0)
            return fail(QStringLiteral("audit trail is closed"));
        return success();
    }

    // Seals the record straight into the pending buffer: header || body-or-ciphertext || tag, in
    // its frame (docs/audit-format.md), then chains and Merkle-hashes it.
    Result<quint64> addRecord(Kind kind, const QByteArray& body, TimeMs ts,
                              const QByteArray* digest = nullptr)
    {
        const quint64 seq = lastSeq + 1;
        format::RecordHeader rh;
        rh.kind = kind;
        rh.sequence = seq;
        rh.timestamp = ts;
        rh.keyId = keyId;
        rh.nonce = format::nonceFor(segment, seq);
        rh.bodyLength = quint32(body.size());
        rh.digest = digest ? *digest : crypto::sha256(body);
        const QByteArray headerBytes = rh.encode();
        const qsizetype payloadSize = format::kRecordHeaderSize + body.size() + crypto::kTagSize;
        const qsizetype frameSize = payloadSize + format::kFrameOverhead;
        const qsizetype start = pending.size();
        if (pending.capacity() < start + frameSize)
            pending.reserve(std::max(start + frameSize, 2 * pending.capacity()));
        pending.resize(start + frameSize);
        char* frame = pending.data() + start;
        char* payload = frame + 8;
        char* tag = payload + format::kRecordHeaderSize + body.size();
        std::memcpy(payload, headerBytes.constData(), format::kRecordHeaderSize);
        Status sealed = success();
        if (kind == Kind::Entry) {
            sealed = aes.sealInto(rh.nonce.constData(), headerBytes, body,
                                  payload + format::kRecordHeaderSize, tag);
        } else {
            std::memcpy(payload + format::kRecordHeaderSize, body.constData(), size_t(body.size()));
            sealed = aes.sealInto(rh.nonce.constData(),
                                  QByteArrayView(payload, format::kRecordHeaderSize + body.size()), {},
                                  nullptr, tag);
        }
        if (!sealed) {
            pending.resize(start);
            return setFatal(sealed.error());
        }
        qToLittleEndian(quint32(payloadSize), frame);
        qToLittleEndian(crypto::maskCrc(crypto::crc32c(frame, 4)), frame + 4);
        const quint32 crc = crypto::crc32c(payload, payloadSize, crypto::crc32c(frame, 4));
        qToLittleEndian(crypto::maskCrc(crc), payload + payloadSize);

        const QByteArrayView payloadView(payload, payloadSize);
        unsigned char hash[crypto::kHashSize];
        crypto::sha256Into(hash, 0x01, chain, payloadView);
        std::memcpy(chain.data(), hash, crypto::kHashSize);
        if (head.size() != crypto::kHashSize)
            head.resize(crypto::kHashSize);
        std::memcpy(head.data(), hash, crypto::kHashSize);
        crypto::sha256Into(hash, 0x00, payloadView);
        frontier.add(QByteArrayView(hash, crypto::kHashSize));
        pendingLast = seq;
        lastSeq = seq;
        lastTs = ts;
        lastKind = kind;
        segmentBytes += frameSize;
        ++segmentRecords;
        segments.back().lastSequence = seq;
        segments.back().lastTimestamp = ts;
        sinceCheckpoint = kind == Kind::Checkpoint ? 0 : sinceCheckpoint + 1;
        return seq;
    }

    // Queues a prepared entry (and any checkpoint or segment switch it triggers).
    Result<quint64> appendLocked(std::unique_lock<std::mutex>& lock, const PreparedEntry& entry)
    {
        if (auto st = usable(); !st)
            return fail(st.error());
        if (quint64(entry.cause) > lastSeq)
            return fail(QStringLiteral("audit entry cause %1 is not an earlier record (last is %2)")
                            .arg(entry.cause)
                            .arg(lastSeq));
        auto seq = addRecord(Kind::Entry, entry.body, now(), &entry.digest);
        if (!seq)
            return fail(seq.error());
        if (sinceCheckpoint >= options.checkpointEvery)
            if (auto cp = addCheckpoint(); !cp)
                return fail(cp.error());
        if (auto st = rotateIfFull(lock); !st)
            return fail(st.error());
        return seq;
    }

    void startCommitter()
    {
        if (!committer.joinable())
            committer = std::thread([this] { commitLoop(); });
    }

    void commitLoop()
    {
        std::unique_lock lock(mutex);
        std::vector<Waiter> ready;
        QByteArray batch;
        for (;;) {
            const bool broken = !fatal.isEmpty();
            if (!waiters.empty() && (broken || stopping || waiters.front().sequence <= durable)) {
                while (!waiters.empty() && (broken || stopping || waiters.front().sequence <= durable)) {
                    ready.push_back(std::move(waiters.front()));
                    waiters.pop_front();
                }
                const quint64 done = durable;
                const QString why = fatal;
                lock.unlock();
                for (Waiter& w : ready) {
                    if (w.sequence <= done)
                        w.promise.set_value(qint64(w.sequence));
                    else if (!why.isEmpty())
                        w.promise.set_value(fail(QStringLiteral("audit trail is unusable: %1").arg(why)));
                    else
                        w.promise.set_value(
                            fail(QStringLiteral("audit trail closed before record %1 was durable")
                                     .arg(w.sequence)));
                }
                ready.clear();
                lock.lock();
                continue;
            }
            if (stopping)
                return;
            if (!waiters.empty() && !syncing && !pending.isEmpty() && fd >= 0) {
                syncing = true;
                std::swap(batch, pending);
                const quint64 target = pendingLast;
                const int f = fd;
                lock.unlock();
                int error = 0;
                const bool ok = writeAndSync(f, batch, &error);
                batch.resize(0); // keeps the capacity for the next swap
                lock.lock();
                syncing = false;
                if (!ok) {
                    setFatal(QStringLiteral("write or fdatasync of segment %1 failed: %2")
                                 .arg(segment)
                                 .arg(errnoText(error)));
                    continue;
                }
                durable = std::max(durable, target);
                cv.notify_all();
                continue;
            }
            commitCv.wait(lock);
        }
    }

    Result<Checkpoint> signCheckpoint(quint64 sequence, const QByteArray& chainHead, const QByteArray& root,
                                      TimeMs time)
    {
        Checkpoint cp;
        cp.sequence = qint64(sequence);
        cp.chainHead = chainHead;
        cp.merkleRoot = root;
        cp.time = time;
        cp.signingKeyId = signingKeyId;
        auto signature = crypto::sign(signingKey.get(), format::checkpointMessage(cp));
        if (!signature)
            return fail(signature.error());
        cp.signature = *signature;
        return cp;
    }

    Result<std::pair<Checkpoint, quint64>> addCheckpoint()
    {
        const TimeMs ts = now();
        auto cp = signCheckpoint(lastSeq, head, frontier.root(), ts);
        if (!cp)
            return setFatal(cp.error());
        auto seq = addRecord(Kind::Checkpoint, QByteArray::fromStdString(cp->toJson().dump()), ts);
        if (!seq)
            return fail(seq.error());
        return std::pair { *cp, *seq };
    }

    // Writes and syncs everything pending, holding the lock (rare paths: segment switches).
    Status flushLocked(std::unique_lock<std::mutex>& lock)
    {
        cv.wait(lock, [&] { return !syncing; });
        if (!fatal.isEmpty())
            return usable();
        if (pending.isEmpty())
            return success();
        int error = 0;
        if (!writeAll(fd, pending, &error))
            return setFatal(
                QStringLiteral("write to segment %1 failed: %2").arg(segment).arg(errnoText(error)));
        if (::fdatasync(fd) != 0)
            return setFatal(
                QStringLiteral("fdatasync of segment %1 failed: %2").arg(segment).arg(errnoText(errno)));
        pending.resize(0);
        durable = pendingLast;
        cv.notify_all();
        commitCv.notify_all();
        return success();
    }

    // Group commit: the first waiter becomes the leader and writes and syncs everything pending
    // outside the lock; the others wait for it and usually find their record already durable.
    Status waitDurable(std::unique_lock<std::mutex>& lock, quint64 seq)
    {
        while (durable < seq) {
            if (!fatal.isEmpty())
                return usable();
            if (syncing) {
                cv.wait(lock);
                continue;
            }
            syncing = true;
            const QByteArray batch = std::move(pending);
            pending.clear();
            const quint64 target = pendingLast;
            const int f = fd;
            lock.unlock();
            int error = 0;
            const bool ok = writeAndSync(f, batch, &error);
            lock.lock();
            syncing = false;
            if (!ok)
                return setFatal(QStringLiteral("write or fdatasync of segment %1 failed: %2")
                                    .arg(segment)
                                    .arg(errnoText(error)));
            durable = std::max(durable, target);
            cv.notify_all();
            commitCv.notify_all();
        }
        return success();
    }

    Status openSegment()
    {
        const quint64 number = segments.empty() ? 1 : segments.back().number + 1;
        auto master = keys.loadKey(keyId);
        if (!master)
            return fail(master.error());
        auto salt = crypto::randomBytes(32);
        if (!salt)
            return fail(salt.error());
        auto segmentKey = crypto::hkdfSha256(*master, *salt, format::segmentKeyInfo(number, keyId), 32);
        if (!segmentKey)
            return fail(segmentKey.error());
        if (auto st = aes.setKey(*segmentKey); !st)
            return fail(st.error());
        format::SegmentHeader header;
        header.segment = number;
        header.firstSequence = lastSeq + 1;
        header.created = now();
        header.keyId = keyId;
        header.keyCheck = format::keyCheck(*master);
        header.salt = *salt;
        header.prevHash = head;
        header.frontier = frontier.nodes();
        const QByteArray bytes = header.encode();
        const QString path = auditDir + u'/' + format::segmentFileName(number);
        const int f
            = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (f < 0)
            return setFatal(QStringLiteral("cannot create %1: %2").arg(path, errnoText(errno)));
        int error = 0;
        if (!writeAll(f, bytes, &error) || ::fdatasync(f) != 0) {
            error = error ? error : errno;
            ::close(f);
            return setFatal(QStringLiteral("cannot write %1: %2").arg(path, errnoText(error)));
        }
        if (auto st = fsyncDirectory(auditDir); !st) {
            ::close(f);
            return setFatal(st.error());
        }
        fd = f;
        segment = number;
        segmentBytes = bytes.size();
        segmentRecords = 0;
        chain = format::segmentLink(bytes);
        detail::SegmentState state;
        state.number = number;
        state.path = path;
        state.keyId = keyId;
        state.firstSequence = lastSeq + 1;
        state.lastSequence = lastSeq;
        state.created = header.created;
        state.lastTimestamp = header.created;
        state.prevHash = head;
        state.startRoot = frontier.root();
        segments.push_back(state);
        qCDebug(lcAudit) << "opened audit segment" << number << "under key" << keyId;
        return success();
    }

    Status closeSegment(std::unique_lock<std::mutex>& lock, const QString& reason,
                        nlohmann::ordered_json extra = {})
    {
        // Let a running group commit finish first: waiting later (with the close record built)
        // would let other appenders slip records in after it.
        cv.wait(lock, [&] { return !syncing; });
        if (auto st = usable(); !st)
            return st;
        if (lastKind != Kind::Checkpoint)
            if (auto cp = addCheckpoint(); !cp)
                return fail(cp.error());
        nlohmann::ordered_json body;
        body["segment"] = segment;
        body["reason"] = reason.toStdString();
        body["records"] = segmentRecords + 1;
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body[it.key()] = it.value();
        if (auto seq = addRecord(Kind::Close, QByteArray::fromStdString(body.dump()), now()); !seq)
            return fail(seq.error());
        if (auto st = flushLocked(lock); !st)
            return st;
        ::close(fd);
        fd = -1;
        segments.back().closed = true;
        return success();
    }

    Status rotateIfFull(std::unique_lock<std::mutex>& lock)
    {
        if (segmentBytes < options.segmentMaxBytes)
            return success();
        if (auto st = closeSegment(lock, QStringLiteral("size")); !st)
            return st;
        return openSegment();
    }
};

Result<std::unique_ptr<AuditLog>> AuditLog::open(const Options& options)
{
    if (!options.clock)
        return fail(QStringLiteral("audit log needs a clock"));
    if (options.dataDir.isEmpty())
        return fail(QStringLiteral("audit log needs a data directory"));
    if (options.checkpointEvery < 1 || options.segmentMaxBytes < 1 || options.retentionDays < 1)
        return fail(
            QStringLiteral("audit log options: checkpointEvery, segmentMaxBytes and retentionDays must be "
                           "positive"));
    std::unique_ptr<AuditLog> log(new AuditLog);
    log->d = std::make_unique<Impl>(options);
    Impl& d = *log->d;
    if (!QDir().mkpath(options.dataDir))
        return fail(QStringLiteral("cannot create data directory %1").arg(options.dataDir));
    if (auto st = ensurePrivateDirectory(d.auditDir); !st)
        return fail(st.error());
    if (auto st = ensurePrivateDirectory(d.keys.directory()); !st)
        return fail(st.error());
    auto signingKey = d.keys.loadOrCreateSigningKey();
    if (!signingKey)
        return fail(signingKey.error());
    d.signingKey = std::move(*signingKey);
    d.signingKeyId = crypto::publicKeyId(d.signingKey.get());

    detail::ScanOptions scanOptions;
    scanOptions.forgiveTornTail = true;
    auto scan = detail::scanLog(d.auditDir, d.keys, scanOptions);
    if (!scan)
        return fail(scan.error());
    if (!scan->report.ok)
        return fail(
            QStringLiteral("refusing to open the audit trail in %1: it is damaged (first bad record %2): %3")
                .arg(d.auditDir)
                .arg(scan->report.firstBadSequence)
                .arg(scan->report.reason));

    const detail::TornTail& torn = scan->torn;
    if (torn.present) {
        qCWarning(lcAudit) << "audit segment" << torn.segment << "ends in a torn write (" << torn.what << "):"
                           << "cutting" << torn.bytes << "bytes at offset" << torn.offset;
        if (torn.wholeSegment) {
            if (::unlink(QFile::encodeName(torn.path).constData()) != 0)
                return fail(QStringLiteral("cannot remove incomplete segment %1: %2")
                                .arg(torn.path, errnoText(errno)));
        } else {
            const int f = ::open(QFile::encodeName(torn.path).constData(), O_WRONLY | O_CLOEXEC);
            if (f < 0 || ::ftruncate(f, torn.offset) != 0 || ::fdatasync(f) != 0) {
                const int error = errno;
                if (f >= 0)
                    ::close(f);
                return fail(
                    QStringLiteral("cannot cut the torn tail of %1: %2").arg(torn.path, errnoText(error)));
            }
            ::close(f);
        }
        if (auto st = fsyncDirectory(d.auditDir); !st)
            return fail(st.error());
    }
    const bool unclean = torn.present || (!scan->segments.empty() && !scan->segments.back().closed);

    d.segments = scan->segments;
    d.lastSeq = scan->lastSequence;
    d.head = scan->chainHead;
    d.frontier = scan->frontier;
    d.lastTs = scan->lastTimestamp;
    d.lastKind = scan->lastKind;
    d.durable = d.lastSeq;
    d.pendingLast = d.lastSeq;

    std::vector<int> keyNumbers = d.keys.keyNumbers();
    if (keyNumbers.empty()) {
        auto created = d.keys.createKey(1);
        if (!created)
            return fail(created.error());
        keyNumbers.push_back(1);
    }
    d.keyId = format::keyIdForNumber(keyNumbers.back());

    std::unique_lock lock(d.mutex);
    if (auto st = d.openSegment(); !st)
        return fail(st.error());
    if (unclean) {
        const detail::SegmentState* previous
            = d.segments.size() >= 2 ? &d.segments[d.segments.size() - 2] : nullptr;
        nlohmann::ordered_json body;
        body["reason"] = "unclean shutdown";
        body["previousSegment"] = previous ? previous->number : 0;
        body["previousLastSequence"] = previous ? previous->lastSequence : d.lastSeq;
        body["truncatedBytes"] = torn.present ? torn.bytes : 0;
        if (torn.present) {
            body["truncatedSegment"] = torn.segment;
            body["truncatedAtOffset"] = torn.offset;
            body["removedIncompleteSegmentFile"] = torn.wholeSegment;
            body["damage"] = torn.what.toStdString();
        }
        auto seq = d.addRecord(Kind::Recovery, QByteArray::fromStdString(body.dump()), d.now());
        if (!seq)
            return fail(seq.error());
        if (auto st = d.flushLocked(lock); !st)
            return fail(st.error());
        qCWarning(lcAudit) << "audit trail recovered from an unclean shutdown; recovery record" << *seq;
    }
    return log;
}

AuditLog::AuditLog() = default;

AuditLog::~AuditLog()
{
    if (!d)
        return;
    {
        std::unique_lock lock(d->mutex);
        if (d->fd >= 0 && d->fatal.isEmpty())
            if (auto st = d->closeSegment(lock, QStringLiteral("shutdown")); !st)
                qCCritical(lcAudit) << "closing the audit trail failed:" << st.error();
        if (d->fd >= 0)
            ::close(d->fd);
        d->fd = -1;
        d->stopping = true;
    }
    d->commitCv.notify_all();
    if (d->committer.joinable())
        d->committer.join();
}

Result<qint64> AuditLog::append(const QString& type, const nlohmann::json& data, qint64 cause,
                                const QString& actor)
{
    auto prepared = prepareEntry(type, data, cause, actor);
    if (!prepared)
        return fail(prepared.error());
    std::unique_lock lock(d->mutex);
    auto seq = d->appendLocked(lock, *prepared);
    if (!seq)
        return fail(seq.error());
    if (auto st = d->waitDurable(lock, *seq); !st)
        return fail(st.error());
    return qint64(*seq);
}

std::future<Result<qint64>> AuditLog::appendAsync(const QString& type, const nlohmann::json& data,
                                                  qint64 cause, const QString& actor)
{
    std::promise<Result<qint64>> promise;
    std::future<Result<qint64>> future = promise.get_future();
    auto prepared = prepareEntry(type, data, cause, actor);
    if (!prepared) {
        promise.set_value(fail(prepared.error()));
        return future;
    }
    std::unique_lock lock(d->mutex);
    auto seq = d->appendLocked(lock, *prepared);
    if (!seq) {
        lock.unlock();
        promise.set_value(fail(seq.error()));
        return future;
    }
    if (*seq <= d->durable && d->waiters.empty()) { // a segment switch already synced it
        lock.unlock();
        promise.set_value(qint64(*seq));
        return future;
    }
    d->waiters.push_back({ *seq, std::move(promise) });
    d->startCommitter();
    const bool wake = !d->syncing;
    lock.unlock();
    if (wake)
        d->commitCv.notify_one();
    return future;
}

Result<std::vector<qint64>> AuditLog::appendBatch(const std::vector<NewEntry>& entries)
{
    std::vector<PreparedEntry> prepared;
    prepared.reserve(entries.size());
    for (const NewEntry& e : entries) {
        auto p = prepareEntry(e.type, e.data, e.cause, e.actor);
        if (!p)
            return fail(p.error());
        prepared.push_back(std::move(*p));
    }
    std::vector<qint64> sequences;
    sequences.reserve(entries.size());
    std::unique_lock lock(d->mutex);
    if (auto st = d->usable(); !st)
        return fail(st.error());
    for (size_t i = 0; i < prepared.size(); ++i)
        if (quint64(prepared[i].cause) > d->lastSeq + i)
            return fail(QStringLiteral("audit entry cause %1 is not an earlier record (last is %2)")
                            .arg(prepared[i].cause)
                            .arg(d->lastSeq + i));
    for (const PreparedEntry& p : prepared) {
        // A cause may name an earlier entry of the same batch.
        auto seq = d->appendLocked(lock, p);
        if (!seq)
            return fail(seq.error());
        sequences.push_back(qint64(*seq));
    }
    if (!sequences.empty())
        if (auto st = d->waitDurable(lock, quint64(sequences.back())); !st)
            return fail(st.error());
    return sequences;
}

Result<Checkpoint> AuditLog::checkpoint()
{
    std::unique_lock lock(d->mutex);
    if (auto st = d->usable(); !st)
        return fail(st.error());
    auto cp = d->addCheckpoint();
    if (!cp)
        return fail(cp.error());
    if (auto st = d->waitDurable(lock, cp->second); !st)
        return fail(st.error());
    return cp->first;
}

Result<QString> AuditLog::rotateKey()
{
    std::unique_lock lock(d->mutex);
    if (auto st = d->usable(); !st)
        return fail(st.error());
    std::vector<int> numbers = d->keys.keyNumbers();
    const int current = format::keyNumber(d->keyId).value_or(0);
    const int next = std::max(current, numbers.empty() ? 0 : numbers.back()) + 1;
    auto keyId = d->keys.createKey(next);
    if (!keyId)
        return fail(keyId.error());
    const QString previous = d->keyId;
    if (auto st
        = d->closeSegment(lock, QStringLiteral("key rotation"), { { "nextKeyId", keyId->toStdString() } });
        !st)
        return fail(st.error());
    d->keyId = *keyId;
    if (auto st = d->openSegment(); !st)
        return fail(st.error());
    auto seq
        = d->addRecord(Kind::Entry,
                       QByteArray::fromStdString(nlohmann::ordered_json {
                           { "type", "audit.key.rotated" },
                           { "cause", 0 },
                           { "actor", "audit" },
                           { "data", { { "from", previous.toStdString() }, { "to", keyId->toStdString() } } },
                           { "salt", toHex(*crypto::randomBytes(16)) } }
                                                     .dump()),
                       d->now());
    if (!seq)
        return fail(seq.error());
    if (auto st = d->waitDurable(lock, *seq); !st)
        return fail(st.error());
    qCInfo(lcAudit) << "audit encryption key rotated from" << previous << "to" << *keyId;
    return *keyId;
}

Result<int> AuditLog::prune()
{
    std::unique_lock lock(d->mutex);
    if (auto st = d->usable(); !st)
        return fail(st.error());
    const TimeMs nowMs = d->now();
    const TimeMs cutoff = nowMs - TimeMs(d->options.retentionDays) * kDayMs;
    size_t count = 0;
    // Only a prefix of whole, non-current segments whose newest record is past retention.
    while (count + 1 < d->segments.size() && d->segments[count].lastTimestamp < cutoff)
        ++count;
    if (count == 0)
        return 0;
    const detail::SegmentState& first = d->segments.front();
    const detail::SegmentState& last = d->segments[count - 1];
    const detail::SegmentState& next = d->segments[count];
    auto anchor = d->signCheckpoint(next.firstSequence - 1, next.prevHash, next.startRoot, nowMs);
    if (!anchor)
        return fail(anchor.error());
    nlohmann::ordered_json body;
    body["reason"] = "retention";
    body["retentionDays"] = d->options.retentionDays;
    body["cutoff"] = cutoff;
    body["segments"] = { first.number, last.number };
    body["sequences"] = { first.firstSequence, last.lastSequence };
    body["anchor"] = anchor->toJson();
    auto seq = d->addRecord(Kind::Retention, QByteArray::fromStdString(body.dump()), nowMs);
    if (!seq)
        return fail(seq.error());
    if (auto st = d->flushLocked(lock); !st)
        return fail(st.error());
    for (size_t i = 0; i < count; ++i) {
        const QString& path = d->segments[i].path;
        if (::unlink(QFile::encodeName(path).constData()) != 0 && errno != ENOENT)
            return fail(QStringLiteral("cannot remove pruned segment %1: %2").arg(path, errnoText(errno)));
    }
    if (auto st = fsyncDirectory(d->auditDir); !st)
        return d->setFatal(st.error());
    qCInfo(lcAudit) << "pruned audit segments" << first.number << "to" << last.number << "(sequences"
                    << first.firstSequence << "to" << last.lastSequence << "); retention record" << *seq;
    d->segments.erase(d->segments.begin(), d->segments.begin() + qsizetype(count));
    return int(count);
}

qint64 AuditLog::lastSequence() const
{
    std::lock_guard lock(d->mutex);
    return qint64(d->lastSeq);
}

QString AuditLog::directory() const
{
    return d->auditDir;
}

// ---- Offline readers -------------------------------------------------------------------------

Result<VerifyReport> verify(const QString& dataDir, const std::optional<Checkpoint>& trusted,
                            const Progress& progress, const std::atomic_bool* cancel)
{
    const QString auditDir = auditDirOf(dataDir);
    KeyStore keys(keysDirOf(auditDir));
    detail::ScanOptions options;
    options.trusted = &trusted;
    options.progress = progress;
    options.cancel = cancel;
    auto scan = detail::scanLog(auditDir, keys, options);
    if (!scan)
        return fail(scan.error());
    return scan->report;
}

Result<std::vector<Record>> read(const QString& dataDir, const Filter& filter)
{
    return read(dataDir, filter, {}, nullptr);
}

Result<std::vector<Record>> read(const QString& dataDir, const Filter& filter, const Progress& progress,
                                 const std::atomic_bool* cancel)
{
    const QString auditDir = auditDirOf(dataDir);
    KeyStore keys(keysDirOf(auditDir));
    std::vector<Record> records;
    detail::ScanOptions options;
    options.forgiveTornTail = true;
    options.progress = progress;
    options.cancel = cancel;
    options.onRecord = [&](const detail::ScannedRecord& r) {
        Record record;
        record.sequence = qint64(r.header.sequence);
        record.timestamp = r.header.timestamp;
        record.keyId = r.header.keyId;
        nlohmann::json& body = *r.body; // the scanner's, ours to take
        switch (r.header.kind) {
        case Kind::Entry:
            record.type = QString::fromStdString(body["type"].get_ref<const std::string&>());
            record.cause = body["cause"].get<qint64>();
            record.actor = QString::fromStdString(body["actor"].get_ref<const std::string&>());
            record.data = std::move(body["data"]);
            break;
        case Kind::Recovery:
        case Kind::Retention:
            record.type = QStringLiteral("audit.") + format::kindName(r.header.kind);
            record.actor = QStringLiteral("audit");
            record.data = std::move(body);
            break;
        default:
            return;
        }
        if (matches(filter, record))
            records.push_back(std::move(record));
    };
    auto scan = detail::scanVerifiedLog(auditDir, keys, options,
                                        QStringLiteral("; nothing is shown from a damaged trail"));
    if (!scan && cancel && cancel->load())
        return fail(QStringLiteral("reading the audit trail was cancelled"));
    if (!scan)
        return fail(scan.error());
    const qint64 covered = scan->report.latestCheckpoint ? scan->report.latestCheckpoint->sequence : 0;
    for (Record& record : records)
        record.checkpointed = record.sequence <= covered;
    return records;
}

Result<Checkpoint> latestCheckpoint(const QString& dataDir)
{
    const QString auditDir = auditDirOf(dataDir);
    KeyStore keys(keysDirOf(auditDir));
    detail::ScanOptions options;
    options.forgiveTornTail = true;
    auto scan = detail::scanVerifiedLog(auditDir, keys, options);
    if (!scan)
        return fail(scan.error());
    if (!scan->report.latestCheckpoint)
        return fail(QStringLiteral("the audit trail in %1 holds no checkpoint yet").arg(auditDir));
    return *scan->report.latestCheckpoint;
}

} // namespace orch::audit
