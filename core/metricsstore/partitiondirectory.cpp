#include "metricsstore/partitiondirectory.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

#include "common/atomicfile.h"
#include "metricsstore/metricslogging.h"
#include "metricsstore/partition.h"

namespace orch::metrics {

Status syncDirectory(const QString& path)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(QStringLiteral("%1: cannot open the directory to sync it: %2")
                        .arg(path, QString::fromLocal8Bit(strerror(errno))));
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0)
        return fail(QStringLiteral("%1: fsync of the directory failed: %2")
                        .arg(path, QString::fromLocal8Bit(strerror(error))));
    return success();
}

Result<PartitionDirectory> PartitionDirectory::open(const QString& root)
{
    const QString clean = QDir::cleanPath(QDir(root).absolutePath());
    if (!QDir().mkpath(clean))
        return fail(QStringLiteral("%1: cannot create the metrics directory").arg(clean));
    if (!QFileInfo(clean).isWritable())
        return fail(QStringLiteral("%1: the metrics directory is not writable").arg(clean));
    PartitionDirectory dir(clean);
    // Temporary files of writes a crash interrupted: never renamed, so never a part.
    int removed = 0;
    QDirIterator it(clean, { QStringLiteral("part-*") }, QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (isTemporaryPartFileName(it.fileName()) && QFile::remove(path))
            ++removed;
    }
    if (removed > 0)
        qCInfo(lcMetrics) << "removed" << removed << "temporary files of interrupted writes under" << clean;
    return dir;
}

QString PartitionDirectory::absolutePath(const QString& relativePath) const
{
    return m_root + u'/' + relativePath;
}

Status PartitionDirectory::write(const QString& relativePath, const QByteArray& bytes) const
{
    const QString path = absolutePath(relativePath);
    const QString parent = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(parent)) {
        // The highest directory that is new: the entries of it and of those below must survive a
        // power loss too, so the directories holding them are synced (those that existed before
        // already have their entries on disk).
        QString highestNew = parent;
        while (true) {
            const QString up = QFileInfo(highestNew).absolutePath();
            if (up.size() <= m_root.size() || QFileInfo::exists(up))
                break;
            highestNew = up;
        }
        if (!QDir().mkpath(parent))
            return fail(QStringLiteral("%1: cannot create the partition directory").arg(parent));
        for (QString dir = parent; dir.size() >= highestNew.size(); dir = QFileInfo(dir).absolutePath())
            if (Status s = syncDirectory(QFileInfo(dir).absolutePath()); !s)
                return s;
    }
    return writeFileAtomically(path, bytes);
}

Status PartitionDirectory::remove(const QString& relativePath) const
{
    const QString path = absolutePath(relativePath);
    QFile file(path);
    if (!file.remove() && file.exists())
        return fail(QStringLiteral("%1: cannot remove: %2").arg(path, file.errorString()));
    return syncDirectory(QFileInfo(path).absolutePath());
}

Result<QByteArray> PartitionDirectory::read(const QString& relativePath) const
{
    QFile file(absolutePath(relativePath));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot read: %2").arg(file.fileName(), file.errorString()));
    return file.readAll();
}

Result<QStringList> PartitionDirectory::parts() const
{
    QStringList out;
    QDirIterator it(m_root, { QStringLiteral("part-*") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!isPartFileName(it.fileName()))
            continue;
        const QString relative = path.mid(m_root.size() + 1);
        if (parsePartitionPath(relative))
            out << relative;
    }
    out.sort();
    return out;
}

Result<PartitionDirectory::Expired> PartitionDirectory::removeExpired(TimeMs cutoff) const
{
    Expired expired;
    const QDir root(m_root);
    const auto subdirs = [](const QDir& dir, const QString& pattern) {
        return dir.entryList({ pattern }, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    };
    for (const QString& kind : subdirs(root, QStringLiteral("kind=*"))) {
        const QDir kindDir(root.filePath(kind));
        for (const QString& date : subdirs(kindDir, QStringLiteral("date=*"))) {
            const QDir dateDir(kindDir.filePath(date));
            bool removedAny = false;
            for (const QString& hour : subdirs(dateDir, QStringLiteral("hour=*"))) {
                const QString path = kind + u'/' + date + u'/' + hour;
                const auto key = parsePartitionPath(path);
                if (!key || !key->expiredAt(cutoff))
                    continue;
                QDir hourDir(dateDir.filePath(hour));
                const int files = int(hourDir.entryList({ QStringLiteral("part-*") }, QDir::Files).size());
                if (!hourDir.removeRecursively())
                    return fail(
                        QStringLiteral("%1: cannot remove the expired partition").arg(hourDir.path()));
                expired.parts += files;
                expired.partitions += 1;
                removedAny = true;
            }
            if (!removedAny)
                continue;
            if (dateDir.isEmpty()) {
                if (!QDir(kindDir).rmdir(date))
                    return fail(QStringLiteral("%1: cannot remove the empty day").arg(dateDir.path()));
                if (Status s = syncDirectory(kindDir.path()); !s)
                    return fail(s.error());
            } else if (Status s = syncDirectory(dateDir.path()); !s) {
                return fail(s.error());
            }
        }
    }
    return expired;
}

Result<SpoolDirectory> SpoolDirectory::open(const QString& root)
{
    const QString clean = QDir::cleanPath(QDir(root).absolutePath());
    if (!QDir().mkpath(clean))
        return fail(QStringLiteral("%1: cannot create the metrics spool").arg(clean));
    if (!QFileInfo(clean).isWritable())
        return fail(QStringLiteral("%1: the metrics spool is not writable").arg(clean));
    int removed = 0;
    QDir dir(clean);
    for (const QString& name : dir.entryList({ QStringLiteral("kind=*") }, QDir::Files | QDir::Hidden)) {
        const qsizetype part = name.lastIndexOf(u'+');
        if (part > 0 && isTemporaryPartFileName(QStringView(name).mid(part + 1)) && dir.remove(name))
            ++removed;
    }
    if (removed > 0)
        qCInfo(lcMetrics) << "removed" << removed << "temporary files of interrupted writes in" << clean;
    return SpoolDirectory(clean);
}

QString SpoolDirectory::fileNameOf(const QString& relativePath)
{
    QString name = relativePath;
    return name.replace(u'/', u'+');
}

Status SpoolDirectory::write(const QString& relativePath, const QByteArray& bytes) const
{
    return writeFileAtomically(m_root + u'/' + fileNameOf(relativePath), bytes);
}

Status SpoolDirectory::remove(const QString& relativePath) const
{
    const QString path = m_root + u'/' + fileNameOf(relativePath);
    QFile file(path);
    if (!file.remove() && file.exists())
        return fail(QStringLiteral("%1: cannot remove: %2").arg(path, file.errorString()));
    return syncDirectory(m_root);
}

Result<QByteArray> SpoolDirectory::read(const QString& relativePath) const
{
    QFile file(m_root + u'/' + fileNameOf(relativePath));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot read: %2").arg(file.fileName(), file.errorString()));
    return file.readAll();
}

Result<QStringList> SpoolDirectory::parts() const
{
    QStringList out;
    for (const QString& name :
         QDir(m_root).entryList({ QStringLiteral("kind=*") }, QDir::Files, QDir::Name)) {
        QString relative = name;
        relative.replace(u'+', u'/');
        const qsizetype slash = relative.lastIndexOf(u'/');
        if (slash > 0 && isPartFileName(QStringView(relative).mid(slash + 1)) && parsePartitionPath(relative))
            out << relative;
    }
    out.sort();
    return out;
}

} // namespace orch::metrics
