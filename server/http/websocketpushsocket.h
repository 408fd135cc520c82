#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QPointer>

#include <memory>

class QTcpSocket;
class QWebSocket;

namespace optrack {

/// A server-side WebSocket as the HTTP layer hands it over: QtWebSockets's socket, which
/// reads, answers control frames and sends ordinary messages, and the TCP connection beneath
/// it, for pushes that go to many subscribers at once. QWebSocket::sendTextMessage() takes a
/// QString and encodes, copies and frames it again for every socket; a push framed once by
/// textFrame() is appended to each connection's write buffer as the same shared QByteArray
/// (QTcpSocket keeps a whole QByteArray by reference), byte for byte the frame QWebSocket
/// writes. A frame is written whole within one call on the socket's thread, so it never
/// interleaves with a frame of QtWebSockets's own.
class WebSocketPushSocket final
{
public:
    WebSocketPushSocket(std::unique_ptr<QWebSocket> socket, QTcpSocket *transport);
    ~WebSocketPushSocket();
    WebSocketPushSocket(WebSocketPushSocket &&) noexcept;
    WebSocketPushSocket &operator=(WebSocketPushSocket &&) noexcept;

    /// One final, unmasked text frame carrying utf8 (a server never masks: RFC 6455 5.1).
    static QByteArray textFrame(QByteArrayView utf8);

    QWebSocket *socket() const { return m_socket.get(); }
    std::unique_ptr<QWebSocket> release();
    /// Appends a frame made by textFrame() for utf8 (the payload, for the fallback): written
    /// as it is while QWebSocket would send the message as one frame and the connection is
    /// open, else the message goes through QWebSocket. Nothing leaves before flush().
    void sendFrame(const QByteArray &frame, QByteArrayView utf8);
    /// Writes what waits now instead of on the next pass of the event loop.
    void flush();

private:
    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QTcpSocket> m_transport;
};

} // namespace optrack
