// One change pushed to many stream subscribers, for docs/performance.md: SUBSCRIBERS
// WebSockets on /api/stream (one account), then PATCHES changes to one operation, one at a
// time; for each, the time from sending the PATCH (which is answered once durable) to each
// subscriber's receipt of the push. Also the service's resident memory per idle subscriber.
//
// The receiving side is spread over RECEIVERS threads, each with its own event loop and its
// share of the subscribers, and notes only the time of each push: one event loop reading
// 1,000 sockets one after another adds its own serial processing (reading, parsing and
// decoding each frame) to every latency after the first, so the p99 would be this
// program's, not the service's. Each latency is still taken after QWebSocket has parsed and
// decoded the message, as a client of the service would get it. The output also gives the
// first subscriber's latency and the PATCH's answer time: the durable commit comes before
// any push, so the fan-out is the difference.
//
//   bench_pushfanout [SUBSCRIBERS=1000] [PATCHES=20] [RECEIVERS=4]
#include "benchservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QThread>
#include <QWebSocket>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int connectTimeoutMs = 120'000;
constexpr int pushTimeoutMs = 30'000;
constexpr int firstProgress = 10;
/// progressPercentage cycles through firstProgress + 0..progressSteps-1 (each PATCH changes it).
constexpr int progressSteps = 80;
constexpr int defaultReceivers = 4;

qint64 percentile(std::vector<qint64> values, int percent)
{
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, values.size() * std::size_t(percent) / 100));
}

/// What the receiver threads and the main thread share: the clock, the time the PATCH
/// left, and the counts the main thread waits on.
struct Timing
{
    QElapsedTimer clock;
    std::atomic<qint64> sentAtUs{0};
    std::atomic<int> ready{0};
    std::atomic<int> received{0};
};

/// One thread's share of the subscribers. Its latencies are read by the main thread only
/// after every push has arrived (received is counted after each is noted) and cleared only
/// between PATCHes, while nothing arrives.
class ReceiverThread final
{
public:
    ReceiverThread(Timing *timing, int subscribers, const QNetworkRequest &request)
        : m_context(new QObject)
    {
        m_context->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(m_context, [this, timing, subscribers, request] {
            for (int i = 0; i < subscribers; ++i) {
                auto *socket
                        = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, m_context);
                QObject::connect(socket, &QWebSocket::textMessageReceived, m_context,
                                 [this, timing](const QString &message) {
                                     const qint64 now = timing->clock.nsecsElapsed() / 1000;
                                     if (message.startsWith(u"{\"operation\""_s)) {
                                         m_latencies.push_back(now - timing->sentAtUs);
                                         timing->received.fetch_add(1);
                                     } else if (message.contains(u"\"ready\""_s)) {
                                         timing->ready.fetch_add(1);
                                     }
                                 });
                socket->open(request);
            }
        });
    }
    ~ReceiverThread()
    {
        QMetaObject::invokeMethod(
                m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    ReceiverThread(const ReceiverThread &) = delete;
    ReceiverThread &operator=(const ReceiverThread &) = delete;

    std::vector<qint64> &latencies() { return m_latencies; }

private:
    QThread m_thread;
    QObject *m_context;
    std::vector<qint64> m_latencies;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int subscribers = args.value(1, u"1000"_s).toInt();
    const int patches = args.value(2, u"20"_s).toInt();
    const int receivers = std::clamp(args.value(3).toInt(), 1, subscribers);
    const int receiverCount = args.size() > 3 ? receivers : std::min(defaultReceivers, subscribers);

    BenchService service;
    service.setExtraConfig({{u"http"_s,
                             QJsonObject{{u"maxStreamsPerAccount"_s, subscribers + 10},
                                         {u"maxConnections"_s, subscribers + 100}}}});
    service.start();
    const QString id = service.createOperations(1, 1).value(0);
    QNetworkAccessManager manager;

    Timing timing;
    timing.clock.start();
    QUrl url = service.baseUrl();
    url.setScheme(u"ws"_s);
    url.setPath(u"/api/stream"_s);
    QNetworkRequest streamRequest(url);
    streamRequest.setRawHeader("Authorization", "Bearer " + service.token().toUtf8());

    const double before = service.residentKib();
    std::vector<std::unique_ptr<ReceiverThread>> threads;
    for (int t = 0; t < receiverCount; ++t) {
        const int share = subscribers / receiverCount + (t < subscribers % receiverCount ? 1 : 0);
        threads.push_back(std::make_unique<ReceiverThread>(&timing, share, streamRequest));
    }
    if (!QTest::qWaitFor([&] { return timing.ready == subscribers; }, connectTimeoutMs)) {
        std::fprintf(stderr, "bench_pushfanout: only %d of %d streams ready\n", timing.ready.load(),
                     subscribers);
        return 1;
    }
    const double after = service.residentKib();
    std::printf("%d idle subscribers: %.1f KiB each (service %.1f -> %.1f MiB)\n", subscribers,
                (after - before) / subscribers, before / 1024, after / 1024);

    std::vector<qint64> latencies;
    qint64 answeredUs = 0;
    const auto patch = [&](const QJsonObject &body) {
        QNetworkRequest request = service.request(u"/api/operations/"_s + id);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        for (const auto &thread : threads)
            thread->latencies().clear();
        latencies.clear();
        timing.received = 0;
        timing.sentAtUs = timing.clock.nsecsElapsed() / 1000;
        QNetworkReply *reply = manager.sendCustomRequest(
                request, "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            answeredUs = timing.clock.nsecsElapsed() / 1000 - timing.sentAtUs;
            reply->deleteLater();
        });
        if (!QTest::qWaitFor([&] { return timing.received >= subscribers; }, pushTimeoutMs))
            return false;
        for (const auto &thread : threads)
            latencies.insert(latencies.end(), thread->latencies().begin(),
                             thread->latencies().end());
        return true;
    };
    if (!patch({{u"status"_s, u"in_progress"_s}})) { // warms every path once
        std::fprintf(stderr, "bench_pushfanout: %d of %d got the first push\n",
                     timing.received.load(), subscribers);
        return 1;
    }
    std::vector<qint64> all;
    std::vector<qint64> firsts;
    std::vector<qint64> lasts;
    std::vector<qint64> answers;
    for (int i = 0; i < patches; ++i) {
        if (!patch({{u"progressPercentage"_s, firstProgress + i % progressSteps}})) {
            std::fprintf(stderr, "bench_pushfanout: %d of %d got push %d\n", timing.received.load(),
                         subscribers, i);
            return 1;
        }
        all.insert(all.end(), latencies.begin(), latencies.end());
        firsts.push_back(*std::min_element(latencies.begin(), latencies.end()));
        lasts.push_back(*std::max_element(latencies.begin(), latencies.end()));
        answers.push_back(answeredUs);
    }
    std::printf("PATCH to push, %d subscribers x %d PATCHes, %d receiver threads: p50 %.1f ms, "
                "p99 %.1f ms, max %.1f ms; per PATCH, median first subscriber %.1f ms, "
                "median last %.1f ms; PATCH answered (median) %.1f ms\n",
                subscribers, patches, receiverCount, percentile(all, 50) / 1000.0,
                percentile(all, 99) / 1000.0, percentile(all, 100) / 1000.0,
                percentile(firsts, 50) / 1000.0, percentile(lasts, 50) / 1000.0,
                percentile(answers, 50) / 1000.0);
    return 0;
}
