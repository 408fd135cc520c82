#include "entryslab.h"

namespace optrack {

EntrySlab::Slot EntrySlab::add(IndexedOperation entry)
{
    Slot slot = 0;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = m_used++;
        if ((slot >> blockBits) >= m_blocks.size())
            m_blocks.push_back(std::make_unique<IndexedOperation[]>(std::size_t(blockMask) + 1));
    }
    (*this)[slot] = std::move(entry);
    return slot;
}

void EntrySlab::release(Slot slot)
{
    // Drops the strings it holds now, not when the slot is next used.
    (*this)[slot] = IndexedOperation();
    m_free.push_back(slot);
}

} // namespace optrack
