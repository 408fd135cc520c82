// The HTTP edge under hostile load, for docs/reliability.md: what an idle WebSocket and an
// idle HTTP connection cost the service, and how a normal client fares (one status read in
// flight at a time) beside 2,000 idle connections and during a slowloris. The hostile
// connections are held by a second copy of this program, so that the client measured does not
// share an event loop with them.
//
//   bench_edge [STREAMS=500] [IDLE_CONNECTIONS=2000] [SLOWLORIS=200] [SECONDS=5]
//   bench_edge --hold idle|slowloris PORT COUNT      (the hostile side; started by the above)
#include "benchservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int connectTimeoutMs = 60'000;
constexpr int dribbleIntervalMs = 100;
constexpr double kib = 1024.0;

/// The hostile side: COUNT connections that say nothing (idle) or send a head a byte every
/// 100 ms without ever ending it (slowloris). Prints "ready" once all are connected.
int hold(const QString &mode, quint16 port, int count)
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(u"127.0.0.1"_s, port);
        if (mode == u"slowloris"_s)
            sockets.back()->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    }
    if (!QTest::qWaitFor(
                [&] {
                    return std::all_of(sockets.begin(), sockets.end(), [](const auto &socket) {
                        return socket->state() == QAbstractSocket::ConnectedState;
                    });
                },
                connectTimeoutMs))
        return 1;
    std::printf("ready\n");
    std::fflush(stdout);
    QTimer dribble;
    QObject::connect(&dribble, &QTimer::timeout, [&sockets] {
        for (const auto &socket : sockets)
            socket->write("a");
    });
    if (mode == u"slowloris"_s)
        dribble.start(dribbleIntervalMs);
    return QCoreApplication::exec();
}

/// Starts the hostile side and waits until it holds its connections.
std::unique_ptr<QProcess> startHolder(const QString &mode, quint16 port, int count)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(QCoreApplication::applicationFilePath(),
                   {u"--hold"_s, mode, QString::number(port), QString::number(count)});
    if (!process->waitForReadyRead(connectTimeoutMs)) {
        std::fprintf(stderr, "bench_edge: the %s connections did not open\n", qPrintable(mode));
        std::exit(1);
    }
    return process;
}

struct Reads
{
    double perSecond = 0;
    qint64 p50Us = 0;
    qint64 p99Us = 0;
};

/// One status read in flight at a time for `seconds`.
Reads readStatus(QNetworkAccessManager &manager, const QNetworkRequest &request, int seconds)
{
    std::vector<qint64> latencies;
    QElapsedTimer total;
    total.start();
    while (total.elapsed() < seconds * 1000) {
        QElapsedTimer one;
        one.start();
        QNetworkReply *reply = manager.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(connectTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        if (!reply->isFinished() || reply->error() != QNetworkReply::NoError) {
            std::fprintf(stderr, "bench_edge: a status read failed: %s\n",
                         qPrintable(reply->errorString()));
            std::exit(1);
        }
        latencies.push_back(one.nsecsElapsed() / 1000);
        reply->deleteLater();
    }
    std::sort(latencies.begin(), latencies.end());
    Reads reads;
    reads.perSecond = double(latencies.size()) * 1000.0 / double(total.elapsed());
    reads.p50Us = latencies.at(latencies.size() / 2);
    reads.p99Us = latencies.at(latencies.size() * 99 / 100);
    return reads;
}

void print(const char *what, const Reads &reads, const Reads &alone)
{
    std::printf("status reads %s: %.0f/s (%.2fx alone), p50 %lld us, p99 %lld us\n", what,
                reads.perSecond, reads.perSecond / alone.perSecond,
                static_cast<long long>(reads.p50Us), static_cast<long long>(reads.p99Us));
}

/// Opens `count` more streams and waits for each one's "ready".
void openStreams(const BenchService &service, std::vector<std::unique_ptr<QWebSocket>> *sockets,
                 int count, int *ready)
{
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QWebSocket>();
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived,
                         [ready](const QString &message) {
                             if (message.contains(u"\"ready\""_s))
                                 ++*ready;
                         });
        QUrl url = service.baseUrl();
        url.setScheme(u"ws"_s);
        url.setPath(u"/api/stream"_s);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + service.token().toUtf8());
        socket->open(request);
        sockets->push_back(std::move(socket));
    }
    const int expected = int(sockets->size());
    if (!QTest::qWaitFor([&] { return *ready == expected; }, connectTimeoutMs)) {
        std::fprintf(stderr, "bench_edge: only %d of %d streams became ready\n", *ready, expected);
        std::exit(1);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.value(1) == u"--hold"_s)
        return hold(args.value(2), quint16(args.value(3).toUInt()), args.value(4).toInt());
    const int streams = args.value(1, u"500"_s).toInt();
    const int idleConnections = args.value(2, u"2000"_s).toInt();
    const int slowloris = args.value(3, u"200"_s).toInt();
    const int seconds = args.value(4, u"5"_s).toInt();

    BenchService service;
    service.setExtraConfig(
            {{u"http"_s,
              QJsonObject{{u"maxStreamsPerAccount"_s, 2 * streams + 10},
                          {u"maxConnections"_s, idleConnections + slowloris + 100}}}});
    service.start();
    const quint16 port = quint16(service.baseUrl().port());
    const QString id = service.createOperations(1, 1).value(0);
    const QNetworkRequest status = service.request(u"/api/operations/%1/status"_s.arg(id));
    QNetworkAccessManager manager;

    // Idle streams, in two batches: the second's growth is what one more stream costs (the
    // first also grows the service's heap from its start).
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    int ready = 0;
    const double beforeStreams = service.residentKib();
    openStreams(service, &sockets, streams, &ready);
    const double firstStreams = service.residentKib();
    openStreams(service, &sockets, streams, &ready);
    const double nextStreams = service.residentKib();
    std::printf("idle WebSocket streams: first %d %.1f KiB each, next %d %.1f KiB each "
                "(service %.1f -> %.1f MiB)\n",
                streams, (firstStreams - beforeStreams) / streams, streams,
                (nextStreams - firstStreams) / streams, beforeStreams / kib, nextStreams / kib);
    sockets.clear();

    const Reads alone = readStatus(manager, status, seconds);
    print("alone", alone, alone);

    // Idle HTTP connections, in two batches as well.
    const double beforeIdle = service.residentKib();
    auto firstHolder = startHolder(u"idle"_s, port, idleConnections / 2);
    const double firstIdle = service.residentKib();
    auto nextHolder = startHolder(u"idle"_s, port, idleConnections / 2);
    const double nextIdle = service.residentKib();
    std::printf("idle HTTP connections: first %d %.1f KiB each, next %d %.1f KiB each\n",
                idleConnections / 2, (firstIdle - beforeIdle) / (idleConnections / 2),
                idleConnections / 2, (nextIdle - firstIdle) / (idleConnections / 2));
    print(qPrintable(u"beside %1 idle connections"_s.arg(idleConnections)),
          readStatus(manager, status, seconds), alone);
    firstHolder->kill();
    nextHolder->kill();
    firstHolder->waitForFinished();
    nextHolder->waitForFinished();

    auto slow = startHolder(u"slowloris"_s, port, slowloris);
    print(qPrintable(u"during a slowloris of %1 connections"_s.arg(slowloris)),
          readStatus(manager, status, seconds), alone);
    slow->kill();
    slow->waitForFinished();
    return 0;
}
