// The time from a change accepted by the real optrackd to the table model's dataChanged
// for that row, with push (/api/stream) and with polling at the fastest pace the feed
// allows (its minimum bound, 100 ms).
//
// The feed and the model are wired for one copy of each operation: the feed's blocks go to
// OperationTableModel::applySharedChanges, whose changes are coalesced behind its
// zero-delay timer. Each sample PATCHes the progress of one of 20 running operations
// (among `operations`, all in the model) after a random pause, and records
//   sent    -> dataChanged: from just before the PATCH is sent;
//   replied -> dataChanged: from when its 200 answer was read (negative when the push
//                           arrived before the answer);
//   sent    -> replied:     the PATCH alone (the service answers once the change is
//                           durable).
// The bar with push on loopback: p99 under 20 ms.
//
// Run: build/bench/client/bench_changelatency [samples] [operations] [data-parent-dir]
// (docs/performance.md); a data directory on tmpfs (/dev/shm) leaves out the disk's fsync.

#include "apiconnection.h"
#include "benchservice.h"
#include "operationfeed.h"
#include "operationtablemodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int defaultSamples = 250;
constexpr int defaultOperations = 1'000;
constexpr int runningOperations = 20;
constexpr int seedInFlight = 64;
constexpr int maxPauseMs = 200;
constexpr int sampleTimeoutMs = 10'000;
constexpr int loadTimeoutMs = 120'000;
constexpr int maxProgress = 99;
constexpr double barP99Ms = 20.0;
constexpr double nsPerMs = 1e6;
constexpr quint32 pauseSeed = 20261129;

void require(bool condition, const char *what)
{
    if (!condition)
        qFatal("bench_changelatency: %s", what);
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).trimmed()
                                          : QString();
}

double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    const auto rank = std::size_t(std::ceil(fraction * double(values.size())));
    return values.at(std::clamp<std::size_t>(rank, 1, values.size()) - 1);
}

void printSeries(const char *label, const std::vector<double> &values)
{
    std::printf("  %-24s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%zu samples)\n", label,
                percentile(values, 0.5), percentile(values, 0.99),
                *std::max_element(values.begin(), values.end()), values.size());
}

struct Series
{
    std::vector<double> fromSent;
    std::vector<double> fromReply;
    /// The PATCH alone: the service's durable commit and the round trip.
    std::vector<double> replyTime;
};

/// PATCHes one running operation at a time and times the model's answer. Runs in a
/// plain event loop: QTest::qWait and qWaitFor sleep between passes, which would add up
/// to 10 ms to every step.
class Sampler
{
public:
    Sampler(const BenchService &service, OperationTableModel &model, QStringList targets)
        : m_service(service)
        , m_model(model)
        , m_targets(std::move(targets))
    {
        m_clock.start();
        m_timeout.setSingleShot(true);
        m_timeout.setInterval(sampleTimeoutMs);
        QObject::connect(&m_timeout, &QTimer::timeout, &m_timeout,
                         [] { require(false, "the change reached the model in time"); });
        QObject::connect(&m_model, &QAbstractItemModel::dataChanged, &m_model,
                         [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                             handleDataChanged(topLeft.row(), bottomRight.row());
                         });
    }

    Series run(int samples)
    {
        m_series = {};
        m_remaining = samples;
        QEventLoop loop;
        m_loop = &loop;
        scheduleNext();
        loop.exec();
        m_loop = nullptr;
        return m_series;
    }

private:
    void scheduleNext()
    {
        if (m_remaining-- == 0) {
            m_loop->quit();
            return;
        }
        QTimer::singleShot(int(m_random.bounded(maxPauseMs)), Qt::PreciseTimer, &m_model,
                           [this] { send(); });
    }

    void send()
    {
        m_id = m_targets.at(m_sent % m_targets.size());
        m_progress = double(1 + m_sent++ % maxProgress);
        m_replied = -1;
        m_changed = -1;
        const QJsonObject body{{u"progressPercentage"_s, m_progress}};
        const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        const QNetworkRequest request = m_service.request(u"/api/operations/"_s + m_id);
        m_timeout.start();
        m_sentAt = m_clock.nsecsElapsed();
        QNetworkReply *reply = m_manager.sendCustomRequest(request, "PATCH", bytes);
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
            m_replied = m_clock.nsecsElapsed();
            reply->deleteLater();
            require(reply->error() == QNetworkReply::NoError, "PATCH answered 200");
            finishIfDone();
        });
    }

    void handleDataChanged(int firstRow, int lastRow)
    {
        if (m_changed >= 0 || m_id.isEmpty())
            return;
        const int row = m_model.rowOf(m_id);
        if (row >= firstRow && row <= lastRow
            && m_model.operationAt(row).progressPercentage == m_progress) {
            m_changed = m_clock.nsecsElapsed();
            finishIfDone();
        }
    }

    void finishIfDone()
    {
        if (m_replied < 0 || m_changed < 0)
            return;
        m_timeout.stop();
        m_series.fromSent.push_back(double(m_changed - m_sentAt) / nsPerMs);
        m_series.fromReply.push_back(double(m_changed - m_replied) / nsPerMs);
        m_series.replyTime.push_back(double(m_replied - m_sentAt) / nsPerMs);
        m_id.clear();
        scheduleNext();
    }

    const BenchService &m_service;
    OperationTableModel &m_model;
    QStringList m_targets;
    QNetworkAccessManager m_manager;
    QRandomGenerator m_random{pauseSeed};
    QElapsedTimer m_clock;
    QTimer m_timeout;
    QEventLoop *m_loop = nullptr;
    Series m_series;
    int m_remaining = 0;
    QString m_id;
    double m_progress = 0;
    int m_sent = 0;
    qint64 m_sentAt = 0;
    qint64 m_replied = -1;
    qint64 m_changed = -1;
};

void startRunning(const BenchService &service, const QStringList &ids)
{
    QNetworkAccessManager manager;
    int done = 0;
    const QByteArray body = R"({"status": "in_progress", "progressPercentage": 0})";
    for (const QString &id : ids) {
        QNetworkReply *reply = manager.sendCustomRequest(
                service.request(u"/api/operations/"_s + id), "PATCH", body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &done] {
            reply->deleteLater();
            require(reply->error() == QNetworkReply::NoError, "PATCH to in_progress");
            ++done;
        });
    }
    require(QTest::qWaitFor([&] { return done == ids.size(); }, loadTimeoutMs), "running");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int samples = argc > 1 ? QByteArray(argv[1]).toInt() : defaultSamples;
    const int count = argc > 2 ? QByteArray(argv[2]).toInt() : defaultOperations;
    require(samples > 0 && count >= runningOperations, "arguments");
    std::printf("load average at start: %s\n", qPrintable(loadAverage()));

    const QString dataParent = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();
    BenchService service(dataParent);
    service.start();
    std::printf("optrackd data directory under %s\n",
                qPrintable(dataParent.isEmpty() ? QDir::tempPath() : dataParent));
    const QStringList ids = service.createOperations(count, seedInFlight);
    const QStringList targets = ids.mid(0, runningOperations);
    startRunning(service, targets);

    ApiConnection connection;
    connection.setEndpoint(service.baseUrl(), service.token());
    OperationFeed feed(&connection);
    OperationTableModel model;
    // One copy of each operation: the rows share the feed's blocks.
    QObject::connect(&feed, &OperationFeed::sharedOperationsChanged, &model,
                     &OperationTableModel::applySharedChanges);
    QObject::connect(&feed, &OperationFeed::operationsRemoved, &model,
                     &OperationTableModel::removeOperations);
    feed.start();
    require(QTest::qWaitFor([&] { return model.rowCount() == count; }, loadTimeoutMs),
            "first load");
    Sampler sampler(service, model, targets);

    require(QTest::qWaitFor([&] { return feed.connectionState() == ConnectionState::Live; },
                            loadTimeoutMs),
            "the stream is open");
    const Series push = sampler.run(samples);

    feed.setStreamEnabled(false);
    feed.setPollBounds(std::chrono::milliseconds(0), std::chrono::milliseconds(0));
    require(feed.connectionState() == ConnectionState::Polling, "polling");
    const Series polling = sampler.run(samples);

    std::printf("\n%d operations in the model, %d samples each, pauses of 0-%d ms\n", count,
                samples, maxPauseMs);
    std::printf("push (/api/stream):\n");
    printSeries("sent -> dataChanged", push.fromSent);
    printSeries("replied -> dataChanged", push.fromReply);
    printSeries("sent -> replied", push.replyTime);
    std::printf("polling every %lld ms (the minimum bound), no stream:\n",
                qint64(feed.minPollInterval().count()));
    printSeries("sent -> dataChanged", polling.fromSent);
    printSeries("replied -> dataChanged", polling.fromReply);
    printSeries("sent -> replied", polling.replyTime);
    const double p99 = percentile(push.fromSent, 0.99);
    std::printf("\npush p99 (sent -> dataChanged) %.2f ms; bar under %.0f ms: %s\n", p99, barP99Ms,
                p99 < barP99Ms ? "yes" : "NO");
    std::printf("load average at end: %s\n", qPrintable(loadAverage()));
    // Like the app's benches, the verdict on a time bar is printed, not the exit code: on a
    // loaded machine a time misses its bar while the bench itself worked.
    return 0;
}
