#pragma once

#include <optional>

#include <QString>
#include <QStringView>

#include "common/timeutil.h"

namespace orch::metrics {

// One partition of the store: a kind and an hour (UTC) of record time, stored under
// "kind=<kind>/date=<yyyy-MM-dd>/hour=<HH>/".
struct PartitionKey
{
    QString kind;
    TimeMs hourStart = 0; // a whole hour

    // Hive-style path of the partition, without a trailing slash: "kind=detections/date=2026-01-15/hour=02".
    QString path() const;
    // Every record of the partition is older than `cutoff`: the partition's hour ended by then.
    bool expiredAt(TimeMs cutoff) const { return hourStart + kHourMs <= cutoff; }

    friend bool operator==(const PartitionKey&, const PartitionKey&) = default;
    // By kind, then time: the order of their paths.
    friend bool operator<(const PartitionKey& a, const PartitionKey& b)
    {
        return a.kind != b.kind ? a.kind < b.kind : a.hourStart < b.hourStart;
    }
};

PartitionKey partitionOf(const QString& kind, TimeMs at);

// Parses the leading "kind=../date=../hour=.." of a path relative to the store's root (what
// follows, the file name, is not looked at); nullopt when the path does not start that way.
std::optional<PartitionKey> parsePartitionPath(QStringView relative);

// "part-<writer>-<run>-<seq>.jsonl" (".jsonl.gz" when compressed); seq zero-padded to 6 digits.
QString partFileName(const QString& writer, const QString& run, qint64 seq, bool gzip);
bool isPartFileName(QStringView name);
// A temporary file QSaveFile left behind by a crash: "part-....jsonl.AbC123".
bool isTemporaryPartFileName(QStringView name);

// A writer id usable in file and object names: [A-Za-z0-9._-], other characters become '_', at
// most 64 characters; "local" when nothing is left.
QString sanitizeWriterId(const QString& id);

} // namespace orch::metrics
