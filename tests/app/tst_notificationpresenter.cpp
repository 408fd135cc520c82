// The notification presenter's two paths: the system tray (forced here, as the offscreen
// platform has no tray) and without one; both keep every notice in the messages list. No
// service: notices are posted directly.
#include "apiconnection.h"
#include "notificationmodel.h"
#include "notificationpresenter.h"
#include "operationfeed.h"
#include "operationfeedunion.h"
#include "operationfiltermodel.h"
#include "operationnotifier.h"
#include "operationtablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

Operation running(const QString &id, OperationStatus status)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = u"ledger.batch"_s;
    operation.displayName = u"Ledger %1"_s.arg(id);
    operation.status = status;
    operation.version = 1;
    operation.context.insert(u"userId"_s, u"me"_s);
    operation.createdAt = operation.updatedAt = QDateTime::currentDateTimeUtc();
    return operation;
}

/// The app's pieces a presenter needs, with testers on the models.
struct Fixture
{
    explicit Fixture(NotificationPresenter::Tray tray)
    {
        filter.setSourceModel(&table);
        filter.setCurrentUser(u"me"_s, {u"user"_s, u"approver"_s});
        notifier.setCurrentUser({u"me"_s, {u"user"_s, u"approver"_s}});
        table.applyChanges({running(u"op1"_s, OperationStatus::InProgress),
                            running(u"op2"_s, OperationStatus::Pending),
                            running(u"op3"_s, OperationStatus::Completed)});
        table.flushPendingChanges();
        presenter = std::make_unique<NotificationPresenter>(&notifier, &filter, &window, &messages,
                                                            nullptr, tray);
    }

    OperationTableModel table;
    OperationFilterModel filter;
    QAbstractItemModelTester tableTester{&table};
    QAbstractItemModelTester filterTester{&filter};
    NotificationModel messages;
    QAbstractItemModelTester messagesTester{&messages};
    ApiConnection connection;
    OperationFeed feed{&connection};
    OperationFeedUnion feeds;
    OperationNotifier notifier{&feeds, &filter};
    QMainWindow window;
    std::unique_ptr<NotificationPresenter> presenter;
};

/// Bob's deletion, waiting for an approver's vote.
Operation waitingForVote(const QString &id)
{
    Operation operation = running(id, OperationStatus::WaitingForApproval);
    operation.context.insert(u"userId"_s, u"bob"_s);
    Approval approval;
    approval.required = 1;
    approval.voterRole = u"approver"_s;
    operation.approval = approval;
    return operation;
}

/// The visible entries of a menu, separators left out.
QStringList visibleTexts(const QMenu *menu)
{
    QStringList texts;
    const QList<QAction *> actions = menu->actions();
    for (QAction *action : actions) {
        if (action->isVisible() && !action->isSeparator())
            texts.append(action->text());
    }
    return texts;
}

QAction *actionNamed(const QMenu *menu, const QString &text)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *action : actions) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

OperationNotifier::Notice notice(OperationNotifier::Kind kind, const QString &id)
{
    return {kind, id, u"Ledger %1 failed"_s.arg(id), u"Line 7: the amount is not a number"_s};
}

} // namespace

class tst_NotificationPresenter : public QObject
{
    Q_OBJECT

private slots:
    void trayCarriesNoticesCountsAndMenu();
    void withoutTrayTheMessagesCarryThem();
};

void tst_NotificationPresenter::trayCarriesNoticesCountsAndMenu()
{
    Fixture fixture(NotificationPresenter::Tray::Always);
    NotificationPresenter &presenter = *fixture.presenter;
    QVERIFY(presenter.hasTray());
    QSystemTrayIcon *tray = presenter.trayIcon();
    QCOMPARE(tray->toolTip(), u"Optrack — 2 running"_s);

    // Counts follow the table without being asked.
    fixture.table.applyChanges({running(u"op4"_s, OperationStatus::InProgress)});
    fixture.table.flushPendingChanges();
    QTRY_COMPARE(tray->toolTip(), u"Optrack — 3 running"_s);

    // A notice goes to the tray and to the messages; clicking it asks for its operation.
    QSignalSpy requested(&presenter, &NotificationPresenter::operationRequested);
    emit fixture.notifier.noticePosted(notice(OperationNotifier::Kind::Finished, u"op1"_s));
    QCOMPARE(fixture.messages.rowCount(), 1);
    QCOMPARE(fixture.messages.unreadCount(), 1);
    emit tray->messageClicked();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), u"op1"_s);

    // A click on the icon shows the window; the menu shows it or quits.
    QSignalSpy show(&presenter, &NotificationPresenter::showWindowRequested);
    QSignalSpy quit(&presenter, &NotificationPresenter::quitRequested);
    emit tray->activated(QSystemTrayIcon::Trigger);
    QCOMPARE(show.size(), 1);
    QMenu *menu = presenter.trayMenu();
    QCOMPARE(tray->contextMenu(), menu);
    QCOMPARE(visibleTexts(menu), (QStringList{u"&Show Optrack"_s, u"&Quit"_s}));
    actionNamed(menu, u"&Show Optrack"_s)->trigger();
    QCOMPARE(show.size(), 2);
    actionNamed(menu, u"&Quit"_s)->trigger();
    QCOMPARE(quit.size(), 1);

    // What wants attention comes first in the menu and in the tooltip.
    fixture.table.applyChanges({waitingForVote(u"op5"_s)});
    fixture.table.flushPendingChanges();
    emit fixture.feeds.sharedOperationsChanged(
            {std::make_shared<const Operation>(running(u"op6"_s, OperationStatus::InProgress))},
            true);
    Operation failed = running(u"op6"_s, OperationStatus::Failed);
    failed.version = 2;
    emit fixture.feeds.sharedOperationsChanged({std::make_shared<const Operation>(failed)}, false);
    QTRY_COMPARE(tray->toolTip(), u"Optrack — 3 running, 1 needs your vote, 1 failed"_s);
    QCOMPARE(visibleTexts(menu),
             (QStringList{u"Needs your vote (1)"_s, u"Failed, not yet seen (1)"_s,
                          u"&Show Optrack"_s, u"&Quit"_s}));
    QSignalSpy votes(&presenter, &NotificationPresenter::needsVoteRequested);
    actionNamed(menu, u"Needs your vote (1)"_s)->trigger();
    QCOMPARE(votes.size(), 1);
    requested.clear();
    actionNamed(menu, u"Failed, not yet seen (1)"_s)->trigger();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), u"op6"_s);

    // Seen: the entry goes.
    fixture.notifier.markSeen(u"op6"_s);
    QCOMPARE(visibleTexts(menu),
             (QStringList{u"Needs your vote (1)"_s, u"&Show Optrack"_s, u"&Quit"_s}));
}

void tst_NotificationPresenter::withoutTrayTheMessagesCarryThem()
{
    Fixture fixture(NotificationPresenter::Tray::Never);
    NotificationPresenter &presenter = *fixture.presenter;
    QVERIFY(!presenter.hasTray());
    QVERIFY(!presenter.trayMenu());
    // A failure of mine: kept whole, as a failure, naming its operation.
    emit fixture.feeds.sharedOperationsChanged(
            {std::make_shared<const Operation>(running(u"op7"_s, OperationStatus::InProgress))},
            true);
    Operation failed = running(u"op7"_s, OperationStatus::Failed);
    failed.version = 2;
    failed.errorMessage = u"Line 30001: date '2026-02-30' is not a day of the calendar; fix the "
                          u"date and upload the file again."_s;
    emit fixture.feeds.sharedOperationsChanged({std::make_shared<const Operation>(failed)}, false);
    QCOMPARE(fixture.messages.rowCount(), 1);
    const QModelIndex entry = fixture.messages.index(0);
    QCOMPARE(entry.data(NotificationModel::TextRole).toString(), *failed.errorMessage);
    QCOMPARE(entry.data(NotificationModel::OperationIdRole).toString(), u"op7"_s);
    QCOMPARE(NotificationModel::Kind(entry.data(NotificationModel::KindRole).toInt()),
             NotificationModel::Kind::Failure);
    QVERIFY(fixture.messages.hasUnreadFailure());
    QCOMPARE(presenter.summaryText(), u"2 running, 1 failed"_s);

    // Looking at the operation reads its message.
    fixture.notifier.markSeen(u"op7"_s);
    QVERIFY(!fixture.messages.hasUnreadFailure());
    QCOMPARE(fixture.messages.unreadCount(), 0);
    QCOMPARE(fixture.messages.rowCount(), 1);
}

QTEST_MAIN(tst_NotificationPresenter)
#include "tst_notificationpresenter.moc"
