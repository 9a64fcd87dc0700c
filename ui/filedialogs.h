#pragma once

#include <functional>

#include <QFuture>
#include <QString>

#include "common/result.h"

class QWidget;

namespace orch::ui {

// Asks where to save `suggestedName` (in the documents folder) with a window-modal file dialog
// opened with open(), not exec(): the GUI thread keeps its one event loop. Calls `done` with the
// chosen path; not at all when the user cancels.
void saveFileAsync(QWidget* parent, const QString& caption, const QString& suggestedName, const QString& filter,
                   std::function<void(const QString&)> done);

// A failed status as a message box (opened, not exec'd); nothing for success.
void reportStatus(QWidget* parent, const Status& status);
// The same once `future` has finished (watched on the GUI thread).
void reportFuture(QWidget* parent, QFuture<Status> future);

} // namespace orch::ui
