#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

#include <chrono>

class QTcpSocket;

/// A broken service for the client's tests: listens on 127.0.0.1 (port 0) and forwards
/// to the real optrackd, one request per connection, spoiling answers by a plan. HTTP
/// answers can be replaced by junk, cut short, dropped with a reset, held back, or
/// replaced by an earlier answer to the same kind of request (same method, path and query
/// parameter names); streams (/api/stream) are tunnelled frame by frame, and the same plan
/// refuses or cuts their handshake, or slips earlier pushes between the live ones.
class FaultProxy final : public QTcpServer
{
    Q_OBJECT

public:
    enum class Fault {
        None,
        /// 200 with a body that is not JSON (Content-Length matching it).
        Garbage,
        /// The head and half the body, then the connection closes.
        Truncate,
        /// The connection is reset (RST) without an answer.
        Reset,
        /// The true answer, after `delay`.
        Delay,
        /// An earlier 200 answer to the same kind of request, in turn; on streams, an
        /// earlier push before each live one.
        Replay,
    };

    struct Plan
    {
        Fault fault = Fault::None;
        /// Only every n-th request is spoiled (1: each).
        int everyNth = 1;
        std::chrono::milliseconds delay{0};
        /// Whether stream handshakes and open streams are spoiled too: every fault but
        /// Replay cuts the open streams when the plan is set and spoils handshakes.
        bool streams = true;
    };

    explicit FaultProxy(QObject *parent = nullptr);
    ~FaultProxy() override;

    bool start(const QUrl &upstream);
    QUrl baseUrl() const;
    void setPlan(const Plan &plan);
    void setFault(Fault fault) { setPlan(Plan{fault}); }
    Plan plan() const { return m_plan; }
    /// HTTP answers spoiled since the plan was set; earlier pushes slipped into streams.
    int spoiledAnswers() const { return m_spoiled; }
    int replayedPushes() const { return m_replayedPushes; }

private:
    struct Exchange;
    struct Tunnel;

    void handleNewConnection();
    void handleClientData(Exchange *exchange);
    void forward(Exchange *exchange);
    void answer(Exchange *exchange, const QByteArray &response, bool spoiled);
    void reset(QTcpSocket *socket);
    void openTunnel(Exchange *exchange);
    void handleUpstreamFrames(Tunnel *tunnel);
    void closeTunnel(Tunnel *tunnel);
    bool spoilsNext();

    QUrl m_upstream;
    Plan m_plan;
    int m_requests = 0;
    int m_spoiled = 0;
    int m_replayedPushes = 0;
    /// Earlier 200 answers by kind of request, and the next one to replay.
    QHash<QByteArray, QList<QByteArray>> m_answers;
    QHash<QByteArray, int> m_replayed;
    /// Every text frame streams carried, to slip in again.
    QList<QByteArray> m_pushes;
    QList<Tunnel *> m_tunnels;
};
