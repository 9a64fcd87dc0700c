#include "fleetview.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "fleetmodel.h"
#include "theme.h"

namespace orch::ui {

namespace {

QString colourOf(const QVariant& brush)
{
    return brush.canConvert<QBrush>() ? brush.value<QBrush>().color().name() : QString();
}

} // namespace

FleetView::FleetView(QAbstractItemModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("fleetView"));
    setAccessibleName(tr("Fleet"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* strip = new QWidget(scroll);
    m_row = new QHBoxLayout(strip);
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->addStretch(1);
    scroll->setWidget(strip);
    outer->addWidget(scroll);

    connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this] { rebuild(); });
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, [this] { rebuild(); });
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this] { rebuild(); });
    connect(&m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        // One card per top-level row: a replica's change also changes its orchestrator's row.
        if (!from.parent().isValid())
            refreshCards(from.row(), to.row());
    });
    rebuild();
}

int FleetView::cardCount() const
{
    return int(m_cards.size());
}

QString FleetView::cardText(int row) const
{
    if (row < 0 || row >= m_cards.size())
        return {};
    QStringList parts;
    for (const QLabel* label : m_cards.at(row)->findChildren<QLabel*>())
        parts << label->text();
    return parts.join(u'\n');
}

void FleetView::rebuild()
{
    qDeleteAll(m_cards);
    m_cards.clear();
    for (int row = 0; row < m_model.rowCount(); ++row) {
        auto* card = new QFrame(this);
        card->setObjectName(QStringLiteral("fleetCard"));
        card->setFrameShape(QFrame::StyledPanel);
        card->setMinimumWidth(220);
        card->setMaximumWidth(320);
        card->setCursor(Qt::PointingHandCursor);
        card->installEventFilter(this);
        auto* column = new QVBoxLayout(card);
        for (const char* name : { "cardName", "cardAddress", "cardState", "cardShards", "cardWaiting" }) {
            auto* label = new QLabel(card);
            label->setObjectName(QString::fromLatin1(name));
            label->setTextFormat(Qt::RichText);
            label->setWordWrap(true);
            if (qstrcmp(name, "cardAddress") == 0)
                theme::useSecondaryText(label);
            column->addWidget(label);
        }
        m_row->insertWidget(row, card);
        m_cards << card;
    }
    refreshCards(0, m_model.rowCount() - 1);
}

void FleetView::refreshCards(int first, int last)
{
    for (int row = std::max(first, 0); row <= last && row < m_cards.size(); ++row) {
        QWidget* card = m_cards.at(row);
        const auto cell = [&](int column, int role = Qt::DisplayRole) {
            return m_model.index(row, column).data(role);
        };
        const QString name = cell(FleetModel::NameColumn).toString().toHtmlEscaped();
        card->findChild<QLabel*>(QStringLiteral("cardName"))->setText(QStringLiteral("<b>%1</b>").arg(name));
        auto* address = card->findChild<QLabel*>(QStringLiteral("cardAddress"));
        address->setText(cell(FleetModel::AddressColumn).toString().toHtmlEscaped());
        const QString stateColour = colourOf(cell(FleetModel::ConnectionColumn, Qt::ForegroundRole));
        const QString phaseColour = colourOf(cell(FleetModel::PhaseColumn, Qt::ForegroundRole));
        const QString phase = cell(0, FleetModel::PhaseRole).toString();
        const QString state = cell(FleetModel::ConnectionColumn).toString();
        QString stateHtml = stateColour.isEmpty() ? state.toHtmlEscaped()
                                                  : QStringLiteral("<span style=\"color:%1\">%2</span>")
                                                        .arg(stateColour, state.toHtmlEscaped());
        if (!phase.isEmpty())
            stateHtml += QStringLiteral(" · ") +
                (phaseColour.isEmpty() ? phase.toHtmlEscaped()
                                       : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(phaseColour, phase.toHtmlEscaped()));
        const bool group = cell(0, FleetModel::IsGroupRole).toBool();
        const QString problem = cell(0, FleetModel::ProblemRole).toString();
        if (!problem.isEmpty() && !group)
            stateHtml += QStringLiteral("<br><small>%1</small>").arg(problem.toHtmlEscaped());
        card->findChild<QLabel*>(QStringLiteral("cardState"))->setText(stateHtml);
        // A sharded orchestrator: whether every shard is held exactly once, or what is wrong.
        auto* shards = card->findChild<QLabel*>(QStringLiteral("cardShards"));
        const QString shardText = cell(FleetModel::ShardsColumn).toString();
        shards->setVisible(!shardText.isEmpty());
        if (group && cell(0, FleetModel::ShardHealthyRole).toBool()) {
            shards->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                                .arg(theme::ok().name(), shardText.toHtmlEscaped()));
        } else if (group) {
            QString html = QStringLiteral("<span style=\"color:%1\"><b>⚠ %2</b></span>")
                               .arg(theme::warning().name(), shardText.toHtmlEscaped());
            const QStringList problems = cell(0, FleetModel::ShardProblemsRole).toStringList();
            for (qsizetype i = 1; i < problems.size(); ++i)
                html += QStringLiteral("<br><small>%1</small>").arg(problems.at(i).toHtmlEscaped());
            shards->setText(html);
        } else {
            shards->setText(shardText.toHtmlEscaped());
        }
        card->setToolTip(group ? cell(FleetModel::ShardsColumn, Qt::ToolTipRole).toString() : QString());
        const QVariant waiting = cell(0, FleetModel::WaitingRole);
        card->findChild<QLabel*>(QStringLiteral("cardWaiting"))
            ->setText(!waiting.isValid() ? tr("Waiting on you: unknown")
                      : waiting.toInt() == 0
                      ? tr("Nothing waits on you")
                      : tr("<span style=\"color:%1\"><b>%n approval(s) wait on you</b></span>", nullptr, waiting.toInt())
                            .arg(theme::warning().name()));
        card->setAccessibleName(tr("%1: %2").arg(cell(FleetModel::NameColumn).toString(), state));
    }
}

bool FleetView::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const int row = int(m_cards.indexOf(qobject_cast<QWidget*>(watched)));
        if (row >= 0)
            Q_EMIT activated(row);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace orch::ui
