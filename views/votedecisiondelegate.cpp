#include "votedecisiondelegate.h"

#include "operation.h"
#include "statuscolors.h"
#include "votelistmodel.h"

using namespace Qt::StringLiterals;

namespace optrack {

VoteDecisionDelegate::VoteDecisionDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QSize VoteDecisionDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index) + QSize(0, verticalPadding);
}

void VoteDecisionDelegate::initStyleOption(QStyleOptionViewItem *option,
                                           const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != VoteListModel::Decision)
        return;
    const QVariant raw = index.data(VoteListModel::RawValueRole);
    if (!raw.isValid())
        return;
    const bool approve = static_cast<VoteDecision>(raw.toInt()) == VoteDecision::Approve;
    const auto tone = approve ? StatusColors::Tone::Success : StatusColors::Tone::Failure;
    option->text = (approve ? u"\u2713 "_s : u"\u2715 "_s) + option->text;
    option->palette.setColor(QPalette::Text, StatusColors::color(tone, option->palette));
    option->font.setBold(true);
}

} // namespace optrack
