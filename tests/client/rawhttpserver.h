#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/// A local server that writes canned raw HTTP, byte for byte, for what a real
/// service never sends (cut-off bodies, proxy HTML, broken JSON). Each connection
/// gets the next canned answer once the request's bytes contain `respondAfter`,
/// then the connection is closed. A `silent` answer never comes. A request with no
/// answer queued yet waits: the next enqueue() answers it.
class RawHttpServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Answer
    {
        QByteArray bytes;
        QByteArray respondAfter = "\r\n\r\n";
        bool silent = false;
    };

    explicit RawHttpServer(QObject *parent = nullptr);

    /// Listens on 127.0.0.1, port 0.
    bool start();
    QUrl baseUrl() const;
    void enqueue(const Answer &answer);
    void enqueue(const QByteArray &bytes) { enqueue(Answer{bytes}); }
    /// Every request's raw bytes, in order.
    QList<QByteArray> received() const { return m_received; }

    /// An HTTP/1.1 answer with Content-Length and Connection: close.
    static QByteArray response(int status, const QByteArray &reason, const QByteArray &contentType,
                               const QByteArray &body, const QByteArray &extraHeaders = {});

private:
    void handleNewConnection();
    void handleReadyRead(QTcpSocket *socket, qsizetype index);
    void answerIfDue(QTcpSocket *socket, qsizetype index);

    QList<Answer> m_answers;
    QList<QByteArray> m_received;
    QList<QPointer<QTcpSocket>> m_sockets;
};
