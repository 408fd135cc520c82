#include "statuscolors.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace optrack::StatusColors {

namespace {

constexpr int darkLightnessLimit = 128;
// Hues chosen to meet 4.5:1 against the window in both themes (material 800 / 300 shades).
constexpr QRgb successLight = 0x2e7d32;
constexpr QRgb successDark = 0x81c784;
constexpr QRgb failureLight = 0xc62828;
constexpr QRgb failureDark = 0xef7070;
constexpr QRgb waitingLight = 0xa15c00;
constexpr QRgb waitingDark = 0xffb74d;
constexpr double inactiveTextAmount = 0.55;
constexpr int iconSizes[] = {16, 22, 32, 48, 64};

void drawGlyph(QPainter &painter, OperationStatus status, const QRectF &box, const QColor &ink)
{
    const qreal s = box.width();
    QPen pen(ink, s * 0.11, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const QPointF c = box.center();
    switch (toneOf(status)) {
    case Tone::Success: {
        QPainterPath check;
        check.moveTo(c.x() - s * 0.22, c.y() + s * 0.01);
        check.lineTo(c.x() - s * 0.06, c.y() + s * 0.17);
        check.lineTo(c.x() + s * 0.23, c.y() - s * 0.15);
        painter.drawPath(check);
        break;
    }
    case Tone::Failure: {
        const qreal d = s * 0.17;
        painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d));
        painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d));
        break;
    }
    case Tone::Inactive:
        painter.drawLine(QPointF(c.x() - s * 0.2, c.y()), QPointF(c.x() + s * 0.2, c.y()));
        break;
    case Tone::Waiting:
        painter.drawLine(QPointF(c.x() - s * 0.09, c.y() - s * 0.17),
                         QPointF(c.x() - s * 0.09, c.y() + s * 0.17));
        painter.drawLine(QPointF(c.x() + s * 0.09, c.y() - s * 0.17),
                         QPointF(c.x() + s * 0.09, c.y() + s * 0.17));
        break;
    case Tone::Running: {
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

Tone toneOf(OperationStatus status)
{
    switch (status) {
    case OperationStatus::Pending:
    case OperationStatus::InProgress:
    case OperationStatus::Approved:
        return Tone::Running;
    case OperationStatus::WaitingForApproval:
        return Tone::Waiting;
    case OperationStatus::Completed:
        return Tone::Success;
    case OperationStatus::Failed:
    case OperationStatus::Denied:
        return Tone::Failure;
    case OperationStatus::Cancelled:
        return Tone::Inactive;
    }
    return Tone::Running;
}

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

QColor color(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Running:
        return palette.color(QPalette::Highlight);
    case Tone::Waiting:
        return QColor(dark ? waitingDark : waitingLight);
    case Tone::Success:
        return QColor(dark ? successDark : successLight);
    case Tone::Failure:
        return QColor(dark ? failureDark : failureLight);
    case Tone::Inactive:
        return blend(palette.color(QPalette::WindowText), palette.color(QPalette::Window),
                     inactiveTextAmount);
    }
    return palette.color(QPalette::Highlight);
}

QPixmap pixmap(OperationStatus status, const QPalette &palette, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box(0.5, 0.5, size - 1.0, size - 1.0);
    const QColor fill = color(status, palette);
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill);
    painter.drawEllipse(box);
    // White on the strong light-theme hues, near-black on the pastel dark-theme ones.
    const QColor ink = fill.lightness() > darkLightnessLimit + 40 ? QColor(0x20, 0x20, 0x20)
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

} // namespace optrack::StatusColors
