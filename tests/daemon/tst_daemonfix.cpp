// The HTTP contract of the rollout, approval, policy, spec, audit-record and what-if endpoints of
// orchestratord (core/api/fixroutes.cpp, whatifroutes.cpp, consoleroutes.cpp's whoami and spec):
// status codes, bad bodies -> 400 naming the field, roles -> 403, unknown ids -> 404, states
// that do not allow an action -> 409, and the dual approval of a production rollback with the
// approvers' identities in the audit trail. One real daemon on a loopback port with --simulate.
#include <QCoroNetworkReply>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <qcorotask.h>

#include "daemonprocess.h"

// QCOMPARE cannot print nlohmann::json: compare JSON values with this.
#define JCOMPARE(actual, expected)                                                                           \
    do {                                                                                                     \
        const nlohmann::json a_ = (actual);                                                                  \
        const nlohmann::json e_ = (expected);                                                                \
        QVERIFY2(a_ == e_, qPrintable(QString::fromStdString(a_.dump() + " != " + e_.dump())));              \
    } while (false)

namespace {

const QByteArray kViewer = "viewer-token-0123456789abcdef";
const QByteArray kAnalyst = "analyst-token-0123456789abcdef";
const QByteArray kApprover = "approver-token-0123456789abcdef";
const QByteArray kApprover2 = "approver2-token-0123456789abcdef";

struct Reply
{
    int status = 0;
    QByteArray body;
    nlohmann::json json() const { return nlohmann::json::parse(body.toStdString(), nullptr, false); }
};

QCoro::Task<Reply> sendAsync(QNetworkAccessManager& nam, QByteArray method, QUrl url, QByteArray body,
                             QByteArray token, QByteArray contentType)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(60000);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    std::unique_ptr<QNetworkReply> reply(co_await nam.sendCustomRequest(request, method, body));
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    co_return r;
}

} // namespace

class TestDaemonFix final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void whoami();
    void spec();
    void rolloutsAndPolicy();
    void badRequests_data();
    void badRequests();
    void conflicts();
    void dualApproval();
    void rewardWhatIf();
    void replay();

private:
    Reply send(const QByteArray& method, const QString& path, const QByteArray& token,
               const QByteArray& body = {}, const QByteArray& contentType = "application/json")
    {
        return QCoro::waitFor(sendAsync(m_nam, method, m_daemon->url(path), body, token, contentType));
    }
    nlohmann::json getJson(const QString& path, const QByteArray& token = kViewer)
    {
        const Reply r = send("GET", path, token);
        if (r.status != 200)
            qWarning() << "GET" << path << r.status << r.body;
        return r.json();
    }
    // A promoted rollout's id, waiting while the fleet ticks on.
    qint64 promotedRollout();

    QTemporaryDir m_dir;
    std::unique_ptr<DaemonProcess> m_daemon;
    QNetworkAccessManager m_nam;
};

void TestDaemonFix::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto write = [&](const QString& name, const QByteArray& content) {
        QFile f(m_dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    };
    write(QStringLiteral("tokens"),
          kViewer + " viewer victor\n" + kAnalyst + " analyst carol@example.com\n" + kApprover
              + " approver alice@example.com\n" + kApprover2 + " approver bob@example.com\n");
    write(QStringLiteral("spec.json"), R"({"rollout": {"autoPromoteAfterHours": 1.0}})");
    m_daemon = std::make_unique<DaemonProcess>();
    m_daemon->process().setStandardErrorFile(m_dir.filePath(QStringLiteral("daemon.log")));
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(m_daemon->start({ QStringLiteral("--token-file"), m_dir.filePath(QStringLiteral("tokens")),
                               QStringLiteral("--spec"), m_dir.filePath(QStringLiteral("spec.json")),
                               QStringLiteral("--simulate"), QStringLiteral("20"), QStringLiteral("--seed"),
                               QStringLiteral("7"), QStringLiteral("--warm-up-days"), QStringLiteral("10"),
                               QStringLiteral("--sim-tick-ms"), QStringLiteral("1000") },
                             60000),
             qPrintable(m_daemon->errorText()));
    // Wait for the backfill: the engine clock catches up with the wall clock.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto who = getJson(QStringLiteral("/api/v1/whoami"));
            if (!who.is_object() || !who["engineTime"].is_string())
                return false;
            const auto t = QDateTime::fromString(QString::fromStdString(who["engineTime"].get<std::string>()),
                                                 Qt::ISODate);
            return t.toMSecsSinceEpoch() >= wall - 15 * 60 * 1000;
        }(),
        180000);
}

void TestDaemonFix::cleanupTestCase()
{
    QCOMPARE(m_daemon->terminate(), 0);
}

qint64 TestDaemonFix::promotedRollout()
{
    qint64 id = 0;
    (void)QTest::qWaitFor(
        [&] {
            const auto list = getJson(QStringLiteral("/api/v1/rollouts?limit=100"));
            if (list.is_object() && list["rollouts"].is_array()) {
                for (const auto& r : list["rollouts"]) {
                    if (r["state"] == "promoted" && id == 0)
                        id = r["id"].get<qint64>();
                }
            }
            if (id == 0)
                QTest::qWait(500);
            return id != 0;
        },
        180000);
    return id;
}

void TestDaemonFix::whoami()
{
    const struct
    {
        QByteArray token;
        const char* role;
        const char* identity;
    } cases[] = { { kViewer, "viewer", "victor" },
                  { kAnalyst, "analyst", "carol@example.com" },
                  { kApprover, "approver", "alice@example.com" } };
    for (const auto& c : cases) {
        const auto who = getJson(QStringLiteral("/api/v1/whoami"), c.token);
        QCOMPARE(QString::fromStdString(who.value("role", std::string())), QString::fromLatin1(c.role));
        QCOMPARE(QString::fromStdString(who.value("identity", std::string())),
                 QString::fromLatin1(c.identity));
        QCOMPARE(who.value("anonymous", true), false);
        QCOMPARE(who.value("tokenId", std::string()).size(), std::size_t(12));
    }
    QCOMPARE(send("GET", QStringLiteral("/api/v1/whoami"), QByteArray()).status, 401);
}

void TestDaemonFix::spec()
{
    const auto spec = getJson(QStringLiteral("/api/v1/spec"));
    QVERIFY(spec.is_object());
    QCOMPARE(spec["rollout"]["autoPromoteAfterHours"].get<double>(), 1.0);
    QCOMPARE(spec["governance"]["maxApiCostPerDealerMonth"].get<double>(), 0.15);
    QVERIFY(spec.contains("components") && spec.contains("telemetry") && spec.contains("rollback"));
}

void TestDaemonFix::rolloutsAndPolicy()
{
    const qint64 id = promotedRollout();
    QVERIFY2(id > 0, "no rollout was promoted");
    const auto list = getJson(QStringLiteral("/api/v1/rollouts"));
    QVERIFY(list["rollouts"].is_array() && !list["rollouts"].empty());
    const auto one = getJson(QStringLiteral("/api/v1/rollouts/%1").arg(id));
    QCOMPARE(one["id"].get<qint64>(), id);
    for (const char* key :
         { "state", "action", "canary", "votes", "verification", "history", "auditCause", "errorRate" })
        QVERIFY2(one.contains(key), key);
    const auto active = getJson(QStringLiteral("/api/v1/rollouts?active=true&limit=5"));
    for (const auto& r : active["rollouts"])
        QVERIFY(r["state"] == "canary" || r["state"] == "awaiting-approval");
    const auto approvals = getJson(QStringLiteral("/api/v1/approvals"));
    QVERIFY(approvals["approvals"].is_array());
    QCOMPARE(approvals["auditAvailable"].get<bool>(), true);

    const auto policy = getJson(QStringLiteral("/api/v1/policy"));
    QCOMPARE(policy.value("component", std::string()), std::string("RLController"));
    QVERIFY(policy["contexts"].is_object() && policy["settings"].is_object());

    const auto records = getJson(QStringLiteral("/api/v1/audit/records?type=rollout.&limit=3"));
    QVERIFY(records["records"].is_array());
    QVERIFY(records["records"].size() <= 3);
    for (const auto& r : records["records"])
        QVERIFY(r["type"].get<std::string>().rfind("rollout.", 0) == 0);
}

void TestDaemonFix::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("field");

    const QByteArray c = R"({"comment": "because"})";
    const QString promote = QStringLiteral("/api/v1/rollouts/1/promote");
    const QString approve = QStringLiteral("/api/v1/approvals/1/approve");
    const QString reward = QStringLiteral("/api/v1/whatif/reward");
    const QString replay = QStringLiteral("/api/v1/whatif/replay");
    const QByteArray r0 = R"("deltaVisibility": 5, "deltaRevenue": 1000, "apiCost": 0.1)";
    const auto row
        = [](const char* name, QByteArray m, QString p, QByteArray t, QByteArray b, int s, QByteArray code,
             QString f) { QTest::newRow(name) << m << p << t << b << s << code << f; };

    row("rollouts active=maybe", "GET", QStringLiteral("/api/v1/rollouts?active=maybe"), kViewer, {}, 400,
        "invalid_value", QStringLiteral("?active"));
    row("rollouts limit=0", "GET", QStringLiteral("/api/v1/rollouts?limit=0"), kViewer, {}, 400,
        "out_of_range", QStringLiteral("?limit"));
    row("rollouts unknown parameter", "GET", QStringLiteral("/api/v1/rollouts?state=x"), kViewer, {}, 400,
        "unknown_parameter", QStringLiteral("?state"));
    row("rollout id not a number", "GET", QStringLiteral("/api/v1/rollouts/abc"), kViewer, {}, 404,
        "not_found", {});
    row("rollout id unknown", "GET", QStringLiteral("/api/v1/rollouts/999999"), kViewer, {}, 404, "not_found",
        {});
    row("rollout id zero", "GET", QStringLiteral("/api/v1/rollouts/0"), kViewer, {}, 404, "not_found", {});
    row("promote as viewer", "POST", promote, kViewer, c, 403, "forbidden", {});
    row("promote without token", "POST", promote, {}, c, 401, "unauthorized", {});
    row("promote unknown id", "POST", QStringLiteral("/api/v1/rollouts/999999/promote"), kAnalyst, c, 404,
        "not_found", {});
    row("promote no body", "POST", promote, kAnalyst, {}, 400, "missing_body", QStringLiteral("$"));
    row("promote no comment", "POST", promote, kAnalyst, "{}", 400, "missing_field",
        QStringLiteral("$.comment"));
    row("promote empty comment", "POST", promote, kAnalyst, R"({"comment": ""})", 400, "invalid_value",
        QStringLiteral("$.comment"));
    row("promote blank comment", "POST", promote, kAnalyst, R"({"comment": "  \n "})", 400, "invalid_value",
        QStringLiteral("$.comment"));
    row("promote comment a number", "POST", promote, kAnalyst, R"({"comment": 5})", 400, "invalid_type",
        QStringLiteral("$.comment"));
    row("promote comment null", "POST", promote, kAnalyst, R"({"comment": null})", 400, "invalid_type",
        QStringLiteral("$.comment"));
    row("promote comment too long", "POST", promote, kAnalyst,
        "{\"comment\": \"" + QByteArray(2001, 'x') + "\"}", 400, "out_of_range", QStringLiteral("$.comment"));
    row("promote unknown field", "POST", promote, kAnalyst, R"({"comment": "x", "force": true})", 400,
        "unknown_field", QStringLiteral("$.force"));
    row("promote requestHash not taken", "POST", promote, kAnalyst,
        R"({"comment": "x", "requestHash": "00"})", 400, "unknown_field", QStringLiteral("$.requestHash"));
    row("promote malformed", "POST", promote, kAnalyst, R"({"comment": )", 400, "malformed_json", {});
    row("promote duplicate key", "POST", promote, kAnalyst, R"({"comment": "a", "comment": "b"})", 400,
        "duplicate_key", {});
    row("promote array body", "POST", promote, kAnalyst, R"(["x"])", 400, "invalid_type",
        QStringLiteral("$"));
    row("rollback as viewer", "POST", QStringLiteral("/api/v1/rollouts/1/rollback"), kViewer, c, 403,
        "forbidden", {});
    row("rollback unknown id", "POST", QStringLiteral("/api/v1/rollouts/999999/rollback"), kAnalyst, c, 404,
        "not_found", {});
    row("promote GET", "GET", promote, kAnalyst, {}, 405, "method_not_allowed", {});
    row("approve as analyst", "POST", approve, kAnalyst, c, 403, "forbidden", {});
    row("refuse as viewer", "POST", QStringLiteral("/api/v1/approvals/1/refuse"), kViewer, c, 403,
        "forbidden", {});
    row("approve unknown id", "POST", QStringLiteral("/api/v1/approvals/999999/approve"), kApprover, c, 404,
        "not_found", {});
    row("approve bad hash", "POST", approve, kApprover, R"({"comment": "x", "requestHash": "xyz"})", 400,
        "invalid_value", QStringLiteral("$.requestHash"));
    row("approve hash a number", "POST", approve, kApprover, R"({"comment": "x", "requestHash": 12})", 400,
        "invalid_type", QStringLiteral("$.requestHash"));
    row("approve no comment", "POST", approve, kApprover, R"({"requestHash": ""})", 400, "missing_field",
        QStringLiteral("$.comment"));
    row("approvals POST", "POST", QStringLiteral("/api/v1/approvals"), kApprover, c, 405,
        "method_not_allowed", {});
    row("policy parameter", "GET", QStringLiteral("/api/v1/policy?version=1"), kViewer, {}, 400,
        "unknown_parameter", QStringLiteral("?version"));
    row("spec parameter", "GET", QStringLiteral("/api/v1/spec?x=1"), kViewer, {}, 400, "unknown_parameter",
        QStringLiteral("?x"));
    row("audit records limit", "GET", QStringLiteral("/api/v1/audit/records?limit=0"), kViewer, {}, 400,
        "out_of_range", QStringLiteral("?limit"));
    row("audit records since", "GET", QStringLiteral("/api/v1/audit/records?since=yesterday"), kViewer, {},
        400, "invalid_type", QStringLiteral("?since"));
    row("audit records cause", "GET", QStringLiteral("/api/v1/audit/records?cause=0"), kViewer, {}, 400,
        "out_of_range", QStringLiteral("?cause"));
    row("audit records order", "GET",
        QStringLiteral("/api/v1/audit/records?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z"),
        kViewer, {}, 400, "out_of_range", QStringLiteral("?since"));
    row("reward empty", "POST", reward, kViewer, "{}", 400, "missing_field",
        QStringLiteral("$.deltaVisibility"));
    row("reward string number", "POST", reward, kViewer,
        R"({"deltaVisibility": "5", "deltaRevenue": 1000, "apiCost": 0.1})", 400, "invalid_type",
        QStringLiteral("$.deltaVisibility"));
    row("reward negative cost", "POST", reward, kViewer,
        R"({"deltaVisibility": 5, "deltaRevenue": 1000, "apiCost": -1})", 400, "out_of_range",
        QStringLiteral("$.apiCost"));
    row("reward negative threshold", "POST", reward, kViewer, "{" + r0 + R"(, "minRewardThreshold": -1})",
        400, "out_of_range", QStringLiteral("$.minRewardThreshold"));
    row("reward huge", "POST", reward, kViewer,
        R"({"deltaVisibility": 1e400, "deltaRevenue": 1, "apiCost": 0})", 400, "out_of_range", {});
    row("reward unknown field", "POST", reward, kViewer, "{" + r0 + R"(, "currency": "EUR"})", 400,
        "unknown_field", QStringLiteral("$.currency"));
    row("sweep not an object", "POST", reward, kViewer, "{" + r0 + R"(, "sensitivity": "apiCost"})", 400,
        "invalid_type", QStringLiteral("$.sensitivity"));
    row("sweep unknown input", "POST", reward, kViewer,
        "{" + r0 + R"(, "sensitivity": {"input": "weather", "from": 0, "to": 1}})", 400, "invalid_value",
        QStringLiteral("$.sensitivity.input"));
    row("sweep one step", "POST", reward, kViewer,
        "{" + r0 + R"(, "sensitivity": {"input": "apiCost", "from": 0, "to": 1, "steps": 1}})", 400,
        "out_of_range", QStringLiteral("$.sensitivity.steps"));
    row("sweep fractional steps", "POST", reward, kViewer,
        "{" + r0 + R"(, "sensitivity": {"input": "apiCost", "from": 0, "to": 1, "steps": 2.5}})", 400,
        "invalid_type", QStringLiteral("$.sensitivity.steps"));
    row("sweep missing to", "POST", reward, kViewer,
        "{" + r0 + R"(, "sensitivity": {"input": "apiCost", "from": 0}})", 400, "missing_field",
        QStringLiteral("$.sensitivity.to"));
    row("sweep unknown field", "POST", reward, kViewer,
        "{" + r0 + R"(, "sensitivity": {"input": "apiCost", "from": 0, "to": 1, "log": true}})", 400,
        "unknown_field", QStringLiteral("$.sensitivity.log"));
    row("reward text body", "POST", reward, kViewer, "hello", 400, "malformed_json", {});
    row("replay as viewer", "POST", replay, kViewer, "{}", 403, "forbidden", {});
    row("replay unknown target", "POST", replay, kAnalyst, R"({"target": "greedy"})", 400, "invalid_value",
        QStringLiteral("$.target"));
    row("replay bad learning rate", "POST", replay, kAnalyst, R"({"settings": {"learningRate": 2}})", 400,
        "out_of_range", QStringLiteral("$.settings"));
    row("replay unknown setting", "POST", replay, kAnalyst, R"({"settings": {"lr": 0.1}})", 400,
        "unknown_field", QStringLiteral("$.settings.lr"));
    row("replay unknown action cost", "POST", replay, kAnalyst, R"({"costs": {"teleport": 0.1}})", 400,
        "unknown_field", QStringLiteral("$.costs.teleport"));
    row("replay negative cost", "POST", replay, kAnalyst, R"({"costs": {"schema": -1}})", 400, "out_of_range",
        QStringLiteral("$.costs.schema"));
    row("replay static without policy", "POST", replay, kAnalyst, R"({"target": "static"})", 400,
        "missing_field", QStringLiteral("$.policy"));
    row("replay static bad policy", "POST", replay, kAnalyst,
        R"({"target": "static", "policy": {"default": {"none": 0.5}}})", 400, "invalid_value",
        QStringLiteral("$.policy"));
    row("replay policy for adaptive", "POST", replay, kAnalyst, R"({"policy": {"default": {"none": 1}}})",
        400, "invalid_value", QStringLiteral("$.policy"));
    row("replay settings for static", "POST", replay, kAnalyst,
        R"({"target": "static", "policy": {"default": {"none": 1}}, "settings": {"learningRate": 0.2}})", 400,
        "invalid_value", QStringLiteral("$.settings"));
    row("replay bad since", "POST", replay, kAnalyst, R"({"since": "yesterday"})", 400, "invalid_value",
        QStringLiteral("$.since"));
    row("replay since after until", "POST", replay, kAnalyst,
        R"({"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"})", 400, "out_of_range",
        QStringLiteral("$"));
    row("replay min decisions", "POST", replay, kAnalyst, R"({"minRewardedDecisions": 1})", 400,
        "out_of_range", QStringLiteral("$.minRewardedDecisions"));
    row("replay non-finite", "POST", replay, kAnalyst, R"({"minEffectiveSampleSize": NaN})", 400,
        "malformed_json", {});
    row("replay unknown field", "POST", replay, kAnalyst, R"({"seed": 3})", 400, "unknown_field",
        QStringLiteral("$.seed"));
}

void TestDaemonFix::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    QFETCH(QString, field);
    const Reply r = send(method, path, token, body);
    QVERIFY2(r.status == status,
             qPrintable(QStringLiteral("%1: %2").arg(r.status).arg(QString::fromUtf8(r.body))));
    const auto error = r.json()["error"];
    QVERIFY2(error.is_object(), r.body.constData());
    QCOMPARE(QByteArray::fromStdString(error.value("code", std::string())), code);
    QCOMPARE(error.value("status", 0), status);
    QVERIFY(!error.value("message", std::string()).empty());
    if (!field.isEmpty())
        QCOMPARE(QString::fromStdString(error.value("field", std::string())), field);
    // The server still answers.
    QCOMPARE(send("GET", QStringLiteral("/api/v1/whoami"), kViewer).status, 200);
}

void TestDaemonFix::conflicts()
{
    const qint64 id = promotedRollout();
    QVERIFY(id > 0);
    const QByteArray c = R"({"comment": "checking the contract"})";
    Reply r = send("POST", QStringLiteral("/api/v1/rollouts/%1/promote").arg(id), kAnalyst, c);
    QCOMPARE(r.status, 409);
    JCOMPARE(r.json()["error"]["code"], "conflict");
    QVERIFY(r.json()["error"]["message"].get<std::string>().find("only a canary") != std::string::npos);
    r = send("POST", QStringLiteral("/api/v1/approvals/%1/approve").arg(id), kApprover, c);
    QCOMPARE(r.status, 409);
    QVERIFY(r.json()["error"]["message"].get<std::string>().find("does not wait for an approval")
            != std::string::npos);
}

void TestDaemonFix::dualApproval()
{
    const qint64 id = promotedRollout();
    QVERIFY(id > 0);
    const QString base = QStringLiteral("/api/v1/approvals/%1/").arg(id);
    Reply r = send("POST", QStringLiteral("/api/v1/rollouts/%1/rollback").arg(id), kAnalyst,
                   R"({"comment": "error budget burnt"})");
    QVERIFY2(r.status == 200, r.body.constData());
    JCOMPARE(r.json()["state"], "awaiting-approval");

    const auto inbox = getJson(QStringLiteral("/api/v1/approvals"));
    nlohmann::json mine;
    for (const auto& a : inbox["approvals"])
        mine = a["id"] == id ? a : mine;
    QVERIFY2(mine.is_object(), inbox.dump().c_str());
    JCOMPARE(mine["pending"], "rollback");
    JCOMPARE(mine["scope"], "production");
    JCOMPARE(mine["requestedBy"], "carol@example.com");
    JCOMPARE(mine["requiredApprovals"], 2);
    QVERIFY(mine["causeChain"].is_array() && !mine["causeChain"].empty());
    JCOMPARE(mine["causeChain"][0]["sequence"], mine["rollout"]["auditCause"]);
    const std::string hash = mine["requestHash"].get<std::string>();

    const auto body = [&](const char* comment, const std::string& h) {
        return QByteArray::fromStdString(
            nlohmann::json { { "comment", comment }, { "requestHash", h } }.dump());
    };
    r = send("POST", base + QStringLiteral("approve"), kApprover, body("ok", std::string(64, 'a')));
    QCOMPARE(r.status, 409);
    QVERIFY(r.json()["error"]["message"].get<std::string>().find("changed") != std::string::npos);
    r = send("POST", base + QStringLiteral("approve"), kApprover, body("agreed", hash));
    QVERIFY2(r.status == 200, r.body.constData());
    JCOMPARE(r.json()["state"], "awaiting-approval");
    r = send("POST", base + QStringLiteral("approve"), kApprover, body("agreed again", hash));
    QCOMPARE(r.status, 409);
    r = send("POST", base + QStringLiteral("approve"), kApprover2, body("agreed too", hash));
    QVERIFY2(r.status == 200, r.body.constData());
    JCOMPARE(r.json()["state"], "rolled-back");
    r = send("POST", base + QStringLiteral("refuse"), kApprover2, body("too late", hash));
    QCOMPARE(r.status, 409);
    r = send("POST", QStringLiteral("/api/v1/rollouts/%1/rollback").arg(id), kAnalyst,
             R"({"comment": "again"})");
    QCOMPARE(r.status, 409);

    const auto records = getJson(QStringLiteral("/api/v1/audit/records?type=approval.approved"));
    QStringList actors;
    for (const auto& e : records["records"]) {
        if (e["data"]["rolloutId"] == id) {
            actors << QString::fromStdString(e["actor"].get<std::string>());
            QCOMPARE(e["data"]["requestHash"].get<std::string>(), hash);
            QCOMPARE(e["data"]["tokenId"].get<std::string>().size(), std::size_t(12));
        }
    }
    QCOMPARE(actors, QStringList({ QStringLiteral("alice@example.com"), QStringLiteral("bob@example.com") }));
    const auto byBob
        = getJson(QStringLiteral("/api/v1/audit/records?actor=bob%40example.com&type=approval."));
    QVERIFY(!byBob["records"].empty());
    for (const auto& e : byBob["records"])
        JCOMPARE(e["actor"], "bob@example.com");
}

void TestDaemonFix::rewardWhatIf()
{
    Reply r = send("POST", QStringLiteral("/api/v1/whatif/reward"), kViewer,
                   R"({"deltaVisibility": 5.0, "deltaRevenue": 1000, "apiCost": 0.10})");
    QVERIFY2(r.status == 200, r.body.constData());
    auto j = r.json();
    QCOMPARE(j["reward"].get<double>(), 4999.9);
    JCOMPARE(j["meetsThreshold"], true);
    QCOMPARE(j["minRewardThreshold"].get<double>(), 1.2);
    QCOMPARE(j["benefit"].get<double>(), 5000.0);
    for (const char* input : { "deltaVisibility", "deltaRevenue", "apiCost", "minRewardThreshold" })
        QVERIFY2(j["breakEven"].contains(input), input);
    JCOMPARE(j["breakEven"]["apiCost"]["meetsThreshold"], "below");
    QVERIFY(!j.contains("sensitivity"));

    r = send("POST", QStringLiteral("/api/v1/whatif/reward"), kViewer,
             R"({"deltaVisibility": 5, "deltaRevenue": 1000, "apiCost": 0.1, "minRewardThreshold": 2,
                 "sensitivity": {"input": "deltaVisibility", "from": -1, "to": 1, "steps": 5}})");
    QVERIFY2(r.status == 200, r.body.constData());
    j = r.json();
    QCOMPARE(j["minRewardThreshold"].get<double>(), 2.0);
    QCOMPARE(j["sensitivity"]["points"].size(), std::size_t(5));
    QCOMPARE(j["sensitivity"]["points"][4]["deltaVisibility"].get<double>(), 1.0);
}

void TestDaemonFix::replay()
{
    Reply r
        = send("POST", QStringLiteral("/api/v1/whatif/replay"), kAnalyst,
               R"({"settings": {"learningRate": 0.3}, "minRewardedDecisions": 2, "minEffectiveSampleSize": 1,
                       "minEffectiveSampleFraction": 0})");
    QVERIFY2(r.status == 200, r.body.constData());
    auto j = r.json();
    JCOMPARE(j["question"], "policy");
    JCOMPARE(j["target"]["kind"], "adaptive");
    QCOMPARE(j["target"]["settings"]["learningRate"].get<double>(), 0.3);
    QVERIFY(j["decisions"]["read"].get<qint64>() > 0);

    r = send(
        "POST", QStringLiteral("/api/v1/whatif/replay"), kAnalyst,
        R"({"target": "static", "policy": {"name": "never", "default": {"none": 1}}, "minRewardedDecisions": 2})");
    QVERIFY2(r.status == 200, r.body.constData());
    JCOMPARE(r.json()["target"]["name"], "never");
}

QTEST_GUILESS_MAIN(TestDaemonFix)
#include "tst_daemonfix.moc"
