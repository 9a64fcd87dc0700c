#include "audit/auditscan.h"

#include <map>

#include <QDir>
#include <QFile>

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

    QString m_dir;
    const KeyStore& m_keys;
    const ScanOptions& m_options;
    ScanResult m_result;
    crypto::PkeyPtr m_publicKey;
    QString m_publicKeyId;
    crypto::AesGcm m_aes;

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
    const bool requireRecovery = m_previousSegment && !m_previousClosed;
    qsizetype offset = headerLength;
    int index = 0;
    bool closed = false;
    QByteArray plaintext;
    while (offset < data.size()) {
        QByteArrayView payload;
        qsizetype frameSize = 0;
        const FrameStatus status = format::readFrame(data, offset, &payload, &frameSize);
        if (status != FrameStatus::Ok) {
            const bool torn = isLast && looksTorn(status, data, offset, frameSize);
            if (torn && m_options.forgiveTornTail) {
                m_result.torn
                    = { true, false, number, path, offset, data.size() - offset, format::describe(status) };
                break;
            }
            bad(m_expect,
                QStringLiteral("%1, offset %2: %3%4")
                    .arg(where)
                    .arg(offset)
                    .arg(format::describe(status),
                         torn ? QStringLiteral(" (a torn final write: the writer stopped uncleanly; opening "
                                               "the log cuts it off and records the recovery)")
                              : QString()));
            break;
        }
        if (closed) {
            bad(m_expect, QStringLiteral("%1: a record follows the segment's close record").arg(where));
            break;
        }
        auto decoded = format::RecordHeader::decode(payload);
        if (!decoded) {
            bad(m_expect, QStringLiteral("%1, record %2: %3").arg(where).arg(m_expect).arg(decoded.error()));
            break;
        }
        const format::RecordHeader& rh = *decoded;
        if (rh.sequence != m_expect) {
            bad(m_expect,
                rh.sequence < m_expect
                    ? QStringLiteral("%1: expected sequence %2, found %3 (duplicated or reordered record)")
                          .arg(where)
                          .arg(m_expect)
                          .arg(rh.sequence)
                    : QStringLiteral("%1: expected sequence %2, found %3 (missing or reordered record)")
                          .arg(where)
                          .arg(m_expect)
                          .arg(rh.sequence));
            break;
        }
        const quint64 seq = rh.sequence;
        if (rh.keyId != h.keyId) {
            bad(seq,
                QStringLiteral("record %1 names key %2 but its segment is sealed with key %3")
                    .arg(seq)
                    .arg(rh.keyId, h.keyId));
            break;
        }
        if (rh.nonce != format::nonceFor(number, seq)) {
            bad(seq, QStringLiteral("record %1 has an unexpected nonce").arg(seq));
            break;
        }
        if (rh.timestamp < m_lastTimestamp) {
            bad(seq, QStringLiteral("record %1 is older than the record before it").arg(seq));
            break;
        }
        const QByteArrayView headerBytes = payload.first(format::kRecordHeaderSize);
        const QByteArrayView body = payload.sliced(format::kRecordHeaderSize, rh.bodyLength);
        const QByteArrayView tag = payload.last(crypto::kTagSize);
        bool authentic = false;
        if (rh.kind == Kind::Entry) {
            authentic = m_aes.open(rh.nonce, headerBytes, body, tag, &plaintext);
        } else {
            authentic
                = m_aes.open(rh.nonce, payload.first(payload.size() - crypto::kTagSize), {}, tag, &plaintext);
            plaintext = authentic ? body.toByteArray() : QByteArray();
        }
        if (!authentic) {
            bad(seq,
                QStringLiteral("record %1: authentication tag mismatch (the record was altered)").arg(seq));
            break;
        }
        if (!crypto::equalConstantTime(crypto::sha256(plaintext), rh.digest)) {
            bad(seq, QStringLiteral("record %1: plaintext digest does not match its header").arg(seq));
            break;
        }
        auto parsed = json::parseStrict(std::string_view(plaintext.constData(), size_t(plaintext.size())),
                                        { .maxDepth = 64 });
        if (!parsed || !parsed->is_object()) {
            bad(seq, QStringLiteral("record %1: body is not a JSON object %2").arg(seq).arg(parsed.error()));
            break;
        }
        if (index > 0 && rh.kind == Kind::Recovery) {
            bad(seq, QStringLiteral("record %1: a recovery record must open its segment").arg(seq));
            break;
        }
        if (index == 0 && requireRecovery && rh.kind != Kind::Recovery) {
            bad(m_expect,
                QStringLiteral("segment %1 ends without a close record and %2 does not start with a "
                               "recovery record: records were removed from the end of segment %1")
                    .arg(*m_previousSegment)
                    .arg(where));
            break;
        }
        if (rh.kind == Kind::Entry) {
            const QString problem = checkEntryBody(*parsed, seq);
            if (!problem.isEmpty()) {
                bad(seq, QStringLiteral("record %1: %2").arg(seq).arg(problem));
                break;
            }
        } else if (!checkSystemRecord(rh, *parsed, number, index, m_previousClosed)) {
            break;
        }
        if (rh.kind == Kind::Close)
            closed = true;

        m_chain = format::chainHash(m_chain, payload);
        m_head = m_chain;
        const QByteArray leaf = format::leafHash(payload);
        m_frontier.add(leaf);
        if (m_options.collectLeaves)
            m_result.leaves.push_back(leaf);
        if (m_options.trusted && *m_options.trusted && quint64((*m_options.trusted)->sequence) == seq) {
            const Checkpoint& trusted = **m_options.trusted;
            if (trusted.chainHead != m_head || trusted.merkleRoot != m_frontier.root()) {
                bad(seq,
                    QStringLiteral("history was rewritten: the chain head or Merkle root at sequence %1 "
                                   "differs from the trusted checkpoint")
                        .arg(seq));
                break;
            }
        }
        if (m_options.onRecord)
            m_options.onRecord({ rh, payload, plaintext, &*parsed, number });

        m_lastTimestamp = rh.timestamp;
        m_result.lastKind = rh.kind;
        state.lastSequence = seq;
        state.lastTimestamp = rh.timestamp;
        ++m_expect;
        ++index;
        ++m_result.report.records;
        offset += frameSize;
        m_doneBytes += frameSize;
        if ((m_result.report.records & 1023) == 0) {
            if (m_options.cancel && m_options.cancel->load())
                return fail(QStringLiteral("verification cancelled"));
            if (m_options.progress)
                m_options.progress(m_doneBytes, m_totalBytes);
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

} // namespace orch::audit::detail
