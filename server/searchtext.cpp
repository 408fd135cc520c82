#include "searchtext.h"

#include "operationindex.h"

#include <algorithm>
#include <cstring>

namespace optrack {

namespace {

/// Below this the buffer is never rewritten: dead text there costs nothing worth a copy.
constexpr qsizetype compactFloorBytes = 1 << 20;

} // namespace

void SearchText::put(const IndexedOperation *entry, const QByteArray &text)
{
    entry->searchSlot = qsizetype(m_segments.size());
    m_segments.push_back({m_text.size(), text.size(), entry});
    m_text.append(text);
    m_text.append('\0');
}

void SearchText::remove(const IndexedOperation *entry)
{
    if (entry->searchSlot < 0)
        return;
    Segment &segment = m_segments[std::size_t(entry->searchSlot)];
    segment.entry = nullptr;
    entry->searchSlot = -1;
    m_deadBytes += segment.length + 1;
    if (m_deadBytes > compactFloorBytes && m_deadBytes * 2 > m_text.size())
        compact();
}

QByteArrayView SearchText::textOf(const IndexedOperation *entry) const
{
    if (entry->searchSlot < 0)
        return {};
    const Segment &segment = m_segments[std::size_t(entry->searchSlot)];
    return QByteArrayView(m_text.constData() + segment.start, segment.length);
}

std::vector<const IndexedOperation *> SearchText::find(QByteArrayView needle) const
{
    std::vector<const IndexedOperation *> found;
    const char *const begin = m_text.constData();
    const qsizetype size = m_text.size();
    qsizetype from = 0;
    auto segment = m_segments.cbegin();
    const auto startsAfter = [](qsizetype at, const Segment &s) { return at < s.start; };
    while (from < size && !needle.isEmpty()) {
        const void *hit = memmem(begin + from, std::size_t(size - from), needle.data(),
                                 std::size_t(needle.size()));
        if (!hit)
            break;
        const qsizetype at = static_cast<const char *>(hit) - begin;
        // Hits come in the buffer's order: the segment is at or after the last one.
        segment = std::upper_bound(segment, m_segments.cend(), at, startsAfter) - 1;
        const qsizetype end = segment->start + segment->length;
        if (at + needle.size() > end) {
            from = at + 1; // a needle with a NUL met two texts: not a match, look on
            continue;
        }
        if (segment->entry)
            found.push_back(segment->entry);
        from = end + 1; // one hit per operation
    }
    return found;
}

void SearchText::compact()
{
    QByteArray text;
    text.reserve(m_text.size() - m_deadBytes);
    std::vector<Segment> segments;
    for (const Segment &segment : m_segments) {
        if (!segment.entry)
            continue;
        segment.entry->searchSlot = qsizetype(segments.size());
        segments.push_back({text.size(), segment.length, segment.entry});
        text.append(m_text.constData() + segment.start, segment.length);
        text.append('\0');
    }
    m_text = std::move(text);
    m_segments = std::move(segments);
    m_deadBytes = 0;
}

} // namespace optrack
