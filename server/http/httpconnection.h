#pragma once

#include "httpreply.h"
#include "httprequest.h"
#include "requestparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

class QFile;
class QTcpSocket;

namespace optrack {

class HttpServer;

/// One client connection: reads requests one at a time (a pipelined request waits until the
/// previous answer is written), enforces the limits and timeouts, writes the answers, and
/// hands a WebSocket upgrade over to QtWebSockets with its head still unread. After a
/// refused request it answers, stops reading requests and closes (lingering briefly so the
/// client sees the answer): nothing sent after a bad request is ever parsed.
class HttpConnection final : public QObject
{
    Q_OBJECT

public:
    enum class Phase {
        Idle, // between requests
        Head, // a head has begun
        Body,
        Answering, // the handler has the request
        Delaying, // a 401 held back (AuthThrottle)
        Streaming, // a file answer draining
        Closing, // the last answer draining before the write side is shut
        Lingering, // reading and dropping what the client still sends, briefly
    };

    HttpConnection(HttpServer *server, QTcpSocket *socket, qint64 now);
    ~HttpConnection() override;

    Phase phase() const { return m_phase; }
    /// When the connection entered its phase (server clock, ms).
    qint64 phaseSince() const { return m_phaseSince; }
    /// Idle, part-way through a head, or winding down: may be closed to make room.
    bool isEvictable() const;
    /// Called by the server's sweep; closes the connection past its deadline.
    void checkDeadline(qint64 now);
    /// Drops the connection at once (no answer).
    void abort();
    /// Writes a short refusal and closes (a connection over the limit).
    void refuse(int status, const QString &message);

    bool isAwaiting(quint64 serial) const;
    void answer(quint64 serial, int status, QByteArrayView contentType, const HttpHeaders &headers,
                const QByteArray &body, bool withLength);
    void answerFile(quint64 serial, std::unique_ptr<QFile> file, const HttpHeaders &headers);

private:
    friend class HttpServer;
    void setLabel(int label) { m_label = label; }
    void handOver();
    void handleReadyRead();
    void handleBytesWritten();
    void handleDisconnected();
    void processInput();
    bool readHead();
    bool readBody();
    void startRequest();
    void completeRequest();
    void writeHead(int status, QByteArrayView contentType, const HttpHeaders &headers,
                   qint64 length, bool withLength);
    void finishAnswer();
    void releaseDelayed();
    void sendNextFileChunk();
    void fail(int status, const QString &message);
    void closeAfterWrite();
    void shutdownWrite();
    void setPhase(Phase phase, qint64 deadline);
    void finish();

    HttpServer *m_server;
    QTcpSocket *m_socket;
    RequestParser m_parser;
    HttpRequest m_request;
    QHostAddress m_socketPeer; // the connection's own peer (a proxy, when one is in front)
    QByteArray m_head;
    QByteArray m_out;
    QByteArray m_window;
    QByteArray m_delayed;
    std::unique_ptr<QFile> m_file;
    QStringList m_captures;
    /// Since the current request was read whole: what its answer's time is measured from.
    QElapsedTimer m_received;
    Phase m_phase = Phase::Idle;
    qint64 m_phaseSince = 0;
    qint64 m_deadline = 0;
    qint64 m_bodyDeadline = 0;
    qint64 m_bodyRemaining = 0;
    qint64 m_bodyLimit = 0;
    qsizetype m_scanFrom = 0;
    qsizetype m_unreadHead = 0;
    quint64 m_serial = 0;
    int m_route = -1;
    int m_label = 0;
    bool m_pathKnown = false;
    bool m_guarded = false;
    bool m_closeAfter = false;
    bool m_headRequest = false;
    bool m_inProcess = false;
    bool m_finished = false;
};

} // namespace optrack
