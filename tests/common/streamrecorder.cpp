#include "streamrecorder.h"

#include "optrackdprocess.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <algorithm>

namespace optrack::testing {

using namespace Qt::StringLiterals;

StreamRecorder::StreamRecorder(const OptrackdProcess *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_connected = true;
        m_everConnected = true;
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_connected = false;
        m_disconnected = true;
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &StreamRecorder::handleTextMessage);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &StreamRecorder::handleError);
}

void StreamRecorder::open(const QString &user, qint64 since, TokenPlacement placement)
{
    QUrl url = m_baseUrl.isEmpty() ? m_server->baseUrl() : m_baseUrl;
    url.setScheme(u"ws"_s);
    url.setPath(u"/api/stream"_s);
    QUrlQuery query;
    if (since >= 0)
        query.addQueryItem(u"since"_s, QString::number(since));
    if (placement == TokenPlacement::QueryParameter)
        query.addQueryItem(u"access_token"_s, m_server->token(user));
    url.setQuery(query);
    QNetworkRequest request(url);
    if (placement == TokenPlacement::AuthorizationHeader)
        request.setRawHeader("Authorization"_ba, "Bearer "_ba + m_server->token(user).toUtf8());
    m_socket.open(request);
}

void StreamRecorder::close()
{
    m_socket.close();
}

void StreamRecorder::handleTextMessage(const QString &message)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &error);
    const QJsonObject object = document.object();
    if (error.error != QJsonParseError::NoError || object.value(u"type"_s) != u"operation"_s
        || !object.value(u"operation"_s).isObject()) {
        m_otherMessages.append(message);
        return;
    }
    const QJsonObject operation = object.value(u"operation"_s).toObject();
    m_operations.append(operation);
    emit operationReceived(operation);
}

void StreamRecorder::handleError(QAbstractSocket::SocketError error)
{
    m_error = error;
}

QJsonObject StreamRecorder::latest(const QString &operationId) const
{
    for (auto it = m_operations.crbegin(); it != m_operations.crend(); ++it) {
        if (it->value(u"operationId"_s).toString() == operationId)
            return *it;
    }
    return {};
}

bool StreamRecorder::sawVersionAtLeast(const QString &operationId, qint64 version) const
{
    return std::any_of(m_operations.cbegin(), m_operations.cend(), [&](const QJsonObject &op) {
        return op.value(u"operationId"_s).toString() == operationId
                && op.value(u"version"_s).toInteger() >= version;
    });
}

bool StreamRecorder::sawOperation(const QString &operationId) const
{
    return !latest(operationId).isEmpty();
}

} // namespace optrack::testing
