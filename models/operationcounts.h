#pragma once

#include "operation.h"
#include "operationstatus.h"

#include <QString>
#include <QStringList>

#include <array>
#include <vector>

namespace optrack {

class OperationTableModel;

/// The sidebar's counts over every row of an OperationTableModel: operations per status
/// and those waiting for the current user's vote. Keeps what each row adds, so that a
/// change, an insertion or a removal moves the counts by that row alone. Rows are
/// numbered as the owner (OperationFilterModel) numbers them between its passes.
class OperationCounts
{
public:
    /// Who "my" is in "needs my vote"; the caller counts anew afterwards.
    void setCurrentUser(const QString &userId, const QStringList &roles);
    bool isCurrentUser(const QString &userId, const QStringList &roles) const;
    /// Waiting for approval, the user holds the voter role, is not the owner and has
    /// not voted yet.
    bool needsMyVote(const Operation &operation) const;

    /// Counts every row of the table anew; nothing without a table.
    void recount(const OperationTableModel *table);
    /// Counts rows [first, first + rows) of the table, inserted there.
    void insertRows(const OperationTableModel *table, int first, int rows);
    /// Counts a changed row anew; true when the counts moved.
    bool updateRow(const OperationTableModel *table, int row);
    /// Stops counting a row about to be removed; its place stays until compact().
    void uncountRow(int row);
    /// Drops the places of these uncounted rows (ascending, numbered as before).
    void compact(const std::vector<int> &removedRows);

    int statusCount(OperationStatus status) const;
    int needsMyVoteCount() const { return m_needsMyVoteCount; }

private:
    quint8 stateOf(const Operation &operation) const;
    void count(quint8 state, int delta);

    QString m_userId;
    QStringList m_userRoles;
    /// Per row, what it adds: its status and a needs-my-vote bit.
    std::vector<quint8> m_rowStates;
    std::array<int, OperationStatusCount> m_statusCounts{};
    int m_needsMyVoteCount = 0;
};

} // namespace optrack
