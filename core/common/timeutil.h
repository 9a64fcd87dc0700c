#pragma once

#include <cstdint>
#include <optional>

#include <QString>

namespace orch {

// Milliseconds since the Unix epoch, UTC. The engine's unit of time everywhere.
using TimeMs = std::int64_t;

constexpr TimeMs kMinuteMs = 60 * 1000;
constexpr TimeMs kHourMs = 60 * kMinuteMs;
constexpr TimeMs kDayMs = 24 * kHourMs;

// "2025-01-15T02:00:00Z" (seconds precision, milliseconds only when non-zero).
QString formatIso(TimeMs t);

// Parses ISO-8601 timestamps in UTC: "2026-01-01T00:00:00Z", with optional fractional seconds,
// "+00:00" accepted as UTC. Anything without an explicit UTC designator is refused.
std::optional<TimeMs> parseIsoUtc(QStringView text);

// Start (00:00:00Z on the 1st) of the UTC calendar month containing t, and of the next one.
TimeMs monthStart(TimeMs t);
TimeMs nextMonthStart(TimeMs t);

// "2026-01" for the month containing t.
QString monthKey(TimeMs t);
// Whether `month` is such a key: "yyyy-MM" with a month 01..12.
bool isMonthKey(QStringView month);

} // namespace orch
