#pragma once

#include "auththrottle.h"
#include "httplimits.h"
#include "httpreply.h"
#include "httprequest.h"
#include "requestdurations.h"
#include "websocketpushsocket.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <ctime>
#include <functional>
#include <memory>

class QHostAddress;
class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace optrack {

class HttpConnection;
class WebSocketFrameGuard;

/// optrackd's HTTP/1.1 server: listens, keeps the connections (HttpConnection parses with
/// Boost.Beast), routes by method and path, and hands WebSocket upgrades on one path to
/// QtWebSockets. Limits and timeouts come from HttpLimits; see docs/architecture.md.
class HttpServer final : public QObject
{
    Q_OBJECT

public:
    using Method = HttpMethod;
    /// captures: the pattern's capture groups, in order, percent-decoded.
    using Handler = std::function<void(const HttpRequest &request, HttpReply reply,
                                       const QStringList &captures)>;
    /// Runs before routing (and before a body is read); false when it has answered.
    using Guard = std::function<bool(const HttpRequest &request, HttpReply &reply)>;
    /// Runs after routing, once the body is read, before the route's handler: true when it
    /// has taken the request (another instance answers it).
    using Forwarder = std::function<bool(const HttpRequest &request, HttpReply &reply)>;
    /// Decides whether an upgrade may go on; false when it has answered (a refusal).
    using UpgradeFilter = std::function<bool(const HttpRequest &request, HttpReply &reply)>;

    explicit HttpServer(QObject *parent = nullptr);
    explicit HttpServer(const HttpLimits &limits, QObject *parent = nullptr);
    ~HttpServer() override;

    /// pattern: a path whose segments are literal or "([^/]+)" (one capture).
    /// maxBodyBytes: this route's limit (-1: the server's).
    void route(Method method, const QString &pattern, Handler handler, qint64 maxBodyBytes = -1);
    void setNotFoundHandler(Handler handler) { m_notFound = std::move(handler); }
    void setGuard(Guard guard) { m_guard = std::move(guard); }
    void setForwarder(Forwarder forwarder) { m_forwarder = std::move(forwarder); }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    /// Answers a body over the limit (captures: {limit}); the connection closes after it.
    void setTooLargeHandler(Handler handler) { m_tooLarge = std::move(handler); }
    void setWebSocketPath(const QString &path, UpgradeFilter allow);

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_errorString; }
    quint16 serverPort() const;
    /// Stops accepting connections (the ones already open stay).
    void stopListening();

    bool hasPendingWebSocketConnections() const;
    /// A WebSocket whose handshake completed, with the frame and message limits set, and its
    /// TCP connection for pushes (no socket when none is pending).
    WebSocketPushSocket nextPendingWebSocketConnection();

    static QString methodName(Method method);
    const HttpLimits &limits() const { return m_limits; }
    qsizetype connectionCount() const { return m_connections.size(); }
    /// Requests answered, by route ("GET /api/operations/{id}"; "guarded" for answers of
    /// the guard, "unrouted", "refused" for requests the HTTP layer refused) and status.
    QHash<QPair<QString, int>, qint64> requestCounts() const;
    /// How long the answers took, by route as in requestCounts(): the Prometheus histogram
    /// optrack_http_request_duration_seconds (HELP, TYPE and samples).
    QByteArray requestDurationsText() const { return m_durations.prometheusText(m_labels); }

signals:
    void newWebSocketConnection();

private:
    friend class HttpConnection;
    class Listener;
    struct Route
    {
        Method method;
        QList<QByteArray> segments; // an empty one is a capture
        Handler handler;
        qint64 maxBodyBytes;
    };
    enum Label { GuardedLabel, UnroutedLabel, RefusedLabel, StreamLabel, FirstRouteLabel };

    // For HttpConnection.
    qint64 now() const { return m_clock.elapsed(); }
    const QByteArray &date();
    AuthThrottle &throttle() { return m_throttle; }
    int match(const HttpRequest &request, QStringList *captures, bool *pathKnown) const;
    qint64 bodyLimit(int route) const;
    bool guard(HttpConnection *connection, const HttpRequest &request, HttpReply reply);
    void tooLarge(HttpConnection *connection, int route, const HttpRequest &request,
                  HttpReply reply);
    bool upgrade(HttpConnection *connection, const HttpRequest &request, HttpReply reply);
    void dispatch(HttpConnection *connection, const HttpRequest &request, HttpReply reply,
                  int route, const QStringList &captures, bool pathKnown, bool guarded);
    void adoptWebSocket(QTcpSocket *socket, qsizetype headLength);
    void count(int label, int status);
    /// An answer to `request` begins: counted and timed under its label, and logged in the
    /// optrack.access category when that is on.
    void answered(int label, int status, const HttpRequest &request, qint64 nanoseconds);
    void removeConnection(HttpConnection *connection);

    void accept(qintptr descriptor);
    void sweep();
    static bool matches(const Route &route, QByteArrayView path, QStringList *captures);

    HttpLimits m_limits;
    QElapsedTimer m_clock;
    AuthThrottle m_throttle;
    QList<Route> m_routes;
    QStringList m_labels;
    QHash<quint32, qint64> m_counts; // label << 16 | status
    RequestDurations m_durations;
    Handler m_notFound;
    Guard m_guard;
    Forwarder m_forwarder;
    Handler m_tooLarge;
    qint64 m_maxBodyBytes = 1024 * 1024;
    QByteArray m_webSocketPath;
    UpgradeFilter m_allowUpgrade;
    QList<HttpConnection *> m_connections;
    Listener *m_listener = nullptr;
    QWebSocketServer *m_webSockets = nullptr;
    QList<QPointer<WebSocketFrameGuard>> m_frameGuards; // upgrades not yet adopted
    QTimer m_sweep;
    QByteArray m_date;
    std::time_t m_dateSecond = 0;
    QString m_errorString;
};

} // namespace optrack
