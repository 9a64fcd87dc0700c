#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

#include "componentstatusmodel.h"

namespace orch::ui {

// Draws ComponentStatusModel's cells: a coloured dot from SeverityRole beside the status, and
// absent values ("never", "—") in the placeholder colour. Visuals live here, not in the model.
class ComponentStatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ComponentStatusDelegate(QObject* parent = nullptr);

    static QColor severityColor(ComponentStatusModel::Severity severity);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    QIcon iconFor(ComponentStatusModel::Severity severity) const;

    mutable QHash<int, QIcon> m_icons;
};

} // namespace orch::ui
