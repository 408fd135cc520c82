#pragma once

#include "accountclient.h"
#include "apiresults.h"
#include "connectionstate.h"
#include "operation.h"
#include "operationquery.h"
#include "operationsclient.h"
#include "retrybackoff.h"
#include "sharedoperation.h"
#include "stringpool.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>

namespace optrack {

class ApiConnection;
class OperationStream;

/// The one live picture of the operations in a scope and filters, shared by every
/// view. It first loads the list page by page, then asks only for what changed
/// (since=cursor, If-None-Match; 304 means nothing new) at the pace the service's
/// Retry-After sets within the user's bounds. Where the service offers /api/stream it
/// takes pushes instead and keeps a slow poll as a consistency check; when the
/// stream is refused or drops it polls. Failures back off exponentially (with
/// jitter, at most 30 s) and the state says when the next try comes. A service that is
/// reached but stops answering (a ping or a request waiting longer than the answer
/// deadline) is NotResponding until anything comes back. The cursor survives outages and
/// service restarts, and an operation's version never goes back, so nothing is missed or
/// delivered twice.
class OperationFeed final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultMinPollInterval{1'000};
    static constexpr std::chrono::milliseconds defaultMaxPollInterval{30'000};
    /// The pace when the service gives no Retry-After (then clamped to the bounds).
    static constexpr std::chrono::milliseconds defaultPollInterval{5'000};
    /// The consistency poll while pushes arrive.
    static constexpr std::chrono::milliseconds liveCheckInterval{30'000};
    static constexpr std::chrono::milliseconds streamRetryInitial{5'000};
    static constexpr std::chrono::milliseconds streamRetryCap{300'000};
    static constexpr int deltaPageSize = 500;
    /// Live pages by offset overlap by this many rows: operations that finish while the
    /// pages load move the rest up, and none of those may fall between two pages.
    static constexpr int livePageOverlap = 100;
    /// A ping or a request waiting this long without any answer: NotResponding.
    static constexpr std::chrono::milliseconds defaultAnswerDeadline{5'000};
    /// With a recent-history bound, finished operations held beyond it are dropped once
    /// they exceed it by a part of this size (a quarter): one pass per many finishes.
    static constexpr int historySlackDivisor = 4;

    explicit OperationFeed(ApiConnection *connection, QObject *parent = nullptr);
    ~OperationFeed() override;

    /// Changing what the feed covers starts it over (cleared(), then a new first load).
    void setScope(OperationScope scope);
    void setStatusFilter(const QList<OperationStatus> &statuses);
    void setTypeFilter(const QStringList &operationTypes);
    /// Operations per page of the first load.
    void setPageSize(int pageSize);
    /// With `operations` > 0 the first load takes only the live set (every operation not
    /// finished, page by page) and the newest `operations` of the rest (one page), not the
    /// whole history: a windowed table asks the service for older ones itself. Deltas and
    /// pushes follow as before, and what they finish is held only while it is among the
    /// newest `operations` finished ones (operationsDropped()), so what the feed holds stays
    /// bounded through a long day. 0 (the default) loads and keeps everything in scope.
    void setRecentHistory(int operations);
    int recentHistory() const { return m_recentHistory; }
    OperationQuery query() const { return m_query; }

    /// The user's bounds on the polling pace; the service's Retry-After moves within them.
    void setPollBounds(std::chrono::milliseconds minimum, std::chrono::milliseconds maximum);
    std::chrono::milliseconds minPollInterval() const { return m_minInterval; }
    std::chrono::milliseconds maxPollInterval() const { return m_maxInterval; }
    /// Whether to try /api/stream at all (on by default).
    void setStreamEnabled(bool enabled);
    void setAnswerDeadline(std::chrono::milliseconds deadline);

    void start();
    /// Stops every request and timer; the operations stay.
    void stop();
    /// Asks now: polls at once, or ends an offline wait early.
    void refresh();
    bool isRunning() const { return m_running; }
    bool isFirstLoadDone() const { return m_firstLoadDone; }

    /// The operations in scope, each the read-only block the model rows share.
    const QHash<QString, SharedOperation> &operations() const { return m_operations; }
    std::optional<Operation> operation(const QString &operationId) const;
    bool contains(const QString &operationId) const { return m_operations.contains(operationId); }
    /// The highest version the feed has accounted for (the next since=).
    qint64 cursor() const { return m_cursor; }
    UserInfo currentUser() const { return m_user; }

    ConnectionState connectionState() const;
    /// The state with its countdown, reason and the time the picture was last confirmed.
    ConnectionInfo connectionInfo() const;
    /// When the service last confirmed the operations held (invalid before the first load).
    QDateTime confirmedAt() const { return m_confirmedAt; }
    /// Why the feed is offline (the failed request's sentence).
    QString offlineReason() const { return m_reason; }
    /// Whole seconds until the next request, -1 when none is planned.
    int secondsToNextTry() const;
    /// The wait chosen after the last failure.
    std::chrono::milliseconds lastBackoffDelay() const { return m_lastBackoff; }

signals:
    /// Inserted or updated operations (only when their version increased).
    void operationsChanged(const QList<optrack::Operation> &changed);
    /// The same news as the feed's own blocks: a model that keeps these shares the
    /// feed's memory instead of holding a second copy of every operation.
    void sharedOperationsChanged(const QList<optrack::SharedOperation> &changed);
    /// The service's counts pushed on the stream, for the caller's widest scope (all for
    /// staff, admin and service, else mine), whatever the feed's scope.
    void countsReceived(const optrack::ServiceCounts &counts);
    /// Operations that left the scope or the filters.
    void operationsRemoved(const QStringList &operationIds);
    /// Finished operations no longer held: newer finished ones fill the recent history.
    /// They are unchanged and still in scope: the service answers for them.
    void operationsDropped(const QStringList &operationIds);
    /// Everything is gone: another server, account, scope or filter.
    void cleared();
    /// On every change of state or reason, and once a second while offline.
    void connectionChanged(const optrack::ConnectionInfo &info);
    void errorOccurred(const optrack::ApiStatus &status);

private:
    enum class Phase { Identify, FirstLoad, Delta };
    /// With a recent-history bound, the first load asks for the live set, then the newest.
    enum class LoadPart { Live, Recent };

    void restart();
    void handleMoved();
    void runPhase();
    void identify();
    void loadPage();
    /// The live set of scope=all in the service's status order (pending first): pages by
    /// offset that the service finds in O(log n), where a status filter walks the history.
    void loadLivePage();
    void handleLivePage(const ApiStatus &status, const OperationPage &page);
    bool readsLiveInStatusOrder() const;
    void poll();
    void handleIdentified(const ApiStatus &status, const UserInfo &user);
    void handlePage(const ApiStatus &status, const OperationPage &page);
    void handleDelta(ApiCall *call, qint64 since, const ApiStatus &status,
                     const OperationPage &page);
    /// Whether a delta page can be the answer to since= (not an earlier answer repeated).
    static bool answersSince(const OperationPage &page, qint64 since);
    void handleFailure(const ApiStatus &status);
    /// Watches a request for silence; its answer comes through noteAnswer().
    void watch(ApiCall *call);
    void noteAnswer(const ApiStatus &status);
    /// Anything came from the service.
    void handleHeard();
    /// Silent when a ping or request has waited past the deadline; re-arms the watchdog.
    void checkSilence();
    void confirm();
    void finishFirstLoad();
    void apply(const QList<Operation> &incoming);
    /// Drops the finished operations beyond the newest m_recentHistory once they exceed it
    /// by the slack.
    void dropOldHistory();
    bool belongs(const Operation &operation) const;
    /// The highest version seen of an operation, -1 when never seen.
    qint64 seenVersion(const QString &operationId) const;
    std::chrono::milliseconds pollInterval(std::optional<std::chrono::seconds> retryAfter) const;
    void schedule(std::chrono::milliseconds delay);
    void setState(ConnectionState state, const QString &reason = {});
    void announceState();

    void openStream();
    void handleStreamOpened();
    void handleStreamClosed(const QString &reason);
    void handleStreamOperation(const Operation &operation);

    QPointer<ApiConnection> m_connection;
    OperationsClient *m_operationsClient = nullptr;
    AccountClient *m_accountClient = nullptr;
    OperationStream *m_stream = nullptr;
    QPointer<ApiCall> m_call;
    OperationQuery m_query;
    UserInfo m_user;

    QHash<QString, SharedOperation> m_operations;
    /// How many of m_operations are finished.
    int m_finishedHeld = 0;
    /// The highest version seen of the operations not held (those that left the scope
    /// or never belonged); a held one's is its own.
    QHash<QString, qint64> m_seenVersions;
    /// Repeated strings parsed from every page and push, kept once.
    StringPool m_strings;
    qint64 m_cursor = 0;
    qint64 m_firstLoadCursor = 0;
    QString m_pageToken;
    QByteArray m_deltaEtag;
    qint64 m_deltaEtagCursor = -1;

    Phase m_phase = Phase::Identify;
    LoadPart m_loadPart = LoadPart::Live;
    int m_recentHistory = 0;
    int m_liveOffset = 0;
    QTimer m_timer;
    QDeadlineTimer m_nextTry;
    QTimer m_countdown;
    QTimer m_streamTimer;
    QTimer m_watchdog;
    /// Since the request in flight started or last received data.
    QElapsedTimer m_sinceCall;
    QDateTime m_confirmedAt;
    std::chrono::milliseconds m_answerDeadline = defaultAnswerDeadline;
    RetryBackoff m_backoff;
    RetryBackoff m_streamBackoff{streamRetryInitial, streamRetryCap};
    std::chrono::milliseconds m_lastBackoff{0};
    std::chrono::milliseconds m_minInterval = defaultMinPollInterval;
    std::chrono::milliseconds m_maxInterval = defaultMaxPollInterval;

    ConnectionState m_state = ConnectionState::Offline;
    QString m_reason;
    ConnectionState m_announcedState = ConnectionState::Offline;
    bool m_silent = false;
    QString m_announcedReason;
    int m_announcedSeconds = -2;
    int m_generation = 0;
    bool m_running = false;
    bool m_firstLoadDone = false;
    bool m_streamEnabled = true;
};

} // namespace optrack
