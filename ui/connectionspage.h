#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace orch::ui {

class ApprovalsModel;
class ConnectionEditor;
class ConnectionManager;
class FleetModel;
class FleetView;

// Connections and the fleet view: every orchestrator the console knows, side by side (cards) and
// as a table, with Add / Edit / Remove through the connection editor. Says so when the system
// keychain is missing and tokens are kept for this session only.
class ConnectionsPage final : public QWidget
{
    Q_OBJECT
public:
    ConnectionsPage(ConnectionManager& connections, ApprovalsModel& approvals, QWidget* parent = nullptr);
    ~ConnectionsPage() override;

    FleetModel* fleetModel() const { return m_model; }
    FleetView* fleetView() const { return m_fleet; }
    QTableView* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* removeButton() const { return m_remove; }
    QLabel* keyringLabel() const { return m_keyring; }
    QLabel* messageLabel() const { return m_message; }
    // The editor while one is open.
    ConnectionEditor* editor() const;

    void addConnection();
    void editSelected();
    void removeSelected();

private:
    QString selectedId() const;
    void updateButtons();
    void showKeyring(bool available, const QString& problem);
    void setMessage(const QString& text, bool error);

    ConnectionManager& m_connections;
    FleetModel* m_model;
    FleetView* m_fleet = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_keyring = nullptr;
    QLabel* m_message = nullptr;
    QPointer<ConnectionEditor> m_editor;
};

} // namespace orch::ui
