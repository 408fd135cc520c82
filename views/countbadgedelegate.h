#pragma once

#include <QStyledItemDelegate>

namespace optrack {

/// A list row with its label on the left and a count in a muted pill on the right: the
/// sidebar's status filters. The count comes from CountRole; rows without one paint as
/// usual.
class CountBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int CountRole = Qt::UserRole + 100;

    explicit CountBadgeDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace optrack
