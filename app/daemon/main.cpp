// orchestratord: the Autonomic Orchestrator as a headless service (docs/api.md).
#include <csignal>
#include <cstdio>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QThread>
#include <QThreadPool>

#include <sys/socket.h>
#include <unistd.h>

#include "alerts/alertconfig.h"
#include "api/apilogging.h"
#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/httpserver.h"
#include "api/metrics.h"
#include "api/operatorhost.h"
#include "daemonoptions.h"

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int signal)
{
    const char c = char(signal);
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

void err(const QString& message)
{
    std::fprintf(stderr, "orchestratord: %s\n", qPrintable(message));
}

std::optional<QSslConfiguration> loadTls(const DaemonOptions& o)
{
    QFile certFile(o.tlsCert);
    if (!certFile.open(QIODevice::ReadOnly)) {
        err(QStringLiteral("--tls-cert %1: %2").arg(o.tlsCert, certFile.errorString()));
        return std::nullopt;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        err(QStringLiteral("--tls-cert %1: no PEM certificate in it").arg(o.tlsCert));
        return std::nullopt;
    }
    QFile keyFile(o.tlsKey);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        err(QStringLiteral("--tls-key %1: %2").arg(o.tlsKey, keyFile.errorString()));
        return std::nullopt;
    }
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        err(QStringLiteral("--tls-key %1: not an unencrypted PEM RSA or EC private key").arg(o.tlsKey));
        return std::nullopt;
    }
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    return conf;
}

} // namespace

int main(int argc, char** argv)
{
    // Qt's plain Unix event dispatcher: the GLib one wakes its own thread (an eventfd write)
    // every time a socket notifier is toggled, which is twice per request here.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orchestratord"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ORCH_VERSION));

    const ParsedOptions parsed = parseDaemonOptions(app.arguments());
    if (!parsed.options)
        return parsed.exitCode;
    const DaemonOptions& o = *parsed.options;

    orch::api::ApiService::Settings serviceSettings;
    serviceSettings.limiter.maxFailures = o.authMaxFailures;
    serviceSettings.limiter.blockSeconds = o.authBlockSeconds;
    if (!o.tokenFile.isEmpty()) {
        auto tokens = orch::api::TokenStore::load(o.tokenFile);
        if (!tokens) {
            err(QStringLiteral("--token-file ") + tokens.error());
            return 2;
        }
        qCInfo(lcApi) << "loaded" << tokens->size() << "token(s) from" << o.tokenFile;
        serviceSettings.tokens = std::move(*tokens);
    } else {
        qCInfo(lcApi) << "no --token-file: every request on loopback is allowed";
    }
    std::optional<QSslConfiguration> tls;
    if (!o.tlsCert.isEmpty()) {
        tls = loadTls(o);
        if (!tls)
            return 2;
    }

    // Slack and PagerDuty endpoints come from the environment; a bad one stops the start, with a
    // message naming the variable, never its value.
    auto alertChannels = orch::alerts::AlertChannelsConfig::fromEnvironment();
    if (!alertChannels) {
        err(QStringLiteral("alert channels:\n") + alertChannels.error());
        return 2;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        err(QStringLiteral("cannot create the signal pipe"));
        return 1;
    }
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    orch::api::EngineHost::Settings engineSettings;
    engineSettings.dataDir = o.dataDir;
    engineSettings.specFile = o.specFile;
    engineSettings.simulateDealers = o.simulate;
    engineSettings.seed = o.seed;
    engineSettings.warmUpDays = o.warmUpDays;
    engineSettings.simTickMs = o.simTickMs;
    engineSettings.redisUrl = o.redisUrl;
    engineSettings.instance = o.instance;
    engineSettings.shard = o.shard;
    engineSettings.shardLease = std::chrono::milliseconds(o.shardLeaseMs);
    engineSettings.alertChannels = *alertChannels;
    // Operator mode: the spec comes from the custom resource, the status goes back to it.
    std::unique_ptr<orch::api::OperatorHost> kube;
    if (o.kube) {
        orch::api::OperatorHost::Settings kubeSettings;
        kubeSettings.namespaceName = o.kubeNamespace;
        kubeSettings.name = o.kubeName;
        kubeSettings.statusIntervalMs = o.kubeStatusIntervalMs;
        kubeSettings.specFile = o.specFile;
        auto opened = orch::api::OperatorHost::open(kubeSettings);
        if (!opened) {
            err(opened.error());
            return 2;
        }
        kube = std::move(*opened);
        kube->configure(engineSettings);
    }
    orch::api::EngineHost engine(engineSettings);
    if (auto st = engine.start(); !st) {
        err(st.error());
        return 1;
    }
    if (kube)
        kube->attach(engine);

    orch::api::ApiMetrics metrics;
    orch::api::ApiService service(engine, metrics, std::move(serviceSettings));
    const int threads = o.httpThreads > 0 ? o.httpThreads : std::clamp(QThread::idealThreadCount(), 1, 8);
    orch::api::HttpServer server(service, orch::api::HttpLimits {}, threads);
    service.setConnectionCounter([&server] { return server.connections(); });
    if (tls)
        server.setTlsConfiguration(*tls);
    const auto port = server.listen(o.address, o.port);
    if (!port) {
        err(port.error());
        server.stop();
        engine.stop();
        return 1;
    }
    const QString host = o.address.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + o.address.toString() + u']'
        : o.address.toString();
    // The first line on stdout: what the tests and scripts read to find the server.
    std::printf("orchestratord: listening on %s://%s:%u\n", tls ? "https" : "http", qPrintable(host),
                unsigned(*port));
    std::fflush(stdout);
    qCInfo(lcApi) << "listening on" << host << *port << "with" << threads << "connection thread(s)"
                  << (tls ? "(TLS)" : "");

    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char c = 0;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
        qCInfo(lcApi) << "signal" << int(c) << "- shutting down";
        notifier.setEnabled(false);
        app.quit();
    });
    app.exec();
    if (kube)
        kube->stop(); // before the engine: no restart and no status write while it stops

    // Clean shutdown: stop accepting, answer what is in flight (long polls at once), then stop
    // the engine (flushing samples and the audit trail) and the connection threads.
    server.stopAccepting();
    engine.drain();
    server.drain();
    QDeadlineTimer deadline(5000);
    while (server.inFlight() > 0 && !deadline.hasExpired())
        QThread::msleep(10);
    if (server.inFlight() > 0)
        qCWarning(lcApi) << server.inFlight() << "request(s) still unanswered at shutdown";
    engine.stop();
    QThreadPool::globalInstance()->waitForDone(5000);
    QThread::msleep(20); // let the last responses leave their threads
    server.stop();
    qCInfo(lcApi) << "stopped";
    return 0;
}
