#include "countbadgedelegate.h"

#include "focuscue.h"
#include "statuspalette.h"

#include <QApplication>
#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

namespace optrack {

namespace {

constexpr int pillPadding = 7;
constexpr int rightMargin = 6;
constexpr int verticalPadding = 5;
constexpr double pillFraction = 0.12;
constexpr double selectedPillFraction = 0.25;

} // namespace

CountBadgeDelegate::CountBadgeDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void CountBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const QVariant count = index.data(CountRole);
    if (!count.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        paintFocusCue(painter, option);
        return;
    }
    const QString text = QLocale().toString(count.toInt());
    const QFontMetrics metrics(option.font);
    const int pillWidth = metrics.horizontalAdvance(text) + pillPadding * 2;

    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    item.rect.setRight(item.rect.right() - pillWidth - rightMargin);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The row's selection runs under the pill too.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    background.icon = {};
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    item.backgroundBrush = Qt::NoBrush;
    item.state &= ~QStyle::State_HasFocus;
    QStyleOptionViewItem foreground = item;
    foreground.state &= ~QStyle::State_Selected;
    if (option.state & QStyle::State_Selected)
        foreground.palette.setColor(QPalette::Text,
                                    option.palette.color(QPalette::HighlightedText));
    style->drawControl(QStyle::CE_ItemViewItem, &foreground, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QColor ink = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor ground = option.palette.color(selected ? QPalette::Highlight : QPalette::Base);
    const int height = metrics.height() + 2;
    const QRectF pill(option.rect.right() - rightMargin - pillWidth,
                      option.rect.center().y() - height / 2.0 + 1, pillWidth, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(pill, height / 2.0, height / 2.0);
    painter->fillPath(
            path,
            StatusPalette::blend(ink, ground, selected ? selectedPillFraction : pillFraction));
    painter->setPen(ink);
    painter->setFont(option.font);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
    paintFocusCue(painter, option);
}

QSize CountBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + verticalPadding * 2));
    const QVariant count = index.data(CountRole);
    if (count.isValid()) {
        size.rwidth() += option.fontMetrics.horizontalAdvance(QLocale().toString(count.toInt()))
                + pillPadding * 2 + rightMargin;
    }
    return size;
}

} // namespace optrack
