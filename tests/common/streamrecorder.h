#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QWebSocket>

namespace optrack::testing {

class OptrackdProcess;

/// A WebSocket on /api/stream that records every operation the server pushes.
class StreamRecorder final : public QObject
{
    Q_OBJECT

public:
    enum class TokenPlacement { AuthorizationHeader, QueryParameter, None };

    explicit StreamRecorder(const OptrackdProcess *server, QObject *parent = nullptr);

    /// Opens the stream as user (since < 0: no since parameter); does not wait.
    void open(const QString &user, qint64 since = -1,
              TokenPlacement placement = TokenPlacement::AuthorizationHeader);
    void close();
    /// Opens the stream at baseUrl (a proxy in front of the server) instead of the server's
    /// own address (before open()); the tokens are still the server's.
    void setBaseUrl(const QUrl &baseUrl) { m_baseUrl = baseUrl; }

    bool isConnected() const { return m_connected; }
    /// Whether the handshake ever succeeded.
    bool wasEverConnected() const { return m_everConnected; }
    bool wasDisconnected() const { return m_disconnected; }
    bool hadError() const { return m_error != QAbstractSocket::UnknownSocketError; }
    QString errorString() const { return m_socket.errorString(); }

    /// The socket itself (to send to the service, or read the close code).
    QWebSocket &socket() { return m_socket; }

    /// Every {"type": "operation"} message's operation, in arrival order.
    const QList<QJsonObject> &operations() const { return m_operations; }
    /// Messages that were not operation pushes (kept so a test can say what came instead).
    const QList<QString> &otherMessages() const { return m_otherMessages; }
    /// The latest state pushed for an operation (empty when none).
    QJsonObject latest(const QString &operationId) const;
    bool sawVersionAtLeast(const QString &operationId, qint64 version) const;
    bool sawOperation(const QString &operationId) const;

signals:
    void operationReceived(const QJsonObject &operation);

private:
    void handleTextMessage(const QString &message);
    void handleError(QAbstractSocket::SocketError error);

    const OptrackdProcess *m_server;
    QUrl m_baseUrl;
    QWebSocket m_socket;
    QList<QJsonObject> m_operations;
    QList<QString> m_otherMessages;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    bool m_connected = false;
    bool m_everConnected = false;
    bool m_disconnected = false;
};

} // namespace optrack::testing
