#pragma once

#include "operation.h"
#include "operationstatus.h"

#include <QList>
#include <QMap>
#include <QMetaObject>
#include <QPointer>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <array>

namespace optrack {

class OperationTableModel;

/// Filters and sorts an OperationTableModel for the operations view: by status, by
/// operation type, by text (name, entityId, owner; case-insensitive) and by "needs my
/// vote". Sorts on OperationTableModel::RawValueRole. Also keeps the sidebar's counts
/// per status over the whole source model (not the filtered rows), updated from the
/// source's row and data signals in proportion to the rows they name.
class OperationFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit OperationFilterModel(QObject *parent = nullptr);

    /// The source must be an OperationTableModel; any other model is shown unfiltered
    /// and counted as empty.
    void setSourceModel(QAbstractItemModel *sourceModel) override;

    /// Shows only these statuses; an empty list shows every status.
    void setStatusFilter(const QList<OperationStatus> &statuses);
    QList<OperationStatus> statusFilter() const;
    /// Shows only these operation types; an empty list shows every type.
    void setTypeFilter(const QStringList &operationTypes);
    QStringList typeFilter() const;
    /// Shows the operations whose name, entityId or owner contains the text.
    void setTextFilter(const QString &text);
    QString textFilter() const { return m_text; }
    /// Shows only the operations waiting for the current user's vote.
    void setNeedsMyVoteOnly(bool enabled);
    bool needsMyVoteOnly() const { return m_needsMyVoteOnly; }
    /// Who "my" is in "needs my vote".
    void setCurrentUser(const QString &userId, const QStringList &roles);

    /// Waiting for approval, the user holds the voter role, is not the owner and has
    /// not voted yet.
    bool needsMyVote(const Operation &operation) const;

    /// Operations per status in the source model, every status present.
    QMap<OperationStatus, int> statusCounts() const;
    int statusCount(OperationStatus status) const;
    /// Operations in the source model that wait for the current user's vote.
    int needsMyVoteCount() const { return m_needsMyVoteCount; }

signals:
    /// The counts changed; emitted once per turn of the event loop at most.
    void countsChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void handleRowsInserted(const QModelIndex &parent, int first, int last);
    void handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void recount();
    quint8 stateOf(int sourceRow) const;
    void count(quint8 state, int delta);
    void scheduleCountsChanged();

    QPointer<OperationTableModel> m_table;
    QList<QMetaObject::Connection> m_sourceConnections;

    quint32 m_statusMask = 0;
    QSet<QString> m_types;
    QString m_text;
    bool m_needsMyVoteOnly = false;
    QString m_userId;
    QStringList m_userRoles;

    /// Per source row, what it adds to the counts: its status and a needs-my-vote bit.
    QList<quint8> m_rowStates;
    std::array<int, OperationStatusCount> m_statusCounts{};
    int m_needsMyVoteCount = 0;
    QTimer m_countsTimer;
};

} // namespace optrack
