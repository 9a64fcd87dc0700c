#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include "audit/auditformat.h"
#include "audit/auditlog.h"

namespace orch::audit {
class KeyStore;
}

// The single pass over the segments that open(), verify(), read() and exportBundle() share.
namespace orch::audit::detail {

struct ScannedRecord
{
    format::RecordHeader header;
    QByteArrayView payload; // header || body || tag, as hashed
    QByteArray plaintext; // authenticated (and for entries decrypted) body
    nlohmann::json* body = nullptr; // the parsed body (the callback may take it: it is not used after)
    quint64 segment = 0;
};

struct SegmentState
{
    quint64 number = 0;
    QString path;
    QString keyId;
    quint64 firstSequence = 1;
    quint64 lastSequence = 0; // firstSequence - 1 while empty
    TimeMs created = 0;
    TimeMs lastTimestamp = 0; // newest record, or the creation time while empty
    bool closed = false;
    qsizetype goodLength = 0;
    qsizetype fileSize = 0;
    QByteArray prevHash;
    QByteArray startRoot;
};

// A crash-torn end of the last segment that open() may cut off.
struct TornTail
{
    bool present = false;
    bool wholeSegment = false; // the segment's own header never made it to disk
    quint64 segment = 0;
    QString path;
    qsizetype offset = 0;
    qsizetype bytes = 0;
    QString what;
};

struct ScanOptions
{
    bool forgiveTornTail = false;
    bool collectLeaves = false;
    const std::optional<Checkpoint>* trusted = nullptr;
    Progress progress;
    const std::atomic_bool* cancel = nullptr;
    std::function<void(const ScannedRecord&)> onRecord;
};

struct ScanResult
{
    VerifyReport report;
    std::vector<SegmentState> segments;
    quint64 firstSequence = 1; // first retained record
    format::MerkleFrontier startFrontier; // over the records before firstSequence
    quint64 lastSequence = 0;
    QByteArray chainHead;
    format::MerkleFrontier frontier;
    TimeMs lastTimestamp = 0;
    std::optional<format::Kind> lastKind;
    TornTail torn;
    std::vector<QByteArray> leaves; // of records firstSequence..lastSequence, when collected
};

Result<ScanResult> scanLog(const QString& auditDir, const KeyStore& keys, const ScanOptions& options);

// scanLog, refusing a log that fails verification ("the audit trail failed verification at
// record N: reason" + refusalSuffix), for the readers that must never show anything of a damaged
// trail.
Result<ScanResult> scanVerifiedLog(const QString& auditDir, const KeyStore& keys, const ScanOptions& options,
                                   const QString& refusalSuffix = {});

// Strict structural checks of an entry body; empty when fine.
QString checkEntryBody(const nlohmann::json& body, quint64 sequence);

} // namespace orch::audit::detail
