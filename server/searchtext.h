#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace optrack {

struct IndexedOperation;

/// Every indexed operation's search text (name, id, entity and owner, case-folded, UTF-8) in
/// one contiguous buffer, each text followed by a NUL: a search (q=) is one memmem() pass
/// over it, at memory speed, instead of a walk that visits every operation. A replaced or
/// removed operation's text stays in the buffer, marked dead, until dead text is half of it;
/// then the buffer is rewritten (amortised O(1) per change).
class SearchText
{
public:
    /// Adds the entry's text; the entry must not be in the buffer yet.
    void put(const IndexedOperation *entry, const QByteArray &text);
    void remove(const IndexedOperation *entry);
    QByteArrayView textOf(const IndexedOperation *entry) const;
    /// Every entry whose text contains `needle` (case-folded UTF-8, not empty), in the
    /// buffer's order (roughly oldest first).
    std::vector<const IndexedOperation *> find(QByteArrayView needle) const;
    qsizetype bytes() const { return m_text.size(); }

private:
    struct Segment
    {
        qsizetype start = 0;
        qsizetype length = 0;
        const IndexedOperation *entry = nullptr; // null once dead
    };
    void compact();

    QByteArray m_text;
    std::vector<Segment> m_segments;
    qsizetype m_deadBytes = 0;
};

} // namespace optrack
