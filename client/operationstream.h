#pragma once

#include "apiresults.h"
#include "operation.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

class QWebSocket;

namespace optrack {

class ApiConnection;

/// The push side of the feed: /api/stream over a WebSocket, opened with the bearer
/// token in the Authorization header. Reports each pushed operation. It pings the service
/// every few seconds and tells the feed when it starts waiting for an answer (asked(): a
/// ping, the handshake) and when anything came back (heard()), so the feed notices within
/// seconds a service that stopped answering. One closed() when the stream is refused,
/// drops, does not open in time or stays silent for long.
class OperationStream final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultPingInterval{2'500};
    /// Pings unanswered this long drop the stream (it is opened again).
    static constexpr std::chrono::milliseconds defaultDropAfter{30'000};
    /// The handshake must be answered within this.
    static constexpr std::chrono::milliseconds defaultOpenTimeout{10'000};

    explicit OperationStream(ApiConnection *connection, QObject *parent = nullptr);
    ~OperationStream() override;

    /// Opens /api/stream?since=V; the service first replays the changes after V.
    void open(qint64 since);
    /// Closes without a closed() signal.
    void close();
    bool isOpen() const { return m_open; }
    bool isActive() const { return m_socket != nullptr; }
    /// A ping goes out this often while no pong is awaited.
    void setPingInterval(std::chrono::milliseconds interval);
    /// How long pings may go unanswered before the stream is dropped.
    void setDropAfter(std::chrono::milliseconds after) { m_dropAfter = after; }
    /// How long the handshake or the last ping has waited for an answer; nullopt when
    /// nothing is awaited.
    std::optional<std::chrono::milliseconds> waitingFor() const;

signals:
    void opened();
    void operationReceived(const optrack::Operation &operation);
    /// The service's counts for this subscriber's widest scope.
    void countsReceived(const optrack::ServiceCounts &counts);
    void closed(const QString &reason);
    /// A ping or the handshake went out: an answer is due.
    void asked();
    /// Something came from the service (a pong, a push, the handshake's answer).
    void heard();

private:
    void handleConnected();
    void handleTextMessage(const QString &message);
    void handlePong();
    void handleStateChanged();
    void handlePingTimer();
    void handleOpenTimeout();
    void drop(const QString &reason);

    QPointer<ApiConnection> m_connection;
    QWebSocket *m_socket = nullptr;
    QTimer m_pingTimer;
    QTimer m_openTimer;
    /// Since the handshake or the ping that waits for an answer.
    QElapsedTimer m_sinceAsked;
    std::chrono::milliseconds m_dropAfter = defaultDropAfter;
    bool m_open = false;
    bool m_awaitingPong = false;
};

} // namespace optrack
