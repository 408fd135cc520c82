#include "waitcommand.h"

#include "operationcodec.h"
#include "operationfollower.h"
#include "optionvalues.h"

#include <chrono>
#include <limits>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr int maxTimeoutSeconds = std::numeric_limits<int>::max() / 1000;

bool stopsFollowing(ErrorCategory category)
{
    return category == ErrorCategory::NotFound || category == ErrorCategory::Forbidden
            || category == ErrorCategory::Unauthorised;
}

} // namespace

std::optional<ExitStatus> WaitCommand::outcome(const Operation &operation, Goal goal)
{
    if (goal == Goal::Approval) {
        if (!operation.approval)
            return ExitStatus::Conflict;
        if (operation.approval->decision == ApprovalDecision::Approved)
            return ExitStatus::Success;
        if (operation.approval->decision == ApprovalDecision::Denied)
            return ExitStatus::Denied;
    }
    if (operation.isTerminal())
        return exitStatusForEnd(operation.status);
    return std::nullopt;
}

QString WaitCommand::outcomeWord(const Operation &operation, Goal goal)
{
    if (goal == Goal::Approval && operation.approval
        && operation.approval->decision != ApprovalDecision::Pending) {
        return approvalDecisionToWire(operation.approval->decision);
    }
    return statusToWire(operation.status);
}

WaitCommand::WaitCommand(const CommandContext &context, QObject *parent)
    : Command(context, parent)
    , m_follower(new OperationFollower(context.connection, this))
{
    m_timeout.setSingleShot(true);
    // A coarse timer may fire up to 5 % early: --timeout 1 must wait at least one second.
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, &WaitCommand::handleTimeout);
    connect(m_follower, &OperationFollower::operationChanged, this, &WaitCommand::handleChanged);
    connect(m_follower, &OperationFollower::errorOccurred, this, &WaitCommand::handleError);
}

void WaitCommand::start()
{
    const QString goal = line().value(option::waitFor);
    if (goal == u"approval"_s) {
        m_goal = Goal::Approval;
    } else if (goal == u"end"_s) {
        m_goal = Goal::End;
    } else {
        finishWithUsage(u"wait: --for is approval or end, not \"%1\"."_s.arg(goal));
        return;
    }
    if (line().isSet(option::timeout)) {
        QString error;
        const std::optional<int> seconds = optionvalue::wholeNumber(
                QString::fromLatin1(option::timeout), line().value(option::timeout), 0,
                maxTimeoutSeconds, &error);
        if (!seconds) {
            finishWithUsage(error);
            return;
        }
        m_timeoutSeconds = *seconds;
        m_timeout.start(std::chrono::seconds(m_timeoutSeconds));
    }
    m_follower->start(line().arguments().value(0));
}

void WaitCommand::handleChanged(const Operation &operation)
{
    m_toldOffline = false;
    const std::optional<ExitStatus> settled = outcome(operation, m_goal);
    if (!settled)
        return;
    m_follower->stop();
    m_timeout.stop();
    if (*settled == ExitStatus::Conflict) {
        console().printError(u"Operation %1 needs no approval, so there is none to wait for."_s.arg(
                operation.operationId));
        finish(*settled);
        return;
    }
    if (console().json())
        console().printJson(codec::toJson(operation));
    else
        console().printLine(outcomeWord(operation, m_goal));
    if (*settled != ExitStatus::Success && operation.errorMessage
        && !operation.errorMessage->isEmpty()) {
        console().printError(u"Operation %1 is %2: %3"_s.arg(
                operation.operationId, outcomeWord(operation, m_goal), *operation.errorMessage));
    }
    finish(*settled);
}

void WaitCommand::handleError(const ApiStatus &status)
{
    // Before the first answer nothing says the address or the id is right; afterwards an
    // outage is waited out (the follower keeps trying) unless the operation is out of reach.
    if (!m_follower->operation() || stopsFollowing(status.category)) {
        m_follower->stop();
        finishWithError(status);
        return;
    }
    if (!m_toldOffline) {
        m_toldOffline = true;
        console().printError(describe(status) + u" Still waiting; trying again."_s);
    }
}

void WaitCommand::handleTimeout()
{
    m_follower->stop();
    const std::optional<Operation> operation = m_follower->operation();
    console().printError(u"Operation %1 is still %2 after %3 seconds."_s
                                 .arg(line().arguments().value(0),
                                      operation ? statusToWire(operation->status) : u"unknown"_s)
                                 .arg(m_timeoutSeconds));
    finish(ExitStatus::TimedOut);
}

} // namespace optrack::ctl
