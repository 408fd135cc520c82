#pragma once

#include <QStyledItemDelegate>

class QPainter;

namespace optrack {

/// Paints a row whose operation has not arrived yet (OperationWindowModel::PlaceholderRole)
/// as a faint bar per cell, so a fast scroll shows where rows will be without text
/// flickering in and out; loaded rows are painted as by QStyledItemDelegate. The other
/// operation delegates call paintIfPlaceholder() first for the same look.
class PlaceholderDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit PlaceholderDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

    /// Paints the placeholder and returns true when the index is one.
    static bool paintIfPlaceholder(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QModelIndex &index);
};

} // namespace optrack
