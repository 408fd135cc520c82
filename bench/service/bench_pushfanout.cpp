// One change pushed to many stream subscribers, for docs/performance.md: SUBSCRIBERS
// WebSockets on /api/stream (one account), then PATCHES changes to one operation, one at a
// time; for each, the time from sending the PATCH (which is answered once durable) to each
// subscriber's receipt of the push. Also the service's resident memory per idle subscriber.
// The subscribers share this program's one event loop, so the latencies include the time it
// takes this side to read N messages.
//
//   bench_pushfanout [SUBSCRIBERS=1000] [PATCHES=20]
#include "benchservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int connectTimeoutMs = 120'000;
constexpr int pushTimeoutMs = 30'000;
constexpr int firstProgress = 10;

qint64 percentile(std::vector<qint64> values, int percent)
{
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, values.size() * std::size_t(percent) / 100));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int subscribers = args.value(1, u"1000"_s).toInt();
    const int patches = args.value(2, u"20"_s).toInt();

    BenchService service;
    service.setExtraConfig({{u"http"_s,
                             QJsonObject{{u"maxStreamsPerAccount"_s, subscribers + 10},
                                         {u"maxConnections"_s, subscribers + 100}}}});
    service.start();
    const QString id = service.createOperations(1, 1).value(0);
    QNetworkAccessManager manager;

    QElapsedTimer clock;
    clock.start();
    qint64 sentAt = 0;
    int ready = 0;
    int received = 0;
    std::vector<qint64> latencies;
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    const double before = service.residentKib();
    for (int i = 0; i < subscribers; ++i) {
        auto socket = std::make_unique<QWebSocket>();
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived,
                         [&](const QString &message) {
                             if (message.startsWith(u"{\"operation\""_s)) {
                                 ++received;
                                 latencies.push_back(clock.nsecsElapsed() / 1000 - sentAt);
                             } else if (message.contains(u"\"ready\""_s)) {
                                 ++ready;
                             }
                         });
        QUrl url = service.baseUrl();
        url.setScheme(u"ws"_s);
        url.setPath(u"/api/stream"_s);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + service.token().toUtf8());
        socket->open(request);
        sockets.push_back(std::move(socket));
    }
    if (!QTest::qWaitFor([&] { return ready == subscribers; }, connectTimeoutMs)) {
        std::fprintf(stderr, "bench_pushfanout: only %d of %d streams ready\n", ready, subscribers);
        return 1;
    }
    const double after = service.residentKib();
    std::printf("%d idle subscribers: %.1f KiB each (service %.1f -> %.1f MiB)\n", subscribers,
                (after - before) / subscribers, before / 1024, after / 1024);

    const auto patch = [&](const QJsonObject &body) {
        QNetworkRequest request = service.request(u"/api/operations/"_s + id);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        received = 0;
        latencies.clear();
        sentAt = clock.nsecsElapsed() / 1000;
        QNetworkReply *reply = manager.sendCustomRequest(
                request, "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        return QTest::qWaitFor([&] { return received >= subscribers; }, pushTimeoutMs);
    };
    if (!patch({{u"status"_s, u"in_progress"_s}})) { // warms every path once
        std::fprintf(stderr, "bench_pushfanout: %d of %d got the first push\n", received,
                     subscribers);
        return 1;
    }
    std::vector<qint64> all;
    std::vector<qint64> lasts;
    for (int i = 0; i < patches; ++i) {
        if (!patch({{u"progressPercentage"_s, firstProgress + i}})) {
            std::fprintf(stderr, "bench_pushfanout: %d of %d got push %d\n", received, subscribers,
                         i);
            return 1;
        }
        all.insert(all.end(), latencies.begin(), latencies.end());
        lasts.push_back(*std::max_element(latencies.begin(), latencies.end()));
    }
    std::printf("PATCH to push, %d subscribers x %d PATCHes: p50 %.1f ms, p99 %.1f ms, "
                "max %.1f ms; last subscriber per PATCH: median %.1f ms\n",
                subscribers, patches, percentile(all, 50) / 1000.0, percentile(all, 99) / 1000.0,
                percentile(all, 100) / 1000.0, percentile(lasts, 50) / 1000.0);
    return 0;
}
