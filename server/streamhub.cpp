#include "streamhub.h"

#include "accessrules.h"
#include "operationcodec.h"
#include "requestquery.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <QWebSocketProtocol>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStream, "optrack.stream")

namespace {

/// The handshake's headers and URL, read the way ApiServer::authenticate() reads a request
/// (the parser refuses a repeated Authorization, so both see the same token).
QByteArray bearerToken(const QWebSocket &socket)
{
    const QByteArray header = socket.request().rawHeader("Authorization").trimmed();
    if (header.size() > 7 && header.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return header.mid(7).trimmed();
    return QUrlQuery(socket.requestUrl())
            .queryItemValue(u"access_token"_s, QUrl::FullyDecoded)
            .toUtf8();
}

QString tooManyStreams(int limit)
{
    return u"This account already has %1 streams open; close one before opening another."_s.arg(
            limit);
}

} // namespace

StreamHub::StreamHub(HttpServer *http, ApiServer *api, OperationRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_api(api)
    , m_registry(registry)
{
    m_http->setWebSocketPath(u"/api/stream"_s,
                             [this](const HttpRequest &request, HttpReply &reply) {
                                 return allowUpgrade(request, reply);
                             });
    connect(m_http, &HttpServer::newWebSocketConnection, this, &StreamHub::handleNewConnection);
    connect(m_registry, &OperationRegistry::published, this, &StreamHub::handlePublished);
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(countsIntervalMs);
    connect(&m_countsTimer, &QTimer::timeout, this, &StreamHub::pushCounts);
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
    m_streamsPerUser.clear();
}

bool StreamHub::allowUpgrade(const HttpRequest &request, HttpReply &reply) const
{
    const UserAccount *user = m_api->authenticate(request, true);
    if (!user) {
        const bool hasToken = request.hasHeader("authorization")
                || request.query().hasQueryItem(u"access_token"_s);
        reply.sendJson(
                401,
                ApiError::unauthorized(hasToken ? u"The token is not known to this service."_s
                                                : u"Send an Authorization: Bearer <token> header "
                                                  "or an access_token query parameter."_s)
                        .toJson(),
                {{"WWW-Authenticate", "Bearer"}});
        return false;
    }
    const int limit = m_http->limits().maxStreamsPerAccount;
    if (m_streamsPerUser.value(user->userId) >= limit) {
        reply.sendJson(429,
                       {{u"error"_s, tooManyStreams(limit)}, {u"code"_s, u"too_many_requests"_s}},
                       {{"Retry-After", "5"}});
        return false;
    }
    return true;
}

QString StreamHub::message(const PublishedOperation &published)
{
    return QString::fromUtf8(splice::streamMessage(published.json));
}

void StreamHub::refuse(std::unique_ptr<QWebSocket> socket, const QString &reason)
{
    QWebSocket *refused = socket.release();
    connect(refused, &QWebSocket::disconnected, refused, &QObject::deleteLater);
    refused->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
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
            refuse(std::move(socket), u"Unknown token."_s);
            continue;
        }
        // Upgrades that raced each other past allowUpgrade() are counted here.
        const int limit = m_http->limits().maxStreamsPerAccount;
        if (m_streamsPerUser.value(user->userId) >= limit) {
            refuse(std::move(socket), tooManyStreams(limit));
            continue;
        }
        std::optional<qint64> since;
        FieldError error;
        if (!requestquery::parseSince(QUrlQuery(socket->requestUrl()), &since, &error)) {
            refuse(std::move(socket), error.message);
            continue;
        }
        auto client = std::make_unique<Client>(Client{std::move(socket), *user});
        QWebSocket *raw = client->socket.get();
        Client *entry = client.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] { handleDisconnected(raw); });
        connect(raw, &QWebSocket::bytesWritten, this, [this, entry] {
            if (entry->replaying)
                continueReplay(*entry);
        });
        ++m_streamsPerUser[user->userId];
        client->cursor = since.value_or(m_registry->reads().headVersion());
        client->replaying = true;
        qCDebug(lcStream) << "stream client" << user->userId << "joined after"
                          << since.value_or(-1);
        m_clients.push_back(std::move(client));
        continueReplay(*entry);
    }
}

void StreamHub::continueReplay(Client &client)
{
    // A page at a time, as the client reads: a replay of 100,000 operations to a client
    // that never reads holds one page, not all of them. Live pushes wait meanwhile; the
    // replay reads the published state, so it covers them.
    if (client.inReplay)
        return;
    client.inReplay = true;
    while (client.replaying && client.socket->bytesToWrite() < replayLowWaterBytes) {
        qint64 cursor = client.cursor;
        const QList<const PublishedOperation *> page = m_registry->reads().changesSince(
                client.user, client.cursor, replayPageSize, &cursor);
        for (const PublishedOperation *published : page)
            client.socket->sendTextMessage(message(*published));
        client.cursor = cursor;
        if (page.size() < replayPageSize) {
            client.replaying = false;
            // Tells the client where the replay ended: live pushes follow from here.
            const QJsonObject ready{{u"type"_s, u"ready"_s}, {u"cursor"_s, cursor}};
            client.socket->sendTextMessage(
                    QString::fromUtf8(QJsonDocument(ready).toJson(QJsonDocument::Compact)));
        }
    }
    client.inReplay = false;
}

void StreamHub::handlePublished(const QList<Operation> &operations)
{
    if (m_clients.empty())
        return;
    // The first change starts the wait; those within it go out in the same counts.
    if (!m_countsTimer.isActive())
        m_countsTimer.start();
    const qint64 queueLimit = m_http->limits().streamQueueBytes;
    QList<QWebSocket *> stalled;
    for (const Operation &op : operations) {
        QString text;
        for (const auto &client : m_clients) {
            if (client->replaying || !ReadModel::canSee(client->user, op))
                continue;
            QWebSocket *socket = client->socket.get();
            if (socket->bytesToWrite() > queueLimit) {
                if (!stalled.contains(socket))
                    stalled.append(socket);
                continue;
            }
            if (text.isEmpty()) {
                // Published just before this signal: the read model holds this version's bytes.
                const PublishedOperation *published = m_registry->reads().published(op.operationId);
                text = published && published->operation.version == op.version
                        ? message(*published)
                        : message(PublishedOperation(op));
            }
            socket->sendTextMessage(text);
        }
    }
    for (QWebSocket *socket : std::as_const(stalled)) {
        // It reconnects with since= and loses nothing; holding its pushes would let one
        // subscriber grow the service's memory without end.
        qCInfo(lcStream) << "dropping a stream client that does not read its pushes";
        ++m_dropped;
        remove(socket);
    }
}

void StreamHub::pushCounts()
{
    const qint64 queueLimit = m_http->limits().streamQueueBytes;
    QHash<QString, QByteArray> messages; // per user: needsMyVote is the caller's own
    for (const auto &client : m_clients) {
        QWebSocket *socket = client->socket.get();
        // A client behind on its pushes gets the next counts; handlePublished() drops it.
        if (client->replaying || socket->bytesToWrite() > queueLimit)
            continue;
        auto message = messages.find(client->user.userId);
        if (message == messages.end())
            message = messages.insert(client->user.userId, countsMessage(client->user));
        socket->sendTextMessage(QString::fromUtf8(*message));
    }
}

QByteArray StreamHub::countsMessage(const UserAccount &user) const
{
    const ListQuery::Scope widest
            = access::mayListAll(user.roles) ? ListQuery::Scope::All : ListQuery::Scope::Mine;
    OperationCounts counts;
    m_registry->reads().counts(user, widest, &counts);
    return QJsonDocument(QJsonObject{{u"type"_s, u"counts"_s}, {u"counts"_s, counts.toJson()}})
            .toJson(QJsonDocument::Compact);
}

void StreamHub::remove(QWebSocket *socket)
{
    const auto it = std::find_if(m_clients.begin(), m_clients.end(), [socket](const auto &client) {
        return client->socket.get() == socket;
    });
    if (it == m_clients.end())
        return;
    const QString userId = (*it)->user.userId;
    if (--m_streamsPerUser[userId] <= 0)
        m_streamsPerUser.remove(userId);
    QWebSocket *released = (*it)->socket.release();
    m_clients.erase(it);
    released->disconnect(this);
    released->abort();
    // Deleting a socket inside its own signal is not safe: hand it to the event loop.
    released->deleteLater();
}

void StreamHub::handleDisconnected(QWebSocket *socket)
{
    remove(socket);
    qCDebug(lcStream) << "stream client left," << m_clients.size() << "remain";
}

} // namespace optrack
