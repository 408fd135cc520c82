#include "operationtimers.h"

#include <QDateTime>
#include <QList>

#include <algorithm>

namespace optrack {

namespace {

// QTimer takes an int; a deadline further away is approached in steps.
constexpr qint64 maxTimerMsecs = 3'600'000;
constexpr qint64 msecsPerSecond = 1000;

} // namespace

OperationTimers::OperationTimers(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OperationTimers::handleTimeout);
}

bool OperationTimers::owesReports(const Operation &op)
{
    return op.heartbeatSeconds
            && (op.status == OperationStatus::Pending || op.status == OperationStatus::InProgress);
}

void OperationTimers::follow(const Operation &op)
{
    if (op.status == OperationStatus::WaitingForApproval && op.approval
        && op.approval->expiresAt.isValid()) {
        set(Kind::Approval, op.operationId, op.approval->expiresAt.toMSecsSinceEpoch());
    } else {
        clear(Kind::Approval, op.operationId);
    }
    if (!owesReports(op))
        clear(Kind::Heartbeat, op.operationId);
}

void OperationTimers::reported(const Operation &op, qint64 atMsecs)
{
    if (owesReports(op))
        set(Kind::Heartbeat, op.operationId, atMsecs + *op.heartbeatSeconds * msecsPerSecond);
    else
        clear(Kind::Heartbeat, op.operationId);
}

bool OperationTimers::watchesHeartbeat(const QString &operationId) const
{
    return m_byOperation.count(std::pair(Kind::Heartbeat, operationId)) > 0;
}

bool OperationTimers::stillDue(Kind kind, const Operation &op, qint64 nowMsecs)
{
    if (kind == Kind::Heartbeat)
        return owesReports(op);
    return op.status == OperationStatus::WaitingForApproval && op.approval
            && op.approval->expiresAt.toMSecsSinceEpoch() <= nowMsecs;
}

void OperationTimers::set(Kind kind, const QString &operationId, qint64 atMsecs)
{
    clear(kind, operationId);
    m_byOperation.emplace(std::pair(kind, operationId), atMsecs);
    m_queue.emplace(atMsecs, kind, operationId);
    arm();
}

void OperationTimers::clear(Kind kind, const QString &operationId)
{
    const auto it = m_byOperation.find(std::pair(kind, operationId));
    if (it == m_byOperation.end())
        return;
    m_queue.erase(std::tuple(it->second, kind, operationId));
    m_byOperation.erase(it);
    if (m_queue.empty())
        m_timer.stop();
}

void OperationTimers::arm()
{
    if (m_queue.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(
            std::get<0>(*m_queue.begin()) - QDateTime::currentMSecsSinceEpoch(), 0, maxTimerMsecs);
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}

void OperationTimers::handleTimeout()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<std::pair<Kind, QString>> due;
    while (!m_queue.empty() && std::get<0>(*m_queue.begin()) <= now) {
        const auto [at, kind, operationId] = *m_queue.begin();
        m_byOperation.erase(std::pair(kind, operationId));
        m_queue.erase(m_queue.begin());
        due.append({kind, operationId});
    }
    // Receivers may set deadlines again: the queue is consistent before the first signal.
    arm();
    for (const auto &[kind, operationId] : std::as_const(due))
        emit expired(kind, operationId);
}

} // namespace optrack
