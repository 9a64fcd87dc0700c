#include "connectionspage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "connectioneditor.h"
#include "connectionmanager.h"
#include "connectiontokens.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "theme.h"

namespace orch::ui {

ConnectionsPage::ConnectionsPage(ConnectionManager& connections, ApprovalsModel& approvals, QWidget* parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_model(new FleetModel(connections, approvals, this))
{
    setAccessibleName(tr("Connections"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Connections"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);
    auto* subtitle = new QLabel(tr("Every orchestrator this console watches: the embedded one and any number of "
                                   "remote orchestratord's, with their phase and what waits on you."),
                                this);
    subtitle->setWordWrap(true);
    theme::useSecondaryText(subtitle);
    layout->addWidget(subtitle);

    m_fleet = new FleetView(*m_model, this);
    m_fleet->setMinimumHeight(130);
    m_fleet->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    layout->addWidget(m_fleet);

    // A tree: the replicas of a sharded orchestrator are the children of its row (FleetModel).
    m_table = new QTreeView(this);
    m_table->setObjectName(QStringLiteral("connectionsTable"));
    m_table->setAccessibleName(tr("Connections"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setUniformRowHeights(true);
    m_table->setExpandsOnDoubleClick(false); // a double click edits
    m_table->header()->setStretchLastSection(true);
    m_table->header()->resizeSection(FleetModel::NameColumn, 220);
    m_table->header()->resizeSection(FleetModel::AddressColumn, 260);
    layout->addWidget(m_table, 1);
    connect(m_model, &QAbstractItemModel::modelReset, m_table, &QTreeView::expandAll);
    connect(m_fleet, &FleetView::activated, this, [this](int row) {
        m_table->setCurrentIndex(m_model->index(row, 0));
        m_table->expand(m_model->index(row, 0));
    });
    connect(m_table, &QTreeView::doubleClicked, this, [this] { editSelected(); });

    auto* buttons = new QHBoxLayout;
    m_keyring = new QLabel(this);
    m_keyring->setObjectName(QStringLiteral("keyringLabel"));
    m_keyring->setWordWrap(true);
    m_keyring->hide();
    m_add = new QPushButton(tr("&Add…"), this);
    m_add->setObjectName(QStringLiteral("addConnectionButton"));
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(QStringLiteral("editConnectionButton"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeConnectionButton"));
    m_open = new QPushButton(tr("&Open"), this);
    m_open->setObjectName(QStringLiteral("openConnectionButton"));
    m_open->setToolTip(tr("Show this orchestrator on the Status, Drift, Reward simulator, Governance and "
                          "Specification pages"));
    connect(m_add, &QPushButton::clicked, this, [this] { addConnection(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editSelected(); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelected(); });
    connect(m_open, &QPushButton::clicked, this, [this] { openSelected(); });
    buttons->addWidget(m_keyring, 1);
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_open);
    layout->addLayout(buttons);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("connectionMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_message);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { updateButtons(); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] { updateButtons(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { updateButtons(); }); // regrouped
    // A client came or went.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { updateButtons(); });
    connect(&m_connections.tokens(), &ConnectionTokens::keyringAvailabilityChanged, this,
            [this](bool available, const QString& problem) { showKeyring(available, problem); });
    connect(&m_connections, &ConnectionManager::tokenStored, this,
            [this](const QString& id, bool persistent, const QString& problem) {
                if (!persistent)
                    setMessage(tr("The token of %1 is kept for this session only (%2); you will be asked for it "
                                  "again next time.")
                                   .arg(m_connections.name(id), problem),
                               true);
            });
    if (!m_connections.tokens().keyringAvailable())
        showKeyring(false, m_connections.tokens().keyringProblem());
    updateButtons();
}

ConnectionsPage::~ConnectionsPage() = default;

ConnectionEditor* ConnectionsPage::editor() const
{
    return m_editor;
}

QString ConnectionsPage::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.size() == 1 ? m_model->connectionId(rows.constFirst()) : QString();
}

void ConnectionsPage::updateButtons()
{
    const QString id = selectedId();
    const bool editable = !id.isEmpty() && !m_connections.isAdopted(id);
    m_edit->setEnabled(editable && !m_editor);
    m_remove->setEnabled(editable && !m_editor);
    m_add->setEnabled(!m_editor);
    m_open->setEnabled(!id.isEmpty() && m_connections.client(id));
}

void ConnectionsPage::addConnection()
{
    if (m_editor)
        return;
    m_editor = new ConnectionEditor(this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &QDialog::accepted, this, [this] {
        const Status added = m_connections.addConnection(m_editor->config(), m_editor->token().value_or(QString()));
        setMessage(added ? tr("Added %1.").arg(m_editor->config().name) : added.error(), !added);
    });
    connect(m_editor, &QObject::destroyed, this, [this] { updateButtons(); });
    updateButtons();
    m_editor->open();
}

void ConnectionsPage::editSelected()
{
    const QString id = selectedId();
    const auto config = m_connections.config(id);
    if (!config || m_editor)
        return;
    m_editor = new ConnectionEditor(*config, this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &QDialog::accepted, this, [this] {
        const Status updated = m_connections.updateConnection(m_editor->config(), m_editor->token());
        setMessage(updated ? tr("Saved %1.").arg(m_editor->config().name) : updated.error(), !updated);
    });
    connect(m_editor, &QObject::destroyed, this, [this] { updateButtons(); });
    updateButtons();
    m_editor->open();
}

void ConnectionsPage::removeSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || m_connections.isAdopted(id))
        return;
    const QString name = m_connections.name(id);
    m_connections.removeConnection(id);
    setMessage(tr("Removed %1 (and its token).").arg(name), false);
}

void ConnectionsPage::openSelected()
{
    const QString id = selectedId();
    if (!id.isEmpty() && m_connections.client(id))
        Q_EMIT openRequested(id);
}

void ConnectionsPage::showKeyring(bool available, const QString& problem)
{
    m_keyring->setVisible(!available);
    if (available)
        return;
    m_keyring->setText(tr("No system keychain (%1): tokens are kept for this session only and are never written "
                          "to disk.")
                           .arg(problem));
    QPalette palette = m_keyring->palette();
    palette.setColor(QPalette::WindowText, theme::warning());
    m_keyring->setPalette(palette);
}

void ConnectionsPage::setMessage(const QString& text, bool error)
{
    QPalette palette = this->palette();
    if (error)
        palette.setColor(QPalette::WindowText, theme::critical());
    m_message->setPalette(palette);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

} // namespace orch::ui
