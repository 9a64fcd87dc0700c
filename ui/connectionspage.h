#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace orch::ui {

class ApprovalsModel;
class ConnectionEditor;
class ConnectionManager;
class FleetModel;
class FleetView;

// Connections and the fleet view: every orchestrator the console knows, side by side (cards) and
// as a tree (the replicas of a sharded orchestrator under its row), with Add / Edit / Remove through the connection editor, and Open, which shows the
// selected orchestrator on the window's Status, Drift, Reward simulator, Governance and
// Specification pages (openRequested()). Says so when the system keychain is missing and tokens
// are kept for this session only.
class ConnectionsPage final : public QWidget
{
    Q_OBJECT
public:
    ConnectionsPage(ConnectionManager& connections, ApprovalsModel& approvals, QWidget* parent = nullptr);
    ~ConnectionsPage() override;

    FleetModel* fleetModel() const { return m_model; }
    FleetView* fleetView() const { return m_fleet; }
    QTreeView* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* removeButton() const { return m_remove; }
    QPushButton* openButton() const { return m_open; }
    QLabel* keyringLabel() const { return m_keyring; }
    QLabel* messageLabel() const { return m_message; }
    // The editor while one is open.
    ConnectionEditor* editor() const;

    void addConnection();
    void editSelected();
    void removeSelected();
    void openSelected();

Q_SIGNALS:
    // Open: the analyst wants to look at this connection's orchestrator.
    void openRequested(const QString& connectionId);

private:
    QString selectedId() const;
    void updateButtons();
    void showKeyring(bool available, const QString& problem);
    void setMessage(const QString& text, bool error);

    ConnectionManager& m_connections;
    FleetModel* m_model;
    FleetView* m_fleet = nullptr;
    QTreeView* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_open = nullptr;
    QLabel* m_keyring = nullptr;
    QLabel* m_message = nullptr;
    QPointer<ConnectionEditor> m_editor;
};

} // namespace orch::ui
