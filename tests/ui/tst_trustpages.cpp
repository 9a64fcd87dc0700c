// Connections, the fleet view and the approvals inbox, driven through the real widgets: the
// connection editor's validation, the connection list kept without secrets, and approving a
// pending rollback of a real embedded orchestrator through the inbox, then finding the decision
// in its audit trail (on the audit review page).
#include <QAbstractItemModelTester>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
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

#include "approvalsmodel.h"
#include "approvalspage.h"
#include "audit/auditlog.h"
#include "auditpage.h"
#include "auditrecordmodel.h"
#include "client/embeddedclient.h"
#include "commentdialog.h"
#include "connectionconfig.h"
#include "connectioneditor.h"
#include "connectionmanager.h"
#include "connectionspage.h"
#include "connectiontokens.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "settings.h"

using namespace orch;
using namespace orch::ui;

namespace {

constexpr int kTimeoutMs = 60'000;
// The simulated fleet needs a few weeks before its first canary fails; at 1 ms a tick that is
// well under a minute even on a loaded machine.
constexpr int kApprovalTimeoutMs = 120'000;

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestTrustPages final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void parsesServerUrls_data();
    void parsesServerUrls();
    void connectionEditorRefusesABadUrl();
    void keepsConnectionsWithoutSecrets();
    void showsAnUnreachableOrchestratorAsSuch();
    void approvesAPendingRollbackThroughTheInbox();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SettingsStorage> m_storage;
};

void TestTrustPages::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestTrustPages::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storage = std::make_unique<SettingsStorage>(m_dir->filePath(QStringLiteral("console.ini")));
}

void TestTrustPages::parsesServerUrls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // the normalized URL, or a part of the error
    QTest::addColumn<bool>("ok");
    QTest::newRow("https with port") << "https://orch.example:8443" << "https://orch.example:8443" << true;
    QTest::newRow("http, trailing slash") << " http://127.0.0.1:8080/ " << "http://127.0.0.1:8080" << true;
    QTest::newRow("upper-case scheme") << "HTTPS://orch.example" << "https://orch.example" << true;
    QTest::newRow("path prefix") << "https://gw.example/orch" << "https://gw.example/orch" << true;
    QTest::newRow("ftp") << "ftp://orch.example" << "scheme must be http or https, got ftp" << false;
    QTest::newRow("no scheme") << "orch.example:8443" << "scheme must be http or https" << false;
    QTest::newRow("no host") << "https://" << "host" << false;
    QTest::newRow("port 0") << "https://orch.example:0" << "port" << false;
    QTest::newRow("port too big") << "https://orch.example:70000" << "not a valid address" << false;
    QTest::newRow("credentials") << "https://bob:pw@orch.example" << "no user name or password" << false;
    QTest::newRow("query") << "https://orch.example/?token=x" << "no query" << false;
    QTest::newRow("empty") << "" << "required" << false;
}

void TestTrustPages::parsesServerUrls()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(bool, ok);
    const auto url = parseServerUrl(text);
    QCOMPARE(url.ok(), ok);
    if (ok)
        QCOMPARE(url->toString(), expected);
    else
        QVERIFY2(url.error().contains(expected) && url.error().startsWith(QStringLiteral("url: ")),
                 qPrintable(url.error()));
}

void TestTrustPages::connectionEditorRefusesABadUrl()
{
    ConnectionEditor editor;
    editor.show();
    QVERIFY(editor.remoteButton()->isChecked());
    QVERIFY(!editor.okButton()->isEnabled()); // nothing typed yet
    QTest::keyClicks(editor.nameEdit(), QStringLiteral("Production EU"));
    QTest::keyClicks(editor.urlEdit(), QStringLiteral("ftp://orch.example:8443"));
    QVERIFY(!editor.okButton()->isEnabled());
    QVERIFY(editor.problemLabel()->isVisible());
    QVERIFY2(editor.problemLabel()->text().contains(QStringLiteral("scheme must be http or https, got ftp")),
             qPrintable(editor.problemLabel()->text()));
    // Clicking OK anyway does nothing.
    QTest::mouseClick(editor.okButton(), Qt::LeftButton);
    QVERIFY(editor.isVisible());

    editor.urlEdit()->clear();
    QTest::keyClicks(editor.urlEdit(), QStringLiteral("https://orch.example:0"));
    QVERIFY(!editor.okButton()->isEnabled());
    QVERIFY2(editor.problemLabel()->text().contains(QStringLiteral("port")), qPrintable(editor.problemLabel()->text()));

    editor.urlEdit()->clear();
    QTest::keyClicks(editor.urlEdit(), QStringLiteral("https://orch.example:8443"));
    QVERIFY(editor.okButton()->isEnabled());
    QVERIFY(!editor.problemLabel()->isVisible());
    QTest::keyClicks(editor.tokenEdit(), QStringLiteral("tok-123"));
    QCOMPARE(editor.tokenEdit()->echoMode(), QLineEdit::Password);
    const ConnectionConfig config = editor.config();
    QCOMPARE(config.kind, ConnectionConfig::Kind::Remote);
    QCOMPARE(config.url, QUrl(QStringLiteral("https://orch.example:8443")));
    QCOMPARE(config.name, QStringLiteral("Production EU"));
    QVERIFY(config.publicKeyPins.isEmpty());
    // A public-key pin must be a SHA-256 digest (base64 or hex)...
    QTest::keyClicks(editor.pinEdit(), QStringLiteral("ab:cd"));
    QVERIFY(!editor.okButton()->isEnabled());
    QVERIFY2(editor.problemLabel()->text().contains(QStringLiteral("publicKeyPins")),
             qPrintable(editor.problemLabel()->text()));
    QVERIFY2(editor.problemLabel()->text().contains(QStringLiteral("64 hex digits")), qPrintable(editor.problemLabel()->text()));
    editor.pinEdit()->clear();
    // ...and a primary and a backup pin may be given, separated by a comma.
    const QString primaryPin = QString::fromLatin1(QByteArray(32, '\x11').toBase64());
    const QString backupPin = QString::fromLatin1(QByteArray(32, '\x22').toHex(':'));
    QTest::keyClicks(editor.pinEdit(), primaryPin + QStringLiteral(", ") + backupPin);
    QVERIFY2(editor.okButton()->isEnabled(), qPrintable(editor.problemLabel()->text()));
    QCOMPARE(editor.config().publicKeyPins, QStringList({ primaryPin, backupPin }));
    // Stored as a list; an old certificate digest (pinnedSha256) is not a key pin and is dropped.
    QVariantMap stored = editor.config().toVariant();
    QCOMPARE(ConnectionConfig::fromVariant(stored).value().publicKeyPins,
             QStringList({ primaryPin, backupPin }));
    stored.remove(QStringLiteral("publicKeyPins"));
    stored.insert(QStringLiteral("pinnedSha256"), QString(64, u'a'));
    QVERIFY(ConnectionConfig::fromVariant(stored).value().publicKeyPins.isEmpty());
    editor.pinEdit()->clear();
    QVERIFY(editor.okButton()->isEnabled());
    QCOMPARE(editor.token(), std::optional<QString>(QStringLiteral("tok-123")));
    QVERIFY(config.validate().isEmpty());

    // A missing name is a problem too.
    editor.nameEdit()->clear();
    QVERIFY(!editor.okButton()->isEnabled());
    QTest::mouseClick(editor.okButton(), Qt::LeftButton);
    QCOMPARE(editor.result(), int(QDialog::Rejected));
}

void TestTrustPages::keepsConnectionsWithoutSecrets()
{
    const QString secret = QStringLiteral("s3cret-bearer-token-%1").arg(QCoreApplication::applicationPid());
    ConnectionTokens tokens;
    QString id;
    {
        ConnectionManager manager(*m_storage, tokens);
        manager.setAutoStart(false);
        QSignalSpy stored(&manager, &ConnectionManager::tokenStored);
        ConnectionConfig config;
        config.name = QStringLiteral("Production EU");
        config.kind = ConnectionConfig::Kind::Remote;
        config.url = QUrl(QStringLiteral("https://orch.example:8443"));
        ConnectionConfig bad = config;
        bad.url = QUrl(QStringLiteral("ftp://orch.example"));
        const Status refused = manager.addConnection(bad, secret);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("scheme")), qPrintable(refused.error()));
        QVERIFY(manager.ids().isEmpty());
        QVERIFY(manager.addConnection(config, secret));
        QCOMPARE(manager.ids().size(), 1);
        id = manager.ids().constFirst();
        QTRY_COMPARE_WITH_TIMEOUT(stored.size(), 1, kTimeoutMs);
        const bool persistent = stored.at(0).at(1).toBool();
        QCOMPARE(persistent, tokens.keyringAvailable());
        if (!persistent) {
            // No keychain here (the usual case on a build machine): the token lives in memory only,
            // and the connection says so.
            QVERIFY(!tokens.keyringProblem().isEmpty());
            QCOMPARE(tokens.sessionToken(id), std::optional<QString>(secret));
            QVERIFY2(manager.problem(id).contains(QStringLiteral("session only")), qPrintable(manager.problem(id)));
        }
        // Embedded connections are saved too.
        ConnectionConfig embedded;
        embedded.name = QStringLiteral("Replay of last month");
        embedded.kind = ConnectionConfig::Kind::Embedded;
        embedded.dataDir = m_dir->filePath(QStringLiteral("replay"));
        embedded.dealers = 3;
        QVERIFY(manager.addConnection(embedded));
        QVERIFY(manager.client(manager.ids().last())); // an EmbeddedClient, not started
    }
    m_storage->sync();
    // Neither as UTF-8 nor as UTF-16 (QSettings writes QVariant maps in binary) in any file here.
    const QByteArray utf16(reinterpret_cast<const char*>(secret.utf16()), secret.size() * 2);
    QByteArray utf16be;
    for (qsizetype i = 0; i < utf16.size(); i += 2)
        utf16be.append(utf16[i + 1]).append(utf16[i]);
    for (const QString& name : QDir(m_dir->path()).entryList(QDir::Files)) {
        const QByteArray bytes = fileBytes(m_dir->filePath(name));
        QVERIFY2(!bytes.contains(secret.toUtf8()) && !bytes.contains(utf16) && !bytes.contains(utf16be),
                 qPrintable(name));
    }

    // A later session (the settings read back from the file) finds both, in order, and the remote
    // one without a client in this build (or with one, once core/net provides RemoteClient).
    m_storage.reset();
    m_storage = std::make_unique<SettingsStorage>(m_dir->filePath(QStringLiteral("console.ini")));
    ConnectionManager later(*m_storage, tokens);
    later.setAutoStart(false);
    ApprovalsModel approvals(later);
    FleetModel fleet(later, approvals);
    QAbstractItemModelTester fleetTester(&fleet, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester approvalsTester(&approvals, QAbstractItemModelTester::FailureReportingMode::QtTest);
    later.loadSaved();
    QCOMPARE(later.ids().size(), 2);
    QCOMPARE(later.ids().constFirst(), id);
    QCOMPARE(later.name(id), QStringLiteral("Production EU"));
    QCOMPARE(later.config(id)->url, QUrl(QStringLiteral("https://orch.example:8443")));
    QCOMPARE(fleet.rowCount(), 2);
    QCOMPARE(fleet.index(1, FleetModel::AddressColumn).data().toString(),
             QStringLiteral("Embedded · %1").arg(m_dir->filePath(QStringLiteral("replay"))));
    later.removeConnection(id);
    QCOMPARE(fleet.rowCount(), 1);
    QCOMPARE(ConnectionStore(*m_storage).load().size(), 1);
    QVERIFY(!tokens.sessionToken(id));
}

void TestTrustPages::showsAnUnreachableOrchestratorAsSuch()
{
    // An embedded orchestrator whose data directory cannot be created fails to start: the fleet
    // view and the inbox say it is unreachable and show no phase or approvals for it.
    QFile blocker(m_dir->filePath(QStringLiteral("not-a-dir")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    ConnectionTokens tokens;
    ConnectionManager manager(*m_storage, tokens);
    ApprovalsModel approvals(manager);
    ConnectionsPage page(manager, approvals);
    ApprovalsPage inbox(manager, approvals);
    QAbstractItemModelTester tester(page.fleetModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConnectionConfig broken;
    broken.name = QStringLiteral("Broken");
    broken.kind = ConnectionConfig::Kind::Embedded;
    broken.dataDir = blocker.fileName() + QStringLiteral("/data");
    broken.dealers = 2;
    QVERIFY(manager.addConnection(broken));
    const QString id = manager.ids().constFirst();
    FleetModel* fleet = page.fleetModel();
    QTRY_COMPARE_WITH_TIMEOUT(fleet->index(0, FleetModel::ConnectionColumn).data().toString(),
                              FleetModel::stateText(OrchestratorClient::ConnectionState::Failed), kTimeoutMs);
    QCOMPARE(fleet->index(0, 0).data(FleetModel::PhaseRole).toString(), QString());
    QVERIFY(!fleet->index(0, 0).data(FleetModel::WaitingRole).isValid());
    QVERIFY(!approvals.pendingCount(id));
    QTRY_VERIFY_WITH_TIMEOUT(inbox.sourcesLabel()->text().contains(QStringLiteral("unreachable")), kTimeoutMs);
    QCOMPARE(page.fleetView()->cardCount(), 1);
    QVERIFY2(page.fleetView()->cardText(0).contains(QStringLiteral("unreachable")), qPrintable(page.fleetView()->cardText(0)));
}

void TestTrustPages::approvesAPendingRollbackThroughTheInbox()
{
    // A real embedded orchestrator that asks before rolling back.
    const QString spec = m_dir->filePath(QStringLiteral("spec.json"));
    {
        QFile f(spec);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"rollback": {"autoRollback": false}})");
    }
    EmbeddedOptions options;
    options.dataDir = m_dir->filePath(QStringLiteral("data"));
    options.specFile = spec;
    options.dealers = 10;
    options.warmUpDays = 8;
    options.tickIntervalMs = 1;
    options.identity = QStringLiteral("alice@example.com");
    EmbeddedClient client(options);

    ConnectionTokens tokens;
    ConnectionManager manager(*m_storage, tokens);
    const QString id = manager.adoptClient(&client, QStringLiteral("Embedded"));
    ApprovalsModel approvals(manager);
    QAbstractItemModelTester approvalsTester(&approvals, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ApprovalsPage inbox(manager, approvals);
    QAbstractItemModelTester proxyTester(inbox.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConnectionsPage connections(manager, approvals);
    inbox.resize(1100, 700);
    inbox.show();
    client.start();

    QTRY_VERIFY_WITH_TIMEOUT(approvals.rowCount() > 0, kApprovalTimeoutMs);
    client.setPaused(true); // the inbox stays as it is while the analyst reads
    QTRY_VERIFY_WITH_TIMEOUT(approvals.pendingCount(id).value_or(0) > 0, kTimeoutMs);
    // The fleet view counts what waits on the analyst.
    QTRY_COMPARE_WITH_TIMEOUT(connections.fleetModel()->index(0, 0).data(FleetModel::WaitingRole).toInt(),
                              *approvals.pendingCount(id), kTimeoutMs);
    QVERIFY2(connections.fleetView()->cardText(0).contains(QStringLiteral("wait on you")),
             qPrintable(connections.fleetView()->cardText(0)));

    // Pick the first pending rollback.
    int row = -1;
    for (int r = 0; r < inbox.proxy()->rowCount(); ++r) {
        if (inbox.proxy()->index(r, 0).data(ApprovalsModel::PendingRole).toString() == QStringLiteral("rollback")) {
            row = r;
            break;
        }
    }
    QVERIFY2(row >= 0, "no pending rollback");
    const qint64 rolloutId = inbox.proxy()->index(row, 0).data(ApprovalsModel::RolloutIdRole).toLongLong();
    inbox.table()->selectRow(row);
    // Its evidence, and the approver's buttons (the embedded core makes the local user an approver).
    const QString evidence = inbox.evidence()->toPlainText();
    QVERIFY2(evidence.contains(QStringLiteral("Rollout #%1").arg(rolloutId)), qPrintable(evidence));
    QVERIFY(evidence.contains(QStringLiteral("Error rate")));
    QVERIFY(evidence.contains(QStringLiteral("Verification")));
    QVERIFY(evidence.contains(QStringLiteral("Cause chain")));
    QVERIFY2(evidence.contains(QStringLiteral("rollout.approval_requested")), qPrintable(evidence));
    QVERIFY(inbox.approveButton()->isVisible());
    QVERIFY(inbox.refuseButton()->isVisible());

    // Approve: a comment is required.
    QTest::mouseClick(inbox.approveButton(), Qt::LeftButton);
    CommentDialog* dialog = inbox.commentDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(!dialog->acceptButton()->isEnabled());
    QTest::keyClicks(dialog->commentEdit(), QStringLiteral("   "));
    QVERIFY(!dialog->acceptButton()->isEnabled());
    const QString comment = QStringLiteral("canary errors confirmed in the CI logs");
    QTest::keyClicks(dialog->commentEdit(), comment);
    QVERIFY(dialog->acceptButton()->isEnabled());
    QSignalSpy decided(&inbox, &ApprovalsPage::decided);
    QTest::mouseClick(dialog->acceptButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, kTimeoutMs);
    QVERIFY2(decided.at(0).at(0).toBool(), qPrintable(decided.at(0).at(1).toString()));
    // It no longer waits.
    QTRY_COMPARE_WITH_TIMEOUT(approvals.rowOf(id, rolloutId), -1, kTimeoutMs);

    // The decision is in the audit trail, with the analyst's identity and comment: open the trail
    // on the audit review page and find it there.
    AuditPage auditPage(*m_storage);
    QSignalSpy shown(&auditPage, &AuditPage::recordsShown);
    QVERIFY(auditPage.openDirectory(client.dataDir()));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, kTimeoutMs);
    bool found = false;
    for (const audit::Record& r : auditPage.recordModel()->records()) {
        if (r.type.startsWith(QStringLiteral("approval.")) && r.actor == QStringLiteral("alice@example.com")
            && QString::fromStdString(r.data.dump()).contains(comment)) {
            found = true;
            QVERIFY2(r.type == QStringLiteral("approval.approved") || r.type == QStringLiteral("approval.granted"),
                     qPrintable(r.type));
            QVERIFY(auditPage.selectSequence(r.sequence));
            // Its cause chain leads back to the approval request.
            QVERIFY(!auditPage.recordModel()->causesOf(r.sequence).empty());
        }
    }
    QVERIFY2(found, "the approval is not in the audit trail");
}

QTEST_MAIN(TestTrustPages)
#include "tst_trustpages.moc"
