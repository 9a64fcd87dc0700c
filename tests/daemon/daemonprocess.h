#pragma once

// Starts the real orchestratord for the tests: on 127.0.0.1 port 0 (the daemon prints the bound
// address on its first stdout line), with a fresh data directory.
#include <memory>

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

class DaemonProcess final
{
public:
    DaemonProcess();
    ~DaemonProcess();
    Q_DISABLE_COPY_MOVE(DaemonProcess)

    // Starts with these extra arguments and waits for the "listening on" line; false (with
    // errorText()) when the daemon exited or did not answer in time.
    bool start(const QStringList& extraArguments, int timeoutMs = 20000);
    // Runs the daemon expecting it to exit at once (bad options); returns its exit code.
    int runExpectingExit(const QStringList& arguments, int timeoutMs = 10000);
    // SIGTERM and wait; the exit code, or -1 when it crashed or did not stop.
    int terminate(int timeoutMs = 15000);

    QUrl url(const QString& path) const;
    QString dataDir() const { return m_dataDir.path(); }
    QString errorText() const { return m_error; }
    QString stderrText();
    QProcess& process() { return *m_process; }

private:
    std::unique_ptr<QProcess> m_process;
    QTemporaryDir m_dataDir;
    QString m_base;
    QString m_error;
    QByteArray m_stderr;
};
