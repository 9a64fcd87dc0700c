// The console's view of a sharded orchestrator (docs/sharding.md, "What the console shows"): the
// connections to its replicas become one row of the fleet model (a tree: the replicas under it)
// and one card of the fleet view, saying "shards 3/3 healthy", or warning when a shard is missing,
// held twice, or the replicas disagree. The model is fed the replicas' shard status (whoami's
// "shard") directly: no server needed. Also the wire shape of that status.
#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "approvalsmodel.h"
#include "client/clienttypes.h"
#include "connectionconfig.h"
#include "connectionmanager.h"
#include "connectionspage.h"
#include "connectiontokens.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "settings.h"

using namespace orch;
using namespace orch::ui;

namespace {

ShardStatus replica(int k, std::vector<int> held, int count = 3)
{
    ShardStatus s;
    s.instance = QStringLiteral("eu");
    s.index = k;
    s.count = count;
    s.held = std::move(held);
    s.handledDealers = qint64(s.held.size()) * 4;
    s.knownDealers = 12;
    s.leaseMs = 15000;
    s.redis = QStringLiteral("redis://redis.eu:6379/0");
    return s;
}

} // namespace

class TestFleetShards final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void shardStatusWireShape();
    void groupsTheReplicasOfOneOrchestrator();
    void warnsWhenAShardIsMissingOrHeldTwice();
    void connectionsPageSelectsAReplica();

private:
    // Three replica connections (EU 0, EU 1, EU 2) and another orchestrator, not started.
    QStringList addConnections(ConnectionManager& manager);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SettingsStorage> m_storage;
    std::unique_ptr<ConnectionTokens> m_tokens;
};

void TestFleetShards::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestFleetShards::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storage = std::make_unique<SettingsStorage>(m_dir->filePath(QStringLiteral("console.ini")));
    m_tokens = std::make_unique<ConnectionTokens>();
}

QStringList TestFleetShards::addConnections(ConnectionManager& manager)
{
    manager.setAutoStart(false);
    const QStringList names { QStringLiteral("EU 2"), QStringLiteral("Lab"), QStringLiteral("EU 0"),
                              QStringLiteral("EU 1") };
    for (int i = 0; i < names.size(); ++i) {
        ConnectionConfig c;
        c.name = names[i];
        c.kind = ConnectionConfig::Kind::Remote;
        c.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(18100 + i));
        const Status added = manager.addConnection(c);
        if (!added)
            qWarning().noquote() << added.error();
    }
    return manager.ids(); // EU 2, Lab, EU 0, EU 1
}

void TestFleetShards::shardStatusWireShape()
{
    ShardStatus s = replica(1, { 1, 2 });
    s.dealers = QStringList { QStringLiteral("D0001"), QStringLiteral("D0006") };
    s.jobs.push_back(ShardJobRuns { QStringLiteral("adaptive-weight-learner"), 2, 3, 1, { 1767232800000 } });
    const auto json = s.toJson();
    QCOMPARE(QString::fromStdString(json["shard"].get<std::string>()), QStringLiteral("1/3"));
    QCOMPARE(json["held"].get<std::vector<int>>(), (std::vector<int> { 1, 2 }));
    QCOMPARE(QString::fromStdString(json["jobs"][0]["recent"][0].get<std::string>()),
             QStringLiteral("2026-01-01T02:00:00Z"));
    const auto back = ShardStatus::fromJson(nlohmann::json::parse(json.dump()));
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value(), s);
    QVERIFY(back->holds(2) && !back->holds(0));

    // whoami carries the brief form: no dealers, no jobs.
    Capabilities c;
    c.identity = QStringLiteral("bob");
    c.shard = s;
    const auto who = c.toJson();
    QVERIFY(!who["shard"].contains("dealers") && !who["shard"].contains("jobs"));
    const auto caps = Capabilities::fromJson(nlohmann::json::parse(who.dump()));
    QVERIFY2(caps.ok(), qPrintable(caps.error()));
    QCOMPARE(caps->shard, std::optional<ShardStatus>(s.brief()));
    QVERIFY(!(caps.value() == Capabilities {})); // a shard change is a capabilities change
    Capabilities unsharded;
    QVERIFY(!unsharded.toJson().contains("shard"));

    // Strict: an impossible assignment or held list is refused, naming the field.
    auto broken = nlohmann::json::parse(s.toJson().dump());
    broken["index"] = 3;
    auto refused = ShardStatus::fromJson(broken);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("index: must be 0 to 2")), qPrintable(refused.error()));
    broken = nlohmann::json::parse(s.toJson().dump());
    broken["held"] = { 2, 1 };
    refused = ShardStatus::fromJson(broken);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("held[1]")), qPrintable(refused.error()));
    broken = nlohmann::json::parse(who.dump());
    broken["shard"]["count"] = 0;
    const auto refusedCaps = Capabilities::fromJson(broken);
    QVERIFY(!refusedCaps.ok());
    QVERIFY2(refusedCaps.error().contains(QStringLiteral("shard.count")), qPrintable(refusedCaps.error()));
}

void TestFleetShards::groupsTheReplicasOfOneOrchestrator()
{
    ConnectionManager manager(*m_storage, *m_tokens);
    ApprovalsModel approvals(manager);
    FleetModel fleet(manager, approvals);
    QAbstractItemModelTester tester(&fleet, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FleetView view(fleet);
    const QStringList ids = addConnections(manager);
    QCOMPARE(ids.size(), 4);
    const QString eu2 = ids[0], lab = ids[1], eu0 = ids[2], eu1 = ids[3];
    QCOMPARE(fleet.rowCount(), 4);
    QCOMPARE(view.cardCount(), 4);

    // The replicas report their shard: one row for the orchestrator (where its first connection
    // was), its replicas under it by K; the other connection stays a row of its own.
    fleet.setShardStatus(eu2, replica(2, { 2 }));
    fleet.setShardStatus(eu0, replica(0, { 0 }));
    fleet.setShardStatus(eu1, replica(1, { 1 }));
    QCOMPARE(fleet.rowCount(), 2);
    const QModelIndex group = fleet.index(0, 0);
    QVERIFY(group.data(FleetModel::IsGroupRole).toBool());
    QCOMPARE(group.data(FleetModel::ConnectionIdRole).toString(), QString());
    QCOMPARE(fleet.connectionId(0), QString());
    QCOMPARE(fleet.rowCount(group), 3);
    QCOMPARE(fleet.index(0, FleetModel::NameColumn).data().toString(), QStringLiteral("eu (sharded)"));
    QCOMPARE(fleet.index(0, FleetModel::ShardsColumn).data().toString(),
             QStringLiteral("shards 3/3 healthy"));
    QVERIFY(group.data(FleetModel::ShardHealthyRole).toBool());
    QCOMPARE(fleet.index(0, FleetModel::ConnectionColumn).data().toString(),
             QStringLiteral("0 of 3 connected"));
    const QStringList byK { eu0, eu1, eu2 };
    for (int k = 0; k < 3; ++k) {
        const QModelIndex child = fleet.index(k, 0, group);
        QCOMPARE(fleet.connectionId(child), byK[k]);
        QCOMPARE(child.parent(), group);
        QCOMPARE(fleet.indexOf(byK[k]), child);
        QCOMPARE(child.data(FleetModel::ShardRole).toString(), QStringLiteral("%1/3").arg(k));
        // ("4 dealers" with the English translation's plural forms, "4 dealer(s)" without.)
        const QString shards = fleet.index(k, FleetModel::ShardsColumn, group).data().toString();
        QVERIFY2(shards.startsWith(QStringLiteral("shard %1/3 · holds %1 · 4 dealer").arg(k)),
                 qPrintable(shards));
    }
    QCOMPARE(fleet.rowOf(lab), 1);
    QCOMPARE(fleet.rowOf(eu0), -1);
    QCOMPARE(fleet.connectionId(1), lab);
    QCOMPARE(fleet.index(1, FleetModel::ShardsColumn).data().toString(), QString());
    QVERIFY(!fleet.index(1, 0).data(FleetModel::IsGroupRole).toBool());

    // One card for the orchestrator, one for the other connection.
    QCOMPARE(view.cardCount(), 2);
    QVERIFY2(view.cardText(0).contains(QStringLiteral("shards 3/3 healthy")), qPrintable(view.cardText(0)));
    QVERIFY2(view.cardText(0).contains(QStringLiteral("eu (sharded)")), qPrintable(view.cardText(0)));
    QVERIFY2(!view.cardText(1).contains(QStringLiteral("shard")), qPrintable(view.cardText(1)));

    // A replica's connection removed: the orchestrator keeps the others, and misses its shard.
    manager.removeConnection(eu1);
    QCOMPARE(fleet.rowCount(), 2);
    QCOMPARE(fleet.rowCount(fleet.index(0, 0)), 2);
    QCOMPARE(fleet.index(0, FleetModel::ShardsColumn).data().toString(),
             QStringLiteral("shards 2/3 held · shard 1 is missing: no connected replica holds it"));
    QVERIFY2(view.cardText(0).contains(QStringLiteral("⚠ shards 2/3 held")), qPrintable(view.cardText(0)));

    // A connection that stops reporting a shard (the orchestrator is no longer sharded) leaves it.
    fleet.setShardStatus(eu0, std::nullopt);
    QCOMPARE(fleet.rowCount(), 3);
    QCOMPARE(fleet.rowCount(fleet.index(0, 0)), 1); // eu 2 alone
    QCOMPARE(fleet.connectionId(2), eu0);
}

void TestFleetShards::warnsWhenAShardIsMissingOrHeldTwice()
{
    ConnectionManager manager(*m_storage, *m_tokens);
    ApprovalsModel approvals(manager);
    FleetModel fleet(manager, approvals);
    QAbstractItemModelTester tester(&fleet, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FleetView view(fleet);
    const QStringList ids = addConnections(manager);
    const QString eu2 = ids[0], eu0 = ids[2], eu1 = ids[3];
    auto shards = [&] { return fleet.index(0, FleetModel::ShardsColumn).data().toString(); };
    auto problems = [&] { return fleet.index(0, 0).data(FleetModel::ShardProblemsRole).toStringList(); };

    fleet.setShardStatus(eu0, replica(0, { 0 }));
    fleet.setShardStatus(eu1, replica(1, { 1 }));
    fleet.setShardStatus(eu2, replica(2, {})); // just started: its shard is still someone else's
    QCOMPARE(shards(), QStringLiteral("shards 2/3 held · shard 2 is missing: no connected replica holds it"));
    QVERIFY(!fleet.index(0, 0).data(FleetModel::ShardHealthyRole).toBool());
    QCOMPARE(fleet.index(2, FleetModel::ShardsColumn, fleet.index(0, 0)).data().toString(),
             QStringLiteral("shard 2/3 · holds none"));

    // Replica 0 took shard 2 over: every shard held once (healthy), noted in the tooltip.
    fleet.setShardStatus(eu0, replica(0, { 0, 2 }));
    QCOMPARE(shards(), QStringLiteral("shards 3/3 healthy"));
    QVERIFY2(fleet.index(0, FleetModel::ShardsColumn)
                 .data(Qt::ToolTipRole)
                 .toString()
                 .contains(QStringLiteral("shard 2 is taken over by EU 0")),
             qPrintable(fleet.index(0, FleetModel::ShardsColumn).data(Qt::ToolTipRole).toString()));

    // Replica 2 claims it too before replica 0 handed it back (what leases prevent): held twice.
    fleet.setShardStatus(eu2, replica(2, { 2 }));
    QCOMPARE(shards(), QStringLiteral("shards 2/3 held · shard 2 is held twice: by EU 0 and EU 2"));
    QVERIFY2(view.cardText(0).contains(QStringLiteral("⚠")), qPrintable(view.cardText(0)));

    // Hand-back done: healthy again.
    fleet.setShardStatus(eu0, replica(0, { 0 }));
    QCOMPARE(shards(), QStringLiteral("shards 3/3 healthy"));
    QVERIFY(problems().isEmpty());

    // Replicas that disagree on N, and two replicas configured as the same K.
    fleet.setShardStatus(eu1, replica(1, { 1 }, 4));
    QVERIFY2(problems().contains(QStringLiteral("the replicas disagree on the number of shards (3, 4)")),
             qPrintable(problems().join(u'\n')));
    QVERIFY(shards().startsWith(QStringLiteral("shards 3/4 held · shard 3 is missing")));
    fleet.setShardStatus(eu1, replica(0, {}));
    QVERIFY2(problems().contains(QStringLiteral("EU 0 and EU 1 are all configured as replica 0")),
             qPrintable(problems().join(u'\n')));
    QVERIFY2(problems().contains(QStringLiteral("shard 1 is missing: no connected replica holds it")),
             qPrintable(problems().join(u'\n')));
}

void TestFleetShards::connectionsPageSelectsAReplica()
{
    // The connections page lists the replicas under their orchestrator: each can be selected,
    // edited and removed; the orchestrator's own row cannot.
    ConnectionManager manager(*m_storage, *m_tokens);
    ApprovalsModel approvals(manager);
    ConnectionsPage page(manager, approvals);
    const QStringList ids = addConnections(manager);
    FleetModel* fleet = page.fleetModel();
    fleet->setShardStatus(ids[0], replica(2, { 2 }));
    fleet->setShardStatus(ids[2], replica(0, { 0 }));
    fleet->setShardStatus(ids[3], replica(1, { 1 }));
    QTreeView* tree = page.table();
    QVERIFY(tree->isExpanded(fleet->index(0, 0)));
    tree->setCurrentIndex(fleet->index(0, 0));
    QVERIFY(!page.editButton()->isEnabled());
    QVERIFY(!page.removeButton()->isEnabled());
    tree->setCurrentIndex(fleet->index(1, 0, fleet->index(0, 0)));
    QVERIFY(page.editButton()->isEnabled());
    page.removeSelected();
    QVERIFY(!manager.contains(ids[3])); // EU 1, the second replica by K
    QCOMPARE(fleet->rowCount(fleet->index(0, 0)), 2);
    QCOMPARE(page.fleetView()->cardCount(), 2);
}

QTEST_MAIN(TestFleetShards)
#include "tst_fleetshards.moc"
