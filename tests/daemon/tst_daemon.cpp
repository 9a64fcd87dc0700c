// Integration tests of orchestratord: the real binary on a loopback port, exercised over HTTP.
#include <QCoroNetworkReply>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <qcorotask.h>
#include <qcorotimer.h>

#include "daemonprocess.h"

// QCOMPARE for JSON values (QTest cannot print nlohmann::json).
#define JCOMPARE(actual, expected)                                                                           \
    do {                                                                                                     \
        const nlohmann::json a_ = (actual);                                                                  \
        const nlohmann::json e_ = (expected);                                                                \
        QVERIFY2(a_ == e_, qPrintable(QString::fromStdString(a_.dump() + " != " + e_.dump())));              \
    } while (false)

namespace {

struct Reply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    nlohmann::json json() const { return nlohmann::json::parse(body.toStdString(), nullptr, false); }
};

QCoro::Task<Reply> sendAsync(QNetworkAccessManager& nam, QByteArray method, QUrl url, QByteArray body,
                             QList<std::pair<QByteArray, QByteArray>> headers, QSslConfiguration ssl)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(40000);
    if (!ssl.isNull())
        request.setSslConfiguration(ssl);
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    // HEAD through head(): as a custom verb QNetworkAccessManager would wait for a body.
    QNetworkReply* raw = method == "HEAD" ? nam.head(request) : nam.sendCustomRequest(request, method, body);
    std::unique_ptr<QNetworkReply> reply(co_await raw);
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    for (const auto& [name, value] : reply->rawHeaderPairs())
        r.headers.insert(name.toLower(), value);
    co_return r;
}

Reply send(QNetworkAccessManager& nam, const QByteArray& method, const QUrl& url, const QByteArray& body = {},
           QList<std::pair<QByteArray, QByteArray>> headers = {}, const QSslConfiguration& ssl = {})
{
    if (!body.isEmpty() && std::none_of(headers.begin(), headers.end(), [](const auto& h) {
            return h.first.compare("content-type", Qt::CaseInsensitive) == 0;
        }))
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    return QCoro::waitFor(sendAsync(nam, method, url, body, headers, ssl));
}

// Raw HTTP over a plain socket, for what QNetworkAccessManager will not send.
QByteArray rawExchange(quint16 port, const QByteArray& data, int waitMs = 5000)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(3000))
        return {};
    s.write(data);
    s.flush();
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < waitMs && s.state() == QAbstractSocket::ConnectedState) {
        if (s.waitForReadyRead(100))
            out += s.readAll();
        if (out.contains("\r\n\r\n")) {
            const qsizetype end = out.indexOf("\r\n\r\n") + 4;
            const qsizetype cl = out.toLower().indexOf("content-length: ");
            if (cl >= 0) {
                const qsizetype eol = out.indexOf("\r\n", cl);
                const qsizetype length = out.mid(cl + 16, eol - cl - 16).toLongLong();
                if (out.size() >= end + length)
                    break;
            }
        }
    }
    out += s.readAll();
    return out;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content,
                  QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(f.fileName()));
    f.write(content);
    f.close();
    f.setPermissions(permissions);
    return f.fileName();
}

const QByteArray kViewer = "viewer-token-0123456789abcdef";
const QByteArray kAnalyst = "analyst-token-0123456789abcdef";
const QByteArray kApprover = "approver-token-0123456789abcdef";

} // namespace

class TestDaemon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void specExamples();
    void specDefaultsAndDrift();
    void badRequests_data();
    void badRequests();
    void bodyTooLargeBeforeReading();
    void notFoundAndWrongMethod();
    void slowClientsDoNotBlockOthers();
    void pipelinedRequestsAnsweredInOrder();
    void ingestAndSeries();
    void ingestIsAllOrNothing();
    void consoleReadEndpoints();
    void auditEndpoints();
    void metricsEndpoint();
    void simulatedFleetAndLongPoll();
    void tls();
    void tokensAndRoles();
    void refusals_data();
    void refusals();
    void sigtermAnswersLongPoll();

private:
    QUrl url(const QString& path) const { return m_daemon->url(path); }
    quint16 port() const { return quint16(m_daemon->url(QStringLiteral("/")).port()); }

    std::unique_ptr<DaemonProcess> m_daemon;
    QNetworkAccessManager m_nam;
};

void TestDaemon::initTestCase()
{
    m_daemon = std::make_unique<DaemonProcess>();
    QVERIFY2(m_daemon->start({}), qPrintable(m_daemon->errorText()));
}

void TestDaemon::cleanupTestCase()
{
    if (m_daemon) {
        QCOMPARE(m_daemon->terminate(), 0);
        // Tokens never reach the logs (this daemon had none; the token test checks its own).
        QVERIFY(!m_daemon->stderrText().contains(QStringLiteral("Traceback")));
    }
}

void TestDaemon::specExamples()
{
    // GET /api/orchestrator/status: SPEC's shape.
    const Reply status = send(m_nam, "GET", url(QStringLiteral("/api/orchestrator/status")));
    QCOMPARE(status.status, 200);
    QCOMPARE(status.headers.value("content-type"), QByteArray("application/json"));
    const auto s = status.json();
    QVERIFY(s.is_object());
    QVERIFY(s["phase"].is_string());
    QCOMPARE(s["components"].size(), std::size_t(4));
    JCOMPARE(s["components"][0]["name"], "adaptive-weight-learner");
    JCOMPARE(s["components"][0]["version"], "1.2");
    JCOMPARE(s["governance"]["apiCostRemaining"], 0.15);
    JCOMPARE(s["governance"]["rewardThreshold"], 1.2);
    JCOMPARE(s["governance"]["rollbackEnabled"], true);

    // SPEC's drift example, verbatim. The rule gives abs(2.5 - 1) = 1.5, not > 2.0 (README,
    // specification note 1).
    const QByteArray driftRequest = "{\n  \"featureStdDev\": 2.5,\n  \"threshold\": 2.0\n}";
    const Reply drift
        = send(m_nam, "POST", url(QStringLiteral("/api/orchestrator/drift/check")), driftRequest);
    QCOMPARE(drift.status, 200);
    QCOMPARE(drift.body,
             QByteArray("{\"driftDetected\":false,\"featureStdDev\":2.5,\"threshold\":2.0,\"rule\":"
                        "\"abs(std(feature)-1) > threshold\",\"ruleResult\":1.5,\"actions\":[]}"));

    // SPEC's reward example, verbatim: integers stay integers, 0.10 is written 0.1.
    const QByteArray rewardRequest
        = "{\n  \"deltaVisibility\": 5.0,\n  \"deltaRevenue\": 1000,\n  \"apiCost\": 0.10\n}";
    const Reply reward
        = send(m_nam, "POST", url(QStringLiteral("/api/orchestrator/reward/calculate")), rewardRequest);
    QCOMPARE(reward.status, 200);
    QCOMPARE(reward.body,
             QByteArray("{\"reward\":4999.9,\"rewardFunction\":\"ΔVisibility * ΔRevenue - API_Cost\","
                        "\"inputs\":{\"deltaVisibility\":5.0,\"deltaRevenue\":1000,\"apiCost\":0.1},"
                        "\"meetsThreshold\":true,\"minRewardThreshold\":1.2,"
                        "\"recommendation\":\"Action approved - meets reward threshold\"}"));
}

void TestDaemon::specDefaultsAndDrift()
{
    const Reply noThreshold = send(m_nam, "POST", url(QStringLiteral("/api/orchestrator/drift/check")),
                                   "{\"featureStdDev\":3.5}");
    QCOMPARE(noThreshold.status, 200);
    const auto j = noThreshold.json();
    JCOMPARE(j["threshold"], 2.0);
    JCOMPARE(j["driftDetected"], true);
    JCOMPARE(j["ruleResult"], 2.5);
    JCOMPARE(j["actions"], nlohmann::json({ "RLController.retrain()", "AutoFixAgents.pause()" }));
    // Exactly at the threshold is not drift (the rule says >).
    const Reply edge = send(m_nam, "POST", url(QStringLiteral("/api/orchestrator/drift/check")),
                            "{\"featureStdDev\":3,\"threshold\":2}");
    JCOMPARE(edge.json()["driftDetected"], false);
    const Reply below = send(m_nam, "POST", url(QStringLiteral("/api/orchestrator/reward/calculate")),
                             "{\"deltaVisibility\":0.001,\"deltaRevenue\":1,\"apiCost\":0.1}");
    QCOMPARE(below.status, 200);
    JCOMPARE(below.json()["meetsThreshold"], false);
    JCOMPARE(below.json()["recommendation"], "Action rejected - below reward threshold");
}

void TestDaemon::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("field");

    const QString drift = QStringLiteral("/api/orchestrator/drift/check");
    const QString reward = QStringLiteral("/api/orchestrator/reward/calculate");
    const QString samples = QStringLiteral("/api/v1/samples");
    const QByteArray json = "application/json";
    auto row = [&](const char* name, const QByteArray& method, const QString& path, const QByteArray& type,
                   const QByteArray& body, int status, const QByteArray& code, const QString& field) {
        QTest::addRow("%s", name) << method << path << type << body << status << code << field;
    };
    // Malformed JSON and the parser's limits.
    row("malformed", "POST", drift, json, "{\"featureStdDev\": ", 400, "malformed_json", QStringLiteral("$"));
    row("trailing garbage", "POST", drift, json, "{\"featureStdDev\":1} x", 400, "malformed_json",
        QStringLiteral("$"));
    row("single quotes", "POST", drift, json, "{'featureStdDev':1}", 400, "malformed_json",
        QStringLiteral("$"));
    row("trailing comma", "POST", drift, json, "{\"featureStdDev\":1,}", 400, "malformed_json",
        QStringLiteral("$"));
    row("comment", "POST", drift, json, "{\"featureStdDev\":1 /* x */}", 400, "malformed_json",
        QStringLiteral("$"));
    row("NaN literal", "POST", drift, json, "{\"featureStdDev\":NaN}", 400, "malformed_json",
        QStringLiteral("$"));
    row("Infinity literal", "POST", drift, json, "{\"featureStdDev\":Infinity}", 400, "malformed_json",
        QStringLiteral("$"));
    row("byte-order mark", "POST", drift, json, "\xEF\xBB\xBF{\"featureStdDev\":1}", 400, "malformed_json",
        QStringLiteral("$"));
    row("invalid UTF-8", "POST", drift, json, "{\"featureStdDev\":1,\"\xC3\x28\":1}", 400, "malformed_json",
        QStringLiteral("$"));
    row("empty body", "POST", drift, json, "", 400, "missing_body", QStringLiteral("$"));
    row("duplicate key", "POST", drift, json, "{\"featureStdDev\":1,\"featureStdDev\":2}", 400,
        "duplicate_key", QStringLiteral("$.featureStdDev"));
    row("duplicate key reward", "POST", reward, json,
        "{\"deltaVisibility\":1,\"deltaRevenue\":1,\"apiCost\":0,\"apiCost\":1}", 400, "duplicate_key",
        QStringLiteral("$.apiCost"));
    row("too deep", "POST", drift, json, QByteArray(40, '[') + QByteArray(40, ']'), 400, "too_deep",
        QStringLiteral("$") + QStringLiteral("[0]").repeated(31));
    row("number overflow", "POST", drift, json, "{\"featureStdDev\":1e400}", 400, "out_of_range",
        QStringLiteral("$"));
    row("huge threshold", "POST", drift, json, "{\"featureStdDev\":1,\"threshold\":-1e999}", 400,
        "out_of_range", QStringLiteral("$"));
    // Shapes and types.
    row("array body", "POST", drift, json, "[1,2]", 400, "invalid_type", QStringLiteral("$"));
    row("string body", "POST", drift, json, "\"x\"", 400, "invalid_type", QStringLiteral("$"));
    row("null body", "POST", drift, json, "null", 400, "invalid_type", QStringLiteral("$"));
    row("missing featureStdDev", "POST", drift, json, "{\"threshold\":2}", 400, "missing_field",
        QStringLiteral("$.featureStdDev"));
    row("string featureStdDev", "POST", drift, json, "{\"featureStdDev\":\"2.5\"}", 400, "invalid_type",
        QStringLiteral("$.featureStdDev"));
    row("null featureStdDev", "POST", drift, json, "{\"featureStdDev\":null}", 400, "invalid_type",
        QStringLiteral("$.featureStdDev"));
    row("bool featureStdDev", "POST", drift, json, "{\"featureStdDev\":true}", 400, "invalid_type",
        QStringLiteral("$.featureStdDev"));
    row("object featureStdDev", "POST", drift, json, "{\"featureStdDev\":{}}", 400, "invalid_type",
        QStringLiteral("$.featureStdDev"));
    row("null threshold", "POST", drift, json, "{\"featureStdDev\":1,\"threshold\":null}", 400,
        "invalid_type", QStringLiteral("$.threshold"));
    row("negative std", "POST", drift, json, "{\"featureStdDev\":-0.5}", 400, "out_of_range",
        QStringLiteral("$.featureStdDev"));
    row("negative threshold", "POST", drift, json, "{\"featureStdDev\":1,\"threshold\":-2}", 400,
        "out_of_range", QStringLiteral("$.threshold"));
    row("unknown field", "POST", drift, json, "{\"featureStdDev\":1,\"treshold\":2}", 400, "unknown_field",
        QStringLiteral("$.treshold"));
    row("reward missing apiCost", "POST", reward, json, "{\"deltaVisibility\":1,\"deltaRevenue\":1}", 400,
        "missing_field", QStringLiteral("$.apiCost"));
    row("reward string revenue", "POST", reward, json,
        "{\"deltaVisibility\":1,\"deltaRevenue\":\"1000\",\"apiCost\":0}", 400, "invalid_type",
        QStringLiteral("$.deltaRevenue"));
    row("reward negative cost", "POST", reward, json,
        "{\"deltaVisibility\":1,\"deltaRevenue\":1,\"apiCost\":-0.1}", 400, "out_of_range",
        QStringLiteral("$.apiCost"));
    row("reward overflow", "POST", reward, json,
        "{\"deltaVisibility\":1e200,\"deltaRevenue\":1e200,\"apiCost\":0}", 400, "out_of_range",
        QStringLiteral("$"));
    row("reward unknown field", "POST", reward, json,
        "{\"deltaVisibility\":1,\"deltaRevenue\":1,\"apiCost\":0,\"bonus\":1}", 400, "unknown_field",
        QStringLiteral("$.bonus"));
    row("wrong content type", "POST", drift, "text/plain", "{\"featureStdDev\":1}", 415,
        "unsupported_media_type", QString());
    row("form content type", "POST", reward, "application/x-www-form-urlencoded", "a=1", 415,
        "unsupported_media_type", QString());
    // Metric ingest.
    row("samples object", "POST", samples, json, "[{\"dealer\":\"d\"}]", 400, "missing_field",
        QStringLiteral("$[0].feature"));
    row("samples bad value", "POST", samples, json,
        "[{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":\"x\"}]", 400,
        "invalid_type", QStringLiteral("$[0].value"));
    row("samples bad timestamp", "POST", samples, json,
        "[{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01 00:00\",\"value\":1}]", 400,
        "invalid_value", QStringLiteral("$[0].timestamp"));
    row("samples local time", "POST", samples, json,
        "[{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00\",\"value\":1}]", 400,
        "invalid_value", QStringLiteral("$[0].timestamp"));
    row("samples bad dealer", "POST", samples, json,
        "[{\"dealer\":\"a b\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}]", 400,
        "invalid_value", QStringLiteral("$[0].dealer"));
    row("samples long feature", "POST", samples, json,
        "[{\"dealer\":\"d\",\"feature\":\"" + QByteArray(65, 'f')
            + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}]",
        400, "out_of_range", QStringLiteral("$[0].feature"));
    row("samples unknown key", "POST", samples, json,
        "[{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1,\"unit\":"
        "\"x\"}]",
        400, "unknown_field", QStringLiteral("$[0].unit"));
    row("samples empty array", "POST", samples, json, "[]", 400, "missing_body", QStringLiteral("$"));
    row("samples not array", "POST", samples, json, "7", 400, "invalid_type", QStringLiteral("$"));
    row("samples out of order", "POST", samples, json,
        "[{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-02T00:00:00Z\",\"value\":1},"
        "{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}]",
        400, "out_of_order", QStringLiteral("$[1].timestamp"));
    row("samples lines bad line 2", "POST", samples, "application/x-ndjson",
        "{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}\n"
        "{\"dealer\":\"d\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:15:00Z\",\"value\":1e999}\n",
        400, "out_of_range", QStringLiteral("$"));
    row("samples lines malformed", "POST", samples, "application/x-ndjson", "{\"dealer\":\n", 400,
        "malformed_json", QStringLiteral("$"));
    // Query parameters.
    row("unknown parameter", "GET", QStringLiteral("/api/v1/detections?lmit=3"), {}, {}, 400,
        "unknown_parameter", QStringLiteral("?lmit"));
    row("bad limit", "GET", QStringLiteral("/api/v1/detections?limit=abc"), {}, {}, 400, "invalid_type",
        QStringLiteral("?limit"));
    row("limit out of range", "GET", QStringLiteral("/api/v1/detections?limit=0"), {}, {}, 400,
        "out_of_range", QStringLiteral("?limit"));
    row("repeated parameter", "GET", QStringLiteral("/api/v1/events?after=1&after=2"), {}, {}, 400,
        "duplicate_parameter", QStringLiteral("?after"));
    row("wait too long", "GET", QStringLiteral("/api/v1/events?wait=3600"), {}, {}, 400, "out_of_range",
        QStringLiteral("?wait"));
    row("bad time", "GET", QStringLiteral("/api/v1/detections?from=yesterday"), {}, {}, 400, "invalid_type",
        QStringLiteral("?from"));
    row("bad month", "GET", QStringLiteral("/api/v1/governance?month=2026-13"), {}, {}, 400, "invalid_type",
        QStringLiteral("?month"));
    row("max_points too small", "GET", QStringLiteral("/api/v1/series/d/f?max_points=1"), {}, {}, 400,
        "out_of_range", QStringLiteral("?max_points"));
    // Paths and methods.
    row("unknown path", "GET", QStringLiteral("/api/orchestrator/statuses"), {}, {}, 404, "not_found",
        QString());
    row("trailing slash", "GET", QStringLiteral("/api/orchestrator/status/"), {}, {}, 404, "not_found",
        QString());
    row("GET on drift", "GET", drift, {}, {}, 405, "method_not_allowed", QString());
    row("PUT on status", "PUT", QStringLiteral("/api/orchestrator/status"), json, "{}", 405,
        "method_not_allowed", QString());
}

void TestDaemon::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    QFETCH(QString, field);

    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!contentType.isEmpty())
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", contentType));
    // Sent raw so that the body is exactly what the row says (QNetworkAccessManager would add a
    // Content-Type to an empty POST).
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const QByteArray response = rawExchange(port(), request);
    QVERIFY2(response.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')),
             response.left(200).constData());
    const QByteArray responseBody = response.mid(response.indexOf("\r\n\r\n") + 4);
    const auto j = nlohmann::json::parse(responseBody.toStdString(), nullptr, false);
    QVERIFY2(j.is_object() && j.contains("error"), responseBody.constData());
    JCOMPARE(j["error"]["status"], status);
    QCOMPARE(QByteArray::fromStdString(j["error"]["code"].get<std::string>()), code);
    QVERIFY(!j["error"]["message"].get<std::string>().empty());
    if (!field.isEmpty())
        QCOMPARE(QString::fromStdString(j["error"].value("field", std::string())), field);
    if (status == 405)
        QVERIFY(response.contains("\r\nAllow: "));
    // The server still answers.
    QCOMPARE(send(m_nam, "GET", url(QStringLiteral("/api/orchestrator/status"))).status, 200);
}

void TestDaemon::bodyTooLargeBeforeReading()
{
    // Only the head is sent: the 413 must come without the server waiting for 2 MB.
    QElapsedTimer t;
    t.start();
    const QByteArray head = "POST /api/orchestrator/drift/check HTTP/1.1\r\nHost: t\r\nContent-Type: "
                            "application/json\r\nContent-Length: 2000000\r\n\r\n";
    const QByteArray response = rawExchange(port(), head, 5000);
    QVERIFY2(response.startsWith("HTTP/1.1 413 "), response.left(100).constData());
    QVERIFY(t.elapsed() < 3000);
    QVERIFY(response.contains("\"code\":\"body_too_large\""));
    // A whole 2 MiB body through QNetworkAccessManager gets the 413 too.
    const Reply big
        = send(m_nam, "POST", url(QStringLiteral("/api/v1/samples")), QByteArray(2 * 1024 * 1024, ' '));
    QCOMPARE(big.status, 413);
    JCOMPARE(big.json()["error"]["code"], "body_too_large");
    // Exactly 1 MiB is allowed through to the handler (and refused there as malformed).
    QByteArray oneMiB(1024 * 1024, ' ');
    oneMiB[0] = '{';
    const Reply limit = send(m_nam, "POST", url(QStringLiteral("/api/orchestrator/drift/check")), oneMiB);
    QCOMPARE(limit.status, 400);
    QCOMPARE(send(m_nam, "GET", url(QStringLiteral("/api/orchestrator/status"))).status, 200);
}

void TestDaemon::notFoundAndWrongMethod()
{
    const Reply missing = send(m_nam, "GET", url(QStringLiteral("/nowhere")));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.headers.value("content-type"), QByteArray("application/json"));
    JCOMPARE(missing.json()["error"]["code"], "not_found");
    const Reply wrong = send(m_nam, "DELETE", url(QStringLiteral("/api/orchestrator/drift/check")));
    QCOMPARE(wrong.status, 405);
    QCOMPARE(wrong.headers.value("allow"), QByteArray("POST"));
    JCOMPARE(wrong.json()["error"]["code"], "method_not_allowed");
    const Reply wrongGet = send(m_nam, "POST", url(QStringLiteral("/api/v1/detections")), "{}");
    QCOMPARE(wrongGet.status, 405);
    QCOMPARE(wrongGet.headers.value("allow"), QByteArray("GET, HEAD"));
    const Reply head = send(m_nam, "HEAD", url(QStringLiteral("/api/orchestrator/status")));
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    // Malformed and oversized heads.
    QVERIFY(rawExchange(port(), "GARBAGE\r\n\r\n").startsWith("HTTP/1.1 400 "));
    QVERIFY(rawExchange(port(), "GET /x HTTP/2.0\r\n\r\n").startsWith("HTTP/1.1 505 "));
    QVERIFY(rawExchange(port(),
                        "GET /api/orchestrator/status HTTP/1.1\r\nX: " + QByteArray(20000, 'a') + "\r\n\r\n")
                .startsWith("HTTP/1.1 431 "));
    QVERIFY(rawExchange(port(),
                        "POST /api/orchestrator/drift/check HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                .startsWith("HTTP/1.1 411 "));
    QVERIFY(
        rawExchange(
            port(),
            "POST /api/orchestrator/drift/check HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
            .startsWith("HTTP/1.1 400 "));
}

void TestDaemon::slowClientsDoNotBlockOthers()
{
    // Twenty clients each send half a request head and stall (slowloris).
    std::vector<std::unique_ptr<QTcpSocket>> stalled;
    for (int i = 0; i < 20; ++i) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(s->waitForConnected(3000));
        s->write("POST /api/orchestrator/drift/check HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"featureStd");
        s->flush();
        stalled.push_back(std::move(s));
    }
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < 20; ++i)
        QCOMPARE(send(m_nam, "GET", url(QStringLiteral("/api/orchestrator/status"))).status, 200);
    QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
}

void TestDaemon::pipelinedRequestsAnsweredInOrder()
{
    QByteArray requests;
    for (int i = 0; i < 50; ++i) {
        const QByteArray body = "{\"featureStdDev\":" + QByteArray::number(i) + "}";
        requests
            += "POST /api/orchestrator/drift/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
               "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }
    requests += "GET /api/orchestrator/status HTTP/1.1\r\nConnection: close\r\n\r\n";
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(s.waitForConnected(3000));
    s.write(requests);
    QByteArray all;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 5000 && s.state() == QAbstractSocket::ConnectedState) {
        if (s.waitForReadyRead(100))
            all += s.readAll();
    }
    all += s.readAll();
    QCOMPARE(all.count("HTTP/1.1 200 OK"), 51);
    qsizetype at = 0;
    for (int i = 0; i < 50; ++i) {
        const qsizetype found
            = all.indexOf(QByteArray("\"featureStdDev\":" + QByteArray::number(i) + ".0"), at);
        QVERIFY2(found > at, qPrintable(QStringLiteral("response %1 out of order").arg(i)));
        at = found;
    }
}

void TestDaemon::ingestAndSeries()
{
    // 400 samples as a JSON array: a ramp with one spike, which downsampling must keep.
    nlohmann::json samples = nlohmann::json::array();
    const qint64 start = 1767225600000; // 2026-01-01
    for (int i = 0; i < 400; ++i) {
        char ts[32];
        const qint64 t = (start + qint64(i) * 900000) / 1000;
        std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(reinterpret_cast<const time_t*>(&t)));
        samples.push_back({ { "dealer", "D-TEST" },
                            { "feature", "schema_coverage" },
                            { "timestamp", ts },
                            { "value", i == 123 ? 99.0 : double(i % 7) } });
    }
    const Reply ingest = send(m_nam, "POST", url(QStringLiteral("/api/v1/samples")),
                              QByteArray::fromStdString(samples.dump()));
    QCOMPARE(ingest.status, 200);
    JCOMPARE(ingest.json()["received"], 400);
    JCOMPARE(ingest.json()["accepted"], 400);

    // JSON lines continue the series.
    const QByteArray lines = "{\"dealer\":\"D-TEST\",\"feature\":\"schema_coverage\",\"timestamp\":\"2026-01-"
                             "10T00:00:00Z\",\"value\":1}\n"
                             "\n"
                             "{\"dealer\":\"D-TEST\",\"feature\":\"schema_coverage\",\"timestamp\":\"2026-01-"
                             "10T00:15:00Z\",\"value\":2}\n";
    const Reply ingestLines = send(m_nam, "POST", url(QStringLiteral("/api/v1/samples")), lines,
                                   { { "Content-Type", "application/x-ndjson" } });
    QCOMPARE(ingestLines.status, 200);
    JCOMPARE(ingestLines.json()["received"], 2);

    const Reply all = send(
        m_nam, "GET",
        url(QStringLiteral(
            "/api/v1/series/D-TEST/schema_coverage?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")));
    QCOMPARE(all.status, 200);
    JCOMPARE(all.json()["totalPoints"], 402);
    QCOMPARE(all.json()["points"].size(), std::size_t(402));
    JCOMPARE(all.json()["downsampling"], "none");

    const Reply few
        = send(m_nam, "GET",
               url(QStringLiteral(
                   "/api/v1/series/D-TEST/"
                   "schema_coverage?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&max_points=40")));
    QCOMPARE(few.status, 200);
    const auto points = few.json()["points"];
    QVERIFY(points.size() <= 40 && points.size() >= 10);
    JCOMPARE(few.json()["downsampling"], "minmax");
    bool spike = false;
    qint64 previous = 0;
    for (const auto& p : points) {
        spike = spike || p[1].get<double>() == 99.0;
        QVERIFY(p[0].get<qint64>() > previous);
        previous = p[0].get<qint64>();
    }
    QVERIFY2(spike, "the spike must survive downsampling");

    const Reply list = send(m_nam, "GET", url(QStringLiteral("/api/v1/series")));
    QCOMPARE(list.status, 200);
    bool found = false;
    const auto listed = list.json();
    for (const auto& s : listed["series"])
        found = found || (s["dealer"] == "D-TEST" && s["feature"] == "schema_coverage" && s["samples"] > 0);
    QVERIFY(found);
    QCOMPARE(send(m_nam, "GET", url(QStringLiteral("/api/v1/series/nobody/nothing"))).status, 404);
}

void TestDaemon::ingestIsAllOrNothing()
{
    // Line 3 is bad: nothing of the request is stored, and the error names line and field.
    const QByteArray lines
        = "{\"dealer\":\"D-ATOM\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}\n"
          "{\"dealer\":\"D-ATOM\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:15:00Z\",\"value\":2}\n"
          "{\"dealer\":\"D-ATOM\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:30:00Z\",\"valu\":3}\n";
    const Reply bad = send(m_nam, "POST", url(QStringLiteral("/api/v1/samples")), lines,
                           { { "Content-Type", "application/x-ndjson" } });
    QCOMPARE(bad.status, 400);
    JCOMPARE(bad.json()["error"]["line"], 3);
    JCOMPARE(bad.json()["error"]["field"], "$.value");
    QCOMPARE(send(m_nam, "GET", url(QStringLiteral("/api/v1/series/D-ATOM/f"))).status, 404);
    // A conflicting value for a stored timestamp: 409, nothing stored.
    const QByteArray first
        = "[{\"dealer\":\"D-ATOM\",\"feature\":\"g\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}]";
    QCOMPARE(send(m_nam, "POST", url(QStringLiteral("/api/v1/samples")), first).status, 200);
    const QByteArray conflict
        = "[{\"dealer\":\"D-ATOM\",\"feature\":\"h\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1},"
          "{\"dealer\":\"D-ATOM\",\"feature\":\"g\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":5}]";
    const Reply refused = send(m_nam, "POST", url(QStringLiteral("/api/v1/samples")), conflict);
    QCOMPARE(refused.status, 409);
    QCOMPARE(
        send(m_nam, "GET", url(QStringLiteral("/api/v1/series/D-ATOM/h?from=2025-12-01T00:00:00Z"))).status,
        404);
}

void TestDaemon::consoleReadEndpoints()
{
    const Reply detections = send(m_nam, "GET", url(QStringLiteral("/api/v1/detections?limit=5")));
    QCOMPARE(detections.status, 200);
    QVERIFY(detections.json()["detections"].is_array());

    const Reply governance = send(m_nam, "GET", url(QStringLiteral("/api/v1/governance?month=2026-01")));
    QCOMPARE(governance.status, 200);
    const auto g = governance.json();
    JCOMPARE(g["month"], "2026-01");
    JCOMPARE(g["capPerDealer"], 0.15);
    bool dealer = false;
    for (const auto& d : g["dealers"])
        dealer = dealer || (d["dealer"] == "D-TEST" && d["remaining"] == 0.15 && d["spent"] == 0.0);
    QVERIFY(dealer);

    QElapsedTimer t;
    t.start();
    const Reply events = send(m_nam, "GET", url(QStringLiteral("/api/v1/events?after=0&wait=1")));
    QCOMPARE(events.status, 200);
    QVERIFY(events.json()["events"].is_array());
    QVERIFY(events.json()["cursor"].is_number_integer());
    QVERIFY(t.elapsed() < 5000);

    // Without --simulate no learner has run: the posterior is not there yet.
    const Reply posterior = send(m_nam, "GET", url(QStringLiteral("/api/v1/weights/posterior")));
    QCOMPARE(posterior.status, 404);
    JCOMPARE(posterior.json()["error"]["code"], "not_available");
}

void TestDaemon::auditEndpoints()
{
    const Reply created = send(m_nam, "POST", url(QStringLiteral("/api/v1/audit/checkpoint")));
    QCOMPARE(created.status, 201);
    JCOMPARE(created.json()["format"], "orch-audit-checkpoint/1");
    const Reply latest = send(m_nam, "GET", url(QStringLiteral("/api/v1/audit/checkpoint")));
    QCOMPARE(latest.status, 200);
    JCOMPARE(latest.json()["sequence"], created.json()["sequence"]);
    const Reply bundle = send(m_nam, "GET", url(QStringLiteral("/api/v1/audit/bundle")));
    QCOMPARE(bundle.status, 200);
    JCOMPARE(bundle.json()["format"], "orch-audit-bundle/1");
    QVERIFY(bundle.headers.value("content-disposition").startsWith("attachment; filename=\"evidence-"));
    // The bundle verifies with orchestratorctl and the public key alone.
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("bundle.json"), bundle.body);
    QProcess ctl;
    ctl.start(QStringLiteral(ORCH_BIN_DIR "/orchestratorctl"),
              { QStringLiteral("audit"), QStringLiteral("verify-bundle"), path,
                QStringLiteral("--public-key"),
                m_daemon->dataDir() + QStringLiteral("/audit/keys/signing-public.pem") });
    if (QFile::exists(QStringLiteral(ORCH_BIN_DIR "/orchestratorctl"))) {
        QVERIFY(ctl.waitForFinished(30000));
        QCOMPARE(ctl.exitCode(), 0);
    }
}

void TestDaemon::metricsEndpoint()
{
    const Reply metrics = send(m_nam, "GET", url(QStringLiteral("/metrics")));
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
    const QString text = QString::fromUtf8(metrics.body);
    QVERIFY(text.contains(QStringLiteral("# TYPE orchestratord_http_requests_total counter")));
    QVERIFY(text.contains(QStringLiteral("orchestratord_http_requests_total{endpoint=\"/api/orchestrator/"
                                         "status\",method=\"GET\",status=\"200\"}")));
    QVERIFY(text.contains(QStringLiteral("# TYPE orchestratord_http_request_duration_seconds histogram")));
    QVERIFY(text.contains(QStringLiteral("orchestrator_events_total{kind=\"samples\"} ")));
    QVERIFY(text.contains(QStringLiteral("orchestrator_events_total{kind=\"detections\"}")));
    QVERIFY(text.contains(QStringLiteral("orchestrator_api_spend_dollars_total")));
    QVERIFY(text.contains(
        QStringLiteral("orchestrator_component_next_run_timestamp_seconds{component=\"drift-sentinel\"}")));
    QVERIFY(text.contains(QStringLiteral("orchestrator_audit_last_sequence")));
    QVERIFY(text.contains(QStringLiteral("status=\"413\"")));
    // Samples ingested by the earlier tests are counted.
    QVERIFY(!text.contains(QStringLiteral("orchestrator_events_total{kind=\"samples\"} 0\n")));
}

void TestDaemon::simulatedFleetAndLongPoll()
{
    DaemonProcess sim;
    QVERIFY2(sim.start({ QStringLiteral("--simulate"), QStringLiteral("5"), QStringLiteral("--warm-up-days"),
                         QStringLiteral("9"), QStringLiteral("--sim-tick-ms"), QStringLiteral("10") }),
             qPrintable(sim.errorText()));
    QNetworkAccessManager nam;
    // Warm-up runs after the server listens; the status says when the baselines are in.
    QTRY_VERIFY_WITH_TIMEOUT(
        send(nam, "GET", sim.url(QStringLiteral("/api/orchestrator/status"))).json()["phase"]
            != "initializing",
        15000);
    QTRY_COMPARE_WITH_TIMEOUT(send(nam, "GET", sim.url(QStringLiteral("/api/v1/weights/posterior"))).status,
                              200, 10000);
    const auto posterior = send(nam, "GET", sim.url(QStringLiteral("/api/v1/weights/posterior"))).json();
    JCOMPARE(posterior["version"], "1.2");
    QVERIFY(posterior["coefficients"].size() > 0);
    const auto series = send(nam, "GET", sim.url(QStringLiteral("/api/v1/series"))).json()["series"];
    QVERIFY(series.size() >= 5);

    // Long poll: wait for events after the latest one; the simulation produces more.
    const auto first = send(nam, "GET", sim.url(QStringLiteral("/api/v1/events?limit=1000"))).json();
    qint64 cursor = first["cursor"].get<qint64>();
    // Page to the end.
    for (;;) {
        const auto page
            = send(nam, "GET", sim.url(QStringLiteral("/api/v1/events?limit=1000&after=%1").arg(cursor)))
                  .json();
        if (page["events"].empty())
            break;
        cursor = page["cursor"].get<qint64>();
    }
    QElapsedTimer t;
    t.start();
    const Reply next
        = send(nam, "GET", sim.url(QStringLiteral("/api/v1/events?wait=25&after=%1").arg(cursor)));
    QCOMPARE(next.status, 200);
    const auto events = next.json()["events"];
    QVERIFY2(!events.empty(), "the simulated fleet produced no event in 25 s");
    QVERIFY(events[0]["id"].get<qint64>() > cursor);
    QVERIFY(t.elapsed() < 24000);
    QCOMPARE(sim.terminate(), 0);
}

void TestDaemon::tls()
{
    QTemporaryDir dir;
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                    QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                    QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                    QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost") });
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);

    DaemonProcess daemon;
    QVERIFY2(daemon.start({ QStringLiteral("--tls-cert"), dir.filePath(QStringLiteral("cert.pem")),
                            QStringLiteral("--tls-key"), dir.filePath(QStringLiteral("key.pem")) }),
             qPrintable(daemon.errorText()));
    QCOMPARE(daemon.url(QStringLiteral("/")).scheme(), QStringLiteral("https"));

    // The client trusts exactly this certificate; no error is ignored.
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(dir.filePath(QStringLiteral("cert.pem"))));
    QNetworkAccessManager nam;
    const Reply status
        = send(nam, "GET", daemon.url(QStringLiteral("/api/orchestrator/status")), {}, {}, ssl);
    QCOMPARE(status.status, 200);
    QVERIFY(status.json()["components"].is_array());
    const Reply drift = send(nam, "POST", daemon.url(QStringLiteral("/api/orchestrator/drift/check")),
                             "{\"featureStdDev\":3.5}", {}, ssl);
    JCOMPARE(drift.json()["driftDetected"], true);
    const Reply bad
        = send(nam, "POST", daemon.url(QStringLiteral("/api/orchestrator/drift/check")), "{", {}, ssl);
    QCOMPARE(bad.status, 400);
    // A client that does not trust it fails the handshake.
    QNetworkAccessManager untrusting;
    const Reply refused = send(untrusting, "GET", daemon.url(QStringLiteral("/api/orchestrator/status")));
    QCOMPARE(refused.status, 0);
    QCOMPARE(refused.error, QNetworkReply::SslHandshakeFailedError);
    // Plain HTTP to the TLS port gets no HTTP answer.
    QVERIFY(!rawExchange(quint16(daemon.url(QStringLiteral("/")).port()), "GET / HTTP/1.1\r\n\r\n", 1500)
                 .startsWith("HTTP/1.1 200"));
    QCOMPARE(daemon.terminate(), 0);
}

void TestDaemon::tokensAndRoles()
{
    QTemporaryDir dir;
    const QString tokens = writeFile(dir, QStringLiteral("tokens"),
                                     "# token role identity\n" + kViewer + " viewer alice\n" + kAnalyst
                                         + " analyst bob@example.com\n\n" + kApprover + " approver carol\n");
    DaemonProcess daemon;
    QVERIFY2(daemon.start({ QStringLiteral("--token-file"), tokens, QStringLiteral("--auth-max-failures"),
                            QStringLiteral("5") }),
             qPrintable(daemon.errorText()));
    QNetworkAccessManager nam;
    auto bearer = [](const QByteArray& token) {
        return QList<std::pair<QByteArray, QByteArray>> { { "Authorization", "Bearer " + token } };
    };
    const QUrl status = daemon.url(QStringLiteral("/api/orchestrator/status"));
    const QUrl samples = daemon.url(QStringLiteral("/api/v1/samples"));
    const QByteArray sample
        = "[{\"dealer\":\"D1\",\"feature\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}]";

    const Reply none = send(nam, "GET", status);
    QCOMPARE(none.status, 401);
    JCOMPARE(none.json()["error"]["code"], "unauthorized");
    QVERIFY(none.headers.value("www-authenticate").startsWith("Bearer"));
    QCOMPARE(send(nam, "GET", status, {}, bearer(kViewer)).status, 200);
    QCOMPARE(send(nam, "POST", daemon.url(QStringLiteral("/api/orchestrator/drift/check")),
                  "{\"featureStdDev\":1}", bearer(kViewer))
                 .status,
             200);
    const Reply forbidden = send(nam, "POST", samples, sample, bearer(kViewer));
    QCOMPARE(forbidden.status, 403);
    JCOMPARE(forbidden.json()["error"]["code"], "forbidden");
    QCOMPARE(send(nam, "POST", samples, sample, bearer(kAnalyst)).status, 200);
    QCOMPARE(
        send(nam, "POST", daemon.url(QStringLiteral("/api/v1/audit/checkpoint")), {}, bearer(kViewer)).status,
        403);
    QCOMPARE(send(nam, "POST", daemon.url(QStringLiteral("/api/v1/audit/checkpoint")), {}, bearer(kApprover))
                 .status,
             201);
    // The scheme is case-insensitive; a token with a different length or one changed character fails.
    QCOMPARE(send(nam, "GET", status, {}, { { "Authorization", "bearer " + kViewer } }).status, 200);
    QCOMPARE(send(nam, "GET", status, {}, { { "Authorization", "Basic " + kViewer } }).status, 401);

    // Failed authentications: 5 per minute, then 429 with Retry-After even for a valid token.
    QByteArray wrong = kViewer;
    wrong[3] = 'X';
    // The "Basic" attempt above was the first failure.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(send(nam, "GET", status, {}, bearer(wrong)).status, 401);
    const Reply limited = send(nam, "GET", status, {}, bearer(wrong + "x"));
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.headers.value("retry-after").toInt() > 0);
    JCOMPARE(limited.json()["error"]["code"], "too_many_failures");
    QCOMPARE(send(nam, "GET", status, {}, bearer(kApprover)).status, 429);

    const Reply metrics = send(nam, "GET", daemon.url(QStringLiteral("/metrics")), {}, bearer(kViewer));
    QCOMPARE(metrics.status, 429); // still refused: the address is blocked
    QCOMPARE(daemon.terminate(), 0);
    const QString logs = daemon.stderrText();
    for (const QByteArray& token : { kViewer, kAnalyst, kApprover, wrong })
        QVERIFY2(!logs.contains(QString::fromLatin1(token)), "a token reached the logs");
}

void TestDaemon::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("0.0.0.0 without token")
        << QStringList { QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0") } << 2
        << QStringLiteral("without --token-file");
    QTest::newRow("bad listen") << QStringList { QStringLiteral("--listen"), QStringLiteral("localhost") }
                                << 2 << QStringLiteral("--listen");
    QTest::newRow("bad port") << QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:99999") }
                              << 2 << QStringLiteral("--listen");
    QTest::newRow("bad simulate") << QStringList { QStringLiteral("--simulate"), QStringLiteral("0") } << 2
                                  << QStringLiteral("--simulate");
    QTest::newRow("cert without key") << QStringList { QStringLiteral("--tls-cert"), QStringLiteral("/x") }
                                      << 2 << QStringLiteral("--tls-key");
    QTest::newRow("missing cert") << QStringList {
        QStringLiteral("--tls-cert"), QStringLiteral("/nonexistent.pem"), QStringLiteral("--tls-key"),
        QStringLiteral("/nonexistent.pem")
    } << 2 << QStringLiteral("--tls-cert");
    QTest::newRow("bad redis url") << QStringList { QStringLiteral("--redis"), QStringLiteral("http://x") }
                                   << 2 << QStringLiteral("--redis");
    QTest::newRow("redis db out of range")
        << QStringList { QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:6379/99") } << 2
        << QStringLiteral("database");
    QTest::newRow("rediss refused")
        << QStringList { QStringLiteral("--redis"), QStringLiteral("rediss://127.0.0.1:6379/0") } << 2
        << QStringLiteral("rediss:// (TLS) is not supported");
    QTest::newRow("unknown option") << QStringList { QStringLiteral("--frobnicate") } << 2
                                    << QStringLiteral("frobnicate");
    QTest::newRow("seed without simulate")
        << QStringList { QStringLiteral("--seed"), QStringLiteral("3") } << 2 << QStringLiteral("--simulate");
    QTest::newRow("missing token file")
        << QStringList { QStringLiteral("--token-file"), QStringLiteral("/nonexistent/tokens") } << 2
        << QStringLiteral("--token-file");
}

void TestDaemon::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QCOMPARE(daemon.runExpectingExit(arguments + QStringList { QStringLiteral("--data-dir"), dir.path() }),
             exitCode);
    QVERIFY2(daemon.stderrText().contains(message), qPrintable(daemon.stderrText()));

    // Token file problems: world-readable, malformed.
    if (QByteArray(QTest::currentDataTag()) == "missing token file") {
        const QString open
            = writeFile(dir, QStringLiteral("open"), kViewer + " viewer a\n",
                        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        DaemonProcess d1;
        QCOMPARE(d1.runExpectingExit({ QStringLiteral("--token-file"), open }), 2);
        QVERIFY(d1.stderrText().contains(QStringLiteral("readable by every user")));
        const QString bad = writeFile(dir, QStringLiteral("bad"), "short viewer a\n");
        DaemonProcess d2;
        QCOMPARE(d2.runExpectingExit({ QStringLiteral("--token-file"), bad }), 2);
        QVERIFY(d2.stderrText().contains(QStringLiteral(":1: the token must have")));
        const QString role = writeFile(dir, QStringLiteral("role"), kViewer + " admin a\n");
        DaemonProcess d3;
        QCOMPARE(d3.runExpectingExit({ QStringLiteral("--token-file"), role }), 2);
        QVERIFY(d3.stderrText().contains(QStringLiteral("unknown role")));
        QVERIFY(!d3.stderrText().contains(QString::fromLatin1(kViewer)));
    }
}

void TestDaemon::sigtermAnswersLongPoll()
{
    DaemonProcess daemon;
    QVERIFY2(daemon.start({}), qPrintable(daemon.errorText()));
    QNetworkAccessManager nam;
    QNetworkRequest request(daemon.url(QStringLiteral("/api/v1/events?after=1000000&wait=30")));
    std::unique_ptr<QNetworkReply> poll(nam.get(request));
    // Let the poll reach the engine, then stop the daemon.
    QTest::qWait(500);
    QVERIFY(!poll->isFinished());
    QElapsedTimer t;
    t.start();
    daemon.process().terminate();
    QTRY_VERIFY_WITH_TIMEOUT(poll->isFinished(), 10000);
    QVERIFY(t.elapsed() < 8000);
    QCOMPARE(poll->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const auto body = nlohmann::json::parse(poll->readAll().toStdString(), nullptr, false);
    QVERIFY(body["events"].is_array());
    JCOMPARE(body["cursor"], 1000000);
    // The event loop above may already have seen the exit (waitForFinished is then false).
    QVERIFY(daemon.process().state() == QProcess::NotRunning || daemon.process().waitForFinished(10000));
    QCOMPARE(daemon.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.process().exitCode(), 0);
    // Refusal to start on a port in use.
    DaemonProcess second;
    QCOMPARE(second.runExpectingExit({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port()),
                                       QStringLiteral("--data-dir"), second.dataDir() }),
             1);
}

QTEST_GUILESS_MAIN(TestDaemon)
#include "tst_daemon.moc"
