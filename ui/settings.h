#pragma once

#include <memory>

#include <QByteArray>
#include <QString>
#include <QVariant>

class QSettings;

namespace orch::ui {

// The one place in ui/ that touches QSettings. Everything else reads and writes typed values
// through SettingValue<T> (after qBittorrent's settingvalue.h); keys are declared once, in
// ConsoleSettings.
class SettingsStorage final
{
public:
    // The user's settings, in the location Qt picks for the application's organisation and name
    // (QStandardPaths' test mode moves it out of the user's real configuration).
    SettingsStorage();
    // An INI file at `path`: tests, and users who keep several console profiles.
    explicit SettingsStorage(const QString& iniPath);
    ~SettingsStorage();
    Q_DISABLE_COPY_MOVE(SettingsStorage)

    QVariant load(const QString& key) const;
    void store(const QString& key, const QVariant& value);
    void remove(const QString& key);
    // Writes pending changes to disk (QSettings also does this on destruction and when idle).
    void sync();
    QString fileName() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

// One typed setting: its key, its default, and conversion to and from the stored QVariant.
// A stored value of the wrong type reads as the default.
template<typename T> class SettingValue final
{
public:
    SettingValue(SettingsStorage& storage, QString key, T defaultValue = T())
        : m_storage(&storage)
        , m_key(std::move(key))
        , m_default(std::move(defaultValue))
    { }

    T value() const
    {
        const QVariant stored = m_storage->load(m_key);
        if (!stored.isValid() || !stored.canConvert<T>())
            return m_default;
        return stored.value<T>();
    }
    operator T() const { return value(); }

    void setValue(const T& value) { m_storage->store(m_key, QVariant::fromValue(value)); }
    SettingValue& operator=(const T& value)
    {
        setValue(value);
        return *this;
    }

    void reset() { m_storage->remove(m_key); }
    const QString& key() const { return m_key; }
    const T& defaultValue() const { return m_default; }

private:
    SettingsStorage* m_storage;
    QString m_key;
    T m_default;
};

// Every setting the console remembers. Constructed over a storage the caller owns (injected, so
// tests use a temporary file and never touch the user's settings).
class ConsoleSettings final
{
public:
    explicit ConsoleSettings(SettingsStorage& storage);
    Q_DISABLE_COPY_MOVE(ConsoleSettings)

    SettingsStorage& storage() { return m_storage; }

    // QMainWindow::saveGeometry() / saveState() of the main window.
    SettingValue<QByteArray> mainWindowGeometry;
    SettingValue<QByteArray> mainWindowState;
    // Id of the page shown when the window was closed ("status", ...).
    SettingValue<QString> currentPage;
    // QHeaderView::saveState() of the component table on the status page.
    SettingValue<QByteArray> componentTableHeader;
    // The console's language: "system" (the default: the system's language when the console has
    // it, else English), "en", "de" or "es" (ui/language.h).
    SettingValue<QString> language;

private:
    SettingsStorage& m_storage;
};

} // namespace orch::ui
