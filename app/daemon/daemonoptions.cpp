#include "daemonoptions.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QStandardPaths>
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
