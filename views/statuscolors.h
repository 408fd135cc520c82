#pragma once

#include "operationstatus.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace optrack {

/// Colours and badges for operation states, derived from a palette so that they read
/// in light and dark themes alike. Status is never shown by colour alone: callers pair
/// these with statusLabel().
namespace StatusColors {

/// The kind of outcome a colour stands for.
enum class Tone { Running, Waiting, Success, Failure, Inactive };

Tone toneOf(OperationStatus status);
QColor color(Tone tone, const QPalette &palette);
inline QColor color(OperationStatus status, const QPalette &palette)
{
    return color(toneOf(status), palette);
}
/// Blends a over b: amount 0 gives b, 1 gives a.
QColor blend(const QColor &a, const QColor &b, double amount);
/// True when the palette's windows are dark (a dark theme).
bool isDark(const QPalette &palette);

/// A round badge in the status colour with a glyph: a check for completed, a cross for
/// failed and denied, a bar for cancelled, a pause for waiting, an arrow while running.
QIcon icon(OperationStatus status, const QPalette &palette);
QPixmap pixmap(OperationStatus status, const QPalette &palette, int size, qreal devicePixelRatio);

} // namespace StatusColors
} // namespace optrack
