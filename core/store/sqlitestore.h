#pragma once

#include <memory>

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include "store/statestore.h"

namespace orch {

// StateStore on SQLite (Qt's QSQLITE driver): one file, orchestrator.db, in the data directory.
// Writes run in BEGIN IMMEDIATE transactions with a busy timeout, so the daemon and
// `orchestratorctl import` can share the file. Like every StateStore, use one instance from the
// thread that opened it.
class SqliteStore final : public StateStore
{
public:
    // The schema this build writes; a database with a newer PRAGMA user_version is refused.
    static constexpr int kSchemaVersion = 2;
    static constexpr int kBusyTimeoutMs = 5000;

    // Opens (creating if needed) dataDir/orchestrator.db, creating dataDir if it is missing.
    static Result<std::unique_ptr<SqliteStore>> open(const QString& dataDir);

    ~SqliteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteStore)

    // Absolute path of the database file.
    QString databasePath() const { return m_path; }

    Status appendSamples(std::span<const Sample> samples) override;
    Result<std::vector<Sample>> samples(const QString& dealer, const QString& feature, TimeMs from,
                                        TimeMs to) override;
    Result<qint64> sampleCount() override;
    Result<std::vector<std::pair<QString, QString>>> series() override;

    Status putState(const QString& key, const QByteArray& value) override;
    Result<std::optional<QByteArray>> state(const QString& key) override;

    Result<qint64> insertDetection(const Detection& detection) override;
    Status updateDetection(const Detection& detection) override;
    Result<std::vector<Detection>> detections(TimeMs from, TimeMs to, int limit) override;

    Result<qint64> appendEvent(const EventRecord& event) override;
    Result<std::vector<EventRecord>> events(qint64 afterId, int limit) override;

    Status addSpend(const QString& dealer, const QString& month, qint64 microDollars) override;
    Result<qint64> spend(const QString& dealer, const QString& month) override;

    Status appendDecisions(std::span<DecisionRecord> decisions) override;
    Status setOutcomes(std::span<const DecisionRecord> decisions) override;
    Result<std::vector<DecisionRecord>> decisions(qint64 afterId, TimeMs from, TimeMs to, int limit) override;
    Result<std::vector<DecisionRecord>> pendingOutcomes() override;

    Result<qint64> insertRollout(const RolloutRecord& rollout) override;
    Status updateRollout(const RolloutRecord& rollout) override;
    Result<std::vector<RolloutRecord>> rollouts(bool activeOnly, int limit) override;

private:
    SqliteStore(QString connectionName, QString path);

    Status initialize();
    Status migrate(int fromVersion);
    Status appendSamplesOneByOne(std::span<const Sample> samples);
    Result<std::vector<DecisionRecord>> selectDecisions(const QString& where, const QVariantList& values);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
};

} // namespace orch
