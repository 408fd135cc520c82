#pragma once

#include "apiresults.h"
#include "operation.h"
#include "retrybackoff.h"
#include "sharedoperation.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace optrack {

class ApiConnection;
class OperationFeed;
class OperationsClient;

/// Follows one operation to its end (the desktop twin of the web hook
/// useOperationTracking): progress, status and a final finished(). It reads the
/// shared feed while the operation is in it, and otherwise polls
/// GET /api/operations/{id} with If-None-Match at the pace of the service's
/// Retry-After (within bounds), backing off on failures.
class OperationTracker final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultMinPollInterval{500};
    static constexpr std::chrono::milliseconds defaultMaxPollInterval{10'000};
    /// The pace when the service gives no Retry-After (then clamped to the bounds).
    static constexpr std::chrono::milliseconds defaultPollInterval{2'000};

    /// `feed` may be null: the tracker then always polls.
    explicit OperationTracker(ApiConnection *connection, OperationFeed *feed = nullptr,
                              QObject *parent = nullptr);
    ~OperationTracker() override;

    /// Follows `operationId` (stopping whatever was followed before).
    void start(const QString &operationId);
    void stop();
    void setPollBounds(std::chrono::milliseconds minimum, std::chrono::milliseconds maximum);

    bool isTracking() const { return m_tracking; }
    QString operationId() const { return m_operationId; }
    std::optional<Operation> operation() const { return m_operation; }
    double progress() const { return m_operation ? m_operation->progressPercentage : 0.0; }
    /// The last failure, cleared by the next success.
    ApiStatus lastError() const { return m_lastError; }
    /// Whether the last news came from the feed rather than from the tracker's polls.
    bool isFollowingFeed() const { return m_followingFeed; }

signals:
    void operationChanged(const optrack::Operation &operation);
    void progressChanged(double percentage);
    void statusChanged(optrack::OperationStatus status);
    /// The operation reached a terminal status; tracking has stopped.
    void finished(optrack::OperationStatus status);
    /// A request failed. NotFound and Forbidden also stop tracking.
    void errorOccurred(const optrack::ApiStatus &status);

private:
    void handleFeedChanged(const QList<optrack::SharedOperation> &changed);
    void handleFeedRemoved(const QStringList &operationIds);
    void handleFeedCleared();
    void poll();
    void handlePolled(ApiCall *call, const ApiStatus &status, const Operation &operation);
    void adopt(const Operation &operation);
    void schedule(std::chrono::milliseconds delay);
    void stopPolling();

    QPointer<ApiConnection> m_connection;
    QPointer<OperationFeed> m_feed;
    OperationsClient *m_client = nullptr;
    QPointer<ApiCall> m_call;
    QTimer m_timer;
    RetryBackoff m_backoff;
    QString m_operationId;
    std::optional<Operation> m_operation;
    QByteArray m_etag;
    ApiStatus m_lastError;
    std::chrono::milliseconds m_minInterval = defaultMinPollInterval;
    std::chrono::milliseconds m_maxInterval = defaultMaxPollInterval;
    int m_generation = 0;
    bool m_tracking = false;
    bool m_followingFeed = false;
};

} // namespace optrack
