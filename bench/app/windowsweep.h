#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QTreeView;

namespace optrack {

class OperationWindowModel;

namespace bench {

/// Drives the dashboard's windowed table from its top to its bottom as someone dragging
/// through the history would: `stops` places spread evenly over the rows (the first row, the
/// last, and between), the view jumping to each in one frame and then scrolling on a few
/// rows a frame for `dwell`, repainted every 16 ms. It times every frame's work (the scroll
/// and a synchronous repaint) on the wall clock and on the UI thread's CPU clock, the gaps
/// between frames (how late the event loop came to the frame: block answers and pushes are
/// handled in between), and at each stop the time from the jump until no row in view is a
/// placeholder. A stop whose rows have not filled after `fillTimeout` is counted unfilled.
class WindowSweep final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds frameInterval{16};
    static constexpr int rowsPerFrame = 3;
    static constexpr std::chrono::milliseconds fillTimeout{10'000};

    struct Result
    {
        QList<double> frameMs;
        QList<double> frameCpuMs;
        QList<double> gapMs;
        /// Per stop: from the jump to the last placeholder in view filled.
        QList<double> fillMs;
        int unfilledStops = 0;
    };

    WindowSweep(QTreeView *view, OperationWindowModel *model, int stops,
                std::chrono::milliseconds dwell, QObject *parent = nullptr);

    void start();
    bool isDone() const { return m_done; }
    const Result &result() const { return m_result; }

private:
    void frame();
    void beginStop();
    void checkFilled();
    bool viewIsFilled() const;

    QPointer<QTreeView> m_view;
    QPointer<OperationWindowModel> m_model;
    int m_stops = 0;
    std::chrono::milliseconds m_dwell;
    int m_stop = 0;
    bool m_stopPending = true;
    bool m_filled = false;
    bool m_done = false;
    QTimer m_timer;
    QElapsedTimer m_sinceFrame;
    QElapsedTimer m_sinceJump;
    Result m_result;
};

/// CPU time of the calling thread in milliseconds: a frame slower on the wall clock than
/// on this one waited for the CPU (the machine is shared) rather than worked.
double threadCpuMs();

} // namespace bench
} // namespace optrack
