#include "exitstatus.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

int toInt(ExitStatus status)
{
    return static_cast<int>(status);
}

ExitStatus exitStatusFor(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::None:
        return ExitStatus::Success;
    case ErrorCategory::CannotConnect:
    case ErrorCategory::TimedOut: // reached but silent: as unusable as unreachable
        return ExitStatus::CannotConnect;
    case ErrorCategory::Unauthorised:
        return ExitStatus::Unauthorised;
    case ErrorCategory::Forbidden:
        return ExitStatus::Forbidden;
    case ErrorCategory::NotFound:
        return ExitStatus::NotFound;
    case ErrorCategory::Conflict:
        return ExitStatus::Conflict;
    case ErrorCategory::BadRequest:
    case ErrorCategory::PayloadTooLarge:
        return ExitStatus::Usage;
    case ErrorCategory::ServiceError:
    case ErrorCategory::UnreadableAnswer:
    case ErrorCategory::LocalFile:
    case ErrorCategory::Aborted:
        return ExitStatus::Failure;
    }
    return ExitStatus::Failure;
}

ExitStatus exitStatusForEnd(OperationStatus status)
{
    switch (status) {
    case OperationStatus::Completed:
        return ExitStatus::Success;
    case OperationStatus::Denied:
        return ExitStatus::Denied;
    case OperationStatus::Failed:
        return ExitStatus::Failed;
    case OperationStatus::Cancelled:
        return ExitStatus::Cancelled;
    case OperationStatus::Pending:
    case OperationStatus::InProgress:
    case OperationStatus::WaitingForApproval:
    case OperationStatus::Approved:
        break;
    }
    return ExitStatus::Failure;
}

QList<ExitStatusDoc> documentedExitStatuses()
{
    return {
            {toInt(ExitStatus::Success),
             u"success; for wait and watch ID: approved or completed"_s},
            {toInt(ExitStatus::Failure),
             u"any other error (the service failed, its answer could not be read)"_s},
            {toInt(ExitStatus::Usage),
             u"usage: the command line is wrong, or the service refused a value in it"_s},
            {toInt(ExitStatus::Denied), u"the operation was denied"_s},
            {toInt(ExitStatus::Failed), u"the operation failed"_s},
            {toInt(ExitStatus::Cancelled), u"the operation was cancelled"_s},
            {toInt(ExitStatus::TimedOut), u"wait: --timeout passed before the decision"_s},
            {toInt(ExitStatus::CannotConnect),
             u"cannot connect to the service, or it does not answer in time"_s},
            {toInt(ExitStatus::Unauthorised), u"the service did not accept the token"_s},
            {toInt(ExitStatus::Forbidden), u"the account may not do this"_s},
            {toInt(ExitStatus::NotFound), u"no such operation (or not visible to the account)"_s},
            {toInt(ExitStatus::Conflict),
             u"the operation's state does not allow it (finished, already voted)"_s},
    };
}

} // namespace optrack::ctl
