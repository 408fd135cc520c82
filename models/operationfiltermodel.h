#pragma once

#include "operation.h"
#include "operationcounts.h"
#include "operationsortorder.h"
#include "operationstatus.h"

#include <QAbstractProxyModel>
#include <QList>
#include <QMap>
#include <QMetaObject>
#include <QModelIndexList>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <utility>
#include <vector>

namespace optrack {

class OperationTableModel;

/// Filters and sorts an OperationTableModel for the operations view: by status, by
/// operation type, by text (name, entityId, owner; case-insensitive) and by "needs my
/// vote". Sorts on OperationTableModel::RawValueRole (see OperationSortOrder). Also keeps
/// the sidebar's counts per status over the whole source model (not the filtered rows).
///
/// A burst of the table (between its changesAboutToBeApplied and changesApplied) is
/// applied in one pass at its end, in O(shown rows + changed rows × log): the rows that
/// leave, enter or move are placed together and announced by one layoutChanged (or, for
/// a few runs of rows entering or leaving without any row moving, by row signals),
/// followed by dataChanged for the changed rows still shown (neighbours merged, with
/// the union of the roles the burst named). It never resets for a burst. Between the
/// source's first and last signal of a burst the proxy still shows the rows as they
/// were before it. A source that signals outside bursts is followed signal by signal.
/// The source must be flat; another model than an OperationTableModel is shown
/// unfiltered and counted as empty.
class OperationFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit OperationFilterModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    /// Sorts on the column's raw value; -1 shows the source order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

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
    int needsMyVoteCount() const;

signals:
    /// The counts changed; emitted once per turn of the event loop at most.
    void countsChanged();

private:
    /// A source row changed since the last pass, and the columns that changed.
    struct DirtyRow
    {
        int row = 0;
        int firstColumn = 0;
        int lastColumn = 0;
    };

    /// Source changes not applied yet. Removed rows are numbered as at the last pass
    /// (they arrive bottom-up, before anything else); dirty rows as the source is now;
    /// appended rows are the last rows of the source.
    struct Pending
    {
        std::vector<int> removedRows;
        std::vector<DirtyRow> dirtyRows;
        int appendedRows = 0;
        /// Rows inserted before the end, already counted in the mappings.
        int insertedFirst = -1;
        int insertedLast = -1;
        QList<int> roles;
        bool allRoles = false;

        bool isEmpty() const
        {
            return removedRows.empty() && dirtyRows.empty() && appendedRows == 0
                    && insertedFirst < 0;
        }
    };

    void handleChangesAboutToBeApplied();
    void handleChangesApplied();
    void handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void handleRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void handleRowsInserted(const QModelIndex &parent, int first, int last);
    void handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void handleRowsRemoved(const QModelIndex &parent, int first, int last);
    void handleSourceAboutToBeReset();
    void handleSourceReset();
    void handleSourceDestroyed();
    void handleSourceLayoutAboutToBeChanged();
    void handleSourceLayoutChanged();
    void handleSourceHeaderDataChanged(Qt::Orientation orientation, int first, int last);

    /// Applies the pending source changes in one pass, unless a burst is still running.
    void applyPendingChangesOutsideBurst();
    void applyPendingChanges();
    /// Renumbers the mappings after the removals; true when a shown row went.
    bool compactRemovedRows(std::vector<int> removedRows);
    /// Re-filters every row after a filter changed; the order of the rows kept stays.
    void refilter();
    /// Shows the rows of m_proxyToSource except takenOut, with entering placed in
    /// sort order; signals the difference.
    void placeRows(std::vector<std::pair<OperationSortOrder::Key, int>> entering,
                   const std::vector<int> &takenOut);
    /// Makes newOrder the shown rows, m_proxyKeys already theirs; previousRows gives,
    /// per new proxy row, the proxy row it had or -1. Emits the fewest signals that
    /// tell the difference.
    void commitOrder(std::vector<int> newOrder, const std::vector<int> &previousRows);
    void commitByRowSignals(const std::vector<int> &newOrder, const std::vector<int> &previousRows,
                            const std::vector<int> &nextRows);
    void emitDataChanged(const std::vector<DirtyRow> &shownRows, const QList<int> &roles);
    /// Rebuilds the mappings and the counts without signals (inside a reset or layout
    /// change).
    void rebuild();
    /// The rows the filters accept, in sort order, and their keys.
    void sortAcceptedRows(std::vector<int> &rows, std::vector<OperationSortOrder::Key> &keys) const;
    OperationSortOrder currentOrder() const;
    int sourceRowCount() const;

    bool accepts(int sourceRow) const;
    void scheduleCountsChanged();

    QPointer<OperationTableModel> m_table;
    QList<QMetaObject::Connection> m_sourceConnections;

    quint32 m_statusMask = 0;
    QSet<QString> m_types;
    QString m_text;
    bool m_needsMyVoteOnly = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    /// Proxy row to source row, in sort order. Between a source removal and the next
    /// pass, -1 stands for a row the source no longer has.
    std::vector<int> m_proxyToSource;
    /// Per proxy row, its value in the sorted column: a burst's rows are placed by binary
    /// searches that read these instead of the operations scattered over the heap.
    std::vector<OperationSortOrder::Key> m_proxyKeys;
    /// Source row to proxy row, -1 when filtered out.
    std::vector<int> m_sourceToProxy;

    Pending m_pending;
    int m_burstDepth = 0;
    QModelIndexList m_layoutProxyIndexes;
    QList<QPersistentModelIndex> m_layoutSourceIndexes;

    OperationCounts m_counts;
    QTimer m_countsTimer;
};

} // namespace optrack
