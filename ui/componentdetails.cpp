#include "componentdetails.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include "componentstatusmodel.h"

namespace orch::ui {

namespace {

QString number(double value)
{
    return QLocale().toString(value, 'g', 6);
}

QString percent(double fraction)
{
    return QLocale().toString(fraction * 100, 'g', 4) + QStringLiteral(" %");
}

QString list(const QStringList& items)
{
    return items.isEmpty() ? ComponentDetails::tr("none") : items.join(QStringLiteral(", "));
}

QString summary(const QString& componentId)
{
    if (componentId == QLatin1String("adaptive-weight-learner"))
        return ComponentDetails::tr("Bayesian reweighting of the AIV/ATI coefficients.");
    if (componentId == QLatin1String("drift-sentinel"))
        return ComponentDetails::tr("Watches the standardized metric features of every dealer for drift.");
    if (componentId == QLatin1String("rl-controller"))
        return ComponentDetails::tr("Learns which fix to apply where, and coordinates the other components.");
    if (componentId == QLatin1String("auto-fix-agents"))
        return ComponentDetails::tr("Agents that vote on fixes, verify them and roll them out.");
    return {};
}

} // namespace

ComponentDetails::ComponentDetails(QWidget* parent)
    : QGroupBox(parent)
    , m_summary(new QLabel(this))
    , m_form(new QFormLayout)
{
    setObjectName(QStringLiteral("componentDetails"));
    auto* column = new QVBoxLayout(this);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("componentSummary"));
    column->addWidget(m_summary);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    column->addLayout(m_form);
    rebuild();
}

void ComponentDetails::setComponent(const QString& componentId)
{
    if (componentId == m_componentId)
        return;
    m_componentId = componentId;
    rebuild();
}

void ComponentDetails::setSpec(const OrchestratorSpec& spec)
{
    m_spec = spec;
    rebuild();
}

QList<std::pair<QString, QString>> ComponentDetails::facts(const QString& componentId,
                                                           const OrchestratorSpec& spec)
{
    const ComponentsSpec& c = spec.components;
    if (componentId == QLatin1String("adaptive-weight-learner")) {
        const auto& l = c.adaptiveWeightLearner;
        QList<std::pair<QString, QString>> lines {
            { tr("Schedule"), tr("daily at %1Z").arg(l.dailyAtUtc) },
            { tr("Confidence floor"),
              tr("%1 (weights are published only above it)").arg(number(l.confidenceFloor)) },
            { tr("Output"), l.output },
        };
        if (l.retrainOnDrift)
            lines.append({ tr("On drift"), QStringLiteral("RLController.retrain()") });
        return lines;
    }
    if (componentId == QLatin1String("drift-sentinel")) {
        const auto& d = c.driftSentinel;
        return {
            { tr("Schedule"), tr("every %n minute(s)", nullptr, d.intervalMinutes) },
            { tr("Rule"), QStringLiteral("abs(std(feature) − 1) > %1").arg(number(d.threshold)) },
            { tr("Window"),
              tr("%1 samples, against a baseline of %2").arg(d.windowSamples).arg(d.baselineSamples) },
            { tr("Alert channels"), list(d.alertChannels) },
            { tr("On alert"), QStringLiteral("RLController.retrain(), AutoFixAgents.pause()") },
        };
    }
    if (componentId == QLatin1String("rl-controller")) {
        const auto& p = c.rlController;
        return {
            { tr("Reward"), QStringLiteral("ΔVisibility × ΔRevenue − API_Cost") },
            { tr("Learning rate"), number(p.learningRate) },
            { tr("Confidence gate"), number(p.confidenceGate) },
            { tr("State store"), p.stateStore },
            { tr("Output"), p.output },
        };
    }
    if (componentId == QLatin1String("auto-fix-agents")) {
        const auto& a = c.autoFixAgents;
        QStringList rollback;
        if (a.rollbackOnVerificationFail)
            rollback << tr("verification fails");
        if (a.rollbackOnDrift)
            rollback << tr("drift is detected");
        return {
            { tr("Agents"), list(a.agents) },
            { tr("Consensus"), tr("at least %1 of the votes").arg(percent(a.consensusThreshold)) },
            { tr("Verification"), list(a.verificationChain) },
            { tr("Actions"), list(a.actions) },
            { tr("Rolls back when"),
              rollback.isEmpty() ? tr("never automatically") : rollback.join(tr(" or ")) },
        };
    }
    return {};
}

void ComponentDetails::rebuild()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    if (m_componentId.isEmpty()) {
        setTitle(tr("Component"));
        m_summary->setText(tr("Select a component to see how it is configured."));
        return;
    }
    setTitle(ComponentStatusModel::displayName(m_componentId));
    m_summary->setText(summary(m_componentId));
    if (!m_spec)
        return;
    for (const auto& [label, value] : facts(m_componentId, *m_spec)) {
        auto* field = new QLabel(value, this);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        field->setAccessibleName(label);
        m_form->addRow(tr("%1:").arg(label), field);
    }
}

} // namespace orch::ui
