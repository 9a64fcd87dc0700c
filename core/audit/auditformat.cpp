#include "audit/auditformat.h"

#include <bit>
#include <cstring>

#include <QRegularExpression>
#include <QtEndian>

#include "audit/auditcrypto.h"
#include "audit/auditlog.h"

namespace orch::audit::format {

namespace {

void putU16(QByteArray& out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}
void putU32(QByteArray& out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}
void putU64(QByteArray& out, quint64 v)
{
    char b[8];
    qToLittleEndian(v, b);
    out.append(b, 8);
}
quint16 getU16(const char* p)
{
    return qFromLittleEndian<quint16>(p);
}
quint32 getU32(const char* p)
{
    return qFromLittleEndian<quint32>(p);
}
quint64 getU64(const char* p)
{
    return qFromLittleEndian<quint64>(p);
}

QByteArray paddedKeyId(const QString& keyId)
{
    QByteArray bytes = keyId.toLatin1().left(kKeyIdSize);
    bytes.append(kKeyIdSize - bytes.size(), '\0');
    return bytes;
}

// Key ids are printable ASCII, NUL-padded; anything else is refused.
std::optional<QString> unpadKeyId(QByteArrayView bytes)
{
    qsizetype end = bytes.indexOf('\0');
    if (end < 0)
        end = bytes.size();
    if (end == 0)
        return std::nullopt;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (i < end && (c < 0x21 || c > 0x7e))
            return std::nullopt;
        if (i >= end && c != '\0')
            return std::nullopt;
    }
    return QString::fromLatin1(bytes.first(end));
}

} // namespace

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Entry:
        return QStringLiteral("entry");
    case Kind::Checkpoint:
        return QStringLiteral("checkpoint");
    case Kind::Close:
        return QStringLiteral("close");
    case Kind::Recovery:
        return QStringLiteral("recovery");
    case Kind::Retention:
        return QStringLiteral("retention");
    }
    return QStringLiteral("unknown");
}

QByteArray SegmentHeader::encode() const
{
    QByteArray out;
    out.reserve(kSegmentFixedSize + 32 * qsizetype(frontier.size()) + 4);
    out.append(kSegmentMagic, 8);
    putU16(out, kVersion);
    putU16(out, quint16(kSegmentFixedSize + 32 * frontier.size() + 4));
    putU64(out, segment);
    putU64(out, firstSequence);
    putU64(out, quint64(created));
    out.append(paddedKeyId(keyId));
    out.append(keyCheck);
    out.append(salt);
    out.append(prevHash);
    out.append(char(frontier.size()));
    out.append(3, '\0');
    for (const QByteArray& node : frontier)
        out.append(node);
    putU32(out, crypto::maskCrc(crypto::crc32c(out.constData(), out.size())));
    return out;
}

Result<SegmentHeader> SegmentHeader::decode(QByteArrayView data, qsizetype* length)
{
    if (data.size() < kSegmentFixedSize + 4)
        return fail(QStringLiteral("segment header is incomplete (%1 bytes)").arg(data.size()));
    const char* p = data.data();
    if (memcmp(p, kSegmentMagic, 8) != 0)
        return fail(QStringLiteral("segment header has no ORCHAUDT magic"));
    const int frontierCount = quint8(p[132]);
    const qsizetype size = kSegmentFixedSize + 32 * qsizetype(frontierCount) + 4;
    if (frontierCount > kMaxFrontier || data.size() < size)
        return fail(QStringLiteral("segment header is incomplete or its frontier count %1 is invalid")
                        .arg(frontierCount));
    if (getU32(p + size - 4) != crypto::maskCrc(crypto::crc32c(p, size - 4)))
        return fail(QStringLiteral("segment header checksum mismatch"));
    if (getU16(p + 8) != kVersion)
        return fail(QStringLiteral("segment header has unsupported format version %1").arg(getU16(p + 8)));
    if (getU16(p + 10) != size)
        return fail(QStringLiteral("segment header length field %1 does not match its size %2")
                        .arg(getU16(p + 10))
                        .arg(size));
    if (p[133] || p[134] || p[135])
        return fail(QStringLiteral("segment header reserved bytes are not zero"));
    SegmentHeader header;
    header.segment = getU64(p + 12);
    header.firstSequence = getU64(p + 20);
    header.created = TimeMs(getU64(p + 28));
    const auto keyId = unpadKeyId(QByteArrayView(p + 36, kKeyIdSize));
    if (!keyId)
        return fail(QStringLiteral("segment header key id is not printable ASCII"));
    header.keyId = *keyId;
    header.keyCheck = QByteArray(p + 52, 16);
    header.salt = QByteArray(p + 68, 32);
    header.prevHash = QByteArray(p + 100, 32);
    for (int i = 0; i < frontierCount; ++i)
        header.frontier.emplace_back(p + kSegmentFixedSize + 32 * i, 32);
    if (header.firstSequence == 0 || std::popcount(header.firstSequence - 1) != frontierCount)
        return fail(QStringLiteral("segment header frontier (%1 nodes) does not fit first sequence %2")
                        .arg(frontierCount)
                        .arg(header.firstSequence));
    *length = size;
    return header;
}

QByteArray RecordHeader::encode() const
{
    QByteArray out;
    out.reserve(kRecordHeaderSize);
    out.append(char(kVersion));
    out.append(char(kind));
    putU16(out, 0);
    putU64(out, sequence);
    putU64(out, quint64(timestamp));
    out.append(paddedKeyId(keyId));
    out.append(nonce);
    putU32(out, bodyLength);
    out.append(digest);
    return out;
}

Result<RecordHeader> RecordHeader::decode(QByteArrayView data)
{
    if (data.size() < kRecordHeaderSize)
        return fail(QStringLiteral("record is shorter than its header"));
    const char* p = data.data();
    if (quint8(p[0]) != kVersion)
        return fail(QStringLiteral("record has unsupported format version %1").arg(quint8(p[0])));
    const quint8 kind = quint8(p[1]);
    if (kind < 1 || kind > 5)
        return fail(QStringLiteral("record has unknown kind %1").arg(kind));
    if (getU16(p + 2) != 0)
        return fail(QStringLiteral("record header reserved bytes are not zero"));
    RecordHeader header;
    header.kind = Kind(kind);
    header.sequence = getU64(p + 4);
    header.timestamp = TimeMs(getU64(p + 12));
    const auto keyId = unpadKeyId(QByteArrayView(p + 20, kKeyIdSize));
    if (!keyId)
        return fail(QStringLiteral("record key id is not printable ASCII"));
    header.keyId = *keyId;
    header.nonce = QByteArray(p + 36, 12);
    header.bodyLength = getU32(p + 48);
    header.digest = QByteArray(p + 52, 32);
    if (qsizetype(header.bodyLength) != data.size() - kRecordHeaderSize - crypto::kTagSize)
        return fail(QStringLiteral("record body length %1 does not match its frame").arg(header.bodyLength));
    return header;
}

QByteArray nonceFor(quint64 segment, quint64 sequence)
{
    QByteArray out;
    putU32(out, quint32(segment));
    putU64(out, sequence);
    return out;
}

QByteArray encodeFrame(QByteArrayView payload)
{
    QByteArray out;
    out.reserve(payload.size() + kFrameOverhead);
    putU32(out, quint32(payload.size()));
    putU32(out, crypto::maskCrc(crypto::crc32c(out.constData(), 4)));
    out.append(payload);
    quint32 crc = crypto::crc32c(out.constData(), 4);
    crc = crypto::crc32c(payload.data(), payload.size(), crc);
    putU32(out, crypto::maskCrc(crc));
    return out;
}

FrameStatus readFrame(QByteArrayView data, qsizetype offset, QByteArrayView* payload, qsizetype* frameSize)
{
    const qsizetype left = data.size() - offset;
    if (left < 8)
        return FrameStatus::Short;
    const char* p = data.data() + offset;
    if (getU32(p + 4) != crypto::maskCrc(crypto::crc32c(p, 4)))
        return FrameStatus::BadLengthCrc;
    const quint32 length = getU32(p);
    if (length < kRecordHeaderSize + crypto::kTagSize || length > kMaxPayload)
        return FrameStatus::BadLength;
    *frameSize = qsizetype(length) + kFrameOverhead;
    if (*frameSize > left)
        return FrameStatus::Incomplete;
    quint32 crc = crypto::crc32c(p, 4);
    crc = crypto::crc32c(p + 8, length, crc);
    if (getU32(p + 8 + length) != crypto::maskCrc(crc))
        return FrameStatus::BadCrc;
    *payload = QByteArrayView(p + 8, length);
    return FrameStatus::Ok;
}

QString describe(FrameStatus status)
{
    switch (status) {
    case FrameStatus::Ok:
        return QStringLiteral("ok");
    case FrameStatus::Short:
        return QStringLiteral("trailing bytes shorter than a frame prefix");
    case FrameStatus::BadLengthCrc:
        return QStringLiteral("frame length checksum mismatch");
    case FrameStatus::BadLength:
        return QStringLiteral("frame length out of range");
    case FrameStatus::Incomplete:
        return QStringLiteral("frame runs past the end of the segment");
    case FrameStatus::BadCrc:
        return QStringLiteral("frame checksum mismatch");
    }
    return {};
}

namespace {

QByteArray hashed(int prefix, QByteArrayView a, QByteArrayView b = {})
{
    QByteArray out(crypto::kHashSize, Qt::Uninitialized);
    crypto::sha256Into(reinterpret_cast<unsigned char*>(out.data()), prefix, a, b);
    return out;
}

} // namespace

QByteArray leafHash(QByteArrayView payload)
{
    return hashed(0x00, payload);
}

QByteArray nodeHash(QByteArrayView left, QByteArrayView right)
{
    return hashed(0x01, left, right);
}

QByteArray emptyRoot()
{
    return crypto::sha256({});
}

QByteArray chainHash(QByteArrayView previous, QByteArrayView payload)
{
    return hashed(0x01, previous, payload);
}

QByteArray segmentLink(QByteArrayView headerBytes)
{
    return hashed(0x02, headerBytes);
}

std::optional<MerkleFrontier> MerkleFrontier::fromNodes(quint64 size, std::vector<QByteArray> nodes)
{
    if (std::popcount(size) != int(nodes.size()))
        return std::nullopt;
    for (const QByteArray& node : nodes)
        if (node.size() != crypto::kHashSize)
            return std::nullopt;
    MerkleFrontier frontier;
    frontier.m_size = size;
    frontier.m_nodes = std::move(nodes);
    return frontier;
}

void MerkleFrontier::add(QByteArrayView leaf)
{
    m_nodes.push_back(leaf.toByteArray());
    // Each trailing 1-bit of the old size is a perfect subtree the new leaf completes.
    for (quint64 s = m_size; s & 1; s >>= 1) {
        unsigned char node[crypto::kHashSize];
        crypto::sha256Into(node, 0x01, m_nodes[m_nodes.size() - 2], m_nodes.back());
        m_nodes.pop_back();
        std::memcpy(m_nodes.back().data(), node, crypto::kHashSize);
    }
    ++m_size;
}

QByteArray MerkleFrontier::root() const
{
    if (m_nodes.empty())
        return emptyRoot();
    QByteArray r = m_nodes.back();
    for (auto it = m_nodes.rbegin() + 1; it != m_nodes.rend(); ++it)
        r = nodeHash(*it, r);
    return r;
}

bool verifyInclusion(quint64 leafIndex, quint64 treeSize, const QByteArray& leaf,
                     const std::vector<QByteArray>& proof, const QByteArray& root)
{
    if (leafIndex >= treeSize)
        return false;
    quint64 fn = leafIndex;
    quint64 sn = treeSize - 1;
    QByteArray r = leaf;
    for (const QByteArray& p : proof) {
        if (sn == 0 || p.size() != crypto::kHashSize)
            return false;
        if ((fn & 1) || fn == sn) {
            r = nodeHash(p, r);
            if (!(fn & 1))
                while (!(fn & 1) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            r = nodeHash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && crypto::equalConstantTime(r, root);
}

QByteArray checkpointMessage(const Checkpoint& checkpoint)
{
    QByteArray out("ORCH-AUDIT-CHECKPOINT-V1");
    putU64(out, quint64(checkpoint.sequence));
    putU64(out, quint64(checkpoint.time));
    out.append(checkpoint.chainHead);
    out.append(checkpoint.merkleRoot);
    const QByteArray keyId = checkpoint.signingKeyId.toUtf8();
    out.append(char(quint8(qMin<qsizetype>(keyId.size(), 255))));
    out.append(keyId.left(255));
    return out;
}

QByteArray keyCheck(QByteArrayView masterKey)
{
    crypto::Sha256 h;
    h.addData("orch-audit key check v1");
    h.addData(masterKey);
    return h.result().left(16);
}

QByteArray segmentKeyInfo(quint64 segment, const QString& keyId)
{
    QByteArray info("orch-audit segment key v1");
    putU64(info, segment);
    info.append(paddedKeyId(keyId));
    return info;
}

QString keyIdForNumber(int number)
{
    return QStringLiteral("key-%1").arg(number, 6, 10, QLatin1Char('0'));
}

std::optional<int> keyNumber(const QString& keyId)
{
    static const QRegularExpression pattern(QStringLiteral("^key-(\\d{6})$"));
    const auto match = pattern.match(keyId);
    if (!match.hasMatch())
        return std::nullopt;
    const int n = match.captured(1).toInt();
    return n > 0 ? std::optional<int>(n) : std::nullopt;
}

QString segmentFileName(quint64 segment)
{
    return QStringLiteral("segment-%1.log").arg(segment, 6, 10, QLatin1Char('0'));
}

std::optional<quint64> segmentNumberFromFileName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^segment-(\\d{6,12})\\.log$"));
    const auto match = pattern.match(name);
    if (!match.hasMatch())
        return std::nullopt;
    const quint64 n = match.captured(1).toULongLong();
    if (n == 0 || segmentFileName(n) != name)
        return std::nullopt;
    return n;
}

} // namespace orch::audit::format
