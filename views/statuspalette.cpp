#include "statuspalette.h"

#include <QPainter>
#include <QPainterPath>
#include <QWidget>

#include <optional>

namespace optrack::StatusPalette {

namespace {

constexpr int darkLightnessLimit = 128;
// Hues that meet 4.5:1 against the window in both themes (material 800 / 300 shades).
struct Hue
{
    QRgb light;
    QRgb dark;
};
constexpr Hue waiting{0xa15c00, 0xffb74d};
constexpr Hue approved{0x00796b, 0x4db6ac};
constexpr Hue completed{0x2e7d32, 0x81c784};
constexpr Hue failed{0xc62828, 0xef7070};
constexpr Hue denied{0xad1457, 0xf06292};
// A cancelled bar keeps white text readable in a dark theme too.
constexpr QRgb cancelledFill = 0x6b7280;
constexpr double inactiveAmount = 0.55;
// Running statuses follow the theme's highlight, a little lighter on a dark window.
constexpr int darkHighlightLighter = 130;
constexpr double lightBadgeFill = 0.16;
constexpr double darkBadgeFill = 0.30;
constexpr double lightBadgeText = 0.55;
constexpr double darkBadgeText = 0.65;
constexpr int iconSizes[] = {16, 22, 32, 48, 64};

std::optional<Hue> fixedHue(OperationStatus status)
{
    switch (status) {
    case OperationStatus::WaitingForApproval:
        return waiting;
    case OperationStatus::Approved:
        return approved;
    case OperationStatus::Completed:
        return completed;
    case OperationStatus::Failed:
        return failed;
    case OperationStatus::Denied:
        return denied;
    case OperationStatus::Pending:
    case OperationStatus::InProgress:
    case OperationStatus::Cancelled:
        break;
    }
    return std::nullopt;
}

void drawGlyph(QPainter &painter, OperationStatus status, const QRectF &box, const QColor &ink)
{
    const qreal s = box.width();
    painter.setPen(QPen(ink, s * 0.11, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    const QPointF c = box.center();
    switch (status) {
    case OperationStatus::Completed: {
        QPainterPath check;
        check.moveTo(c.x() - s * 0.22, c.y() + s * 0.01);
        check.lineTo(c.x() - s * 0.06, c.y() + s * 0.17);
        check.lineTo(c.x() + s * 0.23, c.y() - s * 0.15);
        painter.drawPath(check);
        break;
    }
    case OperationStatus::Failed:
    case OperationStatus::Denied: {
        const qreal d = s * 0.17;
        painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d));
        painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d));
        break;
    }
    case OperationStatus::Cancelled:
        painter.drawLine(QPointF(c.x() - s * 0.2, c.y()), QPointF(c.x() + s * 0.2, c.y()));
        break;
    case OperationStatus::WaitingForApproval:
        for (const double side : {-0.09, 0.09})
            painter.drawLine(QPointF(c.x() + s * side, c.y() - s * 0.17),
                             QPointF(c.x() + s * side, c.y() + s * 0.17));
        break;
    case OperationStatus::Pending:
    case OperationStatus::InProgress:
    case OperationStatus::Approved: {
        QPainterPath play;
        play.moveTo(c.x() - s * 0.1, c.y() - s * 0.18);
        play.lineTo(c.x() + s * 0.2, c.y());
        play.lineTo(c.x() - s * 0.1, c.y() + s * 0.18);
        play.closeSubpath();
        painter.setBrush(ink);
        painter.setPen(QPen(ink, s * 0.06, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.drawPath(play);
        break;
    }
    }
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < darkLightnessLimit;
}

QColor blend(const QColor &a, const QColor &b, double amount)
{
    const auto mix = [amount](double x, double y) { return x * amount + y * (1.0 - amount); };
    return QColor::fromRgbF(float(mix(a.redF(), b.redF())), float(mix(a.greenF(), b.greenF())),
                            float(mix(a.blueF(), b.blueF())));
}

QColor muted(const QColor &foreground, const QColor &ground)
{
    return blend(foreground, ground, mutedAmount);
}

QColor mutedText(const QPalette &palette)
{
    return muted(palette.color(QPalette::WindowText), palette.color(QPalette::Window));
}

void setMutedText(QWidget *widget)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, mutedText(palette));
    widget->setPalette(palette);
}

QColor color(OperationStatus status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    if (const std::optional<Hue> hue = fixedHue(status))
        return QColor(dark ? hue->dark : hue->light);
    if (status == OperationStatus::Cancelled)
        return blend(palette.color(QPalette::WindowText), palette.color(QPalette::Window),
                     inactiveAmount);
    const QColor highlight = palette.color(QPalette::Highlight);
    return dark ? highlight.lighter(darkHighlightLighter) : highlight;
}

QColor fill(OperationStatus status, const QPalette &palette)
{
    if (const std::optional<Hue> hue = fixedHue(status))
        return QColor(hue->light);
    if (status == OperationStatus::Cancelled)
        return QColor(cancelledFill);
    return palette.color(QPalette::Highlight);
}

QColor badgeFill(OperationStatus status, const QPalette &palette)
{
    return blend(color(status, palette), palette.color(QPalette::Base),
                 isDark(palette) ? darkBadgeFill : lightBadgeFill);
}

QColor badgeText(OperationStatus status, const QPalette &palette)
{
    return blend(color(status, palette), palette.color(QPalette::Text),
                 isDark(palette) ? darkBadgeText : lightBadgeText);
}

QPixmap pixmap(OperationStatus status, const QPalette &palette, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box(0.5, 0.5, size - 1.0, size - 1.0);
    const QColor ground = color(status, palette);
    painter.setPen(Qt::NoPen);
    painter.setBrush(ground);
    painter.drawEllipse(box);
    // White on the strong light-theme hues, near-black on the pastel dark-theme ones.
    const QColor ink = ground.lightness() > darkLightnessLimit + 40 ? QColor(0x20, 0x20, 0x20)
                                                                    : QColor(Qt::white);
    drawGlyph(painter, status, box, ink);
    return pixmap;
}

QIcon icon(OperationStatus status, const QPalette &palette)
{
    QIcon icon;
    for (const int size : iconSizes)
        icon.addPixmap(pixmap(status, palette, size, 1.0));
    return icon;
}

} // namespace optrack::StatusPalette
