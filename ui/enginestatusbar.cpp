#include "enginestatusbar.h"

#include <cmath>

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>

#include "client/embeddedclient.h"
#include "common/timeutil.h"
#include "theme.h"

namespace orch::ui {

namespace {

// The embedded orchestrator's clock advances 15 simulated minutes per tick, whatever its pace.
constexpr qint64 kTicksPerDay = kDayMs / (15 * kMinuteMs);

QPixmap dot(const QColor& color, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

} // namespace

EngineStatusBar::EngineStatusBar(OrchestratorClient& client, QWidget* parent)
    : QStatusBar(parent)
    , m_client(client)
    , m_connectionIcon(new QLabel(this))
    , m_connection(new QLabel(this))
    , m_warmUpLabel(new QLabel(this))
    , m_warmUp(new QProgressBar(this))
    , m_clock(new QLabel(this))
{
    m_connection->setObjectName(QStringLiteral("connectionLabel"));
    addWidget(m_connectionIcon);
    addWidget(m_connection, 1);

    m_warmUpLabel->setObjectName(QStringLiteral("warmUpLabel"));
    m_warmUp->setObjectName(QStringLiteral("warmUpProgress"));
    m_warmUp->setMaximumWidth(180);
    m_warmUp->setTextVisible(true);
    m_warmUpLabel->hide();
    m_warmUp->hide();
    addPermanentWidget(m_warmUpLabel);
    addPermanentWidget(m_warmUp);

    m_clock->setObjectName(QStringLiteral("clockLabel"));
    addPermanentWidget(m_clock);

    connect(&m_client, &OrchestratorClient::connectionStateChanged, this,
            [this](OrchestratorClient::ConnectionState state) { showConnectionState(state); });
    connect(&m_client, &OrchestratorClient::clockChanged, this, [this](qint64 nowMs) { showClock(nowMs); });
    if (auto* embedded = qobject_cast<EmbeddedClient*>(&m_client)) {
        connect(embedded, &EmbeddedClient::warmUpProgress, this,
                [this](int done, int total) { showWarmUp(done, total); });
    }
    retranslate();
}

void EngineStatusBar::retranslate()
{
    m_connectionIcon->setAccessibleName(tr("Connection indicator"));
    m_connection->setAccessibleName(tr("Connection"));
    m_warmUp->setAccessibleName(tr("Warm-up progress"));
    m_clock->setAccessibleName(tr("Orchestrator clock"));
    m_clock->setToolTip(
        tr("The orchestrator's clock, in UTC. The embedded orchestrator runs on simulated time."));
    showConnectionState(m_client.connectionState());
    updateClock();
}

// A language switch: the bar stays (with the clock it last heard, which a paused simulation does
// not repeat) and says the same in the new language; the warm-up label follows at its next step.
void EngineStatusBar::changeEvent(QEvent* event)
{
    QStatusBar::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void EngineStatusBar::setPaused(bool paused)
{
    m_paused = paused;
    updateClock();
}

QString EngineStatusBar::connectionText() const
{
    return m_connection->text();
}

QString EngineStatusBar::clockText() const
{
    return m_clock->text();
}

bool EngineStatusBar::isWarmingUp() const
{
    return !m_warmUp->isHidden();
}

void EngineStatusBar::showConnectionState(OrchestratorClient::ConnectionState state)
{
    using State = OrchestratorClient::ConnectionState;
    QString word;
    QColor color;
    switch (state) {
    case State::Disconnected:
        word = tr("Disconnected");
        color = theme::idle();
        break;
    case State::Connecting:
        word = tr("Connecting");
        color = theme::warning();
        break;
    case State::Connected:
        word = tr("Connected");
        color = theme::ok();
        break;
    case State::Failed:
        word = tr("Connection failed");
        color = theme::critical();
        break;
    }
    // A remote client says why it is not connected (usually naming it) and when it retries.
    const QString why = state == State::Connected ? QString() : m_client.connectionError();
    m_connection->setText(why.isEmpty() ? tr("%1 · %2").arg(word, m_client.displayName())
                          : why.contains(m_client.displayName())
                          ? tr("%1 · %2").arg(word, why)
                          : tr("%1 · %2 · %3").arg(word, m_client.displayName(), why));
    m_connection->setToolTip(why);
    const int side = m_connection->fontMetrics().height() * 2 / 3;
    m_connectionIcon->setPixmap(dot(color, side, devicePixelRatioF()));
    m_connectionIcon->setAccessibleDescription(word);
    updateClock();
}

void EngineStatusBar::showClock(qint64 nowMs)
{
    m_now = nowMs;
    updateClock();
}

void EngineStatusBar::updateClock()
{
    if (!m_now) {
        m_clock->setText(tr("Clock: —"));
        return;
    }
    const QString time = formatIso(*m_now);
    if (m_client.connectionState() != OrchestratorClient::ConnectionState::Connected) {
        m_clock->setText(tr("Clock: %1 (last known, not live)").arg(time));
        return;
    }
    m_clock->setText(m_paused ? tr("Clock: %1 (paused)").arg(time) : tr("Clock: %1").arg(time));
}

void EngineStatusBar::showWarmUp(int done, int total)
{
    const bool warming = total > 0 && done < total;
    m_warmUpLabel->setVisible(warming);
    m_warmUp->setVisible(warming);
    if (!warming)
        return;
    const int days = int(std::ceil(double(total) / double(kTicksPerDay)));
    m_warmUpLabel->setText(tr("Simulating the first %n day(s)…", nullptr, days));
    m_warmUp->setRange(0, total);
    m_warmUp->setValue(done);
}

} // namespace orch::ui
