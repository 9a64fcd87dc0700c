#pragma once

#include <optional>

#include <QDialog>

#include "connectionconfig.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;

namespace orch::ui {

// Adds or edits one connection: an embedded orchestrator (simulated fleet or a data directory) or
// a remote orchestratord (URL, TLS options, token). Validates as the analyst types: OK stays
// disabled, and the problems are listed, until the URL has an http or https scheme, a host and a
// valid port. The token field is a password field; editing leaves the stored token alone unless
// something is typed.
class ConnectionEditor final : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionEditor(QWidget* parent = nullptr);
    // Editing an existing connection.
    ConnectionEditor(const ConnectionConfig& config, QWidget* parent = nullptr);

    // What the fields say now (valid only when problems() is empty).
    ConnectionConfig config() const;
    // The token typed (nullopt: left empty, keep the stored one).
    std::optional<QString> token() const;
    QStringList problems() const;

    QLineEdit* nameEdit() const { return m_name; }
    QRadioButton* remoteButton() const { return m_remote; }
    QRadioButton* embeddedButton() const { return m_embedded; }
    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* tokenEdit() const { return m_token; }
    QLineEdit* pinEdit() const { return m_pin; }
    QLabel* problemLabel() const { return m_problems; }
    QPushButton* okButton() const { return m_ok; }

private:
    void build();
    void load(const ConnectionConfig& config);
    void validate();

    ConnectionConfig m_original;
    bool m_editing = false;
    QLineEdit* m_name = nullptr;
    QRadioButton* m_embedded = nullptr;
    QRadioButton* m_remote = nullptr;
    QStackedWidget* m_kindPages = nullptr;
    QLineEdit* m_dataDir = nullptr;
    QSpinBox* m_dealers = nullptr;
    QSpinBox* m_seed = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_pin = nullptr;
    QLineEdit* m_caFile = nullptr;
    QLineEdit* m_token = nullptr;
    QLabel* m_tokenNote = nullptr;
    QLabel* m_problems = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace orch::ui
