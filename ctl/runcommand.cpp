#include "runcommand.h"

#include "apicall.h"
#include "childprocess.h"
#include "operationfollower.h"
#include "operationsclient.h"
#include "optionvalues.h"
#include "progressreporter.h"
#include "waitcommand.h"

#include <QProcessEnvironment>

#include <algorithm>

namespace optrack::ctl {

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

constexpr double finishedPercentage = 100.0;

} // namespace

RunCommand::RunCommand(const CommandContext &context, QObject *parent)
    : Command(context, parent)
    , m_operations(new OperationsClient(context.connection, this))
    , m_follower(new OperationFollower(context.connection, this))
    , m_child(new ChildProcess(this))
{
    connect(m_follower, &OperationFollower::operationChanged, this,
            &RunCommand::handleOperationChanged);
    connect(m_child, &ChildProcess::lineRead, this, &RunCommand::handleLine);
    connect(m_child, &ChildProcess::exited, this, &RunCommand::handleChildExited);
    connect(m_child, &ChildProcess::failedToStart, this, &RunCommand::handleChildFailedToStart);
}

RunCommand::~RunCommand() = default;

QString RunCommand::failureMessage(const QString &program, const QString &end,
                                   const QStringList &errorLines)
{
    QString message = program + u' ' + end;
    message += errorLines.isEmpty() ? u"."_s : u": "_s + errorLines.join(u'\n');
    return message.left(codec::maxErrorLength);
}

void RunCommand::start()
{
    QString error;
    m_command = line().arguments();
    const std::optional<int> heartbeat = optionvalue::wholeNumber(
            QString::fromLatin1(option::heartbeat), line().value(option::heartbeat),
            codec::minHeartbeatSeconds, codec::maxHeartbeatSeconds, &error);
    if (!heartbeat) {
        finishWithUsage(error);
        return;
    }
    m_heartbeatWindow = std::chrono::seconds(*heartbeat);
    if (line().isSet(option::progressRegex)
        && !m_parser.setPercentagePattern(line().value(option::progressRegex), &error)) {
        finishWithUsage(error);
        return;
    }
    const std::optional<QJsonObject> context
            = optionvalue::context(line().values(option::context), &error);
    if (!context) {
        finishWithUsage(error);
        return;
    }

    CreateOperationRequest request;
    request.operationType = line().value(option::type);
    request.entityId = line().value(option::entity);
    if (line().isSet(option::name))
        request.displayName = line().value(option::name);
    request.steps = line().values(option::step);
    if (line().isSet(option::approval))
        request.requiredApprovals = 1;
    request.context = *context;
    request.heartbeatSeconds = *heartbeat;
    m_call = m_operations->create(request, this,
                                  [this](const ApiStatus &status, const Operation &operation) {
                                      handleCreated(status, operation);
                                  });
}

void RunCommand::handleCreated(const ApiStatus &status, const Operation &operation)
{
    if (!status.ok()) {
        if (m_interruptSignal)
            finish(*m_exitStatus);
        else
            finishWithError(status);
        return;
    }
    m_operationId = operation.operationId;
    remember(operation);
    m_reporter = new ProgressReporter(m_operations, m_operationId, this);
    connect(m_reporter, &ProgressReporter::refused, this, &RunCommand::handleRefused);
    connect(m_reporter, &ProgressReporter::reported, this, &RunCommand::remember);
    m_follower->start(m_operationId);
    if (m_interruptSignal) {
        cancelOperation();
        finishWhenSettled();
        return;
    }
    // A type whose policy asks for votes waits for them even without --approval.
    if (line().isSet(option::approval) || operation.approval)
        askForApproval();
    else
        begin();
}

void RunCommand::askForApproval()
{
    m_stage = Stage::Approving;
    PatchOperationRequest waiting;
    waiting.status = OperationStatus::WaitingForApproval;
    m_call = m_operations->patch(
            m_operationId, waiting, this, [this](const ApiStatus &status, const Operation &) {
                if (!status.ok()) {
                    fail(status);
                    return;
                }
                console().printError(u"Operation %1 waits for approval."_s.arg(m_operationId));
                m_follower->refresh();
            });
}

void RunCommand::begin()
{
    if (m_stage == Stage::Beginning || m_interruptSignal)
        return;
    m_stage = Stage::Beginning;
    // The window counts while the operation is pending or in progress, not while the votes
    // take their time: heartbeats go from here on.
    m_reporter->setHeartbeatInterval(
            std::max(minHeartbeatInterval, milliseconds(m_heartbeatWindow) / heartbeatsPerWindow));
    PatchOperationRequest running;
    running.status = OperationStatus::InProgress;
    m_call = m_operations->patch(m_operationId, running, this,
                                 [this](const ApiStatus &status, const Operation &) {
                                     if (m_interruptSignal || m_stage != Stage::Beginning)
                                         return;
                                     if (status.ok())
                                         launch();
                                     else if (status.category == ErrorCategory::Conflict)
                                         handleBeginRefused(status);
                                     else
                                         fail(status);
                                 });
}

void RunCommand::handleBeginRefused(const ApiStatus &refusal)
{
    // The operation moved without us: ended (cancelled, say) is what the follower reports
    // too; anything else is a state run cannot start from.
    m_call = m_operations->fetch(
            m_operationId, {}, this,
            [this, refusal](const ApiStatus &status, const Operation &operation) {
                if (m_stage != Stage::Beginning || m_interruptSignal)
                    return;
                if (status.ok() && operation.isTerminal())
                    endedElsewhere(operation);
                else
                    fail(refusal);
            });
}

void RunCommand::launch()
{
    m_stage = Stage::Running;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(environment::operationId), m_operationId);
    m_child->setEnvironment(environment);
    m_childRunning = true;
    m_child->start(m_command.first(), m_command.mid(1));
}

void RunCommand::remember(const Operation &operation)
{
    if (!m_last || operation.version > m_last->version)
        m_last = operation;
}

void RunCommand::handleOperationChanged(const Operation &operation)
{
    remember(operation);
    if (m_interruptSignal || m_stage == Stage::Ending || m_stage == Stage::Done)
        return;
    if (operation.isTerminal()) {
        endedElsewhere(operation);
        return;
    }
    if (m_stage == Stage::Approving
        && WaitCommand::outcome(operation, WaitCommand::Goal::Approval) == ExitStatus::Success) {
        begin();
    }
}

void RunCommand::handleLine(const QString &text)
{
    if (m_stage != Stage::Running || m_interruptSignal)
        return;
    const ProgressParser::Report report = m_parser.parse(text);
    if (report.isEmpty())
        return;
    PatchOperationRequest change;
    change.progressPercentage = report.percentage;
    change.currentStep = report.step;
    if (report.text)
        change.stepDescription = report.text;
    m_reporter->report(change);
}

void RunCommand::handleChildExited(int exitStatus, const QString &description)
{
    m_childRunning = false;
    if (m_exitStatus) {
        // Cancelled or interrupted: the operation's end is already decided.
        finishWhenSettled();
        return;
    }
    PatchOperationRequest last;
    if (exitStatus == 0) {
        last.status = OperationStatus::Completed;
        last.progressPercentage = finishedPercentage;
    } else {
        last.status = OperationStatus::Failed;
        last.errorMessage = std::optional<QString>(
                failureMessage(m_command.first(), description, m_child->lastErrorLines()));
    }
    endOperation(last, exitStatus);
}

void RunCommand::handleChildFailedToStart(const QString &reason, int exitStatus)
{
    m_childRunning = false;
    console().printError(reason);
    PatchOperationRequest last;
    last.status = OperationStatus::Failed;
    last.errorMessage = std::optional<QString>(reason);
    endOperation(last, exitStatus);
}

void RunCommand::endOperation(const PatchOperationRequest &last, int exitStatus)
{
    m_stage = Stage::Ending;
    m_exitStatus = exitStatus;
    m_reportPending = true;
    connect(m_reporter, &ProgressReporter::finished, this, [this](const ApiStatus &status) {
        m_reportPending = false;
        if (!status.ok()) {
            console().printError(u"Could not report the end of operation %1: %2"_s.arg(
                    m_operationId, describe(status)));
        }
        finishWhenSettled();
    });
    m_reporter->finish(last);
}

void RunCommand::handleRefused(const ApiStatus &status)
{
    if (status.category == ErrorCategory::Conflict) {
        // The operation moved on without us (cancelled, failed): ask now rather than at the
        // next push or poll.
        m_follower->refresh();
        return;
    }
    if (!m_warnedRefusal) {
        m_warnedRefusal = true;
        console().printError(u"The service refused a progress report: %1"_s.arg(describe(status)));
    }
}

void RunCommand::endedElsewhere(const Operation &operation)
{
    m_stage = Stage::Done;
    m_exitStatus = toInt(exitStatusForEnd(operation.status));
    if (m_reporter)
        m_reporter->stop();
    m_follower->stop();
    const QString why = operation.status == OperationStatus::Cancelled
            ? operation.stepDescription
            : operation.errorMessage.value_or(QString());
    QString sentence = u"Operation %1 is %2"_s.arg(m_operationId, statusToWire(operation.status));
    if (!why.isEmpty())
        sentence += u" (" + why + u')';
    if (m_childRunning) {
        sentence += u"; stopping %1."_s.arg(m_command.first());
        m_child->stop();
    } else {
        sentence += u'.';
    }
    console().printError(sentence);
    finishWhenSettled();
}

void RunCommand::interrupt(int signalNumber)
{
    if (m_interruptSignal) {
        // Asked twice: stop at once.
        m_child->kill();
        return;
    }
    m_interruptSignal = signalNumber;
    m_exitStatus = interruptedStatus(signalNumber);
    if (m_stage == Stage::Creating) {
        // Without an id there is nothing to cancel; handleCreated() ends.
        if (m_call)
            m_call->abort();
        else
            finish(*m_exitStatus);
        return;
    }
    if (m_reporter)
        m_reporter->stop();
    if (m_stage != Stage::Done && m_stage != Stage::Ending)
        cancelOperation();
    if (m_childRunning)
        m_child->stop();
    finishWhenSettled();
}

void RunCommand::cancelOperation()
{
    const QString reason = u"optrackctl was interrupted (signal %1)"_s.arg(m_interruptSignal);
    const auto handle = [this, reason](const ApiStatus &status, const Operation &operation) {
        if (status.category == ErrorCategory::Forbidden)
            cancelAsProducer(reason);
        else
            handleCancelAnswer(status, operation);
    };
    m_cancelCall = m_operations->cancel(m_operationId, reason, this, handle);
}

void RunCommand::cancelAsProducer(const QString &reason)
{
    // /cancel is for people: a service account cancels what it reports on by moving it to
    // cancelled.
    PatchOperationRequest cancelled;
    cancelled.status = OperationStatus::Cancelled;
    cancelled.stepDescription = reason;
    m_cancelCall = m_operations->patch(m_operationId, cancelled, this,
                                       [this](const ApiStatus &status, const Operation &operation) {
                                           handleCancelAnswer(status, operation);
                                       });
}

void RunCommand::handleCancelAnswer(const ApiStatus &status, const Operation &operation)
{
    if (status.ok()) {
        remember(operation);
    } else if (status.category != ErrorCategory::Conflict) {
        console().printError(
                u"Could not cancel operation %1: %2"_s.arg(m_operationId, describe(status)));
    }
    m_cancelCall.clear();
    finishWhenSettled();
}

void RunCommand::fail(const ApiStatus &status)
{
    console().printError(describe(status));
    PatchOperationRequest last;
    last.status = OperationStatus::Failed;
    last.errorMessage = std::optional<QString>(describe(status));
    endOperation(last, toInt(exitStatusFor(status.category)));
}

void RunCommand::finishWhenSettled()
{
    if (m_childRunning || m_reportPending || (m_cancelCall && m_cancelCall->isRunning()))
        return;
    if (!m_exitStatus)
        return;
    m_follower->stop();
    // --json: the operation as it ended, after whatever COMMAND printed.
    if (console().json() && m_last)
        console().printJson(codec::toJson(*m_last));
    finish(*m_exitStatus);
}

} // namespace optrack::ctl
