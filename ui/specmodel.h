#pragma once

#include <memory>
#include <vector>

#include <QAbstractItemModel>

#include <nlohmann/json.hpp>

#include "spec/orchestratorspec.h"

namespace orch::ui {

namespace detail {
struct SpecNode;
} // namespace detail

// The orchestrator spec as a read-only tree of settings: objects are branches, everything else
// (numbers, strings, booleans, lists of scalars) a leaf with its value. Keys are the spec file's,
// so what an analyst reads here is what they would write in a spec document.
class SpecModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        SettingColumn,
        ValueColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles
    {
        // "governance.maxApiCostPerDealerMonth", "components.autoFixAgents.agents[0]".
        PathRole = Qt::UserRole,
        // The setting's JSON value as compact text ("0.15", "\"sqlite\"", "[...]").
        JsonRole,
    };
    Q_ENUM(Roles)

    explicit SpecModel(QObject* parent = nullptr);
    ~SpecModel() override;

    void setSpec(const OrchestratorSpec& spec);
    void clear();
    // The index of the setting at `path`, invalid when there is none.
    QModelIndex indexForPath(const QString& path, int column = SettingColumn) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const detail::SpecNode* nodeFor(const QModelIndex& index) const;

    std::unique_ptr<detail::SpecNode> m_root;
};

} // namespace orch::ui
