#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include "common/timeutil.h"
#include "metricsstore/partitiondirectory.h"
#include "metricsstore/s3client.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace orch::metrics {

// What the uploader has done, shared with the sink (any thread reads it under the mutex).
struct UploadState
{
    std::mutex mutex;
    std::condition_variable changed;
    qint64 spooled = 0; // parts in the spool, not yet in the store
    qint64 uploaded = 0;
    qint64 uploadedBytes = 0;
    qint64 failedAttempts = 0;
    qint64 expiredUnsent = 0; // spooled parts whose partition expired before they could be sent
    qint64 objectsDeleted = 0; // by retention
    qint64 retentionPasses = 0; // finished passes
    bool retentionPending = false; // a pass is running or asked for
    bool failing = false; // the last request failed
    QString lastError; // the last failure (kept after a success, for the record)
};

// Sends the spooled parts to the bucket and applies retention there, on a thread of its own so the
// engine never waits for the network. One request at a time: parts in spool order (a part is
// removed from the spool only after the store answered 2xx, so a crash re-sends at most the part
// in flight, to the same key); then retention: list the keys under the prefix in order, delete
// those of expired partitions, and at a kind's first partition that has not expired skip past
// the rest of that kind (start-after "<prefix>kind=<kind>0": '0' follows '/'), so a pass reads
// little more than what it deletes. (Not the delimiter: s3rver lists common prefixes only for
// folders that hold objects directly.) Failures are retried with full-jitter exponential backoff (network
// errors, 408, 429, 5xx) or at the longest backoff (any other answer: wrong credentials, a missing bucket),
// with the failed part moved to the back; nothing is dropped but parts whose partition expired.
class S3Uploader final : public QObject
{
    Q_OBJECT

public:
    struct Tuning
    {
        int initialBackoffMs = 1000;
        int maxBackoffMs = 5 * 60 * 1000;
        int listPageSize = 1000;
    };

    S3Uploader(s3::ClientConfig config, QString keyPrefix, SpoolDirectory spool, Tuning tuning,
               std::shared_ptr<UploadState> state);
    ~S3Uploader() override;
    Q_DISABLE_COPY_MOVE(S3Uploader)

    // Called on the uploader's thread (queued or blocking-queued invocation).
    // Reads the spool and starts sending.
    void start();
    // A part was added to the spool (already counted in UploadState::spooled by the writer).
    void enqueue(const QString& relativePath);
    // Drops spooled parts that expired, then runs a retention pass in the bucket.
    void expire(qint64 cutoff);
    // Aborts the request in flight (its part stays in the spool) and releases the network.
    void stop();

    static QString contentTypeOf(const QString& relativePath);

private:
    enum class Op
    {
        None,
        Put,
        List,
        Delete
    };
    struct Retention
    {
        TimeMs cutoff = 0;
        QString startAfter; // first page after a skip
        QString token; // next page
        bool listed = false; // reached the end of the prefix
        std::deque<QString> toDelete;
        qint64 deleted = 0;
    };

    void pump();
    void startPut();
    void onFinished();
    void onPutDone(const s3::Outcome& o);
    void onRetentionStep(const s3::Outcome& o, Op op);
    void finishRetention(const QString& error);
    void failed(const s3::Outcome& o, bool putFailure);
    // Drops a part whose partition is past the latest cutoff from the spool; true if it did.
    bool dropIfExpired(const QString& relativePath);
    void noteState(const std::function<void(UploadState&)>& change);

    s3::ClientConfig m_config;
    QString m_keyPrefix;
    SpoolDirectory m_spool;
    Tuning m_tuning;
    std::shared_ptr<UploadState> m_state;
    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<s3::Client> m_client;
    QTimer m_retryTimer;
    QRandomGenerator m_random;
    std::deque<QString> m_queue; // relative paths, spool order
    QSet<QString> m_queued;
    QNetworkReply* m_reply = nullptr;
    Op m_op = Op::None;
    QString m_current; // the part being sent, or the key being deleted
    qint64 m_currentBytes = 0;
    int m_failures = 0; // consecutive
    QString m_lastLogged;
    std::optional<Retention> m_retention;
    std::optional<TimeMs> m_nextCutoff;
    std::optional<TimeMs> m_lastCutoff; // the latest retention cutoff asked for

    bool m_stopped = false;
};

} // namespace orch::metrics
