#include "notificationmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;
using Kind = NotificationModel::Kind;

/// The app's messages: newest first, whole, unread counted (failures told apart), read
/// by opening the list or by looking at their operation, bounded in number.
class tst_NotificationModel final : public QObject
{
    Q_OBJECT

private slots:
    void newestFirstAndWhole();
    void unreadAndFailures_data();
    void unreadAndFailures();
    void readingAnOperationReadsOnlyItsMessages();
    void oldestGoBeyondTheBound();
    void emptyMessagesAreNotKept();
};

void tst_NotificationModel::newestFirstAndWhole()
{
    NotificationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString whole = u"Line 30001: date '2026-02-30' is not a day of the calendar; fix "
                          u"the date and upload the file again. Nothing was stored."_s;
    model.post({Kind::Success, {}, u"Export started."_s, u"op1"_s, {}, {}, true});
    model.post({Kind::Failure, u"Failed: payroll.csv"_s, whole, u"op2"_s, {}, {}, true});
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex top = model.index(0);
    QCOMPARE(top.data(NotificationModel::TextRole).toString(), whole);
    QCOMPARE(top.data(NotificationModel::TitleRole).toString(), u"Failed: payroll.csv"_s);
    QCOMPARE(top.data(Qt::DisplayRole).toString(), u"Failed: payroll.csv\n"_s + whole);
    QCOMPARE(top.data(NotificationModel::OperationIdRole).toString(), u"op2"_s);
    QVERIFY(top.data(NotificationModel::AtRole).toDateTime().isValid());
    QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), u"Export started."_s);
}

void tst_NotificationModel::unreadAndFailures_data()
{
    QTest::addColumn<QList<int>>("kinds");
    QTest::addColumn<int>("unread");
    QTest::addColumn<bool>("failure");
    QTest::newRow("none") << QList<int>{} << 0 << false;
    QTest::newRow("one success") << QList<int>{int(Kind::Success)} << 1 << false;
    QTest::newRow("a failure among others")
            << QList<int>{int(Kind::Info), int(Kind::Failure), int(Kind::NeedsVote)} << 3 << true;
}

void tst_NotificationModel::unreadAndFailures()
{
    QFETCH(QList<int>, kinds);
    QFETCH(int, unread);
    QFETCH(bool, failure);
    NotificationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy unreadChanged(&model, &NotificationModel::unreadChanged);
    for (int kind : kinds)
        model.post({Kind(kind), {}, u"message %1"_s.arg(kind), {}, {}, {}, true});
    QCOMPARE(model.unreadCount(), unread);
    QCOMPARE(model.hasUnreadFailure(), failure);
    QCOMPARE(unreadChanged.size(), kinds.size());

    // Opening the list reads everything: one signal for the rows that changed.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.markAllRead();
    QCOMPARE(model.unreadCount(), 0);
    QVERIFY(!model.hasUnreadFailure());
    QCOMPARE(changed.size(), kinds.isEmpty() ? 0 : 1);
    if (!kinds.isEmpty()) {
        QCOMPARE(changed.constFirst().at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.constFirst().at(1).toModelIndex().row(), int(kinds.size()) - 1);
        QCOMPARE(changed.constFirst().at(2).value<QList<int>>(),
                 QList<int>{NotificationModel::UnreadRole});
    }
}

void tst_NotificationModel::readingAnOperationReadsOnlyItsMessages()
{
    NotificationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.post({Kind::Failure, {}, u"a failed"_s, u"opA"_s, {}, {}, true});
    model.post({Kind::Success, {}, u"b finished"_s, u"opB"_s, {}, {}, true});
    model.post({Kind::Info, {}, u"a retried"_s, u"opA"_s, {}, {}, true});
    model.markOperationRead(u"opA"_s);
    QCOMPARE(model.unreadCount(), 1);
    QVERIFY(!model.hasUnreadFailure());
    QVERIFY(model.index(1).data(NotificationModel::UnreadRole).toBool());
    QVERIFY(!model.index(0).data(NotificationModel::UnreadRole).toBool());
    QVERIFY(!model.index(2).data(NotificationModel::UnreadRole).toBool());
}

void tst_NotificationModel::oldestGoBeyondTheBound()
{
    NotificationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    for (int i = 0; i < NotificationModel::maxEntries + 5; ++i)
        model.post({Kind::Info, {}, u"message %1"_s.arg(i), {}, {}, {}, true});
    QCOMPARE(model.rowCount(), NotificationModel::maxEntries);
    QCOMPARE(model.unreadCount(), NotificationModel::maxEntries);
    QCOMPARE(model.index(0).data(NotificationModel::TextRole).toString(),
             u"message %1"_s.arg(NotificationModel::maxEntries + 4));
    QCOMPARE(model.index(model.rowCount() - 1).data(NotificationModel::TextRole).toString(),
             u"message 5"_s);
    QCOMPARE(resets.size(), 0);
}

void tst_NotificationModel::emptyMessagesAreNotKept()
{
    NotificationModel model;
    model.post({Kind::Info, {}, {}, u"op1"_s, {}, {}, true});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.unreadCount(), 0);
}

QTEST_GUILESS_MAIN(tst_NotificationModel)
#include "tst_notificationmodel.moc"
