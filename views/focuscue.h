#pragma once

class QPainter;
class QStyleOptionViewItem;

namespace optrack {

/// Where the keyboard is in a list the delegates paint themselves (the sidebar's filters,
/// the audit trail): a clear outline around the current item while the list has the focus,
/// drawn in every style, over a selection too.
void paintFocusCue(QPainter *painter, const QStyleOptionViewItem &option);

} // namespace optrack
