#pragma once

#include "operation.h"
#include "operationwindowquery.h"
#include "searchtext.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <memory>
#include <optional>
#include <unordered_map>

namespace optrack {

/// The orders a list offers (GET /api/operations?sort=…&order=…). Each compares as the
/// app's OperationSortOrder does: times in milliseconds, names (the entity id when a name is
/// empty) and types ignoring case, statuses in the lifecycle's order, progress as a number;
/// ties by operationId, in the same direction, so the order is total.
struct ListOrder
{
    OperationSortKey key = OperationSortKey::CreatedAt;
    bool descending = true;
};

/// What a list filters and sorts on, copied out of one version of an operation, so that a
/// walk through an index never touches the operation itself.
struct IndexedOperation
{
    IndexedOperation() = default;
    explicit IndexedOperation(const Operation &op);

    QString operationId;
    QString operationType;
    QString owner;
    /// The role that votes on it, empty when it needs no approval.
    QString voterRole;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString nameKey; // case-folded
    QString typeKey; // case-folded
    OperationStatus status = OperationStatus::Pending;
    double progress = 0;
    /// Where SearchText holds its name, id, entity and owner (-1: nowhere).
    mutable qsizetype searchSlot = -1;
    /// A probe's place in its partition (OperationIndex::partitionRange): -1 before every
    /// operation of it, +1 after every one; 0 for operations and key probes.
    qint8 bound = 0;
};

/// The filters a list may narrow to by an index of its own: the owner (scope=mine), the
/// status and the operation type.
enum class Partition { Owner, Status, Type };
constexpr int partitionCount = 3;

/// Every published operation in each ListOrder, as order-statistic trees (GCC's policy-based
/// red-black tree with subtree sizes): the row at any offset, the rank of any key and an
/// insertion or removal in O(log n), whatever the number of operations; and in each order
/// within each owner, status and type (PartitionTree), for filtered pages. Terminal operations
/// never move; a live one is removed and inserted again at each version that changes a key.
class OperationIndex
{
public:
    /// Less-than for one key, ascending, ties by operationId.
    struct Less
    {
        OperationSortKey key = OperationSortKey::CreatedAt;
        bool operator()(const IndexedOperation *a, const IndexedOperation *b) const;
    };
    using Tree = __gnu_pbds::tree<const IndexedOperation *, __gnu_pbds::null_type, Less,
                                  __gnu_pbds::rb_tree_tag,
                                  __gnu_pbds::tree_order_statistics_node_update>;
    /// Less-than by one partition's value, then as Less.
    struct PartitionLess
    {
        Partition partition = Partition::Owner;
        OperationSortKey key = OperationSortKey::CreatedAt;
        bool operator()(const IndexedOperation *a, const IndexedOperation *b) const;
    };
    using PartitionTree = __gnu_pbds::tree<const IndexedOperation *, __gnu_pbds::null_type,
                                           PartitionLess, __gnu_pbds::rb_tree_tag,
                                           __gnu_pbds::tree_order_statistics_node_update>;
    /// Ranks [first, end) of one partition's operations in a PartitionTree.
    struct Range
    {
        qsizetype first = 0;
        qsizetype end = 0;
    };

    OperationIndex();
    ~OperationIndex();
    OperationIndex(const OperationIndex &) = delete;
    OperationIndex &operator=(const OperationIndex &) = delete;
    // The trees point at the entries, which stay where they are: swapping both moves.
    OperationIndex(OperationIndex &&other) noexcept;
    OperationIndex &operator=(OperationIndex &&other) noexcept;

    /// Adds the operation, or replaces the version held.
    void put(const Operation &op);
    void remove(const QString &operationId);
    const IndexedOperation *find(const QString &operationId) const;
    qsizetype size() const { return qsizetype(m_entries.size()); }

    const Tree &tree(OperationSortKey key) const { return m_trees[std::size_t(key)]; }
    /// The position in `order` of the first operation that comes after `probe` (which need
    /// not be indexed): where a page that ended at probe goes on.
    qsizetype positionAfter(const ListOrder &order, const IndexedOperation &probe) const;

    const SearchText &searchText() const { return m_search; }

    const PartitionTree &partitionTree(Partition partition, OperationSortKey key) const
    {
        return m_partitionTrees[std::size_t(partition) * sortKeyCount + std::size_t(key)];
    }
    /// Where the operations whose `partition` value is probe's sit in partitionTree(): the
    /// ranks of one owner's, one status's or one type's operations in the key's order.
    Range partitionRange(Partition partition, OperationSortKey key,
                         const IndexedOperation &probe) const;

private:
    void unlink(const IndexedOperation *entry);

    std::unordered_map<QString, std::unique_ptr<IndexedOperation>> m_entries;
    std::array<Tree, sortKeyCount> m_trees;
    // The same operations ordered by owner, status or type first: a filtered page is a range
    // of one of them, found in O(log n) however rare its matches are.
    std::array<PartitionTree, std::size_t(partitionCount) * sortKeyCount> m_partitionTrees;
    SearchText m_search;
};

} // namespace optrack
