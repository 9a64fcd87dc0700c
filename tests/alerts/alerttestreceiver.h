#pragma once

// A loopback HTTP/1.1 receiver for the alert tests: real sockets, scripted answers (2xx, 4xx, 5xx,
// 429 with Retry-After, a connection closed without an answer, a request held unanswered).

#include <functional>

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <nlohmann/json.hpp>

enum class ReceiverKind
{
    Respond,
    Hang, // keep the connection open and never answer (until releaseHeld / closeHeld)
    Close, // close the connection without an answer
};
struct ReceiverAction
{
    ReceiverKind kind = ReceiverKind::Respond;
    int status = 202;
    QByteArray body = QByteArrayLiteral("{\"status\":\"success\",\"message\":\"Event processed\"}");
    QList<QPair<QByteArray, QByteArray>> headers;
    int delayMs = 0;
};

class TestReceiver final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        int index = 0;
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
        qint64 receivedAt = 0; // wall-clock ms
        int answered = 0; // HTTP status written; 0: none (held, closed)

        // "pagerduty" or "slack", from the path.
        QString channel() const
        {
            return path.startsWith("/v2/enqueue") ? QStringLiteral("pagerduty") : QStringLiteral("slack");
        }
        nlohmann::json json() const
        {
            return nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
        }
        // "channel|action|dedup key": what this request delivers.
        QString identity() const
        {
            const nlohmann::json j = json();
            if (channel() == u"pagerduty")
                return QStringLiteral("pagerduty|%1|%2")
                    .arg(QString::fromStdString(j.value("event_action", std::string())),
                         QString::fromStdString(j.value("dedup_key", std::string())));
            const QString text = QString::fromStdString(j.value("text", std::string()));
            static const QRegularExpression key(QStringLiteral("key `([^`]*)`"));
            const auto m = key.match(text);
            const QString action = text.contains(QStringLiteral("*RESOLVED*")) ? QStringLiteral("resolve")
                                                                               : QStringLiteral("trigger");
            return QStringLiteral("slack|%1|%2").arg(action, m.captured(1));
        }
        bool accepted() const { return answered >= 200 && answered < 300; }
    };

    using Kind = ReceiverKind;
    using Action = ReceiverAction;
    static Action respond(int status, QByteArray body = {}, QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        Action a;
        a.status = status;
        // Without a body given, an error answer has none.
        if (!body.isNull() || status >= 300)
            a.body = body;
        a.headers = std::move(headers);
        return a;
    }
    static Action hang()
    {
        Action a;
        a.kind = Kind::Hang;
        return a;
    }
    static Action close()
    {
        Action a;
        a.kind = Kind::Close;
        return a;
    }

    using Script = std::function<Action(const Request&)>;

    explicit TestReceiver(QObject* parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &TestReceiver::onNewConnection);
    }

    ~TestReceiver() override
    {
        for (const QPointer<QTcpSocket>& socket : std::as_const(m_sockets)) {
            if (socket) {
                socket->disconnect(this);
                socket->abort();
            }
        }
    }

    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString& path) const
    {
        QUrl u;
        u.setScheme(QStringLiteral("http"));
        u.setHost(QStringLiteral("127.0.0.1"));
        u.setPort(port());
        u.setPath(path);
        return u;
    }
    void setScript(Script script) { m_script = std::move(script); }

    const QList<Request>& requests() const { return m_requests; }
    QList<Request> accepted() const
    {
        QList<Request> out;
        for (const Request& r : m_requests) {
            if (r.accepted())
                out << r;
        }
        return out;
    }
    // identity -> number of 2xx answers
    QHash<QString, int> acceptedCounts() const
    {
        QHash<QString, int> out;
        for (const Request& r : m_requests) {
            if (r.accepted())
                ++out[r.identity()];
        }
        return out;
    }
    int heldCount() const { return int(m_held.size()); }
    // Answers every held request.
    void releaseHeld(const Action& action = Action())
    {
        const auto held = std::exchange(m_held, {});
        for (const auto& [socket, index] : held) {
            if (socket)
                answer(socket, index, action);
        }
    }
    void closeHeld()
    {
        const auto held = std::exchange(m_held, {});
        for (const auto& [socket, index] : held) {
            if (socket)
                socket->abort();
        }
    }

Q_SIGNALS:
    void requestReceived(int index);

private:
    void onNewConnection()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            m_sockets << socket;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                m_sockets.removeOne(socket);
                socket->deleteLater();
            });
        }
    }

    void onReadyRead(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            Request request;
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer.size() < end + 4 + length)
                return;
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            request.index = int(m_requests.size());
            request.receivedAt = QDateTime::currentMSecsSinceEpoch();
            m_requests << request;
            const Action action = m_script ? m_script(request) : Action();
            Q_EMIT requestReceived(request.index);
            switch (action.kind) {
            case Kind::Respond:
                if (action.delayMs > 0) {
                    QPointer<QTcpSocket> guard(socket);
                    const int index = request.index;
                    QTimer::singleShot(action.delayMs, this, [this, guard, index, action] {
                        if (guard)
                            answer(guard, index, action);
                    });
                } else {
                    answer(socket, request.index, action);
                }
                break;
            case Kind::Hang:
                m_held.push_back({ QPointer<QTcpSocket>(socket), request.index });
                break;
            case Kind::Close:
                socket->abort();
                return;
            }
        }
    }

    void answer(QTcpSocket* socket, int index, const Action& action)
    {
        QByteArray response = "HTTP/1.1 " + QByteArray::number(action.status) + " Status\r\n";
        response += "Content-Type: application/json\r\n";
        response += "Content-Length: " + QByteArray::number(action.body.size()) + "\r\n";
        for (const auto& [name, value] : action.headers)
            response += name + ": " + value + "\r\n";
        response += "\r\n" + action.body;
        m_requests[index].answered = action.status;
        socket->write(response);
        socket->flush();
    }

    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    Script m_script;
    QList<Request> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    std::vector<std::pair<QPointer<QTcpSocket>, int>> m_held;
};
