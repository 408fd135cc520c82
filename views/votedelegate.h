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
};

} // namespace optrack
