#include "votelistmodel.h"

#include <QHash>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace optrack {

VoteListModel::VoteListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int VoteListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_approval ? 0 : int(m_approval->votes.size());
}

int VoteListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VoteListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Vote &vote = m_approval->votes.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Reason && !vote.reason.isEmpty())
        return vote.reason;
    if (role != Qt::DisplayRole && role != RawValueRole)
        return {};
    const bool raw = role == RawValueRole;
    switch (index.column()) {
    case Voter:
        return vote.voter;
    case Decision:
        if (raw)
            return int(vote.decision);
        return vote.decision == VoteDecision::Approve ? tr("Approve") : tr("Deny");
    case Reason:
        return vote.reason;
    case Time:
        if (!vote.at.isValid())
            return {};
        if (raw)
            return vote.at.toMSecsSinceEpoch();
        return QLocale().toString(vote.at.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant VoteListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Voter:
        return tr("Voter");
    case Decision:
        return tr("Decision");
    case Reason:
        return tr("Reason");
    case Time:
        return tr("Time");
    default:
        return {};
    }
}

QList<Vote> &VoteListModel::votes()
{
    // Rows exist only while an approval is held; the row signals below need one.
    if (!m_approval)
        m_approval.emplace();
    return m_approval->votes;
}

void VoteListModel::setApproval(const std::optional<Approval> &approval)
{
    const QList<Vote> incoming = approval ? approval->votes : QList<Vote>();
    const bool summaryChanged = !sameSummary(m_approval, approval);

    removeVotesOf(incoming);
    updateAndAppend(incoming);

    if (votes() != incoming) {
        // Votes are only ever appended; a reordered list is another approval altogether.
        beginResetModel();
        m_approval = approval;
        endResetModel();
    } else {
        m_approval = approval;
    }
    if (summaryChanged)
        emit approvalSummaryChanged();
}

void VoteListModel::removeVotesOf(const QList<Vote> &incoming)
{
    QSet<QString> voters;
    for (const Vote &vote : incoming)
        voters.insert(vote.voter);
    QList<Vote> &held = votes();
    // From the bottom up, one range of neighbouring rows at a time.
    qsizetype last = held.size() - 1;
    while (last >= 0) {
        if (voters.contains(held.at(last).voter)) {
            --last;
            continue;
        }
        qsizetype first = last;
        while (first > 0 && !voters.contains(held.at(first - 1).voter))
            --first;
        beginRemoveRows({}, int(first), int(last));
        held.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }
}

void VoteListModel::updateAndAppend(const QList<Vote> &incoming)
{
    QList<Vote> &held = votes();
    QHash<QString, int> rowByVoter;
    for (int row = 0; row < held.size(); ++row)
        rowByVoter.insert(held.at(row).voter, row);

    QList<Vote> added;
    for (const Vote &vote : incoming) {
        const int row = rowByVoter.value(vote.voter, -1);
        if (row < 0) {
            added.append(vote);
            continue;
        }
        Vote &current = held[row];
        int firstColumn = ColumnCount;
        int lastColumn = -1;
        const auto mark = [&firstColumn, &lastColumn](int column) {
            firstColumn = std::min(firstColumn, column);
            lastColumn = std::max(lastColumn, column);
        };
        if (current.decision != vote.decision)
            mark(Decision);
        if (current.reason != vote.reason)
            mark(Reason);
        if (current.at != vote.at)
            mark(Time);
        if (lastColumn < 0)
            continue;
        current = vote;
        emit dataChanged(index(row, firstColumn), index(row, lastColumn),
                         {Qt::DisplayRole, Qt::ToolTipRole, RawValueRole});
    }
    if (added.isEmpty())
        return;
    const int first = int(held.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    held.append(added);
    endInsertRows();
}

bool VoteListModel::sameSummary(const std::optional<Approval> &a, const std::optional<Approval> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    return a->required == b->required && a->approvals == b->approvals && a->denials == b->denials
            && a->decision == b->decision && a->voterRole == b->voterRole
            && a->expiresAt == b->expiresAt;
}

} // namespace optrack
