#pragma once

#include "operationstatus.h"

#include <QColor>
#include <QRect>
#include <QSize>

class QFont;
class QPainter;
class QPalette;
class QWidget;

namespace optrack {

/// The colours and the badge of each status, derived from the palette so that a dark
/// theme gets light text on a dim tint and a light theme dark text on a pale one. A
/// badge always carries the status label: colour is never the only cue.
class StatusStyle
{
public:
    /// The status's hue as is: for fills that carry white text (progress chunks).
    static QColor solid(OperationStatus status);
    /// The status's hue, lightened on a dark palette.
    static QColor accent(OperationStatus status, const QPalette &palette);
    /// The badge's fill: the hue blended into the palette's base.
    static QColor badgeFill(OperationStatus status, const QPalette &palette);
    /// The badge's text: the hue moved towards the palette's text for contrast.
    static QColor badgeText(OperationStatus status, const QPalette &palette);

    static QSize badgeSize(OperationStatus status, const QFont &font);
    /// Paints the badge (a dot and the label in a rounded box) left-aligned and
    /// vertically centred in rect; the label is elided when rect is too narrow.
    static void paintBadge(QPainter *painter, const QRect &rect, OperationStatus status,
                           const QPalette &palette, const QFont &font);

    /// a blended over b by the fraction (0: b, 1: a).
    static QColor blend(const QColor &a, const QColor &b, double fraction);
    static bool isDark(const QPalette &palette);
    /// Gives a label secondary (muted) text, derived from its palette.
    static void setMutedText(QWidget *widget);
};

} // namespace optrack
