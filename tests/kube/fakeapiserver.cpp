#include "fakeapiserver.h"

#include <QHostAddress>
#include <QSslSocket>

FakeApiServer::FakeApiServer(const QSslCertificate& certificate, const QSslKey& key, QString collectionPath,
                             QString name, QObject* parent)
    : QTcpServer(parent)
    , m_certificate(certificate)
    , m_key(key)
    , m_collectionPath(std::move(collectionPath))
    , m_name(std::move(name))
{ }

FakeApiServer::~FakeApiServer()
{
    close();
}

bool FakeApiServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl FakeApiServer::url() const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(serverPort()));
}

QString FakeApiServer::resourceVersion() const
{
    return QString::number(m_resourceVersion);
}

void FakeApiServer::bumpResourceVersion()
{
    ++m_resourceVersion;
    if (object.is_object())
        object["metadata"]["resourceVersion"] = std::to_string(m_resourceVersion);
}

void FakeApiServer::create(const nlohmann::json& spec)
{
    object = { { "apiVersion", "orchestrator.dealershipai.com/v1" },
               { "kind", "AutonomicOrchestrator" },
               { "metadata",
                 { { "name", m_name.toStdString() },
                   { "namespace", "dealershipai" },
                   { "uid", "0b7f6a1e-1111-4c3b-9d7e-000000000001" },
                   { "generation", 1 } } },
               { "spec", spec } };
    bumpResourceVersion();
}

void FakeApiServer::setSpec(const nlohmann::json& spec, bool notify)
{
    object["spec"] = spec;
    object["metadata"]["generation"] = object["metadata"]["generation"].get<qint64>() + 1;
    bumpResourceVersion();
    if (notify)
        sendEvent("MODIFIED", object);
}

void FakeApiServer::sendEvent(const QByteArray& type, const nlohmann::json& obj)
{
    const nlohmann::json event = { { "type", type.toStdString() }, { "object", obj } };
    const QByteArray line = QByteArray::fromStdString(event.dump());
    if (type != "ERROR" && type != "BOOKMARK")
        m_history.append({ m_resourceVersion, line });
    sendLine(line);
}

void FakeApiServer::sendBookmark()
{
    ++m_resourceVersion;
    if (object.is_object())
        object["metadata"]["resourceVersion"] = std::to_string(m_resourceVersion);
    sendEvent("BOOKMARK",
              { { "kind", "AutonomicOrchestrator" },
                { "metadata", { { "resourceVersion", std::to_string(m_resourceVersion) } } } });
}

void FakeApiServer::compact()
{
    m_compactedTo = m_resourceVersion;
    m_history.clear();
}

void FakeApiServer::dropWatches()
{
    const auto watches = m_watches;
    m_watches.clear();
    for (QSslSocket* s : watches)
        s->abort();
}

void FakeApiServer::sendLine(const QByteArray& line)
{
    for (QSslSocket* s : std::as_const(m_watches))
        writeChunk(s, line + '\n');
}

void FakeApiServer::endWatches()
{
    const auto watches = m_watches;
    m_watches.clear();
    for (QSslSocket* s : watches) {
        s->write("0\r\n\r\n");
        s->flush();
    }
}

QList<FakeApiServer::Request> FakeApiServer::requestsOf(const QByteArray& method, const QString& path) const
{
    QList<Request> out;
    for (const Request& r : requests) {
        if (r.method == method && r.path == path)
            out << r;
    }
    return out;
}

QList<FakeApiServer::Request> FakeApiServer::watchRequests() const
{
    QList<Request> out;
    for (const Request& r : requests) {
        if (r.method == "GET" && r.query.queryItemValue(QStringLiteral("watch")) == QStringLiteral("true"))
            out << r;
    }
    return out;
}

void FakeApiServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setLocalCertificate(m_certificate);
    socket->setPrivateKey(m_key);
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] {
        m_watches.remove(socket);
        m_buffers.remove(socket);
        socket->deleteLater();
    });
    // A client that refuses our certificate aborts the handshake: just drop the socket.
    connect(socket, &QSslSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError) { m_watches.remove(socket); });
    m_buffers.insert(socket, {});
    socket->startServerEncryption();
}

void FakeApiServer::onReadyRead(QSslSocket* socket)
{
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    while (true) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        const QUrl target(QString::fromLatin1(requestLine.value(1)));
        request.path = target.path();
        request.query = QUrlQuery(target.query(QUrl::FullyEncoded));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        requests << request;
        handle(socket, request);
    }
}

void FakeApiServer::respond(QSslSocket* socket, int status, const nlohmann::json& body)
{
    const QByteArray payload = QByteArray::fromStdString(body.dump());
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + QByteArray::number(payload.size()) + "\r\n\r\n";
    socket->write(head + payload);
}

void FakeApiServer::respondStatus(QSslSocket* socket, int code, const QByteArray& reason,
                                  const QString& message)
{
    respond(socket, code,
            { { "kind", "Status" },
              { "apiVersion", "v1" },
              { "status", "Failure" },
              { "message", message.toStdString() },
              { "reason", reason.toStdString() },
              { "code", code } });
}

void FakeApiServer::writeChunk(QSslSocket* socket, const QByteArray& data)
{
    socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    socket->flush();
}

void FakeApiServer::handle(QSslSocket* socket, const Request& request)
{
    if (request.headers.value("authorization") != "Bearer " + token) {
        respondStatus(socket, 401, "Unauthorized", QStringLiteral("Unauthorized"));
        return;
    }
    const QString instancePath = m_collectionPath + u'/' + m_name;
    if (request.method == "GET" && request.path == instancePath) {
        if (object.is_null())
            respondStatus(socket, 404, "NotFound",
                          QStringLiteral("autonomicorchestrators \"%1\" not found").arg(m_name));
        else
            respond(socket, 200, object);
        return;
    }
    if (request.method == "GET" && request.path == m_collectionPath
        && request.query.queryItemValue(QStringLiteral("watch")) == QStringLiteral("true")) {
        const QString selector
            = request.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded);
        if (selector != QStringLiteral("metadata.name=") + m_name) {
            respondStatus(socket, 400, "BadRequest", QStringLiteral("unexpected fieldSelector ") + selector);
            return;
        }
        const QString rv = request.query.queryItemValue(QStringLiteral("resourceVersion"));
        if (!rv.isEmpty() && rv.toLongLong() < m_compactedTo) {
            respondStatus(socket, 410, "Expired", QStringLiteral("too old resource version: %1").arg(rv));
            return;
        }
        socket->write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        socket->flush();
        m_watches.insert(socket);
        if (rv.isEmpty() && object.is_object()) { // "from now": the current state first
            writeChunk(
                socket,
                QByteArray::fromStdString(nlohmann::json { { "type", "ADDED" }, { "object", object } }.dump())
                    + '\n');
        } else {
            for (const auto& [version, line] : std::as_const(m_history)) { // what happened since
                if (version > rv.toLongLong())
                    writeChunk(socket, line + '\n');
            }
        }
        return;
    }
    if (request.method == "PATCH" && request.path == instancePath + QStringLiteral("/status")) {
        if (request.headers.value("content-type") != "application/merge-patch+json") {
            respondStatus(socket, 415, "UnsupportedMediaType",
                          QStringLiteral("the body of the request was in an unknown format"));
            return;
        }
        if (object.is_null()) {
            respondStatus(socket, 404, "NotFound", QStringLiteral("not found"));
            return;
        }
        nlohmann::json patch;
        try {
            patch = nlohmann::json::parse(request.body.toStdString());
        } catch (const std::exception& e) {
            respondStatus(socket, 400, "BadRequest", QString::fromUtf8(e.what()));
            return;
        }
        // The status subresource only changes the status.
        nlohmann::json status = object.value("status", nlohmann::json::object());
        if (patch.contains("status"))
            status.merge_patch(patch["status"]);
        object["status"] = status;
        bumpResourceVersion();
        respond(socket, 200, object);
        sendEvent("MODIFIED", object);
        return;
    }
    respondStatus(socket, 404, "NotFound", QStringLiteral("no route for ") + request.path);
}
