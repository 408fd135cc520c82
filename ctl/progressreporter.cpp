#include "progressreporter.h"

#include "apicall.h"
#include "operationsclient.h"

namespace optrack::ctl {

namespace {

bool isTransient(ErrorCategory category)
{
    return category == ErrorCategory::CannotConnect || category == ErrorCategory::ServiceError
            || category == ErrorCategory::UnreadableAnswer;
}

} // namespace

ProgressReporter::ProgressReporter(OperationsClient *client, const QString &operationId,
                                   QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_operationId(operationId)
{
    m_heartbeat.setSingleShot(true);
    connect(&m_heartbeat, &QTimer::timeout, this, &ProgressReporter::handleHeartbeat);
    m_finalRetry.setSingleShot(true);
    connect(&m_finalRetry, &QTimer::timeout, this, &ProgressReporter::sendNext);
    m_pace.setSingleShot(true);
    connect(&m_pace, &QTimer::timeout, this, &ProgressReporter::sendNext);
}

ProgressReporter::~ProgressReporter()
{
    if (m_call)
        m_call->abort();
}

void ProgressReporter::merge(PatchOperationRequest *into, const PatchOperationRequest &from)
{
    if (from.status)
        into->status = from.status;
    if (from.progressPercentage)
        into->progressPercentage = from.progressPercentage;
    if (from.currentStep)
        into->currentStep = from.currentStep;
    if (from.stepDescription)
        into->stepDescription = from.stepDescription;
    if (from.errorMessage)
        into->errorMessage = from.errorMessage;
    if (from.result)
        into->result = from.result;
    if (from.context) {
        QJsonObject context = into->context.value_or(QJsonObject());
        for (auto it = from.context->begin(); it != from.context->end(); ++it)
            context.insert(it.key(), it.value());
        into->context = context;
    }
}

void ProgressReporter::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    m_heartbeat.setInterval(interval);
    if (interval.count() <= 0)
        m_heartbeat.stop();
    else if (!m_stopped && !m_final)
        m_heartbeat.start();
}

void ProgressReporter::report(const PatchOperationRequest &change)
{
    if (m_stopped || m_final)
        return;
    if (!m_pending)
        m_pending = PatchOperationRequest();
    merge(&*m_pending, change);
    sendNext();
}

void ProgressReporter::finish(const PatchOperationRequest &last)
{
    if (m_stopped)
        return;
    m_heartbeat.stop();
    // Progress not yet sent goes with the end, under its values.
    PatchOperationRequest final = m_pending.value_or(PatchOperationRequest());
    merge(&final, last);
    m_pending.reset();
    m_final = final;
    m_finalDeadline.setRemainingTime(finalRetryWindow);
    sendNext();
}

void ProgressReporter::stop()
{
    m_stopped = true;
    m_heartbeat.stop();
    m_pace.stop();
    m_finalRetry.stop();
    m_pending.reset();
    m_final.reset();
}

void ProgressReporter::sendNext()
{
    if (m_stopped || (m_call && m_call->isRunning()) || m_finalRetry.isActive())
        return;
    if (m_final) {
        m_pace.stop();
        m_finalInFlight = true;
        m_inFlight = m_final;
    } else if (m_pending) {
        const std::chrono::milliseconds since(m_sinceSent.isValid() ? m_sinceSent.elapsed()
                                                                    : minReportInterval.count());
        if (since < minReportInterval) {
            if (!m_pace.isActive())
                m_pace.start(minReportInterval - since);
            return;
        }
        m_inFlight = m_pending;
        m_pending.reset();
    } else {
        return;
    }
    if (m_heartbeat.interval() > 0 && !m_final)
        m_heartbeat.start();
    m_sinceSent.start();
    m_call = m_client->patch(m_operationId, *m_inFlight, this,
                             [this](const ApiStatus &status, const Operation &operation) {
                                 handleAnswer(status, operation);
                             });
}

void ProgressReporter::handleAnswer(const ApiStatus &status, const Operation &operation)
{
    const PatchOperationRequest sent = m_inFlight.value_or(PatchOperationRequest());
    m_inFlight.reset();
    if (m_stopped || status.category == ErrorCategory::Aborted)
        return;
    if (m_finalInFlight) {
        m_finalInFlight = false;
        if (!status.ok() && isTransient(status.category) && !m_finalDeadline.hasExpired()) {
            m_finalRetry.start(m_finalBackoff.nextDelay());
            return;
        }
        m_final.reset();
        if (status.ok())
            emit reported(operation);
        emit finished(status);
        return;
    }
    if (status.ok()) {
        emit reported(operation);
    } else if (isTransient(status.category)) {
        // Lost, not refused: it goes again with the next report, under newer values.
        PatchOperationRequest again = sent;
        if (m_pending)
            merge(&again, *m_pending);
        m_pending = again;
        if (m_heartbeat.interval() > 0 && !m_heartbeat.isActive())
            m_heartbeat.start();
        return;
    } else {
        emit refused(status);
    }
    sendNext();
}

void ProgressReporter::handleHeartbeat()
{
    if (m_stopped || m_final)
        return;
    if (!m_pending)
        m_pending = PatchOperationRequest();
    sendNext();
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

} // namespace optrack::ctl
