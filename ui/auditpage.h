#pragma once

#include <optional>

#include <QWidget>

#include "audit/auditlog.h"
#include "auditreview.h"
#include "common/result.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QStandardItemModel;
class QTableView;
class QToolButton;
class QTreeView;

namespace orch::ui {

class AuditFilterProxy;
class AuditRecordModel;
struct AuditRecordSet;
class EmptyState;
class SettingsStorage;

// Audit review, offline: opens an audit trail (a data directory) or an evidence bundle without any
// orchestrator, verifies it off the GUI thread with a progress bar and Cancel, shows the verdict
// (and the first bad record and why), lets the analyst browse and filter the records, follow a
// cause chain, keep a trusted checkpoint and verify against it later, and export a selection as an
// evidence bundle.
class AuditPage final : public QWidget
{
    Q_OBJECT
public:
    explicit AuditPage(SettingsStorage& settings, QWidget* parent = nullptr);
    ~AuditPage() override;

    // Open and verify at once (against the directory's trusted checkpoint when one is kept and
    // "Verify against the trusted checkpoint" is on).
    Status openDirectory(const QString& path);
    Status openBundle(const QString& path, const QString& publicKeyPath = {});
    void verify();
    void cancel();
    // Keeps the latest checkpoint of the last successful verification as this directory's trusted
    // checkpoint (in the console's settings).
    Status keepLatestCheckpoint();
    // Trusts a checkpoint read from a file, for the open directory.
    Status loadTrustedCheckpoint(const QString& path);
    Status saveTrustedCheckpoint(const QString& path) const;
    void forgetTrustedCheckpoint();
    std::optional<audit::Checkpoint> trustedCheckpoint() const;
    // Exports the selected rows; the result shows under the table.
    void exportSelection(const QString& bundlePath);
    // The trail of the console's own (embedded) orchestrator: offered with a button, and opened
    // when the page is first shown while nothing else is open.
    void setLocalTrail(const QString& dataDir);
    // Selects the record (clearing the filters when it is hidden) and shows its cause chain.
    bool selectSequence(qint64 sequence);

    AuditReview* review() const { return m_review; }
    AuditRecordModel* recordModel() const { return m_model; }
    AuditFilterProxy* filterProxy() const { return m_proxy; }
    QTableView* recordTable() const { return m_table; }
    QTreeView* causeTree() const { return m_causeTree; }
    QStandardItemModel* causeModel() const { return m_causeModel; }
    QProgressBar* progressBar() const { return m_progress; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QPushButton* verifyButton() const { return m_verifyButton; }
    QLabel* verdictLabel() const { return m_verdictLabel; }
    QLabel* messageLabel() const { return m_messageLabel; }
    std::optional<AuditVerdict> lastVerdict() const { return m_verdict; }

Q_SIGNALS:
    // After each verification (tests and the screenshot tour wait for it).
    void verified(const orch::ui::AuditVerdict& verdict);
    void recordsShown(int count);
    void exported(bool ok, const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildUi();
    QWidget* buildFilters();
    QWidget* buildDetails();
    void chooseDirectory();
    void chooseBundle();
    void chooseCheckpointFile(bool save);
    void chooseExportFile();
    void showVerdict(const AuditVerdict& verdict);
    void showRecords(const std::shared_ptr<const AuditRecordSet>& records);
    void showBodyMessage(const QString& title, const QString& detail, bool error);
    void setBusy(bool busy);
    void updateProgress(qint64 done, qint64 total);
    void applyFilters();
    void updateCount();
    void showDetails();
    void updateTrustedLabel();
    void updateActions();
    void setMessage(const QString& text, bool error = false);

    SettingsStorage& m_settings;
    AuditReview* m_review;
    AuditRecordModel* m_model;
    AuditFilterProxy* m_proxy;
    QStandardItemModel* m_causeModel;
    std::optional<AuditVerdict> m_verdict;
    // The record to select once the proxy's rows are there (after a reset of its rows).
    std::optional<qint64> m_pendingSelection;

    QLabel* m_sourceLabel = nullptr;
    QPushButton* m_localButton = nullptr;
    QString m_localTrail;
    bool m_shownOnce = false;
    QPushButton* m_verifyButton = nullptr;
    QCheckBox* m_useTrusted = nullptr;
    QLabel* m_trustedLabel = nullptr;
    QToolButton* m_checkpointButton = nullptr;
    QAction* m_keepAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_loadAction = nullptr;
    QAction* m_forgetAction = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QLabel* m_verdictLabel = nullptr;
    QStackedWidget* m_body = nullptr;
    EmptyState* m_emptyState = nullptr;
    QWidget* m_browser = nullptr;
    QCheckBox* m_sinceEnabled = nullptr;
    QDateTimeEdit* m_since = nullptr;
    QCheckBox* m_untilEnabled = nullptr;
    QDateTimeEdit* m_until = nullptr;
    QComboBox* m_type = nullptr;
    QLineEdit* m_cause = nullptr;
    QTableView* m_table = nullptr;
    QPlainTextEdit* m_recordText = nullptr;
    QTreeView* m_causeTree = nullptr;
    QPushButton* m_exportButton = nullptr;
    QLabel* m_messageLabel = nullptr;
    QLabel* m_countLabel = nullptr;
};

} // namespace orch::ui
