#include "visiblerowsfollower.h"

#include "operationwindowmodel.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QScrollBar>

namespace optrack {

VisibleRowsFollower::VisibleRowsFollower(QAbstractItemView *view, OperationWindowModel *model)
    : QObject(view)
    , m_view(view)
    , m_model(model)
{
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &VisibleRowsFollower::report);
    connect(view->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            &VisibleRowsFollower::report);
    connect(model, &QAbstractItemModel::modelReset, this, &VisibleRowsFollower::report);
    connect(model, &OperationWindowModel::answered, this, &VisibleRowsFollower::report);
    view->viewport()->installEventFilter(this);
}

void VisibleRowsFollower::report()
{
    if (!m_view || !m_model)
        return;
    const QRect area = m_view->viewport()->rect();
    const QModelIndex top = m_view->indexAt(area.topLeft());
    const QModelIndex bottom = m_view->indexAt(QPoint(area.left(), area.bottom()));
    const int first = top.isValid() ? top.row() : 0;
    // Below the last row: as many rows as fit, from the top one.
    const int rowHeight = top.isValid() ? std::max(1, m_view->visualRect(top).height()) : 1;
    const int last = bottom.isValid() ? bottom.row() : first + area.height() / rowHeight;
    m_model->setVisibleRows(first, last);
}

bool VisibleRowsFollower::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
        report();
    return QObject::eventFilter(watched, event);
}

} // namespace optrack
