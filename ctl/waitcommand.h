#pragma once

#include "command.h"
#include "operation.h"

#include <QTimer>

#include <optional>

namespace optrack::ctl {

class OperationFollower;

/// `wait ID [--for approval|end] [--timeout SECONDS]`: follows the operation until its vote
/// decides it or it ends, and says how through the exit status.
class WaitCommand final : public Command
{
    Q_OBJECT

public:
    enum class Goal { Approval, End };

    /// The exit status once `operation` settles the wait; std::nullopt while it does not.
    /// Waiting for the approval of an operation that needs none is a conflict: a script
    /// that gates work on a vote must not go ahead without one.
    static std::optional<ExitStatus> outcome(const Operation &operation, Goal goal);
    /// The word printed for a settled wait ("approved", "completed", "denied").
    static QString outcomeWord(const Operation &operation, Goal goal);

    explicit WaitCommand(const CommandContext &context, QObject *parent = nullptr);

    void start() override;

private:
    void handleChanged(const Operation &operation);
    void handleError(const ApiStatus &status);
    void handleTimeout();

    OperationFollower *m_follower = nullptr;
    QTimer m_timeout;
    Goal m_goal = Goal::End;
    int m_timeoutSeconds = 0;
    bool m_toldOffline = false;
};

} // namespace optrack::ctl
