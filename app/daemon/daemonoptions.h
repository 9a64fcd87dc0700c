#pragma once

#include <optional>

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include "shard/shardmap.h"

// orchestratord's command line, validated: every problem is a message for stderr and exit 2.
struct DaemonOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;
    QString listenText = QStringLiteral("127.0.0.1:8080");
    QString dataDir;
    QString specFile;
    QString tokenFile;
    QString tlsCert;
    QString tlsKey;
    QString redisUrl;
    QString instance = QStringLiteral("default");
    // --shard K/N, or --shards N with K from the host name (docs/sharding.md); none: not sharded.
    std::optional<orch::ShardAssignment> shard;
    int shardLeaseMs = 15000;
    // --kube: operator mode (docs/operator.md); empty namespace: the service account's, else
    // dealershipai.
    bool kube = false;
    QString kubeNamespace;
    QString kubeName = QStringLiteral("dai-autonomic-orchestrator");
    int kubeStatusIntervalMs = 15000;
    int simulate = 0;
    quint64 seed = 42;
    int warmUpDays = 8;
    int simTickMs = 0;
    int httpThreads = 0; // 0: one per available core
    int authMaxFailures = 10;
    int authBlockSeconds = 60;
};

struct ParsedOptions
{
    std::optional<DaemonOptions> options; // none: exit with `exitCode`
    int exitCode = 0;
};

ParsedOptions parseDaemonOptions(const QStringList& arguments);

// "redis://[[user]:password@]host[:port][/db]" (RedisUrl, database 0 to 15): an error message
// (never repeating the password), or empty when valid.
QString validateRedisUrl(const QString& url);
