#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "common/result.h"
#include "common/timeutil.h"

namespace orch::metrics {

// The local backend's directory of partitions, kind=<k>/date=<d>/hour=<h>/part-*.jsonl[.gz].
// Every part is written whole (temporary file, fsync, rename, directory fsync), so a reader or a
// crash never sees half a part. Used from one thread.
class PartitionDirectory final
{
public:
    // Creates the root when missing and removes the temporary files a crash left behind.
    static Result<PartitionDirectory> open(const QString& root);

    const QString& root() const { return m_root; }
    QString absolutePath(const QString& relativePath) const;

    // Writes one part; `relativePath` is "kind=../date=../hour=../part-....jsonl".
    Status write(const QString& relativePath, const QByteArray& bytes) const;
    Status remove(const QString& relativePath) const;
    Result<QByteArray> read(const QString& relativePath) const;

    // Every part, relative to the root, sorted.
    Result<QStringList> parts() const;

    struct Expired
    {
        int parts = 0; // part files removed
        int partitions = 0; // hour directories removed
    };
    // Removes the partitions whose hour ended at or before `cutoff`, and day directories left empty.
    Result<Expired> removeExpired(TimeMs cutoff) const;

private:
    explicit PartitionDirectory(QString root)
        : m_root(std::move(root))
    { }

    QString m_root;
};

// The S3 backend's spool: parts waiting for upload, written by the engine thread and emptied by
// the uploader (never the same file at once). One flat directory, so that the uploader removing
// what it sent never races the engine creating partition directories. A part
// "kind=k/date=d/hour=h/part-x.jsonl" is the file "kind=k+date=d+hour=h+part-x.jsonl", written
// whole like a local part.
class SpoolDirectory final
{
public:
    // Creates the directory when missing and removes the temporary files a crash left behind.
    static Result<SpoolDirectory> open(const QString& root);

    const QString& root() const { return m_root; }
    Status write(const QString& relativePath, const QByteArray& bytes) const;
    Status remove(const QString& relativePath) const;
    Result<QByteArray> read(const QString& relativePath) const;
    // The relative paths of every spooled part, sorted (oldest partition first).
    Result<QStringList> parts() const;

    static QString fileNameOf(const QString& relativePath);

private:
    explicit SpoolDirectory(QString root)
        : m_root(std::move(root))
    { }

    QString m_root;
};

// fsync of a directory, so that a create, rename or delete in it is durable.
Status syncDirectory(const QString& path);

} // namespace orch::metrics
