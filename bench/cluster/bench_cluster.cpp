// Several optrackd on one PostgreSQL database, for docs/performance.md: how long a change
// takes to be pushed on every instance, and what delta polls across the instances cost.
// Starts INSTANCES optrackd (the first to start holds the writer lock, the others follow it),
// opens a stream (/api/stream, a staff user) on each, and writes RATE changes a second for
// SECONDS through the instances in turn as a service user: a POST that creates an operation,
// then PATCHes of its progress. For every change it measures the time from sending it to
// its push on each instance, split into the instance written through and the others (the
// bar: visible on every instance within 100 ms p99). Meanwhile a poller reads
// scope=all&since=<cursor> from the instances in turn; once the writes settle it checks
// that it missed no operation's latest version and saw no version twice.
//
//   bench_cluster [--instances 3] [--rate 100] [--seconds 10] [--patches 4]
//                 [--poll-interval 50] [--database URI | --cluster URI]
//
// --database names an empty database the instances share; --cluster (default: the
// OPTRACK_TEST_DATABASE of the tests) a PostgreSQL cluster in which a database is made for
// the run and dropped after it. Exits 1 when a change is refused, not pushed everywhere, or
// the poller misses or repeats something; the latency bar is reported, not enforced.
#include "apiclient.h"
#include "changewriter.h"
#include "deltapoller.h"
#include "optrackdprocess.h"
#include "pushlatencies.h"
#include "streamrecorder.h"
#include "testdatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace optrack::testing;

namespace {

constexpr int maxInstances = 3;
constexpr int connectTimeoutMs = 30'000;
/// After the last write: how long every push and the poller's last round may take.
constexpr int settleTimeoutMs = 60'000;
constexpr int checkIntervalMs = 20;
const QString writerUser = u"svc"_s;
const QString readerUser = u"sam"_s;

/// Runs the event loop until `done` holds or `timeoutMs` passed; whether it holds.
bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    check.start(checkIntervalMs);
    if (!done())
        loop.exec();
    return done();
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"?"_s;
    return QString::fromLatin1(file.readAll()).section(u' ', 0, 2);
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Push latency and delta polls across optrackd instances "
                                     "on one PostgreSQL database."_s);
    parser.addHelpOption();
    const QCommandLineOption instancesOption(u"instances"_s, u"optrackd instances (1-3)."_s, u"N"_s,
                                             u"3"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Changes written per second."_s, u"N"_s,
                                        u"100"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"How long to write."_s, u"N"_s, u"10"_s);
    const QCommandLineOption patchesOption(u"patches"_s, u"PATCHes per operation created."_s,
                                           u"N"_s, u"4"_s);
    const QCommandLineOption pollOption(u"poll-interval"_s, u"Pause between delta polls."_s,
                                        u"MS"_s, u"50"_s);
    const QCommandLineOption databaseOption(u"database"_s, u"An empty database to share."_s,
                                            u"URI"_s);
    const QCommandLineOption clusterOption(
            u"cluster"_s, u"A cluster to make the database in (default OPTRACK_TEST_DATABASE)."_s,
            u"URI"_s, TestDatabase::clusterUri());
    parser.addOptions({instancesOption, rateOption, secondsOption, patchesOption, pollOption,
                       databaseOption, clusterOption});
    parser.process(app);
    const int instanceCount = parser.value(instancesOption).toInt();
    const double rate = parser.value(rateOption).toDouble();
    const int seconds = parser.value(secondsOption).toInt();
    const int patches = parser.value(patchesOption).toInt();
    const int pollInterval = parser.value(pollOption).toInt();
    if (instanceCount < 1 || instanceCount > maxInstances || rate <= 0 || seconds < 1 || patches < 1
        || pollInterval < 0) {
        std::fprintf(stderr, "bench_cluster: bad option; see --help\n");
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("OPTRACKD_PATH"))
        qputenv("OPTRACKD_PATH", OPTRACKD_PATH);

    std::unique_ptr<TestDatabase> database;
    QString uri = parser.value(databaseOption);
    if (uri.isEmpty()) {
        QString error;
        if (parser.value(clusterOption).isEmpty()) {
            std::fprintf(stderr, "bench_cluster: give --database or --cluster\n");
            return 2;
        }
        database = TestDatabase::create(parser.value(clusterOption), &error);
        if (!database) {
            std::fprintf(stderr, "bench_cluster: %s\n", qPrintable(error));
            return 1;
        }
        uri = database->uri();
    }

    print(u"bench_cluster: %1 instances, %2 changes/s for %3 s (1 POST, then %4 PATCHes an "
          "operation), load average %5"_s.arg(instanceCount)
                  .arg(rate)
                  .arg(seconds)
                  .arg(patches)
                  .arg(loadAverage()));
    std::vector<std::unique_ptr<OptrackdProcess>> servers;
    std::vector<std::unique_ptr<ApiClient>> clients;
    std::vector<ApiClient *> instances;
    for (int i = 0; i < instanceCount; ++i) {
        auto server = std::make_unique<OptrackdProcess>();
        if (i > 0)
            server->shareUsersOf(*servers.front());
        server->setDatabaseUri(uri);
        if (!server->start()) {
            std::fprintf(stderr, "bench_cluster: instance %d: %s\n", i + 1,
                         qPrintable(server->errorString()));
            return 1;
        }
        clients.push_back(std::make_unique<ApiClient>(server.get()));
        instances.push_back(clients.back().get());
        servers.push_back(std::move(server));
    }
    for (int i = 0; i < instanceCount; ++i) {
        const ApiResponse health = instances.at(i)->get(u"/healthz"_s, {});
        print(u"instance %1: %2, pid %3"_s.arg(i + 1)
                      .arg(health.json.value(u"role"_s).toString())
                      .arg(servers.at(i)->processId()));
    }

    QElapsedTimer clock;
    clock.start();
    PushLatencies pushes(instanceCount, clock);
    std::vector<std::unique_ptr<StreamRecorder>> streams;
    for (int i = 0; i < instanceCount; ++i) {
        streams.push_back(std::make_unique<StreamRecorder>(servers.at(i).get()));
        QObject::connect(
                streams.back().get(), &StreamRecorder::operationReceived,
                [&pushes, i](const QJsonObject &operation) { pushes.pushed(i, operation); });
        streams.back()->open(readerUser);
    }
    const auto allConnected = [&] {
        return std::all_of(streams.begin(), streams.end(),
                           [](const auto &stream) { return stream->isConnected(); });
    };
    if (!runUntil(allConnected, connectTimeoutMs)) {
        std::fprintf(stderr, "bench_cluster: a stream did not connect\n");
        return 1;
    }

    ChangeWriter writer(instances, writerUser, patches, clock, pushes);
    DeltaPoller poller(instances, readerUser, pollInterval);
    poller.start();
    writer.start(rate, seconds);
    const qint64 writingFrom = clock.elapsed();
    runUntil([&] { return writer.isDone(); }, (seconds + 1) * 1000 + settleTimeoutMs);
    const qint64 writtenIn = clock.elapsed() - writingFrom;
    const bool pushedEverywhere
            = runUntil([&] { return pushes.unseenCount() == 0; }, settleTimeoutMs);
    bool drained = false;
    QObject::connect(&poller, &DeltaPoller::drained, [&drained] { drained = true; });
    poller.drain();
    runUntil([&] { return drained; }, settleTimeoutMs);

    int missed = 0;
    const QHash<QString, qint64> &seen = poller.latestVersions();
    const QHash<QString, qint64> &written = writer.finalVersions();
    for (auto it = written.begin(); it != written.end(); ++it) {
        if (seen.value(it.key()) != it.value())
            ++missed;
    }

    print(u"written: %1 changes (%2 POST, %3 PATCH) in %4 s, %5 refused; answered in %6"_s
                  .arg(pushes.sentCount())
                  .arg(writer.posts())
                  .arg(writer.patches())
                  .arg(double(writtenIn) / 1000, 0, 'f', 1)
                  .arg(writer.failures())
                  .arg(writer.answers().summary()));
    print(u"push, instance written through: %1"_s.arg(pushes.throughInstance().summary()));
    if (instanceCount > 1)
        print(u"push, other instances:          %1"_s.arg(pushes.otherInstances().summary()));
    for (int i = 0; i < instanceCount; ++i)
        print(u"push on instance %1: %2"_s.arg(i + 1).arg(pushes.onInstance(i).summary()));
    print(u"delta polls: %1; %2 operations, %3 missed, %4 versions repeated, %5 cursor "
          "setbacks, %6 failed"_s.arg(poller.latencies().summary())
                  .arg(written.size())
                  .arg(missed)
                  .arg(poller.repeatedVersions())
                  .arg(poller.cursorSetbacks())
                  .arg(poller.failedPolls()));
    print(u"load average at the end: %1"_s.arg(loadAverage()));

    const bool ok = writer.isDone() && writer.failures() == 0 && pushedEverywhere && drained
            && missed == 0 && poller.repeatedVersions() == 0 && poller.cursorSetbacks() == 0
            && poller.failedPolls() == 0;
    if (!pushedEverywhere)
        std::fprintf(stderr, "bench_cluster: %d pushes never came\n", pushes.unseenCount());
    for (auto &server : servers)
        server->stop();
    return ok ? 0 : 1;
}
