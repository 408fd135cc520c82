// One vote is one decision, and the approver sees what they decide: the app signed in as an
// approver against the real optrackd, driven by real mouse and keyboard input; every vote
// is counted through the API, not through the app.
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "appcontroller.h"
#include "appoptions.h"
#include "approvalpanel.h"
#include "apptesthelpers.h"
#include "bulkapprovedialog.h"
#include "mainwindow.h"
#include "operationdetailpanel.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationprogressdialog.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"
#include "optrackdprocess.h"
#include "progresswindows.h"
#include "widgettesting.h"
#include "workloadscenario.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

#include <memory>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 30'000;
constexpr int changeTimeoutMs = 15'000;
const QString alice = u"alice"_s; // asks for the work
const QString vic = u"vic"_s; // approves and sees everything (staff)
const QString sam = u"sam"_s; // staff: reads anything for the scenario
const QKeySequence approveKeys(Qt::CTRL | Qt::SHIFT | Qt::Key_A);

} // namespace

class tst_Voting final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void doubleClickOnApproveCastsOneVote();
    void doubledShortcutCastsOneVote();
    void heldShortcutCastsOneVote();
    void progressWindowVotesOnce();
    void approverSeesTheFileTheyDecideOn();
    void otherOperationsShowTheirContext();
    void approveSelectedAsksThenApprovesEach();
    void workActionsFollowTheRoles();

private:
    QString waitingOperation(const QString &name, int required = 1,
                             const QJsonObject &context = {});
    /// The votes the service holds for an operation.
    QJsonArray votesOf(const QString &operationId);
    void clickRow(const QString &operationId, Qt::KeyboardModifiers modifiers = {});
    void waitForRow(const QString &operationId);
    OperationDetailPanel *panel() const;
    MainWindow *window() const { return m_app->window(); }

    QTemporaryDir m_home;
    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client, sam, vic};
    std::unique_ptr<AppController> m_app;
    std::unique_ptr<apptest::ModelTesters> m_testers;
};

void tst_Voting::initTestCase()
{
    QVERIFY(m_home.isValid());
    apptest::isolateHome(m_home.path());
    m_server.addUser(vic, {u"approver"_s, u"staff"_s});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    QString error;
    const std::optional<AppOptions> options = apptest::remoteOptions(
            m_server.baseUrl(), vic, m_server.token(vic), m_home.path(), &error);
    QVERIFY2(options, qPrintable(error));
    m_app = std::make_unique<AppController>(*options);
    m_app->setQuitsApplication(false);
    m_testers = std::make_unique<apptest::ModelTesters>(m_app.get());
    QVERIFY(apptest::startSignedIn(m_app.get(), startTimeoutMs));
    window()->resize(1280, 860);
    QApplication::setActiveWindow(window());
    QVERIFY(QTest::qWaitForWindowActive(window()));
}

void tst_Voting::cleanupTestCase()
{
    if (m_app)
        QVERIFY(apptest::quitAndWait(m_app.get(), startTimeoutMs));
    m_testers.reset();
    m_app.reset();
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_Voting::init()
{
    // Every test starts from the whole table, nothing selected, no window but the main one.
    m_app->progressWindows()->closeAll();
    window()->operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::All);
    window()->operationsView()->tableView()->clearSelection();
}

QString tst_Voting::waitingOperation(const QString &name, int required, const QJsonObject &context)
{
    QJsonObject body{{u"operationType"_s, u"report_publish"_s},
                     {u"displayName"_s, name},
                     {u"steps"_s, QJsonArray{u"Collect approvals"_s, u"Publish"_s}},
                     {u"approval"_s, QJsonObject{{u"required"_s, required}}}};
    if (!context.isEmpty())
        body.insert(u"context"_s, context);
    const QJsonObject created = m_scenario.create(alice, body);
    const QString id = idOf(created);
    const ApiResponse moved
            = m_client.patch(operationPath(id), alice,
                             {{u"status"_s, u"waiting_for_approval"_s}, {u"currentStep"_s, 1}});
    if (moved.status != 200)
        qWarning() << moved.describe();
    return id;
}

QJsonArray tst_Voting::votesOf(const QString &operationId)
{
    const ApiResponse answer = m_client.get(operationPath(operationId), sam);
    return answer.json.value(u"approval"_s).toObject().value(u"votes"_s).toArray();
}

OperationDetailPanel *tst_Voting::panel() const
{
    return window()->operationsView()->detailPanel();
}

void tst_Voting::waitForRow(const QString &operationId)
{
    OperationTableModel *table = m_app->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(operationId) >= 0
                                     && table->operationAt(table->rowOf(operationId)).status
                                             == OperationStatus::WaitingForApproval,
                             changeTimeoutMs);
}

void tst_Voting::clickRow(const QString &operationId, Qt::KeyboardModifiers modifiers)
{
    OperationTableModel *table = m_app->tableModel();
    QTreeView *view = window()->operationsView()->tableView();
    // The dashboard's window of the service's rows, or the "needs my vote" inbox.
    OperationWindowModel *rows = m_app->windowModel();
    if (view->model() == rows)
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowOf(operationId) >= 0, changeTimeoutMs);
    const QModelIndex index = view->model() == rows
            ? rows->index(rows->rowOf(operationId), OperationTableModel::Name)
            : m_app->filterModel()->mapFromSource(
                    table->index(table->rowOf(operationId), OperationTableModel::Name));
    QVERIFY2(index.isValid(), qPrintable(operationId));
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers,
                      view->visualRect(index).center());
}

void tst_Voting::doubleClickOnApproveCastsOneVote()
{
    // Two waiting for vic's vote; he decides on the first, from "Needs my vote".
    const QString first = waitingOperation(u"Publish the Q3 report"_s);
    const QString second = waitingOperation(u"Publish the Q4 report"_s);
    waitForRow(first);
    waitForRow(second);
    OperationsView *view = window()->operationsView();
    view->sidebar()->setCurrentFilter(OperationsSidebar::NeedsMyVote);
    clickRow(first);
    QCOMPARE(view->currentOperationId(), first);
    QPushButton *approve = panel()->approveButton();
    QTRY_VERIFY(approve->isVisible() && approve->isEnabled());
    const QPoint onApprove = approve->rect().center();
    // What leaves the window for the service, as it leaves (a vote is sent on the click).
    QSignalSpy sent(window(), &MainWindow::voteRequested);

    doubleClick(approve, onApprove);
    QCOMPARE(sent.size(), 1);
    // The decided operation leaves "Needs my vote": nothing is selected, not the next one.
    QTRY_COMPARE_WITH_TIMEOUT(votesOf(first).size(), 1, changeTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(view->currentOperationId().isEmpty(), changeTimeoutMs);
    QVERIFY(!panel()->hasOperation());
    QVERIFY(view->tableView()->selectionModel()->selectedRows().isEmpty());
    QVERIFY(!window()->action(MainWindow::Approve)->isEnabled());
    // A click where Approve was, after the table has moved on, decides nothing.
    QTest::mouseClick(approve, Qt::LeftButton, {}, onApprove);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(votesOf(first).size(), 1);
    QCOMPARE(votesOf(first).first().toObject().value(u"voter"_s).toString(), vic);
    QCOMPARE(votesOf(second).size(), 0);
}

void tst_Voting::doubledShortcutCastsOneVote()
{
    const QString id = waitingOperation(u"Publish the board minutes"_s, 2);
    const QString other = waitingOperation(u"Publish the audit letter"_s, 2);
    waitForRow(id);
    waitForRow(other);
    OperationsView *view = window()->operationsView();
    clickRow(id);
    QTRY_VERIFY(window()->action(MainWindow::Approve)->isEnabled());

    view->tableView()->setFocus();
    QSignalSpy sent(window(), &MainWindow::voteRequested);
    QTest::keySequence(window(), approveKeys);
    QTest::keySequence(window(), approveKeys);
    QCOMPARE(sent.size(), 1);
    // The selection stays on the decided operation (it still waits for a second vote).
    QTRY_COMPARE_WITH_TIMEOUT(votesOf(id).size(), 1, changeTimeoutMs);
    OperationTableModel *table = m_app->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->operationAt(table->rowOf(id)).approval->hasVoted(vic),
                             changeTimeoutMs);
    QCOMPARE(view->currentOperationId(), id);
    QVERIFY(!window()->action(MainWindow::Approve)->isEnabled());
    // Pressed again once the table shows the vote: still one.
    QTest::keySequence(window(), approveKeys);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(votesOf(id).size(), 1);
    QCOMPARE(votesOf(other).size(), 0);
}

void tst_Voting::heldShortcutCastsOneVote()
{
    const QString id = waitingOperation(u"Publish the price list"_s, 2);
    waitForRow(id);
    clickRow(id);
    QTRY_VERIFY(window()->action(MainWindow::Approve)->isEnabled());
    QWidget *focus = window()->operationsView()->tableView();
    focus->setFocus();
    QSignalSpy sent(window(), &MainWindow::voteRequested);
    // Held down: the press, then the keyboard's repeats, then the release.
    QTest::keyPress(focus, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    for (int repeat = 0; repeat < 5; ++repeat)
        qt_sendShortcutOverrideEvent(focus, 0, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier,
                                     u"A"_s, true);
    QTest::keyRelease(focus, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(sent.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(votesOf(id).size(), 1, changeTimeoutMs);
}

void tst_Voting::progressWindowVotesOnce()
{
    const QString id = waitingOperation(u"Publish the tariff sheet"_s, 2);
    waitForRow(id);
    m_app->openProgress(id);
    OperationProgressDialog *dialog = m_app->progressWindows()->window(id);
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *approve = dialog->findChild<QPushButton *>(u"approveButton"_s);
    QVERIFY(approve);
    QTRY_VERIFY(approve->isVisible() && approve->isEnabled());
    QSignalSpy sent(dialog, &OperationProgressDialog::voteRequested);
    doubleClick(approve);
    QCOMPARE(sent.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(votesOf(id).size(), 1, changeTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->operation()->approval->hasVoted(vic), changeTimeoutMs);
    QTest::mouseClick(approve, Qt::LeftButton);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(votesOf(id).size(), 1);
}

void tst_Voting::approverSeesTheFileTheyDecideOn()
{
    // Alice stores a file, then asks to delete it: vic decides.
    WorkloadScenario workloads(m_client, sam);
    const QByteArray content = WorkloadScenario::generatedFile(1234);
    const QString fileId = workloads.uploadStored(alice, content, u"ledger-2026-03.csv"_s);
    QVERIFY(!fileId.isEmpty());
    const ApiResponse asked = m_client.request("DELETE", u"/api/files/"_s + fileId, alice);
    QCOMPARE(asked.status, 202);
    const QString id = asked.json.value(u"operationId"_s).toString();
    QVERIFY(!id.isEmpty());
    waitForRow(id);
    clickRow(id);
    ApprovalPanel *approval = panel()->approvalPanel();
    QTRY_VERIFY(approval->isDecisionShown());
    QVERIFY(panel()->approveButton()->isEnabled());

    const auto fact = [approval](const QString &label) {
        const QLabel *value = approval->factLabel(label);
        return value && value->isVisible() ? value->text() : QString();
    };
    QTRY_COMPARE(fact(u"File"_s), u"ledger-2026-03.csv"_s);
    QCOMPARE(fact(u"Size"_s), QLocale().formattedDataSize(content.size()));
    QCOMPARE(fact(u"Rows"_s), u"%1 transactions"_s.arg(QLocale().toString(1234)));
    QCOMPARE(fact(u"Owner"_s), alice);
    // Asked for a moment ago: the local time, and how long ago in words.
    QVERIFY2(fact(u"Requested"_s).endsWith(u"(just now)"_s), qPrintable(fact(u"Requested"_s)));
    QCOMPARE(fact(u"Votes so far"_s), u"0 of 1 approval: none yet"_s);
    // The default policy waits a day.
    QVERIFY2(fact(u"Times out"_s).startsWith(u"in about 23 hours"_s)
                     || fact(u"Times out"_s).startsWith(u"in about 24 hours"_s),
             qPrintable(fact(u"Times out"_s)));
    // Beside the buttons: the decision box holds the facts and the buttons together.
    QVERIFY(approval->isAncestorOf(panel()->approveButton()));
    apptest::saveScreenshot(window(), u"voting-deletion-facts"_s);

    // The same in its progress window.
    m_app->openProgress(id);
    OperationProgressDialog *dialog = m_app->progressWindows()->window(id);
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *windowApproval = dialog->findChild<ApprovalPanel *>();
    QVERIFY(windowApproval);
    QTRY_VERIFY(windowApproval->isDecisionShown());
    QCOMPARE(windowApproval->facts(), approval->facts());
    QVERIFY(dialog->findChild<QPushButton *>(u"approveButton"_s)->isVisible());
    apptest::saveScreenshot(dialog, u"voting-deletion-window"_s);
}

void tst_Voting::otherOperationsShowTheirContext()
{
    const QString id = waitingOperation(u"Pay the November invoices"_s, 1,
                                        {{u"batch"_s, u"2026-11"_s},
                                         {u"invoiceCount"_s, 1234},
                                         {u"total_amount"_s, 98765.5},
                                         {u"urgent"_s, true}});
    waitForRow(id);
    clickRow(id);
    ApprovalPanel *approval = panel()->approvalPanel();
    QTRY_VERIFY(approval->isDecisionShown());
    const QList<ApprovalFacts::Row> facts = approval->facts();
    QCOMPARE(facts.mid(0, 5),
             (QList<ApprovalFacts::Row>{{u"Batch"_s, u"2026-11"_s},
                                        {u"Invoice count"_s, QLocale().toString(1234)},
                                        {u"Total amount"_s, QLocale().toString(98765.5, 'g', 10)},
                                        {u"Urgent"_s, u"yes"_s},
                                        {u"Owner"_s, alice}}));
    apptest::saveScreenshot(window(), u"voting-context-facts"_s);
}

void tst_Voting::approveSelectedAsksThenApprovesEach()
{
    QStringList ids;
    for (const QString &name :
         {u"Publish price list A"_s, u"Publish price list B"_s, u"Publish price list C"_s})
        ids.append(waitingOperation(name, 2));
    for (const QString &id : std::as_const(ids))
        waitForRow(id);
    const QString untouched = waitingOperation(u"Publish price list D"_s, 2);
    waitForRow(untouched);
    window()->operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::NeedsMyVote);
    clickRow(ids.at(0));
    clickRow(ids.at(1), Qt::ControlModifier);
    clickRow(ids.at(2), Qt::ControlModifier);
    QAction *bulk = window()->action(MainWindow::ApproveSelected);
    QTRY_VERIFY(bulk->isEnabled());
    QSignalSpy sent(window(), &MainWindow::voteRequested);

    // Asked first, with the list; keeping them waiting sends nothing.
    bulk->trigger();
    BulkApproveDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window()->findChild<BulkApproveDialog *>()) && dialog->isVisible());
    QCOMPARE(QSet<QString>(dialog->operationIds().cbegin(), dialog->operationIds().cend()),
             QSet<QString>(ids.cbegin(), ids.cend()));
    QCOMPARE(dialog->list()->topLevelItemCount(), 3);
    QVERIFY(dialog->keepButton()->isDefault());
    apptest::saveScreenshot(dialog, u"voting-approve-selected"_s);
    QTest::mouseClick(dialog->keepButton(), Qt::LeftButton);
    QTRY_VERIFY(!window()->findChild<BulkApproveDialog *>());
    QCOMPARE(sent.size(), 0);
    for (const QString &id : std::as_const(ids))
        QCOMPARE(votesOf(id).size(), 0);

    bulk->trigger();
    QTRY_VERIFY((dialog = window()->findChild<BulkApproveDialog *>()) && dialog->isVisible());
    QTest::mouseClick(dialog->approveButton(), Qt::LeftButton);
    QCOMPARE(sent.size(), 3);
    for (const QString &id : std::as_const(ids))
        QTRY_COMPARE_WITH_TIMEOUT(votesOf(id).size(), 1, changeTimeoutMs);
    // Once: the action does not apply again to what was just approved.
    QVERIFY(!bulk->isEnabled() || window()->operationsView()->selectedOperations().isEmpty());
    bulk->trigger();
    QVERIFY(!window()->findChild<BulkApproveDialog *>());
    QCOMPARE(sent.size(), 3);
    for (const QString &id : std::as_const(ids))
        QCOMPARE(votesOf(id).size(), 1);
    QCOMPARE(votesOf(untouched).size(), 0);
}

void tst_Voting::workActionsFollowTheRoles()
{
    // vic approves on staff: he has no files of his own to upload or delete, but staff export.
    QTRY_VERIFY(!window()->action(MainWindow::Upload)->isEnabled());
    QVERIFY(!window()->action(MainWindow::DeleteFile)->isEnabled());
    QVERIFY(window()->action(MainWindow::Export)->isEnabled());
    QVERIFY2(window()->action(MainWindow::Upload)->toolTip().contains(u"needs the user role"_s),
             qPrintable(window()->action(MainWindow::Upload)->toolTip()));
    QSignalSpy uploads(window(), &MainWindow::uploadRequested);
    QTest::keyClick(window(), Qt::Key_U, Qt::ControlModifier);
    QCOMPARE(uploads.size(), 0);
}

QTEST_MAIN(tst_Voting)
#include "tst_voting.moc"
