#include "auditpage.h"

#include <functional>
#include <utility>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimeZone>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "auditfilterproxy.h"
#include "auditrecordmodel.h"
#include "common/strictjson.h"
#include "emptystate.h"
#include "settings.h"
#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

// The checkpoints the analyst trusts, per data directory: { absolute path: checkpoint JSON }.
const QString kTrustedKey = QStringLiteral("AuditReview/trustedCheckpoints");
const QString kPublicKeyKey = QStringLiteral("AuditReview/publicKeyPath");
const QString kLastDirKey = QStringLiteral("AuditReview/lastDirectory");

constexpr int kSequenceRole = Qt::UserRole + 1;
// Cause chains can fan out widely (a drift detection causes an alert per channel, pauses, a
// retrain...): the tree shows this many nodes at most.
constexpr int kMaxEffectNodes = 300;
constexpr int kMaxEffectDepth = 6;

QDateTime utc(TimeMs t)
{
    return QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc());
}

QString checkpointText(const audit::Checkpoint& cp)
{
    return AuditPage::tr("record %1, %2, key %3").arg(QLocale().toString(cp.sequence), formatIso(cp.time), cp.signingKeyId);
}

QFont titleFont(QFont f)
{
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    return f;
}

} // namespace

AuditPage::AuditPage(SettingsStorage& settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_review(new AuditReview(this))
    , m_model(new AuditRecordModel(this))
    , m_proxy(new AuditFilterProxy(this))
    , m_causeModel(new QStandardItemModel(this))
{
    setAccessibleName(tr("Audit review"));
    m_proxy->setSourceModel(m_model);
    buildUi();

    connect(m_review, &AuditReview::busyChanged, this, [this](bool busy) { setBusy(busy); });
    connect(m_review, &AuditReview::progress, this, [this](qint64 done, qint64 total) { updateProgress(done, total); });
    connect(m_review, &AuditReview::verificationFinished, this, [this](const AuditVerdict& v) { showVerdict(v); });
    connect(m_review, &AuditReview::recordsLoaded, this,
            [this](const std::shared_ptr<const AuditRecordSet>& records) { showRecords(records); });
    connect(m_review, &AuditReview::recordsFailed, this, [this](const QString& error, bool cancelled) {
        if (cancelled)
            showBodyMessage(tr("Decoding cancelled"), tr("Verify again to see the records."), false);
        else
            showBodyMessage(tr("The records could not be read"), error, true);
    });
    // The proxy's rows change in one reset (at once, or when a background computation of a large
    // trail's filter or sort is done): keep the record being looked at selected.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const QModelIndex current = m_table ? m_table->currentIndex() : QModelIndex();
        if (current.isValid() && !m_pendingSelection)
            m_pendingSelection = current.data(AuditRecordModel::SequenceRole).toLongLong();
    });
    connect(m_proxy, &AuditFilterProxy::rowsUpdated, this, [this] {
        updateCount();
        if (m_proxy->isBusy())
            return; // the rows the selection waits for are still being computed
        if (const auto wanted = std::exchange(m_pendingSelection, std::nullopt)) {
            const int sourceRow = m_model->rowOfSequence(*wanted);
            const QModelIndex index
                = sourceRow < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(sourceRow, 0));
            if (index.isValid()) {
                m_table->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
            }
        }
        showDetails();
        updateActions();
    });
    connect(m_proxy, &AuditFilterProxy::busyChanged, this, [this] { updateCount(); });
    connect(m_review, &AuditReview::exportFinished, this, [this](const QString& path, int entries, int omitted) {
        QString text = tr("Exported %n record(s) to %1", nullptr, entries).arg(path);
        if (omitted > 0)
            text += tr("; %n left out: after the latest signed checkpoint, not provable yet", nullptr, omitted);
        setMessage(text);
        Q_EMIT exported(true, text);
    });
    connect(m_review, &AuditReview::exportFailed, this, [this](const QString& error) {
        setMessage(tr("Export failed: %1").arg(error), true);
        Q_EMIT exported(false, error);
    });
    updateActions();
}

AuditPage::~AuditPage() = default;

void AuditPage::buildUi()
{
    auto* layout = new QVBoxLayout(this);

    auto* title = new QLabel(tr("Audit review"), this);
    title->setFont(titleFont(title->font()));
    layout->addWidget(title);
    auto* subtitle = new QLabel(tr("Verify and browse an audit trail or an evidence bundle offline: no orchestrator "
                                   "is needed, only the files (and the key files for a trail)."),
                                this);
    subtitle->setWordWrap(true);
    theme::useSecondaryText(subtitle);
    layout->addWidget(subtitle);

    // Source.
    auto* sourceRow = new QHBoxLayout;
    auto* openDir = new QPushButton(tr("Open audit &directory…"), this);
    openDir->setObjectName(QStringLiteral("openDirectoryButton"));
    openDir->setToolTip(tr("A data directory (holding audit/) or its audit directory"));
    connect(openDir, &QPushButton::clicked, this, [this] { chooseDirectory(); });
    auto* openBundle = new QPushButton(tr("Open evidence &bundle…"), this);
    openBundle->setObjectName(QStringLiteral("openBundleButton"));
    connect(openBundle, &QPushButton::clicked, this, [this] { chooseBundle(); });
    m_localButton = new QPushButton(tr("Open this console's trail"), this);
    m_localButton->setObjectName(QStringLiteral("openLocalTrailButton"));
    m_localButton->hide();
    connect(m_localButton, &QPushButton::clicked, this, [this] {
        if (Status opened = openDirectory(m_localTrail); !opened)
            setMessage(opened.error(), true);
    });
    m_sourceLabel = new QLabel(tr("Nothing open"), this);
    m_sourceLabel->setObjectName(QStringLiteral("auditSourceLabel"));
    m_sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    theme::useSecondaryText(m_sourceLabel);
    sourceRow->addWidget(openDir);
    sourceRow->addWidget(openBundle);
    sourceRow->addWidget(m_localButton);
    sourceRow->addWidget(m_sourceLabel, 1);
    layout->addLayout(sourceRow);

    // Verification.
    auto* verifyRow = new QHBoxLayout;
    m_verifyButton = new QPushButton(tr("&Verify"), this);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    connect(m_verifyButton, &QPushButton::clicked, this, [this] { verify(); });
    m_useTrusted = new QCheckBox(tr("Against the trusted checkpoint"), this);
    m_useTrusted->setObjectName(QStringLiteral("useTrustedCheckpoint"));
    m_useTrusted->setChecked(true);
    m_useTrusted->setToolTip(tr("Also prove that the trail still holds everything up to a checkpoint you kept: "
                                "catches a cut-off tail and rewritten history"));
    m_trustedLabel = new QLabel(this);
    m_trustedLabel->setObjectName(QStringLiteral("trustedCheckpointLabel"));
    theme::useSecondaryText(m_trustedLabel);
    m_checkpointButton = new QToolButton(this);
    m_checkpointButton->setObjectName(QStringLiteral("checkpointMenuButton"));
    m_checkpointButton->setText(tr("Trusted checkpoint"));
    m_checkpointButton->setAccessibleName(tr("Trusted checkpoint"));
    m_checkpointButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_checkpointButton);
    m_keepAction = menu->addAction(tr("&Keep the verified checkpoint as trusted"));
    m_keepAction->setObjectName(QStringLiteral("keepCheckpointAction"));
    connect(m_keepAction, &QAction::triggered, this, [this] {
        if (Status kept = keepLatestCheckpoint(); !kept)
            setMessage(kept.error(), true);
    });
    m_saveAction = menu->addAction(tr("&Save the trusted checkpoint to a file…"));
    connect(m_saveAction, &QAction::triggered, this, [this] { chooseCheckpointFile(true); });
    m_loadAction = menu->addAction(tr("&Trust a checkpoint from a file…"));
    connect(m_loadAction, &QAction::triggered, this, [this] { chooseCheckpointFile(false); });
    m_forgetAction = menu->addAction(tr("&Forget the trusted checkpoint"));
    connect(m_forgetAction, &QAction::triggered, this, [this] { forgetTrustedCheckpoint(); });
    m_checkpointButton->setMenu(menu);
    verifyRow->addWidget(m_verifyButton);
    verifyRow->addWidget(m_useTrusted);
    verifyRow->addWidget(m_trustedLabel, 1);
    verifyRow->addWidget(m_checkpointButton);
    layout->addLayout(verifyRow);

    auto* progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("verifyProgress"));
    m_progress->setAccessibleName(tr("Verification progress"));
    m_progress->setRange(0, 1000);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    connect(m_cancelButton, &QPushButton::clicked, this, [this] { cancel(); });
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);
    layout->addLayout(progressRow);
    m_progress->hide();
    m_cancelButton->hide();

    m_verdictLabel = new QLabel(this);
    m_verdictLabel->setObjectName(QStringLiteral("verdictLabel"));
    m_verdictLabel->setAccessibleName(tr("Verdict"));
    m_verdictLabel->setWordWrap(true);
    m_verdictLabel->setTextFormat(Qt::RichText);
    m_verdictLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdictLabel->setFrameShape(QFrame::StyledPanel);
    m_verdictLabel->setMargin(8);
    m_verdictLabel->hide();
    layout->addWidget(m_verdictLabel);

    m_body = new QStackedWidget(this);
    m_emptyState = new EmptyState(m_body);
    m_body->addWidget(m_emptyState);
    m_browser = new QWidget(m_body);
    auto* browserLayout = new QVBoxLayout(m_browser);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    browserLayout->addWidget(buildFilters());
    auto* splitter = new QSplitter(Qt::Horizontal, m_browser);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("auditRecordTable"));
    m_table->setAccessibleName(tr("Audit records"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AuditRecordModel::SequenceColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(AuditRecordModel::TimeColumn,
                                               m_table->fontMetrics().horizontalAdvance(QStringLiteral("2026-01-01T00:00:00Zm")));
    m_table->horizontalHeader()->resizeSection(AuditRecordModel::TypeColumn,
                                               m_table->fontMetrics().horizontalAdvance(QStringLiteral("rollout.approval_requestedm")));
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showDetails();
        updateActions();
    });
    splitter->addWidget(m_table);
    splitter->addWidget(buildDetails());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    browserLayout->addWidget(splitter, 1);

    auto* bottom = new QHBoxLayout;
    m_countLabel = new QLabel(m_browser);
    m_countLabel->setObjectName(QStringLiteral("recordCountLabel"));
    theme::useSecondaryText(m_countLabel);
    m_exportButton = new QPushButton(tr("&Export selection as bundle…"), m_browser);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolTip(tr("The selected records with Merkle inclusion proofs against the signed "
                                  "checkpoint: verifiable with the public key alone"));
    connect(m_exportButton, &QPushButton::clicked, this, [this] { chooseExportFile(); });
    bottom->addWidget(m_countLabel, 1);
    bottom->addWidget(m_exportButton);
    browserLayout->addLayout(bottom);
    m_body->addWidget(m_browser);
    layout->addWidget(m_body, 1);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("auditMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->hide();
    layout->addWidget(m_messageLabel);

    showBodyMessage(tr("No audit trail open"),
                    tr("Open a data directory's audit trail (DATA/audit, with its keys) or an evidence bundle "
                       "exported with “orchestratorctl audit export” or from this page."),
                    false);
    updateTrustedLabel();
}

QWidget* AuditPage::buildFilters()
{
    auto* box = new QWidget(this);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    const auto makeTimeEdit = [box](const QString& name) {
        auto* edit = new QDateTimeEdit(box);
        edit->setObjectName(name);
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
        return edit;
    };
    m_sinceEnabled = new QCheckBox(tr("From"), box);
    m_sinceEnabled->setObjectName(QStringLiteral("sinceEnabled"));
    m_since = makeTimeEdit(QStringLiteral("sinceEdit"));
    m_since->setAccessibleName(tr("From (UTC)"));
    m_untilEnabled = new QCheckBox(tr("to"), box);
    m_untilEnabled->setObjectName(QStringLiteral("untilEnabled"));
    m_until = makeTimeEdit(QStringLiteral("untilEdit"));
    m_until->setAccessibleName(tr("To (UTC)"));
    connect(m_sinceEnabled, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    connect(m_untilEnabled, &QCheckBox::toggled, m_until, &QWidget::setEnabled);
    for (QCheckBox* check : { m_sinceEnabled, m_untilEnabled })
        connect(check, &QCheckBox::toggled, this, [this] { applyFilters(); });
    for (QDateTimeEdit* edit : { m_since, m_until })
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this] { applyFilters(); });

    auto* typeLabel = new QLabel(tr("Type"), box);
    m_type = new QComboBox(box);
    m_type->setObjectName(QStringLiteral("typeFilter"));
    m_type->setAccessibleName(tr("Type filter"));
    m_type->setEditable(true);
    m_type->setInsertPolicy(QComboBox::NoInsert);
    m_type->setMinimumContentsLength(16);
    m_type->lineEdit()->setPlaceholderText(tr("all, or a prefix: drift."));
    m_type->lineEdit()->setClearButtonEnabled(true);
    typeLabel->setBuddy(m_type);
    connect(m_type, &QComboBox::currentTextChanged, this, [this] { applyFilters(); });

    auto* causeLabel = new QLabel(tr("Caused by"), box);
    m_cause = new QLineEdit(box);
    m_cause->setObjectName(QStringLiteral("causeFilter"));
    m_cause->setAccessibleName(tr("Caused by record"));
    m_cause->setPlaceholderText(tr("record"));
    m_cause->setClearButtonEnabled(true);
    m_cause->setMaximumWidth(m_cause->fontMetrics().horizontalAdvance(QStringLiteral("0000000000000")));
    causeLabel->setBuddy(m_cause);
    connect(m_cause, &QLineEdit::textChanged, this, [this] { applyFilters(); });

    auto* clear = new QPushButton(tr("Clear filters"), box);
    clear->setObjectName(QStringLiteral("clearFiltersButton"));
    connect(clear, &QPushButton::clicked, this, [this] {
        m_sinceEnabled->setChecked(false);
        m_untilEnabled->setChecked(false);
        m_type->setCurrentText(QString());
        m_cause->clear();
        m_proxy->clearFilters();
        applyFilters();
    });

    row->addWidget(m_sinceEnabled);
    row->addWidget(m_since);
    row->addWidget(m_untilEnabled);
    row->addWidget(m_until);
    row->addSpacing(12);
    row->addWidget(typeLabel);
    row->addWidget(m_type);
    row->addSpacing(12);
    row->addWidget(causeLabel);
    row->addWidget(m_cause);
    row->addStretch(1);
    row->addWidget(clear);
    return box;
}

QWidget* AuditPage::buildDetails()
{
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto* recordTitle = new QLabel(tr("Record"), box);
    column->addWidget(recordTitle);
    m_recordText = new QPlainTextEdit(box);
    m_recordText->setObjectName(QStringLiteral("recordText"));
    m_recordText->setAccessibleName(tr("Selected record"));
    m_recordText->setReadOnly(true);
    m_recordText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_recordText->setPlaceholderText(tr("Select a record to see its data and its cause chain."));
    column->addWidget(m_recordText, 3);
    auto* chainTitle = new QLabel(tr("Cause chain (double-click to follow)"), box);
    column->addWidget(chainTitle);
    m_causeTree = new QTreeView(box);
    m_causeTree->setObjectName(QStringLiteral("causeTree"));
    m_causeTree->setAccessibleName(tr("Cause chain"));
    m_causeTree->setModel(m_causeModel);
    m_causeTree->setHeaderHidden(true);
    m_causeTree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_causeTree->setUniformRowHeights(true);
    connect(m_causeTree, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const QVariant sequence = index.data(kSequenceRole);
        if (sequence.isValid())
            selectSequence(sequence.toLongLong());
    });
    column->addWidget(m_causeTree, 2);
    return box;
}

// --- opening -----------------------------------------------------------------------------------

void AuditPage::setLocalTrail(const QString& dataDir)
{
    m_localTrail = dataDir;
    m_localButton->setVisible(!dataDir.isEmpty() && AuditReview::dataDirectoryOf(dataDir).ok());
    m_localButton->setToolTip(dataDir);
    if (m_shownOnce && isVisible() && m_review->sourceKind() == AuditReview::SourceKind::None && m_localButton->isVisible())
        (void)openDirectory(dataDir);
}

void AuditPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_shownOnce, true))
        return;
    if (m_review->sourceKind() == AuditReview::SourceKind::None && !m_localTrail.isEmpty()
        && AuditReview::dataDirectoryOf(m_localTrail))
        (void)openDirectory(m_localTrail);
}

void AuditPage::chooseDirectory()
{
    auto* dialog = new QFileDialog(this, tr("Open an audit directory"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setDirectory(SettingValue<QString>(m_settings, kLastDirKey).value());
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) {
        SettingValue<QString>(m_settings, kLastDirKey) = path;
        if (Status opened = openDirectory(path); !opened)
            setMessage(opened.error(), true);
    });
    dialog->open();
}

void AuditPage::chooseBundle()
{
    auto* dialog = new QFileDialog(this, tr("Open an evidence bundle"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({ tr("Evidence bundles (*.json)"), tr("All files (*)") });
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& bundlePath) {
        // Then the signing key the analyst trusts; cancelling checks the bundle against its own key.
        auto* keyDialog = new QFileDialog(this, tr("The publisher's signing key (signing-public.pem); Cancel: only "
                                                   "check the key the bundle carries"));
        keyDialog->setAttribute(Qt::WA_DeleteOnClose);
        keyDialog->setFileMode(QFileDialog::ExistingFile);
        keyDialog->setNameFilters({ tr("Public keys (*.pem)"), tr("All files (*)") });
        const QString lastKey = SettingValue<QString>(m_settings, kPublicKeyKey).value();
        if (!lastKey.isEmpty())
            keyDialog->selectFile(lastKey);
        connect(keyDialog, &QFileDialog::finished, this, [this, keyDialog, bundlePath](int result) {
            QString key;
            if (result == QDialog::Accepted && !keyDialog->selectedFiles().isEmpty()) {
                key = keyDialog->selectedFiles().constFirst();
                SettingValue<QString>(m_settings, kPublicKeyKey) = key;
            }
            if (Status opened = openBundle(bundlePath, key); !opened)
                setMessage(opened.error(), true);
        });
        keyDialog->open();
    });
    dialog->open();
}

Status AuditPage::openDirectory(const QString& path)
{
    if (Status opened = m_review->openDirectory(path); !opened)
        return opened;
    m_sourceLabel->setText(tr("Audit trail in %1").arg(m_review->sourcePath()));
    m_model->clear();
    m_verdict.reset();
    setMessage({});
    updateTrustedLabel();
    verify();
    return success();
}

Status AuditPage::openBundle(const QString& path, const QString& publicKeyPath)
{
    if (Status opened = m_review->openBundle(path, publicKeyPath); !opened)
        return opened;
    m_sourceLabel->setText(publicKeyPath.isEmpty()
                               ? tr("Evidence bundle %1").arg(m_review->sourcePath())
                               : tr("Evidence bundle %1, checked with %2").arg(m_review->sourcePath(), publicKeyPath));
    m_model->clear();
    m_verdict.reset();
    setMessage({});
    updateTrustedLabel();
    verify();
    return success();
}

void AuditPage::verify()
{
    if (m_review->sourceKind() == AuditReview::SourceKind::None)
        return;
    m_verdictLabel->hide();
    showBodyMessage(tr("Verifying…"), m_review->sourcePath(), false);
    const auto trusted = m_review->sourceKind() == AuditReview::SourceKind::Directory && m_useTrusted->isChecked()
        ? trustedCheckpoint()
        : std::nullopt;
    m_review->verify(trusted);
}

void AuditPage::cancel()
{
    m_review->cancel();
}

// --- results -----------------------------------------------------------------------------------

void AuditPage::showVerdict(const AuditVerdict& verdict)
{
    m_verdict = verdict;
    const QLocale locale;
    QString html;
    QColor colour;
    switch (verdict.outcome) {
    case AuditVerdict::Outcome::Intact: {
        colour = theme::ok();
        if (m_review->sourceKind() == AuditReview::SourceKind::Bundle) {
            html = tr("<b>Intact.</b> %n entry(ies) proven included in the signed checkpoint", nullptr, int(verdict.records));
            if (verdict.latestCheckpoint)
                html += tr(" (%1)").arg(checkpointText(*verdict.latestCheckpoint).toHtmlEscaped());
            html += verdict.bundleKeyTrusted
                ? tr(", signed with the key you chose.")
                : tr(".<br>Checked only against the key the bundle carries (id %1): open it with the "
                     "publisher's signing-public.pem to prove who signed it.")
                      .arg(verdict.bundleKeyId.toHtmlEscaped());
        } else {
            html = tr("<b>Intact.</b> %1 records verified: every tag, link, signature and segment.")
                       .arg(locale.toString(verdict.records));
            if (verdict.latestCheckpoint)
                html += tr("<br>Latest signed checkpoint: %1.").arg(checkpointText(*verdict.latestCheckpoint).toHtmlEscaped());
            else
                html += tr("<br>No signed checkpoint yet: nothing is provable to a third party.");
            if (verdict.trusted)
                html += tr("<br>Holds everything up to your trusted checkpoint (%1), unchanged.")
                            .arg(checkpointText(*verdict.trusted).toHtmlEscaped());
        }
        break;
    }
    case AuditVerdict::Outcome::Tampered:
        colour = theme::critical();
        html = verdict.firstBadSequence > 0
            ? tr("<b>Verification failed at record %1.</b> %2")
                  .arg(locale.toString(verdict.firstBadSequence), verdict.reason.toHtmlEscaped())
            : tr("<b>Verification failed.</b> %1").arg(verdict.reason.toHtmlEscaped());
        if (verdict.trusted)
            html += tr("<br>Checked against your trusted checkpoint (%1).").arg(checkpointText(*verdict.trusted).toHtmlEscaped());
        break;
    case AuditVerdict::Outcome::Error:
        colour = theme::warning();
        html = tr("<b>Could not verify.</b> %1").arg(verdict.reason.toHtmlEscaped());
        break;
    case AuditVerdict::Outcome::Cancelled:
        colour = theme::idle();
        html = tr("<b>Verification cancelled.</b> Nothing was concluded; verify again to see the verdict.");
        break;
    }
    m_verdictLabel->setText(html);
    m_verdictLabel->setStyleSheet(QStringLiteral("QLabel#verdictLabel { border: 2px solid %1; border-radius: 4px; }")
                                      .arg(colour.name()));
    m_verdictLabel->show();

    switch (verdict.outcome) {
    case AuditVerdict::Outcome::Intact:
        if (m_review->sourceKind() == AuditReview::SourceKind::Directory) {
            showBodyMessage(tr("Decoding the records…"), {}, false);
            m_review->loadRecords();
        }
        break; // a bundle's records follow by themselves
    case AuditVerdict::Outcome::Tampered:
        m_model->clear();
        showBodyMessage(verdict.firstBadSequence > 0 ? tr("Record %1 failed verification").arg(verdict.firstBadSequence)
                                                     : tr("The trail failed verification"),
                        tr("%1\n\nNothing is shown from a damaged trail: its records cannot be told apart from "
                           "forgeries.")
                            .arg(verdict.reason),
                        true);
        break;
    case AuditVerdict::Outcome::Error:
        m_model->clear();
        showBodyMessage(tr("The audit trail could not be verified"), verdict.reason, true);
        break;
    case AuditVerdict::Outcome::Cancelled:
        showBodyMessage(tr("Verification cancelled"), tr("Verify again to see the records."), false);
        break;
    }
    updateActions();
    Q_EMIT verified(verdict);
}

void AuditPage::showRecords(const std::shared_ptr<const AuditRecordSet>& set)
{
    m_pendingSelection.reset();
    m_model->setRecordSet(set); // built off the GUI thread: only swapped in here
    const auto& records = m_model->records();
    const QString typed = m_type->currentText();
    {
        const QSignalBlocker block(m_type);
        m_type->clear();
        m_type->addItem(QString());
        m_type->addItems(m_model->types());
        m_type->setCurrentText(typed);
    }
    // Time range defaults to the records' span, so ticking a box narrows from there.
    if (!records.empty()) {
        const QSignalBlocker a(m_since), b(m_until);
        m_since->setDateTime(utc(m_model->records().front().timestamp));
        m_until->setDateTime(utc(m_model->records().back().timestamp).addSecs(60));
    }
    applyFilters();
    if (records.empty()) {
        showBodyMessage(tr("The trail holds no records yet"), {}, false);
    } else {
        m_body->setCurrentWidget(m_browser);
        m_table->resizeColumnToContents(AuditRecordModel::SequenceColumn);
    }
    showDetails();
    updateActions();
    Q_EMIT recordsShown(int(records.size()));
}

void AuditPage::showBodyMessage(const QString& title, const QString& detail, bool error)
{
    m_emptyState->setMessage(title, detail, error ? EmptyState::Kind::Error : EmptyState::Kind::Info);
    m_body->setCurrentWidget(m_emptyState);
}

void AuditPage::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    if (busy) {
        m_progress->setRange(0, 0); // busy until the first progress report
        m_progress->setValue(0);
    }
    updateActions();
}

void AuditPage::updateProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0);
        return;
    }
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(done * 1000 / total));
    m_progress->setFormat(tr("%1 of %2 MB").arg(double(done) / 1e6, 0, 'f', 1).arg(double(total) / 1e6, 0, 'f', 1));
}

void AuditPage::applyFilters()
{
    std::optional<TimeMs> since, until;
    if (m_sinceEnabled->isChecked())
        since = m_since->dateTime().toMSecsSinceEpoch();
    if (m_untilEnabled->isChecked())
        until = m_until->dateTime().toMSecsSinceEpoch();
    bool ok = false;
    const qint64 cause = m_cause->text().trimmed().toLongLong(&ok);
    // One change for all of them: a large trail is filtered once, off the GUI thread.
    m_proxy->setFilters({ since, until, m_type->currentText(),
                          ok && cause > 0 ? std::optional<qint64>(cause) : std::nullopt });
    updateCount();
}

void AuditPage::updateCount()
{
    const QLocale locale;
    if (m_proxy->isBusy())
        m_countLabel->setText(tr("Filtering %1 records…").arg(locale.toString(m_model->rowCount())));
    else
        m_countLabel->setText(
            m_proxy->rowCount() == m_model->rowCount()
                ? tr("%1 records").arg(locale.toString(m_model->rowCount()))
                : tr("%1 of %2 records")
                      .arg(locale.toString(m_proxy->rowCount()), locale.toString(m_model->rowCount())));
}

bool AuditPage::selectSequence(qint64 sequence)
{
    const int sourceRow = m_model->rowOfSequence(sequence);
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        m_sinceEnabled->setChecked(false);
        m_untilEnabled->setChecked(false);
        m_type->setCurrentText(QString());
        m_cause->clear();
        applyFilters();
        index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    }
    if (!index.isValid() && m_proxy->isBusy()) {
        m_pendingSelection = sequence; // selected when the proxy's rows are there
        return true;
    }
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void AuditPage::showDetails()
{
    m_causeModel->clear();
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1) {
        m_recordText->setPlainText(rows.isEmpty() ? QString() : tr("%n records selected", nullptr, int(rows.size())));
        return;
    }
    const qint64 sequence = rows.constFirst().data(AuditRecordModel::SequenceRole).toLongLong();
    const audit::Record* record = m_model->record(sequence);
    if (!record)
        return;
    nlohmann::ordered_json shown;
    shown["sequence"] = record->sequence;
    shown["time"] = formatIso(record->timestamp).toStdString();
    shown["type"] = record->type.toStdString();
    shown["cause"] = record->cause;
    shown["actor"] = record->actor.toStdString();
    shown["keyId"] = record->keyId.toStdString();
    shown["signedCheckpoint"] = record->checkpointed;
    shown["data"] = record->data;
    m_recordText->setPlainText(QString::fromStdString(shown.dump(2)));

    const auto itemFor = [this](qint64 seq) {
        const audit::Record* r = m_model->record(seq);
        auto* item = new QStandardItem(r ? tr("#%1  %2  %3").arg(seq).arg(r->type, formatIso(r->timestamp))
                                         : tr("#%1  (not in this trail or bundle)").arg(seq));
        item->setData(seq, kSequenceRole);
        item->setEditable(false);
        if (!r)
            item->setEnabled(false);
        return item;
    };
    auto* causes = new QStandardItem(tr("Caused by"));
    causes->setEditable(false);
    for (qint64 seq : m_model->causesOf(sequence))
        causes->appendRow(itemFor(seq));
    if (!causes->hasChildren())
        causes->appendRow(new QStandardItem(tr("nothing: this record starts its chain")));
    auto* effects = new QStandardItem(tr("Caused"));
    effects->setEditable(false);
    int nodes = 0;
    std::function<void(QStandardItem*, qint64, int)> addEffects = [&](QStandardItem* parent, qint64 seq, int depth) {
        for (qint64 effect : m_model->effectsOf(seq)) {
            if (nodes >= kMaxEffectNodes) {
                parent->appendRow(new QStandardItem(tr("… more")));
                return;
            }
            ++nodes;
            QStandardItem* item = itemFor(effect);
            parent->appendRow(item);
            if (depth < kMaxEffectDepth)
                addEffects(item, effect, depth + 1);
        }
    };
    addEffects(effects, sequence, 1);
    if (!effects->hasChildren())
        effects->appendRow(new QStandardItem(tr("nothing (yet)")));
    m_causeModel->appendRow(causes);
    m_causeModel->appendRow(effects);
    m_causeTree->expandAll();
}

// --- trusted checkpoint --------------------------------------------------------------------------

std::optional<audit::Checkpoint> AuditPage::trustedCheckpoint() const
{
    if (m_review->sourceKind() != AuditReview::SourceKind::Directory)
        return std::nullopt;
    const QVariantMap kept = SettingValue<QVariantMap>(m_settings, kTrustedKey).value();
    const QString text = kept.value(m_review->sourcePath()).toString();
    if (text.isEmpty())
        return std::nullopt;
    auto parsed = json::parseStrict(text.toStdString());
    if (!parsed)
        return std::nullopt;
    auto checkpoint = audit::Checkpoint::fromJson(*parsed);
    if (!checkpoint) {
        qCWarning(lcUi) << "ignoring the trusted checkpoint kept for" << m_review->sourcePath() << ":"
                        << checkpoint.error();
        return std::nullopt;
    }
    return checkpoint.value();
}

Status AuditPage::keepLatestCheckpoint()
{
    if (m_review->sourceKind() != AuditReview::SourceKind::Directory)
        return fail(tr("Open an audit directory first"));
    if (!m_verdict || m_verdict->outcome != AuditVerdict::Outcome::Intact)
        return fail(tr("Only the checkpoint of a trail that verified intact can be trusted"));
    if (!m_verdict->latestCheckpoint)
        return fail(tr("The trail holds no signed checkpoint yet"));
    SettingValue<QVariantMap> setting(m_settings, kTrustedKey);
    QVariantMap kept = setting.value();
    kept.insert(m_review->sourcePath(), QString::fromStdString(m_verdict->latestCheckpoint->toJson().dump()));
    setting = kept;
    m_settings.sync();
    updateTrustedLabel();
    setMessage(tr("Kept the checkpoint at record %1 as trusted for %2.")
                   .arg(m_verdict->latestCheckpoint->sequence)
                   .arg(m_review->sourcePath()));
    return success();
}

Status AuditPage::loadTrustedCheckpoint(const QString& path)
{
    if (m_review->sourceKind() != AuditReview::SourceKind::Directory)
        return fail(tr("Open an audit directory first"));
    auto checkpoint = AuditReview::readCheckpointFile(path);
    if (!checkpoint)
        return fail(checkpoint.error());
    SettingValue<QVariantMap> setting(m_settings, kTrustedKey);
    QVariantMap kept = setting.value();
    kept.insert(m_review->sourcePath(), QString::fromStdString(checkpoint->toJson().dump()));
    setting = kept;
    m_settings.sync();
    updateTrustedLabel();
    return success();
}

Status AuditPage::saveTrustedCheckpoint(const QString& path) const
{
    const auto checkpoint = trustedCheckpoint();
    if (!checkpoint)
        return fail(tr("No trusted checkpoint is kept for this trail"));
    return AuditReview::writeCheckpointFile(*checkpoint, path);
}

void AuditPage::forgetTrustedCheckpoint()
{
    SettingValue<QVariantMap> setting(m_settings, kTrustedKey);
    QVariantMap kept = setting.value();
    kept.remove(m_review->sourcePath());
    setting = kept;
    updateTrustedLabel();
}

void AuditPage::chooseCheckpointFile(bool save)
{
    auto* dialog = new QFileDialog(this, save ? tr("Save the trusted checkpoint") : tr("Trust a checkpoint"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(save ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
    dialog->setFileMode(save ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->setNameFilters({ tr("Checkpoints (*.json)"), tr("All files (*)") });
    connect(dialog, &QFileDialog::fileSelected, this, [this, save](const QString& path) {
        const Status done = save ? saveTrustedCheckpoint(path) : loadTrustedCheckpoint(path);
        setMessage(done ? (save ? tr("Saved the trusted checkpoint to %1").arg(path)
                                : tr("Trusting the checkpoint in %1").arg(path))
                        : done.error(),
                   !done);
    });
    dialog->open();
}

void AuditPage::updateTrustedLabel()
{
    const bool directory = m_review->sourceKind() == AuditReview::SourceKind::Directory;
    const auto trusted = trustedCheckpoint();
    m_useTrusted->setEnabled(directory && trusted.has_value());
    m_trustedLabel->setText(!directory ? QString()
                                : trusted ? tr("kept: %1").arg(checkpointText(*trusted))
                                          : tr("none kept for this trail"));
    updateActions();
}

// --- export --------------------------------------------------------------------------------------

void AuditPage::chooseExportFile()
{
    auto* dialog = new QFileDialog(this, tr("Export the selection as an evidence bundle"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->setNameFilters({ tr("Evidence bundles (*.json)") });
    dialog->selectFile(QStringLiteral("evidence.json"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { exportSelection(path); });
    dialog->open();
}

void AuditPage::exportSelection(const QString& bundlePath)
{
    std::vector<AuditReview::Selected> selection;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        selection.push_back({ index.data(AuditRecordModel::SequenceRole).toLongLong(),
                              index.data(AuditRecordModel::TimestampRole).toLongLong() });
    }
    setMessage(tr("Exporting %n record(s)…", nullptr, int(selection.size())));
    m_review->exportBundle(selection, bundlePath);
}

// --- state ---------------------------------------------------------------------------------------

void AuditPage::updateActions()
{
    const bool open = m_review->sourceKind() != AuditReview::SourceKind::None;
    const bool directory = m_review->sourceKind() == AuditReview::SourceKind::Directory;
    const bool busy = m_review->isBusy();
    const bool intact = m_verdict && m_verdict->outcome == AuditVerdict::Outcome::Intact;
    const bool hasTrusted = directory && trustedCheckpoint().has_value();
    m_verifyButton->setEnabled(open && !busy);
    m_checkpointButton->setEnabled(directory);
    m_keepAction->setEnabled(directory && intact && m_verdict->latestCheckpoint.has_value());
    m_saveAction->setEnabled(hasTrusted);
    m_loadAction->setEnabled(directory);
    m_forgetAction->setEnabled(hasTrusted);
    m_exportButton->setEnabled(!busy && intact && m_table->selectionModel()->hasSelection());
}

void AuditPage::setMessage(const QString& text, bool error)
{
    m_messageLabel->setText(text);
    QPalette palette = this->palette();
    if (error)
        palette.setColor(QPalette::WindowText, theme::critical());
    m_messageLabel->setPalette(palette);
    m_messageLabel->setVisible(!text.isEmpty());
}

} // namespace orch::ui
