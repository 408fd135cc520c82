#include "appcontroller.h"

#include "apiconnection.h"
#include "filesclient.h"
#include "localbootstrap.h"
#include "localconfig.h"
#include "localservice.h"
#include "mainwindow.h"
#include "metricsview.h"
#include "noticebar.h"
#include "notificationbell.h"
#include "notificationmodel.h"
#include "notificationpresenter.h"
#include "operationdetailpanel.h"
#include "operationfeed.h"
#include "operationfeedunion.h"
#include "operationfiltermodel.h"
#include "operationhistoryclient.h"
#include "operationnotifier.h"
#include "operationsclient.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"
#include "progresswindows.h"
#include "savedconnections.h"
#include "servicecountsfollower.h"
#include "session.h"
#include "tokenstore.h"
#include "votesclient.h"
#include "workactions.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUrlQuery>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApp, "optrack.app")

namespace {

constexpr auto uiStateKey = "window/uiState";
constexpr auto keychainNoticeSeenKey = "notices/keychainSeen";
constexpr auto localFolder = "local";

} // namespace

AppController::AppController(const AppOptions &options, TokenStore *tokens, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_connection(new ApiConnection(this))
    , m_operations(new OperationsClient(m_connection, this))
    , m_votes(new VotesClient(m_connection, this))
    , m_files(new FilesClient(m_connection, this))
    , m_feed(new OperationFeed(m_connection, this))
    , m_voteFeed(new OperationFeed(m_connection, this))
    , m_feeds(new OperationFeedUnion(this))
    , m_table(new OperationTableModel(this))
    , m_filter(new OperationFilterModel(this))
    , m_history(new OperationHistoryClient(m_connection, this))
    , m_windowModel(new OperationWindowModel(m_history, this))
    , m_counts(new ServiceCountsFollower(m_operations, this))
    , m_tokens(tokens ? tokens : new TokenStore(this))
    , m_messages(new NotificationModel(this))
{
    m_tokens->setParent(this);
    m_feed->setPageSize(firstLoadPageSize);
    m_feed->setRecentHistory(recentHistorySize);
    m_voteFeed->setPageSize(firstLoadPageSize);
    m_filter->setSourceModel(m_table);
    // The feed drives the table: incremental changes, a reset only on a swap. The table
    // shares the feed's copy of each operation: one copy in memory, not two. Someone
    // who starts work and also approves (and sees only their own operations) gets a
    // second feed of what waits for their vote; the table shows both.
    m_feeds->addFeed(m_feed);
    m_feeds->addFeed(m_voteFeed);
    connect(m_feeds, &OperationFeedUnion::sharedOperationsChanged, m_table,
            &OperationTableModel::applySharedChanges);
    connect(m_feeds, &OperationFeedUnion::operationsRemoved, m_table,
            &OperationTableModel::removeOperations);
    connect(m_feeds, &OperationFeedUnion::cleared, m_table, &OperationTableModel::clear);
    // The window shows the main feed's scope: its changes are placed among the loaded rows
    // (the vote feed's may lie outside that scope). Any news moves the counts.
    connect(m_feed, &OperationFeed::sharedOperationsChanged, m_windowModel,
            &OperationWindowModel::applySharedChanges);
    connect(m_feed, &OperationFeed::operationsRemoved, m_windowModel,
            &OperationWindowModel::removeOperations);
    // History the feed drops is still the service's: the window keeps its rows.
    connect(m_feed, &OperationFeed::operationsDropped, m_windowModel,
            &OperationWindowModel::forgetOperations);
    // The stream pushes the counts of the widest scope after changes; without it (or for a
    // scope it does not push), news from the feed asks the counts route.
    connect(m_feed, &OperationFeed::countsReceived, this, [this](const ServiceCounts &counts) {
        if (m_counts->scope() == OperationScope::Approvals)
            return;
        m_streamCounts = true;
        m_counts->apply(counts);
    });
    const auto askCounts = [this] {
        if (!m_streamCounts || m_feed->connectionState() != ConnectionState::Live)
            m_counts->refreshSoon();
    };
    connect(m_feed, &OperationFeed::sharedOperationsChanged, m_counts, askCounts);
    connect(m_feed, &OperationFeed::operationsRemoved, m_counts, askCounts);
    connect(m_counts, &ServiceCountsFollower::countsChanged, this,
            &AppController::showServiceCounts);

    m_session = new Session(m_connection, m_feed, m_table, m_filter, this);
    m_session->setVoteFeed(m_voteFeed);
    connect(m_session, &Session::signedIn, this, &AppController::handleSignedIn);
    connect(m_session, &Session::signInFailed, this, &AppController::handleSignInFailed);

    m_window = new MainWindow;
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    m_window->setModels(m_table, m_filter);
    m_window->operationsView()->setWindowModel(m_windowModel);
    m_window->installEventFilter(this);
    // What to do about a missing keychain, above the work rather than as an alarm below it.
    m_keychainWarning = m_window->noticeBar();
    m_keychainWarning->setText(TokenStore::fileWarning());
    m_keychainWarning->setAccessibleName(tr("Token storage"));
    connect(m_keychainWarning, &NoticeBar::dismissed, this,
            [] { QSettings().setValue(QString::fromLatin1(keychainNoticeSeenKey), true); });
    // Messages go to a list, each whole; the status bar only shows how many are unread.
    m_bell = new NotificationBell(m_window);
    m_bell->setModel(m_messages);
    m_window->statusBar()->addPermanentWidget(m_bell);

    m_notifier = new OperationNotifier(m_feeds, m_filter, this);
    connect(m_session, &Session::swapped, m_notifier, &OperationNotifier::handleCleared);
    m_presenter = new NotificationPresenter(m_notifier, m_filter, m_window, m_messages, this);
    m_progress = new ProgressWindows(m_connection, m_feeds, m_operations, m_votes, m_window, this);
    m_work = new WorkActions(m_files, m_feed, m_window, this);
    connect(m_session, &Session::swapped, m_progress, &ProgressWindows::closeAll);

    m_metricsTimer.setInterval(metricsRefreshInterval);
    // The summary walks the service's operations of its window: asked only for a shown view.
    connect(&m_metricsTimer, &QTimer::timeout, m_window->metricsView(),
            &MetricsView::requestRefresh);
    m_eventsTimer.setSingleShot(true);
    m_eventsTimer.setInterval(eventsReloadDelay);
    connect(&m_eventsTimer, &QTimer::timeout, this, &AppController::loadEvents);
    m_localRestartTimer.setSingleShot(true);

    wireWindow();
    restoreWindowState();
}

AppController::~AppController()
{
    m_progress->closeAll();
    delete m_window;
}

void AppController::wireWindow()
{
    MainWindow *window = m_window;
    connect(window, &MainWindow::uploadRequested, m_work, &WorkActions::upload);
    connect(window, &MainWindow::exportRequested, m_work, &WorkActions::exportData);
    connect(window, &MainWindow::deleteFileRequested, m_work, &WorkActions::deleteFile);
    connect(window, &MainWindow::refreshRequested, this, &AppController::refresh);
    connect(window, &MainWindow::retryNowRequested, m_feeds, &OperationFeedUnion::refresh);
    connect(window, &MainWindow::accountSwitchRequested, this, &AppController::switchAccount);
    connect(window, &MainWindow::cancelRequested, this, &AppController::cancelOperation);
    connect(window, &MainWindow::voteRequested, this, &AppController::vote);
    connect(window, &MainWindow::retryRequested, this, &AppController::retry);
    connect(window, &MainWindow::openProgressRequested, this, &AppController::openProgress);
    connect(window, &MainWindow::openCompactProgressRequested, this,
            &AppController::openCompactProgress);
    connect(window, &MainWindow::downloadRequested, m_work, &WorkActions::download);
    connect(window, &MainWindow::currentOperationChanged, this,
            &AppController::handleCurrentOperationChanged);
    connect(window, &MainWindow::currentOperationUpdated, this, [this](const QString &id) {
        if (id == m_eventsOperation)
            m_eventsTimer.start();
    });
    connect(window, &MainWindow::metricsWindowChanged, this, &AppController::loadMetrics);

    connect(m_feed, &OperationFeed::connectionChanged, this, &AppController::showConnection);

    connect(m_work, &WorkActions::operationStarted, this, &AppController::handleOperationStarted);
    connect(m_work, &WorkActions::downloadFinished, this, &AppController::handleDownloadFinished);
    connect(m_progress, &ProgressWindows::downloadRequested, m_work, &WorkActions::download);
    connect(m_work, &WorkActions::resultMessage, this,
            [this](bool ok, const QString &message) { showResult(ok, message); });
    connect(m_progress, &ProgressWindows::opened, m_notifier, &OperationNotifier::markSeen);
    connect(m_presenter, &NotificationPresenter::showWindowRequested, this,
            &AppController::showWindow);
    connect(m_presenter, &NotificationPresenter::quitRequested, this, &AppController::quit);
    connect(m_presenter, &NotificationPresenter::needsVoteRequested, this, [this] {
        showWindow();
        m_window->operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::NeedsMyVote);
    });
    connect(m_presenter, &NotificationPresenter::operationRequested, this,
            &AppController::selectOperation);
    connect(m_bell, &NotificationBell::operationRequested, this, &AppController::selectOperation);
    connect(m_progress, &ProgressWindows::actionFinished, this,
            [this](const QString &operationId, bool ok, const QString &message) {
                showResult(ok, message, operationId);
            });
    connect(m_tokens, &TokenStore::usingFileChanged, this, [this](bool usingFile) {
        const bool seen = QSettings().value(QString::fromLatin1(keychainNoticeSeenKey)).toBool();
        m_keychainWarning->setVisible(usingFile && !seen);
    });
}

void AppController::start()
{
    showWindow();
    const bool savedRemote = SavedConnections::last().has_value();
    if (m_options.wantsLocal(savedRemote))
        startLocal();
    else
        startRemote();
}

// --- the embedded service ---------------------------------------------------------------------

void AppController::startLocal()
{
    m_local = true;
    m_accounts = LocalConfig::accountIds();
    m_currentAccount = LocalConfig::primaryAccount();
    QList<GettingStartedDialog::Account> guide;
    for (const LocalConfig::Account &account : LocalConfig::accounts())
        guide.append({account.userId, account.purpose});
    m_window->setAccountGuide(guide);
    const QString dataDir = m_options.dataDir.isEmpty()
            ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                      .filePath(QString::fromLatin1(localFolder))
            : m_options.dataDir;
    m_localService = new LocalService(this);
    m_localService->setDataDir(dataDir);
    m_bootstrap = new LocalBootstrap(m_tokens, m_localService, this);
    connect(m_bootstrap, &LocalBootstrap::ready, this, &AppController::handleLocalReady);
    connect(m_bootstrap, &LocalBootstrap::failed, this, &AppController::fail);
    connect(m_localService, &LocalService::crashed, this, &AppController::handleLocalCrashed);
    connect(&m_localRestartTimer, &QTimer::timeout, m_localService, &LocalService::start);
    qCInfo(lcApp) << "using the local service with data in" << dataDir;
    m_bootstrap->run();
}

void AppController::handleLocalReady(const QUrl &baseUrl)
{
    if (m_quitting)
        return;
    if (!m_serverUrl.isEmpty()) {
        // The same service back after a crash, on its port when it was free: the feeds
        // catch up, now. On another port it has moved: nothing is swapped either, so open
        // windows and the selection stay.
        if (baseUrl != m_serverUrl) {
            qCInfo(lcApp) << "the local service moved to" << baseUrl.toString();
            m_serverUrl = baseUrl;
            m_session->moveTo(baseUrl);
        }
        m_feeds->refresh();
        return;
    }
    m_serverUrl = baseUrl;
    m_session->signIn(baseUrl, m_bootstrap->tokens().value(m_currentAccount));
}

void AppController::handleLocalCrashed(const QString &reason)
{
    if (m_quitting)
        return;
    qCWarning(lcApp) << "the local service stopped:" << reason;
    showResult(false, tr("%1 Restarting it…").arg(reason));
    m_localRestartTimer.start(m_localRestartDelay);
}

// --- a remote service -------------------------------------------------------------------------

void AppController::startRemote()
{
    m_local = false;
    const std::optional<SavedConnections::Connection> saved = SavedConnections::last();
    m_serverUrl = m_options.serverUrl.isEmpty() ? saved->serverUrl : m_options.serverUrl;
    m_accounts = SavedConnections::accountsOf(m_serverUrl);
    m_currentAccount = m_accounts.value(0);
    qCInfo(lcApp) << "using the service at" << m_serverUrl.toString();

    if (!m_options.tokenFile.isEmpty()) {
        QFile file(m_options.tokenFile);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(tr("Cannot read the token file %1: %2")
                         .arg(m_options.tokenFile, file.errorString()));
            return;
        }
        const QString token = QString::fromUtf8(file.readLine()).trimmed();
        if (token.isEmpty()) {
            fail(tr("The token file %1 is empty.").arg(m_options.tokenFile));
            return;
        }
        signInRemote(token);
        return;
    }
    if (m_currentAccount.isEmpty()) {
        promptForToken();
        return;
    }
    m_tokens->read(SavedConnections::tokenKey(m_serverUrl, m_currentAccount), this,
                   [this](const std::optional<QString> &token) {
                       if (token)
                           signInRemote(*token);
                       else
                           promptForToken();
                   });
}

void AppController::signInRemote(const QString &token)
{
    // Kept once the service has said whose it is.
    m_pendingToken = token;
    m_session->signIn(m_serverUrl, token);
}

void AppController::promptForToken()
{
    auto *dialog = new QInputDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Sign in"));
    dialog->setLabelText(tr("Access token for %1:").arg(m_serverUrl.toDisplayString()));
    dialog->setTextEchoMode(QLineEdit::Password);
    dialog->setAccessibleName(tr("Access token"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &token) {
        if (!token.trimmed().isEmpty())
            signInRemote(token.trimmed());
    });
    dialog->open();
}

// --- signing in -------------------------------------------------------------------------------

void AppController::switchAccount(const QString &accountId)
{
    if (accountId == m_currentAccount && m_session->isSignedIn())
        return;
    if (!m_accounts.contains(accountId))
        return;
    qCInfo(lcApp) << "switching to the account" << accountId;
    m_currentAccount = accountId;
    if (m_local) {
        m_session->signIn(m_serverUrl, m_bootstrap->tokens().value(accountId));
        return;
    }
    m_tokens->read(SavedConnections::tokenKey(m_serverUrl, accountId), this,
                   [this](const std::optional<QString> &token) {
                       if (token)
                           signInRemote(*token);
                       else
                           promptForToken();
                   });
}

void AppController::handleSignedIn(const UserInfo &user)
{
    if (!m_local && !m_pendingToken.isEmpty()) {
        SavedConnections::remember({m_serverUrl, user.userId});
        m_tokens->write(SavedConnections::tokenKey(m_serverUrl, user.userId), m_pendingToken);
        m_pendingToken.clear();
        m_accounts = SavedConnections::accountsOf(m_serverUrl);
    }
    m_currentAccount = user.userId;
    // The window and the counts cover what the feed covers, asked afresh for this account.
    const OperationScope scope = Session::scopeFor(user);
    m_history->setScope(scope);
    m_counts->reset();
    m_streamCounts = false;
    m_counts->setScope(scope);
    m_counts->refresh();
    m_window->operationsView()->restartWindow();
    m_notifier->setCurrentUser(user);
    m_progress->setCurrentUser(user.userId, user.roles);
    m_window->setCurrentUser(user.userId, user.roles);
    m_window->setAccounts(m_accounts, user.userId);
    const bool staff = Session::isStaff(user);
    m_window->setMetricsVisible(staff);
    if (staff) {
        m_window->metricsView()->requestRefresh();
        m_metricsTimer.start();
    } else {
        m_metricsTimer.stop();
    }
    emit signedIn(user);
}

void AppController::handleSignInFailed(const ApiStatus &status)
{
    showConnection({ConnectionState::Offline, -1, status.message, m_feed->confirmedAt()});
    if (status.category == ErrorCategory::Unauthorised && !m_local) {
        showResult(false, status.message);
        promptForToken();
    }
}

UserInfo AppController::currentUser() const
{
    return m_session->user();
}

void AppController::fail(const QString &reason)
{
    qCWarning(lcApp) << "cannot start:" << reason;
    showConnection({ConnectionState::Offline, -1, reason, m_feed->confirmedAt()});
    showResult(false, reason);
    emit startFailed(reason);
}

// --- actions ----------------------------------------------------------------------------------

void AppController::cancelOperation(const QString &operationId)
{
    m_operations->cancel(operationId, {}, this,
                         [this, operationId](const ApiStatus &status, const Operation &operation) {
                             showResult(status.ok(),
                                        status.ok() ? tr("Cancelled %1.").arg(operation.displayName)
                                                    : status.message,
                                        operationId);
                         });
}

void AppController::vote(const QString &operationId, VoteDecision decision, const QString &reason)
{
    m_votes->vote(operationId, decision, reason, this,
                  [this, decision](const ApiStatus &status, const VoteOutcome &outcome) {
                      if (!status.ok()) {
                          showResult(false, status.message);
                          return;
                      }
                      const QString name = outcome.operation.displayName;
                      showResult(true,
                                 decision == VoteDecision::Approve
                                         ? tr("You approved %1.").arg(name)
                                         : tr("You denied %1.").arg(name));
                  });
}

void AppController::retry(const QString &operationId)
{
    // The new operation's window carries the retried one's name and keeps its window's mode.
    const std::optional<Operation> retried = knownOperation(operationId);
    const QString title = retried ? retried->displayName : operationId;
    const QString type = retried ? retried->operationType : QString();
    std::optional<OperationProgressDialog::Mode> mode;
    if (const OperationProgressDialog *window = m_progress->window(operationId))
        mode = window->mode();
    m_operations->retry(operationId, this,
                        [this, operationId, title, type, mode](const ApiStatus &status,
                                                               const AcceptedOperation &accepted) {
                            if (!status.ok()) {
                                showResult(false, status.message, operationId);
                                return;
                            }
                            showResult(true, accepted.message, accepted.operationId);
                            m_progress->open(accepted.operationId, title, mode,
                                             ProgressWindows::Show::AfterDelay, type);
                        });
}

void AppController::refresh()
{
    m_feeds->refresh();
    m_windowModel->refresh();
    m_counts->refresh();
    if (!m_eventsOperation.isEmpty())
        loadEvents();
    if (m_window->isMetricsVisible())
        m_window->metricsView()->requestRefresh();
}

std::optional<Operation> AppController::knownOperation(const QString &operationId) const
{
    if (std::optional<Operation> held = m_feeds->operation(operationId))
        return held;
    // An older one, from the rows the window loaded.
    const int row = m_windowModel->rowOf(operationId);
    if (row >= 0)
        return *m_windowModel->operationAt(row);
    return std::nullopt;
}

void AppController::openProgress(const QString &operationId)
{
    const std::optional<Operation> operation = knownOperation(operationId);
    m_progress->open(operationId, operation ? operation->displayName : operationId);
}

void AppController::openCompactProgress(const QString &operationId)
{
    const std::optional<Operation> operation = knownOperation(operationId);
    m_progress->open(operationId, operation ? operation->displayName : operationId,
                     OperationProgressDialog::Mode::Percent);
}

void AppController::handleOperationStarted(const QString &operationId, const QString &title,
                                           const QString &operationType)
{
    m_progress->open(operationId, title, std::nullopt, ProgressWindows::Show::AfterDelay,
                     operationType);
}

void AppController::handleDownloadFinished(const QString &operationId, bool ok,
                                           const QString &message, const QString &path)
{
    // Told in the export's window when it is open, and always in the messages, where a
    // click opens the folder.
    if (OperationProgressDialog *window = m_progress->window(operationId)) {
        if (ok)
            window->showSaved(path);
        else
            window->showActionResult(false, message);
    }
    m_messages->post({ok ? NotificationModel::Kind::Success : NotificationModel::Kind::Failure,
                      {},
                      message,
                      operationId,
                      ok ? QFileInfo(path).absolutePath() : QString(),
                      {},
                      true});
}

void AppController::selectOperation(const QString &operationId)
{
    showWindow();
    m_window->showOperation(operationId);
    m_notifier->markSeen(operationId);
}

void AppController::handleCurrentOperationChanged(const QString &operationId)
{
    m_eventsOperation = operationId;
    m_eventsTimer.stop();
    if (m_eventsCall)
        m_eventsCall->abort();
    if (operationId.isEmpty())
        return;
    m_notifier->markSeen(operationId);
    loadEvents();
}

void AppController::loadEvents()
{
    const QString operationId = m_eventsOperation;
    if (operationId.isEmpty())
        return;
    if (m_eventsCall)
        m_eventsCall->abort();
    m_eventsCall = m_operations->events(
            operationId, this,
            [this, operationId](const ApiStatus &status, const QList<OperationEvent> &events) {
                if (!status.ok()) {
                    if (status.category != ErrorCategory::Aborted)
                        qCInfo(lcApp) << "audit trail of" << operationId << ":" << status.message;
                    return;
                }
                m_window->operationsView()->detailPanel()->setEvents(operationId, events);
            });
}

void AppController::loadMetrics()
{
    if (!m_session->isSignedIn() || !Session::isStaff(m_session->user()))
        return;
    if (m_metricsCall)
        m_metricsCall->abort();
    const QUrlQuery query{
            {u"windowHours"_s, QString::number(m_window->metricsView()->windowHours())}};
    ApiCall *call = m_connection->get(u"/api/metrics/summary"_s, query);
    m_metricsCall = call;
    connect(call, &ApiCall::finished, this, [this, call](const ApiStatus &status) {
        if (status.category == ErrorCategory::Aborted)
            return;
        if (status.ok())
            m_window->metricsView()->setSummary(call->json());
        else
            m_window->metricsView()->setUnavailable(status.message);
    });
}

void AppController::showResult(bool ok, const QString &message, const QString &operationId)
{
    if (message.isEmpty())
        return;
    m_messages->post({ok ? NotificationModel::Kind::Success : NotificationModel::Kind::Failure,
                      {},
                      message,
                      operationId,
                      {},
                      {},
                      true});
    if (!ok)
        qCInfo(lcApp) << "action failed:" << message;
}

void AppController::showServiceCounts(const ServiceCounts &counts)
{
    QMap<OperationStatus, int> byStatus;
    for (auto it = counts.byStatus.cbegin(); it != counts.byStatus.cend(); ++it)
        byStatus.insert(it.key(), int(it.value()));
    m_window->operationsView()->setServiceCounts(byStatus, int(counts.total), counts.byType.keys());
}

void AppController::showConnection(const ConnectionInfo &info)
{
    const bool wasAway = m_feedState == ConnectionState::Offline
            || m_feedState == ConnectionState::NotResponding;
    const bool back = info.state == ConnectionState::Live || info.state == ConnectionState::Polling;
    m_feedState = info.state;
    if (wasAway && back && m_session->isSignedIn()) {
        // Back after an outage: the loaded rows and the counts are asked again, quietly
        // (no reset: the selection and the scroll position stay).
        if (m_windowModel->isAnswered())
            m_windowModel->refresh();
        m_counts->refresh();
    }
    m_window->setConnection(info);
    m_progress->setConnection(info);
}

// --- window and quitting ----------------------------------------------------------------------

void AppController::showWindow()
{
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void AppController::restoreWindowState()
{
    const QSettings settings;
    m_window->restoreUiState(settings.value(QString::fromLatin1(uiStateKey)).toByteArray());
}

void AppController::saveWindowState()
{
    QSettings settings;
    settings.setValue(QString::fromLatin1(uiStateKey), m_window->saveUiState());
}

bool AppController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close && !m_quitDone) {
        // Closing the window quits, but only once the local service has stopped.
        event->ignore();
        quit();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void AppController::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    qCInfo(lcApp) << "quitting";
    saveWindowState();
    m_metricsTimer.stop();
    m_localRestartTimer.stop();
    m_session->stop();
    m_progress->closeAll();
    m_window->hide();
    if (m_localService && m_localService->state() != LocalService::State::Stopped) {
        connect(m_localService, &LocalService::stopped, this, &AppController::finishQuit);
        m_localService->stop();
        return;
    }
    QMetaObject::invokeMethod(this, &AppController::finishQuit, Qt::QueuedConnection);
}

void AppController::finishQuit()
{
    if (m_quitDone)
        return;
    m_quitDone = true;
    qCInfo(lcApp) << "stopped";
    emit quitFinished();
    if (m_quitsApplication)
        QCoreApplication::quit();
}

} // namespace optrack
