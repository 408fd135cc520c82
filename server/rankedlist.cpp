#include "rankedlist.h"

#include <algorithm>
#include <bit>

namespace optrack {

namespace {

/// A chunk past this is split in two; one below minChunk is merged into a neighbour. A
/// chunk of 1,024 slots is 4 KiB: an insertion moves 2 KiB on average, less than the cache
/// misses a tree's rebalancing costs.
constexpr std::size_t maxChunk = 1024;
constexpr std::size_t minChunk = maxChunk / 8;
constexpr std::size_t loadedChunk = maxChunk / 2; // what assign() fills, room to grow

} // namespace

void RankedList::Cursor::next()
{
    if (++m_offset == (*m_chunks)[m_chunk].size()) {
        ++m_chunk;
        m_offset = 0;
    }
}

void RankedList::Cursor::previous()
{
    if (m_offset == 0) {
        --m_chunk;
        m_offset = (*m_chunks)[m_chunk].size() - 1;
    } else {
        --m_offset;
    }
}

RankedList::RankedList(const EntrySlab *slab, IndexOrder order)
    : m_slab(slab)
    , m_order(order)
{ }

void RankedList::insert(Slot slot)
{
    const IndexedOperation &entry = (*m_slab)[slot];
    if (m_chunks.empty()) {
        m_chunks.push_back({slot});
        rebuildCounts();
        m_size = 1;
        return;
    }
    const std::size_t chunk = std::min(chunkOf(entry), m_chunks.size() - 1);
    std::vector<Slot> &held = m_chunks[chunk];
    const auto at = held.begin() + std::ptrdiff_t(offsetIn(held, entry));
    held.insert(at, slot);
    ++m_size;
    if (held.size() <= maxChunk) {
        count(chunk, 1);
        return;
    }
    std::vector<Slot> upper(held.begin() + std::ptrdiff_t(held.size() / 2), held.end());
    held.resize(held.size() / 2);
    m_chunks.insert(m_chunks.begin() + std::ptrdiff_t(chunk) + 1, std::move(upper));
    rebuildCounts();
}

void RankedList::erase(Slot slot)
{
    const IndexedOperation &entry = (*m_slab)[slot];
    const std::size_t chunk = chunkOf(entry);
    if (chunk == m_chunks.size())
        return;
    std::vector<Slot> &held = m_chunks[chunk];
    const auto at = held.begin() + std::ptrdiff_t(offsetIn(held, entry));
    Q_ASSERT(at != held.end() && *at == slot);
    if (at == held.end() || *at != slot)
        return;
    held.erase(at);
    --m_size;
    if (held.empty()) {
        m_chunks.erase(m_chunks.begin() + std::ptrdiff_t(chunk));
        rebuildCounts();
        return;
    }
    if (held.size() >= minChunk || m_chunks.size() == 1) {
        count(chunk, -1);
        return;
    }
    // Merge with the next chunk (the previous for the last) when both fit in one.
    const std::size_t first = chunk + 1 < m_chunks.size() ? chunk : chunk - 1;
    std::vector<Slot> &into = m_chunks[first];
    std::vector<Slot> &from = m_chunks[first + 1];
    if (into.size() + from.size() > maxChunk) {
        count(chunk, -1);
        return;
    }
    into.insert(into.end(), from.cbegin(), from.cend());
    m_chunks.erase(m_chunks.begin() + std::ptrdiff_t(first) + 1);
    rebuildCounts();
}

void RankedList::assign(const std::vector<Slot> &sorted)
{
    m_chunks.clear();
    for (std::size_t from = 0; from < sorted.size(); from += loadedChunk) {
        const std::size_t end = std::min(sorted.size(), from + loadedChunk);
        m_chunks.emplace_back(sorted.cbegin() + std::ptrdiff_t(from),
                              sorted.cbegin() + std::ptrdiff_t(end));
    }
    m_size = qsizetype(sorted.size());
    rebuildCounts();
}

qsizetype RankedList::rankOf(const IndexedOperation &probe) const
{
    const std::size_t chunk = chunkOf(probe);
    if (chunk == m_chunks.size())
        return m_size;
    const std::vector<Slot> &held = m_chunks[chunk];
    return entriesBefore(chunk) + qsizetype(offsetIn(held, probe));
}

bool RankedList::contains(const IndexedOperation &probe) const
{
    const qsizetype rank = rankOf(probe);
    return rank < m_size && !m_order(probe, at(rank));
}

RankedList::Cursor RankedList::cursorAt(qsizetype rank) const
{
    Q_ASSERT(rank >= 0 && rank < m_size);
    // Descend the Fenwick tree: the last chunk whose predecessors hold at most rank entries.
    const std::size_t chunks = m_chunks.size();
    std::size_t position = 0;
    qsizetype left = rank;
    for (std::size_t step = std::bit_floor(chunks); step > 0; step >>= 1) {
        if (position + step <= chunks && m_counts[position + step] <= left) {
            position += step;
            left -= m_counts[position];
        }
    }
    Cursor cursor;
    cursor.m_chunks = &m_chunks;
    cursor.m_chunk = position;
    cursor.m_offset = std::size_t(left);
    return cursor;
}

std::size_t RankedList::offsetIn(const std::vector<Slot> &chunk,
                                 const IndexedOperation &probe) const
{
    const auto at = std::partition_point(chunk.cbegin(), chunk.cend(),
                                         [&](Slot slot) { return less(slot, probe); });
    return std::size_t(at - chunk.cbegin());
}

std::size_t RankedList::chunkOf(const IndexedOperation &probe) const
{
    const auto at = std::partition_point(
            m_chunks.cbegin(), m_chunks.cend(),
            [&](const std::vector<Slot> &held) { return less(held.back(), probe); });
    return std::size_t(at - m_chunks.cbegin());
}

void RankedList::rebuildCounts()
{
    const std::size_t chunks = m_chunks.size();
    m_counts.assign(chunks + 1, 0);
    for (std::size_t i = 1; i <= chunks; ++i) {
        m_counts[i] += qsizetype(m_chunks[i - 1].size());
        const std::size_t parent = i + (i & (~i + 1));
        if (parent <= chunks)
            m_counts[parent] += m_counts[i];
    }
}

void RankedList::count(std::size_t chunk, qsizetype delta)
{
    for (std::size_t i = chunk + 1; i < m_counts.size(); i += i & (~i + 1))
        m_counts[i] += delta;
}

qsizetype RankedList::entriesBefore(std::size_t chunk) const
{
    qsizetype before = 0;
    for (std::size_t i = chunk; i > 0; i -= i & (~i + 1))
        before += m_counts[i];
    return before;
}

} // namespace optrack
