#include "httpserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QUrl>

namespace optrack {

using namespace Qt::StringLiterals;

// The access log: one info line per answer. Off unless asked for (QT_LOGGING_RULES=
// "optrack.access.info=true"): a busy service would fill the journal with it.
Q_LOGGING_CATEGORY(lcAccess, "optrack.access", QtWarningMsg)

HttpReply::HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_state(std::make_shared<State>(State{std::move(responder), socket, false, {}}))
{ }

bool HttpReply::isOpen() const
{
    return !m_state->sent && m_state->socket
            && m_state->socket->state() == QAbstractSocket::ConnectedState;
}

bool HttpReply::begin(int status)
{
    // Qt 6.4 crashes writing to a responder whose client is gone: check first.
    if (!isOpen())
        return false;
    m_state->sent = true;
    if (m_state->sentHook)
        m_state->sentHook(status);
    return true;
}

void HttpReply::send(int status, const QByteArray &body, const QByteArray &contentType,
                     const HttpHeaders &headers)
{
    if (!begin(status))
        return;
    QHttpServerResponder &responder = m_state->responder;
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    if (!contentType.isEmpty())
        responder.writeHeader("Content-Type", contentType);
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    responder.writeBody(body);
}

void HttpReply::sendJson(int status, const QJsonObject &body, const HttpHeaders &headers)
{
    send(status, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", headers);
}

bool HttpReply::sendFile(const QString &path, const QByteArray &contentType,
                         const QByteArray &contentDisposition)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return false;
    if (!begin(200))
        return true;
    m_state->responder.write(file.release(),
                             {{"Content-Type", contentType},
                              {"Content-Disposition", contentDisposition},
                              {"Cache-Control", "no-store"}},
                             QHttpServerResponder::StatusCode::Ok);
    return true;
}

void HttpReply::sendEmpty(int status, const HttpHeaders &headers)
{
    if (!begin(status))
        return;
    QHttpServerResponder &responder = m_state->responder;
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    if (status != 304 && status != 204)
        responder.writeHeader("Content-Length", "0");
    responder.writeBody(QByteArray());
}

HttpServer::HttpServer(QObject *parent)
    : QAbstractHttpServer(parent)
{ }

void HttpServer::route(Method method, const QString &pattern, Handler handler, qint64 maxBodyBytes)
{
    static const QRegularExpression capture(u"\\([^)]*\\)"_s);
    QString label = pattern;
    label.replace(capture, u"{id}"_s);
    m_routes.append({method, QRegularExpression(u"\\A"_s + pattern + u"\\z"_s), std::move(handler),
                     maxBodyBytes, methodName(method) + u' ' + label});
}

void HttpServer::countOn(HttpReply &reply, const QString &label, const QHttpServerRequest &request,
                         const QElapsedTimer &received)
{
    // Only the path: a query may carry what a log should not keep. Built only when the
    // access log is on, so that the usual answer pays for nothing but its figures.
    QString accessLine;
    if (lcAccess().isInfoEnabled()) {
        accessLine = request.remoteAddress().toString() + u' ' + methodName(request.method()) + u' '
                + request.url().path();
    }
    reply.setSentHook([this, label, received, accessLine](int status) {
        const qint64 nanoseconds = received.nsecsElapsed();
        ++m_requestCounts[{label, status}];
        m_requestDurations.observe(label, double(nanoseconds) / 1e9);
        if (!accessLine.isEmpty()) {
            qCInfo(lcAccess).noquote()
                    << accessLine << status
                    << QString::number(double(nanoseconds) / 1e6, 'f', 1) + u" ms"_s;
        }
    });
}

void HttpServer::setWebSocketPath(const QString &path, UpgradeFilter allow, Handler deny)
{
    m_webSocketPath = path;
    m_allowUpgrade = std::move(allow);
    m_denyUpgrade = std::move(deny);
}

void HttpServer::stopListening()
{
    for (QTcpServer *server : servers())
        server->close();
}

QString HttpServer::methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return u"GET"_s;
    case Method::Put:
        return u"PUT"_s;
    case Method::Delete:
        return u"DELETE"_s;
    case Method::Post:
        return u"POST"_s;
    case Method::Head:
        return u"HEAD"_s;
    case Method::Options:
        return u"OPTIONS"_s;
    case Method::Patch:
        return u"PATCH"_s;
    default:
        return u"OTHER"_s;
    }
}

bool HttpServer::isUpgrade(const QHttpServerRequest &request)
{
    return request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Answers and pushes are small writes that should leave at once: with Nagle's
    // algorithm a second small write waits for the peer's delayed ACK (up to 40 ms).
    if (socket && socket->socketOption(QAbstractSocket::LowDelayOption).toInt() == 0)
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QElapsedTimer received;
    received.start();
    const QString path = request.url().path();
    if (isUpgrade(request)) {
        // Returning true without writing lets Qt hand the socket to its WebSocket server;
        // false makes Qt call missingHandler(), which answers the refusal.
        return path == m_webSocketPath && m_allowUpgrade && m_allowUpgrade(request);
    }

    HttpReply reply(makeResponder(request, socket), socket);
    if (m_guard) {
        countOn(reply, u"guarded"_s, request, received);
        if (!m_guard(request, reply))
            return true;
    }
    bool pathKnown = false;
    for (const Route &route : std::as_const(m_routes)) {
        const QRegularExpressionMatch match = route.pattern.match(path);
        if (!match.hasMatch())
            continue;
        pathKnown = true;
        if (route.method != request.method())
            continue;
        countOn(reply, route.label, request, received);
        const qint64 limit = route.maxBodyBytes >= 0 ? route.maxBodyBytes : m_maxBodyBytes;
        if (request.body().size() > limit || request.value("content-length").toLongLong() > limit) {
            m_tooLarge(request, reply, {QString::number(limit)});
            return true;
        }
        QStringList captures = match.capturedTexts();
        captures.removeFirst();
        for (QString &capture : captures)
            capture = QUrl::fromPercentEncoding(capture.toUtf8());
        route.handler(request, reply, captures);
        return true;
    }
    countOn(reply, u"unrouted"_s, request, received);
    m_notFound(request, reply, {pathKnown ? u"method"_s : u"path"_s});
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpReply reply(makeResponder(request, socket), socket);
    if (request.url().path() == m_webSocketPath && m_denyUpgrade)
        m_denyUpgrade(request, reply, {});
    else
        m_notFound(request, reply, {u"path"_s});
}

} // namespace optrack
