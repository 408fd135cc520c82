#include "websocketframeguard.h"

#include <QLoggingCategory>
#include <QTcpSocket>

namespace optrack {

Q_LOGGING_CATEGORY(lcFrameGuard, "optrack.http.websocket")

namespace {

constexpr quint8 maskBit = 0x80;
constexpr quint8 lengthBits = 0x7f;
constexpr quint8 length16 = 126;
constexpr quint8 length64 = 127;
constexpr int maskBytes = 4;

} // namespace

WebSocketFrameGuard::WebSocketFrameGuard(QTcpSocket *socket, qsizetype headLength)
    : QObject(socket)
    , m_socket(socket)
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_remaining(headLength)
{
    if (m_remaining == 0)
        beginFrame();
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketFrameGuard::handleArrival);
}

void WebSocketFrameGuard::adopted()
{
    if (m_adopted)
        return;
    m_adopted = true;
    // QtWebSockets has just read the handshake, nothing else: what is left was parsed here.
    m_unreadSeen = m_socket->bytesAvailable();
    connect(m_socket, &QTcpSocket::readyRead, this, &WebSocketFrameGuard::noteUnread);
}

void WebSocketFrameGuard::handleArrival()
{
    if (m_refused)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available > m_unreadSeen) {
        const QByteArray unread = m_socket->peek(available);
        if (!parse(QByteArrayView(unread).sliced(m_unreadSeen))) {
            qCInfo(lcFrameGuard) << "closing a WebSocket that sent an unmasked frame";
            m_socket->abort();
            return;
        }
    }
    // Until adopted, nothing reads between two arrivals but the handshake, which adopted()
    // accounts for; afterwards noteUnread() runs after QtWebSockets's read.
    m_unreadSeen = available;
}

void WebSocketFrameGuard::noteUnread()
{
    m_unreadSeen = m_socket->bytesAvailable();
}

void WebSocketFrameGuard::beginFrame()
{
    m_step = Step::First;
    m_length = 0;
}

bool WebSocketFrameGuard::parse(QByteArrayView bytes)
{
    qsizetype at = 0;
    while (at < bytes.size() && !m_refused) {
        switch (m_step) {
        case Step::Skip:
        case Step::Payload: {
            const qint64 take = std::min<qint64>(m_remaining, bytes.size() - at);
            at += take;
            m_remaining -= take;
            if (m_remaining == 0)
                beginFrame();
            break;
        }
        case Step::First:
            ++at; // FIN, RSV and opcode: QtWebSockets checks them
            m_step = Step::Second;
            break;
        case Step::Second: {
            const auto byte = quint8(bytes.at(at++));
            if (!(byte & maskBit)) {
                m_refused = true;
                break;
            }
            const quint8 length = byte & lengthBits;
            if (length == length16 || length == length64) {
                m_step = Step::Length;
                m_remaining = length == length16 ? 2 : 8;
            } else {
                m_length = length;
                m_step = Step::Mask;
                m_remaining = maskBytes;
            }
            break;
        }
        case Step::Length:
            m_length = (m_length << 8) | quint8(bytes.at(at++));
            if (--m_remaining == 0) {
                m_step = Step::Mask;
                m_remaining = maskBytes;
            }
            break;
        case Step::Mask:
            ++at;
            if (--m_remaining == 0) {
                m_step = Step::Payload;
                // A length past qint64 is refused by QtWebSockets; keep counting sane.
                m_remaining = qint64(std::min<quint64>(m_length, quint64(INT64_MAX)));
                if (m_remaining == 0)
                    beginFrame();
            }
            break;
        }
    }
    return !m_refused;
}

} // namespace optrack
