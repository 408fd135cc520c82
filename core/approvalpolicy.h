#pragma once

#include "accessrules.h"
#include "operation.h"

#include <QString>

namespace optrack {

/// How an operation type's approval is decided (the configuration's approvalPolicies).
struct ApprovalPolicy
{
    static constexpr int defaultTimeoutSeconds = 86400;

    int requiredApprovals = 1;
    QString voterRole = access::defaultVoterRole;
    bool denyDecides = true;
    int timeoutSeconds = defaultTimeoutSeconds;

    friend bool operator==(const ApprovalPolicy &, const ApprovalPolicy &) = default;
};

/// The decision the votes so far reach. eligibleVoters is how many people may vote
/// on the operation (-1 when unknown): without denyDecides, denials decide only once
/// the quorum can no longer be reached.
ApprovalDecision decideApproval(const Approval &approval, const ApprovalPolicy &policy,
                                int eligibleVoters = -1);

/// "Denied by bob: not today" or "Denied by bob".
QString denialMessage(const QString &voter, const QString &reason);

} // namespace optrack
