// The read path's spliced JSON against the codec: an operation's bytes made once per version,
// and the list, delta and stream answers made from them, must be byte for byte what
// QJsonDocument writes for the QJsonObject the codec builds. Operations here fill every
// field the wire has, with the values that are easy to get wrong by hand (escapes, non-ASCII,
// nulls, fractions, large numbers).

#include "operationcodec.h"
#include "publishedoperation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);

Operation plain()
{
    Operation op;
    op.operationId = u"op_0123456789abcdef"_s;
    op.operationType = u"file_upload"_s;
    op.entityId = u"file_1"_s;
    op.displayName = u"Uploading transactions.csv"_s;
    op.createdAt = epoch;
    op.updatedAt = epoch;
    op.version = 1;
    op.context = QJsonObject{{u"userId"_s, u"alice"_s}};
    return op;
}

/// Every optional field set, strings that need escaping, numbers that are not whole.
Operation everything()
{
    Operation op = plain();
    op.displayName = u"Ünïcödé \"quoted\" \\ back\tslash\n€ 😀 </script>"_s;
    op.status = OperationStatus::WaitingForApproval;
    op.progressPercentage = 33.333333333333336;
    op.currentStep = 2;
    op.totalSteps = 3;
    op.steps = {u"Collect approvals"_s, u"Delete \"file\""_s, u"Clean up"_s};
    op.stepDescription = u"Waiting for 1 vote\u0001"_s;
    op.timeRemaining = u"about 2 minutes"_s;
    op.etaSeconds = 125;
    op.errorMessage = u"Line 7: amount \"12,5\" is not a number"_s;
    op.result = QJsonObject{{u"rows"_s, 1'000'000},
                            {u"ratio"_s, 0.1},
                            {u"big"_s, 9'007'199'254'740'993LL},
                            {u"nested"_s, QJsonArray{1, u"two"_s, QJsonValue::Null, true}}};
    op.cancellable = false;
    op.context = QJsonObject{{u"userId"_s, u"alice"_s},
                             {u"fileName"_s, u"ä.csv"_s},
                             {u"fileSize"_s, 12345678901LL},
                             {u"empty"_s, QJsonObject()}};
    Approval approval;
    approval.required = 2;
    approval.approvals = 1;
    approval.voterRole = u"approver"_s;
    approval.expiresAt = epoch.addDays(1);
    approval.votes = {Vote{u"ann"_s, VoteDecision::Approve, u"fine \"by me\""_s, epoch},
                      Vote{u"bo"_s, VoteDecision::Deny, QString(), QDateTime()}};
    op.approval = approval;
    op.completedAt = epoch.addSecs(90);
    op.updatedAt = epoch.addMSecs(1);
    op.version = 4'611'686'018'427'387'903LL;
    op.heartbeatSeconds = 30;
    op.builtIn = true;
    return op;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// The list answer as ApiServer built it before splicing.
QByteArray codecListBody(const QList<Operation> &operations, qint64 cursor, const QString &token)
{
    QJsonArray array;
    for (const Operation &op : operations)
        array.append(codec::toJson(op));
    QJsonObject body{{u"operations"_s, array}, {u"cursor"_s, cursor}};
    body.insert(u"nextPageToken"_s,
                token.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(token));
    return compact(body);
}

} // namespace

class tst_PublishedOperation final : public QObject
{
    Q_OBJECT

private slots:
    void operationBytesAreTheCodecs_data();
    void operationBytesAreTheCodecs();
    void listBodyIsTheCodecs_data();
    void listBodyIsTheCodecs();
    void streamMessageIsTheCodecs();
    void etagNamesTheVersion();
};

void tst_PublishedOperation::operationBytesAreTheCodecs_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::newRow("plain, pending") << plain();
    QTest::newRow("every field, escapes") << everything();
    for (const OperationStatus status :
         {OperationStatus::InProgress, OperationStatus::Approved, OperationStatus::Denied,
          OperationStatus::Completed, OperationStatus::Failed, OperationStatus::Cancelled}) {
        Operation op = everything();
        op.status = status;
        op.progressPercentage = 100;
        op.result = QJsonValue(u"done"_s);
        QTest::addRow("status %s", qPrintable(statusToWire(status))) << op;
    }
    Operation unset = plain();
    unset.createdAt = QDateTime();
    unset.updatedAt = QDateTime();
    unset.result = QJsonValue();
    QTest::newRow("unset times and result") << unset;
}

void tst_PublishedOperation::operationBytesAreTheCodecs()
{
    QFETCH(Operation, operation);
    const PublishedOperation published(operation);
    QCOMPARE(published.json, compact(codec::toJson(operation)));
    QCOMPARE(published.operation, operation);
}

void tst_PublishedOperation::listBodyIsTheCodecs_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<QString>("token");
    QTest::newRow("empty delta") << 0 << qint64(0) << QString();
    QTest::newRow("one") << 1 << qint64(17) << QString();
    QTest::newRow("page with a token")
            << 3 << qint64(123'456'789'012LL) << u"MTcwMDAwMDAwMDEyM3xvcF8wMTIz-_"_s;
    QTest::newRow("a token that needs escaping") << 2 << qint64(5) << u"a\"b\\c\u00e9"_s;
}

void tst_PublishedOperation::listBodyIsTheCodecs()
{
    QFETCH(int, count);
    QFETCH(qint64, cursor);
    QFETCH(QString, token);
    QList<Operation> operations;
    for (int i = 0; i < count; ++i) {
        Operation op = i % 2 ? plain() : everything();
        op.version = i + 1;
        operations << op;
    }
    std::vector<PublishedOperation> held(operations.cbegin(), operations.cend());
    QList<const PublishedOperation *> pointers;
    for (const PublishedOperation &published : held)
        pointers << &published;
    QCOMPARE(splice::listBody(pointers, cursor, token), codecListBody(operations, cursor, token));
}

void tst_PublishedOperation::streamMessageIsTheCodecs()
{
    for (const Operation &op : {plain(), everything()}) {
        const QJsonObject message{{u"type"_s, u"operation"_s}, {u"operation"_s, codec::toJson(op)}};
        QCOMPARE(splice::streamMessage(PublishedOperation(op).json), compact(message));
    }
}

void tst_PublishedOperation::etagNamesTheVersion()
{
    QCOMPARE(splice::operationEtag(0), QByteArray("\"v0\""));
    QCOMPARE(splice::operationEtag(4'611'686'018'427'387'903LL),
             QByteArray("\"v4611686018427387903\""));
    QCOMPARE(PublishedOperation(everything()).etag, QByteArray("\"v4611686018427387903\""));
}

QTEST_GUILESS_MAIN(tst_PublishedOperation)
#include "tst_publishedoperation.moc"
