#pragma once

#include <memory>

#include <QHash>
#include <QLocale>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

class QTranslator;
class QWidget;

namespace orch::ui {

class ConsoleSettings;

// The console's language: installs the console's catalogue (:/i18n/orchestrator_<lang>.qm) and Qt's
// own (qtbase_<lang>.qm, for the standard dialogs and context menus) into the application, and swaps
// them live. A choice is "system" (the first of the system's UI languages the console has, else
// English), "en", "de" or "es". Installing a translator sends QEvent::LanguageChange to every
// window; MainWindow rebuilds its pages on it.
class LanguageController final : public QObject
{
    Q_OBJECT
public:
    explicit LanguageController(QObject* parent = nullptr);
    ~LanguageController() override; // removes its translators
    Q_DISABLE_COPY_MOVE(LanguageController)

    static QString systemChoice() { return QStringLiteral("system"); }
    // The languages the console is translated into, the source language first: en, de, es.
    static QStringList languages();
    // "system" or one of languages().
    static bool isValidChoice(const QString& choice);
    // A language's name in that language ("Deutsch"): how a menu offers it to someone who cannot
    // read the current one.
    static QString nativeName(const QString& language);
    // The language `choice` comes to on a system whose locale is `system`.
    static QString resolve(const QString& choice, const QLocale& system = QLocale::system());

    // Where choose() stores the choice (not owned; may be null: nothing is stored).
    void setSettings(ConsoleSettings* settings) { m_settings = settings; }
    // Installs the translators of `choice` for this run (the command line's --language, the stored
    // setting at start-up); false, and nothing changes, for an unknown choice. A catalogue that
    // cannot be loaded leaves the source texts (English).
    // `system` is the locale "system" stands for (tests pass one).
    bool apply(const QString& choice, const QLocale& system = QLocale::system());
    // The analyst's choice (the Language menu): applied, and stored in the settings.
    bool choose(const QString& choice);

    // What was last applied: "system" or a language.
    QString choice() const { return m_choice; }
    // The language in use ("de").
    QString language() const { return m_language; }

Q_SIGNALS:
    void languageChanged(const QString& choice, const QString& language);

private:
    void removeTranslators();

    ConsoleSettings* m_settings = nullptr;
    QString m_choice;
    QString m_language;
    std::unique_ptr<QTranslator> m_qt;
    std::unique_ptr<QTranslator> m_console;
};

// What the analyst typed and chose in a page: a snapshot of the editable widgets under a root
// (line edits, spin and date boxes, combo boxes, check and radio buttons, sliders, plain text
// edits, tab widgets, splitters, table headers, the current item of views), keyed by their place
// in the widget tree, so a page rebuilt by the same code (after a language switch) gets it back.
// Widgets a page creates later (a combo box filled once data arrives, a view's rows) get theirs
// when it appears, unless the analyst has chosen something there meanwhile.
class InputSnapshot final
{
public:
    static InputSnapshot capture(const QWidget* root);
    // Applies the snapshot to the widgets under `root`; their signals fire, so the page reacts as
    // if the analyst had entered the values.
    void restore(QWidget* root) const;
    int size() const { return int(m_values.size()); }
    bool isEmpty() const { return m_values.isEmpty(); }

private:
    struct Value
    {
        QString kind;
        QVariant value;
        QVariant extra;
    };
    QList<QPair<QString, Value>> m_values; // in tree order
};

} // namespace orch::ui
