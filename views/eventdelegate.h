#pragma once

#include "operationevent.h"

#include <QStyledItemDelegate>

namespace optrack {

/// Paints one entry of an operation's audit trail (OperationEventModel) as a timeline
/// row: a dot on a line joining the entries, the kind in words, the actor and the time
/// on the first line, the message below.
class EventDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit EventDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    /// The whole message (the row elides it), then when and by whom.
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// "Vote", "Progress", "Cancelled": what kind of entry it is, in words.
    static QString kindLabel(EventKind kind);
};

} // namespace optrack
