#pragma once

#include <random>

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <nlohmann/json.hpp>

class QNetworkReply;
class QTimer;

namespace orch::kube {

class KubeClient;

// Keeps an up-to-date view of the one custom resource: GET it (the "list"), then WATCH it from
// that resourceVersion. The stream is JSON lines of ADDED / MODIFIED / DELETED / BOOKMARK / ERROR
// events; every event moves the resume point. A stream that ends is reopened from the last
// resourceVersion; failures are retried with full-jitter exponential backoff; 410 Gone (as the
// HTTP status or as an ERROR event) means the resume point is too old: GET again, then watch.
class KubeWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit KubeWatcher(KubeClient* client, QObject* parent = nullptr);
    ~KubeWatcher() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    const QString& resourceVersion() const { return m_resourceVersion; }

signals:
    // The instance as it is now: from the GET or an ADDED / MODIFIED event.
    void objectChanged(const nlohmann::json& object);
    // The instance does not exist (GET 404) or was deleted.
    void objectDeleted();
    // A watch stream is open (HTTP 200 received).
    void watching(const QString& fromResourceVersion);
    // Something failed; the watcher retries after a backoff.
    void failed(const QString& error);

private:
    void list();
    void watch();
    void onStreamData();
    void onStreamFinished();
    // Handles one JSON line; returns false when the stream must be dropped.
    bool handleLine(const QByteArray& line);
    void retryLater(const QString& error, bool relist);
    void dropStream();
    void schedule(int delayMs, bool relist);

    KubeClient* m_client;
    bool m_running = false;
    QString m_resourceVersion; // empty: unknown (watch from now)
    QPointer<QNetworkReply> m_stream;
    QByteArray m_buffer;
    bool m_streamDelivered = false; // the current stream produced at least one event
    bool m_relistRequested = false; // the current stream ended with 410 Gone
    QString m_streamError; // an ERROR event or a bad line ended the stream
    int m_failures = 0; // consecutive, for the backoff
    QTimer* m_retry = nullptr;
    bool m_retryRelist = false;
    quint64 m_generation = 0; // invalidates callbacks of an earlier start()
    std::mt19937 m_rng { std::random_device {}() };
};

} // namespace orch::kube
