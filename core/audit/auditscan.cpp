#include "audit/auditscan.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <thread>

#include <QDir>
#include <QFile>
#include <QtEndian>

#include "audit/auditcrypto.h"
#include "audit/auditkeys.h"
#include "common/strictjson.h"

namespace orch::audit::detail {

using format::FrameStatus;
using format::Kind;

namespace {

bool allZero(QByteArrayView data)
{
    for (char c : data)
        if (c != 0)
            return false;
    return true;
}

// True when the damaged frame at `offset` looks like an interrupted append rather than an edit:
// nothing valid can follow it, and it reaches the end of the file.
bool looksTorn(FrameStatus status, QByteArrayView data, qsizetype offset, qsizetype frameSize)
{
    switch (status) {
    case FrameStatus::Short:
    case FrameStatus::Incomplete:
        return true;
    case FrameStatus::BadCrc:
        return offset + frameSize == data.size();
    case FrameStatus::BadLengthCrc:
    case FrameStatus::BadLength:
        return allZero(data.sliced(offset));
    case FrameStatus::Ok:
        break;
    }
    return false;
}

bool isHex(const nlohmann::json& value, int bytes)
{
    if (!value.is_string())
        return false;
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() != size_t(bytes) * 2)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool isUInt(const nlohmann::json& value)
{
    return value.is_number_unsigned() || (value.is_number_integer() && value.get<qint64>() >= 0);
}

// A record that passed the cheap sequential checks of phase 1.
struct Prepared
{
    QByteArrayView payload;
    qsizetype frameSize = 0;
    quint64 sequence = 0;
    TimeMs timestamp = 0;
    Kind kind = Kind::Entry;
};

// What phase 2 computed for a record.
struct Computed
{
    bool authentic = false;
    bool digestOk = false;
    unsigned char chain[crypto::kHashSize]; // the chain value right after this record
    unsigned char leaf[crypto::kHashSize];
    QByteArray plaintext; // only when the body is parsed
};

// Why phase 1 stopped before the end of the segment.
struct Ending
{
    enum What
    {
        None,
        Bad,
        Torn,
    } what
        = None;
    quint64 sequence = 0;
    QString reason;
    TornTail torn;
};

constexpr size_t kBatch = 8192; // records per phase
constexpr size_t kParallelMin = 256; // smaller batches are not worth a second thread
constexpr size_t kGrain = 32; // records a thread takes at a time

// The header checks of a well-formed record without allocating; false sends the record to the
// exact (slower) checks, which produce the failure message.
bool fastHeader(QByteArrayView payload, const QByteArray& paddedKeyId, quint64 segment, quint64 expect,
                TimeMs lastTs, Prepared* r)
{
    if (payload.size() < format::kRecordHeaderSize + crypto::kTagSize)
        return false;
    const char* p = payload.data();
    const quint8 kind = quint8(p[1]);
    if (quint8(p[0]) != format::kVersion || kind < 1 || kind > 5 || p[2] || p[3])
        return false;
    if (qFromLittleEndian<quint64>(p + 4) != expect)
        return false;
    const TimeMs ts = TimeMs(qFromLittleEndian<quint64>(p + 12));
    if (ts < lastTs)
        return false;
    if (std::memcmp(p + 20, paddedKeyId.constData(), format::kKeyIdSize) != 0)
        return false;
    char nonce[crypto::kNonceSize];
    qToLittleEndian(quint32(segment), nonce);
    qToLittleEndian(quint64(expect), nonce + 4);
    if (std::memcmp(p + 36, nonce, crypto::kNonceSize) != 0)
        return false;
    if (qsizetype(qFromLittleEndian<quint32>(p + 48))
        != payload.size() - format::kRecordHeaderSize - crypto::kTagSize)
        return false;
    *r = { payload, 0, expect, ts, Kind(kind) };
    return true;
}

// Phase 2 for one record: authenticate (and decrypt) it, check its digest, hash its leaf.
void openRecord(crypto::AesGcm& aes, QByteArray& scratch, const Prepared& r, Computed& c, bool keepPlaintext)
{
    const char* p = r.payload.data();
    const qsizetype size = r.payload.size();
    const qsizetype bodyLength = size - format::kRecordHeaderSize - crypto::kTagSize;
    const char* nonce = p + 36;
    const char* tag = p + size - crypto::kTagSize;
    const QByteArrayView body(p + format::kRecordHeaderSize, bodyLength);
    unsigned char digest[crypto::kHashSize];
    if (r.kind == Kind::Entry) {
        char* out = nullptr;
        if (keepPlaintext) {
            c.plaintext.resize(bodyLength);
            out = c.plaintext.data();
        } else {
            if (scratch.size() < bodyLength)
                scratch.resize(bodyLength);
            out = scratch.data();
        }
        c.authentic = aes.openInto(nonce, r.payload.first(format::kRecordHeaderSize), body, tag, out);
        if (c.authentic)
            crypto::sha256Into(digest, -1, QByteArrayView(out, bodyLength));
        else if (keepPlaintext)
            c.plaintext.clear();
    } else {
        c.authentic = aes.openInto(nonce, r.payload.first(size - crypto::kTagSize), {}, tag, nullptr);
        c.plaintext = c.authentic ? body.toByteArray() : QByteArray();
        if (c.authentic)
            crypto::sha256Into(digest, -1, body);
    }
    c.digestOk = c.authentic
        && crypto::equalConstantTime(QByteArrayView(digest, crypto::kHashSize),
                                     QByteArrayView(p + 52, crypto::kHashSize));
    crypto::sha256Into(c.leaf, 0x00, r.payload);
}

struct SegmentAnchor
{
    quint64 lastSequence = 0;
    QByteArray chainHash;
    QByteArray root;
};

class Scanner
{
public:
    Scanner(const QString& auditDir, const KeyStore& keys, const ScanOptions& options)
        : m_dir(auditDir)
        , m_keys(keys)
        , m_options(options)
    { }

    Result<ScanResult> run();

private:
    // Records the first failure; returns false so callers can `return bad(...)`.
    bool bad(quint64 sequence, const QString& reason)
    {
        if (m_result.report.reason.isEmpty()) {
            m_result.report.ok = false;
            m_result.report.firstBadSequence = qint64(sequence);
            m_result.report.reason = reason;
        }
        return false;
    }
    bool failed() const { return !m_result.report.reason.isEmpty(); }

    Result<bool> scanSegment(quint64 number, const QString& path, bool isLast);
    bool checkSystemRecord(const format::RecordHeader& header, const nlohmann::json& body, quint64 segment,
                           int indexInSegment, bool previousClosed);
    bool checkSignedCheckpoint(const Checkpoint& checkpoint, const QString& what, quint64 sequence);
    void computeBatch(const std::vector<Prepared>& batch, std::vector<Computed>& results, bool keepPlaintext);

    QString m_dir;
    const KeyStore& m_keys;
    const ScanOptions& m_options;
    ScanResult m_result;
    crypto::PkeyPtr m_publicKey;
    QString m_publicKeyId;
    crypto::AesGcm m_aes;
    QByteArray m_segmentKey;
    QByteArray m_scratch;
    const bool m_parallel = std::thread::hardware_concurrency() >= 2;

    quint64 m_expect = 1;
    QByteArray m_chain; // running chain value, including segment links
    QByteArray m_head; // h_n: the chain value right after the last record
    format::MerkleFrontier m_frontier;
    TimeMs m_lastTimestamp = 0;
    int m_lastKeyNumber = 0;
    QString m_lastKeyId;
    std::optional<quint64> m_previousSegment;
    bool m_previousClosed = true;
    quint64 m_previousLastSequence = 0;
    std::map<quint64, SegmentAnchor> m_segmentStarts; // segment -> state before its first record
    std::optional<quint64> m_prunedBefore; // first retained segment when earlier ones are gone
    bool m_pruneAccounted = false;
    qint64 m_totalBytes = 0;
    qint64 m_doneBytes = 0;
};

Result<ScanResult> Scanner::run()
{
    QDir dir(m_dir);
    if (!dir.exists())
        return fail(QStringLiteral("no audit trail at %1").arg(m_dir));
    auto publicKey = m_keys.loadSigningPublicKey();
    if (!publicKey)
        return fail(publicKey.error());
    m_publicKey = std::move(*publicKey);
    m_publicKeyId = crypto::publicKeyId(m_publicKey.get());

    std::vector<std::pair<quint64, QString>> segments;
    const QFileInfoList files
        = dir.entryInfoList({ QStringLiteral("segment-*.log") }, QDir::Files, QDir::Name);
    for (const QFileInfo& info : files) {
        if (auto n = format::segmentNumberFromFileName(info.fileName())) {
            segments.emplace_back(*n, info.absoluteFilePath());
            m_totalBytes += info.size();
        }
    }
    std::sort(segments.begin(), segments.end());
    m_result.report.ok = true;
    m_chain = QByteArray(crypto::kHashSize, '\0');
    m_head = m_chain;

    if (m_options.trusted && *m_options.trusted)
        checkSignedCheckpoint(**m_options.trusted, QStringLiteral("the trusted checkpoint"), 0);

    for (size_t i = 0; i < segments.size() && !failed(); ++i) {
        auto scanned = scanSegment(segments[i].first, segments[i].second, i + 1 == segments.size());
        if (!scanned)
            return fail(scanned.error());
    }

    m_result.lastSequence = m_expect - 1;
    m_result.chainHead = m_head;
    m_result.frontier = m_frontier;
    m_result.lastTimestamp = m_lastTimestamp;
    if (!failed() && m_prunedBefore && !m_pruneAccounted)
        bad(0,
            QStringLiteral(
                "the log starts at segment %1 (sequence %2) but no signed retention record accounts "
                "for the earlier segments: segments were removed")
                .arg(*m_prunedBefore)
                .arg(m_result.firstSequence));
    if (!failed() && m_options.trusted && *m_options.trusted) {
        const Checkpoint& trusted = **m_options.trusted;
        const quint64 ts = quint64(trusted.sequence);
        if (ts > m_result.lastSequence) {
            bad(m_result.lastSequence + 1,
                QStringLiteral("the log ends at sequence %1 but the trusted checkpoint covers sequence %2: "
                               "records were removed from the tail")
                    .arg(m_result.lastSequence)
                    .arg(ts));
        } else if (ts + 1 < m_result.firstSequence) {
            bad(ts,
                QStringLiteral(
                    "the trusted checkpoint (sequence %1) lies in the pruned part of the log, which now "
                    "starts at sequence %2; it cannot be checked")
                    .arg(ts)
                    .arg(m_result.firstSequence));
        } else if (ts + 1 == m_result.firstSequence && !segments.empty()) {
            const SegmentState& first = m_result.segments.front();
            if (trusted.chainHead != first.prevHash || trusted.merkleRoot != first.startRoot)
                bad(ts,
                    QStringLiteral(
                        "history was rewritten: the chain head at sequence %1 differs from the trusted "
                        "checkpoint")
                        .arg(ts));
        }
    }
    if (m_options.progress)
        m_options.progress(m_totalBytes, m_totalBytes);
    return std::move(m_result);
}

bool Scanner::checkSignedCheckpoint(const Checkpoint& checkpoint, const QString& what, quint64 sequence)
{
    if (checkpoint.signingKeyId != m_publicKeyId)
        return bad(sequence,
                   QStringLiteral("%1 is signed by key %2, not by this log's signing key %3 (%4)")
                       .arg(what, checkpoint.signingKeyId, m_publicKeyId, m_keys.signingPublicPath()));
    if (!crypto::verifySignature(m_publicKey.get(), format::checkpointMessage(checkpoint),
                                 checkpoint.signature))
        return bad(sequence, QStringLiteral("%1 has an invalid signature").arg(what));
    return true;
}

void Scanner::computeBatch(const std::vector<Prepared>& batch, std::vector<Computed>& results,
                           bool keepPlaintext)
{
    const size_t n = batch.size();
    if (n == 0)
        return;
    std::atomic<size_t> next { 0 };
    const auto perRecord = [&](crypto::AesGcm& aes, QByteArray& scratch) {
        for (;;) {
            const size_t from = next.fetch_add(kGrain);
            if (from >= n)
                return;
            const size_t to = std::min(n, from + kGrain);
            for (size_t i = from; i < to; ++i)
                openRecord(aes, scratch, batch[i], results[i], keepPlaintext);
        }
    };
    const auto chain = [&] {
        QByteArrayView previous(m_chain);
        for (size_t i = 0; i < n; ++i) {
            crypto::sha256Into(results[i].chain, 0x01, previous, batch[i].payload);
            previous = QByteArrayView(results[i].chain, crypto::kHashSize);
        }
    };
    if (n < kParallelMin || !m_parallel) {
        chain();
        perRecord(m_aes, m_scratch);
        return;
    }
    // The chain is sequential; the records are not. One helper thread takes records while this
    // thread hashes the chain, then this thread helps with the records left.
    std::thread helper([&] {
        crypto::AesGcm aes;
        if (!aes.setKey(m_segmentKey))
            return;
        QByteArray scratch;
        perRecord(aes, scratch);
    });
    chain();
    perRecord(m_aes, m_scratch);
    helper.join();
}

Result<bool> Scanner::scanSegment(quint64 number, const QString& path, bool isLast)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    const QByteArrayView data(bytes);
    const QString name = format::segmentFileName(number);

    qsizetype headerLength = 0;
    auto header = format::SegmentHeader::decode(data, &headerLength);
    if (!header) {
        const qsizetype fixed = format::kSegmentFixedSize + 4;
        const qsizetype declared = data.size() > 132 ? fixed + 32 * qsizetype(quint8(data[132])) : fixed;
        const bool torn = isLast && (data.size() < fixed || data.size() <= declared || allZero(data));
        if (torn && m_options.forgiveTornTail) {
            m_result.torn = { true, true, number, path, 0, data.size(), header.error() };
            return true;
        }
        bad(m_expect,
            QStringLiteral("segment %1 (%2): %3%4")
                .arg(number)
                .arg(name, header.error(),
                     torn ? QStringLiteral(
                         " (the segment was being created when the writer stopped; opening the "
                         "log removes it)")
                          : QString()));
        return true;
    }
    const format::SegmentHeader& h = *header;
    const QString where = QStringLiteral("segment %1 (%2)").arg(number).arg(name);
    if (h.segment != number)
        return bad(m_expect,
                   QStringLiteral("%1: its header names segment %2 (renamed, swapped or copied file)")
                       .arg(where)
                       .arg(h.segment));

    if (!m_previousSegment) {
        if (number == 1) {
            if (h.firstSequence != 1 || !allZero(h.prevHash))
                return bad(
                    1,
                    QStringLiteral("%1: the first segment must start at sequence 1 from a zero chain hash")
                        .arg(where));
        } else {
            // Earlier segments are gone: a retention record later in the log must account for them.
            m_prunedBefore = number;
            m_chain = h.prevHash;
            m_head = h.prevHash;
            m_frontier = *format::MerkleFrontier::fromNodes(h.firstSequence - 1, h.frontier);
            m_expect = h.firstSequence;
            m_result.firstSequence = h.firstSequence;
            m_result.startFrontier = m_frontier;
        }
    } else {
        if (number != *m_previousSegment + 1)
            return bad(m_expect,
                       QStringLiteral("segment %1 is missing: segment %2 follows segment %3")
                           .arg(*m_previousSegment + 1)
                           .arg(number)
                           .arg(*m_previousSegment));
        if (h.firstSequence != m_expect)
            return bad(
                m_expect,
                QStringLiteral("%1 starts at sequence %2 but the previous segment ended at sequence %3")
                    .arg(where)
                    .arg(h.firstSequence)
                    .arg(m_expect - 1));
        if (h.prevHash != m_head)
            return bad(
                m_expect,
                QStringLiteral("%1 does not continue the chain: its previous-hash differs from the chain "
                               "head of segment %2")
                    .arg(where)
                    .arg(*m_previousSegment));
        if (h.frontier != m_frontier.nodes())
            return bad(m_expect, QStringLiteral("%1: its Merkle frontier differs from the log's").arg(where));
    }

    const auto keyNumber = format::keyNumber(h.keyId);
    if (!keyNumber)
        return bad(m_expect, QStringLiteral("%1 names an invalid key id '%2'").arg(where, h.keyId));
    if (*keyNumber < m_lastKeyNumber)
        return bad(m_expect,
                   QStringLiteral("%1 is sealed with key %2 although an earlier segment already uses the "
                                  "newer key %3 (re-sealed history?)")
                       .arg(where, h.keyId, m_lastKeyId));
    m_lastKeyNumber = *keyNumber;
    m_lastKeyId = h.keyId;
    auto master = m_keys.loadKey(h.keyId);
    if (!master)
        return fail(master.error());
    if (!crypto::equalConstantTime(format::keyCheck(*master), h.keyCheck))
        return fail(QStringLiteral("audit key %1 in %2 is not the key that sealed %3: wrong key file")
                        .arg(h.keyId, m_keys.keyPath(h.keyId), where));
    auto segmentKey = crypto::hkdfSha256(*master, h.salt, format::segmentKeyInfo(number, h.keyId), 32);
    if (!segmentKey)
        return fail(segmentKey.error());
    if (auto st = m_aes.setKey(*segmentKey); !st)
        return fail(st.error());
    m_segmentKey = *segmentKey;

    SegmentState state;
    state.number = number;
    state.path = path;
    state.keyId = h.keyId;
    state.firstSequence = h.firstSequence;
    state.lastSequence = h.firstSequence - 1;
    state.created = h.created;
    state.lastTimestamp = h.created;
    state.fileSize = data.size();
    state.prevHash = h.prevHash;
    state.startRoot = m_frontier.root();
    m_segmentStarts[number] = { h.firstSequence - 1, h.prevHash, state.startRoot };

    m_chain = format::segmentLink(data.first(headerLength));
    if (m_head.size() != crypto::kHashSize)
        m_head = QByteArray(crypto::kHashSize, '\0');
    const bool requireRecovery = m_previousSegment && !m_previousClosed;
    // Entries' JSON is parsed only when a caller wants the records (read, export); verifying
    // integrity needs the tag, digest, chain and Merkle leaf, not the body's structure.
    const bool keepPlaintext = bool(m_options.onRecord);
    QByteArray paddedKeyId = h.keyId.toLatin1().left(format::kKeyIdSize);
    paddedKeyId.append(format::kKeyIdSize - paddedKeyId.size(), '\0');
    qsizetype offset = headerLength;
    int index = 0;
    bool closed = false;
    bool stop = false;
    std::vector<Prepared> batch;
    std::vector<Computed> results;
    while (!stop && offset < data.size()) {
        // Phase 1 (sequential, cheap): frames, headers, sequence, key id, nonce and time order of
        // a batch, stopping at the first record that fails them.
        Ending ending;
        batch.clear();
        {
            qsizetype off = offset;
            quint64 expect = m_expect;
            TimeMs lastTs = m_lastTimestamp;
            bool closedSoFar = closed;
            while (off < data.size() && batch.size() < kBatch) {
                QByteArrayView payload;
                qsizetype frameSize = 0;
                const FrameStatus status = format::readFrame(data, off, &payload, &frameSize);
                if (status != FrameStatus::Ok) {
                    const bool torn = isLast && looksTorn(status, data, off, frameSize);
                    if (torn && m_options.forgiveTornTail) {
                        ending.what = Ending::Torn;
                        ending.torn
                            = { true, false, number, path, off, data.size() - off, format::describe(status) };
                    } else {
                        ending.what = Ending::Bad;
                        ending.sequence = expect;
                        ending.reason = QStringLiteral("%1, offset %2: %3%4")
                                            .arg(where)
                                            .arg(off)
                                            .arg(format::describe(status),
                                                 torn ? QStringLiteral(
                                                     " (a torn final write: the writer stopped uncleanly; "
                                                     "opening the log cuts it off and records the recovery)")
                                                      : QString());
                    }
                    break;
                }
                if (closedSoFar) {
                    ending = { Ending::Bad, expect,
                               QStringLiteral("%1: a record follows the segment's close record").arg(where) };
                    break;
                }
                Prepared r;
                if (!fastHeader(payload, paddedKeyId, number, expect, lastTs, &r)) {
                    // The exact checks and messages, in their order.
                    auto decoded = format::RecordHeader::decode(payload);
                    if (!decoded) {
                        ending = {
                            Ending::Bad, expect,
                            QStringLiteral("%1, record %2: %3").arg(where).arg(expect).arg(decoded.error())
                        };
                        break;
                    }
                    const format::RecordHeader& rh = *decoded;
                    const quint64 seq = rh.sequence;
                    if (seq != expect) {
                        ending = { Ending::Bad, expect,
                                   seq < expect
                                       ? QStringLiteral("%1: expected sequence %2, found %3 (duplicated or "
                                                        "reordered record)")
                                             .arg(where)
                                             .arg(expect)
                                             .arg(seq)
                                       : QStringLiteral("%1: expected sequence %2, found %3 (missing or "
                                                        "reordered record)")
                                             .arg(where)
                                             .arg(expect)
                                             .arg(seq) };
                        break;
                    }
                    if (rh.keyId != h.keyId) {
                        ending
                            = { Ending::Bad, seq,
                                QStringLiteral("record %1 names key %2 but its segment is sealed with key %3")
                                    .arg(seq)
                                    .arg(rh.keyId, h.keyId) };
                        break;
                    }
                    if (rh.nonce != format::nonceFor(number, seq)) {
                        ending = { Ending::Bad, seq,
                                   QStringLiteral("record %1 has an unexpected nonce").arg(seq) };
                        break;
                    }
                    if (rh.timestamp < lastTs) {
                        ending = { Ending::Bad, seq,
                                   QStringLiteral("record %1 is older than the record before it").arg(seq) };
                        break;
                    }
                    r = { payload, frameSize, seq, rh.timestamp, rh.kind };
                }
                r.frameSize = frameSize;
                batch.push_back(r);
                if (r.kind == Kind::Close)
                    closedSoFar = true;
                lastTs = r.timestamp;
                ++expect;
                off += frameSize;
            }
        }

        // Phase 2 (parallel): tags, digests and leaf hashes of every record; the chain is
        // sequential and runs beside them.
        results.resize(batch.size());
        computeBatch(batch, results, keepPlaintext);

        // Phase 3 (sequential): everything else, in the original order, so the first failure
        // and its reason are exactly what a record-by-record pass reports.
        for (size_t i = 0; i < batch.size(); ++i) {
            const Prepared& r = batch[i];
            Computed& c = results[i];
            const quint64 seq = r.sequence;
            if (!c.authentic) {
                bad(seq,
                    QStringLiteral("record %1: authentication tag mismatch (the record was altered)")
                        .arg(seq));
                stop = true;
                break;
            }
            if (!c.digestOk) {
                bad(seq, QStringLiteral("record %1: plaintext digest does not match its header").arg(seq));
                stop = true;
                break;
            }
            std::optional<nlohmann::json> body;
            if (keepPlaintext || r.kind != Kind::Entry) {
                // Parsed here, in this thread: parsing in phase 2's threads is not faster overall,
                // as the bodies' memory then comes from (and goes back to) other threads' arenas.
                auto parsed
                    = json::parseStrict(std::string_view(c.plaintext.constData(), size_t(c.plaintext.size())),
                                        { .maxDepth = 64 });
                if (!parsed || !parsed->is_object()) {
                    bad(seq,
                        QStringLiteral("record %1: body is not a JSON object %2")
                            .arg(seq)
                            .arg(parsed ? QStringLiteral("(got %1)").arg(json::typeName(*parsed))
                                        : parsed.error()));
                    stop = true;
                    break;
                }
                body = std::move(parsed).value();
            }
            if (index > 0 && r.kind == Kind::Recovery) {
                bad(seq, QStringLiteral("record %1: a recovery record must open its segment").arg(seq));
                stop = true;
                break;
            }
            if (index == 0 && requireRecovery && r.kind != Kind::Recovery) {
                bad(m_expect,
                    QStringLiteral("segment %1 ends without a close record and %2 does not start with a "
                                   "recovery record: records were removed from the end of segment %1")
                        .arg(*m_previousSegment)
                        .arg(where));
                stop = true;
                break;
            }
            format::RecordHeader rh;
            rh.kind = r.kind;
            rh.sequence = seq;
            rh.timestamp = r.timestamp;
            if (r.kind == Kind::Entry) {
                if (body) {
                    const QString problem = checkEntryBody(*body, seq);
                    if (!problem.isEmpty()) {
                        bad(seq, QStringLiteral("record %1: %2").arg(seq).arg(problem));
                        stop = true;
                        break;
                    }
                }
            } else if (!checkSystemRecord(rh, *body, number, index, m_previousClosed)) {
                stop = true;
                break;
            }
            if (r.kind == Kind::Close)
                closed = true;

            std::memcpy(m_chain.data(), c.chain, crypto::kHashSize);
            std::memcpy(m_head.data(), c.chain, crypto::kHashSize);
            const QByteArrayView leaf(reinterpret_cast<const char*>(c.leaf), crypto::kHashSize);
            m_frontier.add(leaf);
            if (m_options.collectLeaves)
                m_result.leaves.push_back(leaf.toByteArray());
            if (m_options.trusted && *m_options.trusted && quint64((*m_options.trusted)->sequence) == seq) {
                const Checkpoint& trusted = **m_options.trusted;
                if (trusted.chainHead != m_head || trusted.merkleRoot != m_frontier.root()) {
                    bad(seq,
                        QStringLiteral("history was rewritten: the chain head or Merkle root at sequence %1 "
                                       "differs from the trusted checkpoint")
                            .arg(seq));
                    stop = true;
                    break;
                }
            }
            if (m_options.onRecord) {
                auto full = format::RecordHeader::decode(r.payload);
                m_options.onRecord({ *full, r.payload, c.plaintext, &*body, number });
            }

            m_lastTimestamp = r.timestamp;
            m_result.lastKind = r.kind;
            state.lastSequence = seq;
            state.lastTimestamp = r.timestamp;
            ++m_expect;
            ++index;
            ++m_result.report.records;
            offset += r.frameSize;
            m_doneBytes += r.frameSize;
            if ((m_result.report.records & 1023) == 0) {
                if (m_options.cancel && m_options.cancel->load())
                    return fail(QStringLiteral("verification cancelled"));
                if (m_options.progress)
                    m_options.progress(m_doneBytes, m_totalBytes);
            }
        }
        if (stop)
            break;
        if (ending.what == Ending::Torn) {
            m_result.torn = ending.torn;
            break;
        }
        if (ending.what == Ending::Bad) {
            bad(ending.sequence, ending.reason);
            break;
        }
    }
    state.closed = closed;
    state.goodLength = offset;
    m_result.segments.push_back(state);
    m_previousSegment = number;
    m_previousClosed = closed;
    m_previousLastSequence = m_expect - 1;
    return true;
}

bool Scanner::checkSystemRecord(const format::RecordHeader& rh, const nlohmann::json& body, quint64 segment,
                                int indexInSegment, bool previousClosed)
{
    const quint64 seq = rh.sequence;
    const auto badBody = [&](const QString& what) {
        return bad(seq, QStringLiteral("%1 record %2: %3").arg(format::kindName(rh.kind)).arg(seq).arg(what));
    };
    switch (rh.kind) {
    case Kind::Entry:
        return true;
    case Kind::Checkpoint: {
        auto cp = Checkpoint::fromJson(body);
        if (!cp)
            return badBody(cp.error());
        if (quint64(cp->sequence) != seq - 1 || cp->chainHead != m_head
            || cp->merkleRoot != m_frontier.root())
            return badBody(QStringLiteral("does not match the log up to sequence %1").arg(seq - 1));
        if (cp->time > rh.timestamp)
            return badBody(QStringLiteral("is dated after its record"));
        if (!checkSignedCheckpoint(*cp, QStringLiteral("checkpoint record %1").arg(seq), seq))
            return false;
        m_result.report.latestCheckpoint = *cp;
        return true;
    }
    case Kind::Close:
        if (!isUInt(body.value("segment", nlohmann::json())) || body["segment"].get<quint64>() != segment
            || !body.value("reason", nlohmann::json()).is_string())
            return badBody(QStringLiteral("does not name its segment %1 and a reason").arg(segment));
        return true;
    case Kind::Recovery: {
        if (indexInSegment != 0)
            return badBody(QStringLiteral("is not the first record of its segment"));
        const auto& prev = body.value("previousSegment", nlohmann::json());
        const auto& prevLast = body.value("previousLastSequence", nlohmann::json());
        if (!isUInt(prev) || !isUInt(prevLast) || !isUInt(body.value("truncatedBytes", nlohmann::json())))
            return badBody(QStringLiteral("lacks previousSegment, previousLastSequence or truncatedBytes"));
        if (m_previousSegment
            && (prev.get<quint64>() != *m_previousSegment
                || prevLast.get<quint64>() != m_previousLastSequence))
            return badBody(
                QStringLiteral("names segment %1 ending at %2, but the log has segment %3 ending at %4")
                    .arg(prev.get<quint64>())
                    .arg(prevLast.get<quint64>())
                    .arg(*m_previousSegment)
                    .arg(m_previousLastSequence));
        Q_UNUSED(previousClosed);
        return true;
    }
    case Kind::Retention: {
        const auto& segments = body.value("segments", nlohmann::json());
        const auto& sequences = body.value("sequences", nlohmann::json());
        if (!segments.is_array() || segments.size() != 2 || !isUInt(segments[0]) || !isUInt(segments[1])
            || !sequences.is_array() || sequences.size() != 2 || !isUInt(sequences[0])
            || !isUInt(sequences[1]))
            return badBody(QStringLiteral("lacks segments or sequences ranges"));
        auto anchor = Checkpoint::fromJson(body.value("anchor", nlohmann::json()));
        if (!anchor)
            return badBody(QStringLiteral("anchor: %1").arg(anchor.error()));
        if (!checkSignedCheckpoint(*anchor, QStringLiteral("the anchor of retention record %1").arg(seq),
                                   seq))
            return false;
        const quint64 lastCut = segments[1].get<quint64>();
        if (segments[0].get<quint64>() > lastCut || lastCut >= segment
            || quint64(anchor->sequence) != sequences[1].get<quint64>())
            return badBody(QStringLiteral("has inconsistent ranges"));
        const auto start = m_segmentStarts.find(lastCut + 1);
        if (start != m_segmentStarts.end()) {
            const SegmentAnchor& a = start->second;
            if (quint64(anchor->sequence) != a.lastSequence || anchor->chainHead != a.chainHash
                || anchor->merkleRoot != a.root)
                return badBody(
                    QStringLiteral("its anchor does not match the start of segment %1").arg(lastCut + 1));
            if (m_prunedBefore && lastCut + 1 == *m_prunedBefore)
                m_pruneAccounted = true;
        }
        return true;
    }
    }
    return badBody(QStringLiteral("unknown kind"));
}

} // namespace

QString checkEntryBody(const nlohmann::json& body, quint64 sequence)
{
    if (!body.is_object() || body.size() != 5)
        return QStringLiteral("entry must hold exactly type, cause, actor, data and salt");
    const auto& type = body.value("type", nlohmann::json());
    if (!type.is_string() || type.get_ref<const std::string&>().empty())
        return QStringLiteral("entry type must be a non-empty string");
    const auto& cause = body.value("cause", nlohmann::json());
    if (!isUInt(cause) || cause.get<quint64>() >= sequence)
        return QStringLiteral("entry cause must be 0 or the sequence of an earlier record");
    if (!body.value("actor", nlohmann::json()).is_string() || !body.contains("data"))
        return QStringLiteral("entry actor must be a string and data present");
    if (!isHex(body.value("salt", nlohmann::json()), 16))
        return QStringLiteral("entry salt must be 16 bytes of lowercase hex");
    return {};
}

Result<ScanResult> scanLog(const QString& auditDir, const KeyStore& keys, const ScanOptions& options)
{
    Scanner scanner(auditDir, keys, options);
    return scanner.run();
}

Result<ScanResult> scanVerifiedLog(const QString& auditDir, const KeyStore& keys, const ScanOptions& options,
                                   const QString& refusalSuffix)
{
    auto scan = scanLog(auditDir, keys, options);
    if (!scan)
        return fail(scan.error());
    if (!scan->report.ok)
        return fail(QStringLiteral("the audit trail failed verification at record %1: %2")
                        .arg(scan->report.firstBadSequence)
                        .arg(scan->report.reason)
                    + refusalSuffix);
    return scan;
}

} // namespace orch::audit::detail
