#pragma once

#include "apiresults.h"
#include "appoptions.h"
#include "connectionstate.h"
#include "operation.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

namespace optrack {

class ApiConnection;
class FilesClient;
class LocalBootstrap;
class LocalService;
class MainWindow;
class NoticeBar;
class NotificationBell;
class NotificationModel;
class NotificationPresenter;
class OperationFeed;
class OperationFeedUnion;
class OperationFilterModel;
class OperationHistoryClient;
class OperationNotifier;
class OperationTableModel;
class OperationWindowModel;
class OperationsClient;
class ProgressWindows;
class ServiceCountsFollower;
class Session;
class TokenStore;
class VotesClient;
class WorkActions;

/// The app: one ApiConnection, the clients by resource, ONE OperationFeed (two for a
/// user who also approves: theirs and what waits for their vote) feeding the
/// table model, the filter model, the main window and its dialogs. The feed holds the
/// live set and recent history; the dashboard's table is a window on the service's order
/// (OperationWindowModel over OperationHistoryClient) that the feed's changes keep
/// current, and the sidebar's counts are the service's (ServiceCountsFollower). It picks the
/// service (the embedded one on a first start or with --local, else --server or the saved one),
/// signs in, carries every action of the views to the service and shows what it
/// answered, opens a progress window for each started operation, notifies, and on quit
/// saves the window and stops the embedded service without blocking.
class AppController final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds localRestartDelay{2'000};
    static constexpr std::chrono::milliseconds metricsRefreshInterval{60'000};
    static constexpr std::chrono::milliseconds eventsReloadDelay{300};
    /// Operations per page of the feed's first load (the service's maximum).
    static constexpr int firstLoadPageSize = 1'000;
    /// Finished operations the feed loads beside the live set: the newest, for
    /// notifications and progress windows; older ones are the window's to ask for.
    static constexpr int recentHistorySize = 1'000;

    /// `tokens` (owned from here on): where access tokens are kept; by default the system
    /// keychain with its file fallback.
    explicit AppController(const AppOptions &options, TokenStore *tokens = nullptr,
                           QObject *parent = nullptr);
    ~AppController() override;

    /// Shows the window and starts the service or connects to it.
    void start();
    /// Saves the window, stops the feed and the embedded service (asynchronously), then
    /// emits quitFinished() and, unless told otherwise, quits the application.
    void quit();
    void setQuitsApplication(bool quits) { m_quitsApplication = quits; }
    void setLocalRestartDelay(std::chrono::milliseconds delay) { m_localRestartDelay = delay; }

    /// Signs in as another account of the same service (the switcher).
    void switchAccount(const QString &accountId);
    /// Opens (or raises) the progress window of an operation, in the mode remembered for
    /// its type, or in percent mode ("Open progress (compact)").
    void openProgress(const QString &operationId);
    void openCompactProgress(const QString &operationId);

    bool isLocal() const { return m_local; }
    QStringList accounts() const { return m_accounts; }
    QString currentAccount() const { return m_currentAccount; }
    UserInfo currentUser() const;

    MainWindow *window() const { return m_window; }
    ApiConnection *connection() const { return m_connection; }
    OperationFeed *feed() const { return m_feed; }
    /// What waits for the vote of someone who sees only their own operations (stopped
    /// for everyone else).
    OperationFeed *voteFeed() const { return m_voteFeed; }
    /// Both feeds as the table sees them.
    OperationFeedUnion *feeds() const { return m_feeds; }
    OperationTableModel *tableModel() const { return m_table; }
    OperationFilterModel *filterModel() const { return m_filter; }
    /// The dashboard's table: a window on the service's order.
    OperationWindowModel *windowModel() const { return m_windowModel; }
    OperationHistoryClient *historyClient() const { return m_history; }
    ServiceCountsFollower *serviceCounts() const { return m_counts; }
    OperationsClient *operationsClient() const { return m_operations; }
    VotesClient *votesClient() const { return m_votes; }
    FilesClient *filesClient() const { return m_files; }
    LocalService *localService() const { return m_localService; }
    TokenStore *tokenStore() const { return m_tokens; }
    ProgressWindows *progressWindows() const { return m_progress; }
    OperationNotifier *notifier() const { return m_notifier; }
    NotificationPresenter *notifications() const { return m_presenter; }
    WorkActions *workActions() const { return m_work; }
    /// The notice above the work shown while tokens live in a file.
    NoticeBar *keychainWarning() const { return m_keychainWarning; }
    /// Every message for the user (results, refusals, notices), newest first.
    NotificationModel *messages() const { return m_messages; }
    /// The status bar's bell over them.
    NotificationBell *bell() const { return m_bell; }

signals:
    void signedIn(const optrack::UserInfo &user);
    /// The service could not be started or reached; the sentence says why.
    void startFailed(const QString &reason);
    void quitFinished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void wireWindow();
    void startLocal();
    void startRemote();
    void handleLocalReady(const QUrl &baseUrl);
    void handleLocalCrashed(const QString &reason);
    void handleSignedIn(const UserInfo &user);
    void handleSignInFailed(const ApiStatus &status);
    void signInRemote(const QString &token);
    void promptForToken();
    void fail(const QString &reason);

    void cancelOperation(const QString &operationId);
    void vote(const QString &operationId, VoteDecision decision, const QString &reason);
    void retry(const QString &operationId);
    void refresh();
    void selectOperation(const QString &operationId);
    void handleCurrentOperationChanged(const QString &operationId);
    void loadEvents();
    void loadMetrics();
    void handleOperationStarted(const QString &operationId, const QString &title,
                                const QString &operationType);
    void handleDownloadFinished(const QString &operationId, bool ok, const QString &message,
                                const QString &path);
    /// Posts what an action did (or why it could not) to the messages.
    void showResult(bool ok, const QString &message, const QString &operationId = {});
    void showConnection(const ConnectionInfo &info);
    void showServiceCounts(const ServiceCounts &counts);
    /// An operation's state as the feed or the window's loaded rows hold it.
    std::optional<Operation> knownOperation(const QString &operationId) const;
    void showWindow();
    void restoreWindowState();
    void saveWindowState();
    void finishQuit();

    AppOptions m_options;
    ApiConnection *m_connection = nullptr;
    OperationsClient *m_operations = nullptr;
    VotesClient *m_votes = nullptr;
    FilesClient *m_files = nullptr;
    OperationFeed *m_feed = nullptr;
    OperationFeed *m_voteFeed = nullptr;
    OperationFeedUnion *m_feeds = nullptr;
    OperationTableModel *m_table = nullptr;
    OperationFilterModel *m_filter = nullptr;
    OperationHistoryClient *m_history = nullptr;
    OperationWindowModel *m_windowModel = nullptr;
    ServiceCountsFollower *m_counts = nullptr;
    /// The feed's last state: back from offline, the window and the counts ask again.
    ConnectionState m_feedState = ConnectionState::Offline;
    /// The stream has pushed counts for the window's scope: they need no asking while live.
    bool m_streamCounts = false;
    Session *m_session = nullptr;
    TokenStore *m_tokens = nullptr;
    LocalService *m_localService = nullptr;
    LocalBootstrap *m_bootstrap = nullptr;
    MainWindow *m_window = nullptr;
    ProgressWindows *m_progress = nullptr;
    OperationNotifier *m_notifier = nullptr;
    NotificationPresenter *m_presenter = nullptr;
    WorkActions *m_work = nullptr;
    NoticeBar *m_keychainWarning = nullptr;
    NotificationModel *m_messages = nullptr;
    NotificationBell *m_bell = nullptr;

    QTimer m_metricsTimer;
    QTimer m_eventsTimer;
    QTimer m_localRestartTimer;
    QPointer<ApiCall> m_eventsCall;
    QPointer<ApiCall> m_metricsCall;
    QString m_eventsOperation;
    QUrl m_serverUrl;
    QStringList m_accounts;
    QString m_currentAccount;
    QString m_pendingToken;
    std::chrono::milliseconds m_localRestartDelay = localRestartDelay;
    bool m_local = false;
    bool m_quitting = false;
    bool m_quitDone = false;
    bool m_quitsApplication = true;
};

} // namespace optrack
