#pragma once

#include <QStyledItemDelegate>

namespace optrack {

/// Paints an operation's status as a rounded badge with its label and colour, from
/// OperationTableModel::StatusRole. Rows without a status fall back to plain text.
class StatusBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StatusBadgeDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace optrack
