#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpSocket>

#include <utility>

namespace optrack::testing {

/// A raw TCP client for the HTTP edge suites: sends exactly the bytes it is given (any
/// framing, however wrong, at any pace) and reads the answers with Boost.Beast's response
/// parser. Waiting runs the event loop, so timers (a slowloris) keep running meanwhile.
class RawHttpClient final : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultTimeoutMs = 10'000;

    struct Answer
    {
        int status = 0; // 0: none came (timeout, or the connection closed first)
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;

        QByteArray header(const QByteArray &name) const;
    };

    explicit RawHttpClient(QObject *parent = nullptr);

    /// Connects to 127.0.0.1:port, from the address given (127.0.0.x) when there is one.
    bool connectTo(quint16 port, const QHostAddress &from = {}, int timeoutMs = defaultTimeoutMs);
    void send(const QByteArray &bytes);
    /// Waits for the next complete answer. An interim 100 Continue is an answer of its own.
    Answer readAnswer(int timeoutMs = defaultTimeoutMs, bool headRequest = false);
    /// True once the server has closed the connection (FIN or reset) within timeoutMs.
    bool waitForClosed(int timeoutMs = defaultTimeoutMs);
    bool isClosed() const { return m_closed; }
    /// Bytes received and not yet read as an answer.
    const QByteArray &pending() const { return m_pending; }
    QTcpSocket &socket() { return m_socket; }

    /// A request head: "METHOD target HTTP/1.1", Host, then the lines given, then CRLF.
    static QByteArray head(const QByteArray &method, const QByteArray &target,
                           const QList<QByteArray> &lines);

private:
    void handleReadyRead();

    QTcpSocket m_socket;
    QByteArray m_pending;
    bool m_closed = false;
};

} // namespace optrack::testing
