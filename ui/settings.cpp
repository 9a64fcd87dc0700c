#include "settings.h"

#include <QSettings>

namespace orch::ui {

SettingsStorage::SettingsStorage()
    : m_settings(std::make_unique<QSettings>())
{ }

SettingsStorage::SettingsStorage(const QString& iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{ }

SettingsStorage::~SettingsStorage() = default;

QVariant SettingsStorage::load(const QString& key) const
{
    return m_settings->value(key);
}

void SettingsStorage::store(const QString& key, const QVariant& value)
{
    m_settings->setValue(key, value);
}

void SettingsStorage::remove(const QString& key)
{
    m_settings->remove(key);
}

void SettingsStorage::sync()
{
    m_settings->sync();
}

QString SettingsStorage::fileName() const
{
    return m_settings->fileName();
}

ConsoleSettings::ConsoleSettings(SettingsStorage& storage)
    : mainWindowGeometry(storage, QStringLiteral("MainWindow/geometry"))
    , mainWindowState(storage, QStringLiteral("MainWindow/state"))
    , currentPage(storage, QStringLiteral("MainWindow/currentPage"), QStringLiteral("status"))
    , componentTableHeader(storage, QStringLiteral("StatusPage/componentTableHeader"))
    , language(storage, QStringLiteral("Console/language"), QStringLiteral("system"))
    , m_storage(storage)
{ }

} // namespace orch::ui
