#include "specmodel.h"

#include <QLocale>
#include <QStringList>

namespace orch::ui {

namespace detail {

struct SpecNode
{
    QString key; // "maxApiCostPerDealerMonth", "[0]"
    QString path;
    QString value; // empty for branches
    QString json;
    SpecNode* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<SpecNode>> children;
};

} // namespace detail

using detail::SpecNode;

namespace {

bool isScalarList(const nlohmann::ordered_json& value)
{
    if (!value.is_array())
        return false;
    for (const auto& item : value) {
        if (item.is_structured())
            return false;
    }
    return true;
}

QString scalarText(const nlohmann::ordered_json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_boolean())
        return value.get<bool>() ? SpecModel::tr("yes") : SpecModel::tr("no");
    if (value.is_number_integer())
        return QLocale().toString(value.get<qint64>());
    if (value.is_number())
        return QLocale().toString(value.get<double>(), 'g', 12);
    if (value.is_null())
        return SpecModel::tr("—");
    if (isScalarList(value)) {
        QStringList items;
        for (const auto& item : value)
            items << scalarText(item);
        return items.isEmpty() ? SpecModel::tr("(none)") : items.join(QStringLiteral(", "));
    }
    return {};
}

void build(SpecNode& node, const nlohmann::ordered_json& value);

void addChild(SpecNode& parent, QString key, QString path, const nlohmann::ordered_json& value)
{
    auto child = std::make_unique<SpecNode>();
    child->key = std::move(key);
    child->path = std::move(path);
    child->parent = &parent;
    child->row = int(parent.children.size());
    build(*child, value);
    parent.children.push_back(std::move(child));
}

void build(SpecNode& node, const nlohmann::ordered_json& value)
{
    node.json = QString::fromStdString(value.dump());
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            const QString name = QString::fromStdString(key);
            addChild(node, name, node.path.isEmpty() ? name : node.path + u'.' + name, item);
        }
        return;
    }
    if (value.is_array() && !isScalarList(value)) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            const QString name = QStringLiteral("[%1]").arg(i);
            addChild(node, name, node.path + name, value[i]);
        }
        return;
    }
    node.value = scalarText(value);
}

} // namespace

SpecModel::SpecModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<SpecNode>())
{ }

SpecModel::~SpecModel() = default;

void SpecModel::setSpec(const OrchestratorSpec& spec)
{
    auto root = std::make_unique<SpecNode>();
    build(*root, spec.toJson());
    beginResetModel();
    m_root = std::move(root);
    endResetModel();
}

void SpecModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<SpecNode>();
    endResetModel();
}

QModelIndex SpecModel::indexForPath(const QString& path, int column) const
{
    const SpecNode* node = m_root.get();
    QModelIndex result;
    while (node && node->path != path) {
        const SpecNode* next = nullptr;
        for (const auto& child : node->children) {
            // A prefix ending at a separator: "governance" leads to "governance.minRewardThreshold".
            if (child->path == path
                || (path.startsWith(child->path)
                    && (path.at(child->path.size()) == u'.' || path.at(child->path.size()) == u'['))) {
                next = child.get();
                break;
            }
        }
        if (!next)
            return {};
        result = index(next->row, column, result.siblingAtColumn(0));
        node = next;
    }
    return result;
}

const SpecNode* SpecModel::nodeFor(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<const SpecNode*>(index.internalPointer()) : m_root.get();
}

QModelIndex SpecModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const SpecNode* node = nodeFor(parent);
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex SpecModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const SpecNode* parentNode = nodeFor(child)->parent;
    if (!parentNode || parentNode == m_root.get())
        return {};
    return createIndex(parentNode->row, 0, parentNode);
}

int SpecModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int SpecModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant SpecModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const SpecNode* node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return index.column() == SettingColumn ? node->key : node->value;
    case Qt::ToolTipRole:
        return node->path;
    case PathRole:
        return node->path;
    case JsonRole:
        return node->json;
    default:
        return {};
    }
}

QVariant SpecModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case SettingColumn:
        return tr("Setting");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

} // namespace orch::ui
