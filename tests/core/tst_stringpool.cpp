#include "operationcodec.h"
#include "stringpool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

// An operation read from bytes, as the feed reads it: every string its own copy.
Operation parsed(const QString &id, const QString &stepDescription = u"Storing"_s)
{
    const QJsonObject json{
            {u"operationId"_s, id},
            {u"operationType"_s, u"file_deletion"_s},
            {u"displayName"_s, u"Deleting report.csv"_s},
            {u"status"_s, u"in_progress"_s},
            {u"steps"_s, QJsonArray{u"Collect approvals"_s, u"Delete file"_s}},
            {u"stepDescription"_s, stepDescription},
            {u"timeRemaining"_s, u"about 2 minutes"_s},
            {u"context"_s, QJsonObject{{u"userId"_s, u"alice"_s}}},
            {u"approval"_s,
             QJsonObject{{u"required"_s, 1},
                         {u"voterRole"_s, u"approver"_s},
                         {u"votes"_s,
                          QJsonArray{QJsonObject{{u"voter"_s, u"bob"_s},
                                                 {u"decision"_s, u"approve"_s}}}}}},
            {u"version"_s, 1},
    };
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    Operation operation;
    FieldError error;
    if (!codec::fromJson(QJsonDocument::fromJson(bytes).object(), &operation, &error))
        qFatal("test data: %s", qPrintable(error.message));
    return operation;
}

} // namespace

class tst_StringPool final : public QObject
{
    Q_OBJECT

private slots:
    void equalStringsShareOneCopy();
    void equalListsShareOneCopy();
    void fullPoolKeepsNewValuesAsTheyCome();
    void operationsShareRepeatedFields();
    void newStateTakesWhatDidNotChangeFromThePrevious();
};

void tst_StringPool::equalStringsShareOneCopy()
{
    StringPool pool;
    // Built at run time, as the codec builds them: two separate copies.
    QString first = u"file_"_s + u"upload"_s;
    QString second = u"file_"_s + u"upload"_s;
    QVERIFY(first.constData() != second.constData());
    pool.share(first);
    pool.share(second);
    QCOMPARE(second, u"file_upload"_s);
    QCOMPARE(second.constData(), first.constData());
}

void tst_StringPool::equalListsShareOneCopy()
{
    StringPool pool;
    QStringList first{u"Validate"_s, u"Store"_s};
    QStringList second{u"Validate"_s, u"Store"_s};
    pool.share(first);
    pool.share(second);
    QCOMPARE(second.constData(), first.constData());
}

void tst_StringPool::fullPoolKeepsNewValuesAsTheyCome()
{
    StringPool pool;
    for (qsizetype i = 0; i < StringPool::maxEntries; ++i) {
        QString text = QString::number(i);
        pool.share(text);
    }
    QString late = u"late"_s + u"comer"_s;
    QString lateAgain = u"late"_s + u"comer"_s;
    pool.share(late);
    pool.share(lateAgain);
    QVERIFY(lateAgain.constData() != late.constData());
    // What the pool already holds is still shared.
    QString zero = QString::number(0);
    QString zeroAgain = QString::number(0);
    pool.share(zero);
    pool.share(zeroAgain);
    QCOMPARE(zeroAgain.constData(), zero.constData());
}

void tst_StringPool::operationsShareRepeatedFields()
{
    StringPool pool;
    Operation first = parsed(u"op_1"_s);
    Operation second = parsed(u"op_2"_s);
    QVERIFY(second.operationType.constData() != first.operationType.constData());
    pool.share(first);
    pool.share(second);
    QCOMPARE(second.operationType.constData(), first.operationType.constData());
    QCOMPARE(second.steps.constData(), first.steps.constData());
    QCOMPARE(second.stepDescription.constData(), first.stepDescription.constData());
    QCOMPARE(second.timeRemaining->constData(), first.timeRemaining->constData());
    QCOMPARE(second.approval->voterRole.constData(), first.approval->voterRole.constData());
    QCOMPARE(second.approval->votes.at(0).voter.constData(),
             first.approval->votes.at(0).voter.constData());
    // What is the operation's own stays its own.
    QCOMPARE(second.operationId, u"op_2"_s);
    QCOMPARE(second.approval->votes.at(0).voter, u"bob"_s);
}

void tst_StringPool::newStateTakesWhatDidNotChangeFromThePrevious()
{
    StringPool pool;
    Operation previous = parsed(u"op_1"_s);
    pool.share(previous);
    Operation next = parsed(u"op_1"_s, u"Deleting"_s);
    next.version = 2;
    QVERIFY(next.operationId.constData() != previous.operationId.constData());
    pool.share(next, &previous);
    QCOMPARE(next.operationId.constData(), previous.operationId.constData());
    QCOMPARE(next.displayName.constData(), previous.displayName.constData());
    QCOMPARE(next.approval->votes.constData(), previous.approval->votes.constData());
    // What changed is the new value.
    QCOMPARE(next.stepDescription, u"Deleting"_s);
    QCOMPARE(next.version, 2);
}

QTEST_GUILESS_MAIN(tst_StringPool)
#include "tst_stringpool.moc"
