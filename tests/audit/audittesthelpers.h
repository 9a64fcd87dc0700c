#pragma once

#include <vector>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QtEndian>

#include "audit/auditformat.h"

// Test-only views of the on-disk layout (docs/audit-format.md), so tamper tests know which record
// each byte belongs to.
namespace audittest {

struct FrameSpan
{
    qsizetype offset = 0;
    qsizetype size = 0;
    quint64 sequence = 0;
};

struct SegmentLayout
{
    QString path;
    quint64 number = 0;
    quint64 firstSequence = 0;
    qsizetype headerSize = 0;
    std::vector<FrameSpan> frames;
};

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline void writeAll(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(data);
}

// Rewrites a file of unchanged size in place (no truncation: cheaper for byte-flip loops).
inline void overwrite(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (f.open(QIODevice::ReadWrite))
        f.write(data);
}

inline QStringList segmentPaths(const QString& dataDir)
{
    QDir dir(dataDir + QStringLiteral("/audit"));
    QStringList out;
    for (const QString& name : dir.entryList({ QStringLiteral("segment-*.log") }, QDir::Files, QDir::Name))
        out << dir.absoluteFilePath(name);
    return out;
}

inline std::vector<SegmentLayout> layout(const QString& dataDir)
{
    using namespace orch::audit::format;
    std::vector<SegmentLayout> out;
    for (const QString& path : segmentPaths(dataDir)) {
        const QByteArray data = readAll(path);
        SegmentLayout seg;
        seg.path = path;
        auto header = SegmentHeader::decode(data, &seg.headerSize);
        if (!header)
            return {};
        seg.number = header->segment;
        seg.firstSequence = header->firstSequence;
        qsizetype offset = seg.headerSize;
        while (offset < data.size()) {
            QByteArrayView payload;
            qsizetype frameSize = 0;
            if (readFrame(data, offset, &payload, &frameSize) != FrameStatus::Ok)
                break;
            auto rh = RecordHeader::decode(payload);
            seg.frames.push_back({ offset, frameSize, rh ? rh->sequence : 0 });
            offset += frameSize;
        }
        out.push_back(seg);
    }
    return out;
}

// Recomputes a frame's checksums after a deliberate edit, as an attacker would.
inline void fixFrameCrc(QByteArray& data, qsizetype offset)
{
    const quint32 length = qFromLittleEndian<quint32>(data.constData() + offset);
    const QByteArray frame = orch::audit::format::encodeFrame(data.mid(offset + 8, length));
    data.replace(offset, frame.size(), frame);
}

} // namespace audittest
