#include "statuspage.h"

#include <algorithm>
#include <cmath>

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <qcorotask.h>

#include "common/timeutil.h"
#include "componentdetails.h"
#include "componentstatusdelegate.h"
#include "componentstatusmodel.h"
#include "emptystate.h"
#include "phasebadge.h"
#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

// "$0.15", "$0.1467": cents always, sub-cent digits when the budget has them.
QString formatUsd(double value)
{
    QString digits = QString::number(value, 'f', 4);
    while (digits.endsWith(u'0') && digits.indexOf(u'.') < digits.size() - 3)
        digits.chop(1);
    return QStringLiteral("$") + digits;
}

QString formatFactor(double value)
{
    return QLocale().toString(value, 'g', 4) + QStringLiteral("×");
}

QString formatPercent(double fraction)
{
    return QLocale().toString(fraction * 100, 'g', 4) + QStringLiteral(" %");
}

QLabel* valueLabel(const QString& accessibleName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAccessibleName(accessibleName);
    return label;
}

QLabel* sectionTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace

StatusPage::StatusPage(OrchestratorClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(new ComponentStatusModel(this))
{
    setAccessibleName(tr("Orchestrator status"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createHeader());
    m_errorBanner = new QLabel(this);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setAccessibleName(tr("Error"));
    m_errorBanner->setWordWrap(true);
    m_errorBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorBanner->setAutoFillBackground(true);
    m_errorBanner->setMargin(8);
    QPalette bannerPalette = m_errorBanner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xfc, 0xe8, 0xe6));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x8c, 0x1d, 0x18));
    m_errorBanner->setPalette(bannerPalette);
    m_errorBanner->hide();
    layout->addWidget(m_errorBanner);

    m_body = new QStackedWidget(this);
    m_emptyState = new EmptyState(m_body);
    m_body->addWidget(m_emptyState);
    m_body->addWidget(createContent());
    layout->addWidget(m_body, 1);

    connect(&m_client, &OrchestratorClient::statusAvailable, this,
            [this](const OrchestratorStatus& status) { showStatus(status); });
    connect(&m_client, &OrchestratorClient::errorOccurred, this, [this](const QString& message) {
        // A lost or unreachable orchestrator (the client says why and retries) is a connection
        // state, not an error the orchestrator reported.
        if (m_client.connectionState() != OrchestratorClient::ConnectionState::Connected
            && !m_client.connectionError().isEmpty())
            handleConnectionState(m_client.connectionState());
        else
            showError(message);
    });
    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { handleConnectionState(state); });

    updateGovernance();
    updateTelemetry();
    handleConnectionState(m_client.connectionState());
}

StatusPage::~StatusPage() = default;

QString StatusPage::phase() const
{
    return m_badge->phase();
}

QWidget* StatusPage::createHeader()
{
    auto* header = new QWidget(this);
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 4);
    auto* title = new QLabel(tr("Orchestrator status"), header);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title->setFont(f);
    row->addWidget(title);
    row->addSpacing(12);
    m_badge = new PhaseBadge(header);
    m_badge->setObjectName(QStringLiteral("phaseBadge"));
    row->addWidget(m_badge, 0, Qt::AlignVCenter);
    row->addStretch(1);
    m_asOf = new QLabel(header);
    m_asOf->setObjectName(QStringLiteral("asOfLabel"));
    m_asOf->setAccessibleName(tr("Status time"));
    theme::useSecondaryText(m_asOf);
    row->addWidget(m_asOf, 0, Qt::AlignVCenter);
    return header;
}

QWidget* StatusPage::createContent()
{
    auto* content = new QWidget(this);
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(0, 0, 0, 0);

    column->addWidget(sectionTitle(tr("Components"), content));
    m_table = new QTableView(content);
    m_table->setObjectName(QStringLiteral("componentTable"));
    m_table->setAccessibleName(tr("Components"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new ComponentStatusDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    // The time columns stretch into the width there is; no horizontal scrolling.
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QHeaderView* header = m_table->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    for (int c = 0; c < ComponentStatusModel::ColumnCount; ++c)
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    // The times carry the most text; they take the room left.
    header->setSectionResizeMode(ComponentStatusModel::LastRunColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ComponentStatusModel::NextRunColumn, QHeaderView::Stretch);
    column->addWidget(m_table);
    column->addSpacing(8);

    m_details = new ComponentDetails(content);
    column->addWidget(m_details);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { updateDetails(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { selectFirstComponentIfNone(); });

    auto* groups = new QHBoxLayout;
    groups->addWidget(createGovernanceGroup(), 1);
    groups->addWidget(createTelemetryGroup(), 1);
    column->addLayout(groups);
    column->addStretch(1);
    return content;
}

QWidget* StatusPage::createGovernanceGroup()
{
    auto* group = new QGroupBox(tr("Governance"), this);
    group->setObjectName(QStringLiteral("governanceGroup"));
    auto* form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    auto* cost = new QWidget(group);
    auto* costColumn = new QVBoxLayout(cost);
    costColumn->setContentsMargins(0, 0, 0, 0);
    costColumn->setSpacing(4);
    m_apiCost = valueLabel(tr("API cost remaining"), cost);
    m_apiCost->setObjectName(QStringLiteral("apiCostRemaining"));
    m_apiCost->setToolTip(tr("The smallest remaining monthly API budget of any dealer"));
    costColumn->addWidget(m_apiCost);
    m_apiCostBar = new QProgressBar(cost);
    m_apiCostBar->setAccessibleName(tr("API budget remaining"));
    m_apiCostBar->setRange(0, 1000);
    m_apiCostBar->setTextVisible(false);
    m_apiCostBar->setMaximumHeight(m_apiCost->fontMetrics().height() / 2 + 2);
    costColumn->addWidget(m_apiCostBar);
    form->addRow(tr("API cost remaining:"), cost);

    m_rewardThreshold = valueLabel(tr("Minimum reward threshold"), group);
    m_rewardThreshold->setObjectName(QStringLiteral("rewardThreshold"));
    m_rewardThreshold->setToolTip(tr("An action's reward must be at least this multiple of its API cost"));
    form->addRow(tr("Minimum reward threshold:"), m_rewardThreshold);

    m_rollback = valueLabel(tr("Automatic rollback"), group);
    m_rollback->setObjectName(QStringLiteral("rollbackEnabled"));
    form->addRow(tr("Automatic rollback:"), m_rollback);
    return group;
}

QWidget* StatusPage::createTelemetryGroup()
{
    auto* group = new QGroupBox(tr("Telemetry configuration"), this);
    group->setObjectName(QStringLiteral("telemetryGroup"));
    auto* form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_metricsStore = valueLabel(tr("Metrics store"), group);
    m_metricsStore->setObjectName(QStringLiteral("metricsStore"));
    form->addRow(tr("Metrics store:"), m_metricsStore);
    m_audit = valueLabel(tr("Audit trail"), group);
    m_audit->setObjectName(QStringLiteral("auditTrail"));
    form->addRow(tr("Audit trail:"), m_audit);
    m_retention = valueLabel(tr("Retention"), group);
    m_retention->setObjectName(QStringLiteral("retention"));
    form->addRow(tr("Retention:"), m_retention);
    return group;
}

void StatusPage::handleConnectionState(OrchestratorClient::ConnectionState state)
{
    using State = OrchestratorClient::ConnectionState;
    if (state != State::Connected && m_status) {
        // Nothing of a connection that is gone is shown as if it were live.
        m_status.reset();
        m_error.clear();
        m_model->clear();
        m_badge->setPhase(QString());
        m_asOf->clear();
        updateGovernance();
    }
    // Why a remote orchestrator cannot be reached (naming it), and when the client tries again.
    const QString lost = m_client.connectionError();
    switch (state) {
    case State::Disconnected:
        showWaiting(tr("Not connected"), tr("The console is not connected to an orchestrator."));
        break;
    case State::Connecting:
        if (!lost.isEmpty()) {
            showWaiting(tr("Reconnecting to the orchestrator…"), lost, true);
            break;
        }
        showWaiting(tr("Waiting for the orchestrator…"),
                    tr("Starting %1. The status appears as soon as the orchestrator reports it.")
                        .arg(m_client.displayName()));
        break;
    case State::Connected:
        // Statuses are pushed, after the warm-up for an embedded orchestrator: asking for one now
        // would show a status the warm-up is about to overtake.
        showWaiting(
            tr("Waiting for the first status…"),
            tr("Connected to %1. The orchestrator publishes its status once it runs live; an embedded "
               "orchestrator first simulates its warm-up days (progress in the status bar).")
                .arg(m_client.displayName()));
        requestSpec();
        break;
    case State::Failed:
        // An embedded core's message arrives through errorOccurred; a remote client's is here.
        showWaiting(tr("The orchestrator is not available"),
                    lost.isEmpty() ? tr("Connecting to %1 failed.").arg(m_client.displayName()) : lost,
                    true);
        break;
    }
}

void StatusPage::requestSpec()
{
    QCoro::connect(m_client.fetchSpec(), this,
                   [this](const Result<OrchestratorSpec>& result) { applyFetchedSpec(result); });
}

void StatusPage::applyFetchedSpec(const Result<OrchestratorSpec>& result)
{
    if (result) {
        m_spec = *result;
        m_specError.clear();
    } else {
        qCWarning(lcUi) << "fetching the spec failed:" << result.error();
        m_specError = result.error();
    }
    if (m_spec)
        m_details->setSpec(*m_spec);
    updateGovernance();
    updateTelemetry();
}

void StatusPage::showStatus(const OrchestratorStatus& status)
{
    m_status = status;
    if (!m_error.isEmpty() && status.asOf > m_errorAsOf)
        m_error.clear();
    m_model->setStatus(status);
    m_badge->setPhase(status.phase);
    m_asOf->setText(tr("as of %1").arg(formatIso(status.asOf)));
    updateGovernance();
    updateState();
}

void StatusPage::showError(const QString& message)
{
    m_error = message;
    m_errorAsOf = m_status ? m_status->asOf : 0;
    updateState();
}

void StatusPage::showWaiting(const QString& title, const QString& detail, bool failed)
{
    m_waitingTitle = title;
    m_waitingDetail = detail;
    m_failed = failed;
    updateState();
}

void StatusPage::updateState()
{
    // With a status, an error is a banner above the last known values; without one, the whole page.
    if (m_status) {
        m_state = m_error.isEmpty() ? State::Live : State::Error;
        m_body->setCurrentIndex(1);
        m_errorBanner->setVisible(!m_error.isEmpty());
        m_errorBanner->setText(
            tr("<b>The orchestrator reported an error.</b> The values below are from %1.<br>%2")
                .arg(formatIso(m_status->asOf), m_error.toHtmlEscaped()));
        return;
    }
    m_errorBanner->hide();
    m_body->setCurrentIndex(0);
    if (!m_error.isEmpty()) {
        m_state = State::Error;
        m_emptyState->setMessage(tr("The orchestrator reported an error"), m_error, EmptyState::Kind::Error);
        return;
    }
    m_state = m_failed ? State::Error : State::Waiting;
    m_emptyState->setMessage(m_waitingTitle, m_waitingDetail,
                             m_failed ? EmptyState::Kind::Error : EmptyState::Kind::Info);
}

void StatusPage::selectFirstComponentIfNone()
{
    // Current without being selected: the details have something to show, and no row looks
    // highlighted for a reason the user did not give.
    if (!m_table->selectionModel()->currentIndex().isValid() && m_model->rowCount() > 0)
        m_table->selectionModel()->setCurrentIndex(m_model->index(0, 0), QItemSelectionModel::NoUpdate);
    updateDetails();
}

void StatusPage::updateDetails()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    m_details->setComponent(current.isValid() ? current.data(ComponentStatusModel::ComponentIdRole).toString()
                                              : QString());
}

void StatusPage::updateGovernance()
{
    const double budget = m_spec ? m_spec->governance.maxApiCostPerDealerMonth : 0;
    if (!m_status) {
        m_apiCost->setText(tr("—"));
        m_apiCostBar->setValue(0);
        m_rewardThreshold->setText(tr("—"));
        m_rollback->setText(tr("—"));
        return;
    }
    const GovernanceStatus& g = m_status->governance;
    if (m_spec) {
        m_apiCost->setText(
            tr("%1 of %2 per dealer per month").arg(formatUsd(g.apiCostRemaining), formatUsd(budget)));
        const double fraction = budget > 0 ? std::clamp(g.apiCostRemaining / budget, 0.0, 1.0) : 0.0;
        m_apiCostBar->setValue(int(std::lround(fraction * 1000)));
        m_apiCostBar->setToolTip(tr("%1 of the monthly budget left").arg(formatPercent(fraction)));
        m_apiCostBar->setVisible(true);
    } else {
        m_apiCost->setText(tr("%1 per dealer per month").arg(formatUsd(g.apiCostRemaining)));
        m_apiCostBar->setVisible(false);
    }
    m_rewardThreshold->setText(formatFactor(g.rewardThreshold));
    if (!g.rollbackEnabled)
        m_rollback->setText(tr("Disabled: rollbacks wait for an analyst's approval"));
    else if (m_spec)
        m_rollback->setText(
            tr("Enabled (error rate above %1)").arg(formatPercent(m_spec->rollback.errorRateThreshold)));
    else
        m_rollback->setText(tr("Enabled"));
}

void StatusPage::updateTelemetry()
{
    if (!m_spec) {
        const QString text = m_specError.isEmpty() ? tr("—") : tr("unavailable");
        for (QLabel* label : { m_metricsStore, m_audit, m_retention }) {
            label->setText(text);
            label->setToolTip(m_specError);
        }
        return;
    }
    const TelemetrySpec& t = m_spec->telemetry;
    m_metricsStore->setText(t.metricsStore);
    m_metricsStore->setToolTip({});
    if (t.audit.enabled) {
        QStringList parts { t.audit.encryption };
        if (t.audit.appendOnly)
            parts << tr("append-only");
        parts << tr("%1 hash chain").arg(t.audit.hash);
        m_audit->setText(parts.join(QStringLiteral(" · ")));
    } else {
        m_audit->setText(tr("Disabled"));
    }
    m_audit->setToolTip({});
    m_retention->setText(tr("%n day(s)", nullptr, t.retentionDays));
    m_retention->setToolTip({});
}

} // namespace orch::ui
