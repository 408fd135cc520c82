#include "operationindex.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace optrack {

using namespace Qt::StringLiterals;

OperationIndex::OperationIndex()
    : m_slab(std::make_unique<EntrySlab>())
{
    for (int i = 0; i < sortKeyCount; ++i)
        m_lists[std::size_t(i)] = RankedList(m_slab.get(), {OperationSortKey(i)});
}

OperationIndex::~OperationIndex() = default;

OperationIndex::OperationIndex(OperationIndex &&other) noexcept
    : OperationIndex()
{
    *this = std::move(other);
}

OperationIndex &OperationIndex::operator=(OperationIndex &&other) noexcept
{
    m_slab.swap(other.m_slab);
    m_slots.swap(other.m_slots);
    m_lists.swap(other.m_lists);
    m_partitionLists.swap(other.m_partitionLists);
    std::swap(m_search, other.m_search);
    return *this;
}

template<typename Visit> void OperationIndex::forEachList(Visit visit)
{
    for (RankedList &list : m_lists)
        visit(list);
    for (const std::unique_ptr<RankedList> &list : m_partitionLists) {
        if (list)
            visit(*list);
    }
}

void OperationIndex::put(const Operation &op)
{
    const auto held = m_slots.constFind(op.operationId);
    if (held == m_slots.cend()) {
        const EntrySlab::Slot slot = m_slab->add(IndexedOperation(op));
        m_slots.insert(op.operationId, slot);
        setSearchText(slot, op);
        forEachList([slot](RankedList &list) { list.insert(slot); });
        return;
    }
    // A new version: out of the lists whose order it changes, rewritten, back into them.
    const EntrySlab::Slot slot = *held;
    IndexedOperation &entry = (*m_slab)[slot];
    IndexedOperation next(op);
    next.searchSlot = entry.searchSlot;
    std::array<RankedList *, std::size_t(partitionCount + 1) * sortKeyCount> moved{};
    std::size_t movedCount = 0;
    forEachList([&](RankedList &list) {
        if (list.order().moves(entry, next)) {
            list.erase(slot);
            moved[movedCount++] = &list;
        }
    });
    entry = std::move(next);
    for (std::size_t i = 0; i < movedCount; ++i)
        moved[i]->insert(slot);
    setSearchText(slot, op);
}

void OperationIndex::setSearchText(EntrySlab::Slot slot, const Operation &op)
{
    const IndexedOperation &entry = (*m_slab)[slot];
    // A separator between fields, so that a match never spans two of them.
    const QString text
            = op.displayName + u'\n' + op.operationId + u'\n' + op.entityId + u'\n' + entry.owner;
    const QByteArray folded = text.toCaseFolded().toUtf8();
    if (entry.searchSlot >= 0 && m_search.textOf(&entry) == folded)
        return;
    m_search.remove(&entry);
    m_search.put(&entry, folded);
}

void OperationIndex::remove(const QString &operationId)
{
    const auto held = m_slots.find(operationId);
    if (held == m_slots.end())
        return;
    const EntrySlab::Slot slot = *held;
    forEachList([slot](RankedList &list) { list.erase(slot); });
    m_search.remove(&(*m_slab)[slot]);
    m_slab->release(slot);
    m_slots.erase(held);
}

const IndexedOperation *OperationIndex::find(const QString &operationId) const
{
    const auto held = m_slots.constFind(operationId);
    return held == m_slots.cend() ? nullptr : &(*m_slab)[*held];
}

qsizetype OperationIndex::positionAfter(const ListOrder &order, const IndexedOperation &probe) const
{
    const RankedList &keyed = list(order.key);
    const qsizetype below = keyed.rankOf(probe);
    if (order.descending)
        return keyed.size() - below;
    return below + (keyed.contains(probe) ? 1 : 0);
}

bool OperationIndex::hasPartitionList(Partition partition, OperationSortKey key) const
{
    return m_partitionLists[partitionIndex(partition, key)] != nullptr;
}

const RankedList &OperationIndex::partitionList(Partition partition, OperationSortKey key) const
{
    std::unique_ptr<RankedList> &built = m_partitionLists[partitionIndex(partition, key)];
    if (built)
        return *built;
    // The key's list is already in the order within each value: group it by value (one pass),
    // then lay the groups out in the values' order. O(n), no comparison of keys.
    const RankedList &keyed = list(key);
    QHash<QString, std::vector<EntrySlab::Slot>> byText; // owners, types: one hash an entry
    std::array<std::vector<EntrySlab::Slot>, OperationStatusCount> byStatus;
    if (keyed.size() > 0) {
        RankedList::Cursor cursor = keyed.cursorAt(0);
        for (qsizetype i = 0; i < keyed.size(); ++i, cursor.next()) {
            const IndexedOperation &entry = keyed.entry(cursor);
            switch (partition) {
            case Partition::Owner:
                byText[entry.owner].push_back(cursor.slot());
                break;
            case Partition::Type:
                byText[entry.operationType].push_back(cursor.slot());
                break;
            case Partition::Status:
                byStatus[std::size_t(entry.status)].push_back(cursor.slot());
                break;
            }
        }
    }
    std::vector<EntrySlab::Slot> sorted;
    sorted.reserve(std::size_t(keyed.size()));
    QStringList values = byText.keys();
    std::sort(values.begin(), values.end()); // as comparePartition orders owners and types
    for (const QString &value : std::as_const(values)) {
        const std::vector<EntrySlab::Slot> &group = byText[value];
        sorted.insert(sorted.end(), group.cbegin(), group.cend());
    }
    for (const std::vector<EntrySlab::Slot> &group : byStatus)
        sorted.insert(sorted.end(), group.cbegin(), group.cend());
    built = std::make_unique<RankedList>(m_slab.get(), IndexOrder{key, true, partition});
    built->assign(sorted);
    return *built;
}

OperationIndex::Range OperationIndex::partitionRange(Partition partition, OperationSortKey key,
                                                     const IndexedOperation &probe) const
{
    const RankedList &partitioned = partitionList(partition, key);
    IndexedOperation bound = probe;
    bound.bound = -1;
    Range range;
    range.first = partitioned.rankOf(bound);
    bound.bound = 1;
    range.end = partitioned.rankOf(bound);
    return range;
}

} // namespace optrack
