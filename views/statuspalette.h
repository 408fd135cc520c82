#pragma once

#include "operationstatus.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QPixmap>

class QWidget;

namespace optrack {

/// The one colour of each status, wherever it shows: the table's badge and bar, the
/// sidebar's dot, the detail panel, the progress window's header, bar, ring and steps,
/// the metrics charts. Derived from the palette so that a dark theme gets the lighter
/// shade of the same hue. Status is never shown by colour alone: callers pair these with
/// statusLabel() or a glyph.
namespace StatusPalette {

/// Secondary text keeps this much of the text colour over its background.
inline constexpr double mutedAmount = 0.6;

/// The status's colour for text, marks, dots and arcs on this palette: chosen to read on
/// the window in light and dark themes alike (running statuses follow the theme's
/// highlight).
QColor color(OperationStatus status, const QPalette &palette);
/// The status's colour for a filled bar that carries white text: the saturated shade
/// in every theme.
QColor fill(OperationStatus status, const QPalette &palette);
/// A badge's tinted ground and its text (dark text on a pale tint, or light on a dim one).
QColor badgeFill(OperationStatus status, const QPalette &palette);
QColor badgeText(OperationStatus status, const QPalette &palette);

/// Blends a over b: amount 0 gives b, 1 gives a.
QColor blend(const QColor &a, const QColor &b, double amount);
/// True when the palette's windows are dark (a dark theme).
bool isDark(const QPalette &palette);
/// Secondary text over a ground: mutedAmount of the foreground over it.
QColor muted(const QColor &foreground, const QColor &ground);
/// Secondary text on the window of this palette.
QColor mutedText(const QPalette &palette);
/// Gives a label secondary (muted) text, derived from its palette.
void setMutedText(QWidget *widget);

/// A round mark in the status colour with a glyph: a check for completed, a cross for
/// failed and denied, a bar for cancelled, a pause while waiting, an arrow while running.
QPixmap pixmap(OperationStatus status, const QPalette &palette, int size, qreal devicePixelRatio);
QIcon icon(OperationStatus status, const QPalette &palette);

} // namespace StatusPalette
} // namespace optrack
