#include "approvalpolicy.h"

namespace optrack {

ApprovalDecision decideApproval(const Approval &approval, const ApprovalPolicy &policy,
                                int eligibleVoters)
{
    if (approval.approvals >= approval.required)
        return ApprovalDecision::Approved;
    if (approval.denials > 0 && policy.denyDecides)
        return ApprovalDecision::Denied;
    // Only a denial can make the quorum unreachable: an approval never decides a denial.
    if (eligibleVoters >= 0 && approval.denials > 0) {
        const int stillToVote = std::max(0, eligibleVoters - approval.approvals - approval.denials);
        if (approval.approvals + stillToVote < approval.required)
            return ApprovalDecision::Denied;
    }
    return ApprovalDecision::Pending;
}

QString denialMessage(const QString &voter, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return QStringLiteral("Denied by %1").arg(voter);
    return QStringLiteral("Denied by %1: %2").arg(voter, reason.trimmed());
}

} // namespace optrack
