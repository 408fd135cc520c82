#include "windowsweep.h"

#include "operationwindowmodel.h"

#include <QScrollBar>
#include <QTreeView>

#include <algorithm>
#include <ctime>

namespace optrack::bench {

namespace {

constexpr double millisecondsPerSecond = 1e3;
constexpr double nanosecondsPerMillisecond = 1e6;

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / nanosecondsPerMillisecond;
}

} // namespace

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * millisecondsPerSecond
            + double(now.tv_nsec) / nanosecondsPerMillisecond;
}

WindowSweep::WindowSweep(QTreeView *view, OperationWindowModel *model, int stops,
                         std::chrono::milliseconds dwell, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_model(model)
    , m_stops(std::max(2, stops))
    , m_dwell(dwell)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(frameInterval);
    connect(&m_timer, &QTimer::timeout, this, &WindowSweep::frame);
    // A block's answer fills rows between frames: the moment counts, not the next frame's.
    connect(model, &QAbstractItemModel::dataChanged, this, &WindowSweep::checkFilled);
}

void WindowSweep::start()
{
    m_stop = 0;
    m_stopPending = true;
    m_done = false;
    m_result = {};
    m_sinceFrame.invalidate();
    m_timer.start();
}

void WindowSweep::frame()
{
    if (!m_view || !m_model) {
        m_timer.stop();
        m_done = true;
        return;
    }
    if (m_sinceFrame.isValid())
        m_result.gapMs.append(elapsedMs(m_sinceFrame));
    m_sinceFrame.start();

    QElapsedTimer work;
    work.start();
    const double cpuBefore = threadCpuMs();
    if (m_stopPending) {
        beginStop();
    } else {
        QScrollBar *bar = m_view->verticalScrollBar();
        bar->setValue(std::min(bar->maximum(), bar->value() + rowsPerFrame * bar->singleStep()));
    }
    m_view->viewport()->repaint();
    m_result.frameMs.append(elapsedMs(work));
    m_result.frameCpuMs.append(threadCpuMs() - cpuBefore);

    checkFilled();
    const bool dwelt = m_sinceJump.hasExpired(m_dwell.count());
    const bool givenUp = !m_filled && m_sinceJump.hasExpired(fillTimeout.count());
    if (dwelt && (m_filled || givenUp)) {
        if (givenUp)
            ++m_result.unfilledStops;
        if (++m_stop >= m_stops) {
            m_timer.stop();
            m_done = true;
            return;
        }
        m_stopPending = true;
    }
}

void WindowSweep::beginStop()
{
    m_stopPending = false;
    m_filled = false;
    const int rows = m_model->rowCount();
    const int row = int(qint64(rows - 1) * m_stop / (m_stops - 1));
    m_sinceJump.start();
    m_view->scrollTo(m_model->index(std::clamp(row, 0, std::max(0, rows - 1)), 0),
                     QAbstractItemView::PositionAtTop);
}

void WindowSweep::checkFilled()
{
    if (m_filled || m_stopPending || !m_sinceJump.isValid() || !viewIsFilled())
        return;
    m_filled = true;
    m_result.fillMs.append(elapsedMs(m_sinceJump));
}

bool WindowSweep::viewIsFilled() const
{
    const QModelIndex top = m_view->indexAt(QPoint(0, 0));
    if (!top.isValid())
        return m_model->rowCount() == 0;
    QModelIndex bottom = m_view->indexAt(QPoint(0, m_view->viewport()->height() - 1));
    const int last = bottom.isValid() ? bottom.row() : m_model->rowCount() - 1;
    for (int row = top.row(); row <= last; ++row) {
        if (m_model->data(m_model->index(row, 0), OperationWindowModel::PlaceholderRole).toBool())
            return false;
    }
    return true;
}

} // namespace optrack::bench
