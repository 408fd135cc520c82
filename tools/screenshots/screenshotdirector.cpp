#include "screenshotdirector.h"

#include "apiconnection.h"
#include "appcontroller.h"
#include "filesclient.h"
#include "localservice.h"
#include "mainwindow.h"
#include "operationdetailpanel.h"
#include "operationeventmodel.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationprogressdialog.h"
#include "operationsclient.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "progresswindows.h"

#include <QApplication>
#include <QCursor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScreen>
#include <QTimer>

#include <csignal>
#include <utility>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcShots, "optrack.app.screenshots")

namespace {

constexpr int goodRows = 240;
constexpr int secondRows = 96;
constexpr int badFileRows = 60;
constexpr int badLine = 37;

/// A month of plausible transactions; `badAt` (a line number, the header is 1) gets a
/// date that does not exist.
QByteArray transactionFile(int rows, int month, int badAt = 0)
{
    static const char *const accounts[]
            = {"OPS-4410", "OPS-4420", "PAY-1001", "PAY-1002", "SUP-7300", "TRV-2210", "FAC-5120"};
    static const char *const descriptions[]
            = {"Supplier invoice", "Payroll adjustment", "Card settlement",
               "Office rent",      "Travel expenses",    "Refund",
               "Bank fee"};
    QByteArray csv = "date,account,amount,currency,description\n";
    for (int i = 0; i < rows; ++i) {
        const int line = i + 2;
        const QByteArray day = QByteArray::number(i % 28 + 1).rightJustified(2, '0');
        const QByteArray date = line == badAt
                ? QByteArray("2026-02-30")
                : "2026-" + QByteArray::number(month).rightJustified(2, '0') + "-" + day;
        const int cents = (i * 7919) % 250000 - 40000;
        csv += date + "," + accounts[i % 7] + "," + QByteArray::number(cents / 100.0, 'f', 2)
                + ",EUR," + descriptions[(i * 3) % 7] + "\n";
    }
    return csv;
}

} // namespace

ScreenshotDirector::ScreenshotDirector(AppController *controller, const QString &outputDir,
                                       QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_outputDir(outputDir)
{ }

ScreenshotDirector::~ScreenshotDirector()
{
    resumeService();
}

void ScreenshotDirector::start()
{
    QDir().mkpath(m_outputDir);
    connect(m_controller, &AppController::signedIn, this, [this](const UserInfo &user) {
        if (m_started || user.userId != u"me"_s)
            return;
        m_started = true;
        m_controller->window()->resize(windowSize);
        // The pointer out of the way (a screen's far corner), so no button looks hovered.
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            QCursor::setPos(screen->geometry().bottomRight());
        qCInfo(lcShots) << "seeding the local service";
        seedUploads();
    });
    connect(m_controller, &AppController::startFailed, this, &ScreenshotDirector::fail);
}

// --- seeding through the API ------------------------------------------------------------------

void ScreenshotDirector::seedUploads()
{
    upload(u"transactions-2026-10.csv"_s, transactionFile(goodRows, 10), &m_goodUpload, [this] {
        upload(u"transactions-2026-11.csv"_s, transactionFile(secondRows, 11), &m_secondUpload,
               [this] {
                   upload(u"payroll-adjustments.csv"_s, transactionFile(badFileRows, 11, badLine),
                          &m_badUpload, [this] {
                              waitFor(
                                      u"the uploads to finish"_s,
                                      [this] {
                                          return hasStatus(m_goodUpload,
                                                           int(OperationStatus::Completed))
                                                  && hasStatus(m_secondUpload,
                                                               int(OperationStatus::Completed))
                                                  && hasStatus(m_badUpload,
                                                               int(OperationStatus::Failed));
                                      },
                                      [this] { seedExportAndDeletion(); });
                          });
               });
    });
}

void ScreenshotDirector::seedExportAndDeletion()
{
    FilesClient *files = m_controller->filesClient();
    files->exportData(
            ExportFormat::Csv, u"2026-10"_s, this,
            [this, files](const ApiStatus &status, const AcceptedOperation &accepted) {
                if (!status.ok())
                    return fail(status.message);
                m_export = accepted.operationId;
                files->list(
                        this,
                        [this, files](const ApiStatus &listed, const QList<FileInfo> &stored) {
                            if (!listed.ok())
                                return fail(listed.message);
                            const auto chosen = std::find_if(
                                    stored.cbegin(), stored.cend(), [](const FileInfo &file) {
                                        return file.fileName == u"transactions-2026-11.csv"_s;
                                    });
                            if (chosen == stored.cend())
                                return fail(u"the uploaded file is not listed"_s);
                            files->deleteFile(
                                    chosen->fileId, this,
                                    [this](const ApiStatus &deleted,
                                           const AcceptedOperation &deletion) {
                                        if (!deleted.ok())
                                            return fail(deleted.message);
                                        m_deletion = deletion.operationId;
                                        waitFor(
                                                u"the export and the deletion"_s,
                                                [this] {
                                                    return hasStatus(
                                                                   m_export,
                                                                   int(OperationStatus::Completed))
                                                            && hasStatus(
                                                                    m_deletion,
                                                                    int(OperationStatus::
                                                                                WaitingForApproval));
                                                },
                                                [this] { seedRunning(); });
                                    });
                        });
            });
}

void ScreenshotDirector::seedRunning()
{
    createRunning(
            u"ledger.reconcile"_s, u"Nightly ledger reconciliation"_s,
            {u"Load ledgers"_s, u"Match entries"_s, u"Resolve differences"_s, u"Publish report"_s},
            &m_reconcile, [this] {
                createRunning(u"report.export"_s, u"Exporting 2026 (JSON)"_s,
                              {u"Query"_s, u"Write"_s, u"Finish"_s}, &m_runningExport, [this] {
                                  createRunning(u"search.reindex"_s,
                                                u"Rebuilding the search index"_s,
                                                {u"Scan"_s, u"Index"_s}, &m_reindex,
                                                [this] { reportProgress(0); });
                              });
            });
}

void ScreenshotDirector::reportProgress(int stage)
{
    // Two reports a moment apart give the service a rate, hence a time remaining; small
    // steps make it the minutes such work takes rather than seconds.
    struct Report
    {
        QString *operationId;
        QJsonObject body;
    };
    const QList<Report> reports = stage == 0
            ? QList<Report>{
                      {&m_reconcile, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 46.4},
                                      {u"currentStep"_s, 2},
                                      {u"stepDescription"_s, u"Matching 12,060 of 26,000 entries"_s}}},
                      {&m_runningExport, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 67.5},
                                          {u"currentStep"_s, 2},
                                          {u"stepDescription"_s, u"Writing rows"_s}}},
                      {&m_reindex, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 13.8},
                                    {u"currentStep"_s, 1},
                                    {u"stepDescription"_s, u"Scanning documents"_s}}},
              }
            : QList<Report>{
                      {&m_reconcile, {{u"progressPercentage"_s, 47},
                                      {u"stepDescription"_s, u"Matching 12,220 of 26,000 entries"_s}}},
                      {&m_runningExport, {{u"progressPercentage"_s, 68},
                                          {u"stepDescription"_s, u"Writing rows (6,800 of 10,000)"_s}}},
                      {&m_reindex, {{u"progressPercentage"_s, 14},
                                    {u"stepDescription"_s, u"Scanning documents (1,400 of 10,000)"_s}}},
              };
    auto remaining = std::make_shared<int>(int(reports.size()));
    for (const Report &report : reports) {
        patch(*report.operationId, report.body, [this, stage, remaining] {
            if (--*remaining > 0)
                return;
            if (stage == 0) {
                QTimer::singleShot(progressPause, this, [this] { reportProgress(1); });
                return;
            }
            waitFor(
                    u"the running operations"_s,
                    [this] {
                        const std::optional<Operation> reconcile
                                = m_controller->feed()->operation(m_reconcile);
                        const std::optional<Operation> exporting
                                = m_controller->feed()->operation(m_runningExport);
                        return reconcile && reconcile->progressPercentage >= 47 && exporting
                                && exporting->progressPercentage >= 68
                                && m_controller->tableModel()->rowOf(m_reindex) >= 0;
                    },
                    [this] { shootDashboard(); });
        });
    }
}

// --- the pictures -----------------------------------------------------------------------------

void ScreenshotDirector::shootDashboard()
{
    select(m_reconcile, [this] {
        save(m_controller->window(), u"dashboard"_s);
        shootProgressWindows();
    });
}

void ScreenshotDirector::shootProgressWindows()
{
    m_controller->openProgress(m_reconcile);
    ProgressWindows *windows = m_controller->progressWindows();
    windows->open(m_runningExport, u"Exporting 2026 (JSON)"_s,
                  OperationProgressDialog::Mode::Percent);
    waitFor(
            u"the progress windows"_s,
            [windows, this] {
                OperationProgressDialog *full = windows->window(m_reconcile);
                OperationProgressDialog *percent = windows->window(m_runningExport);
                return full && full->operation() && full->isVisible() && percent
                        && percent->operation() && percent->isVisible();
            },
            [this, windows] {
                save(windows->window(m_reconcile), u"progress-full"_s);
                save(windows->window(m_runningExport), u"progress-percent"_s);
                windows->closeAll();
                shootStale();
            });
}

void ScreenshotDirector::shootStale()
{
    // The service hangs (its process stopped, its sockets open): the app says so and marks
    // what it shows as of when the service last answered.
    m_controller->openProgress(m_reconcile);
    const qint64 pid = m_controller->localService()->processId();
    if (pid <= 0 || ::kill(pid_t(pid), SIGSTOP) != 0)
        return fail(u"cannot stop the local service"_s);
    m_frozenPid = pid;
    waitFor(
            u"the app to see the service not responding"_s,
            [this] {
                const OperationProgressDialog *window
                        = m_controller->progressWindows()->window(m_reconcile);
                return m_controller->feed()->connectionState() == ConnectionState::NotResponding
                        && window && window->isVisible()
                        && window->connection().state == ConnectionState::NotResponding;
            },
            [this] {
                // A few seconds on, so the age shown is the kind a user would meet.
                QTimer::singleShot(staleAge, this, [this] {
                    save(m_controller->window(), u"stale"_s);
                    save(m_controller->progressWindows()->window(m_reconcile), u"progress-stale"_s);
                    m_controller->progressWindows()->closeAll();
                    resumeService();
                    waitFor(
                            u"the service to answer again"_s,
                            [this] {
                                return m_controller->feed()->connectionState()
                                        == ConnectionState::Live;
                            },
                            [this] { shootVoting(); });
                });
            });
}

void ScreenshotDirector::resumeService()
{
    if (m_frozenPid > 0)
        ::kill(pid_t(std::exchange(m_frozenPid, 0)), SIGCONT);
}

void ScreenshotDirector::shootVoting()
{
    m_controller->switchAccount(u"approver1"_s);
    waitFor(
            u"approver1's dashboard"_s,
            [this] {
                return m_controller->currentUser().userId == u"approver1"_s
                        && m_controller->feed()->isFirstLoadDone()
                        && m_controller->tableModel()->rowOf(m_deletion) >= 0
                        && m_controller->filterModel()->needsMyVoteCount() > 0;
            },
            [this] {
                select(m_deletion, [this] {
                    OperationDetailPanel *panel
                            = m_controller->window()->operationsView()->detailPanel();
                    waitFor(
                            u"Approve and Deny"_s,
                            [panel] {
                                return panel->approveButton()->isVisible()
                                        && panel->denyButton()->isVisible();
                            },
                            [this] {
                                save(m_controller->window(), u"voting"_s);
                                shootApproval();
                            });
                });
            });
}

void ScreenshotDirector::shootApproval()
{
    // The deletion's own window, as approver1 sees it: what is decided, beside the vote.
    m_controller->openProgress(m_deletion);
    ProgressWindows *windows = m_controller->progressWindows();
    waitFor(
            u"the deletion's window with Approve and Deny"_s,
            [this, windows] {
                const OperationProgressDialog *window = windows->window(m_deletion);
                return window && window->isVisible() && window->operation() && window->canVote();
            },
            [this, windows] {
                save(windows->window(m_deletion), u"approval"_s);
                windows->closeAll();
                qCInfo(lcShots) << "saved" << m_saved;
                emit finished(true);
            });
}

// --- helpers ----------------------------------------------------------------------------------

void ScreenshotDirector::upload(const QString &fileName, const QByteArray &content,
                                QString *operationId, const Step &then)
{
    const QString path = m_files.filePath(fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return fail(u"cannot write %1"_s.arg(path));
    file.close();
    m_controller->filesClient()->upload(
            path, this,
            [this, operationId, then](const ApiStatus &status, const AcceptedOperation &accepted) {
                if (!status.ok())
                    return fail(status.message);
                *operationId = accepted.operationId;
                then();
            });
}

void ScreenshotDirector::createRunning(const QString &type, const QString &name,
                                       const QStringList &steps, QString *operationId,
                                       const Step &then)
{
    CreateOperationRequest request;
    request.operationType = type;
    request.entityId = QString(name).toLower().replace(u' ', u'-');
    request.displayName = name;
    request.steps = steps;
    m_controller->operationsClient()->create(
            request, this,
            [this, operationId, then](const ApiStatus &status, const Operation &operation) {
                if (!status.ok())
                    return fail(status.message);
                *operationId = operation.operationId;
                then();
            });
}

void ScreenshotDirector::patch(const QString &operationId, const QJsonObject &body,
                               const Step &then)
{
    ApiCall *call = m_controller->connection()->send(
            "PATCH", OperationsClient::operationPath(operationId), body, {}, this);
    connect(call, &ApiCall::finished, this, [this, then](const ApiStatus &status) {
        if (!status.ok())
            return fail(status.message);
        then();
    });
}

void ScreenshotDirector::select(const QString &operationId, const Step &then)
{
    OperationsView *view = m_controller->window()->operationsView();
    if (!view->selectOperation(operationId))
        return fail(u"the table does not hold %1"_s.arg(operationId));
    OperationDetailPanel *panel = view->detailPanel();
    waitFor(
            u"the audit trail of %1"_s.arg(operationId),
            [panel, operationId] {
                return panel->operationId() == operationId && panel->eventModel()->rowCount() > 0;
            },
            then);
}

void ScreenshotDirector::waitFor(const QString &what, std::function<bool()> condition,
                                 const Step &then)
{
    auto *timer = new QTimer(this);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    timer->setInterval(pollInterval);
    connect(timer, &QTimer::timeout, this, [this, timer, elapsed, what, condition, then] {
        if (m_failed) {
            timer->deleteLater();
            return;
        }
        if (condition()) {
            timer->deleteLater();
            // One more turn of the event loop, so what changed is painted.
            QTimer::singleShot(pollInterval, this, then);
            return;
        }
        if (elapsed->hasExpired(stepTimeout.count())) {
            timer->deleteLater();
            fail(u"timed out waiting for %1"_s.arg(what));
        }
    });
    timer->start();
}

bool ScreenshotDirector::hasStatus(const QString &operationId, int status) const
{
    const std::optional<Operation> operation = m_controller->feed()->operation(operationId);
    return operation && int(operation->status) == status;
}

void ScreenshotDirector::save(QWidget *widget, const QString &name)
{
    const QString path = QDir(m_outputDir).filePath(name + u".png"_s);
    if (!widget->grab().save(path))
        return fail(u"cannot save %1"_s.arg(path));
    m_saved.append(path);
    qCInfo(lcShots) << "saved" << path;
}

void ScreenshotDirector::fail(const QString &reason)
{
    resumeService();
    if (m_failed)
        return;
    m_failed = true;
    qCCritical(lcShots) << "screenshots failed:" << reason;
    emit finished(false);
}

} // namespace optrack
