#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include "common/result.h"

namespace orch::metrics {

// gzip (RFC 1952) through zlib: what `gunzip`, Athena and Spark read.
QByteArray gzipCompress(QByteArrayView data);
// Refuses truncated or corrupt input (checksum and length are checked) and anything that would
// inflate beyond `maxSize` bytes.
Result<QByteArray> gzipDecompress(QByteArrayView data, qsizetype maxSize = qsizetype(1) << 30);

} // namespace orch::metrics
