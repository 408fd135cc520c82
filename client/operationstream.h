#pragma once

#include "operation.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>

class QWebSocket;

namespace optrack {

class ApiConnection;

/// The push side of the feed: /api/stream over a WebSocket, opened with the bearer
/// token in the Authorization header. Reports each pushed operation, and one
/// closed() when the stream is refused, drops or stops answering pings.
class OperationStream final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultPingInterval{20'000};

    explicit OperationStream(ApiConnection *connection, QObject *parent = nullptr);
    ~OperationStream() override;

    /// Opens /api/stream?since=V; the service first replays the changes after V.
    void open(qint64 since);
    /// Closes without a closed() signal.
    void close();
    bool isOpen() const { return m_open; }
    bool isActive() const { return m_socket != nullptr; }
    /// A ping goes out this often; no pong before the next one drops the stream.
    void setPingInterval(std::chrono::milliseconds interval);

signals:
    void opened();
    void operationReceived(const optrack::Operation &operation);
    void closed(const QString &reason);

private:
    void handleConnected();
    void handleTextMessage(const QString &message);
    void handleStateChanged();
    void handlePingTimer();
    void drop(const QString &reason);

    QPointer<ApiConnection> m_connection;
    QWebSocket *m_socket = nullptr;
    QTimer m_pingTimer;
    bool m_open = false;
    bool m_awaitingPong = false;
};

} // namespace optrack
