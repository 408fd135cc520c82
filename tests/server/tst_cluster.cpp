// Several optrackd on one PostgreSQL database: any instance answers any request, one writes and
// the others follow it; changes are visible and pushed everywhere, delta polls across the
// instances miss nothing and repeat nothing, a vote race and an Idempotency-Key are decided
// once, deadlines fire once, a killed instance (the writer too) loses nothing, and the
// workloads' files are served by every instance and outlive the one that stored them.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "testdatabase.h"
#include "workloadscenario.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <signal.h>
#include <vector>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int instanceCount = 3;
constexpr int raceVoters = 8;
// A change through one instance reaches the others' reads within this (the bar is 100 ms
// p99, measured by bench_cluster; a loaded test machine gets more room).
constexpr int visibleWithinMs = 2000;
// Writes succeed again through the survivors within this after the writer is killed.
constexpr int failoverWithinMs = 5000;
const QString alice = u"alice"_s;
const QString sam = u"sam"_s;
const QString svc = u"svc"_s;

QString racer(int index)
{
    return u"racer%1"_s.arg(index);
}

} // namespace

class tst_Cluster final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void everyInstanceServesAndOneWrites();
    void aChangeThroughAnyInstanceIsReadEverywhere();
    void pushesReachTheStreamsOfEveryInstance();
    void deltaPollsAcrossInstancesMissNothingAndRepeatNothing();
    void votesThroughDifferentInstancesDecideOnce();
    void oneIdempotencyKeyThroughEveryInstanceMakesOneOperation();
    void aDeadlineFiresOnceAndSurvivesTheWriter();
    void killingEachInstanceInTurnLosesNothing();
    void aFrozenWriterIsReplacedAndStops();
    void workloadFilesAreEveryInstancesAndOutliveTheirWriter();

private:
    bool startAll();
    int writerIndex();
    QString roleOf(int index);
    /// Polls scope=all from cursor through instance `index`; appends what came and moves
    /// the cursor. False when the poll failed.
    bool poll(int index, qint64 *cursor, QList<QJsonObject> *seen);

    std::unique_ptr<TestDatabase> m_database;
    std::vector<std::unique_ptr<OptrackdProcess>> m_servers;
    std::vector<std::unique_ptr<ApiClient>> m_clients;
};

void tst_Cluster::init()
{
    QString error;
    m_database = TestDatabase::create(TestDatabase::clusterUri(), &error);
    QVERIFY2(m_database, qPrintable(error));
    for (int i = 0; i < instanceCount; ++i) {
        auto server = std::make_unique<OptrackdProcess>();
        if (i == 0) {
            for (int v = 1; v <= raceVoters; ++v)
                server->addUser(racer(v), {u"approver"_s});
        } else {
            server->shareUsersOf(*m_servers.front());
        }
        server->setDatabaseUri(m_database->uri());
        server->setExtraConfig({{u"approvalPolicies"_s,
                                 QJsonObject{{u"c.race"_s,
                                              QJsonObject{{u"requiredApprovals"_s, 3},
                                                          {u"voterRole"_s, u"approver"_s},
                                                          {u"denyDecides"_s, true},
                                                          {u"timeoutSeconds"_s, 3600}}},
                                             {u"file_deletion"_s,
                                              QJsonObject{{u"requiredApprovals"_s, 1},
                                                          {u"voterRole"_s, u"approver"_s},
                                                          {u"timeoutSeconds"_s, 3600}}}}}});
        m_clients.push_back(std::make_unique<ApiClient>(server.get()));
        m_servers.push_back(std::move(server));
    }
    QVERIFY(startAll());
}

void tst_Cluster::cleanup()
{
    m_clients.clear();
    for (auto &server : m_servers) {
        if (server->isRunning())
            server->kill();
    }
    m_servers.clear();
    m_database.reset();
}

bool tst_Cluster::startAll()
{
    for (auto &server : m_servers) {
        if (!server->start()) {
            qWarning() << server->errorString();
            return false;
        }
    }
    return true;
}

QString tst_Cluster::roleOf(int index)
{
    const ApiResponse health = m_clients.at(index)->get(u"/healthz"_s, {});
    return health.json.value(u"role"_s).toString();
}

int tst_Cluster::writerIndex()
{
    for (int i = 0; i < instanceCount; ++i) {
        if (m_servers.at(i)->isRunning() && roleOf(i) == u"writer"_s)
            return i;
    }
    return -1;
}

bool tst_Cluster::poll(int index, qint64 *cursor, QList<QJsonObject> *seen)
{
    for (;;) {
        const ApiResponse page = m_clients.at(index)->get(
                u"/api/operations?scope=all&limit=200&since=%1"_s.arg(*cursor), sam);
        if (page.status != 200)
            return false;
        const QJsonArray operations = page.json.value(u"operations"_s).toArray();
        for (const QJsonValue &op : operations)
            seen->append(op.toObject());
        const qint64 next = page.json.value(u"cursor"_s).toInteger();
        if (next < *cursor)
            return false; // a cursor never goes back
        *cursor = next;
        if (operations.size() < 200)
            return true;
    }
}

void tst_Cluster::everyInstanceServesAndOneWrites()
{
    QStringList roles;
    for (int i = 0; i < instanceCount; ++i)
        roles.append(roleOf(i));
    QCOMPARE(roles.count(u"writer"_s), 1);
    QCOMPARE(roles.count(u"follower"_s), instanceCount - 1);
    // Each instance stays within its connections: the writer one, a follower two.
    const QString connections = *TestDatabase::query(
            TestDatabase::clusterUri(),
            u"SELECT count(*) FROM pg_stat_activity WHERE datname = '%1'"_s.arg(m_database->name()),
            nullptr);
    QCOMPARE(connections.toInt(), 1 + 2 * (instanceCount - 1));
}

void tst_Cluster::aChangeThroughAnyInstanceIsReadEverywhere()
{
    const int writer = writerIndex();
    QVERIFY(writer >= 0);
    const int follower = (writer + 1) % instanceCount;
    const int other = (writer + 2) % instanceCount;
    ApiScenario scenario(*m_clients.at(follower));
    const QJsonObject created = scenario.create(alice, {{u"operationType"_s, u"c.moves"_s}});
    QVERIFY(!created.isEmpty());
    const QString path = operationPath(idOf(created));
    // The instance it went through shows it at once (it answered only once it had it).
    EXPECT_STATUS(m_clients.at(follower)->get(path, alice), 200);

    const ApiResponse patched = m_clients.at(other)->patch(
            path, alice, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 40}});
    EXPECT_STATUS(patched, 200);
    const qint64 version = patched.json.value(u"version"_s).toInteger();
    QCOMPARE(m_clients.at(other)->get(path, alice).json.value(u"version"_s).toInteger(), version);
    for (int i = 0; i < instanceCount; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(
                m_clients.at(i)->get(path, alice).json.value(u"progressPercentage"_s).toInt(), 40,
                visibleWithinMs);
    }
    // The audit trail too.
    for (int i = 0; i < instanceCount; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(m_clients.at(i)
                                          ->get(operationPath(idOf(created), u"/events"_s), alice)
                                          .json.value(u"events"_s)
                                          .toArray()
                                          .size(),
                                  2, visibleWithinMs);
    }
}

void tst_Cluster::pushesReachTheStreamsOfEveryInstance()
{
    std::vector<std::unique_ptr<StreamRecorder>> streams;
    for (int i = 0; i < instanceCount; ++i) {
        streams.push_back(std::make_unique<StreamRecorder>(m_servers.at(i).get()));
        streams.back()->open(sam);
    }
    for (auto &stream : streams)
        QTRY_VERIFY_WITH_TIMEOUT(stream->isConnected(), 10'000);
    for (int through = 0; through < instanceCount; ++through) {
        ApiScenario scenario(*m_clients.at(through));
        const QJsonObject created = scenario.create(alice, {{u"operationType"_s, u"c.push"_s}});
        QVERIFY(!created.isEmpty());
        for (auto &stream : streams)
            QTRY_VERIFY_WITH_TIMEOUT(stream->sawOperation(idOf(created)), visibleWithinMs);
    }
}

void tst_Cluster::deltaPollsAcrossInstancesMissNothingAndRepeatNothing()
{
    constexpr int writers = 30;
    constexpr int patchesEach = 4;
    // Writers on every instance at once: creates, then PATCHes, each through a rotating
    // instance; a poller reads from a rotating instance meanwhile.
    QHash<QString, qint64> finalVersion;
    int running = 0;
    std::function<void(int, QString, int)> next = [&](int writer, QString id, int step) {
        if (step > patchesEach) {
            --running;
            return;
        }
        ApiClient &client = *m_clients.at((writer + step) % instanceCount);
        const ApiRequest request = id.isEmpty()
                ? ApiRequest::post(u"/api/operations"_s, alice,
                                   {{u"operationType"_s, u"c.cursor"_s},
                                    {u"entityId"_s, u"e-%1"_s.arg(writer)}})
                : ApiRequest::patch(
                        operationPath(id), alice,
                        {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, step * 10}});
        client.sendAsync(request, [&, writer, step](const ApiResponse &response) {
            if (!response.isSuccess()) {
                qWarning() << response.describe();
                --running;
                return;
            }
            const QString opId = idOf(response.json);
            finalVersion[opId] = response.json.value(u"version"_s).toInteger();
            next(writer, opId, step + 1);
        });
    };
    for (int writer = 0; writer < writers; ++writer) {
        ++running;
        next(writer, {}, 0);
    }
    qint64 cursor = 0;
    QList<QJsonObject> seen;
    int round = 0;
    // Each poll waits for its answer in an event loop, where the writers' answers come too.
    while (running > 0)
        QVERIFY(poll(round++ % instanceCount, &cursor, &seen));
    QCOMPARE(finalVersion.size(), writers);
    qint64 highest = 0;
    for (const qint64 version : std::as_const(finalVersion))
        highest = std::max(highest, version);
    // Once quiet, every instance has caught up; one last poll through each.
    for (int i = 0; i < instanceCount; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(
                m_clients.at(i)->get(u"/healthz"_s, {}).json.value(u"dataVersion"_s).toInteger(),
                highest, visibleWithinMs);
        QVERIFY(poll(i, &cursor, &seen));
    }
    QSet<qint64> versions;
    QHash<QString, qint64> latest;
    for (const QJsonObject &op : std::as_const(seen)) {
        const qint64 version = op.value(u"version"_s).toInteger();
        QVERIFY2(!versions.contains(version), qPrintable(u"version %1 twice"_s.arg(version)));
        versions.insert(version);
        latest[idOf(op)] = std::max(latest.value(idOf(op)), version);
    }
    QCOMPARE(latest, finalVersion);
}

void tst_Cluster::votesThroughDifferentInstancesDecideOnce()
{
    for (int round = 0; round < 3; ++round) {
        ApiScenario scenario(*m_clients.at(round % instanceCount));
        const QJsonObject created
                = scenario.create(alice,
                                  {{u"operationType"_s, u"c.race"_s},
                                   {u"approval"_s, QJsonObject{{u"required"_s, 3}}}});
        QVERIFY(!created.isEmpty());
        const QString path = operationPath(idOf(created));
        EXPECT_STATUS(
                m_clients.at(0)->patch(path, alice, {{u"status"_s, u"waiting_for_approval"_s}}),
                200);
        // Each voter through another instance, all in flight together.
        QList<ApiResponse> responses;
        int answered = 0;
        for (int v = 1; v <= raceVoters; ++v) {
            m_clients.at(v % instanceCount)
                    ->sendAsync(ApiRequest::post(path + u"/votes"_s, racer(v),
                                                 {{u"decision"_s, u"approve"_s}}),
                                [&](const ApiResponse &response) {
                                    responses.append(response);
                                    ++answered;
                                });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, raceVoters, 30'000);
        int decided = 0;
        int accepted = 0;
        for (const ApiResponse &response : std::as_const(responses)) {
            QVERIFY2(response.status == 200 || response.status == 409,
                     qPrintable(response.describe()));
            if (response.status != 200)
                continue;
            ++accepted;
            if (response.json.value(u"finalDecision"_s).toString() == u"approved"_s)
                ++decided;
        }
        QCOMPARE(decided, 1);
        QCOMPARE(accepted, 3);
        for (int i = 0; i < instanceCount; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(m_clients.at(i)
                                              ->get(path, alice)
                                              .json.value(u"approval"_s)
                                              .toObject()
                                              .value(u"approvals"_s)
                                              .toInt(),
                                      3, visibleWithinMs);
        }
    }
}

void tst_Cluster::oneIdempotencyKeyThroughEveryInstanceMakesOneOperation()
{
    for (int round = 0; round < 5; ++round) {
        const QJsonObject body{{u"operationType"_s, u"c.once"_s}, {u"entityId"_s, u"e-1"_s}};
        const HeaderList key{{"Idempotency-Key", "key-%1"_ba + QByteArray::number(round)}};
        QList<ApiResponse> responses;
        for (int i = 0; i < instanceCount; ++i) {
            m_clients.at(i)->sendAsync(
                    ApiRequest::post(u"/api/operations"_s, alice, body, key),
                    [&](const ApiResponse &response) { responses.append(response); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(responses.size(), instanceCount, 30'000);
        QSet<QString> ids;
        for (const ApiResponse &response : std::as_const(responses)) {
            QVERIFY2(response.status == 201 || response.status == 409,
                     qPrintable(response.describe()));
            if (response.status == 201)
                ids.insert(idOf(response.json));
        }
        QCOMPARE(ids.size(), 1);
    }
    const ApiResponse all = m_clients.at(1)->get(u"/api/operations?scope=all&limit=100"_s, sam);
    QCOMPARE(all.json.value(u"total"_s).toInt(), 5);
}

void tst_Cluster::aDeadlineFiresOnceAndSurvivesTheWriter()
{
    const int writer = writerIndex();
    QVERIFY(writer >= 0);
    const int survivor = (writer + 1) % instanceCount;
    ApiScenario scenario(*m_clients.at(survivor));
    const QJsonObject created
            = scenario.create(svc, {{u"operationType"_s, u"c.beat"_s}, {u"heartbeatSeconds"_s, 5}});
    QVERIFY(!created.isEmpty());
    const QString path = operationPath(idOf(created));
    // The writer, which armed the deadline, dies; the next one fires it, once.
    m_servers.at(writer)->kill();
    QTRY_COMPARE_WITH_TIMEOUT(
            m_clients.at(survivor)->get(path, svc).json.value(u"status"_s).toString(), u"failed"_s,
            15'000);
    QVERIFY(m_servers.at(writer)->restart());
    for (int i = 0; i < instanceCount; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(
                m_clients.at(i)->get(path, svc).json.value(u"status"_s).toString(), u"failed"_s,
                visibleWithinMs);
        const QJsonArray events = m_clients.at(i)
                                          ->get(operationPath(idOf(created), u"/events"_s), svc)
                                          .json.value(u"events"_s)
                                          .toArray();
        int timeouts = 0;
        for (const QJsonValue &event : events)
            timeouts += event.toObject().value(u"kind"_s).toString() == u"timeout"_s;
        QCOMPARE(timeouts, 1);
    }
}

void tst_Cluster::killingEachInstanceInTurnLosesNothing()
{
    // Creates through every instance, one after another, while instances are killed in turn
    // (the writer first); every 201 must be there at the end.
    QSet<QString> acknowledged;
    int unknown = 0; // answered 502: made or not
    const int firstWriter = writerIndex();
    QVERIFY(firstWriter >= 0);
    for (int round = 0; round < instanceCount; ++round) {
        const int victim = (firstWriter + round) % instanceCount;
        const bool wasWriter = roleOf(victim) == u"writer"_s;
        int sent = 0;
        int inFlight = 0;
        QElapsedTimer sinceKill;
        qint64 lastFailureMs = 0;
        int failures = 0;
        int acknowledgedAfterKill = 0;
        std::function<void(int)> load = [&](int client) {
            if (sent >= 200) {
                --inFlight;
                return;
            }
            ++sent;
            m_clients.at(client)->sendAsync(
                    ApiRequest::post(u"/api/operations"_s, alice,
                                     {{u"operationType"_s, u"c.kill"_s},
                                      {u"entityId"_s, u"e-%1"_s.arg(sent)}}),
                    [&, client](const ApiResponse &response) {
                        if (response.status == 201) {
                            acknowledged.insert(idOf(response.json));
                            acknowledgedAfterKill += sinceKill.isValid();
                        } else {
                            // Only while the writer is replaced: 503 (none yet), or 502 for a
                            // request the killed writer had in hand.
                            QVERIFY2(sinceKill.isValid()
                                             && (response.status == 503 || response.status == 502),
                                     qPrintable(response.describe()));
                            ++failures;
                            unknown += response.status == 502;
                            lastFailureMs = sinceKill.elapsed();
                        }
                        load(client);
                    });
        };
        for (int i = 0; i < instanceCount; ++i) {
            if (i == victim)
                continue;
            ++inFlight;
            load(i);
        }
        QTRY_VERIFY_WITH_TIMEOUT(sent >= 40, 30'000);
        // kill() waits for the process in an event loop, where answers already come.
        sinceKill.start();
        m_servers.at(victim)->kill();
        QTRY_VERIFY_WITH_TIMEOUT(inFlight == 0, 60'000);
        qInfo("killed instance %d (%s): %d changes refused, the last %lld ms after the kill; "
              "%d acknowledged after it",
              victim, wasWriter ? "the writer" : "a follower", failures, lastFailureMs,
              acknowledgedAfterKill);
        QVERIFY(lastFailureMs < failoverWithinMs);
        QVERIFY(acknowledgedAfterKill > 0);
        QVERIFY2(m_servers.at(victim)->restart(), qPrintable(m_servers.at(victim)->errorString()));
    }
    QVERIFY(writerIndex() >= 0);
    // Every acknowledged change is stored, and read the same through every instance; besides
    // them at most the ones answered 502.
    QString error;
    const QString storedIds
            = TestDatabase::query(m_database->uri(),
                                  u"SELECT string_agg(id, ',') FROM operations"_s, &error)
                      .value_or(QString());
    const QStringList stored = storedIds.split(u',', Qt::SkipEmptyParts);
    const QSet<QString> storedSet(stored.begin(), stored.end());
    QVERIFY(storedSet.contains(acknowledged));
    QVERIFY(stored.size() <= acknowledged.size() + unknown);
    for (int i = 0; i < instanceCount; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(m_clients.at(i)
                                          ->get(u"/api/operations?scope=all&limit=1"_s, sam)
                                          .json.value(u"total"_s)
                                          .toInt(),
                                  int(stored.size()), visibleWithinMs);
    }
}

// A writer that stops answering (here SIGSTOP) but keeps its connection: its session's idle
// timeout ends it, another instance writes, and the old one, woken, finds its lock gone and
// stops rather than write.
void tst_Cluster::aFrozenWriterIsReplacedAndStops()
{
    const int writer = writerIndex();
    QVERIFY(writer >= 0);
    const int survivor = (writer + 1) % instanceCount;
    ApiScenario scenario(*m_clients.at(survivor));
    QVERIFY(!scenario.create(alice, {{u"operationType"_s, u"c.frozen"_s}}).isEmpty());

    QCOMPARE(::kill(pid_t(m_servers.at(writer)->processId()), SIGSTOP), 0);
    QElapsedTimer frozen;
    frozen.start();
    // Changes through a survivor succeed again once another instance writes. One sent
    // meanwhile waits, or is answered 502 (it went to the frozen writer) or 503.
    int created = 1;
    QStringList statuses;
    while (frozen.elapsed() < 30'000) {
        const ApiResponse response = m_clients.at(survivor)->post(
                u"/api/operations"_s, alice,
                {{u"operationType"_s, u"c.frozen"_s}, {u"entityId"_s, u"e-2"_s}});
        statuses.append(QString::number(response.status));
        if (response.status == 201) {
            ++created;
            break;
        }
        QVERIFY2(response.status == 502 || response.status == 503, qPrintable(response.describe()));
    }
    QCOMPARE(statuses.last(), u"201"_s);
    qInfo("writes succeeded again %lld ms after the writer froze (answers: %s)", frozen.elapsed(),
          qPrintable(statuses.join(u' ')));
    QVERIFY(writerIndex() != writer);

    QCOMPARE(::kill(pid_t(m_servers.at(writer)->processId()), SIGCONT), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_servers.at(writer)->isRunning(), 15'000);
    QCOMPARE(m_servers.at(writer)->exitCode(), 1);
    const QString stored = *TestDatabase::query(m_database->uri(),
                                                u"SELECT count(*) FROM operations"_s, nullptr);
    // Nothing but what was answered 201, and perhaps what was answered 502 (it may or may not
    // have been made: the frozen writer had it).
    qInfo("stored %s, answered 201: %d", qPrintable(stored), created);
    QVERIFY2(stored.toInt() >= created && stored.toInt() <= created + statuses.count(u"502"_s),
             qPrintable(stored));
}

// An upload's rows and bytes and an export's file are in the database: every instance lists
// the file and serves the download, and after the writer that stored them is killed the new
// one exports those rows and retries a failed upload from the bytes the old one received.
void tst_Cluster::workloadFilesAreEveryInstancesAndOutliveTheirWriter()
{
    constexpr int rows = 500;
    const int writer = writerIndex();
    QVERIFY(writer >= 0);
    const int follower = (writer + 1) % instanceCount;
    WorkloadScenario throughFollower(*m_clients.at(follower));
    const QByteArray content = WorkloadScenario::generatedFile(rows, "2026-04-02");
    const QString fileId = throughFollower.uploadStored(alice, content, u"april.csv"_s);
    QVERIFY(!fileId.isEmpty());
    QCOMPARE(*TestDatabase::query(
                     m_database->uri(),
                     u"SELECT count(*) FROM transactions WHERE file_id = '%1'"_s.arg(fileId),
                     nullptr),
             QString::number(rows));
    QCOMPARE(*TestDatabase::query(m_database->uri(),
                                  u"SELECT sum(length(data)) FROM file_contents"
                                  " WHERE name = 'files/%1.csv'"_s.arg(fileId),
                                  nullptr),
             QString::number(content.size()));
    // Every instance lists it from its own list, kept in step with the writer's.
    for (int i = 0; i < instanceCount; ++i) {
        WorkloadScenario on(*m_clients.at(i));
        QTRY_VERIFY_WITH_TIMEOUT(!on.listedFile(alice, fileId).isEmpty(), visibleWithinMs);
    }

    // An export through a follower, downloaded through every instance.
    const QString exportId = throughFollower.startExport(alice, u"csv"_s, u"2026-04"_s);
    QVERIFY(!exportId.isEmpty());
    QCOMPARE(statusOf(throughFollower.waitUntilTerminal(exportId)), u"completed"_s);
    const QString download = u"/api/exports/%1/download"_s.arg(exportId);
    const ApiResponse first = m_clients.at(writer)->get(download, alice);
    EXPECT_STATUS(first, 200);
    const QByteArray exported = first.body;
    QCOMPARE(exported.count('\n'), rows + 1);
    for (int i = 0; i < instanceCount; ++i) {
        const ApiResponse answer = m_clients.at(i)->get(download, alice);
        EXPECT_STATUS(answer, 200);
        QCOMPARE(answer.body, exported);
    }

    // A file that fails validation: its bytes are kept for a retry.
    const QByteArray bad = WorkloadScenario::header + "2026-04-03,acc-1,1.00,EUR,ok\nnot a row\n";
    const QString failedId = throughFollower.startUpload(alice, bad, u"bad.csv"_s);
    QVERIFY(!failedId.isEmpty());
    const QJsonObject failed = throughFollower.waitUntilTerminal(failedId);
    QCOMPARE(statusOf(failed), u"failed"_s);

    // The writer goes. The new one has the old one's files.
    m_servers.at(writer)->kill();
    QTRY_VERIFY_WITH_TIMEOUT(writerIndex() >= 0, 3 * failoverWithinMs);
    for (int i = 0; i < instanceCount; ++i) {
        if (i == writer)
            continue;
        const ApiResponse answer = m_clients.at(i)->get(download, alice);
        EXPECT_STATUS(answer, 200);
        QCOMPARE(answer.body, exported);
    }
    WorkloadScenario throughNewWriter(*m_clients.at(writerIndex()));
    QCOMPARE(throughNewWriter.exported(alice, u"csv"_s, u"2026-04"_s), exported);
    // A retry reads the bytes the killed writer received (not "no longer kept", 409), and
    // fails on the same row.
    const ApiResponse retry
            = m_clients.at(writerIndex())->post(u"/api/operations/%1/retry"_s.arg(failedId), alice);
    EXPECT_STATUS(retry, 202);
    const QJsonObject retried
            = throughNewWriter.waitUntilTerminal(retry.json.value(u"operationId"_s).toString());
    QCOMPARE(statusOf(retried), u"failed"_s);
    QCOMPARE(retried.value(u"errorMessage"_s).toString(),
             failed.value(u"errorMessage"_s).toString());

    // Started again, the old writer follows, without the copies it had made (the database
    // has them), and serves the download from the database.
    QVERIFY2(m_servers.at(writer)->restart(), qPrintable(m_servers.at(writer)->errorString()));
    QCOMPARE(roleOf(writer), u"follower"_s);
    QVERIFY(QDir(QDir(m_servers.at(writer)->dataDir()).filePath(u"exports"_s))
                    .isEmpty(QDir::Files));
    const ApiResponse fromRestarted = m_clients.at(writer)->get(download, alice);
    EXPECT_STATUS(fromRestarted, 200);
    QCOMPARE(fromRestarted.body, exported);

    // The file the old writer stored is deleted through the new one: its rows and bytes go,
    // and it leaves every instance's list.
    const int survivor = writerIndex() == follower ? (writer + 2) % instanceCount : follower;
    const ApiResponse deletion = m_clients.at(survivor)->send(
            ApiRequest::raw("DELETE"_ba, u"/api/files/"_s + fileId, alice, {}));
    EXPECT_STATUS(deletion, 202);
    const QString deletionId = idOf(deletion.json);
    throughNewWriter.waitForStatus(deletionId, {u"waiting_for_approval"_s});
    EXPECT_STATUS(m_clients.at(writerIndex())
                          ->post(u"/api/operations/%1/votes"_s.arg(deletionId), u"bob"_s,
                                 {{u"decision"_s, u"approve"_s}}),
                  200);
    QCOMPARE(statusOf(throughNewWriter.waitUntilTerminal(deletionId)), u"completed"_s);
    for (int i = 0; i < instanceCount; ++i) {
        WorkloadScenario on(*m_clients.at(i));
        QTRY_VERIFY_WITH_TIMEOUT(on.listedFile(alice, fileId).isEmpty(), visibleWithinMs);
    }
    QCOMPARE(*TestDatabase::query(m_database->uri(),
                                  u"SELECT (SELECT count(*) FROM transactions WHERE file_id = '%1')"
                                  " + (SELECT count(*) FROM file_contents"
                                  " WHERE name = 'files/%1.csv')"_s.arg(fileId),
                                  nullptr),
             u"0"_s);
}

QTEST_GUILESS_MAIN(tst_Cluster)
#include "tst_cluster.moc"
