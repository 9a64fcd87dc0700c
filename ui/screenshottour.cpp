#include "screenshottour.h"

#include <memory>

#include <QDir>
#include <QPixmap>
#include <QTimer>

#include "client/embeddedclient.h"
#include "driftpage.h"
#include "governancepage.h"
#include "mainwindow.h"
#include "rewardpage.h"
#include "uilogging.h"

namespace orch::ui {

namespace {

// Lets layouts and deferred paints of a page just made current settle before it is grabbed.
constexpr std::chrono::milliseconds kSettle { 150 };
// The longest a page may take to load its data (or run its replay) before it is grabbed anyway.
constexpr std::chrono::milliseconds kPageData { 30'000 };

} // namespace

ScreenshotTour::ScreenshotTour(OrchestratorClient& client, MainWindow& window, QString directory,
                               std::chrono::milliseconds timeout, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_window(window)
    , m_directory(std::move(directory))
    , m_timeout(timeout)
    , m_deadline(new QTimer(this))
    // Only the embedded orchestrator warms up.
    , m_warmedUp(qobject_cast<EmbeddedClient*>(&client) == nullptr)
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] { handleTimeout(); });
    connect(&m_client, &OrchestratorClient::statusAvailable, this, [this] { handleStatus(); });
    connect(&m_client, &OrchestratorClient::errorOccurred, this,
            [this](const QString& message) { m_lastError = message; });
    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { handleConnectionState(state); });
    if (auto* embedded = qobject_cast<EmbeddedClient*>(&client)) {
        connect(embedded, &EmbeddedClient::warmUpProgress, this,
                [this](int done, int total) { handleWarmUp(done, total); });
    }
}

void ScreenshotTour::start()
{
    if (!QDir().mkpath(m_directory)) {
        // Reported from the event loop, like every other outcome.
        QTimer::singleShot(0, this,
                           [this] { finish(false, tr("cannot create the directory %1").arg(m_directory)); });
        return;
    }
    m_deadline->start(m_timeout);
}

void ScreenshotTour::handleWarmUp(int done, int total)
{
    if (done >= total)
        m_warmedUp = true;
}

void ScreenshotTour::handleStatus()
{
    if (!m_warmedUp || m_capturing)
        return;
    if (++m_liveStatuses >= m_liveStatusesWanted)
        beginCapture();
}

void ScreenshotTour::handleConnectionState(OrchestratorClient::ConnectionState state)
{
    if (state != OrchestratorClient::ConnectionState::Failed || m_done)
        return;
    finish(false,
           m_lastError.isEmpty() ? tr("the orchestrator failed to start")
                                 : tr("the orchestrator failed to start: %1").arg(m_lastError));
}

void ScreenshotTour::handleTimeout()
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_timeout).count();
    QString message = m_warmedUp
        ? tr("gave up after %1 s: warm-up finished, but only %2 of %3 live statuses arrived")
              .arg(seconds)
              .arg(m_liveStatuses)
              .arg(m_liveStatusesWanted)
        : tr("gave up after %1 s: the warm-up did not finish").arg(seconds);
    if (!m_lastError.isEmpty())
        message += tr("; last error: %1").arg(m_lastError);
    finish(false, message);
}

void ScreenshotTour::beginCapture()
{
    m_capturing = true;
    m_pending = m_window.pageIds();
    qCInfo(lcUi) << "capturing" << m_pending.size() << "pages into" << m_directory;
    showNextPage();
}

void ScreenshotTour::showNextPage()
{
    if (m_done)
        return;
    if (m_pending.isEmpty()) {
        finish(true, tr("saved %1").arg(m_saved.join(QStringLiteral(", "))));
        return;
    }
    m_currentPage = m_pending.takeFirst();
    m_window.showPage(m_currentPage);
    // Pages that load on demand are shown with their data: wait for it, then let it settle.
    QWidget* page = m_window.page(m_currentPage);
    auto settleThenGrab = [this] { QTimer::singleShot(kSettle, this, [this] { grabCurrentPage(); }); };
    auto waitFor = [this, settleThenGrab](auto* sender, auto signal) {
        auto fired = std::make_shared<bool>(false);
        auto once = [fired, settleThenGrab] {
            if (*fired)
                return;
            *fired = true;
            settleThenGrab();
        };
        connect(sender, signal, this, once, Qt::SingleShotConnection);
        QTimer::singleShot(kPageData, this, once);
    };
    if (auto* drift = qobject_cast<DriftPage*>(page)) {
        waitFor(drift, &DriftPage::loaded);
        drift->refresh();
    } else if (auto* governance = qobject_cast<GovernancePage*>(page)) {
        waitFor(governance, &GovernancePage::loaded);
        governance->refresh();
    } else if (auto* reward = qobject_cast<RewardPage*>(page)) {
        // The what-if replay of the learning issue, with its confidence intervals.
        // A demo session has only a week of decisions: ask for at least 20 instead of 30; and
        // replay an alternative that differs from the running policy (a faster learner, a lower gate).
        waitFor(reward, &RewardPage::replayFinished);
        reward->setReplayMinimumDecisions(20);
        reward->setReplaySettings(0.3, 0.5, 1.2);
        reward->startReplay();
    } else {
        settleThenGrab();
    }
}

void ScreenshotTour::grabCurrentPage()
{
    if (m_done)
        return;
    const QString path = QDir(m_directory).filePath(m_currentPage + QStringLiteral(".png"));
    const QPixmap shot = m_window.grab();
    if (shot.isNull() || !shot.save(path)) {
        finish(false, tr("cannot save %1").arg(path));
        return;
    }
    m_saved << path;
    showNextPage();
}

void ScreenshotTour::finish(bool ok, const QString& message)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline->stop();
    Q_EMIT finished(ok, message);
}

} // namespace orch::ui
