#include "countingproxy.h"

#include <QHostAddress>
#include <QTcpSocket>

CountingProxy::CountingProxy(const QUrl &target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CountingProxy::handleNewConnection);
}

bool CountingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl CountingProxy::url() const
{
    QUrl url = m_target;
    url.setHost(m_server.serverAddress().toString());
    url.setPort(m_server.serverPort());
    return url;
}

void CountingProxy::resetCounts()
{
    m_bytesDown = 0;
    m_bytesUp = 0;
}

void CountingProxy::handleNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(client);
        // What the client sends before the service answers the connect waits in the
        // client socket's buffer: relayed once connected.
        connect(upstream, &QTcpSocket::connected, client,
                [this, client, upstream] { relay(client, upstream, &m_bytesUp); });
        connect(client, &QTcpSocket::readyRead, upstream, [this, client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                relay(client, upstream, &m_bytesUp);
        });
        connect(upstream, &QTcpSocket::readyRead, client,
                [this, client, upstream] { relay(upstream, client, &m_bytesDown); });
        connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        upstream->connectToHost(m_target.host(), quint16(m_target.port()));
    }
}

void CountingProxy::relay(QTcpSocket *from, QTcpSocket *to, qint64 *counter)
{
    const QByteArray bytes = from->readAll();
    *counter += bytes.size();
    to->write(bytes);
}
