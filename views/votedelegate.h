#pragma once

#include <QStyledItemDelegate>

namespace optrack {

/// Paints one vote of a VoteListModel in a list: the voter, the decision in words with
/// its colour and a mark (tick or cross), the time, and the reason on a second line.
/// Reads the row's other columns, so a QListView over column 0 shows the whole vote.
class VoteDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit VoteDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// "Approved" or "Denied".
    static QString decisionText(const QModelIndex &index);
    /// The time shown on a vote's first line of the given width in the given font: the
    /// date and time, the time of day alone when they do not fit beside the voter and
    /// the decision, or nothing (the tooltip still has it). The decision is never cut
    /// for the time.
    static QString shownTime(const QModelIndex &index, const QFont &font, int width);
};

} // namespace optrack
