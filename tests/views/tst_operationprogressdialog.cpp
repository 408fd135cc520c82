#include "apiclient.h"
#include "apihelpers.h"
#include "approvalpanel.h"
#include "cancelquestion.h"
#include "denyreasondialog.h"
#include "operationcodec.h"
#include "operationprogressdialog.h"
#include "optrackdprocess.h"
#include "progressring.h"
#include "stepindicator.h"
#include "votelistmodel.h"
#include "widgettesting.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFrame>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace optrack;
using Mode = OperationProgressDialog::Mode;

namespace {

/// Takes the URLs QDesktopServices would open.
class UrlCatcher final : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public slots:
    void open(const QUrl &url) { urls.append(url); }
};

const QString operationId = u"op_7f3a"_s;
const QDateTime startedAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
const QString longError = u"Line 4183: amount \"12,50\" is not a decimal with a dot. The file "
                          "uses a comma as the decimal separator from line 4183 on; export it "
                          "again with a dot (12.50) and upload it once more. Nothing was "
                          "stored."_s;

/// Who started the fixtures' operations (their context's userId), and may cancel them.
const QString owner = u"alice"_s;
const QStringList ownerRoles{u"user"_s};

Operation runningOperation()
{
    Operation op;
    op.operationId = operationId;
    op.operationType = u"data_export"_s;
    op.entityId = u"export_2026"_s;
    op.displayName = u"Exporting 2026 transactions"_s;
    op.status = OperationStatus::InProgress;
    op.progressPercentage = 40;
    op.currentStep = 2;
    op.totalSteps = 3;
    op.steps = {u"Collect rows"_s, u"Write file"_s, u"Publish"_s};
    op.stepDescription = u"Writing rows 4,000 of 10,000"_s;
    op.timeRemaining = u"about 2 minutes"_s;
    op.etaSeconds = 120;
    op.context = {{u"userId"_s, u"alice"_s}};
    op.createdAt = startedAt;
    op.updatedAt = startedAt.addSecs(80);
    return op;
}

Operation waitingOperation()
{
    Operation op;
    op.operationId = operationId;
    op.operationType = u"file_deletion"_s;
    op.entityId = u"file_42"_s;
    op.displayName = u"Deleting report.csv"_s;
    op.status = OperationStatus::WaitingForApproval;
    op.progressPercentage = 10;
    op.currentStep = 1;
    op.totalSteps = 3;
    op.steps = {u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};
    op.stepDescription = u"Collecting approval votes"_s;
    op.context = {{u"userId"_s, u"alice"_s}, {u"fileName"_s, u"report.csv"_s}};
    Approval approval;
    approval.required = 2;
    approval.approvals = 1;
    approval.voterRole = u"approver"_s;
    approval.expiresAt = startedAt.addDays(1);
    approval.votes = {{u"bob"_s, VoteDecision::Approve, u"Checked with finance, fine to go"_s,
                       startedAt.addSecs(300)}};
    op.approval = approval;
    op.createdAt = startedAt;
    op.updatedAt = startedAt.addSecs(300);
    return op;
}

Operation failedOperation()
{
    Operation op = runningOperation();
    op.operationType = u"file_upload"_s;
    op.displayName = u"Validating transactions.csv"_s;
    op.steps = {u"Upload"_s, u"Validate rows"_s, u"Store"_s};
    op.stepDescription = u"Validating row 4,183 of 6,750"_s;
    op.status = OperationStatus::Failed;
    op.progressPercentage = 62;
    op.timeRemaining.reset();
    op.etaSeconds.reset();
    op.errorMessage = longError;
    op.completedAt = startedAt.addSecs(95);
    return op;
}

Operation completedOperation()
{
    Operation op = runningOperation();
    op.status = OperationStatus::Completed;
    op.progressPercentage = 100;
    op.currentStep = 3;
    op.stepDescription = u"Export ready: 10,000 rows"_s;
    op.timeRemaining.reset();
    op.etaSeconds.reset();
    op.completedAt = startedAt.addSecs(190);
    return op;
}

template<typename T> T *child(const QWidget &parent, const QString &name)
{
    T *found = parent.findChild<T *>(name);
    if (!found)
        qWarning("no child %s", qPrintable(name));
    return found;
}

QString labelText(const QWidget &dialog, const QString &name)
{
    const auto *label = child<QLabel>(dialog, name);
    return label ? label->text() : QString();
}

bool shown(const QWidget &dialog, const QString &name)
{
    const auto *widget = dialog.findChild<QWidget *>(name);
    return widget && widget->isVisibleTo(&dialog);
}

QString screenshotName(Mode mode, const QString &state)
{
    return (mode == Mode::Full ? u"dialog-full-"_s : u"dialog-percent-"_s) + state;
}

/// The modal question or input the dialog opened, once it is on screen.
template<typename T> T *openedModal(const QWidget &dialog)
{
    T *modal = qobject_cast<T *>(QApplication::activeModalWidget());
    if (!modal)
        modal = dialog.findChild<T *>();
    return modal && modal->isVisible() ? modal : nullptr;
}

} // namespace

class tst_OperationProgressDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void running_data();
    void running();
    void indeterminateUntilFirstPercent_data();
    void indeterminateUntilFirstPercent();
    void stalled();
    void connectionShownAndOldFiguresMarked_data();
    void connectionShownAndOldFiguresMarked();
    void waitingForApproval_data();
    void waitingForApproval();
    void failed_data();
    void failed();
    void completedAutoClose_data();
    void completedAutoClose();
    void completedEmittedOnce();
    void cancelAsksThenEmits_data();
    void cancelAsksThenEmits();
    void busyAndActionResult();
    void deny_data();
    void deny();
    void approve();
    void keyboard_data();
    void keyboard();
    void ignoresOtherOperations();
    void darkTheme();
    void votesThroughTheService();
    void modeSwitchesInPlace_data();
    void modeSwitchesInPlace();
    void titleIsTheOperationsName();
    void finishedExportOffersDownloadThenItsFolder();
    void noZeroSecondsWhileRunning();
};

void tst_OperationProgressDialog::initTestCase()
{
    // Times read as a person's desktop shows them, not in the C locale's raw form.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

static void addModes()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("full") << Mode::Full;
    QTest::newRow("percent") << Mode::Percent;
}

void tst_OperationProgressDialog::running_data()
{
    addModes();
}

void tst_OperationProgressDialog::running()
{
    QFETCH(Mode, mode);
    OperationProgressDialog dialog(operationId, u"Export data"_s, mode);
    dialog.setCurrentUser(owner, ownerRoles);
    QVERIFY(!dialog.isModal());
    dialog.setOperation(runningOperation());
    dialog.setOperation(runningOperation()); // idempotent
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(labelText(dialog, u"status"_s), u"In progress"_s);
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"About 2 minutes left"_s);
    // The operation's own name, once known, over the title the window was opened with.
    QCOMPARE(dialog.windowTitle(), u"Exporting 2026 transactions \u2014 40%"_s);
    QVERIFY(shown(dialog, u"cancelButton"_s));
    QVERIFY(shown(dialog, u"closeButton"_s));
    QVERIFY(!shown(dialog, u"errorBox"_s));
    QVERIFY(child<QPushButton>(dialog, u"closeButton"_s)->isDefault());
    QVERIFY(!child<QPushButton>(dialog, u"cancelButton"_s)->autoDefault());

    if (mode == Mode::Full) {
        const auto *bar = child<QProgressBar>(dialog, u"progressBar"_s);
        QCOMPARE(bar->maximum(), 100);
        QCOMPARE(bar->value(), 40);
        QCOMPARE(bar->text(), u"40%"_s);
        const auto *steps = child<StepIndicator>(dialog, u"stepIndicator"_s);
        QVERIFY(steps->isVisible());
        QCOMPARE(steps->steps(), runningOperation().steps);
        QCOMPARE(steps->currentStep(), 2);
        QCOMPARE(steps->mode(), StepIndicator::Mode::Row);
        QCOMPARE(steps->stepState(1), StepIndicator::StepState::Done);
        QCOMPARE(steps->stepState(2), StepIndicator::StepState::Current);
        QCOMPARE(steps->stepState(3), StepIndicator::StepState::Pending);
        QCOMPARE(labelText(dialog, u"stepDescription"_s), u"Writing rows 4,000 of 10,000"_s);
        QVERIFY(!shown(dialog, u"approvalPanel"_s));
        QVERIFY(!shown(dialog, u"approveButton"_s));
        QVERIFY(!shown(dialog, u"denyButton"_s));
    } else {
        const auto *ring = child<ProgressRing>(dialog, u"progressRing"_s);
        QVERIFY(!ring->isIndeterminate());
        QCOMPARE(ring->value(), 40.0);
        QCOMPARE(ring->text(), u"40%"_s);
        QCOMPARE(ring->status(), OperationStatus::InProgress);
        QVERIFY(!dialog.findChild<QProgressBar *>());
    }
    testing::saveScreenshot(&dialog, screenshotName(mode, u"running"_s));
}

void tst_OperationProgressDialog::indeterminateUntilFirstPercent_data()
{
    addModes();
}

void tst_OperationProgressDialog::indeterminateUntilFirstPercent()
{
    QFETCH(Mode, mode);
    OperationProgressDialog dialog(operationId, u"Export data"_s, mode);
    dialog.setCurrentUser(owner, ownerRoles);
    const auto isIndeterminate = [&dialog, mode] {
        if (mode == Mode::Full) {
            const auto *bar = child<QProgressBar>(dialog, u"progressBar"_s);
            return bar->minimum() == 0 && bar->maximum() == 0;
        }
        return child<ProgressRing>(dialog, u"progressRing"_s)->isIndeterminate();
    };
    // Before the first answer, and while the service reports 0%.
    QVERIFY(isIndeterminate());
    Operation op = runningOperation();
    op.progressPercentage = 0;
    op.currentStep = 1;
    op.timeRemaining.reset();
    op.stepDescription = u"Collecting rows"_s;
    dialog.setOperation(op);
    QVERIFY(isIndeterminate());
    QVERIFY(labelText(dialog, u"timeRemaining"_s).isEmpty());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    if (mode == Mode::Percent) {
        const auto *ring = child<ProgressRing>(dialog, u"progressRing"_s);
        const int angle = ring->spinnerAngle();
        QTRY_VERIFY(ring->spinnerAngle() != angle);
    }
    testing::saveScreenshot(&dialog, screenshotName(mode, u"indeterminate"_s));

    op.progressPercentage = 3;
    dialog.setOperation(op);
    QVERIFY(!isIndeterminate());
    // Once a percent was seen it stays a percent, even if a later answer says 0.
    op.progressPercentage = 0;
    dialog.setOperation(op);
    QVERIFY(!isIndeterminate());
}

void tst_OperationProgressDialog::connectionShownAndOldFiguresMarked_data()
{
    addModes();
}

void tst_OperationProgressDialog::connectionShownAndOldFiguresMarked()
{
    QFETCH(Mode, mode);
    OperationProgressDialog dialog(operationId, u"Export data"_s, mode);
    dialog.setCurrentUser(owner, ownerRoles);
    dialog.setStalledAfter(50ms);
    dialog.setOperation(runningOperation());
    const QDateTime now = QDateTime::currentDateTime();
    dialog.setConnection({ConnectionState::Live, -1, {}, now});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.connectionText(), u"Live"_s);
    QVERIFY(shown(dialog, u"connection"_s));

    // The service stops answering: the window says so and how old its figures are; the
    // time remaining is given as of then, never as current, and nothing counts as stalled.
    const QDateTime confirmed = now.addSecs(-40);
    dialog.setConnection({ConnectionState::NotResponding, -1,
                          u"The service is reached but does not answer."_s, confirmed});
    QCOMPARE(dialog.connectionText(), u"Not responding · updated 40 s ago"_s);
    const QString asOf = confirmed.time().toString(u"HH:mm:ss"_s);
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"As of %1: about 2 minutes left"_s.arg(asOf));
    QTest::qWait(100);
    QVERIFY(!dialog.isStalled());
    // The age moves on by itself.
    QTRY_COMPARE_WITH_TIMEOUT(dialog.connectionText(), u"Not responding · updated 41 s ago"_s,
                              2'500);
    const auto *connection = child<QLabel>(dialog, u"connection"_s);
    QVERIFY(connection->height() >= connection->heightForWidth(connection->width()));
    testing::saveScreenshot(&dialog, screenshotName(mode, u"not-responding"_s));

    dialog.setConnection({ConnectionState::Offline, 7, u"Connection refused."_s, confirmed});
    QVERIFY2(dialog.connectionText().startsWith(u"Offline — retrying in 7 s · updated"_s),
             qPrintable(dialog.connectionText()));

    // Current again: the estimate is shown as it is.
    dialog.setConnection({ConnectionState::Live, -1, {}, QDateTime::currentDateTime()});
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"About 2 minutes left"_s);
    QCOMPARE(dialog.connectionText(), u"Live"_s);
}

void tst_OperationProgressDialog::stalled()
{
    OperationProgressDialog dialog(operationId, u"Export data"_s, Mode::Full);
    dialog.setCurrentUser(owner, ownerRoles);
    dialog.setStalledAfter(50ms);
    Operation op = runningOperation();
    dialog.setOperation(op);
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"About 2 minutes left"_s);
    // The same answer again does not count as movement.
    dialog.setOperation(op);
    QTRY_COMPARE(labelText(dialog, u"timeRemaining"_s), u"Stalled"_s);
    QVERIFY(dialog.isStalled());
    op.progressPercentage = 41;
    dialog.setOperation(op);
    QVERIFY(!dialog.isStalled());
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"About 2 minutes left"_s);
    // Waiting for votes is not stalling.
    Operation waiting = waitingOperation();
    dialog.setOperation(waiting);
    QTRY_VERIFY(!dialog.isStalled());
    QVERIFY(labelText(dialog, u"timeRemaining"_s).isEmpty());
}

void tst_OperationProgressDialog::waitingForApproval_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("mayVote");
    QTest::addColumn<QString>("screenshot");
    const QStringList approver{u"approver"_s};
    QTest::newRow("full, an approver who has not voted")
            << Mode::Full << u"carol"_s << approver << true << u"waiting-votes"_s;
    QTest::newRow("full, the owner (also an approver)")
            << Mode::Full << u"alice"_s << QStringList{u"user"_s, u"approver"_s} << false
            << u"waiting-owner"_s;
    QTest::newRow("full, an approver who voted already")
            << Mode::Full << u"bob"_s << approver << false << QString();
    QTest::newRow("full, a user without the voter role")
            << Mode::Full << u"dave"_s << QStringList{u"user"_s, u"staff"_s} << false << QString();
    QTest::newRow("full, nobody signed in")
            << Mode::Full << QString() << QStringList() << false << QString();
    QTest::newRow("percent, an approver: no vote buttons in the compact window")
            << Mode::Percent << u"carol"_s << approver << true << u"waiting"_s;
}

void tst_OperationProgressDialog::waitingForApproval()
{
    QFETCH(Mode, mode);
    QFETCH(QString, user);
    QFETCH(QStringList, roles);
    QFETCH(bool, mayVote);
    QFETCH(QString, screenshot);
    OperationProgressDialog dialog(operationId, u"Delete report.csv"_s, mode);
    dialog.setCurrentUser(user, roles);
    dialog.setOperation(waitingOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(dialog.canVote(), mayVote);
    // Cancel as the dashboard offers it: to the owner (and admins), not to an approver.
    QCOMPARE(shown(dialog, u"cancelButton"_s), user == owner);
    if (mode == Mode::Full) {
        QCOMPARE(shown(dialog, u"approveButton"_s), mayVote);
        QCOMPARE(shown(dialog, u"denyButton"_s), mayVote);
        const auto *panel = child<ApprovalPanel>(dialog, u"approvalPanel"_s);
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->tallyText(), u"1 of 2 approvals"_s);
        QCOMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(panel->model()->index(0, VoteListModel::Voter).data().toString(), u"bob"_s);
        QCOMPARE(panel->model()->index(0, VoteListModel::Reason).data().toString(),
                 u"Checked with finance, fine to go"_s);
        QVERIFY(panel->view()->isVisible());
        QCOMPARE(panel->voteState(),
                 mayVote ? ApprovalPanel::VoteState::Needed : ApprovalPanel::VoteState::None);
        QCOMPARE(panel->isDecisionShown(), true); // what is decided, for everyone
        QCOMPARE(panel->factLabel(u"File"_s)->text(), u"report.csv"_s);
        QCOMPARE(labelText(dialog, u"status"_s), u"Waiting for approval"_s);
        QCOMPARE(child<StepIndicator>(dialog, u"stepIndicator"_s)->currentStep(), 1);
    } else {
        QVERIFY(!dialog.findChild<QPushButton *>(u"approveButton"_s));
        QCOMPARE(child<ProgressRing>(dialog, u"progressRing"_s)->status(),
                 OperationStatus::WaitingForApproval);
        QCOMPARE(labelText(dialog, u"status"_s), u"Waiting for approval \u00b7 1 of 2 approvals"_s);
    }
    if (!screenshot.isEmpty())
        testing::saveScreenshot(&dialog, screenshotName(mode, screenshot));

    // The viewer's own vote arrives: the buttons go.
    if (mayVote) {
        Operation voted = waitingOperation();
        voted.approval->approvals = 2;
        voted.approval->votes.append({user, VoteDecision::Approve, {}, startedAt.addSecs(400)});
        dialog.setOperation(voted);
        QVERIFY(!dialog.canVote());
        QVERIFY(!shown(dialog, u"approveButton"_s));
    }
}

void tst_OperationProgressDialog::failed_data()
{
    addModes();
}

void tst_OperationProgressDialog::failed()
{
    QFETCH(Mode, mode);
    OperationProgressDialog dialog(operationId, u"Upload transactions.csv"_s, mode);
    dialog.setCurrentUser(owner, ownerRoles);
    dialog.setAutoCloseOnSuccess(true);
    QSignalSpy completed(&dialog, &OperationProgressDialog::completed);
    QSignalSpy closed(&dialog, &OperationProgressDialog::closed);
    Operation running = failedOperation();
    running.status = OperationStatus::InProgress;
    running.errorMessage.reset();
    dialog.setOperation(running);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setOperation(failedOperation());

    QCOMPARE(completed.count(), 1);
    QCOMPARE(completed.at(0).at(1).value<OperationStatus>(), OperationStatus::Failed);
    QVERIFY(shown(dialog, u"errorBox"_s));
    const auto *error = child<QLabel>(dialog, u"errorMessage"_s);
    QCOMPARE(error->text(), longError); // in full, not elided
    // The window grew to show every wrapped line: nothing is cut off at the bottom.
    QTRY_VERIFY(error->height() >= error->heightForWidth(error->width()));
    QVERIFY(dialog.rect().contains(QRect(error->mapTo(&dialog, QPoint()), error->size())));
    QVERIFY(error->mapTo(&dialog, QPoint(0, error->height())).y()
            < child<QPushButton>(dialog, u"closeButton"_s)->mapTo(&dialog, QPoint()).y());
    QVERIFY(error->textInteractionFlags() & Qt::TextSelectableByMouse);
    QCOMPARE(labelText(dialog, u"status"_s), u"Failed"_s);
    QVERIFY(!shown(dialog, u"cancelButton"_s));
    QVERIFY(shown(dialog, u"closeButton"_s));
    QVERIFY(labelText(dialog, u"timeRemaining"_s).isEmpty());
    QCOMPARE(dialog.windowTitle(), u"Validating transactions.csv \u2014 Failed"_s);
    if (mode == Mode::Full) {
        QVERIFY(!shown(dialog, u"approveButton"_s));
        const auto *steps = child<StepIndicator>(dialog, u"stepIndicator"_s);
        QCOMPARE(steps->stepState(2), StepIndicator::StepState::Failed);
        QCOMPARE(child<QProgressBar>(dialog, u"progressBar"_s)->value(), 62);
    } else {
        const auto *ring = child<ProgressRing>(dialog, u"progressRing"_s);
        QCOMPARE(ring->status(), OperationStatus::Failed);
        QCOMPARE(ring->text(), u"62%"_s);
    }
    testing::saveScreenshot(&dialog, screenshotName(mode, u"failed"_s));

    // A failure stays until the user closes it, even where success would close itself.
    QVERIFY(!dialog.isAutoClosePending());
    QVERIFY(!closed.wait(int((OperationProgressDialog::autoCloseDelay + 500ms).count())));
    QVERIFY(dialog.isVisible());
    child<QPushButton>(dialog, u"closeButton"_s)->click();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.at(0).at(0).toString(), operationId);
}

void tst_OperationProgressDialog::completedAutoClose_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<bool>("autoClose");
    QTest::newRow("full, closes itself") << Mode::Full << true;
    QTest::newRow("full, stays") << Mode::Full << false;
    QTest::newRow("percent, closes itself") << Mode::Percent << true;
    QTest::newRow("percent, stays") << Mode::Percent << false;
}

void tst_OperationProgressDialog::completedAutoClose()
{
    QFETCH(Mode, mode);
    QFETCH(bool, autoClose);
    OperationProgressDialog dialog(operationId, u"Export data"_s, mode);
    dialog.setCurrentUser(owner, ownerRoles);
    dialog.setAutoCloseOnSuccess(autoClose);
    QSignalSpy completed(&dialog, &OperationProgressDialog::completed);
    QSignalSpy closed(&dialog, &OperationProgressDialog::closed);
    dialog.setOperation(runningOperation());
    dialog.show();
    QApplication::setActiveWindow(&dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    // The user had moved to Cancel when the operation finished.
    auto *cancel = child<QPushButton>(dialog, u"cancelButton"_s);
    cancel->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(cancel->hasFocus());
    dialog.setOperation(completedOperation());

    QCOMPARE(completed.count(), 1);
    QCOMPARE(completed.at(0).at(0).toString(), operationId);
    QCOMPARE(completed.at(0).at(1).value<OperationStatus>(), OperationStatus::Completed);
    // Cancel became Close: one button left.
    QVERIFY(!shown(dialog, u"cancelButton"_s));
    QVERIFY(shown(dialog, u"closeButton"_s));
    // The focus went with it to Close, where Enter and Space now close the window.
    QTRY_VERIFY(child<QPushButton>(dialog, u"closeButton"_s)->hasFocus());
    QCOMPARE(labelText(dialog, u"status"_s), u"Completed"_s);
    QCOMPARE(dialog.windowTitle(), u"Exporting 2026 transactions \u2014 Completed"_s);
    if (mode == Mode::Full) {
        QCOMPARE(child<QProgressBar>(dialog, u"progressBar"_s)->value(), 100);
        QCOMPARE(child<StepIndicator>(dialog, u"stepIndicator"_s)->stepState(3),
                 StepIndicator::StepState::Done);
    } else {
        QCOMPARE(child<ProgressRing>(dialog, u"progressRing"_s)->status(),
                 OperationStatus::Completed);
    }
    if (!autoClose)
        testing::saveScreenshot(&dialog, screenshotName(mode, u"completed"_s));

    QCOMPARE(dialog.isAutoClosePending(), autoClose);
    if (autoClose) {
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(closed.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    } else {
        QVERIFY(dialog.isVisible());
        QCOMPARE(closed.count(), 0);
        // Enter, where the focus is, closes the finished window.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(closed.count(), 1);
    }
}

void tst_OperationProgressDialog::completedEmittedOnce()
{
    OperationProgressDialog dialog(operationId, u"Export data"_s, Mode::Full);
    dialog.setCurrentUser(owner, ownerRoles);
    QSignalSpy completed(&dialog, &OperationProgressDialog::completed);
    dialog.setOperation(runningOperation());
    QCOMPARE(completed.count(), 0);
    Operation done = completedOperation();
    done.version = 10;
    dialog.setOperation(done);
    dialog.setOperation(done);
    done.version = 11;
    done.result = QJsonObject{{u"rows"_s, 10000}};
    dialog.setOperation(done);
    QCOMPARE(completed.count(), 1);
    // A late, older answer does not take the dialog back.
    Operation late = runningOperation();
    late.version = 9;
    dialog.setOperation(late);
    QCOMPARE(dialog.operation()->status, OperationStatus::Completed);

    // A dialog opened on an operation that has already finished says so once too.
    OperationProgressDialog later(operationId, u"Export data"_s, Mode::Percent);
    QSignalSpy laterCompleted(&later, &OperationProgressDialog::completed);
    later.setOperation(failedOperation());
    later.setOperation(failedOperation());
    QCOMPARE(laterCompleted.count(), 1);
}

void tst_OperationProgressDialog::cancelAsksThenEmits_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<bool>("confirm");
    QTest::addColumn<bool>("finishesWhileAsking");
    QTest::newRow("full, confirmed") << Mode::Full << true << false;
    QTest::newRow("full, kept running") << Mode::Full << false << false;
    QTest::newRow("percent, confirmed") << Mode::Percent << true << false;
    QTest::newRow("full, finished while asking: the question goes") << Mode::Full << true << true;
}

void tst_OperationProgressDialog::cancelAsksThenEmits()
{
    QFETCH(Mode, mode);
    QFETCH(bool, confirm);
    QFETCH(bool, finishesWhileAsking);
    OperationProgressDialog dialog(operationId, u"Export data"_s, mode);
    dialog.setCurrentUser(owner, ownerRoles);
    QSignalSpy cancelRequested(&dialog, &OperationProgressDialog::cancelRequested);
    dialog.setOperation(runningOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    child<QPushButton>(dialog, u"cancelButton"_s)->click();
    CancelQuestion *box = nullptr;
    QTRY_VERIFY((box = openedModal<CancelQuestion>(dialog)));
    QCOMPARE(box->text(), u"Cancel “Exporting 2026 transactions”?"_s);
    QCOMPARE(box->windowModality(), Qt::WindowModal);
    // Asking is not cancelling; Enter in the question keeps it running.
    QCOMPARE(cancelRequested.count(), 0);
    QCOMPARE(box->defaultButton(), box->keepButton());
    if (mode == Mode::Full && confirm && !finishesWhileAsking)
        testing::saveScreenshot(box, u"dialog-full-cancel-question"_s);
    if (finishesWhileAsking) {
        dialog.setOperation(completedOperation());
    } else {
        (confirm ? box->cancelButton() : box->keepButton())->click();
    }
    QTRY_VERIFY(!openedModal<CancelQuestion>(dialog));

    const bool emitted = confirm && !finishesWhileAsking;
    QCOMPARE(cancelRequested.count(), emitted ? 1 : 0);
    if (emitted)
        QCOMPARE(cancelRequested.at(0).at(0).toString(), operationId);
    QVERIFY(dialog.isVisible());
}

void tst_OperationProgressDialog::busyAndActionResult()
{
    OperationProgressDialog dialog(operationId, u"Export data"_s, Mode::Full);
    dialog.setCurrentUser(owner, ownerRoles);
    dialog.setOperation(runningOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *cancel = child<QPushButton>(dialog, u"cancelButton"_s);
    QVERIFY(!shown(dialog, u"actionResult"_s));

    // A request that ends without an answer to show leaves no "Sending" line behind.
    dialog.setBusy(true);
    QVERIFY(shown(dialog, u"actionResult"_s));
    dialog.setBusy(false);
    QVERIFY(!shown(dialog, u"actionResult"_s));

    dialog.setBusy(true);
    QVERIFY(dialog.isBusy());
    QVERIFY(!cancel->isEnabled());
    QVERIFY(shown(dialog, u"actionResult"_s));
    dialog.showActionResult(false, u"The operation is no longer cancellable."_s);
    dialog.setBusy(false);
    QVERIFY(cancel->isEnabled());
    QCOMPARE(labelText(dialog, u"actionResult"_s),
             u"\u26a0 The operation is no longer cancellable."_s);
    QVERIFY(shown(dialog, u"actionResult"_s));
    // Still there after the next update: the answer stays until the next action.
    dialog.setOperation(runningOperation());
    QVERIFY(shown(dialog, u"actionResult"_s));
    testing::saveScreenshot(&dialog, u"dialog-full-cancel-refused"_s);

    dialog.showActionResult(true, u"Cancelled."_s);
    Operation cancelled = runningOperation();
    cancelled.status = OperationStatus::Cancelled;
    cancelled.stepDescription = u"Cancelled by alice"_s;
    dialog.setOperation(cancelled);
    QCOMPARE(labelText(dialog, u"actionResult"_s), u"\u2713 Cancelled."_s);
    QVERIFY(!shown(dialog, u"cancelButton"_s));
    QCOMPARE(labelText(dialog, u"status"_s), u"Cancelled"_s);
    QCOMPARE(child<StepIndicator>(dialog, u"stepIndicator"_s)->stepState(2),
             StepIndicator::StepState::Stopped);
    testing::saveScreenshot(&dialog, u"dialog-full-cancelled"_s);
}

void tst_OperationProgressDialog::deny_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("reason");
    QTest::newRow("with a reason")
            << u"  Not during month-end close  "_s << u"Not during month-end close"_s;
    QTest::newRow("a short one") << u"No"_s << u"No"_s;
}

void tst_OperationProgressDialog::deny()
{
    QFETCH(QString, typed);
    QFETCH(QString, reason);
    OperationProgressDialog dialog(operationId, u"Delete report.csv"_s, Mode::Full);
    QSignalSpy voteRequested(&dialog, &OperationProgressDialog::voteRequested);
    dialog.setCurrentUser(u"carol"_s, {u"approver"_s});
    dialog.setOperation(waitingOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    child<QPushButton>(dialog, u"denyButton"_s)->click();
    // The detail panel's question: the owner reads the reason, so Deny waits for one.
    DenyReasonDialog *question = nullptr;
    QTRY_VERIFY((question = openedModal<DenyReasonDialog>(dialog)));
    QVERIFY(!question->denyButton()->isEnabled());
    QCOMPARE(voteRequested.count(), 0);
    auto *edit = question->findChild<QPlainTextEdit *>();
    QVERIFY(edit);
    QTest::keyClicks(edit, typed);
    QVERIFY(question->denyButton()->isEnabled());
    testing::saveScreenshot(question, u"dialog-full-deny-reason"_s);
    QTest::mouseClick(question->denyButton(), Qt::LeftButton);
    QTRY_VERIFY(!openedModal<DenyReasonDialog>(dialog));

    QCOMPARE(voteRequested.count(), 1);
    const QList<QVariant> vote = voteRequested.takeFirst();
    QCOMPARE(vote.at(0).toString(), operationId);
    QCOMPARE(vote.at(1).value<VoteDecision>(), VoteDecision::Deny);
    QCOMPARE(vote.at(2).toString(), reason);
}

void tst_OperationProgressDialog::approve()
{
    OperationProgressDialog dialog(operationId, u"Delete report.csv"_s, Mode::Full);
    QSignalSpy voteRequested(&dialog, &OperationProgressDialog::voteRequested);
    dialog.setCurrentUser(u"carol"_s, {u"approver"_s});
    dialog.setOperation(waitingOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *approve = child<QPushButton>(dialog, u"approveButton"_s);
    auto *deny = child<QPushButton>(dialog, u"denyButton"_s);
    // Beside what is being decided, in the approval part.
    QVERIFY(child<ApprovalPanel>(dialog, u"approvalPanel"_s)->isAncestorOf(approve));
    testing::doubleClick(approve);
    QCOMPARE(voteRequested.count(), 1);
    QCOMPARE(voteRequested.at(0).at(1).value<VoteDecision>(), VoteDecision::Approve);
    QVERIFY(voteRequested.at(0).at(2).toString().isEmpty());
    // Sent: both buttons stay in place, disabled, until the service refuses the vote.
    QVERIFY(dialog.isVoteSent());
    QVERIFY(approve->isVisible() && !approve->isEnabled() && !deny->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    QCOMPARE(voteRequested.count(), 1);
    dialog.showActionResult(false, u"The service could not be reached."_s);
    QVERIFY(!dialog.isVoteSent());
    QVERIFY(approve->isEnabled() && deny->isEnabled());

    // Deny, then Back: no vote leaves.
    deny->click();
    DenyReasonDialog *question = nullptr;
    QTRY_VERIFY((question = openedModal<DenyReasonDialog>(dialog)));
    question->reject();
    QTRY_VERIFY(!openedModal<DenyReasonDialog>(dialog));
    QCOMPARE(voteRequested.count(), 1);
    QVERIFY(approve->isEnabled());
}

void tst_OperationProgressDialog::keyboard_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<int>("key");
    QTest::newRow("full, Esc closes") << Mode::Full << int(Qt::Key_Escape);
    QTest::newRow("full, Enter closes, never cancels") << Mode::Full << int(Qt::Key_Return);
    QTest::newRow("percent, Esc closes") << Mode::Percent << int(Qt::Key_Escape);
    QTest::newRow("percent, Enter closes, never cancels") << Mode::Percent << int(Qt::Key_Return);
}

void tst_OperationProgressDialog::keyboard()
{
    QFETCH(Mode, mode);
    QFETCH(int, key);
    OperationProgressDialog dialog(operationId, u"Delete report.csv"_s, mode);
    QSignalSpy cancelRequested(&dialog, &OperationProgressDialog::cancelRequested);
    QSignalSpy closed(&dialog, &OperationProgressDialog::closed);
    // An approver who may also cancel (an admin): every button is there.
    dialog.setCurrentUser(u"carol"_s, {u"approver"_s, u"admin"_s});
    dialog.setOperation(waitingOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(shown(dialog, u"cancelButton"_s));

    // Every button has a mnemonic and a name for assistive technology.
    const QList<QPushButton *> buttons = dialog.findChildren<QPushButton *>();
    QVERIFY(buttons.size() >= (mode == Mode::Full ? 4 : 2));
    for (const QPushButton *button : buttons) {
        QVERIFY2(button->text().contains(u'&'), qPrintable(button->text()));
        QVERIFY2(!button->accessibleName().isEmpty(), qPrintable(button->text()));
        QVERIFY(button->focusPolicy() & Qt::TabFocus);
    }
    // Even with Cancel focused, Enter goes to Close.
    child<QPushButton>(dialog, u"cancelButton"_s)->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key(key));
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(closed.count(), 1);
    QCOMPARE(cancelRequested.count(), 0);
    QVERIFY(!openedModal<CancelQuestion>(dialog));
}

void tst_OperationProgressDialog::ignoresOtherOperations()
{
    OperationProgressDialog dialog(operationId, u"Export data"_s, Mode::Full);
    dialog.setCurrentUser(owner, ownerRoles);
    dialog.setOperation(runningOperation());
    Operation other = completedOperation();
    other.operationId = u"op_other"_s;
    QSignalSpy completed(&dialog, &OperationProgressDialog::completed);
    dialog.setOperation(other);
    QCOMPARE(completed.count(), 0);
    QCOMPARE(dialog.operation()->status, OperationStatus::InProgress);
}

void tst_OperationProgressDialog::darkTheme()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    dark.setColor(QPalette::HighlightedText, QColor(0x10, 0x10, 0x10));
    OperationProgressDialog dialog(operationId, u"Delete report.csv"_s, Mode::Full);
    dialog.setPalette(dark);
    dialog.setCurrentUser(u"carol"_s, {u"approver"_s});
    Operation op = waitingOperation();
    op.status = OperationStatus::Denied;
    op.errorMessage = u"Denied by carol: not during month-end close"_s;
    op.approval->denials = 1;
    op.approval->decision = ApprovalDecision::Denied;
    op.approval->votes.append({u"carol"_s, VoteDecision::Deny, u"Not during month-end close"_s,
                               startedAt.addSecs(600)});
    dialog.setOperation(op);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Status and error stay readable on the dark window: light red, not the light theme's.
    const QColor status = child<QLabel>(dialog, u"status"_s)->palette().color(QPalette::WindowText);
    QVERIFY(status.lightness() > dark.color(QPalette::Window).lightness() + 80);
    const QColor errorBackground
            = child<QFrame>(dialog, u"errorBox"_s)->palette().color(QPalette::Window);
    QVERIFY(errorBackground.lightness() < 100);
    testing::saveScreenshot(&dialog, u"dialog-full-denied-dark"_s);
}

// The whole voting flow against the real optrackd: the dialog is fed from GET answers,
// its vote request goes to the service, and the decision comes back into it.
void tst_OperationProgressDialog::votesThroughTheService()
{
    testing::OptrackdProcess server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    testing::ApiClient api(&server);

    const QJsonObject create{
            {u"operationType"_s, u"report_publish"_s},
            {u"entityId"_s, u"report_q3"_s},
            {u"displayName"_s, u"Publishing the Q3 report"_s},
            {u"steps"_s, QJsonArray{u"Collect approvals"_s, u"Publish"_s, u"Notify readers"_s}},
            {u"approval"_s, QJsonObject{{u"required"_s, 2}}}};
    const testing::ApiResponse created = api.post(u"/api/operations"_s, u"alice"_s, create);
    EXPECT_STATUS(created, 201);
    const QString id = testing::idOf(created.json);
    EXPECT_STATUS(api.patch(testing::operationPath(id), u"alice"_s,
                            {{u"status"_s, u"waiting_for_approval"_s},
                             {u"currentStep"_s, 1},
                             {u"stepDescription"_s, u"Collecting approval votes"_s}}),
                  200);
    EXPECT_STATUS(api.post(testing::operationPath(id, u"/votes"_s), u"bob"_s,
                           {{u"decision"_s, u"approve"_s}, {u"reason"_s, u"Figures checked"_s}}),
                  200);

    OperationProgressDialog dialog(id, u"Publish the Q3 report"_s, Mode::Full);
    dialog.setCurrentUser(u"carol"_s, server.roles(u"carol"_s));
    QSignalSpy completed(&dialog, &OperationProgressDialog::completed);
    QSignalSpy voteRequested(&dialog, &OperationProgressDialog::voteRequested);

    // The poll: GET the operation as carol, one request in flight, every 100 ms.
    int answers = 0;
    QString feedError;
    QTimer poll;
    poll.setInterval(100ms);
    connect(&poll, &QTimer::timeout, this, [&] {
        if (api.inFlight() > 0)
            return;
        api.sendAsync(testing::ApiRequest::get(testing::operationPath(id), u"carol"_s),
                      [&](const testing::ApiResponse &answer) {
                          Operation operation;
                          FieldError error;
                          if (answer.status != 200
                              || !codec::fromJson(answer.json, &operation, &error)) {
                              feedError = answer.describe() + u' ' + error.message;
                              return;
                          }
                          ++answers;
                          dialog.setOperation(operation);
                      });
    });
    poll.start();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY(answers > 0);
    QVERIFY2(feedError.isEmpty(), qPrintable(feedError));

    const auto *panel = child<ApprovalPanel>(dialog, u"approvalPanel"_s);
    QCOMPARE(dialog.operation()->status, OperationStatus::WaitingForApproval);
    QCOMPARE(panel->tallyText(), u"1 of 2 approvals"_s);
    QVERIFY(dialog.canVote());
    QVERIFY(shown(dialog, u"approveButton"_s));
    testing::saveScreenshot(&dialog, u"dialog-full-service-waiting"_s);

    child<QPushButton>(dialog, u"denyButton"_s)->click();
    DenyReasonDialog *question = nullptr;
    QTRY_VERIFY((question = openedModal<DenyReasonDialog>(dialog)));
    question->setReason(u"Not before the audit on Friday"_s);
    question->accept();
    QCOMPARE(voteRequested.count(), 1);

    // What a controller does: send the vote, show the answer.
    const QList<QVariant> vote = voteRequested.takeFirst();
    dialog.setBusy(true);
    const testing::ApiResponse voted
            = api.post(testing::operationPath(vote.at(0).toString(), u"/votes"_s), u"carol"_s,
                       {{u"decision"_s, voteDecisionToWire(vote.at(1).value<VoteDecision>())},
                        {u"reason"_s, vote.at(2).toString()}});
    EXPECT_STATUS(voted, 200);
    QCOMPARE(voted.json.value(u"finalDecision"_s).toString(), u"denied"_s);
    dialog.showActionResult(true, u"Your vote was recorded: denied."_s);
    dialog.setBusy(false);

    // The next poll brings the decision.
    QTRY_COMPARE(dialog.operation()->status, OperationStatus::Denied);
    QVERIFY2(feedError.isEmpty(), qPrintable(feedError));
    QCOMPARE(completed.count(), 1);
    QCOMPARE(completed.at(0).at(1).value<OperationStatus>(), OperationStatus::Denied);
    QCOMPARE(panel->model()->rowCount(), 2);
    QCOMPARE(panel->model()->index(1, VoteListModel::Voter).data().toString(), u"carol"_s);
    QCOMPARE(panel->model()->index(1, VoteListModel::Reason).data().toString(),
             u"Not before the audit on Friday"_s);
    QCOMPARE(panel->tallyText(), u"1 of 2 approvals, 1 denial"_s);
    QCOMPARE(labelText(dialog, u"status"_s), u"Denied"_s);
    QCOMPARE(labelText(dialog, u"errorMessage"_s),
             u"Denied by carol: Not before the audit on Friday"_s);
    QVERIFY(!shown(dialog, u"approveButton"_s));
    QVERIFY(!shown(dialog, u"cancelButton"_s));
    testing::saveScreenshot(&dialog, u"dialog-full-service-denied"_s);
    poll.stop();
    QTRY_COMPARE(api.inFlight(), 0);
}

void tst_OperationProgressDialog::modeSwitchesInPlace_data()
{
    addModes();
}

void tst_OperationProgressDialog::modeSwitchesInPlace()
{
    QFETCH(Mode, mode);
    const Mode other = mode == Mode::Full ? Mode::Percent : Mode::Full;
    OperationProgressDialog dialog(operationId, u"Deleting report.csv"_s, mode);
    dialog.setCurrentUser(u"carol"_s, {u"approver"_s});
    dialog.setOperation(waitingOperation());
    dialog.setConnection({ConnectionState::Live, -1, {}, QDateTime::currentDateTime()});
    dialog.show();
    QApplication::setActiveWindow(&dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    dialog.showActionResult(true, u"Your approval was recorded."_s);
    QSignalSpy chosen(&dialog, &OperationProgressDialog::modeChosen);

    // The footer's button, with the mouse.
    auto *button = child<QToolButton>(dialog, u"modeButton"_s);
    QVERIFY(button && button->isVisible());
    QCOMPARE(button->text(), mode == Mode::Full ? u"Co&mpact view"_s : u"F&ull view"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(dialog.mode(), other);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.constFirst().at(1).value<Mode>(), other);

    // The other mode's content, the same operation, the same last result, the same
    // connection line; the window fits it.
    const bool full = other == Mode::Full;
    QCOMPARE(dialog.findChild<ProgressRing *>() != nullptr, !full);
    QCOMPARE(dialog.findChild<StepIndicator *>() != nullptr, full);
    QCOMPARE(shown(dialog, u"approveButton"_s), full);
    QVERIFY(labelText(dialog, u"actionResult"_s).endsWith(u"Your approval was recorded."_s));
    QVERIFY(shown(dialog, u"actionResult"_s));
    QCOMPARE(dialog.connectionText(), u"Live"_s);
    QVERIFY(labelText(dialog, u"status"_s).startsWith(u"Waiting for approval"_s));
    QTRY_VERIFY(dialog.width() >= dialog.minimumSizeHint().width());
    QTRY_VERIFY(dialog.height() >= dialog.minimumSizeHint().height());
    if (!full)
        QVERIFY(dialog.width() < 520); // compact is compact
    testing::saveScreenshot(&dialog, u"dialog-switched-to-"_s + (full ? u"full"_s : u"compact"_s));

    // And back, from the keyboard (the button's mnemonic).
    QTest::keyClick(&dialog, full ? Qt::Key_M : Qt::Key_U, Qt::AltModifier);
    // A mnemonic animates the click: the button is pressed for a moment first.
    QTRY_COMPARE(dialog.mode(), mode);
    QCOMPARE(chosen.size(), 2);
    // Switching in code is not the user's choice.
    dialog.setMode(other);
    QCOMPARE(chosen.size(), 2);
}

void tst_OperationProgressDialog::titleIsTheOperationsName()
{
    // A window opened under a provisional title takes the operation's name once known.
    OperationProgressDialog dialog(operationId, u"Retry"_s, Mode::Full);
    dialog.setCurrentUser(owner, ownerRoles);
    Operation op = failedOperation();
    op.status = OperationStatus::InProgress;
    op.errorMessage.reset();
    dialog.setOperation(op);
    QCOMPARE(labelText(dialog, u"title"_s), u"Validating transactions.csv"_s);
    QVERIFY(dialog.windowTitle().startsWith(u"Validating transactions.csv \u2014"_s));
    QVERIFY(!dialog.windowTitle().contains(u"Retry"_s));
}

void tst_OperationProgressDialog::finishedExportOffersDownloadThenItsFolder()
{
    OperationProgressDialog dialog(operationId, u"Export data"_s, Mode::Percent);
    dialog.setCurrentUser(u"alice"_s, {u"user"_s});
    dialog.setOperation(runningOperation());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!shown(dialog, u"downloadButton"_s));
    // The service's own export (built in): its file is there to fetch.
    Operation finished = completedOperation();
    finished.builtIn = true;
    dialog.setOperation(finished);
    QVERIFY(shown(dialog, u"downloadButton"_s));
    QVERIFY(!shown(dialog, u"openFolderButton"_s));
    QSignalSpy download(&dialog, &OperationProgressDialog::downloadRequested);
    QTest::mouseClick(child<QPushButton>(dialog, u"downloadButton"_s), Qt::LeftButton);
    QCOMPARE(download.size(), 1);
    QCOMPARE(download.constFirst().constFirst().toString(), operationId);

    // Saved: where it went, and a button to its folder (caught here instead of a file
    // manager opening).
    QTemporaryDir folder;
    const QString path = folder.filePath(u"export-2026.csv"_s);
    dialog.showSaved(path);
    QVERIFY(labelText(dialog, u"actionResult"_s).contains(QDir::toNativeSeparators(path)));
    QVERIFY(shown(dialog, u"openFolderButton"_s));
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"file"_s, &catcher, "open");
    const auto unset = qScopeGuard([] { QDesktopServices::unsetUrlHandler(u"file"_s); });
    QTest::mouseClick(child<QPushButton>(dialog, u"openFolderButton"_s), Qt::LeftButton);
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl::fromLocalFile(folder.path())});
    testing::saveScreenshot(&dialog, u"dialog-percent-saved"_s);
}

void tst_OperationProgressDialog::noZeroSecondsWhileRunning()
{
    OperationProgressDialog dialog(operationId, u"Export data"_s, Mode::Full);
    dialog.setCurrentUser(owner, ownerRoles);
    Operation op = runningOperation();
    op.etaSeconds = 0;
    op.timeRemaining = u"0 seconds"_s;
    dialog.setOperation(op);
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"Almost done"_s);
    op.etaSeconds = 12;
    op.version += 1;
    dialog.setOperation(op);
    QCOMPARE(labelText(dialog, u"timeRemaining"_s), u"12 seconds left"_s);
}

QTEST_MAIN(tst_OperationProgressDialog)
#include "tst_operationprogressdialog.moc"
