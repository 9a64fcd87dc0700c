#include "daemonoptions.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QUrl>

#include "redis/rediskeys.h"
#include "redis/redisurl.h"

namespace {

void err(const QString& message)
{
    std::fprintf(stderr, "orchestratord: %s\n", qPrintable(message));
}

std::optional<qint64> integerOption(const QCommandLineParser& p, const QString& name, qint64 min, qint64 max,
                                    qint64 fallback)
{
    if (!p.isSet(name))
        return fallback;
    bool ok = false;
    const qint64 v = p.value(name).trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max) {
        err(QStringLiteral("--%1: expected an integer from %2 to %3, got \"%4\"")
                .arg(name)
                .arg(min)
                .arg(max)
                .arg(p.value(name)));
        return std::nullopt;
    }
    return v;
}

// --shard K/N or --shards N (or ORCH_SHARD / ORCH_SHARDS; the command line wins): the replica's
// home shard. With --shards, K is the ordinal at the end of the host name (a StatefulSet's pod
// orchestratord-2 is replica 2), from ORCH_HOSTNAME when set.
std::optional<std::optional<orch::ShardAssignment>> shardOption(const QCommandLineParser& p)
{
    const bool shardFlag = p.isSet(QStringLiteral("shard"));
    const bool shardsFlag = p.isSet(QStringLiteral("shards"));
    if (shardFlag && shardsFlag) {
        err(QStringLiteral("--shard K/N and --shards N: give one of them"));
        return std::nullopt;
    }
    QString name;
    QString text;
    bool byCount = false;
    if (shardFlag || shardsFlag) {
        name = shardFlag ? QStringLiteral("--shard") : QStringLiteral("--shards");
        text = p.value(shardFlag ? QStringLiteral("shard") : QStringLiteral("shards"));
        byCount = shardsFlag;
    } else {
        const bool shardEnv = !qEnvironmentVariableIsEmpty("ORCH_SHARD");
        const bool shardsEnv = !qEnvironmentVariableIsEmpty("ORCH_SHARDS");
        if (shardEnv && shardsEnv) {
            err(QStringLiteral("ORCH_SHARD and ORCH_SHARDS are both set: set one of them"));
            return std::nullopt;
        }
        if (!shardEnv && !shardsEnv)
            return std::optional<orch::ShardAssignment> {};
        name = shardEnv ? QStringLiteral("ORCH_SHARD") : QStringLiteral("ORCH_SHARDS");
        text = qEnvironmentVariable(shardEnv ? "ORCH_SHARD" : "ORCH_SHARDS");
        byCount = shardsEnv;
    }
    if (!byCount) {
        auto a = orch::ShardAssignment::parse(text);
        if (!a) {
            err(QStringLiteral("%1: %2").arg(name, a.error()));
            return std::nullopt;
        }
        return std::optional<orch::ShardAssignment>(*a);
    }
    bool ok = false;
    const int count = text.trimmed().toInt(&ok);
    if (!ok || count < 1 || count > 256) {
        err(QStringLiteral("%1: expected the number of shards, 1 to 256, got \"%2\"").arg(name, text));
        return std::nullopt;
    }
    const bool fromEnv = !qEnvironmentVariableIsEmpty("ORCH_HOSTNAME");
    const QString host = fromEnv ? qEnvironmentVariable("ORCH_HOSTNAME") : QSysInfo::machineHostName();
    auto a = orch::ShardAssignment::fromHostname(host, count);
    if (!a) {
        err(QStringLiteral("%1 %2: %3%4; give the shard with --shard K/N instead")
                .arg(name)
                .arg(count)
                .arg(a.error(), fromEnv ? QStringLiteral(" (from ORCH_HOSTNAME)") : QString()));
        return std::nullopt;
    }
    return std::optional<orch::ShardAssignment>(*a);
}

} // namespace

QString validateRedisUrl(const QString& text)
{
    // The Redis store's own parser: what it accepts is what the store connects to.
    const auto url = orch::RedisUrl::parse(text);
    if (!url)
        return QStringLiteral("--redis: %1 (expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB])")
            .arg(url.error());
    if (url->db > 15)
        return QStringLiteral("--redis: the database must be a number from 0 to 15 (Redis' default "
                              "\"databases 16\"), got %1")
            .arg(url->db);
    return {};
}

ParsedOptions parseDaemonOptions(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "orchestratord: the Autonomic Orchestrator as a headless service with SPEC.md's HTTP API, the "
        "console's endpoints and Prometheus metrics (docs/api.md)."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") },
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    p.addOption(help);
    p.addOption(version);
    auto value = [&](const char* name, const char* description, const char* valueName) {
        p.addOption(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(description),
                                       QString::fromLatin1(valueName)));
    };
    value("listen",
          "Address and port to listen on (default 127.0.0.1:8080; port 0 picks a free one). "
          "A non-loopback address needs --token-file.",
          "HOST:PORT");
    value("data-dir", "Where the state store, audit trail and weight_posterior.json live.", "DIR");
    value("spec", "Orchestrator spec document (default: SPEC.md's values).", "FILE");
    value("token-file", "Bearer tokens, one per line: TOKEN ROLE IDENTITY (roles viewer, analyst, approver).",
          "FILE");
    value("tls-cert", "PEM certificate (chain) for HTTPS; needs --tls-key.", "FILE");
    value("tls-key", "PEM private key for HTTPS (RSA or EC).", "FILE");
    value("redis",
          "Keep the component state (RLController, AutoFixAgents, progress) and the daily jobs' locks in "
          "Redis: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (or the environment's ORCH_REDIS_URL). "
          "SQLite in --data-dir keeps the rest.",
          "URL");
    value("instance",
          "Name of this orchestrator (default \"default\"): the hash tag of its Redis keys; daemons with "
          "one name on one Redis share state and run each daily job once. Also part of alert dedup keys.",
          "NAME");
    value("shard",
          "Run as replica K of N of a sharded orchestrator (K from 0): handle only the dealers of shard K, and "
          "take over a dead replica's shard once its lease expired. Needs --redis. (Or ORCH_SHARD.)",
          "K/N");
    value("shards",
          "Run as one of N replicas, K being the ordinal at the end of the host name (a StatefulSet's "
          "orchestratord-2 is replica 2; ORCH_HOSTNAME overrides the host name). Needs --redis. (Or ORCH_SHARDS.)",
          "N");
    value("shard-lease-ms",
          "How long a replica's shard lease lasts without renewal (default 15000): a killed replica's shard is "
          "taken over this long after its last renewal. Renewed every third of it.",
          "MS");
    p.addOption(QCommandLineOption(
        QStringLiteral("kube"),
        QStringLiteral("Operator mode: take the spec from the AutonomicOrchestrator custom resource through the "
                       "in-cluster Kubernetes API (service-account token and CA), apply its changes, and write the "
                       "status subresource (docs/operator.md). --spec, if given, runs until the resource is read.")));
    value("kube-namespace",
          "Namespace of the custom resource (default: the service account's namespace, else dealershipai).", "NS");
    value("kube-name", "Name of the custom resource (default dai-autonomic-orchestrator).", "NAME");
    value("kube-status-interval", "At most one status write per S seconds in operator mode (default 15).", "S");
    value("simulate", "Run the simulated fleet of N dealers on the real clock.", "N");
    value("seed", "Seed of the simulated fleet (default 42).", "S");
    value("warm-up-days", "Days of the simulated fleet backfilled at start (default 8).", "D");
    value("sim-tick-ms", "Accelerated demo: one simulated 15-minute tick every MS ms instead of real time.",
          "MS");
    value("http-threads", "Connection threads (default: one per available core).", "N");
    value("auth-max-failures", "Failed authentications per address per minute before 429 (default 10).", "N");
    value("auth-block-seconds", "How long an address is refused after too many failures (default 60).", "S");

    ParsedOptions result;
    if (!p.parse(arguments)) {
        err(p.errorText());
        result.exitCode = 2;
        return result;
    }
    if (p.isSet(help)) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return result;
    }
    if (p.isSet(version)) {
        std::printf("orchestratord %s\n", ORCH_VERSION);
        return result;
    }
    if (!p.positionalArguments().isEmpty()) {
        err(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
        result.exitCode = 2;
        return result;
    }
    result.exitCode = 2;
    DaemonOptions o;
    if (p.isSet(QStringLiteral("listen"))) {
        const QString text = p.value(QStringLiteral("listen")).trimmed();
        const qsizetype colon = text.lastIndexOf(u':');
        QString host = colon < 0 ? QString() : text.left(colon);
        bool ok = false;
        const uint port = colon < 0 ? 0 : text.mid(colon + 1).toUInt(&ok);
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        QHostAddress address;
        if (host == QLatin1String("localhost"))
            address = QHostAddress(QHostAddress::LocalHost);
        else
            address = QHostAddress(host);
        if (colon < 0 || !ok || port > 65535 || address.isNull()) {
            err(QStringLiteral("--listen: expected HOST:PORT with a numeric address (127.0.0.1:8080, "
                               "[::1]:8080, 0.0.0.0:8443), got \"%1\"")
                    .arg(text));
            return result;
        }
        o.address = address;
        o.port = quint16(port);
        o.listenText = text;
    }
    o.dataDir = p.value(QStringLiteral("data-dir"));
    if (o.dataDir.isEmpty())
        o.dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + QStringLiteral("/orchestratord");
    o.specFile = p.value(QStringLiteral("spec"));
    o.tokenFile = p.value(QStringLiteral("token-file"));
    o.tlsCert = p.value(QStringLiteral("tls-cert"));
    o.tlsKey = p.value(QStringLiteral("tls-key"));
    if (o.tlsCert.isEmpty() != o.tlsKey.isEmpty()) {
        err(QStringLiteral("--tls-cert and --tls-key go together"));
        return result;
    }
    // ORCH_REDIS_URL keeps a password off the command line (which `ps` shows).
    if (p.isSet(QStringLiteral("redis")) || !qEnvironmentVariableIsEmpty("ORCH_REDIS_URL")) {
        o.redisUrl = p.isSet(QStringLiteral("redis")) ? p.value(QStringLiteral("redis"))
                                                      : qEnvironmentVariable("ORCH_REDIS_URL");
        if (const QString problem = validateRedisUrl(o.redisUrl); !problem.isEmpty()) {
            err(problem);
            return result;
        }
    }
    if (p.isSet(QStringLiteral("instance"))) {
        o.instance = p.value(QStringLiteral("instance")).trimmed();
        if (auto st = orch::RedisKeys::checkInstance(o.instance); !st) {
            err(QStringLiteral("--instance: ") + st.error());
            return result;
        }
    }
    const auto shard = shardOption(p);
    if (!shard)
        return result;
    o.shard = *shard;
    if (o.shard) {
        if (o.redisUrl.isEmpty()) {
            err(QStringLiteral("sharding (--shard / --shards) needs --redis or ORCH_REDIS_URL: the replicas share "
                               "their shard leases, job locks and state through Redis"));
            return result;
        }
        const QString longest = orch::shardInstance(o.instance, o.shard->count - 1);
        if (auto st = orch::RedisKeys::checkInstance(longest); !st) {
            err(QStringLiteral("--instance \"%1\" is too long for %2 shards: the shards' key names (\"%3\") must "
                               "be at most 64 characters")
                    .arg(o.instance)
                    .arg(o.shard->count)
                    .arg(longest));
            return result;
        }
    }
    const auto lease = integerOption(p, QStringLiteral("shard-lease-ms"), 300, 600000, 15000);
    if (!lease)
        return result;
    if (p.isSet(QStringLiteral("shard-lease-ms")) && !o.shard) {
        err(QStringLiteral("--shard-lease-ms needs --shard K/N or --shards N"));
        return result;
    }
    o.shardLeaseMs = int(*lease);
    o.kube = p.isSet(QStringLiteral("kube"));
    const auto statusInterval = integerOption(p, QStringLiteral("kube-status-interval"), 1, 3600, 15);
    if (!statusInterval)
        return result;
    for (const char* name : { "kube-namespace", "kube-name", "kube-status-interval" }) {
        if (p.isSet(QString::fromLatin1(name)) && !o.kube) {
            err(QStringLiteral("--%1 needs --kube").arg(QLatin1String(name)));
            return result;
        }
    }
    static const QRegularExpression dnsLabel(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    static const QRegularExpression dnsSubdomain(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    if (p.isSet(QStringLiteral("kube-namespace"))) {
        o.kubeNamespace = p.value(QStringLiteral("kube-namespace")).trimmed();
        if (o.kubeNamespace.size() > 63 || !dnsLabel.match(o.kubeNamespace).hasMatch()) {
            err(QStringLiteral("--kube-namespace: must be a namespace name (DNS-1123 label: a-z, 0-9 and '-', at "
                               "most 63), got \"%1\"")
                    .arg(o.kubeNamespace));
            return result;
        }
    }
    if (p.isSet(QStringLiteral("kube-name"))) {
        o.kubeName = p.value(QStringLiteral("kube-name")).trimmed();
        if (o.kubeName.size() > 253 || !dnsSubdomain.match(o.kubeName).hasMatch()) {
            err(QStringLiteral("--kube-name: must be a resource name (DNS-1123 subdomain: a-z, 0-9, '-' and '.'), "
                               "got \"%1\"")
                    .arg(o.kubeName));
            return result;
        }
    }
    o.kubeStatusIntervalMs = int(*statusInterval) * 1000;
    const auto simulate = integerOption(p, QStringLiteral("simulate"), 1, 10000, 0);
    const auto seed = integerOption(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), 42);
    const auto warmUp = integerOption(p, QStringLiteral("warm-up-days"), 0, 365, 8);
    const auto tick = integerOption(p, QStringLiteral("sim-tick-ms"), 1, 3600000, 0);
    const auto threads = integerOption(p, QStringLiteral("http-threads"), 1, 64, 0);
    const auto failures = integerOption(p, QStringLiteral("auth-max-failures"), 1, 1000000, 10);
    const auto block = integerOption(p, QStringLiteral("auth-block-seconds"), 1, 86400, 60);
    if (!simulate || !seed || !warmUp || !tick || !threads || !failures || !block)
        return result;
    if (!p.isSet(QStringLiteral("simulate"))
        && (p.isSet(QStringLiteral("seed")) || p.isSet(QStringLiteral("warm-up-days"))
            || p.isSet(QStringLiteral("sim-tick-ms")))) {
        err(QStringLiteral("--seed, --warm-up-days and --sim-tick-ms need --simulate N"));
        return result;
    }
    o.simulate = int(*simulate);
    o.seed = quint64(*seed);
    o.warmUpDays = int(*warmUp);
    o.simTickMs = int(*tick);
    o.httpThreads = int(*threads);
    o.authMaxFailures = int(*failures);
    o.authBlockSeconds = int(*block);
    if (!o.address.isLoopback() && o.tokenFile.isEmpty()) {
        err(QStringLiteral("refusing to listen on %1, which is not a loopback address, without --token-file: "
                           "anyone who can reach it could use the API")
                .arg(o.listenText));
        return result;
    }
    result.options = o;
    result.exitCode = 0;
    return result;
}
