#include "operation.h"

#include <QTimeZone>

#include <algorithm>

namespace optrack {

QString voteDecisionToWire(VoteDecision decision)
{
    return decision == VoteDecision::Approve ? QStringLiteral("approve") : QStringLiteral("deny");
}

std::optional<VoteDecision> voteDecisionFromWire(QStringView wire)
{
    if (wire == u"approve")
        return VoteDecision::Approve;
    if (wire == u"deny")
        return VoteDecision::Deny;
    return std::nullopt;
}

QString approvalDecisionToWire(ApprovalDecision decision)
{
    switch (decision) {
    case ApprovalDecision::Pending:
        return QStringLiteral("pending");
    case ApprovalDecision::Approved:
        return QStringLiteral("approved");
    case ApprovalDecision::Denied:
        return QStringLiteral("denied");
    }
    return QStringLiteral("pending");
}

std::optional<ApprovalDecision> approvalDecisionFromWire(QStringView wire)
{
    if (wire == u"pending")
        return ApprovalDecision::Pending;
    if (wire == u"approved")
        return ApprovalDecision::Approved;
    if (wire == u"denied")
        return ApprovalDecision::Denied;
    return std::nullopt;
}

bool Approval::hasVoted(const QString &userId) const
{
    return std::any_of(votes.cbegin(), votes.cend(),
                       [&userId](const Vote &vote) { return vote.voter == userId; });
}

QString Operation::owner() const
{
    return context.value(QLatin1String("userId")).toString();
}

QString toWireTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QDateTime fromWireTime(const QString &text)
{
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    // RFC 3339 requires an offset. Qt reads a time without one as local time, which would
    // make the instant depend on the time zone of the machine that reads it.
    if (!parsed.isValid() || parsed.timeSpec() == Qt::LocalTime)
        return {};
    return parsed.toUTC();
}

} // namespace optrack
