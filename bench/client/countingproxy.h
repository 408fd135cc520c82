#pragma once

#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/// A TCP relay between the client and the service that counts the bytes passing each
/// way: what a request costs on the wire, headers, chunk framing and all. It reads
/// nothing of what it relays.
class CountingProxy final : public QObject
{
    Q_OBJECT

public:
    explicit CountingProxy(const QUrl &target, QObject *parent = nullptr);

    /// Listens on 127.0.0.1 and a free port; false when it cannot.
    bool listen();
    /// The target URL with the proxy's host and port.
    QUrl url() const;

    /// Bytes from the service to the client since the last reset.
    qint64 bytesDown() const { return m_bytesDown; }
    /// Bytes from the client to the service since the last reset.
    qint64 bytesUp() const { return m_bytesUp; }
    void resetCounts();

private:
    void handleNewConnection();
    void relay(QTcpSocket *from, QTcpSocket *to, qint64 *counter);

    QTcpServer m_server;
    QUrl m_target;
    qint64 m_bytesDown = 0;
    qint64 m_bytesUp = 0;
};
