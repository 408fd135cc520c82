#include "statusbadgedelegate.h"

#include "operationtablemodel.h"
#include "placeholderdelegate.h"
#include "statusbadge.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace optrack {

namespace {

constexpr int cellMargin = 4;

} // namespace

StatusBadgeDelegate::StatusBadgeDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    const QVariant status = index.data(OperationTableModel::StatusRole);
    if (!status.isValid()) {
        if (PlaceholderDelegate::paintIfPlaceholder(painter, option, index))
            return;
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QRect badgeRect = option.rect.adjusted(cellMargin, 0, -cellMargin, 0);
    StatusBadge::paint(painter, badgeRect, OperationStatus(status.toInt()), option.palette,
                       option.font);
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    const QVariant status = index.data(OperationTableModel::StatusRole);
    if (!status.isValid())
        return QStyledItemDelegate::sizeHint(option, index);
    const QSize badge = StatusBadge::sizeFor(OperationStatus(status.toInt()), option.font);
    return badge + QSize(cellMargin * 2, cellMargin * 2);
}

} // namespace optrack
