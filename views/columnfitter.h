#pragma once

#include <QHash>
#include <QList>
#include <QObject>

class QTreeView;
class QWidget;

namespace optrack {

/// Keeps a table's columns inside its width: as the view narrows, the columns of
/// `dropOrder` are hidden one by one, first to last, so that the stretched column keeps
/// at least its minimum width; as it widens they come back, last hidden first. Columns
/// not in the list (the name, the status, the progress) always stay. A column the user
/// hides or shows is theirs from then on (forget()).
class ColumnFitter final : public QObject
{
    Q_OBJECT

public:
    ColumnFitter(QTreeView *view, int stretchColumn, int stretchMinimum, QList<int> dropOrder,
                 QObject *parent = nullptr);

    /// The columns hidden for want of room, in the order they went.
    QList<int> droppedColumns() const { return m_dropped; }
    /// The user chose this column's visibility: it is no longer fitted.
    void forget(int column);
    /// Hides or brings back columns for the view's present width.
    void fit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    int neededWidth() const;

    QTreeView *m_view = nullptr;
    /// The view's viewport, kept: the event filter must not call into a view that is being
    /// destroyed (its viewport still sends events once the view's own part is gone).
    QWidget *m_viewport = nullptr;
    int m_stretchColumn = 0;
    int m_stretchMinimum = 0;
    QList<int> m_dropOrder;
    QList<int> m_dropped;
    QHash<int, int> m_widths;
    bool m_fitting = false;
};

} // namespace optrack
