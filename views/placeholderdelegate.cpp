#include "placeholderdelegate.h"

#include "operationwindowmodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace optrack {

namespace {

constexpr int barMargin = 6;
constexpr int barHeight = 8;
constexpr qreal barRadius = 4;
/// The bar's share of the cell: varied by row and column so a screen of placeholders
/// reads as rows of text to come, not as a grid.
constexpr int shareSteps = 4;
constexpr double shortestShare = 0.45;
constexpr double shareStep = 0.15;
constexpr int barAlpha = 60;

} // namespace

PlaceholderDelegate::PlaceholderDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void PlaceholderDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    if (!paintIfPlaceholder(painter, option, index))
        QStyledItemDelegate::paint(painter, option, index);
}

bool PlaceholderDelegate::paintIfPlaceholder(QPainter *painter, const QStyleOptionViewItem &option,
                                             const QModelIndex &index)
{
    if (!index.data(OperationWindowModel::PlaceholderRole).toBool())
        return false;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QStyleOptionViewItem background = option;
    background.text.clear();
    background.features &= ~QStyleOptionViewItem::HasDisplay;
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &background, painter, widget);

    const int step = (index.row() * 7 + index.column() * 3) % shareSteps;
    const double share = shortestShare + shareStep * step;
    QRect bar = option.rect.adjusted(barMargin, 0, -barMargin, 0);
    bar.setWidth(int(bar.width() * share));
    bar.setTop(option.rect.center().y() - barHeight / 2);
    bar.setHeight(barHeight);
    if (bar.width() <= 0)
        return true;
    QColor colour = option.palette.color(QPalette::Text);
    colour.setAlpha(barAlpha);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawRoundedRect(bar, barRadius, barRadius);
    painter->restore();
    return true;
}

} // namespace optrack
