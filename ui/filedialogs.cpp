#include "filedialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPointer>
#include <QStandardPaths>

namespace orch::ui {

void saveFileAsync(QWidget* parent, const QString& caption, const QString& suggestedName, const QString& filter,
                   std::function<void(const QString&)> done)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    auto* dialog = new QFileDialog(parent, caption, QDir(folder).filePath(suggestedName), filter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDefaultSuffix(QFileInfo(suggestedName).suffix());
    QObject::connect(dialog, &QFileDialog::fileSelected, parent,
                     [done = std::move(done)](const QString& path) { done(path); });
    dialog->open();
}

void reportStatus(QWidget* parent, const Status& status)
{
    if (status)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, QObject::tr("Export failed"), status.error(), QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void reportFuture(QWidget* parent, QFuture<Status> future)
{
    auto* watcher = new QFutureWatcher<Status>(parent);
    QPointer<QWidget> guard(parent);
    QObject::connect(watcher, &QFutureWatcher<Status>::finished, watcher, [watcher, guard] {
        const Status status = watcher->result();
        if (guard)
            reportStatus(guard, status);
        watcher->deleteLater();
    });
    watcher->setFuture(future);
}

} // namespace orch::ui
