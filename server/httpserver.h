#pragma once

#include "requestdurations.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>

#include <functional>
#include <memory>

namespace optrack {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

/// One answer to one request; may be written later (after a commit). Copies share the
/// responder. Writing after the client went away does nothing.
class HttpReply
{
public:
    HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket);

    bool isOpen() const;
    bool isSent() const { return m_state->sent; }
    void send(int status, const QByteArray &body, const QByteArray &contentType,
              const HttpHeaders &headers = {});
    void sendJson(int status, const QJsonObject &body, const HttpHeaders &headers = {});
    void sendEmpty(int status, const HttpHeaders &headers = {});
    /// Streams a file (read in chunks by Qt); false when it cannot be opened.
    bool sendFile(const QString &path, const QByteArray &contentType,
                  const QByteArray &contentDisposition);
    /// Called with the status once the answer is written (request metrics).
    void setSentHook(std::function<void(int status)> hook) { m_state->sentHook = std::move(hook); }

private:
    struct State
    {
        QHttpServerResponder responder;
        QPointer<QTcpSocket> socket;
        bool sent = false;
        std::function<void(int)> sentHook;
    };

    bool begin(int status);
    std::shared_ptr<State> m_state;
};

/// The thin adapter over Qt's HTTP server (its API changes in 6.5 and 6.8): routes by
/// method and path pattern, refuses bodies over a limit, and lets WebSocket upgrades on
/// one path through after a check.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Method = QHttpServerRequest::Method;
    /// captures: the pattern's capture groups, in order.
    using Handler = std::function<void(const QHttpServerRequest &request, HttpReply reply,
                                       const QStringList &captures)>;
    using UpgradeFilter = std::function<bool(const QHttpServerRequest &request)>;

    explicit HttpServer(QObject *parent = nullptr);

    /// maxBodyBytes: this route's limit (-1: the server's).
    void route(Method method, const QString &pattern, Handler handler, qint64 maxBodyBytes = -1);
    void setNotFoundHandler(Handler handler) { m_notFound = std::move(handler); }
    /// Runs before routing; returns false when it has answered (401 before 404/405/413).
    using Guard = std::function<bool(const QHttpServerRequest &request, HttpReply &reply)>;
    void setGuard(Guard guard) { m_guard = std::move(guard); }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    void setTooLargeHandler(Handler handler) { m_tooLarge = std::move(handler); }
    /// allow decides whether an upgrade on path may go on; deny answers one that may not.
    void setWebSocketPath(const QString &path, UpgradeFilter allow, Handler deny);
    /// Stops accepting connections (the sockets already open stay).
    void stopListening();

    static QString methodName(Method method);

    /// Requests answered, by route pattern and status ("GET /api/operations/{id}", 200).
    const QHash<QPair<QString, int>, qint64> &requestCounts() const { return m_requestCounts; }
    /// How long the answers took, by route pattern.
    const RequestDurations &requestDurations() const { return m_requestDurations; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        Method method;
        QRegularExpression pattern;
        Handler handler;
        qint64 maxBodyBytes;
        QString label;
    };

    /// Counts and times the answer under label once it is written, and logs it in the
    /// optrack.access category.
    void countOn(HttpReply &reply, const QString &label, const QHttpServerRequest &request,
                 const QElapsedTimer &received);

    static bool isUpgrade(const QHttpServerRequest &request);

    QList<Route> m_routes;
    Handler m_notFound;
    Guard m_guard;
    Handler m_tooLarge;
    qint64 m_maxBodyBytes = 1024 * 1024;
    QString m_webSocketPath;
    UpgradeFilter m_allowUpgrade;
    Handler m_denyUpgrade;
    QHash<QPair<QString, int>, qint64> m_requestCounts;
    RequestDurations m_requestDurations;
};

} // namespace optrack
