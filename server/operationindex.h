#pragma once

#include "entryslab.h"
#include "indexedoperation.h"
#include "rankedlist.h"
#include "searchtext.h"

#include <QHash>
#include <QString>

#include <array>
#include <memory>

namespace optrack {

/// Every published operation in each ListOrder, as order-statistic lists (RankedList): the
/// row at any offset, the rank of any key and an insertion or removal in O(log n), whatever
/// the number of operations; and in each order within each owner, status and type, for
/// filtered pages. Those partitioned lists are built from the key's list the first time a
/// page asks for one (a filter in an order nobody lists costs nothing) and kept current from
/// then on. A new version of an operation moves only in the lists whose order it changes:
/// a progress report, in the updatedAt and progress ones.
class OperationIndex
{
public:
    /// Ranks [first, end) of one partition's operations in a partitioned list.
    struct Range
    {
        qsizetype first = 0;
        qsizetype end = 0;
    };

    OperationIndex();
    ~OperationIndex();
    OperationIndex(const OperationIndex &) = delete;
    OperationIndex &operator=(const OperationIndex &) = delete;
    // The lists point at the slab, which stays where it is: swapping both moves.
    OperationIndex(OperationIndex &&other) noexcept;
    OperationIndex &operator=(OperationIndex &&other) noexcept;

    /// Adds the operation, or replaces the version held.
    void put(const Operation &op);
    void remove(const QString &operationId);
    const IndexedOperation *find(const QString &operationId) const;
    qsizetype size() const { return m_slots.size(); }

    const RankedList &list(OperationSortKey key) const { return m_lists[std::size_t(key)]; }
    /// The position in `order` of the first operation that comes after `probe` (which need
    /// not be indexed): where a page that ended at probe goes on.
    qsizetype positionAfter(const ListOrder &order, const IndexedOperation &probe) const;

    const SearchText &searchText() const { return m_search; }

    /// The operations ordered by a partition's value, then by the key; built on first use.
    const RankedList &partitionList(Partition partition, OperationSortKey key) const;
    /// Whether partitionList() has been asked for (and so is kept current).
    bool hasPartitionList(Partition partition, OperationSortKey key) const;
    /// Where the operations whose `partition` value is probe's sit in partitionList(): the
    /// ranks of one owner's, one status's or one type's operations in the key's order.
    Range partitionRange(Partition partition, OperationSortKey key,
                         const IndexedOperation &probe) const;

private:
    static std::size_t partitionIndex(Partition partition, OperationSortKey key)
    {
        return std::size_t(partition) * sortKeyCount + std::size_t(key);
    }
    /// Every list that orders entries, the partitioned ones built so far included.
    template<typename Visit> void forEachList(Visit visit);
    void setSearchText(EntrySlab::Slot slot, const Operation &op);

    std::unique_ptr<EntrySlab> m_slab;
    QHash<QString, EntrySlab::Slot> m_slots;
    std::array<RankedList, sortKeyCount> m_lists;
    // The same operations ordered by owner, status or type first: a filtered page is a range
    // of one of them, found in O(log n) however rare its matches are. Null until first asked.
    mutable std::array<std::unique_ptr<RankedList>, std::size_t(partitionCount) * sortKeyCount>
            m_partitionLists;
    SearchText m_search;
};

} // namespace optrack
