#pragma once

#include <QByteArray>
#include <QString>

#include "common/result.h"

namespace orch {

// Replaces `path` with `bytes` so that a reader (or a power loss) sees the old file or the new
// one, never a mix: QSaveFile writes and fsyncs a temporary file and renames it over `path`, then
// the directory is synced so that the rename itself is durable.
Status writeFileAtomically(const QString& path, const QByteArray& bytes);

} // namespace orch
