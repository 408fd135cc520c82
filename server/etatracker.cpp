#include "etatracker.h"

#include <QDateTime>

#include <algorithm>
#include <vector>

namespace optrack {

namespace {

constexpr std::size_t durationHistory = 50;
constexpr double msecsPerSecond = 1000.0;

} // namespace

EtaTracker::EtaTracker()
{
    m_clock.start();
}

void EtaTracker::restoreCompleted(const Operation &op)
{
    recordDuration(op);
}

void EtaTracker::update(Operation &op, const QDateTime &now)
{
    if (op.isTerminal()) {
        if (op.status == OperationStatus::Completed)
            recordDuration(op);
        m_estimators.remove(op.operationId);
        m_runningSince.remove(op.operationId);
    }
    const bool running
            = op.status == OperationStatus::InProgress || op.status == OperationStatus::Approved;
    if (!running) {
        op.etaSeconds.reset();
        op.timeRemaining.reset();
        if (!op.isTerminal())
            m_estimators.remove(op.operationId);
        return;
    }
    if (!m_runningSince.contains(op.operationId))
        m_runningSince.insert(op.operationId, now.toMSecsSinceEpoch());
    EtaEstimator &estimator = m_estimators[op.operationId];
    estimator.addSample(m_clock.elapsed(), op.progressPercentage);
    const std::optional<qint64> eta = estimator.estimateSeconds(typicalSeconds(op.operationType));
    op.etaSeconds = eta;
    op.timeRemaining = eta ? std::optional<QString>(EtaEstimator::describe(*eta)) : std::nullopt;
}

void EtaTracker::recordDuration(const Operation &op)
{
    if (!op.completedAt)
        return;
    const qint64 started = m_runningSince.value(op.operationId, op.createdAt.toMSecsSinceEpoch());
    const double seconds = double(op.completedAt->toMSecsSinceEpoch() - started) / msecsPerSecond;
    if (seconds < 0)
        return;
    std::deque<double> &history = m_durations[op.operationType];
    history.push_back(seconds);
    while (history.size() > durationHistory)
        history.pop_front();
}

std::optional<double> EtaTracker::typicalSeconds(const QString &type) const
{
    const auto it = m_durations.constFind(type);
    if (it == m_durations.cend() || it->empty())
        return std::nullopt;
    std::vector<double> sorted(it->begin(), it->end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return sorted[sorted.size() / 2];
}

} // namespace optrack
