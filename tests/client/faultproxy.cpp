#include "faultproxy.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView headEnd = "\r\n\r\n";
constexpr int okStatus = 200;
constexpr char textOpcode = 0x1;
constexpr quint8 opcodeMask = 0x0f;
constexpr quint8 lengthMask = 0x7f;
constexpr quint8 maskBit = 0x80;
constexpr quint8 twoByteLength = 126;
constexpr quint8 eightByteLength = 127;
constexpr int maskBytes = 4;

/// What a captive portal or a broken gateway might send with a 200.
constexpr QByteArrayView junkBody
        = "<html><body>\xff\xfe Gateway says hello \x00{\"operations\": [";

QByteArray header(const QByteArray &head, QByteArrayView name)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

/// The method, path and names of the query's parameters: deltas and lists differ, two
/// deltas asking since different versions do not.
QByteArray kindOf(const QByteArray &requestLine)
{
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() < 2)
        return requestLine;
    const QUrl target(QString::fromLatin1(parts.at(1)));
    QStringList names;
    for (const auto &item : QUrlQuery(target).queryItems())
        names.append(item.first);
    names.sort();
    return parts.at(0) + ' ' + target.path().toLatin1() + '?' + names.join(u',').toLatin1();
}

/// The head with its Connection header replaced: one request per connection.
QByteArray closingHead(const QByteArray &head)
{
    QList<QByteArray> kept;
    for (const QByteArray &line : head.split('\n')) {
        if (!line.trimmed().toLower().startsWith("connection:"))
            kept.append(line);
    }
    QByteArray rebuilt = kept.join('\n');
    const qsizetype firstLineEnd = rebuilt.indexOf("\r\n");
    rebuilt.insert(firstLineEnd + 2, "Connection: close\r\n");
    return rebuilt;
}

/// The length of the first whole WebSocket frame in `bytes`, 0 while incomplete.
qsizetype frameLength(const QByteArray &bytes)
{
    if (bytes.size() < 2)
        return 0;
    const auto second = quint8(bytes.at(1));
    qsizetype headerSize = 2;
    quint64 payload = second & lengthMask;
    int extra = 0;
    if (payload == twoByteLength)
        extra = 2;
    else if (payload == eightByteLength)
        extra = 8;
    if (bytes.size() < headerSize + extra)
        return 0;
    if (extra > 0) {
        payload = 0;
        for (int i = 0; i < extra; ++i)
            payload = (payload << 8) | quint8(bytes.at(headerSize + i));
        headerSize += extra;
    }
    if (second & maskBit)
        headerSize += maskBytes;
    const qsizetype total = headerSize + qsizetype(payload);
    return bytes.size() >= total ? total : 0;
}

} // namespace

struct FaultProxy::Exchange : QObject
{
    using QObject::QObject;
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    QByteArray request;
    QByteArray response;
    QByteArray kind;
    bool headRead = false;
    bool stream = false;
    bool spoiled = false;
};

struct FaultProxy::Tunnel : QObject
{
    using QObject::QObject;
    QPointer<QTcpSocket> client;
    QPointer<QTcpSocket> upstream;
    QByteArray pending;
    bool headPassed = false;
};

FaultProxy::FaultProxy(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &FaultProxy::handleNewConnection);
}

FaultProxy::~FaultProxy() = default;

bool FaultProxy::start(const QUrl &upstream)
{
    m_upstream = upstream;
    return listen(QHostAddress::LocalHost, 0);
}

QUrl FaultProxy::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(serverPort()));
}

void FaultProxy::setPlan(const Plan &plan)
{
    m_plan = plan;
    m_requests = 0;
    m_spoiled = 0;
    // Open streams are cut: the feed must meet the fault in its polls and handshakes.
    const bool cuts = plan.streams && plan.fault != Fault::None && plan.fault != Fault::Replay;
    if (!cuts)
        return;
    const QList<Tunnel *> open = m_tunnels;
    for (Tunnel *tunnel : open) {
        if (tunnel->client)
            reset(tunnel->client);
    }
}

bool FaultProxy::spoilsNext()
{
    if (m_plan.fault == Fault::None)
        return false;
    ++m_requests;
    return m_requests % std::max(1, m_plan.everyNth) == 0;
}

void FaultProxy::handleNewConnection()
{
    while (QTcpSocket *client = nextPendingConnection()) {
        auto *exchange = new Exchange(client);
        exchange->client = client;
        connect(client, &QTcpSocket::readyRead, exchange,
                [this, exchange] { handleClientData(exchange); });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }
}

void FaultProxy::handleClientData(Exchange *exchange)
{
    if (exchange->headRead)
        return; // one request per connection: anything after it is not read
    exchange->request += exchange->client->readAll();
    const qsizetype end = exchange->request.indexOf(headEnd);
    if (end < 0)
        return;
    const QByteArray head = exchange->request.left(end + headEnd.size());
    const qsizetype bodyLength = header(head, "Content-Length").toLongLong();
    if (exchange->request.size() < head.size() + bodyLength)
        return;
    exchange->headRead = true;
    exchange->kind = kindOf(head.left(head.indexOf("\r\n")));
    exchange->stream = header(head, "Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
    const bool spoil = (!exchange->stream || m_plan.streams) && spoilsNext();
    exchange->spoiled = spoil;

    if (exchange->stream) {
        if (!spoil || m_plan.fault == Fault::Replay) {
            openTunnel(exchange);
            return;
        }
        switch (m_plan.fault) {
        case Fault::Garbage:
            answer(exchange,
                   "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + junkBody.toByteArray(), true);
            return;
        case Fault::Truncate:
            answer(exchange, "HTTP/1.1 101 Switching Protocols\r\nUpgr", true);
            return;
        case Fault::Delay:
            QTimer::singleShot(m_plan.delay, exchange, [this, exchange] { openTunnel(exchange); });
            return;
        default:
            ++m_spoiled;
            reset(exchange->client);
            return;
        }
    }

    if (spoil && m_plan.fault == Fault::Reset) {
        ++m_spoiled;
        reset(exchange->client);
        return;
    }
    if (spoil && m_plan.fault == Fault::Replay) {
        const QList<QByteArray> earlier = m_answers.value(exchange->kind);
        if (!earlier.isEmpty()) {
            int &next = m_replayed[exchange->kind];
            answer(exchange, earlier.at(next++ % earlier.size()), true);
            return;
        }
    }
    exchange->request.replace(0, head.size(), closingHead(head));
    forward(exchange);
}

void FaultProxy::forward(Exchange *exchange)
{
    auto *upstream = new QTcpSocket(exchange);
    exchange->upstream = upstream;
    connect(upstream, &QTcpSocket::connected, exchange,
            [exchange] { exchange->upstream->write(exchange->request); });
    connect(upstream, &QTcpSocket::readyRead, exchange,
            [exchange] { exchange->response += exchange->upstream->readAll(); });
    connect(upstream, &QTcpSocket::errorOccurred, exchange, [this, exchange] {
        // The service closed after its answer (Connection: close), or is not there.
        exchange->response += exchange->upstream->readAll();
        exchange->upstream->disconnect(exchange);
        if (exchange->response.isEmpty()) {
            reset(exchange->client);
            return;
        }
        const QByteArray response = exchange->response;
        const QList<QByteArray> statusLine = response.left(response.indexOf("\r\n")).split(' ');
        const bool ok = statusLine.size() > 1 && statusLine.at(1).toInt() == okStatus;
        if (!exchange->spoiled) {
            if (ok && exchange->kind.startsWith("GET "))
                m_answers[exchange->kind].append(response);
            answer(exchange, response, false);
            return;
        }
        const qsizetype bodyStart = response.indexOf(headEnd) + headEnd.size();
        switch (m_plan.fault) {
        case Fault::Garbage:
            answer(exchange,
                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                           + QByteArray::number(junkBody.size()) + "\r\nConnection: close\r\n\r\n"
                           + junkBody.toByteArray(),
                   true);
            break;
        case Fault::Truncate:
            answer(exchange, response.left(bodyStart + (response.size() - bodyStart) / 2), true);
            break;
        case Fault::Delay:
            QTimer::singleShot(m_plan.delay, exchange,
                               [this, exchange, response] { answer(exchange, response, true); });
            break;
        default:
            answer(exchange, response, false);
            break;
        }
    });
    upstream->connectToHost(QHostAddress::LocalHost, quint16(m_upstream.port()));
}

void FaultProxy::answer(Exchange *exchange, const QByteArray &response, bool spoiled)
{
    if (spoiled)
        ++m_spoiled;
    if (exchange->client->state() != QAbstractSocket::ConnectedState)
        return;
    exchange->client->write(response);
    exchange->client->disconnectFromHost();
}

void FaultProxy::reset(QTcpSocket *socket)
{
    // SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    const linger abortive{1, 0};
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &abortive,
                 sizeof(abortive));
    socket->abort();
    socket->deleteLater();
}

void FaultProxy::openTunnel(Exchange *exchange)
{
    QTcpSocket *client = exchange->client;
    if (client->state() != QAbstractSocket::ConnectedState)
        return;
    auto *tunnel = new Tunnel(client);
    tunnel->client = client;
    tunnel->upstream = new QTcpSocket(tunnel);
    m_tunnels.append(tunnel);
    connect(tunnel, &QObject::destroyed, this,
            [this, tunnel] { m_tunnels.removeOne(static_cast<Tunnel *>(tunnel)); });
    // The client's bytes (masked frames) pass untouched.
    client->disconnect(exchange);
    const QByteArray request = exchange->request;
    connect(client, &QTcpSocket::readyRead, tunnel, [tunnel] {
        if (tunnel->upstream)
            tunnel->upstream->write(tunnel->client->readAll());
    });
    connect(tunnel->upstream, &QTcpSocket::connected, tunnel,
            [tunnel, request] { tunnel->upstream->write(request); });
    connect(tunnel->upstream, &QTcpSocket::readyRead, tunnel,
            [this, tunnel] { handleUpstreamFrames(tunnel); });
    connect(tunnel->upstream, &QTcpSocket::disconnected, tunnel,
            [this, tunnel] { closeTunnel(tunnel); });
    connect(client, &QTcpSocket::disconnected, tunnel, [this, tunnel] { closeTunnel(tunnel); });
    tunnel->upstream->connectToHost(QHostAddress::LocalHost, quint16(m_upstream.port()));
}

void FaultProxy::handleUpstreamFrames(Tunnel *tunnel)
{
    tunnel->pending += tunnel->upstream->readAll();
    if (!tunnel->headPassed) {
        const qsizetype end = tunnel->pending.indexOf(headEnd);
        if (end < 0)
            return;
        tunnel->client->write(tunnel->pending.left(end + headEnd.size()));
        tunnel->pending.remove(0, end + headEnd.size());
        tunnel->headPassed = true;
    }
    while (const qsizetype length = frameLength(tunnel->pending)) {
        const QByteArray frame = tunnel->pending.left(length);
        tunnel->pending.remove(0, length);
        const bool push = (quint8(frame.at(0)) & opcodeMask) == textOpcode
                && frame.contains("\"type\":\"operation\"");
        if (push && m_plan.fault == Fault::Replay && m_plan.streams && !m_pushes.isEmpty()
            && spoilsNext()) {
            tunnel->client->write(m_pushes.at(m_replayedPushes % m_pushes.size()));
            ++m_replayedPushes;
        }
        tunnel->client->write(frame);
        if (push)
            m_pushes.append(frame);
    }
}

void FaultProxy::closeTunnel(Tunnel *tunnel)
{
    if (tunnel->upstream)
        tunnel->upstream->disconnectFromHost();
    if (tunnel->client)
        tunnel->client->disconnectFromHost();
}
