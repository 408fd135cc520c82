#pragma once

#include "apiserver.h"
#include "operationregistry.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

#include <memory>

namespace optrack {

/// GET /api/stream: replays the changes after ?since=, then pushes every committed change
/// each client may see, as {"type": "operation", "operation": {...}}, and after changes, at
/// most every countsIntervalMs, {"type": "counts", "counts": {...}}: the counts route's answer
/// for the subscriber's widest scope (all for those who may list it, else mine). The replay goes
/// out a page at a time as the client reads it, and a client that lets more than
/// HttpLimits::streamQueueBytes wait unsent is dropped (it reconnects with since=): what a
/// subscriber costs the service stays bounded whatever it does.
class StreamHub final : public QObject
{
    Q_OBJECT

public:
    /// Operations read from the registry per replay page.
    static constexpr int replayPageSize = 256;
    /// The next replay page is queued once less than this waits to be sent.
    static constexpr qint64 replayLowWaterBytes = 64 * 1024;
    /// Counts go out at most this often, however many changes come in between.
    static constexpr int countsIntervalMs = 250;

    StreamHub(HttpServer *http, ApiServer *api, OperationRegistry *registry,
              QObject *parent = nullptr);
    ~StreamHub() override;

    qsizetype clientCount() const { return qsizetype(m_clients.size()); }
    /// Subscribers dropped for not reading their pushes, since the start.
    qint64 droppedCount() const { return m_dropped; }
    void closeAll();

private:
    struct Client
    {
        std::unique_ptr<QWebSocket> socket;
        UserAccount user;
        qint64 cursor = 0;
        bool replaying = false;
        bool inReplay = false;
    };

    bool allowUpgrade(const HttpRequest &request, HttpReply &reply) const;
    void handleNewConnection();
    void handlePublished(const QList<optrack::Operation> &operations);
    void pushCounts();
    QByteArray countsMessage(const UserAccount &user) const;
    void handleDisconnected(QWebSocket *socket);
    void continueReplay(Client &client);
    void remove(QWebSocket *socket);
    static void refuse(std::unique_ptr<QWebSocket> socket, const QString &reason);
    static QString message(const PublishedOperation &published);

    HttpServer *m_http;
    ApiServer *m_api;
    OperationRegistry *m_registry;
    std::vector<std::unique_ptr<Client>> m_clients;
    QHash<QString, int> m_streamsPerUser;
    QTimer m_countsTimer;
    qint64 m_dropped = 0;
};

} // namespace optrack
