#include "firstpaintprobe.h"

#include "operationwindowmodel.h"
#include "servicecountsfollower.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLoggingCategory>
#include <QTimer>

namespace optrack {

Q_LOGGING_CATEGORY(lcStartup, "optrack.app.startup")

FirstPaintProbe::FirstPaintProbe(QAbstractItemView *view, const OperationWindowModel *window,
                                 const ServiceCountsFollower *counts, QElapsedTimer sinceStart,
                                 QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_window(window)
    , m_counts(counts)
    , m_sinceStart(sinceStart)
{
    view->viewport()->installEventFilter(this);
    // The counts may come after the rows' last paint: one more paint tells.
    connect(counts, &ServiceCountsFollower::countsChanged, this, [this] {
        if (m_view && !m_reported)
            m_view->viewport()->update();
    });
}

bool FirstPaintProbe::isComplete() const
{
    // The first screen: the window answered, its first rows loaded, the counts shown.
    return m_window && m_counts && m_counts->counts() && m_window->isAnswered()
            && (m_window->rowCount() == 0 || m_window->operationAt(0)) && m_view
            && m_view->model() == m_window;
}

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_reported && event->type() == QEvent::Paint && m_view && watched == m_view->viewport()
        && isComplete()) {
        m_reported = true;
        // Reported right after this paint has been drawn.
        QTimer::singleShot(0, this, [this] {
            const qint64 elapsed = m_sinceStart.elapsed();
            const int rows = m_window ? m_window->rowCount() : 0;
            qCInfo(lcStartup, "dashboard painted with %d operations %lld ms after start", rows,
                   elapsed);
            emit painted(elapsed, rows);
            if (m_view)
                m_view->viewport()->removeEventFilter(this);
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace optrack
