#include "approvalspage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLayout>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <qcorotask.h>

#include "approvalsmodel.h"
#include "commentdialog.h"
#include "connectionmanager.h"
#include "emptystate.h"
#include "theme.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString dot(const QColor& colour)
{
    return QStringLiteral("<span style=\"color:%1\">&#9679;</span>").arg(colour.name());
}

} // namespace

ApprovalsPage::ApprovalsPage(ConnectionManager& connections, ApprovalsModel& model, QWidget* parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
{
    setAccessibleName(tr("Approvals"));
    m_proxy->setSourceModel(&m_model);
    m_proxy->setSortRole(ApprovalsModel::SortRole);

    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Approvals"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);
    auto* subtitle = new QLabel(tr("Rollbacks and promotions waiting for an analyst, from every connected "
                                   "orchestrator. Each decision needs a comment and is recorded in that "
                                   "orchestrator's audit trail with your identity."),
                                this);
    subtitle->setWordWrap(true);
    theme::useSecondaryText(subtitle);
    layout->addWidget(subtitle);
    m_sources = new QLabel(this);
    m_sources->setObjectName(QStringLiteral("approvalSourcesLabel"));
    m_sources->setAccessibleName(tr("Orchestrators"));
    m_sources->setTextFormat(Qt::RichText);
    m_sources->setWordWrap(true);
    layout->addWidget(m_sources);

    m_body = new QStackedWidget(this);
    m_emptyState = new QLabel(m_body);
    m_emptyState->setObjectName(QStringLiteral("approvalsEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setTextFormat(Qt::RichText);
    m_body->addWidget(m_emptyState);
    m_inbox = new QWidget(m_body);
    auto* inboxLayout = new QVBoxLayout(m_inbox);
    inboxLayout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Vertical, m_inbox);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("approvalsTable"));
    m_table->setAccessibleName(tr("Pending approvals"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ApprovalsModel::RequestedColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    splitter->addWidget(m_table);

    auto* details = new QWidget(splitter);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    m_evidence = new QTextBrowser(details);
    m_evidence->setObjectName(QStringLiteral("approvalEvidence"));
    m_evidence->setAccessibleName(tr("Evidence"));
    m_evidence->setOpenLinks(false);
    detailsLayout->addWidget(m_evidence, 1);
    auto* buttons = new QHBoxLayout;
    m_roleNote = new QLabel(details);
    m_roleNote->setObjectName(QStringLiteral("approvalRoleNote"));
    m_roleNote->setWordWrap(true);
    theme::useSecondaryText(m_roleNote);
    m_approve = new QPushButton(tr("&Approve…"), details);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_refuse = new QPushButton(tr("&Refuse…"), details);
    m_refuse->setObjectName(QStringLiteral("refuseButton"));
    connect(m_approve, &QPushButton::clicked, this, [this] { decideSelected(true); });
    connect(m_refuse, &QPushButton::clicked, this, [this] { decideSelected(false); });
    buttons->addWidget(m_roleNote, 1);
    buttons->addWidget(m_refuse);
    buttons->addWidget(m_approve);
    detailsLayout->addLayout(buttons);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    inboxLayout->addWidget(splitter);
    m_body->addWidget(m_inbox);
    layout->addWidget(m_body, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("approvalMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { updateSelection(); });
    connect(&m_model, &QAbstractItemModel::dataChanged, this, [this] { updateSelection(); });
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this] { updateSources(); });
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateSources();
        updateSelection();
    });
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this] { updateSources(); });
    connect(&m_model, &ApprovalsModel::sourceChanged, this, [this] { updateSources(); });
    connect(&m_connections, &ConnectionManager::connectionChanged, this, [this] { updateSources(); });
    updateSources();
    updateSelection();
}

ApprovalsPage::~ApprovalsPage() = default;

CommentDialog* ApprovalsPage::commentDialog() const
{
    return m_dialog;
}

void ApprovalsPage::updateSources()
{
    QStringList parts;
    int reachable = 0;
    for (const QString& id : m_connections.ids()) {
        const QString name = esc(m_connections.name(id));
        if (const auto count = m_model.pendingCount(id)) {
            ++reachable;
            parts << tr("%1 <b>%2</b>: %n waiting", nullptr, *count).arg(dot(*count ? theme::warning() : theme::ok()), name);
        } else {
            const OrchestratorClient* client = m_connections.client(id);
            const bool connecting = client && client->connectionState() == OrchestratorClient::ConnectionState::Connecting;
            const QString error = m_model.sourceError(id);
            parts << (connecting ? tr("%1 <b>%2</b>: connecting…").arg(dot(theme::idle()), name)
                                 : tr("%1 <b>%2</b>: unreachable (%3)").arg(dot(theme::critical()), name, esc(error)));
        }
    }
    m_sources->setText(parts.isEmpty() ? tr("No orchestrator connected.") : parts.join(QStringLiteral("&nbsp;&nbsp;&nbsp; ")));

    if (m_model.rowCount() > 0) {
        m_body->setCurrentWidget(m_inbox);
        return;
    }
    QString title, detail;
    bool error = false;
    if (m_connections.ids().isEmpty()) {
        title = tr("No orchestrator connected");
        detail = tr("Add one on the Connections page.");
    } else if (reachable == 0) {
        title = tr("No orchestrator is reachable");
        detail = tr("Approvals appear here as soon as one answers; nothing stale is shown.");
        error = true;
    } else {
        title = tr("Nothing waits on you");
        detail = tr("Rollbacks and promotions that need an analyst's decision appear here.");
    }
    // A plain full-width label: the shared EmptyState's centred word-wrapped labels kept the size of
    // an earlier text here.
    m_emptyState->setText(QStringLiteral("<p style=\"font-size:large\">%1%2</p><p>%3</p>")
                              .arg(error ? QStringLiteral("&#9888; ") : QString(),
                                   esc(title), esc(detail)));
    m_emptyState->setAccessibleName(title);
    m_body->setCurrentWidget(m_emptyState);
}

int ApprovalsPage::selectedSourceRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return -1;
    return m_proxy->mapToSource(rows.constFirst()).row();
}

void ApprovalsPage::updateSelection()
{
    const int row = selectedSourceRow();
    if (row < 0) {
        m_evidence->setHtml(tr("<p>Select an approval to see its evidence.</p>"));
        m_approve->hide();
        m_refuse->hide();
        m_roleNote->clear();
        return;
    }
    showEvidence(row);
    const QString id = m_model.connectionId(row);
    const OrchestratorClient* client = m_connections.client(id);
    const bool canApprove = client && client->capabilities().canApprove();
    m_approve->setVisible(canApprove);
    m_refuse->setVisible(canApprove);
    const bool busy = !m_dialog.isNull();
    m_approve->setEnabled(!busy);
    m_refuse->setEnabled(!busy);
    if (!client) {
        m_roleNote->setText(tr("Not connected to %1.").arg(m_connections.name(id)));
    } else if (canApprove) {
        m_roleNote->setText(tr("You decide as %1 (%2).")
                                .arg(client->capabilities().identity.isEmpty() ? tr("an anonymous approver")
                                                                               : client->capabilities().identity,
                                     accessRoleName(client->capabilities().role)));
    } else {
        m_roleNote->setText(tr("Your role on %1 is %2: only an approver can approve or refuse.")
                                .arg(m_connections.name(id), accessRoleName(client->capabilities().role)));
    }
}

void ApprovalsPage::showEvidence(int sourceRow)
{
    const Approval* a = m_model.approval(sourceRow);
    if (!a)
        return;
    const Rollout& r = a->rollout;
    const QLocale locale;
    QString html;
    html += tr("<h3>Rollout #%1 (%2) asks to %3</h3>")
                .arg(r.id)
                .arg(esc(r.action),
                     a->pending == QStringLiteral("rollback")      ? tr("roll back")
                         : a->pending == QStringLiteral("promote") ? tr("promote")
                                                                   : esc(a->pending));
    html += tr("<p><b>Why:</b> %1<br><b>Requested:</b> %2 by %3 on %4<br><b>Scope:</b> %5 · <b>approvals:</b> %6 of "
               "%7 · <b>expires:</b> %8</p>")
                .arg(esc(a->reason), formatIso(a->requestedAt), esc(a->requestedBy),
                     esc(m_connections.name(m_model.connectionId(sourceRow))), esc(a->scope))
                .arg(a->approvals)
                .arg(a->requiredApprovals)
                .arg(a->expiresAt > 0 ? formatIso(a->expiresAt) : tr("never"));
    html += tr("<p><b>Error rate:</b> %1 %<br><b>Canary:</b> %2<br><b>Drift open on canary dealers:</b> %3</p>")
                .arg(locale.toString(r.errorRate * 100, 'f', 2), esc(r.canary.join(QStringLiteral(", "))),
                     r.driftDealers.isEmpty() ? tr("none") : esc(r.driftDealers.join(QStringLiteral(", "))));
    if (!a->openDetections.empty()) {
        html += tr("<p><b>Open detections</b></p><ul>");
        for (const Detection& d : a->openDetections)
            html += tr("<li>%1 / %2: std %3 (peak %4), open since %5</li>")
                        .arg(esc(d.dealer), esc(d.feature), locale.toString(d.lastStd, 'f', 2),
                             locale.toString(d.peakStd, 'f', 2), formatIso(d.openedAt));
        html += QStringLiteral("</ul>");
    }
    html += tr("<p><b>Verification</b></p>");
    if (r.verification.empty()) {
        html += tr("<p>not run yet</p>");
    } else {
        html += QStringLiteral("<ul>");
        for (const auto& [dealer, v] : r.verification) {
            QStringList checks;
            for (const Rollout::Check& c : v.checks)
                checks << QStringLiteral("%1 %2%3")
                              .arg(c.passed ? QStringLiteral("&#10003;") : QStringLiteral("&#10007;"), esc(c.step),
                                   c.detail.isEmpty() ? QString() : QStringLiteral(" (") + esc(c.detail) + u')');
            html += tr("<li><span style=\"color:%1\">%2</span> %3: %4</li>")
                        .arg((v.passed ? theme::ok() : theme::critical()).name(),
                             v.passed ? tr("passed") : tr("failed"), esc(dealer), checks.join(QStringLiteral(", ")));
        }
        html += QStringLiteral("</ul>");
    }
    if (!r.votes.empty()) {
        html += tr("<p><b>Agents' votes</b> (consensus %1 %)</p><ul>").arg(locale.toString(r.consensus * 100, 'f', 0));
        for (const AgentVote& v : r.votes)
            html += tr("<li>%1: %2 (%3)</li>").arg(esc(v.agent), v.approve ? tr("for") : tr("against"), esc(v.reason));
        html += QStringLiteral("</ul>");
    }
    html += tr("<p><b>Cause chain</b> (newest first)</p>");
    if (a->causeChain.empty()) {
        html += m_model.auditAvailable(m_model.connectionId(sourceRow))
            ? tr("<p>no audit records name this rollout</p>")
            : tr("<p>the orchestrator keeps no audit trail</p>");
    } else {
        html += QStringLiteral("<ol>");
        for (const AuditEntry& e : a->causeChain)
            html += tr("<li>#%1 <b>%2</b> %3 by %4%5</li>")
                        .arg(e.sequence)
                        .arg(esc(e.type), formatIso(e.timestamp), esc(e.actor),
                             e.checkpointed ? QString() : tr(" <i>(not yet signed)</i>"));
        html += QStringLiteral("</ol>");
    }
    if (!r.history.empty()) {
        html += tr("<p><b>History</b></p><ul>");
        for (const Rollout::HistoryEntry& h : r.history)
            html += tr("<li>%1 %2 by %3%4</li>")
                        .arg(formatIso(h.at), esc(h.event), esc(h.by),
                             h.comment.isEmpty() ? QString() : QStringLiteral(": “") + esc(h.comment) + QStringLiteral("”"));
        html += QStringLiteral("</ul>");
    }
    m_evidence->setHtml(html);
}

void ApprovalsPage::decideSelected(bool approve)
{
    const int row = selectedSourceRow();
    const Approval* a = m_model.approval(row);
    if (!a || m_dialog)
        return;
    const QString id = m_model.connectionId(row);
    const qint64 rolloutId = a->rollout.id;
    // The decision is on exactly the request shown: if it changed meanwhile, the orchestrator refuses.
    const QString requestHash = a->requestHash;
    const QString what = a->pending == QStringLiteral("rollback") ? tr("roll back") : tr("promote");
    const QString title = approve ? tr("Approve: %1 rollout #%2").arg(what).arg(rolloutId)
                                  : tr("Refuse: %1 rollout #%2").arg(what).arg(rolloutId);
    const QString explanation = approve
        ? tr("%1 will %2 rollout #%3 (%4) now.").arg(esc(m_connections.name(id)), what).arg(rolloutId).arg(esc(a->rollout.action))
        : tr("Rollout #%1 stays as it is and no longer asks; only an analyst moves it from now on.").arg(rolloutId);
    m_dialog = new CommentDialog(title, explanation, approve ? tr("Approve") : tr("Refuse"), kMaxCommentLength, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, [this, id, rolloutId, approve, requestHash] {
        submit(id, rolloutId, approve, m_dialog->comment(), requestHash);
    });
    connect(m_dialog, &QObject::destroyed, this, [this] { updateSelection(); });
    updateSelection();
    m_dialog->open();
}

void ApprovalsPage::submit(const QString& connectionId, qint64 rolloutId, bool approve, const QString& comment,
                           const QString& requestHash)
{
    OrchestratorClient* client = m_connections.client(connectionId);
    if (!client) {
        m_message->setText(tr("Not connected to %1: nothing was decided.").arg(m_connections.name(connectionId)));
        m_message->show();
        Q_EMIT decided(false, m_message->text());
        return;
    }
    m_message->setText(tr("Sending your decision on rollout #%1…").arg(rolloutId));
    m_message->show();
    QCoro::connect(client->decideApproval(rolloutId, approve, comment, requestHash), this,
                   [this, connectionId, rolloutId, approve](const Result<Rollout>& result) {
                       QString text;
                       if (result) {
                           text = approve ? tr("Approved rollout #%1 on %2: now %3.")
                                                .arg(rolloutId)
                                                .arg(m_connections.name(connectionId),
                                                     Rollout::toString(result->state))
                                          : tr("Refused rollout #%1 on %2.").arg(rolloutId).arg(m_connections.name(connectionId));
                       } else {
                           text = tr("The decision on rollout #%1 failed: %2").arg(rolloutId).arg(result.error());
                       }
                       QPalette palette = this->palette();
                       if (!result)
                           palette.setColor(QPalette::WindowText, theme::critical());
                       m_message->setPalette(palette);
                       m_message->setText(text);
                       m_message->show();
                       m_model.refresh(connectionId);
                       Q_EMIT decided(result.ok(), text);
                   });
}

} // namespace orch::ui
