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
    m_clock.start();
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

bool OperationTimers::stillDue(Kind kind, const Operation &op)
{
    if (kind == Kind::Heartbeat)
        return owesReports(op);
    // The deadline fired on the monotonic clock; the wall clock may have been set back since
    // it was armed, so it is not asked again. A deadline that moved or was dropped meanwhile
    // never fires: set() and follow() replace it.
    return op.status == OperationStatus::WaitingForApproval && op.approval
            && op.approval->expiresAt.isValid();
}

void OperationTimers::set(Kind kind, const QString &operationId, qint64 atMsecs)
{
    // Deadlines are given in wall time (what the operation shows) and kept on the monotonic
    // clock from here on: a wall clock set back or forward moves none of them, and the same
    // deadline given again (follow() after a vote) keeps the one already armed.
    const auto it = m_byOperation.find(std::pair(kind, operationId));
    if (it != m_byOperation.end() && it->second.wallMsecs == atMsecs)
        return;
    clear(kind, operationId);
    // Both clocks are read in whole milliseconds, so the conversion can come out up to 1 ms
    // early; the extra millisecond keeps a deadline from firing before its wall time.
    const qint64 due = m_clock.elapsed() + (atMsecs - QDateTime::currentMSecsSinceEpoch()) + 1;
    m_byOperation.emplace(std::pair(kind, operationId), Deadline{due, atMsecs});
    m_queue.emplace(due, kind, operationId);
    arm();
}

void OperationTimers::clear(Kind kind, const QString &operationId)
{
    const auto it = m_byOperation.find(std::pair(kind, operationId));
    if (it == m_byOperation.end())
        return;
    m_queue.erase(std::tuple(it->second.dueMsecs, kind, operationId));
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
    const qint64 wait = std::clamp<qint64>(std::get<0>(*m_queue.begin()) - m_clock.elapsed(), 0,
                                           maxTimerMsecs);
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}

void OperationTimers::handleTimeout()
{
    const qint64 now = m_clock.elapsed();
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
