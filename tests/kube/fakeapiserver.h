#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

class QSslSocket;

// A loopback HTTPS server that speaks the part of the Kubernetes API that operator mode uses, for
// one custom resource: GET the instance, WATCH the collection filtered by name (chunked JSON lines),
// PATCH the status subresource with a JSON merge patch. Like the real API server it checks the
// bearer token, bumps resourceVersion on every write, bumps metadata.generation only when the
// spec changes, and sends MODIFIED to the open watches after a status write.
class FakeApiServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QMap<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };

    FakeApiServer(const QSslCertificate& certificate, const QSslKey& key, QString collectionPath,
                  QString name, QObject* parent = nullptr);
    ~FakeApiServer() override;

    bool start();
    QUrl url() const;

    QByteArray token = "test-token-1"; // the accepted bearer token

    // The instance; null: there is none (404).
    nlohmann::json object;
    // Creates the instance with this spec (generation 1).
    void create(const nlohmann::json& spec);
    // Replaces the spec (generation + 1); `notify` sends MODIFIED to the open watches.
    void setSpec(const nlohmann::json& spec, bool notify = true);
    QString resourceVersion() const;
    // Forgets the event history: a watch resuming from an older resourceVersion gets HTTP 410.
    void compact();

    // To every open watch stream.
    void sendEvent(const QByteArray& type, const nlohmann::json& object);
    void sendLine(const QByteArray& line);
    // A BOOKMARK at a new resourceVersion.
    void sendBookmark();
    // Ends every open watch stream cleanly (the last chunk).
    void endWatches();
    // Drops every open watch connection without a clean end.
    void dropWatches();
    int openWatches() const { return int(m_watches.size()); }

    QList<Request> requests;
    QList<Request> requestsOf(const QByteArray& method, const QString& path) const;
    QList<Request> watchRequests() const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void onReadyRead(QSslSocket* socket);
    void handle(QSslSocket* socket, const Request& request);
    void respond(QSslSocket* socket, int status, const nlohmann::json& body);
    void respondStatus(QSslSocket* socket, int code, const QByteArray& reason, const QString& message);
    void writeChunk(QSslSocket* socket, const QByteArray& data);
    void bumpResourceVersion();

    QSslCertificate m_certificate;
    QSslKey m_key;
    QString m_collectionPath;
    QString m_name;
    qint64 m_resourceVersion = 100;
    qint64 m_compactedTo = 0;
    QList<std::pair<qint64, QByteArray>> m_history; // resourceVersion -> event line, for resuming
    QHash<QSslSocket*, QByteArray> m_buffers;
    QSet<QSslSocket*> m_watches;
};
