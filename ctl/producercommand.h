#pragma once

#include "command.h"
#include "operation.h"
#include "operationcodec.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>

namespace optrack {
class ApiCall;
class OperationsClient;
class VotesClient;
} // namespace optrack

namespace optrack::ctl {

/// The one-shot reports and decisions: start, update, complete, fail, cancel and vote.
/// Each is one request (a few where the contract's moves need them: a pending operation
/// is moved to in_progress before it completes) and prints the id, the decision or, with
/// --json, the service's answer.
class ProducerCommand final : public Command
{
    Q_OBJECT

public:
    explicit ProducerCommand(const CommandContext &context, QObject *parent = nullptr);

    void start() override;

private:
    void startOperation();
    void update();
    void complete();
    void fail();
    void cancel();
    void vote();

    void handleCreated(const ApiStatus &status, const Operation &operation, bool needsApproval);
    void handleWaitingRefused(const ApiStatus &refusal);
    /// Reads the operation, then sends what `plan` makes of its current state, in order.
    void readThenPatch(std::function<QList<PatchOperationRequest>(const Operation &)> plan);
    void patchInOrder(QList<PatchOperationRequest> patches);
    void cancelAsProducer(const ApiStatus &refusal);
    /// Prints the outcome (`text`, or the last answer with --json) and ends with success.
    void succeed(const QString &text = {});
    /// Keeps the answer of the call that just finished for --json.
    void keepAnswer();
    QString operationId() const { return line().arguments().value(0); }

    OperationsClient *m_operations = nullptr;
    VotesClient *m_votes = nullptr;
    QPointer<ApiCall> m_call;
    QJsonObject m_answer;
};

} // namespace optrack::ctl
