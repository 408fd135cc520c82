#pragma once

#include "apistatus.h"
#include "operation.h"
#include "retrybackoff.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace optrack {
class ApiConnection;
class OperationStream;
class OperationTracker;
} // namespace optrack

namespace optrack::ctl {

/// Follows one operation as closely as the service allows: pushes from /api/stream (only
/// this operation's), with OperationTracker's polling of GET /api/operations/{id} as the
/// fallback while the stream is refused or down, and as a slow consistency check while it
/// is up. News counts only when the version rose, so the two never disagree. A command
/// does not need the feed's whole list to wait for one operation.
class OperationFollower final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds livePollMinimum{15'000};
    static constexpr std::chrono::milliseconds livePollMaximum{30'000};
    static constexpr std::chrono::milliseconds fallbackPollMinimum{500};
    static constexpr std::chrono::milliseconds fallbackPollMaximum{10'000};
    static constexpr std::chrono::milliseconds streamRetryInitial{2'000};
    static constexpr std::chrono::milliseconds streamRetryCap{30'000};

    explicit OperationFollower(ApiConnection *connection, QObject *parent = nullptr);
    ~OperationFollower() override;

    void start(const QString &operationId);
    void stop();
    /// Asks the service now, e.g. after a report was refused because the operation moved.
    void refresh();

    QString operationId() const { return m_operationId; }
    std::optional<Operation> operation() const { return m_operation; }
    /// Whether pushes arrive (otherwise the operation is polled).
    bool isLive() const;

signals:
    /// A newer state; the last one of a finished operation is terminal.
    void operationChanged(const optrack::Operation &operation);
    /// A poll failed. After NotFound or Forbidden nothing more comes.
    void errorOccurred(const optrack::ApiStatus &status);

private:
    void adopt(const Operation &operation);
    void openStream();
    void handleStreamOpened();
    void handleStreamClosed();

    OperationTracker *m_tracker = nullptr;
    OperationStream *m_stream = nullptr;
    QTimer m_streamTimer;
    RetryBackoff m_streamBackoff{streamRetryInitial, streamRetryCap};
    QString m_operationId;
    std::optional<Operation> m_operation;
    bool m_running = false;
};

} // namespace optrack::ctl
