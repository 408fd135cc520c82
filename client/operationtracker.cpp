#include "operationtracker.h"

#include "apiconnection.h"
#include "operationfeed.h"
#include "operationsclient.h"

#include <algorithm>

namespace optrack {

using std::chrono::milliseconds;

namespace {

constexpr milliseconds smallestPollInterval{100};

} // namespace

OperationTracker::OperationTracker(ApiConnection *connection, OperationFeed *feed, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_feed(feed)
    , m_client(new OperationsClient(connection, this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OperationTracker::poll);
    if (feed) {
        // Shared states: a tracker per progress window copies only its own operation.
        connect(feed, &OperationFeed::sharedOperationsChanged, this,
                &OperationTracker::handleFeedChanged);
        connect(feed, &OperationFeed::operationsRemoved, this,
                &OperationTracker::handleFeedRemoved);
        connect(feed, &OperationFeed::operationsDropped, this,
                &OperationTracker::handleFeedRemoved);
        connect(feed, &OperationFeed::cleared, this, &OperationTracker::handleFeedCleared);
    }
}

OperationTracker::~OperationTracker()
{
    stopPolling();
}

void OperationTracker::setPollBounds(milliseconds minimum, milliseconds maximum)
{
    m_minInterval = std::max(minimum, smallestPollInterval);
    m_maxInterval = std::max(maximum, m_minInterval);
}

void OperationTracker::start(const QString &operationId)
{
    stop();
    m_operationId = operationId;
    m_operation.reset();
    m_etag.clear();
    m_lastError = {};
    m_backoff.reset();
    m_tracking = true;
    if (m_feed) {
        if (const std::optional<Operation> known = m_feed->operation(operationId)) {
            m_followingFeed = true;
            adopt(*known);
            return;
        }
    }
    poll();
}

void OperationTracker::stop()
{
    m_tracking = false;
    m_followingFeed = false;
    stopPolling();
}

void OperationTracker::stopPolling()
{
    ++m_generation;
    m_timer.stop();
    if (m_call)
        m_call->abort();
}

void OperationTracker::handleFeedChanged(const QList<SharedOperation> &changed)
{
    if (!m_tracking)
        return;
    for (const SharedOperation &operation : changed) {
        if (operation->operationId != m_operationId)
            continue;
        // The feed has it now: its news is at least as fresh as our polls.
        m_followingFeed = true;
        stopPolling();
        adopt(*operation);
        return;
    }
}

void OperationTracker::handleFeedRemoved(const QStringList &operationIds)
{
    if (m_tracking && operationIds.contains(m_operationId)) {
        m_followingFeed = false;
        poll();
    }
}

void OperationTracker::handleFeedCleared()
{
    if (m_tracking && m_followingFeed) {
        m_followingFeed = false;
        poll();
    }
}

void OperationTracker::poll()
{
    if (!m_tracking || !m_connection || (m_call && m_call->isRunning()))
        return;
    m_timer.stop();
    const int generation = m_generation;
    ApiCall *call = m_client->fetch(m_operationId, m_etag);
    deliverResult<Operation>(
            call, this,
            [this, generation, call](const ApiStatus &status, const Operation &operation) {
                if (generation == m_generation)
                    handlePolled(call, status, operation);
            },
            &decode::operation);
    m_call = call;
}

void OperationTracker::handlePolled(ApiCall *call, const ApiStatus &status,
                                    const Operation &operation)
{
    if (status.category == ErrorCategory::Aborted)
        return;
    if (!status.ok()) {
        m_lastError = status;
        const bool gone = status.category == ErrorCategory::NotFound
                || status.category == ErrorCategory::Forbidden;
        if (gone)
            m_tracking = false;
        else
            schedule(m_backoff.nextDelay());
        emit errorOccurred(status);
        return;
    }
    m_lastError = {};
    m_backoff.reset();
    if (!status.notModified()) {
        m_etag = call->etag();
        adopt(operation);
    }
    if (m_tracking) {
        const milliseconds wanted
                = call->retryAfter() ? milliseconds(*call->retryAfter()) : defaultPollInterval;
        schedule(std::clamp(wanted, m_minInterval, m_maxInterval));
    }
}

void OperationTracker::adopt(const Operation &operation)
{
    if (m_operation && operation.version <= m_operation->version)
        return;
    const std::optional<Operation> previous = m_operation;
    m_operation = operation;
    emit operationChanged(operation);
    if (!previous || previous->progressPercentage != operation.progressPercentage)
        emit progressChanged(operation.progressPercentage);
    if (!previous || previous->status != operation.status)
        emit statusChanged(operation.status);
    if (operation.isTerminal() && m_tracking) {
        m_tracking = false;
        stopPolling();
        emit finished(operation.status);
    }
}

void OperationTracker::schedule(milliseconds delay)
{
    if (m_tracking)
        m_timer.start(delay);
}

} // namespace optrack
