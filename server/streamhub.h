#pragma once

#include "apiserver.h"
#include "operationregistry.h"

#include <QList>
#include <QObject>
#include <QWebSocket>

#include <memory>

namespace optrack {

/// GET /api/stream: replays the changes after ?since=, then pushes every committed change
/// each client may see, as {"type": "operation", "operation": {...}}.
class StreamHub final : public QObject
{
    Q_OBJECT

public:
    StreamHub(HttpServer *http, ApiServer *api, OperationRegistry *registry,
              QObject *parent = nullptr);
    ~StreamHub() override;

    qsizetype clientCount() const { return m_clients.size(); }
    void closeAll();

private:
    struct Client
    {
        std::unique_ptr<QWebSocket> socket;
        UserAccount user;
    };

    void handleNewConnection();
    void handlePublished(const QList<optrack::Operation> &operations);
    void handleDisconnected(QWebSocket *socket);
    static QString message(const Operation &op);

    HttpServer *m_http;
    ApiServer *m_api;
    OperationRegistry *m_registry;
    std::vector<std::unique_ptr<Client>> m_clients;
};

} // namespace optrack
