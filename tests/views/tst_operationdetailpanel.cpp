#include "approvalpanel.h"
#include "cancelquestion.h"
#include "dashboardfixtures.h"
#include "denyreasondialog.h"
#include "operationactions.h"
#include "operationdetailpanel.h"
#include "operationeventmodel.h"
#include "operationmetatype.h"
#include "stepindicator.h"
#include "votedelegate.h"
#include "votelistmodel.h"

#include <QAbstractItemModelTester>
#include <QFontMetrics>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;
using dashboardfixtures::make;

namespace {

Operation fixture(const QString &id)
{
    const QList<Operation> all = dashboardfixtures::dashboardOperations();
    for (const Operation &operation : all) {
        if (operation.operationId == id)
            return operation;
    }
    qFatal("no fixture operation %s", qPrintable(id));
}

/// A panel with testers on its models before anything is shown.
struct Panel
{
    OperationDetailPanel panel;
    QAbstractItemModelTester eventTester{panel.eventModel()};
    QAbstractItemModelTester voteTester{panel.voteModel()};
};

} // namespace

class tst_OperationDetailPanel : public QObject
{
    Q_OBJECT

private slots:
    void actionsPerRoleAndStatus_data();
    void actionsPerRoleAndStatus();
    void approveEmitsAtOnce();
    void denyAsksForAReason();
    void cancelAsksFirst();
    void retryDownloadAndOpenCarryTheId();
    void showsTheErrorInFull();
    void showsTheTally();
    void voteTimeGivesWayToTheDecision();
    void auditTrailBelongsToTheShownOperation();
    void activityShowsWhereTheKeyboardIs();
    void stepStates_data();
    void stepStates();
    void screenshots();
};

void tst_OperationDetailPanel::actionsPerRoleAndStatus_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("cancel");
    QTest::addColumn<bool>("vote");
    QTest::addColumn<bool>("retry");
    QTest::addColumn<bool>("download");

    const QStringList user{u"user"_s};
    const QStringList approverRoles{u"user"_s, u"approver"_s};
    const QStringList admin{u"admin"_s};
    const QStringList staff{u"staff"_s};

    Operation notCancellable = fixture(u"op_u1042"_s);
    notCancellable.cancellable = false;
    Operation customFailed = fixture(u"op_r85"_s);

    QTest::newRow("owner, running upload")
            << fixture(u"op_u1042"_s) << u"alice"_s << user << true << false << false << false;
    QTest::newRow("someone else, running upload")
            << fixture(u"op_u1042"_s) << u"dave"_s << user << false << false << false << false;
    QTest::newRow("staff, running upload")
            << fixture(u"op_u1042"_s) << u"sam"_s << staff << false << false << false << false;
    QTest::newRow("admin, running upload")
            << fixture(u"op_u1042"_s) << u"root"_s << admin << true << false << false << false;
    QTest::newRow("owner, not cancellable")
            << notCancellable << u"alice"_s << user << false << false << false << false;
    QTest::newRow("approver, waiting") << fixture(u"op_d204"_s) << u"carol"_s << approverRoles
                                       << false << true << false << false;
    QTest::newRow("approver who voted") << fixture(u"op_d204"_s) << u"bob"_s << approverRoles
                                        << false << false << false << false;
    QTest::newRow("approver who owns it") << fixture(u"op_d204"_s) << u"alice"_s << approverRoles
                                          << true << false << false << false;
    QTest::newRow("user without the voter role")
            << fixture(u"op_d205"_s) << u"carol"_s << user << false << false << false << false;
    QTest::newRow("approver, already approved")
            << fixture(u"op_d199"_s) << u"erin"_s << approverRoles << false << false << false
            << false;
    QTest::newRow("owner, failed upload")
            << fixture(u"op_u1039"_s) << u"alice"_s << user << false << false << true << false;
    QTest::newRow("someone else, failed upload")
            << fixture(u"op_u1039"_s) << u"dave"_s << user << false << false << false << false;
    QTest::newRow("owner, failed custom type")
            << customFailed << u"ingest-bot"_s << user << false << false << false << false;
    QTest::newRow("admin, denied deletion")
            << fixture(u"op_d201"_s) << u"root"_s << admin << false << false << true << false;
    QTest::newRow("owner, cancelled export")
            << fixture(u"op_e307"_s) << u"alice"_s << user << false << false << true << false;
    QTest::newRow("owner, completed export")
            << fixture(u"op_e309"_s) << u"carol"_s << user << false << false << false << true;
    QTest::newRow("owner, completed upload")
            << fixture(u"op_u1040"_s) << u"alice"_s << user << false << false << false << false;
}

void tst_OperationDetailPanel::actionsPerRoleAndStatus()
{
    QFETCH(Operation, operation);
    QFETCH(QString, user);
    QFETCH(QStringList, roles);
    QFETCH(bool, cancel);
    QFETCH(bool, vote);
    QFETCH(bool, retry);
    QFETCH(bool, download);

    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    QSignalSpy actionsChanged(&panel, &OperationDetailPanel::actionsChanged);
    panel.setCurrentUser(user, roles);
    panel.setOperation(operation);

    const OperationActions actions = panel.actions();
    QCOMPARE(actions.cancel, cancel);
    QCOMPARE(actions.vote, vote);
    QCOMPARE(actions.retry, retry);
    QCOMPARE(actions.download, download);
    QVERIFY(actions.openProgress);
    QCOMPARE(actions, OperationActions::forOperation(operation, user, roles));
    QVERIFY(actionsChanged.size() >= 1);

    QCOMPARE(panel.cancelButton()->isVisibleTo(&panel), cancel);
    QCOMPARE(panel.approveButton()->isVisibleTo(&panel), vote);
    QCOMPARE(panel.denyButton()->isVisibleTo(&panel), vote);
    QCOMPARE(panel.retryButton()->isVisibleTo(&panel), retry);
    QCOMPARE(panel.downloadButton()->isVisibleTo(&panel), download);
    QVERIFY(panel.openProgressButton()->isVisibleTo(&panel));

    panel.clearOperation();
    QCOMPARE(panel.actions(), OperationActions{});
    QVERIFY(!panel.openProgressButton()->isVisibleTo(&panel));
}

void tst_OperationDetailPanel::approveEmitsAtOnce()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setCurrentUser(u"carol"_s, {u"approver"_s});
    panel.setOperation(fixture(u"op_d204"_s));
    QSignalSpy votes(&panel, &OperationDetailPanel::voteRequested);
    QSignalSpy actionsChanged(&panel, &OperationDetailPanel::actionsChanged);
    testing::doubleClick(panel.approveButton());
    QCOMPARE(votes.size(), 1);
    QCOMPARE(votes.at(0).at(0).toString(), u"op_d204"_s);
    QCOMPARE(votes.at(0).at(1).value<VoteDecision>(), VoteDecision::Approve);
    // The vote actions went with the first click, before the request left.
    QVERIFY(!panel.actions().vote);
    QCOMPARE(actionsChanged.size(), 1);
    panel.requestApprove();
    QCOMPARE(votes.size(), 1);
    // A newer state of the same operation keeps it so; picking it again ends it.
    Operation newer = fixture(u"op_d204"_s);
    newer.version += 1;
    panel.setOperation(newer);
    QVERIFY(panel.isVoteSent());
    panel.rearmVoting();
    QVERIFY(panel.actions().vote);
    // So does another operation.
    panel.requestApprove();
    panel.setOperation(fixture(u"op_d205"_s));
    QVERIFY(!panel.isVoteSent());
    QVERIFY(panel.actions().vote);
}

void tst_OperationDetailPanel::denyAsksForAReason()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setCurrentUser(u"carol"_s, {u"approver"_s});
    panel.setOperation(fixture(u"op_d204"_s));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy votes(&panel, &OperationDetailPanel::voteRequested);

    QTest::mouseClick(panel.denyButton(), Qt::LeftButton);
    DenyReasonDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = panel.findChild<DenyReasonDialog *>()) && dialog->isVisible());
    QVERIFY(votes.isEmpty());
    QVERIFY(!dialog->denyButton()->isEnabled());
    auto *edit = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(edit);
    QTest::keyClicks(edit, u"   "_s);
    QVERIFY(!dialog->denyButton()->isEnabled());
    edit->clear();
    QTest::keyClicks(edit, u"Q3 report is still audited"_s);
    QVERIFY(dialog->denyButton()->isEnabled());
    dashboardfixtures::saveScreenshot(dialog, u"deny-reason-dialog"_s);
    const QStringList unnamed = dashboardfixtures::unnamedControls(dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    QTest::mouseClick(dialog->denyButton(), Qt::LeftButton);

    QCOMPARE(votes.size(), 1);
    QCOMPARE(votes.at(0).at(0).toString(), u"op_d204"_s);
    QCOMPARE(votes.at(0).at(1).value<VoteDecision>(), VoteDecision::Deny);
    QCOMPARE(votes.at(0).at(2).toString(), u"Q3 report is still audited"_s);

    // One vote, one decision: nothing more until the user picks the operation again.
    QVERIFY(panel.isVoteSent());
    QVERIFY(!panel.actions().vote);
    QVERIFY(panel.denyButton()->isVisible() && !panel.denyButton()->isEnabled());
    QTest::mouseClick(panel.denyButton(), Qt::LeftButton);
    const QList<DenyReasonDialog *> asked = panel.findChildren<DenyReasonDialog *>();
    QVERIFY(std::none_of(asked.cbegin(), asked.cend(),
                         [](const DenyReasonDialog *shown) { return shown->isVisible(); }));
    panel.rearmVoting();
    QVERIFY(panel.denyButton()->isEnabled());

    // Cancelling the question sends nothing.
    QTest::mouseClick(panel.denyButton(), Qt::LeftButton);
    QTRY_VERIFY((dialog = panel.findChild<DenyReasonDialog *>()) && dialog->isVisible());
    dialog->reject();
    QCOMPARE(votes.size(), 1);
}

void tst_OperationDetailPanel::cancelAsksFirst()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setCurrentUser(u"alice"_s, {u"user"_s});
    panel.setOperation(fixture(u"op_u1042"_s));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy cancels(&panel, &OperationDetailPanel::cancelRequested);

    for (const bool confirm : {false, true}) {
        QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
        CancelQuestion *question = nullptr;
        QTRY_VERIFY((question = panel.findChild<CancelQuestion *>()) && question->isVisible());
        QVERIFY(question->text().contains(u"Uploading transactions-2026-11.csv"_s));
        QVERIFY(cancels.isEmpty());
        // Keep running is the default and the escape; the destructive choice carries no
        // icon (no green tick on a cancel), and nothing in the question is green.
        QCOMPARE(question->defaultButton(), question->keepButton());
        QCOMPARE(question->escapeButton(), static_cast<QAbstractButton *>(question->keepButton()));
        QVERIFY(question->cancelButton()->icon().isNull());
        QVERIFY(question->keepButton()->icon().isNull());
        const QImage image = testing::picture(question);
        int green = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor colour = image.pixelColor(x, y);
                if (colour.hue() >= 80 && colour.hue() <= 160 && colour.saturation() > 90
                    && colour.value() > 60)
                    ++green;
            }
        }
        QCOMPARE(green, 0);
        if (confirm)
            dashboardfixtures::saveScreenshot(question, u"cancel-question"_s);
        QTest::mouseClick(confirm ? question->cancelButton() : question->keepButton(),
                          Qt::LeftButton);
        QTRY_VERIFY(!panel.findChild<CancelQuestion *>());
    }
    QCOMPARE(cancels.size(), 1);
    QCOMPARE(cancels.at(0).at(0).toString(), u"op_u1042"_s);
}

void tst_OperationDetailPanel::retryDownloadAndOpenCarryTheId()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setCurrentUser(u"alice"_s, {u"user"_s});
    QSignalSpy retries(&panel, &OperationDetailPanel::retryRequested);
    QSignalSpy downloads(&panel, &OperationDetailPanel::downloadRequested);
    QSignalSpy opens(&panel, &OperationDetailPanel::openProgressRequested);

    panel.setOperation(fixture(u"op_u1039"_s));
    QTest::mouseClick(panel.retryButton(), Qt::LeftButton);
    QTest::mouseClick(panel.openProgressButton(), Qt::LeftButton);
    panel.requestDownload(); // not a completed export: nothing
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries.at(0).at(0).toString(), u"op_u1039"_s);
    QCOMPARE(opens.at(0).at(0).toString(), u"op_u1039"_s);
    QVERIFY(downloads.isEmpty());

    panel.setOperation(fixture(u"op_e302"_s));
    QTest::mouseClick(panel.downloadButton(), Qt::LeftButton);
    panel.requestRetry(); // completed: nothing to retry
    QCOMPARE(downloads.size(), 1);
    QCOMPARE(downloads.at(0).at(0).toString(), u"op_e302"_s);
    QCOMPARE(retries.size(), 1);
}

void tst_OperationDetailPanel::showsTheErrorInFull()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    Operation failed = fixture(u"op_u1039"_s);
    const QString error = u"Line 7,341: amount \"12,50\" is not a decimal with a point (use "
                          u"12.50). The upload stored nothing; fix the line and upload the "
                          u"file again."_s;
    failed.errorMessage = error;
    panel.setOperation(failed);
    QCOMPARE(panel.errorText(), error);
    auto *label = panel.findChild<QLabel *>();
    QVERIFY(label);
    bool selectable = false;
    for (QLabel *candidate : panel.findChildren<QLabel *>()) {
        if (candidate->text() == error)
            selectable = candidate->textInteractionFlags() & Qt::TextSelectableByMouse;
    }
    QVERIFY(selectable);

    panel.setOperation(fixture(u"op_u1042"_s));
    QVERIFY(panel.errorText().isEmpty());
}

void tst_OperationDetailPanel::showsTheTally()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setOperation(fixture(u"op_d204"_s));
    QCOMPARE(panel.approvalSummaryText(), u"1 of 2 approvals"_s);
    QCOMPARE(panel.voteModel()->rowCount(), 1);
    QCOMPARE(panel.timeText(), u"Waiting for a decision"_s);
    // The progress window's approval part, in the column's mode: one summary, not two.
    QCOMPARE(panel.approvalPanel()->mode(), ApprovalPanel::Mode::Column);
    QCOMPARE(panel.findChildren<ApprovalPanel *>().size(), 1);
    QCOMPARE(panel.approvalSummaryText(), ApprovalPanel::tally(*fixture(u"op_d204"_s).approval));

    panel.setOperation(fixture(u"op_d201"_s));
    QCOMPARE(panel.approvalSummaryText(), u"0 of 1 approval, 1 denial"_s);
    QCOMPARE(panel.approvalPanel()->stateText(), u"Denied: the work did not go ahead."_s);

    panel.setOperation(fixture(u"op_u1042"_s)); // needs no approval
    QVERIFY(panel.approvalSummaryText().isEmpty());
    QCOMPARE(panel.voteModel()->rowCount(), 0);
    QCOMPARE(panel.timeText(), u"about 2 minutes left"_s);
}

void tst_OperationDetailPanel::voteTimeGivesWayToTheDecision()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setOperation(fixture(u"op_d204"_s));
    const QModelIndex vote = panel.voteModel()->index(0, 0);
    const QString full = vote.siblingAtColumn(VoteListModel::Time).data().toString();
    QVERIFY(!full.isEmpty());

    QFont font;
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics metrics(font);
    const int voterAndDecision = QFontMetrics(bold).horizontalAdvance(
            vote.siblingAtColumn(VoteListModel::Voter).data().toString()
            + VoteDelegate::decisionText(vote));
    // Room for everything: the date and the time.
    QCOMPARE(VoteDelegate::shownTime(vote, font, 1000), full);
    // Too narrow for the date: the time of day alone, shorter than the full text.
    const QString shorter = VoteDelegate::shownTime(
            vote, font, voterAndDecision + metrics.horizontalAdvance(full) + 10);
    QVERIFY2(!shorter.isEmpty() && shorter.size() < full.size(), qPrintable(shorter));
    QVERIFY2(full.contains(shorter), qPrintable(full + u" / "_s + shorter));
    // Too narrow even for that: no time rather than a cut decision.
    QCOMPARE(VoteDelegate::shownTime(vote, font, voterAndDecision + 20), QString());
}

void tst_OperationDetailPanel::auditTrailBelongsToTheShownOperation()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setOperation(fixture(u"op_d204"_s));
    panel.setEvents(u"op_d205"_s, dashboardfixtures::waitingEvents()); // a late reply
    QCOMPARE(panel.eventModel()->rowCount(), 0);
    panel.setEvents(u"op_d204"_s, dashboardfixtures::waitingEvents());
    QCOMPARE(panel.eventModel()->rowCount(), 3);

    Operation newer = fixture(u"op_d204"_s);
    newer.version += 100;
    newer.updatedAt = newer.updatedAt.addSecs(5);
    panel.setOperation(newer); // the same operation: the trail stays
    QCOMPARE(panel.eventModel()->rowCount(), 3);

    panel.setOperation(fixture(u"op_d205"_s));
    QCOMPARE(panel.eventModel()->rowCount(), 0);
}

void tst_OperationDetailPanel::activityShowsWhereTheKeyboardIs()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.resize(1200, 380);
    panel.setOperation(fixture(u"op_d204"_s));
    panel.setEvents(u"op_d204"_s, dashboardfixtures::waitingEvents());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QListView *activity = nullptr;
    for (QListView *view : panel.findChildren<QListView *>()) {
        if (view->model() == panel.eventModel())
            activity = view;
    }
    QVERIFY(activity);
    const QRect row = activity->visualRect(panel.eventModel()->index(1, 0));
    // Just inside the row's left edge, half-way down: the outline when the keyboard is there.
    const QPoint edge(row.left() + 2, row.center().y());
    activity->setCurrentIndex(panel.eventModel()->index(1, 0));
    activity->clearSelection();
    const QColor without
            = testing::colourAt(testing::picture(&panel), &panel, activity->viewport(), edge);
    activity->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(activity->hasFocus());
    const QColor with
            = testing::colourAt(testing::picture(&panel), &panel, activity->viewport(), edge);
    const QColor cue = activity->palette().color(QPalette::Highlight);
    QVERIFY2(testing::near(with, cue, 90), qPrintable(testing::describe(with, cue)));
    QVERIFY2(!testing::near(without, cue, 90), qPrintable(testing::describe(without, cue)));
}

void tst_OperationDetailPanel::stepStates_data()
{
    using State = StepIndicator::StepState;
    QTest::addColumn<QString>("id");
    QTest::addColumn<QList<State>>("states");
    QTest::newRow("running upload, second of three")
            << u"op_u1042"_s << QList<State>{State::Done, State::Current, State::Pending};
    QTest::newRow("failed upload")
            << u"op_u1039"_s << QList<State>{State::Done, State::Failed, State::Pending};
    QTest::newRow("completed upload")
            << u"op_u1040"_s << QList<State>{State::Done, State::Done, State::Done};
    QTest::newRow("deletion waiting at the first")
            << u"op_d204"_s << QList<State>{State::Current, State::Pending, State::Pending};
}

void tst_OperationDetailPanel::stepStates()
{
    QFETCH(QString, id);
    QFETCH(QList<StepIndicator::StepState>, states);
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    const Operation operation = fixture(id);
    panel.setOperation(operation);
    // The steps in the detail panel are the progress window's, listed downwards.
    const StepIndicator *steps = panel.stepIndicator();
    QCOMPARE(steps->mode(), StepIndicator::Mode::Column);
    QCOMPARE(steps->steps(), operation.steps);
    for (int step = 1; step <= 3; ++step)
        QCOMPARE(steps->stepState(step), states.at(step - 1));
}

void tst_OperationDetailPanel::screenshots()
{
    Panel fixturePanel;
    OperationDetailPanel &panel = fixturePanel.panel;
    panel.setCurrentUser(u"carol"_s, {u"user"_s, u"approver"_s});
    panel.resize(1060, 320);
    panel.setOperation(fixture(u"op_d204"_s));
    panel.setEvents(u"op_d204"_s, dashboardfixtures::waitingEvents());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    dashboardfixtures::saveScreenshot(&panel, u"detail-waiting"_s);

    panel.setCurrentUser(u"alice"_s, {u"user"_s});
    panel.setOperation(fixture(u"op_u1039"_s));
    QVERIFY(!panel.errorText().isEmpty());
    dashboardfixtures::saveScreenshot(&panel, u"detail-failed"_s);
}

QTEST_MAIN(tst_OperationDetailPanel)
#include "tst_operationdetailpanel.moc"
