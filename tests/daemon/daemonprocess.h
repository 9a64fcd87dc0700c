#pragma once

// Starts the real orchestratord for the tests: on 127.0.0.1 port 0 (the daemon prints the bound
// address on its first stdout line), with a fresh data directory.
#include <memory>

#include <QByteArray>
#include <QHash>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <nlohmann/json.hpp>

class QNetworkAccessManager;

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
    // SIGKILL (a crash, a lost machine) and wait until it is gone.
    void kill();
    // Starts it again after terminate() or kill(): the same arguments, data directory and port
    // (so clients find it where it was); waits for the "listening on" line like start().
    bool restart(int timeoutMs = 20000);
    // The port it listens on (after start()); 0 before.
    quint16 port() const { return quint16(QUrl(m_base).port(0)); }

    QUrl url(const QString& path) const;
    QString dataDir() const { return m_dataDir.path(); }
    QString errorText() const { return m_error; }
    QString stderrText();
    QProcess& process() { return *m_process; }

private:
    std::unique_ptr<QProcess> m_process;
    QTemporaryDir m_dataDir;
    QString m_base;
    QStringList m_extraArguments; // of start(), for restart()
    QString m_error;
    QByteArray m_stderr;
};

// An HTTP answer of the daemon, for the tests.
struct HttpReply
{
    int status = 0;
    QByteArray body;
    nlohmann::json json() const { return nlohmann::json::parse(body.toStdString(), nullptr, false); }
};

// A GET (or, with a body, a JSON POST) that runs a local event loop while it waits, so whatever
// else the test serves (a receiver, a fake API server) keeps answering.
HttpReply httpRequest(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& body = {});
// The daemon's /metrics as "name{labels}" -> value (the Prometheus text format).
QHash<QString, double> scrapeMetrics(QNetworkAccessManager& nam, DaemonProcess& daemon);
