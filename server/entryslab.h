#pragma once

#include "indexedoperation.h"

#include <QtGlobal>

#include <memory>
#include <vector>

namespace optrack {

/// The index's entries, addressed by a 32-bit slot, in fixed blocks so that an entry never
/// moves (SearchText keeps pointers to them) and a freed slot is used again: the ordered
/// lists hold 4-byte slots instead of pointers in tree nodes of their own.
class EntrySlab
{
public:
    using Slot = quint32;

    Slot add(IndexedOperation entry);
    void release(Slot slot);
    IndexedOperation &operator[](Slot slot)
    {
        return m_blocks[slot >> blockBits][slot & blockMask];
    }
    const IndexedOperation &operator[](Slot slot) const
    {
        return m_blocks[slot >> blockBits][slot & blockMask];
    }

private:
    static constexpr int blockBits = 12;
    static constexpr Slot blockMask = (Slot(1) << blockBits) - 1;

    std::vector<std::unique_ptr<IndexedOperation[]>> m_blocks;
    std::vector<Slot> m_free;
    Slot m_used = 0; // slots handed out at least once
};

} // namespace optrack
