#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QAbstractItemView;

namespace optrack {

class OperationFeedUnion;
class OperationTableModel;

/// Notices the first paint of the operations table once it holds every operation of the
/// feed's first load, and reports how long after the process started that was (logged
/// under optrack.app.startup; the cold-start benchmark reads that line).
class FirstPaintProbe final : public QObject
{
    Q_OBJECT

public:
    /// `sinceStart` runs from the start of main().
    FirstPaintProbe(QAbstractItemView *view, const OperationFeedUnion *feeds,
                    const OperationTableModel *table, QElapsedTimer sinceStart,
                    QObject *parent = nullptr);

signals:
    void painted(qint64 msecsSinceStart, int rows);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isComplete() const;

    QPointer<QAbstractItemView> m_view;
    QPointer<const OperationFeedUnion> m_feeds;
    QPointer<const OperationTableModel> m_table;
    QElapsedTimer m_sinceStart;
    bool m_reported = false;
};

} // namespace optrack
