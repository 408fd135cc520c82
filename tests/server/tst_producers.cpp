// The producer contract (v1.1) against the real optrackd: an operation made through
// POST /api/operations is its producer's to move, whatever its type — the built-in workloads
// act only on what they started through their own routes, also after a restart — and a PATCH
// that changes nothing writes nothing (no version, no event, no push).

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QJsonArray>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString bob = u"bob"_s;
const QString svc = u"svc"_s;
const QString serviceActor = u"optrackd"_s;
const QStringList builtInTypes{u"file_upload"_s, u"file_deletion"_s, u"data_export"_s};
constexpr int longTimeoutSeconds = 86'400;

QJsonObject approve()
{
    return {{u"decision"_s, u"approve"_s}};
}

/// What a producer sends to start work of a built-in type on a stored file.
QJsonObject producersOperation(const QString &type, const QString &fileId, const QString &owner)
{
    return {{u"operationType"_s, type},
            {u"entityId"_s, fileId},
            {u"userId"_s, owner},
            {u"steps"_s, QJsonArray{u"Wait for approval"_s, u"Work"_s}},
            {u"context"_s, QJsonObject{{u"fileId"_s, fileId}}},
            {u"approval"_s, QJsonObject{{u"required"_s, 1}}}};
}

} // namespace

class tst_Producers final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void producerMovesBuiltInTypes_data();
    void producerMovesBuiltInTypes();
    void builtInDeletionStillDeletes();
    void workloadRoutesLeaveProducersAlone();
    void ownershipSurvivesRestart();
    void patchThatChangesNothing_data();
    void patchThatChangesNothing();

private:
    QString storedFile();
    /// The operation's audit trail holds nothing from the service itself.
    void expectOnlyPeopleActed(const QString &operationId);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
    WorkloadScenario m_workloads{m_client};
    int m_nextFile = 0;
};

void tst_Producers::initTestCase()
{
    m_server.setExtraConfig(
            {{u"approvalPolicies"_s,
              QJsonObject{{u"file_deletion"_s,
                           QJsonObject{{u"requiredApprovals"_s, 1},
                                       {u"voterRole"_s, u"approver"_s},
                                       {u"timeoutSeconds"_s, longTimeoutSeconds}}}}}});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Producers::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QString tst_Producers::storedFile()
{
    return m_workloads.uploadStored(alice, WorkloadScenario::generatedFile(2),
                                    u"producer-%1.csv"_s.arg(++m_nextFile));
}

void tst_Producers::expectOnlyPeopleActed(const QString &operationId)
{
    for (const QJsonValue &event : m_workloads.events(operationId)) {
        QVERIFY2(event.toObject().value(u"actor"_s).toString() != serviceActor,
                 qPrintable(u"the service moved %1: %2"_s.arg(
                         operationId, event.toObject().value(u"message"_s).toString())));
    }
}

void tst_Producers::producerMovesBuiltInTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("producer");
    for (const QString &type : builtInTypes) {
        QTest::addRow("%s by its owner", qPrintable(type)) << type << alice;
        QTest::addRow("%s by a service", qPrintable(type)) << type << svc;
    }
}

// The case of issue 9: a backend that deletes files itself reports a file_deletion, which an
// approver approves; the backend then runs it and completes it, and the service never steps in.
void tst_Producers::producerMovesBuiltInTypes()
{
    QFETCH(QString, type);
    QFETCH(QString, producer);
    const QString fileId = storedFile();
    QVERIFY(!fileId.isEmpty());
    const QJsonObject created
            = m_scenario.create(producer, producersOperation(type, fileId, alice));
    QVERIFY(!created.isEmpty());
    QCOMPARE(statusOf(created), u"pending"_s);
    QCOMPARE(created.value(u"builtIn"_s), QJsonValue(false));
    const QString path = operationPath(idOf(created));

    EXPECT_STATUS(m_client.patch(path, producer, {{u"status"_s, u"waiting_for_approval"_s}}), 200);
    const ApiResponse vote = m_client.post(path + u"/votes"_s, bob, approve());
    EXPECT_STATUS(vote, 200);
    QCOMPARE(vote.json.value(u"finalDecision"_s).toString(), u"approved"_s);

    const ApiResponse running = m_client.patch(path, producer,
                                               {{u"status"_s, u"in_progress"_s},
                                                {u"progressPercentage"_s, 50},
                                                {u"currentStep"_s, 2}});
    EXPECT_STATUS(running, 200);
    QCOMPARE(statusOf(running.json), u"in_progress"_s);
    QVERIFY(running.json.value(u"cancellable"_s).toBool());
    const QJsonObject result{{u"done by"_s, producer}};
    const ApiResponse completed = m_client.patch(
            path, producer, {{u"status"_s, u"completed"_s}, {u"result"_s, result}});
    EXPECT_STATUS(completed, 200);
    QCOMPARE(statusOf(completed.json), u"completed"_s);
    QCOMPARE(completed.json.value(u"result"_s).toObject(), result);

    expectOnlyPeopleActed(idOf(created));
    QStringList kinds;
    for (const QJsonValue &event : m_workloads.events(idOf(created)))
        kinds << event.toObject().value(u"kind"_s).toString();
    QCOMPARE(kinds,
             (QStringList{u"created"_s, u"status"_s, u"vote"_s, u"decision"_s, u"status"_s,
                          u"status"_s}));
    // The file the context names is the producer's business: the service kept it.
    QVERIFY(!m_workloads.listedFile(alice, fileId).isEmpty());
}

void tst_Producers::builtInDeletionStillDeletes()
{
    const QString fileId = storedFile();
    QVERIFY(!fileId.isEmpty());
    const ApiResponse asked
            = m_client.send(ApiRequest::raw("DELETE"_ba, u"/api/files/"_s + fileId, alice, {}));
    EXPECT_STATUS(asked, 202);
    const QString id = asked.json.value(u"operationId"_s).toString();
    const QJsonObject waiting = m_workloads.waitForStatus(id, {u"waiting_for_approval"_s});
    QCOMPARE(waiting.value(u"builtIn"_s), QJsonValue(true));
    EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, approve()), 200);
    const QJsonObject done = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(done), u"completed"_s);
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
}

// Retry and download belong to what the workloads ran; a producer's operation of the same
// type has no kept input and no export file.
void tst_Producers::workloadRoutesLeaveProducersAlone()
{
    QJsonObject upload;
    m_scenario.makeInStatus(alice, u"failed"_s, false, &upload, u"file_upload"_s);
    QVERIFY(!upload.isEmpty());
    const ApiResponse retry = m_client.post(operationPath(idOf(upload), u"/retry"_s), alice);
    EXPECT_STATUS(retry, 409);
    ApiScenario::expectErrorBody(retry, u"conflict"_s);

    QJsonObject exported;
    m_scenario.makeInStatus(alice, u"completed"_s, false, &exported, u"data_export"_s);
    QVERIFY(!exported.isEmpty());
    const ApiResponse download
            = m_client.get(u"/api/exports/%1/download"_s.arg(idOf(exported)), alice);
    EXPECT_STATUS(download, 404);
    expectOnlyPeopleActed(idOf(upload));
    expectOnlyPeopleActed(idOf(exported));
}

// Which operations the workloads started is kept with them: after a SIGKILL the service
// resumes its own deletion and leaves the producers' running work alone (it used to fail
// "interrupted" uploads and exports and run approved deletions of any origin).
void tst_Producers::ownershipSurvivesRestart()
{
    QJsonObject upload;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &upload, u"file_upload"_s);
    QJsonObject exported;
    m_scenario.makeInStatus(alice, u"pending"_s, false, &exported, u"data_export"_s);
    const QString producersFile = storedFile();
    const QJsonObject deletion = m_scenario.create(
            alice, producersOperation(u"file_deletion"_s, producersFile, alice));
    QVERIFY(!upload.isEmpty() && !exported.isEmpty() && !deletion.isEmpty());
    const QString deletionPath = operationPath(idOf(deletion));
    EXPECT_STATUS(m_client.patch(deletionPath, alice, {{u"status"_s, u"waiting_for_approval"_s}}),
                  200);
    EXPECT_STATUS(m_client.post(deletionPath + u"/votes"_s, bob, approve()), 200);
    const QJsonObject approved = m_workloads.operation(idOf(deletion));
    QCOMPARE(statusOf(approved), u"approved"_s);

    const QString servicesFile = storedFile();
    const ApiResponse asked = m_client.send(
            ApiRequest::raw("DELETE"_ba, u"/api/files/"_s + servicesFile, alice, {}));
    EXPECT_STATUS(asked, 202);
    const QString servicesDeletion = asked.json.value(u"operationId"_s).toString();
    m_workloads.waitForStatus(servicesDeletion, {u"waiting_for_approval"_s});

    m_server.kill();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    // The service's own deletion goes on after its approval.
    EXPECT_STATUS(m_client.post(operationPath(servicesDeletion, u"/votes"_s), bob, approve()), 200);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(servicesDeletion)), u"completed"_s);
    QVERIFY(m_workloads.listedFile(alice, servicesFile).isEmpty());

    // The producers' operations are as they left them, and still theirs to move.
    m_scenario.expectUnchanged(upload);
    m_scenario.expectUnchanged(exported);
    m_scenario.expectUnchanged(approved);
    EXPECT_STATUS(m_client.patch(deletionPath, alice, {{u"status"_s, u"in_progress"_s}}), 200);
    EXPECT_STATUS(m_client.patch(deletionPath, alice, {{u"status"_s, u"completed"_s}}), 200);
    for (const QJsonObject &op : {upload, exported, deletion})
        expectOnlyPeopleActed(idOf(op));
    QVERIFY(!m_workloads.listedFile(alice, producersFile).isEmpty());
}

void tst_Producers::patchThatChangesNothing_data()
{
    QTest::addColumn<QString>("producer");
    QTest::addColumn<QJsonObject>("body");

    const QJsonObject everything{{u"status"_s, u"in_progress"_s},
                                 {u"progressPercentage"_s, 40},
                                 {u"currentStep"_s, 1},
                                 {u"stepDescription"_s, u"Copying"_s},
                                 {u"errorMessage"_s, u"slow disk"_s},
                                 {u"result"_s, QJsonObject{{u"partial"_s, 1}}},
                                 {u"context"_s, QJsonObject{{u"host"_s, u"db1"_s}}}};
    const auto field = [&everything](const QString &name) {
        return QJsonObject{{name, everything.value(name)}};
    };
    for (const QString &producer : {alice, svc}) {
        const auto row = [&producer](const char *name, const QJsonObject &body) {
            QTest::addRow("%s/%s", qPrintable(producer), name) << producer << body;
        };
        row("empty body (a heartbeat)", {});
        row("same status", field(u"status"_s));
        row("same progress", field(u"progressPercentage"_s));
        row("same step and description",
            {{u"currentStep"_s, 1}, {u"stepDescription"_s, u"Copying"_s}});
        row("same error message", field(u"errorMessage"_s));
        row("same result", field(u"result"_s));
        row("same context key", field(u"context"_s));
        row("the owner in context", {{u"context"_s, QJsonObject{{u"userId"_s, alice}}}});
        row("everything again", everything);
    }
}

void tst_Producers::patchThatChangesNothing()
{
    QFETCH(QString, producer);
    QFETCH(QJsonObject, body);
    const QJsonObject created = m_scenario.create(
            alice, {{u"operationType"_s, u"t.noop"_s}, {u"steps"_s, QJsonArray{u"Copying"_s}}});
    const QJsonObject marker = m_scenario.create(alice, {{u"operationType"_s, u"t.marker"_s}});
    QVERIFY(!created.isEmpty() && !marker.isEmpty());
    const QString path = operationPath(idOf(created));
    const ApiResponse set = m_client.patch(path, alice,
                                           {{u"status"_s, u"in_progress"_s},
                                            {u"progressPercentage"_s, 40},
                                            {u"currentStep"_s, 1},
                                            {u"stepDescription"_s, u"Copying"_s},
                                            {u"errorMessage"_s, u"slow disk"_s},
                                            {u"result"_s, QJsonObject{{u"partial"_s, 1}}},
                                            {u"context"_s, QJsonObject{{u"host"_s, u"db1"_s}}}});
    EXPECT_STATUS(set, 200);
    const qint64 eventsBefore = m_workloads.events(idOf(created)).size();
    const qint64 cursor = m_scenario.cursor();
    StreamRecorder stream(&m_server);
    stream.open(alice, cursor);
    QTRY_VERIFY(stream.isConnected());

    const ApiResponse answer = m_client.patch(path, producer, body);
    EXPECT_STATUS(answer, 200);
    QCOMPARE(withoutEstimate(answer.json), withoutEstimate(set.json));
    QCOMPARE(answer.header("ETag"), set.header("ETag"));

    m_scenario.expectNoChangeSince(cursor);
    m_scenario.expectUnchanged(set.json);
    QCOMPARE(m_workloads.events(idOf(created)).size(), eventsBefore);
    // Pushes go out in version order: once the marker's change arrives, a push of the first
    // operation would have come before it.
    const ApiResponse moved
            = m_client.patch(operationPath(idOf(marker)), alice, {{u"progressPercentage"_s, 1}});
    EXPECT_STATUS(moved, 200);
    QTRY_VERIFY(stream.sawVersionAtLeast(idOf(marker), versionOf(moved.json)));
    QVERIFY2(!stream.sawOperation(idOf(created)), "a PATCH that changed nothing was pushed");
}

QTEST_GUILESS_MAIN(tst_Producers)
#include "tst_producers.moc"
