#pragma once

#include <QStyledItemDelegate>

namespace optrack {

/// One message of the bell's list: a coloured mark for its kind, the headline (bold while
/// unread) with the time on the right, and the whole sentence wrapped below it. Rows are
/// as tall as their text needs at the view's width: nothing is cut.
class NotificationDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit NotificationDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    struct Layout
    {
        QRect mark;
        QRect title;
        QRect time;
        QRect text;
        int height = 0;
    };
    Layout layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index, int width) const;
};

} // namespace optrack
