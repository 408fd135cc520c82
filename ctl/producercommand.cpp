#include "producercommand.h"

#include "apicall.h"
#include "operationsclient.h"
#include "optionvalues.h"
#include "votesclient.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr double finishedPercentage = 100.0;

bool movesToInProgress(OperationStatus status)
{
    return status == OperationStatus::Pending || status == OperationStatus::Approved;
}

} // namespace

ProducerCommand::ProducerCommand(const CommandContext &context, QObject *parent)
    : Command(context, parent)
    , m_operations(new OperationsClient(context.connection, this))
    , m_votes(new VotesClient(context.connection, this))
{ }

void ProducerCommand::start()
{
    const QString name = line().command()->name;
    if (name == u"start"_s)
        startOperation();
    else if (name == u"update"_s)
        update();
    else if (name == u"complete"_s)
        complete();
    else if (name == u"fail"_s)
        fail();
    else if (name == u"cancel"_s)
        cancel();
    else if (name == u"vote"_s)
        vote();
}

void ProducerCommand::keepAnswer()
{
    if (m_call)
        m_answer = m_call->json();
}

void ProducerCommand::succeed(const QString &text)
{
    if (console().json())
        console().printJson(m_answer);
    else if (!text.isEmpty())
        console().printLine(text);
    finish(ExitStatus::Success);
}

void ProducerCommand::startOperation()
{
    QString error;
    CreateOperationRequest request;
    request.operationType = line().value(option::type);
    request.entityId = line().value(option::entity);
    if (line().isSet(option::name))
        request.displayName = line().value(option::name);
    request.steps = line().values(option::step);
    const bool needsApproval = line().isSet(option::approval);
    if (needsApproval)
        request.requiredApprovals = 1;
    const std::optional<QJsonObject> context
            = optionvalue::context(line().values(option::context), &error);
    if (!context) {
        finishWithUsage(error);
        return;
    }
    request.context = *context;

    CreateOptions options;
    options.idempotencyKey = line().value(option::idempotencyKey);
    if (line().isSet(option::heartbeat)) {
        request.heartbeatSeconds = optionvalue::wholeNumber(
                QString::fromLatin1(option::heartbeat), line().value(option::heartbeat),
                codec::minHeartbeatSeconds, codec::maxHeartbeatSeconds, &error);
        if (!request.heartbeatSeconds) {
            finishWithUsage(error);
            return;
        }
    }
    m_call = m_operations->create(
            request, options, this,
            [this, needsApproval](const ApiStatus &status, const Operation &operation) {
                handleCreated(status, operation, needsApproval);
            });
}

void ProducerCommand::handleCreated(const ApiStatus &status, const Operation &operation,
                                    bool needsApproval)
{
    if (!status.ok()) {
        finishWithError(status);
        return;
    }
    keepAnswer();
    // A type whose approval policy asks for votes waits for them even without --approval.
    // A replayed Idempotency-Key answers with the first answer: the operation may have
    // moved on since, which the refusal below sorts out.
    if ((!needsApproval && !operation.approval) || operation.status != OperationStatus::Pending) {
        succeed(operation.operationId);
        return;
    }
    PatchOperationRequest waiting;
    waiting.status = OperationStatus::WaitingForApproval;
    const QString id = operation.operationId;
    m_call = m_operations->patch(id, waiting, this,
                                 [this, id](const ApiStatus &status, const Operation &) {
                                     if (status.ok()) {
                                         keepAnswer();
                                         succeed(id);
                                     } else if (status.category == ErrorCategory::Conflict) {
                                         handleWaitingRefused(status);
                                     } else {
                                         finishWithError(status);
                                     }
                                 });
}

void ProducerCommand::handleWaitingRefused(const ApiStatus &refusal)
{
    const QString id = m_answer.value(u"operationId"_s).toString();
    m_call = m_operations->fetch(
            id, {}, this, [this, id, refusal](const ApiStatus &status, const Operation &operation) {
                if (!status.ok() || operation.status == OperationStatus::Pending) {
                    finishWithError(refusal);
                    return;
                }
                keepAnswer();
                succeed(id);
            });
}

void ProducerCommand::update()
{
    QString error;
    PatchOperationRequest change;
    if (line().isSet(option::progress)) {
        change.progressPercentage = optionvalue::percentage(QString::fromLatin1(option::progress),
                                                            line().value(option::progress), &error);
        if (!change.progressPercentage) {
            finishWithUsage(error);
            return;
        }
    }
    if (line().isSet(option::step)) {
        change.currentStep
                = optionvalue::wholeNumber(QString::fromLatin1(option::step),
                                           line().value(option::step), 0, codec::maxSteps, &error);
        if (!change.currentStep) {
            finishWithUsage(error);
            return;
        }
    }
    if (line().isSet(option::text))
        change.stepDescription = line().value(option::text);
    if (change.isEmpty()) {
        // A heartbeat: "still alive", nothing else changes (not even the status).
        patchInOrder({change});
        return;
    }
    readThenPatch([change](const Operation &operation) {
        PatchOperationRequest patch = change;
        if (movesToInProgress(operation.status))
            patch.status = OperationStatus::InProgress;
        return QList<PatchOperationRequest>{patch};
    });
}

void ProducerCommand::complete()
{
    QString error;
    PatchOperationRequest done;
    done.status = OperationStatus::Completed;
    done.progressPercentage = finishedPercentage;
    if (line().isSet(option::result)) {
        done.result = optionvalue::json(QString::fromLatin1(option::result),
                                        line().value(option::result), &error);
        if (!done.result) {
            finishWithUsage(error);
            return;
        }
    }
    readThenPatch([done](const Operation &operation) {
        QList<PatchOperationRequest> patches;
        // The contract has no move from pending straight to completed.
        if (operation.status == OperationStatus::Pending) {
            PatchOperationRequest begin;
            begin.status = OperationStatus::InProgress;
            patches.append(begin);
        }
        patches.append(done);
        return patches;
    });
}

void ProducerCommand::fail()
{
    PatchOperationRequest failure;
    failure.status = OperationStatus::Failed;
    failure.errorMessage = std::optional<QString>(line().value(option::error));
    patchInOrder({failure});
}

void ProducerCommand::readThenPatch(
        std::function<QList<PatchOperationRequest>(const Operation &)> plan)
{
    m_call = m_operations->fetch(operationId(), {}, this,
                                 [this, plan](const ApiStatus &status, const Operation &operation) {
                                     if (!status.ok()) {
                                         finishWithError(status);
                                         return;
                                     }
                                     patchInOrder(plan(operation));
                                 });
}

void ProducerCommand::patchInOrder(QList<PatchOperationRequest> patches)
{
    if (patches.isEmpty()) {
        succeed();
        return;
    }
    const PatchOperationRequest next = patches.takeFirst();
    m_call = m_operations->patch(operationId(), next, this,
                                 [this, patches](const ApiStatus &status, const Operation &) {
                                     if (!status.ok()) {
                                         finishWithError(status);
                                         return;
                                     }
                                     keepAnswer();
                                     patchInOrder(patches);
                                 });
}

void ProducerCommand::cancel()
{
    m_call = m_operations->cancel(operationId(), line().value(option::reason), this,
                                  [this](const ApiStatus &status, const Operation &) {
                                      if (status.ok()) {
                                          m_answer
                                                  = m_call->json().value(u"operation"_s).toObject();
                                          succeed();
                                      } else if (status.category == ErrorCategory::Forbidden) {
                                          cancelAsProducer(status);
                                      } else {
                                          finishWithError(status);
                                      }
                                  });
}

void ProducerCommand::cancelAsProducer(const ApiStatus &refusal)
{
    // /cancel is for people; a service account cancels the operations it reports on by
    // moving them to cancelled.
    PatchOperationRequest cancelled;
    cancelled.status = OperationStatus::Cancelled;
    const QString reason = line().value(option::reason);
    if (!reason.isEmpty())
        cancelled.stepDescription = reason;
    m_call = m_operations->patch(operationId(), cancelled, this,
                                 [this, refusal](const ApiStatus &status, const Operation &) {
                                     if (status.ok()) {
                                         keepAnswer();
                                         succeed();
                                     } else if (status.category == ErrorCategory::Forbidden) {
                                         finishWithError(refusal);
                                     } else {
                                         finishWithError(status);
                                     }
                                 });
}

void ProducerCommand::vote()
{
    const QString word = line().arguments().value(1);
    const std::optional<VoteDecision> decision = voteDecisionFromWire(word);
    if (!decision) {
        finishWithUsage(u"vote: the decision is approve or deny, not \"%1\"."_s.arg(word));
        return;
    }
    m_call = m_votes->vote(operationId(), *decision, line().value(option::reason), this,
                           [this](const ApiStatus &status, const VoteOutcome &outcome) {
                               if (!status.ok()) {
                                   finishWithError(status);
                                   return;
                               }
                               keepAnswer();
                               succeed(approvalDecisionToWire(outcome.finalDecision));
                           });
}

} // namespace optrack::ctl
