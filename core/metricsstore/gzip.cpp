#include "metricsstore/gzip.h"

#include <zlib.h>

namespace orch::metrics {

QByteArray gzipCompress(QByteArrayView data)
{
    z_stream zs {};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("zlib: deflateInit2 failed");
    QByteArray out;
    out.resize(qsizetype(deflateBound(&zs, uLong(data.size()))) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    if (rc != Z_STREAM_END)
        qFatal("zlib: deflate did not finish (%d)", rc);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

Result<QByteArray> gzipDecompress(QByteArrayView data, qsizetype maxSize)
{
    z_stream zs {};
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        return fail(QStringLiteral("gzip: cannot initialize zlib"));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    QByteArray out;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        const qsizetype used = qsizetype(zs.total_out);
        if (used >= maxSize) {
            inflateEnd(&zs);
            return fail(QStringLiteral("gzip: inflates to more than %1 bytes").arg(maxSize));
        }
        out.resize(std::min(maxSize, std::max<qsizetype>(used * 2, 64 * 1024)));
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        zs.avail_out = uInt(out.size() - used);
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            inflateEnd(&zs);
            return fail(QStringLiteral("gzip: truncated after %1 bytes").arg(data.size()));
        }
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            const QString why = QString::fromLatin1(zs.msg ? zs.msg : "corrupt data");
            inflateEnd(&zs);
            return fail(QStringLiteral("gzip: %1").arg(why));
        }
    }
    out.resize(qsizetype(zs.total_out));
    const bool trailing = zs.avail_in != 0;
    inflateEnd(&zs);
    if (trailing)
        return fail(QStringLiteral("gzip: %1 bytes after the end of the stream")
                        .arg(data.size() - qsizetype(zs.total_in)));
    return out;
}

} // namespace orch::metrics
