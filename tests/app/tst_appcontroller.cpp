#include "apiconnection.h"
#include "appcontroller.h"
#include "apptesthelpers.h"
#include "connectionindicator.h"
#include "deletefiledialog.h"
#include "exportdialog.h"
#include "filesclient.h"
#include "localconfig.h"
#include "localservice.h"
#include "mainwindow.h"
#include "metricsview.h"
#include "noticebar.h"
#include "notificationbell.h"
#include "notificationlist.h"
#include "notificationmodel.h"
#include "notificationpresenter.h"
#include "offlinebanner.h"
#include "operationdetailpanel.h"
#include "operationeventmodel.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationnotifier.h"
#include "operationprogressdialog.h"
#include "operationsclient.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "progressring.h"
#include "progresswindows.h"
#include "tokenstore.h"
#include "workactions.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <csignal>
#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;
using apptest::run;
using apptest::saveScreenshot;

namespace {

constexpr int startTimeoutMs = 30'000;
constexpr int changeTimeoutMs = 15'000;
constexpr std::chrono::milliseconds testRestartDelay{3'000};
/// A show delay no two answers of a loaded machine overrun (quickWorkNeverFlashesAWindow).
constexpr std::chrono::milliseconds quickShowDelay{10'000};
/// Long enough for a test to take the port before the service is back.
constexpr std::chrono::milliseconds squatterRestartDelay{8'000};
/// A service that stops answering is shown as such within this (the bound).
constexpr int frozenNoticeMs = 10'000;

bool processExists(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

QByteArray transactions(int rows, int badLine = 0)
{
    QByteArray csv = "date,account,amount,currency,description\n";
    for (int i = 0; i < rows; ++i) {
        const int line = i + 2;
        if (line == badLine)
            csv += "2026-13-01,ACC-1,12.50,EUR,bad month\n";
        else
            csv += QByteArray("2026-10-") + QByteArray::number(i % 28 + 1).rightJustified(2, '0')
                    + ",ACC-" + QByteArray::number(i % 7) + "," + QByteArray::number(i)
                    + ".25,EUR,row " + QByteArray::number(i) + "\n";
    }
    return csv;
}

/// Takes the URLs QDesktopServices would open.
class UrlCatcher final : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public slots:
    void open(const QUrl &url) { urls.append(url); }
};

/// The operations whose progress window was shown, ever.
class ShownWindows final : public QObject
{
    Q_OBJECT

public:
    QStringList ids;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show) {
            if (auto *dialog = qobject_cast<OperationProgressDialog *>(watched))
                ids.append(dialog->operationId());
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

/// The app on its embedded default, as a user meets it: the local optrackd starts in a
/// fresh home folder, the app signs in as "me", operations made through the API show up
/// without a refresh, an approver's vote changes the table, the offline banner follows the
/// local service going away and coming back (on its port, windows and selection kept), a
/// frozen service is shown as not responding, failures stay until seen, and quitting stops
/// the service while its data survive the next start. Each function starts the app when it
/// is not running, so any one runs alone.
class tst_AppController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void embeddedDefaultStartsAndSignsIn();
    void operationsFromTheApiShowWithoutRefresh();
    void uploadOpensItsProgressWindow();
    void quickWorkNeverFlashesAWindow();
    void modeIsChosenPerTypeAndRemembered();
    void retriedWindowKeepsTheNameAndTheMode();
    void failureStaysUntilSeen();
    void exportAndDownloadThroughTheDialogs();
    void approveFromTheApproverAccountChangesTheTable();
    void offlineBannerFollowsTheLocalService();
    void frozenServiceIsShownNotRespondingThenRecovers();
    void takenPortMovesTheServiceWithoutLosingWindows();
    void secondDeletionIsRefusedInTheDialog();
    void messagesGoToTheBellWhole();
    void metricsAreAskedForOnlyWhenShown();
    void metricsFollowTheOperations();
    void quitStopsTheLocalService();
    void nextStartKeepsTokensAndData();

private:
    void startController();
    ApiConnection *apiAs(const QString &userId);
    QString localToken(const QString &userId) const;
    QString dataDir() const;
    QString writeFile(const QString &name, const QByteArray &content);
    /// A file uploaded through the API and stored, for the deletion tests.
    QString uploadedFileId(const QString &fileName);
    /// A running operation with a time remaining, shown in the table.
    QString runningOperationWithEstimate();
    QString createOperation(const QString &name, const QString &type);
    bool patch(const QString &operationId, const QJsonObject &body);

    QTemporaryDir m_home;
    std::unique_ptr<AppController> m_controller;
    std::unique_ptr<QAbstractItemModelTester> m_tableTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;
    QHash<QString, ApiConnection *> m_api;
    QStringList m_created;
    qint64 m_servicePid = 0;
};

void tst_AppController::initTestCase()
{
    QVERIFY(m_home.isValid());
    // A first start: nothing configured, nothing in any keychain.
    apptest::isolateHome(m_home.path());
    QVERIFY2(!LocalService::findProgram().isEmpty(), "OPTRACKD_PATH must name optrackd");
}

void tst_AppController::init()
{
    // Any function runs alone: the app starts when it is not running (or has quit).
    if (m_controller && m_controller->localService()
        && m_controller->localService()->state() != LocalService::State::Stopped) {
        return;
    }
    m_tableTester.reset();
    m_filterTester.reset();
    m_controller.reset();
    startController();
}

void tst_AppController::cleanupTestCase()
{
    if (m_controller && !m_controller->localService()) {
        return;
    }
    if (m_controller && m_controller->localService()->state() != LocalService::State::Stopped) {
        QSignalSpy finished(m_controller.get(), &AppController::quitFinished);
        m_controller->quit();
        QVERIFY(finished.wait(startTimeoutMs));
    }
    m_tableTester.reset();
    m_filterTester.reset();
    m_controller.reset();
}

void tst_AppController::startController()
{
    QString error;
    const std::optional<AppOptions> options = AppOptions::parse({u"optrack"_s}, &error);
    QVERIFY2(options, qPrintable(error));
    m_controller = std::make_unique<AppController>(*options, apptest::fileTokens());
    m_controller->setQuitsApplication(false);
    m_controller->setLocalRestartDelay(testRestartDelay);
    m_tableTester = std::make_unique<QAbstractItemModelTester>(
            m_controller->tableModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filterTester = std::make_unique<QAbstractItemModelTester>(
            m_controller->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy signedIn(m_controller.get(), &AppController::signedIn);
    QSignalSpy failed(m_controller.get(), &AppController::startFailed);
    m_controller->start();
    QVERIFY(QTest::qWaitFor([&] { return !signedIn.isEmpty() || !failed.isEmpty(); },
                            startTimeoutMs));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->feed()->isFirstLoadDone(), startTimeoutMs);
}

QString tst_AppController::dataDir() const
{
    return m_home.filePath(u"data/Optrack/optrack/local"_s);
}

QString tst_AppController::localToken(const QString &userId) const
{
    return TokenStore::readFileEntry(m_controller->tokenStore()->filePath(),
                                     LocalConfig::tokenKey(dataDir(), userId))
            .value_or(QString());
}

ApiConnection *tst_AppController::apiAs(const QString &userId)
{
    ApiConnection *&connection = m_api[userId];
    if (!connection)
        connection = new ApiConnection(this);
    connection->setEndpoint(m_controller->localService()->baseUrl(), localToken(userId));
    return connection;
}

QString tst_AppController::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_home.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

QString tst_AppController::uploadedFileId(const QString &fileName)
{
    FilesClient files(apiAs(u"me"_s));
    const auto [uploaded, accepted] = run<AcceptedOperation>(
            [&](auto done) { files.upload(writeFile(fileName, transactions(20)), this, done); });
    if (!uploaded.ok())
        return {};
    // Stored once its operation completes: the newest file of that name.
    QString fileId;
    // An empty id when it never appears: the caller's QVERIFY on it says what is missing.
    (void)QTest::qWaitFor(
            [&] {
                const auto [listed, stored]
                        = run<QList<FileInfo>>([&](auto done) { files.list(this, done); });
                QDateTime newest;
                for (const FileInfo &file : stored) {
                    if (file.fileName == fileName && file.uploadedAt >= newest) {
                        newest = file.uploadedAt;
                        fileId = file.fileId;
                    }
                }
                return !fileId.isEmpty();
            },
            changeTimeoutMs);
    return fileId;
}

QString tst_AppController::runningOperationWithEstimate()
{
    const QString id = createOperation(u"Nightly reconciliation"_s, u"ledger.batch"_s);
    // Two reports a moment apart give the service a rate, hence a time remaining.
    patch(id, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 10}});
    QTest::qWait(1'100);
    patch(id, {{u"progressPercentage"_s, 12}, {u"stepDescription"_s, u"Matching entries"_s}});
    OperationTableModel *table = m_controller->tableModel();
    // Without an estimate in time, the caller's own check on the row says so.
    (void)QTest::qWaitFor(
            [&] {
                const int row = table->rowOf(id);
                return row >= 0 && table->operationAt(row).etaSeconds.has_value();
            },
            changeTimeoutMs);
    return id;
}

QString tst_AppController::createOperation(const QString &name, const QString &type)
{
    OperationsClient client(apiAs(u"me"_s));
    CreateOperationRequest request;
    request.operationType = type;
    request.entityId = name.toLower().replace(u' ', u'-');
    request.displayName = name;
    request.steps = {u"Prepare"_s, u"Run"_s, u"Finish"_s};
    const auto [status, operation]
            = run<Operation>([&](auto done) { client.create(request, this, done); });
    if (!status.ok())
        qWarning() << status.message;
    return operation.operationId;
}

bool tst_AppController::patch(const QString &operationId, const QJsonObject &body)
{
    ApiCall *call = apiAs(u"me"_s)->send("PATCH", OperationsClient::operationPath(operationId),
                                         body, {}, this);
    call->setAutoDelete(false);
    QSignalSpy finished(call, &ApiCall::finished);
    if (!finished.wait(apptest::answerTimeoutMs))
        return false;
    const bool ok = call->status().ok();
    if (!ok)
        qWarning() << call->status().message;
    call->deleteLater();
    return ok;
}

void tst_AppController::embeddedDefaultStartsAndSignsIn()
{
    QVERIFY(m_controller);
    QVERIFY(m_controller->isLocal());
    QCOMPARE(m_controller->currentUser().userId, u"me"_s);
    QCOMPARE(m_controller->accounts(), LocalConfig::accountIds());
    QCOMPARE(m_controller->localService()->state(), LocalService::State::Running);
    QCOMPARE(m_controller->localService()->baseUrl().host(), u"127.0.0.1"_s);
    QCOMPARE(m_controller->localService()->dataDir(), dataDir());
    QCOMPARE(m_controller->feed()->query().scope, OperationScope::All);
    m_servicePid = m_controller->localService()->processId();
    QVERIFY(processExists(m_servicePid));

    // No keychain here: the tokens went to a file only the user may read, and the
    // window says so.
    QVERIFY(m_controller->tokenStore()->isUsingFile());
    QVERIFY(m_controller->keychainWarning()->isVisible());
    QFile tokens(m_controller->tokenStore()->filePath());
    QCOMPARE(tokens.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    QVERIFY(!localToken(u"me"_s).isEmpty());

    QComboBox *switcher = m_controller->window()->accountSwitcher();
    QCOMPARE(switcher->count(), 3);
    QCOMPARE(switcher->currentText(), u"me"_s);
    QVERIFY(m_controller->window()->isMetricsVisible());
    saveScreenshot(m_controller->window(), u"app-signed-in"_s);
}

void tst_AppController::operationsFromTheApiShowWithoutRefresh()
{
    QVERIFY(m_controller);
    QSignalSpy resets(m_controller->tableModel(), &QAbstractItemModel::modelReset);
    for (const QString &name : {u"Nightly reconciliation"_s, u"Ledger rebuild"_s})
        m_created.append(createOperation(name, u"ledger.batch"_s));
    QVERIFY(!m_created.contains(QString()));

    OperationTableModel *table = m_controller->tableModel();
    for (const QString &id : std::as_const(m_created))
        QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(id) >= 0, changeTimeoutMs);

    // Progress reported by the owner reaches the row, again without asking.
    QVERIFY(patch(m_created.constFirst(),
                  {{u"status"_s, u"in_progress"_s},
                   {u"progressPercentage"_s, 40},
                   {u"currentStep"_s, 2},
                   {u"stepDescription"_s, u"Matching ledger entries"_s}}));
    QTRY_COMPARE_WITH_TIMEOUT(
            table->operationAt(table->rowOf(m_created.constFirst())).progressPercentage, 40.0,
            changeTimeoutMs);
    QCOMPARE(resets.size(), 0);
    // The table holds the feed's own copy of each operation, not a second one.
    const int row = table->rowOf(m_created.constFirst());
    const SharedOperation inFeed = m_controller->feed()->operations().value(m_created.constFirst());
    QVERIFY(inFeed);
    QCOMPARE(&table->operationAt(row), inFeed.get());
    saveScreenshot(m_controller->window(), u"app-live-rows"_s);
}

void tst_AppController::uploadOpensItsProgressWindow()
{
    QVERIFY(m_controller);
    // A file that fails late: 50,000 rows, the 30,001st bad.
    const QString path = writeFile(u"ledger-50000.csv"_s, transactions(50'000, 30'002));
    QSignalSpy started(m_controller->workActions(), &WorkActions::operationStarted);
    m_controller->workActions()->uploadFile(path);
    QVERIFY(started.wait(changeTimeoutMs));
    const QString operationId = started.constFirst().constFirst().toString();
    QCOMPARE(started.constFirst().at(2).toString(), u"file_upload"_s);

    // An upload's window is the compact one; it fails, so it shows and stays, at the
    // percentage validation reached (5 + 60 * 30,000 / 50,000 = 41), not at 5.
    OperationProgressDialog *dialog = m_controller->progressWindows()->window(operationId);
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Percent);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->operation()
                                     && dialog->operation()->status == OperationStatus::Failed,
                             changeTimeoutMs);
    QTRY_VERIFY(dialog->isVisible());
    const auto *ring = dialog->findChild<ProgressRing *>();
    QVERIFY(ring);
    QVERIFY2(ring->value() >= 40.5 && ring->value() <= 41.5,
             qPrintable(QString::number(ring->value())));
    QCOMPARE(dialog->operation()->stepDescription, u"Validated 30,000 of 50,000 rows"_s);
    QVERIFY(dialog->operation()->errorMessage->startsWith(u"Line 30002"_s));
    // Asking again raises the same window.
    m_controller->openProgress(operationId);
    QCOMPARE(m_controller->progressWindows()->openOperations().count(operationId), 1);
    QVERIFY(dialog->isVisible());
    saveScreenshot(dialog, u"app-upload-compact-failed"_s);
    dialog->close();
    QTRY_VERIFY(!m_controller->progressWindows()->openOperations().contains(operationId));
}

void tst_AppController::quickWorkNeverFlashesAWindow()
{
    QVERIFY(m_controller);
    // Every progress window the app shows from here on.
    ShownWindows shown;
    qApp->installEventFilter(&shown);
    const auto uninstall = qScopeGuard([&shown] { qApp->removeEventFilter(&shown); });

    // Work that succeeds within the delay: its window never appears. The delay is long
    // here so that two answers of a loaded machine surely fit in it.
    const QString quick = createOperation(u"Quick job"_s, u"ledger.batch"_s);
    QVERIFY(patch(quick, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 10}}));
    ProgressWindows *windows = m_controller->progressWindows();
    windows->setShowDelay(quickShowDelay);
    const auto restoreDelay
            = qScopeGuard([windows] { windows->setShowDelay(ProgressWindows::defaultShowDelay); });
    QPointer<OperationProgressDialog> quickWindow
            = windows->open(quick, u"Quick job"_s, std::nullopt, ProgressWindows::Show::AfterDelay);
    QVERIFY(quickWindow);
    QVERIFY(patch(quick, {{u"status"_s, u"completed"_s}, {u"progressPercentage"_s, 100}}));
    // Dropped unseen: gone before its delay ran out, so nothing can show it any more.
    QTRY_VERIFY_WITH_TIMEOUT(!quickWindow, changeTimeoutMs);
    QVERIFY(!windows->openOperations().contains(quick));
    QVERIFY(!shown.ids.contains(quick));
    windows->setShowDelay(ProgressWindows::defaultShowDelay);

    // Work that lasts: its window appears once the delay has passed, not before.
    const QString slow = createOperation(u"Slow job"_s, u"ledger.batch"_s);
    QElapsedTimer since;
    since.start();
    OperationProgressDialog *dialog
            = windows->open(slow, u"Slow job"_s, std::nullopt, ProgressWindows::Show::AfterDelay);
    QVERIFY(dialog);
    QVERIFY(!dialog->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(shown.ids.contains(slow), changeTimeoutMs);
    QVERIFY2(since.elapsed() >= ProgressWindows::defaultShowDelay.count() - 20,
             qPrintable(QString::number(since.elapsed())));
    dialog->close();

    // Work that fails within the delay is shown at once: a failure must be seen.
    const QString failing = createOperation(u"Failing job"_s, u"ledger.batch"_s);
    dialog = windows->open(failing, u"Failing job"_s, std::nullopt,
                           ProgressWindows::Show::AfterDelay);
    QVERIFY(patch(failing, {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"Disk full."_s}}));
    QTRY_VERIFY_WITH_TIMEOUT(shown.ids.contains(failing), changeTimeoutMs);
    QVERIFY(dialog->isVisible());
    dialog->close();
}

void tst_AppController::modeIsChosenPerTypeAndRemembered()
{
    QVERIFY(m_controller);
    QSettings().remove(u"progressMode"_s);
    const QString first = createOperation(u"Ledger one"_s, u"ledger.batch"_s);
    const QString second = createOperation(u"Ledger two"_s, u"ledger.batch"_s);
    OperationTableModel *table = m_controller->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(first) >= 0 && table->rowOf(second) >= 0,
                             changeTimeoutMs);

    // Another type opens full by default; the user makes it compact with the window's button.
    m_controller->openProgress(first);
    OperationProgressDialog *dialog = m_controller->progressWindows()->window(first);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Full);
    auto *modeButton = dialog->findChild<QToolButton *>(u"modeButton"_s);
    QVERIFY(modeButton);
    QTest::mouseClick(modeButton, Qt::LeftButton);
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Percent);
    dialog->close();

    // The next window of that type opens compact; the choice is kept in the settings.
    m_controller->openProgress(second);
    dialog = m_controller->progressWindows()->window(second);
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Percent);
    QCOMPARE(QSettings().value(u"progressMode/ledger.batch"_s).toString(), u"percent"_s);
    dialog->close();

    // A deletion keeps its own default: the full view with the voters.
    FilesClient files(apiAs(u"me"_s));
    const QString fileId = uploadedFileId(u"mode-test.csv"_s);
    const auto [asked, deletion]
            = run<AcceptedOperation>([&](auto done) { files.deleteFile(fileId, this, done); });
    QVERIFY2(asked.ok(), qPrintable(asked.message));
    QTRY_VERIFY_WITH_TIMEOUT(
            table->rowOf(deletion.operationId) >= 0
                    && table->operationAt(table->rowOf(deletion.operationId)).status
                            == OperationStatus::WaitingForApproval,
            changeTimeoutMs);
    m_controller->openProgress(deletion.operationId);
    dialog = m_controller->progressWindows()->window(deletion.operationId);
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Full);
    QTRY_VERIFY(dialog->findChild<QWidget *>(u"approvalPanel"_s)
                && dialog->findChild<QWidget *>(u"approvalPanel"_s)->isVisible());
    saveScreenshot(dialog, u"app-deletion-full"_s);

    // "Open progress (compact)" in the Operation menu, on the selected deletion: the open
    // window turns compact, and deletions open compact from now on.
    MainWindow *window = m_controller->window();
    QVERIFY(window->operationsView()->selectOperation(deletion.operationId));
    QAction *compact = window->action(MainWindow::OpenProgressCompact);
    QVERIFY(compact->isEnabled());
    compact->trigger();
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Percent);
    QCOMPARE(QSettings().value(u"progressMode/file_deletion"_s).toString(), u"percent"_s);
    saveScreenshot(dialog, u"app-deletion-compact"_s);
    dialog->close();
    QSettings().remove(u"progressMode"_s);
    // Withdrawn, so no approver finds it waiting in a later test.
    OperationsClient operations(apiAs(u"me"_s));
    const auto [cancelled, withdrawn] = run<Operation>(
            [&](auto done) { operations.cancel(deletion.operationId, {}, this, done); });
    QVERIFY2(cancelled.ok(), qPrintable(cancelled.message));
}

void tst_AppController::retriedWindowKeepsTheNameAndTheMode()
{
    QVERIFY(m_controller);
    QSettings().remove(u"progressMode"_s);
    const QString path = writeFile(u"broken-again.csv"_s, transactions(12, 9));
    QSignalSpy started(m_controller->workActions(), &WorkActions::operationStarted);
    m_controller->workActions()->uploadFile(path);
    QVERIFY(started.wait(changeTimeoutMs));
    const QString failedId = started.constFirst().constFirst().toString();
    ProgressWindows *windows = m_controller->progressWindows();
    OperationProgressDialog *dialog = windows->window(failedId);
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible() && dialog->operation()
                                     && dialog->operation()->status == OperationStatus::Failed,
                             changeTimeoutMs);
    const QString name = dialog->operation()->displayName;
    QVERIFY(!name.isEmpty());
    // The user looks at it in full.
    QTest::mouseClick(dialog->findChild<QToolButton *>(u"modeButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->mode(), OperationProgressDialog::Mode::Full);

    // Retry, from the detail panel, with the mouse.
    OperationsView *view = m_controller->window()->operationsView();
    QTRY_VERIFY_WITH_TIMEOUT(view->selectOperation(failedId), changeTimeoutMs);
    QPushButton *retry = view->detailPanel()->retryButton();
    QTRY_VERIFY(retry->isVisible() && retry->isEnabled());
    QSignalSpy opened(windows, &ProgressWindows::opened);
    QTest::mouseClick(retry, Qt::LeftButton);
    // The new operation's window: the operation's name (not "Retry"), the same mode.
    QTRY_VERIFY_WITH_TIMEOUT(windows->openOperations().size() >= 2, changeTimeoutMs);
    QString retriedId;
    for (const QString &id : windows->openOperations()) {
        if (id != failedId)
            retriedId = id;
    }
    OperationProgressDialog *retried = windows->window(retriedId);
    QVERIFY(retried);
    QCOMPARE(retried->mode(), OperationProgressDialog::Mode::Full);
    QCOMPARE(retried->findChild<QLabel *>(u"title"_s)->text(), name);
    QVERIFY(!retried->windowTitle().contains(u"Retry"_s));
    QTRY_VERIFY_WITH_TIMEOUT(retried->isVisible(), changeTimeoutMs); // it fails again: shown
    saveScreenshot(retried, u"app-retried-full"_s);
    retried->close();
    dialog->close();
    QSettings().remove(u"progressMode"_s);
}

void tst_AppController::failureStaysUntilSeen()
{
    QVERIFY(m_controller);
    // Failures of earlier tests were seen: this one is the only one waiting.
    for (const QString &earlier : m_controller->notifier()->unseenFailures())
        m_controller->notifier()->markSeen(earlier);
    const QString path = writeFile(u"broken.csv"_s, transactions(12, 7));
    QSignalSpy started(m_controller->workActions(), &WorkActions::operationStarted);
    QSignalSpy notices(m_controller->notifier(), &OperationNotifier::noticePosted);
    m_controller->workActions()->uploadFile(path);
    QVERIFY(started.wait(changeTimeoutMs));
    const QString operationId = started.constFirst().constFirst().toString();
    m_controller->progressWindows()->closeAll();

    QTRY_VERIFY_WITH_TIMEOUT(m_controller->notifier()->unseenFailures().contains(operationId),
                             changeTimeoutMs);
    const auto failed = std::find_if(notices.cbegin(), notices.cend(), [&](const auto &args) {
        const auto notice = args.constFirst().template value<OperationNotifier::Notice>();
        return notice.operationId == operationId && notice.kind == OperationNotifier::Kind::Failed;
    });
    QVERIFY(failed != notices.cend());
    const auto notice = failed->constFirst().value<OperationNotifier::Notice>();
    QVERIFY2(notice.text.startsWith(u"Line 7"_s), qPrintable(notice.text));

    NotificationPresenter *presenter = m_controller->notifications();
    QVERIFY(!presenter->hasTray()); // offscreen: no tray; the bell carries it
    QTRY_VERIFY(m_controller->messages()->hasUnreadFailure());
    QVERIFY(!m_controller->bell()->text().isEmpty());
    QVERIFY(presenter->summaryText().contains(u"1 failed"_s));
    saveScreenshot(m_controller->window(), u"app-failure-unseen"_s);

    // Seen once the user selects it.
    QVERIFY(m_controller->window()->operationsView()->selectOperation(operationId));
    QTRY_VERIFY(!m_controller->messages()->hasUnreadFailure());
    QVERIFY(m_controller->notifier()->unseenFailures().isEmpty());

    // The tray menu's "Needs your vote" shows the window on that filter.
    OperationsSidebar *sidebar = m_controller->window()->operationsView()->sidebar();
    emit presenter->needsVoteRequested();
    QCOMPARE(sidebar->currentFilter(), OperationsSidebar::NeedsMyVote);
    QVERIFY(m_controller->window()->isVisible());
    sidebar->setCurrentFilter(OperationsSidebar::All);
}

void tst_AppController::exportAndDownloadThroughTheDialogs()
{
    QVERIFY(m_controller);
    MainWindow *window = m_controller->window();
    QSignalSpy started(m_controller->workActions(), &WorkActions::operationStarted);
    m_controller->workActions()->exportData();
    ExportDialog *exportDialog = window->findChild<ExportDialog *>();
    QVERIFY(exportDialog);
    QTRY_VERIFY(exportDialog->isVisible());
    exportDialog->setFormat(u"csv"_s);
    exportDialog->setRangeKind(ExportDialog::Month);
    exportDialog->setMonth(QDate(2026, 10, 1));
    QCOMPARE(exportDialog->dateRange(), u"2026-10"_s);
    QTest::mouseClick(exportDialog->startButton(), Qt::LeftButton);
    QVERIFY(started.wait(changeTimeoutMs));
    const QString exportId = started.constFirst().constFirst().toString();
    QCOMPARE(started.constFirst().at(2).toString(), u"data_export"_s);

    // An export's window shows a percentage (opened again, should the export have
    // finished before it appeared); finished, it offers Download.
    QTRY_VERIFY_WITH_TIMEOUT(
            m_controller->tableModel()->rowOf(exportId) >= 0
                    && m_controller->tableModel()
                                    ->operationAt(m_controller->tableModel()->rowOf(exportId))
                                    .status
                            == OperationStatus::Completed,
            changeTimeoutMs);
    m_controller->openProgress(exportId);
    OperationProgressDialog *progress = m_controller->progressWindows()->window(exportId);
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible());
    QCOMPARE(progress->mode(), OperationProgressDialog::Mode::Percent);
    QTRY_VERIFY_WITH_TIMEOUT(progress->operation()
                                     && progress->operation()->status == OperationStatus::Completed,
                             changeTimeoutMs);
    auto *download = progress->findChild<QPushButton *>(u"downloadButton"_s);
    QVERIFY(download && download->isVisible());
    saveScreenshot(progress, u"app-export-percent"_s);

    // Download: a save dialog, then the file; the window says where it went.
    QTest::mouseClick(download, Qt::LeftButton);
    QFileDialog *saveDialog = nullptr;
    QTRY_VERIFY((saveDialog = window->findChild<QFileDialog *>()) && saveDialog->isVisible());
    QCOMPARE(saveDialog->acceptMode(), QFileDialog::AcceptSave);
    QVERIFY(saveDialog->selectedFiles().value(0).endsWith(u".csv"_s));
    const QString target = m_home.filePath(u"october-export.csv"_s);
    QSignalSpy finished(m_controller->workActions(), &WorkActions::downloadFinished);
    saveDialog->selectFile(target);
    QTest::keyClick(saveDialog, Qt::Key_Return);
    QVERIFY(finished.wait(changeTimeoutMs));
    QVERIFY2(finished.constFirst().at(1).toBool(),
             qPrintable(finished.constFirst().at(2).toString()));
    QFile saved(target);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readLine().startsWith("date,account,amount,currency,description"));
    auto *result = progress->findChild<QLabel *>(u"actionResult"_s);
    QVERIFY2(result->text().contains(QDir::toNativeSeparators(target)), qPrintable(result->text()));
    auto *openFolder = progress->findChild<QPushButton *>(u"openFolderButton"_s);
    QVERIFY(openFolder && openFolder->isVisible());
    saveScreenshot(progress, u"app-export-saved"_s);
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"file"_s, &catcher, "open");
    const auto unset = qScopeGuard([] { QDesktopServices::unsetUrlHandler(u"file"_s); });
    QTest::mouseClick(openFolder, Qt::LeftButton);
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl::fromLocalFile(m_home.path())});
    // The messages keep it too, and their entry opens the folder as well.
    const QModelIndex entry = m_controller->messages()->index(0);
    QCOMPARE(entry.data(NotificationModel::FolderRole).toString(), m_home.path());
    progress->close();
}

void tst_AppController::approveFromTheApproverAccountChangesTheTable()
{
    QVERIFY(m_controller);
    const QString fileId = uploadedFileId(u"kept.csv"_s);
    QVERIFY(!fileId.isEmpty());
    // Delete file…: the dialog lists the service's files.
    QSignalSpy started(m_controller->workActions(), &WorkActions::operationStarted);
    m_controller->workActions()->deleteFile();
    DeleteFileDialog *deleteDialog = m_controller->window()->findChild<DeleteFileDialog *>();
    QVERIFY(deleteDialog);
    QTRY_VERIFY_WITH_TIMEOUT(deleteDialog->selectFile(fileId), changeTimeoutMs);
    QCOMPARE(deleteDialog->selectedFileName(), u"kept.csv"_s);
    saveScreenshot(deleteDialog, u"app-delete-file"_s);
    QTest::mouseClick(deleteDialog->deleteButton(), Qt::LeftButton);
    QVERIFY(started.wait(changeTimeoutMs));
    const QString deletionId = started.constFirst().constFirst().toString();
    m_controller->progressWindows()->closeAll();
    OperationTableModel *table = m_controller->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(deletionId) >= 0
                                     && table->operationAt(table->rowOf(deletionId)).status
                                             == OperationStatus::WaitingForApproval,
                             changeTimeoutMs);

    // The switcher, as a person uses it: one reset for the swap, then approver1's view.
    QSignalSpy resets(table, &QAbstractItemModel::modelReset);
    QSignalSpy signedIn(m_controller.get(), &AppController::signedIn);
    QComboBox *switcher = m_controller->window()->accountSwitcher();
    const int approverIndex = switcher->findText(u"approver1"_s);
    QVERIFY(approverIndex >= 0);
    switcher->setCurrentIndex(approverIndex);
    emit switcher->activated(approverIndex);
    QVERIFY(signedIn.wait(changeTimeoutMs));
    QCOMPARE(m_controller->currentUser().userId, u"approver1"_s);
    QCOMPARE(resets.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(deletionId) >= 0, changeTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->filterModel()->needsMyVoteCount(), 1, changeTimeoutMs);

    // A deletion asked for while approver1 looks: a notice that a vote is needed.
    QSignalSpy notices(m_controller->notifier(), &OperationNotifier::noticePosted);
    FilesClient files(apiAs(u"me"_s));
    const QString second = writeFile(u"november.csv"_s, transactions(5));
    const auto [uploaded, upload]
            = run<AcceptedOperation>([&](auto done) { files.upload(second, this, done); });
    QVERIFY2(uploaded.ok(), qPrintable(uploaded.message));
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(upload.operationId) >= 0
                                     && table->operationAt(table->rowOf(upload.operationId)).status
                                             == OperationStatus::Completed,
                             changeTimeoutMs);
    const auto [listed, stored] = run<QList<FileInfo>>([&](auto done) { files.list(this, done); });
    QVERIFY(listed.ok());
    const auto november = std::find_if(stored.cbegin(), stored.cend(), [](const FileInfo &file) {
        return file.fileName == u"november.csv"_s;
    });
    QVERIFY(november != stored.cend());
    const auto [asked, secondDeletion] = run<AcceptedOperation>(
            [&](auto done) { files.deleteFile(november->fileId, this, done); });
    QVERIFY2(asked.ok(), qPrintable(asked.message));
    const QString secondId = secondDeletion.operationId;
    QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(notices.cbegin(), notices.cend(),
                        [&](const QList<QVariant> &args) {
                            const auto notice
                                    = args.constFirst().value<OperationNotifier::Notice>();
                            return notice.kind == OperationNotifier::Kind::NeedsVote
                                    && notice.operationId == secondId;
                        }),
            changeTimeoutMs);
    QTRY_COMPARE(m_controller->filterModel()->needsMyVoteCount(), 2);
    QVERIFY2(m_controller->notifications()->summaryText().contains(u"2 need your vote"_s),
             qPrintable(m_controller->notifications()->summaryText()));

    OperationsView *view = m_controller->window()->operationsView();
    QVERIFY(view->selectOperation(deletionId));
    OperationDetailPanel *panel = view->detailPanel();
    QTRY_VERIFY(panel->approveButton()->isVisible());
    QVERIFY(panel->approveButton()->isEnabled());
    QVERIFY(panel->denyButton()->isVisible());
    saveScreenshot(m_controller->window(), u"app-voting"_s);

    QTest::mouseClick(panel->approveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(table->operationAt(table->rowOf(deletionId)).status
                                     != OperationStatus::WaitingForApproval,
                             changeTimeoutMs);
    const Operation decided = table->operationAt(table->rowOf(deletionId));
    QVERIFY(decided.approval);
    QCOMPARE(decided.approval->approvals, 1);
    QCOMPARE(decided.approval->votes.constFirst().voter, u"approver1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->filterModel()->needsMyVoteCount(), 1, changeTimeoutMs);
    QCOMPARE(resets.size(), 1);
    // The audit trail of the selected operation follows: the vote and the decision.
    const auto hasKind = [panel](EventKind kind) {
        const QList<OperationEvent> &events = panel->eventModel()->events();
        return std::any_of(events.cbegin(), events.cend(),
                           [kind](const OperationEvent &event) { return event.kind == kind; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasKind(EventKind::Vote) && hasKind(EventKind::Decision),
                             changeTimeoutMs);
    saveScreenshot(m_controller->window(), u"app-voted"_s);

    // Back to "me" for what follows: every operation again.
    const int rowsSeen = table->rowCount();
    m_controller->switchAccount(u"me"_s);
    QVERIFY(signedIn.wait(changeTimeoutMs));
    QCOMPARE(m_controller->currentUser().userId, u"me"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->feed()->isFirstLoadDone(), changeTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), rowsSeen, changeTimeoutMs);
}

void tst_AppController::offlineBannerFollowsTheLocalService()
{
    QVERIFY(m_controller);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->feed()->isFirstLoadDone(), changeTimeoutMs);
    OfflineBanner *banner = m_controller->window()->operationsView()->offlineBanner();
    QVERIFY(!banner->isVisible());
    // Something on screen to keep: a selected row and an open progress window.
    const QString watched = createOperation(u"Watched through a restart"_s, u"ledger.batch"_s);
    OperationTableModel *table = m_controller->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(watched) >= 0, changeTimeoutMs);
    OperationsView *view = m_controller->window()->operationsView();
    QVERIFY(view->selectOperation(watched));
    m_controller->openProgress(watched);
    QPointer<OperationProgressDialog> window = m_controller->progressWindows()->window(watched);
    QVERIFY(window);
    QTRY_VERIFY(window->isVisible());
    QTRY_VERIFY(!table->hasPendingChanges()
                && table->rowCount() == m_controller->feed()->operations().size());
    const int rows = table->rowCount();
    const QUrl address = m_controller->localService()->baseUrl();
    QSignalSpy resets(table, &QAbstractItemModel::modelReset);

    QSignalSpy crashed(m_controller->localService(), &LocalService::crashed);
    QVERIFY(::kill(pid_t(m_controller->localService()->processId()), SIGKILL) == 0);
    QVERIFY(crashed.wait(changeTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), changeTimeoutMs);
    QCOMPARE(m_controller->feed()->connectionState(), ConnectionState::Offline);
    // The rows stay on screen while offline, and so does the connection state; the
    // restart is told in the messages.
    QCOMPARE(m_controller->tableModel()->rowCount(), rows);
    ConnectionIndicator *indicator = m_controller->window()->connectionIndicator();
    QVERIFY(indicator->isVisible());
    QCOMPARE(indicator->state(), ConnectionState::Offline);
    QVERIFY(m_controller->messages()
                    ->index(0)
                    .data(NotificationModel::TextRole)
                    .toString()
                    .contains(u"Restarting"_s));
    QVERIFY2(banner->ageText().contains(u"as of"_s), qPrintable(banner->ageText()));
    saveScreenshot(m_controller->window(), u"app-offline"_s);

    // The app restarts its service on the same address; the banner goes, and what the user
    // had open is still there: no reset, the same selection, the same window.
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), startTimeoutMs);
    QCOMPARE(m_controller->localService()->state(), LocalService::State::Running);
    QCOMPARE(m_controller->localService()->baseUrl(), address);
    m_servicePid = m_controller->localService()->processId();
    QCOMPARE(resets.size(), 0);
    QCOMPARE(view->currentOperationId(), watched);
    QVERIFY(window);
    QVERIFY(window->isVisible());

    // And it catches up: a change made after the restart arrives, in the window too.
    QVERIFY(patch(watched, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 30}}));
    QTRY_COMPARE_WITH_TIMEOUT(window->operation()->progressPercentage, 30.0, changeTimeoutMs);
    const QString id = createOperation(u"After the restart"_s, u"ledger.batch"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->tableModel()->rowOf(id) >= 0, changeTimeoutMs);
    m_created.append(id);
    saveScreenshot(m_controller->window(), u"app-back-online"_s);
    window->close();
}

void tst_AppController::frozenServiceIsShownNotRespondingThenRecovers()
{
    QVERIFY(m_controller);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->feed()->connectionState(), ConnectionState::Live,
                              changeTimeoutMs);
    const QString running = runningOperationWithEstimate();
    OperationTableModel *table = m_controller->tableModel();
    const QModelIndex time
            = table->index(table->rowOf(running), OperationTableModel::TimeRemaining);
    const QString estimate = time.data().toString();
    QVERIFY2(!estimate.isEmpty() && estimate != u"\u2014"_s, qPrintable(estimate));
    m_controller->openProgress(running);
    OperationProgressDialog *window = m_controller->progressWindows()->window(running);
    QVERIFY(window);
    QTRY_VERIFY(window->isVisible());
    QCOMPARE(window->connection().state, ConnectionState::Live);

    // The service hangs: its process is stopped, its sockets stay open, nothing answers.
    const qint64 pid = m_controller->localService()->processId();
    QVERIFY(::kill(pid_t(pid), SIGSTOP) == 0);
    const auto resume = qScopeGuard([pid] { ::kill(pid_t(pid), SIGCONT); });
    QElapsedTimer frozen;
    frozen.start();
    ConnectionIndicator *indicator = m_controller->window()->connectionIndicator();
    QTRY_COMPARE_WITH_TIMEOUT(indicator->state(), ConnectionState::NotResponding, frozenNoticeMs);
    QVERIFY2(frozen.elapsed() <= frozenNoticeMs, qPrintable(QString::number(frozen.elapsed())));
    QCOMPARE(indicator->text(), u"Not responding"_s);
    OfflineBanner *banner = m_controller->window()->operationsView()->offlineBanner();
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().startsWith(u"Not responding"_s));
    QVERIFY2(banner->ageText().contains(u"as of"_s), qPrintable(banner->ageText()));
    // The table's estimate is not shown as current; the window says how old it is.
    QCOMPARE(time.data().toString(), u"\u2014"_s);
    QCOMPARE(window->connection().state, ConnectionState::NotResponding);
    QVERIFY2(window->connectionText().startsWith(u"Not responding · updated"_s),
             qPrintable(window->connectionText()));
    QVERIFY2(window->timeRemainingText().startsWith(u"As of "_s),
             qPrintable(window->timeRemainingText()));
    // Still so a while later, and never Offline: the service is there, it does not answer.
    QVERIFY(!QTest::qWaitFor([&] { return indicator->state() != ConnectionState::NotResponding; },
                             3'000));
    saveScreenshot(m_controller->window(), u"app-not-responding"_s);
    saveScreenshot(window, u"app-progress-not-responding"_s);

    // It answers again: live by itself, the estimate back, the window current.
    QVERIFY(::kill(pid_t(pid), SIGCONT) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(indicator->state(), ConnectionState::Live, changeTimeoutMs);
    QVERIFY(!banner->isVisible());
    QVERIFY(time.data().toString() != u"\u2014"_s);
    QCOMPARE(window->connection().state, ConnectionState::Live);
    QVERIFY(!window->timeRemainingText().startsWith(u"As of "_s));
    window->close();
}

void tst_AppController::takenPortMovesTheServiceWithoutLosingWindows()
{
    QVERIFY(m_controller);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->feed()->isFirstLoadDone(), changeTimeoutMs);
    const QString watched = createOperation(u"Watched through a move"_s, u"ledger.batch"_s);
    OperationTableModel *table = m_controller->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(watched) >= 0, changeTimeoutMs);
    OperationsView *view = m_controller->window()->operationsView();
    QVERIFY(view->selectOperation(watched));
    m_controller->openProgress(watched);
    QPointer<OperationProgressDialog> window = m_controller->progressWindows()->window(watched);
    QVERIFY(window);
    QSignalSpy resets(table, &QAbstractItemModel::modelReset);
    const QUrl address = m_controller->localService()->baseUrl();

    // The service dies and, before it is back, something else takes its port.
    m_controller->setLocalRestartDelay(squatterRestartDelay);
    const auto restore
            = qScopeGuard([this] { m_controller->setLocalRestartDelay(testRestartDelay); });
    QSignalSpy crashed(m_controller->localService(), &LocalService::crashed);
    QVERIFY(::kill(pid_t(m_controller->localService()->processId()), SIGKILL) == 0);
    QVERIFY(crashed.wait(changeTimeoutMs));
    QTcpServer squatter;
    QTRY_VERIFY2(squatter.isListening()
                         || squatter.listen(QHostAddress::LocalHost, quint16(address.port())),
                 qPrintable(squatter.errorString()));
    QSignalSpy started(m_controller->localService(), &LocalService::started);
    QVERIFY(started.wait(startTimeoutMs));
    const QUrl moved = m_controller->localService()->baseUrl();
    QVERIFY(moved.port() != address.port());

    // The same service at a new address: no swap, the window and the selection stay, and
    // the feed catches up there.
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->feed()->connectionState(), ConnectionState::Live,
                              startTimeoutMs);
    QCOMPARE(m_controller->connection()->baseUrl(), moved);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(view->currentOperationId(), watched);
    QVERIFY(window);
    QVERIFY(patch(watched, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 55}}));
    QTRY_COMPARE_WITH_TIMEOUT(window->operation()->progressPercentage, 55.0, changeTimeoutMs);
    window->close();
    m_servicePid = m_controller->localService()->processId();
}

void tst_AppController::secondDeletionIsRefusedInTheDialog()
{
    QVERIFY(m_controller);
    const QString fileId = uploadedFileId(u"wanted-gone.csv"_s);
    QVERIFY(!fileId.isEmpty());
    // One deletion waits for approval already (asked through the API).
    FilesClient files(apiAs(u"me"_s));
    const auto [asked, first]
            = run<AcceptedOperation>([&](auto done) { files.deleteFile(fileId, this, done); });
    QVERIFY2(asked.ok(), qPrintable(asked.message));

    // Asking again from the dialog: the service refuses, and the dialog says so where the
    // user asked, staying open.
    m_controller->workActions()->deleteFile();
    DeleteFileDialog *dialog = m_controller->window()->findChild<DeleteFileDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(dialog->selectFile(fileId), changeTimeoutMs);
    QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->refusalText().isEmpty(), changeTimeoutMs);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isBusy());
    saveScreenshot(dialog, u"app-delete-refused"_s);
    // The message list keeps it too, whole.
    const QString told
            = m_controller->messages()->index(0).data(NotificationModel::TextRole).toString();
    QVERIFY2(dialog->refusalText().endsWith(told), qPrintable(told));
    dialog->close();
}

void tst_AppController::messagesGoToTheBellWhole()
{
    QVERIFY(m_controller);
    NotificationBell *bell = m_controller->bell();
    QVERIFY(bell->isVisible());
    // A failed upload: its whole error, in the list, leading to the operation.
    const QString path = writeFile(u"late-error.csv"_s, transactions(40, 37));
    QSignalSpy started(m_controller->workActions(), &WorkActions::operationStarted);
    m_controller->workActions()->uploadFile(path);
    QVERIFY(started.wait(changeTimeoutMs));
    const QString operationId = started.constFirst().constFirst().toString();
    NotificationModel *messages = m_controller->messages();
    const auto failureOf = [messages, operationId] {
        for (int row = 0; row < messages->rowCount(); ++row) {
            const QModelIndex index = messages->index(row);
            if (index.data(NotificationModel::OperationIdRole).toString() == operationId
                && NotificationModel::Kind(index.data(NotificationModel::KindRole).toInt())
                        == NotificationModel::Kind::Failure)
                return index;
        }
        return QModelIndex();
    };
    QTRY_VERIFY_WITH_TIMEOUT(failureOf().isValid(), changeTimeoutMs);
    m_controller->progressWindows()->closeAll();
    QVERIFY(messages->hasUnreadFailure());
    QVERIFY(!bell->text().isEmpty());

    QTest::mouseClick(bell, Qt::LeftButton);
    NotificationList *list = bell->list();
    QTRY_VERIFY(list->isVisible());
    QListView *listView = list->view();
    const QModelIndex failure = failureOf();
    QVERIFY2(failure.data(NotificationModel::TextRole).toString().startsWith(u"Line 37"_s),
             qPrintable(failure.data(NotificationModel::TextRole).toString()));
    saveScreenshot(list, u"app-messages"_s);
    QTest::mouseClick(listView->viewport(), Qt::LeftButton, {},
                      listView->visualRect(failure).center());
    QTRY_VERIFY(!list->isVisible());
    QCOMPARE(m_controller->window()->operationsView()->currentOperationId(), operationId);
    QCOMPARE(messages->unreadCount(), 0);
    QVERIFY(bell->text().isEmpty());
}

void tst_AppController::metricsAreAskedForOnlyWhenShown()
{
    QVERIFY(m_controller);
    MainWindow *window = m_controller->window();
    QVERIFY(window->isMetricsVisible()); // a staff user: the tab is there
    MetricsView *metrics = window->metricsView();
    QVERIFY(window->tabs()->currentWidget() != metrics);
    // Signed in on the Operations tab: the summary (a walk of the service's operations) is
    // wanted, not asked for.
    QVERIFY(metrics->isStale());
    QVERIFY(!metrics->asOf().isValid());
    emit window->refreshRequested(); // the toolbar's Refresh
    QVERIFY(metrics->isStale());
    QVERIFY(!metrics->asOf().isValid());
    // Shown: asked at once.
    QSignalSpy refresh(metrics, &MetricsView::refreshRequested);
    window->tabs()->setCurrentWidget(metrics);
    QCOMPARE(refresh.size(), 1);
    QVERIFY(!metrics->isStale());
    QTRY_VERIFY_WITH_TIMEOUT(metrics->asOf().isValid(), changeTimeoutMs);
    window->tabs()->setCurrentIndex(0);
}

void tst_AppController::metricsFollowTheOperations()
{
    QVERIFY(m_controller);
    MainWindow *window = m_controller->window();
    QVERIFY(window->isMetricsVisible());
    MetricsView *metrics = window->metricsView();
    window->tabs()->setCurrentWidget(metrics);
    // The figures of the sign-in, then only what the operations' changes ask for.
    QTRY_VERIFY_WITH_TIMEOUT(metrics->asOf().isValid(), changeTimeoutMs);
    QSignalSpy refresh(metrics, &MetricsView::refreshRequested);
    const QDateTime before = metrics->asOf();
    const QString headline = metrics->headlineText();
    QVERIFY2(headline.contains(u" operation"_s), qPrintable(headline));

    const QString id = createOperation(u"Counted in the metrics"_s, u"metrics.check"_s);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->tableModel()->rowOf(id) >= 0, changeTimeoutMs);
    // Within the delay and with no click (the periodic refresh is a minute away): the new
    // kind of operation is counted, in figures of a later time.
    QTRY_VERIFY_WITH_TIMEOUT(metrics->operationTypes().contains(u"metrics.check"_s),
                             int(MetricsView::refreshDelay.count()) + changeTimeoutMs);
    QVERIFY(!refresh.isEmpty());
    QVERIFY(metrics->asOf() > before);
    QVERIFY2(metrics->headlineText() != headline, qPrintable(metrics->headlineText()));
    QVERIFY(metrics->asOfText().startsWith(u"As of "_s));
    window->tabs()->setCurrentIndex(0);
}

void tst_AppController::quitStopsTheLocalService()
{
    QVERIFY(m_controller);
    const qint64 pid = m_controller->localService()->processId();
    QVERIFY(processExists(pid));
    // Something to remember: the table sorted by name, A to Z.
    m_controller->window()->operationsView()->tableView()->sortByColumn(OperationTableModel::Name,
                                                                        Qt::AscendingOrder);
    QSignalSpy finished(m_controller.get(), &AppController::quitFinished);
    m_controller->quit();
    QVERIFY(finished.wait(startTimeoutMs));
    QCOMPARE(m_controller->localService()->state(), LocalService::State::Stopped);
    QTRY_VERIFY(!processExists(pid));
    QVERIFY(!m_controller->window()->isVisible());
    QVERIFY(QSettings().contains(u"window/uiState"_s));
}

void tst_AppController::nextStartKeepsTokensAndData()
{
    QVERIFY(m_controller);
    const QString tokenBefore = localToken(u"me"_s);
    m_tableTester.reset();
    m_filterTester.reset();
    m_controller.reset();

    startController();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(localToken(u"me"_s), tokenBefore);
    QCOMPARE(m_controller->currentUser().userId, u"me"_s);
    for (const QString &id : std::as_const(m_created))
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->tableModel()->rowOf(id) >= 0, changeTimeoutMs);
    // The window came back as it was left.
    const QHeaderView *header = m_controller->window()->operationsView()->tableView()->header();
    QCOMPARE(header->sortIndicatorSection(), int(OperationTableModel::Name));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
}

QTEST_MAIN(tst_AppController)
#include "tst_appcontroller.moc"
