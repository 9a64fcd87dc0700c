// The console against a real orchestratord on a loopback port, driven through the real widgets
// of the real main window (issue 6's acceptance, the remote half): the analyst adds the daemon on
// the Connections page's editor and opens it; the fleet card, the Status page and the Reward
// simulator show the remote orchestrator; the Approvals inbox lists its pending rollback with the
// evidence, hides Approve from an analyst's token and lets an approver approve it with a comment,
// which lands in the daemon's audit trail; a killed daemon reads as unreachable and retrying
// everywhere, with nothing old shown as live, and the console recovers by itself once it is back
// on the same port and data directory.
//
// One daemon (tests/daemon/daemonprocess.h): --simulate on 20 dealers with accelerated ticks (one
// 15-minute tick a second: approval requests expire after 96 s), a spec whose rollbacks wait for
// an approval and whose reward threshold (2.5×) differs from the default, and tokens for an
// analyst and two approvers. The pending rollback is a production-wide one an analyst asks for
// over HTTP (the simulated fleet's canaries fail too rarely to wait for one): it needs two
// approvers, a first one approves over HTTP, the console's approver gives the second approval.

#include <optional>

#include <QDateTime>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

#include <nlohmann/json.hpp>

#include "../daemon/daemonprocess.h"
#include "approvalsmodel.h"
#include "approvalspage.h"
#include "client/embeddedclient.h"
#include "commentdialog.h"
#include "componentstatusmodel.h"
#include "connectioneditor.h"
#include "connectionmanager.h"
#include "connectionspage.h"
#include "driftpage.h"
#include "emptystate.h"
#include "enginestatusbar.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "governancemodel.h"
#include "governancepage.h"
#include "mainwindow.h"
#include "rewardpage.h"
#include "settings.h"
#include "statuspage.h"

using namespace orch;
using namespace orch::ui;

namespace {

// Generous: a loaded 2-core machine. Nothing here waits this long when things work.
constexpr int kTimeoutMs = 60'000;

const QByteArray kApproverToken = "approver-alice-0123456789abcdef";
const QString kApprover = QStringLiteral("alice@example.com");
const QByteArray kApprover2Token = "approver-bob-0123456789abcdef";
const QByteArray kAnalystToken = "analyst-carol-0123456789abcdef";
const QString kAnalyst = QStringLiteral("carol@example.com");

const QString kApproverConnection = QStringLiteral("Loopback (alice, approver)");
const QString kAnalystConnection = QStringLiteral("Loopback (carol, analyst)");

const QStringList kComponents { QStringLiteral("adaptive-weight-learner"), QStringLiteral("drift-sentinel"),
                                QStringLiteral("rl-controller"), QStringLiteral("auto-fix-agents") };

struct Reply
{
    int status = 0;
    QByteArray body;
    QString error;
    nlohmann::json json() const { return nlohmann::json::parse(body.toStdString(), nullptr, false); }
};

// One HTTP exchange with the daemon, as a colleague's tool would make it (not through the console).
Reply send(QNetworkAccessManager& nam, const QByteArray& method, const QUrl& url, const QByteArray& token,
           const QByteArray& body = {})
{
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    request.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(nam.sendCustomRequest(request, method, body));
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        r.error = reply->errorString();
    return r;
}

QStringList componentIds(const QAbstractItemModel& model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(ComponentStatusModel::ComponentIdRole).toString();
    return ids;
}

// Types into a spin box as the analyst does: select what is there, type, leave the field.
void typeInto(QDoubleSpinBox* box, const QString& text)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Tab);
}

} // namespace

class TestConsoleRemote final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void addsTheDaemonOnTheConnectionsPage();
    void opensItOnTheStatusPage();
    void rewardSimulatorUsesItsThreshold();
    void approvesItsPendingRollback();
    void showsItUnreachableAndRecovers();
    void goesBackToItsOwnOrchestrator();

private:
    Reply http(const QByteArray& method, const QString& path, const QByteArray& token,
               const QByteArray& body = {})
    {
        return send(m_nam, method, m_daemon->url(path), token, body);
    }
    // Adds a remote connection through the Connections page's Add… dialog; returns its id.
    QString addThroughTheEditor(const QString& name, const QByteArray& token);
    ConnectionsPage* connectionsPage() const
    {
        return qobject_cast<ConnectionsPage*>(m_window->page(QStringLiteral("connections")));
    }
    int fleetRow(const QString& id) const { return connectionsPage()->fleetModel()->rowOf(id); }
    QString cardText(const QString& id) const
    {
        return connectionsPage()->fleetView()->cardText(fleetRow(id));
    }
    QString phaseOf(const QString& id) const
    {
        return connectionsPage()->fleetModel()->index(fleetRow(id), 0).data(FleetModel::PhaseRole).toString();
    }
    // A promoted rollout of the daemon's fleet (it ticks on until there is one); 0 when none came.
    qint64 promotedRollout();

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
    std::unique_ptr<DaemonProcess> m_daemon;
    std::unique_ptr<SettingsStorage> m_storage;
    std::unique_ptr<ConsoleSettings> m_settings;
    std::unique_ptr<EmbeddedClient> m_embedded;
    std::unique_ptr<MainWindow> m_window;
    QString m_approverId;
    QString m_analystId;
};

void TestConsoleRemote::initTestCase()
{
    // Nothing here may touch the user's own settings, data or keychain entries.
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
    const auto write = [&](const QString& name, const QByteArray& content) {
        QFile f(m_dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    };
    write(QStringLiteral("tokens"),
          kApproverToken + " approver " + kApprover.toLatin1() + "\n" + kApprover2Token
              + " approver bob@example.com\n" + kAnalystToken + " analyst " + kAnalyst.toLatin1() + "\n");
    write(QStringLiteral("spec.json"),
          R"({"rollback": {"autoRollback": false}, "governance": {"minRewardThreshold": 2.5}})");

    m_daemon = std::make_unique<DaemonProcess>();
    // The daemon logs while it simulates: into a file (kept across its restart), never a pipe.
    m_daemon->process().setStandardErrorFile(m_dir.filePath(QStringLiteral("daemon.log")), QIODevice::Append);
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(m_daemon->start({ QStringLiteral("--token-file"), m_dir.filePath(QStringLiteral("tokens")),
                               QStringLiteral("--spec"), m_dir.filePath(QStringLiteral("spec.json")),
                               QStringLiteral("--simulate"), QStringLiteral("20"), QStringLiteral("--seed"),
                               QStringLiteral("7"), QStringLiteral("--warm-up-days"), QStringLiteral("10"),
                               QStringLiteral("--sim-tick-ms"), QStringLiteral("1000") },
                             kTimeoutMs),
             qPrintable(m_daemon->errorText()));
    // The daemon backfills its warm-up days first; the fleet runs live once its clock has caught up
    // with the wall clock.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const Reply who = http("GET", QStringLiteral("/api/v1/whoami"), kApproverToken);
            const auto json = who.json();
            if (who.status != 200 || !json.is_object() || !json["engineTime"].is_string())
                return false;
            const QDateTime t = QDateTime::fromString(
                QString::fromStdString(json["engineTime"].get<std::string>()), Qt::ISODate);
            return t.toMSecsSinceEpoch() >= wall - 15 * 60 * 1000;
        }(),
        kTimeoutMs * 2);

    // The console: its own (embedded) orchestrator on a small fleet, as the application starts it.
    m_storage = std::make_unique<SettingsStorage>(m_dir.filePath(QStringLiteral("console.ini")));
    m_settings = std::make_unique<ConsoleSettings>(*m_storage);
    EmbeddedOptions options;
    options.dataDir = m_dir.filePath(QStringLiteral("embedded"));
    options.dealers = 3;
    options.warmUpDays = 8;
    options.tickIntervalMs = 250;
    m_embedded = std::make_unique<EmbeddedClient>(options);
    m_window = std::make_unique<MainWindow>(*m_embedded, *m_settings);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_embedded->start();
}

void TestConsoleRemote::cleanupTestCase()
{
    m_window.reset();
    m_embedded.reset();
    if (m_daemon && m_daemon->process().state() != QProcess::NotRunning)
        QCOMPARE(m_daemon->terminate(), 0);
}

QString TestConsoleRemote::addThroughTheEditor(const QString& name, const QByteArray& token)
{
    ConnectionsPage* page = connectionsPage();
    QStringList before;
    for (int r = 0; r < page->fleetModel()->rowCount(); ++r)
        before << page->fleetModel()->connectionId(r);
    const auto failed = [](const char* why) {
        qWarning("adding a connection: %s", why);
        return QString();
    };
    if (!QTest::qWaitFor([&] { return page->addButton()->isEnabled(); }, kTimeoutMs))
        return failed("Add… stays disabled");
    QTest::mouseClick(page->addButton(), Qt::LeftButton);
    ConnectionEditor* editor = page->editor();
    if (!editor || !QTest::qWaitFor([&] { return editor->isVisible(); }, kTimeoutMs))
        return failed("no editor");
    // A new connection is a remote one unless the analyst says otherwise; nothing typed, no OK.
    if (!editor->remoteButton()->isChecked() || editor->okButton()->isEnabled())
        return failed("the editor does not start as an empty remote connection");
    QTest::keyClicks(editor->nameEdit(), name);
    QTest::keyClicks(editor->urlEdit(), m_daemon->url(QString()).toString());
    QTest::keyClicks(editor->tokenEdit(), QString::fromLatin1(token));
    if (!editor->okButton()->isEnabled())
        return failed(qPrintable(QStringLiteral("OK stays disabled: ") + editor->problemLabel()->text()));
    if (editor->tokenEdit()->echoMode() != QLineEdit::Password)
        return failed("the token is shown");
    QTest::mouseClick(editor->okButton(), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return !page->editor(); }, kTimeoutMs))
        return failed("the editor stays open");
    for (int r = 0; r < page->fleetModel()->rowCount(); ++r) {
        const QString id = page->fleetModel()->connectionId(r);
        if (!before.contains(id)
            && page->fleetModel()->index(r, FleetModel::NameColumn).data().toString() == name)
            return id;
    }
    return failed("no new row in the fleet model");
}

void TestConsoleRemote::addsTheDaemonOnTheConnectionsPage()
{
    m_window->showPage(QStringLiteral("connections"));
    ConnectionsPage* page = connectionsPage();
    QVERIFY(page && page->isVisible());
    QCOMPARE(page->fleetView()->cardCount(), 1); // the console's own orchestrator

    m_approverId = addThroughTheEditor(kApproverConnection, kApproverToken);
    QVERIFY2(!m_approverId.isEmpty(), "the connection editor did not add the approver's connection");
    QVERIFY2(page->messageLabel()->text().contains(kApproverConnection),
             qPrintable(page->messageLabel()->text()));
    m_analystId = addThroughTheEditor(kAnalystConnection, kAnalystToken);
    QVERIFY2(!m_analystId.isEmpty(), "the connection editor did not add the analyst's connection");
    QCOMPARE(page->fleetView()->cardCount(), 3);

    // The cards show the remote orchestrator live: connected, its phase, the role of each token.
    FleetModel* fleet = page->fleetModel();
    for (const QString& id : { m_approverId, m_analystId }) {
        QTRY_VERIFY_WITH_TIMEOUT(!phaseOf(id).isEmpty(), kTimeoutMs);
        QCOMPARE(fleet->index(fleetRow(id), FleetModel::ConnectionColumn).data().toString(),
                 FleetModel::stateText(OrchestratorClient::ConnectionState::Connected));
        const QString card = cardText(id);
        QVERIFY2(card.contains(FleetModel::stateText(OrchestratorClient::ConnectionState::Connected))
                     && card.contains(phaseOf(id)),
                 qPrintable(card));
        QVERIFY2(card.contains(m_daemon->url(QString()).host()), qPrintable(card));
    }
    // The phase is the daemon's.
    const auto status = http("GET", QStringLiteral("/api/orchestrator/status"), kApproverToken).json();
    QVERIFY(status.is_object() && status["phase"].is_string());
    QTRY_COMPARE_WITH_TIMEOUT(phaseOf(m_approverId),
                              QString::fromStdString(status["phase"].get<std::string>()), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(fleet->index(fleetRow(m_approverId), FleetModel::RoleColumn).data().toString(),
                              QStringLiteral("approver"), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(fleet->index(fleetRow(m_analystId), FleetModel::RoleColumn).data().toString(),
                              QStringLiteral("analyst"), kTimeoutMs);
    // The list is kept (without the tokens, which tst_trustpages checks).
    QCOMPARE(ConnectionStore(*m_storage).load().size(), 2);
}

void TestConsoleRemote::opensItOnTheStatusPage()
{
    QVERIFY(!m_approverId.isEmpty());
    ConnectionsPage* page = connectionsPage();
    // Until the analyst opens another, the pages show the console's own orchestrator.
    QCOMPARE(&m_window->shownClient(), static_cast<OrchestratorClient*>(m_embedded.get()));
    page->table()->setCurrentIndex(page->fleetModel()->indexOf(m_approverId));
    QTRY_VERIFY(page->openButton()->isEnabled());
    QTest::mouseClick(page->openButton(), Qt::LeftButton);
    QVERIFY(&m_window->shownClient() != m_embedded.get());
    QCOMPARE(m_window->windowTitle(), kApproverConnection);

    m_window->showPage(QStringLiteral("status"));
    auto* status = qobject_cast<StatusPage*>(m_window->page(QStringLiteral("status")));
    QVERIFY(status && status->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(status->state(), StatusPage::State::Live, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(componentIds(*status->componentTable()->model()), kComponents, kTimeoutMs);
    QVERIFY(!status->phase().isEmpty());
    // The remote spec's figures, not the embedded defaults: rollbacks wait for approval, 2.5×.
    QTRY_COMPARE_WITH_TIMEOUT(status->findChild<QLabel*>(QStringLiteral("rewardThreshold"))->text(),
                              QStringLiteral("2.5×"), kTimeoutMs);
    QCOMPARE(status->findChild<QLabel*>(QStringLiteral("rollbackEnabled"))->text(),
             QStringLiteral("Disabled: rollbacks wait for an analyst's approval"));
    // The status bar speaks of the remote connection.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engineStatusBar()->connectionText().startsWith(
                                 QStringLiteral("Connected · ") + kApproverConnection),
                             kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engineStatusBar()->clockText().startsWith(QStringLiteral("Clock: 20")),
                             kTimeoutMs);
}

void TestConsoleRemote::rewardSimulatorUsesItsThreshold()
{
    QVERIFY(!m_approverId.isEmpty());
    m_window->showPage(QStringLiteral("reward"));
    auto* reward = qobject_cast<RewardPage*>(m_window->page(QStringLiteral("reward")));
    QVERIFY(reward && reward->isVisible());
    auto* visibility = reward->findChild<QDoubleSpinBox*>(QStringLiteral("deltaVisibility"));
    auto* revenue = reward->findChild<QDoubleSpinBox*>(QStringLiteral("deltaRevenue"));
    auto* cost = reward->findChild<QDoubleSpinBox*>(QStringLiteral("apiCost"));
    auto* threshold = reward->findChild<QDoubleSpinBox*>(QStringLiteral("minRewardThreshold"));
    auto* verdict = reward->findChild<QLabel*>(QStringLiteral("verdict"));
    QVERIFY(visibility && revenue && cost && threshold && verdict);
    // The threshold comes from the remote orchestrator's spec.
    QTRY_COMPARE_WITH_TIMEOUT(threshold->value(), 2.5, kTimeoutMs);

    // 0.3 * 1 = 0.3 >= 2.5 * 0.10: meets it.
    typeInto(visibility, QStringLiteral("0.3"));
    typeInto(revenue, QStringLiteral("1"));
    typeInto(cost, QStringLiteral("0.10"));
    QCOMPARE(visibility->value(), 0.3);
    QCOMPARE(cost->value(), 0.10);
    QVERIFY2(verdict->text().startsWith(QStringLiteral("✔ Meets the 2.5× threshold")),
             qPrintable(verdict->text()));
    QVERIFY(reward->result() && reward->result()->meetsThreshold);
    // 0.2 < 0.25 crosses it (while the default 1.2× would still be met).
    typeInto(visibility, QStringLiteral("0.2"));
    QVERIFY2(verdict->text().startsWith(QStringLiteral("✘ Below")), qPrintable(verdict->text()));
    QVERIFY(verdict->text().contains(QStringLiteral("2.5×")));
    QVERIFY(!reward->result()->meetsThreshold);
    // And back over it with the cost.
    typeInto(cost, QStringLiteral("0.08"));
    QVERIFY2(verdict->text().startsWith(QStringLiteral("✔ Meets")), qPrintable(verdict->text()));
}

qint64 TestConsoleRemote::promotedRollout()
{
    qint64 id = 0;
    (void)QTest::qWaitFor(
        [&] {
            const auto list
                = http("GET", QStringLiteral("/api/v1/rollouts?limit=100"), kApproverToken).json();
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
        kTimeoutMs * 2);
    return id;
}

void TestConsoleRemote::approvesItsPendingRollback()
{
    QVERIFY(!m_approverId.isEmpty() && !m_analystId.isEmpty());
    // Carol, an analyst, asks on her own tool to roll back a fix that is in production; Bob, a first
    // approver, agrees. A production-wide rollback needs a second approver: the console's.
    const qint64 id = promotedRollout();
    QVERIFY2(id > 0, "the simulated fleet promoted no rollout");
    const Reply requested = http("POST", QStringLiteral("/api/v1/rollouts/%1/rollback").arg(id),
                                 kAnalystToken, R"({"comment": "conversions dropped after the fix"})");
    QVERIFY2(requested.status == 200, requested.body.constData());
    const auto inboxJson = http("GET", QStringLiteral("/api/v1/approvals"), kApproverToken).json();
    QString hash;
    for (const auto& a : inboxJson["approvals"]) {
        if (a["rollout"]["id"].get<qint64>() == id)
            hash = QString::fromStdString(a["requestHash"].get<std::string>());
    }
    QCOMPARE(hash.size(), 64);
    const Reply first
        = http("POST", QStringLiteral("/api/v1/approvals/%1/approve").arg(id), kApprover2Token,
               QByteArray(R"({"comment": "seen the drop too", "requestHash": ")") + hash.toLatin1() + "\"}");
    QVERIFY2(first.status == 200, first.body.constData());

    m_window->showPage(QStringLiteral("approvals"));
    auto* inbox = qobject_cast<ApprovalsPage*>(m_window->page(QStringLiteral("approvals")));
    QVERIFY(inbox && inbox->isVisible());
    ApprovalsModel& model = inbox->model();
    // Both connections to the daemon list it (the rollout and approval events trigger the refresh).
    const auto approvalsOf = [&](const QString& connection) {
        const Approval* a = model.approval(model.rowOf(connection, id));
        return a ? a->approvals : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(approvalsOf(m_approverId) == 1 && approvalsOf(m_analystId) == 1, kTimeoutMs);
    const auto proxyRow = [&](const QString& connection) {
        return inbox->proxy()->mapFromSource(model.index(model.rowOf(connection, id), 0)).row();
    };

    // Carol's connection: the evidence, but no Approve or Refuse for an analyst.
    inbox->table()->selectRow(proxyRow(m_analystId));
    const QString evidence = inbox->evidence()->toPlainText();
    QVERIFY2(evidence.contains(QStringLiteral("Rollout #%1").arg(id)), qPrintable(evidence));
    QVERIFY2(evidence.contains(QStringLiteral("rollback requested by %1").arg(kAnalyst)),
             qPrintable(evidence));
    QVERIFY2(evidence.contains(QStringLiteral("approvals: 1 of 2")), qPrintable(evidence));
    QVERIFY(evidence.contains(QStringLiteral("Error rate")));
    QVERIFY(evidence.contains(QStringLiteral("Verification")));
    QVERIFY(evidence.contains(QStringLiteral("Cause chain")));
    QVERIFY2(evidence.contains(QStringLiteral("rollout.approval_requested")), qPrintable(evidence));
    QVERIFY2(evidence.contains(QStringLiteral("seen the drop too")),
             qPrintable(evidence)); // Bob's, in the history
    QVERIFY(!inbox->approveButton()->isVisible());
    QVERIFY(!inbox->refuseButton()->isVisible());
    const QString note = inbox->findChild<QLabel*>(QStringLiteral("approvalRoleNote"))->text();
    QVERIFY2(note.contains(QStringLiteral("analyst")), qPrintable(note));

    // Alice's connection: an approver. Approve, with the required comment.
    inbox->table()->selectRow(proxyRow(m_approverId));
    QVERIFY2(inbox->evidence()->toPlainText().contains(QStringLiteral("Rollout #%1").arg(id)),
             qPrintable(inbox->evidence()->toPlainText()));
    QVERIFY(inbox->approveButton()->isVisible());
    QVERIFY(inbox->refuseButton()->isVisible());
    QTest::mouseClick(inbox->approveButton(), Qt::LeftButton);
    CommentDialog* dialog = inbox->commentDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(!dialog->acceptButton()->isEnabled());
    const QString comment = QStringLiteral("confirmed in the conversion dashboards, roll it back");
    QTest::keyClicks(dialog->commentEdit(), comment);
    QVERIFY(dialog->acceptButton()->isEnabled());
    QSignalSpy decided(inbox, &ApprovalsPage::decided);
    QTest::mouseClick(dialog->acceptButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, kTimeoutMs);
    QVERIFY2(decided.at(0).at(0).toBool(), qPrintable(decided.at(0).at(1).toString()));
    QVERIFY2(decided.at(0).at(1).toString().contains(QStringLiteral("rolled-back")),
             qPrintable(decided.at(0).at(1).toString()));
    // It no longer waits, on either connection.
    QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(m_approverId, id), -1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(m_analystId, id), -1, kTimeoutMs);

    // The daemon's audit trail has the approval: Alice's identity, her comment, the request's hash.
    const auto records
        = http("GET", QStringLiteral("/api/v1/audit/records?type=approval.&limit=1000"), kApproverToken)
              .json();
    QVERIFY(records.is_object() && records["records"].is_array());
    bool found = false;
    for (const auto& r : records["records"]) {
        const auto& data = r["data"];
        if (r["type"] != "approval.approved" || data.value("rolloutId", qint64(0)) != id
            || r["actor"] != kApprover.toStdString())
            continue;
        found = true;
        QCOMPARE(QString::fromStdString(data.value("comment", std::string())), comment);
        QCOMPARE(QString::fromStdString(data.value("requestHash", std::string())), hash);
        QCOMPARE(QString::fromStdString(data.value("by", std::string())), kApprover);
        QCOMPARE(data.value("approvals", 0), 2);
    }
    QVERIFY2(found, "Alice's approval is not in the daemon's audit trail");
    const auto rollout = http("GET", QStringLiteral("/api/v1/rollouts/%1").arg(id), kApproverToken).json();
    QCOMPARE(QString::fromStdString(rollout.value("state", std::string())), QStringLiteral("rolled-back"));
}

void TestConsoleRemote::showsItUnreachableAndRecovers()
{
    QVERIFY(!m_approverId.isEmpty());
    m_window->showPage(QStringLiteral("status"));
    auto* status = qobject_cast<StatusPage*>(m_window->page(QStringLiteral("status")));
    auto* reward = qobject_cast<RewardPage*>(m_window->page(QStringLiteral("reward")));
    auto* inbox = qobject_cast<ApprovalsPage*>(m_window->page(QStringLiteral("approvals")));
    auto* drift = qobject_cast<DriftPage*>(m_window->page(QStringLiteral("drift")));
    auto* governance = qobject_cast<GovernancePage*>(m_window->page(QStringLiteral("governance")));
    QVERIFY(status && reward && inbox && drift && governance);
    QTRY_COMPARE_WITH_TIMEOUT(status->state(), StatusPage::State::Live, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(governance->state(), GovernancePage::State::Live, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        drift->state() == DriftPage::State::Live || drift->state() == DriftPage::State::NoData, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(inbox->model().pendingCount(m_approverId).has_value(), kTimeoutMs);

    // The machine goes away.
    m_daemon->kill();

    // The fleet card: unreachable (or trying again), why, when it retries; no phase.
    QTRY_VERIFY_WITH_TIMEOUT(cardText(m_approverId).contains(QStringLiteral("retrying in")), kTimeoutMs);
    QVERIFY(phaseOf(m_approverId).isEmpty());
    QVERIFY2(!cardText(m_approverId).contains(QStringLiteral("operational"))
                 && !cardText(m_approverId).contains(QStringLiteral("degraded")),
             qPrintable(cardText(m_approverId)));
    QVERIFY2(cardText(m_approverId).contains(QStringLiteral("Waiting on you: unknown")),
             qPrintable(cardText(m_approverId)));
    QTRY_VERIFY_WITH_TIMEOUT(cardText(m_analystId).contains(QStringLiteral("retrying in")), kTimeoutMs);
    // The status bar.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->engineStatusBar()->connectionText().contains(QStringLiteral("retrying in")), kTimeoutMs);
    QVERIFY2(!m_window->engineStatusBar()->connectionText().startsWith(QStringLiteral("Connected")),
             qPrintable(m_window->engineStatusBar()->connectionText()));
    QVERIFY2(m_window->engineStatusBar()->clockText().contains(QStringLiteral("not live")),
             qPrintable(m_window->engineStatusBar()->clockText()));
    // The Status page says so instead of showing the last status.
    QVERIFY(status->state() != StatusPage::State::Live);
    QCOMPARE(status->componentModel()->rowCount(), 0);
    QCOMPARE(status->phase(), QString());
    auto* empty = status->findChild<EmptyState*>();
    QVERIFY(empty && empty->isVisible());
    QCOMPARE(empty->kind(), EmptyState::Kind::Error);
    QVERIFY2(empty->detail().contains(kApproverConnection), qPrintable(empty->detail()));
    QCOMPARE(status->findChild<QLabel*>(QStringLiteral("rewardThreshold"))->text(), QStringLiteral("—"));
    // The inbox lists nothing of it; the replay cannot run.
    QVERIFY(!inbox->model().pendingCount(m_approverId));
    QCOMPARE(inbox->model().rowOf(m_approverId, 0), -1);
    QVERIFY2(inbox->sourcesLabel()->text().contains(QStringLiteral("unreachable"))
                 || inbox->sourcesLabel()->text().contains(QStringLiteral("connecting")),
             qPrintable(inbox->sourcesLabel()->text()));
    QVERIFY(!reward->findChild<QPushButton*>(QStringLiteral("replayRun"))->isEnabled());
    // Nor do the Drift and Governance pages.
    QVERIFY(drift->state() == DriftPage::State::Error || drift->state() == DriftPage::State::Waiting);
    QVERIFY(governance->state() != GovernancePage::State::Live);
    QCOMPARE(governance->model()->rowCount(), 0);

    // Back on the same port and data directory: the console reconnects by itself.
    QVERIFY2(m_daemon->restart(kTimeoutMs), qPrintable(m_daemon->errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(!phaseOf(m_approverId).isEmpty(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!phaseOf(m_analystId).isEmpty(), kTimeoutMs);
    QVERIFY2(!cardText(m_approverId).contains(QStringLiteral("retrying")),
             qPrintable(cardText(m_approverId)));
    QTRY_COMPARE_WITH_TIMEOUT(status->state(), StatusPage::State::Live, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(componentIds(*status->componentTable()->model()), kComponents, kTimeoutMs);
    QVERIFY(!status->phase().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engineStatusBar()->connectionText().startsWith(
                                 QStringLiteral("Connected · ") + kApproverConnection),
                             kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->engineStatusBar()->clockText().contains(QStringLiteral("not live")),
                             kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(inbox->model().pendingCount(m_approverId).has_value(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(reward->findChild<QPushButton*>(QStringLiteral("replayRun"))->isEnabled(),
                             kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(governance->state(), GovernancePage::State::Live, kTimeoutMs);
}

void TestConsoleRemote::goesBackToItsOwnOrchestrator()
{
    QVERIFY(!m_approverId.isEmpty());
    ConnectionsPage* page = connectionsPage();
    m_window->showPage(QStringLiteral("connections"));
    // Open on the console's own row: the pages show the embedded orchestrator again.
    const QString own = page->fleetModel()->connectionId(0);
    QCOMPARE(page->fleetModel()->index(0, FleetModel::NameColumn).data().toString(),
             QStringLiteral("This console (embedded)"));
    page->table()->setCurrentIndex(page->fleetModel()->indexOf(own));
    QTest::mouseClick(page->openButton(), Qt::LeftButton);
    QCOMPARE(&m_window->shownClient(), static_cast<OrchestratorClient*>(m_embedded.get()));
    QCOMPARE(m_window->windowTitle(), m_embedded->displayName());
    auto* status = qobject_cast<StatusPage*>(m_window->page(QStringLiteral("status")));
    QTRY_COMPARE_WITH_TIMEOUT(status->state(), StatusPage::State::Live, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(status->findChild<QLabel*>(QStringLiteral("rewardThreshold"))->text(),
                              QStringLiteral("1.2×"), kTimeoutMs);

    // Removing the connection that is open brings the pages back to the console's own, before its
    // client goes away.
    page->table()->setCurrentIndex(page->fleetModel()->indexOf(m_analystId));
    QTest::mouseClick(page->openButton(), Qt::LeftButton);
    QCOMPARE(m_window->windowTitle(), kAnalystConnection);
    QVERIFY(page->removeButton()->isEnabled());
    QTest::mouseClick(page->removeButton(), Qt::LeftButton);
    QCOMPARE(&m_window->shownClient(), static_cast<OrchestratorClient*>(m_embedded.get()));
    QCOMPARE(m_window->windowTitle(), m_embedded->displayName());
    QCOMPARE(page->fleetView()->cardCount(), 2);
    m_window->showPage(QStringLiteral("status"));
    status = qobject_cast<StatusPage*>(m_window->page(QStringLiteral("status")));
    QTRY_COMPARE_WITH_TIMEOUT(status->state(), StatusPage::State::Live, kTimeoutMs);
    QTest::qWait(100); // the removed client is deleted from the event loop: nothing may point at it
    QVERIFY(m_window->engineStatusBar()->connectionText().startsWith(QStringLiteral("Connected")));
}

QTEST_MAIN(TestConsoleRemote)
#include "tst_consoleremote.moc"
