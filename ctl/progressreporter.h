#pragma once

#include "apistatus.h"
#include "operation.h"
#include "operationcodec.h"
#include "retrybackoff.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace optrack {
class ApiCall;
class OperationsClient;
} // namespace optrack

namespace optrack::ctl {

/// Sends `run`'s reports on its operation. One PATCH is in flight at a time, at most one
/// every minReportInterval, and the reports that arrive meanwhile are merged (the latest
/// values win): a command that prints a thousand progress lines a second costs four
/// requests a second and four audit-trail entries, not a thousand. Any report renews the
/// heartbeat; when nothing was sent for an interval an empty PATCH says "still alive". A
/// report lost to an outage is merged into the next one. The final report goes as soon as
/// the one in flight is answered, and is retried through short outages.
class ProgressReporter final : public QObject
{
    Q_OBJECT

public:
    /// Faster than people read a progress bar, slow enough to keep the trail readable.
    static constexpr std::chrono::milliseconds minReportInterval{250};
    static constexpr std::chrono::milliseconds finalRetryWindow{30'000};
    static constexpr std::chrono::milliseconds finalRetryInitial{500};
    static constexpr std::chrono::milliseconds finalRetryCap{5'000};

    ProgressReporter(OperationsClient *client, const QString &operationId,
                     QObject *parent = nullptr);
    ~ProgressReporter() override;

    /// Heartbeats every `interval` while nothing else is sent; zero stops them.
    void setHeartbeatInterval(std::chrono::milliseconds interval);
    void report(const PatchOperationRequest &change);
    /// Sends `last` once the report in flight is answered; finished() tells how it went.
    void finish(const PatchOperationRequest &last);
    /// Stops sending anything (the operation ended elsewhere).
    void stop();

    /// Fields of `from` replace those of `into`; the others stay.
    static void merge(PatchOperationRequest *into, const PatchOperationRequest &from);

signals:
    void reported(const optrack::Operation &operation);
    /// The service refused a report (409: the operation moved on, e.g. it was cancelled).
    void refused(const optrack::ApiStatus &status);
    void finished(const optrack::ApiStatus &status);

private:
    void sendNext();
    void handleAnswer(const ApiStatus &status, const Operation &operation);
    void handleHeartbeat();

    OperationsClient *m_client = nullptr;
    QString m_operationId;
    std::optional<PatchOperationRequest> m_pending;
    std::optional<PatchOperationRequest> m_inFlight;
    std::optional<PatchOperationRequest> m_final;
    QPointer<ApiCall> m_call;
    QTimer m_heartbeat;
    QTimer m_finalRetry;
    QTimer m_pace;
    QElapsedTimer m_sinceSent;
    RetryBackoff m_finalBackoff{finalRetryInitial, finalRetryCap};
    QDeadlineTimer m_finalDeadline;
    bool m_finalInFlight = false;
    bool m_stopped = false;
};

} // namespace optrack::ctl
