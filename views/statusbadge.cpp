#include "statusbadge.h"

#include "statuspalette.h"

#include <QEvent>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

namespace optrack {

namespace {

constexpr int horizontalPadding = 8;
constexpr int verticalPadding = 2;
constexpr int dotDiameter = 7;
constexpr int dotGap = 6;
// Room for rounding between measuring and drawing the label.
constexpr int textSlack = 2;
constexpr double borderAmount = 0.45;

} // namespace

StatusBadge::StatusBadge(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Status: %1").arg(statusLabel(m_status)));
}

void StatusBadge::setStatus(OperationStatus status)
{
    if (status == m_status)
        return;
    m_status = status;
    setAccessibleName(tr("Status: %1").arg(statusLabel(m_status)));
    updateGeometry();
    update();
}

QSize StatusBadge::sizeFor(OperationStatus status, const QFont &font)
{
    const QFontMetrics metrics(font);
    const int width = horizontalPadding * 2 + dotDiameter + dotGap
            + metrics.horizontalAdvance(statusLabel(status)) + textSlack;
    return {width, metrics.height() + verticalPadding * 2};
}

void StatusBadge::paint(QPainter *painter, const QRect &rect, OperationStatus status,
                        const QPalette &palette, const QFont &font)
{
    const QSize wanted = sizeFor(status, font);
    const QRect box(rect.left(), rect.center().y() - wanted.height() / 2 + 1,
                    std::min(wanted.width(), rect.width()), wanted.height());
    if (box.width() <= horizontalPadding * 2)
        return;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const double radius = box.height() / 2.0;
    QPainterPath path;
    path.addRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    const QColor hue = StatusPalette::color(status, palette);
    painter->fillPath(path, StatusPalette::badgeFill(status, palette));
    painter->setPen(
            QPen(StatusPalette::blend(hue, palette.color(QPalette::Base), borderAmount), 1));
    painter->drawPath(path);

    const QRectF dot(box.left() + horizontalPadding, box.center().y() - dotDiameter / 2.0 + 0.5,
                     dotDiameter, dotDiameter);
    painter->setPen(Qt::NoPen);
    painter->setBrush(hue);
    painter->drawEllipse(dot);

    const QRect textRect
            = box.adjusted(horizontalPadding + dotDiameter + dotGap, 0, -horizontalPadding, 0);
    painter->setFont(font);
    painter->setPen(StatusPalette::badgeText(status, palette));
    painter->drawText(
            textRect, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(font).elidedText(statusLabel(status), Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize StatusBadge::sizeHint() const
{
    return sizeFor(m_status, font());
}

QSize StatusBadge::minimumSizeHint() const
{
    return sizeHint();
}

void StatusBadge::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paint(&painter, rect(), m_status, palette(), font());
}

void StatusBadge::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace optrack
