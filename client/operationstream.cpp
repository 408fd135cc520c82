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
    m_openTimer.setSingleShot(true);
    m_openTimer.setInterval(defaultOpenTimeout);
    connect(&m_openTimer, &QTimer::timeout, this, &OperationStream::handleOpenTimeout);
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
    connect(m_socket, &QWebSocket::pong, this, &OperationStream::handlePong);
    m_openTimer.start();
    m_sinceAsked.start();
    m_socket->open(m_connection->buildStreamRequest(since));
    emit asked();
}

void OperationStream::close()
{
    m_pingTimer.stop();
    m_openTimer.stop();
    m_open = false;
    m_awaitingPong = false;
    m_sinceAsked.invalidate();
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
    m_openTimer.stop();
    m_open = true;
    m_awaitingPong = false;
    m_sinceAsked.invalidate();
    m_pingTimer.start();
    emit heard();
    emit opened();
}

void OperationStream::handleTextMessage(const QString &message)
{
    // Pushes flowing count as an answer: the pong queued behind them will follow.
    if (m_sinceAsked.isValid())
        m_sinceAsked.restart();
    emit heard();
    StreamMessage read;
    QString error;
    if (!StreamMessage::decode(message, &read, &error)) {
        qCWarning(lcStream).noquote() << "ignoring a stream message that is not readable:" << error;
        return;
    }
    if (read.carriesOperation)
        emit operationReceived(read.operation);
    if (read.counts)
        emit countsReceived(*read.counts);
}

void OperationStream::handlePong()
{
    m_awaitingPong = false;
    m_sinceAsked.invalidate();
    emit heard();
}

std::optional<std::chrono::milliseconds> OperationStream::waitingFor() const
{
    if (!m_socket || !m_sinceAsked.isValid())
        return std::nullopt;
    return std::chrono::milliseconds(m_sinceAsked.elapsed());
}

void OperationStream::handleStateChanged()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::UnconnectedState)
        return;
    const bool wasOpen = m_open;
    const QString detail = m_socket->errorString();
    drop(wasOpen ? tr("The live connection dropped (%1).").arg(detail)
                 : tr("The service refused the live connection (%1).").arg(detail));
}

void OperationStream::handlePingTimer()
{
    if (!m_socket)
        return;
    if (m_awaitingPong) {
        // The feed already knows the service is silent; a stream silent for long may be
        // a dead path (a dropped NAT entry): open it again.
        if (std::chrono::milliseconds(m_sinceAsked.elapsed()) >= m_dropAfter)
            drop(tr("The live connection stopped answering."));
        return;
    }
    m_awaitingPong = true;
    m_sinceAsked.start();
    m_socket->ping();
    emit asked();
}

void OperationStream::handleOpenTimeout()
{
    if (m_socket && !m_open)
        drop(tr("The service did not answer the live connection in time."));
}

void OperationStream::drop(const QString &reason)
{
    close();
    emit closed(reason);
}

} // namespace optrack
