#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/timeutil.h"
#include "engine/governance.h"
#include "store/statestore.h"

namespace orch::metrics {

// One telemetry record: what happened (`kind`, the partition it goes to), when (engine clock,
// which also picks the date and hour partition), and its fields. Written as one JSON line
// {"at":"2026-01-15T02:00:00Z","kind":"detections",...fields}.
struct TelemetryRecord
{
    QString kind;
    TimeMs at = 0;
    nlohmann::json data = nlohmann::json::object();

    // The kinds the orchestrator writes (SPEC.md's telemetry: detections, rewards, spend,
    // component runs), plus the event log.
    static inline const QString kDetections = QStringLiteral("detections");
    static inline const QString kRewards = QStringLiteral("rewards");
    static inline const QString kSpend = QStringLiteral("spend");
    static inline const QString kComponentRuns = QStringLiteral("component-runs");
    static inline const QString kEvents = QStringLiteral("events");
};

// A kind is a partition name: 1-63 of [a-z0-9_-], starting with a letter. The time is 1970..9999.
// The data is a JSON object without "at" or "kind" keys whose numbers are all finite (nlohmann
// would write NaN as null). Errors name the field path.
Status validateRecord(const TelemetryRecord& record);

// The record's JSON line, "\n" included. The record must be valid.
QByteArray toJsonLine(const TelemetryRecord& record);

// Builders for what the orchestrator has: a drift episode (opened, updated or closed at `at`),
// a measured reward (at its rewardedAt, which must be set), a governance charge (or refusal) of an
// action's API cost, a component's run (the job's scheduled time and its outcome), an event.
TelemetryRecord detectionTelemetry(const Detection& detection, TimeMs at);
TelemetryRecord rewardTelemetry(const DecisionRecord& decision);
TelemetryRecord spendTelemetry(const GovernanceLedger::Decision& decision, const QString& action, TimeMs at);
TelemetryRecord componentRunTelemetry(const QString& component, TimeMs scheduledAt, TimeMs at,
                                      const Status& outcome);
TelemetryRecord eventTelemetry(const EventRecord& event);

} // namespace orch::metrics
