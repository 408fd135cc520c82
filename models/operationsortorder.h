#pragma once

#include <QString>
#include <QtGlobal>

#include <utility>
#include <vector>

class QAbstractItemModel;

namespace optrack {

class OperationTableModel;

/// The order in which OperationFilterModel shows its rows: one column's raw value
/// (OperationTableModel::RawValueRole), text ignoring case, unknown values after the
/// known ones in ascending order and before them in descending order. Ties are broken
/// by source row, ascending in both orders, so the order is total and a row's place
/// never depends on how it got there. A column of -1 shows the source order (reversed
/// when descending). Reads an OperationTableModel's operations directly, without
/// QVariant; other models are read through RawValueRole.
class OperationSortOrder
{
public:
    /// A row's value in the sorted column.
    struct Key
    {
        enum Kind : quint8 { Unknown, Number, Text };
        Kind kind = Unknown;
        double number = 0;
        QString text;
    };

    /// Rows in sort order with their keys and, per row, the position it came from (-1
    /// for a row placed by merge()).
    struct Merged
    {
        std::vector<int> rows;
        std::vector<Key> keys;
        std::vector<int> from;
    };

    OperationSortOrder() = default;
    OperationSortOrder(const QAbstractItemModel *source, int column, Qt::SortOrder order);

    /// The sorted column, -1 when the order is the source's.
    int column() const { return m_column; }
    Key keyOf(int sourceRow) const;
    /// True when neither value sorts before the other.
    static bool equivalent(const Key &a, const Key &b) { return compare(a, b) == 0; }
    /// True when rowA, whose value is keyA, comes before rowB.
    bool before(const Key &keyA, int rowA, const Key &keyB, int rowB) const;
    bool before(int rowA, int rowB) const { return before(keyOf(rowA), rowA, keyOf(rowB), rowB); }

    /// Sorts `placed` (key and source row) and merges it into the rows at the positions
    /// `kept` of `rows`, which are in this order with their `keys`. Takes O(kept +
    /// placed × log) steps; moves the kept keys out of `keys`.
    Merged merge(const std::vector<int> &rows, std::vector<Key> &keys, const std::vector<int> &kept,
                 std::vector<std::pair<Key, int>> placed) const;

private:
    /// Negative, zero or positive as a sorts before, with or after b in ascending order.
    static int compare(const Key &a, const Key &b);
    Key keyOfTableRow(int sourceRow) const;
    Key keyOfModelRow(int sourceRow) const;

    const QAbstractItemModel *m_source = nullptr;
    const OperationTableModel *m_table = nullptr;
    int m_column = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
};

} // namespace optrack
