#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QObject>

class QTcpSocket;

namespace optrack {

/// Refuses unmasked client frames, which RFC 6455 (5.1) says a server must close the
/// connection on. QtWebSockets 6.4 accepts them and has no way to refuse them, so this
/// reads the frame headers alongside it: it sees every byte that arrives before QtWebSockets
/// does (its readyRead slot is connected first) and aborts the connection at the first frame
/// without a mask. It parses headers only (2 to 14 bytes a frame) and skips payloads.
///
/// Bytes are counted as they arrive, not as QtWebSockets reads them: before the upgrade
/// completes, the handshake (headLength bytes) is skipped; once adopted() has been called
/// (after QtWebSockets has connected its own slot), a second slot notes what is left unread
/// after QtWebSockets's turn, so the next turn parses only what is new.
class WebSocketFrameGuard final : public QObject
{
    Q_OBJECT

public:
    /// Watches socket (and is its child) from now on; headLength: the unread handshake.
    WebSocketFrameGuard(QTcpSocket *socket, qsizetype headLength);

    /// QtWebSockets has read the handshake and connected its own reader.
    void adopted();
    bool refused() const { return m_refused; }
    QTcpSocket *socket() const { return m_socket; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }

    /// Feeds bytes as they follow one another on the connection; false at an unmasked frame.
    bool parse(QByteArrayView bytes);

private:
    enum class Step { Skip, First, Second, Length, Mask, Payload };

    void handleArrival();
    void noteUnread();
    void beginFrame();

    QTcpSocket *m_socket;
    QHostAddress m_peerAddress;
    quint16 m_peerPort;
    qint64 m_unreadSeen = 0; // bytes already parsed that are still unread in the socket
    Step m_step = Step::Skip;
    qint64 m_remaining = 0; // bytes left in this step (Skip, Length, Mask, Payload)
    quint64 m_length = 0; // the extended payload length being read
    bool m_adopted = false;
    bool m_refused = false;
};

} // namespace optrack
