#include "streamhub.h"

#include "operationcodec.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <QWebSocketProtocol>

#include <limits>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStream, "optrack.stream")

namespace {

constexpr int replayLimit = std::numeric_limits<int>::max();

/// QAbstractHttpServer wants a QHttpServerRequest to authenticate; the WebSocket has the
/// handshake's headers and URL, so the token is read from there in the same way.
QByteArray bearerToken(const QWebSocket &socket)
{
    const QByteArray header = socket.request().rawHeader("Authorization").trimmed();
    if (header.size() > 7 && header.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return header.mid(7).trimmed();
    return QUrlQuery(socket.requestUrl())
            .queryItemValue(u"access_token"_s, QUrl::FullyDecoded)
            .toUtf8();
}

} // namespace

StreamHub::StreamHub(HttpServer *http, ApiServer *api, OperationRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_api(api)
    , m_registry(registry)
{
    m_http->setWebSocketPath(
            u"/api/stream"_s,
            [this](const QHttpServerRequest &request) {
                return m_api->authenticate(request, true) != nullptr;
            },
            [](const QHttpServerRequest &request, HttpReply reply, const QStringList &) {
                const bool hasToken = !request.value("authorization").isEmpty()
                        || request.query().hasQueryItem(u"access_token"_s);
                reply.sendJson(401,
                               ApiError::unauthorized(
                                       hasToken ? u"The token is not known to this service."_s
                                                : u"Send an Authorization: Bearer <token> header "
                                                  "or an access_token query parameter."_s)
                                       .toJson());
            });
    connect(m_http, &QAbstractHttpServer::newWebSocketConnection, this,
            &StreamHub::handleNewConnection);
    connect(m_registry, &OperationRegistry::published, this, &StreamHub::handlePublished);
}

StreamHub::~StreamHub()
{
    closeAll();
}

void StreamHub::closeAll()
{
    for (const auto &client : m_clients) {
        client->socket->disconnect(this);
        client->socket->close(QWebSocketProtocol::CloseCodeGoingAway,
                              u"The service is stopping."_s);
    }
    m_clients.clear();
}

QString StreamHub::message(const Operation &op)
{
    const QJsonObject json{{u"type"_s, u"operation"_s}, {u"operation"_s, codec::toJson(op)}};
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

void StreamHub::handleNewConnection()
{
    while (m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        if (!socket)
            continue;
        // The upgrade was let through only with a valid token; read it again for the identity.
        const UserAccount *user = m_api->userForToken(bearerToken(*socket));
        if (!user) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"Unknown token."_s);
            continue;
        }
        auto client = std::make_unique<Client>(Client{std::move(socket), *user});
        QWebSocket *raw = client->socket.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] { handleDisconnected(raw); });

        const QUrlQuery query(raw->requestUrl());
        bool hasSince = false;
        const qint64 since = query.queryItemValue(u"since"_s).toLongLong(&hasSince);
        if (query.hasQueryItem(u"since"_s) && (!hasSince || since < 0)) {
            QWebSocket *refused = client->socket.release();
            refused->disconnect(this);
            connect(refused, &QWebSocket::disconnected, refused, &QObject::deleteLater);
            refused->close(QWebSocketProtocol::CloseCodePolicyViolated,
                           u"since must be a version: a whole number of 0 or more."_s);
            continue;
        }
        qint64 cursor = m_registry->reads().headVersion();
        if (hasSince) {
            for (const Operation &op :
                 m_registry->reads().changesSince(client->user, since, replayLimit, &cursor))
                raw->sendTextMessage(message(op));
        }
        // Tells the client where the replay ended: live pushes follow from here.
        const QJsonObject ready{{u"type"_s, u"ready"_s}, {u"cursor"_s, cursor}};
        raw->sendTextMessage(
                QString::fromUtf8(QJsonDocument(ready).toJson(QJsonDocument::Compact)));
        qCDebug(lcStream) << "stream client" << client->user.userId << "joined after" << since;
        m_clients.push_back(std::move(client));
    }
}

void StreamHub::handlePublished(const QList<Operation> &operations)
{
    if (m_clients.empty())
        return;
    for (const Operation &op : operations) {
        const QString text = message(op);
        for (const auto &client : m_clients) {
            if (ReadModel::canSee(client->user, op))
                client->socket->sendTextMessage(text);
        }
    }
}

void StreamHub::handleDisconnected(QWebSocket *socket)
{
    const auto it = std::find_if(m_clients.begin(), m_clients.end(), [socket](const auto &client) {
        return client->socket.get() == socket;
    });
    if (it == m_clients.end())
        return;
    // Deleting a socket inside its own signal is not safe: hand it to the event loop.
    (*it)->socket.release()->deleteLater();
    m_clients.erase(it);
    qCDebug(lcStream) << "stream client left," << m_clients.size() << "remain";
}

} // namespace optrack
