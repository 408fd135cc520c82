// Every route of the contract (files, export, retry and metrics aside) for every role: who may
// do what, 401/403/404 with the error body, and 400s that name the field and change nothing.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - A 400 names the field in its "error" sentence (or in an extra "field" member).
// - An approver is "an approver of" an operation while it is waiting_for_approval.
// - The service role gets 403 on POST /cancel ("/cancel is for people").
// - An unknown path under /api is 404 with the error body.
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "operation.h"
#include "operationcodec.h"
#include "optrackdprocess.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

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
const QStringList matrixUsers{alice, dave, bob, sam, ada, svc};

QJsonObject approve()
{
    return {{u"decision"_s, u"approve"_s}};
}

} // namespace

class tst_ApiOperations final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void healthz();
    void me_data();
    void me();
    void unauthorized_data();
    void unauthorized();
    void roleMatrix_data();
    void roleMatrix();
    void notFound_data();
    void notFound();
    void createAnswer();
    void createWithApproval();
    void createForAnotherUser();
    void badCreate_data();
    void badCreate();
    void badPatch_data();
    void badPatch();
    void badVoteOrCancel_data();
    void badVoteOrCancel();
    void payloadTooLarge_data();
    void payloadTooLarge();

private:
    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
};

void tst_ApiOperations::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_ApiOperations::cleanupTestCase()
{
    // SIGTERM after a whole suite of requests, good and bad: a clean exit 0.
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_ApiOperations::healthz()
{
    const ApiResponse response = m_client.get(u"/healthz"_s, QString());
    EXPECT_STATUS(response, 200);
    QVERIFY(response.header("Content-Type"_ba).startsWith("application/json"_ba));
    QCOMPARE(response.json.value(u"status"_s).toString(), u"ok"_s);
    // The build's version string (the project version, perhaps with more after it).
    QVERIFY2(response.json.value(u"version"_s)
                     .toString()
                     .startsWith(QString::fromLatin1(OPTRACK_VERSION)),
             qPrintable(response.describe()));
}

void tst_ApiOperations::me_data()
{
    QTest::addColumn<QString>("user");
    for (const QString &user : OptrackdProcess::defaultUsers())
        QTest::newRow(qPrintable(user)) << user;
}

void tst_ApiOperations::me()
{
    QFETCH(QString, user);
    const ApiResponse response = m_client.get(u"/api/me"_s, user);
    EXPECT_STATUS(response, 200);
    QCOMPARE(response.json.value(u"userId"_s).toString(), user);
    QStringList roles;
    for (const QJsonValue &role : response.json.value(u"roles"_s).toArray())
        roles.append(role.toString());
    QCOMPARE(roles, m_server.roles(user));
}

void tst_ApiOperations::unauthorized_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QByteArray>("authorization");

    struct Route
    {
        const char *name;
        QByteArray method;
        QString route;
    };
    const QList<Route> routes{
            {"me", "GET"_ba, u"/api/me"_s},
            {"list", "GET"_ba, u"/api/operations"_s},
            {"list all", "GET"_ba, u"/api/operations?scope=all"_s},
            {"create", "POST"_ba, u"/api/operations"_s},
            {"get", "GET"_ba, u"{op}"_s},
            {"get status", "GET"_ba, u"{op}/status"_s},
            {"events", "GET"_ba, u"{op}/events"_s},
            {"patch", "PATCH"_ba, u"{op}"_s},
            {"cancel", "POST"_ba, u"{op}/cancel"_s},
            {"vote", "POST"_ba, u"{op}/votes"_s},
            {"unknown id", "GET"_ba, u"/api/operations/op_missing"_s},
    };
    // {unknown} and {hash} are replaced by the unknown user's token and by the SHA-256 of
    // alice's token: a server that compared tokens against the stored hash text would take it.
    const QList<QPair<const char *, QByteArray>> modes{
            {"no header", QByteArray()},           {"unknown token", "Bearer {unknown}"_ba},
            {"hash as token", "Bearer {hash}"_ba}, {"basic scheme", "Basic YWxpY2U6YWxpY2U="_ba},
            {"empty bearer", "Bearer "_ba},
    };
    for (const Route &route : routes) {
        for (const auto &[modeName, header] : modes) {
            QTest::addRow("%s/%s", route.name, modeName) << route.method << route.route << header;
        }
    }
}

void tst_ApiOperations::unauthorized()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, route);
    QFETCH(QByteArray, authorization);

    const QJsonObject operation = m_scenario.create(
            alice,
            {{u"operationType"_s, u"t.auth"_s}, {u"approval"_s, QJsonObject{{u"required"_s, 1}}}});
    QVERIFY(!operation.isEmpty());
    const QString path = QString(route).replace(u"{op}"_s, operationPath(idOf(operation)));
    const QByteArray hash
            = QCryptographicHash::hash(m_server.token(alice).toUtf8(), QCryptographicHash::Sha256)
                      .toHex();
    authorization.replace("{unknown}"_ba, m_server.token(OptrackdProcess::unknownUser).toUtf8());
    authorization.replace("{hash}"_ba, hash);

    HeaderList headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization"_ba, authorization});
    QJsonObject body{{u"operationType"_s, u"t.auth"_s}, {u"entityId"_s, u"e"_s}};
    if (path.endsWith(u"/votes"_s))
        body = approve();
    else if (method == "PATCH"_ba)
        body = {{u"progressPercentage"_s, 50}};
    const qint64 cursor = m_scenario.cursor();
    QVERIFY(cursor >= 0);

    const ApiResponse response = m_client.send(
            method == "GET"_ba
                    ? ApiRequest::get(path, QString(), headers)
                    : ApiRequest{method, path, QString(), body, std::nullopt, headers, {}});
    EXPECT_STATUS(response, 401);
    ApiScenario::expectErrorBody(response, u"unauthorized"_s);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_ApiOperations::roleMatrix_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("route");
    QTest::addColumn<int>("expected");

    struct Rule
    {
        QString route;
        QStringList allowed;
        int success;
    };
    const QList<Rule> rules{
            {u"create"_s, matrixUsers, 201},
            {u"createForOther"_s, {svc}, 201},
            {u"get"_s, {alice, sam, ada, svc}, 200},
            {u"getStatus"_s, {alice, sam, ada, svc}, 200},
            {u"events"_s, {alice, sam, ada, svc}, 200},
            // Assumption: an approver may read an operation while it waits for votes.
            {u"getWaiting"_s, {alice, bob, sam, ada, svc}, 200},
            {u"eventsWaiting"_s, {alice, bob, sam, ada, svc}, 200},
            {u"patch"_s, {alice, svc}, 200},
            // Assumption: the service role is refused on /cancel (it PATCHes "cancelled").
            {u"cancel"_s, {alice, ada}, 200},
            {u"vote"_s, {bob}, 200},
            {u"listMine"_s, matrixUsers, 200},
            {u"listAll"_s, {sam, ada, svc}, 200},
            {u"listApprovals"_s, matrixUsers, 200},
            {u"me"_s, matrixUsers, 200},
    };
    for (const Rule &rule : rules) {
        for (const QString &user : matrixUsers) {
            QTest::addRow("%s/%s", qPrintable(rule.route), qPrintable(user))
                    << user << rule.route << (rule.allowed.contains(user) ? rule.success : 403);
        }
    }
}

void tst_ApiOperations::roleMatrix()
{
    QFETCH(QString, user);
    QFETCH(QString, route);
    QFETCH(int, expected);

    const bool waiting
            = route == u"getWaiting"_s || route == u"eventsWaiting"_s || route == u"vote"_s;
    QJsonObject operation;
    m_scenario.makeInStatus(alice, waiting ? u"waiting_for_approval"_s : u"pending"_s, waiting,
                            &operation);
    if (QTest::currentTestFailed())
        return;
    const QString path = operationPath(idOf(operation));
    const QString other = user == dave ? alice : dave;

    ApiResponse response;
    if (route == u"create"_s) {
        response = m_client.post(u"/api/operations"_s, user,
                                 {{u"operationType"_s, u"t.matrix"_s}, {u"entityId"_s, u"m"_s}});
    } else if (route == u"createForOther"_s) {
        response = m_client.post(u"/api/operations"_s, user,
                                 {{u"operationType"_s, u"t.matrix"_s},
                                  {u"entityId"_s, u"m"_s},
                                  {u"userId"_s, other}});
    } else if (route == u"get"_s || route == u"getWaiting"_s) {
        response = m_client.get(path, user);
    } else if (route == u"getStatus"_s) {
        response = m_client.get(path + u"/status"_s, user);
    } else if (route == u"events"_s || route == u"eventsWaiting"_s) {
        response = m_client.get(path + u"/events"_s, user);
    } else if (route == u"patch"_s) {
        response = m_client.patch(path, user, {{u"progressPercentage"_s, 5}});
    } else if (route == u"cancel"_s) {
        response = m_client.post(path + u"/cancel"_s, user, {{u"reason"_s, u"matrix"_s}});
    } else if (route == u"vote"_s) {
        response = m_client.post(path + u"/votes"_s, user, approve());
    } else if (route == u"listMine"_s) {
        response = m_client.get(u"/api/operations?scope=mine"_s, user);
    } else if (route == u"listAll"_s) {
        response = m_client.get(u"/api/operations?scope=all"_s, user);
    } else if (route == u"listApprovals"_s) {
        response = m_client.get(u"/api/operations?scope=approvals"_s, user);
    } else if (route == u"me"_s) {
        response = m_client.get(u"/api/me"_s, user);
    }
    EXPECT_STATUS(response, expected);

    if (expected == 403) {
        ApiScenario::expectErrorBody(response, u"forbidden"_s);
        if (QTest::currentTestFailed())
            return;
        m_scenario.expectUnchanged(operation);
        return;
    }
    if (route == u"create"_s) {
        QCOMPARE(ownerOf(response.json), user);
    } else if (route == u"createForOther"_s) {
        QCOMPARE(ownerOf(response.json), other);
    } else if (route.startsWith(u"get"_s)) {
        QCOMPARE(idOf(response.json), idOf(operation));
    } else if (route.startsWith(u"events"_s)) {
        QVERIFY(!response.json.value(u"events"_s).toArray().isEmpty());
    } else if (route == u"patch"_s) {
        QCOMPARE(response.json.value(u"progressPercentage"_s).toDouble(), 5.0);
    } else if (route == u"cancel"_s) {
        QCOMPARE(response.json.value(u"success"_s).toBool(), true);
        QCOMPARE(statusOf(response.json.value(u"operation"_s).toObject()), u"cancelled"_s);
    } else if (route == u"vote"_s) {
        QCOMPARE(response.json.value(u"finalDecision"_s).toString(), u"approved"_s);
    } else if (route.startsWith(u"list"_s)) {
        QVERIFY(response.json.value(u"operations"_s).isArray());
    } else if (route == u"me"_s) {
        QCOMPARE(response.json.value(u"userId"_s).toString(), user);
    }
}

void tst_ApiOperations::notFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");

    const QString missing = operationPath(u"op_does_not_exist"_s);
    for (const QString &user : {alice, bob, sam, ada, svc}) {
        QTest::addRow("get/%s", qPrintable(user)) << "GET"_ba << missing << user;
        QTest::addRow("status/%s", qPrintable(user)) << "GET"_ba << missing + u"/status"_s << user;
        QTest::addRow("events/%s", qPrintable(user)) << "GET"_ba << missing + u"/events"_s << user;
        QTest::addRow("patch/%s", qPrintable(user)) << "PATCH"_ba << missing << user;
        QTest::addRow("cancel/%s", qPrintable(user)) << "POST"_ba << missing + u"/cancel"_s << user;
        QTest::addRow("vote/%s", qPrintable(user)) << "POST"_ba << missing + u"/votes"_s << user;
    }
    // Assumption: an unknown route under /api is a 404 with the error body too.
    QTest::newRow("unknown route") << "GET"_ba << u"/api/nothing_here"_s << alice;
}

void tst_ApiOperations::notFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, user);
    QJsonObject body;
    if (path.endsWith(u"/votes"_s))
        body = approve();
    else if (method == "PATCH"_ba)
        body = {{u"progressPercentage"_s, 1}};
    const ApiResponse response = m_client.request(method, path, user, body);
    EXPECT_STATUS(response, 404);
    ApiScenario::expectErrorBody(response, u"not_found"_s);
}

void tst_ApiOperations::createAnswer()
{
    const QJsonObject body{
            {u"operationType"_s, u"file_archive"_s},
            {u"entityId"_s, u"file_42"_s},
            {u"displayName"_s, u"Archiving report.csv"_s},
            {u"steps"_s, QJsonArray{u"Collect"_s, u"Pack"_s, u"Store"_s}},
            {u"context"_s, QJsonObject{{u"fileName"_s, u"report.csv"_s}, {u"fileSize"_s, 1234}}},
            {u"unknownField"_s, u"ignored"_s}};
    const ApiResponse first = m_client.post(u"/api/operations"_s, alice, body);
    EXPECT_STATUS(first, 201);
    QVERIFY(first.header("Content-Type"_ba).startsWith("application/json"_ba));
    const QJsonObject op = first.json;
    const QString id = idOf(op);
    QVERIFY(!id.isEmpty());
    QVERIFY2(first.header("Location"_ba).endsWith(operationPath(id).toUtf8()),
             first.header("Location"_ba).constData());

    Operation parsed;
    FieldError error;
    QVERIFY2(codec::fromJson(op, &parsed, &error),
             qPrintable(error.field + u": "_s + error.message));
    QCOMPARE(statusOf(op), u"pending"_s);
    QCOMPARE(op.value(u"progressPercentage"_s).toDouble(), 0.0);
    QCOMPARE(op.value(u"operationType"_s).toString(), u"file_archive"_s);
    QCOMPARE(op.value(u"entityId"_s).toString(), u"file_42"_s);
    QCOMPARE(op.value(u"displayName"_s).toString(), u"Archiving report.csv"_s);
    QCOMPARE(op.value(u"totalSteps"_s).toInt(), 3);
    QCOMPARE(op.value(u"steps"_s).toArray(), body.value(u"steps"_s).toArray());
    const QJsonObject context{
            {u"userId"_s, alice}, {u"fileName"_s, u"report.csv"_s}, {u"fileSize"_s, 1234}};
    QCOMPARE(op.value(u"context"_s).toObject(), context);
    QVERIFY(op.value(u"approval"_s).isNull());
    QVERIFY(op.value(u"errorMessage"_s).isNull());
    QVERIFY(op.value(u"result"_s).isNull());
    QVERIFY(op.value(u"completedAt"_s).isNull());
    // Nothing to estimate from yet.
    QVERIFY(op.value(u"etaSeconds"_s).isNull());
    QVERIFY(op.value(u"timeRemaining"_s).isNull());
    QCOMPARE(op.value(u"cancellable"_s).toBool(), true);
    QVERIFY(isWireTime(op.value(u"createdAt"_s)));
    QVERIFY(isWireTime(op.value(u"updatedAt"_s)));
    QVERIFY(versionOf(op) > 0);

    const ApiResponse read = m_client.get(operationPath(id), alice);
    EXPECT_STATUS(read, 200);
    QCOMPARE(read.json, op);

    // One counter over the whole service: the next change of anything is above this one.
    const QJsonObject second = m_scenario.create(dave, {{u"operationType"_s, u"file_archive"_s}});
    QVERIFY(!second.isEmpty());
    QVERIFY(versionOf(second) > versionOf(op));
    QVERIFY(idOf(second) != id);
}

void tst_ApiOperations::createWithApproval()
{
    const QJsonObject op = m_scenario.create(alice,
                                             {{u"operationType"_s, u"t.custom_approval"_s},
                                              {u"approval"_s, QJsonObject{{u"required"_s, 2}}}});
    QVERIFY(!op.isEmpty());
    const QJsonObject approval = op.value(u"approval"_s).toObject();
    QCOMPARE(approval.value(u"required"_s).toInt(), 2);
    QCOMPARE(approval.value(u"approvals"_s).toInt(), 0);
    QCOMPARE(approval.value(u"denials"_s).toInt(), 0);
    QCOMPARE(approval.value(u"decision"_s).toString(), u"pending"_s);
    QCOMPARE(approval.value(u"votes"_s).toArray(), QJsonArray());
    QCOMPARE(statusOf(op), u"pending"_s);
}

void tst_ApiOperations::createForAnotherUser()
{
    const ApiResponse bySvc = m_client.post(
            u"/api/operations"_s, svc,
            {{u"operationType"_s, u"t.for"_s}, {u"entityId"_s, u"e"_s}, {u"userId"_s, dave}});
    EXPECT_STATUS(bySvc, 201);
    QCOMPARE(ownerOf(bySvc.json), dave);
    // The owner sees it as theirs.
    const ApiResponse byDave = m_client.get(operationPath(idOf(bySvc.json)), dave);
    EXPECT_STATUS(byDave, 200);

    const ApiResponse ownId = m_client.post(
            u"/api/operations"_s, alice,
            {{u"operationType"_s, u"t.for"_s}, {u"entityId"_s, u"e"_s}, {u"userId"_s, alice}});
    EXPECT_STATUS(ownId, 201);
    QCOMPARE(ownerOf(ownId.json), alice);

    const qint64 cursor = m_scenario.cursor();
    const ApiResponse forOther = m_client.post(
            u"/api/operations"_s, ada,
            {{u"operationType"_s, u"t.for"_s}, {u"entityId"_s, u"e"_s}, {u"userId"_s, dave}});
    EXPECT_STATUS(forOther, 403);
    ApiScenario::expectErrorBody(forOther, u"forbidden"_s);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_ApiOperations::badCreate_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    QTest::newRow("not json") << "{\"operationType\": "_ba << u"body"_s;
    QTest::newRow("array") << "[]"_ba << u"body"_s;
    // An empty body reads as not JSON, or as {} that lacks the first required field.
    QTest::newRow("empty") << QByteArray() << u"body|operationType"_s;
    QTest::newRow("operationType missing") << R"({"entityId": "e"})"_ba << u"operationType"_s;
    QTest::newRow("operationType number")
            << R"({"operationType": 5, "entityId": "e"})"_ba << u"operationType"_s;
    QTest::newRow("operationType capitals")
            << R"({"operationType": "Bad Type", "entityId": "e"})"_ba << u"operationType"_s;
    QTest::newRow("operationType too long")
            << (R"({"entityId": "e", "operationType": ")"_ba + QByteArray(65, 'a') + "\"}"_ba)
            << u"operationType"_s;
    QTest::newRow("entityId missing") << R"({"operationType": "t.bad"})"_ba << u"entityId"_s;
    QTest::newRow("entityId number")
            << R"({"operationType": "t.bad", "entityId": 7})"_ba << u"entityId"_s;
    QTest::newRow("displayName number")
            << R"({"operationType": "t.bad", "entityId": "e", "displayName": 1})"_ba
            << u"displayName"_s;
    QTest::newRow("context string")
            << R"({"operationType": "t.bad", "entityId": "e", "context": "x"})"_ba << u"context"_s;
    QTest::newRow("steps string")
            << R"({"operationType": "t.bad", "entityId": "e", "steps": "a"})"_ba << u"steps"_s;
    QTest::newRow("steps with a number")
            << R"({"operationType": "t.bad", "entityId": "e", "steps": ["a", 2]})"_ba << u"steps"_s;
    QTest::newRow("approval number")
            << R"({"operationType": "t.bad", "entityId": "e", "approval": 2})"_ba << u"approval"_s;
    QTest::newRow("approval.required zero")
            << R"({"operationType": "t.bad", "entityId": "e", "approval": {"required": 0}})"_ba
            << u"approval.required"_s;
    QTest::newRow("approval.required text")
            << R"({"operationType": "t.bad", "entityId": "e", "approval": {"required": "2"}})"_ba
            << u"approval.required"_s;
    QTest::newRow("approval.required fraction")
            << R"({"operationType": "t.bad", "entityId": "e", "approval": {"required": 1.5}})"_ba
            << u"approval.required"_s;
    QTest::newRow("userId number")
            << R"({"operationType": "t.bad", "entityId": "e", "userId": 3})"_ba << u"userId"_s;
}

void tst_ApiOperations::badCreate()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const qint64 cursor = m_scenario.cursor();
    QVERIFY(cursor >= 0);
    const ApiResponse response
            = m_client.send(ApiRequest::raw("POST"_ba, u"/api/operations"_s, alice, body));
    ApiScenario::expectBadRequestNaming(response, field);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_ApiOperations::badPatch_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    QTest::newRow("not json") << "{\"status\": "_ba << u"body"_s;
    // A PATCH that names nothing to change is a heartbeat (v1.1): tst_producers covers it.
    QTest::newRow("status unknown") << R"({"status": "bogus"})"_ba << u"status"_s;
    QTest::newRow("status number") << R"({"status": 3})"_ba << u"status"_s;
    QTest::newRow("progress above 100")
            << R"({"progressPercentage": 101})"_ba << u"progressPercentage"_s;
    QTest::newRow("progress negative")
            << R"({"progressPercentage": -1})"_ba << u"progressPercentage"_s;
    QTest::newRow("progress text")
            << R"({"progressPercentage": "50"})"_ba << u"progressPercentage"_s;
    QTest::newRow("currentStep negative") << R"({"currentStep": -1})"_ba << u"currentStep"_s;
    QTest::newRow("currentStep fraction") << R"({"currentStep": 1.5})"_ba << u"currentStep"_s;
    QTest::newRow("stepDescription number")
            << R"({"stepDescription": 7})"_ba << u"stepDescription"_s;
    QTest::newRow("errorMessage number") << R"({"errorMessage": 7})"_ba << u"errorMessage"_s;
    QTest::newRow("context string") << R"({"context": "x"})"_ba << u"context"_s;
    QTest::newRow("context owner change")
            << R"({"context": {"userId": "dave"}})"_ba << u"context"_s;
    // Nothing of a request that fails is applied: the good field stays unapplied too.
    QTest::newRow("good progress, bad status")
            << R"({"progressPercentage": 60, "status": "bogus"})"_ba << u"status"_s;
    QTest::newRow("good step, bad progress")
            << R"({"stepDescription": "halfway", "progressPercentage": 250})"_ba
            << u"progressPercentage"_s;
    QTest::newRow("good context, bad step")
            << R"({"context": {"note": "x"}, "currentStep": "two"})"_ba << u"currentStep"_s;
}

void tst_ApiOperations::badPatch()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &operation);
    if (QTest::currentTestFailed())
        return;
    const qint64 cursor = m_scenario.cursor();
    for (const QString &user : {alice, svc}) {
        const ApiResponse response = m_client.send(
                ApiRequest::raw("PATCH"_ba, operationPath(idOf(operation)), user, body));
        ApiScenario::expectBadRequestNaming(response, field);
        if (QTest::currentTestFailed())
            return;
    }
    m_scenario.expectUnchanged(operation);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_ApiOperations::badVoteOrCancel_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    QTest::newRow("vote without decision") << u"/votes"_s << "{}"_ba << u"decision"_s;
    QTest::newRow("vote maybe") << u"/votes"_s << R"({"decision": "maybe"})"_ba << u"decision"_s;
    QTest::newRow("vote decision number")
            << u"/votes"_s << R"({"decision": 1})"_ba << u"decision"_s;
    QTest::newRow("vote reason number")
            << u"/votes"_s << R"({"decision": "approve", "reason": 5})"_ba << u"reason"_s;
    QTest::newRow("vote not json") << u"/votes"_s << "approve"_ba << u"body"_s;
    QTest::newRow("cancel reason number") << u"/cancel"_s << R"({"reason": 5})"_ba << u"reason"_s;
    QTest::newRow("cancel not json") << u"/cancel"_s << "{"_ba << u"body"_s;
}

void tst_ApiOperations::badVoteOrCancel()
{
    QFETCH(QString, suffix);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QJsonObject operation;
    m_scenario.makeInStatus(alice, u"waiting_for_approval"_s, true, &operation);
    if (QTest::currentTestFailed())
        return;
    const qint64 cursor = m_scenario.cursor();
    const QString user = suffix == u"/votes"_s ? bob : alice;
    const ApiResponse response = m_client.send(
            ApiRequest::raw("POST"_ba, operationPath(idOf(operation), suffix), user, body));
    ApiScenario::expectBadRequestNaming(response, field);
    m_scenario.expectUnchanged(operation);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_ApiOperations::payloadTooLarge_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("create") << "POST"_ba;
    QTest::newRow("patch") << "PATCH"_ba;
}

void tst_ApiOperations::payloadTooLarge()
{
    QFETCH(QByteArray, method);
    constexpr int oneMebibyte = 1024 * 1024;
    QJsonObject operation;
    m_scenario.makeInStatus(alice, u"in_progress"_s, false, &operation);
    if (QTest::currentTestFailed())
        return;
    const qint64 cursor = m_scenario.cursor();
    // Well-formed and otherwise valid: only its size is wrong.
    const QJsonObject body{{u"operationType"_s, u"t.large"_s},
                           {u"entityId"_s, u"e"_s},
                           {u"context"_s, QJsonObject{{u"blob"_s, QString(oneMebibyte, u'x')}}}};
    const QString path
            = method == "POST"_ba ? u"/api/operations"_s : operationPath(idOf(operation));
    const ApiResponse response = m_client.send(ApiRequest{method, path, alice, body, {}, {}, {}});
    EXPECT_STATUS(response, 413);
    ApiScenario::expectErrorBody(response, u"payload_too_large"_s);
    m_scenario.expectUnchanged(operation);
    m_scenario.expectNoChangeSince(cursor);
}

QTEST_GUILESS_MAIN(tst_ApiOperations)
#include "tst_api_operations.moc"
