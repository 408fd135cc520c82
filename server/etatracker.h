#pragma once

#include "etaestimator.h"
#include "operation.h"

#include <QElapsedTimer>
#include <QHash>

#include <deque>
#include <optional>

namespace optrack {

/// Time remaining for running operations: an estimator per operation fed by its progress,
/// helped by how long recent operations of the same type took (the median of the last 50).
class EtaTracker
{
public:
    EtaTracker();

    /// A completed operation found at start: its duration joins its type's history.
    void restoreCompleted(const Operation &op);
    /// After each change of an operation: sets or clears its etaSeconds and timeRemaining; a
    /// completed one adds its duration to the history.
    void update(Operation &op, const QDateTime &now);

private:
    void recordDuration(const Operation &op);
    std::optional<double> typicalSeconds(const QString &type) const;

    // The progress samples' clock: monotonic, so that a wall clock set back (an administrator,
    // NTP) never makes the samples run backwards.
    QElapsedTimer m_clock;
    QHash<QString, EtaEstimator> m_estimators;
    QHash<QString, qint64> m_runningSince;
    QHash<QString, std::deque<double>> m_durations;
};

} // namespace optrack
