#include "websocketpushsocket.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QtEndian>

namespace optrack {

namespace {

constexpr quint8 finalTextFrame = 0x81; // FIN, no extension bits, opcode 1 (text)
constexpr qsizetype maxShortLength = 125;
constexpr quint8 length16 = 126;
constexpr quint8 length64 = 127;
constexpr qsizetype max16BitLength = 0xffff;
constexpr qsizetype maxHeaderBytes = 10;

} // namespace

WebSocketPushSocket::WebSocketPushSocket(std::unique_ptr<QWebSocket> socket, QTcpSocket *transport)
    : m_socket(std::move(socket))
    , m_transport(transport)
{ }

WebSocketPushSocket::~WebSocketPushSocket() = default;
WebSocketPushSocket::WebSocketPushSocket(WebSocketPushSocket &&) noexcept = default;
WebSocketPushSocket &WebSocketPushSocket::operator=(WebSocketPushSocket &&) noexcept = default;

QByteArray WebSocketPushSocket::textFrame(QByteArrayView utf8)
{
    QByteArray frame;
    frame.reserve(maxHeaderBytes + utf8.size());
    frame.append(char(finalTextFrame));
    const qsizetype size = utf8.size();
    if (size <= maxShortLength) {
        frame.append(char(size));
    } else if (size <= max16BitLength) {
        frame.append(char(length16));
        char length[sizeof(quint16)];
        qToBigEndian(quint16(size), length);
        frame.append(length, sizeof length);
    } else {
        frame.append(char(length64));
        char length[sizeof(quint64)];
        qToBigEndian(quint64(size), length);
        frame.append(length, sizeof length);
    }
    frame.append(utf8);
    return frame;
}

std::unique_ptr<QWebSocket> WebSocketPushSocket::release()
{
    return std::move(m_socket);
}

void WebSocketPushSocket::sendFrame(const QByteArray &frame, QByteArrayView utf8)
{
    // Larger messages QWebSocket splits into several frames: sent its way, they stay as
    // they were.
    if (m_transport && m_transport->state() == QAbstractSocket::ConnectedState
        && quint64(utf8.size()) <= m_socket->outgoingFrameSize()) {
        m_transport->write(frame);
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
}

void WebSocketPushSocket::flush()
{
    m_socket->flush();
}

} // namespace optrack
