#include "focuscue.h"

#include <QPainter>
#include <QStyle>
#include <QStyleOptionViewItem>

namespace optrack {

namespace {

constexpr qreal penWidth = 2.0;
constexpr qreal radius = 3.0;

} // namespace

void paintFocusCue(QPainter *painter, const QStyleOptionViewItem &option)
{
    if (!(option.state & QStyle::State_HasFocus))
        return;
    const bool selected = option.state & QStyle::State_Selected;
    const QColor colour
            = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(colour, penWidth));
    painter->setBrush(Qt::NoBrush);
    const qreal inset = penWidth / 2 + 1;
    painter->drawRoundedRect(QRectF(option.rect).adjusted(inset, inset, -inset, -inset), radius,
                             radius);
    painter->restore();
}

} // namespace optrack
