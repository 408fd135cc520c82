#include "dashboardfixtures.h"
#include "notificationbell.h"
#include "notificationlist.h"
#include "notificationmodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;
using Kind = NotificationModel::Kind;

namespace {

const QString longFailure = u"Line 30001: date '2026-02-30' is not a day of the calendar. The "
                            u"file uses this date from line 30001 on; fix it and upload the "
                            u"file again. Nothing was stored."_s;

/// The bell as the status bar holds it, over a model with a few messages.
struct Bell
{
    NotificationModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QWidget window;
    NotificationBell *bell = new NotificationBell(&window);

    Bell()
    {
        window.resize(600, 400);
        bell->move(500, 360);
        bell->setModel(&model);
    }

    void postSome()
    {
        model.post({Kind::Success,
                    u"Finished: Exporting 2026-10 (CSV)"_s,
                    u"Exported 240 rows"_s,
                    u"op_e1"_s,
                    {},
                    {},
                    true});
        model.post({Kind::Info,
                    {},
                    u"Deletion of report-q3.csv requested; it waits for an "
                    u"approver's vote."_s,
                    u"op_d1"_s,
                    {},
                    {},
                    true});
        model.post({Kind::Failure,
                    u"Failed: Uploading payroll-adjustments.csv"_s,
                    longFailure,
                    u"op_u1"_s,
                    {},
                    {},
                    true});
    }
};

/// How tall a message's text needs to be at the list's width (the delegate's margins
/// aside): a row at least this tall shows it whole.
int neededTextHeight(const QListView *view, const QString &text)
{
    const QFontMetrics metrics(view->font());
    return metrics
            .boundingRect(QRect(0, 0, view->viewport()->width() - 40, 0), Qt::TextWordWrap, text)
            .height();
}

} // namespace

/// The bell and its list: the unread count (marked while a failure is among them), every
/// message whole, a click leading to its operation, the list read once seen.
class tst_NotificationList final : public QObject
{
    Q_OBJECT

private slots:
    void bellCountsUnread();
    void listShowsEachMessageWhole();
    void clickLeadsToTheOperationAndReads();
    void keyboardOpensAndChooses();
    void clearEmptiesTheList();
};

void tst_NotificationList::bellCountsUnread()
{
    Bell fixture;
    fixture.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.window));
    QCOMPARE(fixture.bell->text(), QString());
    const QImage quiet = fixture.bell->icon().pixmap(16).toImage();
    fixture.postSome();
    QCOMPARE(fixture.bell->text(), u"3"_s);
    QVERIFY(fixture.bell->toolTip().contains(u"3 unread"_s));
    QVERIFY(fixture.bell->toolTip().contains(u"failure"_s));
    // A failure among them colours the bell.
    const QImage alarmed = fixture.bell->icon().pixmap(16).toImage();
    QVERIFY(quiet != alarmed);
    const QColor middle = alarmed.pixelColor(alarmed.width() / 2, alarmed.height() / 2);
    QVERIFY2(middle.red() > middle.green() + 40, qPrintable(middle.name()));
    dashboardfixtures::saveScreenshot(&fixture.window, u"bell-unread"_s);
}

void tst_NotificationList::listShowsEachMessageWhole()
{
    Bell fixture;
    fixture.postSome();
    fixture.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.window));
    QTest::mouseClick(fixture.bell, Qt::LeftButton);
    NotificationList *list = fixture.bell->list();
    QTRY_VERIFY(list->isVisible());
    QListView *view = list->view();
    QCOMPARE(view->model()->rowCount(), 3);
    // The long failure is wrapped, not cut: its row is as tall as its lines need.
    const QModelIndex failure = view->model()->index(0, 0);
    QCOMPARE(failure.data(NotificationModel::TextRole).toString(), longFailure);
    const int rowHeight = view->visualRect(failure).height();
    QVERIFY2(rowHeight >= neededTextHeight(view, longFailure) + view->fontMetrics().height(),
             qPrintable(QString::number(rowHeight)));
    QVERIFY(rowHeight > view->visualRect(view->model()->index(1, 0)).height());
    // Nothing runs off the side.
    QVERIFY(view->horizontalScrollBar()->maximum() == 0);
    dashboardfixtures::saveScreenshot(list, u"notification-list"_s);
    list->hide();
}

void tst_NotificationList::clickLeadsToTheOperationAndReads()
{
    Bell fixture;
    fixture.postSome();
    fixture.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.window));
    QSignalSpy requested(fixture.bell, &NotificationBell::operationRequested);
    QTest::mouseClick(fixture.bell, Qt::LeftButton);
    NotificationList *list = fixture.bell->list();
    QTRY_VERIFY(list->isVisible());
    QListView *view = list->view();
    const QRect second = view->visualRect(view->model()->index(1, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.constFirst().constFirst().toString(), u"op_d1"_s);
    QTRY_VERIFY(!list->isVisible());
    // What was on screen has been seen.
    QCOMPARE(fixture.model.unreadCount(), 0);
    QCOMPARE(fixture.bell->text(), QString());
}

void tst_NotificationList::keyboardOpensAndChooses()
{
    Bell fixture;
    fixture.postSome();
    fixture.window.show();
    QApplication::setActiveWindow(&fixture.window);
    QVERIFY(QTest::qWaitForWindowActive(&fixture.window));
    QSignalSpy requested(fixture.bell, &NotificationBell::operationRequested);
    fixture.bell->setFocus(Qt::TabFocusReason);
    QTest::keyClick(fixture.bell, Qt::Key_Space);
    NotificationList *list = fixture.bell->list();
    QTRY_VERIFY(list->isVisible());
    QListView *view = list->view();
    QTRY_VERIFY(view->hasFocus());
    QCOMPARE(view->currentIndex().row(), 0);
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.constFirst().constFirst().toString(), u"op_u1"_s);
}

void tst_NotificationList::clearEmptiesTheList()
{
    Bell fixture;
    fixture.postSome();
    fixture.window.show();
    QTest::mouseClick(fixture.bell, Qt::LeftButton);
    NotificationList *list = fixture.bell->list();
    QTRY_VERIFY(list->isVisible());
    QVERIFY(list->clearButton()->isEnabled());
    QTest::mouseClick(list->clearButton(), Qt::LeftButton);
    QCOMPARE(fixture.model.rowCount(), 0);
    QCOMPARE(fixture.bell->text(), QString());
    QVERIFY(!list->clearButton()->isEnabled());
    list->hide();
}

QTEST_MAIN(tst_NotificationList)
#include "tst_notificationlist.moc"
