#include "operationstream.h"

#include "apiconnection.h"
#include "streammessage.h"

#include <QLoggingCategory>
#include <QWebSocket>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStream, "optrack.client.stream")

OperationStream::OperationStream(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_pingTimer.setInterval(defaultPingInterval);
    connect(&m_pingTimer, &QTimer::timeout, this, &OperationStream::handlePingTimer);
}

OperationStream::~OperationStream()
{
    close();
}

void OperationStream::setPingInterval(std::chrono::milliseconds interval)
{
    m_pingTimer.setInterval(interval);
}

void OperationStream::open(qint64 since)
{
    close();
    if (!m_connection)
        return;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &OperationStream::handleConnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &OperationStream::handleTextMessage);
    connect(m_socket, &QWebSocket::stateChanged, this, &OperationStream::handleStateChanged);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_awaitingPong = false; });
    m_socket->open(m_connection->buildStreamRequest(since));
}

void OperationStream::close()
{
    m_pingTimer.stop();
    m_open = false;
    m_awaitingPong = false;
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void OperationStream::handleConnected()
{
    m_open = true;
    m_awaitingPong = false;
    m_pingTimer.start();
    emit opened();
}

void OperationStream::handleTextMessage(const QString &message)
{
    StreamMessage read;
    QString error;
    if (!StreamMessage::decode(message, &read, &error)) {
        qCWarning(lcStream).noquote() << "ignoring a stream message that is not readable:" << error;
        return;
    }
    if (read.carriesOperation)
        emit operationReceived(read.operation);
}

void OperationStream::handleStateChanged()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::UnconnectedState)
        return;
    const bool wasOpen = m_open;
    const QString detail = m_socket->errorString();
    drop(wasOpen ? u"The live connection dropped (%1)."_s.arg(detail)
                 : u"The service refused the live connection (%1)."_s.arg(detail));
}

void OperationStream::handlePingTimer()
{
    if (!m_socket)
        return;
    if (m_awaitingPong) {
        drop(u"The live connection stopped answering."_s);
        return;
    }
    m_awaitingPong = true;
    m_socket->ping();
}

void OperationStream::drop(const QString &reason)
{
    close();
    emit closed(reason);
}

} // namespace optrack
