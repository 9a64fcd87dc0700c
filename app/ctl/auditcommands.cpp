// orchestratorctl audit ...: the audit trail, offline (docs/audit-format.md).
#include <cstdio>

#include <QFile>

#include "audit/auditlog.h"
#include "commands.h"
#include "common/strictjson.h"
#include "engine/clock.h"

namespace ctl {

namespace {

const QString kDataDir = QStringLiteral("data-dir");

QCommandLineOption dataDirOption()
{
    return valueOption(kDataDir,
                       QStringLiteral("The orchestrator's data directory (the trail is in DIR/audit)."),
                       QStringLiteral("DIR"));
}

void addFilterOptions(QCommandLineParser& p)
{
    p.addOption(valueOption(QStringLiteral("since"),
                            QStringLiteral("Only records at or after T (ISO-8601 UTC)."),
                            QStringLiteral("T")));
    p.addOption(valueOption(QStringLiteral("until"), QStringLiteral("Only records before T (ISO-8601 UTC)."),
                            QStringLiteral("T")));
    p.addOption(
        valueOption(QStringLiteral("type"),
                    QStringLiteral("Only records of this type, or of a prefix ending in '.' (\"alert.\")."),
                    QStringLiteral("TYPE")));
    p.addOption(valueOption(QStringLiteral("cause"), QStringLiteral("Only records caused by record ID."),
                            QStringLiteral("ID")));
}

std::optional<orch::audit::Filter> filterFrom(const QCommandLineParser& p)
{
    orch::audit::Filter f;
    for (const char* name : { "since", "until" }) {
        const QString option = QString::fromLatin1(name);
        if (!p.isSet(option))
            continue;
        const auto t = orch::parseIsoUtc(p.value(option));
        if (!t) {
            err(QStringLiteral("--%1: expected an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, got \"%2\"")
                    .arg(option, p.value(option)));
            return std::nullopt;
        }
        (option == QLatin1String("since") ? f.since : f.until) = *t;
    }
    f.type = p.value(QStringLiteral("type"));
    if (p.isSet(QStringLiteral("cause"))) {
        const auto id = integer(p, QStringLiteral("cause"), 1, std::numeric_limits<qint64>::max());
        if (!id)
            return std::nullopt;
        f.cause = *id;
    }
    return f;
}

// The data directory option, required.
std::optional<QString> dataDir(const QCommandLineParser& p, const QString& command)
{
    if (!p.isSet(kDataDir)) {
        err(QStringLiteral("audit %1: --data-dir DIR is required").arg(command));
        return std::nullopt;
    }
    return p.value(kDataDir);
}

nlohmann::ordered_json reportJson(const orch::audit::VerifyReport& r)
{
    nlohmann::ordered_json j;
    j["ok"] = r.ok;
    j["records"] = r.records;
    if (!r.ok) {
        j["firstBadSequence"] = r.firstBadSequence;
        j["reason"] = r.reason.toStdString();
    }
    if (r.latestCheckpoint)
        j["latestCheckpoint"] = r.latestCheckpoint->toJson();
    return j;
}

int printReport(const orch::audit::VerifyReport& r)
{
    out(reportJson(r).dump());
    if (!r.ok) {
        err(r.firstBadSequence > 0
                ? QStringLiteral("verification FAILED at record %1: %2").arg(r.firstBadSequence).arg(r.reason)
                : QStringLiteral("verification FAILED: %1").arg(r.reason));
        return CheckFailed;
    }
    return Ok;
}

std::optional<orch::audit::Checkpoint> readCheckpointFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        err(QStringLiteral("%1: cannot open: %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = f.read(1024 * 1024);
    auto doc = orch::json::parseStrict(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!doc) {
        err(QStringLiteral("%1: %2").arg(path, doc.error()));
        return std::nullopt;
    }
    auto cp = orch::audit::Checkpoint::fromJson(*doc);
    if (!cp) {
        err(QStringLiteral("%1: not a checkpoint: %2").arg(path, cp.error()));
        return std::nullopt;
    }
    return *cp;
}

int verifyCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(dataDirOption());
    p.addOption(
        valueOption(QStringLiteral("trusted-checkpoint"),
                    QStringLiteral("A checkpoint kept earlier ('audit checkpoint'): detects a truncated "
                                   "tail or a rewritten history."),
                    QStringLiteral("FILE")));
    if (int r
        = parse(p, QStringLiteral("audit verify"),
                QStringLiteral("Verify every record, chain link, checkpoint signature and segment."), args);
        r >= 0)
        return r;
    const auto dir = dataDir(p, QStringLiteral("verify"));
    if (!dir)
        return BadInput;
    std::optional<orch::audit::Checkpoint> trusted;
    if (p.isSet(QStringLiteral("trusted-checkpoint"))) {
        trusted = readCheckpointFile(p.value(QStringLiteral("trusted-checkpoint")));
        if (!trusted)
            return BadInput;
    }
    qint64 lastShown = -1;
    auto report = orch::audit::verify(*dir, trusted, [&](qint64 done, qint64 total) {
        const qint64 percent = total > 0 ? done * 100 / total : 100;
        if (percent / 10 != lastShown) {
            lastShown = percent / 10;
            std::fprintf(stderr, "audit verify: %lld%%\r", (long long)percent);
        }
    });
    if (lastShown >= 0)
        std::fputc('\n', stderr);
    if (!report) {
        err(QStringLiteral("audit verify: ") + report.error());
        return BadInput;
    }
    return printReport(*report);
}

int showCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(dataDirOption());
    addFilterOptions(p);
    if (int r = parse(p, QStringLiteral("audit show"),
                      QStringLiteral("Print decrypted records as JSON lines."), args);
        r >= 0)
        return r;
    const auto dir = dataDir(p, QStringLiteral("show"));
    const auto filter = filterFrom(p);
    if (!dir || !filter)
        return BadInput;
    auto records = orch::audit::read(*dir, *filter);
    if (!records) {
        err(QStringLiteral("audit show: ") + records.error());
        return BadInput;
    }
    for (const orch::audit::Record& r : *records) {
        nlohmann::ordered_json j;
        j["sequence"] = r.sequence;
        j["time"] = orch::formatIso(r.timestamp).toStdString();
        j["type"] = r.type.toStdString();
        j["cause"] = r.cause;
        j["actor"] = r.actor.toStdString();
        j["keyId"] = r.keyId.toStdString();
        j["data"] = r.data;
        out(j.dump());
    }
    return Ok;
}

int checkpointCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(dataDirOption());
    if (int r
        = parse(p, QStringLiteral("audit checkpoint"),
                QStringLiteral("Print the latest signed checkpoint; keep it to verify against later."), args);
        r >= 0)
        return r;
    const auto dir = dataDir(p, QStringLiteral("checkpoint"));
    if (!dir)
        return BadInput;
    auto cp = orch::audit::latestCheckpoint(*dir);
    if (!cp) {
        err(QStringLiteral("audit checkpoint: ") + cp.error());
        return BadInput;
    }
    out(cp->toJson().dump(2));
    return Ok;
}

int exportCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption(dataDirOption());
    p.addOption(valueOption(QStringLiteral("out"), QStringLiteral("The bundle file to write."),
                            QStringLiteral("BUNDLE")));
    addFilterOptions(p);
    if (int r
        = parse(p, QStringLiteral("audit export"),
                QStringLiteral("Export selected records with Merkle inclusion proofs as an evidence bundle."),
                args);
        r >= 0)
        return r;
    const auto dir = dataDir(p, QStringLiteral("export"));
    const auto filter = filterFrom(p);
    if (!dir || !filter)
        return BadInput;
    if (!p.isSet(QStringLiteral("out"))) {
        err(QStringLiteral("audit export: --out BUNDLE is required"));
        return BadInput;
    }
    if (auto st = orch::audit::exportBundle(*dir, *filter, p.value(QStringLiteral("out"))); !st) {
        err(QStringLiteral("audit export: ") + st.error());
        return BadInput;
    }
    std::fprintf(stderr, "audit export: wrote %s\n", qPrintable(p.value(QStringLiteral("out"))));
    return Ok;
}

int verifyBundleCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("BUNDLE"), QStringLiteral("The evidence bundle."));
    p.addOption(valueOption(QStringLiteral("public-key"),
                            QStringLiteral("The orchestrator's signing public key (PEM)."),
                            QStringLiteral("FILE")));
    if (int r = parse(p, QStringLiteral("audit verify-bundle"),
                      QStringLiteral("Verify an evidence bundle with the public key alone."), args);
        r >= 0)
        return r;
    if (p.positionalArguments().size() != 1 || !p.isSet(QStringLiteral("public-key"))) {
        err(QStringLiteral(
            "audit verify-bundle: usage: orchestratorctl audit verify-bundle BUNDLE --public-key FILE"));
        return BadInput;
    }
    auto report = orch::audit::verifyBundle(p.positionalArguments().constFirst(),
                                            p.value(QStringLiteral("public-key")));
    if (!report) {
        err(QStringLiteral("audit verify-bundle: ") + report.error());
        return BadInput;
    }
    return printReport(*report);
}

// Commands that write to the trail use the system clock: they act now.
int writeCommand(const QStringList& args, const QString& verb)
{
    QCommandLineParser p;
    p.addOption(dataDirOption());
    const QString description = verb == QLatin1String("prune")
        ? QStringLiteral("Remove whole segments older than the retention period (audited).")
        : QStringLiteral("Start a new segment under a new encryption key; old keys stay readable.");
    if (int r = parse(p, QStringLiteral("audit ") + verb, description, args); r >= 0)
        return r;
    const auto dir = dataDir(p, verb);
    if (!dir)
        return BadInput;
    orch::SystemClock clock;
    orch::audit::AuditLog::Options options;
    options.dataDir = *dir;
    options.clock = &clock;
    auto log = orch::audit::AuditLog::open(options);
    if (!log) {
        err(QStringLiteral("audit %1: %2").arg(verb, log.error()));
        return BadInput;
    }
    if (verb == QLatin1String("prune")) {
        auto removed = (*log)->prune();
        if (!removed) {
            err(QStringLiteral("audit prune: ") + removed.error());
            return BadInput;
        }
        out(nlohmann::ordered_json { { "segmentsRemoved", *removed } }.dump());
        return Ok;
    }
    auto keyId = (*log)->rotateKey();
    if (!keyId) {
        err(QStringLiteral("audit rotate-key: ") + keyId.error());
        return BadInput;
    }
    out(nlohmann::ordered_json { { "keyId", keyId->toStdString() } }.dump());
    return Ok;
}

} // namespace

int auditCommand(const QStringList& args)
{
    const QString verb = args.value(0);
    const QStringList rest = args.mid(1);
    if (verb == QLatin1String("verify"))
        return verifyCommand(rest);
    if (verb == QLatin1String("show"))
        return showCommand(rest);
    if (verb == QLatin1String("checkpoint"))
        return checkpointCommand(rest);
    if (verb == QLatin1String("export"))
        return exportCommand(rest);
    if (verb == QLatin1String("verify-bundle"))
        return verifyBundleCommand(rest);
    if (verb == QLatin1String("prune") || verb == QLatin1String("rotate-key"))
        return writeCommand(rest, verb);
    err(QStringLiteral(
            "audit: expected verify, show, checkpoint, export, verify-bundle, prune or rotate-key, got '%1'")
            .arg(verb));
    return BadInput;
}

} // namespace ctl
