#include "stringpool.h"

namespace optrack {

namespace {

template<typename T> void shareIn(QSet<T> &pool, T &value)
{
    const auto it = pool.constFind(value);
    if (it != pool.cend())
        value = *it;
    else if (pool.size() < StringPool::maxEntries)
        pool.insert(value);
}

} // namespace

void StringPool::share(QString &text)
{
    if (!text.isEmpty())
        shareIn(m_strings, text);
}

void StringPool::share(QStringList &list)
{
    if (!list.isEmpty())
        shareIn(m_lists, list);
}

void StringPool::clear()
{
    m_strings.clear();
    m_lists.clear();
}

} // namespace optrack
