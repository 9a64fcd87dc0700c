#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>

#include "common/result.h"

class QThread;
class QTimer;
class QTcpSocket;

namespace orch::api {

// One parsed request. Header names are lower-case; the body is complete.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QByteArray target; // as sent: "/api/v1/events?after=3"
    QByteArray path; // the target before '?', still percent-encoded
    QByteArray query; // after '?', without it
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    bool keepAlive = true;

    // The value of the first header with this (lower-case) name; null when absent.
    QByteArrayView header(QByteArrayView lowerName) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    bool close = false; // close the connection after this response
    bool headOnly = false; // HEAD: headers as for GET, no body
};

class HttpWorker;

// The handle a handler answers through: send() exactly once, from any thread. The response
// travels back to the connection's thread; when the client has gone meanwhile it is dropped.
class HttpReply
{
public:
    HttpReply() = default;
    void send(HttpResponse response) const;
    bool isValid() const { return m_worker != nullptr; }

private:
    friend class HttpWorker;
    HttpReply(HttpWorker* worker, quint64 connection, quint64 serial)
        : m_worker(worker)
        , m_connection(connection)
        , m_serial(serial)
    { }
    HttpWorker* m_worker = nullptr;
    quint64 m_connection = 0;
    quint64 m_serial = 0;
};

// What the server hands complete requests to. Called on a connection thread; must not block:
// slow work goes to another thread and answers through the reply.
class HttpHandler
{
public:
    virtual ~HttpHandler() = default;
    virtual void handle(HttpRequest&& request, HttpReply reply) = 0;
    // The connection refused a request itself (413, 431, 408, ...), on a connection thread.
    virtual void refused(int status) { Q_UNUSED(status); }
};

// Limits applied at the connection, before any handler sees the request.
struct HttpLimits
{
    qsizetype maxHeaderBytes = 16 * 1024; // request line + headers -> 431
    int maxHeaders = 100; // -> 431
    qsizetype maxBodyBytes = 1024 * 1024; // Content-Length above it -> 413 before the body is read
    int headerTimeoutMs = 10000; // first byte to end of headers -> 408
    int bodyTimeoutMs = 30000; // end of headers to end of body -> 408
    int idleTimeoutMs = 60000; // keep-alive connection without a request -> closed
    int maxConnections = 2048; // beyond: 503 and close
    qsizetype discardAfter413 = 4 * 1024 * 1024; // body bytes drained (not kept) after a 413
};

// A small HTTP/1.1 server for the daemon's API: persistent connections, pipelining answered in
// order, Expect: 100-continue, Content-Length bodies only (chunked uploads get 411), optional
// TLS (QSslSocket, OpenSSL backend). Accepts on the thread that calls listen() and spreads
// connections over `threads` connection threads, each with its own event loop; QHttpServer 6.4
// has neither the limits above nor the throughput the daemon needs (docs/api.md, "Server").
class HttpServer final : public QObject
{
    Q_OBJECT
public:
    HttpServer(HttpHandler& handler, HttpLimits limits, int threads, QObject* parent = nullptr);
    ~HttpServer() override;
    Q_DISABLE_COPY_MOVE(HttpServer)

    // TLS for every connection accepted from now on.
    void setTlsConfiguration(const QSslConfiguration& configuration);
    // Binds and listens; returns the bound port (useful with port 0).
    Result<quint16> listen(const QHostAddress& address, quint16 port);

    // Shutdown, in order: stop accepting; let connections finish the request they are on (each
    // then closes); stop() closes whatever is left and joins the connection threads.
    void stopAccepting();
    void drain();
    void stop();

    // Requests handed to the handler and not yet answered, over all threads.
    int inFlight() const;
    int connections() const;
    const HttpLimits& limits() const { return m_limits; }
    HttpHandler& handler() { return m_handler; }
    bool tls() const { return m_tls.has_value(); }
    const QSslConfiguration& tlsConfiguration() const { return *m_tls; }

private:
    class Listener;
    void dispatch(qintptr descriptor);

    HttpHandler& m_handler;
    HttpLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    std::unique_ptr<Listener> m_listener;
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<HttpWorker*> m_workers;
    std::size_t m_next = 0;
};

} // namespace orch::api
