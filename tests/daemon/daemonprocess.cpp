#include "daemonprocess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

DaemonProcess::DaemonProcess()
    : m_process(std::make_unique<QProcess>())
{ }

DaemonProcess::~DaemonProcess()
{
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool DaemonProcess::start(const QStringList& extraArguments, int timeoutMs)
{
    m_extraArguments = extraArguments;
    const QString listen = QStringLiteral("127.0.0.1:%1").arg(port());
    QStringList args { QStringLiteral("--listen"), listen, QStringLiteral("--data-dir"), m_dataDir.path() };
    args += extraArguments;
    m_process->setProgram(QStringLiteral(ORCH_BIN_DIR "/orchestratord"));
    m_process->setArguments(args);
    m_process->start();
    if (!m_process->waitForStarted(5000)) {
        m_error = m_process->errorString();
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("listening on (https?://[^\\s]+)"));
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (timer.elapsed() < timeoutMs) {
        m_process->waitForReadyRead(100);
        out += m_process->readAllStandardOutput();
        m_stderr += m_process->readAllStandardError();
        const auto match = listening.match(QString::fromUtf8(out));
        if (match.hasMatch()) {
            m_base = match.captured(1);
            return true;
        }
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("orchestratord exited with %1: %2")
                          .arg(m_process->exitCode())
                          .arg(QString::fromUtf8(m_stderr));
            return false;
        }
    }
    m_error = QStringLiteral("orchestratord did not print its address in time");
    return false;
}

int DaemonProcess::runExpectingExit(const QStringList& arguments, int timeoutMs)
{
    m_process->setProgram(QStringLiteral(ORCH_BIN_DIR "/orchestratord"));
    m_process->setArguments(arguments);
    m_process->start();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished();
        return -1;
    }
    m_stderr += m_process->readAllStandardError();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

int DaemonProcess::terminate(int timeoutMs)
{
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs))
        return -1;
    m_stderr += m_process->readAllStandardError();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void DaemonProcess::kill()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->kill();
    if (!m_process->waitForFinished(10000) && m_process->state() != QProcess::NotRunning)
        m_error = QStringLiteral("orchestratord did not die on SIGKILL");
    m_stderr += m_process->readAllStandardError();
}

bool DaemonProcess::restart(int timeoutMs)
{
    if (m_process->state() != QProcess::NotRunning) {
        m_error = QStringLiteral("orchestratord is still running");
        return false;
    }
    if (m_base.isEmpty()) {
        m_error = QStringLiteral("restart() before start()");
        return false;
    }
    return start(m_extraArguments, timeoutMs);
}

QUrl DaemonProcess::url(const QString& path) const
{
    return QUrl(m_base + path);
}

QString DaemonProcess::stderrText()
{
    m_stderr += m_process->readAllStandardError();
    return QString::fromUtf8(m_stderr);
}

HttpReply httpRequest(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& body)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    std::unique_ptr<QNetworkReply> reply;
    if (body.isNull()) {
        reply.reset(nam.get(request));
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply.reset(nam.post(request, body));
    }
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll() };
}

QHash<QString, double> scrapeMetrics(QNetworkAccessManager& nam, DaemonProcess& daemon)
{
    QHash<QString, double> out;
    const HttpReply reply = httpRequest(nam, daemon.url(QStringLiteral("/metrics")));
    if (reply.status != 200)
        qWarning() << "GET /metrics:" << reply.status << daemon.url(QStringLiteral("/metrics"));
    for (const QString& line : QString::fromUtf8(reply.body).split(u'\n')) {
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype space = line.lastIndexOf(u' ');
        if (space > 0)
            out.insert(line.left(space), line.mid(space + 1).toDouble());
    }
    return out;
}
