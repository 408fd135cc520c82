#pragma once

#include "entryslab.h"
#include "indexedoperation.h"

#include <vector>

namespace optrack {

/// The slab's entries kept sorted in one IndexOrder, as an order-statistic list: the entry at
/// any rank, the rank of any probe, an insertion or a removal in O(log n) comparisons. The
/// slots (4 bytes each) sit in sorted chunks of at most maxChunk, with the chunks' sizes in a
/// Fenwick tree for ranks: about 6 bytes an entry where a red-black node of its own took 64.
class RankedList
{
public:
    using Slot = EntrySlab::Slot;

    /// Where a walk is: valid until the list next changes.
    class Cursor
    {
    public:
        Slot slot() const { return (*m_chunks)[m_chunk][m_offset]; }
        void next();
        void previous();

    private:
        friend class RankedList;
        const std::vector<std::vector<Slot>> *m_chunks = nullptr;
        std::size_t m_chunk = 0;
        std::size_t m_offset = 0;
    };

    RankedList() = default;
    RankedList(const EntrySlab *slab, IndexOrder order);

    const IndexOrder &order() const { return m_order; }
    qsizetype size() const { return m_size; }
    /// Adds a slot whose entry is not in the list yet.
    void insert(Slot slot);
    /// Removes a slot; its entry must still compare as when it was inserted.
    void erase(Slot slot);
    /// Replaces the content with slots already in this order.
    void assign(const std::vector<Slot> &sorted);

    /// The number of entries ordered before probe (which need not be in the list).
    qsizetype rankOf(const IndexedOperation &probe) const;
    /// Whether probe's entry (the same operation, the same keys) is in the list.
    bool contains(const IndexedOperation &probe) const;
    const IndexedOperation &at(qsizetype rank) const { return (*m_slab)[cursorAt(rank).slot()]; }
    /// A cursor at a rank below size().
    Cursor cursorAt(qsizetype rank) const;
    const IndexedOperation &entry(const Cursor &cursor) const { return (*m_slab)[cursor.slot()]; }

private:
    bool less(Slot a, const IndexedOperation &b) const { return m_order((*m_slab)[a], b); }
    /// The first chunk whose last entry is not below probe (m_chunks.size(): none).
    std::size_t chunkOf(const IndexedOperation &probe) const;
    /// The place in a chunk of the first entry not below probe.
    std::size_t offsetIn(const std::vector<Slot> &chunk, const IndexedOperation &probe) const;
    void rebuildCounts();
    void count(std::size_t chunk, qsizetype delta);
    qsizetype entriesBefore(std::size_t chunk) const;

    const EntrySlab *m_slab = nullptr;
    IndexOrder m_order;
    std::vector<std::vector<Slot>> m_chunks;
    std::vector<qsizetype> m_counts; // Fenwick tree of the chunks' sizes, 1-based
    qsizetype m_size = 0;
};

} // namespace optrack
