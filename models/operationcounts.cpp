#include "operationcounts.h"

#include "accessrules.h"
#include "operationtablemodel.h"

namespace optrack {

namespace {

constexpr quint8 statusBits = 0x0f;
constexpr quint8 needsMyVoteBit = 0x10;

} // namespace

void OperationCounts::setCurrentUser(const QString &userId, const QStringList &roles)
{
    m_userId = userId;
    m_userRoles = roles;
}

bool OperationCounts::isCurrentUser(const QString &userId, const QStringList &roles) const
{
    return userId == m_userId && roles == m_userRoles;
}

bool OperationCounts::needsMyVote(const Operation &operation) const
{
    return access::mayVoteOn(m_userId, m_userRoles, operation);
}

void OperationCounts::recount(const OperationTableModel *table)
{
    m_statusCounts.fill(0);
    m_needsMyVoteCount = 0;
    m_rowStates.clear();
    if (table)
        insertRows(table, 0, table->rowCount());
}

void OperationCounts::insertRows(const OperationTableModel *table, int first, int rows)
{
    if (!table || rows <= 0)
        return;
    m_rowStates.insert(m_rowStates.begin() + first, std::size_t(rows), 0);
    for (int row = first; row < first + rows; ++row) {
        const quint8 state = stateOf(table->operationAt(row));
        m_rowStates[std::size_t(row)] = state;
        count(state, 1);
    }
}

bool OperationCounts::updateRow(const OperationTableModel *table, int row)
{
    if (!table)
        return false;
    const quint8 state = stateOf(table->operationAt(row));
    quint8 &held = m_rowStates[std::size_t(row)];
    if (state == held)
        return false;
    count(held, -1);
    count(state, 1);
    held = state;
    return true;
}

void OperationCounts::uncountRow(int row)
{
    if (std::size_t(row) < m_rowStates.size())
        count(m_rowStates[std::size_t(row)], -1);
}

void OperationCounts::compact(const std::vector<int> &removedRows)
{
    if (m_rowStates.empty())
        return;
    std::size_t nextRemoved = 0;
    std::size_t kept = 0;
    for (std::size_t row = 0; row < m_rowStates.size(); ++row) {
        if (nextRemoved < removedRows.size() && std::size_t(removedRows[nextRemoved]) == row) {
            ++nextRemoved;
            continue;
        }
        m_rowStates[kept++] = m_rowStates[row];
    }
    m_rowStates.resize(kept);
}

int OperationCounts::statusCount(OperationStatus status) const
{
    return m_statusCounts.at(std::size_t(status));
}

quint8 OperationCounts::stateOf(const Operation &operation) const
{
    return quint8(int(operation.status) | (needsMyVote(operation) ? needsMyVoteBit : 0));
}

void OperationCounts::count(quint8 state, int delta)
{
    m_statusCounts[state & statusBits] += delta;
    if (state & needsMyVoteBit)
        m_needsMyVoteCount += delta;
}

} // namespace optrack
