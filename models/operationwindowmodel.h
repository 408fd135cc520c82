#pragma once

#include "operationblocksource.h"
#include "operationtablemodel.h"
#include "operationwindowquery.h"
#include "sharedoperation.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>
#include <vector>

namespace optrack {

/// The operations table as a window on the service's order: its row count is the query's
/// total, and rows are loaded in blocks by offset from an OperationBlockSource while the
/// view shows them (setVisibleRows(), at most fetchDelay later). A row not loaded yet is a
/// placeholder (PlaceholderRole true, no operation); its block's answer fills it with dataChanged.
/// Loaded rows beyond a bound are unloaded again, farthest from the view first, so memory
/// follows what is looked at, not what the service retains.
///
/// Live changes (applySharedChanges() with the feed's new states, removeOperations())
/// never reset: loaded rows are runs of the service's order with known keys, so a changed
/// operation's old and new places are found exactly among them and it is moved, inserted,
/// removed or updated there; between loaded runs only the count of placeholders moves. A
/// block answered at an older version than the state the feed gave gets the feed's state,
/// placed again. Only setQuery() (the user chose another sort, filter or search) resets.
///
/// Columns and roles are OperationTableModel's, so its delegates and proxies read both.
class OperationWindowModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int blockSize = 256;
    /// Loaded rows kept at most by default; beyond it rows far from the view become
    /// placeholders.
    static constexpr int defaultMaxLoadedRows = 40 * blockSize;
    /// Rows loaded beyond each end of the visible range.
    static constexpr int prefetchRows = blockSize / 2;
    /// Blocks for the view's range are asked for this long after it first moves (moves in
    /// between cost nothing), also while it keeps moving.
    static constexpr std::chrono::milliseconds fetchDelay{20};

    enum Role {
        /// True on a row whose block has not arrived yet.
        PlaceholderRole = OperationTableModel::OperationRole + 16
    };

    explicit OperationWindowModel(OperationBlockSource *source, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Another question (sort, filter, search): resets and asks for the first block.
    void setQuery(const OperationWindowQuery &query);
    OperationWindowQuery query() const { return m_query; }
    /// The rows the view shows; blocks around them are asked for at most fetchDelay later.
    void setVisibleRows(int first, int last);
    void setMaxLoadedRows(int rows);
    int maxLoadedRows() const { return m_maxLoadedRows; }
    /// True once the query's first answer arrived (the row count is the service's).
    bool isAnswered() const { return m_answered; }

    /// The operation of a loaded row, null for a placeholder.
    SharedOperation operationAt(int row) const;
    /// The row of a loaded operation, -1 when it is not loaded.
    int rowOf(const QString &operationId) const;
    int loadedRowCount() const { return int(m_loaded.size()); }
    /// Requests in flight.
    int pendingBlocks() const { return int(m_requests.size()); }

public slots:
    /// The feed's new states of operations: each is placed among the loaded rows.
    void applySharedChanges(const QList<optrack::SharedOperation> &changed);
    /// Operations deleted or out of scope.
    void removeOperations(const QStringList &operationIds);
    /// Operations the feed no longer holds but the service still answers for (old
    /// history): their rows stay, only the feed's state of them is let go.
    void forgetOperations(const QStringList &operationIds);
    /// Asks again for the loaded blocks (after a reconnect, or when the counts disagree):
    /// their answers replace the rows without a reset.
    void refresh();
    /// Asks for the blocks around the visible rows now instead of after fetchDelay.
    void fetchVisibleNow();

signals:
    /// The query's first block arrived: the first screen can be painted.
    void answered();
    /// A block request failed (the rows stay placeholders and are asked again later).
    void loadFailed(const QString &reason);

private:
    /// Placeholders (`gap`) followed by loaded rows of the query's order.
    struct Run
    {
        int gap = 0;
        std::vector<SharedOperation> rows;
    };
    /// Where a row or a key falls: in run `run` (m_runs.size() for the tail gap), at
    /// `index` of its loaded rows, or in its gap.
    struct Place
    {
        int row = 0;
        std::size_t run = 0;
        std::size_t index = 0;
        bool inGap = false;
    };
    struct Request
    {
        int offset = 0;
        int limit = 0;
        /// m_edits.size() when sent: later edits move the answer's rows.
        std::size_t editsSeen = 0;
        /// Asked again by refresh(): the answer replaces loaded rows.
        bool reload = false;
        /// The feed's version when sent: the answer is at least as new.
        qint64 version = 0;
    };
    /// A row inserted (+1) or removed (-1) since the query began.
    struct Edit
    {
        int row = 0;
        int delta = 0;
        /// The version of the change that made it.
        qint64 version = 0;
    };

    Place locateRow(int row) const;
    /// Where an operation in this state sits, or would be inserted, in the query's order.
    Place locateKey(const Operation &operation) const;
    bool isPlaceholder(int row) const;
    /// The placeholders before run `run` (the tail's for m_runs.size()).
    int &gapOf(std::size_t run);
    void insertAt(const Place &place, const SharedOperation &operation);
    void removeAt(const Place &place);
    /// Drops empty runs and joins runs no placeholder separates.
    void normalize();
    void setTotal(int total);
    /// Moves an operation from where `previous` counts it (null: nowhere) to where
    /// `next` belongs (null or not matching: nowhere).
    void place(const SharedOperation &previous, const SharedOperation &next);
    void handleBlockReady(quint64 ticket, const OperationBlock &block);
    void handleBlockFailed(quint64 ticket, const QString &reason);
    void fill(int firstRow, const QList<SharedOperation> &operations);
    void loadInGap(const Place &at, const SharedOperation &operation);
    /// Turns loaded rows back into placeholders.
    void unload(int firstRow, int rows);
    void requestRange(int first, int last, bool reload = false);
    void evict();
    int mapThroughEdits(int row, std::size_t since, qint64 version) const;
    void noteEdit(int row, int delta);

    QPointer<OperationBlockSource> m_source;
    OperationWindowQuery m_query;
    std::vector<Run> m_runs;
    int m_tailGap = 0;
    int m_rowCount = 0;
    int m_maxLoadedRows = defaultMaxLoadedRows;
    /// Loaded rows by operationId: the state each row shows.
    QHash<QString, SharedOperation> m_loaded;
    /// The newest state the feed gave of each operation it holds.
    QHash<QString, SharedOperation> m_known;
    QHash<quint64, Request> m_requests;
    std::vector<Edit> m_edits;
    int m_visibleFirst = 0;
    int m_visibleLast = -1;
    bool m_answered = false;
    /// The newest version an answer gave the row count at, and the newest the feed gave.
    qint64 m_answerVersion = 0;
    qint64 m_appliedVersion = 0;
    qint64 m_editVersion = 0;
    QTimer m_fetchTimer;
};

} // namespace optrack
