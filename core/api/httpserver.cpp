#include "api/httpserver.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include "api/apierror.h"
#include "api/apilogging.h"

namespace orch::api {

namespace {

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isFieldValueChar(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7F);
}

QByteArrayView trimmedOws(QByteArrayView v)
{
    qsizetype b = 0, e = v.size();
    while (b < e && (v[b] == ' ' || v[b] == '\t'))
        ++b;
    while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t'))
        --e;
    return v.sliced(b, e - b);
}

bool containsToken(QByteArrayView list, QByteArrayView token)
{
    // Comma-separated, case-insensitive ("keep-alive, Upgrade").
    qsizetype start = 0;
    while (start <= list.size()) {
        qsizetype comma = list.indexOf(',', start);
        if (comma < 0)
            comma = list.size();
        if (trimmedOws(list.sliced(start, comma - start)).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        start = comma + 1;
    }
    return false;
}

// A refusal of the HTTP layer itself, before any handler: always closes the connection.
struct Refusal
{
    int status;
    QByteArrayView code;
    QString message;
};

} // namespace

QByteArrayView HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

// One client connection; owned by its worker, on the worker's thread.
struct HttpConnection
{
    enum class State
    {
        Headers, // waiting for (the rest of) a request head
        Body, // head parsed, waiting for the body
        Handling, // the handler has the request; later input waits
        Discarding, // refused with 413: drain the body without keeping it, then close
        Closing // response written, closing
    };

    quint64 id = 0;
    QTcpSocket* socket = nullptr;
    QHostAddress peer;
    QByteArray in;
    State state = State::Headers;
    qint64 deadline = 0; // steady ms; 0: none
    int deadlineStatus = 0; // 408 for a slow request, 0 for an idle connection
    HttpRequest request;
    qsizetype headLength = 0;
    qsizetype bodyLength = 0;
    quint64 serial = 0;
    qint64 discardLeft = 0;
    bool inHandler = false; // the handler is running on this thread for this connection
};

class HttpWorker final : public QObject
{
public:
    explicit HttpWorker(HttpServer& server)
        : m_server(server)
        , m_limits(server.limits())
    { }

    std::atomic<int> connectionCount { 0 };
    std::atomic<int> inFlight { 0 };

    void startTimers()
    {
        m_sweep = new QTimer(this);
        m_sweep->setInterval(250);
        connect(m_sweep, &QTimer::timeout, this, [this] { sweep(); });
        m_sweep->start();
    }

    void adopt(qintptr descriptor, bool overCapacity);
    void deliver(quint64 connection, quint64 serial, HttpResponse response);
    void drain();
    void closeAll();

private:
    void readable(HttpConnection& c);
    void process(HttpConnection& c);
    std::optional<Refusal> parseHead(HttpConnection& c, QByteArrayView head);
    void refuse(HttpConnection& c, const Refusal& r);
    void write(HttpConnection& c, const HttpResponse& response);
    void remove(quint64 id);
    void sweep();

    HttpServer& m_server;
    const HttpLimits m_limits;
    QHash<quint64, HttpConnection*> m_connections;
    quint64 m_nextId = 1;
    QTimer* m_sweep = nullptr;
    bool m_draining = false;
    char m_scratch[64 * 1024];
};

void HttpReply::send(HttpResponse response) const
{
    if (!m_worker)
        return;
    HttpWorker* worker = m_worker;
    if (QThread::currentThread() == worker->thread()) {
        worker->deliver(m_connection, m_serial, std::move(response));
        return;
    }
    QMetaObject::invokeMethod(
        worker,
        [worker, connection = m_connection, serial = m_serial, r = std::move(response)]() mutable {
            worker->deliver(connection, serial, std::move(r));
        },
        Qt::QueuedConnection);
}

void HttpWorker::adopt(qintptr descriptor, bool overCapacity)
{
    QTcpSocket* socket = nullptr;
    if (m_server.tls()) {
        auto* ssl = new QSslSocket(this);
        ssl->setSslConfiguration(m_server.tlsConfiguration());
        if (!ssl->setSocketDescriptor(descriptor)) {
            delete ssl;
            return;
        }
        ssl->startServerEncryption();
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
        // Unbuffered: reads and writes go straight to the kernel, no queued flush per response.
        if (!socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState,
                                         QIODevice::ReadWrite | QIODevice::Unbuffered)) {
            delete socket;
            return;
        }
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto* c = new HttpConnection;
    c->id = m_nextId++;
    c->socket = socket;
    c->peer = socket->peerAddress();
    c->deadline = steadyMs() + m_limits.headerTimeoutMs;
    c->deadlineStatus = 408;
    m_connections.insert(c->id, c);
    ++connectionCount;
    const quint64 id = c->id;
    connect(socket, &QIODevice::readyRead, this, [this, id] {
        if (HttpConnection* conn = m_connections.value(id))
            readable(*conn);
    });
    // Queued: a socket may report an error from inside write(); the connection must outlive the
    // function that was writing.
    connect(
        socket, &QAbstractSocket::disconnected, this, [this, id] { remove(id); }, Qt::QueuedConnection);
    connect(
        socket, &QAbstractSocket::errorOccurred, this,
        [this, id](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::RemoteHostClosedError)
                return; // disconnected() follows
            if (HttpConnection* conn = m_connections.value(id)) {
                qCDebug(lcHttp) << "connection" << id << "error:" << conn->socket->errorString();
                conn->socket->abort();
                remove(id);
            }
        },
        Qt::QueuedConnection);
    if (overCapacity) {
        qCWarning(lcHttp) << "connection limit reached; refusing" << c->peer.toString();
        refuse(*c,
               { 503, "too_many_connections", QStringLiteral("the server has too many open connections") });
        return;
    }
    if (m_draining) {
        refuse(*c, { 503, "shutting_down", QStringLiteral("the server is shutting down") });
        return;
    }
    if (socket->bytesAvailable() > 0)
        readable(*c);
}

void HttpWorker::readable(HttpConnection& c)
{
    const quint64 id = c.id;
    for (;;) {
        const qint64 n = c.socket->read(m_scratch, sizeof m_scratch);
        if (n <= 0)
            break;
        if (c.state == HttpConnection::State::Closing)
            continue;
        if (c.state == HttpConnection::State::Discarding) {
            c.discardLeft -= n;
            if (c.discardLeft <= 0) {
                c.socket->abort();
                remove(id);
                return;
            }
            continue;
        }
        c.in.append(m_scratch, n);
        // A head may not exceed its limit; a head + body not theirs; input pipelined behind a
        // request being handled no more than one more request's worth.
        if (c.in.size() > m_limits.maxHeaderBytes + m_limits.maxBodyBytes + 64 * 1024) {
            if (c.state == HttpConnection::State::Handling) {
                qCDebug(lcHttp) << "connection" << id << "pipelined too much; closing";
                c.socket->abort();
                remove(id);
                return;
            }
            break;
        }
    }
    if (c.state == HttpConnection::State::Headers || c.state == HttpConnection::State::Body)
        process(c);
}

void HttpWorker::process(HttpConnection& c)
{
    for (;;) {
        if (c.state == HttpConnection::State::Headers) {
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            qsizetype skip = 0;
            while (skip < c.in.size() && (c.in[skip] == '\r' || c.in[skip] == '\n'))
                ++skip;
            if (skip > 0)
                c.in.remove(0, skip);
            if (c.in.isEmpty()) {
                if (m_draining) {
                    c.state = HttpConnection::State::Closing;
                    c.socket->disconnectFromHost();
                    return;
                }
                c.deadline = steadyMs() + m_limits.idleTimeoutMs;
                c.deadlineStatus = 0;
                return;
            }
            if (c.deadlineStatus == 0) {
                c.deadline = steadyMs() + m_limits.headerTimeoutMs;
                c.deadlineStatus = 408;
            }
            const qsizetype end = c.in.indexOf("\r\n\r\n");
            if (end < 0 || end + 4 > m_limits.maxHeaderBytes) {
                if (c.in.size() > m_limits.maxHeaderBytes || end >= 0)
                    refuse(c,
                           { 431, "headers_too_large",
                             QStringLiteral("the request line and headers exceed %1 bytes")
                                 .arg(m_limits.maxHeaderBytes) });
                return;
            }
            c.headLength = end + 4;
            if (auto refusal = parseHead(c, QByteArrayView(c.in).first(end))) {
                refuse(c, *refusal);
                return;
            }
            c.state = HttpConnection::State::Body;
            c.deadline = steadyMs() + m_limits.bodyTimeoutMs;
            if (c.bodyLength > 0 && c.in.size() < c.headLength + c.bodyLength
                && containsToken(c.request.header("expect"), "100-continue"))
                c.socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (c.state != HttpConnection::State::Body)
            return;
        if (c.in.size() < c.headLength + c.bodyLength)
            return;
        c.request.body = c.in.mid(c.headLength, c.bodyLength);
        c.in.remove(0, c.headLength + c.bodyLength);
        c.state = HttpConnection::State::Handling;
        c.deadline = 0;
        c.deadlineStatus = 0;
        ++inFlight;
        const HttpReply reply(this, c.id, ++c.serial);
        HttpRequest request = std::move(c.request);
        c.request = {};
        // A handler that answers at once comes back through deliver(), which leaves the next
        // pipelined request to this loop (no recursion however much was pipelined).
        c.inHandler = true;
        m_server.handler().handle(std::move(request), reply);
        c.inHandler = false;
        if (c.state != HttpConnection::State::Headers)
            return; // answered later, or closing
    }
}

std::optional<Refusal> HttpWorker::parseHead(HttpConnection& c, QByteArrayView head)
{
    HttpRequest& r = c.request;
    r = {};
    r.peer = c.peer;
    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || requestLine.indexOf(' ', sp2 + 1) >= 0)
        return Refusal { 400, "malformed_request", QStringLiteral("malformed request line") };
    const QByteArrayView method = requestLine.first(sp1);
    for (char ch : method) {
        if (!isTokenChar(ch))
            return Refusal { 400, "malformed_request", QStringLiteral("malformed method") };
    }
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    bool http10 = false;
    if (version == "HTTP/1.0")
        http10 = true;
    else if (version != "HTTP/1.1")
        return Refusal { version.startsWith("HTTP/") ? 505 : 400, "unsupported_version",
                         QStringLiteral("only HTTP/1.1 and HTTP/1.0 are supported") };
    if (target.isEmpty() || target[0] != '/')
        return Refusal { 400, "malformed_request",
                         QStringLiteral("the request target must be an absolute path") };
    for (char ch : target) {
        const auto u = static_cast<unsigned char>(ch);
        if (u <= 0x20 || u >= 0x7F)
            return Refusal { 400, "malformed_request",
                             QStringLiteral("invalid character in the request target") };
    }
    r.method = method.toByteArray();
    r.target = target.toByteArray();
    const qsizetype q = target.indexOf('?');
    r.path = q < 0 ? r.target : target.first(q).toByteArray();
    if (q >= 0)
        r.query = target.sliced(q + 1).toByteArray();

    std::optional<qint64> contentLength;
    bool chunked = false;
    int count = 0;
    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 2;
        lineEnd = head.indexOf("\r\n", start);
        const QByteArrayView line = head.sliced(start, (lineEnd < 0 ? head.size() : lineEnd) - start);
        if (++count > m_limits.maxHeaders)
            return Refusal { 431, "headers_too_large",
                             QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaders) };
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Refusal { 400, "malformed_request", QStringLiteral("malformed header field") };
        const QByteArrayView name = line.first(colon);
        for (char ch : name) {
            if (!isTokenChar(ch)) // also refuses obsolete line folding and "Name :"
                return Refusal { 400, "malformed_request", QStringLiteral("malformed header field name") };
        }
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        for (char ch : value) {
            if (!isFieldValueChar(static_cast<unsigned char>(ch)))
                return Refusal { 400, "malformed_request",
                                 QStringLiteral("invalid character in a header value") };
        }
        QByteArray lower = name.toByteArray().toLower();
        if (lower == "content-length") {
            bool ok = !value.isEmpty() && value.size() <= 18;
            for (char ch : value)
                ok = ok && ch >= '0' && ch <= '9';
            const qint64 n = ok ? value.toLongLong(&ok) : -1;
            if (!ok)
                return Refusal { 400, "malformed_request", QStringLiteral("invalid Content-Length") };
            if (contentLength && *contentLength != n)
                return Refusal { 400, "malformed_request",
                                 QStringLiteral("conflicting Content-Length headers") };
            contentLength = n;
        } else if (lower == "transfer-encoding") {
            chunked = true;
        }
        r.headers.emplace_back(std::move(lower), value.toByteArray());
    }
    if (chunked)
        return Refusal { 411, "length_required",
                         QStringLiteral("Transfer-Encoding is not supported: send a Content-Length") };
    const qint64 length = contentLength.value_or(0);
    if (length > m_limits.maxBodyBytes)
        return Refusal { 413, "body_too_large",
                         QStringLiteral("the request body (%1 bytes) exceeds the limit of %2 bytes")
                             .arg(length)
                             .arg(m_limits.maxBodyBytes) };
    c.bodyLength = length;
    const QByteArrayView connection = r.header("connection");
    r.keepAlive = http10 ? containsToken(connection, "keep-alive") : !containsToken(connection, "close");
    return std::nullopt;
}

void HttpWorker::refuse(HttpConnection& c, const Refusal& r)
{
    qCDebug(lcHttp) << "refused" << c.peer.toString() << r.status << r.message;
    m_server.handler().refused(r.status);
    HttpResponse response;
    response.status = r.status;
    response.body = errorBody(r.status, r.code, r.message);
    response.close = true;
    write(c, response);
    if (r.status == 413) {
        // Drain (never keep) what the client is still sending, so that it reads the 413 rather
        // than a connection reset; then close.
        c.state = HttpConnection::State::Discarding;
        c.discardLeft = m_limits.discardAfter413 - (c.in.size() - c.headLength);
        c.in.clear();
        c.deadline = steadyMs() + 2000;
        c.deadlineStatus = 0;
        if (c.discardLeft <= 0) {
            c.state = HttpConnection::State::Closing;
            c.socket->disconnectFromHost();
        }
        return;
    }
    c.state = HttpConnection::State::Closing;
    c.in.clear();
    c.deadline = steadyMs() + 2000;
    c.deadlineStatus = 0;
    c.socket->disconnectFromHost();
}

void HttpWorker::write(HttpConnection& c, const HttpResponse& response)
{
    QByteArray out;
    out.reserve(160 + response.body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(response.status);
    out += ' ';
    out += reasonPhrase(response.status);
    out += "\r\nContent-Type: ";
    out += response.contentType;
    out += "\r\nContent-Length: ";
    out += QByteArray::number(response.body.size());
    for (const auto& [name, value] : response.headers) {
        out += "\r\n";
        out += name;
        out += ": ";
        out += value;
    }
    if (response.close)
        out += "\r\nConnection: close";
    out += "\r\n\r\n";
    if (!response.headOnly)
        out += response.body;
    c.socket->write(out);
}

void HttpWorker::deliver(quint64 connection, quint64 serial, HttpResponse response)
{
    --inFlight;
    HttpConnection* c = m_connections.value(connection);
    if (!c || c->state != HttpConnection::State::Handling || c->serial != serial)
        return; // the client went away meanwhile
    if (m_draining)
        response.close = true;
    write(*c, response);
    if (response.close) {
        c->state = HttpConnection::State::Closing;
        c->in.clear();
        c->deadline = steadyMs() + 2000;
        c->deadlineStatus = 0;
        c->socket->disconnectFromHost();
        return;
    }
    c->state = HttpConnection::State::Headers;
    c->deadlineStatus = 0;
    if (!c->inHandler)
        process(*c);
}

void HttpWorker::remove(quint64 id)
{
    HttpConnection* c = m_connections.take(id);
    if (!c)
        return;
    --connectionCount;
    c->socket->disconnect(this);
    c->socket->deleteLater();
    delete c;
}

void HttpWorker::sweep()
{
    const qint64 now = steadyMs();
    std::vector<quint64> expired;
    for (HttpConnection* c : std::as_const(m_connections)) {
        if (c->deadline != 0 && now >= c->deadline)
            expired.push_back(c->id);
    }
    for (quint64 id : expired) {
        HttpConnection* c = m_connections.value(id);
        if (!c)
            continue;
        if (c->deadlineStatus == 408
            && (c->state == HttpConnection::State::Headers || c->state == HttpConnection::State::Body)) {
            refuse(*c, { 408, "request_timeout", QStringLiteral("the request was not received in time") });
            continue;
        }
        c->socket->abort();
        remove(id);
    }
}

void HttpWorker::drain()
{
    m_draining = true;
    std::vector<quint64> idle;
    for (HttpConnection* c : std::as_const(m_connections)) {
        if (c->state == HttpConnection::State::Headers && c->in.isEmpty())
            idle.push_back(c->id);
    }
    for (quint64 id : idle) {
        if (HttpConnection* c = m_connections.value(id)) {
            c->state = HttpConnection::State::Closing;
            c->socket->disconnectFromHost();
        }
    }
}

void HttpWorker::closeAll()
{
    const auto ids = m_connections.keys();
    for (quint64 id : ids) {
        if (HttpConnection* c = m_connections.value(id)) {
            c->socket->abort();
            remove(id);
        }
    }
    delete m_sweep;
    m_sweep = nullptr;
}

class HttpServer::Listener final : public QTcpServer
{
public:
    explicit Listener(HttpServer& server)
        : m_server(server)
    { }

protected:
    void incomingConnection(qintptr descriptor) override { m_server.dispatch(descriptor); }

private:
    HttpServer& m_server;
};

HttpServer::HttpServer(HttpHandler& handler, HttpLimits limits, int threads, QObject* parent)
    : QObject(parent)
    , m_handler(handler)
    , m_limits(limits)
{
    threads = std::clamp(threads, 1, 64);
    for (int i = 0; i < threads; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("http-%1").arg(i));
        auto* worker = new HttpWorker(*this);
        worker->moveToThread(thread.get());
        connect(thread.get(), &QThread::started, worker, [worker] { worker->startTimers(); });
        thread->start();
        m_workers.push_back(worker);
        m_threads.push_back(std::move(thread));
    }
}

HttpServer::~HttpServer()
{
    stop();
}

void HttpServer::setTlsConfiguration(const QSslConfiguration& configuration)
{
    m_tls = configuration;
}

Result<quint16> HttpServer::listen(const QHostAddress& address, quint16 port)
{
    m_listener = std::make_unique<Listener>(*this);
    m_listener->setMaxPendingConnections(1024);
    if (!m_listener->listen(address, port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(address.toString())
                        .arg(port)
                        .arg(m_listener->errorString()));
    return m_listener->serverPort();
}

void HttpServer::dispatch(qintptr descriptor)
{
    // The least busy thread (round robin among equals).
    HttpWorker* best = nullptr;
    int total = 0;
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        HttpWorker* w = m_workers[(m_next + i) % m_workers.size()];
        const int n = w->connectionCount.load();
        total += n;
        if (!best || n < best->connectionCount.load())
            best = w;
    }
    m_next = (m_next + 1) % m_workers.size();
    const bool over = total >= m_limits.maxConnections;
    QMetaObject::invokeMethod(
        best, [best, descriptor, over] { best->adopt(descriptor, over); }, Qt::QueuedConnection);
}

void HttpServer::stopAccepting()
{
    if (m_listener)
        m_listener->close();
}

void HttpServer::drain()
{
    for (HttpWorker* w : m_workers)
        QMetaObject::invokeMethod(
            w, [w] { w->drain(); }, Qt::QueuedConnection);
}

void HttpServer::stop()
{
    stopAccepting();
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        HttpWorker* w = m_workers[i];
        QMetaObject::invokeMethod(
            w, [w] { w->closeAll(); }, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete w;
    }
    m_workers.clear();
    m_threads.clear();
}

int HttpServer::inFlight() const
{
    int n = 0;
    for (HttpWorker* w : m_workers)
        n += w->inFlight.load();
    return n;
}

int HttpServer::connections() const
{
    int n = 0;
    for (HttpWorker* w : m_workers)
        n += w->connectionCount.load();
    return n;
}

} // namespace orch::api
