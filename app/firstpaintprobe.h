#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QAbstractItemView;

namespace optrack {

class OperationWindowModel;
class ServiceCountsFollower;

/// Notices the first paint of the operations table that shows its first screen (the
/// window's first block, in the saved sort and filter) and the service's counts, and
/// reports how long after the process started that was (logged under optrack.app.startup;
/// the cold-start benchmark reads that line).
class FirstPaintProbe final : public QObject
{
    Q_OBJECT

public:
    /// `sinceStart` runs from the start of main().
    FirstPaintProbe(QAbstractItemView *view, const OperationWindowModel *window,
                    const ServiceCountsFollower *counts, QElapsedTimer sinceStart,
                    QObject *parent = nullptr);

signals:
    void painted(qint64 msecsSinceStart, int rows);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isComplete() const;

    QPointer<QAbstractItemView> m_view;
    QPointer<const OperationWindowModel> m_window;
    QPointer<const ServiceCountsFollower> m_counts;
    QElapsedTimer m_sinceStart;
    bool m_reported = false;
};

} // namespace optrack
