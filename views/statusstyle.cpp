#include "statusstyle.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPen>
#include <QWidget>

namespace optrack {

namespace {

constexpr int badgeHorizontalPadding = 8;
constexpr int badgeVerticalPadding = 2;
constexpr int dotDiameter = 7;
constexpr int dotGap = 6;
// Room for rounding between measuring and drawing the label.
constexpr int textSlack = 2;
constexpr double lightFillFraction = 0.16;
constexpr double darkFillFraction = 0.30;
constexpr double lightTextFraction = 0.55;
constexpr double darkTextFraction = 0.35;
constexpr int darkLightnessThreshold = 128;
constexpr int darkAccentLighter = 145;
constexpr double mutedTextFraction = 0.62;

QColor baseHue(OperationStatus status)
{
    switch (status) {
    case OperationStatus::Pending:
        return QColor(0x6b, 0x72, 0x80);
    case OperationStatus::InProgress:
        return QColor(0x25, 0x63, 0xeb);
    case OperationStatus::WaitingForApproval:
        return QColor(0xd9, 0x77, 0x06);
    case OperationStatus::Approved:
        return QColor(0x0d, 0x94, 0x88);
    case OperationStatus::Denied:
        return QColor(0xbe, 0x18, 0x5d);
    case OperationStatus::Completed:
        return QColor(0x16, 0xa3, 0x4a);
    case OperationStatus::Failed:
        return QColor(0xdc, 0x26, 0x26);
    case OperationStatus::Cancelled:
        return QColor(0x64, 0x74, 0x8b);
    }
    return QColor(0x6b, 0x72, 0x80);
}

} // namespace

bool StatusStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < darkLightnessThreshold;
}

QColor StatusStyle::blend(const QColor &a, const QColor &b, double fraction)
{
    const double rest = 1.0 - fraction;
    return QColor::fromRgbF(float(a.redF() * fraction + b.redF() * rest),
                            float(a.greenF() * fraction + b.greenF() * rest),
                            float(a.blueF() * fraction + b.blueF() * rest));
}

QColor StatusStyle::solid(OperationStatus status)
{
    return baseHue(status);
}

QColor StatusStyle::accent(OperationStatus status, const QPalette &palette)
{
    const QColor hue = baseHue(status);
    return isDark(palette) ? hue.lighter(darkAccentLighter) : hue;
}

QColor StatusStyle::badgeFill(OperationStatus status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    return blend(baseHue(status), palette.color(QPalette::Base),
                 dark ? darkFillFraction : lightFillFraction);
}

QColor StatusStyle::badgeText(OperationStatus status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    return blend(accent(status, palette), palette.color(QPalette::Text),
                 dark ? 1.0 - darkTextFraction : lightTextFraction);
}

QSize StatusStyle::badgeSize(OperationStatus status, const QFont &font)
{
    const QFontMetrics metrics(font);
    const int width = badgeHorizontalPadding * 2 + dotDiameter + dotGap
            + metrics.horizontalAdvance(statusLabel(status)) + textSlack;
    return {width, metrics.height() + badgeVerticalPadding * 2};
}

void StatusStyle::paintBadge(QPainter *painter, const QRect &rect, OperationStatus status,
                             const QPalette &palette, const QFont &font)
{
    const QSize wanted = badgeSize(status, font);
    QRect box(rect.left(), rect.center().y() - wanted.height() / 2 + 1,
              std::min(wanted.width(), rect.width()), wanted.height());
    if (box.width() <= badgeHorizontalPadding * 2)
        return;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const double radius = box.height() / 2.0;
    QPainterPath path;
    path.addRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter->fillPath(path, badgeFill(status, palette));
    painter->setPen(QPen(blend(accent(status, palette), palette.color(QPalette::Base), 0.45), 1));
    painter->drawPath(path);

    const QRectF dot(box.left() + badgeHorizontalPadding,
                     box.center().y() - dotDiameter / 2.0 + 0.5, dotDiameter, dotDiameter);
    painter->setPen(Qt::NoPen);
    painter->setBrush(accent(status, palette));
    painter->drawEllipse(dot);

    const QRect textRect = box.adjusted(badgeHorizontalPadding + dotDiameter + dotGap, 0,
                                        -badgeHorizontalPadding, 0);
    painter->setFont(font);
    painter->setPen(badgeText(status, palette));
    const QString text
            = QFontMetrics(font).elidedText(statusLabel(status), Qt::ElideRight, textRect.width());
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, text);
    painter->restore();
}

} // namespace optrack

namespace optrack {

void StatusStyle::setMutedText(QWidget *widget)
{
    QPalette pal = widget->palette();
    pal.setColor(
            QPalette::WindowText,
            blend(pal.color(QPalette::WindowText), pal.color(QPalette::Window), mutedTextFraction));
    widget->setPalette(pal);
}

} // namespace optrack
