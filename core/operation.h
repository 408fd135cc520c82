#pragma once

#include "operationstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace optrack {

enum class VoteDecision { Approve, Deny };
enum class ApprovalDecision { Pending, Approved, Denied };

QString voteDecisionToWire(VoteDecision decision);
std::optional<VoteDecision> voteDecisionFromWire(QStringView wire);
QString approvalDecisionToWire(ApprovalDecision decision);
std::optional<ApprovalDecision> approvalDecisionFromWire(QStringView wire);

struct Vote
{
    QString voter;
    VoteDecision decision = VoteDecision::Approve;
    QString reason;
    QDateTime at;

    friend bool operator==(const Vote &, const Vote &) = default;
};

/// The approval state of an operation that needs votes.
struct Approval
{
    int required = 1;
    int approvals = 0;
    int denials = 0;
    ApprovalDecision decision = ApprovalDecision::Pending;
    QList<Vote> votes;
    /// The role whose members may vote (from the policy, "approver" by default).
    QString voterRole;
    /// When the operation fails for want of a decision; unset until it waits.
    QDateTime expiresAt;

    bool hasVoted(const QString &userId) const;

    friend bool operator==(const Approval &, const Approval &) = default;
};

/// One tracked operation: the value type shared by the service and the app.
struct Operation
{
    QString operationId;
    QString operationType;
    QString entityId;
    QString displayName;
    OperationStatus status = OperationStatus::Pending;
    double progressPercentage = 0;
    int currentStep = 0;
    int totalSteps = 0;
    QStringList steps;
    QString stepDescription;
    std::optional<QString> timeRemaining;
    std::optional<qint64> etaSeconds;
    std::optional<QString> errorMessage;
    QJsonValue result = QJsonValue::Null;
    bool cancellable = true;
    QJsonObject context;
    std::optional<Approval> approval;
    QDateTime createdAt;
    QDateTime updatedAt;
    std::optional<QDateTime> completedAt;
    qint64 version = 0;
    /// The producer promises a report (a PATCH, an empty one will do) at least this often
    /// while the operation is pending or in progress; unset: no promise.
    std::optional<int> heartbeatSeconds;
    /// One of the service's own workloads runs it (it was started through the upload, delete,
    /// export or retry route); false: its producer moves it.
    bool builtIn = false;

    /// context.userId: the operation's owner.
    QString owner() const;
    bool isTerminal() const { return optrack::isTerminal(status); }

    friend bool operator==(const Operation &, const Operation &) = default;
};

/// RFC 3339 UTC with milliseconds: 2026-11-29T12:00:00.000Z.
QString toWireTime(const QDateTime &time);
/// Parses RFC 3339 (any offset); an invalid QDateTime when it is not one.
QDateTime fromWireTime(const QString &text);

} // namespace optrack
