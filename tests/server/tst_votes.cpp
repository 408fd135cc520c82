// Votes: policies from the configuration, custom types that need approval, who may vote,
// one vote per voter, the quorum, deciding denials, the approval timeout, and many
// concurrent voters deciding an operation exactly once.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - When a type has a policy, approval.required on create is ignored (the policy decides).
// - The approval timeout counts from the move to waiting_for_approval, and the failure's
//   errorMessage says "timed out" or "timeout".
// - A vote on an operation that needs no approval is 409 for whoever may see it and 403 for
//   whoever may not (docs/api.md's order; the contract only says 409).
// - Custom types that need approval through approval: {required} use the default policy
//   (voter role approver, one denial decides).

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString carol = u"carol"_s;
const QString erin = u"erin"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;

constexpr int raceVoters = 24;
constexpr int raceRounds = 3;
constexpr int timeoutWaitMs = 15'000;
constexpr int longTimeoutSeconds = 86'400;

QString racer(int index)
{
    return u"racer%1"_s.arg(index, 2, 10, QLatin1Char('0'));
}

QJsonObject policy(int required, const QString &voterRole, bool denyDecides, int timeoutSeconds)
{
    return {{u"requiredApprovals"_s, required},
            {u"voterRole"_s, voterRole},
            {u"denyDecides"_s, denyDecides},
            {u"timeoutSeconds"_s, timeoutSeconds}};
}

QJsonObject vote(const QString &decision, const QString &reason = {})
{
    QJsonObject body{{u"decision"_s, decision}};
    if (!reason.isNull())
        body.insert(u"reason"_s, reason);
    return body;
}

} // namespace

class tst_Votes final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void policyFromConfiguration_data();
    void policyFromConfiguration();
    void customTypeNeedsTwo();
    void ownerNeverVotes();
    void whoMayVote_data();
    void whoMayVote();
    void oneVotePerVoter();
    void decidingDenial_data();
    void decidingDenial();
    void denialThatDoesNotDecide();
    void voteWhenNotWaiting_data();
    void voteWhenNotWaiting();
    void approvalTimesOut();
    void concurrentVotersDecideOnce_data();
    void concurrentVotersDecideOnce();

private:
    QJsonObject waitingOperation(const QString &owner, const QJsonObject &createBody);
    QJsonArray events(const QString &operationId);
    static QList<QJsonObject> eventsOfKind(const QJsonArray &events, const QString &kind);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
};

void tst_Votes::initTestCase()
{
    for (int i = 1; i <= raceVoters; ++i)
        m_server.addUser(racer(i), {u"approver"_s});
    m_server.setExtraConfig(
            {{u"approvalPolicies"_s,
              QJsonObject{
                      {u"file_deletion"_s, policy(1, u"approver"_s, true, longTimeoutSeconds)},
                      {u"v.two"_s, policy(2, u"approver"_s, true, longTimeoutSeconds)},
                      {u"v.soft"_s, policy(2, u"approver"_s, false, longTimeoutSeconds)},
                      {u"v.staff"_s, policy(1, u"staff"_s, true, longTimeoutSeconds)},
                      {u"v.expiring"_s, policy(1, u"approver"_s, true, 1)},
              }}});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Votes::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

// Creates as owner and moves the operation to waiting_for_approval.
QJsonObject tst_Votes::waitingOperation(const QString &owner, const QJsonObject &createBody)
{
    const QJsonObject created = m_scenario.create(owner, createBody);
    if (created.isEmpty())
        return {};
    const ApiResponse waiting = m_client.patch(operationPath(idOf(created)), owner,
                                               {{u"status"_s, u"waiting_for_approval"_s}});
    if (waiting.status != 200 || statusOf(waiting.json) != u"waiting_for_approval"_s) {
        QTest::qFail(qPrintable(waiting.describe()), __FILE__, __LINE__);
        return {};
    }
    return waiting.json;
}

QJsonArray tst_Votes::events(const QString &operationId)
{
    const ApiResponse response = m_client.get(operationPath(operationId, u"/events"_s), sam);
    if (response.status != 200)
        QTest::qFail(qPrintable(response.describe()), __FILE__, __LINE__);
    return response.json.value(u"events"_s).toArray();
}

QList<QJsonObject> tst_Votes::eventsOfKind(const QJsonArray &events, const QString &kind)
{
    QList<QJsonObject> found;
    for (const QJsonValue &event : events) {
        if (event.toObject().value(u"kind"_s).toString() == kind)
            found.append(event.toObject());
    }
    return found;
}

void tst_Votes::policyFromConfiguration_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("requested");
    QTest::addColumn<int>("required");
    QTest::newRow("file_deletion") << u"file_deletion"_s << QJsonValue() << 1;
    QTest::newRow("two") << u"v.two"_s << QJsonValue() << 2;
    QTest::newRow("soft") << u"v.soft"_s << QJsonValue() << 2;
    // Assumption: the policy decides over what the request asks.
    QTest::newRow("two, asking for five")
            << u"v.two"_s << QJsonValue(QJsonObject{{u"required"_s, 5}}) << 2;
    QTest::newRow("custom, asking for three")
            << u"v.custom"_s << QJsonValue(QJsonObject{{u"required"_s, 3}}) << 3;
}

void tst_Votes::policyFromConfiguration()
{
    QFETCH(QString, type);
    QFETCH(QJsonValue, requested);
    QFETCH(int, required);
    QJsonObject body{{u"operationType"_s, type}};
    if (!requested.isUndefined() && !requested.isNull())
        body.insert(u"approval"_s, requested);
    const QJsonObject created = m_scenario.create(alice, body);
    QVERIFY(!created.isEmpty());
    const QJsonObject approval = created.value(u"approval"_s).toObject();
    QCOMPARE(approval.value(u"required"_s).toInt(), required);
    QCOMPARE(approval.value(u"decision"_s).toString(), u"pending"_s);
    // A type without a policy and without approval on create needs none.
    const QJsonObject plain = m_scenario.create(alice, {{u"operationType"_s, u"v.none"_s}});
    QVERIFY(!plain.isEmpty());
    QVERIFY(plain.value(u"approval"_s).isNull());
}

void tst_Votes::customTypeNeedsTwo()
{
    const QJsonObject operation
            = waitingOperation(alice,
                               {{u"operationType"_s, u"v.custom"_s},
                                {u"approval"_s, QJsonObject{{u"required"_s, 2}}}});
    QVERIFY(!operation.isEmpty());
    const QString path = operationPath(idOf(operation), u"/votes"_s);

    const ApiResponse first = m_client.post(path, bob, vote(u"approve"_s, u"fine by me"_s));
    EXPECT_STATUS(first, 200);
    QCOMPARE(first.json.value(u"finalDecision"_s).toString(), u"pending"_s);
    QJsonObject after = first.json.value(u"operation"_s).toObject();
    QCOMPARE(statusOf(after), u"waiting_for_approval"_s);
    QJsonObject approval = after.value(u"approval"_s).toObject();
    QCOMPARE(approval.value(u"approvals"_s).toInt(), 1);
    QCOMPARE(approval.value(u"denials"_s).toInt(), 0);
    QCOMPARE(approval.value(u"decision"_s).toString(), u"pending"_s);
    const QJsonArray votes = approval.value(u"votes"_s).toArray();
    QCOMPARE(votes.size(), 1);
    QCOMPARE(votes.at(0).toObject().value(u"voter"_s).toString(), bob);
    QCOMPARE(votes.at(0).toObject().value(u"decision"_s).toString(), u"approve"_s);
    QCOMPARE(votes.at(0).toObject().value(u"reason"_s).toString(), u"fine by me"_s);
    QVERIFY(isWireTime(votes.at(0).toObject().value(u"at"_s)));

    const ApiResponse second = m_client.post(path, carol, vote(u"approve"_s));
    EXPECT_STATUS(second, 200);
    QCOMPARE(second.json.value(u"finalDecision"_s).toString(), u"approved"_s);
    after = second.json.value(u"operation"_s).toObject();
    QCOMPARE(statusOf(after), u"approved"_s);
    approval = after.value(u"approval"_s).toObject();
    QCOMPARE(approval.value(u"approvals"_s).toInt(), 2);
    QCOMPARE(approval.value(u"decision"_s).toString(), u"approved"_s);
    QCOMPARE(approval.value(u"votes"_s).toArray().size(), 2);
    m_scenario.expectUnchanged(after);

    const QJsonArray trail = events(idOf(operation));
    const QList<QJsonObject> voteEvents = eventsOfKind(trail, u"vote"_s);
    QCOMPARE(voteEvents.size(), 2);
    QCOMPARE(voteEvents.at(0).value(u"actor"_s).toString(), bob);
    QCOMPARE(voteEvents.at(1).value(u"actor"_s).toString(), carol);
    const QList<QJsonObject> decisions = eventsOfKind(trail, u"decision"_s);
    QCOMPARE(decisions.size(), 1);
    QCOMPARE(decisions.first().value(u"actor"_s).toString(), carol);
    QCOMPARE(decisions.first().value(u"status"_s).toString(), u"approved"_s);

    // Approved goes on running by the owner or the service.
    const ApiResponse running = m_client.patch(operationPath(idOf(operation)), svc,
                                               {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(running, 200);
}

void tst_Votes::ownerNeverVotes()
{
    // bob is an approver, but this operation is his own.
    const QJsonObject operation = waitingOperation(bob, {{u"operationType"_s, u"file_deletion"_s}});
    QVERIFY(!operation.isEmpty());
    for (const QString &decision : {u"approve"_s, u"deny"_s}) {
        const ApiResponse response
                = m_client.post(operationPath(idOf(operation), u"/votes"_s), bob, vote(decision));
        EXPECT_STATUS(response, 403);
        ApiScenario::expectErrorBody(response, u"forbidden"_s);
    }
    m_scenario.expectUnchanged(operation);
    // Another approver still decides it.
    const ApiResponse other
            = m_client.post(operationPath(idOf(operation), u"/votes"_s), carol, vote(u"approve"_s));
    EXPECT_STATUS(other, 200);
    QCOMPARE(other.json.value(u"finalDecision"_s).toString(), u"approved"_s);
}

void tst_Votes::whoMayVote_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("voter");
    QTest::addColumn<int>("expected");
    for (const QString &user : {alice, bob, carol, erin, sam, ada, svc}) {
        const bool approver = user == bob || user == carol || user == erin;
        QTest::addRow("approver policy/%s", qPrintable(user))
                << u"file_deletion"_s << user << (approver ? 200 : 403);
        QTest::addRow("staff policy/%s", qPrintable(user))
                << u"v.staff"_s << user << (user == sam ? 200 : 403);
    }
}

void tst_Votes::whoMayVote()
{
    QFETCH(QString, type);
    QFETCH(QString, voter);
    QFETCH(int, expected);
    const QJsonObject operation = waitingOperation(dave, {{u"operationType"_s, type}});
    QVERIFY(!operation.isEmpty());
    const ApiResponse response
            = m_client.post(operationPath(idOf(operation), u"/votes"_s), voter, vote(u"approve"_s));
    EXPECT_STATUS(response, expected);
    if (expected == 403) {
        ApiScenario::expectErrorBody(response, u"forbidden"_s);
        m_scenario.expectUnchanged(operation);
    } else {
        QCOMPARE(statusOf(response.json.value(u"operation"_s).toObject()), u"approved"_s);
    }
}

void tst_Votes::oneVotePerVoter()
{
    const QJsonObject operation = waitingOperation(alice, {{u"operationType"_s, u"v.two"_s}});
    QVERIFY(!operation.isEmpty());
    const QString path = operationPath(idOf(operation), u"/votes"_s);
    const ApiResponse first = m_client.post(path, bob, vote(u"approve"_s));
    EXPECT_STATUS(first, 200);
    QCOMPARE(first.json.value(u"finalDecision"_s).toString(), u"pending"_s);
    const QJsonObject afterFirst = first.json.value(u"operation"_s).toObject();
    for (const QString &decision : {u"approve"_s, u"deny"_s}) {
        const ApiResponse again = m_client.post(path, bob, vote(decision));
        EXPECT_STATUS(again, 409);
        ApiScenario::expectErrorBody(again, u"conflict"_s);
    }
    m_scenario.expectUnchanged(afterFirst);
    QCOMPARE(afterFirst.value(u"approval"_s).toObject().value(u"approvals"_s).toInt(), 1);
}

void tst_Votes::decidingDenial_data()
{
    QTest::addColumn<QString>("voter");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("with reason") << bob << vote(u"deny"_s, u"not today"_s)
                                 << u"Denied by bob: not today"_s;
    QTest::newRow("without reason") << carol << vote(u"deny"_s) << u"Denied by carol"_s;
    QTest::newRow("empty reason") << erin << vote(u"deny"_s, u""_s) << u"Denied by erin"_s;
    QTest::newRow("null reason") << bob
                                 << QJsonObject{{u"decision"_s, u"deny"_s},
                                                {u"reason"_s, QJsonValue::Null}}
                                 << u"Denied by bob"_s;
}

void tst_Votes::decidingDenial()
{
    QFETCH(QString, voter);
    QFETCH(QJsonObject, body);
    QFETCH(QString, message);
    const QJsonObject operation = waitingOperation(alice, {{u"operationType"_s, u"v.two"_s}});
    QVERIFY(!operation.isEmpty());
    const ApiResponse response
            = m_client.post(operationPath(idOf(operation), u"/votes"_s), voter, body);
    EXPECT_STATUS(response, 200);
    QCOMPARE(response.json.value(u"finalDecision"_s).toString(), u"denied"_s);
    const QJsonObject denied = response.json.value(u"operation"_s).toObject();
    QCOMPARE(statusOf(denied), u"denied"_s);
    QCOMPARE(denied.value(u"errorMessage"_s).toString(), message);
    QCOMPARE(denied.value(u"approval"_s).toObject().value(u"decision"_s).toString(), u"denied"_s);
    QCOMPARE(denied.value(u"approval"_s).toObject().value(u"denials"_s).toInt(), 1);
    m_scenario.expectUnchanged(denied);

    const QList<QJsonObject> decisions = eventsOfKind(events(idOf(operation)), u"decision"_s);
    QCOMPARE(decisions.size(), 1);
    QCOMPARE(decisions.first().value(u"actor"_s).toString(), voter);
    QCOMPARE(decisions.first().value(u"status"_s).toString(), u"denied"_s);

    const QString other = voter == erin ? bob : erin;
    const ApiResponse late
            = m_client.post(operationPath(idOf(operation), u"/votes"_s), other, vote(u"approve"_s));
    EXPECT_STATUS(late, 409);
}

// denyDecides false: a denial counts, but the quorum of approvals still decides.
void tst_Votes::denialThatDoesNotDecide()
{
    const QJsonObject operation = waitingOperation(alice, {{u"operationType"_s, u"v.soft"_s}});
    QVERIFY(!operation.isEmpty());
    const QString path = operationPath(idOf(operation), u"/votes"_s);
    const ApiResponse denial = m_client.post(path, bob, vote(u"deny"_s, u"hmm"_s));
    EXPECT_STATUS(denial, 200);
    QCOMPARE(denial.json.value(u"finalDecision"_s).toString(), u"pending"_s);
    QCOMPARE(statusOf(denial.json.value(u"operation"_s).toObject()), u"waiting_for_approval"_s);
    EXPECT_STATUS(m_client.post(path, carol, vote(u"approve"_s)), 200);
    const ApiResponse last = m_client.post(path, erin, vote(u"approve"_s));
    EXPECT_STATUS(last, 200);
    QCOMPARE(last.json.value(u"finalDecision"_s).toString(), u"approved"_s);
    const QJsonObject approval
            = last.json.value(u"operation"_s).toObject().value(u"approval"_s).toObject();
    QCOMPARE(approval.value(u"approvals"_s).toInt(), 2);
    QCOMPARE(approval.value(u"denials"_s).toInt(), 1);
    const QList<QJsonObject> decisions = eventsOfKind(events(idOf(operation)), u"decision"_s);
    QCOMPARE(decisions.size(), 1);
    QCOMPARE(decisions.first().value(u"actor"_s).toString(), erin);
}

void tst_Votes::voteWhenNotWaiting_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("needsApproval");
    QTest::addColumn<QString>("voter");
    QTest::addColumn<int>("expected");
    QTest::newRow("pending, needs approval") << u"pending"_s << true << carol << 409;
    QTest::newRow("in_progress, needs approval") << u"in_progress"_s << true << carol << 409;
    QTest::newRow("approved") << u"approved"_s << true << carol << 409;
    QTest::newRow("denied") << u"denied"_s << true << carol << 409;
    QTest::newRow("cancelled") << u"cancelled"_s << true << carol << 409;
    // The contract says 409 for an operation that needs no approval; docs/api.md settles
    // that someone who may not even see it (an approver, as it needs no vote) gets 403.
    for (const QString &status : {u"pending"_s, u"in_progress"_s, u"completed"_s}) {
        for (const QString &voter : {alice, sam, ada}) {
            QTest::addRow("%s, needs none/%s", qPrintable(status), qPrintable(voter))
                    << status << false << voter << 409;
        }
        QTest::addRow("%s, needs none/carol", qPrintable(status))
                << status << false << carol << 403;
    }
}

void tst_Votes::voteWhenNotWaiting()
{
    QFETCH(QString, status);
    QFETCH(bool, needsApproval);
    QFETCH(QString, voter);
    QFETCH(int, expected);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, status, needsApproval, &operation, u"v.custom"_s);
    if (QTest::currentTestFailed())
        return;
    const ApiResponse response
            = m_client.post(operationPath(idOf(operation), u"/votes"_s), voter, vote(u"approve"_s));
    EXPECT_STATUS(response, expected);
    ApiScenario::expectErrorBody(response, expected == 409 ? u"conflict"_s : u"forbidden"_s);
    m_scenario.expectUnchanged(operation);
}

void tst_Votes::approvalTimesOut()
{
    const QJsonObject pending = m_scenario.create(alice, {{u"operationType"_s, u"v.expiring"_s}});
    QVERIFY(!pending.isEmpty());
    const QString path = operationPath(idOf(pending));
    // Assumption: the clock starts at waiting_for_approval, not at create.
    const ApiResponse waiting
            = m_client.patch(path, alice, {{u"status"_s, u"waiting_for_approval"_s}});
    EXPECT_STATUS(waiting, 200);
    QCOMPARE(statusOf(waiting.json), u"waiting_for_approval"_s);

    ApiResponse current;
    QTRY_VERIFY_WITH_TIMEOUT(
            (current = m_client.get(path, alice), statusOf(current.json) == u"failed"_s),
            timeoutWaitMs);
    static const QRegularExpression mentionsTimeout(u"time[sd]?[ -]?out|timeout"_s,
                                                    QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(mentionsTimeout.match(current.json.value(u"errorMessage"_s).toString()).hasMatch(),
             qPrintable(current.describe()));
    QVERIFY(!current.hasHeader("Retry-After"_ba));
    QVERIFY(versionOf(current.json) > versionOf(waiting.json));

    const QJsonArray trail = events(idOf(pending));
    const QList<QJsonObject> timeouts = eventsOfKind(trail, u"timeout"_s);
    QCOMPARE(timeouts.size(), 1);
    QCOMPARE(timeouts.first().value(u"status"_s).toString(), u"failed"_s);
    QCOMPARE(trail.last().toObject().value(u"kind"_s).toString(), u"timeout"_s);

    const ApiResponse late = m_client.post(path + u"/votes"_s, bob, vote(u"approve"_s));
    EXPECT_STATUS(late, 409);
    m_scenario.expectUnchanged(current.json);
}

void tst_Votes::concurrentVotersDecideOnce_data()
{
    QTest::addColumn<int>("required");
    QTest::addColumn<bool>("mixed");
    QTest::newRow("one approval, all approve") << 1 << false;
    QTest::newRow("three approvals, all approve") << 3 << false;
    QTest::newRow("three approvals, half deny") << 3 << true;
}

void tst_Votes::concurrentVotersDecideOnce()
{
    QFETCH(int, required);
    QFETCH(bool, mixed);
    for (int round = 0; round < raceRounds; ++round) {
        const QJsonObject operation
                = waitingOperation(alice,
                                   {{u"operationType"_s, u"v.race"_s},
                                    {u"approval"_s, QJsonObject{{u"required"_s, required}}}});
        QVERIFY(!operation.isEmpty());
        const QString path = operationPath(idOf(operation), u"/votes"_s);
        QList<ApiRequest> requests;
        for (int i = 1; i <= raceVoters; ++i) {
            const bool deny = mixed && i % 2 == 0;
            requests.append(
                    ApiRequest::post(path, racer(i), vote(deny ? u"deny"_s : u"approve"_s)));
        }
        const QList<ApiResponse> responses = m_client.sendAll(requests);

        QStringList deciders;
        QString decision;
        int pendingAnswers = 0;
        for (qsizetype i = 0; i < responses.size(); ++i) {
            const ApiResponse &response = responses.at(i);
            QVERIFY2(response.status == 200 || response.status == 409,
                     qPrintable(response.describe()));
            if (response.status == 409) {
                ApiScenario::expectErrorBody(response, u"conflict"_s);
                continue;
            }
            const QString finalDecision = response.json.value(u"finalDecision"_s).toString();
            if (finalDecision == u"pending"_s) {
                ++pendingAnswers;
            } else {
                QVERIFY2(finalDecision == u"approved"_s || finalDecision == u"denied"_s,
                         qPrintable(response.describe()));
                deciders.append(racer(int(i) + 1));
                decision = finalDecision;
            }
        }
        QCOMPARE(deciders.size(), 1);
        if (!mixed) {
            QCOMPARE(decision, u"approved"_s);
            QCOMPARE(pendingAnswers, required - 1);
        }

        const ApiResponse final = m_client.get(operationPath(idOf(operation)), sam);
        EXPECT_STATUS(final, 200);
        QCOMPARE(statusOf(final.json), decision);
        const QJsonObject approval = final.json.value(u"approval"_s).toObject();
        QCOMPARE(approval.value(u"decision"_s).toString(), decision);
        // Every vote that was answered 200 is recorded, and only those.
        QCOMPARE(approval.value(u"votes"_s).toArray().size(), pendingAnswers + 1);
        if (decision == u"approved"_s)
            QCOMPARE(approval.value(u"approvals"_s).toInt(), required);

        const QJsonArray trail = events(idOf(operation));
        const QList<QJsonObject> decisions = eventsOfKind(trail, u"decision"_s);
        QCOMPARE(decisions.size(), 1);
        QCOMPARE(decisions.first().value(u"actor"_s).toString(), deciders.first());
        QCOMPARE(eventsOfKind(trail, u"vote"_s).size(), pendingAnswers + 1);
    }
}

QTEST_GUILESS_MAIN(tst_Votes)
#include "tst_votes.moc"
