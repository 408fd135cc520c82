#pragma once

#include "command.h"
#include "operation.h"
#include "operationcodec.h"
#include "progressparser.h"

#include <QPointer>
#include <QStringList>

#include <chrono>
#include <optional>

namespace optrack {
class ApiCall;
class OperationsClient;
} // namespace optrack

namespace optrack::ctl {

class ChildProcess;
class OperationFollower;
class ProgressReporter;

/// `run ... -- COMMAND ARGS...`: a command made visible as a tracked operation. It starts
/// the operation, waits for its approval when it needs one, runs COMMAND, turns its output
/// into progress, keeps the heartbeat, and ends the operation with COMMAND's outcome. The
/// operation is the truth both ways: a cancel from the app stops COMMAND, and Ctrl+C
/// cancels the operation.
class RunCommand final : public Command
{
    Q_OBJECT

public:
    /// Heartbeats go this many times per window, so one lost report never fails the
    /// operation.
    static constexpr int heartbeatsPerWindow = 3;
    static constexpr std::chrono::milliseconds minHeartbeatInterval{1'000};

    explicit RunCommand(const CommandContext &context, QObject *parent = nullptr);
    ~RunCommand() override;

    void start() override;
    void interrupt(int signalNumber) override;

    /// The operation's error message for a command that did not succeed: what ended it
    /// and the last lines it wrote to stderr.
    static QString failureMessage(const QString &program, const QString &end,
                                  const QStringList &errorLines);

private:
    enum class Stage { Creating, Approving, Beginning, Running, Ending, Done };

    void handleCreated(const ApiStatus &status, const Operation &operation);
    void askForApproval();
    void begin();
    void handleBeginRefused(const ApiStatus &refusal);
    void launch();
    void handleOperationChanged(const Operation &operation);
    void handleLine(const QString &line);
    void handleChildExited(int exitStatus, const QString &description);
    void handleChildFailedToStart(const QString &reason, int exitStatus);
    void handleRefused(const ApiStatus &status);
    void endOperation(const PatchOperationRequest &last, int exitStatus);
    void cancelOperation();
    void cancelAsProducer(const QString &reason);
    void handleCancelAnswer(const ApiStatus &status, const Operation &operation);
    void endedElsewhere(const Operation &operation);
    /// Finishes once nothing is left to wait for: COMMAND, the cancel, the final report.
    void finishWhenSettled();
    void fail(const ApiStatus &status);
    /// Keeps the newest state seen, for --json at the end.
    void remember(const Operation &operation);

    OperationsClient *m_operations = nullptr;
    OperationFollower *m_follower = nullptr;
    ProgressReporter *m_reporter = nullptr;
    ChildProcess *m_child = nullptr;
    QPointer<ApiCall> m_call;
    QPointer<ApiCall> m_cancelCall;
    ProgressParser m_parser;
    QStringList m_command;
    QString m_operationId;
    std::optional<Operation> m_last;
    std::chrono::seconds m_heartbeatWindow{0};
    Stage m_stage = Stage::Creating;
    std::optional<int> m_exitStatus;
    int m_interruptSignal = 0;
    bool m_childRunning = false;
    bool m_reportPending = false;
    bool m_warnedRefusal = false;
};

} // namespace optrack::ctl
