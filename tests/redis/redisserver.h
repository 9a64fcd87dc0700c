#pragma once

#include <csignal>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <sys/prctl.h>
#include <sys/types.h>

// A redis-server of the test's own on a free loopback port, in a temporary directory, killed when
// the object goes. The package is a declared dependency: a missing binary is a failure.
class RedisServer final
{
public:
    static constexpr const char* kBinary = "/usr/bin/redis-server";

    struct Options
    {
        bool appendOnly = false; // with appendfsync always: data survives a SIGKILL
        QString password;
    };

    RedisServer()
        : RedisServer(Options {})
    { }
    explicit RedisServer(Options options)
        : m_options(std::move(options))
    { }
    ~RedisServer() { kill(); }
    Q_DISABLE_COPY_MOVE(RedisServer)

    static bool available() { return QFileInfo(QString::fromLatin1(kBinary)).isExecutable(); }
    static QString missingMessage()
    {
        return QStringLiteral("%1 is missing: install the redis-server package (a declared dependency of the "
                              "tests, see PLATFORM.md)")
            .arg(QString::fromLatin1(kBinary));
    }

    quint16 port() const { return m_port; }
    QString error() const { return m_error; }
    QString url() const
    {
        return m_options.password.isEmpty()
            ? QStringLiteral("redis://127.0.0.1:%1").arg(m_port)
            : QStringLiteral("redis://:%1@127.0.0.1:%2").arg(m_options.password).arg(m_port);
    }

    // Starts the server (on a free port the first time, on the same port after that) and waits
    // until it answers PING.
    bool start()
    {
        if (!available()) {
            m_error = missingMessage();
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
        QStringList args {
            QStringLiteral("--port"),      QString::number(m_port),
            QStringLiteral("--bind"),      QStringLiteral("127.0.0.1"),
            QStringLiteral("--dir"),       m_dir.path(),
            QStringLiteral("--save"),      QString(),
            QStringLiteral("--daemonize"), QStringLiteral("no"),
            QStringLiteral("--logfile"),   QDir(m_dir.path()).filePath(QStringLiteral("redis.log"))
        };
        if (m_options.appendOnly)
            args << QStringLiteral("--appendonly") << QStringLiteral("yes") << QStringLiteral("--appendfsync")
                 << QStringLiteral("always");
        else
            args << QStringLiteral("--appendonly") << QStringLiteral("no");
        if (!m_options.password.isEmpty())
            args << QStringLiteral("--requirepass") << m_options.password;
        m_process.setProgram(QString::fromLatin1(kBinary));
        m_process.setArguments(args);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // Should the test crash, the server goes with it rather than keep the port.
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process.start();
        if (!m_process.waitForStarted(5000)) {
            m_error = QStringLiteral("redis-server did not start: %1").arg(m_process.errorString());
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 10000) {
            if (m_process.state() != QProcess::Running) {
                m_error = QStringLiteral("redis-server exited (port %1 taken?); see %2")
                              .arg(m_port)
                              .arg(QDir(m_dir.path()).filePath(QStringLiteral("redis.log")));
                return false;
            }
            if (ping())
                return true;
            QThread::msleep(10);
        }
        m_error = QStringLiteral("redis-server on port %1 did not answer PING within 10 s").arg(m_port);
        return false;
    }

    // SIGKILL: no shutdown save, no goodbye to clients.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        resume(); // a stopped process would not die until continued
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    // SIGSTOP / SIGCONT: a hung server that accepts connections and never answers.
    void pause() { ::kill(static_cast<pid_t>(m_process.processId()), SIGSTOP); }
    void resume() { ::kill(static_cast<pid_t>(m_process.processId()), SIGCONT); }

    // Forgets everything the server had (its AOF), as a fresh server on the same port.
    void wipeData()
    {
        QDir dir(m_dir.path());
        for (const QFileInfo& entry : dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (entry.fileName() == u"redis.log")
                continue;
            if (entry.isDir())
                QDir(entry.absoluteFilePath()).removeRecursively();
            else
                QFile::remove(entry.absoluteFilePath());
        }
    }

private:
    bool ping()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(200))
            return false;
        QByteArray command;
        if (!m_options.password.isEmpty())
            command += "AUTH " + m_options.password.toUtf8() + "\r\n";
        command += "PING\r\n";
        socket.write(command);
        QByteArray answer;
        while (!answer.contains("PONG") && !answer.contains("-") && socket.waitForReadyRead(200))
            answer += socket.readAll();
        return answer.contains("+PONG");
    }

    Options m_options;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};
