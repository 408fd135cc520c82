#include "firstpaintprobe.h"

#include "operationfeedunion.h"
#include "operationtablemodel.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLoggingCategory>
#include <QTimer>

namespace optrack {

Q_LOGGING_CATEGORY(lcStartup, "optrack.app.startup")

FirstPaintProbe::FirstPaintProbe(QAbstractItemView *view, const OperationFeedUnion *feeds,
                                 const OperationTableModel *table, QElapsedTimer sinceStart,
                                 QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_feeds(feeds)
    , m_table(table)
    , m_sinceStart(sinceStart)
{
    view->viewport()->installEventFilter(this);
}

bool FirstPaintProbe::isComplete() const
{
    return m_feeds && m_table && m_feeds->isFirstLoadDone() && !m_table->hasPendingChanges()
            && m_table->rowCount() == m_feeds->size();
}

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_reported && event->type() == QEvent::Paint && m_view && watched == m_view->viewport()
        && isComplete()) {
        m_reported = true;
        // Reported right after this paint has been drawn.
        QTimer::singleShot(0, this, [this] {
            const qint64 elapsed = m_sinceStart.elapsed();
            const int rows = m_table ? m_table->rowCount() : 0;
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
