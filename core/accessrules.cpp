#include "accessrules.h"

namespace optrack::access {

namespace {

bool ownerOrAdmin(const QString &userId, const QStringList &roles, const Operation &operation)
{
    return (!userId.isEmpty() && operation.owner() == userId) || roles.contains(adminRole);
}

} // namespace

const QStringList &knownRoles()
{
    static const QStringList roles{userRole, approverRole, staffRole, adminRole, serviceRole};
    return roles;
}

bool isBuiltInType(const QString &operationType)
{
    return operationType == uploadType || operationType == deletionType
            || operationType == exportType;
}

bool seesEveryOperation(const QStringList &roles)
{
    return roles.contains(staffRole) || roles.contains(adminRole);
}

bool mayListAll(const QStringList &roles)
{
    return seesEveryOperation(roles) || roles.contains(serviceRole);
}

bool mayStartFor(const QString &userId, const QStringList &roles, const QString &owner)
{
    return owner == userId || roles.contains(serviceRole);
}

bool mayUpdate(const QString &userId, const QStringList &roles, const Operation &operation)
{
    return roles.contains(serviceRole) || (!userId.isEmpty() && operation.owner() == userId);
}

bool mayUpload(const QStringList &roles)
{
    return roles.contains(userRole);
}

bool mayExport(const QStringList &roles)
{
    return roles.contains(userRole) || seesEveryOperation(roles);
}

bool mayAskToDeleteFiles(const QStringList &roles)
{
    return roles.contains(userRole) || roles.contains(adminRole);
}

QString voterRoleOf(const Approval &approval)
{
    return approval.voterRole.isEmpty() ? defaultVoterRole : approval.voterRole;
}

bool isApproverOf(const QStringList &roles, const Operation &operation)
{
    return operation.approval && roles.contains(voterRoleOf(*operation.approval));
}

bool mayVoteOn(const QString &userId, const QStringList &roles, const Operation &operation)
{
    return operation.status == OperationStatus::WaitingForApproval && !userId.isEmpty()
            && isApproverOf(roles, operation) && operation.owner() != userId
            && !operation.approval->hasVoted(userId);
}

bool mayCancel(const QString &userId, const QStringList &roles, const Operation &operation)
{
    return ownerOrAdmin(userId, roles, operation);
}

bool isCancellable(const Operation &operation)
{
    return operation.cancellable && !operation.isTerminal();
}

bool mayRetry(const QString &userId, const QStringList &roles, const Operation &operation)
{
    return ownerOrAdmin(userId, roles, operation);
}

bool isRetryable(const Operation &operation)
{
    const bool ended = operation.status == OperationStatus::Failed
            || operation.status == OperationStatus::Denied
            || operation.status == OperationStatus::Cancelled;
    return ended && operation.builtIn;
}

bool hasExportFile(const Operation &operation)
{
    return operation.builtIn && operation.operationType == exportType
            && operation.status == OperationStatus::Completed;
}

} // namespace optrack::access
