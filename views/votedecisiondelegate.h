#pragma once

#include <QStyledItemDelegate>

namespace optrack {

/// Draws a VoteListModel's Decision column as text and colour together: "✓ Approve" in the
/// success colour, "✕ Deny" in the failure colour. Rows get some air between them.
class VoteDecisionDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int verticalPadding = 6;

    explicit VoteDecisionDelegate(QObject *parent = nullptr);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace optrack
