#include "columnfitter.h"

#include <QEvent>
#include <QHeaderView>
#include <QTreeView>

#include <utility>

namespace optrack {

ColumnFitter::ColumnFitter(QTreeView *view, int stretchColumn, int stretchMinimum,
                           QList<int> dropOrder, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_viewport(view->viewport())
    , m_stretchColumn(stretchColumn)
    , m_stretchMinimum(stretchMinimum)
    , m_dropOrder(std::move(dropOrder))
{
    m_viewport->installEventFilter(this);
    // A section shown or hidden by anyone but the fitter (the column menu, a restored
    // state) is the user's choice from then on: hiding and showing resize it from or to 0.
    connect(m_view->header(), &QHeaderView::sectionResized, this,
            [this](int column, int oldSize, int newSize) {
                if (!m_fitting && (oldSize == 0) != (newSize == 0))
                    forget(column);
            });
}

void ColumnFitter::forget(int column)
{
    m_dropped.removeAll(column);
}

int ColumnFitter::neededWidth() const
{
    const QHeaderView *header = m_view->header();
    int width = m_stretchMinimum;
    for (int column = 0; column < header->count(); ++column) {
        if (column != m_stretchColumn && !header->isSectionHidden(column))
            width += header->sectionSize(column);
    }
    return width;
}

void ColumnFitter::fit()
{
    QHeaderView *header = m_view->header();
    // A view not shown yet has no width of its own: it is fitted when it is shown.
    if (m_fitting || header->count() == 0 || !m_view->isVisible())
        return;
    m_fitting = true;
    const int available = m_view->viewport()->width();
    for (int column : std::as_const(m_dropOrder)) {
        if (neededWidth() <= available)
            break;
        if (header->isSectionHidden(column))
            continue;
        // A hidden section measures 0: its width is kept for its return.
        m_widths.insert(column, header->sectionSize(column));
        header->setSectionHidden(column, true);
        m_dropped.append(column);
    }
    while (!m_dropped.isEmpty()) {
        const int column = m_dropped.constLast();
        if (neededWidth() + m_widths.value(column) > available)
            break;
        header->setSectionHidden(column, false);
        m_dropped.removeLast();
    }
    m_fitting = false;
}

bool ColumnFitter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && event->type() == QEvent::Resize)
        fit();
    return QObject::eventFilter(watched, event);
}

} // namespace optrack
