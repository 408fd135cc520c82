#include "operationcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 exampleVersion = 1042;
constexpr int exampleFileSize = 1234;

QDateTime utc(int hour, int minute, int second = 0, int msecs = 0)
{
    return QDateTime(QDate(2026, 11, 29), QTime(hour, minute, second, msecs), Qt::UTC);
}

/// A finished file deletion that went through a vote, with every field set.
Operation approvedAndCompleted()
{
    Operation op;
    op.operationId = u"op_7f3a9c"_s;
    op.operationType = u"file_deletion"_s;
    op.entityId = u"file_42"_s;
    op.displayName = u"Deleting report.csv"_s;
    op.status = OperationStatus::Completed;
    op.progressPercentage = 100;
    op.currentStep = 3;
    op.totalSteps = 3;
    op.steps = {u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};
    op.stepDescription = u"Done"_s;
    op.result = QJsonObject{{u"deletedBytes"_s, exampleFileSize},
                            {u"trash"_s, QJsonArray{u"report.csv"_s}},
                            {u"restorable"_s, false}};
    op.cancellable = false;
    op.context = {{u"userId"_s, u"alice"_s},
                  {u"fileName"_s, u"report.csv"_s},
                  {u"fileSize"_s, exampleFileSize}};
    Approval approval;
    approval.required = 2;
    approval.approvals = 2;
    approval.denials = 1;
    approval.decision = ApprovalDecision::Approved;
    approval.voterRole = u"approver"_s;
    approval.expiresAt = utc(13, 0);
    approval.votes = {{u"bob"_s, VoteDecision::Approve, QString(), utc(12, 1, 2, 3)},
                      {u"carol"_s, VoteDecision::Deny, u"not today"_s, utc(12, 2, 0, 999)},
                      {u"dave"_s, VoteDecision::Approve, u"fine by me"_s, utc(12, 3)}};
    op.approval = approval;
    op.createdAt = utc(12, 0);
    op.updatedAt = utc(12, 4, 30, 250);
    op.completedAt = utc(12, 4, 30, 250);
    op.version = exampleVersion;
    return op;
}

/// A running operation: everything optional is null.
Operation runningWithNulls()
{
    Operation op;
    op.operationId = u"op_1"_s;
    op.operationType = u"data.export-v2"_s;
    op.entityId = u"export_7"_s;
    op.status = OperationStatus::InProgress;
    op.progressPercentage = 12.5;
    op.currentStep = 1;
    op.totalSteps = 2;
    op.steps = {u"Query"_s, u"Write"_s};
    op.context = {{u"userId"_s, u"alice"_s}};
    op.createdAt = utc(12, 0);
    op.updatedAt = utc(12, 0, 5);
    op.version = 7;
    return op;
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QJsonObject withField(QJsonObject json, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        json.remove(key);
    else
        json.insert(key, value);
    return json;
}

QJsonObject withApprovalField(const QJsonObject &json, const QString &key, const QJsonValue &value)
{
    return withField(json, u"approval"_s,
                     withField(json.value(u"approval"_s).toObject(), key, value));
}

QJsonObject withFirstVoteField(const QJsonObject &json, const QString &key, const QJsonValue &value)
{
    QJsonArray votes = json.value(u"approval"_s).toObject().value(u"votes"_s).toArray();
    votes.replace(0, withField(votes.at(0).toObject(), key, value));
    return withApprovalField(json, u"votes"_s, votes);
}

/// The body parsed as the service does: one JSON object, then the request's own rules.
template<typename Request>
bool parseBody(const QByteArray &body, bool (*parse)(const QJsonObject &, Request *, FieldError *),
               Request *request, FieldError *error)
{
    QJsonObject object;
    return codec::parseObject(body, &object, error) && parse(object, request, error);
}

/// A message a person can act on: a sentence that names the field it is about.
void verifyMessage(const FieldError &error, const QString &field)
{
    QVERIFY(error.isSet());
    QCOMPARE(error.field, field);
    const QString &message = error.message;
    QVERIFY2(message.size() > field.size() + 1, qPrintable(message));
    QVERIFY2(message.contains(u' '), qPrintable(message));
    QVERIFY2(message.endsWith(u'.'), qPrintable(message));
    const QString named = field.section(u'[', 0, 0);
    QVERIFY2(message.contains(named), qPrintable(message));
}

void addErrorColumns()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
}

void addBodyErrorRows()
{
    QTest::newRow("non-object body") << R"([{"status": "completed"}])"_ba << u"body"_s;
    QTest::newRow("invalid JSON") << R"({"status": )"_ba << u"body"_s;
    QTest::newRow("trailing garbage") << R"({} x)"_ba << u"body"_s;
    QTest::newRow("no body") << QByteArray() << u"body"_s;
}

} // namespace

class tst_OperationCodec final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void jsonShapeMatchesContract();
    void nullFieldsAreNullNotAbsent();
    void readsContractExample();
    void fromJsonUnknownFieldsIgnored();
    void builtInOfOlderDocuments_data();
    void builtInOfOlderDocuments();
    void fromJsonRejectsWrongTypes_data();
    void fromJsonRejectsWrongTypes();
    void unsetTimesAreNull();
    void wireTime_data();
    void wireTime();
    void eventRoundTrip();
    void operationTypePattern_data();
    void operationTypePattern();

    void createRequestErrors_data();
    void createRequestErrors();
    void createRequestValid();
    void createRequestRoundTrip();

    void patchRequestErrors_data();
    void patchRequestErrors();
    void patchRequestFields();
    void emptyPatchIsAHeartbeat_data();
    void emptyPatchIsAHeartbeat();
    void patchErrorMessageNullClears();
    void patchRequestRoundTrip();

    void voteRequestErrors_data();
    void voteRequestErrors();
    void voteRequestValid_data();
    void voteRequestValid();

    void cancelRequestErrors_data();
    void cancelRequestErrors();
    void cancelRequestValid();
};

void tst_OperationCodec::roundTrip_data()
{
    QTest::addColumn<Operation>("operation");

    QTest::newRow("approved with votes, result, completedAt") << approvedAndCompleted();
    QTest::newRow("running with null fields") << runningWithNulls();

    Operation eta = runningWithNulls();
    eta.etaSeconds = 120;
    eta.timeRemaining = u"about 2 minutes"_s;
    eta.stepDescription = u"Writing rows"_s;
    QTest::newRow("running with an estimate") << eta;

    Operation failed = runningWithNulls();
    failed.status = OperationStatus::Failed;
    failed.errorMessage = u"Line 3: amount \"12,5\" is not a decimal."_s;
    failed.completedAt = utc(12, 1);
    QTest::newRow("failed with errorMessage") << failed;

    Operation waiting = approvedAndCompleted();
    waiting.status = OperationStatus::WaitingForApproval;
    waiting.completedAt.reset();
    waiting.result = QJsonValue::Null;
    waiting.cancellable = true;
    waiting.approval->approvals = 0;
    waiting.approval->denials = 0;
    waiting.approval->decision = ApprovalDecision::Pending;
    waiting.approval->votes.clear();
    waiting.approval->expiresAt = QDateTime();
    QTest::newRow("waiting, approval without votes or expiry") << waiting;

    Operation denied = approvedAndCompleted();
    denied.status = OperationStatus::Denied;
    denied.approval->decision = ApprovalDecision::Denied;
    denied.errorMessage = u"Denied by carol: not today"_s;
    denied.result = QJsonValue::Null;
    QTest::newRow("denied") << denied;

    Operation arrayResult = approvedAndCompleted();
    arrayResult.approval.reset();
    arrayResult.result = QJsonArray{1, u"two"_s, QJsonObject{{u"three"_s, 3}}};
    QTest::newRow("array result, no approval") << arrayResult;

    Operation stringResult = arrayResult;
    stringResult.result = u"/exports/op_7f3a9c.csv"_s;
    QTest::newRow("string result") << stringResult;

    // What a client holds before the service has answered: no times at all.
    Operation unsetTimes = waiting;
    unsetTimes.createdAt = QDateTime();
    unsetTimes.updatedAt = QDateTime();
    unsetTimes.approval->votes = {{u"bob"_s, VoteDecision::Approve, QString(), QDateTime()}};
    QTest::newRow("unset times") << unsetTimes;

    Operation producer = runningWithNulls();
    producer.heartbeatSeconds = 30;
    QTest::newRow("a producer's, with a heartbeat") << producer;

    Operation workload = runningWithNulls();
    workload.operationType = u"file_upload"_s;
    workload.builtIn = true;
    QTest::newRow("a built-in workload's") << workload;
}

void tst_OperationCodec::roundTrip()
{
    QFETCH(Operation, operation);
    const QByteArray wire = compact(codec::toJson(operation));

    QJsonObject object;
    FieldError error;
    QVERIFY2(codec::parseObject(wire, &object, &error), qPrintable(error.message));
    Operation parsed;
    QVERIFY2(codec::fromJson(object, &parsed, &error),
             qPrintable(error.field + u": "_s + error.message));
    QVERIFY(!error.isSet());
    QCOMPARE(compact(codec::toJson(parsed)), wire);
    QVERIFY(parsed == operation);
}

void tst_OperationCodec::jsonShapeMatchesContract()
{
    const QJsonObject json = codec::toJson(approvedAndCompleted());
    // The field names of the contract's example operation.
    const QStringList operationFields{
            u"operationId"_s,     u"operationType"_s, u"entityId"_s,
            u"displayName"_s,     u"status"_s,        u"progressPercentage"_s,
            u"currentStep"_s,     u"totalSteps"_s,    u"steps"_s,
            u"stepDescription"_s, u"timeRemaining"_s, u"etaSeconds"_s,
            u"errorMessage"_s,    u"result"_s,        u"cancellable"_s,
            u"context"_s,         u"approval"_s,      u"createdAt"_s,
            u"updatedAt"_s,       u"completedAt"_s,   u"version"_s};
    for (const QString &field : operationFields)
        QVERIFY2(json.contains(field), qPrintable(field));

    QCOMPARE(json.value(u"operationId"_s).toString(), u"op_7f3a9c"_s);
    QCOMPARE(json.value(u"status"_s).toString(), u"completed"_s);
    QVERIFY(json.value(u"progressPercentage"_s).isDouble());
    QCOMPARE(json.value(u"progressPercentage"_s).toDouble(), 100.0);
    QCOMPARE(json.value(u"currentStep"_s).toInt(), 3);
    QCOMPARE(json.value(u"totalSteps"_s).toInt(), 3);
    QCOMPARE(json.value(u"steps"_s).toArray().size(), 3);
    QCOMPARE(json.value(u"steps"_s).toArray().at(1).toString(), u"Delete file"_s);
    QCOMPARE(json.value(u"cancellable"_s), QJsonValue(false));
    QCOMPARE(json.value(u"context"_s).toObject().value(u"userId"_s).toString(), u"alice"_s);
    QCOMPARE(json.value(u"result"_s).toObject().value(u"deletedBytes"_s).toInt(), exampleFileSize);
    QCOMPARE(json.value(u"version"_s).toInteger(), exampleVersion);

    // RFC 3339 UTC with milliseconds.
    QCOMPARE(json.value(u"createdAt"_s).toString(), u"2026-11-29T12:00:00.000Z"_s);
    QCOMPARE(json.value(u"updatedAt"_s).toString(), u"2026-11-29T12:04:30.250Z"_s);
    QCOMPARE(json.value(u"completedAt"_s).toString(), u"2026-11-29T12:04:30.250Z"_s);

    const QJsonObject approval = json.value(u"approval"_s).toObject();
    for (const QString &field :
         {u"required"_s, u"approvals"_s, u"denials"_s, u"decision"_s, u"votes"_s})
        QVERIFY2(approval.contains(field), qPrintable(u"approval."_s + field));
    QCOMPARE(approval.value(u"required"_s).toInt(), 2);
    QCOMPARE(approval.value(u"approvals"_s).toInt(), 2);
    QCOMPARE(approval.value(u"denials"_s).toInt(), 1);
    QCOMPARE(approval.value(u"decision"_s).toString(), u"approved"_s);

    const QJsonArray votes = approval.value(u"votes"_s).toArray();
    QCOMPARE(votes.size(), 3);
    const QJsonObject carol = votes.at(1).toObject();
    QCOMPARE(carol.keys(), (QStringList{u"at"_s, u"decision"_s, u"reason"_s, u"voter"_s}));
    QCOMPARE(carol.value(u"voter"_s).toString(), u"carol"_s);
    QCOMPARE(carol.value(u"decision"_s).toString(), u"deny"_s);
    QCOMPARE(carol.value(u"reason"_s).toString(), u"not today"_s);
    QCOMPARE(carol.value(u"at"_s).toString(), u"2026-11-29T12:02:00.999Z"_s);
    QCOMPARE(votes.at(0).toObject().value(u"decision"_s).toString(), u"approve"_s);
    QCOMPARE(votes.at(0).toObject().value(u"reason"_s), QJsonValue(u""_s));
}

void tst_OperationCodec::nullFieldsAreNullNotAbsent()
{
    const QJsonObject json = codec::toJson(runningWithNulls());
    for (const QString &field :
         {u"timeRemaining"_s, u"etaSeconds"_s, u"errorMessage"_s, u"result"_s, u"approval"_s,
          u"completedAt"_s, u"heartbeatSeconds"_s}) {
        QVERIFY2(json.contains(field), qPrintable(field));
        QVERIFY2(json.value(field).isNull(), qPrintable(field));
    }
    QCOMPARE(json.value(u"status"_s).toString(), u"in_progress"_s);
    QCOMPARE(json.value(u"progressPercentage"_s).toDouble(), 12.5);
    QCOMPARE(json.value(u"cancellable"_s), QJsonValue(true));
}

void tst_OperationCodec::readsContractExample()
{
    // The contract's example, with its elided times filled in.
    const QByteArray example = R"({
      "operationId": "op_7f3a", "operationType": "file_deletion",
      "entityId": "file_42", "displayName": "Deleting report.csv",
      "status": "waiting_for_approval", "progressPercentage": 10,
      "currentStep": 1, "totalSteps": 3,
      "steps": ["Collect approvals", "Delete file", "Clean up"],
      "stepDescription": "Collecting approval votes",
      "timeRemaining": "about 2 minutes", "etaSeconds": 120,
      "errorMessage": null, "result": null,
      "cancellable": true,
      "context": {"userId": "alice", "fileName": "report.csv", "fileSize": 1234},
      "approval": {"required": 1, "approvals": 0, "denials": 0,
                   "decision": "pending",
                   "votes": [{"voter": "bob", "decision": "approve",
                              "reason": "", "at": "2026-11-29T12:00:01.000Z"}]},
      "createdAt": "2026-11-29T12:00:00.000Z", "updatedAt": "2026-11-29T12:00:01.000Z",
      "completedAt": null,
      "version": 1042
    })"_ba;
    QJsonObject object;
    FieldError error;
    QVERIFY(codec::parseObject(example, &object, &error));
    Operation op;
    QVERIFY2(codec::fromJson(object, &op, &error),
             qPrintable(error.field + u": "_s + error.message));

    QCOMPARE(op.operationId, u"op_7f3a"_s);
    QCOMPARE(op.status, OperationStatus::WaitingForApproval);
    QCOMPARE(op.progressPercentage, 10.0);
    QCOMPARE(op.currentStep, 1);
    QCOMPARE(op.totalSteps, 3);
    QCOMPARE(op.steps.size(), 3);
    QCOMPARE(op.timeRemaining, std::optional<QString>(u"about 2 minutes"_s));
    QCOMPARE(op.etaSeconds, std::optional<qint64>(120));
    QCOMPARE(op.errorMessage, std::nullopt);
    QVERIFY(op.result.isNull());
    QVERIFY(op.cancellable);
    QCOMPARE(op.owner(), u"alice"_s);
    QVERIFY(op.approval);
    QCOMPARE(op.approval->required, 1);
    QCOMPARE(op.approval->votes.size(), 1);
    QCOMPARE(op.approval->votes.first().voter, u"bob"_s);
    QCOMPARE(op.approval->votes.first().at, utc(12, 0, 1));
    QVERIFY(op.approval->hasVoted(u"bob"_s));
    QCOMPARE(op.createdAt, utc(12, 0));
    QCOMPARE(op.completedAt, std::nullopt);
    QCOMPARE(op.version, exampleVersion);
}

void tst_OperationCodec::fromJsonUnknownFieldsIgnored()
{
    QJsonObject json = codec::toJson(approvedAndCompleted());
    json.insert(u"futureField"_s, QJsonObject{{u"nested"_s, true}});
    json = withApprovalField(json, u"quorumHint"_s, 3);
    json = withFirstVoteField(json, u"weight"_s, 2);
    Operation parsed;
    FieldError error;
    QVERIFY2(codec::fromJson(json, &parsed, &error),
             qPrintable(error.field + u": "_s + error.message));
    QVERIFY(parsed == approvedAndCompleted());
}

void tst_OperationCodec::builtInOfOlderDocuments_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("builtIn");
    QTest::addColumn<bool>("expected");

    const QJsonValue absent(QJsonValue::Undefined);
    // Before the field existed, the service ran every operation of a built-in type.
    QTest::newRow("upload, no field") << u"file_upload"_s << absent << true;
    QTest::newRow("deletion, no field") << u"file_deletion"_s << absent << true;
    QTest::newRow("export, no field") << u"data_export"_s << absent << true;
    QTest::newRow("producer type, no field") << u"backup"_s << absent << false;
    QTest::newRow("deletion by a producer") << u"file_deletion"_s << QJsonValue(false) << false;
    QTest::newRow("export by the service") << u"data_export"_s << QJsonValue(true) << true;
}

void tst_OperationCodec::builtInOfOlderDocuments()
{
    QFETCH(QString, type);
    QFETCH(QJsonValue, builtIn);
    QFETCH(bool, expected);
    QJsonObject json = codec::toJson(runningWithNulls());
    json.insert(u"operationType"_s, type);
    json = withField(json, u"builtIn"_s, builtIn);
    json.remove(u"heartbeatSeconds"_s);
    Operation op;
    FieldError error;
    QVERIFY2(codec::fromJson(json, &op, &error), qPrintable(error.message));
    QCOMPARE(op.builtIn, expected);
    QCOMPARE(op.heartbeatSeconds, std::nullopt);
}

void tst_OperationCodec::fromJsonRejectsWrongTypes_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");

    const QJsonObject base = codec::toJson(approvedAndCompleted());
    const QJsonValue absent(QJsonValue::Undefined);
    const auto row = [&base](const char *name, const QString &field, const QJsonValue &value) {
        QTest::newRow(name) << withField(base, field, value) << field;
    };

    row("operationId missing", u"operationId"_s, absent);
    row("operationId number", u"operationId"_s, 7);
    row("operationType array", u"operationType"_s, QJsonArray{});
    row("entityId number", u"entityId"_s, 42);
    row("displayName bool", u"displayName"_s, true);
    row("status missing", u"status"_s, absent);
    row("status number", u"status"_s, 3);
    row("status unknown", u"status"_s, u"done"_s);
    row("progressPercentage string", u"progressPercentage"_s, u"50"_s);
    row("progressPercentage 101", u"progressPercentage"_s, 101);
    row("progressPercentage -1", u"progressPercentage"_s, -1);
    row("currentStep 1.5", u"currentStep"_s, 1.5);
    row("totalSteps string", u"totalSteps"_s, u"3"_s);
    row("steps string", u"steps"_s, u"Delete file"_s);
    QTest::newRow("steps not strings")
            << withField(base, u"steps"_s, QJsonArray{1, 2}) << u"steps[0]"_s;
    row("stepDescription number", u"stepDescription"_s, 5);
    row("timeRemaining number", u"timeRemaining"_s, 120);
    row("etaSeconds string", u"etaSeconds"_s, u"120"_s);
    row("etaSeconds negative", u"etaSeconds"_s, -1);
    row("errorMessage object", u"errorMessage"_s, QJsonObject{});
    row("cancellable string", u"cancellable"_s, u"yes"_s);
    row("context array", u"context"_s, QJsonArray{u"alice"_s});
    row("context string", u"context"_s, u"alice"_s);
    row("approval string", u"approval"_s, u"pending"_s);
    row("createdAt not a time", u"createdAt"_s, u"yesterday"_s);
    row("updatedAt number", u"updatedAt"_s, 1'700'000'000);
    row("completedAt not a time", u"completedAt"_s, u"2026-13-01T00:00:00.000Z"_s);
    row("createdAt without offset", u"createdAt"_s, u"2026-11-29T12:00:00.000"_s);
    row("createdAt date only", u"createdAt"_s, u"2026-11-29"_s);
    row("createdAt empty", u"createdAt"_s, u""_s);
    row("version missing", u"version"_s, absent);
    row("version string", u"version"_s, u"1042"_s);
    row("version fractional", u"version"_s, 1.5);
    row("heartbeatSeconds string", u"heartbeatSeconds"_s, u"30"_s);
    row("heartbeatSeconds 0", u"heartbeatSeconds"_s, 0);
    row("builtIn string", u"builtIn"_s, u"yes"_s);

    QTest::newRow("approval.required string")
            << withApprovalField(base, u"required"_s, u"2"_s) << u"approval.required"_s;
    QTest::newRow("approval.required missing")
            << withApprovalField(base, u"required"_s, absent) << u"approval.required"_s;
    QTest::newRow("approval.approvals negative")
            << withApprovalField(base, u"approvals"_s, -1) << u"approval.approvals"_s;
    QTest::newRow("approval.decision unknown")
            << withApprovalField(base, u"decision"_s, u"maybe"_s) << u"approval.decision"_s;
    QTest::newRow("approval.votes object")
            << withApprovalField(base, u"votes"_s, QJsonObject{}) << u"approval.votes"_s;
    QTest::newRow("approval.votes holds a string")
            << withApprovalField(base, u"votes"_s, QJsonArray{u"bob"_s}) << u"approval.votes[0]"_s;
    QTest::newRow("approval.votes[0].decision unknown")
            << withFirstVoteField(base, u"decision"_s, u"maybe"_s)
            << u"approval.votes[0].decision"_s;
    QTest::newRow("approval.votes[0].voter missing")
            << withFirstVoteField(base, u"voter"_s, absent) << u"approval.votes[0].voter"_s;
    QTest::newRow("approval.votes[0].at not a time")
            << withFirstVoteField(base, u"at"_s, u"noon"_s) << u"approval.votes[0].at"_s;
}

void tst_OperationCodec::fromJsonRejectsWrongTypes()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);

    const Operation untouched = runningWithNulls();
    Operation op = untouched;
    FieldError error;
    QVERIFY(!codec::fromJson(json, &op, &error));
    verifyMessage(error, field);
    if (QTest::currentTestFailed())
        return;
    // A failed read leaves the target as it was.
    QVERIFY(op == untouched);
}

void tst_OperationCodec::unsetTimesAreNull()
{
    Operation op = approvedAndCompleted();
    op.createdAt = QDateTime();
    op.updatedAt = QDateTime();
    op.completedAt.reset();
    op.approval->votes.first().at = QDateTime();
    op.approval->expiresAt = QDateTime();
    const QJsonObject json = codec::toJson(op);
    for (const QString &field : {u"createdAt"_s, u"updatedAt"_s, u"completedAt"_s})
        QVERIFY2(json.value(field).isNull(), qPrintable(field));
    const QJsonObject approval = json.value(u"approval"_s).toObject();
    QVERIFY(approval.value(u"expiresAt"_s).isNull());
    QVERIFY(approval.value(u"votes"_s).toArray().at(0).toObject().value(u"at"_s).isNull());
}

void tst_OperationCodec::wireTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid: rejected

    QTest::newRow("UTC with milliseconds") << u"2026-11-29T12:00:00.123Z"_s << utc(12, 0, 0, 123);
    QTest::newRow("UTC without milliseconds") << u"2026-11-29T12:00:00Z"_s << utc(12, 0);
    QTest::newRow("positive offset") << u"2026-11-29T13:30:00.000+01:00"_s << utc(12, 30);
    QTest::newRow("negative offset") << u"2026-11-29T07:00:00.000-05:00"_s << utc(12, 0);
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("garbage") << u"noon"_s << QDateTime();
    QTest::newRow("month 13") << u"2026-13-29T12:00:00.000Z"_s << QDateTime();
    // Without an offset Qt would read local time: the instant would depend on the machine.
    QTest::newRow("no offset") << u"2026-11-29T12:00:00.000"_s << QDateTime();
    QTest::newRow("date only") << u"2026-11-29"_s << QDateTime();
}

void tst_OperationCodec::wireTime()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = fromWireTime(text);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (!expected.isValid())
        return;
    QCOMPARE(parsed, expected);
    QCOMPARE(parsed.timeSpec(), Qt::UTC);
    QCOMPARE(fromWireTime(toWireTime(parsed)), parsed);
}

void tst_OperationCodec::eventRoundTrip()
{
    OperationEvent event;
    event.seq = 12;
    event.at = utc(12, 3, 4, 5);
    event.actor = u"bob"_s;
    event.kind = EventKind::Decision;
    event.status = OperationStatus::Approved;
    event.progressPercentage = 33.5;
    event.currentStep = 1;
    event.stepDescription = u"Collecting approval votes"_s;
    event.message = u"Approved by bob"_s;

    const QJsonObject json = codec::toJson(event);
    QCOMPARE(json.value(u"kind"_s).toString(), u"decision"_s);
    QCOMPARE(json.value(u"status"_s).toString(), u"approved"_s);
    QCOMPARE(json.value(u"at"_s).toString(), u"2026-11-29T12:03:04.005Z"_s);
    OperationEvent parsed;
    FieldError error;
    QVERIFY2(codec::fromJson(json, &parsed, &error), qPrintable(error.message));
    QVERIFY(parsed == event);

    QVERIFY(!codec::fromJson(withField(json, u"kind"_s, u"edited"_s), &parsed, &error));
    QCOMPARE(error.field, u"kind"_s);
}

void tst_OperationCodec::operationTypePattern_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("valid");
    QTest::newRow("file_deletion") << u"file_deletion"_s << true;
    QTest::newRow("one letter") << u"x"_s << true;
    QTest::newRow("dots, digits, hyphens") << u"data.export-v2"_s << true;
    QTest::newRow("64 characters") << (u"a"_s + QString(63, u'b')) << true;
    QTest::newRow("65 characters") << (u"a"_s + QString(64, u'b')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("leading digit") << u"1export"_s << false;
    QTest::newRow("leading underscore") << u"_export"_s << false;
    QTest::newRow("uppercase") << u"File_deletion"_s << false;
    QTest::newRow("space") << u"file deletion"_s << false;
    QTest::newRow("slash") << u"file/deletion"_s << false;
    QTest::newRow("trailing newline") << u"export\n"_s << false;
    QTest::newRow("non-ASCII letter") << u"exp\u00f6rt"_s << false;
}

void tst_OperationCodec::operationTypePattern()
{
    QFETCH(QString, type);
    QFETCH(bool, valid);
    QCOMPARE(codec::isValidOperationType(type), valid);
}

void tst_OperationCodec::createRequestErrors_data()
{
    addErrorColumns();
    const auto row = [](const char *name, const QByteArray &body, const QString &field) {
        QTest::newRow(name) << body << field;
    };
    row("missing operationType", R"({"entityId": "file_42"})"_ba, u"operationType"_s);
    row("operationType null", R"({"operationType": null, "entityId": "f"})"_ba, u"operationType"_s);
    row("operationType number", R"({"operationType": 5, "entityId": "f"})"_ba, u"operationType"_s);
    row("operationType uppercase", R"({"operationType": "File_deletion", "entityId": "f"})"_ba,
        u"operationType"_s);
    row("operationType leading digit", R"({"operationType": "1x", "entityId": "f"})"_ba,
        u"operationType"_s);
    row("operationType with space", R"({"operationType": "file deletion", "entityId": "f"})"_ba,
        u"operationType"_s);
    row("operationType empty", R"({"operationType": "", "entityId": "f"})"_ba, u"operationType"_s);
    row("operationType 65 characters",
        "{\"operationType\": \"" + QByteArray(65, 'a') + "\", \"entityId\": \"f\"}",
        u"operationType"_s);
    row("missing entityId", R"({"operationType": "file_deletion"})"_ba, u"entityId"_s);
    row("empty entityId", R"({"operationType": "file_deletion", "entityId": ""})"_ba,
        u"entityId"_s);
    row("blank entityId", R"({"operationType": "file_deletion", "entityId": "  "})"_ba,
        u"entityId"_s);
    row("entityId number", R"({"operationType": "file_deletion", "entityId": 42})"_ba,
        u"entityId"_s);
    row("displayName number", R"({"operationType": "t", "entityId": "f", "displayName": 1})"_ba,
        u"displayName"_s);
    row("steps not an array", R"({"operationType": "t", "entityId": "f", "steps": "a"})"_ba,
        u"steps"_s);
    row("steps not strings", R"({"operationType": "t", "entityId": "f", "steps": [1, 2]})"_ba,
        u"steps[0]"_s);
    row("steps with an empty name",
        R"({"operationType": "t", "entityId": "f", "steps": ["a", " "]})"_ba, u"steps[1]"_s);
    row("totalSteps 1.5", R"({"operationType": "t", "entityId": "f", "totalSteps": 1.5})"_ba,
        u"totalSteps"_s);
    row("totalSteps disagrees with steps",
        R"({"operationType": "t", "entityId": "f", "steps": ["a", "b"], "totalSteps": 3})"_ba,
        u"totalSteps"_s);
    row("approval not an object", R"({"operationType": "t", "entityId": "f", "approval": 2})"_ba,
        u"approval"_s);
    row("approval.required missing",
        R"({"operationType": "t", "entityId": "f", "approval": {}})"_ba, u"approval.required"_s);
    row("approval.required 0",
        R"({"operationType": "t", "entityId": "f", "approval": {"required": 0}})"_ba,
        u"approval.required"_s);
    row("approval.required 101",
        R"({"operationType": "t", "entityId": "f", "approval": {"required": 101}})"_ba,
        u"approval.required"_s);
    row("approval.required string",
        R"({"operationType": "t", "entityId": "f", "approval": {"required": "2"}})"_ba,
        u"approval.required"_s);
    row("approval.required 1.5",
        R"({"operationType": "t", "entityId": "f", "approval": {"required": 1.5}})"_ba,
        u"approval.required"_s);
    row("context string", R"({"operationType": "t", "entityId": "f", "context": "alice"})"_ba,
        u"context"_s);
    row("context array", R"({"operationType": "t", "entityId": "f", "context": []})"_ba,
        u"context"_s);
    row("context.userId number",
        R"({"operationType": "t", "entityId": "f", "context": {"userId": 5}})"_ba, u"context"_s);
    row("context.userId differs from userId",
        R"({"operationType": "t", "entityId": "f", "userId": "bob", "context": {"userId": "eve"}})"_ba,
        u"context"_s);
    row("userId empty", R"({"operationType": "t", "entityId": "f", "userId": ""})"_ba, u"userId"_s);
    row("cancellable string", R"({"operationType": "t", "entityId": "f", "cancellable": "no"})"_ba,
        u"cancellable"_s);
    row("heartbeatSeconds 4",
        R"({"operationType": "t", "entityId": "f", "heartbeatSeconds": 4})"_ba,
        u"heartbeatSeconds"_s);
    row("heartbeatSeconds 86401",
        R"({"operationType": "t", "entityId": "f", "heartbeatSeconds": 86401})"_ba,
        u"heartbeatSeconds"_s);
    row("heartbeatSeconds 7.5",
        R"({"operationType": "t", "entityId": "f", "heartbeatSeconds": 7.5})"_ba,
        u"heartbeatSeconds"_s);
    row("heartbeatSeconds string",
        R"({"operationType": "t", "entityId": "f", "heartbeatSeconds": "30"})"_ba,
        u"heartbeatSeconds"_s);
    addBodyErrorRows();
}

void tst_OperationCodec::createRequestErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    CreateOperationRequest request;
    request.operationType = u"untouched"_s;
    FieldError error;
    QVERIFY(!parseBody(body, &codec::parseCreateRequest, &request, &error));
    verifyMessage(error, field);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(request.operationType, u"untouched"_s);
}

void tst_OperationCodec::createRequestValid()
{
    const QByteArray body = R"({
        "operationType": "file_deletion", "entityId": "file_42",
        "displayName": "Deleting report.csv",
        "context": {"userId": "alice", "fileName": "report.csv"},
        "steps": ["Collect approvals", "Delete file"], "totalSteps": 2,
        "approval": {"required": 100, "policy": "ignored"},
        "userId": "alice", "cancellable": false, "heartbeatSeconds": 86400,
        "priority": "high", "tags": [1, 2, 3]
    })"_ba;
    CreateOperationRequest request;
    FieldError error;
    QVERIFY2(parseBody(body, &codec::parseCreateRequest, &request, &error),
             qPrintable(error.field + u": "_s + error.message));
    QCOMPARE(request.operationType, u"file_deletion"_s);
    QCOMPARE(request.entityId, u"file_42"_s);
    QCOMPARE(request.displayName, std::optional<QString>(u"Deleting report.csv"_s));
    QCOMPARE(request.context.value(u"fileName"_s).toString(), u"report.csv"_s);
    QCOMPARE(request.steps, (QStringList{u"Collect approvals"_s, u"Delete file"_s}));
    QCOMPARE(request.totalSteps, std::optional<int>(2));
    QCOMPARE(request.requiredApprovals, std::optional<int>(100));
    QCOMPARE(request.userId, std::optional<QString>(u"alice"_s));
    QVERIFY(!request.cancellable);
    QCOMPARE(request.heartbeatSeconds, std::optional<int>(86400));

    // The least a caller may send; approval null is no approval.
    CreateOperationRequest minimal;
    QVERIFY(parseBody(R"({"operationType": "x", "entityId": "e", "approval": null})"_ba,
                      &codec::parseCreateRequest, &minimal, &error));
    QCOMPARE(minimal.displayName, std::nullopt);
    QCOMPARE(minimal.requiredApprovals, std::nullopt);
    QCOMPARE(minimal.userId, std::nullopt);
    QVERIFY(minimal.steps.isEmpty());
    QVERIFY(minimal.cancellable);
    QCOMPARE(minimal.heartbeatSeconds, std::nullopt);

    // The shortest window, and null as no heartbeat.
    CreateOperationRequest shortest;
    QVERIFY(parseBody(R"({"operationType": "x", "entityId": "e", "heartbeatSeconds": 5})"_ba,
                      &codec::parseCreateRequest, &shortest, &error));
    QCOMPARE(shortest.heartbeatSeconds, std::optional<int>(5));
    CreateOperationRequest none;
    QVERIFY(parseBody(R"({"operationType": "x", "entityId": "e", "heartbeatSeconds": null})"_ba,
                      &codec::parseCreateRequest, &none, &error));
    QCOMPARE(none.heartbeatSeconds, std::nullopt);
}

void tst_OperationCodec::createRequestRoundTrip()
{
    CreateOperationRequest request;
    request.operationType = u"data.export"_s;
    request.entityId = u"export_1"_s;
    request.displayName = u"Exporting 2026"_s;
    request.context = {{u"dateRange"_s, u"2026"_s}};
    request.steps = {u"Query"_s, u"Write"_s};
    request.totalSteps = 2;
    request.requiredApprovals = 1;
    request.userId = u"alice"_s;
    request.cancellable = false;
    request.heartbeatSeconds = 60;

    CreateOperationRequest parsed;
    FieldError error;
    QVERIFY2(codec::parseCreateRequest(codec::toJson(request), &parsed, &error),
             qPrintable(error.message));
    QCOMPARE(parsed.operationType, request.operationType);
    QCOMPARE(parsed.entityId, request.entityId);
    QCOMPARE(parsed.displayName, request.displayName);
    QCOMPARE(parsed.context, request.context);
    QCOMPARE(parsed.steps, request.steps);
    QCOMPARE(parsed.totalSteps, request.totalSteps);
    QCOMPARE(parsed.requiredApprovals, request.requiredApprovals);
    QCOMPARE(parsed.userId, request.userId);
    QCOMPARE(parsed.cancellable, request.cancellable);
    QCOMPARE(parsed.heartbeatSeconds, request.heartbeatSeconds);
}

void tst_OperationCodec::patchRequestErrors_data()
{
    addErrorColumns();
    const auto row = [](const char *name, const QByteArray &body, const QString &field) {
        QTest::newRow(name) << body << field;
    };
    row("progressPercentage 101", R"({"progressPercentage": 101})"_ba, u"progressPercentage"_s);
    row("progressPercentage -1", R"({"progressPercentage": -1})"_ba, u"progressPercentage"_s);
    row("progressPercentage \"50\"", R"({"progressPercentage": "50"})"_ba, u"progressPercentage"_s);
    row("progressPercentage null", R"({"progressPercentage": null})"_ba, u"progressPercentage"_s);
    row("currentStep 1.5", R"({"currentStep": 1.5})"_ba, u"currentStep"_s);
    row("currentStep -1", R"({"currentStep": -1})"_ba, u"currentStep"_s);
    row("currentStep string", R"({"currentStep": "2"})"_ba, u"currentStep"_s);
    row("status done", R"({"status": "done"})"_ba, u"status"_s);
    row("status label", R"({"status": "Completed"})"_ba, u"status"_s);
    row("status number", R"({"status": 5})"_ba, u"status"_s);
    row("stepDescription number", R"({"stepDescription": 5})"_ba, u"stepDescription"_s);
    row("errorMessage number", R"({"errorMessage": 5})"_ba, u"errorMessage"_s);
    row("errorMessage object", R"({"errorMessage": {"text": "x"}})"_ba, u"errorMessage"_s);
    row("context string", R"({"context": "alice"})"_ba, u"context"_s);
    row("context array", R"({"context": [1]})"_ba, u"context"_s);
    row("valid field, then a wrong one", R"({"status": "completed", "currentStep": "x"})"_ba,
        u"currentStep"_s);
    addBodyErrorRows();
}

void tst_OperationCodec::patchRequestErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    PatchOperationRequest request;
    request.currentStep = 9;
    FieldError error;
    QVERIFY(!parseBody(body, &codec::parsePatchRequest, &request, &error));
    verifyMessage(error, field);
    if (QTest::currentTestFailed())
        return;
    // Nothing of an invalid request is applied.
    QCOMPARE(request.currentStep, std::optional<int>(9));
    QVERIFY(!request.status);
}

void tst_OperationCodec::patchRequestFields()
{
    const QByteArray body = R"({
        "status": "in_progress", "progressPercentage": 42.5, "currentStep": 2,
        "stepDescription": "Deleting", "result": {"rows": 10},
        "context": {"fileName": "b.csv"}, "version": 99, "operationId": "op_other"
    })"_ba;
    PatchOperationRequest request;
    FieldError error;
    QVERIFY2(parseBody(body, &codec::parsePatchRequest, &request, &error),
             qPrintable(error.field + u": "_s + error.message));
    QVERIFY(!request.isEmpty());
    QCOMPARE(request.status, std::optional<OperationStatus>(OperationStatus::InProgress));
    QCOMPARE(request.progressPercentage, std::optional<double>(42.5));
    QCOMPARE(request.currentStep, std::optional<int>(2));
    QCOMPARE(request.stepDescription, std::optional<QString>(u"Deleting"_s));
    QCOMPARE(request.result, std::optional<QJsonValue>(QJsonObject{{u"rows"_s, 10}}));
    QCOMPARE(request.context, std::optional<QJsonObject>(QJsonObject{{u"fileName"_s, u"b.csv"_s}}));
    // Absent stays absent.
    QCOMPARE(request.errorMessage, std::nullopt);

    // The bounds themselves are allowed.
    PatchOperationRequest bounds;
    QVERIFY(parseBody(R"({"progressPercentage": 0})"_ba, &codec::parsePatchRequest, &bounds,
                      &error));
    QCOMPARE(bounds.progressPercentage, std::optional<double>(0));
    QVERIFY(parseBody(R"({"progressPercentage": 100, "currentStep": 0})"_ba,
                      &codec::parsePatchRequest, &bounds, &error));
    QCOMPARE(bounds.progressPercentage, std::optional<double>(100));
    QCOMPARE(bounds.currentStep, std::optional<int>(0));

    // A null result is a change (to null), not an absent field.
    PatchOperationRequest nullResult;
    QVERIFY(parseBody(R"({"result": null})"_ba, &codec::parsePatchRequest, &nullResult, &error));
    QVERIFY(nullResult.result);
    QVERIFY(nullResult.result->isNull());
}

void tst_OperationCodec::emptyPatchIsAHeartbeat_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty object") << R"({})"_ba;
    // Unknown fields are ignored, so what is left is a heartbeat too.
    QTest::newRow("only unknown fields") << R"({"progress": 50, "state": "done"})"_ba;
}

void tst_OperationCodec::emptyPatchIsAHeartbeat()
{
    QFETCH(QByteArray, body);
    PatchOperationRequest request;
    FieldError error;
    QVERIFY2(parseBody(body, &codec::parsePatchRequest, &request, &error),
             qPrintable(error.message));
    QVERIFY(request.isEmpty());
    QVERIFY(codec::toJson(request).isEmpty());
}

void tst_OperationCodec::patchErrorMessageNullClears()
{
    PatchOperationRequest request;
    FieldError error;
    QVERIFY2(parseBody(R"({"errorMessage": null})"_ba, &codec::parsePatchRequest, &request, &error),
             qPrintable(error.message));
    QVERIFY(!request.isEmpty());
    QVERIFY(request.errorMessage); // present...
    QVERIFY(!request.errorMessage->has_value()); // ...and null: clear it
    QCOMPARE(codec::toJson(request), QJsonObject({{u"errorMessage"_s, QJsonValue::Null}}));

    PatchOperationRequest set;
    QVERIFY(parseBody(R"({"errorMessage": "Disk full"})"_ba, &codec::parsePatchRequest, &set,
                      &error));
    QVERIFY(set.errorMessage);
    QCOMPARE(*set.errorMessage, std::optional<QString>(u"Disk full"_s));
}

void tst_OperationCodec::patchRequestRoundTrip()
{
    PatchOperationRequest request;
    request.status = OperationStatus::Failed;
    request.progressPercentage = 0; // zero is a value, not "absent"
    request.currentStep = 0;
    request.stepDescription = QString();
    request.errorMessage = std::optional<QString>(u"Line 3: bad amount"_s);
    request.result = QJsonArray{1, 2};
    request.context = QJsonObject{{u"retries"_s, 2}};

    const QJsonObject json = codec::toJson(request);
    QCOMPARE(json.size(), 7);
    PatchOperationRequest parsed;
    FieldError error;
    QVERIFY2(codec::parsePatchRequest(json, &parsed, &error), qPrintable(error.message));
    QCOMPARE(parsed.status, request.status);
    QCOMPARE(parsed.progressPercentage, request.progressPercentage);
    QCOMPARE(parsed.currentStep, request.currentStep);
    QCOMPARE(parsed.stepDescription, request.stepDescription);
    QCOMPARE(parsed.errorMessage, request.errorMessage);
    QCOMPARE(parsed.result, request.result);
    QCOMPARE(parsed.context, request.context);
}

void tst_OperationCodec::voteRequestErrors_data()
{
    addErrorColumns();
    QTest::newRow("missing decision") << R"({"reason": "ok"})"_ba << u"decision"_s;
    QTest::newRow("decision maybe") << R"({"decision": "maybe"})"_ba << u"decision"_s;
    QTest::newRow("decision capitalised") << R"({"decision": "Approve"})"_ba << u"decision"_s;
    QTest::newRow("decision approved") << R"({"decision": "approved"})"_ba << u"decision"_s;
    QTest::newRow("decision bool") << R"({"decision": true})"_ba << u"decision"_s;
    QTest::newRow("reason number") << R"({"decision": "deny", "reason": 5})"_ba << u"reason"_s;
    addBodyErrorRows();
}

void tst_OperationCodec::voteRequestErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    VoteRequest request;
    request.reason = u"untouched"_s;
    FieldError error;
    QVERIFY(!parseBody(body, &codec::parseVoteRequest, &request, &error));
    verifyMessage(error, field);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(request.reason, u"untouched"_s);
}

void tst_OperationCodec::voteRequestValid_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<VoteDecision>("decision");
    QTest::addColumn<QString>("reason");
    QTest::newRow("approve") << R"({"decision": "approve"})"_ba << VoteDecision::Approve
                             << QString();
    QTest::newRow("deny with reason") << R"({"decision": "deny", "reason": "  not today "})"_ba
                                      << VoteDecision::Deny << u"not today"_s;
    QTest::newRow("reason null") << R"({"decision": "deny", "reason": null})"_ba
                                 << VoteDecision::Deny << QString();
    QTest::newRow("unknown fields ignored")
            << R"({"decision": "approve", "voter": "mallory", "weight": 10})"_ba
            << VoteDecision::Approve << QString();
}

void tst_OperationCodec::voteRequestValid()
{
    QFETCH(QByteArray, body);
    QFETCH(VoteDecision, decision);
    QFETCH(QString, reason);
    VoteRequest request;
    request.decision
            = decision == VoteDecision::Approve ? VoteDecision::Deny : VoteDecision::Approve;
    FieldError error;
    QVERIFY2(parseBody(body, &codec::parseVoteRequest, &request, &error),
             qPrintable(error.message));
    QCOMPARE(voteDecisionToWire(request.decision), voteDecisionToWire(decision));
    QCOMPARE(request.reason, reason);
}

void tst_OperationCodec::cancelRequestErrors_data()
{
    addErrorColumns();
    QTest::newRow("reason number") << R"({"reason": 5})"_ba << u"reason"_s;
    QTest::newRow("reason array") << R"({"reason": ["too", "slow"]})"_ba << u"reason"_s;
    QTest::newRow("reason too long")
            << QByteArray("{\"reason\": \"" + QByteArray(codec::maxTextLength + 1, 'x') + "\"}")
            << u"reason"_s;
    addBodyErrorRows();
}

void tst_OperationCodec::cancelRequestErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    CancelRequest request;
    request.reason = u"untouched"_s;
    FieldError error;
    QVERIFY(!parseBody(body, &codec::parseCancelRequest, &request, &error));
    verifyMessage(error, field);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(request.reason, u"untouched"_s);
}

void tst_OperationCodec::cancelRequestValid()
{
    FieldError error;
    CancelRequest empty;
    QVERIFY(parseBody(R"({})"_ba, &codec::parseCancelRequest, &empty, &error));
    QVERIFY(empty.reason.isEmpty());

    CancelRequest withReason;
    QVERIFY(parseBody(R"({"reason": " no longer needed ", "force": true})"_ba,
                      &codec::parseCancelRequest, &withReason, &error));
    QCOMPARE(withReason.reason, u"no longer needed"_s);

    CancelRequest nullReason;
    QVERIFY(parseBody(R"({"reason": null})"_ba, &codec::parseCancelRequest, &nullReason, &error));
    QVERIFY(nullReason.reason.isEmpty());
    QVERIFY(!error.isSet());
}

QTEST_GUILESS_MAIN(tst_OperationCodec)
#include "tst_operationcodec.moc"
