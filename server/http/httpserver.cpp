#include "httpserver.h"

#include "httpconnection.h"
#include "httpstatus.h"
#include "websocketframeguard.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <unistd.h>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

const QString capturePattern = u"([^/]+)"_s;
constexpr int sweepIntervalMs = 250;
constexpr double nanosecondsPerSecond = 1e9;
constexpr double nanosecondsPerMillisecond = 1e6;

// The access log: one info line per answer. Off unless asked for (QT_LOGGING_RULES=
// "optrack.access.info=true"): a busy service would fill the journal with it.
Q_LOGGING_CATEGORY(lcAccess, "optrack.access", QtWarningMsg)

} // namespace

/// Takes each accepted descriptor straight to HttpServer::accept (no pending queue).
class HttpServer::Listener final : public QTcpServer
{
public:
    explicit Listener(HttpServer *server)
        : QTcpServer(server)
        , m_server(server)
    { }

protected:
    void incomingConnection(qintptr descriptor) override { m_server->accept(descriptor); }

private:
    HttpServer *m_server;
};

HttpServer::HttpServer(QObject *parent)
    : HttpServer(HttpLimits(), parent)
{ }

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_throttle(m_limits)
    , m_labels{u"guarded"_s, u"unrouted"_s, u"refused"_s, u"GET /api/stream"_s}
{
    m_clock.start();
    m_sweep.setInterval(sweepIntervalMs);
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweep);
}

HttpServer::~HttpServer()
{
    // Connections are children; their sockets too. Stop the sweep first.
    m_sweep.stop();
    const QList<HttpConnection *> connections = m_connections;
    m_connections.clear();
    qDeleteAll(connections);
}

void HttpServer::route(Method method, const QString &pattern, Handler handler, qint64 maxBodyBytes)
{
    Route route{method, {}, std::move(handler), maxBodyBytes};
    // The capture holds a '/' of its own: name it before splitting.
    QString label = pattern;
    label.replace(capturePattern, u"{id}"_s);
    const QStringList segments = label.split(u'/');
    Q_ASSERT(segments.size() > 1 && segments.first().isEmpty());
    for (qsizetype i = 1; i < segments.size(); ++i) {
        Q_ASSERT(segments.at(i) == u"{id}"_s || !segments.at(i).contains(u'('));
        route.segments.append(segments.at(i) == u"{id}"_s ? QByteArray() : segments.at(i).toUtf8());
    }
    m_routes.append(std::move(route));
    m_labels.append(methodName(method) + u' ' + label);
}

void HttpServer::setWebSocketPath(const QString &path, UpgradeFilter allow)
{
    m_webSocketPath = path.toUtf8();
    m_allowUpgrade = std::move(allow);
    if (!m_webSockets) {
        m_webSockets = new QWebSocketServer(u"optrackd"_s, QWebSocketServer::NonSecureMode, this);
        connect(m_webSockets, &QWebSocketServer::newConnection, this,
                &HttpServer::newWebSocketConnection);
    }
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_listener)
        m_listener = new Listener(this);
    m_listener->setListenBacklogSize(m_limits.listenBacklog);
    if (!m_listener->listen(address, port)) {
        m_errorString = m_listener->errorString();
        return false;
    }
    return true;
}

quint16 HttpServer::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void HttpServer::stopListening()
{
    if (m_listener)
        m_listener->close();
}

bool HttpServer::hasPendingWebSocketConnections() const
{
    return m_webSockets && m_webSockets->hasPendingConnections();
}

WebSocketPushSocket HttpServer::nextPendingWebSocketConnection()
{
    if (!m_webSockets)
        return {nullptr, nullptr};
    QWebSocket *socket = m_webSockets->nextPendingConnection();
    if (!socket)
        return {nullptr, nullptr};
    QTcpSocket *transport = nullptr;
    socket->setParent(nullptr);
    // The guard of this connection: the one whose peer it is (a connection's only identity
    // QWebSocket shows). The guards of connections that never completed are dropped here too.
    m_frameGuards.removeAll(nullptr);
    for (qsizetype i = 0; i < m_frameGuards.size(); ++i) {
        WebSocketFrameGuard *guard = m_frameGuards.at(i);
        if (guard->peerPort() == socket->peerPort()
            && guard->peerAddress() == socket->peerAddress()) {
            guard->adopted();
            transport = guard->socket();
            m_frameGuards.removeAt(i);
            break;
        }
    }
    socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.webSocketMaxMessageBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.webSocketMaxMessageBytes));
    return {std::unique_ptr<QWebSocket>(socket), transport};
}

QString HttpServer::methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return u"GET"_s;
    case Method::Head:
        return u"HEAD"_s;
    case Method::Post:
        return u"POST"_s;
    case Method::Put:
        return u"PUT"_s;
    case Method::Patch:
        return u"PATCH"_s;
    case Method::Delete:
        return u"DELETE"_s;
    case Method::Options:
        return u"OPTIONS"_s;
    case Method::Other:
        break;
    }
    return u"OTHER"_s;
}

QHash<QPair<QString, int>, qint64> HttpServer::requestCounts() const
{
    QHash<QPair<QString, int>, qint64> counts;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        counts.insert({m_labels.value(int(it.key() >> 16)), int(it.key() & 0xffff)}, it.value());
    return counts;
}

const QByteArray &HttpServer::date()
{
    const std::time_t second = std::time(nullptr);
    if (second != m_dateSecond) {
        m_dateSecond = second;
        m_date = QLocale::c()
                         .toString(QDateTime::fromSecsSinceEpoch(second, Qt::UTC),
                                   u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                         .toLatin1();
    }
    return m_date;
}

bool HttpServer::matches(const Route &route, QByteArrayView path, QStringList *captures)
{
    qsizetype at = 0; // at a '/'
    for (const QByteArray &segment : route.segments) {
        if (at >= path.size() || path.at(at) != '/')
            return false;
        qsizetype end = path.indexOf('/', at + 1);
        if (end < 0)
            end = path.size();
        const QByteArrayView part = path.sliced(at + 1, end - at - 1);
        if (segment.isEmpty()) {
            if (part.isEmpty())
                return false;
            if (captures)
                captures->append(QUrl::fromPercentEncoding(part.toByteArray()));
        } else if (part != segment) {
            return false;
        }
        at = end;
    }
    return at == path.size();
}

int HttpServer::match(const HttpRequest &request, QStringList *captures, bool *pathKnown) const
{
    captures->clear();
    *pathKnown = false;
    const QByteArrayView path = request.rawPath();
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const Route &route = m_routes.at(i);
        if (!matches(route, path, nullptr))
            continue;
        *pathKnown = true;
        if (route.method != request.method())
            continue;
        matches(route, path, captures);
        return int(i);
    }
    return -1;
}

qint64 HttpServer::bodyLimit(int route) const
{
    if (route >= 0 && m_routes.at(route).maxBodyBytes >= 0)
        return m_routes.at(route).maxBodyBytes;
    return m_maxBodyBytes;
}

bool HttpServer::guard(HttpConnection *connection, const HttpRequest &request, HttpReply reply)
{
    if (!m_guard)
        return true;
    connection->setLabel(GuardedLabel);
    return m_guard(request, reply);
}

void HttpServer::tooLarge(HttpConnection *connection, int route, const HttpRequest &request,
                          HttpReply reply)
{
    connection->setLabel(route >= 0 ? FirstRouteLabel + route : int(UnroutedLabel));
    const QString limit = QString::number(bodyLimit(route));
    if (m_tooLarge) {
        m_tooLarge(request, reply, {limit});
        return;
    }
    reply.send(
            413,
            httpstatus::errorBody(
                    413, u"The body is larger than the %1 bytes this route accepts."_s.arg(limit)),
            "application/json");
}

bool HttpServer::upgrade(HttpConnection *connection, const HttpRequest &request, HttpReply reply)
{
    connection->setLabel(StreamLabel);
    if (m_webSocketPath.isEmpty() || request.rawPath() != m_webSocketPath
        || request.method() != Method::Get) {
        connection->setLabel(UnroutedLabel);
        if (m_notFound)
            m_notFound(request, reply, {u"path"_s});
        return false;
    }
    return m_allowUpgrade && m_allowUpgrade(request, reply);
}

void HttpServer::dispatch(HttpConnection *connection, const HttpRequest &request, HttpReply reply,
                          int route, const QStringList &captures, bool pathKnown, bool guarded)
{
    if (!guarded && !guard(connection, request, reply))
        return;
    if (route >= 0) {
        connection->setLabel(FirstRouteLabel + route);
        if (m_forwarder && m_forwarder(request, reply))
            return;
        m_routes.at(route).handler(request, reply, captures);
        return;
    }
    connection->setLabel(UnroutedLabel);
    if (m_notFound)
        m_notFound(request, reply, {pathKnown ? u"method"_s : u"path"_s});
    else
        reply.send(404, httpstatus::errorBody(404, u"There is no such route."_s),
                   "application/json");
}

void HttpServer::adoptWebSocket(QTcpSocket *socket, qsizetype headLength)
{
    // The guard's reader must come before QtWebSockets's: it is connected first.
    m_frameGuards.append(new WebSocketFrameGuard(socket, headLength));
    // The head is still unread in the socket: QtWebSockets reads the handshake from there,
    // and deletes the socket once it disconnects.
    m_webSockets->handleConnection(socket);
}

void HttpServer::count(int label, int status)
{
    ++m_counts[quint32(label) << 16 | quint32(status)];
}

void HttpServer::answered(int label, int status, const HttpRequest &request, qint64 nanoseconds)
{
    count(label, status);
    m_durations.observe(label, double(nanoseconds) / nanosecondsPerSecond);
    // Only the path: a query may carry what a log should not keep (an access_token). It stays
    // percent-encoded as sent, so a decoded line break cannot forge a line of the log.
    if (lcAccess().isInfoEnabled()) {
        qCInfo(lcAccess).noquote()
                << request.peerAddress().toString() << QString::fromLatin1(request.methodName())
                << QString::fromLatin1(request.rawPath()) << status
                << QString::number(double(nanoseconds) / nanosecondsPerMillisecond, 'f', 1)
                        + u" ms"_s;
    }
}

void HttpServer::removeConnection(HttpConnection *connection)
{
    m_connections.removeOne(connection);
    if (m_connections.isEmpty())
        m_sweep.stop();
}

void HttpServer::accept(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(int(descriptor));
        delete socket;
        return;
    }
    // Answers and pushes are small writes that should leave at once: with Nagle's
    // algorithm a second small write waits for the peer's delayed ACK (up to 40 ms).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const qint64 time = now();
    bool refuse = false;
    if (m_connections.size() >= m_limits.maxConnections) {
        // Make room by closing the connection that has waited longest without a request in
        // flight (a slowloris head, an idle keep-alive); refuse when every one is busy.
        HttpConnection *oldest = nullptr;
        for (HttpConnection *connection : std::as_const(m_connections)) {
            if (connection->isEvictable()
                && (!oldest || connection->phaseSince() < oldest->phaseSince()))
                oldest = connection;
        }
        if (oldest)
            oldest->abort();
        else
            refuse = true;
    }
    auto *connection = new HttpConnection(this, socket, time);
    m_connections.append(connection);
    if (!m_sweep.isActive())
        m_sweep.start();
    if (refuse)
        connection->refuse(503, u"The service has too many connections open; try again."_s);
}

void HttpServer::sweep()
{
    const qint64 time = now();
    // checkDeadline() may close (and remove) connections: walk a snapshot.
    const QList<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->checkDeadline(time);
}

} // namespace optrack
