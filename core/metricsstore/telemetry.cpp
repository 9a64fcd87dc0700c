#include "metricsstore/telemetry.h"

#include <cmath>

namespace orch::metrics {

namespace {

constexpr TimeMs kMaxTime = 253402300799999; // 9999-12-31T23:59:59.999Z

bool isKindName(const QString& kind)
{
    if (kind.isEmpty() || kind.size() > 63 || !(kind[0] >= u'a' && kind[0] <= u'z'))
        return false;
    for (QChar c : kind) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

// The first non-finite number under `value`, as a path ("data.reward", "data.values[2]").
std::optional<QString> nonFinite(const nlohmann::json& value, const QString& path)
{
    if (value.is_number_float())
        return std::isfinite(value.get<double>()) ? std::nullopt : std::optional<QString>(path);
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            if (auto p = nonFinite(it.value(), path + u'.' + QString::fromStdString(it.key())))
                return p;
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            if (auto p = nonFinite(value[i], path + QStringLiteral("[%1]").arg(i)))
                return p;
    }
    return std::nullopt;
}

std::string str(const QString& s)
{
    return s.toStdString();
}

nlohmann::json optionalTime(const std::optional<TimeMs>& t)
{
    return t ? nlohmann::json(str(formatIso(*t))) : nlohmann::json(nullptr);
}

} // namespace

Status validateRecord(const TelemetryRecord& record)
{
    if (!isKindName(record.kind))
        return fail(
            QStringLiteral("kind: must be 1-63 of a-z, 0-9, '-' and '_' starting with a letter, got \"%1\"")
                .arg(record.kind));
    if (record.at < 0 || record.at > kMaxTime)
        return fail(QStringLiteral("at: must be between 1970 and 9999, got %1 ms").arg(record.at));
    if (!record.data.is_object())
        return fail(QStringLiteral("data: must be a JSON object, got %1")
                        .arg(QString::fromUtf8(record.data.type_name())));
    for (const char* reserved : { "at", "kind" })
        if (record.data.contains(reserved))
            return fail(
                QStringLiteral("data.%1: reserved (the record's own field)").arg(QLatin1String(reserved)));
    if (auto path = nonFinite(record.data, QStringLiteral("data")))
        return fail(QStringLiteral("%1: must be a finite number").arg(*path));
    return success();
}

QByteArray toJsonLine(const TelemetryRecord& record)
{
    // "at" and "kind" first, then the fields (in nlohmann's key order): the kind and the time are
    // plain ASCII, so the line is put together without a second JSON document.
    QByteArray line
        = "{\"at\":\"" + formatIso(record.at).toLatin1() + "\",\"kind\":\"" + record.kind.toLatin1() + '"';
    const std::string fields = record.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (fields.size() > 2) // not "{}"
        line += ',' + QByteArray(fields.data() + 1, qsizetype(fields.size() - 1));
    else
        line += '}';
    line += '\n';
    return line;
}

TelemetryRecord detectionTelemetry(const Detection& d, TimeMs at)
{
    TelemetryRecord r { TelemetryRecord::kDetections, at, nlohmann::json::object() };
    r.data = { { "id", d.id },
               { "dealer", str(d.dealer) },
               { "feature", str(d.feature) },
               { "state", d.closedAt ? "closed" : "open" },
               { "openedAt", str(formatIso(d.openedAt)) },
               { "closedAt", optionalTime(d.closedAt) },
               { "threshold", d.threshold },
               { "firstStd", d.firstStd },
               { "peakStd", d.peakStd },
               { "lastStd", d.lastStd },
               { "flaggedEvaluations", d.flaggedEvaluations } };
    return r;
}

TelemetryRecord rewardTelemetry(const DecisionRecord& d)
{
    TelemetryRecord r { TelemetryRecord::kRewards, d.rewardedAt.value_or(d.at), nlohmann::json::object() };
    r.data = { { "decision", d.id },
               { "decidedAt", str(formatIso(d.at)) },
               { "dealer", str(d.dealer) },
               { "context", str(d.context) },
               { "action", str(d.action) },
               { "probability", d.probability },
               { "exploited", d.exploited },
               { "policyVersion", d.policyVersion },
               { "rollout", d.rolloutId },
               { "deployed", d.deployed },
               { "deltaVisibility", d.deltaVisibility },
               { "deltaRevenue", d.deltaRevenue },
               { "apiCost", d.apiCost },
               { "reward", d.reward } };
    return r;
}

TelemetryRecord spendTelemetry(const GovernanceLedger::Decision& d, const QString& action, TimeMs at)
{
    TelemetryRecord r { TelemetryRecord::kSpend, at, nlohmann::json::object() };
    r.data = { { "dealer", str(d.dealer) },    { "action", str(action) },
               { "month", str(d.month) },      { "allowed", d.allowed },
               { "costMicros", d.costMicros }, { "spentMicros", d.spentMicros },
               { "capMicros", d.capMicros },   { "remainingMicros", d.remainingMicros },
               { "reason", str(d.reason) } };
    return r;
}

TelemetryRecord componentRunTelemetry(const QString& component, TimeMs scheduledAt, TimeMs at,
                                      const Status& outcome)
{
    TelemetryRecord r { TelemetryRecord::kComponentRuns, at, nlohmann::json::object() };
    r.data = { { "component", str(component) },
               { "scheduledAt", str(formatIso(scheduledAt)) },
               { "ok", outcome.ok() },
               { "error", outcome.ok() ? nlohmann::json(nullptr) : nlohmann::json(str(outcome.error())) } };
    return r;
}

TelemetryRecord eventTelemetry(const EventRecord& e)
{
    TelemetryRecord r { TelemetryRecord::kEvents, e.at, nlohmann::json::object() };
    r.data = { { "id", e.id },
               { "type", str(e.type) },
               { "severity", str(e.severity) },
               { "dealer", str(e.dealer) },
               { "feature", str(e.feature) },
               { "cause", e.causeId },
               { "message", str(e.message) } };
    return r;
}

} // namespace orch::metrics
