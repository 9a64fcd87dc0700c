#include "connectioneditor.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "theme.h"

namespace orch::ui {

ConnectionEditor::ConnectionEditor(QWidget* parent)
    : QDialog(parent)
{
    m_original.id = ConnectionConfig::newId();
    m_original.kind = ConnectionConfig::Kind::Remote;
    build();
    load(m_original);
    setWindowTitle(tr("Add a connection"));
}

ConnectionEditor::ConnectionEditor(const ConnectionConfig& config, QWidget* parent)
    : QDialog(parent)
    , m_original(config)
    , m_editing(true)
{
    build();
    load(config);
    setWindowTitle(tr("Edit %1").arg(config.name));
}

void ConnectionEditor::build()
{
    setObjectName(QStringLiteral("connectionEditor"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("Production EU"));
    form->addRow(tr("&Name:"), m_name);
    auto* kindRow = new QHBoxLayout;
    m_remote = new QRadioButton(tr("&Remote orchestratord"), this);
    m_remote->setObjectName(QStringLiteral("remoteButton"));
    m_embedded = new QRadioButton(tr("&Embedded"), this);
    m_embedded->setObjectName(QStringLiteral("embeddedButton"));
    kindRow->addWidget(m_remote);
    kindRow->addWidget(m_embedded);
    kindRow->addStretch(1);
    form->addRow(tr("Kind:"), kindRow);
    layout->addLayout(form);

    m_kindPages = new QStackedWidget(this);
    // Remote.
    auto* remote = new QWidget(m_kindPages);
    auto* remoteForm = new QFormLayout(remote);
    remoteForm->setContentsMargins(0, 0, 0, 0);
    m_url = new QLineEdit(remote);
    m_url->setObjectName(QStringLiteral("urlEdit"));
    m_url->setPlaceholderText(QStringLiteral("https://orchestrator.example:8443"));
    remoteForm->addRow(tr("&URL:"), m_url);
    auto* caRow = new QHBoxLayout;
    m_caFile = new QLineEdit(remote);
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("the system's certificate authorities"));
    auto* caBrowse = new QPushButton(tr("Browse…"), remote);
    connect(caBrowse, &QPushButton::clicked, this, [this] {
        auto* dialog = new QFileDialog(this, tr("A CA certificate (PEM) to trust for this server"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
        dialog->open();
    });
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(caBrowse);
    remoteForm->addRow(tr("&CA certificate:"), caRow);
    m_pin = new QLineEdit(remote);
    m_pin->setObjectName(QStringLiteral("pinEdit"));
    m_pin->setPlaceholderText(tr("pin-sha256 of the server's key, then a backup key's (optional)"));
    m_pin->setToolTip(tr("Public-key pins, separated by commas: the SHA-256 of the server key's "
                         "SubjectPublicKeyInfo in base64 (or hex), e.g. openssl x509 -in cert.pem -pubkey "
                         "-noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64. "
                         "Give the current key's and a backup key's. The certificate must still be "
                         "trusted (a system CA or the CA certificate above); a server whose key is none "
                         "of these is refused."));
    remoteForm->addRow(tr("Public-key &pins:"), m_pin);
    m_token = new QLineEdit(remote);
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Bearer token"));
    remoteForm->addRow(tr("&Token:"), m_token);
    m_tokenNote = new QLabel(tr("Stored in the system keychain, never in the settings."), remote);
    m_tokenNote->setWordWrap(true);
    theme::useSecondaryText(m_tokenNote);
    remoteForm->addRow(QString(), m_tokenNote);
    m_kindPages->addWidget(remote);
    // Embedded.
    auto* embedded = new QWidget(m_kindPages);
    auto* embeddedForm = new QFormLayout(embedded);
    embeddedForm->setContentsMargins(0, 0, 0, 0);
    auto* dirRow = new QHBoxLayout;
    m_dataDir = new QLineEdit(embedded);
    m_dataDir->setObjectName(QStringLiteral("dataDirEdit"));
    m_dataDir->setPlaceholderText(tr("empty: a fresh simulated fleet"));
    auto* dirBrowse = new QPushButton(tr("Browse…"), embedded);
    connect(dirBrowse, &QPushButton::clicked, this, [this] {
        auto* dialog = new QFileDialog(this, tr("The orchestrator's data directory"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        connect(dialog, &QFileDialog::fileSelected, m_dataDir, &QLineEdit::setText);
        dialog->open();
    });
    dirRow->addWidget(m_dataDir, 1);
    dirRow->addWidget(dirBrowse);
    embeddedForm->addRow(tr("&Data directory:"), dirRow);
    m_dealers = new QSpinBox(embedded);
    m_dealers->setRange(1, 100000);
    embeddedForm->addRow(tr("Simulated &dealers:"), m_dealers);
    m_seed = new QSpinBox(embedded);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    embeddedForm->addRow(tr("&Seed:"), m_seed);
    m_kindPages->addWidget(embedded);
    layout->addWidget(m_kindPages);

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("problemLabel"));
    m_problems->setWordWrap(true);
    QPalette palette = m_problems->palette();
    palette.setColor(QPalette::WindowText, theme::critical());
    m_problems->setPalette(palette);
    layout->addWidget(m_problems);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("okButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problems().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_remote, &QRadioButton::toggled, this, [this](bool remote) {
        m_kindPages->setCurrentIndex(remote ? 0 : 1);
        validate();
    });
    for (QLineEdit* edit : { m_name, m_url, m_caFile, m_pin, m_dataDir })
        connect(edit, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(m_dealers, &QSpinBox::valueChanged, this, [this] { validate(); });
    resize(520, sizeHint().height());
}

void ConnectionEditor::load(const ConnectionConfig& config)
{
    m_name->setText(config.name);
    m_url->setText(config.url.toString());
    m_pin->setText(config.publicKeyPins.join(QStringLiteral(", ")));
    m_caFile->setText(config.caCertificatePath);
    m_dataDir->setText(config.dataDir);
    m_dealers->setValue(config.dealers);
    m_seed->setValue(int(std::min<quint64>(config.seed, quint64(std::numeric_limits<int>::max()))));
    if (m_editing) {
        m_token->setPlaceholderText(tr("unchanged"));
        // The kind of an existing connection stays: its keychain entry and history belong to it.
        m_remote->setEnabled(config.kind == ConnectionConfig::Kind::Remote);
        m_embedded->setEnabled(config.kind == ConnectionConfig::Kind::Embedded);
    }
    (config.kind == ConnectionConfig::Kind::Remote ? m_remote : m_embedded)->setChecked(true);
    m_kindPages->setCurrentIndex(config.kind == ConnectionConfig::Kind::Remote ? 0 : 1);
    validate();
}

ConnectionConfig ConnectionEditor::config() const
{
    ConnectionConfig c = m_original;
    c.name = m_name->text().trimmed();
    c.kind = m_remote->isChecked() ? ConnectionConfig::Kind::Remote : ConnectionConfig::Kind::Embedded;
    if (c.kind == ConnectionConfig::Kind::Remote) {
        auto url = parseServerUrl(m_url->text());
        c.url = url ? *url : QUrl(m_url->text().trimmed());
        c.publicKeyPins = splitPublicKeyPins(m_pin->text());
        c.caCertificatePath = m_caFile->text().trimmed();
    } else {
        c.dataDir = m_dataDir->text().trimmed();
        c.dealers = m_dealers->value();
        c.seed = quint64(m_seed->value());
    }
    return c;
}

std::optional<QString> ConnectionEditor::token() const
{
    const QString typed = m_token->text().trimmed();
    if (typed.isEmpty())
        return std::nullopt;
    return typed;
}

QStringList ConnectionEditor::problems() const
{
    QStringList out;
    const ConnectionConfig c = config();
    if (c.name.isEmpty())
        out << tr("name: required");
    if (c.kind == ConnectionConfig::Kind::Remote) {
        if (auto url = parseServerUrl(m_url->text()); !url)
            out << url.error();
        else
            for (const QString& problem : c.validate()) {
                if (problem.startsWith(QStringLiteral("publicKeyPins")))
                    out << problem;
            }
        if (!c.caCertificatePath.isEmpty() && !QFileInfo::exists(c.caCertificatePath))
            out << tr("CA certificate: %1 does not exist").arg(c.caCertificatePath);
    } else if (!c.dataDir.isEmpty() && !QFileInfo(c.dataDir).isDir() && QFileInfo::exists(c.dataDir)) {
        out << tr("data directory: %1 is not a directory").arg(c.dataDir);
    }
    return out;
}

void ConnectionEditor::validate()
{
    const QStringList found = problems();
    m_problems->setText(found.join(QLatin1Char('\n')));
    m_problems->setVisible(!found.isEmpty());
    m_ok->setEnabled(found.isEmpty());
}

} // namespace orch::ui
