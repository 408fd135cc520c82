// The bytes a steady-state poll costs against fetching the whole list, on the wire
// (status line, headers, body), through a counting TCP relay in front of the real
// optrackd.
//
// 10,000 operations of alice are created through the API (256 requests in flight). An
// OperationFeed loads them through the relay (first load: every page), then 10 of them
// change and ONE delta poll runs (feed.refresh()). Then two more polls with nothing
// changed: the first asks without If-None-Match (its cursor moved), the second with it
// (304). The bar: the delta poll under 1% of the whole list.
//
// Run: build/bench/client/bench_pollbytes [operations]     (see docs/performance.md)

#include "apiconnection.h"
#include "benchservice.h"
#include "countingproxy.h"
#include "operationfeed.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

#include <cstdio>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int defaultOperations = 10'000;
constexpr int changedOperations = 10;
constexpr int seedInFlight = 256;
constexpr int largestPage = 1'000;
constexpr int waitMs = 300'000;
constexpr double barPercent = 1.0;
// Long enough that no poll starts on its own: each one here is asked for.
constexpr std::chrono::minutes quietInterval{30};

struct Exchange
{
    int status = 0;
    qint64 bytesDown = 0;
    qint64 bytesUp = 0;
    qint64 bodyBytes = 0;
    int requests = 0;
};

/// Counts every finished request of the feed's manager, with the relay's byte counts.
class Meter
{
public:
    Meter(QNetworkAccessManager &manager, CountingProxy &proxy)
        : m_proxy(proxy)
    {
        QObject::connect(
                &manager, &QNetworkAccessManager::finished, &manager, [this](QNetworkReply *reply) {
                    ++m_finished;
                    m_lastStatus
                            = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    m_bodyBytes += reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
                });
    }

    void begin()
    {
        m_proxy.resetCounts();
        m_started = m_finished;
        m_bodyBytes = 0;
    }
    Exchange end() const
    {
        return {m_lastStatus, m_proxy.bytesDown(), m_proxy.bytesUp(), m_bodyBytes,
                m_finished - m_started};
    }
    int finished() const { return m_finished; }

private:
    CountingProxy &m_proxy;
    int m_finished = 0;
    int m_started = 0;
    int m_lastStatus = 0;
    qint64 m_bodyBytes = 0;
};

void require(bool condition, const char *what)
{
    if (!condition)
        qFatal("bench_pollbytes: %s", what);
}

Exchange firstLoad(ApiConnection &connection, Meter &meter, int pageSize, int expected)
{
    OperationFeed feed(&connection);
    feed.setStreamEnabled(false);
    feed.setPollBounds(quietInterval, quietInterval);
    feed.setPageSize(pageSize);
    meter.begin();
    feed.start();
    require(QTest::qWaitFor([&] { return feed.isFirstLoadDone(); }, waitMs), "first load");
    require(feed.operations().size() == expected, "first load holds every operation");
    return meter.end();
}

Exchange pollOnce(OperationFeed &feed, Meter &meter)
{
    meter.begin();
    const int before = meter.finished();
    feed.refresh();
    require(QTest::qWaitFor([&] { return meter.finished() > before; }, waitMs), "poll answered");
    // Let the feed take in the answer before the next step.
    QCoreApplication::processEvents();
    return meter.end();
}

void printExchange(const char *label, const Exchange &exchange)
{
    std::printf("%-46s %11lld B down (body %9lld B)  %7lld B up  %3d req  HTTP %d\n", label,
                exchange.bytesDown, exchange.bodyBytes, exchange.bytesUp, exchange.requests,
                exchange.status);
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).trimmed()
                                          : QString();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : defaultOperations;
    std::printf("load average at start: %s\n", qPrintable(loadAverage()));

    BenchService service;
    service.start();
    double rate = 0;
    const QStringList ids = service.createOperations(count, seedInFlight, &rate);
    std::printf("seeded %d operations, %d in flight: %.0f requests/s\n", count, seedInFlight, rate);

    CountingProxy proxy(service.baseUrl());
    require(proxy.listen(), "relay listens");
    QNetworkAccessManager manager;
    ApiConnection connection(&manager);
    connection.setEndpoint(proxy.url(), service.token());
    Meter meter(manager, proxy);

    const Exchange wholeDefault
            = firstLoad(connection, meter, OperationQuery::defaultPageSize, count);
    const Exchange wholeLargest = firstLoad(connection, meter, largestPage, count);

    OperationFeed feed(&connection);
    feed.setStreamEnabled(false);
    feed.setPollBounds(quietInterval, quietInterval);
    feed.start();
    require(QTest::qWaitFor([&] { return feed.isFirstLoadDone(); }, waitMs), "first load");
    qsizetype changedSeen = 0;
    QObject::connect(
            &feed, &OperationFeed::operationsChanged, &feed,
            [&changedSeen](const QList<Operation> &changed) { changedSeen += changed.size(); });

    // Ten changes accepted by the service, straight to it (not through the relay).
    QNetworkAccessManager direct;
    int patched = 0;
    for (int i = 0; i < changedOperations; ++i) {
        const QString id = ids.at(i * (count / changedOperations));
        const QJsonObject body{{u"status"_s, u"in_progress"_s},
                               {u"progressPercentage"_s, 25},
                               {u"stepDescription"_s, u"Validating rows"_s}};
        QNetworkReply *reply
                = direct.sendCustomRequest(service.request(u"/api/operations/"_s + id), "PATCH",
                                           QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &patched] {
            reply->deleteLater();
            require(reply->error() == QNetworkReply::NoError, "PATCH answered 200");
            ++patched;
        });
    }
    require(QTest::qWaitFor([&] { return patched == changedOperations; }, waitMs), "patched");

    const Exchange delta = pollOnce(feed, meter);
    require(changedSeen == changedOperations, "the delta poll brought the 10 changes");
    const Exchange empty = pollOnce(feed, meter);
    const Exchange notModified = pollOnce(feed, meter);

    std::printf("\n%d operations, %d changed\n", count, changedOperations);
    printExchange("whole list, 200 per page (the feed's default)", wholeDefault);
    printExchange("whole list, 1,000 per page", wholeLargest);
    printExchange("delta poll, 10 changed", delta);
    printExchange("poll, nothing changed, no If-None-Match", empty);
    printExchange("poll, nothing changed, If-None-Match", notModified);
    const double ratio = 100.0 * double(delta.bytesDown) / double(wholeDefault.bytesDown);
    const double ratioLargest = 100.0 * double(delta.bytesDown) / double(wholeLargest.bytesDown);
    std::printf("\ndelta poll / whole list (down): %.3f%% (200 per page), %.3f%% (1,000 per "
                "page); bar under %.0f%%: %s\n",
                ratio, ratioLargest, barPercent, ratio < barPercent ? "yes" : "NO");
    std::printf("304 poll / whole list (down): %.4f%%\n",
                100.0 * double(notModified.bytesDown) / double(wholeDefault.bytesDown));
    std::printf("load average at end: %s\n", qPrintable(loadAverage()));
    return ratio < barPercent ? 0 : 1;
}
