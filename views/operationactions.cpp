#include "operationactions.h"

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

const QString adminRole = u"admin"_s;
const QString defaultVoterRole = u"approver"_s;
const QString exportType = u"data_export"_s;

} // namespace

bool OperationActions::isRetryableType(const QString &operationType)
{
    return operationType == u"file_upload"_s || operationType == u"file_deletion"_s
            || operationType == exportType;
}

OperationActions OperationActions::forOperation(const Operation &operation, const QString &userId,
                                                const QStringList &roles)
{
    OperationActions actions;
    if (operation.operationId.isEmpty())
        return actions;
    const bool ownerOrAdmin
            = (!userId.isEmpty() && operation.owner() == userId) || roles.contains(adminRole);

    actions.openProgress = true;
    actions.cancel = ownerOrAdmin && operation.cancellable && !operation.isTerminal();

    if (operation.status == OperationStatus::WaitingForApproval && operation.approval
        && !userId.isEmpty()) {
        const Approval &approval = *operation.approval;
        const QString voterRole
                = approval.voterRole.isEmpty() ? defaultVoterRole : approval.voterRole;
        actions.vote = roles.contains(voterRole) && operation.owner() != userId
                && !approval.hasVoted(userId);
    }

    const bool retryableStatus = operation.status == OperationStatus::Failed
            || operation.status == OperationStatus::Denied
            || operation.status == OperationStatus::Cancelled;
    actions.retry = ownerOrAdmin && retryableStatus && isRetryableType(operation.operationType);

    actions.download = operation.operationType == exportType
            && operation.status == OperationStatus::Completed;
    return actions;
}

} // namespace optrack
