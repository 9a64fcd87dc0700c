// `orchestratord --kube` end to end, against a loopback HTTPS server that speaks the Kubernetes
// API paths and verbs (FakeApiServer: GET, WATCH, merge-PATCH of status): the real daemon finds the
// API server the way a pod does (KUBERNETES_SERVICE_HOST/PORT, the service account's token, CA and
// namespace files), runs the custom resource's spec, applies a changed spec from a watch event
// (restarting its engine, audited), refuses an invalid one with a condition naming the field while
// the spec in force keeps running, and writes phase, components and governance to the status
// subresource with JSON merge patches.
#include <set>

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "fakeapiserver.h"

namespace {

constexpr int kTimeout = 45000;
const QString kNamespace = QStringLiteral("orch-test"); // the service account's namespace file
const QString kName = QStringLiteral("dai-autonomic-orchestrator");

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

bool makeCertificate(const QString& dir, const QString& stem)
{
    QProcess openssl;
    openssl.start(
        QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
          QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
          QStringLiteral("-keyout"), dir + u'/' + stem + QStringLiteral(".key"), QStringLiteral("-out"),
          dir + u'/' + stem + QStringLiteral(".crt"), QStringLiteral("-days"), QStringLiteral("1"),
          QStringLiteral("-subj"), QStringLiteral("/CN=kubernetes"), QStringLiteral("-addext"),
          QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost") });
    return openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit
        && openssl.exitCode() == 0;
}

// orchestratord as a child process, waited for with the event loop running (the API server it
// talks to lives in this process).
class Daemon final
{
public:
    ~Daemon()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start(const QStringList& extra, const QProcessEnvironment& env)
    {
        m_process.setProcessEnvironment(env);
        m_process.setProgram(QStringLiteral(ORCH_BIN_DIR "/orchestratord"));
        m_process.setArguments(QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                             QStringLiteral("--data-dir"), m_data.path() }
                               + extra);
        m_process.start();
        static const QRegularExpression listening(QStringLiteral("listening on (https?://[^\\s]+)"));
        QByteArray out;
        const bool ok = QTest::qWaitFor(
            [&] {
                out += m_process.readAllStandardOutput();
                const auto match = listening.match(QString::fromUtf8(out));
                if (match.hasMatch())
                    m_base = match.captured(1);
                return match.hasMatch() || m_process.state() == QProcess::NotRunning;
            },
            kTimeout);
        return ok && !m_base.isEmpty();
    }

    // SIGTERM; the exit code, or -1.
    int terminate()
    {
        m_process.terminate();
        if (!QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, kTimeout))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    QUrl url(const QString& path) const { return QUrl(m_base + path); }
    QString errors() { return QString::fromUtf8(m_process.readAllStandardError()); }
    bool running() const { return m_process.state() == QProcess::Running; }

private:
    QTemporaryDir m_data;
    QProcess m_process;
    QString m_base;
};

} // namespace

class TestDaemonKube final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runsTheResourceAndFollowsIt();
    void badOptionsAreRefused();

private:
    QProcessEnvironment environment() const;
    nlohmann::json getJson(const QUrl& url);
    // The status as the API server holds it: every merge patch the daemon sent, applied in order.
    nlohmann::json statusOnServer() const;
    // GET /api/orchestrator/status's governance.rewardThreshold; -1 while there is none.
    double rewardThreshold(Daemon& daemon);

    QTemporaryDir m_dir; // certificates and the service account's files
    QSslCertificate m_certificate;
    QSslKey m_key;
    std::unique_ptr<FakeApiServer> m_server;
    QNetworkAccessManager m_nam;
};

void TestDaemonKube::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(ORCH_BIN_DIR "/orchestratord")).isExecutable(),
             "build the orchestratord target first");
    QVERIFY(m_dir.isValid());
    QVERIFY(makeCertificate(m_dir.path(), QStringLiteral("server")));
    m_certificate = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("server.crt"))).value(0);
    QVERIFY(!m_certificate.isNull());
    QFile keyFile(m_dir.filePath(QStringLiteral("server.key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    m_key = QSslKey(keyFile.readAll(), QSsl::Ec);
    QVERIFY(!m_key.isNull());
    // The service account as Kubernetes mounts it: token, the cluster's CA, the namespace.
    const QString account = m_dir.filePath(QStringLiteral("serviceaccount"));
    QVERIFY(QDir().mkpath(account));
    QVERIFY(writeFile(account + QStringLiteral("/token"), "test-token-1\n"));
    QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("server.crt")), account + QStringLiteral("/ca.crt")));
    QVERIFY(writeFile(account + QStringLiteral("/namespace"), kNamespace.toUtf8()));
    m_server = std::make_unique<FakeApiServer>(
        m_certificate, m_key,
        QStringLiteral("/apis/orchestrator.dealershipai.com/v1/namespaces/%1/autonomicorchestrators")
            .arg(kNamespace),
        kName);
    QVERIFY(m_server->start());
}

QProcessEnvironment TestDaemonKube::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), QString::number(m_server->serverPort()));
    env.insert(QStringLiteral("ORCH_KUBE_SERVICE_ACCOUNT_DIR"),
               m_dir.filePath(QStringLiteral("serviceaccount")));
    env.remove(QStringLiteral("ORCH_REDIS_URL"));
    for (const QString& name : env.keys())
        if (name.startsWith(QStringLiteral("ORCH_METRICS_")) || name.startsWith(QStringLiteral("ORCH_SHARD")))
            env.remove(name);
    env.insert(QStringLiteral("QT_LOGGING_RULES"),
               QStringLiteral("orchestrator.*.info=false;orchestrator.kube.info=true"));
    return env;
}

nlohmann::json TestDaemonKube::getJson(const QUrl& url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    std::unique_ptr<QNetworkReply> reply(m_nam.get(request));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return nullptr;
    return nlohmann::json::parse(reply->readAll().toStdString(), nullptr, false);
}

double TestDaemonKube::rewardThreshold(Daemon& daemon)
{
    const nlohmann::json status = getJson(daemon.url(QStringLiteral("/api/orchestrator/status")));
    const nlohmann::json threshold = status.is_object() && status.contains("governance")
        ? status["governance"].value("rewardThreshold", nlohmann::json())
        : nlohmann::json();
    return threshold.is_number() ? threshold.get<double>() : -1;
}

nlohmann::json TestDaemonKube::statusOnServer() const
{
    return m_server->object.is_object() ? m_server->object.value("status", nlohmann::json())
                                        : nlohmann::json();
}

void TestDaemonKube::runsTheResourceAndFollowsIt()
{
    // The resource's spec differs from SPEC.md's defaults in the reward threshold (1.2).
    m_server->create({ { "governance", { { "minRewardThreshold", 1.5 } } } });
    Daemon daemon;
    QVERIFY2(daemon.start({ QStringLiteral("--kube"), QStringLiteral("--kube-status-interval"),
                            QStringLiteral("1"), QStringLiteral("--simulate"), QStringLiteral("3"),
                            QStringLiteral("--warm-up-days"), QStringLiteral("1"),
                            QStringLiteral("--sim-tick-ms"), QStringLiteral("100") },
                          environment()),
             qPrintable(daemon.errors()));

    // Read with a GET of the instance (bearer token, in the service account's namespace), watched.
    const QString instance
        = QStringLiteral("/apis/orchestrator.dealershipai.com/v1/namespaces/%1/autonomicorchestrators/%2")
              .arg(kNamespace, kName);
    QVERIFY(!m_server->requestsOf("GET", instance).isEmpty());
    QCOMPARE(m_server->requestsOf("GET", instance).first().headers.value("authorization"),
             QByteArray("Bearer test-token-1"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->watchRequests().isEmpty(), kTimeout);
    QCOMPARE(m_server->watchRequests().first().query.queryItemValue(QStringLiteral("fieldSelector"),
                                                                    QUrl::FullyDecoded),
             QStringLiteral("metadata.name=") + kName);

    // The daemon runs the resource's spec from the start.
    const nlohmann::json spec = getJson(daemon.url(QStringLiteral("/api/v1/spec")));
    QVERIFY(spec.is_object());
    QCOMPARE(spec["governance"]["minRewardThreshold"].get<double>(), 1.5);
    QTRY_COMPARE_WITH_TIMEOUT(rewardThreshold(daemon), 1.5, kTimeout);

    // The status subresource: merge patches with the engine's phase, components and governance.
    const QString statusPath = instance + QStringLiteral("/status");
    QTRY_VERIFY_WITH_TIMEOUT(statusOnServer().is_object()
                                 && statusOnServer().value("components", nlohmann::json()).size() == 4,
                             kTimeout);
    for (const FakeApiServer::Request& r : m_server->requestsOf("PATCH", statusPath)) {
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/merge-patch+json"));
        const auto body = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
        QVERIFY(body.is_object() && body.size() == 1 && body.contains("status"));
    }
    nlohmann::json status = statusOnServer();
    QVERIFY2(QStringList({ QStringLiteral("initializing"), QStringLiteral("operational"),
                           QStringLiteral("degraded") })
                 .contains(QString::fromStdString(status["phase"].get<std::string>())),
             status.dump().c_str());
    QCOMPARE(status["observedGeneration"].get<qint64>(), qint64(1));
    QCOMPARE(status["governance"]["rewardThreshold"].get<double>(), 1.5);
    QVERIFY(status["governance"].contains("apiCostRemaining"));
    QVERIFY(status["governance"].contains("rollbackEnabled"));
    QCOMPARE(status["conditions"][0]["type"].get<std::string>(), std::string("SpecAccepted"));
    QCOMPARE(status["conditions"][0]["status"].get<std::string>(), std::string("True"));
    std::set<std::string> components;
    for (const auto& c : status["components"])
        components.insert(c["name"].get<std::string>());
    QCOMPARE(components,
             (std::set<std::string> { "adaptive-weight-learner", "drift-sentinel", "rl-controller",
                                      "auto-fix-agents" }));
    // The simulated engine runs: DriftSentinel's runs reach the status.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const nlohmann::json now = statusOnServer();
            for (const auto& c : now.value("components", nlohmann::json::array()))
                if (c["name"] == "drift-sentinel" && c.contains("lastRun"))
                    return true;
            return false;
        }(),
        kTimeout);

    // A watch event with a changed spec: applied (the engine restarts on it), recorded.
    const qint64 patchesBefore = m_server->requestsOf("PATCH", statusPath).size();
    const nlohmann::json spec2 = { { "governance", { { "minRewardThreshold", 1.8 } } },
                                   { "components", { { "driftSentinel", { { "threshold", 2.5 } } } } } };
    m_server->setSpec(spec2);
    QTRY_COMPARE_WITH_TIMEOUT(rewardThreshold(daemon), 1.8, kTimeout);
    QCOMPARE(getJson(daemon.url(QStringLiteral("/api/v1/spec")))["components"]["driftSentinel"]["threshold"]
                 .get<double>(),
             2.5);
    QTRY_VERIFY_WITH_TIMEOUT(statusOnServer()["observedGeneration"] == 2
                                 && statusOnServer()["governance"]["rewardThreshold"] == 1.8,
                             kTimeout);
    QVERIFY(m_server->requestsOf("PATCH", statusPath).size() > patchesBefore);
    QCOMPARE(statusOnServer()["conditions"][0]["status"].get<std::string>(), std::string("True"));
    // The change is in the event log and the audit trail, with the generation and the fields.
    nlohmann::json audit;
    QTRY_VERIFY_WITH_TIMEOUT(
        (audit = getJson(daemon.url(QStringLiteral("/api/v1/audit/records?type=spec.changed"))))
                .value("records", nlohmann::json::array())
                .size()
            == 1,
        kTimeout);
    const nlohmann::json& change = audit["records"][0];
    QCOMPARE(change["actor"].get<std::string>(), std::string("kubernetes"));
    QCOMPARE(change["data"]["generation"].get<qint64>(), qint64(2));
    std::set<std::string> fields;
    for (const auto& c : change["data"]["changes"])
        fields.insert(c["field"].get<std::string>());
    QCOMPARE(fields,
             (std::set<std::string> { "spec.components.driftSentinel.threshold",
                                      "spec.governance.minRewardThreshold" }));
    const auto events = getJson(daemon.url(QStringLiteral("/api/v1/events?limit=1000")));
    bool eventFound = false;
    for (const auto& e : events["events"])
        eventFound = eventFound || e["type"] == "spec.changed";
    QVERIFY(eventFound);

    // A valid change the engine cannot start on (a bucket name S3 does not allow): the engine goes
    // back to the spec it ran, and the condition says why.
    m_server->setSpec({ { "governance", { { "minRewardThreshold", 1.7 } } },
                        { "telemetry", { { "metricsStore", "s3://Bad_Bucket/orchestrator/" } } } });
    QTRY_VERIFY_WITH_TIMEOUT(statusOnServer()["observedGeneration"] == 3, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(statusOnServer()["conditions"][0]["reason"] == "StartFailed", kTimeout);
    {
        const QString why
            = QString::fromStdString(statusOnServer()["conditions"][0]["message"].get<std::string>());
        QVERIFY2(why.contains(QStringLiteral("generation 2 stays in force"))
                     && why.contains(QStringLiteral("Bad_Bucket")),
                 qPrintable(why));
        QCOMPARE(statusOnServer()["conditions"][0]["status"].get<std::string>(), std::string("False"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(rewardThreshold(daemon), 1.8, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        getJson(daemon.url(QStringLiteral("/api/v1/audit/records?type=spec.start_failed")))
                .value("records", nlohmann::json::array())
                .size()
            == 1,
        kTimeout);

    // An invalid change: refused, the condition names the field, the spec in force keeps running.
    m_server->setSpec({ { "governance", { { "minRewardThreshold", 1.9 } } },
                        { "components", { { "driftSentinel", { { "threshold", -1 } } } } } });
    QTRY_VERIFY_WITH_TIMEOUT(statusOnServer()["observedGeneration"] == 4, kTimeout);
    status = statusOnServer();
    const nlohmann::json condition = status["conditions"][0];
    QCOMPARE(condition["status"].get<std::string>(), std::string("False"));
    QCOMPARE(condition["reason"].get<std::string>(), std::string("InvalidSpec"));
    QCOMPARE(condition["observedGeneration"].get<qint64>(), qint64(4));
    const QString message = QString::fromStdString(condition["message"].get<std::string>());
    QVERIFY2(message.contains(QStringLiteral("spec.components.driftSentinel.threshold")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("generation 2 stays in force")), qPrintable(message));
    QCOMPARE(status["governance"]["rewardThreshold"].get<double>(), 1.8);
    QVERIFY(daemon.running());
    const auto inForce = getJson(daemon.url(QStringLiteral("/api/v1/spec")));
    QCOMPARE(inForce["governance"]["minRewardThreshold"].get<double>(), 1.8);
    QCOMPARE(inForce["components"]["driftSentinel"]["threshold"].get<double>(), 2.5);
    QTRY_VERIFY_WITH_TIMEOUT(getJson(daemon.url(QStringLiteral("/api/v1/audit/records?type=spec.rejected")))
                                     .value("records", nlohmann::json::array())
                                     .size()
                                 == 1,
                             kTimeout);

    // The status the daemon wrote fits the CRD's status schema (a real API server would refuse
    // or prune what does not).
    const QString script = QStringLiteral(ORCH_SOURCE_DIR "/packaging/k8s/validate.py");
    const QString file = m_dir.filePath(QStringLiteral("resource.json"));
    nlohmann::json resource = m_server->object;
    resource["spec"] = spec2; // the status is what is checked; generation 4's spec is invalid on purpose
    QVERIFY(writeFile(file, QByteArray::fromStdString(resource.dump(2))));
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), { script, file });
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             qPrintable(QString::fromUtf8(python.readAllStandardError() + python.readAllStandardOutput())));

    QCOMPARE(daemon.terminate(), 0);
}

void TestDaemonKube::badOptionsAreRefused()
{
    struct Case
    {
        QStringList args;
        QProcessEnvironment env;
        QString expected;
    };
    QProcessEnvironment outside = environment();
    outside.remove(QStringLiteral("KUBERNETES_SERVICE_HOST"));
    QProcessEnvironment noAccount = environment();
    noAccount.insert(QStringLiteral("ORCH_KUBE_SERVICE_ACCOUNT_DIR"),
                     m_dir.filePath(QStringLiteral("nothing-here")));
    const QList<Case> cases {
        { { QStringLiteral("--kube-name"), QStringLiteral("x") },
          environment(),
          QStringLiteral("--kube-name needs --kube") },
        { { QStringLiteral("--kube"), QStringLiteral("--kube-namespace"), QStringLiteral("Bad_NS") },
          environment(),
          QStringLiteral("--kube-namespace: must be a namespace name") },
        { { QStringLiteral("--kube") }, outside, QStringLiteral("KUBERNETES_SERVICE_HOST") },
        { { QStringLiteral("--kube") }, noAccount, QStringLiteral("service-account token") },
    };
    for (const Case& c : cases) {
        QProcess p;
        p.setProcessEnvironment(c.env);
        QTemporaryDir data;
        p.start(QStringLiteral(ORCH_BIN_DIR "/orchestratord"),
                QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--data-dir"), data.path() }
                    + c.args);
        QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, kTimeout));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(c.expected), qPrintable(err));
    }
}

QTEST_GUILESS_MAIN(TestDaemonKube)
#include "tst_daemonkube.moc"
