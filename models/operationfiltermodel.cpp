#include "operationfiltermodel.h"

#include "operationtablemodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr quint8 statusBits = 0x0f;
constexpr quint8 needsMyVoteBit = 0x10;

quint32 statusBit(OperationStatus status)
{
    return 1u << int(status);
}

} // namespace

OperationFilterModel::OperationFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(OperationTableModel::RawValueRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(0);
    connect(&m_countsTimer, &QTimer::timeout, this, &OperationFilterModel::countsChanged);
}

void OperationFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    m_table = qobject_cast<OperationTableModel *>(sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
    if (m_table) {
        using Model = OperationTableModel;
        m_sourceConnections = {
                connect(m_table, &Model::rowsInserted, this,
                        &OperationFilterModel::handleRowsInserted),
                connect(m_table, &Model::rowsAboutToBeRemoved, this,
                        &OperationFilterModel::handleRowsAboutToBeRemoved),
                connect(m_table, &Model::dataChanged, this,
                        &OperationFilterModel::handleDataChanged),
                // None of these happen in normal use (only clear() resets); a full
                // recount keeps the counts right if they do.
                connect(m_table, &Model::modelReset, this, &OperationFilterModel::recount),
                connect(m_table, &Model::layoutChanged, this, &OperationFilterModel::recount),
                connect(m_table, &Model::rowsMoved, this, &OperationFilterModel::recount),
                connect(m_table, &QObject::destroyed, this, &OperationFilterModel::recount),
        };
    }
    recount();
}

void OperationFilterModel::setStatusFilter(const QList<OperationStatus> &statuses)
{
    quint32 mask = 0;
    for (OperationStatus status : statuses)
        mask |= statusBit(status);
    if (mask == m_statusMask)
        return;
    m_statusMask = mask;
    invalidateRowsFilter();
}

QList<OperationStatus> OperationFilterModel::statusFilter() const
{
    QList<OperationStatus> statuses;
    for (OperationStatus status : allStatuses()) {
        if (m_statusMask & statusBit(status))
            statuses.append(status);
    }
    return statuses;
}

void OperationFilterModel::setTypeFilter(const QStringList &operationTypes)
{
    const QSet<QString> types(operationTypes.cbegin(), operationTypes.cend());
    if (types == m_types)
        return;
    m_types = types;
    invalidateRowsFilter();
}

QStringList OperationFilterModel::typeFilter() const
{
    QStringList types(m_types.cbegin(), m_types.cend());
    types.sort();
    return types;
}

void OperationFilterModel::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void OperationFilterModel::setNeedsMyVoteOnly(bool enabled)
{
    if (enabled == m_needsMyVoteOnly)
        return;
    m_needsMyVoteOnly = enabled;
    invalidateRowsFilter();
}

void OperationFilterModel::setCurrentUser(const QString &userId, const QStringList &roles)
{
    if (userId == m_userId && roles == m_userRoles)
        return;
    m_userId = userId;
    m_userRoles = roles;
    recount();
    if (m_needsMyVoteOnly)
        invalidateRowsFilter();
}

bool OperationFilterModel::needsMyVote(const Operation &operation) const
{
    if (operation.status != OperationStatus::WaitingForApproval || !operation.approval
        || m_userId.isEmpty()) {
        return false;
    }
    const Approval &approval = *operation.approval;
    // The contract's default voter role, for an approval that does not name one.
    const QString voterRole = approval.voterRole.isEmpty() ? u"approver"_s : approval.voterRole;
    return m_userRoles.contains(voterRole) && operation.owner() != m_userId
            && !approval.hasVoted(m_userId);
}

QMap<OperationStatus, int> OperationFilterModel::statusCounts() const
{
    QMap<OperationStatus, int> counts;
    for (OperationStatus status : allStatuses())
        counts.insert(status, m_statusCounts.at(std::size_t(status)));
    return counts;
}

int OperationFilterModel::statusCount(OperationStatus status) const
{
    return m_statusCounts.at(std::size_t(status));
}

bool OperationFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_table || sourceParent.isValid())
        return true;
    const Operation &operation = m_table->operationAt(sourceRow);
    if (m_statusMask != 0 && !(m_statusMask & statusBit(operation.status)))
        return false;
    if (!m_types.isEmpty() && !m_types.contains(operation.operationType))
        return false;
    if (m_needsMyVoteOnly && !needsMyVote(operation))
        return false;
    if (m_text.isEmpty())
        return true;
    return operation.displayName.contains(m_text, Qt::CaseInsensitive)
            || operation.entityId.contains(m_text, Qt::CaseInsensitive)
            || operation.owner().contains(m_text, Qt::CaseInsensitive);
}

quint8 OperationFilterModel::stateOf(int sourceRow) const
{
    const Operation &operation = m_table->operationAt(sourceRow);
    return quint8(int(operation.status) | (needsMyVote(operation) ? needsMyVoteBit : 0));
}

void OperationFilterModel::count(quint8 state, int delta)
{
    m_statusCounts[state & statusBits] += delta;
    if (state & needsMyVoteBit)
        m_needsMyVoteCount += delta;
}

void OperationFilterModel::handleRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    m_rowStates.insert(first, last - first + 1, 0);
    for (int row = first; row <= last; ++row) {
        const quint8 state = stateOf(row);
        m_rowStates[row] = state;
        count(state, 1);
    }
    scheduleCountsChanged();
}

void OperationFilterModel::handleRowsAboutToBeRemoved(const QModelIndex &parent, int first,
                                                      int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        count(m_rowStates.at(row), -1);
    m_rowStates.remove(first, last - first + 1);
    scheduleCountsChanged();
}

void OperationFilterModel::handleDataChanged(const QModelIndex &topLeft,
                                             const QModelIndex &bottomRight,
                                             const QList<int> &roles)
{
    // The table lists StatusRole or OperationRole with every change that can move a count.
    if (!roles.isEmpty() && !roles.contains(OperationTableModel::StatusRole)
        && !roles.contains(OperationTableModel::OperationRole)) {
        return;
    }
    bool changed = false;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const quint8 state = stateOf(row);
        const quint8 previous = m_rowStates.at(row);
        if (state == previous)
            continue;
        count(previous, -1);
        count(state, 1);
        m_rowStates[row] = state;
        changed = true;
    }
    if (changed)
        scheduleCountsChanged();
}

void OperationFilterModel::recount()
{
    m_statusCounts.fill(0);
    m_needsMyVoteCount = 0;
    const int rows = m_table ? m_table->rowCount() : 0;
    m_rowStates.resize(rows);
    for (int row = 0; row < rows; ++row) {
        const quint8 state = stateOf(row);
        m_rowStates[row] = state;
        count(state, 1);
    }
    scheduleCountsChanged();
}

void OperationFilterModel::scheduleCountsChanged()
{
    if (!m_countsTimer.isActive())
        m_countsTimer.start();
}

} // namespace optrack
