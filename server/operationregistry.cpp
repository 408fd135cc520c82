#include "operationregistry.h"

#include "accessrules.h"
#include "approvalpolicy.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRegistry, "optrack.registry")

namespace {

// A timeout whose commit failed is tried again after this long.
constexpr qint64 timeoutRetryMsecs = 1000;
const QString serviceActor = u"optrackd"_s;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

ChangeResult failed(const ApiError &error, const Operation &shown = {})
{
    ChangeResult result;
    result.error = error;
    result.operation = shown;
    return result;
}

ChangeResult succeeded(const Operation &op)
{
    ChangeResult result;
    result.operation = op;
    return result;
}

QString newOperationId()
{
    const quint64 high = QRandomGenerator::system()->generate64();
    return u"op_"_s + QString::number(high, 16).rightJustified(16, u'0');
}

} // namespace

OperationRegistry::OperationRegistry(const ServerConfig &config, OperationStore *store,
                                     QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(store)
{
    connect(&m_timers, &OperationTimers::expired, this, &OperationRegistry::handleDeadline);
}

bool OperationRegistry::restore(QString *error)
{
    std::optional<StoredState> state = m_store->open(error);
    if (!state)
        return false;
    m_leads = m_store->isWriter();
    m_workingVersion = state->lastVersion;
    m_eventSeq = state->lastEventSeq;
    m_reads.load(state->operations, std::move(state->events), state->lastVersion);
    for (const Operation &op : std::as_const(state->operations))
        m_working.insert(op.operationId, op);
    if (m_leads)
        takeCharge(std::move(*state));
    qCInfo(lcRegistry) << "restored" << m_reads.size() << "operations at version"
                       << m_reads.headVersion() << (m_leads ? "" : "(following)");
    return true;
}

void OperationRegistry::takeCharge(StoredState state)
{
    m_idempotency.load(std::move(state.idempotency));
    m_eta = EtaTracker();
    for (const Operation &op : std::as_const(m_working)) {
        if (op.status == OperationStatus::Completed)
            m_eta.restoreCompleted(op);
        m_timers.follow(op);
        // The last report known: the last change, or a later heartbeat that changed nothing.
        // A deadline that passed while the service was down expires at once.
        const QDateTime heartbeat = state.heartbeats.value(op.operationId);
        m_timers.reported(op,
                          std::max(op.updatedAt.toMSecsSinceEpoch(),
                                   heartbeat.isValid() ? heartbeat.toMSecsSinceEpoch() : 0));
    }
}

void OperationRegistry::follow(WriteBatch batch, qint64 eventSeq)
{
    if (m_leads)
        return;
    for (const Operation &op : std::as_const(batch.operations))
        m_working.insert(op.operationId, op);
    for (const QString &id : std::as_const(batch.removedOperations))
        m_working.remove(id);
    m_workingVersion = std::max(m_workingVersion, batch.version);
    m_eventSeq = std::max(m_eventSeq, eventSeq);
    publish(batch);
}

void OperationRegistry::lead(StoredState state)
{
    if (m_leads)
        return;
    m_leads = true;
    m_workingVersion = std::max(m_workingVersion, state.lastVersion);
    m_eventSeq = std::max(m_eventSeq, state.lastEventSeq);
    takeCharge(std::move(state));
    qCInfo(lcRegistry) << "writing from version" << m_workingVersion;
    emit leading();
}

qint64 OperationRegistry::nowMsecs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

Operation *OperationRegistry::working(const QString &operationId)
{
    const auto it = m_working.find(operationId);
    return it == m_working.end() ? nullptr : &*it;
}

OperationEvent OperationRegistry::makeEvent(const Operation &op, EventKind kind,
                                            const QString &actor, const QString &message)
{
    OperationEvent event;
    event.seq = ++m_eventSeq;
    event.at = op.updatedAt;
    event.actor = actor;
    event.kind = kind;
    event.status = op.status;
    event.progressPercentage = op.progressPercentage;
    event.currentStep = op.currentStep;
    event.stepDescription = op.stepDescription;
    event.message = message;
    return event;
}

void OperationRegistry::stamp(Operation &op, const QDateTime &now)
{
    op.updatedAt = now;
    op.version = ++m_workingVersion;
    m_timers.follow(op);
    if (op.isTerminal()) {
        op.completedAt = now;
        op.cancellable = false;
    }
    m_eta.update(op, now);
}

void OperationRegistry::handleDeadline(OperationTimers::Kind kind, const QString &operationId)
{
    if (!m_leads)
        return;
    Operation *op = working(operationId);
    if (!op || !OperationTimers::stillDue(kind, *op))
        return;
    if (kind == OperationTimers::Kind::Approval)
        failApprovalTimeout(*op);
    else
        failHeartbeatTimeout(*op);
    Change change;
    change.batch.operations.append(*op);
    change.batch.events.append(
            {operationId, makeEvent(*op, EventKind::Timeout, serviceActor, *op->errorMessage)});
    change.batch.version = m_workingVersion;
    change.touched.append(operationId);
    submit(std::move(change), [this, kind, operationId](bool ok, const QString &) {
        // The operation is back as it was (rollBack): try the timeout again shortly.
        if (!ok && working(operationId))
            m_timers.set(kind, operationId, nowMsecs() + timeoutRetryMsecs);
    });
}

void OperationRegistry::failApprovalTimeout(Operation &op)
{
    const ApprovalPolicy policy = m_config.policyFor(op.operationType, op.approval->required);
    op.status = OperationStatus::Failed;
    op.errorMessage
            = u"Approval timed out after %1 without a decision (%2 of %3 approvals)."_s
                      .arg(EtaEstimator::describe(policy.timeoutSeconds).remove(u"about "_s))
                      .arg(op.approval->approvals)
                      .arg(op.approval->required);
    stamp(op, QDateTime::currentDateTimeUtc());
}

void OperationRegistry::failHeartbeatTimeout(Operation &op)
{
    op.status = OperationStatus::Failed;
    op.errorMessage = u"No progress report for %1 seconds; the producer stopped reporting."_s.arg(
            *op.heartbeatSeconds);
    stamp(op, QDateTime::currentDateTimeUtc());
}

void OperationRegistry::submit(Change change, std::function<void(bool, const QString &)> after)
{
    ++m_inFlight;
    WriteBatch copy = change.batch;
    m_store->submit(std::move(copy),
                    [this, batch = std::move(change.batch), touched = std::move(change.touched),
                     after = std::move(after)](bool ok, const QString &error) {
                        --m_inFlight;
                        if (ok)
                            publish(batch);
                        else
                            rollBack(touched);
                        after(ok, error);
                        if (m_inFlight == 0)
                            emit drained();
                    });
}

const UserAccount &OperationRegistry::serviceAccount()
{
    static const UserAccount account{serviceActor, {access::serviceRole}, {}};
    return account;
}

bool OperationRegistry::claimCompletion(const QString &operationId)
{
    Operation *op = working(operationId);
    if (!op || op->isTerminal())
        return false;
    if (!op->cancellable)
        return true;
    op->cancellable = false;
    stamp(*op, QDateTime::currentDateTimeUtc());
    Change change;
    change.batch.operations.append(*op);
    change.batch.events.append({operationId,
                                makeEvent(*op, EventKind::Updated, serviceActor,
                                          u"Finishing: no longer cancellable"_s)});
    change.batch.version = m_workingVersion;
    change.touched.append(operationId);
    submit(std::move(change), [](bool, const QString &) {});
    return true;
}

void OperationRegistry::addEvent(const QString &operationId, EventKind kind, const QString &actor,
                                 const QString &message, std::function<void()> done)
{
    const Operation *op = working(operationId);
    if (!op) {
        if (done)
            done();
        return;
    }
    Operation stamped = *op;
    stamped.updatedAt = QDateTime::currentDateTimeUtc();
    Change change;
    change.batch.events.append({operationId, makeEvent(stamped, kind, actor, message)});
    change.batch.version = m_workingVersion;
    submit(std::move(change), [done = std::move(done)](bool, const QString &) {
        if (done)
            done();
    });
}

void OperationRegistry::remove(const QStringList &operationIds, std::function<void(bool ok)> done)
{
    Change change;
    for (const QString &id : operationIds) {
        if (m_working.remove(id) > 0)
            change.batch.removedOperations.append(id);
    }
    if (change.batch.removedOperations.isEmpty()) {
        done(true);
        return;
    }
    change.batch.version = m_workingVersion;
    submit(std::move(change), [done = std::move(done)](bool ok, const QString &) { done(ok); });
}

std::optional<IdempotencyRecord> OperationRegistry::idempotencyRecord(const QString &userId,
                                                                      const QString &key) const
{
    return m_idempotency.find(userId, key);
}

std::optional<Operation> OperationRegistry::current(const QString &operationId) const
{
    const auto it = m_working.constFind(operationId);
    return it == m_working.cend() ? std::nullopt : std::optional<Operation>(*it);
}

void OperationRegistry::publish(const WriteBatch &batch)
{
    for (const QString &id : batch.removedOperations) {
        if (m_reads.find(id))
            m_idempotency.forgetOperation(id);
    }
    m_reads.apply(batch);
    if (!batch.operations.isEmpty())
        emit published(batch.operations);
}

void OperationRegistry::rollBack(const QStringList &operationIds)
{
    for (const QString &id : operationIds) {
        const Operation *published = m_reads.find(id);
        if (!published) {
            m_working.remove(id);
            continue;
        }
        m_working.insert(id, *published);
        // Its deadlines as they were before the change that failed; a producer gets a new
        // window.
        m_timers.follow(*published);
        m_timers.reported(*published, nowMsecs());
    }
}

void OperationRegistry::create(const UserAccount &caller, const CreateOperationRequest &request,
                               Runner runner, const std::optional<IdempotencyRequest> &idempotency,
                               Done done)
{
    // The owner: userId, or context.userId (the same when both are given), or the caller.
    const QString owner
            = request.userId.value_or(request.context.value(u"userId"_s).toString(caller.userId));
    if (!access::mayStartFor(caller.userId, caller.roles, owner)) {
        done(failed(ApiError::forbidden(
                u"Only the service role may start operations for another user."_s)));
        return;
    }
    const QString keyUser
            = idempotency && !idempotency->userId.isEmpty() ? idempotency->userId : caller.userId;
    if (idempotency) {
        if (const auto known = m_idempotency.find(keyUser, idempotency->key)) {
            if (known->requestHash != idempotency->requestHash) {
                done(failed(ApiError::conflict(
                        u"This Idempotency-Key was already used with a different request; "
                        "use a new key for a new request."_s)));
                return;
            }
            // The first answer may still be committing: answer once everything before is durable,
            // and if that first request failed after all, this one is a first request again.
            ChangeResult replay;
            replay.replay = *known;
            const UserAccount account = caller;
            submit({},
                   [this, account, keyUser, request, runner, idempotency, replay,
                    done = std::move(done)](bool, const QString &) mutable {
                       if (!m_idempotency.contains(keyUser, idempotency->key)) {
                           create(account, request, runner, idempotency, std::move(done));
                           return;
                       }
                       done(replay);
                   });
            return;
        }
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    Operation op;
    do {
        op.operationId = newOperationId();
    } while (m_working.contains(op.operationId));
    op.operationType = request.operationType;
    op.entityId = request.entityId;
    op.displayName = request.displayName.value_or(request.operationType + u' ' + request.entityId);
    op.context = request.context;
    op.context.insert(u"userId"_s, owner);
    op.steps = request.steps;
    op.totalSteps = request.totalSteps.value_or(int(request.steps.size()));
    op.cancellable = request.cancellable;
    op.heartbeatSeconds = request.heartbeatSeconds;
    op.builtIn = runner == Runner::Workload;
    if (m_config.approvalPolicies.contains(op.operationType) || request.requiredApprovals) {
        const ApprovalPolicy policy
                = m_config.policyFor(op.operationType, request.requiredApprovals.value_or(0));
        Approval approval;
        approval.required = policy.requiredApprovals;
        approval.voterRole = policy.voterRole;
        op.approval = approval;
    }
    op.createdAt = now;
    stamp(op, now);
    m_working.insert(op.operationId, op);
    m_timers.reported(op, now.toMSecsSinceEpoch());

    Change change;
    change.batch.operations.append(op);
    const QString message = owner == caller.userId
            ? u"Created by %1"_s.arg(caller.userId)
            : u"Created by %1 for %2"_s.arg(caller.userId, owner);
    change.batch.events.append(
            {op.operationId, makeEvent(op, EventKind::Created, caller.userId, message)});
    if (idempotency) {
        IdempotencyRecord record{
                keyUser,
                idempotency->key,
                idempotency->requestHash,
                idempotency->answerStatus,
                compact(idempotency->answerBody ? idempotency->answerBody(op) : codec::toJson(op)),
                op.operationId,
                now};
        m_idempotency.insert(record);
        change.batch.idempotency.append(record);
    }
    change.batch.version = m_workingVersion;
    change.touched.append(op.operationId);
    const std::optional<QString> key = idempotency ? std::optional(idempotency->key) : std::nullopt;
    submit(std::move(change),
           [this, op, done = std::move(done), key, user = keyUser](bool ok, const QString &why) {
               if (!ok) {
                   if (key)
                       m_idempotency.remove(user, *key);
                   done(failed(ApiError::notSaved(u"The operation"_s, why)));
                   return;
               }
               done(succeeded(op));
           });
}

void OperationRegistry::patch(const UserAccount &caller, const QString &operationId,
                              const PatchOperationRequest &request, Done done)
{
    Operation *current = working(operationId);
    if (!current) {
        done(failed(ApiError::notFound(u"No operation has the id %1."_s.arg(operationId))));
        return;
    }
    const bool isService = caller.hasRole(access::serviceRole);
    if (!access::mayUpdate(caller.userId, caller.roles, *current)) {
        done(failed(ApiError::forbidden(
                u"Only the service role or the owner may update operation %1."_s.arg(
                        operationId))));
        return;
    }
    if (current->isTerminal()) {
        done(failed(
                ApiError::conflict(u"Operation %1 is %2; a finished operation never changes."_s.arg(
                        operationId, statusToWire(current->status)))));
        return;
    }
    Operation op = *current;
    if (request.context && request.context->contains(u"userId"_s)
        && request.context->value(u"userId"_s).toString() != op.owner()) {
        done(failed(
                ApiError::badRequest(u"context.userId: the owner of an operation never changes."_s,
                                     u"context.userId"_s)));
        return;
    }
    const int totalSteps = std::max<int>(op.totalSteps, int(op.steps.size()));
    if (request.currentStep && totalSteps > 0 && *request.currentStep > totalSteps) {
        done(failed(ApiError::badRequest(
                u"currentStep must be between 0 and %1, the number of steps."_s.arg(totalSteps),
                u"currentStep"_s)));
        return;
    }
    const OperationStatus before = op.status;
    if (request.status) {
        const OperationStatus to = *request.status;
        if (to == OperationStatus::Approved || to == OperationStatus::Denied) {
            done(failed(ApiError::conflict(
                    u"status: %1 is reached only through votes."_s.arg(statusToWire(to)))));
            return;
        }
        if (!isMoveAllowed(op.status, to)) {
            done(failed(ApiError::conflict(u"status: operation %1 cannot move from %2 to %3."_s.arg(
                    operationId, statusToWire(op.status), statusToWire(to)))));
            return;
        }
        if (to == OperationStatus::WaitingForApproval && !op.approval) {
            done(failed(ApiError::conflict(
                    u"status: operation %1 needs no approval, so it cannot wait for one."_s.arg(
                            operationId))));
            return;
        }
        if (to == OperationStatus::Cancelled && !isService && !op.cancellable) {
            done(failed(
                    ApiError::conflict(u"Operation %1 cannot be cancelled."_s.arg(operationId))));
            return;
        }
        op.status = to;
    }

    QStringList changed;
    if (request.progressPercentage && *request.progressPercentage != op.progressPercentage) {
        op.progressPercentage = *request.progressPercentage;
        changed << u"progress %1%"_s.arg(op.progressPercentage);
    }
    if (request.currentStep && *request.currentStep != op.currentStep) {
        op.currentStep = *request.currentStep;
        if (!request.stepDescription && op.currentStep >= 1 && op.currentStep <= op.steps.size())
            op.stepDescription = op.steps.at(op.currentStep - 1);
        changed << u"step %1"_s.arg(op.currentStep);
    }
    if (request.stepDescription && *request.stepDescription != op.stepDescription) {
        op.stepDescription = *request.stepDescription;
        changed << u"\"%1\""_s.arg(op.stepDescription);
    }
    if (request.errorMessage && *request.errorMessage != op.errorMessage) {
        op.errorMessage = *request.errorMessage;
        changed << u"error message"_s;
    }
    if (request.result && *request.result != op.result) {
        op.result = *request.result;
        changed << u"result"_s;
    }
    if (request.context) {
        const QJsonObject merged = op.context;
        for (auto it = request.context->begin(); it != request.context->end(); ++it)
            op.context.insert(it.key(), it.value());
        if (op.context != merged)
            changed << u"context"_s;
    }
    if (op.status == OperationStatus::Completed && !request.progressPercentage)
        op.progressPercentage = 100;
    if (op == *current) {
        patchWithoutChange(op, std::move(done));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (op.status == OperationStatus::WaitingForApproval && before != op.status) {
        const ApprovalPolicy policy = m_config.policyFor(op.operationType, op.approval->required);
        op.approval->expiresAt = now.addSecs(policy.timeoutSeconds);
    }

    stamp(op, now);
    *current = op;
    m_timers.reported(op, now.toMSecsSinceEpoch());

    Change change;
    const bool statusChanged = before != op.status;
    QString message;
    if (statusChanged) {
        message = u"%1 → %2"_s.arg(statusLabel(before), statusLabel(op.status));
        if (op.errorMessage && op.status == OperationStatus::Failed)
            message += u": "_s + *op.errorMessage;
    } else {
        message = u"Updated "_s + changed.join(u", "_s);
    }
    change.batch.operations.append(op);
    const EventKind kind = !statusChanged             ? EventKind::Updated
            : op.status == OperationStatus::Cancelled ? EventKind::Cancel
                                                      : EventKind::Status;
    change.batch.events.append({operationId, makeEvent(op, kind, caller.userId, message)});
    change.batch.version = m_workingVersion;
    change.touched.append(operationId);
    submit(std::move(change), [op, done = std::move(done)](bool ok, const QString &why) {
        if (!ok)
            done(failed(ApiError::notSaved(u"The change"_s, why)));
        else
            done(succeeded(op));
    });
}

void OperationRegistry::patchWithoutChange(const Operation &op, Done done)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_timers.reported(op, now.toMSecsSinceEpoch());
    Change change;
    // A heartbeat is kept (not as a change: no version, no event) so that a restart counts the
    // deadline from it.
    if (m_timers.watchesHeartbeat(op.operationId))
        change.batch.heartbeats.append({op.operationId, now});
    const Operation *published = m_reads.find(op.operationId);
    if (change.batch.isEmpty() && published && *published == op) {
        done(succeeded(op));
        return;
    }
    // Answered once the report, and any change of the operation still on its way to the
    // disk, is durable: the answer never shows what a crash could take back.
    submit(std::move(change), [this, op, done = std::move(done)](bool ok, const QString &why) {
        const Operation *published = m_reads.find(op.operationId);
        if (!ok || !published)
            done(failed(ApiError::notSaved(u"The report"_s, why)));
        else
            done(succeeded(*published));
    });
}

void OperationRegistry::cancel(const UserAccount &caller, const QString &operationId,
                               const CancelRequest &request, Done done)
{
    Operation *current = working(operationId);
    if (!current) {
        done(failed(ApiError::notFound(u"No operation has the id %1."_s.arg(operationId))));
        return;
    }
    if (!access::mayCancel(caller.userId, caller.roles, *current)) {
        done(failed(ApiError::forbidden(
                u"Only the owner or an admin may cancel operation %1."_s.arg(operationId))));
        return;
    }
    const Operation *published = m_reads.find(operationId);
    const Operation shown = published ? *published : *current;
    if (current->isTerminal()) {
        done(failed(ApiError::conflict(u"Operation %1 is already %2 and cannot be cancelled."_s.arg(
                            operationId, statusToWire(current->status))),
                    shown));
        return;
    }
    if (!current->cancellable) {
        done(failed(ApiError::conflict(u"Operation %1 cannot be cancelled."_s.arg(operationId)),
                    shown));
        return;
    }
    Operation op = *current;
    op.status = OperationStatus::Cancelled;
    const QString message = request.reason.isEmpty()
            ? u"Cancelled by %1"_s.arg(caller.userId)
            : u"Cancelled by %1: %2"_s.arg(caller.userId, request.reason);
    op.stepDescription = message;
    stamp(op, QDateTime::currentDateTimeUtc());
    *current = op;

    Change change;
    change.batch.operations.append(op);
    change.batch.events.append(
            {operationId, makeEvent(op, EventKind::Cancel, caller.userId, message)});
    change.batch.version = m_workingVersion;
    change.touched.append(operationId);
    submit(std::move(change), [op, done = std::move(done)](bool ok, const QString &why) {
        if (!ok)
            done(failed(ApiError::notSaved(u"The cancellation"_s, why)));
        else
            done(succeeded(op));
    });
}

void OperationRegistry::vote(const UserAccount &caller, const QString &operationId,
                             const VoteRequest &request, Done done)
{
    Operation *current = working(operationId);
    if (!current) {
        done(failed(ApiError::notFound(u"No operation has the id %1."_s.arg(operationId))));
        return;
    }
    if (!current->approval) {
        if (!ReadModel::canSee(caller, *current))
            done(failed(
                    ApiError::forbidden(u"You may not vote on operation %1."_s.arg(operationId))));
        else
            done(failed(ApiError::conflict(
                    u"Operation %1 needs no approval, so it takes no votes."_s.arg(operationId))));
        return;
    }
    if (current->owner() == caller.userId) {
        done(failed(ApiError::forbidden(
                u"You started operation %1; the owner never votes on their own operation."_s.arg(
                        operationId))));
        return;
    }
    if (!access::isApproverOf(caller.roles, *current)) {
        done(failed(ApiError::forbidden(u"Voting on operation %1 needs the %2 role."_s.arg(
                operationId, access::voterRoleOf(*current->approval)))));
        return;
    }
    if (current->status != OperationStatus::WaitingForApproval) {
        done(failed(ApiError::conflict(
                u"Operation %1 is %2, not waiting for approval; votes are closed."_s.arg(
                        operationId, statusToWire(current->status)))));
        return;
    }
    if (current->approval->hasVoted(caller.userId)) {
        done(failed(
                ApiError::conflict(u"You have already voted on operation %1."_s.arg(operationId))));
        return;
    }

    Operation op = *current;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Approval &approval = *op.approval;
    approval.votes.append({caller.userId, request.decision, request.reason, now});
    if (request.decision == VoteDecision::Approve)
        ++approval.approvals;
    else
        ++approval.denials;
    const ApprovalPolicy policy = m_config.policyFor(op.operationType, approval.required);
    const ApprovalDecision decision
            = decideApproval(approval, policy, m_config.eligibleVoters(policy, op.owner()));
    approval.decision = decision;
    QString decisionMessage;
    if (decision == ApprovalDecision::Approved) {
        op.status = OperationStatus::Approved;
        decisionMessage = u"Approved by %1 (%2 of %3 approvals)"_s.arg(caller.userId)
                                  .arg(approval.approvals)
                                  .arg(approval.required);
    } else if (decision == ApprovalDecision::Denied) {
        op.status = OperationStatus::Denied;
        // The deciding denial, or the last one when the quorum became unreachable.
        QString reason = request.reason;
        QString voter = caller.userId;
        if (request.decision == VoteDecision::Approve) {
            for (const Vote &vote : approval.votes) {
                if (vote.decision == VoteDecision::Deny) {
                    voter = vote.voter;
                    reason = vote.reason;
                }
            }
        }
        op.errorMessage = denialMessage(voter, reason);
        decisionMessage = *op.errorMessage;
    }
    stamp(op, now);
    *current = op;

    Change change;
    const QString verb = request.decision == VoteDecision::Approve ? u"Approve"_s : u"Deny"_s;
    const QString voteMessage = request.reason.isEmpty()
            ? u"%1 by %2"_s.arg(verb, caller.userId)
            : u"%1 by %2: %3"_s.arg(verb, caller.userId, request.reason);
    change.batch.events.append(
            {operationId, makeEvent(op, EventKind::Vote, caller.userId, voteMessage)});
    if (decision != ApprovalDecision::Pending)
        change.batch.events.append(
                {operationId, makeEvent(op, EventKind::Decision, caller.userId, decisionMessage)});
    change.batch.operations.append(op);
    change.batch.version = m_workingVersion;
    change.touched.append(operationId);
    submit(std::move(change), [op, decision, done = std::move(done)](bool ok, const QString &why) {
        if (!ok) {
            done(failed(ApiError::notSaved(u"The vote"_s, why)));
            return;
        }
        ChangeResult result = succeeded(op);
        result.decision = decision;
        done(result);
    });
}

} // namespace optrack
