// The life of an operation through the API: the contract's table of moves, terminal
// operations that never change, cancel, context merging, ETag/304 and Retry-After on single
// reads, and the audit trail.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - Every terminal operation has completedAt set.
// - "cancellable": false on create (core's codec reads it) makes /cancel answer 409.
// - The cancel event's message carries the reason given.
// - Retry-After is a whole number of seconds, at least 1; longer for an operation waiting
//   for votes than for one whose progress moves (the pacing hint).
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "operation.h"
#include "operationcodec.h"
#include "optrackdprocess.h"

#include <QJsonArray>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString carol = u"carol"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;
const QStringList terminalStatuses{u"denied"_s, u"completed"_s, u"failed"_s, u"cancelled"_s};

QJsonObject approve()
{
    return {{u"decision"_s, u"approve"_s}};
}

} // namespace

class tst_ApiLifecycle final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void moves_data();
    void moves();
    void terminalNeverChanges_data();
    void terminalNeverChanges();
    void terminalFields_data();
    void terminalFields();
    void cancelAnswer();
    void cancelNotCancellable();
    void contextMerge();
    void contextOwnerNeverChanges();
    void statusRouteMatchesGet();
    void etagOnSingleRead();
    void retryAfter_data();
    void retryAfter();
    void retryAfterLongerWhileWaitingForVotes();
    void auditTrail();

private:
    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
};

void tst_ApiLifecycle::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_ApiLifecycle::cleanupTestCase()
{
    // SIGTERM after a whole suite of requests, good and bad: a clean exit 0.
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_ApiLifecycle::moves_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("expected");

    // The contract's table, written out here rather than taken from core/.
    const QHash<QString, QStringList> allowed{
            {u"pending"_s,
             {u"in_progress"_s, u"waiting_for_approval"_s, u"failed"_s, u"cancelled"_s}},
            {u"in_progress"_s,
             {u"in_progress"_s, u"waiting_for_approval"_s, u"completed"_s, u"failed"_s,
              u"cancelled"_s}},
            {u"waiting_for_approval"_s, {u"failed"_s, u"cancelled"_s}},
            {u"approved"_s, {u"in_progress"_s, u"completed"_s, u"failed"_s, u"cancelled"_s}},
    };
    const QStringList statuses{u"pending"_s,  u"in_progress"_s, u"waiting_for_approval"_s,
                               u"approved"_s, u"denied"_s,      u"completed"_s,
                               u"failed"_s,   u"cancelled"_s};
    for (const QString &from : statuses) {
        for (const QString &to : statuses) {
            // approved and denied only ever come from votes.
            const int expected = allowed.value(from).contains(to) ? 200 : 409;
            QTest::addRow("%s->%s", qPrintable(from), qPrintable(to)) << from << to << expected;
        }
    }
}

void tst_ApiLifecycle::moves()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(int, expected);
    const QStringList approvalStatuses{u"waiting_for_approval"_s, u"approved"_s, u"denied"_s};
    // Operations that need no approval are not sent to waiting_for_approval here: the
    // contract does not say what that does.
    const bool needsApproval = approvalStatuses.contains(from) || approvalStatuses.contains(to);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, from, needsApproval, &operation);
    if (QTest::currentTestFailed())
        return;

    for (const QString &user : {svc, alice}) {
        const ApiResponse response
                = m_client.patch(operationPath(idOf(operation)), user, {{u"status"_s, to}});
        EXPECT_STATUS(response, expected);
        if (expected == 200) {
            QCOMPARE(statusOf(response.json), to);
            // A move to the status it has changes nothing, so it writes nothing (v1.1).
            if (from == to)
                QCOMPARE(versionOf(response.json), versionOf(operation));
            else
                QVERIFY(versionOf(response.json) > versionOf(operation));
            return;
        }
        ApiScenario::expectErrorBody(response, u"conflict"_s);
        m_scenario.expectUnchanged(operation);
        if (QTest::currentTestFailed())
            return;
    }
}

void tst_ApiLifecycle::terminalNeverChanges_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("change");
    const QStringList changes{u"progress"_s,   u"step"_s,          u"context"_s,       u"error"_s,
                              u"sameStatus"_s, u"cancelByOwner"_s, u"cancelByAdmin"_s, u"vote"_s};
    for (const QString &status : terminalStatuses) {
        for (const QString &change : changes)
            QTest::addRow("%s/%s", qPrintable(status), qPrintable(change)) << status << change;
    }
}

void tst_ApiLifecycle::terminalNeverChanges()
{
    QFETCH(QString, status);
    QFETCH(QString, change);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, status, true, &operation);
    if (QTest::currentTestFailed())
        return;
    const QString path = operationPath(idOf(operation));

    QList<ApiResponse> responses;
    if (change == u"progress"_s) {
        responses.append(m_client.patch(path, svc, {{u"progressPercentage"_s, 99}}));
        responses.append(m_client.patch(path, alice, {{u"progressPercentage"_s, 99}}));
    } else if (change == u"step"_s) {
        responses.append(m_client.patch(
                path, svc, {{u"currentStep"_s, 1}, {u"stepDescription"_s, u"again"_s}}));
    } else if (change == u"context"_s) {
        responses.append(m_client.patch(path, svc, {{u"context"_s, QJsonObject{{u"k"_s, 1}}}}));
    } else if (change == u"error"_s) {
        responses.append(m_client.patch(path, svc, {{u"errorMessage"_s, u"late"_s}}));
    } else if (change == u"sameStatus"_s) {
        responses.append(m_client.patch(path, svc, {{u"status"_s, status}}));
    } else if (change == u"cancelByOwner"_s) {
        responses.append(m_client.post(path + u"/cancel"_s, alice));
    } else if (change == u"cancelByAdmin"_s) {
        responses.append(m_client.post(path + u"/cancel"_s, ada));
    } else if (change == u"vote"_s) {
        responses.append(m_client.post(path + u"/votes"_s, carol, approve()));
    }
    for (const ApiResponse &response : std::as_const(responses)) {
        EXPECT_STATUS(response, 409);
        ApiScenario::expectErrorBody(response, u"conflict"_s);
        if (change.startsWith(u"cancel"_s)) {
            QCOMPARE(response.json.value(u"success"_s), QJsonValue(false));
        }
    }
    m_scenario.expectUnchanged(operation);
}

void tst_ApiLifecycle::terminalFields_data()
{
    QTest::addColumn<QString>("status");
    for (const QString &status : terminalStatuses)
        QTest::newRow(qPrintable(status)) << status;
}

void tst_ApiLifecycle::terminalFields()
{
    QFETCH(QString, status);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, status, true, &operation);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(operation.value(u"etaSeconds"_s).isNull());
    QVERIFY(operation.value(u"timeRemaining"_s).isNull());
    // Assumption: every terminal operation records when it ended.
    QVERIFY2(isWireTime(operation.value(u"completedAt"_s)),
             qPrintable(operation.value(u"completedAt"_s).toString()));
}

void tst_ApiLifecycle::cancelAnswer()
{
    QJsonObject operation;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &operation);
    if (QTest::currentTestFailed())
        return;
    const ApiResponse response = m_client.post(operationPath(idOf(operation), u"/cancel"_s), alice,
                                               {{u"reason"_s, u"changed my mind"_s}});
    EXPECT_STATUS(response, 200);
    QCOMPARE(response.json.value(u"success"_s), QJsonValue(true));
    const QJsonObject cancelled = response.json.value(u"operation"_s).toObject();
    QCOMPARE(idOf(cancelled), idOf(operation));
    QCOMPARE(statusOf(cancelled), u"cancelled"_s);
    QVERIFY(versionOf(cancelled) > versionOf(operation));
    m_scenario.expectUnchanged(cancelled);

    // A body is optional.
    QJsonObject second;
    m_scenario.makeInStatus(alice, u"pending"_s, false, &second);
    if (QTest::currentTestFailed())
        return;
    const ApiResponse withoutBody = m_client.send(
            ApiRequest::raw("POST"_ba, operationPath(idOf(second), u"/cancel"_s), ada, {}));
    EXPECT_STATUS(withoutBody, 200);
    QCOMPARE(statusOf(withoutBody.json.value(u"operation"_s).toObject()), u"cancelled"_s);
}

// Assumption: "cancellable": false on create (read by core's codec) makes an operation
// that /cancel refuses with 409 {success: false}; the service may still PATCH it.
void tst_ApiLifecycle::cancelNotCancellable()
{
    const QJsonObject operation = m_scenario.create(
            alice, {{u"operationType"_s, u"t.uncancellable"_s}, {u"cancellable"_s, false}});
    QVERIFY(!operation.isEmpty());
    QCOMPARE(operation.value(u"cancellable"_s), QJsonValue(false));
    for (const QString &user : {alice, ada}) {
        const ApiResponse response
                = m_client.post(operationPath(idOf(operation), u"/cancel"_s), user);
        EXPECT_STATUS(response, 409);
        QCOMPARE(response.json.value(u"success"_s), QJsonValue(false));
        ApiScenario::expectErrorBody(response, u"conflict"_s);
    }
    m_scenario.expectUnchanged(operation);
}

void tst_ApiLifecycle::contextMerge()
{
    const QJsonObject operation
            = m_scenario.create(alice,
                                {{u"operationType"_s, u"t.context"_s},
                                 {u"context"_s, QJsonObject{{u"a"_s, 1}, {u"b"_s, u"x"_s}}}});
    QVERIFY(!operation.isEmpty());
    const QString path = operationPath(idOf(operation));
    ApiResponse response = m_client.patch(
            path, svc, {{u"context"_s, QJsonObject{{u"b"_s, u"y"_s}, {u"c"_s, true}}}});
    EXPECT_STATUS(response, 200);
    const QJsonObject merged{{u"userId"_s, alice}, {u"a"_s, 1}, {u"b"_s, u"y"_s}, {u"c"_s, true}};
    QCOMPARE(response.json.value(u"context"_s).toObject(), merged);
    response = m_client.patch(path, alice,
                              {{u"context"_s, QJsonObject{{u"d"_s, QJsonArray{1, 2}}}}});
    EXPECT_STATUS(response, 200);
    QJsonObject expected = merged;
    expected.insert(u"d"_s, QJsonArray{1, 2});
    QCOMPARE(response.json.value(u"context"_s).toObject(), expected);
    m_scenario.expectUnchanged(response.json);
}

void tst_ApiLifecycle::contextOwnerNeverChanges()
{
    const QJsonObject operation = m_scenario.create(alice, {{u"operationType"_s, u"t.context"_s}});
    QVERIFY(!operation.isEmpty());
    for (const QString &user : {alice, svc}) {
        const ApiResponse response = m_client.patch(
                operationPath(idOf(operation)), user,
                {{u"context"_s, QJsonObject{{u"userId"_s, dave}, {u"other"_s, 1}}}});
        ApiScenario::expectBadRequestNaming(response, u"context"_s);
    }
    m_scenario.expectUnchanged(operation);
}

void tst_ApiLifecycle::statusRouteMatchesGet()
{
    QJsonObject operation;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &operation);
    if (QTest::currentTestFailed())
        return;
    const ApiResponse full = m_client.get(operationPath(idOf(operation)), alice);
    const ApiResponse status = m_client.get(operationPath(idOf(operation), u"/status"_s), alice);
    EXPECT_STATUS(full, 200);
    EXPECT_STATUS(status, 200);
    QCOMPARE(withoutEstimate(status.json), withoutEstimate(full.json));
    QVERIFY(status.hasHeader("ETag"_ba));
}

void tst_ApiLifecycle::etagOnSingleRead()
{
    QJsonObject operation;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &operation);
    if (QTest::currentTestFailed())
        return;
    for (const QString &suffix : {QString(), u"/status"_s}) {
        const QString path = operationPath(idOf(operation), suffix);
        const ApiResponse first = m_client.get(path, alice);
        EXPECT_STATUS(first, 200);
        const QByteArray etag = first.header("ETag"_ba);
        QVERIFY2(!etag.isEmpty(), qPrintable(first.describe()));

        const ApiResponse again = m_client.get(path, alice, {{"If-None-Match"_ba, etag}});
        EXPECT_STATUS(again, 304);
        QVERIFY(again.body.isEmpty());
        // Another reader's copy of the same state matches too.
        EXPECT_STATUS(m_client.get(path, sam, {{"If-None-Match"_ba, etag}}), 304);

        const ApiResponse other = m_client.get(path, alice, {{"If-None-Match"_ba, "\"nope\""_ba}});
        EXPECT_STATUS(other, 200);

        const ApiResponse patched
                = m_client.patch(operationPath(idOf(operation)), svc,
                                 {{u"stepDescription"_s, QString(u"next: "_s + suffix)}});
        EXPECT_STATUS(patched, 200);
        const ApiResponse changed = m_client.get(path, alice, {{"If-None-Match"_ba, etag}});
        EXPECT_STATUS(changed, 200);
        QVERIFY(changed.header("ETag"_ba) != etag);
        QCOMPARE(versionOf(changed.json), versionOf(patched.json));
    }
}

void tst_ApiLifecycle::retryAfter_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("needsApproval");
    QTest::newRow("pending") << u"pending"_s << true << false;
    QTest::newRow("in_progress") << u"in_progress"_s << true << false;
    QTest::newRow("waiting_for_approval") << u"waiting_for_approval"_s << true << true;
    QTest::newRow("approved") << u"approved"_s << true << true;
    for (const QString &status : terminalStatuses)
        QTest::newRow(qPrintable(status)) << status << false << true;
}

void tst_ApiLifecycle::retryAfter()
{
    QFETCH(QString, status);
    QFETCH(bool, present);
    QFETCH(bool, needsApproval);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, status, needsApproval, &operation);
    if (QTest::currentTestFailed())
        return;
    for (const QString &suffix : {QString(), u"/status"_s}) {
        const ApiResponse response = m_client.get(operationPath(idOf(operation), suffix), alice);
        EXPECT_STATUS(response, 200);
        QCOMPARE(response.hasHeader("Retry-After"_ba), present);
        if (present) {
            const std::optional<qint64> seconds = response.retryAfterSeconds();
            QVERIFY2(seconds && *seconds >= 1, response.header("Retry-After"_ba).constData());
        }
    }
}

// The issue: Retry-After is "short while it moves fast, long while it waits for votes".
void tst_ApiLifecycle::retryAfterLongerWhileWaitingForVotes()
{
    constexpr int progressSteps = 5;
    QJsonObject moving;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &moving);
    QJsonObject waiting;
    m_scenario.makeInStatus(alice, u"waiting_for_approval"_s, true, &waiting);
    if (QTest::currentTestFailed())
        return;
    for (int step = 1; step <= progressSteps; ++step) {
        EXPECT_STATUS(m_client.patch(operationPath(idOf(moving)), svc,
                                     {{u"progressPercentage"_s, step * 10}}),
                      200);
    }
    const ApiResponse fast = m_client.get(operationPath(idOf(moving)), alice);
    const ApiResponse slow = m_client.get(operationPath(idOf(waiting)), alice);
    QVERIFY(fast.retryAfterSeconds() && slow.retryAfterSeconds());
    QVERIFY2(*slow.retryAfterSeconds() > *fast.retryAfterSeconds(),
             qPrintable(u"waiting %1 s, moving %2 s"_s.arg(*slow.retryAfterSeconds())
                                .arg(*fast.retryAfterSeconds())));
}

void tst_ApiLifecycle::auditTrail()
{
    const QJsonObject operation = m_scenario.create(
            alice,
            {{u"operationType"_s, u"t.audit"_s}, {u"steps"_s, QJsonArray{u"One"_s, u"Two"_s}}});
    QVERIFY(!operation.isEmpty());
    const QString path = operationPath(idOf(operation));
    EXPECT_STATUS(m_client.patch(path, alice, {{u"status"_s, u"in_progress"_s}}), 200);
    EXPECT_STATUS(m_client.patch(path, svc, {{u"progressPercentage"_s, 40}}), 200);
    EXPECT_STATUS(m_client.patch(path, svc,
                                 {{u"currentStep"_s, 1}, {u"stepDescription"_s, u"Second step"_s}}),
                  200);
    EXPECT_STATUS(m_client.post(path + u"/cancel"_s, ada, {{u"reason"_s, u"no longer needed"_s}}),
                  200);

    struct Expected
    {
        QString kind;
        QString actor;
        QString status;
    };
    const QList<Expected> expected{
            {u"created"_s, alice, u"pending"_s},   {u"status"_s, alice, u"in_progress"_s},
            {u"updated"_s, svc, u"in_progress"_s}, {u"updated"_s, svc, u"in_progress"_s},
            {u"cancel"_s, ada, u"cancelled"_s},
    };
    for (const QString &reader : {alice, sam, ada, svc}) {
        const ApiResponse response = m_client.get(path + u"/events"_s, reader);
        EXPECT_STATUS(response, 200);
        const QJsonArray events = response.json.value(u"events"_s).toArray();
        QCOMPARE(events.size(), expected.size());
        qint64 previousSeq = -1;
        QDateTime previousAt;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject json = events.at(i).toObject();
            OperationEvent event;
            FieldError error;
            QVERIFY2(codec::fromJson(json, &event, &error), qPrintable(error.message));
            QCOMPARE(json.value(u"kind"_s).toString(), expected.at(i).kind);
            QCOMPARE(json.value(u"actor"_s).toString(), expected.at(i).actor);
            QCOMPARE(json.value(u"status"_s).toString(), expected.at(i).status);
            QVERIFY(isWireTime(json.value(u"at"_s)));
            QVERIFY(event.seq > previousSeq);
            QVERIFY(!previousAt.isValid() || event.at >= previousAt);
            previousSeq = event.seq;
            previousAt = event.at;
        }
        QCOMPARE(events.at(2).toObject().value(u"progressPercentage"_s).toDouble(), 40.0);
        QCOMPARE(events.at(3).toObject().value(u"currentStep"_s).toInt(), 1);
        QCOMPARE(events.at(3).toObject().value(u"stepDescription"_s).toString(), u"Second step"_s);
        // Assumption: the cancel event's message carries the reason given.
        QVERIFY2(events.at(4)
                         .toObject()
                         .value(u"message"_s)
                         .toString()
                         .contains(u"no longer needed"_s),
                 qPrintable(events.at(4).toObject().value(u"message"_s).toString()));
    }
}

QTEST_GUILESS_MAIN(tst_ApiLifecycle)
#include "tst_api_lifecycle.moc"
