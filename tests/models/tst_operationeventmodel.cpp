#include "operationeventmodel.h"
#include "testoperations.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

OperationEvent makeEvent(qint64 seq, EventKind kind, const QString &message = {})
{
    OperationEvent result;
    result.seq = seq;
    result.kind = kind;
    result.at = testoperations::baseTime().addSecs(seq);
    result.actor = u"svc"_s;
    result.status = OperationStatus::InProgress;
    result.progressPercentage = double(seq * 10);
    result.message = message;
    return result;
}

QList<OperationEvent> trail(int length)
{
    QList<OperationEvent> events;
    for (int seq = 1; seq <= length; ++seq)
        events.append(makeEvent(seq, seq == 1 ? EventKind::Created : EventKind::Updated));
    return events;
}

} // namespace

class tst_OperationEventModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void roles_data();
    void roles();
    void setEventsChangesOnlyWhatDiffers_data();
    void setEventsChangesOnlyWhatDiffers();
    void appendEventsSkipsKnownEvents();

private:
    std::unique_ptr<OperationEventModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_OperationEventModel::init()
{
    m_model = std::make_unique<OperationEventModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_OperationEventModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void tst_OperationEventModel::roles_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("kind") << int(OperationEventModel::KindRole) << QVariant(int(EventKind::Status));
    QTest::newRow("actor") << int(OperationEventModel::ActorRole) << QVariant(u"svc"_s);
    QTest::newRow("at") << int(OperationEventModel::AtRole)
                        << QVariant(testoperations::baseTime().addSecs(4));
    QTest::newRow("message") << int(OperationEventModel::MessageRole)
                             << QVariant(u"Moved to completed"_s);
    QTest::newRow("status") << int(OperationEventModel::StatusRole)
                            << QVariant(int(OperationStatus::InProgress));
    QTest::newRow("progress") << int(OperationEventModel::ProgressRole) << QVariant(40.0);
    QTest::newRow("seq") << int(OperationEventModel::SeqRole) << QVariant(qint64(4));
    QTest::newRow("display is the message")
            << int(Qt::DisplayRole) << QVariant(u"Moved to completed"_s);
}

void tst_OperationEventModel::roles()
{
    QFETCH(int, role);
    QFETCH(QVariant, expected);

    m_model->setEvents({makeEvent(4, EventKind::Status, u"Moved to completed"_s)});
    QCOMPARE(m_model->index(0).data(role), expected);
}

void tst_OperationEventModel::setEventsChangesOnlyWhatDiffers_data()
{
    QTest::addColumn<QList<OperationEvent>>("before");
    QTest::addColumn<QList<OperationEvent>>("after");
    QTest::addColumn<QList<int>>("removed"); // first, last; empty for none
    QTest::addColumn<QList<int>>("inserted"); // first, last; empty for none

    QTest::newRow("first trail") << QList<OperationEvent>() << trail(3) << QList<int>()
                                 << QList<int>{0, 2};
    QTest::newRow("a longer trail appends")
            << trail(2) << trail(4) << QList<int>() << QList<int>{2, 3};
    QTest::newRow("the same trail changes nothing")
            << trail(3) << trail(3) << QList<int>() << QList<int>();
    QTest::newRow("a shorter trail removes the tail")
            << trail(4) << trail(1) << QList<int>{1, 3} << QList<int>();
    QTest::newRow("another operation's trail replaces every row")
            << trail(2) << QList<OperationEvent>{makeEvent(7, EventKind::Retry)} << QList<int>{0, 1}
            << QList<int>{0, 0};
}

void tst_OperationEventModel::setEventsChangesOnlyWhatDiffers()
{
    QFETCH(QList<OperationEvent>, before);
    QFETCH(QList<OperationEvent>, after);
    QFETCH(QList<int>, removed);
    QFETCH(QList<int>, inserted);

    m_model->setEvents(before);
    QSignalSpy removedSpy(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setEvents(after);

    QCOMPARE(reset.size(), 0);
    QCOMPARE(removedSpy.size(), removed.isEmpty() ? 0 : 1);
    if (!removed.isEmpty()) {
        QCOMPARE(removedSpy.at(0).at(1).toInt(), removed.at(0));
        QCOMPARE(removedSpy.at(0).at(2).toInt(), removed.at(1));
    }
    QCOMPARE(insertedSpy.size(), inserted.isEmpty() ? 0 : 1);
    if (!inserted.isEmpty()) {
        QCOMPARE(insertedSpy.at(0).at(1).toInt(), inserted.at(0));
        QCOMPARE(insertedSpy.at(0).at(2).toInt(), inserted.at(1));
    }
    QCOMPARE(m_model->events(), after);
}

void tst_OperationEventModel::appendEventsSkipsKnownEvents()
{
    m_model->setEvents(trail(3));
    QSignalSpy insertedSpy(m_model.get(), &QAbstractItemModel::rowsInserted);

    // Seq 2 and 3 are known; 4 and 5 are new.
    m_model->appendEvents(trail(5).mid(1));
    QCOMPARE(insertedSpy.size(), 1);
    QCOMPARE(insertedSpy.at(0).at(1).toInt(), 3);
    QCOMPARE(insertedSpy.at(0).at(2).toInt(), 4);
    QCOMPARE(m_model->events(), trail(5));

    m_model->appendEvents(trail(5));
    QCOMPARE(insertedSpy.size(), 1);

    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_OperationEventModel)
#include "tst_operationeventmodel.moc"
