// Deletion of transaction files (DELETE /api/files/{fileId}) against the real optrackd: the
// wait for approval, deny (the file stays), approve (the file and its rows go), one deletion
// at a time per file (also when several arrive together), who may ask, and retry.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - The deletion operation's context names the file (fileId), and an admin's deletion of
//   someone's file is owned by the file's owner.
// - A retry of someone else's operation is 403 or 404 (the contract names only who may).

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "workloadscenario.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>
#include <QUuid>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;

const QStringList deletionSteps{u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};
const QString waitingDescription = u"Collecting approval votes"_s;
const QString startingDescription = u"All approvals received, starting deletion"_s;

constexpr int concurrentRequests = 8;
constexpr int concurrentRounds = 3;
constexpr int longTimeoutSeconds = 86'400;

QString filePath(const QString &fileId)
{
    return u"/api/files/"_s + fileId;
}

QJsonObject vote(const QString &decision, const QString &reason = {})
{
    QJsonObject body{{u"decision"_s, decision}};
    if (!reason.isEmpty())
        body.insert(u"reason"_s, reason);
    return body;
}

} // namespace

class tst_WorkloadsDelete final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void deletionWaitsForApproval();
    void denyKeepsTheFile();
    void cancelKeepsTheFile();
    void approveDeletesFileAndRows();
    void secondDeletionIsAConflict();
    void concurrentDeletionsMakeOne();
    void idempotencyKeyReplays_data();
    void idempotencyKeyReplays();
    void whoMayDelete_data();
    void whoMayDelete();
    void adminDeletesSomeonesFile();
    void forgedDeletionDeletesNothing();
    void retryOfADeniedDeletion();
    void retryRules_data();
    void retryRules();

private:
    /// A stored file of owner's with rows dated in month (YYYY-MM); its id.
    QString storedFile(const QString &owner, const QString &month, int rows = 3);
    /// DELETE as user, expecting 202; the new operation's id.
    QString requestDeletion(const QString &user, const QString &fileId);
    QString storedPath(const QString &fileId) const;
    void expectFileKept(const QString &owner, const QString &fileId, const QString &month,
                        int rows);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client, sam};
    WorkloadScenario m_workloads{m_client};
    int m_nextMonth = 1;
};

void tst_WorkloadsDelete::initTestCase()
{
    m_server.setExtraConfig(
            {{u"approvalPolicies"_s,
              QJsonObject{{u"file_deletion"_s,
                           QJsonObject{{u"requiredApprovals"_s, 1},
                                       {u"voterRole"_s, u"approver"_s},
                                       {u"denyDecides"_s, true},
                                       {u"timeoutSeconds"_s, longTimeoutSeconds}}}}}});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_WorkloadsDelete::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QString tst_WorkloadsDelete::storedFile(const QString &owner, const QString &month, int rows)
{
    QByteArray content = WorkloadScenario::header;
    for (int i = 0; i < rows; ++i) {
        content += month.toLatin1() + "-1" + QByteArray::number(i % 10) + ",ACC-"
                + QByteArray::number(i) + ",1.00,EUR,row\n";
    }
    return m_workloads.uploadStored(
            owner, content,
            u"del-%1.csv"_s.arg(QUuid::createUuid().toString(QUuid::Id128).left(8)));
}

QString tst_WorkloadsDelete::requestDeletion(const QString &user, const QString &fileId)
{
    const ApiResponse answer
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), user, {}));
    if (answer.status != 202) {
        QTest::qFail(qPrintable(u"deletion refused: "_s + answer.describe()), __FILE__, __LINE__);
        return {};
    }
    return answer.json.value(u"operationId"_s).toString();
}

QString tst_WorkloadsDelete::storedPath(const QString &fileId) const
{
    return QDir(m_server.dataDir()).filePath(u"files/%1.csv"_s.arg(fileId));
}

void tst_WorkloadsDelete::expectFileKept(const QString &owner, const QString &fileId,
                                         const QString &month, int rows)
{
    QVERIFY2(!m_workloads.listedFile(owner, fileId).isEmpty(), "the file is no longer listed");
    QVERIFY(QFileInfo::exists(storedPath(fileId)));
    QCOMPARE(m_workloads.exportedRows(owner, month).size(), rows);
}

void tst_WorkloadsDelete::deletionWaitsForApproval()
{
    const QString fileId = storedFile(alice, u"2040-01"_s);
    QVERIFY(!fileId.isEmpty());
    const ApiResponse answer
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), alice, {}));
    EXPECT_STATUS(answer, 202);
    QCOMPARE(answer.json.value(u"status"_s).toString(), u"initiated"_s);
    QVERIFY(!answer.json.value(u"message"_s).toString().trimmed().isEmpty());
    const QString id = answer.json.value(u"operationId"_s).toString();

    // Answered once it waits: the first read already shows it.
    const QJsonObject op = m_workloads.operation(id);
    QCOMPARE(op.value(u"operationType"_s).toString(), u"file_deletion"_s);
    QCOMPARE(statusOf(op), u"waiting_for_approval"_s);
    QCOMPARE(op.value(u"progressPercentage"_s).toDouble(), 10.0);
    QCOMPARE(op.value(u"stepDescription"_s).toString(), waitingDescription);
    QCOMPARE(op.value(u"currentStep"_s).toInt(), 1);
    QCOMPARE(op.value(u"steps"_s).toArray(), QJsonArray::fromStringList(deletionSteps));
    QCOMPARE(ownerOf(op), alice);
    QCOMPARE(op.value(u"context"_s).toObject().value(u"fileId"_s).toString(), fileId);
    const QJsonObject approval = op.value(u"approval"_s).toObject();
    QCOMPARE(approval.value(u"required"_s).toInt(), 1);
    QCOMPARE(approval.value(u"decision"_s).toString(), u"pending"_s);

    // The approver is asked; the file stays meanwhile.
    const ApiResponse approvals = m_client.get(u"/api/operations?scope=approvals"_s, bob);
    EXPECT_STATUS(approvals, 200);
    QVERIFY(idsOf(approvals.operations()).contains(id));
    expectFileKept(alice, fileId, u"2040-01"_s, 3);
}

void tst_WorkloadsDelete::denyKeepsTheFile()
{
    const QString fileId = storedFile(alice, u"2040-02"_s);
    const QString id = requestDeletion(alice, fileId);
    QVERIFY(!id.isEmpty());
    const ApiResponse denied = m_client.post(operationPath(id, u"/votes"_s), bob,
                                             vote(u"deny"_s, u"still needed"_s));
    EXPECT_STATUS(denied, 200);
    QCOMPARE(denied.json.value(u"finalDecision"_s).toString(), u"denied"_s);
    const QJsonObject op = m_workloads.operation(id);
    QCOMPARE(statusOf(op), u"denied"_s);
    QCOMPARE(op.value(u"errorMessage"_s).toString(), u"Denied by bob: still needed"_s);
    expectFileKept(alice, fileId, u"2040-02"_s, 3);
    // The file is free for a new deletion.
    QVERIFY(!requestDeletion(alice, fileId).isEmpty());
}

void tst_WorkloadsDelete::cancelKeepsTheFile()
{
    const QString fileId = storedFile(alice, u"2040-03"_s);
    const QString id = requestDeletion(alice, fileId);
    QVERIFY(!id.isEmpty());
    const ApiResponse cancel = m_client.post(operationPath(id, u"/cancel"_s), alice);
    EXPECT_STATUS(cancel, 200);
    QCOMPARE(statusOf(m_workloads.operation(id)), u"cancelled"_s);
    // A vote on the cancelled deletion changes nothing.
    EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"approve"_s)), 409);
    expectFileKept(alice, fileId, u"2040-03"_s, 3);
    QVERIFY(!requestDeletion(alice, fileId).isEmpty());
}

void tst_WorkloadsDelete::approveDeletesFileAndRows()
{
    const QString month = u"2040-04"_s;
    const QString fileId = storedFile(alice, month, 5);
    const QString keptId = storedFile(alice, month, 2);
    QCOMPARE(m_workloads.exportedRows(alice, month).size(), 7);
    const QString id = requestDeletion(alice, fileId);
    QVERIFY(!id.isEmpty());
    const ApiResponse approved
            = m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"approve"_s));
    EXPECT_STATUS(approved, 200);
    QCOMPARE(approved.json.value(u"finalDecision"_s).toString(), u"approved"_s);

    const QJsonObject done = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(done), u"completed"_s);
    QCOMPARE(done.value(u"progressPercentage"_s).toDouble(), 100.0);
    QCOMPARE(done.value(u"result"_s).toObject().value(u"fileId"_s).toString(), fileId);

    // The trail: waiting at 10%, approved by bob's vote, 75% "All approvals received", 100%.
    const QJsonArray events = m_workloads.events(id);
    QStringList statuses;
    bool sawStart = false;
    bool sawWaiting = false;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const QString status = event.value(u"status"_s).toString();
        if (statuses.isEmpty() || statuses.last() != status)
            statuses.append(status);
        if (status == u"waiting_for_approval"_s
            && event.value(u"stepDescription"_s).toString() == waitingDescription
            && event.value(u"progressPercentage"_s).toDouble() == 10.0) {
            sawWaiting = true;
        }
        if (status == u"in_progress"_s
            && event.value(u"stepDescription"_s).toString() == startingDescription
            && event.value(u"progressPercentage"_s).toDouble() == 75.0) {
            sawStart = true;
        }
        if (event.value(u"kind"_s).toString() == u"decision"_s)
            QCOMPARE(event.value(u"actor"_s).toString(), bob);
    }
    QCOMPARE(statuses,
             (QStringList{u"pending"_s, u"waiting_for_approval"_s, u"approved"_s, u"in_progress"_s,
                          u"completed"_s}));
    QVERIFY(sawWaiting);
    QVERIFY2(sawStart, "no event at 75% \"All approvals received, starting deletion\"");

    // The file and its rows are gone; the other file of the month stays whole.
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QVERIFY(m_workloads.listedFile(sam, fileId).isEmpty());
    QVERIFY(!QFileInfo::exists(storedPath(fileId)));
    const QJsonArray rows = m_workloads.exportedRows(alice, month);
    QCOMPARE(rows.size(), 2);
    for (const QJsonValue &row : rows)
        QCOMPARE(row.toObject().value(u"fileId"_s).toString(), keptId);
    // Nothing left to delete.
    const ApiResponse again
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), alice, {}));
    EXPECT_STATUS(again, 404);
}

void tst_WorkloadsDelete::secondDeletionIsAConflict()
{
    const QString fileId = storedFile(alice, u"2040-05"_s);
    const QString id = requestDeletion(alice, fileId);
    QVERIFY(!id.isEmpty());
    const qint64 cursor = m_scenario.cursor();
    for (const QString &user : {alice, ada}) {
        const ApiResponse second
                = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), user, {}));
        EXPECT_STATUS(second, 409);
        ApiScenario::expectErrorBody(second, u"conflict"_s);
        QVERIFY2(second.errorMessage().contains(id),
                 qPrintable(u"the conflict does not name %1: "_s.arg(id) + second.describe()));
    }
    m_scenario.expectNoChangeSince(cursor);
}

// Several deletions of one file in flight together: exactly one is accepted, and only one
// deletion operation exists for the file.
void tst_WorkloadsDelete::concurrentDeletionsMakeOne()
{
    for (int round = 0; round < concurrentRounds; ++round) {
        const QString fileId = storedFile(alice, u"2040-06"_s, 1);
        QVERIFY(!fileId.isEmpty());
        QList<ApiRequest> requests;
        for (int i = 0; i < concurrentRequests; ++i) {
            requests.append(
                    ApiRequest::raw("DELETE"_ba, filePath(fileId), i % 2 ? ada : alice, {}));
        }
        const QList<ApiResponse> answers = m_client.sendAll(requests);
        int accepted = 0;
        QString id;
        for (const ApiResponse &answer : answers) {
            QVERIFY2(answer.status == 202 || answer.status == 409, qPrintable(answer.describe()));
            if (answer.status == 202) {
                ++accepted;
                id = answer.json.value(u"operationId"_s).toString();
            }
        }
        QCOMPARE(accepted, 1);
        // Each refusal names the deletion under way, even one that was still being started.
        for (const ApiResponse &answer : answers) {
            if (answer.status == 409) {
                QVERIFY2(answer.errorMessage().contains(id),
                         qPrintable(u"the conflict does not name %1: "_s.arg(id)
                                    + answer.describe()));
            }
        }

        const ApiResponse list = m_client.get(
                u"/api/operations?scope=all&operationType=file_deletion&limit=1000"_s, svc);
        EXPECT_STATUS(list, 200);
        int deletions = 0;
        for (const QJsonValue &value : list.operations()) {
            const QJsonObject context = value.toObject().value(u"context"_s).toObject();
            deletions += context.value(u"fileId"_s).toString() == fileId ? 1 : 0;
        }
        QCOMPARE(deletions, 1);
    }
}

void tst_WorkloadsDelete::idempotencyKeyReplays_data()
{
    QTest::addColumn<QString>("user");
    QTest::newRow("owner") << alice;
    QTest::newRow("admin, someone's file") << ada;
}

// A replay answers the first deletion again, and the file keeps that one deletion: a new
// request without the key is still refused, naming it.
void tst_WorkloadsDelete::idempotencyKeyReplays()
{
    QFETCH(QString, user);
    const QString fileId = storedFile(alice, u"2040-11"_s, 1);
    QVERIFY(!fileId.isEmpty());
    const HeaderList key{
            {"Idempotency-Key"_ba, "del-" + QUuid::createUuid().toByteArray(QUuid::Id128)}};
    const ApiRequest request = ApiRequest::raw("DELETE"_ba, filePath(fileId), user, {}, key);
    const ApiResponse first = m_client.send(request);
    EXPECT_STATUS(first, 202);
    const QString id = first.json.value(u"operationId"_s).toString();
    for (int i = 0; i < 2; ++i) {
        const ApiResponse replay = m_client.send(request);
        EXPECT_STATUS(replay, 202);
        QCOMPARE(replay.json.value(u"operationId"_s).toString(), id);
    }
    for (const QString &other : {alice, ada}) {
        const ApiResponse plain
                = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), other, {}));
        EXPECT_STATUS(plain, 409);
        QVERIFY2(plain.errorMessage().contains(id), qPrintable(plain.describe()));
    }
    // Approved and done, the file gone: a replay still answers the first request.
    EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"approve"_s)), 200);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(id)), u"completed"_s);
    const ApiResponse afterwards = m_client.send(request);
    EXPECT_STATUS(afterwards, 202);
    QCOMPARE(afterwards.json.value(u"operationId"_s).toString(), id);

    // The same key for another file is a conflict.
    const QString otherFile = storedFile(alice, u"2040-11"_s, 1);
    const ApiResponse reused
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(otherFile), user, {}, key));
    EXPECT_STATUS(reused, 409);
    QVERIFY(m_workloads.listedFile(alice, otherFile).size() > 0);
}

void tst_WorkloadsDelete::whoMayDelete_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("unknownFile");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("staff") << sam << false << 403 << u"forbidden"_s;
    QTest::newRow("another user") << dave << false << 404 << u"not_found"_s;
    QTest::newRow("approver") << bob << false << 404 << u"not_found"_s;
    QTest::newRow("owner, unknown file") << alice << true << 404 << u"not_found"_s;
    QTest::newRow("unknown token")
            << OptrackdProcess::unknownUser << false << 401 << u"unauthorized"_s;
}

void tst_WorkloadsDelete::whoMayDelete()
{
    QFETCH(QString, user);
    QFETCH(bool, unknownFile);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QString fileId
            = unknownFile ? u"file_0123456789abcdef"_s : storedFile(alice, u"2040-07"_s);
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse answer
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), user, {}));
    EXPECT_STATUS(answer, status);
    ApiScenario::expectErrorBody(answer, code);
    m_scenario.expectNoChangeSince(cursor);
    if (!unknownFile)
        QVERIFY(!m_workloads.listedFile(alice, fileId).isEmpty());
}

void tst_WorkloadsDelete::adminDeletesSomeonesFile()
{
    const QString month = u"2040-08"_s;
    const QString fileId = storedFile(alice, month);
    const QString id = requestDeletion(ada, fileId);
    QVERIFY(!id.isEmpty());
    const QJsonObject op = m_workloads.operation(id);
    QCOMPARE(statusOf(op), u"waiting_for_approval"_s);
    // The file's owner owns its deletion, and sees it among her operations.
    QCOMPARE(ownerOf(op), alice);
    EXPECT_STATUS(m_client.get(operationPath(id), alice), 200);
    EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"approve"_s)), 200);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(id)), u"completed"_s);
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QCOMPARE(m_workloads.exportedRows(alice, month), QJsonArray());
}

// A file_deletion made through POST /api/operations that names someone else's file deletes
// nothing, even once approved: only a file's owner (or an admin, for the owner) may delete it.
void tst_WorkloadsDelete::forgedDeletionDeletesNothing()
{
    const QString month = u"2040-12"_s;
    const QString fileId = storedFile(dave, month, 2);
    QVERIFY(!fileId.isEmpty());
    const ApiResponse created = m_client.post(u"/api/operations"_s, alice,
                                              {{u"operationType"_s, u"file_deletion"_s},
                                               {u"entityId"_s, fileId},
                                               {u"context"_s, QJsonObject{{u"fileId"_s, fileId}}}});
    if (created.status != 201) {
        // Refusing built-in types on the generic route is as good.
        QVERIFY2(created.status == 400 || created.status == 403, qPrintable(created.describe()));
        return;
    }
    const QString id = idOf(created.json);
    EXPECT_STATUS(
            m_client.patch(operationPath(id), alice, {{u"status"_s, u"waiting_for_approval"_s}}),
            200);
    EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"approve"_s)), 200);
    // A producer's operation is the producer's to move (v1.1): the service runs no deletion
    // for it, and alice's completing it deletes nothing either.
    EXPECT_STATUS(m_client.patch(operationPath(id), alice, {{u"status"_s, u"completed"_s}}), 200);
    for (const QJsonValue &event : m_workloads.events(id))
        QVERIFY(event.toObject().value(u"actor"_s).toString() != u"optrackd"_s);
    QVERIFY(!m_workloads.listedFile(dave, fileId).isEmpty());
    QVERIFY(QFileInfo::exists(storedPath(fileId)));
    QCOMPARE(m_workloads.exportedRows(dave, month).size(), 2);
    // Dave may still delete his file himself.
    QVERIFY(!requestDeletion(dave, fileId).isEmpty());
}

void tst_WorkloadsDelete::retryOfADeniedDeletion()
{
    const QString month = u"2040-09"_s;
    const QString fileId = storedFile(alice, month);
    const QString id = requestDeletion(alice, fileId);
    QVERIFY(!id.isEmpty());
    EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"deny"_s, u"no"_s)),
                  200);
    const QJsonObject denied = m_workloads.operation(id);
    QCOMPARE(statusOf(denied), u"denied"_s);

    const ApiResponse retry = m_client.post(operationPath(id, u"/retry"_s), alice);
    EXPECT_STATUS(retry, 202);
    const QString newId = retry.json.value(u"operationId"_s).toString();
    QVERIFY(!newId.isEmpty());
    QVERIFY(newId != id);

    // The new deletion waits for approval of the same file.
    const QJsonObject next = m_workloads.operation(newId);
    QCOMPARE(next.value(u"operationType"_s).toString(), u"file_deletion"_s);
    QCOMPARE(statusOf(next), u"waiting_for_approval"_s);
    QCOMPARE(next.value(u"progressPercentage"_s).toDouble(), 10.0);
    QCOMPARE(next.value(u"context"_s).toObject().value(u"fileId"_s).toString(), fileId);

    // The old one keeps its history and status, and its trail names the new one last.
    const QJsonObject old = m_workloads.operation(id);
    QCOMPARE(statusOf(old), u"denied"_s);
    QCOMPARE(old.value(u"errorMessage"_s), denied.value(u"errorMessage"_s));
    const QJsonArray events = m_workloads.events(id);
    const QJsonObject last = events.last().toObject();
    QCOMPARE(last.value(u"kind"_s).toString(), u"retry"_s);
    QVERIFY2(last.value(u"message"_s).toString().contains(newId),
             qPrintable(last.value(u"message"_s).toString()));
    QCOMPARE(last.value(u"actor"_s).toString(), alice);

    // A second retry while the first is under way is refused (one deletion per file).
    EXPECT_STATUS(m_client.post(operationPath(id, u"/retry"_s), alice), 409);

    // Approved this time: the file goes.
    EXPECT_STATUS(m_client.post(operationPath(newId, u"/votes"_s), bob, vote(u"approve"_s)), 200);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(newId)), u"completed"_s);
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QCOMPARE(m_workloads.exportedRows(alice, month), QJsonArray());
}

void tst_WorkloadsDelete::retryRules_data()
{
    QTest::addColumn<QString>("situation");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QList<int>>("statuses");
    QTest::newRow("waiting deletion") << u"waiting"_s << alice << QList<int>{409};
    QTest::newRow("completed upload") << u"completed upload"_s << alice << QList<int>{409};
    QTest::newRow("failed custom operation") << u"failed custom"_s << alice << QList<int>{409};
    QTest::newRow("denied deletion, another user") << u"denied"_s << dave << QList<int>{403, 404};
    QTest::newRow("denied deletion, staff") << u"denied"_s << sam << QList<int>{403};
    QTest::newRow("denied deletion, admin") << u"denied"_s << ada << QList<int>{202};
    QTest::newRow("unknown operation") << u"unknown"_s << alice << QList<int>{404};
}

void tst_WorkloadsDelete::retryRules()
{
    QFETCH(QString, situation);
    QFETCH(QString, user);
    QFETCH(QList<int>, statuses);
    QString id;
    if (situation == u"waiting"_s || situation == u"denied"_s) {
        id = requestDeletion(alice, storedFile(alice, u"2040-10"_s, 1));
        QVERIFY(!id.isEmpty());
        if (situation == u"denied"_s) {
            EXPECT_STATUS(m_client.post(operationPath(id, u"/votes"_s), bob, vote(u"deny"_s)), 200);
        }
    } else if (situation == u"completed upload"_s) {
        const ApiResponse list = m_client.get(
                u"/api/operations?scope=mine&operationType=file_upload&status=completed"_s, alice);
        EXPECT_STATUS(list, 200);
        QVERIFY(!list.operations().isEmpty());
        id = idOf(list.operations().first().toObject());
    } else if (situation == u"failed custom"_s) {
        QJsonObject op;
        m_scenario.makeInStatus(alice, u"failed"_s, false, &op, u"custom.job"_s);
        QVERIFY(!QTest::currentTestFailed());
        id = idOf(op);
    } else {
        id = u"op_0000000000000000"_s;
    }
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse retry = m_client.post(operationPath(id, u"/retry"_s), user);
    QVERIFY2(statuses.contains(retry.status), qPrintable(retry.describe()));
    if (retry.status == 202) {
        QCOMPARE(ownerOf(m_workloads.operation(retry.json.value(u"operationId"_s).toString())),
                 alice);
    } else {
        m_scenario.expectNoChangeSince(cursor);
    }
}

QTEST_GUILESS_MAIN(tst_WorkloadsDelete)
#include "tst_workloads_delete.moc"
