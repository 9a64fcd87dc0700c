#pragma once

#include <vector>

#include <QString>

#include "common/result.h"
#include "common/timeutil.h"

class QIODevice;

namespace orch {

class StateStore;

// The samples of one (dealer, feature) series, sorted by time.
struct SeriesSamples
{
    QString dealer;
    QString feature;
    std::vector<TimeMs> timestamps;
    std::vector<double> values;
};

// Every sample of one file: series in order of first appearance.
struct SampleSet
{
    std::vector<SeriesSamples> series;
    qint64 rows = 0;
};

struct ImportSummary
{
    qint64 rows = 0;
    qint64 inserted = 0;
    qint64 skippedDuplicates = 0; // already in the store with the same value
    int series = 0;
};

// Limits of the sample file format.
constexpr int kMaxSampleNameLength = 64; // dealer and feature
constexpr qsizetype kMaxSampleLineBytes = 1024 * 1024;
constexpr int kMaxReportedSampleErrors = 20;

// Reads and validates a whole sample file: CSV with the header "dealer,feature,timestamp,value", or
// JSON lines of {"dealer", "feature", "timestamp", "value"} objects (a file whose first non-blank
// character is '{'). Timestamps are ISO-8601 UTC, values finite numbers, names 1-64 characters of
// [A-Za-z0-9._:-]. On failure the error lists the first kMaxReportedSampleErrors problems, one per
// line, each as "<file>:<line>: column <n> (<name>): ..." or "<file>:<line>: key "<key>": ...".
Result<SampleSet> readSamplesFile(const QString& path);
Result<SampleSet> readSamples(QIODevice& device, const QString& nameForErrors);

// Appends a validated set in one StateStore::appendSamples call: all of it or nothing.
Result<ImportSummary> importSamples(const SampleSet& set, StateStore& store);
// readSamplesFile, then importSamples: a file with any bad row imports nothing.
Result<ImportSummary> importSamplesFile(const QString& path, StateStore& store);

} // namespace orch
