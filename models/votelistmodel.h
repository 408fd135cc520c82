#pragma once

#include "operation.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace optrack {

/// The votes cast on one operation's approval, in the order they were cast. A new
/// approval state changes only what differs: votes of new voters are appended, votes
/// that changed signal the changed cells, votes that went away are removed.
class VoteListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Voter, Decision, Reason, Time, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        /// The column's value for sorting: QString, the VoteDecision as int, or qint64
        /// msecs since the epoch.
        RawValueRole = Qt::UserRole,
    };
    Q_ENUM(Role)

    explicit VoteListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The approval held, votes included; std::nullopt when the operation needs none.
    const std::optional<Approval> &approval() const { return m_approval; }

public slots:
    void setApproval(const std::optional<optrack::Approval> &approval);

signals:
    /// Whether an approval is needed, or its tally or decision, changed.
    void approvalSummaryChanged();

private:
    static bool sameSummary(const std::optional<Approval> &a, const std::optional<Approval> &b);
    QList<Vote> &votes();
    void removeVotesOf(const QList<Vote> &incoming);
    void updateAndAppend(const QList<Vote> &incoming);

    std::optional<Approval> m_approval;
};

} // namespace optrack
