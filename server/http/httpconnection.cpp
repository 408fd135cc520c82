#include "httpconnection.h"

#include "httpserver.h"
#include "httpstatus.h"

#include <QFile>
#include <QTcpSocket>
#include <QTimer>

#include <charconv>
#include <sys/socket.h>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// What the socket may hold unread: a whole head, or a slice of a body.
constexpr qint64 minReadBufferBytes = 64 * 1024;
/// A chunked body is decoded through a window of this size.
constexpr qsizetype chunkWindowBytes = 64 * 1024;
/// Bodies up to this size leave in the same write (one segment) as their head.
constexpr qsizetype inlineBodyBytes = 64 * 1024;
/// A head buffer that grew past this is freed before the next request.
constexpr qsizetype keptHeadCapacity = 4 * 1024;
/// A file answer is read and queued in slices of this size, one slice ahead.
constexpr qint64 fileSliceBytes = 64 * 1024;
/// After the last answer of a closing connection: how long what the client still sends is
/// read and dropped (never held), so that it reads the answer instead of a reset.
constexpr qint64 lingerMs = 2'000;

void appendNumber(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr - digits);
}

} // namespace

HttpConnection::HttpConnection(HttpServer *server, QTcpSocket *socket, qint64 now)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_parser(server->limits())
{
    m_socket->setReadBufferSize(std::max(server->limits().maxHeaderBytes, minReadBufferBytes));
    m_socketPeer = m_socket->peerAddress();
    m_request.m_peer = m_socketPeer;
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::handleReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::handleBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::handleDisconnected);
    setPhase(Phase::Idle, now + server->limits().idleTimeoutMs);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

bool HttpConnection::isEvictable() const
{
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Head:
    case Phase::Delaying:
    case Phase::Closing:
    case Phase::Lingering:
        return !m_finished;
    default:
        return false;
    }
}

void HttpConnection::setPhase(Phase phase, qint64 deadline)
{
    m_phase = phase;
    m_phaseSince = m_server->now();
    m_deadline = deadline;
}

void HttpConnection::checkDeadline(qint64 now)
{
    if (m_finished || m_deadline == 0 || now < m_deadline)
        return;
    switch (m_phase) {
    case Phase::Head:
        fail(408, u"The request's head did not arrive in time."_s);
        break;
    case Phase::Body:
        fail(408, u"The request's body did not arrive in time."_s);
        break;
    case Phase::Idle:
        if (m_socket->bytesToWrite() == 0) {
            m_socket->disconnectFromHost(); // a quiet keep-alive: close politely
            finish();
            break;
        }
        [[fallthrough]];
    default:
        abort(); // a client that does not read what it is sent, or a linger that ran out
        break;
    }
}

void HttpConnection::abort()
{
    if (m_finished)
        return;
    m_socket->abort();
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_file.reset();
    m_socket->disconnect(this);
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->close();
    m_socket->deleteLater();
    m_server->removeConnection(this);
    deleteLater();
}

void HttpConnection::handleDisconnected()
{
    finish();
}

void HttpConnection::handleReadyRead()
{
    if (!m_inProcess)
        processInput();
}

void HttpConnection::processInput()
{
    m_inProcess = true;
    bool progressed = true;
    while (progressed && !m_finished) {
        switch (m_phase) {
        case Phase::Idle:
        case Phase::Head:
            progressed = readHead();
            break;
        case Phase::Body:
            progressed = readBody();
            break;
        case Phase::Lingering:
            m_socket->skip(m_socket->bytesAvailable());
            progressed = false;
            break;
        default:
            // The next request waits in the socket (bounded by its read buffer) until the
            // current answer is out.
            progressed = false;
            break;
        }
    }
    m_inProcess = false;
}

bool HttpConnection::readHead()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available == 0)
        return false;
    const HttpLimits &limits = m_server->limits();
    if (m_phase == Phase::Idle) {
        if (m_head.capacity() > keptHeadCapacity)
            m_head = QByteArray();
        m_scanFrom = 0;
        setPhase(Phase::Head, m_server->now() + limits.headerTimeoutMs);
    }
    const qsizetype want = qsizetype(std::min(available, limits.maxHeaderBytes));
    m_head.resize(want);
    m_socket->peek(m_head.data(), want);
    const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, m_scanFrom - 3));
    if (end < 0) {
        const qsizetype lineEnd = m_head.indexOf('\n');
        if ((lineEnd < 0 ? want : lineEnd) > limits.maxRequestLineBytes) {
            fail(414,
                 u"The request line is longer than %1 bytes."_s.arg(limits.maxRequestLineBytes));
        } else if (m_head.indexOf("\n\n", std::max<qsizetype>(0, m_scanFrom - 1)) >= 0) {
            fail(400, u"The lines of a request's head must end with CR LF."_s);
        } else if (want >= limits.maxHeaderBytes) {
            fail(431, u"The request's head is larger than %1 bytes."_s.arg(limits.maxHeaderBytes));
        }
        m_scanFrom = want;
        return false;
    }
    const qsizetype headLength = end + 4;
    m_parser.reset(&m_request);
    if (!m_parser.parseHead(QByteArrayView(m_head.constData(), headLength))) {
        fail(m_parser.errorStatus(), m_parser.errorMessage());
        return false;
    }
    ++m_serial;
    m_received.start();
    m_request.m_peer = limits.clientAddress(m_socketPeer, m_request.header("x-forwarded-for"));
    m_headRequest = m_request.method() == HttpMethod::Head;
    m_guarded = false;
    m_closeAfter = !m_parser.keepAlive();
    m_label = HttpServer::RefusedLabel;
    const bool webSocket = m_parser.isUpgrade()
            && qstrnicmp(m_request.header("upgrade").data(), m_request.header("upgrade").size(),
                         "websocket", 9)
                    == 0;
    setPhase(Phase::Answering, 0);
    if (webSocket) {
        // The handshake stays unread for QtWebSockets unless the upgrade is refused.
        m_unreadHead = headLength;
        m_closeAfter = true;
        if (m_server->upgrade(this, m_request, HttpReply(this, m_serial)) && isAwaiting(m_serial))
            handOver();
        return false;
    }
    m_socket->skip(headLength);
    m_route = m_server->match(m_request, &m_captures, &m_pathKnown);
    if (!m_parser.hasBody()) {
        completeRequest();
        return true;
    }
    startRequest();
    return true;
}

void HttpConnection::startRequest()
{
    // The caller is checked before a body is read, so an unknown client never makes the
    // service hold one; an answer now leaves the body unread, so the connection closes after.
    const bool keepAlive = !m_closeAfter;
    m_closeAfter = true;
    if (!m_server->guard(this, m_request, HttpReply(this, m_serial)))
        return;
    m_guarded = true;
    m_bodyLimit = m_server->bodyLimit(m_route);
    const qint64 length = m_parser.contentLength();
    if (length > m_bodyLimit) {
        m_server->tooLarge(this, m_route, m_request, HttpReply(this, m_serial));
        return;
    }
    m_closeAfter = !keepAlive;
    if (m_parser.expectsContinue())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    const HttpLimits &limits = m_server->limits();
    const qint64 now = m_server->now();
    const qint64 expected = length >= 0 ? length : m_bodyLimit;
    if (length > 0) {
        // One buffer for the whole body, read straight into it: an upload is held once.
        m_request.m_body.reserve(qsizetype(length));
        m_bodyRemaining = length;
    }
    m_bodyDeadline = now + limits.bodyTimeoutMs + expected * 1000 / limits.minBodyBytesPerSecond;
    setPhase(Phase::Body, std::min(m_bodyDeadline, now + limits.bodyTimeoutMs));
}

bool HttpConnection::readBody()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available == 0)
        return false;
    if (!m_parser.isChunked()) {
        const qint64 n = std::min(available, m_bodyRemaining);
        QByteArray &body = m_request.m_body;
        const qsizetype had = body.size();
        body.resize(had + qsizetype(n));
        m_socket->read(body.data() + had, n);
        m_bodyRemaining -= n;
        if (m_bodyRemaining == 0) {
            completeRequest();
            return true;
        }
    } else {
        const qsizetype want = qsizetype(std::min<qint64>(available, chunkWindowBytes));
        m_window.resize(want);
        m_socket->peek(m_window.data(), want);
        const qsizetype used = m_parser.parseChunked(m_window, m_bodyLimit);
        if (used < 0) {
            fail(m_parser.errorStatus(), m_parser.errorMessage());
            return false;
        }
        m_socket->skip(used);
        if (m_parser.isComplete()) {
            completeRequest();
            return true;
        }
        if (used == 0) {
            if (want >= chunkWindowBytes)
                fail(400, u"A chunk header of the body is too long."_s);
            return false;
        }
    }
    const qint64 now = m_server->now();
    m_deadline = std::min(m_bodyDeadline, now + m_server->limits().bodyTimeoutMs);
    return true;
}

void HttpConnection::completeRequest()
{
    // The body's upload is the client's network: the service's time starts now.
    m_received.start();
    setPhase(Phase::Answering, 0);
    m_server->dispatch(this, m_request, HttpReply(this, m_serial), m_route, m_captures, m_pathKnown,
                       m_guarded);
    // The request is only valid while its handler runs; a handler keeps its own copy of the
    // body, so this one is dropped now rather than with the next request.
    m_request.m_body = QByteArray();
}

void HttpConnection::handOver()
{
    QTcpSocket *socket = m_socket;
    m_finished = true;
    socket->disconnect(this);
    m_server->removeConnection(this);
    m_server->adoptWebSocket(socket, m_unreadHead);
    deleteLater();
}

bool HttpConnection::isAwaiting(quint64 serial) const
{
    return serial == m_serial && m_phase == Phase::Answering && !m_finished;
}

void HttpConnection::writeHead(int status, QByteArrayView contentType, const HttpHeaders &headers,
                               qint64 length, bool withLength)
{
    m_out.truncate(0);
    m_out.append("HTTP/1.1 ");
    appendNumber(m_out, status);
    m_out.append(' ');
    m_out.append(httpstatus::reasonPhrase(status));
    m_out.append("\r\nDate: ");
    m_out.append(m_server->date());
    m_out.append("\r\n");
    if (!contentType.isEmpty()) {
        m_out.append("Content-Type: ");
        m_out.append(contentType);
        m_out.append("\r\n");
    }
    if (withLength) {
        m_out.append("Content-Length: ");
        appendNumber(m_out, length);
        m_out.append("\r\n");
    }
    for (const auto &[name, value] : headers) {
        m_out.append(name);
        m_out.append(": ");
        m_out.append(value);
        m_out.append("\r\n");
    }
    if (m_closeAfter)
        m_out.append("Connection: close\r\n");
    m_out.append("\r\n");
}

void HttpConnection::answer(quint64 serial, int status, QByteArrayView contentType,
                            const HttpHeaders &headers, const QByteArray &body, bool withLength)
{
    if (!isAwaiting(serial))
        return;
    if (m_unreadHead > 0) {
        m_socket->skip(m_unreadHead);
        m_unreadHead = 0;
    }
    m_server->answered(m_label, status, m_request, m_received.nsecsElapsed());
    writeHead(status, contentType, headers, body.size(), withLength);
    const bool withBody = !m_headRequest && !body.isEmpty();
    if (withBody && body.size() <= inlineBodyBytes)
        m_out.append(body);
    // Only a token the service does not know is a guess; a missing one is not slowed.
    if (status == 401
        && (m_request.hasHeader("authorization")
            || m_request.rawQuery().contains("access_token="))) {
        const qint64 delay
                = m_server->throttle().delayFor(m_request.peerAddress(), m_server->now());
        if (delay > 0) {
            m_delayed = m_out;
            if (withBody && body.size() > inlineBodyBytes)
                m_delayed.append(body);
            setPhase(Phase::Delaying, 0);
            QTimer::singleShot(delay, Qt::PreciseTimer, this, &HttpConnection::releaseDelayed);
            return;
        }
    }
    // One write (and so one segment) for the head and a small body: the ring buffer copies
    // from the pointer and m_out keeps its capacity for the next answer.
    m_socket->write(m_out.constData(), m_out.size());
    if (withBody && body.size() > inlineBodyBytes)
        m_socket->write(body);
    finishAnswer();
}

void HttpConnection::releaseDelayed()
{
    if (m_finished || m_phase != Phase::Delaying)
        return;
    m_socket->write(m_delayed);
    m_delayed = QByteArray();
    finishAnswer();
}

void HttpConnection::answerFile(quint64 serial, std::unique_ptr<QFile> file,
                                const HttpHeaders &headers)
{
    if (!isAwaiting(serial))
        return;
    m_server->answered(m_label, 200, m_request, m_received.nsecsElapsed());
    QByteArray contentType;
    HttpHeaders others;
    for (const auto &header : headers) {
        if (header.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
            contentType = header.second;
        else
            others.append(header);
    }
    writeHead(200, contentType, others, file->size(), true);
    m_socket->write(m_out.constData(), m_out.size());
    if (m_headRequest) {
        finishAnswer();
        return;
    }
    m_file = std::move(file);
    setPhase(Phase::Streaming, m_server->now() + m_server->limits().idleTimeoutMs);
    sendNextFileChunk();
}

void HttpConnection::sendNextFileChunk()
{
    // Keep one slice queued ahead of the socket: the file is never held whole.
    while (m_file && m_socket->bytesToWrite() < fileSliceBytes) {
        const QByteArray slice = m_file->read(fileSliceBytes);
        if (slice.isEmpty()) {
            m_file.reset();
            finishAnswer();
            return;
        }
        m_socket->write(slice);
    }
    m_deadline = m_server->now() + m_server->limits().idleTimeoutMs;
}

void HttpConnection::finishAnswer()
{
    m_socket->flush();
    if (m_closeAfter) {
        closeAfterWrite();
        return;
    }
    setPhase(Phase::Idle, m_server->now() + m_server->limits().idleTimeoutMs);
    if (!m_inProcess && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::handleBytesWritten()
{
    switch (m_phase) {
    case Phase::Streaming:
        sendNextFileChunk();
        break;
    case Phase::Closing:
        if (m_socket->bytesToWrite() == 0)
            shutdownWrite();
        break;
    case Phase::Idle:
        m_deadline = m_server->now() + m_server->limits().idleTimeoutMs;
        break;
    default:
        break;
    }
}

void HttpConnection::refuse(int status, const QString &message)
{
    m_closeAfter = true;
    m_label = HttpServer::RefusedLabel;
    m_server->count(m_label, status);
    const QByteArray body = httpstatus::errorBody(status, message);
    writeHead(status, "application/json", {{"Retry-After", "1"}}, body.size(), true);
    m_out.append(body);
    m_socket->write(m_out.constData(), m_out.size());
    m_socket->flush();
    closeAfterWrite();
}

void HttpConnection::fail(int status, const QString &message)
{
    if (m_finished)
        return;
    // Whatever follows a refused request is never parsed: answer, then close.
    m_closeAfter = true;
    m_server->count(HttpServer::RefusedLabel, status);
    const QByteArray body = httpstatus::errorBody(status, message);
    writeHead(status, "application/json", {}, body.size(), true);
    m_out.append(body);
    m_socket->write(m_out.constData(), m_out.size());
    m_socket->flush();
    closeAfterWrite();
}

void HttpConnection::closeAfterWrite()
{
    setPhase(Phase::Closing, m_server->now() + m_server->limits().idleTimeoutMs);
    if (m_socket->bytesToWrite() == 0)
        shutdownWrite();
}

void HttpConnection::shutdownWrite()
{
    // A FIN after the answer, then a short read-and-drop: closing with unread input would
    // send a reset that can destroy the answer before the client reads it.
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    setPhase(Phase::Lingering, m_server->now() + lingerMs);
    m_socket->skip(m_socket->bytesAvailable());
}

} // namespace optrack
