#pragma once

#include <optional>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "common/result.h"
#include "common/timeutil.h"

// The byte layout of docs/audit-format.md. Every integer is little-endian.
namespace orch::audit {
struct Checkpoint;
}

namespace orch::audit::format {

constexpr char kSegmentMagic[] = "ORCHAUDT"; // 8 bytes, no terminator on disk
constexpr quint16 kVersion = 1;
constexpr qsizetype kSegmentFixedSize = 136; // before the frontier
constexpr int kMaxFrontier = 64;
constexpr qsizetype kRecordHeaderSize = 84;
constexpr qsizetype kFrameOverhead = 12; // length, length CRC, payload CRC
constexpr qsizetype kMaxPayload = 16 * 1024 * 1024;
constexpr qsizetype kKeyIdSize = 16;

enum class Kind : quint8
{
    Entry = 1,
    Checkpoint = 2,
    Close = 3,
    Recovery = 4,
    Retention = 5,
};
QString kindName(Kind kind);

struct SegmentHeader
{
    quint64 segment = 0;
    quint64 firstSequence = 1;
    TimeMs created = 0;
    QString keyId;
    QByteArray keyCheck; // 16 bytes
    QByteArray salt; // 32 bytes
    QByteArray prevHash; // 32 bytes
    std::vector<QByteArray> frontier; // Merkle frontier over records 1..firstSequence-1

    QByteArray encode() const;
    // Decodes the header at the start of data; *length receives its encoded size.
    static Result<SegmentHeader> decode(QByteArrayView data, qsizetype* length);
};

struct RecordHeader
{
    Kind kind = Kind::Entry;
    quint64 sequence = 0;
    TimeMs timestamp = 0;
    QString keyId;
    QByteArray nonce; // 12 bytes
    quint32 bodyLength = 0;
    QByteArray digest; // SHA-256 of the plaintext body, 32 bytes

    QByteArray encode() const;
    static Result<RecordHeader> decode(QByteArrayView data);
};

QByteArray nonceFor(quint64 segment, quint64 sequence);

QByteArray encodeFrame(QByteArrayView payload);

enum class FrameStatus
{
    Ok,
    Short, // fewer bytes left than a frame prefix
    BadLengthCrc, // the length field's checksum fails
    BadLength, // a checksummed length outside the allowed range
    Incomplete, // the frame runs past the end of the data
    BadCrc, // the payload checksum fails
};
// Reads the frame at offset; on Ok, *payload and *frameSize are set. *frameSize is also set for
// Incomplete and BadCrc (the size the length field announces).
FrameStatus readFrame(QByteArrayView data, qsizetype offset, QByteArrayView* payload, qsizetype* frameSize);
QString describe(FrameStatus status);

// RFC 6962 hashing.
QByteArray leafHash(QByteArrayView payload);
QByteArray nodeHash(QByteArrayView left, QByteArrayView right);
QByteArray emptyRoot();
// h_i = SHA-256(0x01 || h_{i-1} || payload)
QByteArray chainHash(QByteArrayView previous, QByteArrayView payload);
// The chain value a segment's records continue from: SHA-256(0x02 || header bytes).
QByteArray segmentLink(QByteArrayView headerBytes);

// The right edge of a Merkle tree: the roots of its perfect subtrees, largest first. O(log n).
class MerkleFrontier
{
public:
    MerkleFrontier() = default;
    static std::optional<MerkleFrontier> fromNodes(quint64 size, std::vector<QByteArray> nodes);

    void add(QByteArrayView leaf);
    QByteArray root() const;
    quint64 size() const { return m_size; }
    const std::vector<QByteArray>& nodes() const { return m_nodes; }

private:
    quint64 m_size = 0;
    std::vector<QByteArray> m_nodes;
};

// Inclusion proof check (RFC 9162 section 2.1.3.2).
bool verifyInclusion(quint64 leafIndex, quint64 treeSize, const QByteArray& leaf,
                     const std::vector<QByteArray>& proof, const QByteArray& root);

// What an Ed25519 checkpoint signature covers.
QByteArray checkpointMessage(const Checkpoint& checkpoint);

// Lets a reader tell a wrong key file from a tampered record.
QByteArray keyCheck(QByteArrayView masterKey);
QByteArray segmentKeyInfo(quint64 segment, const QString& keyId);

// "key-000001"
QString keyIdForNumber(int number);
std::optional<int> keyNumber(const QString& keyId);

QString segmentFileName(quint64 segment);
std::optional<quint64> segmentNumberFromFileName(const QString& name);

} // namespace orch::audit::format
