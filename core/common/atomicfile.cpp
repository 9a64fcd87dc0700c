#include "common/atomicfile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <fcntl.h>
#include <unistd.h>

#include "common/logging.h"

namespace orch {

namespace {

// The rename of a committed QSaveFile lives in the directory entry; without syncing the
// directory a power loss can still bring back the old file (or none, for a first write).
void syncDirectory(const QString& filePath)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(filePath).absolutePath());
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0)
        qCWarning(lcStore) << "could not sync the directory of" << filePath
                           << "- the rename may not be durable";
    if (fd >= 0)
        ::close(fd);
}

} // namespace

Status writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(path + QStringLiteral(": cannot open for writing: ") + file.errorString());
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return fail(path + QStringLiteral(": cannot write: ") + file.errorString());
    }
    if (!file.commit()) // flushes and fsyncs the temporary file, then renames it over path
        return fail(path + QStringLiteral(": cannot replace the file: ") + file.errorString());
    syncDirectory(path);
    return success();
}

} // namespace orch
