#include "operationfeed.h"

#include "accessrules.h"
#include "apiconnection.h"
#include "operationstream.h"

#include <QMetaMethod>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

namespace optrack {

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds smallestPollInterval{100};
constexpr milliseconds countdownTick{1'000};
constexpr double millisecondsPerSecond = 1000.0;

} // namespace

OperationFeed::OperationFeed(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_operationsClient(new OperationsClient(connection, this))
    , m_accountClient(new AccountClient(connection, this))
    , m_stream(new OperationStream(connection, this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OperationFeed::runPhase);
    m_countdown.setSingleShot(true);
    m_countdown.setTimerType(Qt::PreciseTimer);
    connect(&m_countdown, &QTimer::timeout, this, &OperationFeed::announceState);
    m_streamTimer.setSingleShot(true);
    connect(&m_streamTimer, &QTimer::timeout, this, &OperationFeed::openStream);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &OperationFeed::checkSilence);

    connect(m_stream, &OperationStream::opened, this, &OperationFeed::handleStreamOpened);
    connect(m_stream, &OperationStream::closed, this, &OperationFeed::handleStreamClosed);
    connect(m_stream, &OperationStream::countsReceived, this, &OperationFeed::countsReceived);
    connect(m_stream, &OperationStream::operationReceived, this,
            &OperationFeed::handleStreamOperation);
    connect(m_stream, &OperationStream::asked, this, &OperationFeed::checkSilence);
    connect(m_stream, &OperationStream::heard, this, &OperationFeed::handleHeard);
    if (connection) {
        connect(connection, &ApiConnection::endpointChanged, this, &OperationFeed::restart);
        connect(connection, &ApiConnection::endpointMoved, this, &OperationFeed::handleMoved);
    }
}

OperationFeed::~OperationFeed()
{
    ++m_generation;
    if (m_call)
        m_call->abort();
}

void OperationFeed::setScope(OperationScope scope)
{
    if (m_query.scope == scope)
        return;
    m_query.scope = scope;
    restart();
}

void OperationFeed::setStatusFilter(const QList<OperationStatus> &statuses)
{
    if (m_query.statuses == statuses)
        return;
    m_query.statuses = statuses;
    restart();
}

void OperationFeed::setTypeFilter(const QStringList &operationTypes)
{
    if (m_query.operationTypes == operationTypes)
        return;
    m_query.operationTypes = operationTypes;
    restart();
}

void OperationFeed::setPageSize(int pageSize)
{
    m_query.limit = std::max(1, pageSize);
}

void OperationFeed::setRecentHistory(int operations)
{
    m_recentHistory = std::max(0, operations);
}

void OperationFeed::setPollBounds(milliseconds minimum, milliseconds maximum)
{
    minimum = std::max(minimum, smallestPollInterval);
    maximum = std::max(maximum, minimum);
    m_minInterval = minimum;
    m_maxInterval = maximum;
    // A wait already longer than the new bound is cut short (not a backoff wait).
    if (m_timer.isActive() && m_phase == Phase::Delta && m_state != ConnectionState::Offline
        && milliseconds(m_nextTry.remainingTime()) > m_maxInterval) {
        schedule(m_maxInterval);
    }
}

void OperationFeed::setStreamEnabled(bool enabled)
{
    if (m_streamEnabled == enabled)
        return;
    m_streamEnabled = enabled;
    if (!enabled) {
        m_streamTimer.stop();
        m_stream->close();
        if (m_state == ConnectionState::Live)
            setState(ConnectionState::Polling);
    } else if (m_running && m_firstLoadDone) {
        openStream();
    }
}

void OperationFeed::setAnswerDeadline(milliseconds deadline)
{
    m_answerDeadline = deadline;
    checkSilence();
}

ConnectionState OperationFeed::connectionState() const
{
    // Silence is always the newer fact: a refusal clears it (then Offline says more).
    return m_silent ? ConnectionState::NotResponding : m_state;
}

ConnectionInfo OperationFeed::connectionInfo() const
{
    ConnectionInfo info;
    info.state = connectionState();
    info.secondsToNextTry = info.state == ConnectionState::Offline ? secondsToNextTry() : -1;
    if (info.state == ConnectionState::Offline)
        info.reason = m_reason;
    else if (info.state == ConnectionState::NotResponding)
        info.reason = u"The service is reached but does not answer: it may be overloaded or "
                      u"stopped. The app keeps asking."_s;
    info.confirmedAt = m_confirmedAt;
    return info;
}

std::optional<Operation> OperationFeed::operation(const QString &operationId) const
{
    const auto it = m_operations.constFind(operationId);
    if (it == m_operations.constEnd())
        return std::nullopt;
    return **it;
}

int OperationFeed::secondsToNextTry() const
{
    if (!m_timer.isActive())
        return -1;
    // From the planned moment, not the timer: a coarse timer rounds long waits.
    return int(std::ceil(double(m_nextTry.remainingTime()) / millisecondsPerSecond));
}

void OperationFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    setState(ConnectionState::Connecting);
    runPhase();
}

void OperationFeed::stop()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    m_timer.stop();
    m_streamTimer.stop();
    m_watchdog.stop();
    m_stream->close();
    if (m_call)
        m_call->abort();
    m_silent = false;
    setState(ConnectionState::Offline, u"Stopped."_s);
}

void OperationFeed::refresh()
{
    if (!m_running || (m_call && m_call->isRunning()))
        return;
    m_timer.stop();
    runPhase();
}

void OperationFeed::restart()
{
    // A real swap: nothing known so far holds any more.
    ++m_generation;
    if (m_call)
        m_call->abort();
    m_timer.stop();
    m_streamTimer.stop();
    m_stream->close();
    m_operations.clear();
    m_finishedHeld = 0;
    m_seenVersions.clear();
    m_strings.clear();
    m_cursor = 0;
    m_firstLoadCursor = 0;
    m_pageToken.clear();
    m_deltaEtag.clear();
    m_deltaEtagCursor = -1;
    m_firstLoadDone = false;
    m_confirmedAt = {};
    m_silent = false;
    m_watchdog.stop();
    m_user = {};
    m_phase = Phase::Identify;
    m_backoff.reset();
    m_streamBackoff.reset();
    emit cleared();
    if (m_running) {
        setState(ConnectionState::Connecting);
        runPhase();
    }
}

void OperationFeed::handleMoved()
{
    if (!m_running)
        return;
    // The same picture at a new address: keep it, ask there now, reopen the stream there.
    ++m_generation;
    if (m_call)
        m_call->abort();
    m_timer.stop();
    m_streamTimer.stop();
    m_stream->close();
    m_backoff.reset();
    m_streamBackoff.reset();
    if (m_state == ConnectionState::Live)
        setState(ConnectionState::Polling);
    runPhase();
    openStream();
}

void OperationFeed::runPhase()
{
    if (!m_running || !m_connection || (m_call && m_call->isRunning()))
        return;
    switch (m_phase) {
    case Phase::Identify:
        identify();
        break;
    case Phase::FirstLoad:
        loadPage();
        break;
    case Phase::Delta:
        poll();
        break;
    }
    announceState();
}

void OperationFeed::identify()
{
    const int generation = m_generation;
    m_call = m_accountClient->me(this,
                                 [this, generation](const ApiStatus &status, const UserInfo &user) {
                                     if (generation == m_generation)
                                         handleIdentified(status, user);
                                 });
    watch(m_call);
}

void OperationFeed::handleIdentified(const ApiStatus &status, const UserInfo &user)
{
    noteAnswer(status);
    if (!status.ok()) {
        handleFailure(status);
        return;
    }
    m_user = user;
    m_phase = Phase::FirstLoad;
    m_loadPart = LoadPart::Live;
    m_liveOffset = 0;
    m_pageToken.clear();
    loadPage();
}

bool OperationFeed::readsLiveInStatusOrder() const
{
    return m_recentHistory > 0 && m_loadPart == LoadPart::Live
            && m_query.scope == OperationScope::All && m_query.statuses.isEmpty()
            && m_query.operationTypes.isEmpty() && m_query.limit > livePageOverlap
            && m_liveOffset >= 0;
}

void OperationFeed::loadLivePage()
{
    OperationWindowQuery live;
    live.sortKey = OperationSortKey::Status;
    live.descending = false;
    const int generation = m_generation;
    m_call = m_operationsClient->listWindow(
            m_query.scope, live, m_liveOffset, m_query.limit, this,
            [this, generation](const ApiStatus &status, const OperationPage &page) {
                if (generation == m_generation)
                    handleLivePage(status, page);
            });
    watch(m_call);
}

void OperationFeed::handleLivePage(const ApiStatus &status, const OperationPage &page)
{
    noteAnswer(status);
    if (!status.ok()) {
        handleFailure(status);
        return;
    }
    m_backoff.reset();
    if (!page.total) {
        // A service that does not page by offset: the live set by its status filter.
        m_liveOffset = -1;
        loadPage();
        return;
    }
    if (m_liveOffset == 0) {
        // As for the first page of a plain first load: later changes come in the deltas.
        m_firstLoadCursor = page.version.value_or(page.cursor);
    }
    if (m_state == ConnectionState::Offline)
        setState(ConnectionState::Connecting);
    QList<Operation> live;
    bool reachedFinished = page.operations.size() < m_query.limit;
    for (const Operation &operation : page.operations) {
        if (isTerminal(operation.status))
            reachedFinished = true;
        else
            live.append(operation);
    }
    apply(live);
    if (!reachedFinished) {
        m_liveOffset += m_query.limit - livePageOverlap;
        loadLivePage();
        return;
    }
    m_loadPart = LoadPart::Recent;
    m_pageToken.clear();
    loadPage();
}

void OperationFeed::loadPage()
{
    if (readsLiveInStatusOrder()) {
        loadLivePage();
        return;
    }
    OperationQuery query = m_query;
    query.pageToken = m_pageToken;
    if (m_recentHistory > 0 && m_loadPart == LoadPart::Live) {
        // Everything not finished, however old: what can still change, and every vote
        // waiting, is always held.
        QList<OperationStatus> live;
        for (OperationStatus status : allStatuses()) {
            if (!isTerminal(status)
                && (m_query.statuses.isEmpty() || m_query.statuses.contains(status)))
                live.append(status);
        }
        query.statuses = live;
    } else if (m_recentHistory > 0) {
        query.limit = m_recentHistory;
        query.pageToken.clear();
    }
    const int generation = m_generation;
    m_call = m_operationsClient->list(
            query, {}, this,
            [this, generation](const ApiStatus &status, const OperationPage &page) {
                if (generation == m_generation)
                    handlePage(status, page);
            });
    watch(m_call);
}

void OperationFeed::handlePage(const ApiStatus &status, const OperationPage &page)
{
    noteAnswer(status);
    if (!status.ok()) {
        handleFailure(status);
        return;
    }
    m_backoff.reset();
    if (m_pageToken.isEmpty() && m_loadPart == LoadPart::Live) {
        // The first page's cursor: whatever changes while later pages load comes again
        // in the first delta, and the version check drops what is already known.
        m_firstLoadCursor = page.cursor;
    }
    if (m_state == ConnectionState::Offline)
        setState(ConnectionState::Connecting);
    apply(page.operations);
    const bool recentPart = m_recentHistory > 0 && m_loadPart == LoadPart::Recent;
    if (!recentPart && !page.nextPageToken.isEmpty() && page.nextPageToken != m_pageToken) {
        m_pageToken = page.nextPageToken;
        loadPage();
        return;
    }
    if (m_recentHistory > 0 && m_loadPart == LoadPart::Live) {
        // The newest of the rest, one page; older ones are the windowed table's to ask for.
        m_loadPart = LoadPart::Recent;
        m_pageToken.clear();
        loadPage();
        return;
    }
    finishFirstLoad();
}

void OperationFeed::finishFirstLoad()
{
    m_pageToken.clear();
    m_cursor = std::max(m_cursor, m_firstLoadCursor);
    m_firstLoadDone = true;
    m_phase = Phase::Delta;
    confirm();
    setState(ConnectionState::Polling);
    schedule(pollInterval(std::nullopt));
    if (m_streamEnabled)
        openStream();
}

void OperationFeed::poll()
{
    OperationQuery query = m_query;
    query.since = m_cursor;
    query.limit = deltaPageSize;
    const QByteArray etag = m_deltaEtagCursor == m_cursor ? m_deltaEtag : QByteArray();
    const int generation = m_generation;
    const qint64 since = m_cursor;
    ApiCall *call = m_operationsClient->list(query, etag);
    deliverResult<OperationPage>(
            call, this,
            [this, generation, call, since](const ApiStatus &status, const OperationPage &page) {
                if (generation == m_generation)
                    handleDelta(call, since, status, page);
            },
            &decode::operationPage);
    m_call = call;
    watch(call);
}

void OperationFeed::handleDelta(ApiCall *call, qint64 since, const ApiStatus &status,
                                const OperationPage &page)
{
    noteAnswer(status);
    if (!status.ok()) {
        handleFailure(status);
        return;
    }
    if (!status.notModified() && !answersSince(page, since)) {
        // An earlier answer again (a cache, a proxy): what it shows in a filter may have left
        // it since, and nothing later would say so.
        handleFailure(ApiStatus::failure(
                ErrorCategory::UnreadableAnswer,
                tr("The service answered with an older state than the app already has (changes "
                   "up to version %1, asked for those after %2): a proxy or cache between them "
                   "may repeat old answers. The app keeps asking.")
                        .arg(page.cursor)
                        .arg(since),
                status.httpStatus));
        return;
    }
    const bool recovered = m_state == ConnectionState::Offline;
    m_backoff.reset();
    bool moreWaiting = false;
    if (!status.notModified()) {
        apply(page.operations);
        m_cursor = std::max(m_cursor, page.cursor);
        m_deltaEtag = call->etag();
        m_deltaEtagCursor = since == m_cursor ? m_cursor : -1;
        moreWaiting = !page.nextPageToken.isEmpty() || page.operations.size() >= deltaPageSize;
    }
    if (!moreWaiting)
        confirm();
    setState(m_stream->isOpen() ? ConnectionState::Live : ConnectionState::Polling);
    schedule(moreWaiting ? milliseconds(0) : pollInterval(call->retryAfter()));
    if (recovered && m_streamEnabled && !m_stream->isActive()) {
        m_streamTimer.stop();
        openStream();
    }
}

void OperationFeed::handleFailure(const ApiStatus &status)
{
    if (status.category == ErrorCategory::Aborted)
        return;
    m_lastBackoff = m_backoff.nextDelay();
    schedule(m_lastBackoff);
    if (status.category == ErrorCategory::TimedOut) {
        // Reached but silent: not Offline. The state stays as it was, shown as
        // NotResponding until anything comes back.
        m_silent = true;
        announceState();
    } else if (m_phase == Phase::Delta && m_stream->isOpen()) {
        setState(ConnectionState::Live);
    } else {
        m_silent = false;
        setState(ConnectionState::Offline, status.message);
    }
    emit errorOccurred(status);
}

void OperationFeed::watch(ApiCall *call)
{
    if (!call)
        return;
    m_sinceCall.start();
    // Data moving is an answer in progress: a large page is not a silent service.
    connect(call, &ApiCall::downloadProgress, this, [this] {
        m_sinceCall.start();
        handleHeard();
    });
    checkSilence();
}

void OperationFeed::noteAnswer(const ApiStatus &status)
{
    // Any answer, a refusal too, shows that the service answers.
    if (status.httpStatus > 0)
        handleHeard();
    else
        checkSilence();
}

void OperationFeed::handleHeard()
{
    if (m_stream->isOpen() && m_state == ConnectionState::Live)
        confirm(); // a pong or a push: everything before it has arrived
    m_silent = false;
    checkSilence();
}

void OperationFeed::checkSilence()
{
    // The longest wait among the questions still open: the request in flight and the
    // stream's ping or handshake.
    std::optional<milliseconds> waited;
    if (m_call && m_call->isRunning() && m_sinceCall.isValid())
        waited = milliseconds(m_sinceCall.elapsed());
    if (const std::optional<milliseconds> stream = m_stream->waitingFor())
        waited = std::max(waited.value_or(milliseconds(0)), *stream);
    if (!waited) {
        m_watchdog.stop();
    } else if (*waited >= m_answerDeadline) {
        m_watchdog.stop();
        m_silent = true;
    } else {
        m_watchdog.start(m_answerDeadline - *waited);
    }
    announceState();
}

void OperationFeed::confirm()
{
    m_confirmedAt = QDateTime::currentDateTimeUtc();
}

void OperationFeed::apply(const QList<Operation> &incoming)
{
    QList<SharedOperation> changed;
    QHash<QString, qsizetype> changedIndex;
    QStringList removed;
    for (const Operation &operation : incoming) {
        const qint64 seen = seenVersion(operation.operationId);
        if (seen >= 0 && operation.version <= seen)
            continue;
        if (belongs(operation)) {
            // The block the model shares: the previous state's id and unchanged fields,
            // the pool's copy of repeated strings, nothing of the page kept twice.
            const auto held = m_operations.find(operation.operationId);
            Operation state = operation;
            m_strings.share(state, held != m_operations.end() ? held->get() : nullptr);
            auto shared = std::make_shared<const Operation>(std::move(state));
            m_finishedHeld += int(isTerminal(shared->status));
            if (held != m_operations.end()) {
                m_finishedHeld -= int(isTerminal((*held)->status));
                *held = shared;
            } else {
                m_operations.insert(shared->operationId, shared);
            }
            m_seenVersions.remove(shared->operationId);
            removed.removeAll(shared->operationId);
            const auto index = changedIndex.constFind(shared->operationId);
            if (index != changedIndex.constEnd()) {
                changed[*index] = std::move(shared);
            } else {
                changedIndex.insert(shared->operationId, changed.size());
                changed.append(std::move(shared));
            }
        } else {
            m_seenVersions.insert(operation.operationId, operation.version);
            const auto held = m_operations.constFind(operation.operationId);
            if (held != m_operations.constEnd()) {
                m_finishedHeld -= int(isTerminal((*held)->status));
                m_operations.erase(held);
                removed.append(operation.operationId);
            }
        }
    }
    if (!removed.isEmpty()) {
        // An operation that came and went within one batch is only reported as removed.
        const QSet<QString> gone(removed.cbegin(), removed.cend());
        changed.removeIf([&gone](const SharedOperation &operation) {
            return gone.contains(operation->operationId);
        });
        emit operationsRemoved(removed);
    }
    if (changed.isEmpty())
        return;
    emit sharedOperationsChanged(changed);
    // Copies only for those who asked for values.
    if (isSignalConnected(QMetaMethod::fromSignal(&OperationFeed::operationsChanged))) {
        QList<Operation> values;
        values.reserve(changed.size());
        for (const SharedOperation &operation : std::as_const(changed))
            values.append(*operation);
        emit operationsChanged(values);
    }
    // After the news: an old operation that just finished is told as finished, then dropped.
    dropOldHistory();
}

void OperationFeed::dropOldHistory()
{
    if (m_recentHistory <= 0
        || m_finishedHeld <= m_recentHistory + m_recentHistory / historySlackDivisor) {
        return;
    }
    // Only finished operations: the live set (and with it every vote waiting) is always held.
    std::vector<SharedOperation> finished;
    finished.reserve(m_finishedHeld);
    for (const SharedOperation &operation : std::as_const(m_operations)) {
        if (isTerminal(operation->status))
            finished.push_back(operation);
    }
    // Newest first as the first load's recent history: createdAt, then operationId, descending.
    const auto newer = [](const SharedOperation &a, const SharedOperation &b) {
        if (a->createdAt != b->createdAt)
            return a->createdAt > b->createdAt;
        return a->operationId > b->operationId;
    };
    const auto kept = finished.begin() + m_recentHistory;
    std::nth_element(finished.begin(), kept, finished.end(), newer);
    // A version at or below the cursor is not remembered: the deltas ask only for newer ones
    // and the stream skips unknown ones up to it. One pushed ahead of the deltas is, or the
    // next delta would bring it back as news. A newer version is news again in any case.
    QStringList dropped;
    dropped.reserve(qsizetype(finished.end() - kept));
    for (auto it = kept; it != finished.end(); ++it) {
        const Operation &operation = **it;
        dropped.append(operation.operationId);
        if (operation.version > m_cursor)
            m_seenVersions.insert(operation.operationId, operation.version);
        m_operations.remove(operation.operationId);
    }
    m_finishedHeld = m_recentHistory;
    emit operationsDropped(dropped);
}

qint64 OperationFeed::seenVersion(const QString &operationId) const
{
    const auto held = m_operations.constFind(operationId);
    if (held != m_operations.constEnd())
        return (*held)->version;
    return m_seenVersions.value(operationId, -1);
}

bool OperationFeed::belongs(const Operation &operation) const
{
    if (!m_query.matchesFilters(operation))
        return false;
    switch (m_query.scope) {
    case OperationScope::All:
        return true;
    case OperationScope::Mine:
        return operation.owner() == m_user.userId;
    case OperationScope::Approvals:
        return access::mayVoteOn(m_user.userId, m_user.roles, operation);
    }
    return false;
}

milliseconds OperationFeed::pollInterval(std::optional<std::chrono::seconds> retryAfter) const
{
    const milliseconds wanted = retryAfter ? milliseconds(*retryAfter) : defaultPollInterval;
    const milliseconds bounded = std::clamp(wanted, m_minInterval, m_maxInterval);
    if (m_stream->isOpen())
        return std::max(bounded, liveCheckInterval);
    return bounded;
}

void OperationFeed::schedule(milliseconds delay)
{
    if (!m_running)
        return;
    m_nextTry.setRemainingTime(delay);
    m_timer.start(delay);
}

void OperationFeed::setState(ConnectionState state, const QString &reason)
{
    m_state = state;
    m_reason = state == ConnectionState::Offline ? reason : QString();
    announceState();
}

void OperationFeed::announceState()
{
    const ConnectionState state = connectionState();
    const int seconds = state == ConnectionState::Offline ? secondsToNextTry() : -1;
    // While offline, tick again just after the shown number of seconds goes down.
    if (seconds > 0) {
        const qint64 intoSecond = m_nextTry.remainingTime() % countdownTick.count();
        m_countdown.start(milliseconds(intoSecond + 1));
    } else {
        m_countdown.stop();
    }
    if (state == m_announcedState && m_reason == m_announcedReason
        && seconds == m_announcedSeconds) {
        return;
    }
    m_announcedState = state;
    m_announcedReason = m_reason;
    m_announcedSeconds = seconds;
    emit connectionChanged(connectionInfo());
}

void OperationFeed::openStream()
{
    if (!m_running || !m_streamEnabled || !m_firstLoadDone)
        return;
    m_stream->open(m_cursor);
}

void OperationFeed::handleStreamOpened()
{
    m_streamBackoff.reset();
    if (m_state == ConnectionState::Offline)
        return;
    setState(ConnectionState::Live);
    // The stream replays what the cursor has not seen, so the next poll may wait for
    // the slow consistency check.
    if (m_phase == Phase::Delta && m_timer.isActive())
        schedule(pollInterval(std::nullopt));
}

void OperationFeed::handleStreamClosed(const QString &reason)
{
    Q_UNUSED(reason);
    checkSilence(); // the stream no longer waits for an answer
    if (m_state == ConnectionState::Live)
        setState(ConnectionState::Polling);
    m_streamTimer.start(m_streamBackoff.nextDelay());
    // Pushes stopped: catch up by polling now rather than at the slow live pace.
    if (m_phase == Phase::Delta && m_state != ConnectionState::Offline
        && !(m_call && m_call->isRunning())) {
        schedule(milliseconds(0));
    }
}

void OperationFeed::handleStreamOperation(const Operation &operation)
{
    // Never seen, yet at or below the cursor: the deltas up to the cursor covered it, so it
    // was out of scope then, and this is an older push repeated (a proxy, a replaying relay).
    if (seenVersion(operation.operationId) < 0 && operation.version <= m_cursor)
        return;
    apply({operation});
}

bool OperationFeed::answersSince(const OperationPage &page, qint64 since)
{
    // The contract: a delta's cursor is never below since=. An earlier answer with a cursor at
    // or above it is no older than what the feed holds, and the version check sorts its rows.
    return page.cursor >= since;
}

} // namespace optrack
