#pragma once

#include <csignal>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <sys/prctl.h>

// An S3-compatible server of the test's own: s3rver (npm, installed into the build directory by
// tests/metricsstore/install-s3rver.cmake) behind s3rver-verifying.js, which checks Signature V4
// as S3 does. On a free loopback port the first time, the same port after a restart; the objects
// live in a temporary directory that outlives restarts. A missing node or s3rver is a failure with
// the reason, never a skip.
class S3rverProcess final
{
public:
    static constexpr const char* kAccessKey = "ORCHTESTKEY";
    static constexpr const char* kSecretKey = "orch/test+Secret-Key-0123456789abcdefABCDEF";
    static constexpr const char* kBucket = "metrics";

    S3rverProcess() = default;
    ~S3rverProcess() { stop(); }
    Q_DISABLE_COPY_MOVE(S3rverProcess)

    // Why the server cannot run here, or empty.
    static QString missing()
    {
        const QString node = QString::fromUtf8(ORCH_NODE_PROGRAM);
        if (node.isEmpty() || node.endsWith(QStringLiteral("NOTFOUND")) || !QFileInfo(node).isExecutable())
            return QStringLiteral(
                "node was not found when the build was configured: install the Debian packages "
                "nodejs and npm (./dev.sh does) and configure again");
        const QString prefix = QString::fromUtf8(ORCH_S3RVER_PREFIX);
        if (!QFileInfo::exists(prefix + QStringLiteral("/node_modules/s3rver/package.json"))) {
            QFile why(prefix + QStringLiteral("/install-error.txt"));
            const QString reason = why.open(QIODevice::ReadOnly) ? QString::fromUtf8(why.readAll()).trimmed()
                                                                 : QStringLiteral("no install was attempted");
            return QStringLiteral(
                       "s3rver is not installed in %1 (the build runs npm install --prefix %1 s3rver@3): %2")
                .arg(prefix, reason);
        }
        return {};
    }

    quint16 port() const { return m_port; }
    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString error() const { return m_error; }
    // Where s3rver keeps an object's bytes.
    QString objectFile(const QString& key) const
    {
        return m_dir.path() + u'/' + QString::fromLatin1(kBucket) + u'/' + key
            + QStringLiteral("._S3rver_object");
    }
    QString dataDir() const { return m_dir.path(); }

    bool start()
    {
        if (const QString why = missing(); !why.isEmpty()) {
            m_error = why;
            return false;
        }
        if (!m_dir.isValid()) {
            m_error = QStringLiteral("cannot create a temporary directory");
            return false;
        }
        if (m_port == 0) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0)) {
                m_error = QStringLiteral("no free loopback port: %1").arg(probe.errorString());
                return false;
            }
            m_port = probe.serverPort();
        }
        m_process.setProgram(QString::fromUtf8(ORCH_NODE_PROGRAM));
        m_process.setArguments({ QString::fromUtf8(ORCH_S3RVER_SCRIPT), QStringLiteral("--modules"),
                                 QString::fromUtf8(ORCH_S3RVER_PREFIX) + QStringLiteral("/node_modules"),
                                 QStringLiteral("--directory"), m_dir.path(), QStringLiteral("--port"),
                                 QString::number(m_port), QStringLiteral("--bucket"),
                                 QString::fromLatin1(kBucket), QStringLiteral("--access-key"),
                                 QString::fromLatin1(kAccessKey), QStringLiteral("--secret-key"),
                                 QString::fromLatin1(kSecretKey) });
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // Should the test crash, the server goes with it rather than keep the port.
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            m_error = QStringLiteral("node did not start: %1").arg(m_process.errorString());
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        QByteArray out;
        while (waited.elapsed() < 30000) {
            if (m_process.state() != QProcess::Running) {
                m_error = QStringLiteral("s3rver exited with %1 (port %2 taken?)")
                              .arg(m_process.exitCode())
                              .arg(m_port);
                return false;
            }
            m_process.waitForReadyRead(100);
            out += m_process.readAllStandardOutput();
            if (out.contains("listening "))
                return true;
        }
        m_error = QStringLiteral("s3rver on port %1 did not start listening within 30 s").arg(m_port);
        return false;
    }

    // SIGKILL: the store goes away mid-conversation.
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(10000);
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};
