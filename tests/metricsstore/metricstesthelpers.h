#pragma once

#include <memory>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "common/timeutil.h"
#include "metricsstore/gzip.h"
#include "metricsstore/partition.h"
#include "metricsstore/telemetry.h"

namespace metricstest {

using namespace orch;
using namespace orch::metrics;

// A temporary directory on tmpfs when there is one: every part costs a few fsyncs, which on a
// loaded disk make a test of hundreds of parts take tens of seconds. What the tests check (whole
// parts after SIGKILL, layout, retention) does not depend on the disk; power loss is not simulated.
inline std::unique_ptr<QTemporaryDir> fastTempDir()
{
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    if (shm.isDir() && shm.isWritable()) {
        auto dir = std::make_unique<QTemporaryDir>(QStringLiteral("/dev/shm/tst_metrics-XXXXXX"));
        if (dir->isValid())
            return dir;
    }
    return std::make_unique<QTemporaryDir>();
}

inline TimeMs at(const char* iso)
{
    return *parseIsoUtc(QString::fromLatin1(iso));
}

inline TelemetryRecord numbered(const QString& kind, TimeMs t, qint64 n)
{
    return TelemetryRecord { kind, t, { { "n", n }, { "dealer", "dealer-" + std::to_string(n % 7) } } };
}

// A part's content: its lines, each checked to be one whole JSON object in the partition the file
// is in. Returns false (with `error`) on anything else.
inline bool readPart(const QString& relativePath, const QByteArray& bytes, std::vector<nlohmann::json>* lines,
                     QString* error)
{
    QByteArray text = bytes;
    if (relativePath.endsWith(QStringLiteral(".gz"))) {
        auto unpacked = gzipDecompress(bytes);
        if (!unpacked) {
            *error = relativePath + QStringLiteral(": ") + unpacked.error();
            return false;
        }
        text = *unpacked;
    }
    if (text.isEmpty() || !text.endsWith('\n')) {
        *error = relativePath + QStringLiteral(": empty or not ending in a newline");
        return false;
    }
    const auto partition = parsePartitionPath(relativePath);
    if (!partition) {
        *error = relativePath + QStringLiteral(": not in a partition");
        return false;
    }
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        nlohmann::json j = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("at") || !j.contains("kind")) {
            *error = relativePath + QStringLiteral(": a line that is not a record: ")
                + QString::fromUtf8(line.left(200));
            return false;
        }
        const auto t = parseIsoUtc(QString::fromStdString(j["at"].get<std::string>()));
        const PartitionKey key
            = partitionOf(QString::fromStdString(j["kind"].get<std::string>()), t.value_or(-1));
        if (!t || !(key == *partition)) {
            *error = relativePath + QStringLiteral(": a record of another partition: ")
                + QString::fromUtf8(line);
            return false;
        }
        lines->push_back(std::move(j));
    }
    return true;
}

// Every part file under `root` (relative paths, sorted) and every other file found there.
struct Listing
{
    QStringList parts;
    QStringList others;
};
inline Listing listFiles(const QString& root)
{
    Listing l;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = path.mid(root.size() + 1);
        (isPartFileName(it.fileName()) && parsePartitionPath(relative) ? l.parts : l.others) << relative;
    }
    l.parts.sort();
    l.others.sort();
    return l;
}

// All records under a local root, or an error.
inline bool readAll(const QString& root, std::vector<nlohmann::json>* records, QString* error)
{
    const Listing l = listFiles(root);
    if (!l.others.isEmpty()) {
        *error = QStringLiteral("files that are not parts: ") + l.others.join(u' ');
        return false;
    }
    for (const QString& part : l.parts) {
        QFile f(root + u'/' + part);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = part + QStringLiteral(": cannot read");
            return false;
        }
        if (!readPart(part, f.readAll(), records, error))
            return false;
    }
    return true;
}

} // namespace metricstest
