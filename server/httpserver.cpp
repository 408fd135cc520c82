#include "httpserver.h"

#include <QJsonDocument>
#include <QTcpServer>
#include <QUrl>

namespace optrack {

using namespace Qt::StringLiterals;

HttpReply::HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_state(std::make_shared<State>(State{std::move(responder), socket}))
{ }

bool HttpReply::isOpen() const
{
    return !m_state->sent && m_state->socket
            && m_state->socket->state() == QAbstractSocket::ConnectedState;
}

void HttpReply::send(int status, const QByteArray &body, const QByteArray &contentType,
                     const HttpHeaders &headers)
{
    // Qt 6.4 crashes writing to a responder whose client is gone: check first.
    if (!isOpen())
        return;
    m_state->sent = true;
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

void HttpReply::sendEmpty(int status, const HttpHeaders &headers)
{
    if (!isOpen())
        return;
    m_state->sent = true;
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

void HttpServer::route(Method method, const QString &pattern, Handler handler)
{
    m_routes.append(
            {method, QRegularExpression(u"\\A"_s + pattern + u"\\z"_s), std::move(handler)});
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
    const QString path = request.url().path();
    if (isUpgrade(request)) {
        // Returning true without writing lets Qt hand the socket to its WebSocket server;
        // false makes Qt call missingHandler(), which answers the refusal.
        return path == m_webSocketPath && m_allowUpgrade && m_allowUpgrade(request);
    }

    HttpReply reply(makeResponder(request, socket), socket);
    if (request.body().size() > m_maxBodyBytes
        || request.value("content-length").toLongLong() > m_maxBodyBytes) {
        m_tooLarge(request, reply, {});
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
        QStringList captures = match.capturedTexts();
        captures.removeFirst();
        for (QString &capture : captures)
            capture = QUrl::fromPercentEncoding(capture.toUtf8());
        route.handler(request, reply, captures);
        return true;
    }
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
