#pragma once

#include "operation.h"
#include "operationmetatype.h"
#include "sharedoperation.h"
#include "stringpool.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <vector>

namespace optrack {

/// The live table of operations the app shows. The OperationFeed feeds it through
/// applySharedChanges() (or applyChanges() with values) and removeOperations(); bursts
/// are queued and applied in one pass on the next turn of the event loop. Rows hold the
/// feed's own read-only SharedOperation blocks, so the table costs a pointer per row
/// beside the feed rather than a second copy of every operation. Rows are inserted and removed one
/// range at a time and changes are signalled for the changed rows, columns and roles only: the
/// model resets only on clear(), when the app swaps server or account.
///
/// Roles answered on every column: OperationIdRole, OperationRole, StatusRole and the
/// tooltip (the error message). While the service does not answer (setStaleAsOf()), the
/// Time remaining column shows no figure, as one from the past would read as current; its
/// tooltip gives the last estimate and when it was made. A change of status or of the error message
/// is signalled over the whole row; any other accepted update lists OperationRole over the columns
/// that changed (the Name column when no shown field changed). ProgressRole is answered
/// on the Progress column.
class OperationTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Name,
        Type,
        Status,
        Progress,
        Step,
        TimeRemaining,
        Owner,
        Started,
        Updated,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        /// The operationId (QString).
        OperationIdRole = Qt::UserRole,
        /// The column's value for sorting: QString, int, double or qint64 msecs since
        /// the epoch; an invalid QVariant when unknown (sorts last).
        RawValueRole,
        /// The OperationStatus as int.
        StatusRole,
        /// progressPercentage (double, 0-100).
        ProgressRole,
        /// The whole optrack::Operation.
        OperationRole
    };
    Q_ENUM(Role)

    explicit OperationTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// A column's text and sort value for an operation, and its title: shared with
    /// OperationWindowModel, which shows the same columns.
    static QString displayText(const Operation &operation, int column);
    static QVariant rawValue(const Operation &operation, int column);
    static QString columnTitle(int column);

    /// The row holding an operation, -1 when the model does not hold it.
    int rowOf(const QString &operationId) const;
    /// The operation of a row; the row must be valid.
    const Operation &operationAt(int row) const
    {
        return *m_rows[std::size_t(m_hiddenRows == 0 ? row : storedRow(row))];
    }
    /// True while changes wait for the next flush.
    bool hasPendingChanges() const { return !m_pendingOrder.isEmpty(); }
    /// The time the rows were last confirmed while they are not current; invalid when
    /// they are. Signals the Time remaining column only.
    void setStaleAsOf(const QDateTime &asOf);
    QDateTime staleAsOf() const { return m_staleAsOf; }

public slots:
    /// Queues inserted or updated operations (their full current state). An update
    /// whose version is not newer than the one held is ignored.
    void applyChanges(const QList<optrack::Operation> &changed);
    /// The same for shared states (OperationFeed::sharedOperationsChanged): the rows
    /// keep these very blocks.
    void applySharedChanges(const QList<optrack::SharedOperation> &changed);
    /// Queues the removal of operations that left the scope or were deleted.
    void removeOperations(const QStringList &operationIds);
    /// Drops every row and every queued change: the only reset (another server or
    /// account).
    void clear();
    /// Applies the queued changes now instead of on the next turn of the event loop.
    void flushPendingChanges();

signals:
    /// A flush is about to apply queued changes: the row and data signals that follow,
    /// up to changesApplied(), belong to one burst. A proxy may defer its work to the end.
    void changesAboutToBeApplied();
    /// The burst announced by changesAboutToBeApplied() is applied.
    void changesApplied();

private:
    struct RowChange
    {
        int row = 0;
        quint32 columns = 0;
        quint32 roles = 0;
    };

    static RowChange compare(const Operation &held, const Operation &incoming);
    void queue(SharedOperation operation);
    void removeRowsNow(QList<int> rows);
    void updateRowsNow(QList<RowChange> changes);
    void appendRowsNow(std::vector<SharedOperation> operations);
    void reindexFrom(int firstRow);
    /// Where a row is in m_rows while removeRowsNow() has told removals it has not yet
    /// erased.
    int storedRow(int row) const;

    /// One heap block per operation, shared with the feed: removing a row shifts
    /// pointers, not operations.
    std::vector<SharedOperation> m_rows;
    /// Row lookup. Each operation has a slot that stays its own while it is in the
    /// model; the slot's row is an array entry, so renumbering rows after a removal
    /// writes integers instead of rehashing every id after the first removed row.
    QHash<QString, int> m_slotById;
    std::vector<int> m_rowOfSlot;
    /// The slot of each stored row (parallel to m_rows), and the slots free for reuse.
    std::vector<int> m_slotOfRow;
    std::vector<int> m_freeSlots;
    /// The removal being told, range by range from the bottom up, before one pass erases
    /// every range: the ranges' first stored rows (ascending), the rows of the ranges
    /// before each (one more entry than ranges), and which ranges are told already (from
    /// m_firstHidden on). The rows of told ranges are "hidden": still stored, not counted.
    std::vector<int> m_removalFirst;
    std::vector<int> m_removedBefore;
    std::size_t m_firstHidden = 0;
    int m_hiddenRows = 0;
    /// Queued changes by operationId: an operation, or null for a removal.
    QHash<QString, SharedOperation> m_pending;
    /// The order in which the queued operationIds first arrived (new rows keep it).
    QStringList m_pendingOrder;
    QTimer m_flushTimer;
    QDateTime m_staleAsOf;
    StringPool m_strings;
};

} // namespace optrack
