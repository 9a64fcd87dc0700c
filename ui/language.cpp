#include "language.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextEdit>
#include <QTimer>
#include <QTranslator>
#include <QTreeView>

#include "settings.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

const QString kCatalogueDir = QStringLiteral(":/i18n");

} // namespace

// --- LanguageController ------------------------------------------------------------------------

LanguageController::LanguageController(QObject* parent)
    : QObject(parent)
{ }

LanguageController::~LanguageController()
{
    removeTranslators();
}

QStringList LanguageController::languages()
{
    return { QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es") };
}

bool LanguageController::isValidChoice(const QString& choice)
{
    return choice == systemChoice() || languages().contains(choice);
}

QString LanguageController::nativeName(const QString& language)
{
    if (language == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (language == QLatin1String("es"))
        return QStringLiteral("Español");
    if (language == QLatin1String("en"))
        return QStringLiteral("English");
    return language;
}

QString LanguageController::resolve(const QString& choice, const QLocale& system)
{
    if (languages().contains(choice))
        return choice;
    // uiLanguages() is the user's list of preferred languages ("de-AT", "de", ...; LANGUAGE on
    // Unix), best first: the first the console has wins.
    const QStringList available = languages();
    for (const QString& uiLanguage : system.uiLanguages()) {
        const QString language = QLocale(uiLanguage).name().section(u'_', 0, 0);
        if (available.contains(language))
            return language;
    }
    const QString language = QLocale::languageToCode(system.language());
    return available.contains(language) ? language : QStringLiteral("en");
}

bool LanguageController::apply(const QString& choice, const QLocale& system)
{
    if (!isValidChoice(choice)) {
        qCWarning(lcUi) << "unknown language choice" << choice;
        return false;
    }
    const QString language = resolve(choice, system);
    m_choice = choice;
    if (language == m_language) {
        Q_EMIT languageChanged(m_choice, m_language);
        return true;
    }

    // English too: the source texts are English, but its catalogue holds the plural forms.
    auto console = std::make_unique<QTranslator>();
    if (!console->load(QStringLiteral("orchestrator_") + language, kCatalogueDir)) {
        qCWarning(lcUi) << "no console catalogue for" << language << "in" << kCatalogueDir;
        console.reset();
    }
    std::unique_ptr<QTranslator> qt;
    if (language != QLatin1String("en")) {
        qt = std::make_unique<QTranslator>();
        const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (!qt->load(QStringLiteral("qtbase_") + language, qtDir)) {
            qCDebug(lcUi) << "no Qt catalogue for" << language << "in" << qtDir
                          << "(standard dialogs stay English)";
            qt.reset();
        }
    }

    // Each install and removal sends QEvent::LanguageChange; windows coalesce them.
    removeTranslators();
    m_qt = std::move(qt);
    m_console = std::move(console);
    if (m_qt)
        QCoreApplication::installTranslator(m_qt.get());
    if (m_console)
        QCoreApplication::installTranslator(m_console.get());
    m_language = language;
    qCDebug(lcUi) << "language" << m_language << "(chosen:" << m_choice << ")";
    Q_EMIT languageChanged(m_choice, m_language);
    return true;
}

bool LanguageController::choose(const QString& choice)
{
    if (!apply(choice))
        return false;
    if (m_settings) {
        m_settings->language = choice;
        m_settings->storage().sync();
    }
    return true;
}

void LanguageController::removeTranslators()
{
    if (m_console)
        QCoreApplication::removeTranslator(m_console.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_console.reset();
    m_qt.reset();
}

// --- InputSnapshot -----------------------------------------------------------------------------

namespace {

// How long a restored value is defended against the page overwriting it (a spec that arrives after
// the rebuild and sets the page's defaults: slow on a busy orchestrator), and a late widget waits for
// its value. Both end sooner, at the analyst's first key press, click or wheel turn, and a defence
// puts its value back once at most.
constexpr int kLateRestoreMs = 300'000;

const QString kLineEdit = QStringLiteral("lineEdit");
const QString kSpinBox = QStringLiteral("spinBox");
const QString kDoubleSpinBox = QStringLiteral("doubleSpinBox");
const QString kDateTime = QStringLiteral("dateTime");
const QString kCombo = QStringLiteral("combo");
const QString kChecked = QStringLiteral("checked");
const QString kSlider = QStringLiteral("slider");
const QString kPlainText = QStringLiteral("plainText");
const QString kTab = QStringLiteral("tab");
const QString kSplitter = QStringLiteral("splitter");
const QString kView = QStringLiteral("view");
const QString kSort = QStringLiteral("sort");

// Ends every pending late restore at the analyst's first input anywhere in the application.
class UserInputWatch final : public QObject
{
public:
    static UserInputWatch& instance()
    {
        static QPointer<UserInputWatch> watch;
        if (!watch) {
            watch = new UserInputWatch(QCoreApplication::instance());
            QCoreApplication::instance()->installEventFilter(watch);
        }
        return *watch;
    }

    // Bumped at every key press, click and wheel turn.
    quint64 generation() const { return m_generation; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        switch (event->type()) {
        case QEvent::KeyPress:
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonDblClick:
        case QEvent::Wheel:
        case QEvent::TouchBegin:
            if (watched->isWidgetType())
                ++m_generation;
            break;
        default:
            break;
        }
        return false;
    }

private:
    using QObject::QObject;

    quint64 m_generation = 0;
};

// A restore that has to wait (the combo box is not filled yet, the view has no rows yet) or that
// the page may undo once (a spin box the spec sets when it arrives). Lives on the widget; gives up
// at the analyst's first input, after kLateRestoreMs, or when done.
class LateRestore final : public QObject
{
public:
    // `attempt` applies the value if it can, returning whether it is in place now.
    LateRestore(QWidget* widget, std::function<bool()> attempt)
        : QObject(widget)
        , m_attempt(std::move(attempt))
        , m_generation(UserInputWatch::instance().generation())
    {
        QTimer::singleShot(kLateRestoreMs, this, [this] { deleteLater(); });
    }

    // Tries again on the next turn of the event loop: after whatever filled or changed the widget
    // has finished (a page that refills a combo box selects its own default right after).
    void retryLater()
    {
        if (m_scheduled)
            return;
        m_scheduled = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_scheduled = false;
                if (UserInputWatch::instance().generation() != m_generation) {
                    deleteLater();
                    return;
                }
                // Done once in place: a late restore never fights the page.
                if (m_attempt())
                    deleteLater();
            },
            Qt::QueuedConnection);
    }

private:
    std::function<bool()> m_attempt;
    quint64 m_generation;
    bool m_scheduled = false;
};

// The row of `model` (top level) that matches the captured cells best: the most equal cells, at
// least one, and no other row as good. Translated cells simply do not match.
int matchingRow(const QAbstractItemModel* model, const QVariantList& cells)
{
    int best = -1;
    int bestScore = 0;
    bool tie = false;
    const int columns = std::min(int(cells.size()), model->columnCount());
    for (int row = 0; row < model->rowCount(); ++row) {
        int score = 0;
        for (int column = 0; column < columns; ++column) {
            const QVariant& cell = cells.at(column);
            if (cell.isValid() && !cell.toString().isEmpty() && model->index(row, column).data() == cell)
                ++score;
        }
        if (score > bestScore) {
            best = row;
            bestScore = score;
            tie = false;
        } else if (score == bestScore && score > 0) {
            tie = true;
        }
    }
    return tie ? -1 : best;
}

void collect(const QWidget* widget, const QString& path, QList<QPair<QString, QVariantList>>& out);

void collectChildren(const QWidget* parent, const QString& path, QList<QPair<QString, QVariantList>>& out)
{
    QHash<QString, int> seen;
    for (QObject* child : parent->children()) {
        auto* w = qobject_cast<QWidget*>(child);
        if (!w || w->isWindow()) // dialogs are their own windows
            continue;
        const QString base = QString::fromLatin1(w->metaObject()->className()) + u':' + w->objectName();
        const int n = seen[base]++;
        collect(w, path + u'/' + base + u'#' + QString::number(n), out);
    }
}

// [kind, value, extra]
void collect(const QWidget* widget, const QString& path, QList<QPair<QString, QVariantList>>& out)
{
    if (auto* edit = qobject_cast<const QLineEdit*>(widget)) {
        if (!edit->isReadOnly())
            out.append({ path, { kLineEdit, edit->text() } });
        return;
    }
    if (auto* box = qobject_cast<const QDoubleSpinBox*>(widget)) {
        out.append({ path, { kDoubleSpinBox, box->value() } });
        return;
    }
    if (auto* box = qobject_cast<const QSpinBox*>(widget)) {
        out.append({ path, { kSpinBox, box->value() } });
        return;
    }
    if (auto* box = qobject_cast<const QDateTimeEdit*>(widget)) {
        out.append({ path, { kDateTime, box->dateTime() } });
        return;
    }
    if (qobject_cast<const QAbstractSpinBox*>(widget))
        return;
    if (auto* combo = qobject_cast<const QComboBox*>(widget)) {
        out.append({ path,
                     { kCombo, combo->currentText(), combo->currentData(), combo->currentIndex(),
                       combo->count(), combo->isEditable() } });
        return;
    }
    if (auto* button = qobject_cast<const QAbstractButton*>(widget)) {
        if (button->isCheckable())
            out.append({ path, { kChecked, button->isChecked() } });
        return;
    }
    if (auto* group = qobject_cast<const QGroupBox*>(widget); group && group->isCheckable())
        out.append({ path, { kChecked, group->isChecked() } });
    if (auto* slider = qobject_cast<const QAbstractSlider*>(widget)) {
        if (!qobject_cast<const QScrollBar*>(slider))
            out.append({ path, { kSlider, slider->value() } });
        return;
    }
    if (auto* edit = qobject_cast<const QPlainTextEdit*>(widget)) {
        if (!edit->isReadOnly())
            out.append({ path, { kPlainText, edit->toPlainText() } });
        return;
    }
    if (auto* edit = qobject_cast<const QTextEdit*>(widget)) {
        if (!edit->isReadOnly())
            out.append({ path, { kPlainText, edit->toPlainText() } });
        return;
    }
    if (auto* view = qobject_cast<const QAbstractItemView*>(widget)) {
        const QAbstractItemModel* model = view->model();
        const QModelIndex current = view->currentIndex();
        if (model && current.isValid() && !current.parent().isValid()) {
            QVariantList cells;
            for (int column = 0; column < model->columnCount(); ++column)
                cells << model->index(current.row(), column).data();
            out.append({ path, { kView, cells, current.column() } });
        }
        const QHeaderView* header = nullptr;
        if (auto* table = qobject_cast<const QTableView*>(view); table && table->isSortingEnabled())
            header = table->horizontalHeader();
        else if (auto* tree = qobject_cast<const QTreeView*>(view); tree && tree->isSortingEnabled())
            header = tree->header();
        if (header && header->sortIndicatorSection() >= 0)
            out.append(
                { path, { kSort, header->sortIndicatorSection(), int(header->sortIndicatorOrder()) } });
        return;
    }
    if (auto* tabs = qobject_cast<const QTabWidget*>(widget))
        out.append({ path, { kTab, tabs->currentIndex(), tabs->count() } });
    if (auto* splitter = qobject_cast<const QSplitter*>(widget))
        out.append({ path, { kSplitter, splitter->saveState() } });
    collectChildren(widget, path, out);
}

// Every widget under `widget` by the path collect() gives it.
void indexWidgets(QWidget* widget, const QString& path, QHash<QString, QWidget*>& out)
{
    QHash<QString, int> seen;
    for (QObject* child : widget->children()) {
        auto* w = qobject_cast<QWidget*>(child);
        if (!w || w->isWindow())
            continue;
        const QString base = QString::fromLatin1(w->metaObject()->className()) + u':' + w->objectName();
        const int n = seen[base]++;
        const QString childPath = path + u'/' + base + u'#' + QString::number(n);
        out.insert(childPath, w);
        indexWidgets(w, childPath, out);
    }
}

bool restoreCombo(QComboBox* combo, const QString& text, const QVariant& data, int oldIndex, int oldCount,
                  bool late)
{
    if (combo->isEditable()) {
        const int i = combo->findText(text);
        if (i >= 0)
            combo->setCurrentIndex(i);
        else
            combo->setEditText(text);
        return true;
    }
    int i = data.isValid() ? combo->findData(data) : -1;
    if (i < 0 && !text.isEmpty())
        i = combo->findText(text);
    // The same fixed items, translated.
    if (i < 0 && !late && oldIndex >= 0 && combo->count() == oldCount && !data.isValid())
        i = oldIndex;
    if (i < 0)
        return oldIndex < 0; // nothing was chosen: nothing to wait for
    combo->setCurrentIndex(i);
    return true;
}

bool restoreView(QAbstractItemView* view, const QVariantList& cells, int column)
{
    QAbstractItemModel* model = view->model();
    if (!model || !view->selectionModel())
        return false;
    const int row = matchingRow(model, cells);
    if (row < 0)
        return false;
    const QModelIndex index = model->index(row, std::clamp(column, 0, std::max(0, model->columnCount() - 1)));
    QItemSelectionModel::SelectionFlags flags = QItemSelectionModel::ClearAndSelect;
    if (view->selectionBehavior() == QAbstractItemView::SelectRows)
        flags |= QItemSelectionModel::Rows;
    view->selectionModel()->setCurrentIndex(index, flags);
    view->scrollTo(index);
    return true;
}

// Waits for `model` to hold what `attempt` needs.
void restoreWhenFilled(QWidget* widget, QAbstractItemModel* model, std::function<bool()> attempt)
{
    if (!model)
        return;
    auto* late = new LateRestore(widget, std::move(attempt));
    QObject::connect(model, &QAbstractItemModel::rowsInserted, late, [late] { late->retryLater(); });
    QObject::connect(model, &QAbstractItemModel::modelReset, late, [late] { late->retryLater(); });
    QObject::connect(model, &QAbstractItemModel::layoutChanged, late, [late] { late->retryLater(); });
}

// Puts the value back once if the page replaces it (a spec that arrives after the rebuild).
template<typename Box, typename T> void defend(Box* box, T value)
{
    auto* late = new LateRestore(box, [box, value] {
        if (box->value() == value)
            return false;
        box->setValue(value);
        Q_EMIT box->editingFinished();
        return true;
    });
    QObject::connect(box, &Box::valueChanged, late, [late] { late->retryLater(); });
}

} // namespace

InputSnapshot InputSnapshot::capture(const QWidget* root)
{
    InputSnapshot snapshot;
    if (!root)
        return snapshot;
    QList<QPair<QString, QVariantList>> raw;
    collectChildren(root, QString(), raw);
    for (const auto& [path, fields] : raw) {
        Value v;
        v.kind = fields.value(0).toString();
        v.value = fields.value(1);
        v.extra = fields.size() > 2 ? QVariant(fields.mid(2)) : QVariant();
        snapshot.m_values.append({ path, v });
    }
    return snapshot;
}

void InputSnapshot::restore(QWidget* root) const
{
    if (!root || m_values.isEmpty())
        return;
    QHash<QString, QWidget*> widgets;
    indexWidgets(root, QString(), widgets);
    QList<std::function<void()>> defences; // after everything is in place
    for (const auto& [path, v] : m_values) {
        QWidget* widget = widgets.value(path);
        if (!widget)
            continue;
        const QVariantList extra = v.extra.toList();
        if (v.kind == kLineEdit) {
            auto* edit = qobject_cast<QLineEdit*>(widget);
            if (edit && edit->text() != v.value.toString()) {
                edit->setText(v.value.toString());
                Q_EMIT edit->editingFinished();
            }
        } else if (v.kind == kDoubleSpinBox) {
            if (auto* box = qobject_cast<QDoubleSpinBox*>(widget)) {
                const double value = v.value.toDouble();
                // Defended only when it differs from the rebuilt page's own: what the page derives
                // from other inputs (an automatic range) it may keep deriving.
                if (box->value() != value) {
                    box->setValue(value);
                    Q_EMIT box->editingFinished();
                    defences << [box, value] { defend(box, value); };
                }
            }
        } else if (v.kind == kSpinBox) {
            if (auto* box = qobject_cast<QSpinBox*>(widget)) {
                const int value = v.value.toInt();
                // Defended only when it differs from the rebuilt page's own: what the page derives
                // from other inputs (an automatic range) it may keep deriving.
                if (box->value() != value) {
                    box->setValue(value);
                    Q_EMIT box->editingFinished();
                    defences << [box, value] { defend(box, value); };
                }
            }
        } else if (v.kind == kDateTime) {
            auto* box = qobject_cast<QDateTimeEdit*>(widget);
            if (box && box->dateTime() != v.value.toDateTime()) {
                box->setDateTime(v.value.toDateTime());
                Q_EMIT box->editingFinished();
            }
        } else if (v.kind == kCombo) {
            auto* combo = qobject_cast<QComboBox*>(widget);
            if (!combo)
                continue;
            const QString text = v.value.toString();
            const QVariant data = extra.value(0);
            const int oldIndex = extra.value(1).toInt();
            const int oldCount = extra.value(2).toInt();
            if (!restoreCombo(combo, text, data, oldIndex, oldCount, false)) {
                QPointer<QComboBox> guard(combo);
                restoreWhenFilled(combo, combo->model(), [guard, text, data, oldIndex, oldCount] {
                    return guard && restoreCombo(guard, text, data, oldIndex, oldCount, true);
                });
            }
        } else if (v.kind == kChecked) {
            if (auto* button = qobject_cast<QAbstractButton*>(widget))
                button->setChecked(v.value.toBool());
            else if (auto* group = qobject_cast<QGroupBox*>(widget))
                group->setChecked(v.value.toBool());
        } else if (v.kind == kSlider) {
            if (auto* slider = qobject_cast<QAbstractSlider*>(widget))
                slider->setValue(v.value.toInt());
        } else if (v.kind == kPlainText) {
            if (auto* edit = qobject_cast<QPlainTextEdit*>(widget))
                edit->setPlainText(v.value.toString());
            else if (auto* text = qobject_cast<QTextEdit*>(widget))
                text->setPlainText(v.value.toString());
        } else if (v.kind == kTab) {
            auto* tabs = qobject_cast<QTabWidget*>(widget);
            if (tabs && tabs->count() == extra.value(0).toInt())
                tabs->setCurrentIndex(v.value.toInt());
        } else if (v.kind == kSplitter) {
            if (auto* splitter = qobject_cast<QSplitter*>(widget))
                splitter->restoreState(v.value.toByteArray());
        } else if (v.kind == kSort) {
            const int section = v.value.toInt();
            const auto order = Qt::SortOrder(extra.value(0).toInt());
            if (auto* table = qobject_cast<QTableView*>(widget); table && table->isSortingEnabled())
                table->sortByColumn(section, order);
            else if (auto* tree = qobject_cast<QTreeView*>(widget); tree && tree->isSortingEnabled())
                tree->sortByColumn(section, order);
        } else if (v.kind == kView) {
            auto* view = qobject_cast<QAbstractItemView*>(widget);
            if (!view)
                continue;
            const QVariantList cells = v.value.toList();
            const int column = extra.value(0).toInt();
            if (!restoreView(view, cells, column)) {
                QPointer<QAbstractItemView> guard(view);
                restoreWhenFilled(view, view->model(), [guard, cells, column] {
                    return guard && restoreView(guard, cells, column);
                });
            }
        }
    }
    for (const auto& defence : std::as_const(defences))
        defence();
}

} // namespace orch::ui
