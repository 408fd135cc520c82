#include "operationactions.h"

#include "accessrules.h"

namespace optrack {

OperationActions OperationActions::forOperation(const Operation &operation, const QString &userId,
                                                const QStringList &roles)
{
    OperationActions actions;
    if (operation.operationId.isEmpty())
        return actions;
    actions.openProgress = true;
    actions.cancel
            = access::mayCancel(userId, roles, operation) && access::isCancellable(operation);
    actions.vote = access::mayVoteOn(userId, roles, operation);
    actions.retry = access::mayRetry(userId, roles, operation) && access::isRetryable(operation);
    actions.download = access::hasExportFile(operation);
    return actions;
}

} // namespace optrack
