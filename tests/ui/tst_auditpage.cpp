// The audit review page, driven like an analyst would: open a real audit trail made by the core,
// verify it (intact, tampered, cancelled, against a trusted checkpoint), browse and filter, follow a
// cause chain, export a selection as an evidence bundle and open that bundle.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "../audit/audittesthelpers.h"
#include "audit/auditlog.h"
#include "auditfilterproxy.h"
#include "auditpage.h"
#include "auditrecordmodel.h"
#include "auditreview.h"
#include "engine/clock.h"
#include "settings.h"

using namespace orch;
using namespace orch::ui;

namespace {

constexpr int kTimeoutMs = 60'000;
constexpr TimeMs kStart = 1767225600000; // 2026-01-01T00:00:00Z

// A trail shaped like the orchestrator's: every `drift.detected` causes an `alert.raised` and an
// `agents.pause`; the alert causes `alert.delivered`. Returns false (with a message) on failure.
bool writeTrail(const QString& dataDir, int incidents, int checkpointEvery = 50, QString* error = nullptr,
                TimeMs start = kStart)
{
    SimulatedClock clock(start);
    audit::AuditLog::Options options;
    options.dataDir = dataDir;
    options.clock = &clock;
    options.checkpointEvery = checkpointEvery;
    auto log = audit::AuditLog::open(options);
    if (!log) {
        if (error)
            *error = log.error();
        return false;
    }
    for (int i = 0; i < incidents; ++i) {
        clock.advanceBy(15 * kMinuteMs);
        const QString dealer = QStringLiteral("dealer-%1").arg(i % 7, 3, 10, QLatin1Char('0'));
        auto drift = (*log)->append(QStringLiteral("drift.detected"),
                                    { { "dealer", dealer.toStdString() }, { "feature", "aiv" }, { "std", 3.5 } });
        if (!drift)
            return false;
        auto alert = (*log)->append(QStringLiteral("alert.raised"), { { "dealer", dealer.toStdString() } }, *drift);
        auto pause = (*log)->append(QStringLiteral("agents.pause"), { { "dealer", dealer.toStdString() } }, *drift);
        if (!alert || !pause)
            return false;
        if (!(*log)->append(QStringLiteral("alert.delivered"), { { "channel", "slack" } }, *alert))
            return false;
    }
    auto cp = (*log)->checkpoint();
    return cp.ok();
}

// Many records quickly (batches share one fdatasync).
bool writeLargeTrail(const QString& dataDir, int records)
{
    SimulatedClock clock(kStart);
    audit::AuditLog::Options options;
    options.dataDir = dataDir;
    options.clock = &clock;
    auto log = audit::AuditLog::open(options);
    if (!log)
        return false;
    std::vector<audit::NewEntry> batch;
    for (int i = 0; i < records; ++i) {
        batch.push_back({ QStringLiteral("fix.vote"), { { "i", i }, { "note", std::string(200, 'x') } } });
        if (batch.size() == 2000 || i == records - 1) {
            clock.advanceBy(kMinuteMs);
            if (!(*log)->appendBatch(batch))
                return false;
            batch.clear();
        }
    }
    return true;
}

QString signingKey(const QString& dataDir)
{
    return dataDir + QStringLiteral("/audit/keys/signing-public.pem");
}

} // namespace

class TestAuditPage final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void refusesWhatIsNotATrail();
    void verifiesBrowsesAndFollowsCauses();
    void showsTheFirstBadRecordOfATamperedTrail();
    void cancelsAVerification();
    void verifiesAgainstATrustedCheckpoint();
    void exportsASelectionAndOpensTheBundle();
    void refusesATamperedBundle();
    void proxyFiltersAndSortsOffTheGuiThread();
    void pageFiltersALargeTrailInTheBackground();
    void cancelsDecoding();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SettingsStorage> m_storage;
};

void TestAuditPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestAuditPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storage = std::make_unique<SettingsStorage>(m_dir->filePath(QStringLiteral("console.ini")));
}

void TestAuditPage::refusesWhatIsNotATrail()
{
    AuditPage page(*m_storage);
    const Status missing = page.openDirectory(m_dir->filePath(QStringLiteral("nowhere")));
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(QStringLiteral("not a directory")), qPrintable(missing.error()));
    const Status empty = page.openDirectory(m_dir->path());
    QVERIFY(!empty);
    QVERIFY2(empty.error().contains(QStringLiteral("audit")), qPrintable(empty.error()));
    QCOMPARE(page.review()->sourceKind(), AuditReview::SourceKind::None);
    QVERIFY(!page.verifyButton()->isEnabled());
}

void TestAuditPage::verifiesBrowsesAndFollowsCauses()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QString error;
    QVERIFY2(writeTrail(data, 40, 50, &error), qPrintable(error));

    AuditPage page(*m_storage);
    page.resize(1200, 800);
    page.show();
    QAbstractItemModelTester modelTester(page.recordModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(page.filterProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester causeTester(page.causeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy verified(&page, &AuditPage::verified);
    QSignalSpy shown(&page, &AuditPage::recordsShown);

    // Picking the audit/ folder itself works as well as the data directory.
    QVERIFY(page.openDirectory(data + QStringLiteral("/audit")));
    QCOMPARE(page.review()->sourcePath(), QDir(data).absolutePath());
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, kTimeoutMs);
    const auto verdict = verified.at(0).at(0).value<AuditVerdict>();
    QCOMPARE(verdict.outcome, AuditVerdict::Outcome::Intact);
    QVERIFY(verdict.latestCheckpoint);
    QVERIFY2(page.verdictLabel()->text().contains(QStringLiteral("Intact")), qPrintable(page.verdictLabel()->text()));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, kTimeoutMs);
    QCOMPARE(page.recordModel()->rowCount(), 160); // 40 incidents x 4 entries
    QVERIFY(page.recordTable()->isVisible());
    QVERIFY(!page.progressBar()->isVisible());

    // Filters: type prefix, exact type, cause, time range.
    auto* type = page.findChild<QComboBox*>(QStringLiteral("typeFilter"));
    QVERIFY(type);
    type->setCurrentText(QStringLiteral("alert."));
    QCOMPARE(page.filterProxy()->rowCount(), 80);
    type->setCurrentText(QStringLiteral("alert.raised"));
    QCOMPARE(page.filterProxy()->rowCount(), 40);
    type->setCurrentText(QString());
    const qint64 firstDrift = page.recordModel()->records().front().sequence;
    QCOMPARE(page.recordModel()->records().front().type, QStringLiteral("drift.detected"));
    auto* cause = page.findChild<QLineEdit*>(QStringLiteral("causeFilter"));
    QTest::keyClicks(cause, QString::number(firstDrift));
    QCOMPARE(page.filterProxy()->rowCount(), 2); // its alert and its pause
    cause->clear();
    auto* sinceEnabled = page.findChild<QCheckBox*>(QStringLiteral("sinceEnabled"));
    page.filterProxy()->setTimeRange(kStart + 10 * 15 * kMinuteMs, kStart + 19 * 15 * kMinuteMs);
    QCOMPARE(page.filterProxy()->rowCount(), 40); // incidents 10..19
    sinceEnabled->setChecked(true);
    sinceEnabled->setChecked(false); // re-applies the page's own (empty) range
    QCOMPARE(page.filterProxy()->rowCount(), 160);

    // Select an alert.delivered: its chain leads back to the drift that started it.
    const auto& records = page.recordModel()->records();
    const qint64 delivered = records[3].sequence;
    QCOMPARE(records[3].type, QStringLiteral("alert.delivered"));
    QVERIFY(page.selectSequence(delivered));
    QStandardItemModel* chain = page.causeModel();
    QCOMPARE(chain->rowCount(), 2);
    const QStandardItem* causes = chain->item(0);
    QCOMPARE(causes->rowCount(), 2); // alert.raised, then drift.detected
    QVERIFY(causes->child(0)->text().contains(QStringLiteral("alert.raised")));
    QVERIFY(causes->child(1)->text().contains(QStringLiteral("drift.detected")));
    // Follow the chain to the drift: its effects (alert and pause, the alert's delivery below it).
    page.causeTree()->setCurrentIndex(causes->child(1)->index());
    emit page.causeTree()->activated(causes->child(1)->index());
    const QModelIndex current = page.recordTable()->currentIndex();
    QCOMPARE(current.data(AuditRecordModel::SequenceRole).toLongLong(), firstDrift);
    const QStandardItem* effects = page.causeModel()->item(1);
    QCOMPARE(effects->rowCount(), 2);
    QCOMPARE(effects->child(0)->rowCount(), 1); // alert.raised -> alert.delivered
    QVERIFY(effects->child(0)->child(0)->text().contains(QStringLiteral("alert.delivered")));
    QCOMPARE(page.recordModel()->causesOf(firstDrift).size(), size_t(0));

    // Sorting through the proxy: newest first.
    page.recordTable()->sortByColumn(AuditRecordModel::SequenceColumn, Qt::DescendingOrder);
    QCOMPARE(page.filterProxy()->index(0, 0).data(AuditRecordModel::SequenceRole).toLongLong(), records.back().sequence);
}

void TestAuditPage::showsTheFirstBadRecordOfATamperedTrail()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(writeTrail(data, 30));
    // Flip one byte inside the ciphertext of a record in the middle of the trail.
    const auto segments = audittest::layout(data);
    QVERIFY(!segments.empty());
    const auto& segment = segments.front();
    QVERIFY(segment.frames.size() > 40);
    const audittest::FrameSpan frame = segment.frames[40];
    QByteArray bytes = audittest::readAll(segment.path);
    const qsizetype at = frame.offset + 8 + orch::audit::format::kRecordHeaderSize + 4;
    bytes[at] = char(bytes[at] ^ 0x01);
    audittest::overwrite(segment.path, bytes);
    // What the core itself says about it.
    auto expected = audit::verify(data);
    QVERIFY(expected);
    QVERIFY(!expected->ok);
    QCOMPARE(quint64(expected->firstBadSequence), frame.sequence);

    AuditPage page(*m_storage);
    page.show();
    QSignalSpy verified(&page, &AuditPage::verified);
    QVERIFY(page.openDirectory(data));
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, kTimeoutMs);
    const auto verdict = verified.at(0).at(0).value<AuditVerdict>();
    QCOMPARE(verdict.outcome, AuditVerdict::Outcome::Tampered);
    QCOMPARE(verdict.firstBadSequence, expected->firstBadSequence);
    QCOMPARE(verdict.reason, expected->reason);
    const QString text = page.verdictLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("failed at record %1").arg(frame.sequence)), qPrintable(text));
    QVERIFY2(text.contains(expected->reason.toHtmlEscaped()), qPrintable(text));
    QVERIFY(page.verdictLabel()->isVisible());
    // Nothing of a damaged trail is browsable.
    QCOMPARE(page.recordModel()->rowCount(), 0);
    QVERIFY(!page.recordTable()->isVisible());
    QVERIFY(!page.findChild<QPushButton*>(QStringLiteral("exportButton"))->isEnabled());
    QVERIFY(!page.keepLatestCheckpoint());
}

void TestAuditPage::cancelsAVerification()
{
    const QString data = m_dir->filePath(QStringLiteral("large"));
    QVERIFY(writeLargeTrail(data, 60'000));

    AuditPage page(*m_storage);
    page.show();
    QSignalSpy verified(&page, &AuditPage::verified);
    QVERIFY(page.openDirectory(data));
    // Verification runs off the GUI thread: the progress bar and Cancel are up at once.
    QVERIFY(page.progressBar()->isVisible());
    QVERIFY(page.cancelButton()->isVisible());
    QTest::mouseClick(page.cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, kTimeoutMs);
    QCOMPARE(verified.at(0).at(0).value<AuditVerdict>().outcome, AuditVerdict::Outcome::Cancelled);
    QVERIFY2(page.verdictLabel()->text().contains(QStringLiteral("cancelled")), qPrintable(page.verdictLabel()->text()));
    QVERIFY(!page.progressBar()->isVisible());
    QCOMPARE(page.recordModel()->rowCount(), 0);

    // Verifying again runs to the end, reporting progress on the way.
    QSignalSpy progress(page.review(), &AuditReview::progress);
    QTest::mouseClick(page.verifyButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 2, kTimeoutMs);
    QCOMPARE(verified.at(1).at(0).value<AuditVerdict>().outcome, AuditVerdict::Outcome::Intact);
    QVERIFY(verified.at(1).at(0).value<AuditVerdict>().records >= 60'000); // and the checkpoints
    QVERIFY(!progress.isEmpty());
}

void TestAuditPage::verifiesAgainstATrustedCheckpoint()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(writeTrail(data, 10)); // segment 1, closed on shutdown
    QVERIFY(writeTrail(data, 10, 50, nullptr, kStart + kDayMs)); // segment 2
    QCOMPARE(audittest::segmentPaths(data).size(), 2);

    AuditPage page(*m_storage);
    QSignalSpy verified(&page, &AuditPage::verified);
    QVERIFY(page.openDirectory(data));
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, kTimeoutMs);
    QVERIFY(!page.trustedCheckpoint());
    QVERIFY(page.keepLatestCheckpoint());
    const auto kept = page.trustedCheckpoint();
    QVERIFY(kept);
    QCOMPARE(kept->sequence, verified.at(0).at(0).value<AuditVerdict>().latestCheckpoint->sequence);
    // Kept in the settings: another page (a later session) finds it for the same directory.
    {
        AuditPage later(*m_storage);
        QSignalSpy laterVerified(&later, &AuditPage::verified);
        QVERIFY(later.openDirectory(data));
        QTRY_COMPARE_WITH_TIMEOUT(laterVerified.size(), 1, kTimeoutMs);
        const auto v = laterVerified.at(0).at(0).value<AuditVerdict>();
        QCOMPARE(v.outcome, AuditVerdict::Outcome::Intact);
        QVERIFY(v.trusted);
        QCOMPARE(v.trusted->sequence, kept->sequence);
    }
    // Saved to a file, forgotten, trusted again from the file.
    const QString file = m_dir->filePath(QStringLiteral("kept.json"));
    QVERIFY(page.saveTrustedCheckpoint(file));
    page.forgetTrustedCheckpoint();
    QVERIFY(!page.trustedCheckpoint());
    QVERIFY(page.loadTrustedCheckpoint(file));
    QCOMPARE(page.trustedCheckpoint()->chainHead, kept->chainHead);

    // Cut off the newest segment: the trail alone still looks whole, the trusted checkpoint says not.
    QVERIFY(QFile::remove(audittest::segmentPaths(data).last()));
    auto alone = audit::verify(data);
    QVERIFY(alone && alone->ok);
    page.verify();
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 2, kTimeoutMs);
    const auto v = verified.at(1).at(0).value<AuditVerdict>();
    QCOMPARE(v.outcome, AuditVerdict::Outcome::Tampered);
    QVERIFY2(page.verdictLabel()->text().contains(QStringLiteral("trusted checkpoint")),
             qPrintable(page.verdictLabel()->text()));
    // Without it, the verdict is intact again (the checkbox is the analyst's choice).
    page.findChild<QCheckBox*>(QStringLiteral("useTrustedCheckpoint"))->setChecked(false);
    page.verify();
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 3, kTimeoutMs);
    QCOMPARE(verified.at(2).at(0).value<AuditVerdict>().outcome, AuditVerdict::Outcome::Intact);
}

void TestAuditPage::exportsASelectionAndOpensTheBundle()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(writeTrail(data, 20));
    AuditPage page(*m_storage);
    page.show();
    QSignalSpy shown(&page, &AuditPage::recordsShown);
    QSignalSpy exported(&page, &AuditPage::exported);
    QVERIFY(page.openDirectory(data));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, kTimeoutMs);

    // Three records from different places of the trail.
    auto* selection = page.recordTable()->selectionModel();
    std::vector<qint64> picked;
    for (int row : { 1, 17, 42 }) {
        const QModelIndex index = page.filterProxy()->index(row, 0);
        selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        picked.push_back(index.data(AuditRecordModel::SequenceRole).toLongLong());
    }
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("exportButton"))->isEnabled());
    const QString bundle = m_dir->filePath(QStringLiteral("evidence.json"));
    page.exportSelection(bundle);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, kTimeoutMs);
    QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));

    // The core's own bundle verifier accepts it with the public key alone.
    auto report = audit::verifyBundle(bundle, signingKey(data));
    QVERIFY2(report, qPrintable(report.error()));
    QVERIFY2(report->ok, qPrintable(report->reason));
    QCOMPARE(report->records, 3);

    // Open it on the page, with the publisher's key: exactly the selection, signed.
    QSignalSpy verified(&page, &AuditPage::verified);
    QVERIFY(page.openBundle(bundle, signingKey(data)));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, kTimeoutMs);
    QCOMPARE(verified.size(), 1);
    auto verdict = verified.at(0).at(0).value<AuditVerdict>();
    QCOMPARE(verdict.outcome, AuditVerdict::Outcome::Intact);
    QVERIFY(verdict.bundleKeyTrusted);
    QCOMPARE(page.recordModel()->rowCount(), 3);
    for (size_t i = 0; i < picked.size(); ++i)
        QCOMPARE(page.recordModel()->records()[i].sequence, picked[i]);

    // Without a key of the analyst's own, the verdict says what it proves and what it does not.
    QVERIFY(page.openBundle(bundle));
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 2, kTimeoutMs);
    verdict = verified.at(1).at(0).value<AuditVerdict>();
    QCOMPARE(verdict.outcome, AuditVerdict::Outcome::Intact);
    QVERIFY(!verdict.bundleKeyTrusted);
    QVERIFY2(page.verdictLabel()->text().contains(QStringLiteral("key the bundle carries")),
             qPrintable(page.verdictLabel()->text()));

    // A sub-selection of a bundle exports too, and still verifies.
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 3, kTimeoutMs);
    page.recordTable()->selectRow(1);
    const QString smaller = m_dir->filePath(QStringLiteral("smaller.json"));
    page.exportSelection(smaller);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 2, kTimeoutMs);
    QVERIFY(exported.at(1).at(0).toBool());
    auto again = audit::verifyBundle(smaller, signingKey(data));
    QVERIFY(again && again->ok);
    QCOMPARE(again->records, 1);
}

void TestAuditPage::refusesATamperedBundle()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(writeTrail(data, 5));
    const QString bundle = m_dir->filePath(QStringLiteral("all.json"));
    QVERIFY(audit::exportBundle(data, {}, bundle));
    QByteArray text = audittest::readAll(bundle);
    const qsizetype at = text.indexOf("dealer-003");
    QVERIFY(at > 0);
    text.replace(at, 10, "dealer-666");
    audittest::writeAll(bundle, text);

    AuditPage page(*m_storage);
    QSignalSpy verified(&page, &AuditPage::verified);
    QVERIFY(page.openBundle(bundle, signingKey(data)));
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, kTimeoutMs);
    const auto verdict = verified.at(0).at(0).value<AuditVerdict>();
    QCOMPARE(verdict.outcome, AuditVerdict::Outcome::Tampered);
    QVERIFY(verdict.firstBadSequence > 0);
    QVERIFY2(verdict.reason.contains(QStringLiteral("digest")), qPrintable(verdict.reason));
    QCOMPARE(page.recordModel()->rowCount(), 0);
}

// The proxy's mapping computed on the thread pool (above its inline limit): the same rows as a
// plain filter and sort would give, in one reset each, with the previous rows kept meanwhile.
void TestAuditPage::proxyFiltersAndSortsOffTheGuiThread()
{
    std::vector<audit::Record> records;
    static const char* const types[] = { "drift.detected", "alert.raised", "alert.delivered", "rl.decision" };
    for (int i = 1; i <= 400; ++i) {
        audit::Record r;
        r.sequence = i;
        r.timestamp = kStart + i * kMinuteMs;
        r.type = QString::fromLatin1(types[i % 4]);
        r.cause = i > 4 && i % 4 != 0 ? i - (i % 4) : 0;
        r.actor = i % 5 == 0 ? QStringLiteral("alice") : QStringLiteral("orchestrator");
        r.data = { { "i", i }, { "dealer", "D" + std::to_string(i % 13) } };
        r.checkpointed = i <= 350;
        records.push_back(std::move(r));
    }
    AuditRecordModel model;
    AuditFilterProxy proxy;
    proxy.setInlineLimit(50); // 400 records: every mapping is computed in the background
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy updated(&proxy, &AuditFilterProxy::rowsUpdated);
    model.setRecords(records);
    QCOMPARE(proxy.rowCount(), 400); // all of them in sequence order: no mapping to compute
    QVERIFY(!proxy.isBusy());
    const auto sequenceAt
        = [&](int row) { return proxy.index(row, 0).data(AuditRecordModel::SequenceRole).toLongLong(); };

    // A filter: the previous rows stay until the new ones replace them.
    updated.clear();
    proxy.setTypeFilter(QStringLiteral("alert."));
    QVERIFY(proxy.isBusy());
    QCOMPARE(proxy.rowCount(), 400);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isBusy(), kTimeoutMs);
    QCOMPARE(updated.size(), 1);
    QCOMPARE(proxy.rowCount(), 200);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QVERIFY(proxy.index(row, AuditRecordModel::TypeColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("alert.")));
    // Source and proxy map both ways.
    const QModelIndex fifth = proxy.index(4, 2);
    QCOMPARE(proxy.mapFromSource(proxy.mapToSource(fifth)), fifth);
    QVERIFY(!proxy.mapFromSource(model.index(3, 0)).isValid()); // sequence 4: rl.decision

    // Sorting by type, descending, then by actor: stable (equal keys keep the sequence order).
    proxy.sort(AuditRecordModel::TypeColumn, Qt::DescendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isBusy(), kTimeoutMs);
    QCOMPARE(proxy.index(0, AuditRecordModel::TypeColumn).data().toString(), QStringLiteral("alert.raised"));
    QCOMPARE(sequenceAt(0), 1);
    QCOMPARE(sequenceAt(1), 5);
    QCOMPARE(proxy.index(199, AuditRecordModel::TypeColumn).data().toString(),
             QStringLiteral("alert.delivered"));
    // The same rows the plain function gives.
    const std::vector<int> expected = AuditFilterProxy::computeRows(
        *model.recordSet(), proxy.filters(), AuditRecordModel::TypeColumn, Qt::DescendingOrder);
    QCOMPARE(int(expected.size()), proxy.rowCount());
    for (int row = 0; row < proxy.rowCount(); ++row)
        QCOMPARE(proxy.mapToSource(proxy.index(row, 0)).row(), expected[std::size_t(row)]);

    // A change made while a computation runs supersedes it: only the last one is shown.
    updated.clear();
    proxy.setCauseFilter(8);
    proxy.setTimeRange(kStart + 100 * kMinuteMs, kStart + 300 * kMinuteMs);
    proxy.sort(AuditRecordModel::SequenceColumn, Qt::AscendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isBusy(), kTimeoutMs);
    QCOMPARE(updated.size(), 1);
    QCOMPARE(proxy.rowCount(), 0); // record 8 caused 9..11, before the time range
    proxy.setTimeRange(std::nullopt, std::nullopt);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isBusy() && proxy.rowCount() == 2,
                             kTimeoutMs); // 9 and 10 (11 is rl.decision)
    QCOMPARE(sequenceAt(0), 9);
    QCOMPARE(sequenceAt(1), 10);

    // New records while a computation runs: nothing of the old ones is shown meanwhile.
    proxy.clearFilters();
    proxy.sort(AuditRecordModel::DataColumn, Qt::AscendingOrder);
    QVERIFY(proxy.isBusy());
    records.resize(120);
    model.setRecords(records);
    QVERIFY(proxy.rowCount() == 0 || proxy.rowCount() == 120);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isBusy(), kTimeoutMs);
    QCOMPARE(proxy.rowCount(), 120);
    QVERIFY(proxy.index(0, AuditRecordModel::DataColumn).data().toString()
            <= proxy.index(1, AuditRecordModel::DataColumn).data().toString());
    model.clear();
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isBusy(), kTimeoutMs);
    QCOMPARE(proxy.rowCount(), 0);
}

// The page on a trail above the proxy's inline limit: filtering runs in the background, the count
// says so, the record looked at stays selected.
void TestAuditPage::pageFiltersALargeTrailInTheBackground()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(writeTrail(data, 40)); // 160 records
    AuditPage page(*m_storage);
    page.filterProxy()->setInlineLimit(20);
    page.resize(1200, 800);
    page.show();
    QAbstractItemModelTester proxyTester(page.filterProxy(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy shown(&page, &AuditPage::recordsShown);
    QVERIFY(page.openDirectory(data));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, kTimeoutMs);
    QCOMPARE(page.filterProxy()->rowCount(), 160);
    auto* count = page.findChild<QLabel*>(QStringLiteral("recordCountLabel"));
    QCOMPARE(count->text(), QStringLiteral("160 records"));

    // An analyst looks at an alert, then filters to alerts: the alert stays selected.
    const auto& records = page.recordModel()->records();
    QCOMPARE(records[1].type, QStringLiteral("alert.raised"));
    QVERIFY(page.selectSequence(records[1].sequence));
    auto* type = page.findChild<QComboBox*>(QStringLiteral("typeFilter"));
    type->setCurrentText(QStringLiteral("alert."));
    QVERIFY2(count->text().startsWith(QStringLiteral("Filtering")), qPrintable(count->text()));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("80 of 160 records"), kTimeoutMs);
    QCOMPARE(page.recordTable()->currentIndex().data(AuditRecordModel::SequenceRole).toLongLong(),
             records[1].sequence);

    // Newest first through the table's header, then following a cause hidden by the filter: the
    // filters are cleared and the record selected once the rows are there.
    page.recordTable()->sortByColumn(AuditRecordModel::TypeColumn, Qt::AscendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(!page.filterProxy()->isBusy(), kTimeoutMs);
    QCOMPARE(page.filterProxy()->index(0, AuditRecordModel::TypeColumn).data().toString(),
             QStringLiteral("alert.delivered"));
    const qint64 drift = records[0].sequence;
    QVERIFY(page.selectSequence(drift));
    QTRY_COMPARE_WITH_TIMEOUT(
        page.recordTable()->currentIndex().data(AuditRecordModel::SequenceRole).toLongLong(), drift,
        kTimeoutMs);
    QCOMPARE(page.filterProxy()->rowCount(), 160);
    QCOMPARE(type->currentText(), QString());
}

// Cancel while the records are decoded (after the verification): the page says so.
void TestAuditPage::cancelsDecoding()
{
    const QString data = m_dir->filePath(QStringLiteral("large"));
    QVERIFY(writeLargeTrail(data, 60'000));
    AuditPage page(*m_storage);
    page.show();
    QSignalSpy verified(&page, &AuditPage::verified);
    QSignalSpy shown(&page, &AuditPage::recordsShown);
    QSignalSpy failed(page.review(), &AuditReview::recordsFailed);
    // As soon as the verdict is shown, decoding has started: progress and Cancel are up.
    bool decoding = false;
    connect(&page, &AuditPage::verified, this, [&] {
        decoding = page.review()->isBusy() && page.cancelButton()->isVisible();
        QTest::mouseClick(page.cancelButton(), Qt::LeftButton);
    });
    QVERIFY(page.openDirectory(data));
    QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, kTimeoutMs);
    QCOMPARE(verified.at(0).at(0).value<AuditVerdict>().outcome, AuditVerdict::Outcome::Intact);
    QVERIFY(decoding);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kTimeoutMs);
    QVERIFY(failed.at(0).at(1).toBool());
    QVERIFY(!page.progressBar()->isVisible());
    QCOMPARE(shown.size(), 0);
    QCOMPARE(page.recordModel()->rowCount(), 0);
    QVERIFY(!page.recordTable()->isVisible());
}

QTEST_MAIN(TestAuditPage)
#include "tst_auditpage.moc"
