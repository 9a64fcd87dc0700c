#pragma once

#include <optional>

#include <QGroupBox>

#include "spec/orchestratorspec.h"

class QFormLayout;
class QLabel;

namespace orch::ui {

// What the spec says about the component selected on the status page: its role, schedule, rule
// and settings, so an analyst reads a status line next to the configuration that explains it.
class ComponentDetails final : public QGroupBox
{
    Q_OBJECT
public:
    explicit ComponentDetails(QWidget* parent = nullptr);

    // componentId: the API identifier ("drift-sentinel"); empty for no selection.
    void setComponent(const QString& componentId);
    void setSpec(const OrchestratorSpec& spec);
    QString componentId() const { return m_componentId; }

    // Label/value lines shown for a component under a spec, in display order.
    static QList<std::pair<QString, QString>> facts(const QString& componentId, const OrchestratorSpec& spec);

private:
    void rebuild();

    QString m_componentId;
    std::optional<OrchestratorSpec> m_spec;
    QLabel* m_summary;
    QFormLayout* m_form;
};

} // namespace orch::ui
