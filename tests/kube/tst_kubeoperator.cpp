// Operator mode against a loopback HTTPS server that speaks the Kubernetes API paths and verbs:
// the in-cluster configuration, GET / WATCH / merge-PATCH of the custom resource, TLS against the
// cluster's CA only, token rotation, and OperatorMode's spec handling and status writes.
#include <memory>

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include "engine/clock.h"
#include "engine/orchestrator.h"
#include "fakeapiserver.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "kube/operatormode.h"
#include "kube/operatorstatus.h"
#include "store/sqlitestore.h"

using namespace orch;
using namespace orch::kube;

namespace {

constexpr int kTimeout = 20000;

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// A self-signed EC certificate for 127.0.0.1 / localhost, as the daemon's TLS test makes one.
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

nlohmann::json thresholdSpec(double threshold)
{
    return { { "components", { { "driftSentinel", { { "threshold", threshold } } } } } };
}

OperatorSnapshot sampleSnapshot()
{
    OperatorSnapshot s;
    s.status.phase = QStringLiteral("operational");
    s.status.components = { { QStringLiteral("adaptive-weight-learner"), QStringLiteral("scheduled"),
                              TimeMs(1736906400000), TimeMs(1736992800000), QStringLiteral("1.2"), 0.97 },
                            { QStringLiteral("drift-sentinel"), QStringLiteral("monitoring"), std::nullopt,
                              TimeMs(1736907300000), QStringLiteral("1.1"), std::nullopt } };
    s.status.governance = { 0.12, 1.2, true };
    s.driftOpen = 2;
    s.lastDetected = TimeMs(1736900000000);
    s.lastRetrain = TimeMs(1736906400000);
    s.canary = { QStringLiteral("canary"), QStringLiteral("schema"), 0.10, TimeMs(1736906400000) };
    return s;
}

// Runs packaging/k8s/validate.py (python3-jsonschema) on the resource: the status operator mode
// wrote must fit the CRD's status schema, or a real API server would prune or refuse it.
void validateAgainstCrd(const nlohmann::json& resource)
{
    const QString script = QStringLiteral(ORCH_SOURCE_DIR "/packaging/k8s/validate.py");
    QVERIFY2(QFile::exists(script), "packaging/k8s/validate.py is missing");
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("resource.json")); // JSON is YAML
    QVERIFY(writeFile(file, QByteArray::fromStdString(resource.dump(2))));
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), { script, file });
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             qPrintable(QString::fromUtf8(python.readAllStandardError())));
}

} // namespace

class TestKubeOperator final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void inClusterConfig();
    void inClusterConfigErrors_data();
    void inClusterConfigErrors();

    void getWithBearerTokenOverVerifiedTls();
    void wrongCaIsATlsError();
    void rotatedTokenIsReread();
    void patchIsAMergePatchOfStatus();

    void appliesTheResourcesSpec();
    void watchAppliesAModifiedSpec();
    void invalidSpecIsRejectedAndReported();
    void closedStreamResumesFromResourceVersion();
    void goneRelists();
    void goneErrorEventRelists();
    void missingInstanceIsPickedUpWhenCreated();

    void publishWritesTheStatus();
    void statusWritesAreRateLimited();
    void snapshotOfARunningOrchestrator();

private:
    KubeConfig config() const;
    std::unique_ptr<OperatorMode> startOperator(int statusIntervalMs = 0);

    QTemporaryDir m_certs;
    QSslCertificate m_certificate;
    QSslKey m_key;
    std::unique_ptr<QTemporaryDir> m_dir; // per test: token, CA
    std::unique_ptr<FakeApiServer> m_server;
};

void TestKubeOperator::initTestCase()
{
    QVERIFY(m_certs.isValid());
    QVERIFY(makeCertificate(m_certs.path(), QStringLiteral("server")));
    QVERIFY(makeCertificate(m_certs.path(), QStringLiteral("other")));
    const auto certs = QSslCertificate::fromPath(m_certs.filePath(QStringLiteral("server.crt")));
    QCOMPARE(certs.size(), 1);
    m_certificate = certs.first();
    QFile keyFile(m_certs.filePath(QStringLiteral("server.key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    m_key = QSslKey(keyFile.readAll(), QSsl::Ec);
    QVERIFY(!m_key.isNull());
}

void TestKubeOperator::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("token")), "test-token-1\n"));
    QVERIFY(QFile::copy(m_certs.filePath(QStringLiteral("server.crt")),
                        m_dir->filePath(QStringLiteral("ca.crt"))));
    const KubeConfig defaults;
    m_server
        = std::make_unique<FakeApiServer>(m_certificate, m_key, defaults.collectionPath(), defaults.name);
    QVERIFY(m_server->start());
}

void TestKubeOperator::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

KubeConfig TestKubeOperator::config() const
{
    KubeConfig c;
    c.apiServer = m_server->url();
    c.tokenFile = m_dir->filePath(QStringLiteral("token"));
    c.caFile = m_dir->filePath(QStringLiteral("ca.crt"));
    c.backoffInitialMs = 50;
    c.backoffMaxMs = 400;
    c.requestTimeoutMs = 10000;
    return c;
}

std::unique_ptr<OperatorMode> TestKubeOperator::startOperator(int statusIntervalMs)
{
    auto op = std::make_unique<OperatorMode>(config(), OrchestratorSpec::defaults(),
                                             OperatorMode::Options { statusIntervalMs });
    if (auto st = op->start(); !st) {
        qWarning() << st.error();
        return nullptr;
    }
    return op;
}

void TestKubeOperator::inClusterConfig()
{
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("namespace")), "team-a\n"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("10.96.0.1"));
    env.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), QStringLiteral("443"));
    auto c = KubeConfig::inCluster(env, m_dir->path());
    QVERIFY2(c, qPrintable(c.error()));
    QCOMPARE(c->apiServer.toString(), QStringLiteral("https://10.96.0.1:443"));
    QCOMPARE(c->tokenFile, m_dir->filePath(QStringLiteral("token")));
    QCOMPARE(c->caFile, m_dir->filePath(QStringLiteral("ca.crt")));
    QCOMPARE(c->namespaceName, QStringLiteral("team-a"));
    QCOMPARE(c->name, QStringLiteral("dai-autonomic-orchestrator"));
    QCOMPARE(c->instancePath(),
             QStringLiteral("/apis/%1/%2/namespaces/team-a/autonomicorchestrators/"
                            "dai-autonomic-orchestrator")
                 .arg(c->group, c->version));

    // Without a namespace file: the spec's namespace. An IPv6 service address gets brackets.
    QVERIFY(QFile::remove(m_dir->filePath(QStringLiteral("namespace"))));
    env.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("fd00::1"));
    c = KubeConfig::inCluster(env, m_dir->path());
    QVERIFY2(c, qPrintable(c.error()));
    QCOMPARE(c->namespaceName, QStringLiteral("dealershipai"));
    QCOMPARE(c->apiServer.toString(), QStringLiteral("https://[fd00::1]:443"));
    QCOMPARE(c->url(c->collectionPath(),
                    { { QStringLiteral("fieldSelector"), QStringLiteral("metadata.name=x") } })
                 .toString(QUrl::FullyEncoded),
             QStringLiteral("https://[fd00::1]:443/apis/%1/%2/namespaces/dealershipai/autonomicorchestrators"
                            "?fieldSelector=metadata.name%3Dx")
                 .arg(c->group, c->version));
}

void TestKubeOperator::inClusterConfigErrors_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("remove");
    QTest::addColumn<QByteArray>("namespaceFile");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no host") << QString() << QStringLiteral("443") << QString() << QByteArray()
                             << QStringLiteral("KUBERNETES_SERVICE_HOST");
    QTest::newRow("bad port") << QStringLiteral("10.0.0.1") << QStringLiteral("https") << QString()
                              << QByteArray()
                              << QStringLiteral("KUBERNETES_SERVICE_PORT: not a port number, got 'https'");
    QTest::newRow("no token") << QStringLiteral("10.0.0.1") << QStringLiteral("443")
                              << QStringLiteral("token") << QByteArray()
                              << QStringLiteral("service-account token");
    QTest::newRow("no CA") << QStringLiteral("10.0.0.1") << QStringLiteral("443") << QStringLiteral("ca.crt")
                           << QByteArray() << QStringLiteral("CA certificate");
    QTest::newRow("bad namespace") << QStringLiteral("10.0.0.1") << QStringLiteral("443") << QString()
                                   << QByteArray("Not_A_Namespace") << QStringLiteral("not a namespace name");
}

void TestKubeOperator::inClusterConfigErrors()
{
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, remove);
    QFETCH(QByteArray, namespaceFile);
    QFETCH(QString, expected);
    if (!remove.isEmpty())
        QVERIFY(QFile::remove(m_dir->filePath(remove)));
    if (!namespaceFile.isEmpty())
        QVERIFY(writeFile(m_dir->filePath(QStringLiteral("namespace")), namespaceFile));
    QProcessEnvironment env;
    if (!host.isEmpty())
        env.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), host);
    env.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), port);
    auto c = KubeConfig::inCluster(env, m_dir->path());
    QVERIFY(!c);
    QVERIFY2(c.error().contains(expected), qPrintable(c.error()));
    if (!remove.isEmpty())
        QVERIFY2(c.error().contains(m_dir->filePath(remove)), qPrintable(c.error()));
}

void TestKubeOperator::getWithBearerTokenOverVerifiedTls()
{
    m_server->create(thresholdSpec(2.5));
    KubeClient client(config());
    QVERIFY2(client.open(), "open");
    std::optional<Result<KubeResponse>> answer;
    client.getInstance(this, [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QVERIFY2(answer->ok(), qPrintable(answer->error()));
    QCOMPARE(answer->value().httpStatus, 200);
    QCOMPARE(answer->value().body["spec"]["components"]["driftSentinel"]["threshold"].get<double>(), 2.5);
    const auto gets = m_server->requestsOf("GET", config().instancePath());
    QCOMPARE(gets.size(), 1);
    QCOMPARE(gets[0].headers.value("authorization"), QByteArray("Bearer test-token-1"));
    QCOMPARE(gets[0].headers.value("accept"), QByteArray("application/json"));

    // 404 is an answer, not a transport error.
    m_server->object = nullptr;
    answer.reset();
    client.getInstance(this, [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QVERIFY(answer->ok());
    QCOMPARE(answer->value().httpStatus, 404);
    QVERIFY2(answer->value().message.contains(QStringLiteral("not found")),
             qPrintable(answer->value().message));
}

void TestKubeOperator::wrongCaIsATlsError()
{
    m_server->create(thresholdSpec(2.5));
    KubeConfig c = config();
    c.caFile = m_certs.filePath(QStringLiteral("other.crt"));
    KubeClient client(c);
    QVERIFY(client.open());
    std::optional<Result<KubeResponse>> answer;
    client.getInstance(this, [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QVERIFY(!answer->ok());
    QVERIFY2(answer->error().contains(QStringLiteral("TLS handshake with https://127.0.0.1")),
             qPrintable(answer->error()));
    QVERIFY2(answer->error().contains(c.caFile), qPrintable(answer->error()));
    QVERIFY2(!answer->error().contains(QStringLiteral("test-token")), "the token must never be in a message");
    QVERIFY(m_server->requests.isEmpty()); // nothing was sent over the untrusted connection

    // OperatorMode reports it and keeps retrying.
    auto op = std::make_unique<OperatorMode>(c, OrchestratorSpec::defaults(), OperatorMode::Options {});
    QSignalSpy errors(op.get(), &OperatorMode::errorOccurred);
    QVERIFY(op->start());
    QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 2, kTimeout);
    QVERIFY2(errors.first().first().toString().contains(QStringLiteral("TLS handshake")),
             qPrintable(errors.first().first().toString()));
    QVERIFY(!op->isSynced());

    // A CA file without a certificate is refused up front.
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("empty.crt")), "not a certificate\n"));
    c.caFile = m_dir->filePath(QStringLiteral("empty.crt"));
    KubeClient broken(c);
    auto opened = broken.open();
    QVERIFY(!opened);
    QVERIFY2(opened.error().contains(QStringLiteral("no PEM certificate")), qPrintable(opened.error()));
}

void TestKubeOperator::rotatedTokenIsReread()
{
    m_server->create(thresholdSpec(2.5));
    KubeClient client(config());
    QVERIFY(client.open());
    std::optional<Result<KubeResponse>> answer;
    client.getInstance(this, [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QCOMPARE(answer->value().httpStatus, 200);

    // The kubelet rotates the token; the server stops accepting the old one.
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("token")), "test-token-2\n"));
    m_server->token = "test-token-2";
    answer.reset();
    client.getInstance(this, [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QVERIFY2(answer->ok(), qPrintable(answer->error()));
    QCOMPARE(answer->value().httpStatus, 200);
    const auto gets = m_server->requestsOf("GET", config().instancePath());
    QCOMPARE(gets.size(), 3);
    QCOMPARE(gets[1].headers.value("authorization"), QByteArray("Bearer test-token-1")); // cached: refused
    QCOMPARE(gets[2].headers.value("authorization"), QByteArray("Bearer test-token-2")); // re-read: accepted

    // A token nobody accepts stays a 401 (one retry only, no loop).
    m_server->token = "something-else";
    answer.reset();
    client.getInstance(this, [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QCOMPARE(answer->value().httpStatus, 401);
}

void TestKubeOperator::patchIsAMergePatchOfStatus()
{
    m_server->create(thresholdSpec(2.5));
    m_server->object["status"] = { { "phase", "initializing" }, { "keep", "me" } };
    KubeClient client(config());
    QVERIFY(client.open());
    std::optional<Result<KubeResponse>> answer;
    client.patchStatus({ { "status", { { "phase", "operational" } } } }, this,
                       [&](Result<KubeResponse> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeout);
    QVERIFY2(answer->ok(), qPrintable(answer->error()));
    QCOMPARE(answer->value().httpStatus, 200);
    const auto patches = m_server->requestsOf("PATCH", config().instancePath() + QStringLiteral("/status"));
    QCOMPARE(patches.size(), 1);
    QCOMPARE(patches[0].headers.value("content-type"), QByteArray("application/merge-patch+json"));
    QCOMPARE(patches[0].headers.value("authorization"), QByteArray("Bearer test-token-1"));
    QCOMPARE(m_server->object["status"]["phase"].get<std::string>(), "operational");
    QCOMPARE(m_server->object["status"]["keep"].get<std::string>(), "me"); // merged, not replaced
}

void TestKubeOperator::appliesTheResourcesSpec()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy synced(op.get(), &OperatorMode::synced);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QSignalSpy written(op.get(), &OperatorMode::statusWritten);
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, kTimeout);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<OrchestratorSpec>().components.driftSentinel.threshold, 2.5);
    QCOMPARE(op->spec().components.driftSentinel.threshold, 2.5);
    QCOMPARE(op->appliedGeneration(), std::optional<qint64>(1));

    // The verdict is written at once: generation, condition.
    QTRY_VERIFY_WITH_TIMEOUT(written.size() >= 1, kTimeout);
    const nlohmann::json status = m_server->object["status"];
    QCOMPARE(status["observedGeneration"].get<qint64>(), 1);
    QCOMPARE(status["message"].get<std::string>(), "the spec of generation 1 is in force");
    QCOMPARE(status["phase"].get<std::string>(), "initializing"); // no engine snapshot yet
    QCOMPARE(status["conditions"].size(), 1u);
    QCOMPARE(status["conditions"][0]["type"].get<std::string>(), "SpecAccepted");
    QCOMPARE(status["conditions"][0]["status"].get<std::string>(), "True");
    QCOMPARE(status["conditions"][0]["reason"].get<std::string>(), "Applied");
    QVERIFY(parseIsoUtc(
        QString::fromStdString(status["conditions"][0]["lastTransitionTime"].get<std::string>())));

    // The watch then starts from the GET's resourceVersion.
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->watchRequests().isEmpty(), kTimeout);
    const auto watch = m_server->watchRequests().first();
    QCOMPARE(watch.query.queryItemValue(QStringLiteral("resourceVersion")), QStringLiteral("101"));
    QCOMPARE(watch.query.queryItemValue(QStringLiteral("allowWatchBookmarks")), QStringLiteral("true"));
    QCOMPARE(watch.headers.value("authorization"), QByteArray("Bearer test-token-1"));
}

void TestKubeOperator::watchAppliesAModifiedSpec()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QSignalSpy written(op.get(), &OperatorMode::statusWritten);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(written.size() >= 1, kTimeout);
    QCOMPARE(changed.size(), 1);

    m_server->setSpec(thresholdSpec(3.0));
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeout);
    QCOMPARE(changed.last().first().value<OrchestratorSpec>().components.driftSentinel.threshold, 3.0);
    QCOMPARE(op->appliedGeneration(), std::optional<qint64>(2));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->object["status"]["observedGeneration"].get<qint64>(), 2, kTimeout);
    QCOMPARE(m_server->object["status"]["conditions"][0]["status"].get<std::string>(), "True");

    // Our own status writes come back as MODIFIED events without a new generation: nothing applied.
    const int before = int(m_server->requests.size());
    op->publish(sampleSnapshot());
    QTRY_VERIFY_WITH_TIMEOUT(m_server->object["status"].value("phase", "") == "operational", kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requests.size() > before, kTimeout);
    QTest::qWait(200);
    QCOMPARE(changed.size(), 2);

    // The same spec as in force, in a new generation: accepted, nothing to re-apply.
    m_server->setSpec(thresholdSpec(3.0));
    QTRY_COMPARE_WITH_TIMEOUT(op->appliedGeneration(), std::optional<qint64>(3), kTimeout);
    QCOMPARE(changed.size(), 2);
}

void TestKubeOperator::invalidSpecIsRejectedAndReported()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QSignalSpy rejected(op.get(), &OperatorMode::specRejected);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QCOMPARE(changed.size(), 1);

    nlohmann::json bad = thresholdSpec(-1.0);
    bad["governance"] = { { "maxApiCostPerDealerMonth", "cheap" } };
    m_server->setSpec(bad);
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, kTimeout);
    const QString message = rejected.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("spec.components.driftSentinel.threshold")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("spec.governance.maxApiCostPerDealerMonth")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("generation 1 stays in force")), qPrintable(message));
    QCOMPARE(changed.size(), 1); // not applied
    QCOMPARE(op->spec().components.driftSentinel.threshold, 2.5); // the previous spec stays
    QCOMPARE(op->appliedGeneration(), std::optional<qint64>(1));
    QCOMPARE(op->observedGeneration(), std::optional<qint64>(2));

    QTRY_COMPARE_WITH_TIMEOUT(m_server->object["status"]["observedGeneration"].get<qint64>(), 2, kTimeout);
    const nlohmann::json status = m_server->object["status"];
    QVERIFY(QString::fromStdString(status["message"].get<std::string>())
                .contains(QStringLiteral("generation 1 stays in force")));
    const nlohmann::json condition = status["conditions"][0];
    QCOMPARE(condition["type"].get<std::string>(), "SpecAccepted");
    QCOMPARE(condition["status"].get<std::string>(), "False");
    QCOMPARE(condition["reason"].get<std::string>(), "InvalidSpec");
    QCOMPARE(condition["observedGeneration"].get<qint64>(), 2);
    QVERIFY(QString::fromStdString(condition["message"].get<std::string>())
                .contains(QStringLiteral("spec.components.driftSentinel.threshold")));

    // A fixed spec is accepted again and the condition flips back.
    m_server->setSpec(thresholdSpec(4.0));
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeout);
    QCOMPARE(op->spec().components.driftSentinel.threshold, 4.0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->object["status"]["conditions"][0]["status"].get<std::string>(),
                              std::string("True"), kTimeout);
    QCOMPARE(m_server->object["status"]["message"].get<std::string>(),
             "the spec of generation 3 is in force");
}

void TestKubeOperator::closedStreamResumesFromResourceVersion()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QSignalSpy written(op.get(), &OperatorMode::statusWritten);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(written.size() >= 1, kTimeout);
    // The status write came back as an event: that is the last resourceVersion the client saw.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->requestsOf("PATCH", config().instancePath() + QStringLiteral("/status")).size(), 1,
        kTimeout);
    m_server->sendBookmark();
    QTest::qWait(100);
    const int watchesBefore = int(m_server->watchRequests().size());
    m_server->endWatches();
    QTRY_COMPARE_WITH_TIMEOUT(int(m_server->watchRequests().size()), watchesBefore + 1, kTimeout);
    QCOMPARE(m_server->watchRequests().last().query.queryItemValue(QStringLiteral("resourceVersion")),
             m_server->resourceVersion()); // the bookmark's
    QCOMPARE(m_server->requestsOf("GET", config().instancePath()).size(), 1); // no re-list needed

    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    m_server->setSpec(thresholdSpec(3.5));
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeout);
    QCOMPARE(op->spec().components.driftSentinel.threshold, 3.5);

    // A dropped connection (no clean end) is also resumed.
    const int watchesNow = int(m_server->watchRequests().size());
    m_server->dropWatches();
    QTRY_VERIFY_WITH_TIMEOUT(int(m_server->watchRequests().size()) > watchesNow, kTimeout);
    QVERIFY(
        m_server->watchRequests().last().query.queryItemValue(QStringLiteral("resourceVersion")).toLongLong()
        >= 103); // at least the spec change's
    QCOMPARE(m_server->requestsOf("GET", config().instancePath()).size(), 1);
}

void TestKubeOperator::goneRelists()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QSignalSpy written(op.get(), &OperatorMode::statusWritten);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(written.size() >= 1, kTimeout);
    QTest::qWait(100);
    const QString seen = m_server->resourceVersion();

    // Changes the client never hears about, then the history it would resume from is compacted.
    m_server->setSpec(thresholdSpec(5.0), false);
    m_server->compact();
    const QString relisted = m_server->resourceVersion();
    QCOMPARE(changed.size(), 1); // the spec of the first GET
    m_server->endWatches();

    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeout);
    QCOMPARE(op->spec().components.driftSentinel.threshold, 5.0);
    QCOMPARE(m_server->requestsOf("GET", config().instancePath()).size(), 2); // re-listed once
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    const auto watches = m_server->watchRequests();
    // The resume point was compacted away (410), so the next watch starts from the re-list.
    QVERIFY(watches[watches.size() - 2].query.queryItemValue(QStringLiteral("resourceVersion")).toLongLong()
            <= seen.toLongLong());
    QCOMPARE(watches.last().query.queryItemValue(QStringLiteral("resourceVersion")), relisted);
}

void TestKubeOperator::goneErrorEventRelists()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, kTimeout);
    m_server->setSpec(thresholdSpec(6.0), false);
    m_server->sendEvent("ERROR",
                        { { "kind", "Status" },
                          { "apiVersion", "v1" },
                          { "status", "Failure" },
                          { "message", "too old resource version: 101 (150)" },
                          { "reason", "Expired" },
                          { "code", 410 } });
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeout);
    QCOMPARE(op->spec().components.driftSentinel.threshold, 6.0);
    QCOMPARE(m_server->requestsOf("GET", config().instancePath()).size(), 2);

    // A line that is not JSON drops the stream; the client resumes, it does not re-list.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QSignalSpy errors(op.get(), &OperatorMode::errorOccurred);
    const int watches = int(m_server->watchRequests().size());
    m_server->sendLine("{\"type\": \"MODIFIED\", \"object\": ");
    QTRY_COMPARE_WITH_TIMEOUT(int(m_server->watchRequests().size()), watches + 1, kTimeout);
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().first().toString().contains(QStringLiteral("not JSON")),
             qPrintable(errors.first().first().toString()));
    QCOMPARE(m_server->requestsOf("GET", config().instancePath()).size(), 2);
}

void TestKubeOperator::missingInstanceIsPickedUpWhenCreated()
{
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy synced(op.get(), &OperatorMode::synced);
    QSignalSpy changed(op.get(), &OperatorMode::specChanged);
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, kTimeout);
    QCOMPARE(changed.size(), 0); // the daemon's own spec stays
    QVERIFY(!op->appliedGeneration());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openWatches(), 1, kTimeout);
    QVERIFY(!m_server->watchRequests().first().query.hasQueryItem(QStringLiteral("resourceVersion")));
    op->publish(sampleSnapshot());
    QTest::qWait(100);
    QVERIFY(m_server->requestsOf("PATCH", config().instancePath() + QStringLiteral("/status")).isEmpty());

    m_server->create(thresholdSpec(2.75));
    m_server->sendEvent("ADDED", m_server->object);
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, kTimeout);
    QCOMPARE(op->spec().components.driftSentinel.threshold, 2.75);
    // The status held back so far is written now, with the verdict.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->object.contains("status"), kTimeout);
    QCOMPARE(m_server->object["status"]["phase"].get<std::string>(), "operational");
    QCOMPARE(m_server->object["status"]["observedGeneration"].get<qint64>(), 1);
}

void TestKubeOperator::publishWritesTheStatus()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator();
    QVERIFY(op);
    QSignalSpy written(op.get(), &OperatorMode::statusWritten);
    QTRY_VERIFY_WITH_TIMEOUT(written.size() >= 1, kTimeout);
    const QString patchPath = config().instancePath() + QStringLiteral("/status");
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestsOf("PATCH", patchPath).size(), 1, kTimeout);

    op->publish(sampleSnapshot());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestsOf("PATCH", patchPath).size(), 2, kTimeout);
    const auto patch = m_server->requestsOf("PATCH", patchPath).last();
    QCOMPARE(patch.headers.value("content-type"), QByteArray("application/merge-patch+json"));
    QCOMPARE(patch.headers.value("authorization"), QByteArray("Bearer test-token-1"));
    const nlohmann::json body = nlohmann::json::parse(patch.body.toStdString());
    QCOMPARE(body.size(), 1u); // only the status
    const nlohmann::json s = body["status"];
    // The printer columns' fields.
    QCOMPARE(s["phase"].get<std::string>(), "operational");
    QCOMPARE(s["drift"]["open"].get<int>(), 2);
    QCOMPARE(s["drift"]["lastDetected"].get<std::string>(), "2025-01-15T00:13:20Z");
    QCOMPARE(s["lastRetrain"].get<std::string>(), "2025-01-15T02:00:00Z");
    QCOMPARE(s["canary"]["state"].get<std::string>(), "canary");
    QCOMPARE(s["canary"]["fix"].get<std::string>(), "schema");
    QCOMPARE(s["canary"]["fraction"].get<double>(), 0.10);
    QCOMPARE(s["canary"]["since"].get<std::string>(), "2025-01-15T02:00:00Z");
    QCOMPARE(s["observedGeneration"].get<qint64>(), 1);
    // Components with last / next runs; a run that never happened is left out, not null.
    QCOMPARE(s["components"].size(), 2u);
    QCOMPARE(s["components"][0]["name"].get<std::string>(), "adaptive-weight-learner");
    QCOMPARE(s["components"][0]["lastRun"].get<std::string>(), "2025-01-15T02:00:00Z");
    QCOMPARE(s["components"][0]["nextRun"].get<std::string>(), "2025-01-16T02:00:00Z");
    QCOMPARE(s["components"][0]["confidence"].get<double>(), 0.97);
    QVERIFY(!s["components"][1].contains("lastRun"));
    QVERIFY(!s["components"][1].contains("confidence"));
    QCOMPARE(s["governance"]["apiCostRemaining"].get<double>(), 0.12);
    QCOMPARE(s["governance"]["rewardThreshold"].get<double>(), 1.2);
    QCOMPARE(s["governance"]["rollbackEnabled"].get<bool>(), true);
    QCOMPARE(m_server->object["status"]["canary"]["state"].get<std::string>(), "canary");
    // What the API server ends up holding is valid under the CRD's schema (its own offline checker).
    validateAgainstCrd(m_server->object);
    if (QTest::currentTestFailed())
        return;

    // The same state again is not written again.
    op->publish(sampleSnapshot());
    QTest::qWait(300);
    QCOMPARE(m_server->requestsOf("PATCH", patchPath).size(), 2);

    // No retrain any more (a fresh engine): the merge patch removes the field.
    OperatorSnapshot next = sampleSnapshot();
    next.lastRetrain.reset();
    next.driftOpen = 0;
    op->publish(next);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestsOf("PATCH", patchPath).size(), 3, kTimeout);
    QVERIFY(!m_server->object["status"].contains("lastRetrain"));
    QCOMPARE(m_server->object["status"]["drift"]["open"].get<int>(), 0);
    validateAgainstCrd(m_server->object);
    if (QTest::currentTestFailed())
        return;

    // From another thread (the engine's): queued to the operator's thread.
    OperatorSnapshot fromEngine = sampleSnapshot();
    fromEngine.status.phase = QStringLiteral("degraded");
    std::unique_ptr<QThread> engine(QThread::create([&] { op->publish(fromEngine); }));
    engine->start();
    QVERIFY(engine->wait(kTimeout));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->object["status"]["phase"].get<std::string>(), std::string("degraded"),
                              kTimeout);
}

void TestKubeOperator::statusWritesAreRateLimited()
{
    m_server->create(thresholdSpec(2.5));
    auto op = startOperator(1500);
    QVERIFY(op);
    const QString patchPath = config().instancePath() + QStringLiteral("/status");
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestsOf("PATCH", patchPath).size(), 1, kTimeout); // the verdict

    // Changes within the interval are coalesced into one write of the latest state.
    OperatorSnapshot a = sampleSnapshot();
    op->publish(a);
    OperatorSnapshot b = sampleSnapshot();
    b.driftOpen = 7;
    op->publish(b);
    QTest::qWait(100);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestsOf("PATCH", patchPath).size(), 2, kTimeout);
    QTest::qWait(300);
    QCOMPARE(m_server->requestsOf("PATCH", patchPath).size(), 2);
    QCOMPARE(m_server->object["status"]["drift"]["open"].get<int>(), 7);
}

void TestKubeOperator::snapshotOfARunningOrchestrator()
{
    QTemporaryDir data;
    auto store = SqliteStore::open(data.path());
    QVERIFY2(store, qPrintable(store.error()));
    SimulatedClock clock(TimeMs(1736906400000));
    Orchestrator orchestrator(OrchestratorSpec::defaults(), clock, *store.value());
    const OperatorSnapshot s = snapshotOf(orchestrator, *store.value());
    QCOMPARE(s.status, [&] {
        OrchestratorStatus expected = orchestrator.status();
        expected.asOf = 0;
        return expected;
    }());
    QCOMPARE(s.driftOpen, 0);
    QVERIFY(!s.lastDetected);
    QCOMPARE(s.canary.state, QStringLiteral("idle"));
    QCOMPARE(s.canary.fraction, 0.10);
    QVERIFY(!s.lastRetrain);
    const nlohmann::json fields = statusFields(s);
    QCOMPARE(QString::fromStdString(fields["phase"].get<std::string>()), orchestrator.status().phase);
    QCOMPARE(fields["components"].size(), std::size_t(orchestrator.status().components.size()));
    QVERIFY(fields["lastRetrain"].is_null());
    QVERIFY(fields["canary"]["since"].is_null());
}

QTEST_GUILESS_MAIN(TestKubeOperator)
#include "tst_kubeoperator.moc"
